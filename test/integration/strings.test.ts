// String commands: exact reply bytes for every command, option and error, in
// RESP2 and RESP3; TTL effects and the dirty counter checked on the keyspace;
// large values grown through APPEND/SETRANGE; an ioredis sanity pass.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { RawClient } from '../helpers/raw.js';
import { startPetrel } from '../helpers/server.js';
import type { PetrelServer } from '../../src/index.js';
import { MutableString, type RedisObject } from '../../src/data/values.js';

let petrel: PetrelServer;
let c: RawClient;

const fakeList: RedisObject = { type: 'list', encoding: () => 'listpack' };
const WRONGTYPE = '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n';
const NOT_INT = '-ERR value is not an integer or out of range\r\n';
const SYNTAX = '-ERR syntax error\r\n';
const NIL2 = '$-1\r\n';

function db() {
  return petrel.server.keyspace.dbs[0];
}

beforeAll(async () => {
  petrel = await startPetrel({ 'proto-max-bulk-len': 1024 * 1024 });
  c = await RawClient.connect(petrel.port);
});

afterAll(async () => {
  c.close();
  await petrel.close();
});

beforeEach(async () => {
  petrel.server.keyspace.flushAll();
  expect(await c.call('HELLO', '2')).toMatch(/^\*14\r\n/);
  db().set('lst', fakeList);
});

