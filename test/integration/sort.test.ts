// SORT and SORT_RO: exact reply bytes for every option and error, on lists,
// sets and sorted sets, RESP2 and RESP3; STORE's list, its encoding and the
// dirty counter; key extraction.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw.js';
import { startPetrel } from '../helpers/server.js';
import type { PetrelServer } from '../../src/index.js';

let petrel: PetrelServer;
let c: RawClient;

const SYNTAX = '-ERR syntax error\r\n';
const NOT_INT = '-ERR value is not an integer or out of range\r\n';
const WRONGTYPE = '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n';
const SCORE_ERR = "-ERR One or more scores can't be converted into double\r\n";

function bulk(s: string): string {
  return `$${s.length}\r\n${s}\r\n`;
}
function arr(...items: (string | null)[]): string {
  return `*${items.length}\r\n` + items.map((s) => (s === null ? '$-1\r\n' : bulk(s))).join('');
}
function int(n: number): string {
  return `:${n}\r\n`;
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
  await c.call('SADD', 'iset', '3', '1', '10', '2');
  await c.call('SADD', 'lset', 'b', 'a', 'C', '10');
  await c.call('RPUSH', 'list', '3', '1.5', '-2', '10', '1.5', 'inf');
  await c.call('MSET', 'w_1', '30', 'w_2', '20', 'w_3', '10', 'w_10', '20', 'name_1', 'one', 'name_3', 'three');
  await c.call('HSET', 'h_1', 'f', '9', 'g', 'x');
  await c.call('HSET', 'h_10', 'f', '-1');
  await c.call('SET', 'str', 'x');
});

