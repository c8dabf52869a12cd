// Hash commands: exact reply bytes for every command, option and error in
// RESP2 and RESP3, encodings and their conversions (CONFIG SET included), the
// HSCAN guarantee while the hash changes, the dirty counter, keyspace
// hits/misses, Redis 7.2 behaviour the 7.0 oracle lacks, and an ioredis pass.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { RawClient } from '../helpers/raw.js';
import { startPetrel } from '../helpers/server.js';
import type { PetrelServer } from '../../src/index.js';
import type { RedisHash } from '../../src/data/hash.js';

let petrel: PetrelServer;
let c: RawClient;

const WRONGTYPE = '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n';
const NOT_INT = '-ERR value is not an integer or out of range\r\n';
const SYNTAX = '-ERR syntax error\r\n';

function db() {
  return petrel.server.keyspace.dbs[0];
}

function hashAt(key: string): RedisHash {
  return db().get(key) as RedisHash;
}

/** `$n\r\ns\r\n` for each string. */
function bulks(...xs: string[]): string {
  return xs.map((x) => `$${x.length}\r\n${x}\r\n`).join('');
}

beforeAll(async () => {
  petrel = await startPetrel();
  c = await RawClient.connect(petrel.port);
});

afterAll(async () => {
  c.close();
  await petrel.close();
});

beforeEach(async () => {
  petrel.server.keyspace.flushAll();
  expect(await c.call('HELLO', '2')).toMatch(/^\*14\r\n/);
  expect(await c.call('CONFIG', 'SET', 'hash-max-listpack-entries', '512', 'hash-max-listpack-value', '64')).toBe('+OK\r\n');
  db().set('str', 'v');
});

describe('HSET / HMSET / HSETNX / HGET', () => {
  it('replies with created counts, OK, nils', async () => {
    expect(await c.call('HSET', 'h', 'a', '1', 'b', '2')).toBe(':2\r\n');
    expect(await c.call('HSET', 'h', 'a', '3', 'c', '4')).toBe(':1\r\n');
    expect(await c.call('HMSET', 'h', 'd', '5')).toBe('+OK\r\n');
    expect(await c.call('HSETNX', 'h', 'a', 'x')).toBe(':0\r\n');
    expect(await c.call('HSETNX', 'h', 'e', 'x')).toBe(':1\r\n');
    expect(await c.call('HGET', 'h', 'a')).toBe('$1\r\n3\r\n');
    expect(await c.call('HGET', 'h', 'zz')).toBe('$-1\r\n');
    expect(await c.call('HGET', 'none', 'a')).toBe('$-1\r\n');
    expect(await c.call('HGETALL', 'h')).toBe('*10\r\n' + bulks('a', '3', 'b', '2', 'c', '4', 'd', '5', 'e', 'x'));
    expect(await c.call('HSET', 'h', 'bin', Buffer.from([0, 0xff, 13, 10]))).toBe(':1\r\n');
    expect(await c.call('HGET', 'h', 'bin')).toBe('$4\r\n\x00\xff\r\n\r\n');
    expect(await c.call('HSET', 'h', 'n', '007', 'm', '-0', 'big', '18446744073709551616')).toBe(':3\r\n');
    expect(await c.call('HMGET', 'h', 'n', 'm', 'big', 'nope')).toBe('*4\r\n' + bulks('007', '-0', '18446744073709551616') + '$-1\r\n');
    expect(await c.call('TYPE', 'h')).toBe('+hash\r\n');
  });

  it('errors: arity (by command name), wrong type', async () => {
    expect(await c.call('HSET', 'h', 'a')).toBe("-ERR wrong number of arguments for 'hset' command\r\n");
    expect(await c.call('hset', 'h', 'a', '1', 'b')).toBe("-ERR wrong number of arguments for 'hset' command\r\n");
    expect(await c.call('HmSeT', 'h', 'a', '1', 'b')).toBe("-ERR wrong number of arguments for 'hmset' command\r\n");
    expect(await c.call('HSET', 'str', 'a', '1', 'b')).toBe("-ERR wrong number of arguments for 'hset' command\r\n");
    expect(await c.call('HSET', 'str', 'a', '1')).toBe(WRONGTYPE);
    expect(await c.call('HSETNX', 'str', 'a', '1')).toBe(WRONGTYPE);
    expect(await c.call('HGET', 'str', 'a')).toBe(WRONGTYPE);
    expect(await c.call('HMGET', 'str', 'a')).toBe(WRONGTYPE);
    expect(await c.call('HSETNX', 'h', 'a')).toBe("-ERR wrong number of arguments for 'hsetnx' command\r\n");
    expect(await c.call('EXISTS', 'h')).toBe(':0\r\n');
  });

  it('RESP3 nulls', async () => {
    await c.call('HELLO', '3');
    await c.call('HSET', 'h', 'a', '1');
    expect(await c.call('HGET', 'h', 'zz')).toBe('_\r\n');
    expect(await c.call('HMGET', 'h', 'a', 'zz')).toBe('*2\r\n$1\r\n1\r\n_\r\n');
    expect(await c.call('HMGET', 'none', 'a')).toBe('*1\r\n_\r\n');
  });
});

