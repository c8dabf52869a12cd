// Bit-level helpers for the bitmap commands (SETBIT, BITCOUNT, BITPOS, BITOP,
// BITFIELD). Bit 0 is the most significant bit of byte 0, as in Redis.
//
// A bitmap is read where it lives, never copied: a Uint8Array (the buffer of a
// MutableString) or a latin1 JS string (one char per byte, read with
// charCodeAt). The scanning loops exist in both flavours so that neither pays
// for a per-byte type check.
//
// BITFIELD's integer arithmetic follows Redis's C code exactly, including its
// 64-bit wrap-arounds: values of up to 32 bits with small arguments take a
// plain-number path; anything wider or larger goes through BigInt, emulating
// uint64_t/int64_t.

/** Bits set in each byte value. */
const POP8 = new Uint8Array(256);
for (let i = 1; i < 256; i++) POP8[i] = (i & 1) + POP8[i >> 1];

/** 2^i for i in 0..64. */
const POW2 = new Float64Array(65);
for (let i = 0; i <= 64; i++) POW2[i] = 2 ** i;

function pop32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Below this many bytes, word-at-a-time scanning is not worth a typed-array view. */
const WORD_MIN = 64;

/** Set bits in bytes [start, end) of a buffer. */
export function popcountBytes(buf: Uint8Array, start: number, end: number): number {
  let n = 0;
  let i = start;
  if (end - i >= WORD_MIN) {
    while (((buf.byteOffset + i) & 3) !== 0) n += POP8[buf[i++]];
    const words = Math.floor((end - i) / 4);
    // Int32 words stay small integers in V8 (Uint32 values past 2^31 would be doubles).
    const w = new Int32Array(buf.buffer, buf.byteOffset + i, words);
    for (let k = 0; k < words; k++) n += pop32(w[k]);
    i += words * 4;
  }
  while (i < end) n += POP8[buf[i++]];
  return n;
}

/** Set bits in chars [start, end) of a latin1 string. */
export function popcountString(s: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) n += POP8[s.charCodeAt(i)];
  return n;
}

/** The byte at `i` of a buffer or latin1 string (no bounds check). */
export function byteAt(src: Uint8Array | string, i: number): number {
  return typeof src === 'string' ? src.charCodeAt(i) : src[i];
}

function popcountRange(src: Uint8Array | string, start: number, end: number): number {
  return typeof src === 'string' ? popcountString(src, start, end) : popcountBytes(src, start, end);
}

/** Set bits among bits [from, to] (inclusive, both inside the bitmap). */
export function countBits(src: Uint8Array | string, from: number, to: number): number {
  if (from > to) return 0;
  const fb = Math.floor(from / 8);
  const lb = Math.floor(to / 8);
  const headMask = 0xff >> (from - fb * 8);
  const tailMask = (0xff << (7 - (to - lb * 8))) & 0xff;
  if (fb === lb) return POP8[byteAt(src, fb) & headMask & tailMask];
  return POP8[byteAt(src, fb) & headMask] + popcountRange(src, fb + 1, lb) + POP8[byteAt(src, lb) & tailMask];
}

/** First byte index in [start, end) that is not `skip` (0x00 or 0xff), or `end`. */
function skipBytes(src: Uint8Array | string, start: number, end: number, skip: number): number {
  let i = start;
  if (typeof src === 'string') {
    while (i < end && src.charCodeAt(i) === skip) i++;
    return i;
  }
  if (end - i >= WORD_MIN) {
    while (((src.byteOffset + i) & 3) !== 0) {
      if (src[i] !== skip) return i;
      i++;
    }
    const words = Math.floor((end - i) / 4);
    const w = new Int32Array(src.buffer, src.byteOffset + i, words);
    const skipWord = skip === 0 ? 0 : -1;
    let k = 0;
    while (k < words && w[k] === skipWord) k++;
    i += k * 4;
  }
  while (i < end && src[i] === skip) i++;
  return i;
}