describe('sorting', () => {
  it('numerically by default, ties broken by the element bytes', async () => {
    expect(await c.call('SORT', 'iset')).toBe(arr('1', '2', '3', '10'));
    expect(await c.call('SORT', 'iset', 'DESC')).toBe(arr('10', '3', '2', '1'));
    expect(await c.call('SORT', 'iset', 'desc', 'asc')).toBe(arr('1', '2', '3', '10'));
    expect(await c.call('SORT', 'list')).toBe(arr('-2', '1.5', '1.5', '3', '10', 'inf'));
    await c.call('RPUSH', 'ties', '1.0', '1', '01', '1e0', ' 1', '');
    expect(await c.call('SORT', 'ties')).toBe(arr('', ' 1', '01', '1', '1.0', '1e0'));
    expect(await c.call('SORT', 'ties', 'DESC')).toBe(arr('1e0', '1.0', '1', '01', ' 1', ''));
    expect(await c.call('SORT', 'lset')).toBe(SCORE_ERR);
    expect(await c.call('SORT_RO', 'iset', 'DESC')).toBe(arr('10', '3', '2', '1'));
  });

  it('ALPHA compares bytes (up to a NUL, as strcoll; whole strings with STORE)', async () => {
    expect(await c.call('SORT', 'lset', 'ALPHA')).toBe(arr('10', 'C', 'a', 'b'));
    expect(await c.call('SORT', 'lset', 'ALPHA', 'DESC')).toBe(arr('b', 'a', 'C', '10'));
    expect(await c.call('SORT', 'iset', 'ALPHA')).toBe(arr('1', '10', '2', '3'));
    await c.call('RPUSH', 'nul', 'a\x00c', 'a\x00b', 'a', '\xff', 'a\x00a');
    // Equal up to the NUL: the stable sort keeps their order.
    expect(await c.call('SORT', 'nul', 'ALPHA')).toBe(arr('a\x00c', 'a\x00b', 'a', 'a\x00a', '\xff'));
    expect(await c.call('SORT', 'nul', 'ALPHA', 'STORE', 'dst')).toBe(int(5));
    expect(await c.call('LRANGE', 'dst', '0', '-1')).toBe(arr('a', 'a\x00a', 'a\x00b', 'a\x00c', '\xff'));
  });

  it('LIMIT offset count, clamped as Redis does', async () => {
    expect(await c.call('SORT', 'iset', 'LIMIT', '1', '2')).toBe(arr('2', '3'));
    expect(await c.call('SORT', 'iset', 'LIMIT', '-5', '2')).toBe(arr('1', '2'));
    expect(await c.call('SORT', 'iset', 'LIMIT', '2', '-1')).toBe(arr('3', '10'));
    expect(await c.call('SORT', 'iset', 'LIMIT', '2', '100')).toBe(arr('3', '10'));
    expect(await c.call('SORT', 'iset', 'LIMIT', '4', '1')).toBe('*0\r\n');
    expect(await c.call('SORT', 'iset', 'LIMIT', '9223372036854775807', '9223372036854775807')).toBe('*0\r\n');
    expect(await c.call('SORT', 'iset', 'LIMIT', '0', '0')).toBe('*0\r\n');
    expect(await c.call('SORT', 'iset', 'LIMIT', '1', '2', 'DESC')).toBe(arr('3', '2'));
    expect(await c.call('SORT', 'iset', 'LIMIT', '0', '1', 'LIMIT', '3', '1')).toBe(arr('10'));
  });

  it('BY a pattern: string keys and hash fields, missing weights count as 0', async () => {
    // w_3=10, w_2=20, w_10=20, w_1=30: the 20s tie and fall back to the element bytes.
    expect(await c.call('SORT', 'iset', 'BY', 'w_*')).toBe(arr('3', '10', '2', '1'));
    expect(await c.call('SORT', 'iset', 'BY', 'w_*', 'DESC')).toBe(arr('1', '2', '10', '3'));
    expect(await c.call('SORT', 'iset', 'BY', 'h_*->f')).toBe(arr('10', '2', '3', '1'));
    expect(await c.call('SORT', 'iset', 'BY', 'nosuch_*')).toBe(arr('1', '10', '2', '3'));
    // A hash field whose value is not a number, a string key read as a hash: errors / missing.
    expect(await c.call('SORT', 'iset', 'BY', 'h_*->g')).toBe(SCORE_ERR);
    expect(await c.call('SORT', 'iset', 'BY', 'w_*->f')).toBe(arr('1', '10', '2', '3'));
    expect(await c.call('SORT', 'iset', 'BY', 'h_*')).toBe(arr('1', '10', '2', '3'));
    // "->" with nothing after it is part of the key name.
    await c.call('SET', 'x1->', '5');
    expect(await c.call('SORT', 'iset', 'BY', 'x*->', 'LIMIT', '0', '1', 'DESC')).toBe(arr('1'));
    expect(await c.call('SORT', 'iset', 'BY', 'w_*', 'LIMIT', '1', '2')).toBe(arr('10', '2'));
  });

  it('BY with ALPHA: missing weights sort first', async () => {
    expect(await c.call('SORT', 'iset', 'BY', 'name_*', 'ALPHA')).toBe(arr('2', '10', '1', '3'));
    expect(await c.call('SORT', 'iset', 'BY', 'name_*', 'ALPHA', 'DESC')).toBe(arr('3', '1', '2', '10'));
    expect(await c.call('SORT', 'lset', 'BY', 'nosuch_*', 'ALPHA')).toBe(arr('b', 'a', 'C', '10'));
  });

  it('BY a constant skips sorting: set order, list order (DESC reverses), LIMIT applies', async () => {
    expect(await c.call('SORT', 'iset', 'BY', 'nosort')).toBe(arr('1', '2', '3', '10'));
    expect(await c.call('SORT', 'lset', 'BY', 'nosort')).toBe(arr('b', 'a', 'C', '10'));
    expect(await c.call('SORT', 'lset', 'BY', 'nosort', 'DESC')).toBe(arr('b', 'a', 'C', '10'));
    expect(await c.call('SORT', 'list', 'BY', 'nosort')).toBe(arr('3', '1.5', '-2', '10', '1.5', 'inf'));
    expect(await c.call('SORT', 'list', 'BY', 'nosort', 'DESC')).toBe(arr('inf', '1.5', '10', '-2', '1.5', '3'));
    expect(await c.call('SORT', 'list', 'BY', 'nosort', 'LIMIT', '1', '2')).toBe(arr('1.5', '-2'));
    expect(await c.call('SORT', 'list', 'BY', 'nosort', 'DESC', 'LIMIT', '1', '2')).toBe(arr('1.5', '10'));
    expect(await c.call('SORT', 'list', 'BY', 'nosort', 'LIMIT', '10', '2')).toBe('*0\r\n');
    // A later BY with a '*' does not undo "no sorting".
    expect(await c.call('SORT', 'list', 'BY', 'nosort', 'BY', 'w_*')).toBe(arr('3', '1.5', '-2', '10', '1.5', 'inf'));
    // A '*' after a NUL byte does not count.
    expect(await c.call('SORT', 'lset', 'BY', 'x\x00*')).toBe(arr('b', 'a', 'C', '10'));
  });

  it('GET patterns: #, string keys, hash fields, missing values', async () => {
    expect(await c.call('SORT', 'iset', 'GET', '#', 'GET', 'name_*', 'GET', 'h_*->f')).toBe(
      arr('1', 'one', '9', '2', null, null, '3', 'three', null, '10', null, '-1'),
    );
    expect(await c.call('SORT', 'iset', 'GET', 'nostar', 'LIMIT', '0', '2')).toBe(arr(null, null));
    expect(await c.call('SORT', 'iset', 'GET', 'str', 'GET', '#', 'LIMIT', '0', '1')).toBe(arr(null, '1'));
    expect(await c.call('SORT', 'iset', 'BY', 'w_*', 'GET', 'w_*', 'DESC')).toBe(arr('30', '20', '20', '10'));
    expect(await c.call('SORT', 'iset', 'GET', 'lset', 'GET', 'h_*', 'LIMIT', '0', '1')).toBe(arr(null, null));
    await c.call('HELLO', '3');
    expect(await c.call('SORT', 'iset', 'GET', 'name_*', 'LIMIT', '0', '2')).toBe('*2\r\n$3\r\none\r\n_\r\n');
  });

  it('missing keys, wrong types and syntax errors', async () => {
    expect(await c.call('SORT', 'nokey')).toBe('*0\r\n');
    expect(await c.call('SORT', 'nokey', 'GET', '#', 'GET', 'x')).toBe('*0\r\n');
    expect(await c.call('SORT', 'str')).toBe(WRONGTYPE);
    expect(await c.call('SORT', 'h_1')).toBe(WRONGTYPE);
    // Options are checked before the key.
    expect(await c.call('SORT', 'str', 'foo')).toBe(SYNTAX);
    expect(await c.call('SORT', 'iset', 'LIMIT', '0')).toBe(SYNTAX);
    expect(await c.call('SORT', 'iset', 'LIMIT', 'a', 'b')).toBe(NOT_INT);
    expect(await c.call('SORT', 'iset', 'LIMIT', '0', 'a')).toBe(NOT_INT);
    expect(await c.call('SORT', 'str', 'LIMIT', '0', 'a')).toBe(NOT_INT);
    expect(await c.call('SORT', 'iset', 'GET')).toBe(SYNTAX);
    expect(await c.call('SORT', 'iset', 'BY')).toBe(SYNTAX);
    expect(await c.call('SORT', 'iset', 'STORE')).toBe(SYNTAX);
    expect(await c.call('SORT_RO', 'iset', 'STORE', 'dst')).toBe(SYNTAX);
    expect(await c.call('SORT')).toBe("-ERR wrong number of arguments for 'sort' command\r\n");
    expect(await c.call('SORT_RO')).toBe("-ERR wrong number of arguments for 'sort_ro' command\r\n");
  });
});

