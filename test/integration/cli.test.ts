// The petrel-server binary: config file + command-line overrides, start-up
// errors, graceful shutdown on signals. Runs the built dist/ (npm test builds first).

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw.js';
import { freePort } from '../helpers/redis.js';

const BIN = path.resolve(__dirname, '../../bin/petrel-server.js');
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'petrel-cli-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function run(args: string[]): Running {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function connectWhenReady(port: number): Promise<RawClient> {
  for (let i = 0; i < 200; i++) {
    try {
      return await RawClient.connect(port);
    } catch {
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  throw new Error('server did not start');
}

describe('petrel-server', () => {
  it('loads a config file, applies command-line overrides after it, and stops on SIGTERM', async () => {
    const port = await freePort();
    const conf = path.join(dir, 'redis.conf');
    // A stock-looking file: comments, quotes, units, a real Redis directive Petrel only stores.
    fs.writeFileSync(conf, ['# test config', 'port 1', 'databases 4', 'maxmemory 10mb', 'requirepass "pass word"', 'loglevel warning', 'save ""', ''].join('\n'));
    const srv = run([conf, '--port', String(port), '--loglevel', 'verbose']);
    try {
      const c = await connectWhenReady(port);
      expect(await c.call('AUTH', 'pass word')).toBe('+OK\r\n');
      expect(await c.call('SELECT', '3')).toBe('+OK\r\n');
      expect(await c.call('SELECT', '4')).toBe('-ERR DB index is out of range\r\n');
      expect(await c.call('CONFIG', 'GET', 'maxmemory')).toBe('*2\r\n$9\r\nmaxmemory\r\n$8\r\n10485760\r\n');
      expect(await c.call('CONFIG', 'GET', 'loglevel')).toBe('*2\r\n$8\r\nloglevel\r\n$7\r\nverbose\r\n');
      srv.child.kill('SIGTERM');
      expect(await srv.exited).toBe(0);
      await c.waitClosed();
    } finally {
      srv.child.kill('SIGKILL');
    }
  });

  it('stops at a bad config line with Redis\'s message and line number', async () => {
    const conf = path.join(dir, 'bad.conf');
    fs.writeFileSync(conf, ['port 7000', 'databases many', ''].join('\n'));
    const srv = run([conf]);
    expect(await srv.exited).toBe(1);
    expect(srv.stderr()).toContain('*** FATAL CONFIG FILE ERROR');
    expect(srv.stderr()).toContain('at line 2');
    expect(srv.stderr()).toContain(">>> 'databases many'");
    expect(srv.stderr()).toContain("argument couldn't be parsed into an integer");
  });

  it('stops on SIGINT while clients are connected', async () => {
    const port = await freePort();
    const srv = run(['--port', String(port), '--save', '']);
    try {
      const c = await connectWhenReady(port);
      expect(await c.call('SET', 'k', 'v')).toBe('+OK\r\n');
      srv.child.kill('SIGINT');
      expect(await srv.exited).toBe(0);
      await c.waitClosed();
    } finally {
      srv.child.kill('SIGKILL');
    }
  });

  it('prints its version', async () => {
    const srv = run(['--version']);
    expect(await srv.exited).toBe(0);
    expect(srv.stdout()).toMatch(/^Petrel server v=\d+\.\d+\.\d+/);
  });
});
