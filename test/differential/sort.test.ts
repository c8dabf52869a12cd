// SORT / SORT_RO against a real redis-server (the 7.0 oracle), RESP2 and RESP3:
// lists, intsets and sorted sets byte for byte (their order is deterministic),
// every option and error; a fast-check generator of SORT lines over a fixed
// dataset.
//
// Where 7.2 differs from the 7.0 oracle: SORT ... STORE's list is a listpack
// when small (7.0 always makes a quicklist), and SORT turns a listpack sorted
// set into a skiplist in both; small string sets are listpacks in 7.2
// (hashtables in 7.0), so BY-constant replies on them are compared unordered.
// test/integration/sort.test.ts asserts the 7.2 bytes.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HAVE_REDIS, startPair, type Pair, type Cmd } from '../helpers/differential.js';
import { RawClient } from '../helpers/raw.js';

let pair: Pair;

/** The first line of a reply (type and size). */
function head(s: string): string {
  return s.slice(0, s.indexOf('\r\n'));
}

/** A flat reply of bulks/nulls with its items sorted. */
function sorted(s: string): string {
  if (s[0] !== '*') return s;
  const items: string[] = [];
  let p = s.indexOf('\r\n') + 2;
  while (p < s.length) {
    const e = s.indexOf('\r\n', p);
    const len = Number(s.slice(p + 1, e));
    const end = len < 0 || s[p] !== '$' ? e + 2 : e + 2 + len + 2;
    items.push(s.slice(p, end));
    p = end;
  }
  return head(s) + '\r\n' + items.sort().join('');
}

const DATA: Cmd[] = [
  ['SADD', 'iset', '3', '1', '10', '2', '-5', '9223372036854775807'],
  ['SADD', 'sset', 'b', 'a', 'C', '10', '\x00x', '\xff'],
  ['RPUSH', 'list', '3', '1.5', '-2', '10', '1.5', 'inf', '0x10', ' 7', '', '1e2'],
  ['RPUSH', 'words', 'pear', 'apple', 'Apple', 'fig', 'apple', '', 'a\x00z', 'a\x00a'],
  ['RPUSH', 'bad', '1', 'x', '2'],
  ['ZADD', 'zs', '3', 'c', '1', 'a', '2', 'b', '1', 'aa', '-1', '10'],
  ['MSET', 'w_1', '30', 'w_2', '20', 'w_3', '10', 'w_10', '20', 'w_a', '5', 'w_b', '-inf', 'w_c', 'junk'],
  ['MSET', 'n_1', 'one', 'n_3', 'three', 'n_a', 'A', 'n_b', 'B', 'n_pear', 'p', 'n_apple', 'a'],
  ['HSET', 'h_1', 'f', '9', 'g', 'x'],
  ['HSET', 'h_10', 'f', '-1'],
  ['HSET', 'h_a', 'f', '2.5'],
  ['SET', 'str', 'x'],
];

