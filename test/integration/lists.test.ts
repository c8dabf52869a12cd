// List commands: exact reply bytes for every command, option and error, in
// RESP2 and RESP3; OBJECT ENCODING at Redis 7.2's listpack ⇄ quicklist
// conversion points (also after CONFIG SET); dirty counting; key deletion when
// a list empties; an ioredis pass. Redis 7.2 behaviours that the 7.0 oracle
// lacks (timeout "out of range", LPOS RANK LONG_MIN, listpack encoding) are
// asserted here.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { RawClient } from '../helpers/raw.js';
import { startPetrel } from '../helpers/server.js';
import type { PetrelServer } from '../../src/index.js';

let petrel: PetrelServer;
let c: RawClient;

const WRONGTYPE = '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n';
const NOT_INT = '-ERR value is not an integer or out of range\r\n';
const SYNTAX = '-ERR syntax error\r\n';

function bulks(...items: string[]): string {
  return `*${items.length}\r\n` + items.map((s) => `$${s.length}\r\n${s}\r\n`).join('');
}

async function enc(key: string): Promise<string> {
  return c.call('OBJECT', 'ENCODING', key);
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
  await c.call('HELLO', '2');
  await c.call('CONFIG', 'SET', 'list-max-listpack-size', '-2');
});

describe('push and pop', () => {
  it('LPUSH/RPUSH/LPUSHX/RPUSHX', async () => {
    expect(await c.call('LPUSH', 'l', 'a', 'b')).toBe(':2\r\n');
    expect(await c.call('RPUSH', 'l', 'c')).toBe(':3\r\n');
    expect(await c.call('LRANGE', 'l', '0', '-1')).toBe(bulks('b', 'a', 'c'));
    expect(await c.call('LPUSHX', 'nokey', 'a')).toBe(':0\r\n');
    expect(await c.call('RPUSHX', 'nokey', 'a', 'b')).toBe(':0\r\n');
    expect(await c.call('EXISTS', 'nokey')).toBe(':0\r\n');
    expect(await c.call('LPUSHX', 'l', 'x', 'y')).toBe(':5\r\n');
    expect(await c.call('RPUSHX', 'l', 'z')).toBe(':6\r\n');
    expect(await c.call('LRANGE', 'l', '0', '-1')).toBe(bulks('y', 'x', 'b', 'a', 'c', 'z'));
    await c.call('SET', 's', 'v');
    for (const cmd of ['LPUSH', 'RPUSH', 'LPUSHX', 'RPUSHX']) expect(await c.call(cmd, 's', 'a')).toBe(WRONGTYPE);
    expect(await c.call('LPUSH', 'l')).toBe("-ERR wrong number of arguments for 'lpush' command\r\n");
    expect(await c.call('TYPE', 'l')).toBe('+list\r\n');
  });

  it('binary-safe elements and integers keep their bytes', async () => {
    const bin = '\x00\xff\r\n\x80';
    await c.call('RPUSH', 'l', bin, '007', '-0', '12', '9223372036854775808', '');
    expect(await c.call('LRANGE', 'l', '0', '-1')).toBe(bulks(bin, '007', '-0', '12', '9223372036854775808', ''));
    expect(await c.call('LPOS', 'l', '12')).toBe(':3\r\n');
    expect(await c.call('LPOS', 'l', '7')).toBe('$-1\r\n');
    expect(await c.call('LREM', 'l', '0', '-0')).toBe(':1\r\n');
  });

  it('LPOP/RPOP with and without count, RESP2 and RESP3', async () => {
    await c.call('RPUSH', 'l', 'a', 'b', 'c', 'd', 'e');
    expect(await c.call('LPOP', 'l')).toBe('$1\r\na\r\n');
    expect(await c.call('RPOP', 'l')).toBe('$1\r\ne\r\n');
    expect(await c.call('LPOP', 'l', '2')).toBe(bulks('b', 'c'));
    expect(await c.call('LPOP', 'l', '0')).toBe('*0\r\n');
    expect(await c.call('RPOP', 'l', '10')).toBe(bulks('d'));
    expect(await c.call('EXISTS', 'l')).toBe(':0\r\n');
    expect(await c.call('LPOP', 'l')).toBe('$-1\r\n');
    expect(await c.call('LPOP', 'l', '1')).toBe('*-1\r\n');
    expect(await c.call('LPOP', 'l', '0')).toBe('*-1\r\n');
    expect(await c.call('LPOP', 'l', '-1')).toBe('-ERR value is out of range, must be positive\r\n');
    expect(await c.call('RPOP', 'l', 'x')).toBe('-ERR value is out of range, must be positive\r\n');
    expect(await c.call('LPOP', 'l', '1', '2')).toBe("-ERR wrong number of arguments for 'lpop' command\r\n");
    expect(await c.call('RPOP', 'l', '1', '2')).toBe("-ERR wrong number of arguments for 'rpop' command\r\n");
    await c.call('SET', 's', 'v');
    expect(await c.call('LPOP', 's')).toBe(WRONGTYPE);
    expect(await c.call('RPOP', 's', '0')).toBe(WRONGTYPE);
    await c.call('HELLO', '3');
    expect(await c.call('LPOP', 'nokey')).toBe('_\r\n');
    expect(await c.call('LPOP', 'nokey', '2')).toBe('_\r\n');
    await c.call('RPUSH', 'l', 'a', 'b');
    expect(await c.call('RPOP', 'l', '5')).toBe(bulks('b', 'a'));
  });

  it('dirty counts each element pushed or popped', async () => {
    const before = petrel.server.dirty;
    await c.call('RPUSH', 'l', 'a', 'b', 'c');
    await c.call('LPOP', 'l', '2');
    await c.call('LPUSHX', 'nokey', 'a');
    expect(petrel.server.dirty - before).toBe(5);
  });
});

