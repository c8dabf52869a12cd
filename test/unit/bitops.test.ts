// Bit helpers (src/data/bitops.ts) against naive bit-by-bit models, in both
// flavours (buffer and latin1 string), at sizes that reach the word-at-a-time
// paths and at unaligned buffer offsets; BITFIELD arithmetic's number fast path
// against its exact 64-bit (BigInt) emulation; MutableString's bit methods.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OVERFLOW_FAIL, OVERFLOW_SAT, OVERFLOW_WRAP, arith, countBits, fieldArith, findBit, getField, popcountBytes, popcountString, setField } from '../../src/data/bitops.js';
import { MutableString, encodingOf, stringOf } from '../../src/data/values.js';

function bitOf(b: Uint8Array, pos: number): number {
  return (b[pos >> 3] >> (7 - (pos & 7))) & 1;
}

function naiveCount(b: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let p = from; p <= to; p++) n += bitOf(b, p);
  return n;
}

function naiveFind(b: Uint8Array, from: number, to: number, bit: number): number {
  for (let p = from; p <= to; p++) if (bitOf(b, p) === bit) return p;
  return -1;
}

/** The same bytes at an odd offset inside a larger ArrayBuffer (as Node's pool hands them out). */
function unaligned(b: Uint8Array, shift: number): Uint8Array {
  const big = new Uint8Array(b.length + 8);
  big.set(b, shift);
  return big.subarray(shift, shift + b.length);
}

const latin1 = (b: Uint8Array) => Buffer.from(b).latin1Slice(0, b.length);

/** Bytes made of runs (long stretches of 0x00 / 0xff with other bytes between). */
const runs = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(0, 0xff), fc.integer({ min: 0, max: 255 })), fc.integer({ min: 1, max: 150 })), { minLength: 1, maxLength: 6 })
  .map((rs) => new Uint8Array(Buffer.concat(rs.map(([v, n]) => Buffer.alloc(n, v)))));

describe('popcount', () => {
  it('matches a table count on every byte value and on long buffers', () => {
    const all = new Uint8Array(256).map((_, i) => i);
    expect(popcountBytes(all, 0, 256)).toBe(1024);
    expect(popcountString(latin1(all), 0, 256)).toBe(1024);
    fc.assert(
      fc.property(runs, fc.nat(7), (b, shift) => {
        const u = unaligned(b, shift);
        const expected = naiveCount(b, 0, b.length * 8 - 1);
        expect(popcountBytes(u, 0, u.length)).toBe(expected);
        expect(popcountString(latin1(b), 0, b.length)).toBe(expected);
      }),
    );
  });
});

describe('countBits / findBit', () => {
  it('agree with bit-by-bit models over any bit range, buffer and string', () => {
    fc.assert(
      fc.property(runs, fc.nat(7), fc.nat(), fc.nat(), fc.constantFrom(0, 1), (b, shift, x, y, bit) => {
        const total = b.length * 8;
        let from = x % total;
        let to = y % total;
        if (from > to) [from, to] = [to, from];
        const u = unaligned(b, shift);
        const s = latin1(b);
        const count = naiveCount(b, from, to);
        expect(countBits(u, from, to)).toBe(count);
        expect(countBits(s, from, to)).toBe(count);
        const pos = naiveFind(b, from, to, bit);
        expect(findBit(u, from, to, bit)).toBe(pos);
        expect(findBit(s, from, to, bit)).toBe(pos);
      }),
      { numRuns: 500 },
    );
  });

  it('handles single bytes, empty ranges and edge bits', () => {
    const b = new Uint8Array([0b00010000, 0xff, 0x00, 0b00000001]);
    expect(findBit(b, 0, 7, 1)).toBe(3);
    expect(findBit(b, 4, 7, 1)).toBe(-1);
    expect(findBit(b, 4, 15, 1)).toBe(8);
    expect(findBit(b, 8, 15, 0)).toBe(-1);
    expect(findBit(b, 8, 23, 0)).toBe(16);
    expect(findBit(b, 17, 31, 1)).toBe(31);
    expect(findBit(b, 5, 4, 1)).toBe(-1);
    expect(countBits(b, 5, 4)).toBe(0);
    expect(countBits(b, 3, 3)).toBe(1);
    expect(countBits(b, 0, 31)).toBe(10);
    expect(countBits(b, 9, 30)).toBe(7);
  });
});

describe('getField / setField', () => {
  it('round-trips every width, signed and unsigned, at any offset', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.boolean(), fc.integer({ min: 0, max: 100 }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (bits, signed, offset, raw) => {
        if (!signed && bits === 64) return;
        const buf = Buffer.alloc(24, 0xa5);
        const before = Buffer.from(buf);
        const want = signed ? BigInt.asIntN(bits, raw) : BigInt.asUintN(bits, raw);
        setField(buf, offset, bits, bits <= 32 ? Number(want) : want);
        const got = getField(buf, buf.length, offset, bits, signed);
        expect(typeof got).toBe(bits <= 32 ? 'number' : 'bigint');
        expect(BigInt(got)).toBe(want);
        // Bits outside the field are untouched.
        let changedOutside = 0;
        for (let p = 0; p < buf.length * 8; p++) if ((p < offset || p >= offset + bits) && bitOf(buf, p) !== bitOf(before, p)) changedOutside++;
        expect(changedOutside).toBe(0);
        // The string flavour reads the same.
        expect(getField(buf.latin1Slice(0, buf.length), buf.length, offset, bits, signed)).toBe(got);
      }),
      { numRuns: 500 },
    );
  });

  it('reads zeros past the end of the string', () => {
    const b = Buffer.from([0xff]);
    expect(getField(b, 1, 4, 8, false)).toBe(0xf0);
    expect(getField(b, 1, 0, 16, true)).toBe(-256);
    expect(getField('', 0, 1000, 64, true)).toBe(0n);
    expect(getField(b, 1, 0, 64, true)).toBe(-72057594037927936n);
    expect(getField(b, 1, 1, 63, false)).toBe(0x7f00000000000000n);
  });
});

