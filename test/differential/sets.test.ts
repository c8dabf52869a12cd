// Set commands against a real redis-server (the 7.0 oracle), RESP2 and RESP3:
// replies, errors, counts and intset orders byte for byte; replies from
// hashtable-encoded sets compared as multisets; random picks by shape; a
// fast-check sequence generator over a few keys and a small member alphabet.
//
// Redis 7.2 differs from the 7.0 oracle in one visible way here: small sets of
// strings are listpacks (insertion order, OBJECT ENCODING "listpack") where 7.0
// has hashtables (hash order). Such replies are compared as multisets and an
// encoding of "listpack" is accepted where 7.0 says "hashtable";
// test/integration/sets.test.ts asserts the 7.2 bytes.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HAVE_REDIS, startPair, type Pair, type Cmd } from '../helpers/differential.js';
import { RawClient } from '../helpers/raw.js';
import { parseReplyTree as parse, type ReplyNode as Node } from '../helpers/resp.js';



/** Canonical form of an unordered reply: header kept, children sorted (SSCAN: the member list inside). */
function unordered(s: string): string {
  const n = parse(s)[0];
  if (n.type === '*' && n.children.length === 2 && n.children[1].type === '*' && n.children[0].type === '$') {
    return n.type + n.line + '\r\n' + n.children[0].raw + unordered(n.children[1].raw);
  }
  if (n.children.length === 0) return n.raw;
  const kids = n.children.map((c) => c.raw).sort();
  return `${n.type}${n.line}\r\n${kids.join('')}`;
}

/** Shape of a random reply: its type and, for aggregates, its length. */
function shape(s: string): string {
  const n = parse(s)[0];
  return n.type === '*' || n.type === '~' ? `${n.type}${n.line}` : n.type;
}

let pair: Pair;

async function same(...cmds: Cmd[]): Promise<void> {
  await pair.same(cmds);
}

/** Same reply up to member order. */
async function sameUnordered(...cmd: Cmd): Promise<void> {
  const { petrel, redis } = await pair.both(...cmd);
  expect(unordered(petrel), JSON.stringify(cmd)).toBe(unordered(redis));
}

/** Same OBJECT ENCODING, allowing 7.2's listpack where 7.0 says hashtable. */
async function sameEncoding(key: string): Promise<void> {
  const { petrel, redis } = await pair.both('OBJECT', 'ENCODING', key);
  if (redis === '$9\r\nhashtable\r\n' && petrel === '$8\r\nlistpack\r\n') return;
  expect(petrel, `OBJECT ENCODING ${key}`).toBe(redis);
}

const range = (n: number, prefix = '') => Array.from({ length: n }, (_, i) => prefix + i);