describe('GET / SET', () => {
  it('stores and returns values, binary safe', async () => {
    expect(await c.call('GET', 'k')).toBe(NIL2);
    expect(await c.call('SET', 'k', 'hello')).toBe('+OK\r\n');
    expect(await c.call('GET', 'k')).toBe('$5\r\nhello\r\n');
    expect(await c.call('SET', 'b', Buffer.from([0, 0xff, 13, 10]))).toBe('+OK\r\n');
    expect(await c.call('GET', 'b')).toBe('$4\r\n\x00\xff\r\n\r\n');
    expect(await c.call('SET', 'n', '007')).toBe('+OK\r\n');
    expect(await c.call('GET', 'n')).toBe('$3\r\n007\r\n');
    expect(await c.call('GET', 'lst')).toBe(WRONGTYPE);
    expect(await c.call('SET', 'k')).toBe("-ERR wrong number of arguments for 'set' command\r\n");
  });

  it('NX / XX / GET and their replies', async () => {
    expect(await c.call('SET', 'k', 'a', 'NX')).toBe('+OK\r\n');
    expect(await c.call('SET', 'k', 'b', 'NX')).toBe(NIL2);
    expect(await c.call('SET', 'x', 'b', 'XX')).toBe(NIL2);
    expect(await c.call('SET', 'k', 'b', 'XX', 'GET')).toBe('$1\r\na\r\n');
    expect(await c.call('SET', 'k', 'c', 'NX', 'GET')).toBe('$1\r\nb\r\n');
    expect(await c.call('GET', 'k')).toBe('$1\r\nb\r\n');
    expect(await c.call('SET', 'y', 'v', 'GET')).toBe(NIL2);
    expect(await c.call('SET', 'k', 'v', 'NX', 'XX')).toBe(SYNTAX);
    expect(await c.call('SET', 'k', 'v', 'EX', '1', 'PX', '1')).toBe(SYNTAX);
    expect(await c.call('SET', 'k', 'v', 'KEEPTTL', 'EX', '1')).toBe(SYNTAX);
    expect(await c.call('SET', 'k', 'v', 'EX')).toBe(SYNTAX);
    expect(await c.call('SET', 'k', 'v', 'PERSIST')).toBe(SYNTAX);
    expect(await c.call('SET', 'lst', 'v', 'GET')).toBe(WRONGTYPE);
    expect(await c.call('SET', 'lst', 'v', 'NX')).toBe(NIL2);
  });

  it('expiry errors name the command and come before WRONGTYPE', async () => {
    expect(await c.call('SET', 'k', 'v', 'EX', '0')).toBe("-ERR invalid expire time in 'set' command\r\n");
    expect(await c.call('SET', 'k', 'v', 'PX', '-1')).toBe("-ERR invalid expire time in 'set' command\r\n");
    expect(await c.call('SET', 'k', 'v', 'EX', '9223372036854775807')).toBe("-ERR invalid expire time in 'set' command\r\n");
    expect(await c.call('SET', 'k', 'v', 'EX', '9223372036854775')).toBe("-ERR invalid expire time in 'set' command\r\n");
    expect(await c.call('SET', 'k', 'v', 'PX', '9223372036854775807')).toBe("-ERR invalid expire time in 'set' command\r\n");
    expect(await c.call('SET', 'k', 'v', 'EX', 'ten')).toBe(NOT_INT);
    expect(await c.call('SET', 'lst', 'v', 'GET', 'EX', '0')).toBe("-ERR invalid expire time in 'set' command\r\n");
    expect(await c.call('SETEX', 'k', '0', 'v')).toBe("-ERR invalid expire time in 'setex' command\r\n");
    expect(await c.call('PSETEX', 'k', '-3', 'v')).toBe("-ERR invalid expire time in 'psetex' command\r\n");
    expect(await c.call('GETEX', 'lst', 'EX', '0')).toBe(WRONGTYPE);
    expect(await c.call('SET', 'k', 'v')).toBe('+OK\r\n');
    expect(await c.call('GETEX', 'k', 'EX', '0')).toBe("-ERR invalid expire time in 'getex' command\r\n");
    expect(db().getExpire('k')).toBeUndefined();
  });

  it('sets, keeps and clears TTLs', async () => {
    const now = petrel.server.keyspace.now;
    expect(await c.call('SET', 'k', 'v', 'EX', '100')).toBe('+OK\r\n');
    const t1 = db().getExpire('k')!;
    expect(t1 - Date.now()).toBeGreaterThan(98_000);
    expect(t1 - Date.now()).toBeLessThanOrEqual(100_000);
    expect(await c.call('SET', 'k', 'v2', 'KEEPTTL')).toBe('+OK\r\n');
    expect(db().getExpire('k')).toBe(t1);
    expect(await c.call('SET', 'k', 'v3', 'PXAT', String(now + 5_000_000))).toBe('+OK\r\n');
    expect(db().getExpire('k')).toBe(now + 5_000_000);
    expect(await c.call('SET', 'k', 'v4')).toBe('+OK\r\n');
    expect(db().getExpire('k')).toBeUndefined();
    expect(await c.call('SET', 'k', 'v', 'EXAT', '9223372036854775')).toBe('+OK\r\n');
    expect(db().getExpire('k')).toBe(9223372036854775000);
    // An absolute time in the past: OK, and the key is gone.
    expect(await c.call('SET', 'k', 'v', 'PXAT', '1')).toBe('+OK\r\n');
    expect(await c.call('GET', 'k')).toBe(NIL2);
    expect(db().size).toBe(1);
  });

  it('SETNX / SETEX / PSETEX', async () => {
    expect(await c.call('SETNX', 'k', 'a')).toBe(':1\r\n');
    expect(await c.call('SETNX', 'k', 'b')).toBe(':0\r\n');
    expect(await c.call('SETNX', 'lst', 'b')).toBe(':0\r\n');
    expect(await c.call('SETEX', 'k', '10', 'v')).toBe('+OK\r\n');
    expect(db().getExpire('k')! - Date.now()).toBeGreaterThan(9000);
    expect(await c.call('PSETEX', 'k', '1500', 'w')).toBe('+OK\r\n');
    expect(db().getExpire('k')! - Date.now()).toBeLessThanOrEqual(1500);
    expect(await c.call('GET', 'k')).toBe('$1\r\nw\r\n');
    expect(await c.call('SETEX', 'k', 'x', 'v')).toBe(NOT_INT);
  });
});