describe('reads', () => {
  beforeEach(async () => {
    await c.call('RPUSH', 'l', 'a', 'b', 'c', 'a', 'b', 'c');
  });

  it('LLEN, LINDEX, LRANGE', async () => {
    expect(await c.call('LLEN', 'l')).toBe(':6\r\n');
    expect(await c.call('LLEN', 'nokey')).toBe(':0\r\n');
    expect(await c.call('LINDEX', 'l', '0')).toBe('$1\r\na\r\n');
    expect(await c.call('LINDEX', 'l', '-1')).toBe('$1\r\nc\r\n');
    expect(await c.call('LINDEX', 'l', '6')).toBe('$-1\r\n');
    expect(await c.call('LINDEX', 'l', '-7')).toBe('$-1\r\n');
    expect(await c.call('LINDEX', 'l', '99999999999999999999')).toBe(NOT_INT);
    expect(await c.call('LINDEX', 'nokey', 'x')).toBe('$-1\r\n');
    expect(await c.call('LRANGE', 'l', '1', '2')).toBe(bulks('b', 'c'));
    expect(await c.call('LRANGE', 'l', '-2', '100')).toBe(bulks('b', 'c'));
    expect(await c.call('LRANGE', 'l', '-100', '0')).toBe(bulks('a'));
    expect(await c.call('LRANGE', 'l', '3', '2')).toBe('*0\r\n');
    expect(await c.call('LRANGE', 'l', '6', '10')).toBe('*0\r\n');
    expect(await c.call('LRANGE', 'l', '-9223372036854775808', '9223372036854775807')).toBe(bulks('a', 'b', 'c', 'a', 'b', 'c'));
    expect(await c.call('LRANGE', 'nokey', '0', '-1')).toBe('*0\r\n');
    expect(await c.call('LRANGE', 'nokey', 'x', '-1')).toBe(NOT_INT);
    await c.call('SET', 's', 'v');
    expect(await c.call('LLEN', 's')).toBe(WRONGTYPE);
    expect(await c.call('LINDEX', 's', 'x')).toBe(WRONGTYPE);
    expect(await c.call('LRANGE', 's', '0', 'x')).toBe(NOT_INT);
    expect(await c.call('LRANGE', 's', '0', '1')).toBe(WRONGTYPE);
    await c.call('HELLO', '3');
    expect(await c.call('LINDEX', 'l', '10')).toBe('_\r\n');
  });

  it('LPOS with RANK, COUNT, MAXLEN and their errors', async () => {
    expect(await c.call('LPOS', 'l', 'b')).toBe(':1\r\n');
    expect(await c.call('LPOS', 'l', 'b', 'RANK', '2')).toBe(':4\r\n');
    expect(await c.call('LPOS', 'l', 'b', 'RANK', '-1')).toBe(':4\r\n');
    expect(await c.call('LPOS', 'l', 'b', 'RANK', '-2')).toBe(':1\r\n');
    expect(await c.call('LPOS', 'l', 'b', 'RANK', '3')).toBe('$-1\r\n');
    expect(await c.call('LPOS', 'l', 'b', 'COUNT', '0')).toBe('*2\r\n:1\r\n:4\r\n');
    expect(await c.call('LPOS', 'l', 'b', 'COUNT', '1')).toBe('*1\r\n:1\r\n');
    expect(await c.call('LPOS', 'l', 'b', 'COUNT', '0', 'RANK', '-1')).toBe('*2\r\n:4\r\n:1\r\n');
    expect(await c.call('LPOS', 'l', 'c', 'MAXLEN', '3')).toBe(':2\r\n');
    expect(await c.call('LPOS', 'l', 'c', 'MAXLEN', '2')).toBe('$-1\r\n');
    expect(await c.call('LPOS', 'l', 'c', 'RANK', '-1', 'MAXLEN', '1')).toBe(':5\r\n');
    expect(await c.call('LPOS', 'l', 'zz', 'COUNT', '3')).toBe('*0\r\n');
    expect(await c.call('LPOS', 'nokey', 'a')).toBe('$-1\r\n');
    expect(await c.call('LPOS', 'nokey', 'a', 'COUNT', '1')).toBe('*0\r\n');
    expect(await c.call('LPOS', 'l', 'a', 'RANK', '0')).toBe(
      "-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list\r\n",
    );
    // Redis 7.2 rejects LONG_MIN (7.0 accepted it).
    expect(await c.call('LPOS', 'l', 'a', 'RANK', '-9223372036854775808')).toBe(
      '-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n',
    );
    expect(await c.call('LPOS', 'l', 'a', 'RANK', '-9223372036854775807')).toBe('$-1\r\n');
    expect(await c.call('LPOS', 'l', 'a', 'RANK', 'x')).toBe(NOT_INT);
    expect(await c.call('LPOS', 'l', 'a', 'COUNT', '-1')).toBe("-ERR COUNT can't be negative\r\n");
    expect(await c.call('LPOS', 'l', 'a', 'COUNT', 'x')).toBe("-ERR COUNT can't be negative\r\n");
    expect(await c.call('LPOS', 'l', 'a', 'MAXLEN', '-1')).toBe("-ERR MAXLEN can't be negative\r\n");
    expect(await c.call('LPOS', 'l', 'a', 'RANK')).toBe(SYNTAX);
    expect(await c.call('LPOS', 'l', 'a', 'FOO', '1')).toBe(SYNTAX);
    await c.call('SET', 's', 'v');
    expect(await c.call('LPOS', 's', 'a')).toBe(WRONGTYPE);
    expect(await c.call('LPOS', 's', 'a', 'RANK', '0')).toContain('RANK');
    await c.call('HELLO', '3');
    expect(await c.call('LPOS', 'l', 'zz')).toBe('_\r\n');
    expect(await c.call('LPOS', 'l', 'zz', 'COUNT', '0')).toBe('*0\r\n');
  });
});