describe('sorted sets', () => {
  it('sort by member like any element; BY a constant keeps score order; SORT converts to a skiplist', async () => {
    await c.call('ZADD', 'zs', '3', 'c', '1', '10', '2', 'b', '1', '2', '-1', 'a');
    expect(await c.call('OBJECT', 'ENCODING', 'zs')).toBe(bulk('listpack'));
    expect(await c.call('SORT_RO', 'zs', 'ALPHA')).toBe(arr('10', '2', 'a', 'b', 'c'));
    // Redis converts the sorted set before sorting, even for SORT_RO.
    expect(await c.call('OBJECT', 'ENCODING', 'zs')).toBe(bulk('skiplist'));
    expect(await c.call('SORT', 'zs')).toBe(SCORE_ERR);
    expect(await c.call('SORT', 'zs', 'BY', 'nosort')).toBe(arr('a', '10', '2', 'b', 'c'));
    expect(await c.call('SORT', 'zs', 'BY', 'nosort', 'DESC')).toBe(arr('c', 'b', '2', '10', 'a'));
    expect(await c.call('SORT', 'zs', 'BY', 'nosort', 'LIMIT', '1', '2')).toBe(arr('10', '2'));
    expect(await c.call('SORT', 'zs', 'BY', 'nosort', 'DESC', 'LIMIT', '1', '2')).toBe(arr('b', '2'));
    expect(await c.call('SORT', 'zs', 'BY', 'w_*', 'GET', '#', 'GET', 'w_*')).toBe(arr('a', null, 'b', null, 'c', null, '10', '20', '2', '20'));
    expect(await c.call('SORT', 'zs', 'BY', 'nosort', 'STORE', 'dst')).toBe(int(5));
    expect(await c.call('LRANGE', 'dst', '0', '-1')).toBe(arr('a', '10', '2', 'b', 'c'));
  });
});

