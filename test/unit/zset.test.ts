import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ZSet, ZADD_ADDED, ZADD_GT, ZADD_INCR, ZADD_NAN, ZADD_NOP, ZADD_NX, ZADD_UPDATED, ZADD_XX, sortPairs } from '../../src/data/zset.js';
import { defaultLimits } from '../../src/data/limits.js';

function all(z: ZSet): [string, number][] {
  const ms: string[] = [];
  const ss: number[] = [];
  z.entries(ms, ss);
  return ms.map((m, i) => [m, ss[i]]);
}

describe('ZSet', () => {
  it('stays a listpack within the limits and converts one-way past them', () => {
    const lim = { ...defaultLimits(), zsetMaxListpackEntries: 3, zsetMaxListpackValue: 5 };
    const z = ZSet.create(1, 1, lim);
    expect(z.encoding()).toBe('listpack');
    z.add(1, 'a', 0, lim);
    z.add(2, 'b', 0, lim);
    z.add(3, 'c', 0, lim);
    expect(z.encoding()).toBe('listpack');
    z.add(4, 'd', 0, lim);
    expect(z.encoding()).toBe('skiplist');
    z.remove('d');
    z.remove('c');
    expect(z.encoding()).toBe('skiplist');
    const y = ZSet.create(1, 1, lim);
    y.add(1, 'toolong', 0, lim);
    expect(y.encoding()).toBe('skiplist');
    expect(ZSet.create(4, 1, lim).encoding()).toBe('skiplist');
    expect(ZSet.create(1, 6, lim).encoding()).toBe('skiplist');
    const w = ZSet.create(1, 1, lim);
    w.add(1, 'a', 0, lim);
    w.maybeConvert(4, 0, lim);
    expect(w.encoding()).toBe('skiplist');
  });

  it('ZADD flags and outcomes', () => {
    const lim = defaultLimits();
    const z = new ZSet();
    expect(z.add(1, 'a', 0, lim)).toBe(ZADD_ADDED);
    expect(z.add(1, 'a', 0, lim)).toBe(0);
    expect(z.add(2, 'a', ZADD_NX, lim)).toBe(ZADD_NOP);
    expect(z.add(2, 'b', ZADD_XX, lim)).toBe(ZADD_NOP);
    expect(z.add(0, 'a', ZADD_GT, lim)).toBe(ZADD_NOP);
    expect(z.add(5, 'a', ZADD_GT, lim)).toBe(ZADD_UPDATED);
    expect(z.add(2, 'a', ZADD_INCR, lim)).toBe(ZADD_UPDATED);
    expect(z.newScore).toBe(7);
    z.add(Infinity, 'i', 0, lim);
    expect(z.add(-Infinity, 'i', ZADD_INCR, lim)).toBe(ZADD_NAN);
    expect(z.score('i')).toBe(Infinity);
  });

  it('listpack and skiplist agree on every operation (model check)', () => {
    const small = defaultLimits();
    const tiny = { ...defaultLimits(), zsetMaxListpackEntries: 0 };
    const member = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'aa', '');
    const score = fc.constantFrom(0, 1, -1, 2.5, Infinity, -Infinity);
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.tuple(fc.constant('add' as const), member, score, fc.constantFrom(0, ZADD_NX, ZADD_XX, ZADD_INCR, ZADD_GT)),
            fc.tuple(fc.constant('rem' as const), member, score, fc.constant(0)),
            fc.tuple(fc.constant('pop' as const), member, score, fc.integer({ min: 0, max: 3 })),
            fc.tuple(fc.constant('remRank' as const), member, score, fc.integer({ min: 0, max: 3 })),
          ),
          { maxLength: 60 },
        ),
        (ops) => {
          const a = new ZSet();
          const b = ZSet.create(1, 0, tiny);
          expect(b.encoding()).toBe('skiplist');
          for (const [op, m, s, f] of ops) {
            if (op === 'add') {
              expect(a.add(s, m, f, small)).toBe(b.add(s, m, f, tiny));
            } else if (op === 'rem') {
              expect(a.remove(m)).toBe(b.remove(m));
            } else if (op === 'pop') {
              const o1: string[] = [];
              const o2: string[] = [];
              a.pop(f % 2 === 1, f, o1, []);
              b.pop(f % 2 === 1, f, o2, []);
              expect(o1).toEqual(o2);
            } else if (a.length > 0) {
              const s0 = f % a.length;
              expect(a.removeRangeByRank(s0, a.length - 1)).toBe(b.removeRangeByRank(s0, b.length - 1));
            }
            expect(all(a)).toEqual(all(b));
            for (const x of ['a', 'b', 'zz']) {
              expect(a.rank(x, false)).toBe(b.rank(x, false));
              expect(a.rank(x, true)).toBe(b.rank(x, true));
              expect(a.score(x)).toBe(b.score(x));
            }
            const r = { min: -1, max: 2.5, minex: true, maxex: false };
            expect(a.countByScore(r)).toBe(b.countByScore(r));
            const o1: string[] = [];
            const o2: string[] = [];
            a.rangeByScore(r, true, 1, 2, o1, []);
            b.rangeByScore(r, true, 1, 2, o2, []);
            expect(o1).toEqual(o2);
          }
          expect(all(a.clone())).toEqual(all(a));
          expect(all(b.clone())).toEqual(all(b));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a listpack stores -0 as 0, a skiplist keeps -0', () => {
    const lim = defaultLimits();
    const a = new ZSet();
    a.add(-0, 'x', 0, lim);
    expect(Object.is(a.score('x'), 0)).toBe(true);
    const b = ZSet.create(1000, 0, lim);
    b.add(-0, 'x', 0, lim);
    expect(Object.is(b.score('x'), -0)).toBe(true);
  });

  it('random picks: distinct when asked, from the set', () => {
    const lim = defaultLimits();
    for (const n of [5, 300]) {
      const z = ZSet.create(n, 0, lim);
      for (let i = 0; i < n; i++) z.add(i, 'm' + i, 0, lim);
      for (const count of [1, 2, n - 1]) {
        const ms: string[] = [];
        const ss: number[] = [];
        z.randomDistinct(count, ms, ss);
        expect(new Set(ms).size).toBe(count);
        ms.forEach((m, i) => expect(z.score(m)).toBe(ss[i]));
      }
      const m = z.randomMember();
      expect(z.score(m)).toBe(z.newScore);
    }
  });

  it('fromPairs and sortPairs order by score then member', () => {
    const ms = ['b', 'a', 'c', 'd'];
    const ss = [1, 1, 0, Infinity];
    sortPairs(ms, ss);
    expect(ms).toEqual(['c', 'a', 'b', 'd']);
    const lim = { ...defaultLimits(), zsetMaxListpackEntries: 2 };
    const z = ZSet.fromPairs(['b', 'a', 'c'], [1, 1, 0], 1, lim);
    expect(z.encoding()).toBe('skiplist');
    expect(all(z).map((x) => x[0])).toEqual(['c', 'a', 'b']);
    z.remove('c');
    z.shrinkIfSmall(1, lim);
    expect(z.encoding()).toBe('listpack');
    expect(all(z)).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
  });
});
