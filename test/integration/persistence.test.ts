import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPetrel } from '../helpers/server.js';
import { RawClient } from '../helpers/raw.js';
import { parseReplyTree } from '../helpers/resp.js';
import { HAVE_REDIS } from '../helpers/differential.js';
import { startRealRedis } from '../helpers/redis.js';

type Cmd = string[];

/** Absolute deadlines, so datasets filled at different moments compare equal. */
const BASE = Date.now() + 3_600_000;

/** Every type in small and big encodings, TTLs and several databases. */
function fillCommands(): Cmd[] {
  const cmds: Cmd[] = [
    ['SELECT', '0'],
    ['SET', 's', 'hello'],
    ['SET', 'i', '12345'],
    ['SET', 'neg', '-42'],
    ['SET', 'i64', '9223372036854775807'],
    ['SET', 'zero', '0'],
    ['SET', 'empty', ''],
    ['SET', 'long', 'abcdefgh'.repeat(200)],
    ['SET', 'noisy', Array.from({ length: 120 }, (_, i) => String.fromCharCode((i * 97 + 13) % 256)).join('')],
    ['SET', 'bin', '\x00\xff\r\n\x80'],
    ['SET', 'ttl', 'v', 'PXAT', String(BASE)],
    ['APPEND', 'appended', 'part1'],
    ['APPEND', 'appended', 'part2'],
    ['RPUSH', 'l', 'a', '1', 'b', '-3', '300', '70000', '5000000000', '-9223372036854775808', 'x'.repeat(100)],
    ['RPUSH', 'bl', ...Array.from({ length: 1500 }, (_, i) => (i % 3 === 0 ? String(i) : `element-${i}-${'y'.repeat(i % 50)}`))],
    ['HSET', 'h', 'f', 'v', 'n', '42', 'neg', '-7'],
    ['HSET', 'bh', ...Array.from({ length: 600 }, (_, i) => [`field${i}`, i % 2 ? String(i) : `val${i}`]).flat()],
    ['HSET', 'lh', 'short', 'x', 'long', 'z'.repeat(100)],
    ['SADD', 'is', '1', '2', '-3', '70000', '5000000000'],
    ['SADD', 'bis', ...Array.from({ length: 600 }, (_, i) => String(i * 7 - 100))],
    ['SADD', 'ss', 'a', 'b', 'c', '1'],
    ['SADD', 'bss', ...Array.from({ length: 200 }, (_, i) => `member${i}`)],
    ['ZADD', 'z', '1', 'a', '-2.5', 'b', 'inf', 'c', '-inf', 'd', '0', 'e', '3.125', 'f'],
    ['ZADD', 'bz', ...Array.from({ length: 200 }, (_, i) => [String(i / 4), `m${i}`]).flat()],
    ['ZADD', 'lz', '1', 'q'.repeat(100)],
    ['PEXPIREAT', 'bl', String(BASE + 1)],
    ['PEXPIREAT', 'bz', String(BASE + 3_600_000)],
    ['SELECT', '5'],
    ['SET', 'other', 'five'],
    ['PEXPIREAT', 'other', String(BASE + 123)],
    ['SADD', 'set5', 'x'],
    ['SELECT', '15'],
    ['RPUSH', 'last', 'z'],
    ['SELECT', '0'],
  ];
  return cmds;
}

async function run(port: number, cmds: Cmd[]): Promise<void> {
  const c = await RawClient.connect(port);
  try {
    for (const cmd of cmds) {
      const r = await c.call(...cmd);
      if (r.startsWith('-')) throw new Error(`${cmd[0]} failed: ${r}`);
    }
  } finally {
    c.close();
  }
}

function bulkText(n: { raw: string; line: string }): string {
  return n.raw.slice(n.line.length + 3, -2);
}