describe('fieldArith', () => {
  const policies = [OVERFLOW_WRAP, OVERFLOW_SAT, OVERFLOW_FAIL];

  it('its number fast path equals the exact 64-bit emulation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 32 }),
        fc.boolean(),
        fc.boolean(),
        fc.bigInt({ min: 0n, max: 2n ** 32n - 1n }),
        fc.oneof(fc.integer({ min: -300, max: 300 }), fc.integer({ min: -(2 ** 52), max: 2 ** 52 })),
        fc.constantFrom(...policies),
        (bits, signed, isIncr, raw, arg, policy) => {
          const old = Number(signed ? BigInt.asIntN(bits, raw) : BigInt.asUintN(bits, raw));
          fieldArith(old, arg, isIncr, bits, signed, policy);
          const fast = { value: arith.value, overflowed: arith.overflowed };
          // A bigint argument takes the exact path.
          fieldArith(old, BigInt(arg), isIncr, bits, signed, policy);
          expect(fast).toEqual({ value: arith.value, overflowed: arith.overflowed });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('follows Redis on known cases, including its 64-bit wrap-arounds', () => {
    const run = (old: number | bigint, arg: number | bigint, incr: boolean, bits: number, signed: boolean, policy: number) => {
      fieldArith(old, arg, incr, bits, signed, policy);
      return [arith.value, arith.overflowed];
    };
    expect(run(250, 10, true, 8, false, OVERFLOW_WRAP)).toEqual([4, true]);
    expect(run(250, 10, true, 8, false, OVERFLOW_SAT)).toEqual([255, true]);
    expect(run(5, -10, true, 8, false, OVERFLOW_SAT)).toEqual([0, true]);
    expect(run(0, -1, false, 8, false, OVERFLOW_SAT)).toEqual([255, true]);
    expect(run(0, -1, false, 8, false, OVERFLOW_WRAP)).toEqual([255, true]);
    expect(run(0, 200, false, 8, true, OVERFLOW_WRAP)).toEqual([-56, true]);
    expect(run(0, -129, false, 8, true, OVERFLOW_SAT)).toEqual([-128, true]);
    // Redis's overflow test wraps for values near INT64_MIN: they saturate high.
    expect(run(0, -9223372036854775808n, false, 8, true, OVERFLOW_SAT)).toEqual([127, true]);
    expect(run(0, -9223372036854775681n, false, 8, true, OVERFLOW_SAT)).toEqual([127, true]);
    expect(run(0, -9223372036854775680n, false, 8, true, OVERFLOW_SAT)).toEqual([-128, true]);
    expect(run(-9223372036854775808n, -1, true, 64, true, OVERFLOW_WRAP)).toEqual([9223372036854775807n, true]);
    expect(run(9223372036854775806n, -1, true, 64, true, OVERFLOW_SAT)).toEqual([9223372036854775805n, false]);
    expect(run(9223372036854775807n, 9223372036854775807n, true, 64, true, OVERFLOW_WRAP)).toEqual([-2n, true]);
    expect(run(9223372036854775807n, 9223372036854775807n, true, 63, false, OVERFLOW_WRAP)).toEqual([9223372036854775806n, true]);
    expect(run(5n, -9223372036854775808n, true, 63, false, OVERFLOW_SAT)).toEqual([0n, true]);
    expect(run(0, -4294967296n, false, 33, true, OVERFLOW_WRAP)).toEqual([-4294967296n, false]);
    expect(run(4294967295, 1, true, 32, false, OVERFLOW_WRAP)).toEqual([0, true]);
    expect(run(-2147483648, 4503599627370496, true, 32, true, OVERFLOW_WRAP)).toEqual([-2147483648, true]);
  });
});

describe('MutableString bit methods', () => {
  it('grows zero-filled over stale capacity, reads and writes single bits', () => {
    const m = new MutableString('ab', 64);
    m.buf.fill(0x41, 2);
    expect(m.growZero(2)).toBe(false);
    expect(m.growZero(5)).toBe(true);
    expect(stringOf(m)).toBe('ab\0\0\0');
    expect(m.getBit(1)).toBe(1);
    expect(m.getBit(0)).toBe(0);
    expect(m.getBit(1000)).toBe(0);
    expect(m.setBit(39, 1)).toBe(0);
    expect(m.setBit(39, 1)).toBe(1);
    expect(m.setBit(1, 0)).toBe(1);
    expect(stringOf(m)).toBe('!b\0\0\x01');
    // Past the capacity: a new buffer with room to spare, content kept.
    expect(m.growZero(100)).toBe(true);
    expect(m.len).toBe(100);
    expect(m.buf.length).toBeGreaterThanOrEqual(200);
    expect(stringOf(m)).toBe('!b\0\0\x01' + '\0'.repeat(95));
    expect(encodingOf(m)).toBe('raw');
  });

  it('grows large bitmaps by a quarter, not by doubling', () => {
    const m = MutableString.wrap(Buffer.alloc(10), 10);
    m.growZero(4_000_000);
    expect(m.buf.length).toBe(5_000_000);
    const buf = m.buf;
    m.growZero(4_900_000);
    expect(m.buf).toBe(buf);
  });

  it('wrap adopts a buffer without copying', () => {
    const b = Buffer.from('xyz!', 'latin1');
    const m = MutableString.wrap(b, 3);
    expect(m.buf).toBe(b);
    expect(stringOf(m)).toBe('xyz');
  });
});
