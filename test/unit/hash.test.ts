// RedisHash (src/data/hash.ts): both encodings against a Map model, listpack
// order, conversions at the limits, stored integer forms, clone, and HSCAN's
// guarantee through the shared ScanRegistry while fields come and go.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RedisHash, hashFromArgs } from '../../src/data/hash.js';
import { defaultLimits, type EncodingLimits } from '../../src/data/limits.js';
import { encodingOf, typeOf } from '../../src/data/values.js';
import { ScanRegistry } from '../../src/data/scan.js';

function limits(entries = 512, value = 64): EncodingLimits {
  return { ...defaultLimits(), hashMaxListpackEntries: entries, hashMaxListpackValue: value };
}

describe('RedisHash basics', () => {
  it('is a hash value with Redis encoding names, type on the prototype', () => {
    const h = new RedisHash();
    expect(h.type).toBe('hash');
    expect(typeOf(h)).toBe('hash');
    expect(encodingOf(h)).toBe('listpack');
    expect(Object.keys(h)).not.toContain('type');
    h.convert();
    expect(encodingOf(h)).toBe('hashtable');
  });

  it('listpack keeps insertion order; updates stay in place, deletes close the gap', () => {
    const L = limits();
    const h = new RedisHash();
    expect(h.set('a', '1', L)).toBe(true);
    expect(h.set('b', '2', L)).toBe(true);
    expect(h.set('c', '3', L)).toBe(true);
    expect(h.set('a', 'x', L)).toBe(false);
    expect([...h.entries()]).toEqual([['a', 'x'], ['b', '2'], ['c', '3']]);
    expect(h.delete('b')).toBe(true);
    expect(h.delete('b')).toBe(false);
    h.set('b', 'again', L);
    expect([...h.entries()]).toEqual([['a', 'x'], ['c', '3'], ['b', 'again']]);
    expect(h.size).toBe(3);
    expect(h.encoding()).toBe('listpack');
  });

  it('gives back the exact text of every value; a hashtable stores canonical integers as numbers', () => {
    const values = ['12', '-5', '0', '007', '-0', '+1', ' 1', '9007199254740993', '1.0', ''];
    for (const L of [limits(), limits(2, 64)]) {
      const h = new RedisHash();
      for (const v of values) h.set(`f${v}`, v, L);
      for (const v of values) expect(h.get(`f${v}`)).toBe(v);
      if (h.encoding() === 'hashtable') {
        expect(h.getStored('f12')).toBe(12);
        expect(h.getStored('f-5')).toBe(-5);
        expect(h.getStored('f007')).toBe('007');
      } else expect(h.getStored('f12')).toBe('12');
    }
  });

  it('packs a listpack into one string and survives updates, deletes and long entries', () => {
    const L = limits(512, 300);
    const h = new RedisHash();
    const long = 'x'.repeat(200);
    h.set('a', '1', L);
    h.set(long, long, L);
    h.set('b', 'two', L);
    h.set('a', 'uno', L);
    expect(h.encoding()).toBe('listpack');
    expect(h.pairs()).toEqual(['a', 'uno', long, long, 'b', 'two']);
    expect(h.delete(long)).toBe(true);
    expect(h.delete('zz')).toBe(false);
    expect([...h.entries()]).toEqual([['a', 'uno'], ['b', 'two']]);
    expect(h.fieldAt(1)).toBe('b');
    expect(h.valueAt(0)).toBe('uno');
    expect(h.size).toBe(2);
    // One flat string holds it all.
    expect(typeof h.lp).toBe('string');
    expect(h.lp.length).toBe(1 + 1 + 1 + 3 + 1 + 1 + 1 + 3);
  });

  it('converts when a field or value is too long, or entries exceed the limit', () => {
    const L = limits(3, 4);
    const a = new RedisHash();
    a.set('abcd', 'wxyz', L);
    expect(a.encoding()).toBe('listpack');
    a.set('k', 'wxyz5', L);
    expect(a.encoding()).toBe('hashtable');
    const b = new RedisHash();
    b.set('abcde', '1', L);
    expect(b.encoding()).toBe('hashtable');
    const c = new RedisHash();
    for (const f of ['a', 'b', 'c']) c.set(f, '1', L);
    c.set('a', '2', L);
    expect(c.encoding()).toBe('listpack');
    c.set('d', '1', L);
    expect(c.encoding()).toBe('hashtable');
    expect([...c.entries()]).toEqual([['a', '2'], ['b', '1'], ['c', '1'], ['d', '1']]);
    // Never back.
    c.delete('a');
    c.delete('b');
    expect(c.encoding()).toBe('hashtable');
  });

  it('prepareWrite: too many pairs (7.2 pre-sizing) or a long argument', () => {
    const L = limits(2, 4);
    expect(hashFromArgs(['f', '1', 'f', '2', 'f', '3'], 0, 5, L).encoding()).toBe('hashtable');
    expect(hashFromArgs(['f', '1', 'g', '2'], 0, 3, L).encoding()).toBe('listpack');
    expect(hashFromArgs(['f', '12345'], 0, 1, L).encoding()).toBe('hashtable');
    const h = hashFromArgs(['f', '1', 'f', '2', 'f', '3'], 0, 5, L);
    expect([...h.entries()]).toEqual([['f', '3']]);
  });

  it('an update with a value too long for the listpack converts', () => {
    const L = limits(512, 3);
    const h = new RedisHash();
    h.set('a', '1', L);
    h.set('b', '2', L);
    h.set('b', '1234', L);
    expect(h.encoding()).toBe('hashtable');
    expect(h.get('b')).toBe('1234');
    expect(h.get('a')).toBe('1');
  });

  it('clone is deep for both encodings', () => {
    const L = limits(2, 64);
    for (const n of [2, 5]) {
      const h = new RedisHash();
      for (let i = 0; i < n; i++) h.set(`f${i}`, `${i}`, L);
      const c = h.clone();
      expect(c.encoding()).toBe(h.encoding());
      c.set('f0', 'changed', L);
      c.delete('f1');
      c.set('new', 'x', L);
      expect(h.get('f0')).toBe('0');
      expect(h.get('f1')).toBe('1');
      expect(h.has('new')).toBe(false);
      expect(c.get('f0')).toBe('changed');
    }
  });

  it('randomPair is uniform enough over a hashtable after deletes', () => {
    const L = limits(4, 64);
    const h = new RedisHash();
    for (let i = 0; i < 20; i++) h.set(`f${i}`, 'v', L);
    for (let i = 0; i < 20; i += 2) h.delete(`f${i}`);
    const counts = new Map<string, number>();
    for (let i = 0; i < 20000; i++) {
      const f = h.fieldAt(h.randomPair());
      counts.set(f, (counts.get(f) ?? 0) + 1);
    }
    expect(counts.size).toBe(10);
    for (const [f, n] of counts) {
      expect(Number(f.slice(1)) % 2).toBe(1);
      expect(n).toBeGreaterThan(1500);
      expect(n).toBeLessThan(2500);
    }
  });
});

