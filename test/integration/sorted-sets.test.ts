// Sorted set commands: exact reply bytes in RESP2 and RESP3 for each command,
// option and error, with the Redis 7.2 behaviour that the 7.0 differential
// oracle cannot show (score formatting like "1.1", ZRANK/ZREVRANK WITHSCORE,
// ZADD's size hint choosing the encoding); encodings and CONFIG SET of the
// thresholds; dirty counts; keyspace events; ZSCAN's guarantee while the set
// changes; blocking pops (timeout, MULTI, wake-up); an ioredis pass.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { RawClient } from '../helpers/raw.js';
import { startPetrel } from '../helpers/server.js';
import type { PetrelServer } from '../../src/index.js';

let petrel: PetrelServer;
let c: RawClient;

const WRONGTYPE = '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n';
const SYNTAX = '-ERR syntax error\r\n';

function bulk(s: string): string {
  return `$${s.length}\r\n${s}\r\n`;
}
function arr(...items: string[]): string {
  return `*${items.length}\r\n` + items.map(bulk).join('');
}
function int(n: number): string {
  return `:${n}\r\n`;
}
/** RESP3 array of [member, double] pairs. */
function pairs3(...mv: [string, string][]): string {
  return `*${mv.length}\r\n` + mv.map(([m, v]) => `*2\r\n${bulk(m)},${v}\r\n`).join('');
}
const range = (n: number, prefix = '') => Array.from({ length: n }, (_, i) => prefix + i);
function zpairs(n: number, prefix = 'm'): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(String(i), prefix + i);
  return out;
}
async function enc(key: string): Promise<string> {
  return await c.call('OBJECT', 'ENCODING', key);
}
const LISTPACK = bulk('listpack');
const SKIPLIST = bulk('skiplist');

beforeAll(async () => {
  petrel = await startPetrel();
  c = await RawClient.connect(petrel.port);
});
afterAll(async () => {
  c.close();
  await petrel.close();
});
beforeEach(async () => {
  await c.call('HELLO', '2');
  await c.call('FLUSHALL');
  await c.call('CONFIG', 'SET', 'zset-max-listpack-entries', '128', 'zset-max-listpack-value', '64');
});