describe('HGETALL / HKEYS / HVALS / HLEN / HSTRLEN / HEXISTS', () => {
  it('RESP2 and RESP3 shapes, missing keys', async () => {
    await c.call('HSET', 'h', 'f1', 'v1', 'f2', '22');
    expect(await c.call('HGETALL', 'h')).toBe('*4\r\n' + bulks('f1', 'v1', 'f2', '22'));
    expect(await c.call('HKEYS', 'h')).toBe('*2\r\n' + bulks('f1', 'f2'));
    expect(await c.call('HVALS', 'h')).toBe('*2\r\n' + bulks('v1', '22'));
    expect(await c.call('HGETALL', 'none')).toBe('*0\r\n');
    expect(await c.call('HLEN', 'h')).toBe(':2\r\n');
    expect(await c.call('HLEN', 'none')).toBe(':0\r\n');
    expect(await c.call('HSTRLEN', 'h', 'f2')).toBe(':2\r\n');
    expect(await c.call('HSTRLEN', 'h', 'zz')).toBe(':0\r\n');
    expect(await c.call('HEXISTS', 'h', 'f1')).toBe(':1\r\n');
    expect(await c.call('HEXISTS', 'h', 'zz')).toBe(':0\r\n');
    await c.call('HELLO', '3');
    expect(await c.call('HGETALL', 'h')).toBe('%2\r\n' + bulks('f1', 'v1', 'f2', '22'));
    expect(await c.call('HGETALL', 'none')).toBe('%0\r\n');
    expect(await c.call('HKEYS', 'none')).toBe('*0\r\n');
    expect(await c.call('HVALS', 'none')).toBe('*0\r\n');
    // HEXISTS stays an integer in RESP3.
    expect(await c.call('HEXISTS', 'h', 'f1')).toBe(':1\r\n');
    for (const cmd of ['HGETALL', 'HKEYS', 'HVALS', 'HLEN']) expect(await c.call(cmd, 'str')).toBe(WRONGTYPE);
    expect(await c.call('HSTRLEN', 'str', 'a')).toBe(WRONGTYPE);
    expect(await c.call('HEXISTS', 'str', 'a')).toBe(WRONGTYPE);
  });
});

describe('HDEL', () => {
  it('counts removed fields and deletes the emptied key', async () => {
    await c.call('HSET', 'h', 'a', '1', 'b', '2', 'c', '3');
    expect(await c.call('HDEL', 'h', 'a', 'a', 'zz')).toBe(':1\r\n');
    expect(await c.call('HKEYS', 'h')).toBe('*2\r\n' + bulks('b', 'c'));
    expect(await c.call('HDEL', 'h', 'b', 'c', 'x')).toBe(':2\r\n');
    expect(await c.call('EXISTS', 'h')).toBe(':0\r\n');
    expect(await c.call('HDEL', 'h', 'b')).toBe(':0\r\n');
    expect(await c.call('HDEL', 'str', 'b')).toBe(WRONGTYPE);
    expect(await c.call('HDEL', 'h')).toBe("-ERR wrong number of arguments for 'hdel' command\r\n");
  });

  it('keeps the TTL of the hash', async () => {
    await c.call('HSET', 'h', 'a', '1', 'b', '2');
    await c.call('EXPIRE', 'h', '100');
    await c.call('HDEL', 'h', 'a');
    await c.call('HSET', 'h', 'c', '1');
    await c.call('HINCRBY', 'h', 'n', '1');
    expect(await c.call('TTL', 'h')).toBe(':100\r\n');
  });
});

