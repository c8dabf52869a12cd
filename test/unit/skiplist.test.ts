import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SkipList, MAX_LEVEL, type LexRange, type ScoreRange } from '../../src/data/skiplist.js';

/** A reference model: sorted array of [score, member]. */
function sortModel(m: Map<string, number>): [number, string][] {
  return [...m].map(([k, v]) => [v, k] as [number, string]).sort((a, b) => (a[0] - b[0]) || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
}

function listOf(zsl: SkipList): [number, string][] {
  const out: [number, string][] = [];
  for (let n = zsl.first; n !== null; n = n.next[0]) out.push([n.score, n.member]);
  return out;
}

const lex = (min: string, max: string): LexRange => {
  const r: LexRange = { min: '', max: '', minex: false, maxex: false, minInf: 0, maxInf: 0 };
  if (min === '-') (r.minInf = -1), (r.minex = true);
  else if (min === '+') (r.minInf = 1), (r.minex = true);
  else (r.minex = min[0] === '('), (r.min = min.slice(1));
  if (max === '-') (r.maxInf = -1), (r.maxex = true);
  else if (max === '+') (r.maxInf = 1), (r.maxex = true);
  else (r.maxex = max[0] === '('), (r.max = max.slice(1));
  return r;
};

describe('SkipList', () => {
  it('orders by score, then member bytes (memcmp order on latin1 strings)', () => {
    const zsl = new SkipList();
    zsl.insert(1, 'b');
    zsl.insert(1, 'a');
    zsl.insert(1, 'ab');
    zsl.insert(0, 'z');
    zsl.insert(1, '\xff');
    zsl.insert(1, 'B');
    zsl.insert(-Infinity, 'lo');
    zsl.insert(Infinity, 'hi');
    zsl.verify();
    expect(listOf(zsl).map((x) => x[1])).toEqual(['lo', 'z', 'B', 'a', 'ab', 'b', '\xff', 'hi']);
    expect(zsl.rankOf(1, 'ab')).toBe(5);
    expect(zsl.rankOf(1, 'nope')).toBe(0);
    expect(zsl.byRank(1)!.member).toBe('lo');
    expect(zsl.byRank(8)!.member).toBe('hi');
    expect(zsl.byRank(9)).toBeNull();
    expect(zsl.byRank(0)).toBeNull();
    expect(zsl.tail!.member).toBe('hi');
    expect(zsl.level).toBeLessThanOrEqual(MAX_LEVEL);
  });

  it('score and lex ranges, exclusive bounds and empty ranges', () => {
    const zsl = new SkipList();
    for (let i = 0; i < 100; i++) zsl.insert(i, 'm' + String(i).padStart(3, '0'));
    const r = (min: number, max: number, minex = false, maxex = false): ScoreRange => ({ min, max, minex, maxex });
    expect(zsl.firstInRange(r(10, 20))!.score).toBe(10);
    expect(zsl.firstInRange(r(10, 20, true))!.score).toBe(11);
    expect(zsl.lastInRange(r(10, 20, false, true))!.score).toBe(19);
    expect(zsl.firstInRange(r(5, 5, true))).toBeNull();
    expect(zsl.firstInRange(r(200, 300))).toBeNull();
    expect(zsl.lastInRange(r(-10, -1))).toBeNull();
    expect(zsl.firstInRange(r(10.5, 10.7))).toBeNull();
    expect(zsl.firstInLexRange(lex('(m010', '[m020'))!.member).toBe('m011');
    expect(zsl.lastInLexRange(lex('-', '(m020'))!.member).toBe('m019');
    expect(zsl.firstInLexRange(lex('+', '-'))).toBeNull();
    expect(zsl.lastInLexRange(lex('-', '+'))!.member).toBe('m099');
  });

  it('keeps spans, links and ranks right through random inserts, updates and deletes', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.constantFrom('ins', 'del', 'upd', 'delScore', 'delLex', 'delRank'), fc.integer({ min: 0, max: 40 }), fc.integer({ min: -5, max: 5 })),
          { maxLength: 200 },
        ),
        (ops) => {
          const zsl = new SkipList();
          const model = new Map<string, number>();
          for (const [op, a, b] of ops) {
            const m = 'k' + a;
            if (op === 'ins' && !model.has(m)) {
              zsl.insert(b, m);
              model.set(m, b);
            } else if (op === 'del') {
              expect(zsl.delete(model.get(m) ?? b, m)).toBe(model.has(m));
              model.delete(m);
            } else if (op === 'upd' && model.has(m)) {
              zsl.updateScore(model.get(m)!, m, b);
              model.set(m, b);
            } else if (op === 'delScore') {
              const r: ScoreRange = { min: Math.min(a % 10, b), max: Math.max(a % 10, b), minex: a % 2 === 0, maxex: false };
              const victims = [...model].filter(([, s]) => (r.minex ? s > r.min : s >= r.min) && s <= r.max);
              expect(zsl.deleteRangeByScore(r, model)).toBe(victims.length);
            } else if (op === 'delLex' && a % 7 === 0) {
              // Lex ranges are meaningful when all scores are equal: use an all-zero list.
              const z2 = new SkipList();
              const names = [...model.keys()].sort();
              for (const k of names) z2.insert(0, k);
              const idx = new Set(names);
              const removed = z2.deleteRangeByLex(lex('[k1', '(k3'), idx);
              expect(removed).toBe(names.filter((k) => k >= 'k1' && k < 'k3').length);
              z2.verify();
            } else if (op === 'delRank' && model.size > 0) {
              const start = (a % model.size) + 1;
              const end = Math.min(model.size, start + (Math.abs(b) % 3));
              const victims = sortModel(model).slice(start - 1, end);
              expect(zsl.deleteRangeByRank(start, end, model)).toBe(victims.length);
            }
            zsl.verify();
          }
          expect(listOf(zsl)).toEqual(sortModel(model));
          const sorted = sortModel(model);
          sorted.forEach(([s, k], i) => {
            expect(zsl.rankOf(s, k)).toBe(i + 1);
            expect(zsl.byRank(i + 1)!.member).toBe(k);
          });
          expect(zsl.length).toBe(model.size);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('levels follow p = 1/4 and stay within 32', () => {
    const zsl = new SkipList();
    for (let i = 0; i < 20000; i++) zsl.insert(i, 'x' + i);
    let tall = 0;
    for (let n = zsl.first; n !== null; n = n.next[0]) if (n.next.length >= 2) tall++;
    // About a quarter of the nodes reach level 2.
    expect(tall / 20000).toBeGreaterThan(0.2);
    expect(tall / 20000).toBeLessThan(0.3);
    expect(zsl.level).toBeLessThanOrEqual(32);
    expect(zsl.byRank(12345)!.score).toBe(12344);
    zsl.verify();
  });
});
