// Generic (keyspace) commands: exact reply bytes in RESP2 and RESP3, SCAN's
// guarantee under concurrent changes, lazy and active expiry with real short
// waits, access tracking for OBJECT IDLETIME/FREQ, COPY's deep copies, exact
// 64-bit expiry times, the dirty counter, and an ioredis pass.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { RawClient } from '../helpers/raw.js';
import { startPetrel } from '../helpers/server.js';
import type { PetrelServer } from '../../src/index.js';
import { MutableString, type RedisObject } from '../../src/data/values.js';

let petrel: PetrelServer;
let c: RawClient;

const fakeList: RedisObject = { type: 'list', encoding: () => 'listpack' };
const SYNTAX = '-ERR syntax error\r\n';
const NOT_INT = '-ERR value is not an integer or out of range\r\n';
const SAME = '-ERR source and destination objects are the same\r\n';
const DB_RANGE = '-ERR DB index is out of range\r\n';
const INT_RANGE = '-ERR value is out of range, value must between -2147483648 and 2147483647\r\n';

const ks = () => petrel.server.keyspace;
const db = (i = 0) => petrel.server.keyspace.dbs[i];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Parses `*2 $cursor *n $key...` */
function scanReply(s: string): [string, string[]] {
  const lines = s.split('\r\n');
  expect(lines[0]).toBe('*2');
  const cursor = lines[2];
  const n = Number(lines[3].slice(1));
  const keys: string[] = [];
  for (let i = 0; i < n; i++) keys.push(lines[5 + 2 * i]);
  return [cursor, keys];
}

function bulks(items: string[]): string {
  return `*${items.length}\r\n` + items.map((s) => `$${s.length}\r\n${s}\r\n`).join('');
}

beforeAll(async () => {
  petrel = await startPetrel({ hz: 50 });
  c = await RawClient.connect(petrel.port);
});

afterAll(async () => {
  c.close();
  await petrel.close();
});

beforeEach(async () => {
  ks().flushAll();
  expect(await c.call('HELLO', '2')).toMatch(/^\*14\r\n/);
  expect(await c.call('SELECT', '0')).toBe('+OK\r\n');
});

describe('DEL UNLINK EXISTS TOUCH TYPE DBSIZE RANDOMKEY', () => {
  it('reply bytes', async () => {
    expect(await c.call('MSET', 'a', '1', 'b', '2', 'c', '3')).toBe('+OK\r\n');
    db().set('l', fakeList);
    expect(await c.call('DBSIZE')).toBe(':4\r\n');
    expect(await c.call('EXISTS', 'a', 'a', 'zz')).toBe(':2\r\n');
    expect(await c.call('TOUCH', 'a', 'zz', 'b')).toBe(':2\r\n');
    expect(await c.call('TYPE', 'a')).toBe('+string\r\n');
    expect(await c.call('TYPE', 'l')).toBe('+list\r\n');
    expect(await c.call('TYPE', 'zz')).toBe('+none\r\n');
    expect(await c.call('DEL', 'a', 'a', 'zz')).toBe(':1\r\n');
    expect(await c.call('UNLINK', 'b', 'l')).toBe(':2\r\n');
    expect(await c.call('RANDOMKEY')).toBe('$1\r\nc\r\n');
    expect(await c.call('DEL', 'c')).toBe(':1\r\n');
    expect(await c.call('RANDOMKEY')).toBe('$-1\r\n');
    expect(await c.call('HELLO', '3')).toMatch(/^%7\r\n/);
    expect(await c.call('RANDOMKEY')).toBe('_\r\n');
    expect(await c.call('OBJECT', 'ENCODING', 'nokey')).toBe('_\r\n');
    expect(await c.call('DEL', 'x')).toBe(':0\r\n');
  });

  it('an expired key counts as missing everywhere', async () => {
    db().set('e', 'v');
    db().setExpire('e', Date.now() - 1);
    expect(await c.call('EXISTS', 'e')).toBe(':0\r\n');
    db().set('e', 'v');
    db().setExpire('e', Date.now() - 1);
    expect(await c.call('TYPE', 'e')).toBe('+none\r\n');
    db().set('e', 'v');
    db().setExpire('e', Date.now() - 1);
    expect(await c.call('DEL', 'e')).toBe(':0\r\n');
    db().set('e', 'v');
    db().setExpire('e', Date.now() - 1);
    expect(await c.call('KEYS', '*')).toBe('*0\r\n');
    expect(await c.call('RANDOMKEY')).toBe('$-1\r\n');
  });

  it('RANDOMKEY eventually returns every key', async () => {
    for (let i = 0; i < 20; i++) db().set(`k${i}`, i);
    const seen = new Set<string>();
    for (let i = 0; i < 400 && seen.size < 20; i++) seen.add((await c.call('RANDOMKEY')).split('\r\n')[1]);
    expect(seen.size).toBe(20);
  });
});