describe('GETEX / GETDEL / GETSET', () => {
  it('GETEX sets, persists and deletes', async () => {
    expect(await c.call('GETEX', 'missing', 'EX', '0')).toBe(NIL2);
    expect(await c.call('GETEX', 'missing', 'FOO')).toBe(SYNTAX);
    expect(await c.call('SET', 'k', 'v')).toBe('+OK\r\n');
    expect(await c.call('GETEX', 'k', 'PX', '50000')).toBe('$1\r\nv\r\n');
    expect(db().getExpire('k')).toBeDefined();
    expect(await c.call('GETEX', 'k')).toBe('$1\r\nv\r\n');
    expect(db().getExpire('k')).toBeDefined();
    expect(await c.call('GETEX', 'k', 'PERSIST')).toBe('$1\r\nv\r\n');
    expect(db().getExpire('k')).toBeUndefined();
    expect(await c.call('GETEX', 'k', 'EX', '10', 'PERSIST')).toBe(SYNTAX);
    expect(await c.call('GETEX', 'k', 'KEEPTTL')).toBe(SYNTAX);
    expect(await c.call('GETEX', 'k', 'EXAT', '1')).toBe('$1\r\nv\r\n');
    expect(db().peek('k')).toBeUndefined();
    expect(await c.call('GETEX', 'lst')).toBe(WRONGTYPE);
  });

  it('GETDEL and GETSET', async () => {
    expect(await c.call('SET', 'k', 'v', 'EX', '100')).toBe('+OK\r\n');
    expect(await c.call('GETSET', 'k', 'w')).toBe('$1\r\nv\r\n');
    expect(db().getExpire('k')).toBeUndefined();
    expect(await c.call('GETDEL', 'k')).toBe('$1\r\nw\r\n');
    expect(await c.call('GETDEL', 'k')).toBe(NIL2);
    expect(await c.call('GETSET', 'k', 'x')).toBe(NIL2);
    expect(await c.call('GETSET', 'lst', 'x')).toBe(WRONGTYPE);
    expect(await c.call('GETDEL', 'lst')).toBe(WRONGTYPE);
  });
});

describe('MGET / MSET / MSETNX', () => {
  it('replies', async () => {
    expect(await c.call('MSET', 'a', '1', 'b', 'two')).toBe('+OK\r\n');
    expect(await c.call('MGET', 'a', 'b', 'missing', 'lst')).toBe('*4\r\n$1\r\n1\r\n$3\r\ntwo\r\n$-1\r\n$-1\r\n');
    expect(await c.call('MSET', 'a', '1', 'b')).toBe("-ERR wrong number of arguments for 'mset' command\r\n");
    expect(await c.call('MSETNX', 'a', '1', 'b')).toBe("-ERR wrong number of arguments for 'msetnx' command\r\n");
    expect(await c.call('MSETNX', 'c', '1', 'a', '2')).toBe(':0\r\n');
    expect(await c.call('GET', 'c')).toBe(NIL2);
    expect(await c.call('MSETNX', 'c', '1', 'd', '2')).toBe(':1\r\n');
    expect(await c.call('MSETNX', 'lst', '1')).toBe(':0\r\n');
  });
});

describe('counters', () => {
  it('INCR family over the 64-bit range', async () => {
    expect(await c.call('INCR', 'c')).toBe(':1\r\n');
    expect(await c.call('DECRBY', 'c', '5')).toBe(':-4\r\n');
    expect(await c.call('SET', 'c', '9223372036854775806')).toBe('+OK\r\n');
    expect(await c.call('INCR', 'c')).toBe(':9223372036854775807\r\n');
    expect(await c.call('INCR', 'c')).toBe('-ERR increment or decrement would overflow\r\n');
    expect(await c.call('GET', 'c')).toBe('$19\r\n9223372036854775807\r\n');
    expect(await c.call('SET', 'c', '-9223372036854775808')).toBe('+OK\r\n');
    expect(await c.call('DECR', 'c')).toBe('-ERR increment or decrement would overflow\r\n');
    expect(await c.call('DECRBY', 'c', '-9223372036854775808')).toBe('-ERR decrement would overflow\r\n');
    expect(await c.call('INCRBY', 'c', '9223372036854775807')).toBe(':-1\r\n');
    expect(await c.call('INCRBY', 'c', '9223372036854775808')).toBe(NOT_INT);
    expect(await c.call('SET', 's', '9007199254740991')).toBe('+OK\r\n');
    expect(await c.call('INCRBY', 's', '2')).toBe(':9007199254740993\r\n');
    expect(await c.call('GET', 's')).toBe('$16\r\n9007199254740993\r\n');
    expect(await c.call('DECRBY', 's', '3')).toBe(':9007199254740990\r\n');
    expect(db().peek('s')).toBe(9007199254740990);
    expect(await c.call('SET', 's', ' 1')).toBe('+OK\r\n');
    expect(await c.call('INCR', 's')).toBe(NOT_INT);
    expect(await c.call('INCR', 'lst')).toBe(WRONGTYPE);
    expect(await c.call('INCRBY', 'lst', 'x')).toBe(NOT_INT);
  });

  it('INCR keeps the TTL', async () => {
    expect(await c.call('SET', 'c', '1', 'EX', '100')).toBe('+OK\r\n');
    const t = db().getExpire('c');
    expect(await c.call('INCR', 'c')).toBe(':2\r\n');
    expect(db().getExpire('c')).toBe(t);
  });

  it('INCRBYFLOAT replies a bulk string in both protocols and keeps the TTL', async () => {
    expect(await c.call('INCRBYFLOAT', 'f', '10.5')).toBe('$4\r\n10.5\r\n');
    expect(await c.call('INCRBYFLOAT', 'f', '0.1')).toBe('$4\r\n10.6\r\n');
    expect(await c.call('SET', 'f', '5.0e3', 'EX', '100')).toBe('+OK\r\n');
    const t = db().getExpire('f');
    expect(await c.call('INCRBYFLOAT', 'f', '2.0e2')).toBe('$4\r\n5200\r\n');
    expect(db().getExpire('f')).toBe(t);
    expect(await c.call('INCRBYFLOAT', 'f', 'x')).toBe('-ERR value is not a valid float\r\n');
    expect(await c.call('INCRBYFLOAT', 'f', 'inf')).toBe('-ERR increment would produce NaN or Infinity\r\n');
    expect(await c.call('INCRBYFLOAT', 'lst', '1')).toBe(WRONGTYPE);
    expect(await c.call('HELLO', '3')).toMatch(/^%7\r\n/);
    expect(await c.call('INCRBYFLOAT', 'f', '0.5')).toBe('$6\r\n5200.5\r\n');
  });
});

