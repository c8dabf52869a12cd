// The append-only file: what is logged (Redis's deterministic rewrites),
// the multi-part layout, loading at start-up, BGREWRITEAOF (both base kinds),
// turning AOF on at runtime, torn and corrupt files, INFO fields.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw.js';
import { startPetrel } from '../helpers/server.js';
import type { PetrelServer } from '../../src/index.js';
import { checkAof } from '../../src/tools/check-aof.js';
import { Keyspace } from '../../src/data/keyspace.js';
import { encodeRdb } from '../../src/persistence/rdb-writer.js';

const dirs: string[] = [];
const servers: PetrelServer[] = [];
const clients: RawClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) await s.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'petrel-aof-'));
  dirs.push(d);
  return d;
}

async function start(dir: string, extra: Record<string, string> = {}): Promise<{ server: PetrelServer; c: RawClient }> {
  const server = await startPetrel({ dir, appendonly: 'yes', appendfsync: 'always', ...extra });
  servers.push(server);
  const c = await RawClient.connect(server.port);
  clients.push(c);
  return { server, c };
}

async function stop(server: PetrelServer): Promise<void> {
  const i = servers.indexOf(server);
  if (i >= 0) servers.splice(i, 1);
  await server.close();
}

function aofDir(dir: string): string {
  return path.join(dir, 'appendonlydir');
}

function manifest(dir: string): string {
  return fs.readFileSync(path.join(aofDir(dir), 'appendonly.aof.manifest'), 'latin1');
}

/** The commands of the current incr file, as arrays. */
function incrCommands(dir: string): string[][] {
  const m = manifest(dir);
  const incr = /file (\S+\.incr\.aof) seq \d+ type i\n$/.exec(m)![1];
  const text = fs.readFileSync(path.join(aofDir(dir), incr), 'latin1');
  const out: string[][] = [];
  let p = 0;
  while (p < text.length) {
    const nl = text.indexOf('\r\n', p);
    const n = Number(text.slice(p + 1, nl));
    p = nl + 2;
    const argv: string[] = [];
    for (let i = 0; i < n; i++) {
      const nl2 = text.indexOf('\r\n', p);
      const len = Number(text.slice(p + 1, nl2));
      argv.push(text.slice(nl2 + 2, nl2 + 2 + len));
      p = nl2 + 2 + len + 2;
    }
    out.push(argv);
  }
  return out;
}

describe('what the AOF records', () => {
  it('logs writes as Redis does: SELECT, absolute expiry, results of non-deterministic commands', async () => {
    const dir = tempDir();
    const { c } = await start(dir);
    expect(manifest(dir)).toBe('file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n');
    await c.call('SET', 'plain', 'v');
    await c.call('GET', 'plain'); // reads are not logged
    await c.call('DEL', 'missing'); // nor writes that change nothing
    await c.call('SET', 'ttl', 'v', 'EX', '100');
    await c.call('EXPIRE', 'plain', '50');
    await c.call('INCRBYFLOAT', 'f', '1.5');
    await c.call('HINCRBYFLOAT', 'h', 'x', '2.5');
    await c.call('SADD', 's', 'only');
    await c.call('SPOP', 's');
    await c.call('RPUSH', 'l', 'a', 'b');
    await c.call('BLPOP', 'l', '0');
    await c.call('GETEX', 'l2', 'EX', '10'); // missing key: nothing
    await c.call('SELECT', '3');
    await c.call('SET', 'in3', 'x');
    await c.call('MULTI');
    await c.call('INCR', 'n');
    await c.call('INCR', 'n');
    await c.call('EXEC');
    const cmds = incrCommands(dir);
    const pxat = (k: string) => cmds.find((a) => a[1] === k && (a[0] === 'SET' || a[0] === 'PEXPIREAT'));
    expect(cmds[0]).toEqual(['SELECT', '0']);
    expect(cmds[1]).toEqual(['SET', 'plain', 'v']);
    const ttl = pxat('ttl')!;
    expect(ttl.slice(0, 4)).toEqual(['SET', 'ttl', 'v', 'PXAT']);
    expect(Number(ttl[4])).toBeGreaterThan(Date.now() + 90_000);
    expect(cmds[3][0]).toBe('PEXPIREAT');
    expect(cmds.slice(4)).toEqual([
      ['SET', 'f', '1.5', 'KEEPTTL'],
      ['HSET', 'h', 'x', '2.5'],
      ['SADD', 's', 'only'],
      ['SREM', 's', 'only'],
      ['RPUSH', 'l', 'a', 'b'],
      ['LPOP', 'l'],
      ['SELECT', '3'],
      ['SET', 'in3', 'x'],
      ['MULTI'],
      ['INCR', 'n'],
      ['INCR', 'n'],
      ['EXEC'],
    ]);
  });

  it('logs a lazily expired key as DEL before the command that found it', async () => {
    const dir = tempDir();
    const { c } = await start(dir);
    await c.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0');
    await c.call('SET', 'k', 'v', 'PX', '20');
    await new Promise((r) => setTimeout(r, 40));
    await c.call('SET', 'k', 'new');
    const cmds = incrCommands(dir);
    expect(cmds.slice(-4)).toEqual([['MULTI'], ['DEL', 'k'], ['SET', 'k', 'new'], ['EXEC']]);
  });
});