describe('KEYS', () => {
  it('matches glob patterns, binary keys included', async () => {
    expect(await c.call('MSET', 'one', '1', 'two', '2', 'three', '3', '\x00\xffk', '4')).toBe('+OK\r\n');
    expect(await c.call('KEYS', 't*')).toBe(bulks(['two', 'three']));
    expect(await c.call('KEYS', '?ne')).toBe(bulks(['one']));
    expect(await c.call('KEYS', '\x00*')).toBe(bulks(['\x00\xffk']));
    expect(await c.call('KEYS', '*')).toBe(bulks(['one', 'two', 'three', '\x00\xffk']));
    expect(await c.call('KEYS', 'nothing')).toBe('*0\r\n');
  });
});

describe('SCAN', () => {
  it('errors', async () => {
    expect(await c.call('SCAN', 'x')).toBe('-ERR invalid cursor\r\n');
    expect(await c.call('SCAN', ' 0')).toBe('-ERR invalid cursor\r\n');
    expect(await c.call('SCAN', '18446744073709551616')).toBe('-ERR invalid cursor\r\n');
    expect(await c.call('SCAN', '0', 'COUNT', '0')).toBe(SYNTAX);
    expect(await c.call('SCAN', '0', 'COUNT', 'x')).toBe(NOT_INT);
    expect(await c.call('SCAN', '0', 'MATCH')).toBe(SYNTAX);
    expect(await c.call('SCAN', '0', 'BOGUS', 'x')).toBe(SYNTAX);
    expect(await c.call('SCAN', 'x', 'COUNT', '0')).toBe('-ERR invalid cursor\r\n');
  });

  it('pages with COUNT, answers cursor 0 on the last page, filters MATCH and TYPE', async () => {
    for (let i = 0; i < 25; i++) db().set(`k${i}`, i);
    db().set('lst', fakeList);
    let [cursor, keys] = scanReply(await c.call('SCAN', '0', 'COUNT', '10'));
    expect(cursor).not.toBe('0');
    expect(keys).toEqual(Array.from({ length: 10 }, (_, i) => `k${i}`));
    [cursor, keys] = scanReply(await c.call('SCAN', cursor, 'COUNT', '10', 'MATCH', 'k1*'));
    expect(keys).toEqual(['k10', 'k11', 'k12', 'k13', 'k14', 'k15', 'k16', 'k17', 'k18', 'k19']);
    [cursor, keys] = scanReply(await c.call('SCAN', cursor, 'COUNT', '10', 'TYPE', 'LIST'));
    expect(cursor).toBe('0');
    expect(keys).toEqual(['lst']);
    // Same shape in RESP3: a two-element array.
    expect(await c.call('HELLO', '3')).toMatch(/^%7\r\n/);
    expect(await c.call('SCAN', '0', 'MATCH', 'lst', 'COUNT', '100')).toBe('*2\r\n$1\r\n0\r\n*1\r\n$3\r\nlst\r\n');
    expect(await c.call('SCAN', '0', 'TYPE', 'nosuchtype', 'COUNT', '100')).toBe('*2\r\n$1\r\n0\r\n*0\r\n');
  });

  it('returns every key present for the whole iteration while keys are added and deleted', async () => {
    const N = 3000;
    const args: string[] = [];
    for (let i = 0; i < N; i++) args.push(`key:${i}`, 'v');
    expect(await c.call('MSET', ...args)).toBe('+OK\r\n');
    const other = await RawClient.connect(petrel.port);
    try {
      const deleted = new Set<string>();
      const seen = new Set<string>();
      let cursor = '0';
      let step = 0;
      let added = 0;
      do {
        const [next, keys] = scanReply(await c.call('SCAN', cursor, 'COUNT', '25'));
        for (const k of keys) seen.add(k);
        cursor = next;
        // Another client churns the keyspace between steps: deletes, re-adds, adds.
        const victim = `key:${(step * 7919) % N}`;
        if ((await other.call('DEL', victim)) === ':1\r\n') deleted.add(victim);
        if (step % 3 === 0) await other.call('SET', victim, 'back'); // re-added: no longer "present throughout"
        await other.call('SET', `new:${added++}`, 'v');
        await other.call('SET', `new:${added++}`, 'v');
        step++;
        expect(step).toBeLessThan(10_000);
      } while (cursor !== '0');
      for (let i = 0; i < N; i++) {
        const k = `key:${i}`;
        if (!deleted.has(k)) expect(seen.has(k), `${k} missed`).toBe(true);
      }
      // Deleted keys that were never re-added and were deleted before being reached must not reappear.
      expect(seen.size).toBeLessThanOrEqual(N + added);
    } finally {
      other.close();
    }
  });

  it('deletes expired keys it walks over and never returns them', async () => {
    for (let i = 0; i < 10; i++) db().set(`k${i}`, i);
    for (let i = 0; i < 5; i++) db().setExpire(`k${i}`, Date.now() - 1);
    const [cursor, keys] = scanReply(await c.call('SCAN', '0', 'COUNT', '100'));
    expect(cursor).toBe('0');
    expect(keys).toEqual(['k5', 'k6', 'k7', 'k8', 'k9']);
    expect(db().size).toBe(5);
  });

  it('an unknown cursor, a cursor after SWAPDB, and FLUSHALL all stay safe', async () => {
    for (let i = 0; i < 30; i++) db().set(`k${i}`, i);
    // A cursor this server never issued restarts the walk: every key comes back.
    const seen = new Set<string>();
    let cursor = '987654321';
    do {
      const [next, keys] = scanReply(await c.call('SCAN', cursor, 'COUNT', '7'));
      keys.forEach((k) => seen.add(k));
      cursor = next;
    } while (cursor !== '0');
    expect(seen.size).toBe(30);
    const [mid] = scanReply(await c.call('SCAN', '0', 'COUNT', '5'));
    expect(ks().scans.size).toBeGreaterThan(0);
    expect(await c.call('FLUSHALL')).toBe('+OK\r\n');
    expect(ks().scans.size).toBe(0);
    expect(await c.call('SCAN', mid)).toBe('*2\r\n$1\r\n0\r\n*0\r\n');
    db(1).set('other', 'x');
    const [mid2] = scanReply(await c.call('SCAN', '0', 'COUNT', '1')); // empty db 0: done at once
    expect(mid2).toBe('0');
    for (let i = 0; i < 5; i++) db().set(`k${i}`, i);
    const [c3] = scanReply(await c.call('SCAN', '0', 'COUNT', '2'));
    expect(await c.call('SWAPDB', '0', '1')).toBe('+OK\r\n');
    expect(await c.call('SCAN', c3, 'COUNT', '10')).toBe('*2\r\n$1\r\n0\r\n*1\r\n$5\r\nother\r\n');
  });
});