describe('sorted sets', () => {
  it('ZADD / ZINCRBY / ZSCORE replies, with 7.2 score formatting', async () => {
    expect(await c.call('ZADD', 'z', '1.1', 'a', '2', 'b', '-0.1', 'c', '1e20', 'd', '1.5e-7', 'e')).toBe(int(5));
    // Redis 7.2 prints the shortest round-trip form (7.0 printed 1.1000000000000001).
    expect(await c.call('ZSCORE', 'z', 'a')).toBe(bulk('1.1'));
    expect(await c.call('ZSCORE', 'z', 'c')).toBe(bulk('-0.1'));
    expect(await c.call('ZSCORE', 'z', 'd')).toBe(bulk('1e+20'));
    expect(await c.call('ZSCORE', 'z', 'e')).toBe(bulk('1.5e-7'));
    expect(await c.call('ZINCRBY', 'z', '0.2', 'a')).toBe(bulk('1.3'));
    expect(await c.call('ZADD', 'z', 'INCR', '0.1', 'b')).toBe(bulk('2.1'));
    expect(await c.call('ZADD', 'z', 'NX', 'INCR', '1', 'b')).toBe('$-1\r\n');
    expect(await c.call('ZRANGE', 'z', '0', '1', 'WITHSCORES')).toBe(arr('c', '-0.1', 'e', '1.5e-7'));
    expect(await c.call('ZMSCORE', 'z', 'a', 'nope')).toBe('*2\r\n$3\r\n1.3\r\n$-1\r\n');
    await c.call('HELLO', '3');
    expect(await c.call('ZSCORE', 'z', 'a')).toBe(',1.3\r\n');
    expect(await c.call('ZSCORE', 'z', 'nope')).toBe('_\r\n');
    expect(await c.call('ZINCRBY', 'z', '1', 'a')).toBe(',2.3\r\n');
    expect(await c.call('ZADD', 'z', 'XX', 'INCR', '1', 'nope')).toBe('_\r\n');
    expect(await c.call('ZMSCORE', 'z', 'b', 'nope')).toBe('*2\r\n,2.1\r\n_\r\n');
    expect(await c.call('ZADD', 'z', 'inf', 'i', '-inf', 'j')).toBe(int(2));
    expect(await c.call('ZSCORE', 'z', 'i')).toBe(',inf\r\n');
    expect(await c.call('ZSCORE', 'z', 'j')).toBe(',-inf\r\n');
  });

  it('ZADD option conflicts and bad scores', async () => {
    await c.call('SET', 'str', 'x');
    expect(await c.call('ZADD', 'z', 'NX', 'XX', '1', 'a')).toBe('-ERR XX and NX options at the same time are not compatible\r\n');
    expect(await c.call('ZADD', 'z', 'GT', 'LT', '1', 'a')).toBe('-ERR GT, LT, and/or NX options at the same time are not compatible\r\n');
    expect(await c.call('ZADD', 'z', 'NX', 'GT', '1', 'a')).toBe('-ERR GT, LT, and/or NX options at the same time are not compatible\r\n');
    expect(await c.call('ZADD', 'z', 'INCR', '1', 'a', '2', 'b')).toBe('-ERR INCR option supports a single increment-element pair\r\n');
    expect(await c.call('ZADD', 'z', '1', 'a', '2')).toBe(SYNTAX);
    expect(await c.call('ZADD', 'z', 'nan', 'a')).toBe('-ERR value is not a valid float\r\n');
    expect(await c.call('ZADD', 'z', '1', 'a', 'abc', 'b')).toBe('-ERR value is not a valid float\r\n');
    expect(await c.call('EXISTS', 'z')).toBe(int(0));
    expect(await c.call('ZADD', 'str', '1', 'a')).toBe(WRONGTYPE);
    expect(await c.call('ZADD', 'z', 'inf', 'a')).toBe(int(1));
    expect(await c.call('ZINCRBY', 'z', '-inf', 'a')).toBe('-ERR resulting score is not a number (NaN)\r\n');
    expect(await c.call('ZADD', 'z', '0x1p-2', 'hex')).toBe(int(1));
    expect(await c.call('ZSCORE', 'z', 'hex')).toBe(bulk('0.25'));
    expect(await c.call('ZADD', 'z', 'CH', 'GT', '1', 'hex', '5', 'new')).toBe(int(2));
    expect(await c.call('ZADD', 'z', 'LT', '9', 'hex')).toBe(int(0));
    expect(await c.call('ZSCORE', 'z', 'hex')).toBe(bulk('1'));
  });

  it('ZRANK / ZREVRANK with WITHSCORE (7.2)', async () => {
    await c.call('ZADD', 'z', '1.5', 'a', '2', 'b', '3', 'c');
    expect(await c.call('ZRANK', 'z', 'b')).toBe(int(1));
    expect(await c.call('ZRANK', 'z', 'a', 'WITHSCORE')).toBe('*2\r\n:0\r\n$3\r\n1.5\r\n');
    expect(await c.call('ZREVRANK', 'z', 'a', 'withscore')).toBe('*2\r\n:2\r\n$3\r\n1.5\r\n');
    expect(await c.call('ZRANK', 'z', 'nope', 'WITHSCORE')).toBe('*-1\r\n');
    expect(await c.call('ZRANK', 'nokey', 'a', 'WITHSCORE')).toBe('*-1\r\n');
    expect(await c.call('ZRANK', 'nokey', 'a')).toBe('$-1\r\n');
    expect(await c.call('ZRANK', 'z', 'a', 'WITHSCORES')).toBe(SYNTAX);
    expect(await c.call('ZRANK', 'z', 'a', 'WITHSCORE', 'x')).toBe("-ERR wrong number of arguments for 'zrank' command\r\n");
    await c.call('HELLO', '3');
    expect(await c.call('ZRANK', 'z', 'c', 'WITHSCORE')).toBe('*2\r\n:2\r\n,3\r\n');
    expect(await c.call('ZRANK', 'z', 'nope', 'WITHSCORE')).toBe('_\r\n');
    // Same on a skiplist.
    await c.call('ZADD', 'z', ...zpairs(200, 'p'));
    expect(await enc('z')).toBe(SKIPLIST);
    expect(await c.call('ZREVRANK', 'z', 'p199', 'WITHSCORE')).toBe('*2\r\n:0\r\n,199\r\n');
  });

  it('WITHSCORES shapes in RESP2 and RESP3', async () => {
    await c.call('ZADD', 'z', '1', 'a', '2.5', 'b');
    expect(await c.call('ZRANGE', 'z', '0', '-1', 'WITHSCORES')).toBe(arr('a', '1', 'b', '2.5'));
    expect(await c.call('ZPOPMIN', 'z')).toBe(arr('a', '1'));
    await c.call('ZADD', 'z', '1', 'a');
    await c.call('HELLO', '3');
    expect(await c.call('ZRANGE', 'z', '0', '-1', 'WITHSCORES')).toBe(pairs3(['a', '1'], ['b', '2.5']));
    expect(await c.call('ZRANGEBYSCORE', 'z', '-inf', '+inf', 'WITHSCORES')).toBe(pairs3(['a', '1'], ['b', '2.5']));
    expect(await c.call('ZUNION', '1', 'z', 'WITHSCORES')).toBe(pairs3(['a', '1'], ['b', '2.5']));
    expect(await c.call('ZRANDMEMBER', 'z', '5', 'WITHSCORES')).toBe(pairs3(['b', '2.5'], ['a', '1']));
    // ZPOPMIN: one flat pair without COUNT, an array of pairs with it.
    expect(await c.call('ZPOPMIN', 'z')).toBe('*2\r\n$1\r\na\r\n,1\r\n');
    expect(await c.call('ZPOPMAX', 'z', '1')).toBe(pairs3(['b', '2.5']));
    expect(await c.call('ZPOPMIN', 'z')).toBe('*0\r\n');
    await c.call('ZADD', 'z', '1', 'a', '2', 'b');
    expect(await c.call('ZMPOP', '1', 'z', 'MIN')).toBe(`*2\r\n${bulk('z')}${pairs3(['a', '1'])}`);
    expect(await c.call('BZPOPMAX', 'z', '0')).toBe('*3\r\n$1\r\nz\r\n$1\r\nb\r\n,2\r\n');
    expect(await c.call('ZMPOP', '1', 'z', 'MIN')).toBe('_\r\n');
    expect(await c.call('ZSCAN', 'nokey', '0')).toBe('*2\r\n$1\r\n0\r\n*0\r\n');
    await c.call('ZADD', 'z', '0.5', 'a');
    expect(await c.call('ZSCAN', 'z', '0')).toBe(`*2\r\n$1\r\n0\r\n${arr('a', '0.5')}`);
  });

  it('range errors and edge cases', async () => {
    await c.call('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c');
    expect(await c.call('ZRANGE', 'z', '0', '-1', 'LIMIT', '0', '1')).toBe(
      '-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n',
    );
    expect(await c.call('ZRANGE', 'z', '-', '+', 'BYLEX', 'WITHSCORES')).toBe('-ERR syntax error, WITHSCORES not supported in combination with BYLEX\r\n');
    expect(await c.call('ZRANGEBYSCORE', 'z', 'x', '1')).toBe('-ERR min or max is not a float\r\n');
    expect(await c.call('ZRANGEBYLEX', 'z', 'a', '+')).toBe('-ERR min or max not valid string range item\r\n');
    expect(await c.call('ZRANGEBYSCORE', 'z', '(1', '+inf')).toBe(arr('b', 'c'));
    expect(await c.call('ZRANGEBYSCORE', 'z', '(-inf', '(3')).toBe(arr('a', 'b'));
    expect(await c.call('ZREVRANGEBYSCORE', 'z', '+inf', '-inf', 'LIMIT', '1', '1')).toBe(arr('b'));
    expect(await c.call('ZRANGE', 'z', '[b', '+', 'BYLEX')).toBe(arr('b', 'c'));
    expect(await c.call('ZRANGE', 'z', '(b', '-', 'BYLEX', 'REV')).toBe(arr('a'));
    expect(await c.call('ZCOUNT', 'z', '(1', '3')).toBe(int(2));
    expect(await c.call('ZLEXCOUNT', 'z', '-', '(c')).toBe(int(2));
    expect(await c.call('ZRANDMEMBER', 'z', '-9223372036854775808')).toBe(
      '-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n',
    );
    expect(await c.call('ZRANDMEMBER', 'z', '-4611686018427387904', 'WITHSCORES')).toBe('-ERR value is out of range\r\n');
    expect(await c.call('ZUNIONSTORE', 'd', '0', 'z')).toBe("-ERR at least 1 input key is needed for 'zunionstore' command\r\n");
    expect(await c.call('ZINTERCARD', '1', 'z', 'LIMIT', '-1')).toBe("-ERR LIMIT can't be negative\r\n");
    expect(await c.call('ZMPOP', '0', 'z', 'MIN')).toBe('-ERR numkeys should be greater than 0\r\n');
    expect(await c.call('ZMPOP', '1', 'z', 'MIN', 'COUNT', '0')).toBe('-ERR count should be greater than 0\r\n');
    expect(await c.call('ZUNION', '1', 'z', 'WEIGHTS', 'x')).toBe('-ERR weight value is not a float\r\n');
  });

  it('encodings: thresholds, CONFIG SET, one-way conversion, 7.2 size hints', async () => {
    await c.call('ZADD', 'a', ...zpairs(128));
    expect(await enc('a')).toBe(LISTPACK);
    await c.call('ZADD', 'a', '1', 'one-more');
    expect(await enc('a')).toBe(SKIPLIST);
    await c.call('ZREMRANGEBYRANK', 'a', '0', '-2');
    expect(await enc('a')).toBe(SKIPLIST);
    await c.call('ZADD', 'b', '1', 'x'.repeat(64));
    expect(await enc('b')).toBe(LISTPACK);
    await c.call('ZADD', 'b', '1', 'x'.repeat(65));
    expect(await enc('b')).toBe(SKIPLIST);
    expect(await c.call('CONFIG', 'SET', 'zset-max-listpack-entries', '3')).toBe('+OK\r\n');
    // Redis 7.2 sizes a new set by the number of pairs given (duplicates included)...
    await c.call('ZADD', 'c', '1', 'p', '2', 'p', '3', 'p', '4', 'p');
    expect(await enc('c')).toBe(SKIPLIST);
    expect(await c.call('ZCARD', 'c')).toBe(int(1));
    // ...and converts an existing listpack up front when a ZADD brings more pairs than fit.
    await c.call('ZADD', 'd', '1', 'p');
    expect(await enc('d')).toBe(LISTPACK);
    await c.call('ZADD', 'd', '1', 'p', '2', 'p', '3', 'p', '4', 'p');
    expect(await enc('d')).toBe(SKIPLIST);
    // Store commands build small results as listpacks.
    await c.call('ZUNIONSTORE', 'u', '1', 'c');
    expect(await enc('u')).toBe(LISTPACK);
    await c.call('ZRANGESTORE', 'r', 'a', '0', '0');
    expect(await enc('r')).toBe(LISTPACK);
    await c.call('CONFIG', 'SET', 'zset-max-listpack-value', '2');
    await c.call('ZINCRBY', 'e', '1', 'abc');
    expect(await enc('e')).toBe(SKIPLIST);
    await c.call('CONFIG', 'SET', 'zset-max-listpack-entries', '0');
    await c.call('ZADD', 'f', '1', 'x');
    expect(await enc('f')).toBe(SKIPLIST);
  });

  it('dirty counter and key deletion when emptied', async () => {
    const d0 = petrel.server.dirty;
    await c.call('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c');
    expect(petrel.server.dirty - d0).toBe(3);
    await c.call('ZADD', 'z', 'CH', '1', 'a', '5', 'b');
    expect(petrel.server.dirty - d0).toBe(4);
    await c.call('ZREM', 'z', 'a', 'nope');
    expect(petrel.server.dirty - d0).toBe(5);
    await c.call('ZPOPMIN', 'z', '10');
    expect(petrel.server.dirty - d0).toBe(7);
    expect(await c.call('EXISTS', 'z')).toBe(int(0));
    await c.call('ZADD', 'z', '1', 'a');
    await c.call('ZREMRANGEBYSCORE', 'z', '-inf', '+inf');
    expect(await c.call('EXISTS', 'z')).toBe(int(0));
    await c.call('ZADD', 'z', '1', 'a');
    await c.call('ZUNIONSTORE', 'z', '1', 'nokey');
    expect(await c.call('EXISTS', 'z')).toBe(int(0));
  });

  it('keyspace events', async () => {
    await c.call('CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
    const sub = await RawClient.connect(petrel.port);
    try {
      await sub.call('PSUBSCRIBE', '__keyevent@0__:*');
      await c.call('ZADD', 'z', '1', 'a', '2', 'b');
      await c.call('ZINCRBY', 'z', '1', 'a');
      await c.call('ZREM', 'z', 'a');
      await c.call('ZPOPMIN', 'z');
      const got = await sub.read(5);
      const events = [...got.matchAll(/__keyevent@0__:([a-z]+)/g)].map((m) => m[1]);
      expect(events).toEqual(['zadd', 'zincr', 'zrem', 'zpopmin', 'del']);
    } finally {
      sub.close();
      await c.call('CONFIG', 'SET', 'notify-keyspace-events', '');
    }
  });

  it('ZSCAN on a skiplist returns every member present throughout, while the set changes', async () => {
    await c.call('ZADD', 'z', ...zpairs(1000));
    expect(await enc('z')).toBe(SKIPLIST);
    const seen = new Set<string>();
    let cursor = '0';
    let step = 0;
    do {
      const r = await c.call('ZSCAN', 'z', cursor, 'COUNT', '20');
      const m = /^\*2\r\n\$\d+\r\n(\d+)\r\n/.exec(r)!;
      cursor = m[1];
      const body = r.slice(m[0].length);
      const parts = body.split('\r\n').filter((_, i) => i > 0 && i % 2 === 0);
      for (let i = 0; i < parts.length; i += 2) {
        seen.add(parts[i]);
        expect(parts[i + 1]).toBe(parts[i].slice(1));
      }
      // Churn: add new members and delete ones numbered >= 900.
      await c.call('ZADD', 'z', String(5000 + step), 'new' + step);
      await c.call('ZREM', 'z', 'm' + (900 + step));
      step++;
    } while (cursor !== '0');
    for (let i = 0; i < 900; i++) expect(seen.has('m' + i)).toBe(true);
    // A listpack comes back whole with cursor 0.
    await c.call('ZADD', 'small', '1', 'a', '2', 'b');
    expect(await c.call('ZSCAN', 'small', '123', 'COUNT', '1')).toBe(`*2\r\n$1\r\n0\r\n${arr('a', '1', 'b', '2')}`);
    expect(await c.call('ZSCAN', 'small', '0', 'MATCH', 'b')).toBe(`*2\r\n$1\r\n0\r\n${arr('b', '2')}`);
  });

  it('set inputs count with score 1 in ZUNION / ZINTER / ZDIFF', async () => {
    await c.call('SADD', 's', 'a', 'b');
    await c.call('ZADD', 'z', '5', 'a', '0.5', 'c');
    expect(await c.call('ZUNION', '2', 's', 'z', 'WITHSCORES')).toBe(arr('c', '0.5', 'b', '1', 'a', '6'));
    expect(await c.call('ZINTER', '2', 's', 'z', 'WEIGHTS', '3', '1', 'WITHSCORES')).toBe(arr('a', '8'));
    expect(await c.call('ZDIFF', '2', 's', 'z', 'WITHSCORES')).toBe(arr('b', '1'));
    expect(await c.call('ZINTERCARD', '2', 's', 'z')).toBe(int(1));
    expect(await c.call('ZDIFFSTORE', 'd', '1', 's')).toBe(int(2));
    expect(await c.call('TYPE', 'd')).toBe('+zset\r\n');
    await c.call('LPUSH', 'l', 'x');
    expect(await c.call('ZUNION', '2', 's', 'l')).toBe(WRONGTYPE);
  });

  it('blocking pops: wake-up, timeout, MULTI, wrong type', async () => {
    const b = await RawClient.connect(petrel.port);
    try {
      b.send('BZPOPMIN', 'q1', 'q2', '0');
      await new Promise((r) => setTimeout(r, 30));
      expect(petrel.server.blocking.blockedCount).toBe(1);
      await c.call('ZADD', 'q2', '1.5', 'x', '2', 'y');
      expect(await b.read(1)).toBe(arr('q2', 'x', '1.5'));
      b.send('BZMPOP', '0', '2', 'q1', 'q2', 'MAX', 'COUNT', '10');
      expect(await b.read(1)).toBe(`*2\r\n${bulk('q2')}*1\r\n${arr('y', '2')}`);
      expect(await c.call('EXISTS', 'q2')).toBe(int(0));
      expect(await b.call('BZPOPMAX', 'q3', '0.05')).toBe('*-1\r\n');
      expect(await b.call('BZMPOP', '0.05', '1', 'q3', 'MIN')).toBe('*-1\r\n');
      await b.call('HELLO', '3');
      expect(await b.call('BZPOPMAX', 'q3', '0.05')).toBe('_\r\n');
      await b.call('HELLO', '2');
      await b.call('MULTI');
      await b.call('BZPOPMIN', 'q3', '0');
      expect(await b.call('EXEC')).toBe('*1\r\n*-1\r\n');
      await c.call('SET', 'str', 'x');
      expect(await b.call('BZPOPMIN', 'str', '0')).toBe(WRONGTYPE);
      expect(await b.call('BZPOPMIN', 'q3', '-1')).toBe('-ERR timeout is negative\r\n');
      expect(await b.call('BZPOPMIN', 'q3', 'x')).toBe('-ERR timeout is not a float or out of range\r\n');
    } finally {
      b.close();
    }
  });

  it('works through ioredis (RESP3 client)', async () => {
    const r = new Redis(petrel.port, '127.0.0.1');
    try {
      expect(await r.zadd('iz', 1, 'a', 2.5, 'b', 3, 'c')).toBe(3);
      expect(await r.zrange('iz', 0, -1)).toEqual(['a', 'b', 'c']);
      expect(await r.zscore('iz', 'b')).toBe('2.5');
      expect(await r.zrangebyscore('iz', '(1', '+inf', 'LIMIT', 0, 1)).toEqual(['b']);
      expect(await r.zcard('iz')).toBe(3);
      expect(await r.zrevrank('iz', 'a')).toBe(2);
      expect(await r.zrem('iz', 'a', 'zz')).toBe(1);
      expect(await r.zincrby('iz', 1, 'c')).toBe('4');
    } finally {
      r.disconnect();
    }
  });

  it('big sets: rank and range queries stay consistent', async () => {
    const n = 5000;
    const args: string[] = [];
    for (let i = 0; i < n; i++) args.push(String(i % 100), 'k' + String(i).padStart(5, '0'));
    await c.call('ZADD', 'big', ...args);
    expect(await c.call('ZCARD', 'big')).toBe(int(n));
    expect(await c.call('ZCOUNT', 'big', '10', '(20')).toBe(int(500));
    expect(await c.call('ZRANK', 'big', 'k00001')).toBe(int(50));
    expect(await c.call('ZRANGE', 'big', '50', '50')).toBe(arr('k00001'));
    expect(await c.call('ZREMRANGEBYSCORE', 'big', '0', '(50')).toBe(int(2500));
    expect(await c.call('ZRANGE', 'big', '0', '0', 'WITHSCORES')).toBe(arr('k00050', '50'));
    expect(range(3).length).toBe(3);
  });
});