describe.skipIf(!HAVE_REDIS)('sets vs redis-server', () => {
  beforeAll(async () => {
    pair = (await startPair())!;
  });
  afterAll(async () => {
    await pair.close();
  });
  beforeEach(async () => {
    await pair.reset();
  });

  for (const proto of ['2', '3']) {
    describe(`RESP${proto}`, () => {
      beforeEach(async () => {
        await pair.both('HELLO', proto);
        await pair.both('SET', 'str', 'x');
      });

      it('intsets: replies and order byte for byte', async () => {
        await same(
          ['SADD', 'i', '5', '-3', '10', '5', '9223372036854775807', '-9223372036854775808', '0'],
          ['SADD', 'i', '7'],
          ['SMEMBERS', 'i'],
          ['OBJECT', 'ENCODING', 'i'],
          ['SCARD', 'i'],
          ['SISMEMBER', 'i', '10'],
          ['SISMEMBER', 'i', '+10'],
          ['SISMEMBER', 'i', '010'],
          ['SMISMEMBER', 'i', '10', '11', '-3'],
          ['SADD', 'j', '10', '0', '99'],
          ['SINTER', 'i', 'j'],
          ['SINTERCARD', '2', 'i', 'j'],
          ['SINTERCARD', '2', 'i', 'j', 'LIMIT', '1'],
          ['SUNION', 'i', 'j'],
          ['SDIFF', 'i', 'j'],
          ['SDIFF', 'j', 'i'],
          ['SINTERSTORE', 'd', 'i', 'j'],
          ['OBJECT', 'ENCODING', 'd'],
          ['SMEMBERS', 'd'],
          ['SUNIONSTORE', 'd', 'i', 'j'],
          ['SMEMBERS', 'd'],
          ['SDIFFSTORE', 'd', 'i', 'j'],
          ['SMEMBERS', 'd'],
          ['SRANDMEMBER', 'i', '100'],
          ['SSCAN', 'i', '0'],
          ['SSCAN', 'i', '99', 'MATCH', '*0*', 'COUNT', '1'],
          ['SMOVE', 'i', 'j', '5'],
          ['SMOVE', 'i', 'n', '7'],
          ['OBJECT', 'ENCODING', 'n'],
          ['SMEMBERS', 'j'],
          ['SPOP', 'j', '100'],
          ['EXISTS', 'j'],
        );
      });

      it('conversions that 7.0 and 7.2 share', async () => {
        await same(
          ['SADD', 'a', ...range(512)],
          ['OBJECT', 'ENCODING', 'a'],
          ['SADD', 'a', '512'],
          ['OBJECT', 'ENCODING', 'a'],
          ['CONFIG', 'SET', 'set-max-intset-entries', '3'],
          ['SADD', 'b', '1', '2', '3'],
          ['OBJECT', 'ENCODING', 'b'],
          ['SADD', 'b', '4'],
          ['OBJECT', 'ENCODING', 'b'],
          ['SADD', 'c', ...range(200, 'm')],
          ['OBJECT', 'ENCODING', 'c'],
          ['CONFIG', 'SET', 'set-max-intset-entries', '512'],
        );
        await pair.both('SADD', 'd', '1', 'x');
        await sameEncoding('d');
      });

      it('errors and edge replies', async () => {
        await same(
          ['SADD', 's', 'a', 'b', 'c'],
          ['SADD', 'str', 'a'],
          ['SREM', 'str', 'a'],
          ['SMEMBERS', 'str'],
          ['SCARD', 'str'],
          ['SISMEMBER', 'str', 'a'],
          ['SMISMEMBER', 'str', 'a'],
          ['SMISMEMBER', 'nokey', 'a', 'b'],
          ['SMEMBERS', 'nokey'],
          ['SCARD', 'nokey'],
          ['SREM', 'nokey', 'a'],
          ['SADD', 's'],
          ['SPOP'],
          ['SPOP', 'nokey'],
          ['SPOP', 'nokey', '2'],
          ['SPOP', 's', '-1'],
          ['SPOP', 's', 'abc'],
          ['SPOP', 'str', 'abc'],
          ['SPOP', 'str'],
          ['SPOP', 'str', '1'],
          ['SPOP', 's', '1', '2'],
          ['SPOP', 's', '0'],
          ['SRANDMEMBER', 'nokey'],
          ['SRANDMEMBER', 'nokey', '3'],
          ['SRANDMEMBER', 'nokey', '-3'],
          ['SRANDMEMBER', 's', '0'],
          ['SRANDMEMBER', 's', 'abc'],
          ['SRANDMEMBER', 's', '9223372036854775808'],
          ['SRANDMEMBER', 's', '-9223372036854775808'],
          ['SRANDMEMBER', 's', '-9223372036854775807', 'x'],
          ['SRANDMEMBER', 'str'],
          ['SRANDMEMBER', 'str', '2'],
          ['SMOVE', 's', 'str', 'a'],
          ['SMOVE', 'str', 's', 'a'],
          ['SMOVE', 'nokey', 'str', 'a'],
          ['SMOVE', 's', 's', 'a'],
          ['SMOVE', 's', 's', 'z'],
          ['SMOVE', 's', 'd', 'z'],
          ['SINTER', 'nokey', 'str'],
          ['SINTER', 's', 'nokey'],
          ['SINTERSTORE', 'd', 'nokey', 'str'],
          ['SINTERSTORE', 'str', 's', 'nokey'],
          ['EXISTS', 'str'],
          ['SET', 'str', 'x'],
          ['SUNION', 'nokey', 'str'],
          ['SUNION', 'nokey'],
          ['SUNIONSTORE', 'd', 'nokey'],
          ['SDIFF', 'nokey', 'str'],
          ['SDIFF', 'str', 'nokey'],
          ['SDIFF', 'nokey', 's'],
          ['SDIFF', 's', 's'],
          ['SDIFFSTORE', 'str', 's', 's'],
          ['EXISTS', 'str'],
          ['SET', 'str', 'x'],
          ['SINTERCARD', '0', 's'],
          ['SINTERCARD', '-1', 's'],
          ['SINTERCARD', 'abc', 's'],
          ['SINTERCARD', '3', 's', 's'],
          ['SINTERCARD', '9223372036854775807', 's'],
          ['SINTERCARD', '9223372036854775808', 's'],
          ['SINTERCARD', '1', 's', 'LIMIT', '-1'],
          ['SINTERCARD', '1', 's', 'LIMIT', 'abc'],
          ['SINTERCARD', '1', 's', 'LIMIT'],
          ['SINTERCARD', '1', 's', 'FOO', '1'],
          ['SINTERCARD', '1', 's', 'LIMIT', '1', 'LIMIT', '2'],
          ['SINTERCARD', '2', 'nokey', 'str'],
          ['SINTERCARD', '2', 's', 'nokey'],
          ['SINTERCARD', '1'],
          ['SSCAN', 'nokey', 'abc'],
          ['SSCAN', 'str', 'abc'],
          ['SSCAN', 'str', '0'],
          ['SSCAN', 'nokey', '0', 'COUNT', '0'],
          ['SSCAN', 's', '0', 'COUNT', '0'],
          ['SSCAN', 's', '0', 'COUNT', 'abc'],
          ['SSCAN', 's', '0', 'COUNT', '-1'],
          ['SSCAN', 's', '0', 'MATCH'],
          ['SSCAN', 's', '0', 'TYPE', 'set'],
          ['SSCAN', 's', '0', 'NOVALUES'],
          ['SSCAN', 's', '-1', 'MATCH', 'zzz'],
          ['SSCAN', 's', '18446744073709551616'],
          ['COMMAND', 'GETKEYS', 'SINTERCARD', '2', 'a', 'b', 'LIMIT', '1'],
          ['COMMAND', 'GETKEYS', 'SMOVE', 'a', 'b', 'm'],
          ['COMMAND', 'GETKEYS', 'SINTERSTORE', 'd', 'a', 'b'],
        );
      });

      it('string sets: same contents (order differs: 7.2 listpack vs 7.0 hashtable)', async () => {
        await same(['SADD', 's', 'e', 'd', 'c', 'b', 'a', '3', '\x00\xff', 'a'], ['SADD', 't', 'a', 'c', 'x', '3'], ['SADD', 'i', '3', '4']);
        for (const cmd of [
          ['SMEMBERS', 's'],
          ['SINTER', 's', 't'],
          ['SINTER', 't', 's', 'i'],
          ['SUNION', 's', 't', 'i'],
          ['SDIFF', 's', 't'],
          ['SDIFF', 's', 'i', 'nokey'],
          ['SSCAN', 's', '0', 'COUNT', '1000'],
          ['SSCAN', 's', '0', 'MATCH', '[a-c]', 'COUNT', '1000'],
          ['SRANDMEMBER', 's', '50'],
        ]) {
          await sameUnordered(...cmd);
        }
        await same(
          ['SINTERSTORE', 'd', 's', 't'],
          ['SCARD', 'd'],
          ['SINTERCARD', '3', 's', 't', 'i'],
          ['SUNIONSTORE', 'd', 's', 't'],
          ['SDIFFSTORE', 'd', 's', 't'],
          ['SINTERSTORE', 'd', 's', 'i'],
          ['OBJECT', 'ENCODING', 'd'],
          ['SMEMBERS', 'd'],
        );
        await sameUnordered('SPOP', 's', '100');
        await same(['EXISTS', 's']);
      });

      it('random picks: shapes and distinctness', async () => {
        await same(['SADD', 'h', ...range(300, 'm')], ['SADD', 'i', ...range(40)], ['SADD', 'l', 'a', 'b', 'c', 'd']);
        for (const key of ['h', 'i', 'l']) {
          for (const count of ['1', '2', '3', '-1', '-5', '-500', '10', '299']) {
            const { petrel, redis } = await pair.both('SRANDMEMBER', key, count);
            expect(shape(petrel), `SRANDMEMBER ${key} ${count}`).toBe(shape(redis));
            const members = parse(petrel)[0].children.map((c) => c.raw);
            if (Number(count) > 0) expect(new Set(members).size).toBe(members.length);
          }
          const one = await pair.both('SRANDMEMBER', key);
          expect(shape(one.petrel)).toBe(shape(one.redis));
        }
        for (const [key, count] of [
          ['h', '5'],
          ['h', '280'],
          ['i', '3'],
          ['i', '38'],
          ['l', '2'],
        ]) {
          const { petrel, redis } = await pair.both('SPOP', key, count);
          expect(shape(petrel), `SPOP ${key} ${count}`).toBe(shape(redis));
          // Same number of members left (not the same ones).
          await same(['SCARD', key]);
          await pair.both('DEL', key);
        }
        await same(['SADD', 'one', 'x'], ['SPOP', 'one'], ['EXISTS', 'one'], ['SADD', 'one', 'x'], ['SPOP', 'one', '1'], ['SRANDMEMBER', 'nokey']);
      });
    });
  }

  it('keyspace events: same events in the same order (KEA)', async () => {
    const ps = await RawClient.connect(pair.petrel.port);
    const rs = await RawClient.connect(pair.redis.port);
    try {
      ps.send('PSUBSCRIBE', '__key*__:*');
      rs.send('PSUBSCRIBE', '__key*__:*');
      expect(await ps.read()).toBe(await rs.read());
      await same(
        ['CONFIG', 'SET', 'notify-keyspace-events', 'KEA'],
        ['SADD', 'a', '1', '2', '3'],
        ['SADD', 'a', '1'],
        ['SREM', 'a', '1', 'x'],
        ['SREM', 'a', 'x'],
        ['SMOVE', 'a', 'b', '2'],
        ['SMOVE', 'a', 'b', '3'],
        ['SMOVE', 'b', 'c', 'x'],
        ['SADD', 'c', '2'],
        ['SMOVE', 'b', 'c', '2'],
        ['SADD', 'd', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10'],
        ['SPOP', 'd', '0'],
      );
      // Random members: only the events are compared.
      await pair.both('SPOP', 'd', '2');
      await pair.both('SPOP', 'd', '100');
      await same(
        ['SADD', 'e', 'x'],
        ['SPOP', 'e'],
        ['SPOP', 'e'],
        ['SADD', 'f', '1', '2'],
        ['SADD', 'g', '2', '3'],
        ['SINTERSTORE', 'h', 'f', 'g'],
        ['SINTERSTORE', 'h', 'f', 'nokey'],
        ['SINTERSTORE', 'h', 'f', 'nokey'],
        ['SUNIONSTORE', 'h', 'f', 'g'],
        ['SDIFFSTORE', 'h', 'f', 'g'],
        ['SDIFFSTORE', 'h', 'f', 'f'],
        ['SUNIONSTORE', 'h', 'nokey'],
        ['SINTERSTORE', 'h', 'f', 'g'],
        ['SINTERSTORE', 'h', 'f', 'x'],
        ['SINTER', 'f', 'g'],
        ['SADD', 'str', 'x'],
        ['SET', '__marker__', '1'],
        ['DEL', '__marker__'],
        ['CONFIG', 'SET', 'notify-keyspace-events', ''],
      );
      const read = async (c: RawClient) => {
        let all = '';
        while (!all.includes('__keyevent@0__:del\r\n$10\r\n__marker__')) all += await c.read();
        return all;
      };
      const [pe, re] = await Promise.all([read(ps), read(rs)]);
      expect(pe).toBe(re);
    } finally {
      ps.close();
      rs.close();
    }
  });

  it("fast-check: random command sequences agree (unordered where the order is the encoding's)", async () => {
    const key = fc.constantFrom('s1', 's2', 's3', 'str');
    const member = fc.oneof(
      fc.constantFrom('0', '1', '2', '-1', '10', '9223372036854775807', '-9223372036854775808', '007', '-0', ''),
      fc.constantFrom('a', 'b', 'c', 'abc', '\x00', 'x y', '\xe9'),
    );
    const members = fc.array(member, { minLength: 1, maxLength: 6 });
    const keyList = fc.array(key, { minLength: 1, maxLength: 3 });
    const cmd: fc.Arbitrary<string[]> = fc.oneof(
      { weight: 5, arbitrary: fc.tuple(key, members).map(([k, m]) => ['SADD', k, ...m]) },
      { weight: 3, arbitrary: fc.tuple(key, members).map(([k, m]) => ['SREM', k, ...m]) },
      { weight: 2, arbitrary: fc.tuple(key, key, member).map(([a, b, m]) => ['SMOVE', a, b, m]) },
      { weight: 1, arbitrary: key.map((k) => ['SCARD', k]) },
      { weight: 2, arbitrary: key.map((k) => ['SMEMBERS', k]) },
      { weight: 1, arbitrary: fc.tuple(key, member).map(([k, m]) => ['SISMEMBER', k, m]) },
      { weight: 1, arbitrary: fc.tuple(key, members).map(([k, m]) => ['SMISMEMBER', k, ...m]) },
      { weight: 2, arbitrary: fc.tuple(fc.constantFrom('SINTER', 'SUNION', 'SDIFF'), keyList).map(([c, k]) => [c, ...k]) },
      {
        weight: 2,
        arbitrary: fc.tuple(fc.constantFrom('SINTERSTORE', 'SUNIONSTORE', 'SDIFFSTORE'), key, keyList).map(([c, d, k]) => [c, d, ...k]),
      },
      { weight: 1, arbitrary: fc.tuple(keyList, fc.nat(3)).map(([k, l]) => ['SINTERCARD', String(k.length), ...k, 'LIMIT', String(l)]) },
      { weight: 1, arbitrary: key.map((k) => ['SPOP', k, '100']) },
      { weight: 1, arbitrary: fc.tuple(key, fc.constantFrom('0', '-3', '2', '100')).map(([k, n]) => ['SRANDMEMBER', k, n]) },
      { weight: 1, arbitrary: key.map((k) => ['SSCAN', k, '0', 'COUNT', '100']) },
      { weight: 1, arbitrary: key.map((k) => ['OBJECT', 'ENCODING', k]) },
      { weight: 1, arbitrary: fc.tuple(key, key).map(([a, b]) => ['COPY', a, b, 'REPLACE']) },
      { weight: 1, arbitrary: fc.constant(['SET', 'str', 'v']) },
    );
    const seed = fc
      .tuple(fc.array(member, { minLength: 1, maxLength: 8 }), fc.array(member, { minLength: 1, maxLength: 8 }), fc.array(member, { minLength: 1, maxLength: 8 }))
      .map(([a, b, c]) => [
        ['SADD', 's1', ...a],
        ['SADD', 's2', ...b],
        ['SADD', 's3', ...c],
      ]);
    const UNORDERED = new Set(['SMEMBERS', 'SINTER', 'SUNION', 'SDIFF', 'SPOP', 'SSCAN', 'SRANDMEMBER']);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('2', '3'), seed, fc.array(cmd, { minLength: 1, maxLength: 30 }), async (proto, start, seq) => {
        await pair.reset();
        await pair.both('HELLO', proto);
        // Every run starts from three populated sets, so the set algebra has something to work on.
        for (const argv of start) await pair.both(...argv);
        for (const argv of seq) {
          const { petrel, redis } = await pair.both(...argv);
          const name = argv[0];
          const where = `${JSON.stringify(argv)} in ${JSON.stringify([...start, ...seq])}`;
          if (name === 'SRANDMEMBER' && argv[2] !== '100') expect(shape(petrel), where).toBe(shape(redis));
          else if (name === 'OBJECT') {
            if (!(redis === '$9\r\nhashtable\r\n' && petrel === '$8\r\nlistpack\r\n')) expect(petrel, where).toBe(redis);
          } else if (UNORDERED.has(name)) expect(unordered(petrel), where).toBe(unordered(redis));
          else expect(petrel, where).toBe(redis);
        }
      }),
      { numRuns: 400, interruptAfterTimeLimit: 15_000, markInterruptAsFailure: false },
    );
  }, 30_000);
});
