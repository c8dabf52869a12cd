// Redis's own tools against an in-process Petrel: redis-cli (plain, RESP3,
// --pipe mass insertion), redis-benchmark, and inline commands as `nc` sends
// them. Skipped loudly when the binaries are absent; CI installs redis-tools.
//
// The tools run as child processes with async spawn: a synchronous spawn would
// block this process's event loop, which is also the server's.

import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPetrel } from '../helpers/server.js';
import { RawClient } from '../helpers/raw.js';
import { encodeCommand } from '../helpers/resp.js';
import type { PetrelServer } from '../../src/index.js';

function which(bin: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
  const p = r.stdout.trim();
  return r.status === 0 && p !== '' ? p : null;
}

const CLI = which('redis-cli');
const BENCH = which('redis-benchmark');
if (CLI === null || BENCH === null) {
  // eslint-disable-next-line no-console
  console.warn(`\n*** ${CLI === null ? 'redis-cli' : 'redis-benchmark'} not found: tool tests are SKIPPED. Install Debian's redis-tools (CI does). ***\n`);
}

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(bin: string, args: string[], input?: Buffer | string, timeoutMs = 30_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${bin} ${args.join(' ')} timed out; stdout so far: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.stdout.setEncoding('latin1');
    child.stderr.setEncoding('latin1');
    child.stdout.on('data', (d: string) => (stdout += d));
    child.stderr.on('data', (d: string) => (stderr += d));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.on('error', () => {});
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

let petrel: PetrelServer;
let raw: RawClient;

beforeAll(async () => {
  petrel = await startPetrel();
  raw = await RawClient.connect(petrel.port);
});

afterAll(async () => {
  raw?.close();
  await petrel?.close();
});

describe.skipIf(CLI === null)('redis-cli', () => {
  const cli = (...args: string[]) => run(CLI!, ['-h', '127.0.0.1', '-p', String(petrel.port), ...args]);

  it('ping', async () => {
    const r = await cli('ping');
    expect(r).toMatchObject({ code: 0, stdout: 'PONG\n' });
  });

  it('set then get, and a missing key', async () => {
    expect(await cli('set', 'cli:k', 'v')).toMatchObject({ code: 0, stdout: 'OK\n' });
    expect(await cli('get', 'cli:k')).toMatchObject({ code: 0, stdout: 'v\n' });
    // Not a tty, so redis-cli prints the raw form of a nil: an empty line.
    expect(await cli('get', 'cli:missing')).toMatchObject({ code: 0, stdout: '\n' });
    expect(await cli('--no-raw', 'get', 'cli:missing')).toMatchObject({ code: 0, stdout: '(nil)\n' });
    expect(await cli('--no-raw', 'incr', 'cli:n')).toMatchObject({ code: 0, stdout: '(integer) 1\n' });
  });

  it('shows an error reply', async () => {
    await cli('set', 'cli:s', 'abc');
    const r = await cli('incr', 'cli:s');
    // redis-cli (raw mode) prints an error reply followed by an empty line.
    expect(r.stdout).toBe('ERR value is not an integer or out of range\n\n');
  });

  it('-3 hello 3 answers a RESP3 map', async () => {
    const r = await cli('-3', '--no-raw', 'hello', '3');
    expect(r.code).toBe(0);
    // redis-cli prints a map as numbered `key => value` lines.
    expect(r.stdout).toMatch(/^1# "server" => "[^"]+"\n/);
    expect(r.stdout).toMatch(/"proto" => \(integer\) 3\n/);
    expect(r.stdout).toMatch(/"version" => "\d+\.\d+\.\d+"\n/);
  });

  it('--pipe mass insertion of 10,000 SETs', async () => {
    await raw.call('FLUSHALL');
    const parts: Buffer[] = [];
    for (let i = 0; i < 10_000; i++) parts.push(encodeCommand(['SET', `pipe:${i}`, `value-${i}`]));
    const r = await run(CLI!, ['-h', '127.0.0.1', '-p', String(petrel.port), '--pipe'], Buffer.concat(parts));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('All data transferred');
    expect(r.stdout).toMatch(/errors: 0, replies: 10000\s*$/);
    expect(await raw.call('DBSIZE')).toBe(':10000\r\n');
    expect(await raw.call('GET', 'pipe:9999')).toBe('$10\r\nvalue-9999\r\n');
  });
});

describe('inline commands over a raw socket (as nc sends them)', () => {
  it('accepts CRLF and bare LF line endings', async () => {
    const c = await RawClient.connect(petrel.port);
    try {
      c.write('SET inline:a b\r\n');
      expect(await c.read()).toBe('+OK\r\n');
      c.write('GET inline:a\n');
      expect(await c.read()).toBe('$1\r\nb\r\n');
      c.write('PING\r\nPING hello\r\n');
      expect(await c.read(2)).toBe('+PONG\r\n$5\r\nhello\r\n');
      // Quoted arguments, as redis-cli's parser reads them.
      c.write('SET inline:q "with space\\x41"\r\nGET inline:q\r\n');
      expect(await c.read(2)).toBe('+OK\r\n$11\r\nwith spaceA\r\n');
    } finally {
      c.close();
    }
  });
});

describe.skipIf(BENCH === null)('redis-benchmark', () => {
  const TESTS = ['PING_INLINE', 'PING_MBULK', 'SET', 'GET', 'INCR', 'MSET (10 keys)'];

  for (const pipeline of ['1', '16']) {
    it(`-t ping,set,get,incr,mset -n 2000 -P ${pipeline} completes with no errors`, { timeout: 60_000 }, async () => {
      const r = await run(BENCH!, ['-h', '127.0.0.1', '-p', String(petrel.port), '-t', 'ping,set,get,incr,mset', '-n', '2000', '-P', pipeline, '-q'], undefined, 55_000);
      expect(r.stderr + r.stdout).not.toMatch(/Error from server|WARNING/);
      expect(r.code).toBe(0);
      // -q prints progress lines ending in \r, then one summary line per test.
      const lines = r.stdout.split(/[\r\n]+/).filter((l) => / requests per second/.test(l)).map((l) => l.trim());
      expect(lines.map((l) => l.slice(0, l.indexOf(':')))).toEqual(TESTS);
      for (const l of lines) expect(l).toMatch(/: [\d.]+ requests per second/);
    });
  }
});