/** Every key of every database as (type, value reply, PEXPIRETIME[, encoding]). */
async function dumpAll(port: number, withEncoding: boolean): Promise<Record<string, unknown>> {
  const c = await RawClient.connect(port);
  const out: Record<string, unknown> = {};
  try {
    for (let db = 0; db < 16; db++) {
      await c.call('SELECT', String(db));
      const [keys] = parseReplyTree(await c.call('KEYS', '*'));
      for (const k of keys.children) {
        const key = bulkText(k);
        const type = await c.call('TYPE', key);
        let value: unknown;
        if (type === '+string\r\n') value = await c.call('GET', key);
        else if (type === '+list\r\n') value = await c.call('LRANGE', key, '0', '-1');
        else if (type === '+zset\r\n') value = await c.call('ZRANGE', key, '0', '-1', 'WITHSCORES');
        else if (type === '+set\r\n') value = parseReplyTree(await c.call('SMEMBERS', key))[0].children.map((n) => n.raw).sort();
        else if (type === '+hash\r\n') {
          const flat = parseReplyTree(await c.call('HGETALL', key))[0].children.map((n) => n.raw);
          const pairs: string[] = [];
          for (let i = 0; i < flat.length; i += 2) pairs.push(flat[i] + flat[i + 1]);
          value = pairs.sort();
        } else value = `unexpected type ${type}`;
        const entry: Record<string, unknown> = { type, value, pexpiretime: await c.call('PEXPIRETIME', key) };
        if (withEncoding) entry.encoding = await c.call('OBJECT', 'ENCODING', key);
        out[`${db}:${key}`] = entry;
      }
    }
  } finally {
    c.close();
  }
  return out;
}

const dirs: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'petrel-rdb-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('SAVE and load at start-up (Petrel → Petrel)', () => {
  it('brings back every key, type, value, TTL, encoding and database', async () => {
    const dir = tempDir();
    const a = await startPetrel({ dir, dbfilename: 'snap.rdb', 'enable-debug-command': 'yes' });
    let before: Record<string, unknown>;
    try {
      await run(a.port, fillCommands());
      before = await dumpAll(a.port, true);
      expect(Object.keys(before).length).toBe(26);
      const c = await RawClient.connect(a.port);
      const t0 = Math.floor(Date.now() / 1000);
      expect(await c.call('SAVE')).toBe('+OK\r\n');
      const last = Number((await c.call('LASTSAVE')).slice(1, -2));
      expect(last).toBeGreaterThanOrEqual(t0);
      const info = await c.call('INFO', 'persistence');
      expect(info).toContain('rdb_changes_since_last_save:0\r\n');
      expect(info).toContain(`rdb_last_save_time:${last}\r\n`);
      expect(info).toContain('rdb_last_bgsave_status:ok\r\n');
      // SAVE is refused inside MULTI (no_multi), as in Redis.
      expect(await c.call('MULTI')).toBe('+OK\r\n');
      expect(await c.call('SAVE')).toBe('-ERR Command not allowed inside a transaction\r\n');
      expect(await c.call('DISCARD')).toBe('+OK\r\n');
      c.close();
      const files = fs.readdirSync(dir);
      expect(files).toEqual(['snap.rdb']); // no temp file left behind
      expect(fs.readFileSync(path.join(dir, 'snap.rdb')).latin1Slice(0, 9)).toBe('REDIS0011');
    } finally {
      await a.close();
    }
    // APPEND leaves a raw string; loaded from a file it is a fresh embstr, as in Redis.
    expect((before['0:appended'] as { encoding: string }).encoding).toBe('$3\r\nraw\r\n');
    (before['0:appended'] as { encoding: string }).encoding = '$6\r\nembstr\r\n';
    const b = await startPetrel({ dir, dbfilename: 'snap.rdb', 'enable-debug-command': 'yes' });
    try {
      expect(await dumpAll(b.port, true)).toEqual(before);
      // DEBUG RELOAD: save and load again in place.
      const c = await RawClient.connect(b.port);
      expect(await c.call('SET', 'after', 'reload')).toBe('+OK\r\n');
      expect(await c.call('DEBUG', 'RELOAD')).toBe('+OK\r\n');
      expect(await c.call('GET', 'after')).toBe('$6\r\nreload\r\n');
      expect(await c.call('DEBUG', 'RELOAD', 'BOGUS')).toBe('-ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.\r\n');
      expect(await c.call('DEL', 'after')).toBe(':1\r\n');
      c.close();
      expect(await dumpAll(b.port, true)).toEqual(before);
    } finally {
      await b.close();
    }
  });

  it('does not load the RDB file when appendonly is yes, and fails start-up on a corrupt file', async () => {
    const dir = tempDir();
    const a = await startPetrel({ dir });
    await run(a.port, [['SET', 'k', 'v'], ['SAVE']]);
    await a.close();
    const b = await startPetrel({ dir, appendonly: 'yes' });
    try {
      const c = await RawClient.connect(b.port);
      expect(await c.call('DBSIZE')).toBe(':0\r\n');
      c.close();
    } finally {
      await b.close();
    }
    const file = path.join(dir, 'dump.rdb');
    const bytes = fs.readFileSync(file);
    bytes[bytes.indexOf('v', 20)] ^= 0x20;
    fs.writeFileSync(file, bytes);
    await expect(startPetrel({ dir })).rejects.toThrow('Wrong RDB checksum');
  });

  it('writes version 10 when rdb-version is 10; the directive accepts only 10 or 11', async () => {
    const dir = tempDir();
    const a = await startPetrel({ dir, 'rdb-version': 10 });
    try {
      const c = await RawClient.connect(a.port);
      await c.call('SADD', 's', 'a', 'b');
      expect(await c.call('SAVE')).toBe('+OK\r\n');
      expect(await c.call('CONFIG', 'GET', 'rdb-version')).toBe('*2\r\n$11\r\nrdb-version\r\n$2\r\n10\r\n');
      expect((await c.call('CONFIG', 'SET', 'rdb-version', '9')).startsWith('-ERR CONFIG SET failed')).toBe(true);
      c.close();
      expect(fs.readFileSync(path.join(dir, 'dump.rdb')).latin1Slice(0, 9)).toBe('REDIS0010');
    } finally {
      await a.close();
    }
  });
});

