// ListValue: the ring-buffer deque against a plain array model (random
// operations), listpack entry sizes, and the listpack ⇄ quicklist encoding
// model at Redis 7.2's conversion points.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ListValue, exceedsLimit, lpEntrySize, type ListElem } from '../../src/data/list.js';
import { defaultLimits, type EncodingLimits } from '../../src/data/limits.js';
import { toStoredString } from '../../src/data/values.js';

function limits(fill: number): EncodingLimits {
  return { ...defaultLimits(), listMaxListpackSize: fill };
}

/** RPUSH as the command does: grow check with raw lengths, then push each. */
function rpush(l: ListValue, lim: EncodingLimits, ...items: string[]): void {
  l.prepareGrow(lim, items.length, items.reduce((a, s) => a + s.length, 0));
  for (const s of items) l.pushTail(toStoredString(s), s.length);
}

function lpush(l: ListValue, lim: EncodingLimits, ...items: string[]): void {
  l.prepareGrow(lim, items.length, items.reduce((a, s) => a + s.length, 0));
  for (const s of items) l.pushHead(toStoredString(s), s.length);
}

function strings(l: ListValue): string[] {
  return l.toArray().map(String);
}

describe('lpEntrySize (listpack entry bytes)', () => {
  it('integers by range, strings by length class', () => {
    expect(lpEntrySize(0)).toBe(2);
    expect(lpEntrySize(127)).toBe(2);
    expect(lpEntrySize(128)).toBe(3);
    expect(lpEntrySize(-4096)).toBe(3);
    expect(lpEntrySize(32767)).toBe(4);
    expect(lpEntrySize(8388607)).toBe(5);
    expect(lpEntrySize(2147483647)).toBe(6);
    expect(lpEntrySize(2147483648)).toBe(10);
    expect(lpEntrySize('9223372036854775807')).toBe(10);
    expect(lpEntrySize('9223372036854775808')).toBe(1 + 19 + 1); // not an int64: a string
    expect(lpEntrySize('')).toBe(2);
    expect(lpEntrySize('a'.repeat(63))).toBe(65);
    expect(lpEntrySize('a'.repeat(64))).toBe(2 + 64 + 1);
    expect(lpEntrySize('a'.repeat(125))).toBe(2 + 125 + 1);
    expect(lpEntrySize('a'.repeat(126))).toBe(2 + 126 + 2);
    expect(lpEntrySize('a'.repeat(4096))).toBe(5 + 4096 + 2);
    expect(lpEntrySize('007')).toBe(1 + 3 + 1);
  });

  it('limit checks: bytes for negative fills, count (with an 8 KiB safety cap) for positive', () => {
    expect(exceedsLimit(-2, 8192, 1000)).toBe(false);
    expect(exceedsLimit(-2, 8193, 1)).toBe(true);
    expect(exceedsLimit(-1, 4097, 1)).toBe(true);
    expect(exceedsLimit(-9, 65536, 1)).toBe(false);
    expect(exceedsLimit(-9, 65537, 1)).toBe(true);
    expect(exceedsLimit(128, 100, 128)).toBe(false);
    expect(exceedsLimit(128, 100, 129)).toBe(true);
    expect(exceedsLimit(128, 8193, 2)).toBe(true);
    expect(exceedsLimit(0, 10, 1)).toBe(false);
    expect(exceedsLimit(0, 10, 2)).toBe(true);
  });
});