describe('HINCRBY / HINCRBYFLOAT', () => {
  it('exact 64-bit arithmetic and errors', async () => {
    expect(await c.call('HINCRBY', 'h', 'n', '9007199254740991')).toBe(':9007199254740991\r\n');
    expect(await c.call('HINCRBY', 'h', 'n', '2')).toBe(':9007199254740993\r\n');
    expect(await c.call('HINCRBY', 'h', 'n', '9223372036854775807')).toBe('-ERR increment or decrement would overflow\r\n');
    expect(await c.call('HINCRBY', 'h', 'n', '-9007199254740993')).toBe(':0\r\n');
    expect(await c.call('HINCRBY', 'h', 'm', '-9223372036854775808')).toBe(':-9223372036854775808\r\n');
    expect(await c.call('HINCRBY', 'h', 'm', '-1')).toBe('-ERR increment or decrement would overflow\r\n');
    expect(await c.call('HGET', 'h', 'm')).toBe('$20\r\n-9223372036854775808\r\n');
    expect(await c.call('HINCRBY', 'h', 'm', 'x')).toBe(NOT_INT);
    expect(await c.call('HINCRBY', 'h', 'm', '9223372036854775808')).toBe(NOT_INT);
    await c.call('HSET', 'h', 's', 'abc', 'z', '007');
    expect(await c.call('HINCRBY', 'h', 's', '1')).toBe('-ERR hash value is not an integer\r\n');
    expect(await c.call('HINCRBY', 'h', 'z', '1')).toBe('-ERR hash value is not an integer\r\n');
    expect(await c.call('HINCRBY', 'str', 'a', '1')).toBe(WRONGTYPE);
    expect(await c.call('HINCRBY', 'str', 'a', 'x')).toBe(NOT_INT);
  });

  it('long double arithmetic, formatting and errors', async () => {
    expect(await c.call('HINCRBYFLOAT', 'h', 'f', '10.5')).toBe('$4\r\n10.5\r\n');
    expect(await c.call('HINCRBYFLOAT', 'h', 'f', '0.1')).toBe('$4\r\n10.6\r\n');
    expect(await c.call('HINCRBYFLOAT', 'h', 'f', '-0.6')).toBe('$2\r\n10\r\n');
    expect(await c.call('HINCRBYFLOAT', 'h', 'f', '5.0e3')).toBe('$4\r\n5010\r\n');
    expect(await c.call('HINCRBY', 'h', 'f', '1')).toBe(':5011\r\n');
    expect(await c.call('HINCRBYFLOAT', 'h', 'f', 'x')).toBe('-ERR value is not a valid float\r\n');
    expect(await c.call('HINCRBYFLOAT', 'h', 'f', 'inf')).toBe('-ERR value is NaN or Infinity\r\n');
    expect(await c.call('HINCRBYFLOAT', 'str', 'f', 'inf')).toBe('-ERR value is NaN or Infinity\r\n');
    expect(await c.call('HINCRBYFLOAT', 'str', 'f', '1')).toBe(WRONGTYPE);
    await c.call('HSET', 'h', 's', 'abc', 'big', '1e4932');
    expect(await c.call('HINCRBYFLOAT', 'h', 's', '1')).toBe('-ERR hash value is not a float\r\n');
    expect(await c.call('HINCRBYFLOAT', 'h', 'big', '1e4932')).toBe('-ERR increment would produce NaN or Infinity\r\n');
    await c.call('HELLO', '3');
    // A bulk string in RESP3 too (not a double).
    expect(await c.call('HINCRBYFLOAT', 'h', 'g', '1.5')).toBe('$3\r\n1.5\r\n');
  });
});