describe('STORE', () => {
  it('stores a list, replaces any value, drops its TTL, counts dirty per element', async () => {
    await c.call('SET', 'dst', 'old', 'EX', '100');
    const d0 = petrel.server.dirty;
    expect(await c.call('SORT', 'iset', 'STORE', 'dst')).toBe(int(4));
    expect(petrel.server.dirty - d0).toBe(4);
    expect(await c.call('LRANGE', 'dst', '0', '-1')).toBe(arr('1', '2', '3', '10'));
    expect(await c.call('TTL', 'dst')).toBe(int(-1));
    expect(await c.call('OBJECT', 'ENCODING', 'dst')).toBe(bulk('listpack'));
    expect(await c.call('SORT', 'iset', 'GET', '#', 'GET', 'name_*', 'STORE', 'dst')).toBe(int(8));
    expect(await c.call('LRANGE', 'dst', '0', '-1')).toBe(arr('1', 'one', '2', '', '3', 'three', '10', ''));
  });

  it('an empty result deletes the destination', async () => {
    await c.call('SET', 'dst', 'old');
    const d0 = petrel.server.dirty;
    expect(await c.call('SORT', 'nokey', 'STORE', 'dst')).toBe(int(0));
    expect(petrel.server.dirty - d0).toBe(1);
    expect(await c.call('EXISTS', 'dst')).toBe(int(0));
    expect(await c.call('SORT', 'iset', 'LIMIT', '0', '0', 'STORE', 'dst')).toBe(int(0));
    expect(petrel.server.dirty - d0).toBe(1);
  });

  it('a set sorted BY a constant into a key is sorted ALPHA (deterministic order)', async () => {
    expect(await c.call('SORT', 'lset', 'BY', 'nosort', 'STORE', 'dst')).toBe(int(4));
    expect(await c.call('LRANGE', 'dst', '0', '-1')).toBe(arr('10', 'C', 'a', 'b'));
    expect(await c.call('SORT', 'list', 'BY', 'nosort', 'STORE', 'dst')).toBe(int(6));
    expect(await c.call('LRANGE', 'dst', '0', '-1')).toBe(arr('3', '1.5', '-2', '10', '1.5', 'inf'));
  });

  it('the stored list is a listpack only when it fits half a node (7.2); the score error stores nothing', async () => {
    const many = Array.from({ length: 300 }, (_, i) => String(i));
    await c.call('RPUSH', 'big', ...many);
    expect(await c.call('SORT', 'big', 'STORE', 'dst')).toBe(int(300));
    expect(await c.call('OBJECT', 'ENCODING', 'dst')).toBe(bulk('listpack'));
    await c.call('RPUSH', 'wide', ...many.map((m) => m.padStart(30, 'x')));
    expect(await c.call('SORT', 'wide', 'ALPHA', 'STORE', 'dst')).toBe(int(300));
    expect(await c.call('OBJECT', 'ENCODING', 'dst')).toBe(bulk('quicklist'));
    expect(await c.call('LLEN', 'dst')).toBe(int(300));
    expect(await c.call('LINDEX', 'dst', '0')).toBe(bulk('x'.repeat(27) + '100'));
    expect(await c.call('SORT', 'lset', 'STORE', 'dst2')).toBe(SCORE_ERR);
    expect(await c.call('EXISTS', 'dst2')).toBe(int(0));
  });

  it('COMMAND GETKEYS names the sorted key and the last STORE destination', async () => {
    expect(await c.call('COMMAND', 'GETKEYS', 'SORT', 'k', 'BY', 'w_*', 'GET', '#', 'STORE', 'd')).toBe(arr('k', 'd'));
    expect(await c.call('COMMAND', 'GETKEYS', 'SORT', 'k', 'STORE', 'd', 'STORE', 'e')).toBe(arr('k', 'e'));
    expect(await c.call('COMMAND', 'GETKEYS', 'SORT', 'k')).toBe(arr('k'));
    expect(await c.call('COMMAND', 'GETKEYS', 'SORT_RO', 'k', 'BY', 'x')).toBe(arr('k'));
  });
});