describe('ListValue as a deque', () => {
  it('matches an array model under random operations', () => {
    const lim = limits(4); // tiny nodes exercise the quicklist model too
    const op = fc.oneof(
      fc.record({ k: fc.constant('lpush'), v: fc.string({ maxLength: 3 }) }),
      fc.record({ k: fc.constant('rpush'), v: fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: -300, max: 300 }).map(String)) }),
      fc.record({ k: fc.constant('lpop') }),
      fc.record({ k: fc.constant('rpop') }),
      fc.record({ k: fc.constant('trim'), a: fc.nat(20), b: fc.nat(20) }),
      fc.record({ k: fc.constant('rem'), v: fc.string({ maxLength: 1 }) }),
      fc.record({ k: fc.constant('ins'), i: fc.nat(30), after: fc.boolean(), v: fc.string({ maxLength: 2 }) }),
      fc.record({ k: fc.constant('set'), i: fc.nat(30), v: fc.string({ maxLength: 2 }) }),
      fc.record({ k: fc.constant('range'), a: fc.nat(20), n: fc.nat(20) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
        const l = new ListValue();
        const m: string[] = [];
        for (const o of ops as Array<Record<string, unknown>>) {
          switch (o.k) {
            case 'lpush':
              lpush(l, lim, o.v as string);
              m.unshift(o.v as string);
              break;
            case 'rpush':
              rpush(l, lim, o.v as string);
              m.push(o.v as string);
              break;
            case 'lpop':
              if (m.length > 0) expect(String(l.popHead())).toBe(m.shift());
              break;
            case 'rpop':
              if (m.length > 0) expect(String(l.popTail())).toBe(m.pop());
              break;
            case 'trim': {
              const a = Math.min(o.a as number, m.length);
              const b = Math.min(o.b as number, m.length - a);
              l.deleteRange(a, b);
              m.splice(a, b);
              break;
            }
            case 'rem': {
              const v = toStoredString(o.v as string);
              const idx: number[] = [];
              for (let i = 0; i < l.length; i++) if (l.at(i) === v) idx.push(i);
              l.deleteIndexes(idx);
              for (let i = m.length - 1; i >= 0; i--) if (m[i] === o.v) m.splice(i, 1);
              break;
            }
            case 'ins':
              if (m.length > 0) {
                const i = (o.i as number) % m.length;
                l.prepareGrow(lim, 1, (o.v as string).length);
                l.insertAt(i, o.after as boolean, toStoredString(o.v as string), (o.v as string).length);
                m.splice(o.after ? i + 1 : i, 0, o.v as string);
              }
              break;
            case 'set':
              if (m.length > 0) {
                const i = (o.i as number) % m.length;
                l.replaceAt(i, toStoredString(o.v as string));
                m[i] = o.v as string;
              }
              break;
            case 'range': {
              const a = Math.min(o.a as number, m.length);
              for (let i = a; i < Math.min(m.length, a + (o.n as number)); i++) expect(String(l.at(i))).toBe(m[i]);
              break;
            }
          }
          l.afterShrink(lim);
          expect(l.length).toBe(m.length);
          // The node model always accounts for every element.
          expect(l.nodeCounts().reduce((x, y) => x + y, 0)).toBe(m.length);
        }
        expect(strings(l)).toEqual(m);
      }),
      { numRuns: 300 },
    );
  });

  it('grows and shrinks its ring buffer across wrap-around', () => {
    const l = new ListValue();
    const lim = limits(-2);
    for (let i = 0; i < 1000; i++) {
      if (i % 2 === 0) lpush(l, lim, `h${i}`);
      else rpush(l, lim, `t${i}`);
    }
    expect(l.length).toBe(1000);
    expect(String(l.at(0))).toBe('h998');
    expect(String(l.at(999))).toBe('t999');
    for (let i = 0; i < 990; i++) l.popHead();
    expect(strings(l)).toEqual(['t981', 't983', 't985', 't987', 't989', 't991', 't993', 't995', 't997', 't999']);
  });

  it('stores canonical integers as numbers and other strings as they are', () => {
    const l = new ListValue();
    rpush(l, limits(-2), '12', '-7', '007', '-0', '1.5', '9007199254740993');
    const raw = l.toArray() as ListElem[];
    expect(raw).toEqual([12, -7, '007', '-0', '1.5', '9007199254740993']);
  });

  it('clone is deep', () => {
    const l = new ListValue();
    rpush(l, limits(2), 'a', 'b', 'c');
    const c = l.clone();
    l.popHead();
    expect(strings(c)).toEqual(['a', 'b', 'c']);
    expect(c.encoding()).toBe('quicklist');
    expect(c.nodeCounts()).toEqual([2, 1]);
  });
});

