// Crash safety: the built petrel-server is killed with SIGKILL while clients
// write; after a restart every acknowledged write is there (appendfsync always
// and everysec: a process crash leaves the OS's page cache intact, so nothing
// acknowledged may be lost with either; an OS crash, which a test cannot cause,
// may cost everysec up to about a second). Files are never left torn: the RDB
// saved by a BGSAVE that was killed mid-way is the previous complete one.
// Runs dist/ (npm test builds first).

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw.js';
import { freePort } from '../helpers/redis.js';
import { checkRdb } from '../../src/tools/check-rdb.js';
import { checkAof } from '../../src/tools/check-aof.js';

const BIN = path.resolve(__dirname, '../../bin/petrel-server.js');
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function launch(dir: string, port: number, args: string[], waitLoaded = true): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, '--port', String(port), '--dir', dir, '--loglevel', 'warning', ...args], { stdio: 'ignore' });
  children.push(child);
  for (let i = 0; i < 400; i++) {
    try {
      const c = await RawClient.connect(port);
      // The port opens before the dataset is loaded: wait for PING to stop answering -LOADING.
      const reply = await c.call('PING');
      c.close();
      if (reply === '+PONG\r\n' || !waitLoaded) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('server did not start');
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Writers that each SET their own keys one at a time, recording what was acknowledged. */
async function writeUntilKilled(port: number, child: ChildProcess, writers: number, runMs: number): Promise<Map<string, string>> {
  const acked = new Map<string, string>();
  let stop = false;
  const loops = Array.from({ length: writers }, async (_, w) => {
    const c = await RawClient.connect(port);
    try {
      for (let i = 0; !stop; i++) {
        const key = `w${w}:k${i}`;
        const value = `v${i}-${'x'.repeat(i % 50)}`;
        const reply = await c.call('SET', key, value);
        if (reply !== '+OK\r\n') throw new Error(`unexpected ${reply}`);
        acked.set(key, value);
        if (i % 10 === 0) {
          const n = await c.call('INCR', `w${w}:count`);
          acked.set(`w${w}:count`, n.slice(1, -2));
        }
      }
    } catch {
      // the connection dies with the server
    } finally {
      c.close();
    }
  });
  await new Promise((r) => setTimeout(r, runMs));
  await killHard(child);
  stop = true;
  await Promise.all(loops);
  return acked;
}

async function verify(port: number, acked: Map<string, string>): Promise<void> {
  const c = await RawClient.connect(port);
  let missing = 0;
  for (const [key, value] of acked) {
    const reply = await c.call('GET', key);
    if (key.endsWith(':count')) {
      // The counter may be ahead (an INCR applied whose reply was lost), never behind.
      if (!(Number(reply.split('\r\n')[1]) >= Number(value))) missing++;
    } else if (reply !== `$${value.length}\r\n${value}\r\n`) missing++;
  }
  c.close();
  expect(missing).toBe(0);
}

describe('kill -9 while clients write', () => {
  for (const policy of ['always', 'everysec']) {
    it(`appendfsync ${policy}: every acknowledged write is there after a restart`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'petrel-crash-'));
      dirs.push(dir);
      const port = await freePort();
      const args = ['--appendonly', 'yes', '--appendfsync', policy, '--save', ''];
      const first = await launch(dir, port, args);
      const acked = await writeUntilKilled(port, first, 8, 700);
      expect(acked.size).toBeGreaterThan(100);
      // The files on disk are consistent: at worst a torn last command, which loading cuts.
      const manifest = path.join(dir, 'appendonlydir', 'appendonly.aof.manifest');
      expect(checkAof(manifest, false).lines.join('\n')).not.toMatch(/cannot be fixed/);
      await launch(dir, port, args);
      await verify(port, acked);
    });
  }

  it('a rewrite killed half-way leaves a manifest that loads everything', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'petrel-crash-'));
    dirs.push(dir);
    const port = await freePort();
    const args = ['--appendonly', 'yes', '--appendfsync', 'always', '--save', ''];
    const first = await launch(dir, port, args);
    const c = await RawClient.connect(port);
    // Enough data that the rewrite takes a while.
    for (let b = 0; b < 20; b++) {
      const batch: string[] = [];
      for (let i = 0; i < 2000; i++) batch.push(`big:${b}:${i}`, 'y'.repeat(100));
      await c.call('MSET', ...batch);
    }
    expect(await c.call('BGREWRITEAOF')).toBe('+Background append only file rewriting started\r\n');
    await c.call('SET', 'during-rewrite', 'kept');
    c.close();
    await killHard(first);
    await launch(dir, port, args);
    const d = await RawClient.connect(port);
    expect(await d.call('DBSIZE')).toBe(':40001\r\n');
    expect(await d.call('GET', 'during-rewrite')).toBe('$4\r\nkept\r\n');
    d.close();
  });
});

describe('kill -9 during BGSAVE', () => {
  it('leaves the previous complete dump.rdb, never a torn one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'petrel-crash-'));
    dirs.push(dir);
    const port = await freePort();
    const first = await launch(dir, port, ['--save', '']);
    const c = await RawClient.connect(port);
    await c.call('SET', 'first', 'save');
    expect(await c.call('SAVE')).toBe('+OK\r\n');
    for (let b = 0; b < 30; b++) {
      const batch: string[] = [];
      for (let i = 0; i < 2000; i++) batch.push(`k:${b}:${i}`, 'z'.repeat(200));
      await c.call('MSET', ...batch);
    }
    expect(await c.call('BGSAVE')).toBe('+Background saving started\r\n');
    c.close();
    await killHard(first);
    const rdb = fs.readFileSync(path.join(dir, 'dump.rdb'));
    const check = checkRdb(rdb, 'dump.rdb');
    expect(check.ok).toBe(true);
    await launch(dir, port, ['--save', '']);
    const d = await RawClient.connect(port);
    // Either the old snapshot (1 key) or the new one (all keys), nothing in between.
    expect(['1', '60001']).toContain((await d.call('DBSIZE')).slice(1, -2));
    d.close();
  });
});

describe('start-up loading', () => {
  it('answers -LOADING and INFO loading:1 while a large dataset loads, then serves it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'petrel-loading-'));
    dirs.push(dir);
    const port = await freePort();
    const args = ['--save', '', '--enable-debug-command', 'yes'];
    const first = await launch(dir, port, args);
    const c = await RawClient.connect(port);
    expect(await c.call('DEBUG', 'POPULATE', '600000', 'key', '50')).toBe('+OK\r\n');
    expect(await c.call('SAVE')).toBe('+OK\r\n');
    c.close();
    await killHard(first);
    await launch(dir, port, args, false);
    const d = await RawClient.connect(port);
    let sawLoading = false;
    let sawInfo = false;
    for (let i = 0; i < 2000; i++) {
      const reply = await d.call('GET', 'key:599999');
      if (reply === '-LOADING Redis is loading the dataset in memory\r\n') {
        sawLoading = true;
        const info = await d.call('INFO', 'persistence');
        if (/loading:1\r\n/.test(info) && /loading_loaded_perc:/.test(info)) sawInfo = true;
        continue;
      }
      expect(reply).toBe(`$50\r\nvalue:599999${'\0'.repeat(38)}\r\n`);
      break;
    }
    expect(sawLoading).toBe(true);
    expect(sawInfo).toBe(true);
    expect(await d.call('DBSIZE')).toBe(':600000\r\n');
    d.close();
  });
});