describe('HRANDFIELD', () => {
  it('argument errors, as Redis 7.2', async () => {
    expect(await c.call('HRANDFIELD', 'h', 'x')).toBe(NOT_INT);
    expect(await c.call('HRANDFIELD', 'h', '-9223372036854775808')).toBe(
      '-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n',
    );
    expect(await c.call('HRANDFIELD', 'h', '-4611686018427387904', 'WITHVALUES')).toBe('-ERR value is out of range\r\n');
    expect(await c.call('HRANDFIELD', 'h', '4611686018427387904', 'WITHVALUES')).toBe('-ERR value is out of range\r\n');
    expect(await c.call('HRANDFIELD', 'h', '1', 'WITHVALUE')).toBe(SYNTAX);
    expect(await c.call('HRANDFIELD', 'h', '1', 'WITHVALUES', 'x')).toBe(SYNTAX);
    expect(await c.call('HRANDFIELD', 'h')).toBe('$-1\r\n');
    expect(await c.call('HRANDFIELD', 'h', '3')).toBe('*0\r\n');
    expect(await c.call('HRANDFIELD', 'str')).toBe(WRONGTYPE);
    expect(await c.call('HRANDFIELD', 'str', '1')).toBe(WRONGTYPE);
    await c.call('HELLO', '3');
    expect(await c.call('HRANDFIELD', 'h')).toBe('_\r\n');
  });

  it('RESP2 flat and RESP3 nested WITHVALUES', async () => {
    await c.call('HSET', 'h', 'a', '1', 'b', '2');
    expect(await c.call('HRANDFIELD', 'h', '5', 'WITHVALUES')).toBe('*4\r\n' + bulks('a', '1', 'b', '2'));
    expect(await c.call('HRANDFIELD', 'h', '0', 'WITHVALUES')).toBe('*0\r\n');
    const neg = await c.call('HRANDFIELD', 'h', '-3', 'WITHVALUES');
    expect(neg).toMatch(/^\*6\r\n(\$1\r\n(a\r\n\$1\r\n1|b\r\n\$1\r\n2)\r\n){3}$/);
    await c.call('HELLO', '3');
    expect(await c.call('HRANDFIELD', 'h', '5', 'WITHVALUES')).toBe('*2\r\n*2\r\n' + bulks('a', '1') + '*2\r\n' + bulks('b', '2'));
    const neg3 = await c.call('HRANDFIELD', 'h', '-3', 'WITHVALUES');
    expect(neg3).toMatch(/^\*3\r\n(\*2\r\n\$1\r\n(a\r\n\$1\r\n1|b\r\n\$1\r\n2)\r\n){3}$/);
    expect(await c.call('HRANDFIELD', 'h', '-2')).toMatch(/^\*2\r\n(\$1\r\n[ab]\r\n){2}$/);
  });

  it('distinct picks cover the hash, small ones keep listpack order', async () => {
    const args: string[] = [];
    for (let i = 0; i < 10; i++) args.push(`f${i}`, `${i}`);
    await c.call('HSET', 'h', ...args);
    const seen = new Set<string>();
    for (let round = 0; round < 200; round++) {
      const r = await c.call('HRANDFIELD', 'h', '3');
      const names = [...r.matchAll(/f(\d)/g)].map((m) => Number(m[1]));
      expect(names.length).toBe(3);
      expect(new Set(names).size).toBe(3);
      expect([...names].sort()).toEqual(names);
      for (const n of names) seen.add(String(n));
    }
    expect(seen.size).toBe(10);
    // Hashtable: distinct, any order.
    const big: string[] = [];
    for (let i = 0; i < 1000; i++) big.push(`g${i}`, `${i}`);
    await c.call('HSET', 'big', ...big);
    expect(hashAt('big').encoding()).toBe('hashtable');
    for (const n of [1, 10, 400, 999]) {
      const r = await c.call('HRANDFIELD', 'big', String(n), 'WITHVALUES');
      const pairs = [...r.matchAll(/\$\d+\r\ng(\d+)\r\n\$\d+\r\n(\d+)\r\n/g)];
      expect(pairs.length).toBe(n);
      expect(new Set(pairs.map((p) => p[1])).size).toBe(n);
      for (const p of pairs) expect(p[1]).toBe(p[2]);
    }
  });

  it('refuses a negative count whose reply cannot be built (Petrel)', async () => {
    // Redis would try to stream ~10^19 elements; Petrel caps replies it builds in memory.
    await c.call('HSET', 'h', 'a', '1');
    expect(await c.call('HRANDFIELD', 'h', '-9223372036854775807')).toBe('-ERR value is out of range\r\n');
    expect(await c.call('HRANDFIELD', 'h', '-4611686018427387903', 'WITHVALUES')).toBe('-ERR value is out of range\r\n');
    expect(await c.call('PING')).toBe('+PONG\r\n');
  });
});

