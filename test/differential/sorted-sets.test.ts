// Sorted set commands against a real redis-server (the 7.0 oracle), RESP2 and
// RESP3: replies, errors and orders byte for byte (sorted sets have one order,
// so nearly everything compares exactly); ZSCAN over a skiplist compared as a
// multiset, ZRANDMEMBER by shape; a fast-check sequence generator with a small
// listpack limit so both encodings are exercised.
//
// Scores here are integers or exactly representable fractions (0.5, 2.25):
// Redis 7.2 prints 1.1 as "1.1" where the 7.0 oracle prints 1.1000000000000001
// (test/integration/sorted-sets.test.ts asserts the 7.2 bytes). Other 7.2-only
// behaviour (ZRANK/ZREVRANK WITHSCORE, ZADD's size hint for the encoding) is
// asserted there too, not here.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HAVE_REDIS, startPair, type Pair, type Cmd } from '../helpers/differential.js';
import { RawClient } from '../helpers/raw.js';
import { parseReplyTree as parse, type ReplyNode as Node } from '../helpers/resp.js';



/** Shape of a random reply: type and length, recursively for nested pairs. */
function shape(s: string): string {
  const n = parse(s)[0];
  if (n.type !== '*') return n.type;
  return `*${n.line}[${n.children.map((c) => (c.type === '*' ? `*${c.line}` : c.type)).join(',')}]`;
}

let pair: Pair;

async function same(...cmds: Cmd[]): Promise<void> {
  await pair.same(cmds);
}

const range = (n: number, prefix = '') => Array.from({ length: n }, (_, i) => prefix + i);

/** ZADD arguments for n members m0..m(n-1) with scores i % mod. */
function pairs(n: number, mod = 1000, prefix = 'm'): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(String(i % mod), prefix + i);
  return out;
}

/** Collects a full ZSCAN iteration as sorted "member score" strings. */
async function fullScan(c: RawClient, key: string, count: number): Promise<string[]> {
  let cursor = '0';
  const seen = new Set<string>();
  do {
    const r = parse(await c.call('ZSCAN', key, cursor, 'COUNT', count))[0];
    cursor = r.children[0].raw.split('\r\n')[1];
    const items = r.children[1].children.map((x) => x.raw.split('\r\n')[1]);
    for (let i = 0; i < items.length; i += 2) seen.add(items[i] + ' ' + items[i + 1]);
  } while (cursor !== '0');
  return [...seen].sort();
}