describe.skipIf(!HAVE_REDIS)('SORT vs redis-server', () => {
  beforeAll(async () => {
    pair = (await startPair())!;
  });
  afterAll(async () => {
    await pair.close();
  });
  beforeEach(async () => {
    await pair.reset();
    for (const cmd of DATA) await pair.both(...cmd);
  });

  for (const proto of ['2', '3']) {
    it(`RESP${proto}: options, orders and errors byte for byte`, async () => {
      await pair.both('HELLO', proto);
      const cmds: Cmd[] = [];
      for (const key of ['iset', 'list', 'words', 'zs', 'nokey', 'bad']) {
        for (const opts of [
          [],
          ['DESC'],
          ['ALPHA'],
          ['ALPHA', 'DESC'],
          ['LIMIT', '1', '3'],
          ['LIMIT', '-1', '2', 'DESC'],
          ['LIMIT', '2', '-1', 'ALPHA'],
          ['LIMIT', '100', '1'],
          ['LIMIT', '0', '0'],
          ['BY', 'w_*'],
          ['BY', 'w_*', 'DESC', 'LIMIT', '0', '2'],
          ['BY', 'h_*->f'],
          ['BY', 'n_*', 'ALPHA'],
          ['BY', 'n_*', 'ALPHA', 'DESC', 'LIMIT', '1', '1'],
          ['BY', 'nosort'],
          ['BY', 'nosort', 'DESC'],
          ['BY', 'nosort', 'LIMIT', '1', '2'],
          ['BY', 'nosort', 'DESC', 'LIMIT', '2', '3'],
          ['GET', '#', 'GET', 'w_*', 'GET', 'h_*->f', 'ALPHA'],
          ['GET', 'n_*', 'BY', 'nosort'],
          ['GET', 'nostar', 'LIMIT', '0', '1', 'ALPHA'],
        ]) {
          // Equal ALPHA BY weights keep the loading order, which for a sorted set is its hash order in Redis;
          // with LIMIT, Redis's partial quicksort leaves equal weights in no particular order.
          if (opts.includes('ALPHA') && opts.includes('BY') && (key === 'zs' || opts.includes('LIMIT'))) continue;
          cmds.push(['SORT', key, ...opts]);
          cmds.push(['SORT_RO', key, ...opts]);
        }
      }
      cmds.push(
        ['SORT', 'str'],
        ['SORT', 'h_1'],
        ['SORT', 'str', 'foo'],
        ['SORT', 'iset', 'LIMIT', '0'],
        ['SORT', 'iset', 'LIMIT', 'a', '1'],
        ['SORT', 'iset', 'LIMIT', '1', '9223372036854775808'],
        ['SORT', 'iset', 'GET'],
        ['SORT', 'iset', 'BY'],
        ['SORT', 'iset', 'STORE'],
        ['SORT_RO', 'iset', 'STORE', 'd'],
        ['SORT', 'iset', 'LIMIT', '9223372036854775807', '9223372036854775807'],
        ['SORT', 'iset', 'LIMIT', '-9223372036854775808', '-9223372036854775808'],
        ['SORT', 'sset'],
        ['SORT', 'sset', 'ALPHA'],
        ['SORT', 'sset', 'ALPHA', 'DESC', 'LIMIT', '1', '4'],
        ['SORT', 'sset', 'BY', 'w_*'],
        ['SORT', 'sset', 'BY', 'nosort', 'STORE', 'd'],
        ['LRANGE', 'd', '0', '-1'],
        ['SORT', 'words', 'ALPHA', 'STORE', 'd'],
        ['LRANGE', 'd', '0', '-1'],
        ['SORT', 'iset', 'GET', '#', 'GET', 'n_*', 'STORE', 'd'],
        ['LRANGE', 'd', '0', '-1'],
        ['SORT', 'nokey', 'STORE', 'd'],
        ['EXISTS', 'd'],
        ['SORT', 'bad', 'STORE', 'd'],
        ['EXISTS', 'd'],
        ['COMMAND', 'GETKEYS', 'SORT', 'k', 'BY', 'w_*', 'GET', '#', 'STORE', 'd'],
        ['COMMAND', 'GETKEYS', 'SORT', 'k', 'STORE', 'd', 'STORE', 'e'],
        ['COMMAND', 'GETKEYS', 'SORT', 'k', 'GET', 'STORE', 'x'],
        ['COMMAND', 'GETKEYS', 'SORT_RO', 'k', 'BY', 'x'],
      );
      await pair.same(cmds);
    });
  }

  it('keyspace events of SORT ... STORE (KEA)', async () => {
    const ps = await RawClient.connect(pair.petrel.port);
    const rs = await RawClient.connect(pair.redis.port);
    try {
      ps.send('PSUBSCRIBE', '__key*__:*');
      rs.send('PSUBSCRIBE', '__key*__:*');
      expect(await ps.read()).toBe(await rs.read());
      await pair.same([
        ['CONFIG', 'SET', 'notify-keyspace-events', 'KEA'],
        ['SORT', 'iset', 'STORE', 'd'],
        ['SORT', 'iset', 'LIMIT', '0', '0', 'STORE', 'd'],
        ['SORT', 'iset', 'LIMIT', '0', '0', 'STORE', 'd'],
        ['SORT', 'bad', 'STORE', 'd'],
        ['SORT', 'list', 'BY', 'nosort', 'STORE', 'list'],
        ['SORT_RO', 'iset'],
        ['SET', '__marker__', '1'],
        ['DEL', '__marker__'],
        ['CONFIG', 'SET', 'notify-keyspace-events', ''],
      ]);
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

  it('fast-check: random SORT lines agree', async () => {
    const key = fc.constantFrom('iset', 'list', 'words', 'zs', 'bad', 'nokey', 'str', 'sset');
    const pattern = fc.constantFrom('w_*', 'h_*->f', 'h_*->g', 'n_*', 'nosort', '#', 'x*', 'w_*->f', '*', 'h_*->');
    const opt: fc.Arbitrary<string[]> = fc.oneof(
      fc.constantFrom(['ASC'], ['DESC'], ['ALPHA'], ['alpha'], ['desc']),
      fc.tuple(fc.integer({ min: -3, max: 12 }), fc.integer({ min: -2, max: 12 })).map(([a, b]) => ['LIMIT', String(a), String(b)]),
      pattern.map((p) => ['BY', p]),
      pattern.map((p) => ['GET', p]),
      fc.constant(['STORE', 'dst']),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('SORT', 'SORT_RO'), key, fc.array(opt, { maxLength: 5 }), async (cmd, k, opts) => {
        const argv = [cmd, k, ...opts.flat()];
        await pair.both('DEL', 'dst');
        const { petrel, redis } = await pair.both(...argv);
        const up = argv.map((a) => a.toUpperCase());
        const byArgs: string[] = [];
        for (let i = 2; i < argv.length; i++) {
          if (up[i] === 'LIMIT') i += 2;
          else if (up[i] === 'GET' || up[i] === 'STORE') i++;
          else if (up[i] === 'BY') byArgs.push(argv[++i] ?? '');
        }
        const dontsort = byArgs.some((b) => !b.includes('*'));
        const store = cmd === 'SORT' && up.includes('STORE');
        const alphaBy = up.includes('ALPHA') && byArgs.length > 0 && !dontsort;
        // Equal ALPHA BY weights keep the loading order: a sorted set's or a string set's hash order in
        // Redis, and in no particular order with LIMIT (partial quicksort): compare sizes only.
        // A string set BY a constant comes back in its own order (7.2 listpack vs 7.0 hashtable): the
        // same members, or with LIMIT not even those.
        const setOrder = k === 'sset' && dontsort && !store;
        const shapeOnly = (alphaBy && (k === 'zs' || k === 'sset' || up.includes('LIMIT'))) || (setOrder && up.includes('LIMIT'));
        const unordered = setOrder;
        const where = JSON.stringify(argv);
        if (shapeOnly) expect(head(petrel), where).toBe(head(redis));
        else if (unordered) expect(sorted(petrel), where).toBe(sorted(redis));
        else expect(petrel, where).toBe(redis);
        if (store) {
          const a = await pair.both('LRANGE', 'dst', '0', '-1');
          if (shapeOnly) expect(head(a.petrel), `${where} then LRANGE`).toBe(head(a.redis));
          else expect(a.petrel, `${where} then LRANGE`).toBe(a.redis);
        }
      }),
      { numRuns: 600, interruptAfterTimeLimit: 15_000, markInterruptAsFailure: false },
    );
  }, 30_000);
});
