import { describe, expect, it } from 'vitest';
import { ENC_HASHTABLE, ENC_INTSET, ENC_LISTPACK, SegSet, SetValue } from '../../src/data/set.js';
import { defaultLimits, type EncodingLimits } from '../../src/data/limits.js';
import { ScanRegistry } from '../../src/data/scan.js';

function lim(over: Partial<EncodingLimits> = {}): EncodingLimits {
  return { ...defaultLimits(), ...over };
}

function build(members: string[], l = lim()): SetValue {
  const s = SetValue.create(members[0], members.length, l);
  for (const m of members) s.add(m, l);
  return s;
}

describe('SetValue encodings', () => {
  it('keeps canonical 64-bit integers in an ascending intset', () => {
    const s = build(['5', '-3', '9223372036854775807', '-9223372036854775808', '0', '9007199254740993', '12']);
    expect(s.encoding()).toBe('intset');
    expect(s.toArray()).toEqual(['-9223372036854775808', '-3', '0', '5', '12', '9007199254740993', '9223372036854775807']);
    expect(s.has('9007199254740993')).toBe(true);
    expect(s.has('9007199254740992')).toBe(false);
    expect(s.has('05')).toBe(false);
    expect(s.add('5', lim())).toBe(false);
    expect(s.remove('12')).toBe(true);
    expect(s.remove('12')).toBe(false);
    expect(s.remove('abc')).toBe(false);
    expect(s.size).toBe(6);
  });

  it('treats non-canonical integers as strings', () => {
    for (const m of ['007', '-0', '+1', ' 1', '1.0', '9223372036854775808', '']) {
      const s = SetValue.create(m, 1, lim());
      expect(s.encoding()).toBe('listpack');
    }
    const s = build(['1', '2']);
    s.add('01', lim());
    expect(s.encoding()).toBe('listpack');
    expect(s.toArray()).toEqual(['1', '2', '01']);
  });

  it('turns an intset into a listpack when a string arrives and everything fits', () => {
    const s = build(['3', '1', '2']);
    expect(s.add('a', lim())).toBe(true);
    expect(s.enc).toBe(ENC_LISTPACK);
    expect(s.toArray()).toEqual(['1', '2', '3', 'a']);
    // Removal keeps the order of the rest.
    s.remove('2');
    s.add('b', lim());
    expect(s.toArray()).toEqual(['1', '3', 'a', 'b']);
  });

  it('turns an intset into a hashtable when the listpack limits would be crossed', () => {
    // Too many entries for a listpack.
    const many = Array.from({ length: 128 }, (_, i) => String(i));
    const a = build(many);
    expect(a.encoding()).toBe('intset');
    a.add('x', lim());
    expect(a.encoding()).toBe('hashtable');
    // 127 entries still fit.
    const b = build(many.slice(0, 127));
    b.add('x', lim());
    expect(b.encoding()).toBe('listpack');
    // A long new member.
    const c = build(['1']);
    c.add('x'.repeat(65), lim());
    expect(c.encoding()).toBe('hashtable');
    const d = build(['1']);
    d.add('x'.repeat(64), lim());
    expect(d.encoding()).toBe('listpack');
    // An integer longer than set-max-listpack-value (digits and sign count).
    const e = build(['-12345'], lim({ setMaxListpackValue: 5 }));
    e.add('a', lim({ setMaxListpackValue: 5 }));
    expect(e.encoding()).toBe('hashtable');
    const f = build(['-1234'], lim({ setMaxListpackValue: 5 }));
    f.add('a', lim({ setMaxListpackValue: 5 }));
    expect(f.encoding()).toBe('listpack');
  });

  it('turns an intset growing past set-max-intset-entries into a hashtable', () => {
    const l = lim({ setMaxIntsetEntries: 4 });
    const s = build(['1', '2', '3', '4'], l);
    expect(s.encoding()).toBe('intset');
    s.add('5', l);
    expect(s.encoding()).toBe('hashtable');
    expect(s.toArray().sort()).toEqual(['1', '2', '3', '4', '5']);
  });

  it('turns a listpack into a hashtable past its entry or value limits', () => {
    const l = lim({ setMaxListpackEntries: 3, setMaxListpackValue: 4 });
    const s = build(['a', 'b', 'c'], l);
    expect(s.encoding()).toBe('listpack');
    expect(s.add('c', l)).toBe(false);
    expect(s.encoding()).toBe('listpack');
    s.add('d', l);
    expect(s.encoding()).toBe('hashtable');
    const t = build(['a'], l);
    t.add('abcde', l);
    expect(t.encoding()).toBe('hashtable');
  });

  it('creates by size hint as setTypeCreate does', () => {
    expect(SetValue.create('1', 512, lim()).encoding()).toBe('intset');
    expect(SetValue.create('1', 513, lim()).encoding()).toBe('hashtable');
    expect(SetValue.create('1', 513, lim({ setMaxListpackEntries: 1000 })).encoding()).toBe('listpack');
    expect(SetValue.create('a', 128, lim()).encoding()).toBe('listpack');
    expect(SetValue.create('a', 129, lim()).encoding()).toBe('hashtable');
  });

  it('maybeConvert looks only at the hint', () => {
    const s = build(['a']);
    s.maybeConvert(128, lim());
    expect(s.encoding()).toBe('listpack');
    s.maybeConvert(129, lim());
    expect(s.encoding()).toBe('hashtable');
    const i = build(['1']);
    i.maybeConvert(513, lim());
    expect(i.encoding()).toBe('hashtable');
  });

  it('maybeConvertToIntset sorts integer members into an intset when small enough', () => {
    const s = SetValue.listpack();
    for (const m of ['10', '-2', '7']) s.add(m, lim());
    s.maybeConvertToIntset(lim());
    expect(s.enc).toBe(ENC_INTSET);
    expect(s.toArray()).toEqual(['-2', '7', '10']);
    const big = SetValue.hashtable();
    for (let i = 0; i < 600; i++) big.add(String(i), lim());
    big.maybeConvertToIntset(lim());
    expect(big.enc).toBe(ENC_HASHTABLE);
  });

  it('clone is deep and keeps the encoding', () => {
    for (const members of [['1', '2'], ['a', 'b'], Array.from({ length: 200 }, (_, i) => 'm' + i)]) {
      const s = build(members);
      const c = s.clone();
      expect(c.encoding()).toBe(s.encoding());
      c.add('zzz', lim());
      expect(s.has('zzz')).toBe(false);
      expect(c.toArray()).toEqual([...s.toArray(), 'zzz']);
    }
  });

  it('random picks come from the set, distinct picks are distinct', () => {
    for (const members of [['1', '2', '3', '4', '5'], ['a', 'b', 'c', 'd', 'e'], Array.from({ length: 300 }, (_, i) => 'm' + i)]) {
      const s = build(members);
      const all = new Set(members);
      for (let i = 0; i < 50; i++) expect(all.has(s.random())).toBe(true);
      for (const k of [1, 2, 4, 50, 99, 101, 299]) {
        if (k >= members.length) continue;
        const picks = s.randomDistinct(k);
        expect(picks.length).toBe(k);
        expect(new Set(picks).size).toBe(k);
        for (const p of picks) expect(all.has(p)).toBe(true);
      }
    }
  });

  it('popRandomCompact removes a subset and returns it in set order', () => {
    const s = build(['a', 'b', 'c', 'd', 'e', 'f']);
    const out = s.popRandomCompact(3);
    expect(out.length).toBe(3);
    const order = ['a', 'b', 'c', 'd', 'e', 'f'];
    expect([...out].sort((x, y) => order.indexOf(x) - order.indexOf(y))).toEqual(out);
    expect(s.size).toBe(3);
    for (const m of out) expect(s.has(m)).toBe(false);
    const rest = s.toArray();
    expect([...rest].sort((x, y) => order.indexOf(x) - order.indexOf(y))).toEqual(rest);
  });

  it('popMostly keeps a random remainder and rebuilds hashtables as listpacks', () => {
    const members = Array.from({ length: 200 }, (_, i) => 'm' + i);
    const s = build(members);
    expect(s.encoding()).toBe('hashtable');
    const out = s.popMostly(10, lim());
    expect(out.length).toBe(190);
    expect(s.size).toBe(10);
    expect(s.encoding()).toBe('listpack');
    expect(new Set([...out, ...s.toArray()]).size).toBe(200);
    const i = build(['1', '2', '3', '4', '5', '6']);
    const o2 = i.popMostly(1, lim());
    expect(o2.length).toBe(5);
    expect(i.encoding()).toBe('intset');
  });
});