/**
 * Position of the first bit equal to `bit` among bits [from, to] (inclusive,
 * inside the bitmap), or -1 when there is none.
 */
export function findBit(src: Uint8Array | string, from: number, to: number, bit: number): number {
  if (from > to) return -1;
  const fb = Math.floor(from / 8);
  const lb = Math.floor(to / 8);
  const flip = bit === 1 ? 0 : 0xff;
  const headMask = 0xff >> (from - fb * 8);
  const tailMask = (0xff << (7 - (to - lb * 8))) & 0xff;
  // Work on the target bits as ones: for clear bits, look at the inverted byte.
  let b = (byteAt(src, fb) ^ flip) & headMask;
  if (fb === lb) {
    b &= tailMask;
    return b === 0 ? -1 : fb * 8 + Math.clz32(b) - 24;
  }
  if (b !== 0) return fb * 8 + Math.clz32(b) - 24;
  const i = skipBytes(src, fb + 1, lb, flip);
  if (i < lb) return i * 8 + Math.clz32(byteAt(src, i) ^ flip) - 24;
  b = (byteAt(src, lb) ^ flip) & tailMask;
  return b === 0 ? -1 : lb * 8 + Math.clz32(b) - 24;
}

// ---------------------------------------------------------------------------
// BITFIELD integers

// The last field read, as two 32-bit halves (module state: no allocation per read).
let fieldHi = 0;
let fieldLo = 0;

/** Reads `bits` (1..64) bits at bit `offset` into fieldHi/fieldLo; bytes at or past `len` read as zero. */
function readBits(src: Uint8Array | string, len: number, offset: number, bits: number): void {
  let hi = 0;
  let lo = 0;
  let byte = Math.floor(offset / 8);
  let shift = 7 - (offset - byte * 8);
  let cur = byte < len ? byteAt(src, byte) : 0;
  for (let j = 0; j < bits; j++) {
    hi = (hi << 1) | (lo >>> 31);
    lo = (lo << 1) | ((cur >> shift) & 1);
    if (--shift < 0) {
      shift = 7;
      byte++;
      cur = byte < len ? byteAt(src, byte) : 0;
    }
  }
  fieldHi = hi >>> 0;
  fieldLo = lo >>> 0;
}

/** Writes the low `bits` bits of hi:lo at bit `offset` (inside the buffer). */
function writeBits(buf: Uint8Array, offset: number, bits: number, hi: number, lo: number): void {
  let byte = Math.floor(offset / 8);
  let shift = 7 - (offset - byte * 8);
  let cur = buf[byte];
  for (let k = bits - 1; k >= 0; k--) {
    const b = k >= 32 ? (hi >>> (k - 32)) & 1 : (lo >>> k) & 1;
    cur = (cur & ~(1 << shift)) | (b << shift);
    if (--shift < 0) {
      buf[byte] = cur;
      shift = 7;
      byte++;
      if (k > 0) cur = buf[byte];
    }
  }
  if (shift !== 7) buf[byte] = cur;
}

/**
 * The integer stored in `bits` bits at `offset`: a number for up to 32 bits,
 * a bigint above (so i64/u63 are exact).
 */
export function getField(src: Uint8Array | string, len: number, offset: number, bits: number, signed: boolean): number | bigint {
  readBits(src, len, offset, bits);
  if (bits <= 32) {
    const u = fieldLo;
    return signed && u >= POW2[bits - 1] ? u - POW2[bits] : u;
  }
  const u = (BigInt(fieldHi) << 32n) | BigInt(fieldLo);
  return signed ? BigInt.asIntN(bits, u) : u;
}