describe('ranges and lengths', () => {
  it('GETRANGE / SUBSTR', async () => {
    expect(await c.call('SET', 'k', 'Hello World')).toBe('+OK\r\n');
    expect(await c.call('GETRANGE', 'k', '0', '4')).toBe('$5\r\nHello\r\n');
    expect(await c.call('GETRANGE', 'k', '-5', '-1')).toBe('$5\r\nWorld\r\n');
    expect(await c.call('GETRANGE', 'k', '5', '3')).toBe('$0\r\n\r\n');
    expect(await c.call('GETRANGE', 'k', '-1', '-5')).toBe('$0\r\n\r\n');
    // Redis 7.2 (as 7.0) clamps an end before the start of the string to 0.
    expect(await c.call('GETRANGE', 'k', '0', '-100')).toBe('$1\r\nH\r\n');
    expect(await c.call('GETRANGE', 'k', '-100', '-99')).toBe('$1\r\nH\r\n');
    expect(await c.call('GETRANGE', 'k', '-9223372036854775807', '-9223372036854775808')).toBe('$0\r\n\r\n');
    expect(await c.call('GETRANGE', 'k', '0', '9223372036854775807')).toBe('$11\r\nHello World\r\n');
    expect(await c.call('GETRANGE', 'missing', '0', '-1')).toBe('$0\r\n\r\n');
    expect(await c.call('GETRANGE', 'k', 'a', '1')).toBe(NOT_INT);
    expect(await c.call('GETRANGE', 'lst', '0', '1')).toBe(WRONGTYPE);
    expect(await c.call('SUBSTR', 'k', '6', '-1')).toBe('$5\r\nWorld\r\n');
    expect(await c.call('SET', 'n', '12345')).toBe('+OK\r\n');
    expect(await c.call('GETRANGE', 'n', '1', '2')).toBe('$2\r\n23\r\n');
  });

  it('SETRANGE pads, checks offsets and the size limit', async () => {
    expect(await c.call('SETRANGE', 'k', '3', 'ab')).toBe(':5\r\n');
    expect(await c.call('GET', 'k')).toBe('$5\r\n\x00\x00\x00ab\r\n');
    expect(await c.call('SETRANGE', 'k', '0', 'xyz')).toBe(':5\r\n');
    expect(await c.call('GET', 'k')).toBe('$5\r\nxyzab\r\n');
    expect(await c.call('SETRANGE', 'k', '1', '')).toBe(':5\r\n');
    expect(await c.call('SETRANGE', 'missing', '1', '')).toBe(':0\r\n');
    expect(await c.call('SETRANGE', 'k', '-1', 'x')).toBe('-ERR offset is out of range\r\n');
    expect(await c.call('SETRANGE', 'lst', '-1', 'x')).toBe('-ERR offset is out of range\r\n');
    expect(await c.call('SETRANGE', 'lst', '0', 'x')).toBe(WRONGTYPE);
    expect(await c.call('SETRANGE', 'k', 'x', 'x')).toBe(NOT_INT);
    // proto-max-bulk-len is 1 MiB in this server.
    expect(await c.call('SETRANGE', 'k', String(1024 * 1024), 'x')).toBe('-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n');
    expect(await c.call('SETRANGE', 'k', String(1024 * 1024 - 1), 'x')).toBe(`:${1024 * 1024}\r\n`);
    expect(await c.call('APPEND', 'k', 'y')).toBe('-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n');
    expect(await c.call('STRLEN', 'k')).toBe(`:${1024 * 1024}\r\n`);
  });

  it('APPEND / STRLEN', async () => {
    expect(await c.call('APPEND', 'k', 'ab')).toBe(':2\r\n');
    expect(await c.call('APPEND', 'k', 'cd')).toBe(':4\r\n');
    expect(await c.call('STRLEN', 'k')).toBe(':4\r\n');
    expect(await c.call('STRLEN', 'missing')).toBe(':0\r\n');
    expect(await c.call('STRLEN', 'lst')).toBe(WRONGTYPE);
    expect(await c.call('APPEND', 'lst', 'x')).toBe(WRONGTYPE);
    expect(await c.call('SET', 'n', '10', 'EX', '100')).toBe('+OK\r\n');
    expect(await c.call('APPEND', 'n', '5')).toBe(':3\r\n');
    expect(db().getExpire('n')).toBeDefined();
    expect(await c.call('INCR', 'n')).toBe(':106\r\n');
  });

  it('grows big values in place and reads them back', async () => {
    let expected = '';
    for (let i = 0; i < 2000; i++) {
      const piece = `p${i};`;
      expected += piece;
      c.send('APPEND', 'big', piece);
    }
    const replies = await c.read(2000);
    expect(replies.endsWith(`:${expected.length}\r\n`)).toBe(true);
    expect(db().peek('big')).toBeInstanceOf(MutableString);
    expect(await c.call('GET', 'big')).toBe(`$${expected.length}\r\n${expected}\r\n`);
    expect(await c.call('GETRANGE', 'big', '-6', '-1')).toBe(`$6\r\n${expected.slice(-6)}\r\n`);
    expect(await c.call('SETRANGE', 'big', '2', 'ZZ')).toBe(`:${expected.length}\r\n`);
    expected = expected.slice(0, 2) + 'ZZ' + expected.slice(4);
    expect(await c.call('SETRANGE', 'big', String(expected.length + 3), 'T')).toBe(`:${expected.length + 4}\r\n`);
    expected += '\0\0\0T';
    expect(await c.call('GET', 'big')).toBe(`$${expected.length}\r\n${expected}\r\n`);
    expect(await c.call('MGET', 'big')).toBe(`*1\r\n$${expected.length}\r\n${expected}\r\n`);
    expect(await c.call('SET', 'big', 'small')).toBe('+OK\r\n');
    expect(await c.call('GET', 'big')).toBe('$5\r\nsmall\r\n');
  });
});