describe.skipIf(!HAVE_REDIS)('RDB files move both ways with redis-server 7.0', () => {
  let expected: Record<string, unknown>;
  beforeAll(async () => {
    // The reference dataset as Petrel itself holds it.
    const p = await startPetrel({});
    try {
      await run(p.port, [['FLUSHALL'], ...fillCommands()]);
      expected = await dumpAll(p.port, false);
    } finally {
      await p.close();
    }
  });

  it('Petrel loads a dump.rdb written by real Redis (listpack, intset, quicklist, skiplist, hashtable, LZF)', async () => {
    const redisDir = tempDir();
    const r = await startRealRedis(['--dir', redisDir, '--dbfilename', 'dump.rdb']);
    expect(r).not.toBeNull();
    try {
      await run(r!.port, fillCommands());
      expect(await dumpAll(r!.port, false)).toEqual(expected);
      await run(r!.port, [['SAVE']]);
    } finally {
      await r!.close();
    }
    const file = path.join(redisDir, 'dump.rdb');
    expect(fs.readFileSync(file).latin1Slice(0, 9)).toBe('REDIS0010');
    const p = await startPetrel({ dir: redisDir, dbfilename: 'dump.rdb' });
    try {
      expect(await dumpAll(p.port, false)).toEqual(expected);
      // Encodings follow Petrel's (Redis 7.2's) thresholds after loading.
      const c = await RawClient.connect(p.port);
      expect(await c.call('OBJECT', 'ENCODING', 'ss')).toBe('$8\r\nlistpack\r\n');
      expect(await c.call('OBJECT', 'ENCODING', 'is')).toBe('$6\r\nintset\r\n');
      expect(await c.call('OBJECT', 'ENCODING', 'bis')).toBe('$9\r\nhashtable\r\n');
      expect(await c.call('OBJECT', 'ENCODING', 'l')).toBe('$8\r\nlistpack\r\n');
      expect(await c.call('OBJECT', 'ENCODING', 'bl')).toBe('$9\r\nquicklist\r\n');
      expect(await c.call('OBJECT', 'ENCODING', 'bz')).toBe('$8\r\nskiplist\r\n');
      expect(await c.call('OBJECT', 'ENCODING', 'z')).toBe('$8\r\nlistpack\r\n');
      expect(await c.call('OBJECT', 'ENCODING', 'lh')).toBe('$9\r\nhashtable\r\n');
      c.close();
    } finally {
      await p.close();
    }
  });

  it('real Redis 7.0 loads a dump.rdb Petrel wrote with rdb-version 10', async () => {
    const dir = tempDir();
    const p = await startPetrel({ dir, 'rdb-version': 10 });
    try {
      await run(p.port, [...fillCommands(), ['SAVE']]);
    } finally {
      await p.close();
    }
    const r = await startRealRedis(['--dir', dir, '--dbfilename', 'dump.rdb']);
    expect(r).not.toBeNull();
    try {
      expect(await dumpAll(r!.port, false)).toEqual(expected);
    } finally {
      await r!.close();
    }
  });
});