describe('RENAME RENAMENX MOVE COPY', () => {
  it('RENAME keeps the TTL and the access data; errors', async () => {
    expect(await c.call('RENAME', 'nokey', 'x')).toBe('-ERR no such key\r\n');
    expect(await c.call('RENAMENX', 'nokey', 'x')).toBe('-ERR no such key\r\n');
    expect(await c.call('SET', 'a', 'v', 'PX', '100000')).toBe('+OK\r\n');
    const when = db().getExpire('a');
    expect(await c.call('RENAME', 'a', 'b')).toBe('+OK\r\n');
    expect(db().getExpire('b')).toBe(when);
    expect(db().getExpire('a')).toBeUndefined();
    expect(await c.call('SET', 'c', 'x')).toBe('+OK\r\n');
    expect(await c.call('RENAMENX', 'b', 'c')).toBe(':0\r\n');
    expect(await c.call('RENAMENX', 'b', 'b')).toBe(':0\r\n');
    expect(await c.call('RENAME', 'b', 'b')).toBe('+OK\r\n');
    expect(await c.call('RENAMENX', 'b', 'd')).toBe(':1\r\n');
    expect(await c.call('RENAME', 'd', 'c')).toBe('+OK\r\n');
    expect(await c.call('GET', 'c')).toBe('$1\r\nv\r\n');
    expect(db().getExpire('c')).toBe(when);
  });

  it('MOVE', async () => {
    expect(await c.call('MOVE', 'k', 'x')).toBe(NOT_INT);
    expect(await c.call('MOVE', 'k', '4294967296')).toBe(INT_RANGE);
    expect(await c.call('MOVE', 'k', '16')).toBe(DB_RANGE);
    expect(await c.call('MOVE', 'k', '0')).toBe(SAME);
    expect(await c.call('MOVE', 'k', '1')).toBe(':0\r\n');
    expect(await c.call('SET', 'k', 'v', 'EX', '100')).toBe('+OK\r\n');
    const when = db().getExpire('k');
    expect(await c.call('MOVE', 'k', '1')).toBe(':1\r\n');
    expect(db(1).get('k')).toBe('v');
    expect(db(1).getExpire('k')).toBe(when);
    expect(db().size).toBe(0);
    expect(await c.call('SET', 'k', 'again')).toBe('+OK\r\n');
    expect(await c.call('MOVE', 'k', '1')).toBe(':0\r\n');
  });

  it('COPY deep-copies mutable strings and keeps the TTL', async () => {
    const big = 'x'.repeat(100_000);
    expect(await c.call('SET', 's', big)).toBe('+OK\r\n');
    expect(await c.call('APPEND', 's', 'y')).toBe(`:${big.length + 1}\r\n`);
    expect(await c.call('APPEND', 's', 'z')).toBe(`:${big.length + 2}\r\n`);
    expect(db().get('s')).toBeInstanceOf(MutableString);
    expect(await c.call('PEXPIRE', 's', '100000')).toBe(':1\r\n');
    expect(await c.call('COPY', 's', 't')).toBe(':1\r\n');
    expect(db().get('t')).toBeInstanceOf(MutableString);
    expect(db().get('t')).not.toBe(db().get('s'));
    expect(await c.call('APPEND', 's', '!')).toBe(`:${big.length + 3}\r\n`);
    expect(await c.call('STRLEN', 't')).toBe(`:${big.length + 2}\r\n`);
    expect(db().getExpire('t')).toBe(db().getExpire('s'));
    expect(await c.call('OBJECT', 'ENCODING', 't')).toBe('$3\r\nraw\r\n');
    expect(await c.call('COPY', 's', 't')).toBe(':0\r\n');
    expect(await c.call('COPY', 's', 't', 'REPLACE', 'DB', '2')).toBe(':1\r\n');
    expect(db(2).size).toBe(1);
    expect(await c.call('COPY', 's', 's')).toBe(SAME);
    expect(await c.call('COPY', 's', 's', 'DB', '0')).toBe(SAME);
    expect(await c.call('COPY', 's', 'x', 'DB')).toBe(SYNTAX);
    expect(await c.call('COPY', 's', 'x', 'DB', '16')).toBe(DB_RANGE);
    expect(await c.call('COPY', 'nokey', 'x')).toBe(':0\r\n');
    // A value type without a clone() cannot be copied yet: an error, never a shared object.
    db().set('l', fakeList);
    expect(await c.call('COPY', 'l', 'l2')).toBe("-ERR COPY is not supported for values of type 'list'\r\n");
  });
});