describe('encoding model (Redis 7.2 conversion points)', () => {
  it('count limit: listpack up to N entries, back when one node holds at most N/2', () => {
    const lim = limits(3);
    const l = new ListValue();
    rpush(l, lim, 'a', 'b', 'c');
    expect(l.encoding()).toBe('listpack');
    rpush(l, lim, 'd');
    expect(l.encoding()).toBe('quicklist');
    expect(l.nodeCounts()).toEqual([3, 1]);
    l.deleteRange(1, 3); // RPOP 3
    l.afterShrink(lim);
    expect(l.encoding()).toBe('listpack');
  });

  it('pops from the far end keep two nodes (and quicklist) until the first node empties', () => {
    const lim = limits(128);
    const l = new ListValue();
    for (let i = 0; i < 129; i++) rpush(l, lim, `e${i}`);
    expect(l.nodeCounts()).toEqual([128, 1]);
    for (let i = 0; i < 100; i++) {
      l.popHead();
      l.afterShrink(lim);
    }
    // 29 elements, but still two nodes: Redis keeps the quicklist.
    expect(l.nodeCounts()).toEqual([28, 1]);
    expect(l.encoding()).toBe('quicklist');
    l.popTail();
    l.afterShrink(lim);
    expect(l.encoding()).toBe('listpack');
  });

  it('byte limit: the raw argument bytes decide the conversion, node bytes the return', () => {
    const lim = limits(-1); // 4096 bytes
    const big = 'x'.repeat(8192);
    const l = new ListValue();
    rpush(l, lim, 'a', 'b', 'c');
    rpush(l, lim, big);
    expect(l.encoding()).toBe('quicklist');
    expect(l.nodeCounts()).toEqual([3, 1]);
    l.popTail();
    l.afterShrink(lim);
    expect(l.encoding()).toBe('listpack');

    // A first element too big for a listpack starts a quicklist with no node.
    const m = new ListValue();
    rpush(m, lim, big);
    rpush(m, lim, 'a');
    rpush(m, lim, 'b');
    expect(m.nodeCounts()).toEqual([1, 2]);
    m.deleteRange(1, 2);
    m.afterShrink(lim);
    expect(m.encoding()).toBe('quicklist'); // one node, but 8 KiB > 2 KiB
    m.replaceAt(0, 'c');
    m.afterShrink(lim);
    expect(m.encoding()).toBe('listpack');
  });

  it('-6 and below act as -5 (64 KiB)', () => {
    const lim = limits(-6);
    const l = new ListValue();
    rpush(l, lim, 'x'.repeat(60000));
    expect(l.encoding()).toBe('listpack');
    rpush(l, lim, 'x'.repeat(5536));
    expect(l.encoding()).toBe('quicklist');
  });

  it('default -2: about 8 KiB of small elements fit one listpack', () => {
    const lim = limits(-2);
    const l = new ListValue();
    // "xxx" takes 5 bytes in a listpack; a push converts when 7 + 5n + 3 > 8192.
    let n = 0;
    while (l.encoding() === 'listpack') {
      expect(l.listpackBytes()).toBe(7 + 5 * n);
      rpush(l, lim, 'xxx');
      n++;
    }
    expect(n).toBe(1638);
    expect(l.nodeCounts()).toEqual([1637, 1]);
  });

  it('LINSERT into a full middle node splits it', () => {
    const lim = limits(4);
    const l = new ListValue();
    for (const s of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) rpush(l, lim, s);
    expect(l.nodeCounts()).toEqual([4, 4]);
    l.insertAt(1, true, 'X', 1); // after "b"
    expect(strings(l)).toEqual(['a', 'b', 'X', 'c', 'd', 'e', 'f', 'g', 'h']);
    expect(l.nodeCounts().reduce((a, b) => a + b)).toBe(9);
    expect(l.nodeCounts()).toEqual([2, 3, 4]);
  });
});

describe('lists built whole (SORT STORE, loading)', () => {
  it('toQuicklist then tryConvertAuto uses the full limit', () => {
    const lim = limits(4);
    const l = new ListValue();
    l.toQuicklist(lim);
    for (const s of ['a', 'b', 'c', 'd']) l.pushTail(s, 1);
    expect(l.encoding()).toBe('quicklist');
    expect(l.nodeCounts()).toEqual([4]);
    l.tryConvertAuto(lim);
    expect(l.encoding()).toBe('listpack');
    const m = new ListValue();
    m.toQuicklist(lim);
    for (const s of ['a', 'b', 'c', 'd', 'e']) m.pushTail(s, 1);
    m.tryConvertAuto(lim);
    expect(m.encoding()).toBe('quicklist');
  });
});