describe('LCS', () => {
  beforeEach(async () => {
    expect(await c.call('MSET', 'a', 'ohmytext', 'b', 'mynewtext')).toBe('+OK\r\n');
  });

  it('string, LEN and errors', async () => {
    expect(await c.call('LCS', 'a', 'b')).toBe('$6\r\nmytext\r\n');
    expect(await c.call('LCS', 'a', 'b', 'LEN')).toBe(':6\r\n');
    expect(await c.call('LCS', 'a', 'missing')).toBe('$0\r\n\r\n');
    expect(await c.call('LCS', 'a', 'b', 'LEN', 'IDX')).toBe('-ERR If you want both the length and indexes, please just use IDX.\r\n');
    expect(await c.call('LCS', 'a', 'lst')).toBe('-ERR The specified keys must contain string values\r\n');
    expect(await c.call('LCS', 'a', 'b', 'MINMATCHLEN')).toBe(SYNTAX);
    expect(await c.call('LCS', 'a', 'b', 'MINMATCHLEN', 'x')).toBe(NOT_INT);
  });

  it('IDX in RESP2 and RESP3', async () => {
    const matches2 =
      '*2\r\n' +
      '*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n' +
      '*3\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n:2\r\n';
    expect(await c.call('LCS', 'a', 'b', 'IDX', 'WITHMATCHLEN')).toBe('*4\r\n$7\r\nmatches\r\n' + matches2 + '$3\r\nlen\r\n:6\r\n');
    expect(await c.call('LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '4')).toBe('*4\r\n$7\r\nmatches\r\n*1\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n$3\r\nlen\r\n:6\r\n');
    expect(await c.call('HELLO', '3')).toMatch(/^%7\r\n/);
    expect(await c.call('LCS', 'a', 'b', 'IDX', 'WITHMATCHLEN')).toBe('%2\r\n$7\r\nmatches\r\n' + matches2 + '$3\r\nlen\r\n:6\r\n');
    expect(await c.call('GET', 'missing')).toBe('_\r\n');
  });

  it('refuses a table larger than proto-max-bulk-len', async () => {
    expect(await c.call('MSET', 'x', 'a'.repeat(600), 'y', 'b'.repeat(600))).toBe('+OK\r\n');
    expect(await c.call('LCS', 'x', 'y', 'LEN')).toBe('-ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len\r\n');
  });
});

describe('keyspace bookkeeping', () => {
  it('counts dirty like Redis', async () => {
    const s = petrel.server;
    const d0 = s.dirty;
    await c.call('MSET', 'a', '1', 'b', '2', 'a', '3');
    expect(s.dirty - d0).toBe(3);
    await c.call('SET', 'a', 'x', 'NX');
    expect(s.dirty - d0).toBe(3);
    await c.call('SETRANGE', 'a', '0', '');
    await c.call('GETEX', 'a');
    await c.call('GETEX', 'a', 'PERSIST');
    expect(s.dirty - d0).toBe(3);
    await c.call('GETEX', 'a', 'EX', '100');
    await c.call('GETEX', 'a', 'PERSIST');
    await c.call('INCR', 'n');
    await c.call('APPEND', 'n', '1');
    await c.call('GETDEL', 'n');
    await c.call('GETDEL', 'n');
    expect(s.dirty - d0).toBe(8);
  });

  it('counts keyspace hits and misses for reads', async () => {
    const st = petrel.server.keyspace.stats;
    await c.call('SET', 'a', '1');
    const h = st.keyspaceHits;
    const m = st.keyspaceMisses;
    await c.call('MGET', 'a', 'nope', 'a');
    await c.call('GET', 'nope');
    await c.call('STRLEN', 'a');
    expect(st.keyspaceHits - h).toBe(3);
    expect(st.keyspaceMisses - m).toBe(2);
  });
});

describe('ioredis', () => {
  it('drives the string commands', async () => {
    const r = new Redis(petrel.port, '127.0.0.1', { lazyConnect: true });
    await r.connect();
    try {
      expect(await r.set('io:k', 'v', 'EX', 100)).toBe('OK');
      expect(await r.get('io:k')).toBe('v');
      expect(await r.set('io:k', 'w', 'NX')).toBeNull();
      expect(await r.set('io:k', 'w', 'GET')).toBe('v');
      expect(await r.incrby('io:c', 5)).toBe(5);
      expect(await r.incrbyfloat('io:c', '0.5')).toBe('5.5');
      expect(await r.mset({ 'io:a': '1', 'io:b': '2' })).toBe('OK');
      expect(await r.mget('io:a', 'io:b', 'io:none')).toEqual(['1', '2', null]);
      expect(await r.append('io:a', 'xyz')).toBe(4);
      expect(await r.getrange('io:a', 1, -1)).toBe('xyz');
      expect(await r.setrange('io:a', 6, '!')).toBe(7);
      expect(await r.strlen('io:a')).toBe(7);
      expect(await r.getdel('io:b')).toBe('2');
      expect(await r.getex('io:a', 'PERSIST')).toBe('1xyz\x00\x00!');
      expect(await r.call('LCS', 'io:a', 'io:k', 'LEN')).toBe(0);
      const idx = (await r.call('LCS', 'io:a', 'io:a', 'IDX')) as unknown;
      expect(idx).toEqual(['matches', [[[0, 6], [0, 6]]], 'len', 7]);
      await expect(r.incr('io:k')).rejects.toThrow('ERR value is not an integer or out of range');
    } finally {
      r.disconnect();
    }
  });
});