describe('HSCAN', () => {
  it('listpack: everything at once, MATCH, errors, missing key', async () => {
    await c.call('HSET', 'h', 'a', '1', 'ab', '2', 'b', '3');
    const all = '*2\r\n$1\r\n0\r\n*6\r\n' + bulks('a', '1', 'ab', '2', 'b', '3');
    expect(await c.call('HSCAN', 'h', '0')).toBe(all);
    expect(await c.call('HSCAN', 'h', '99', 'COUNT', '1')).toBe(all);
    expect(await c.call('HSCAN', 'h', '0', 'MATCH', 'a*')).toBe('*2\r\n$1\r\n0\r\n*4\r\n' + bulks('a', '1', 'ab', '2'));
    expect(await c.call('HSCAN', 'h', 'x')).toBe('-ERR invalid cursor\r\n');
    expect(await c.call('HSCAN', 'h', '0', 'COUNT', '0')).toBe(SYNTAX);
    expect(await c.call('HSCAN', 'h', '0', 'COUNT', 'x')).toBe(NOT_INT);
    // NOVALUES arrived in 7.4.
    expect(await c.call('HSCAN', 'h', '0', 'NOVALUES')).toBe(SYNTAX);
    expect(await c.call('HSCAN', 'h', '0', 'TYPE', 'hash')).toBe(SYNTAX);
    expect(await c.call('HSCAN', 'none', '0', 'BOGUS')).toBe('*2\r\n$1\r\n0\r\n*0\r\n');
    expect(await c.call('HSCAN', 'str', '0')).toBe(WRONGTYPE);
    expect(await c.call('HSCAN', 'str', 'x')).toBe('-ERR invalid cursor\r\n');
    await c.call('HELLO', '3');
    expect(await c.call('HSCAN', 'h', '0')).toBe(all);
  });

  it('hashtable: every field present throughout is returned while the hash changes', async () => {
    const args: string[] = [];
    for (let i = 0; i < 2000; i++) args.push(`f${i}`, `v${i}`);
    await c.call('HSET', 'h', ...args);
    expect(hashAt('h').encoding()).toBe('hashtable');
    const seen = new Map<string, string>();
    let cursor = '0';
    let step = 0;
    do {
      const r = await c.call('HSCAN', 'h', cursor, 'COUNT', '37');
      const m = /^\*2\r\n\$\d+\r\n(\d+)\r\n\*(\d+)\r\n/.exec(r)!;
      cursor = m[1];
      const items = [...r.slice(m[0].length).matchAll(/\$\d+\r\n([^\r]*)\r\n/g)].map((x) => x[1]);
      expect(items.length).toBe(Number(m[2]));
      for (let i = 0; i < items.length; i += 2) seen.set(items[i], items[i + 1]);
      // Churn: delete some fields of the upper half, add new ones, update values.
      step++;
      await c.call('HDEL', 'h', `f${1000 + step}`, `f${1500 + step}`);
      await c.call('HSET', 'h', `new${step}`, 'x', `f${step % 1000}`, 'updated');
    } while (cursor !== '0' && step < 10000);
    expect(cursor).toBe('0');
    // Fields never deleted (f0..f1000 and the untouched upper ones) were all seen.
    for (let i = 0; i <= 1000; i++) expect(seen.has(`f${i}`)).toBe(true);
    for (let i = 1000 + step + 1; i < 1500; i++) expect(seen.has(`f${i}`)).toBe(true);
    // Values are those current when returned.
    for (const [f, v] of seen) if (f.startsWith('f')) expect(['updated', `v${f.slice(1)}`]).toContain(v);
  });

  it('a cursor used on another hash restarts that walk (never skips)', async () => {
    const args: string[] = [];
    for (let i = 0; i < 600; i++) args.push(`f${i}`, 'v');
    await c.call('HSET', 'a', ...args);
    await c.call('HSET', 'b', ...args);
    const r = await c.call('HSCAN', 'a', '0', 'COUNT', '10');
    const cursor = /^\*2\r\n\$\d+\r\n(\d+)\r\n/.exec(r)![1];
    expect(cursor).not.toBe('0');
    const seen = new Set<string>();
    let cur = cursor;
    let calls = 0;
    do {
      const rb = await c.call('HSCAN', 'b', cur, 'COUNT', '100');
      const m = /^\*2\r\n\$\d+\r\n(\d+)\r\n/.exec(rb)!;
      cur = m[1];
      for (const x of rb.matchAll(/\r\n(f\d+)\r\n/g)) seen.add(x[1]);
      calls++;
    } while (cur !== '0' && calls < 100);
    expect(seen.size).toBe(600);
  });
});