describe('loading at start-up', () => {
  it('restores every type, TTLs and databases after a restart', async () => {
    const dir = tempDir();
    let { server, c } = await start(dir);
    await c.call('SET', 's', 'v', 'PX', '100000');
    await c.call('RPUSH', 'l', '1', '2', '3');
    await c.call('HSET', 'h', 'a', '1', 'b', '2');
    await c.call('ZADD', 'z', '1.5', 'a', '2', 'b');
    await c.call('SADD', 'set', 'x', 'y');
    await c.call('SELECT', '5');
    await c.call('SET', 'db5', 'yes');
    await stop(server);
    ({ server, c } = await start(dir));
    expect(await c.call('LRANGE', 'l', '0', '-1')).toBe('*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n');
    expect(await c.call('HGET', 'h', 'b')).toBe('$1\r\n2\r\n');
    expect(await c.call('ZSCORE', 'z', 'a')).toBe('$3\r\n1.5\r\n');
    expect(await c.call('SCARD', 'set')).toBe(':2\r\n');
    const pttl = Number((await c.call('PTTL', 's')).slice(1, -2));
    expect(pttl).toBeGreaterThan(90_000);
    expect(pttl).toBeLessThanOrEqual(100_000);
    await c.call('SELECT', '5');
    expect(await c.call('GET', 'db5')).toBe('$3\r\nyes\r\n');
    // The next writes append to the same incr file.
    await c.call('SET', 'more', '1');
    expect(manifest(dir)).toBe('file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n');
  });

  it('cuts a torn last command when aof-load-truncated is on, and refuses to start when it is off', async () => {
    const dir = tempDir();
    const { server, c } = await start(dir);
    await c.call('SET', 'a', '1');
    await c.call('SET', 'b', '2');
    await stop(server);
    const incr = path.join(aofDir(dir), 'appendonly.aof.1.incr.aof');
    const whole = fs.readFileSync(incr);
    fs.appendFileSync(incr, '*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$1');
    await expect(startPetrel({ dir, appendonly: 'yes', 'aof-load-truncated': 'no' })).rejects.toThrow(
      /Unexpected end of file reading the append only file appendonly\.aof\.1\.incr\.aof at offset \d+/,
    );
    const again = await start(dir);
    expect(await again.c.call('MGET', 'a', 'b', 'c')).toBe('*3\r\n$1\r\n1\r\n$1\r\n2\r\n$-1\r\n');
    // The torn tail is gone from the file; new writes follow the last whole command.
    expect(fs.readFileSync(incr).equals(whole)).toBe(true);
  });

  it('drops a transaction whose EXEC never reached the file', async () => {
    const dir = tempDir();
    const { server, c } = await start(dir);
    await c.call('SET', 'a', '1');
    await stop(server);
    const incr = path.join(aofDir(dir), 'appendonly.aof.1.incr.aof');
    fs.appendFileSync(incr, '*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n');
    const again = await start(dir);
    expect(await again.c.call('MGET', 'a', 'b')).toBe('*2\r\n$1\r\n1\r\n$-1\r\n');
  });

  it('names the file and offset of damage in the middle, and unknown commands', async () => {
    const dir = tempDir();
    const { server, c } = await start(dir);
    await c.call('SET', 'a', '1');
    await stop(server);
    const incr = path.join(aofDir(dir), 'appendonly.aof.1.incr.aof');
    const good = fs.readFileSync(incr);
    fs.writeFileSync(incr, Buffer.concat([good, Buffer.from('garbage\r\n*1\r\n$4\r\nPING\r\n')]));
    await expect(startPetrel({ dir, appendonly: 'yes' })).rejects.toThrow(
      `Bad file format reading the append only file appendonly.aof.1.incr.aof at offset ${good.length}`,
    );
    fs.writeFileSync(incr, Buffer.concat([good, Buffer.from('*1\r\n$7\r\nNOSUCHX\r\n')]));
    await expect(startPetrel({ dir, appendonly: 'yes' })).rejects.toThrow(
      "Unknown command 'NOSUCHX' reading the append only file appendonly.aof.1.incr.aof",
    );
  });

  it('loads a pre-7.0 single appendonly.aof and moves it into the directory', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'appendonly.aof'), '*3\r\n$3\r\nSET\r\n$3\r\nold\r\n$4\r\nfile\r\n');
    const { c } = await start(dir);
    expect(await c.call('GET', 'old')).toBe('$4\r\nfile\r\n');
    expect(fs.existsSync(path.join(dir, 'appendonly.aof'))).toBe(false);
    expect(manifest(dir)).toMatch(/^file appendonly\.aof seq 1 type b\nfile appendonly\.aof\.1\.incr\.aof seq 1 type i\n$/);
  });
});