describe('EXPIRE family and TTLs', () => {
  it('errors', async () => {
    expect(await c.call('SET', 'k', 'v')).toBe('+OK\r\n');
    expect(await c.call('EXPIRE', 'k', '10', 'FOO')).toBe('-ERR Unsupported option FOO\r\n');
    expect(await c.call('EXPIRE', 'k', '10', 'NX', 'XX')).toBe('-ERR NX and XX, GT or LT options at the same time are not compatible\r\n');
    expect(await c.call('EXPIRE', 'k', '10', 'GT', 'LT')).toBe('-ERR GT and LT options at the same time are not compatible\r\n');
    expect(await c.call('EXPIRE', 'k', 'ten')).toBe(NOT_INT);
    expect(await c.call('EXPIRE', 'k', '9223372036854776')).toBe("-ERR invalid expire time in 'expire' command\r\n");
    expect(await c.call('EXPIREAT', 'k', '-9223372036854776')).toBe("-ERR invalid expire time in 'expireat' command\r\n");
    expect(await c.call('PEXPIRE', 'k', '9223372036854775807')).toBe("-ERR invalid expire time in 'pexpire' command\r\n");
    expect(await c.call('pexpireat', 'k', '9223372036854775807')).toBe(':1\r\n');
  });

  it('exact over 64 bits', async () => {
    expect(await c.call('SET', 'k', 'v')).toBe('+OK\r\n');
    expect(await c.call('PEXPIREAT', 'k', '9223372036854775807')).toBe(':1\r\n');
    expect(await c.call('PEXPIRETIME', 'k')).toBe(':9223372036854775807\r\n');
    expect(await c.call('EXPIREAT', 'k', '9223372036854775')).toBe(':1\r\n');
    expect(await c.call('PEXPIRETIME', 'k')).toBe(':9223372036854775000\r\n');
    expect(await c.call('EXPIRETIME', 'k')).toBe(':9223372036854775\r\n');
    const pttl = BigInt((await c.call('PTTL', 'k')).slice(1, -2));
    expect(9223372036854775000n - pttl - BigInt(Date.now())).toBeLessThan(1000n);
    expect(await c.call('EXPIREAT', 'k', '9223372036854776', 'GT')).toBe("-ERR invalid expire time in 'expireat' command\r\n");
    expect(await c.call('PEXPIREAT', 'k', '9223372036854775001', 'GT')).toBe(':1\r\n');
    expect(await c.call('PEXPIREAT', 'k', '9223372036854775000', 'GT')).toBe(':0\r\n');
    expect(await c.call('PEXPIREAT', 'k', '9223372036854775000', 'LT')).toBe(':1\r\n');
    expect(await c.call('PEXPIRETIME', 'k')).toBe(':9223372036854775000\r\n');
  });

  it('TTL rounding and the persistent-key cases', async () => {
    expect(await c.call('TTL', 'nokey')).toBe(':-2\r\n');
    expect(await c.call('PEXPIRETIME', 'nokey')).toBe(':-2\r\n');
    expect(await c.call('SET', 'k', 'v')).toBe('+OK\r\n');
    expect(await c.call('TTL', 'k')).toBe(':-1\r\n');
    expect(await c.call('EXPIRETIME', 'k')).toBe(':-1\r\n');
    expect(await c.call('PERSIST', 'k')).toBe(':0\r\n');
    expect(await c.call('EXPIRE', 'k', '100', 'GT')).toBe(':0\r\n');
    expect(await c.call('EXPIRE', 'k', '100', 'XX')).toBe(':0\r\n');
    expect(await c.call('EXPIRE', 'k', '100', 'LT')).toBe(':1\r\n');
    expect(await c.call('TTL', 'k')).toBe(':100\r\n');
    expect(await c.call('PEXPIREAT', 'k', '4000000000499')).toBe(':1\r\n');
    expect(await c.call('EXPIRETIME', 'k')).toBe(':4000000000\r\n');
    expect(await c.call('PEXPIREAT', 'k', '4000000000500')).toBe(':1\r\n');
    expect(await c.call('EXPIRETIME', 'k')).toBe(':4000000001\r\n');
    expect(await c.call('PERSIST', 'k')).toBe(':1\r\n');
    expect(await c.call('TTL', 'k')).toBe(':-1\r\n');
  });

  it('a deadline in the past deletes the key, not counted as expired', async () => {
    const expired0 = ks().stats.expiredKeys;
    expect(await c.call('SET', 'k', 'v')).toBe('+OK\r\n');
    expect(await c.call('EXPIRE', 'k', '-1')).toBe(':1\r\n');
    expect(db().size).toBe(0);
    expect(ks().stats.expiredKeys).toBe(expired0);
  });

  it('lazy expiry: a key read after its deadline is gone', async () => {
    const expired0 = ks().stats.expiredKeys;
    expect(await c.call('SET', 'k', 'v', 'PX', '30')).toBe('+OK\r\n');
    expect(await c.call('GET', 'k')).toBe('$1\r\nv\r\n');
    await sleep(60);
    expect(await c.call('GET', 'k')).toBe('$-1\r\n');
    expect(await c.call('PTTL', 'k')).toBe(':-2\r\n');
    expect(ks().stats.expiredKeys).toBe(expired0 + 1);
  });

  it('active expiry: keys nobody touches disappear from DBSIZE', async () => {
    const args: string[] = [];
    for (let i = 0; i < 500; i++) args.push(`v:${i}`, 'x');
    expect(await c.call('MSET', ...args)).toBe('+OK\r\n');
    for (let i = 0; i < 500; i++) c.send('PEXPIRE', `v:${i}`, '50');
    expect(await c.read(500)).toBe(':1\r\n'.repeat(500));
    expect(await c.call('SET', 'stays', 'x')).toBe('+OK\r\n');
    expect(await c.call('DBSIZE')).toBe(':501\r\n');
    const deadline = Date.now() + 1500;
    let size = 501;
    while (Date.now() < deadline) {
      await sleep(50);
      size = Number((await c.call('DBSIZE')).slice(1, -2));
      if (size === 1) break;
    }
    expect(size).toBe(1);
  });
});