describe('in-place edits', () => {
  beforeEach(async () => {
    await c.call('RPUSH', 'l', 'a', 'b', 'c', 'a', 'b', 'c');
  });

  it('LSET', async () => {
    expect(await c.call('LSET', 'l', '0', 'A')).toBe('+OK\r\n');
    expect(await c.call('LSET', 'l', '-1', 'C')).toBe('+OK\r\n');
    expect(await c.call('LRANGE', 'l', '0', '-1')).toBe(bulks('A', 'b', 'c', 'a', 'b', 'C'));
    expect(await c.call('LSET', 'l', '6', 'x')).toBe('-ERR index out of range\r\n');
    expect(await c.call('LSET', 'l', '-7', 'x')).toBe('-ERR index out of range\r\n');
    expect(await c.call('LSET', 'l', 'x', 'x')).toBe(NOT_INT);
    expect(await c.call('LSET', 'nokey', '0', 'x')).toBe('-ERR no such key\r\n');
    expect(await c.call('LSET', 'nokey', 'x', 'x')).toBe('-ERR no such key\r\n');
    await c.call('SET', 's', 'v');
    expect(await c.call('LSET', 's', '0', 'x')).toBe(WRONGTYPE);
  });

  it('LINSERT', async () => {
    expect(await c.call('LINSERT', 'l', 'BEFORE', 'b', 'X')).toBe(':7\r\n');
    expect(await c.call('LINSERT', 'l', 'after', 'c', 'Y')).toBe(':8\r\n');
    expect(await c.call('LRANGE', 'l', '0', '-1')).toBe(bulks('a', 'X', 'b', 'c', 'Y', 'a', 'b', 'c'));
    expect(await c.call('LINSERT', 'l', 'before', 'zz', 'X')).toBe(':-1\r\n');
    expect(await c.call('LINSERT', 'nokey', 'before', 'a', 'X')).toBe(':0\r\n');
    expect(await c.call('LINSERT', 'l', 'middle', 'a', 'X')).toBe(SYNTAX);
    expect(await c.call('LINSERT', 'nokey', 'middle', 'a', 'X')).toBe(SYNTAX);
    await c.call('SET', 's', 'v');
    expect(await c.call('LINSERT', 's', 'before', 'a', 'X')).toBe(WRONGTYPE);
  });

  it('LREM', async () => {
    expect(await c.call('LREM', 'l', '1', 'b')).toBe(':1\r\n');
    expect(await c.call('LRANGE', 'l', '0', '-1')).toBe(bulks('a', 'c', 'a', 'b', 'c'));
    expect(await c.call('LREM', 'l', '-1', 'a')).toBe(':1\r\n');
    expect(await c.call('LRANGE', 'l', '0', '-1')).toBe(bulks('a', 'c', 'b', 'c'));
    expect(await c.call('LREM', 'l', '0', 'c')).toBe(':2\r\n');
    expect(await c.call('LREM', 'l', '-9223372036854775808', 'a')).toBe(':1\r\n');
    expect(await c.call('LREM', 'l', '0', 'zz')).toBe(':0\r\n');
    expect(await c.call('LREM', 'l', '0', 'b')).toBe(':1\r\n');
    expect(await c.call('EXISTS', 'l')).toBe(':0\r\n');
    expect(await c.call('LREM', 'nokey', '0', 'a')).toBe(':0\r\n');
    expect(await c.call('LREM', 'nokey', 'x', 'a')).toBe(NOT_INT);
    await c.call('SET', 's', 'v');
    expect(await c.call('LREM', 's', '0', 'a')).toBe(WRONGTYPE);
  });

  it('LTRIM', async () => {
    expect(await c.call('LTRIM', 'l', '1', '-2')).toBe('+OK\r\n');
    expect(await c.call('LRANGE', 'l', '0', '-1')).toBe(bulks('b', 'c', 'a', 'b'));
    expect(await c.call('LTRIM', 'l', '-100', '100')).toBe('+OK\r\n');
    expect(await c.call('LLEN', 'l')).toBe(':4\r\n');
    expect(await c.call('LTRIM', 'l', '0', '-5')).toBe('+OK\r\n');
    expect(await c.call('EXISTS', 'l')).toBe(':0\r\n');
    expect(await c.call('LTRIM', 'nokey', '0', '1')).toBe('+OK\r\n');
    expect(await c.call('LTRIM', 'nokey', 'x', '1')).toBe(NOT_INT);
    await c.call('SET', 's', 'v');
    expect(await c.call('LTRIM', 's', '0', '1')).toBe(WRONGTYPE);
  });
});