describe('pre-7.0 single-file AOF with an RDB preamble', () => {
  it('loads the RDB part and then the commands after it', async () => {
    const dir = tempDir();
    const ks = new Keyspace(16);
    ks.dbs[0].set('from-preamble', 'rdb');
    const rdb = encodeRdb(ks, { version: 10 });
    fs.writeFileSync(path.join(dir, 'appendonly.aof'), Buffer.concat([rdb, Buffer.from('*3\r\n$3\r\nSET\r\n$9\r\nfrom-tail\r\n$3\r\ncmd\r\n')]));
    const { c } = await start(dir);
    expect(await c.call('MGET', 'from-preamble', 'from-tail')).toBe('*2\r\n$3\r\nrdb\r\n$3\r\ncmd\r\n');
  });
});

describe('BGREWRITEAOF', () => {
  for (const preamble of ['yes', 'no']) {
    it(`writes a new base (aof-use-rdb-preamble ${preamble}) and keeps only it and a fresh incr`, async () => {
      const dir = tempDir();
      let { server, c } = await start(dir, { 'aof-use-rdb-preamble': preamble });
      for (let i = 0; i < 200; i++) await c.call('INCR', 'counter');
      await c.call('RPUSH', 'l', ...Array.from({ length: 150 }, (_, i) => String(i)));
      await c.call('ZADD', 'z', '0.1', 'a', '-inf', 'b');
      await c.call('SET', 'ttl', 'x', 'PX', '500000');
      expect(await c.call('BGREWRITEAOF')).toBe('+Background append only file rewriting started\r\n');
      expect(await c.call('BGREWRITEAOF')).toBe('-ERR Background append only file rewriting already in progress\r\n');
      await c.call('SET', 'during', '1');
      for (let i = 0; i < 100 && /aof_rewrite_in_progress:1/.test(await c.call('INFO', 'persistence')); i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
      const ext = preamble === 'yes' ? 'rdb' : 'aof';
      expect(manifest(dir)).toBe(`file appendonly.aof.2.base.${ext} seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n`);
      expect(fs.readdirSync(aofDir(dir)).sort()).toEqual([`appendonly.aof.2.base.${ext}`, 'appendonly.aof.2.incr.aof', 'appendonly.aof.manifest']);
      const info = await c.call('INFO', 'persistence');
      expect(info).toMatch(/aof_rewrites:1\r\n/);
      expect(info).toMatch(/aof_last_bgrewrite_status:ok\r\n/);
      if (preamble === 'no') {
        const base = fs.readFileSync(path.join(aofDir(dir), 'appendonly.aof.2.base.aof'), 'latin1');
        expect(base).toContain('*3\r\n$3\r\nSET\r\n$7\r\ncounter\r\n$3\r\n200\r\n');
        expect(base).toContain('$4\r\nZADD\r\n$1\r\nz\r\n$4\r\n-inf\r\n$1\r\nb\r\n$3\r\n0.1\r\n$1\r\na\r\n');
        expect(base).toContain('$9\r\nPEXPIREAT\r\n$3\r\nttl\r\n');
      }
      await stop(server);
      ({ server, c } = await start(dir));
      expect(await c.call('MGET', 'counter', 'during')).toBe('*2\r\n$3\r\n200\r\n$1\r\n1\r\n');
      expect(await c.call('LLEN', 'l')).toBe(':150\r\n');
      expect(await c.call('ZRANGE', 'z', '0', '-1', 'WITHSCORES')).toBe('*4\r\n$1\r\nb\r\n$4\r\n-inf\r\n$1\r\na\r\n$3\r\n0.1\r\n');
      expect(Number((await c.call('PTTL', 'ttl')).slice(1, -2))).toBeGreaterThan(400_000);
    });
  }

  it('rewrites automatically once the AOF grows past auto-aof-rewrite-percentage', async () => {
    const dir = tempDir();
    const { c } = await start(dir, { 'auto-aof-rewrite-min-size': '1024', 'auto-aof-rewrite-percentage': '100' });
    for (let i = 0; i < 100; i++) await c.call('SET', 'same-key', 'x'.repeat(50));
    let info = '';
    // The cron (hz 10) may still owe a rewrite for the last writes: wait for it too.
    for (let i = 0; i < 100; i++) {
      info = await c.call('INFO', 'persistence');
      const settled = /aof_rewrites:[1-9]/.test(info) && /aof_rewrite_in_progress:0/.test(info);
      if (settled && Number(/aof_current_size:(\d+)/.exec(info)![1]) < 1024) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    // Each time the log doubles past the minimum size it is rewritten (more than once here, as writes go on).
    expect(info).toMatch(/aof_rewrites:[1-9]/);
    const size = Number(/aof_current_size:(\d+)/.exec(info)![1]);
    expect(size).toBeLessThan(1024);
  });
});

describe('appendonly at runtime', () => {
  it('CONFIG SET appendonly yes writes a base of the current data; no stops logging', async () => {
    const dir = tempDir();
    const server = await startPetrel({ dir });
    servers.push(server);
    const c = await RawClient.connect(server.port);
    clients.push(c);
    await c.call('SET', 'before', '1');
    expect(await c.call('INFO', 'persistence')).toMatch(/aof_enabled:0\r\n/);
    expect(await c.call('CONFIG', 'SET', 'appendonly', 'yes')).toBe('+OK\r\n');
    await c.call('SET', 'after', '2');
    for (let i = 0; i < 100 && !fs.existsSync(path.join(aofDir(dir), 'appendonly.aof.manifest')); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(manifest(dir)).toBe('file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n');
    expect(await c.call('CONFIG', 'SET', 'appendonly', 'no')).toBe('+OK\r\n');
    await c.call('SET', 'unlogged', '3');
    await stop(server);
    const again = await start(dir);
    expect(await again.c.call('MGET', 'before', 'after', 'unlogged')).toBe('*3\r\n$1\r\n1\r\n$1\r\n2\r\n$-1\r\n');
  });
});

describe('petrel-check-aof', () => {
  it('accepts a good AOF, reports a torn one, and --fix truncates it', async () => {
    const dir = tempDir();
    const { server, c } = await start(dir);
    await c.call('SET', 'a', '1');
    await stop(server);
    const m = path.join(aofDir(dir), 'appendonly.aof.manifest');
    expect(checkAof(m, false).ok).toBe(true);
    const incr = path.join(aofDir(dir), 'appendonly.aof.1.incr.aof');
    const size = fs.statSync(incr).size;
    fs.appendFileSync(incr, '*2\r\n$3\r\nDEL');
    const bad = checkAof(m, false);
    expect(bad.ok).toBe(false);
    expect(bad.lines.join('\n')).toContain(`Unexpected end of file at offset ${size}`);
    const fixed = checkAof(m, true);
    expect(fixed.ok).toBe(true);
    expect(fs.statSync(incr).size).toBe(size);
  });
});