describe('OBJECT', () => {
  it('HELP, exact bytes in both protocols', async () => {
    const help = await c.call('OBJECT', 'HELP');
    expect(help.startsWith('*14\r\n+OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+ENCODING <key>\r\n')).toBe(true);
    expect(help.endsWith('+HELP\r\n+    Prints this help.\r\n')).toBe(true);
    expect(await c.call('HELLO', '3')).toMatch(/^%7\r\n/);
    expect(await c.call('object', 'help')).toBe(help);
    expect(await c.call('OBJECT', 'HELP', 'x')).toBe("-ERR wrong number of arguments for 'object|help' command\r\n");
    expect(await c.call('OBJECT', 'NOPE')).toBe("-ERR unknown subcommand 'NOPE'. Try OBJECT HELP.\r\n");
  });

  it('ENCODING and REFCOUNT', async () => {
    expect(await c.call('MSET', 'i', '5', 'j', '10000', 'e', 'short', 'r', 'x'.repeat(45), 'b', '-9223372036854775808')).toBe('+OK\r\n');
    expect(await c.call('OBJECT', 'ENCODING', 'i')).toBe('$3\r\nint\r\n');
    expect(await c.call('OBJECT', 'ENCODING', 'b')).toBe('$3\r\nint\r\n');
    expect(await c.call('OBJECT', 'ENCODING', 'e')).toBe('$6\r\nembstr\r\n');
    expect(await c.call('OBJECT', 'ENCODING', 'r')).toBe('$3\r\nraw\r\n');
    db().set('l', fakeList);
    expect(await c.call('OBJECT', 'ENCODING', 'l')).toBe('$8\r\nlistpack\r\n');
    expect(await c.call('OBJECT', 'REFCOUNT', 'i')).toBe(':2147483647\r\n');
    expect(await c.call('OBJECT', 'REFCOUNT', 'j')).toBe(':1\r\n');
    expect(await c.call('OBJECT', 'REFCOUNT', 'e')).toBe(':1\r\n');
    expect(await c.call('OBJECT', 'REFCOUNT', 'nokey')).toBe('$-1\r\n');
  });

  it('IDLETIME follows reads and writes, but not TYPE/TTL/EXISTS/OBJECT', async () => {
    expect(await c.call('SET', 'k', 'v')).toBe('+OK\r\n');
    expect(await c.call('OBJECT', 'IDLETIME', 'k')).toBe(':0\r\n');
    // Pretend the last access was 7 s ago (Redis's 24-bit seconds clock).
    const back = (s: number) => db().setIdle('k', s);
    back(7);
    expect(await c.call('OBJECT', 'IDLETIME', 'k')).toBe(':7\r\n');
    await c.call('TYPE', 'k');
    await c.call('TTL', 'k');
    await c.call('EXISTS', 'k');
    await c.call('OBJECT', 'ENCODING', 'k');
    expect(await c.call('OBJECT', 'IDLETIME', 'k')).toBe(':7\r\n');
    await c.call('GET', 'k');
    expect(await c.call('OBJECT', 'IDLETIME', 'k')).toBe(':0\r\n');
    back(7);
    await c.call('TOUCH', 'k');
    expect(await c.call('OBJECT', 'IDLETIME', 'k')).toBe(':0\r\n');
    back(7);
    await c.call('SET', 'k', 'w');
    expect(await c.call('OBJECT', 'IDLETIME', 'k')).toBe(':0\r\n');
    back(7);
    await c.call('RENAME', 'k', 'k2');
    expect(await c.call('OBJECT', 'IDLETIME', 'k2')).toBe(':0\r\n'); // RENAME reads the key first
  });

  it('FREQ and IDLETIME under LFU, with exact error texts', async () => {
    expect(await c.call('SET', 'k', 'v')).toBe('+OK\r\n');
    expect(await c.call('OBJECT', 'FREQ', 'k')).toBe(
      '-ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.\r\n',
    );
    expect(await c.call('CONFIG', 'SET', 'maxmemory-policy', 'volatile-lfu')).toBe('+OK\r\n');
    try {
      expect(ks().lfu).toBe(true);
      expect(await c.call('SET', 'f', 'v')).toBe('+OK\r\n');
      expect(await c.call('OBJECT', 'FREQ', 'f')).toBe(':5\r\n');
      for (let i = 0; i < 50; i++) c.send('GET', 'f');
      await c.read(50);
      const freq = Number((await c.call('OBJECT', 'FREQ', 'f')).slice(1, -2));
      expect(freq).toBeGreaterThan(5);
      expect(freq).toBeLessThan(255);
      expect(await c.call('OBJECT', 'IDLETIME', 'f')).toBe(
        '-ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.\r\n',
      );
    } finally {
      expect(await c.call('CONFIG', 'SET', 'maxmemory-policy', 'noeviction')).toBe('+OK\r\n');
    }
    expect(ks().lfu).toBe(false);
  });
});