describe('RedisHash against a Map model (fast-check)', () => {
  it('every operation sequence agrees with a Map, in both encodings', () => {
    const field = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'longer-field');
    const value = fc.constantFrom('1', '-2', 'x', '', '007', 'long-value-here', '9007199254740993');
    const op = fc.oneof(
      fc.tuple(fc.constant('set' as const), field, value),
      fc.tuple(fc.constant('del' as const), field, fc.constant('')),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 3, max: 20 }), (ops, entries, vlen) => {
        const L = limits(entries, vlen);
        const h = new RedisHash();
        const model = new Map<string, string>();
        let wasTable = false;
        for (const [kind, f, v] of ops) {
          if (kind === 'set') {
            expect(h.set(f, v, L)).toBe(!model.has(f));
            if (!model.has(f)) model.set(f, v);
            else model.set(f, v);
          } else {
            expect(h.delete(f)).toBe(model.delete(f));
          }
          if (wasTable) expect(h.encoding()).toBe('hashtable');
          wasTable = h.encoding() === 'hashtable';
          expect(h.size).toBe(model.size);
          if (h.encoding() === 'listpack') {
            // Listpack order is the model's insertion order.
            expect([...h.entries()]).toEqual([...model.entries()]);
            expect(h.size).toBeLessThanOrEqual(entries);
          } else {
            expect(new Map(h.entries())).toEqual(model);
            for (const [k, i] of h.index!.entries()) expect(h.kv[i]).toBe(k);
          }
        }
        for (const f of ['a', 'b', 'zz']) expect(h.get(f)).toBe(model.get(f));
      }),
      { numRuns: 300 },
    );
  });
});

describe('HSCAN over a hashtable index (ScanRegistry)', () => {
  // Churn stays below COUNT per call: a walk over live Map iterators reaches
  // the end only when it outpaces insertions (see the report on data/scan.ts).
  it('returns every field present throughout, while fields are added and deleted', () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 50 }), fc.integer({ min: 0, max: 2 ** 31 }), (count, seed) => {
        let s = seed;
        const rnd = () => {
          s = (s * 1103515245 + 12345) & 0x7fffffff;
          return s / 0x80000000;
        };
        const L = limits(1, 64);
        const h = new RedisHash();
        for (let i = 0; i < 300; i++) h.set(`f${i}`, 'v', L);
        const reg = new ScanRegistry();
        const always = new Set<string>();
        for (let i = 0; i < 300; i++) always.add(`f${i}`);
        const seen = new Set<string>();
        let cursor = '0';
        let steps = 0;
        let added = 0;
        do {
          const out: string[] = [];
          cursor = reg.step(h.index!, cursor, count, out, 0);
          for (const f of out) {
            expect(h.has(f)).toBe(true);
            seen.add(f);
          }
          for (let k = 0; k < 5; k++) {
            const r = rnd();
            if (r < 0.4) {
              const f = `f${Math.floor(rnd() * 300)}`;
              h.delete(f);
              always.delete(f);
            } else if (r < 0.8) {
              if (h.size < 400) h.set(`n${added++}`, 'v', L);
            } else {
              h.set(`f${Math.floor(rnd() * 300)}`, 'w', L);
            }
          }
          steps++;
        } while (cursor !== '0' && steps < 10000);
        expect(cursor).toBe('0');
        for (const f of always) expect(seen.has(f)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});