describe('encodings', () => {
  it('listpack until hash-max-listpack-entries / -value, then hashtable for good', async () => {
    const args: string[] = [];
    for (let i = 0; i < 512; i++) args.push(`f${i}`, `${i}`);
    await c.call('HSET', 'h', ...args);
    expect(await c.call('OBJECT', 'ENCODING', 'h')).toBe('$8\r\nlistpack\r\n');
    await c.call('HSET', 'h', 'x', '1');
    expect(await c.call('OBJECT', 'ENCODING', 'h')).toBe('$9\r\nhashtable\r\n');
    await c.call('HDEL', 'h', 'x', 'f1', 'f2', 'f3');
    expect(await c.call('OBJECT', 'ENCODING', 'h')).toBe('$9\r\nhashtable\r\n');
    await c.call('HSET', 'v', 'a', 'y'.repeat(64));
    expect(await c.call('OBJECT', 'ENCODING', 'v')).toBe('$8\r\nlistpack\r\n');
    await c.call('HSET', 'v', 'b', 'y'.repeat(65));
    expect(await c.call('OBJECT', 'ENCODING', 'v')).toBe('$9\r\nhashtable\r\n');
    expect(await c.call('HGET', 'v', 'a')).toBe(`$64\r\n${'y'.repeat(64)}\r\n`);
  });

  it('Redis 7.2: HSET with more pairs than the entry limit goes straight to hashtable, repeats or not', async () => {
    // 7.0 (the differential oracle) keeps this one-field hash a listpack.
    const args: string[] = [];
    for (let i = 0; i < 513; i++) args.push('f', `v${i}`);
    expect(await c.call('HSET', 'h', ...args)).toBe(':1\r\n');
    expect(await c.call('HGETALL', 'h')).toBe('*2\r\n' + bulks('f', 'v512'));
    expect(await c.call('OBJECT', 'ENCODING', 'h')).toBe('$9\r\nhashtable\r\n');
  });

  it('follows CONFIG SET of the thresholds at the next write', async () => {
    await c.call('HSET', 'h', 'a', '1', 'b', '2', 'c', '3');
    expect(await c.call('CONFIG', 'SET', 'hash-max-listpack-entries', '2')).toBe('+OK\r\n');
    expect(await c.call('OBJECT', 'ENCODING', 'h')).toBe('$8\r\nlistpack\r\n');
    await c.call('HSET', 'h', 'a', '9');
    // Redis checks the entry count only when a field is added.
    expect(await c.call('OBJECT', 'ENCODING', 'h')).toBe('$8\r\nlistpack\r\n');
    await c.call('HSET', 'h', 'd', '4');
    expect(await c.call('OBJECT', 'ENCODING', 'h')).toBe('$9\r\nhashtable\r\n');
    expect(await c.call('CONFIG', 'SET', 'hash-max-listpack-entries', '512', 'hash-max-listpack-value', '2')).toBe('+OK\r\n');
    await c.call('HSET', 'k', 'ab', '12');
    expect(await c.call('OBJECT', 'ENCODING', 'k')).toBe('$8\r\nlistpack\r\n');
    await c.call('HINCRBY', 'k', 'ab', '100');
    expect(await c.call('OBJECT', 'ENCODING', 'k')).toBe('$9\r\nhashtable\r\n');
    expect(await c.call('HGET', 'k', 'ab')).toBe('$3\r\n112\r\n');
    expect(await c.call('HGETALL', 'h')).toBe('*8\r\n' + bulks('a', '9', 'b', '2', 'c', '3', 'd', '4'));
  });

  it('COPY makes an independent deep copy', async () => {
    const args: string[] = [];
    for (let i = 0; i < 600; i++) args.push(`f${i}`, `${i}`);
    await c.call('HSET', 'big', ...args);
    await c.call('HSET', 'small', 'a', '1');
    expect(await c.call('COPY', 'big', 'big2')).toBe(':1\r\n');
    expect(await c.call('COPY', 'small', 'small2')).toBe(':1\r\n');
    await c.call('HDEL', 'big2', 'f0');
    await c.call('HSET', 'small2', 'a', '2');
    expect(await c.call('HLEN', 'big')).toBe(':600\r\n');
    expect(await c.call('HLEN', 'big2')).toBe(':599\r\n');
    expect(await c.call('HGET', 'small', 'a')).toBe('$1\r\n1\r\n');
    expect(await c.call('OBJECT', 'ENCODING', 'big2')).toBe('$9\r\nhashtable\r\n');
    expect(await c.call('OBJECT', 'ENCODING', 'small2')).toBe('$8\r\nlistpack\r\n');
  });
});