describe('FLUSHDB FLUSHALL SWAPDB', () => {
  it('replies and effects', async () => {
    expect(await c.call('FLUSHDB', 'NOW')).toBe(SYNTAX);
    expect(await c.call('FLUSHALL', 'ASYNC', 'x')).toBe(SYNTAX);
    db(0).set('a', 1);
    db(3).set('b', 2);
    expect(await c.call('SWAPDB', '0', '3')).toBe('+OK\r\n');
    expect(db(0).get('b')).toBe(2);
    expect(db(3).get('a')).toBe(1);
    expect(await c.call('SWAPDB', 'x', '1')).toBe('-ERR invalid first DB index\r\n');
    expect(await c.call('SWAPDB', '1', '4294967296')).toBe('-ERR invalid second DB index\r\n');
    expect(await c.call('SWAPDB', '1', '16')).toBe(DB_RANGE);
    expect(await c.call('FLUSHDB', 'async')).toBe('+OK\r\n');
    expect(db(0).size).toBe(0);
    expect(db(3).size).toBe(1);
    expect(await c.call('FLUSHALL', 'SYNC')).toBe('+OK\r\n');
    expect(db(3).size).toBe(0);
  });

  it('dirty counts', async () => {
    const d0 = petrel.server.dirty;
    await c.call('MSET', 'a', '1', 'b', '2');
    await c.call('DEL', 'a', 'b', 'c');
    await c.call('MSET', 'a', '1', 'b', '2');
    await c.call('FLUSHDB');
    await c.call('FLUSHALL');
    await c.call('SWAPDB', '1', '1');
    expect(petrel.server.dirty - d0).toBe(2 + 2 + 2 + 2 + 0 + 1);
  });
});