/** Stores `value` (already in the field's range, or any bigint: its low bits) in `bits` bits at `offset`. */
export function setField(buf: Uint8Array, offset: number, bits: number, value: number | bigint): void {
  if (typeof value === 'number') {
    // |value| < 2^32 here: two's complement low 32 bits.
    writeBits(buf, offset, bits, value < 0 ? 0xffffffff : 0, value >>> 0);
    return;
  }
  const u = BigInt.asUintN(64, value);
  writeBits(buf, offset, bits, Number(u >> 32n), Number(u & 0xffffffffn));
}

export const OVERFLOW_WRAP = 0;
export const OVERFLOW_SAT = 1;
export const OVERFLOW_FAIL = 2;

/**
 * Result of fieldArith: the value to store (valid unless `overflowed` and
 * the policy is FAIL) and whether the operation overflowed.
 */
export const arith = { value: 0 as number | bigint, overflowed: false };

const TWO52 = 2 ** 52;

/**
 * BITFIELD SET (`incr` null: store `arg`) or INCRBY (store `old + arg`) on a
 * field of `bits` bits, with Redis's overflow rules for the policy. `old` is
 * the field's current value as getField returned it. Fills `arith`.
 */
export function fieldArith(old: number | bigint, arg: number | bigint, isIncr: boolean, bits: number, signed: boolean, policy: number): void {
  if (bits <= 32 && typeof arg === 'number' && arg <= TWO52 && arg >= -TWO52) {
    // Everything is a small exact number: the C arithmetic cannot wrap here.
    const o = old as number;
    const x = isIncr ? o + arg : arg;
    const range = POW2[bits];
    const min = signed ? -(range / 2) : 0;
    const max = signed ? range / 2 - 1 : range - 1;
    if (x >= min && x <= max) {
      arith.value = x;
      arith.overflowed = false;
      return;
    }
    arith.overflowed = true;
    if (policy === OVERFLOW_SAT) {
      // An unsigned SET of a negative value is a huge uint64 in Redis: it saturates high.
      arith.value = x > max || (!signed && !isIncr) ? max : min;
    } else {
      let w = x % range;
      if (w < 0) w += range;
      else if (w === 0) w = 0; // not -0
      if (signed && w > max) w -= range;
      arith.value = w;
    }
    return;
  }
  // Exact emulation of checkSignedBitfieldOverflow / checkUnsignedBitfieldOverflow.
  const b = BigInt(bits);
  const incr = isIncr ? BigInt(arg) : 0n;
  let dir = 0;
  if (signed) {
    const value = isIncr ? BigInt(old) : BigInt(arg);
    const max = (1n << (b - 1n)) - 1n;
    const min = -max - 1n;
    const maxincr = BigInt.asIntN(64, max - value);
    const minincr = BigInt.asIntN(64, min - value);
    if (value > max || (bits !== 64 && incr > maxincr) || (value >= 0n && incr > 0n && incr > maxincr)) dir = 1;
    else if (value < min || (bits !== 64 && incr < minincr) || (value < 0n && incr < 0n && incr < minincr)) dir = -1;
    if (dir === 0) arith.value = value + incr;
    else if (policy === OVERFLOW_SAT) arith.value = dir > 0 ? max : min;
    else arith.value = BigInt.asIntN(bits, value + incr);
  } else {
    const value = isIncr ? BigInt(old) : BigInt.asUintN(64, BigInt(arg));
    const max = (1n << b) - 1n;
    const maxincr = BigInt.asIntN(64, max - value);
    const minincr = BigInt.asIntN(64, -value);
    if (value > max || (incr > 0n && incr > maxincr)) dir = 1;
    else if (incr < 0n && incr < minincr) dir = -1;
    if (dir === 0) arith.value = value + incr;
    else if (policy === OVERFLOW_SAT) arith.value = dir > 0 ? max : 0n;
    else arith.value = BigInt.asUintN(bits, value + incr);
  }
  arith.overflowed = dir !== 0;
  // Keep small results as numbers so they compare with getField's numbers.
  if (bits <= 32) arith.value = Number(arith.value);
}