describe('moves and LMPOP', () => {
  it('LMOVE and RPOPLPUSH, including a list onto itself', async () => {
    await c.call('RPUSH', 'src', 'a', 'b', 'c');
    expect(await c.call('LMOVE', 'src', 'dst', 'LEFT', 'RIGHT')).toBe('$1\r\na\r\n');
    expect(await c.call('LMOVE', 'src', 'dst', 'right', 'left')).toBe('$1\r\nc\r\n');
    expect(await c.call('LRANGE', 'dst', '0', '-1')).toBe(bulks('c', 'a'));
    expect(await c.call('RPOPLPUSH', 'dst', 'dst')).toBe('$1\r\na\r\n');
    expect(await c.call('LRANGE', 'dst', '0', '-1')).toBe(bulks('a', 'c'));
    expect(await c.call('RPOPLPUSH', 'src', 'dst')).toBe('$1\r\nb\r\n');
    expect(await c.call('EXISTS', 'src')).toBe(':0\r\n');
    expect(await c.call('RPOPLPUSH', 'src', 'dst')).toBe('$-1\r\n');
    expect(await c.call('LMOVE', 'src', 'dst', 'up', 'left')).toBe(SYNTAX);
    expect(await c.call('LMOVE', 'src', 'dst', 'left', 'down')).toBe(SYNTAX);
    await c.call('SET', 's', 'v');
    expect(await c.call('LMOVE', 's', 'dst', 'left', 'left')).toBe(WRONGTYPE);
    expect(await c.call('LMOVE', 'dst', 's', 'left', 'left')).toBe(WRONGTYPE);
    expect(await c.call('LLEN', 'dst')).toBe(':3\r\n'); // nothing popped on a WRONGTYPE destination
    expect(await c.call('LMOVE', 'nokey', 's', 'left', 'left')).toBe('$-1\r\n');
    await c.call('HELLO', '3');
    expect(await c.call('LMOVE', 'nokey', 'x', 'left', 'left')).toBe('_\r\n');
  });

  it('LMPOP', async () => {
    await c.call('RPUSH', 'l2', 'a', 'b', 'c');
    expect(await c.call('LMPOP', '2', 'l1', 'l2', 'LEFT')).toBe('*2\r\n$2\r\nl2\r\n' + bulks('a'));
    expect(await c.call('LMPOP', '2', 'l1', 'l2', 'RIGHT', 'COUNT', '5')).toBe('*2\r\n$2\r\nl2\r\n' + bulks('c', 'b'));
    expect(await c.call('EXISTS', 'l2')).toBe(':0\r\n');
    expect(await c.call('LMPOP', '2', 'l1', 'l2', 'LEFT')).toBe('*-1\r\n');
    expect(await c.call('LMPOP', '0', 'l1', 'LEFT')).toBe('-ERR numkeys should be greater than 0\r\n');
    expect(await c.call('LMPOP', 'x', 'l1', 'LEFT')).toBe('-ERR numkeys should be greater than 0\r\n');
    expect(await c.call('LMPOP', '2', 'l1', 'LEFT')).toBe(SYNTAX);
    expect(await c.call('LMPOP', '1', 'l1', 'UP')).toBe(SYNTAX);
    expect(await c.call('LMPOP', '1', 'l1', 'LEFT', 'COUNT', '0')).toBe('-ERR count should be greater than 0\r\n');
    expect(await c.call('LMPOP', '1', 'l1', 'LEFT', 'COUNT', '1', 'COUNT', '1')).toBe(SYNTAX);
    expect(await c.call('LMPOP', '1', 'l1', 'LEFT', 'COUNT')).toBe(SYNTAX);
    expect(await c.call('LMPOP', '1', 'l1')).toBe("-ERR wrong number of arguments for 'lmpop' command\r\n");
    await c.call('SET', 's', 'v');
    await c.call('RPUSH', 'l3', 'x');
    expect(await c.call('LMPOP', '2', 's', 'l3', 'LEFT')).toBe(WRONGTYPE);
    expect(await c.call('LMPOP', '2', 'l3', 's', 'LEFT')).toBe('*2\r\n$2\r\nl3\r\n' + bulks('x'));
    await c.call('HELLO', '3');
    expect(await c.call('LMPOP', '1', 'nokey', 'LEFT')).toBe('_\r\n');
    await c.call('RPUSH', 'l3', 'x');
    expect(await c.call('LMPOP', '1', 'l3', 'LEFT')).toBe('*2\r\n$2\r\nl3\r\n' + bulks('x'));
  });
});