describe('SegSet', () => {
  it('spreads members over segments and finds them in any', () => {
    const s = new SegSet(4);
    for (let i = 0; i < 10; i++) expect(s.add('m' + i)).toBe(true);
    expect(s.add('m3')).toBe(false);
    expect(s.add('m9')).toBe(false);
    expect(s.size).toBe(10);
    expect(s.segments().length).toBe(3);
    for (let i = 0; i < 10; i++) expect(s.has('m' + i)).toBe(true);
    expect([...s].sort()).toEqual(Array.from({ length: 10 }, (_, i) => 'm' + i).sort());
    // Emptying a segment removes it.
    for (const m of ['m0', 'm1', 'm2', 'm3']) expect(s.delete(m)).toBe(true);
    expect(s.delete('m0')).toBe(false);
    expect(s.segments().length).toBe(2);
    expect(s.size).toBe(6);
  });

  it('random picks are uniform and never return a removed member', () => {
    const s = new SegSet(8);
    for (let i = 0; i < 20; i++) s.add('m' + i);
    s.random(); // builds the pool
    for (let i = 0; i < 8; i++) s.delete('m' + i);
    s.add('m3'); // removed then added back: counted once
    s.add('new');
    const counts = new Map<string, number>();
    const N = 26000;
    for (let i = 0; i < N; i++) {
      const m = s.random();
      counts.set(m, (counts.get(m) ?? 0) + 1);
    }
    expect(counts.size).toBe(14);
    for (const [m, n] of counts) {
      expect(s.has(m)).toBe(true);
      // 14 members: expect ~1857 each; a 20% band is > 9 sigma.
      expect(n).toBeGreaterThan(1500);
      expect(n).toBeLessThan(2200);
    }
  });

  it('popRandom empties the set without repeats', () => {
    const s = new SegSet(5);
    for (let i = 0; i < 23; i++) s.add('m' + i);
    const seen = new Set<string>();
    while (s.size > 0) {
      const m = s.popRandom();
      expect(seen.has(m)).toBe(false);
      seen.add(m);
      if (seen.size === 5) s.add('late');
    }
    expect(seen.size).toBe(24);
  });

  it('a SCAN walk over it returns every member present throughout, despite changes', () => {
    const s = new SegSet(16);
    for (let i = 0; i < 100; i++) s.add('m' + i);
    const reg = new ScanRegistry();
    const seen = new Set<string>();
    let cursor = '0';
    let step = 0;
    do {
      const out: string[] = [];
      cursor = reg.step(s, cursor, 7, out, 0);
      for (const m of out) seen.add(m);
      // Churn: add new members, delete some added ones, remove a few originals (those may be missed).
      s.add('n' + step);
      if (step % 3 === 0) s.delete('n' + (step - 1));
      if (step % 5 === 0) s.delete('m' + (99 - step));
      step++;
    } while (cursor !== '0');
    for (let i = 0; i < 100; i++) {
      const m = 'm' + i;
      if (s.has(m)) expect(seen.has(m)).toBe(true);
    }
  });
});
