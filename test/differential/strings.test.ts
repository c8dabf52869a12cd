// String commands against a real redis-server: every command and option, wrong
// types, edge integers and bad arguments, byte for byte, in RESP2 and RESP3.
//
// Non-string keys are made with RPUSH on Redis and, until the list group
// exists in Petrel, by putting a list-typed value straight into Petrel's
// keyspace. The oracle is Redis 7.0; where 7.2 differs the case says so.

import { afterAll, beforeAll, beforeEach, describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { HAVE_REDIS, startPair, type Pair, type Cmd } from '../helpers/differential.js';
import type { RedisObject } from '../../src/data/values.js';

const fakeList: RedisObject = { type: 'list', encoding: () => 'listpack' };

describe.skipIf(!HAVE_REDIS)('strings (differential)', () => {
  let pair: Pair;

  beforeAll(async () => {
    pair = (await startPair())!;
  });

  afterAll(async () => {
    await pair?.close();
  });

  /** Empties both servers (directly on Petrel, so this does not depend on FLUSHALL). */
  async function flush(): Promise<void> {
    pair.petrel.server.keyspace.flushAll();
    expect(await pair.r.call('FLUSHALL')).toBe('+OK\r\n');
  }

  /** A list key on both servers. */
  async function makeList(key: string): Promise<void> {
    pair.petrel.server.keyspace.dbs[0].set(key, fakeList);
    await pair.r.call('DEL', key);
    expect(await pair.r.call('RPUSH', key, 'a')).toBe(':1\r\n');
  }

  /** Redis's TTL (in seconds) and Petrel's, from the keyspace directly. */
  async function ttls(key: string): Promise<[string, string]> {
    const redis = await pair.r.call('TTL', key);
    const db = pair.petrel.server.keyspace.dbs[0];
    let petrel: string;
    if (db.get(key) === undefined) petrel = ':-2\r\n';
    else {
      const when = db.getExpire(key);
      petrel = when === undefined ? ':-1\r\n' : `:${Math.round((when - Date.now()) / 1000)}\r\n`;
    }
    return [redis, petrel];
  }

  async function sameTtl(key: string): Promise<void> {
    const [r, p] = await ttls(key);
    expect(p).toBe(r);
  }

  for (const resp of [2, 3] as const) {
    describe(`RESP${resp}`, () => {
      beforeEach(async () => {
        await flush();
        await pair.both('HELLO', String(resp));
      });

      afterAll(async () => {
        await pair.both('HELLO', '2');
      });

      it('GET and plain SET', async () => {
        await pair.same([
          ['GET', 'k'],
          ['SET', 'k', 'v'],
          ['GET', 'k'],
          ['SET', 'k', ''],
          ['GET', 'k'],
          ['SET', 'n', '123'],
          ['GET', 'n'],
          ['SET', 'n', '-0'],
          ['GET', 'n'],
          ['SET', 'n', '007'],
          ['GET', 'n'],
          ['SET', 'n', '9223372036854775808'],
          ['GET', 'n'],
          ['SET', 'b', Buffer.from([0, 255, 13, 10, 0x80, 0x41])],
          ['GET', 'b'],
          ['STRLEN', 'b'],
          ['SET', 'k'],
          ['GET'],
          ['GET', 'a', 'b'],
        ]);
      });

      it('SET options and their conflicts', async () => {
        const future = String(Math.floor(Date.now() / 1000) + 1000);
        const futureMs = String(Date.now() + 1000000);
        await pair.same([
          ['SET', 'k', 'v', 'NX'],
          ['SET', 'k', 'w', 'NX'],
          ['GET', 'k'],
          ['SET', 'k', 'w', 'XX'],
          ['GET', 'k'],
          ['SET', 'x', 'w', 'XX'],
          ['GET', 'x'],
          ['SET', 'k', 'v', 'NX', 'XX'],
          ['SET', 'k', 'v', 'XX', 'NX'],
          ['SET', 'k', 'v', 'nx', 'nx'],
          ['SET', 'k', 'v2', 'xx', 'Xx'],
          ['SET', 'k', 'v3', 'GET'],
          ['SET', 'k', 'v4', 'GET', 'get'],
          ['SET', 'new', 'v', 'GET'],
          ['SET', 'k', 'v5', 'NX', 'GET'],
          ['GET', 'k'],
          ['SET', 'missing', 'v', 'XX', 'GET'],
          ['GET', 'missing'],
          ['SET', 'k', 'v', 'EX', '100'],
          ['SET', 'k', 'v', 'PX', '100000'],
          ['SET', 'k', 'v', 'EXAT', future],
          ['SET', 'k', 'v', 'PXAT', futureMs],
          ['SET', 'k', 'v', 'KEEPTTL'],
          ['SET', 'k', 'v', 'ex', '10', 'EX', '20'],
          ['SET', 'k', 'v', 'EX', '10', 'PX', '10'],
          ['SET', 'k', 'v', 'PX', '10', 'EX', '10'],
          ['SET', 'k', 'v', 'EX', '10', 'EXAT', future],
          ['SET', 'k', 'v', 'PXAT', futureMs, 'EXAT', future],
          ['SET', 'k', 'v', 'EX', '10', 'KEEPTTL'],
          ['SET', 'k', 'v', 'KEEPTTL', 'EX', '10'],
          ['SET', 'k', 'v', 'KEEPTTL', 'PXAT', futureMs],
          ['SET', 'k', 'v', 'EX'],
          ['SET', 'k', 'v', 'PX'],
          ['SET', 'k', 'v', 'EXAT'],
          ['SET', 'k', 'v', 'PXAT'],
          ['SET', 'k', 'v', 'PERSIST'],
          ['SET', 'k', 'v', 'foo'],
          ['SET', 'k', 'v', 'NXX'],
          ['SET', 'k', 'v', 'EX', '10', 'foo'],
          ['SET', 'k', 'v', 'GET', 'KEEPTTL', 'XX'],
          ['GET', 'k'],
        ]);
      });

      it('SET expiry values: zero, negative, not integers, overflows', async () => {
        await pair.same([
          ['SET', 'k', 'v', 'EX', '0'],
          ['SET', 'k', 'v', 'EX', '-1'],
          ['SET', 'k', 'v', 'PX', '0'],
          ['SET', 'k', 'v', 'PX', '-100'],
          ['SET', 'k', 'v', 'EXAT', '0'],
          ['SET', 'k', 'v', 'PXAT', '-1'],
          ['SET', 'k', 'v', 'EX', 'abc'],
          ['SET', 'k', 'v', 'EX', '1.5'],
          ['SET', 'k', 'v', 'EX', ' 10'],
          ['SET', 'k', 'v', 'PX', '9223372036854775808'],
          ['SET', 'k', 'v', 'EX', '9223372036854775807'],
          ['SET', 'k', 'v', 'EX', '9223372036854776'],
          // Multiplying by 1000 fits, adding the current time overflows.
          ['SET', 'k', 'v', 'EX', '9223372036854775'],
          ['SET', 'k', 'v', 'PX', '9223372036854775807'],
          ['SET', 'k', 'v', 'PX', '9223372036854000000'],
          ['GET', 'k'],
          // Absolute times are not added to now: these are accepted.
          ['SET', 'k', 'v', 'EXAT', '9223372036854775'],
          ['GET', 'k'],
          ['SET', 'k', 'v', 'PXAT', '9223372036854775807'],
          ['GET', 'k'],
          ['SET', 'k', 'v', 'EXAT', '9223372036854776'],
        ]);
      });

      it('SET with an absolute time in the past replies OK and the key is gone', async () => {
        await pair.same([
          ['SET', 'k', 'v', 'PXAT', '1'],
          ['GET', 'k'],
          ['SET', 'k', 'v'],
          ['SET', 'k', 'w', 'EXAT', '1', 'GET'],
          ['GET', 'k'],
          ['SET', 'k', 'w', 'EXAT', '1', 'GET'],
          ['STRLEN', 'k'],
        ]);
      });

      it('SET on a key of another type', async () => {
        await makeList('lst');
        await pair.same([
          ['SET', 'lst', 'v', 'GET'],
          ['SET', 'lst', 'v', 'GET', 'EX', '0'],
          ['SET', 'lst', 'v', 'GET', 'EX', 'x'],
          ['SET', 'lst', 'v', 'GET', 'foo'],
          ['SET', 'lst', 'v', 'NX'],
          ['SET', 'lst', 'v', 'NX', 'GET'],
          ['SET', 'lst', 'v', 'XX'],
          ['GET', 'lst'],
        ]);
        await makeList('lst');
        await pair.same([['SET', 'lst', 'v'], ['GET', 'lst']]);
      });

      it('SET TTL handling: plain SET clears, KEEPTTL keeps, EX replaces', async () => {
        await pair.same([['SET', 'k', 'v', 'EX', '100']]);
        await sameTtl('k');
        await pair.same([['SET', 'k', 'v2', 'KEEPTTL']]);
        await sameTtl('k');
        await pair.same([['SET', 'k', 'v3', 'EX', '500', 'GET']]);
        await sameTtl('k');
        await pair.same([['SET', 'k', 'v4', 'XX']]);
        await sameTtl('k');
        await pair.same([['SET', 'k', 'v5', 'PX', '200000', 'NX']]);
        await sameTtl('k');
      });

      it('SETNX, SETEX, PSETEX', async () => {
        await makeList('lst');
        await pair.same([
          ['SETNX', 'k', 'a'],
          ['SETNX', 'k', 'b'],
          ['GET', 'k'],
          ['SETNX', 'lst', 'b'],
          ['SETNX', 'k'],
          ['SETEX', 'k', '100', 'v'],
          ['GET', 'k'],
          ['SETEX', 'k', '0', 'v'],
          ['SETEX', 'k', '-5', 'v'],
          ['SETEX', 'k', 'abc', 'v'],
          ['SETEX', 'k', '9223372036854775807', 'v'],
          ['SETEX', 'k', '9223372036854775', 'v'],
          ['SETEX', 'lst', '10', 'v'],
          ['GET', 'lst'],
          ['PSETEX', 'k', '100000', 'w'],
          ['GET', 'k'],
          ['PSETEX', 'k', '0', 'v'],
          ['PSETEX', 'k', '-1', 'v'],
          ['PSETEX', 'k', '1.0', 'v'],
          ['PSETEX', 'k', '9223372036854775807', 'v'],
          ['SETEX', 'k', '10'],
          ['PSETEX', 'k', '10', 'v', 'x'],
        ]);
        await pair.same([['SETEX', 'e', '1000', 'v']]);
        await sameTtl('e');
      });

      it('GETEX: every option, conflicts and check order', async () => {
        await makeList('lst');
        const future = String(Math.floor(Date.now() / 1000) + 1000);
        const futureMs = String(Date.now() + 1000000);
        await pair.same([
          ['GETEX', 'missing'],
          ['GETEX', 'missing', 'EX', '0'],
          ['GETEX', 'missing', 'FOO'],
          ['GETEX', 'missing', 'EX'],
          ['SET', 'k', 'v'],
          ['GETEX', 'k'],
          ['GETEX', 'k', 'EX', '100'],
          ['GETEX', 'k', 'PX', '100000'],
          ['GETEX', 'k', 'EXAT', future],
          ['GETEX', 'k', 'PXAT', futureMs],
          ['GETEX', 'k', 'PERSIST'],
          ['GETEX', 'k', 'persist', 'PERSIST'],
          ['GETEX', 'k', 'EX', '10', 'PERSIST'],
          ['GETEX', 'k', 'PERSIST', 'EX', '10'],
          ['GETEX', 'k', 'EX', '10', 'PX', '10'],
          ['GETEX', 'k', 'NX'],
          ['GETEX', 'k', 'XX'],
          ['GETEX', 'k', 'GET'],
          ['GETEX', 'k', 'KEEPTTL'],
          ['GETEX', 'k', 'EX', '0'],
          ['GETEX', 'k', 'EX', '-1'],
          ['GETEX', 'k', 'PX', 'x'],
          ['GETEX', 'k', 'EX', '9223372036854775807'],
          ['GETEX', 'k', 'PX', '9223372036854775807'],
          ['GETEX', 'k', 'EXAT', '9223372036854775'],
          ['GETEX', 'lst'],
          ['GETEX', 'lst', 'EX', '0'],
          ['GETEX', 'lst', 'FOO'],
          ['GETEX'],
        ]);
      });

      it('GETEX changes the TTL and deletes on a past absolute time', async () => {
        await pair.same([['SET', 'k', 'v'], ['GETEX', 'k', 'EX', '300']]);
        await sameTtl('k');
        await pair.same([['GETEX', 'k', 'PERSIST']]);
        await sameTtl('k');
        await pair.same([['GETEX', 'k', 'PX', '700000']]);
        await sameTtl('k');
        await pair.same([['GETEX', 'k']]);
        await sameTtl('k');
        await pair.same([['GETEX', 'k', 'PXAT', '1'], ['GET', 'k'], ['SET', 'k', 'v'], ['GETEX', 'k', 'EXAT', '1'], ['GETEX', 'k']]);
      });

      it('GETDEL and GETSET', async () => {
        await makeList('lst');
        await pair.same([
          ['GETDEL', 'missing'],
          ['SET', 'k', 'v'],
          ['GETDEL', 'k'],
          ['GET', 'k'],
          ['GETDEL', 'lst'],
          ['GETSET', 'k', 'a'],
          ['GETSET', 'k', 'b'],
          ['GET', 'k'],
          ['GETSET', 'lst', 'x'],
          ['GETDEL', 'k', 'x'],
          ['GETSET', 'k'],
        ]);
        await pair.same([['SET', 't', 'v', 'EX', '100'], ['GETSET', 't', 'w']]);
        await sameTtl('t');
      });

      it('MGET, MSET, MSETNX', async () => {
        await makeList('lst');
        await pair.same([
          ['MSET', 'a', '1', 'b', '2', 'c', 'three'],
          ['MGET', 'a', 'b', 'c', 'missing', 'lst', 'a'],
          ['MGET', 'lst'],
          ['MSET', 'a', '1', 'b'],
          ['MSET', 'a'],
          ['MSET'],
          ['MSET', 'a', 'x', 'a', 'y'],
          ['GET', 'a'],
          ['MSET', 'lst', 'now-a-string'],
          ['GET', 'lst'],
          ['MSETNX', 'n1', 'v1', 'n2', 'v2'],
          ['MGET', 'n1', 'n2'],
          ['MSETNX', 'n3', 'v3', 'n1', 'x'],
          ['MGET', 'n1', 'n3'],
          ['MSETNX', 'd', '1', 'd', '2'],
          ['GET', 'd'],
          ['MSETNX', 'e', '1', 'f'],
          ['MGET'],
        ]);
        await makeList('l2');
        await pair.same([['MSETNX', 'l2', 'x'], ['MGET', 'l2']]);
        await pair.same([['SET', 't', 'v', 'EX', '100'], ['MSET', 't', 'w']]);
        await sameTtl('t');
      });

      it('APPEND and STRLEN', async () => {
        await makeList('lst');
        await pair.same([
          ['APPEND', 'k', 'abc'],
          ['APPEND', 'k', 'def'],
          ['GET', 'k'],
          ['STRLEN', 'k'],
          ['APPEND', 'k', ''],
          ['APPEND', 'e', ''],
          ['GET', 'e'],
          ['STRLEN', 'e'],
          ['SET', 'n', '12'],
          ['APPEND', 'n', '34'],
          ['GET', 'n'],
          ['INCR', 'n'],
          ['APPEND', 'n', 'x'],
          ['STRLEN', 'n'],
          ['APPEND', 'lst', 'x'],
          ['STRLEN', 'lst'],
          ['STRLEN', 'missing'],
          ['SET', 'i', '-123'],
          ['STRLEN', 'i'],
          ['APPEND', 'k'],
        ]);
        // Growing past the mutable-buffer threshold and reading it back every way.
        const cmds: Cmd[] = [];
        for (let i = 0; i < 60; i++) {
          cmds.push(['APPEND', 'big', `chunk-${i}-`], ['STRLEN', 'big']);
          if (i % 7 === 0) cmds.push(['GET', 'big'], ['GETRANGE', 'big', '-10', '-1'], ['MGET', 'big', 'k']);
        }
        cmds.push(['GET', 'big'], ['SETRANGE', 'big', '3', 'XYZ'], ['GET', 'big'], ['SETRANGE', 'big', '700', 'tail'], ['GET', 'big'], ['LCS', 'big', 'k']);
        cmds.push(['INCR', 'big'], ['GETDEL', 'big'], ['GET', 'big']);
        await pair.same(cmds);
        await pair.same([['SET', 't', 'v', 'EX', '100'], ['APPEND', 't', 'w'.repeat(100)]]);
        await sameTtl('t');
      });

      it('INCR, DECR, INCRBY, DECRBY over the whole 64-bit range', async () => {
        await makeList('lst');
        await pair.same([
          ['INCR', 'c'],
          ['INCR', 'c'],
          ['DECR', 'c'],
          ['DECR', 'd'],
          ['INCRBY', 'c', '100'],
          ['INCRBY', 'c', '-1000'],
          ['DECRBY', 'c', '-5'],
          ['DECRBY', 'c', '5'],
          ['GET', 'c'],
          ['INCRBY', 'c', 'abc'],
          ['INCRBY', 'c', '1.5'],
          ['INCRBY', 'c', '+1'],
          ['INCRBY', 'c', ' 1'],
          ['INCRBY', 'c', '01'],
          ['INCRBY', 'c', '-0'],
          ['INCRBY', 'c', ''],
          ['INCRBY', 'c', '9223372036854775808'],
          ['DECRBY', 'c', '-9223372036854775809'],
          ['SET', 's', 'abc'],
          ['INCR', 's'],
          ['SET', 's', ' 1'],
          ['INCR', 's'],
          ['SET', 's', '1 '],
          ['DECR', 's'],
          ['SET', 's', '1.0'],
          ['INCR', 's'],
          ['SET', 's', '+1'],
          ['INCR', 's'],
          ['SET', 's', '007'],
          ['INCR', 's'],
          ['SET', 's', '-0'],
          ['INCR', 's'],
          ['SET', 's', ''],
          ['INCR', 's'],
          ['SET', 'm', '9223372036854775806'],
          ['INCR', 'm'],
          ['INCR', 'm'],
          ['GET', 'm'],
          ['INCRBY', 'm', '-9223372036854775807'],
          ['SET', 'm', '1'],
          ['INCRBY', 'm', '9223372036854775807'],
          ['INCRBY', 'm', '9223372036854775806'],
          ['SET', 'm', '-9223372036854775807'],
          ['DECR', 'm'],
          ['DECR', 'm'],
          ['GET', 'm'],
          ['INCRBY', 'm', '-1'],
          ['INCRBY', 'm', '9223372036854775807'],
          ['SET', 'm', '-1'],
          ['DECRBY', 'm', '9223372036854775807'],
          ['DECRBY', 'm', '1'],
          ['GET', 'm'],
          ['SET', 'z', '0'],
          ['DECRBY', 'z', '9223372036854775807'],
          ['DECRBY', 'z', '1'],
          ['INCRBY', 'z', '-1'],
          ['SET', 'z', '0'],
          ['DECRBY', 'z', '-9223372036854775807'],
          ['INCR', 'z'],
          ['SET', 's', '9007199254740991'],
          ['INCR', 's'],
          ['INCR', 's'],
          ['GET', 's'],
          ['INCRBY', 's', '-9007199254740993'],
          ['DECRBY', 's', '9007199254740993'],
          ['INCRBY', 's', '18014398509481984'],
          ['GET', 's'],
          ['INCR', 'lst'],
          ['DECR', 'lst'],
          ['INCRBY', 'lst', '1'],
          ['INCRBY', 'lst', 'x'],
          ['DECRBY', 'lst', '1'],
          ['INCR', 'c', 'd'],
        ]);
        await pair.same([['SET', 't', '5', 'EX', '100'], ['INCR', 't']]);
        await sameTtl('t');
      });

      it('DECRBY with the smallest 64-bit integer', async () => {
        await makeList('lst');
        await pair.same([
          ['SET', 'k', '0'],
          ['DECRBY', 'k', '-9223372036854775808'],
          ['DECRBY', 'missing', '-9223372036854775808'],
          // The increment is checked before the key's type.
          ['DECRBY', 'lst', '-9223372036854775808'],
          ['INCRBY', 'k', '-9223372036854775808'],
          ['GET', 'k'],
          ['DECR', 'k'],
        ]);
      });

      it('INCRBYFLOAT', async () => {
        await makeList('lst');
        await pair.same([
          ['INCRBYFLOAT', 'f', '10.5'],
          ['INCRBYFLOAT', 'f', '0.1'],
          ['INCRBYFLOAT', 'f', '-5.0e3'],
          ['INCRBYFLOAT', 'f', '2.0e2'],
          ['GET', 'f'],
          ['SET', 'f', '3'],
          ['INCRBYFLOAT', 'f', '1.1'],
          ['INCRBYFLOAT', 'f', '-4.1'],
          ['GET', 'f'],
          ['SET', 'f', '1.50'],
          ['INCRBYFLOAT', 'f', '0'],
          ['SET', 'f', '5.0e3'],
          ['INCRBYFLOAT', 'f', '2.0e2'],
          ['INCRBYFLOAT', 'f', 'abc'],
          ['INCRBYFLOAT', 'f', ''],
          ['INCRBYFLOAT', 'f', ' 1'],
          ['INCRBYFLOAT', 'f', 'inf'],
          ['INCRBYFLOAT', 'f', '-inf'],
          ['INCRBYFLOAT', 'f', 'nan'],
          ['INCRBYFLOAT', 'f', '1e400'],
          ['SET', 'f', '1e308'],
          ['INCRBYFLOAT', 'f', '1e308'],
          ['GET', 'f'],
          ['SET', 's', 'abc'],
          ['INCRBYFLOAT', 's', '1'],
          ['SET', 's', '1 '],
          ['INCRBYFLOAT', 's', '1'],
          ['SET', 's', '-0'],
          ['INCRBYFLOAT', 's', '0'],
          ['INCRBYFLOAT', 'lst', '1'],
          ['INCRBYFLOAT', 'lst', 'abc'],
          ['SET', 'p', '0.1'],
          ['INCRBYFLOAT', 'p', '0.2'],
          ['INCRBYFLOAT', 'p', '1e-20'],
          ['INCRBYFLOAT', 'p', '123456789012345678901234567890'],
          ['SET', 'i', '9223372036854775807'],
          ['INCRBYFLOAT', 'i', '1'],
          ['INCRBYFLOAT', 'f'],
        ]);
        // The TTL survives (Redis rewrites it as SET ... KEEPTTL).
        await pair.same([['SET', 't', '1', 'EX', '100'], ['INCRBYFLOAT', 't', '1.5']]);
        await sameTtl('t');
      });

      it('GETRANGE and SUBSTR with every kind of index', async () => {
        await makeList('lst');
        const cmds: Cmd[] = [
          ['SET', 'k', 'Hello World'],
          ['SET', 'n', '1234567'],
          ['SET', 'e', ''],
          ['GETRANGE', 'missing', '0', '-1'],
          ['GETRANGE', 'lst', '0', '-1'],
          ['GETRANGE', 'lst', 'a', '-1'],
          ['GETRANGE', 'k', 'a', '1'],
          ['GETRANGE', 'k', '0', '1.5'],
          ['GETRANGE', 'k', '0', '9223372036854775808'],
          ['SUBSTR', 'k', '0', 'x'],
          ['SUBSTR', 'k', '0'],
        ];
        const idx = ['0', '1', '3', '5', '10', '11', '12', '100', '-1', '-3', '-10', '-11', '-12', '-99', '-100', '9223372036854775807', '-9223372036854775808', '-9223372036854775807', '4611686018427387904'];
        for (const key of ['k', 'n', 'e']) {
          for (const s of idx) for (const e of idx) cmds.push(['GETRANGE', key, s, e]);
        }
        for (const s of ['0', '-3', '2']) for (const e of ['-1', '4', '-100']) cmds.push(['SUBSTR', 'k', s, e]);
        await pair.same(cmds);
      });

      it('SETRANGE', async () => {
        await makeList('lst');
        await pair.same([
          ['SETRANGE', 'missing', '5', ''],
          ['GET', 'missing'],
          ['SETRANGE', 'missing', '9999999999', ''],
          ['SETRANGE', 'k', '5', 'ab'],
          ['GET', 'k'],
          ['SETRANGE', 'k', '0', 'XYZ'],
          ['GET', 'k'],
          ['SETRANGE', 'k', '6', 'long tail'],
          ['GET', 'k'],
          ['SETRANGE', 'k', '3', ''],
          ['SETRANGE', 'k', '100', ''],
          ['GET', 'k'],
          ['SETRANGE', 'k', '-1', 'x'],
          ['SETRANGE', 'k', 'abc', 'x'],
          ['SETRANGE', 'k', '1.5', 'x'],
          ['SETRANGE', 'k', '536870912', 'x'],
          ['SETRANGE', 'k', '536870911', 'xy'],
          ['SETRANGE', 'k', '536870911', ''],
          ['SETRANGE', 'k', '9223372036854775807', 'x'],
          ['SETRANGE', 'k', '9223372036854775808', 'x'],
          ['SETRANGE', 'missing', '536870912', 'x'],
          ['SETRANGE', 'n2', '0', '12'],
          ['INCR', 'n2'],
          ['SET', 'n', '12345'],
          ['SETRANGE', 'n', '1', '9'],
          ['GET', 'n'],
          ['INCR', 'n'],
          ['SETRANGE', 'lst', '0', 'x'],
          ['SETRANGE', 'lst', '0', ''],
          ['SETRANGE', 'lst', '-1', 'x'],
          ['SETRANGE', 'lst', 'x', 'x'],
          ['SETRANGE', 'g', '100', 'grown'],
          ['STRLEN', 'g'],
          ['GETRANGE', 'g', '95', '-1'],
          ['SETRANGE', 'g', '3', 'abc'],
          ['SETRANGE', 'g', '103', 'zzzzzzzz'],
          ['GET', 'g'],
          ['APPEND', 'g', 'end'],
          ['GET', 'g'],
          ['SETRANGE', 'k'],
        ]);
        await pair.same([['SET', 't', 'v', 'EX', '100'], ['SETRANGE', 't', '2', 'w']]);
        await sameTtl('t');
      });

      it('LCS: plain, LEN, IDX, MINMATCHLEN, WITHMATCHLEN and errors', async () => {
        await makeList('lst');
        await pair.same([
          ['MSET', 'a', 'ohmytext', 'b', 'mynewtext', 'n', '12345', 'm', '1352'],
          ['LCS', 'a', 'b'],
          ['LCS', 'a', 'b', 'LEN'],
          ['LCS', 'a', 'b', 'IDX'],
          ['LCS', 'a', 'b', 'idx', 'WITHMATCHLEN'],
          ['LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '4'],
          ['LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN'],
          ['LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '-4', 'WITHMATCHLEN'],
          ['LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '100'],
          ['LCS', 'a', 'b', 'LEN', 'MINMATCHLEN', '2'],
          ['LCS', 'a', 'b', 'WITHMATCHLEN'],
          ['LCS', 'a', 'b', 'MINMATCHLEN', '1'],
          ['LCS', 'a', 'b', 'LEN', 'IDX'],
          ['LCS', 'a', 'b', 'IDX', 'LEN'],
          ['LCS', 'a', 'b', 'MINMATCHLEN'],
          ['LCS', 'a', 'b', 'MINMATCHLEN', 'x'],
          ['LCS', 'a', 'b', 'MINMATCHLEN', '9223372036854775808'],
          ['LCS', 'a', 'b', 'FOO'],
          ['LCS', 'a', 'b', 'IDX', 'FOO', 'LEN'],
          ['LCS', 'a', 'a', 'IDX', 'WITHMATCHLEN'],
          ['LCS', 'a', 'missing'],
          ['LCS', 'missing', 'b', 'IDX'],
          ['LCS', 'missing', 'missing2', 'LEN'],
          ['LCS', 'n', 'm', 'IDX', 'WITHMATCHLEN'],
          ['LCS', 'a', 'lst'],
          ['LCS', 'lst', 'a', 'FOO'],
          ['LCS', 'lst', 'missing', 'LEN', 'IDX'],
          ['LCS', 'a'],
        ]);
      });

      it('LCS on random strings matches byte for byte', async () => {
        await fc.assert(
          fc.asyncProperty(fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), maxLength: 40 }), fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), maxLength: 40 }), fc.integer({ min: 0, max: 4 }), async (x, y, min) => {
            const diff = await pair.firstDifference([
              ['MSET', 'x', x, 'y', y],
              ['LCS', 'x', 'y'],
              ['LCS', 'x', 'y', 'LEN'],
              ['LCS', 'x', 'y', 'IDX', 'WITHMATCHLEN'],
              ['LCS', 'y', 'x', 'IDX', 'MINMATCHLEN', String(min)],
            ]);
            expect(diff).toBeNull();
          }),
          { numRuns: 60 },
        );
      });

      it('random sequences of string commands agree', async () => {
        const key = fc.constantFrom('k1', 'k2', 'k3');
        const int = fc.oneof(fc.integer({ min: -20, max: 20 }).map(String), fc.constantFrom('9223372036854775807', '-9223372036854775808', '9007199254740993', 'x', '1.5'));
        const val = fc.oneof(fc.string({ maxLength: 8 }), int);
        const cmd: fc.Arbitrary<Cmd> = fc.oneof(
          fc.tuple(fc.constant('SET'), key, val),
          fc.tuple(fc.constant('GET'), key),
          fc.tuple(fc.constant('APPEND'), key, val),
          fc.tuple(fc.constant('INCRBY'), key, int),
          fc.tuple(fc.constant('DECRBY'), key, int),
          fc.tuple(fc.constant('INCRBYFLOAT'), key, fc.constantFrom('1.5', '-0.25', '3', '1e3')),
          fc.tuple(fc.constant('SETRANGE'), key, fc.integer({ min: -1, max: 70 }).map(String), val),
          fc.tuple(fc.constant('GETRANGE'), key, int, int),
          fc.tuple(fc.constant('STRLEN'), key),
          fc.tuple(fc.constant('GETSET'), key, val),
          fc.tuple(fc.constant('GETDEL'), key),
          fc.tuple(fc.constant('MGET'), key, key),
          fc.tuple(fc.constant('MSETNX'), key, val, key, val),
          fc.tuple(fc.constant('LCS'), key, key, fc.constantFrom('IDX', 'LEN', 'WITHMATCHLEN')),
        );
        await fc.assert(
          fc.asyncProperty(fc.array(cmd, { minLength: 1, maxLength: 25 }), async (cmds) => {
            await flush();
            expect(await pair.firstDifference(cmds)).toBeNull();
          }),
          { numRuns: 40 },
        );
      });
    });
  }
});