describe('blocking commands that need not block', () => {
  it('serve at once from the first non-empty key', async () => {
    await c.call('RPUSH', 'l2', 'a', 'b');
    expect(await c.call('BLPOP', 'l1', 'l2', '0')).toBe(bulks('l2', 'a'));
    expect(await c.call('BRPOP', 'l1', 'l2', '0')).toBe(bulks('l2', 'b'));
    await c.call('RPUSH', 'l2', 'a', 'b');
    expect(await c.call('BLMOVE', 'l2', 'l3', 'LEFT', 'LEFT', '0')).toBe('$1\r\na\r\n');
    expect(await c.call('BRPOPLPUSH', 'l2', 'l3', '0')).toBe('$1\r\nb\r\n');
    expect(await c.call('BLMPOP', '0', '2', 'l1', 'l3', 'RIGHT', 'COUNT', '2')).toBe('*2\r\n$2\r\nl3\r\n' + bulks('a', 'b'));
  });

  it('timeout parsing (Redis 7.2 texts)', async () => {
    const notFloat = '-ERR timeout is not a float or out of range\r\n';
    const negative = '-ERR timeout is negative\r\n';
    const range = '-ERR timeout is out of range\r\n';
    for (const t of ['abc', '', ' 1', '1 ', 'nan', '1e', '0x', '1e5000', '1e-5000']) expect(await c.call('BLPOP', 'l', t)).toBe(notFloat);
    for (const t of ['-1', '-0.001', '-inf', '-0x1p2']) expect(await c.call('BLPOP', 'l', t)).toBe(negative);
    // Redis 7.0 answered "timeout is negative" to these (an overflowing cast).
    for (const t of ['inf', '+Infinity', '1e100', '1e400', '9223372036854775', '9223372036854775807']) expect(await c.call('BLPOP', 'l', t)).toBe(range);
    expect(await c.call('BLMOVE', 'a', 'b', 'LEFT', 'LEFT', 'x')).toBe(notFloat);
    expect(await c.call('BLMOVE', 'a', 'b', 'UP', 'LEFT', 'x')).toBe(SYNTAX);
    expect(await c.call('BRPOPLPUSH', 'a', 'b', '-1')).toBe(negative);
    expect(await c.call('BLMPOP', 'x', '0', 'l', 'LEFT')).toBe('-ERR numkeys should be greater than 0\r\n');
    expect(await c.call('BLMPOP', 'x', '1', 'l', 'LEFT')).toBe(notFloat);
    expect(await c.call('BLMPOP', '0', '1', 'l', 'LEFT', 'COUNT', '0')).toBe('-ERR count should be greater than 0\r\n');
    // Short and tiny timeouts are timeouts, not "forever".
    expect(await c.call('BLPOP', 'l', '0.001')).toBe('*-1\r\n');
    expect(await c.call('BLPOP', 'l', '1e-400')).toBe('*-1\r\n');
    expect(await c.call('BLPOP', 'l', '0x.01')).toBe('*-1\r\n');
    expect(await c.call('BRPOPLPUSH', 'l', 'x', '0.001')).toBe('*-1\r\n');
    await c.call('HELLO', '3');
    expect(await c.call('BLPOP', 'l', '0.001')).toBe('_\r\n');
    expect(await c.call('BLMOVE', 'l', 'x', 'LEFT', 'RIGHT', '0.001')).toBe('_\r\n');
    expect(await c.call('BLMPOP', '0.001', '1', 'l', 'LEFT')).toBe('_\r\n');
  });

  it('WRONGTYPE on the first existing non-list key', async () => {
    await c.call('SET', 's', 'v');
    await c.call('RPUSH', 'l', 'a');
    expect(await c.call('BLPOP', 's', 'l', '0')).toBe(WRONGTYPE);
    expect(await c.call('BLPOP', 'l', 's', '0')).toBe(bulks('l', 'a'));
    expect(await c.call('BLMOVE', 's', 'x', 'LEFT', 'LEFT', '0')).toBe(WRONGTYPE);
    expect(await c.call('BLMPOP', '0', '1', 's', 'LEFT')).toBe(WRONGTYPE);
  });

  it('inside MULTI they answer as on timeout', async () => {
    expect(await c.call('MULTI')).toBe('+OK\r\n');
    await c.call('BLPOP', 'l', '0');
    await c.call('BLMOVE', 'l', 'x', 'LEFT', 'LEFT', '0');
    await c.call('BLMPOP', '0', '1', 'l', 'LEFT');
    expect(await c.call('EXEC')).toBe('*3\r\n*-1\r\n$-1\r\n*-1\r\n');
  });
});