describe('keyspace bookkeeping', () => {
  it('counts dirty like Redis', async () => {
    const s = petrel.server;
    const d0 = s.dirty;
    await c.call('HSET', 'h', 'a', '1', 'a', '2', 'b', '3'); // 3 pairs
    expect(s.dirty - d0).toBe(3);
    await c.call('HSETNX', 'h', 'a', '1'); // nothing
    await c.call('HDEL', 'h', 'zz'); // nothing
    await c.call('HINCRBY', 'h', 'a', 'x'); // error
    expect(s.dirty - d0).toBe(3);
    await c.call('HSETNX', 'h', 'c', '1');
    await c.call('HDEL', 'h', 'a', 'b', 'zz');
    await c.call('HINCRBY', 'h', 'n', '1');
    await c.call('HINCRBYFLOAT', 'h', 'n', '1');
    await c.call('HMSET', 'h', 'x', '1');
    expect(s.dirty - d0).toBe(9);
  });

  it('counts keyspace hits and misses for reads', async () => {
    const st = petrel.server.keyspace.stats;
    await c.call('HSET', 'h', 'a', '1');
    const h = st.keyspaceHits;
    const m = st.keyspaceMisses;
    await c.call('HGET', 'h', 'a');
    await c.call('HMGET', 'nope', 'a');
    await c.call('HGETALL', 'h');
    await c.call('HSCAN', 'nope', '0');
    await c.call('HRANDFIELD', 'h');
    expect(st.keyspaceHits - h).toBe(3);
    expect(st.keyspaceMisses - m).toBe(2);
  });
});

describe('ioredis', () => {
  it('drives the hash commands (RESP3 via HELLO 3)', async () => {
    const r = new Redis(petrel.port, '127.0.0.1', { lazyConnect: true });
    await r.connect();
    try {
      expect(await r.hset('io:h', { a: '1', b: 'two' })).toBe(2);
      expect(await r.hget('io:h', 'a')).toBe('1');
      expect(await r.hgetall('io:h')).toEqual({ a: '1', b: 'two' });
      expect(await r.hmget('io:h', 'a', 'zz')).toEqual(['1', null]);
      expect(await r.hincrby('io:h', 'a', 5)).toBe(6);
      expect(await r.hincrbyfloat('io:h', 'a', '0.5')).toBe('6.5');
      expect(await r.hkeys('io:h')).toEqual(['a', 'b']);
      expect(await r.hvals('io:h')).toEqual(['6.5', 'two']);
      expect(await r.hlen('io:h')).toBe(2);
      expect(await r.hexists('io:h', 'b')).toBe(1);
      expect(await r.hstrlen('io:h', 'b')).toBe(3);
      expect(await r.hsetnx('io:h', 'b', 'x')).toBe(0);
      expect(await r.hscan('io:h', 0)).toEqual(['0', ['a', '6.5', 'b', 'two']]);
      expect(await r.hrandfield('io:h', 5)).toEqual(['a', 'b']);
      expect(await r.hdel('io:h', 'a', 'b')).toBe(2);
      expect(await r.exists('io:h')).toBe(0);
      await expect(r.hincrby('io:h', 'a', 'x' as unknown as number)).rejects.toThrow('ERR value is not an integer or out of range');
    } finally {
      r.disconnect();
    }
  });
});