describe('COMMAND INFO (Redis 7.2 tips)', () => {
  it('SCAN and RANDOMKEY carry response_policy:special as in 7.2 (7.0 lacks it)', async () => {
    const scan = await c.call('COMMAND', 'INFO', 'scan');
    expect(scan).toContain('*3\r\n$23\r\nnondeterministic_output\r\n$22\r\nrequest_policy:special\r\n$23\r\nresponse_policy:special\r\n');
    const rk = await c.call('COMMAND', 'INFO', 'randomkey');
    expect(rk).toContain('*3\r\n$25\r\nrequest_policy:all_shards\r\n$23\r\nresponse_policy:special\r\n$23\r\nnondeterministic_output\r\n');
  });
});

describe('ioredis', () => {
  it('scanStream, ttl, copy and object through a real client', async () => {
    const r = new Redis(petrel.port, '127.0.0.1');
    try {
      const pipe = r.pipeline();
      for (let i = 0; i < 250; i++) pipe.set(`io:${i}`, String(i));
      await pipe.exec();
      const found: string[] = [];
      await new Promise<void>((resolve, reject) => {
        const s = r.scanStream({ match: 'io:*', count: 20 });
        s.on('data', (keys: string[]) => found.push(...keys));
        s.on('end', () => resolve());
        s.on('error', reject);
      });
      expect(new Set(found).size).toBe(250);
      expect(await r.expire('io:1', 100)).toBe(1);
      expect(await r.ttl('io:1')).toBe(100);
      expect(await r.copy('io:1', 'io:copy')).toBe(1);
      expect(await r.object('ENCODING', 'io:1')).toBe('int');
      expect(await r.type('io:copy')).toBe('string');
      expect(await r.dbsize()).toBe(251);
    } finally {
      r.disconnect();
    }
  });
});