describe('OBJECT ENCODING', () => {
  it('listpack while small, quicklist past the byte limit, back at half', async () => {
    await c.call('RPUSH', 'l', 'a');
    expect(await enc('l')).toBe('$8\r\nlistpack\r\n');
    // 1637 elements of "xxx" fill 8190 bytes; one more crosses 8192.
    const args = Array.from({ length: 1636 }, () => 'xxx');
    await c.call('RPUSH', 'l', ...args);
    expect(await enc('l')).toBe('$8\r\nlistpack\r\n');
    await c.call('RPUSH', 'l', 'xxx');
    expect(await enc('l')).toBe('$9\r\nquicklist\r\n');
    // Two nodes until the tail node goes; then one node of about 8 KiB stays quicklist.
    await c.call('RPOP', 'l');
    expect(await enc('l')).toBe('$9\r\nquicklist\r\n');
    // Down to half of 8 KiB: listpack again.
    await c.call('RPOP', 'l', '900');
    expect(await enc('l')).toBe('$8\r\nlistpack\r\n');
  });

  it('follows CONFIG SET list-max-listpack-size (count and size forms)', async () => {
    expect(await c.call('CONFIG', 'SET', 'list-max-listpack-size', '3')).toBe('+OK\r\n');
    await c.call('RPUSH', 'l', 'a', 'b', 'c');
    expect(await enc('l')).toBe('$8\r\nlistpack\r\n');
    await c.call('LINSERT', 'l', 'AFTER', 'b', 'x');
    expect(await enc('l')).toBe('$9\r\nquicklist\r\n');
    await c.call('DEL', 'l');
    await c.call('RPUSH', 'l', 'a', 'b', 'c', 'd');
    expect(await enc('l')).toBe('$9\r\nquicklist\r\n');
    await c.call('RPOP', 'l', '3');
    expect(await enc('l')).toBe('$8\r\nlistpack\r\n');
    await c.call('DEL', 'l');
    await c.call('RPUSH', 'l', 'a', 'a', 'a', 'd');
    await c.call('LREM', 'l', '3', 'a');
    expect(await enc('l')).toBe('$8\r\nlistpack\r\n');
    await c.call('DEL', 'l');
    await c.call('RPUSH', 'l', 'a', 'b', 'c', 'd');
    await c.call('LTRIM', 'l', '1', '1');
    expect(await enc('l')).toBe('$8\r\nlistpack\r\n');

    await c.call('CONFIG', 'SET', 'list-max-listpack-size', '-1');
    const large = 'x'.repeat(8192);
    await c.call('DEL', 'l');
    await c.call('RPUSH', 'l', 'a', 'b', 'c');
    await c.call('LSET', 'l', '0', large);
    expect(await enc('l')).toBe('$9\r\nquicklist\r\n');
    await c.call('DEL', 'l');
    await c.call('RPUSH', 'l', large, 'a', 'b');
    await c.call('RPOP', 'l', '2');
    expect(await enc('l')).toBe('$9\r\nquicklist\r\n');
    await c.call('LSET', 'l', '-1', 'c');
    expect(await enc('l')).toBe('$8\r\nlistpack\r\n');
    // LMOVE into a listpack with a large element converts the destination.
    await c.call('RPUSH', 'src', 'a', 'b', 'c', large);
    await c.call('RPUSH', 'dst', 'd', 'e', 'f');
    await c.call('LMOVE', 'src', 'dst', 'RIGHT', 'RIGHT');
    expect(await enc('dst')).toBe('$9\r\nquicklist\r\n');
    expect(await enc('src')).toBe('$8\r\nlistpack\r\n');

    await c.call('CONFIG', 'SET', 'list-max-listpack-size', '0');
    await c.call('DEL', 'l');
    await c.call('RPUSH', 'l', 'a');
    expect(await enc('l')).toBe('$8\r\nlistpack\r\n');
    await c.call('RPUSH', 'l', 'b');
    expect(await enc('l')).toBe('$9\r\nquicklist\r\n');
  });

  it('COPY keeps the encoding and makes an independent list', async () => {
    await c.call('CONFIG', 'SET', 'list-max-listpack-size', '2');
    await c.call('RPUSH', 'l', 'a', 'b', 'c');
    expect(await c.call('COPY', 'l', 'l2')).toBe(':1\r\n');
    await c.call('RPOP', 'l');
    expect(await c.call('LRANGE', 'l2', '0', '-1')).toBe(bulks('a', 'b', 'c'));
    expect(await enc('l2')).toBe('$9\r\nquicklist\r\n');
  });
});

describe('ioredis', () => {
  it('round-trips lists over RESP3', async () => {
    const r = new Redis(petrel.port, '127.0.0.1');
    try {
      expect(await r.rpush('q', 'a', 'b', 'c')).toBe(3);
      expect(await r.lrange('q', 0, -1)).toEqual(['a', 'b', 'c']);
      expect(await r.lpop('q', 2)).toEqual(['a', 'b']);
      expect(await r.blpop('q', 1)).toEqual(['q', 'c']);
      expect(await r.blpop('q', 0.01)).toBeNull();
      expect(await r.lmpop(1, 'q', 'LEFT')).toBeNull();
    } finally {
      r.disconnect();
    }
  });
});