describe.skipIf(!HAVE_REDIS)('sorted sets vs redis-server', () => {
  beforeAll(async () => {
    pair = (await startPair())!;
  });
  afterAll(async () => {
    await pair.close();
  });
  beforeEach(async () => {
    await pair.reset();
  });

  it('COMMAND INFO and GETKEYS (ZRANK/ZREVRANK left out: 7.2 made their arity -3 for WITHSCORE)', async () => {
    const names = ('zadd zincrby zrem zcard zcount zlexcount zscore zmscore zrange zrangestore zrevrange zrangebyscore ' +
      'zrevrangebyscore zrangebylex zrevrangebylex zremrangebyrank zremrangebyscore zremrangebylex zpopmin zpopmax zmpop ' +
      'bzpopmin bzpopmax bzmpop zrandmember zunion zinter zdiff zunionstore zinterstore zdiffstore zintercard zscan').split(' ');
    await same(
      ...names.map((n): Cmd => ['COMMAND', 'INFO', n]),
      ['COMMAND', 'GETKEYS', 'zunionstore', 'd', '2', 'a', 'b', 'WEIGHTS', '1', '2'],
      ['COMMAND', 'GETKEYS', 'zinter', '2', 'a', 'b'],
      ['COMMAND', 'GETKEYS', 'zmpop', '2', 'a', 'b', 'MIN'],
      ['COMMAND', 'GETKEYS', 'bzmpop', '0', '2', 'a', 'b', 'MIN'],
      ['COMMAND', 'GETKEYS', 'bzpopmin', 'a', 'b', '0'],
      ['COMMAND', 'GETKEYS', 'zintercard', '2', 'a', 'b', 'LIMIT', '1'],
      ['COMMAND', 'GETKEYS', 'zrangestore', 'd', 's', '0', '-1'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'zdiffstore', 'd', '1', 'a'],
    );
  });

  for (const proto of ['2', '3']) {
    describe(`RESP${proto}`, () => {
      beforeEach(async () => {
        await pair.both('HELLO', proto);
        await pair.both('SET', 'str', 'x');
      });

      it('ZADD options, ZINCRBY, ZSCORE, ZMSCORE, ZCARD, ZREM', async () => {
        await same(
          ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'],
          ['ZADD', 'z', 'NX', '10', 'a', '4', 'd'],
          ['ZADD', 'z', 'XX', '10', 'a', '4', 'e'],
          ['ZADD', 'z', 'XX', 'CH', '11', 'a', '4', 'e'],
          ['ZADD', 'z', 'GT', 'CH', '5', 'a', '20', 'b', '0.5', 'f'],
          ['ZADD', 'z', 'LT', 'CH', '50', 'a', '1', 'b'],
          ['ZADD', 'z', 'INCR', '2.25', 'c'],
          ['ZADD', 'z', 'INCR', 'NX', '1', 'c'],
          ['ZADD', 'z', 'INCR', 'XX', '1', 'nope'],
          ['ZADD', 'z', 'INCR', 'GT', '-1', 'c'],
          ['ZADD', 'z', 'INCR', 'LT', '-1', 'c'],
          ['ZADD', 'z', 'gt', 'xx', 'ch', 'incr', '1', 'c'],
          ['ZADD', 'z', 'CH', '1', 'b', '1', 'b'],
          ['ZADD', 'z', '-inf', 'lo', '+inf', 'hi', 'inf', 'hi2'],
          ['ZADD', 'z', '0x10', 'hex', '1e2', 'exp', '-0', 'negzero'],
          ['ZSCORE', 'z', 'negzero'],
          ['ZINCRBY', 'z', '-0', 'negzero2'],
          ['ZSCORE', 'z', 'negzero2'],
          ['ZADD', 'big', ...pairs(130), '-0', 'nz'],
          ['ZSCORE', 'big', 'nz'],
          ['ZINCRBY', 'big', '-0', 'nz'],
          ['ZUNIONSTORE', 'small', '1', 'big'],
          ['ZSCORE', 'small', 'nz'],
          ['ZREMRANGEBYRANK', 'big', '3', '-1'],
          ['ZUNIONSTORE', 'small', '1', 'big'],
          ['ZSCORE', 'small', 'nz'],
          ['ZINCRBY', 'z', '1.5', 'a'],
          ['ZINCRBY', 'z', '-1', 'new'],
          ['ZINCRBY', 'z', '-inf', 'hi'],
          ['ZINCRBY', 'z', 'x', 'a'],
          ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
          ['ZSCORE', 'z', 'a'],
          ['ZSCORE', 'z', 'nope'],
          ['ZSCORE', 'nokey', 'a'],
          ['ZMSCORE', 'z', 'a', 'nope', 'lo', 'hi'],
          ['ZMSCORE', 'nokey', 'a', 'b'],
          ['ZCARD', 'z'],
          ['ZCARD', 'nokey'],
          ['ZREM', 'z', 'a', 'a', 'nope', 'b'],
          ['ZREM', 'nokey', 'a'],
          ['ZADD', 'one', '1', 'x'],
          ['ZREM', 'one', 'x', 'y'],
          ['EXISTS', 'one'],
          ['ZADD', 'xx', 'XX', '1', 'a'],
          ['EXISTS', 'xx'],
        );
      });

      it('ZADD and friends: errors', async () => {
        await same(
          ['ZADD', 'z', '1', 'a'],
          ['ZADD', 'z', 'NX', 'XX', '1', 'a'],
          ['ZADD', 'z', 'GT', 'LT', '1', 'a'],
          ['ZADD', 'z', 'GT', 'NX', '1', 'a'],
          ['ZADD', 'z', 'LT', 'NX', '1', 'a'],
          ['ZADD', 'z', 'INCR', '1', 'a', '2', 'b'],
          ['ZADD', 'z', 'NX', 'XX', 'INCR', '1', 'a', '2', 'b'],
          ['ZADD', 'z', '1', 'a', '2'],
          ['ZADD', 'z', 'CH'],
          ['ZADD', 'z', 'x', 'a'],
          ['ZADD', 'z', 'nan', 'a'],
          ['ZADD', 'z', '', 'a'],
          ['ZADD', 'z', ' 1', 'a'],
          ['ZADD', 'z', '1 ', 'a'],
          ['ZADD', 'z', '1e400', 'a'],
          ['ZADD', 'z', '1e-400', 'a'],
          ['ZADD', 'z', '1', 'a', 'x', 'b'],
          ['ZADD', 'str', '1', 'a'],
          ['ZADD', 'str', 'x', 'a'],
          ['ZADD', 'z', 'inf', 'i'],
          ['ZINCRBY', 'z', '-inf', 'i'],
          ['ZADD', 'z', 'INCR', '-inf', 'i'],
          ['ZSCORE', 'z', 'i'],
          ['ZINCRBY', 'z', 'nan', 'a'],
          ['ZINCRBY', 'str', '1', 'a'],
          ['ZINCRBY', 'z', '1'],
          ['ZREM', 'str', 'a'],
          ['ZCARD', 'str'],
          ['ZSCORE', 'str', 'a'],
          ['ZMSCORE', 'str', 'a'],
          ['ZSCORE', 'z', 'a', 'b'],
          ['ZRANK', 'str', 'a'],
          ['ZRANK', 'z', 'nope'],
          ['ZRANK', 'nokey', 'a'],
          ['ZREVRANK', 'z', 'a'],
        );
      });

      for (const big of [false, true]) {
        const label = big ? 'skiplist' : 'listpack';
        it(`ranges by rank, score and lex (${label})`, async () => {
          const extra = big ? pairs(200, 7, 'p') : [];
          await same(
            ['ZADD', 'z', '1', 'a', '2', 'b', '2', 'bb', '3', 'c', '3.5', 'd', '-1', 'neg', '10', 'ten', ...extra],
            ['OBJECT', 'ENCODING', 'z'],
            ['ZRANGE', 'z', '0', '-1'],
            ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
            ['ZRANGE', 'z', '2', '4', 'REV', 'WITHSCORES'],
            ['ZRANGE', 'z', '-3', '-1'],
            ['ZRANGE', 'z', '-300', '2'],
            ['ZRANGE', 'z', '5', '2'],
            ['ZRANGE', 'z', '500', '600'],
            ['ZRANGE', 'z', '0', '9223372036854775807'],
            ['ZRANGE', 'z', '-9223372036854775808', '1'],
            ['ZRANGE', 'z', '0', '-1', 'LIMIT', '0', '-1'],
            ['ZREVRANGE', 'z', '0', '3', 'WITHSCORES'],
            ['ZREVRANGE', 'z', '-2', '-1'],
            ['ZRANGE', 'z', '(1', '3', 'BYSCORE', 'WITHSCORES'],
            ['ZRANGE', 'z', '3', '(1', 'BYSCORE', 'REV', 'WITHSCORES'],
            ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '2', '3'],
            ['ZRANGE', 'z', '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', '1', '2'],
            ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '1', '-5'],
            ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '-1', '2'],
            ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '9999', '2'],
            ['ZRANGE', 'z', '(2', '(2', 'BYSCORE'],
            ['ZRANGE', 'z', '2', '2', 'BYSCORE'],
            ['ZRANGE', 'z', '3', '1', 'BYSCORE'],
            ['ZRANGEBYSCORE', 'z', '(-inf', '(inf'],
            ['ZRANGEBYSCORE', 'z', ' 1', '0x3', 'WITHSCORES'],
            ['ZRANGEBYSCORE', 'z', '(', '2'],
            ['ZRANGEBYSCORE', 'z', '', '2'],
            ['ZRANGEBYSCORE', 'z', '-1e400', '1e400', 'LIMIT', '0', '2'],
            ['ZRANGEBYSCORE', 'z', '1', '3', 'WITHSCORES', 'LIMIT', '1', '1'],
            ['ZREVRANGEBYSCORE', 'z', '3', '1', 'WITHSCORES'],
            ['ZREVRANGEBYSCORE', 'z', '+inf', '-inf', 'LIMIT', '2', '2'],
            ['ZCOUNT', 'z', '-inf', '+inf'],
            ['ZCOUNT', 'z', '(1', '3'],
            ['ZCOUNT', 'z', '2', '2'],
            ['ZCOUNT', 'z', '(2', '2'],
            ['ZCOUNT', 'z', '5', '1'],
            ['ZCOUNT', 'nokey', '0', '1'],
            ['ZRANK', 'z', 'bb'],
            ['ZREVRANK', 'z', 'bb'],
            ['ZRANK', 'z', 'ten'],
            ['ZREVRANK', 'z', 'neg'],
            ['ZADD', 'l', '0', 'a', '0', 'b', '0', 'c', '0', 'd', '0', 'e', '0', 'f', '0', 'g', ...extra.map((x, i) => (i % 2 ? x : '0'))],
            ['ZRANGE', 'l', '[b', '(e', 'BYLEX'],
            ['ZRANGE', 'l', '(e', '[b', 'BYLEX', 'REV'],
            ['ZRANGE', 'l', '-', '+', 'BYLEX', 'LIMIT', '1', '3'],
            ['ZRANGE', 'l', '+', '-', 'BYLEX', 'REV', 'LIMIT', '0', '2'],
            ['ZRANGE', 'l', '+', '-', 'BYLEX'],
            ['ZRANGE', 'l', '-', '-', 'BYLEX'],
            ['ZRANGE', 'l', '[', '+', 'BYLEX'],
            ['ZRANGEBYLEX', 'l', '[c', '[c'],
            ['ZRANGEBYLEX', 'l', '(c', '(c'],
            ['ZRANGEBYLEX', 'l', '[a', '(b'],
            ['ZRANGEBYLEX', 'l', '[p1', '[p2'],
            ['ZREVRANGEBYLEX', 'l', '[e', '(a', 'LIMIT', '1', '10'],
            ['ZLEXCOUNT', 'l', '-', '+'],
            ['ZLEXCOUNT', 'l', '[b', '(e'],
            ['ZLEXCOUNT', 'l', '(e', '[b'],
            ['ZLEXCOUNT', 'nokey', '-', '+'],
            ['ZRANGESTORE', 'dst', 'z', '1', '3'],
            ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
            ['ZRANGESTORE', 'dst', 'z', '3', '(1', 'BYSCORE', 'REV', 'LIMIT', '0', '2'],
            ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
            ['ZRANGESTORE', 'dst', 'l', '[b', '[d', 'BYLEX'],
            ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
            ['ZRANGESTORE', 'dst', 'z', '5', '1'],
            ['EXISTS', 'dst'],
            ['ZRANGESTORE', 'dst', 'nokey', '0', '-1'],
            ['ZRANGESTORE', 'str', 'z', '0', '0'],
            ['TYPE', 'str'],
          );
        });

        it(`ZREMRANGEBY* and pops (${label})`, async () => {
          const extra = big ? pairs(200, 5, 'p') : [];
          const setup: Cmd = ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e', ...extra];
          const lex: Cmd = ['ZADD', 'l', '0', 'a', '0', 'b', '0', 'c', '0', 'd', ...extra.map((x, i) => (i % 2 ? x : '0'))];
          await same(
            setup,
            ['ZREMRANGEBYRANK', 'z', '1', '2'],
            ['ZREMRANGEBYRANK', 'z', '-2', '-1'],
            ['ZREMRANGEBYRANK', 'z', '5', '1'],
            ['ZREMRANGEBYRANK', 'z', '1000', '2000'],
            ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
            ['DEL', 'z'],
            setup,
            ['ZREMRANGEBYSCORE', 'z', '(1', '3'],
            ['ZREMRANGEBYSCORE', 'z', '(4', '(5'],
            ['ZREMRANGEBYSCORE', 'z', '5', '1'],
            ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
            ['ZREMRANGEBYSCORE', 'z', '-inf', '+inf'],
            ['EXISTS', 'z'],
            lex,
            ['ZREMRANGEBYLEX', 'l', '(a', '[c'],
            ['ZREMRANGEBYLEX', 'l', '[z', '-'],
            ['ZRANGE', 'l', '0', '-1'],
            ['ZREMRANGEBYLEX', 'l', '-', '+'],
            ['EXISTS', 'l'],
            ['ZREMRANGEBYRANK', 'nokey', '0', '1'],
            ['ZREMRANGEBYSCORE', 'nokey', '0', '1'],
            ['ZREMRANGEBYLEX', 'nokey', '-', '+'],
            setup,
            ['ZPOPMIN', 'z'],
            ['ZPOPMAX', 'z'],
            ['ZPOPMIN', 'z', '2'],
            ['ZPOPMAX', 'z', '1'],
            ['ZPOPMIN', 'z', '0'],
            ['ZPOPMIN', 'nokey'],
            ['ZPOPMIN', 'nokey', '3'],
            ['ZMPOP', '2', 'nokey', 'z', 'MIN'],
            ['ZMPOP', '2', 'nokey', 'z', 'MAX', 'COUNT', '3'],
            ['ZMPOP', '1', 'nokey', 'MAX'],
            ['ZPOPMAX', 'z', '10000'],
            ['EXISTS', 'z'],
            ['ZPOPMIN', 'z'],
            ['ZMPOP', '1', 'z', 'MIN'],
            ['BZPOPMIN', 'nokey', 'z', '0.01'],
            setup,
            ['BZPOPMIN', 'nokey', 'z', '0'],
            ['BZPOPMAX', 'z', '0'],
            ['BZMPOP', '0', '2', 'nokey', 'z', 'MAX', 'COUNT', '2'],
            ['BZMPOP', '0', '1', 'z', 'MIN'],
          );
        });
      }

      it('range, pop and rank errors', async () => {
        await same(
          ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'],
          ['ZRANGE', 'z', '0', '-1', 'LIMIT', '0', '1'],
          ['ZRANGE', 'z', '0', '-1', 'LIMIT', '0', '1', 'BYSCORE'],
          ['ZRANGE', 'z', '-', '+', 'BYLEX', 'WITHSCORES'],
          ['ZRANGE', 'z', '0', '-1', 'REV', 'REV'],
          ['ZRANGE', 'z', '0', '-1', 'BYSCORE', 'BYLEX'],
          ['ZRANGE', 'z', '0', '-1', 'BYSCORE', 'BYSCORE'],
          ['ZRANGE', 'z', '0', '1', 'BYSCORE', 'LIMIT', '0'],
          ['ZRANGE', 'z', '0', '1', 'BYSCORE', 'LIMIT', 'x', '1'],
          ['ZRANGE', 'z', '0', '1', 'BYSCORE', 'LIMIT', '0', 'x'],
          ['ZRANGE', 'z', '0', '1', 'FOO'],
          ['ZRANGE', 'z', 'a', 'b'],
          ['ZRANGE', 'z', '0', '1.5'],
          ['ZRANGE', 'z', 'x', '1', 'BYSCORE'],
          ['ZRANGE', 'z', '(nan', '1', 'BYSCORE'],
          ['ZRANGE', 'z', 'a', 'b', 'BYLEX'],
          ['ZRANGE', 'z', '[a', '++', 'BYLEX'],
          ['ZRANGE', 'z', '', '+', 'BYLEX'],
          ['ZRANGE', 'str', '0', '1'],
          ['ZRANGE', 'str', 'x', '1'],
          ['ZRANGESTORE', 'd', 'z', '0', '-1', 'WITHSCORES'],
          ['ZRANGESTORE', 'd', 'str', '0', '-1'],
          ['ZREVRANGE', 'z', '0', '-1', 'BYSCORE'],
          ['ZREVRANGE', 'z', '0', '-1', 'REV'],
          ['ZRANGEBYSCORE', 'z', '0', '1', 'BYLEX'],
          ['ZRANGEBYSCORE', 'z', '0', '1', 'LIMIT', '1'],
          ['ZRANGEBYSCORE', 'z', 'x', '1'],
          ['ZRANGEBYLEX', 'z', '-', '+', 'WITHSCORES'],
          ['ZRANGEBYLEX', 'z', 'a', 'b'],
          ['ZREVRANGEBYLEX', 'z', '+', 'x'],
          ['ZREVRANGEBYSCORE', 'z', '1', 'x'],
          ['ZCOUNT', 'z', 'x', '1'],
          ['ZCOUNT', 'str', '0', '1'],
          ['ZLEXCOUNT', 'z', 'a', 'b'],
          ['ZREMRANGEBYRANK', 'z', 'x', '1'],
          ['ZREMRANGEBYRANK', 'str', 'x', '1'],
          ['ZREMRANGEBYRANK', 'str', '0', '1'],
          ['ZREMRANGEBYSCORE', 'z', 'x', '1'],
          ['ZREMRANGEBYLEX', 'z', 'a', 'b'],
          ['ZPOPMIN', 'z', '-1'],
          ['ZPOPMIN', 'z', 'x'],
          ['ZPOPMIN', 'z', '1', '2'],
          ['ZPOPMIN', 'str'],
          ['ZPOPMIN', 'str', '0'],
          ['ZMPOP', '0', 'z', 'MIN'],
          ['ZMPOP', 'x', 'z', 'MIN'],
          ['ZMPOP', '1', 'z'],
          ['ZMPOP', '2', 'z', 'MIN'],
          ['ZMPOP', '1', 'z', 'FOO'],
          ['ZMPOP', '1', 'z', 'MIN', 'COUNT', '0'],
          ['ZMPOP', '1', 'z', 'MIN', 'COUNT', 'x'],
          ['ZMPOP', '1', 'z', 'MIN', 'COUNT', '1', 'COUNT', '1'],
          ['ZMPOP', '1', 'z', 'MIN', 'COUNT'],
          ['ZMPOP', '1', 'str', 'MIN'],
          ['BZPOPMIN', 'z', 'x'],
          ['BZPOPMIN', 'z', '-1'],
          ['BZPOPMIN', 'str', '0'],
          ['BZMPOP', 'x', '1', 'z', 'MIN'],
          ['BZMPOP', '0', '0', 'z', 'MIN'],
          ['BZMPOP', '-1', '1', 'z', 'MIN'],
          ['BZMPOP', '0', '1', 'z', 'MIN', 'COUNT', '0'],
          ['ZRANDMEMBER', 'z', 'x'],
          ['ZRANDMEMBER', 'z', '1', 'FOO'],
          ['ZRANDMEMBER', 'z', '1', 'WITHSCORES', 'x'],
          ['ZRANDMEMBER', 'z', '-9223372036854775808'],
          ['ZRANDMEMBER', 'z', '9223372036854775808'],
          ['ZRANDMEMBER', 'z', '-4611686018427387904', 'WITHSCORES'],
          ['ZRANDMEMBER', 'z', '0'],
          ['ZRANDMEMBER', 'nokey'],
          ['ZRANDMEMBER', 'nokey', '5'],
          ['ZRANDMEMBER', 'nokey', '-5', 'WITHSCORES'],
          ['ZRANDMEMBER', 'str'],
          ['ZRANDMEMBER', 'str', '1'],
          ['ZRANDMEMBER', 'z', '3', 'WITHSCORES'],
          ['ZSCAN', 'z', 'x'],
          ['ZSCAN', 'z', '0', 'COUNT', '0'],
          ['ZSCAN', 'z', '0', 'COUNT', 'x'],
          ['ZSCAN', 'z', '0', 'FOO'],
          ['ZSCAN', 'z', '0', 'MATCH'],
          ['ZSCAN', 'z', '0', 'NOVALUES'],
          ['ZSCAN', 'str', '0'],
          ['ZSCAN', 'nokey', '0'],
          ['ZSCAN', 'z', '0', 'MATCH', '[ab]', 'COUNT', '1'],
          ['ZSCAN', 'z', '-1'],
        );
      });

      it('ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD (sets as inputs)', async () => {
        await same(
          ['ZADD', 'z1', '1', 'a', '2', 'b', '3', 'c'],
          ['ZADD', 'z2', '10', 'b', '20', 'c', '30', 'd'],
          ['SADD', 's', 'a', 'd', 'e'],
          ['SADD', 'si', '1', '2'],
          ['ZADD', 'w', 'inf', 'a', '-inf', 'b'],
          ['ZUNION', '2', 'z1', 'z2'],
          ['ZUNION', '2', 'z1', 'z2', 'WITHSCORES'],
          ['ZUNION', '3', 'z1', 'z2', 's', 'WEIGHTS', '2', '0.5', '-1', 'WITHSCORES'],
          ['ZUNION', '2', 'z1', 'z2', 'AGGREGATE', 'MIN', 'WITHSCORES'],
          ['ZUNION', '2', 'z1', 'z2', 'AGGREGATE', 'max', 'WITHSCORES', 'WEIGHTS', '1', '2'],
          ['ZUNION', '2', 'w', 'w', 'WEIGHTS', '1', '-1', 'WITHSCORES'],
          ['ZUNION', '2', 'w', 'w', 'WEIGHTS', '0', '0', 'AGGREGATE', 'MIN', 'WITHSCORES'],
          ['ZUNION', '2', 's', 'si', 'WITHSCORES'],
          ['ZUNION', '2', 'nokey', 'nokey2'],
          ['ZINTER', '2', 'z1', 'z2', 'WITHSCORES'],
          ['ZINTER', '2', 'z1', 's', 'WITHSCORES'],
          ['ZINTER', '3', 'z1', 'z2', 's'],
          ['ZINTER', '2', 'z1', 'nokey'],
          ['ZINTER', '2', 'w', 'w', 'WEIGHTS', '1', '0', 'AGGREGATE', 'MIN', 'WITHSCORES'],
          ['ZINTER', '2', 'w', 'w', 'WEIGHTS', '0', '1', 'AGGREGATE', 'MAX', 'WITHSCORES'],
          ['ZINTER', '2', 'z1', 'z2', 'AGGREGATE', 'MAX', 'WEIGHTS', '-1', '1', 'WITHSCORES'],
          ['ZDIFF', '2', 'z1', 'z2', 'WITHSCORES'],
          ['ZDIFF', '3', 'z2', 'z1', 's'],
          ['ZDIFF', '2', 's', 'z1', 'WITHSCORES'],
          ['ZDIFF', '1', 'nokey'],
          ['ZDIFF', '2', 'nokey', 'z1'],
          ['ZUNIONSTORE', 'd', '3', 'z1', 'z2', 's', 'WEIGHTS', '1', '1', '5'],
          ['ZRANGE', 'd', '0', '-1', 'WITHSCORES'],
          ['OBJECT', 'ENCODING', 'd'],
          ['ZINTERSTORE', 'd', '2', 'z1', 'z2', 'AGGREGATE', 'MIN'],
          ['ZRANGE', 'd', '0', '-1', 'WITHSCORES'],
          ['ZDIFFSTORE', 'd', '2', 'z1', 'z2'],
          ['ZRANGE', 'd', '0', '-1', 'WITHSCORES'],
          ['ZINTERSTORE', 'd', '2', 'z1', 'nokey'],
          ['EXISTS', 'd'],
          ['ZUNIONSTORE', 'z1', '2', 'z1', 'z1'],
          ['ZRANGE', 'z1', '0', '-1', 'WITHSCORES'],
          ['ZDIFFSTORE', 'str', '1', 'nokey'],
          ['EXISTS', 'str'],
          ['ZINTERCARD', '2', 'z1', 'z2'],
          ['ZINTERCARD', '3', 'z1', 'z2', 's'],
          ['ZINTERCARD', '2', 'z2', 's', 'LIMIT', '0'],
          ['ZINTERCARD', '1', 'z2', 'LIMIT', '2'],
          ['ZINTERCARD', '1', 'z2', 'LIMIT', '1', 'LIMIT', '0'],
          ['ZINTERCARD', '2', 'z1', 'nokey'],
        );
      });

      it('set algebra errors', async () => {
        await same(
          ['ZADD', 'z', '1', 'a'],
          ['ZUNION', '0', 'z'],
          ['ZUNION', '-1', 'z'],
          ['ZUNION', 'x', 'z'],
          ['ZUNION', '99999999999999999999', 'z'],
          ['ZUNION', '2', 'z'],
          ['ZUNION', '1', 'z', 'WEIGHTS'],
          ['ZUNION', '1', 'z', 'WEIGHTS', 'x'],
          ['ZUNION', '1', 'z', 'WEIGHTS', '1', '2'],
          ['ZUNION', '1', 'z', 'AGGREGATE'],
          ['ZUNION', '1', 'z', 'AGGREGATE', 'avg'],
          ['ZUNION', '1', 'z', 'LIMIT', '1'],
          ['ZUNION', '1', 'str'],
          ['ZUNION', '2', 'str', 'z', 'FOO'],
          ['ZUNION', '2', 'z', 'z', 'FOO'],
          ['ZINTER', '0', 'z'],
          ['ZDIFF', '1', 'z', 'WEIGHTS', '1'],
          ['ZDIFF', '1', 'z', 'AGGREGATE', 'MIN'],
          ['ZUNIONSTORE', 'd', '0', 'z'],
          ['ZUNIONSTORE', 'd', '1', 'z', 'WITHSCORES'],
          ['ZINTERSTORE', 'd', '2', 'z'],
          ['ZDIFFSTORE', 'd', '1', 'str'],
          ['ZINTERCARD', '0', 'z'],
          ['ZINTERCARD', 'x', 'z'],
          ['ZINTERCARD', '2', 'z'],
          ['ZINTERCARD', '1', 'z', 'LIMIT', '-1'],
          ['ZINTERCARD', '1', 'z', 'LIMIT', 'x'],
          ['ZINTERCARD', '1', 'z', 'LIMIT'],
          ['ZINTERCARD', '1', 'z', 'WITHSCORES'],
          ['ZINTERCARD', '1', 'str'],
        );
      });

      it('encodings and conversions that 7.0 and 7.2 share', async () => {
        await same(
          ['ZADD', 'a', ...pairs(128)],
          ['OBJECT', 'ENCODING', 'a'],
          ['ZADD', 'a', '1', 'extra'],
          ['OBJECT', 'ENCODING', 'a'],
          ['ZREMRANGEBYRANK', 'a', '0', '-3'],
          ['OBJECT', 'ENCODING', 'a'],
          ['ZADD', 'b', '1', 'x'.repeat(64)],
          ['OBJECT', 'ENCODING', 'b'],
          ['ZADD', 'b', '1', 'y'.repeat(65)],
          ['OBJECT', 'ENCODING', 'b'],
          ['ZADD', 'c', '1', 'x'.repeat(65)],
          ['OBJECT', 'ENCODING', 'c'],
          ['ZUNIONSTORE', 'u', '1', 'a'],
          ['OBJECT', 'ENCODING', 'u'],
          ['ZUNIONSTORE', 'u', '1', 'b'],
          ['OBJECT', 'ENCODING', 'u'],
          ['ZRANGESTORE', 'r', 'b', '0', '0'],
          ['OBJECT', 'ENCODING', 'r'],
          ['ZRANGESTORE', 'r', 'b', '0', '1'],
          ['OBJECT', 'ENCODING', 'r'],
          ['CONFIG', 'SET', 'zset-max-listpack-entries', '2'],
          ['ZADD', 'd', '1', 'p', '2', 'q'],
          ['OBJECT', 'ENCODING', 'd'],
          ['ZADD', 'd', '3', 'r'],
          ['OBJECT', 'ENCODING', 'd'],
          ['ZINTERSTORE', 'u', '1', 'd'],
          ['OBJECT', 'ENCODING', 'u'],
          ['ZRANGESTORE', 'r', 'd', '0', '1'],
          ['OBJECT', 'ENCODING', 'r'],
          ['CONFIG', 'SET', 'zset-max-listpack-entries', '0'],
          ['ZADD', 'e', '1', 'p'],
          ['OBJECT', 'ENCODING', 'e'],
          ['CONFIG', 'SET', 'zset-max-listpack-entries', '128'],
          ['CONFIG', 'SET', 'zset-max-listpack-value', '3'],
          ['ZADD', 'f', '1', 'abc'],
          ['OBJECT', 'ENCODING', 'f'],
          ['ZINCRBY', 'f', '1', 'abcd'],
          ['OBJECT', 'ENCODING', 'f'],
          ['CONFIG', 'SET', 'zset-max-listpack-value', '64'],
          ['ZRANGE', 'f', '0', '-1', 'WITHSCORES'],
        );
      });

      it('ZSCAN over a skiplist returns every member once a full walk ends', async () => {
        await pair.both('ZADD', 'z', ...pairs(300, 1000));
        const p = await fullScan(pair.p, 'z', 7);
        const r = await fullScan(pair.r, 'z', 7);
        expect(p).toEqual(r);
        expect(p.length).toBe(300);
        await same(['ZSCAN', 'z', '0', 'MATCH', 'nomatch*', 'COUNT', '1000']);
      });

      it('ZRANDMEMBER shapes', async () => {
        await pair.both('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c');
        await pair.both('ZADD', 'big', ...pairs(300));
        for (const cmd of [
          ['ZRANDMEMBER', 'z'],
          ['ZRANDMEMBER', 'z', '2'],
          ['ZRANDMEMBER', 'z', '-5'],
          ['ZRANDMEMBER', 'z', '2', 'WITHSCORES'],
          ['ZRANDMEMBER', 'z', '-5', 'WITHSCORES'],
          ['ZRANDMEMBER', 'z', '1', 'WITHSCORES'],
          ['ZRANDMEMBER', 'big', '20', 'WITHSCORES'],
          ['ZRANDMEMBER', 'big', '250'],
          ['ZRANDMEMBER', 'big', '-400'],
        ]) {
          const { petrel, redis } = await pair.both(...cmd);
          expect(shape(petrel), cmd.join(' ')).toBe(shape(redis));
        }
        // A count covering the whole set returns it, highest score first.
        await same(['ZRANDMEMBER', 'z', '10', 'WITHSCORES'], ['ZRANDMEMBER', 'big', '300']);
      });

      it('blocked BZPOPMIN / BZMPOP clients are served by ZADD', async () => {
        const pb = await RawClient.connect(pair.petrel.port);
        const rb = await RawClient.connect(pair.redis.port);
        try {
          await Promise.all([pb.call('HELLO', proto), rb.call('HELLO', proto)]);
          pb.send('BZPOPMIN', 'q1', 'q2', '5');
          rb.send('BZPOPMIN', 'q1', 'q2', '5');
          await new Promise((r) => setTimeout(r, 50));
          await same(['ZADD', 'q2', '2', 'b', '1', 'a']);
          const [p1, r1] = await Promise.all([pb.read(1), rb.read(1)]);
          expect(p1).toBe(r1);
          pb.send('BZMPOP', '5', '2', 'q1', 'q2', 'MAX', 'COUNT', '5');
          rb.send('BZMPOP', '5', '2', 'q1', 'q2', 'MAX', 'COUNT', '5');
          const [p2, r2] = await Promise.all([pb.read(1), rb.read(1)]);
          expect(p2).toBe(r2);
          pb.send('BZMPOP', '5', '1', 'q3', 'MIN');
          rb.send('BZMPOP', '5', '1', 'q3', 'MIN');
          await new Promise((r) => setTimeout(r, 50));
          await same(['ZADD', 'q3', '7', 'x', '8', 'y']);
          const [p3, r3] = await Promise.all([pb.read(1), rb.read(1)]);
          expect(p3).toBe(r3);
          const [p4, r4] = await Promise.all([pb.call('BZPOPMAX', 'q4', '0.05'), rb.call('BZPOPMAX', 'q4', '0.05')]);
          expect(p4).toBe(r4);
          await same(['MULTI'], ['BZPOPMIN', 'q4', '0'], ['BZMPOP', '0', '1', 'q4', 'MIN'], ['EXEC']);
        } finally {
          pb.close();
          rb.close();
        }
      });

      it('random command sequences (fast-check, both encodings)', async () => {
        await pair.both('CONFIG', 'SET', 'zset-max-listpack-entries', '4');
        const member = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'aa', '');
        const score = fc.constantFrom('0', '1', '-1', '2', '2.5', '0.25', '-inf', '+inf', '100', '(1', 'x');
        const key = fc.constantFrom('k1', 'k2', 'k3', 'str');
        const idx = fc.integer({ min: -6, max: 6 }).map(String);
        const lex = fc.constantFrom('-', '+', '[a', '(b', '[c', '(aa', '[', 'x');
        const cmd: fc.Arbitrary<Cmd> = fc.oneof(
          fc.tuple(key, fc.subarray(['NX', 'XX', 'GT', 'LT', 'CH']), fc.array(fc.tuple(score, member), { minLength: 1, maxLength: 4 })).map(([k, f, ps]) => ['ZADD', k, ...f, ...ps.flat()]),
          fc.tuple(key, score, member).map(([k, s, m]) => ['ZINCRBY', k, s, m]),
          fc.tuple(key, fc.array(member, { minLength: 1, maxLength: 3 })).map(([k, ms]) => ['ZREM', k, ...ms]),
          fc.tuple(key, idx, idx, fc.boolean(), fc.boolean()).map(([k, a, b, rev, ws]) => ['ZRANGE', k, a, b, ...(rev ? ['REV'] : []), ...(ws ? ['WITHSCORES'] : [])]),
          fc.tuple(key, score, score, fc.boolean(), fc.option(fc.tuple(idx, idx))).map(([k, a, b, rev, lim]) => ['ZRANGE', k, a, b, 'BYSCORE', ...(rev ? ['REV'] : []), ...(lim ? ['LIMIT', ...lim] : []), 'WITHSCORES']),
          // Lex ranges are only specified when every score is equal (Redis's docs): they go to
          // 'lx', which only ever gets score 0, while scores elsewhere vary.
          fc.array(member, { minLength: 1, maxLength: 4 }).map((ms) => ['ZADD', 'lx', ...ms.flatMap((m) => ['0', m])]),
          fc.tuple(lex, lex, fc.boolean()).map(([a, b, rev]) => ['ZRANGE', 'lx', a, b, 'BYLEX', ...(rev ? ['REV'] : [])]),
          fc.tuple(key, score, score).map(([k, a, b]) => ['ZCOUNT', k, a, b]),
          fc.tuple(lex, lex).map(([a, b]) => ['ZLEXCOUNT', 'lx', a, b]),
          fc.tuple(key, member, fc.boolean()).map(([k, m, rev]) => [rev ? 'ZREVRANK' : 'ZRANK', k, m]),
          fc.tuple(key, member).map(([k, m]) => ['ZSCORE', k, m]),
          fc.tuple(key, idx, idx).map(([k, a, b]) => ['ZREMRANGEBYRANK', k, a, b]),
          fc.tuple(key, score, score).map(([k, a, b]) => ['ZREMRANGEBYSCORE', k, a, b]),
          fc.tuple(lex, lex).map(([a, b]) => ['ZREMRANGEBYLEX', 'lx', a, b]),
          fc.tuple(key, fc.boolean(), fc.option(fc.constantFrom('0', '1', '3'))).map(([k, max, n]) => [max ? 'ZPOPMAX' : 'ZPOPMIN', k, ...(n ? [n] : [])]),
          fc.tuple(key, key, fc.constantFrom('ZUNIONSTORE', 'ZINTERSTORE', 'ZDIFFSTORE')).map(([a, b, op]) => [op, 'k3', '2', a, b]),
          fc.tuple(key, key, fc.constantFrom('MIN', 'MAX', 'SUM')).map(([a, b, agg]) => ['ZUNION', '2', a, b, 'AGGREGATE', agg, 'WITHSCORES']),
          fc.tuple(key, key).map(([a, b]) => ['ZINTER', '2', a, b, 'WEIGHTS', '2', '-1', 'WITHSCORES']),
          fc.tuple(key, key).map(([a, b]) => ['ZINTERCARD', '2', a, b]),
          fc.tuple(key, key, fc.constantFrom('0', '1')).map(([a, b, idx2]) => ['ZRANGESTORE', b, a, idx2, '-1']),
          fc.tuple(key, key).map(([a, b]) => ['ZMPOP', '2', a, b, 'MIN', 'COUNT', '2']),
          key.map((k) => ['ZCARD', k]),
        );
        await fc.assert(
          fc.asyncProperty(fc.array(cmd, { minLength: 1, maxLength: 25 }), async (cmds) => {
            await pair.both('FLUSHALL');
            await pair.both('SET', 'str', 'x');
            const diff = await pair.firstDifference([...cmds, ['ZRANGE', 'k1', '0', '-1', 'WITHSCORES'], ['ZRANGE', 'k3', '0', '-1', 'WITHSCORES'], ['ZRANGE', 'lx', '0', '-1']]);
            expect(diff).toBeNull();
          }),
          { numRuns: 150 },
        );
        await pair.both('CONFIG', 'SET', 'zset-max-listpack-entries', '128');
      });
    });
  }
});
