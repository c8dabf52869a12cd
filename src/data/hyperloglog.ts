// HyperLogLog in Redis's own byte layout, so that a value written by PFADD here
// reads the same in Redis and the other way round (GET/SET, DUMP/RESTORE, RDB).
//
// A HyperLogLog is a string value:
//
//   "HYLL" | encoding (0 dense, 1 sparse) | 3 unused bytes | cached cardinality (8 bytes LE) | registers
//
// The top bit of the last cardinality byte set means "cache stale". There are
// 16384 registers of 6 bits (the low 14 bits of a 64-bit MurmurHash64A pick the
// register, the run of zeros after them + 1 is the value).
//
// - dense: 12288 bytes of registers packed LSB first (register i lives at bit
//   6*i of the byte array), 12304 bytes in all.
// - sparse: run-length opcodes after the header:
//     00xxxxxx            ZERO   1..64 registers at 0
//     01xxxxxx yyyyyyyy   XZERO  1..16384 registers at 0 (14-bit length - 1)
//     1vvvvvxx            VAL    1..4 registers at value 1..32
//   A sparse HLL turns dense when a register needs a value above 32 or when an
//   update would make the string longer than hll-sparse-max-bytes.
//
// The in-place update steps (which opcode is split into what, when neighbours
// are merged) follow Redis 7.2's hyperloglog.c step by step: the bytes after a
// sequence of PFADDs must be identical to Redis's, not only the count.
//
// Storage in Petrel: the commands keep a sparse HLL as a plain latin1 string
// (compact; an update rewrites at most hll-sparse-max-bytes, which Redis's
// memmove does as well) and a dense one as a MutableString whose Buffer is
// updated in place (no 12 KB copy per PFADD). The functions here work on any
// `HllBuf` ({buf, len}: a MutableString or the module's scratch buffer).

import { MutableString } from './values.js';

export const HLL_P = 14;
export const HLL_Q = 64 - HLL_P;
export const HLL_REGISTERS = 1 << HLL_P;
export const HLL_P_MASK = HLL_REGISTERS - 1;
export const HLL_REGISTER_MAX = 63;
export const HLL_HDR_SIZE = 16;
export const HLL_DENSE_SIZE = HLL_HDR_SIZE + (HLL_REGISTERS * 6) / 8; // 12304
export const HLL_DENSE = 0;
export const HLL_SPARSE = 1;
export const HLL_SPARSE_VAL_MAX_VALUE = 32;
const HLL_SPARSE_VAL_MAX_LEN = 4;
const HLL_SPARSE_ZERO_MAX_LEN = 64;
const HLL_SPARSE_XZERO_MAX_LEN = 16384;
/** 0.5 / ln(2): the estimator's alpha for m → ∞. */
const HLL_ALPHA_INF = 0.72134752044448170368;

/** Byte offset of the cache-invalid flag (MSB of the cardinality's last byte). */
const CARD_LAST = 15;

/** A byte buffer holding an HLL: `len` bytes of `buf` are the value. */
export interface HllBuf {
  buf: Buffer;
  len: number;
}

/** A brand-new HLL: sparse, one XZERO covering every register, cardinality 0. */
export const EMPTY_SPARSE = 'HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x7f\xff';

// ---------------------------------------------------------------- hashing

// MurmurHash64A (Redis's variant: little-endian blocks, seed 0xadc83b19) in
// 32-bit halves: V8 has no fast 64-bit integers, and BigInt would allocate per
// element. mulM* multiply a (hi, lo) pair by m = 0xc6a4a7935bd1e995 mod 2^64.
const M_HI = 0xc6a4a793;
const M_LO = 0x5bd1e995;
const M_LO0 = M_LO & 0xffff;
const M_LO1 = M_LO >>> 16;
const SEED = 0xadc83b19;

/**
 * Results of mulM and of the hash: [hi, lo]. A typed array rather than
 * module variables, whose uint32 values past 2^31 would be boxed per store.
 */
const R = new Uint32Array(2);

/** (hi, lo) * m mod 2^64 into R. */
function mulM(hi: number, lo: number): void {
  const a0 = lo & 0xffff;
  const a1 = lo >>> 16;
  const p00 = a0 * M_LO0;
  const p01 = a0 * M_LO1;
  const p10 = a1 * M_LO0;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  const carry = a1 * M_LO1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16);
  R[1] = Math.imul(lo, M_LO);
  R[0] = carry + Math.imul(hi, M_LO) + Math.imul(lo, M_HI);
}

/** Register index and run length of the last hashed element (hllPatLen's outputs). */
let patIndex = 0;

/** From the final hash (hHi, hLo): sets patIndex, returns the count (1..51). */
function patFromHash(hHi: number, hLo: number): number {
  patIndex = hLo & HLL_P_MASK;
  // The hash shifted right by 14 bits, with bit 50 forced to 1 so the run ends.
  const low = ((hLo >>> HLL_P) | (hHi << (32 - HLL_P))) >>> 0;
  if (low !== 0) return 32 - Math.clz32(low & -low);
  const high = (hHi >>> HLL_P) | (1 << (HLL_Q - 32));
  return 64 - Math.clz32(high & -high);
}

/** MurmurHash64A of a latin1 string into R. */
function murmurString(s: string): void {
  const len = s.length;
  mulM(0, len);
  let hHi = R[0];
  let hLo = (R[1] ^ SEED) >>> 0;
  const blocks = len - (len & 7);
  let i = 0;
  for (; i < blocks; i += 8) {
    const kLo = (s.charCodeAt(i) | (s.charCodeAt(i + 1) << 8) | (s.charCodeAt(i + 2) << 16) | (s.charCodeAt(i + 3) << 24)) >>> 0;
    const kHi = (s.charCodeAt(i + 4) | (s.charCodeAt(i + 5) << 8) | (s.charCodeAt(i + 6) << 16) | (s.charCodeAt(i + 7) << 24)) >>> 0;
    mulM(kHi, kLo);
    mulM(R[0], (R[1] ^ (R[0] >>> 15)) >>> 0);
    mulM((hHi ^ R[0]) >>> 0, (hLo ^ R[1]) >>> 0);
    hHi = R[0];
    hLo = R[1];
  }
  const rest = len & 7;
  if (rest !== 0) {
    let tLo = 0;
    let tHi = 0;
    if (rest >= 7) tHi |= s.charCodeAt(i + 6) << 16;
    if (rest >= 6) tHi |= s.charCodeAt(i + 5) << 8;
    if (rest >= 5) tHi |= s.charCodeAt(i + 4);
    if (rest >= 4) tLo |= s.charCodeAt(i + 3) << 24;
    if (rest >= 3) tLo |= s.charCodeAt(i + 2) << 16;
    if (rest >= 2) tLo |= s.charCodeAt(i + 1) << 8;
    tLo |= s.charCodeAt(i);
    mulM((hHi ^ tHi) >>> 0, (hLo ^ tLo) >>> 0);
    hHi = R[0];
    hLo = R[1];
  }
  mulM(hHi, (hLo ^ (hHi >>> 15)) >>> 0);
  R[1] ^= R[0] >>> 15;
}

/** MurmurHash64A of bytes (PFSELFTEST hashes 8-byte integers). */
function murmurBytes(b: Uint8Array, len: number): void {
  mulM(0, len);
  let hHi = R[0];
  let hLo = (R[1] ^ SEED) >>> 0;
  const blocks = len - (len & 7);
  let i = 0;
  for (; i < blocks; i += 8) {
    const kLo = (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
    const kHi = (b[i + 4] | (b[i + 5] << 8) | (b[i + 6] << 16) | (b[i + 7] << 24)) >>> 0;
    mulM(kHi, kLo);
    mulM(R[0], (R[1] ^ (R[0] >>> 15)) >>> 0);
    mulM((hHi ^ R[0]) >>> 0, (hLo ^ R[1]) >>> 0);
    hHi = R[0];
    hLo = R[1];
  }
  const rest = len & 7;
  if (rest !== 0) {
    let tLo = 0;
    let tHi = 0;
    for (let j = rest - 1; j >= 0; j--) {
      if (j >= 4) tHi |= b[i + j] << ((j - 4) * 8);
      else tLo |= b[i + j] << (j * 8);
    }
    mulM((hHi ^ tHi) >>> 0, (hLo ^ (tLo >>> 0)) >>> 0);
    hHi = R[0];
    hLo = R[1];
  }
  mulM(hHi, (hLo ^ (hHi >>> 15)) >>> 0);
  R[1] ^= R[0] >>> 15;
}

/** The 64-bit MurmurHash64A (seed 0xadc83b19) of a latin1 string, for tests. */
export function murmurHash64A(s: string): bigint {
  murmurString(s);
  return (BigInt(R[0]) << 32n) | BigInt(R[1]);
}

/** hllPatLen: the register an element maps to and the length of its 0...1 run. */
export function patternOf(ele: string): { index: number; count: number } {
  murmurString(ele);
  const count = patFromHash(R[0], R[1]);
  return { index: patIndex, count };
}

// ---------------------------------------------------------------- validation and header

/** The byte at `i` of a string value in either form. */
function byteAt(v: string | HllBuf, i: number): number {
  return typeof v === 'string' ? v.charCodeAt(i) : v.buf[i];
}

/**
 * isHLLObjectOrReply's checks on a string value: the HLL encoding (dense or
 * sparse), or -1 when the value is not a valid HyperLogLog. Integers (Redis's
 * int-encoded strings) never are.
 */
export function hllEncoding(v: string | number | HllBuf): number {
  if (typeof v === 'number') return -1;
  const len = typeof v === 'string' ? v.length : v.len;
  if (len < HLL_HDR_SIZE) return -1;
  if (byteAt(v, 0) !== 72 || byteAt(v, 1) !== 89 || byteAt(v, 2) !== 76 || byteAt(v, 3) !== 76) return -1; // "HYLL"
  const enc = byteAt(v, 4);
  if (enc > HLL_SPARSE) return -1;
  if (enc === HLL_DENSE && len !== HLL_DENSE_SIZE) return -1;
  return enc;
}

/** True when the cached cardinality can be used. */
export function cacheValid(v: string | HllBuf): boolean {
  return (byteAt(v, CARD_LAST) & 0x80) === 0;
}

/** The cached cardinality (only meaningful when cacheValid). */
export function cachedCard(v: string | HllBuf): number | bigint {
  const lo = (byteAt(v, 8) | (byteAt(v, 9) << 8) | (byteAt(v, 10) << 16) | (byteAt(v, 11) << 24)) >>> 0;
  const hi = (byteAt(v, 12) | (byteAt(v, 13) << 8) | (byteAt(v, 14) << 16) | (byteAt(v, 15) << 24)) >>> 0;
  if (hi < 0x200000) return hi * 0x100000000 + lo;
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** Writes a cardinality (as hllCount returns it: unsigned 64-bit) into the header. */
export function writeCard(h: HllBuf, card: number | bigint): void {
  const b = h.buf;
  let lo: number;
  let hi: number;
  if (typeof card === 'number') {
    lo = card % 0x100000000;
    hi = Math.floor(card / 0x100000000);
  } else {
    const u = BigInt.asUintN(64, card);
    lo = Number(u & 0xffffffffn);
    hi = Number(u >> 32n);
  }
  b[8] = lo & 0xff;
  b[9] = (lo >>> 8) & 0xff;
  b[10] = (lo >>> 16) & 0xff;
  b[11] = lo >>> 24;
  b[12] = hi & 0xff;
  b[13] = (hi >>> 8) & 0xff;
  b[14] = (hi >>> 16) & 0xff;
  b[15] = hi >>> 24;
}

/** The header with a fresh cardinality, as a latin1 string (for sparse string values). */
export function withCard(s: string, card: number | bigint): string {
  const h = scratchFrom(s);
  writeCard(h, card);
  return h.buf.latin1Slice(0, h.len);
}

/** Marks the cached cardinality stale. */
export function invalidateCache(h: HllBuf): void {
  h.buf[CARD_LAST] |= 0x80;
}

// ---------------------------------------------------------------- scratch buffer

/**
 * Sparse HLLs held as strings are edited here: copied in once per command,
 * updated in place exactly as Redis edits its sds, sliced back once.
 */
const scratch: HllBuf = { buf: Buffer.alloc(4096), len: 0 };

/** Loads a string value into the scratch buffer and returns it. */
export function scratchFrom(s: string): HllBuf {
  const n = s.length;
  if (scratch.buf.length < n + 8) scratch.buf = Buffer.alloc(Math.max(n * 2, 4096));
  scratch.len = scratch.buf.latin1Write(s, 0);
  return scratch;
}

export function isScratch(h: HllBuf): boolean {
  return h === scratch;
}

/**
 * The scratch content as a value to store: a latin1 string while sparse, a
 * MutableString taking over the dense buffer otherwise (the scratch gets a new one).
 */
export function takeScratch(): string | MutableString {
  if (scratch.buf[4] === HLL_SPARSE) return scratch.buf.latin1Slice(0, scratch.len);
  const m = new MutableString('', 0);
  m.buf = scratch.buf;
  m.len = scratch.len;
  scratch.buf = Buffer.alloc(4096);
  scratch.len = 0;
  return m;
}

/** A dense string value as a MutableString of exactly its size (edited in place from then on). */
export function denseBuffer(s: string): MutableString {
  const m = new MutableString('', 0);
  m.buf = Buffer.allocUnsafe(HLL_DENSE_SIZE);
  m.len = m.buf.latin1Write(s, 0);
  return m;
}

/** Makes room for `n` bytes in total, keeping the content. */
function reserve(h: HllBuf, n: number): void {
  if (n <= h.buf.length) return;
  const next = Buffer.allocUnsafe(Math.max(n, h.buf.length * 2));
  h.buf.copy(next, 0, 0, h.len);
  h.buf = next;
}

// ---------------------------------------------------------------- dense

/** Register `i` of a dense array starting at byte `base`. */
export function denseGet(b: Uint8Array, base: number, i: number): number {
  const bit = i * 6;
  const byte = base + (bit >>> 3);
  const fb = bit & 7;
  // With fb <= 2 the register lies inside one byte (the next one, which may be
  // past the end for the last register, would be masked off anyway).
  if (fb <= 2) return (b[byte] >>> fb) & 63;
  return ((b[byte] >>> fb) | (b[byte + 1] << (8 - fb))) & 63;
}

export function denseSetRaw(b: Uint8Array, base: number, i: number, val: number): void {
  const bit = i * 6;
  const byte = base + (bit >>> 3);
  const fb = bit & 7;
  b[byte] = (b[byte] & ~(63 << fb)) | (val << fb);
  if (fb > 2) {
    const fb8 = 8 - fb;
    b[byte + 1] = (b[byte + 1] & ~(63 >>> fb8)) | (val >>> fb8);
  }
}

/** hllDenseSet: raises register `index` to `count`; 1 when it changed. */
function denseSet(b: Uint8Array, index: number, count: number): number {
  if (count > denseGet(b, HLL_HDR_SIZE, index)) {
    denseSetRaw(b, HLL_HDR_SIZE, index, count);
    return 1;
  }
  return 0;
}

/** Histogram of a dense HLL's registers (Redis's 16-registers-per-12-bytes walk). */
function denseHisto(b: Uint8Array, histo: Int32Array): void {
  let r = HLL_HDR_SIZE;
  for (let j = 0; j < 1024; j++) {
    const b0 = b[r];
    const b1 = b[r + 1];
    const b2 = b[r + 2];
    const b3 = b[r + 3];
    const b4 = b[r + 4];
    const b5 = b[r + 5];
    const b6 = b[r + 6];
    const b7 = b[r + 7];
    const b8 = b[r + 8];
    const b9 = b[r + 9];
    const b10 = b[r + 10];
    const b11 = b[r + 11];
    histo[b0 & 63]++;
    histo[((b0 >>> 6) | (b1 << 2)) & 63]++;
    histo[((b1 >>> 4) | (b2 << 4)) & 63]++;
    histo[b2 >>> 2]++;
    histo[b3 & 63]++;
    histo[((b3 >>> 6) | (b4 << 2)) & 63]++;
    histo[((b4 >>> 4) | (b5 << 4)) & 63]++;
    histo[b5 >>> 2]++;
    histo[b6 & 63]++;
    histo[((b6 >>> 6) | (b7 << 2)) & 63]++;
    histo[((b7 >>> 4) | (b8 << 4)) & 63]++;
    histo[b8 >>> 2]++;
    histo[b9 & 63]++;
    histo[((b9 >>> 6) | (b10 << 2)) & 63]++;
    histo[((b10 >>> 4) | (b11 << 4)) & 63]++;
    histo[b11 >>> 2]++;
    r += 12;
  }
}

// ---------------------------------------------------------------- sparse

/** The second byte of an XZERO at `p`: the byte after the value reads as 0 (sds's terminator). */
function xzeroLen(b: Uint8Array, p: number, end: number): number {
  return (((b[p] & 0x3f) << 8) | (p + 1 < end ? b[p + 1] : 0)) + 1;
}

/**
 * hllSparseToDense: rewrites a sparse HLL as dense (the header, cached
 * cardinality included, is kept). False, leaving it untouched, when the
 * opcodes do not cover exactly 16384 registers. Like every reader of sparse
 * data here, an opcode that would run past register 16383 makes the value
 * corrupt (Redis 7.2.10's fix for CVE-2025-32023; earlier 7.2 releases
 * stopped only at an overflowing VAL).
 */
export function toDense(h: HllBuf): boolean {
  const src = h.buf;
  if (src[4] === HLL_DENSE) return true;
  const dense = Buffer.alloc(HLL_DENSE_SIZE);
  src.copy(dense, 0, 0, HLL_HDR_SIZE);
  dense[4] = HLL_DENSE;
  const end = h.len;
  let p = HLL_HDR_SIZE;
  let idx = 0;
  while (p < end) {
    const op = src[p];
    if ((op & 0xc0) === 0) {
      const run = (op & 0x3f) + 1;
      if (run + idx > HLL_REGISTERS) return false;
      idx += run;
      p++;
    } else if ((op & 0x80) === 0) {
      const run = xzeroLen(src, p, end);
      if (run + idx > HLL_REGISTERS) return false;
      idx += run;
      p += 2;
    } else {
      let run = (op & 3) + 1;
      const val = ((op >>> 2) & 0x1f) + 1;
      if (run + idx > HLL_REGISTERS) return false;
      while (run-- > 0) denseSetRaw(dense, HLL_HDR_SIZE, idx++, val);
      p++;
    }
  }
  if (idx !== HLL_REGISTERS) return false;
  h.buf = dense;
  h.len = HLL_DENSE_SIZE;
  return true;
}

const seq = new Uint8Array(5);

function valOp(val: number, len: number): number {
  return 0x80 | ((val - 1) << 2) | (len - 1);
}

/**
 * hllSparseSet: raises register `index` to `count` in a sparse HLL, splitting
 * the opcode that covers it and merging equal VAL neighbours as Redis does.
 * Promotes to dense when `count` exceeds 32 or the string would pass
 * `maxBytes`. Returns 1 (changed), 0 (no change) or -1 (corrupt sparse data).
 */
export function sparseSet(h: HllBuf, index: number, count: number, maxBytes: number): number {
  if (count > HLL_SPARSE_VAL_MAX_VALUE) return promote(h, index, count);
  reserve(h, h.len + 3);
  const b = h.buf;
  let end = h.len;
  const sparse = HLL_HDR_SIZE;
  let p = sparse;
  let first = 0;
  let prev = -1;
  let span = 0;
  while (p < end) {
    const op = b[p];
    let oplen = 1;
    if ((op & 0xc0) === 0) span = (op & 0x3f) + 1;
    else if ((op & 0x80) !== 0) span = (op & 3) + 1;
    else {
      span = xzeroLen(b, p, end);
      oplen = 2;
    }
    if (index <= first + span - 1) break;
    prev = p;
    p += oplen;
    first += span;
  }
  if (span === 0 || p >= end) return -1;

  const op = b[p];
  const isZero = (op & 0xc0) === 0;
  const isXzero = (op & 0xc0) === 0x40;
  let next = isXzero ? p + 2 : p + 1;
  if (next >= end) next = -1;
  let runlen: number;
  if (isZero) runlen = (op & 0x3f) + 1;
  else if (isXzero) runlen = xzeroLen(b, p, end);
  else runlen = (op & 3) + 1;

  if (!isZero && !isXzero) {
    const old = ((op >>> 2) & 0x1f) + 1;
    if (old >= count) return 0;
    if (runlen === 1) {
      b[p] = valOp(count, 1);
      return mergeAdjacent(h, prev, sparse, end);
    }
  }
  if (isZero && runlen === 1) {
    b[p] = valOp(count, 1);
    return mergeAdjacent(h, prev, sparse, end);
  }

  // General case: split the opcode into up to three (at most 5 bytes).
  const last = first + span - 1;
  let n = 0;
  if (isZero || isXzero) {
    if (index !== first) n = zeroRun(n, index - first);
    seq[n++] = valOp(count, 1);
    if (index !== last) n = zeroRun(n, last - index);
  } else {
    const cur = ((op >>> 2) & 0x1f) + 1;
    if (index !== first) seq[n++] = valOp(cur, index - first);
    seq[n++] = valOp(count, 1);
    if (index !== last) seq[n++] = valOp(cur, last - index);
  }
  const oldlen = isXzero ? 2 : 1;
  const delta = n - oldlen;
  if (delta > 0 && h.len + delta > maxBytes) return promote(h, index, count);
  if (delta !== 0 && next !== -1) b.copyWithin(next + delta, next, end);
  h.len += delta;
  for (let i = 0; i < n; i++) b[p + i] = seq[i];
  end += delta;
  return mergeAdjacent(h, prev, sparse, end);
}

/** Writes a run of zero registers (ZERO or XZERO) into seq at n; returns the new n. */
function zeroRun(n: number, len: number): number {
  if (len > HLL_SPARSE_ZERO_MAX_LEN) {
    const l = len - 1;
    seq[n] = (l >>> 8) | 0x40;
    seq[n + 1] = l & 0xff;
    return n + 2;
  }
  seq[n] = len - 1;
  return n + 1;
}

/**
 * Redis's step 4: from the opcode before the updated one, up to 5 opcodes are
 * looked at and two adjacent VALs of one value are joined when their lengths fit.
 */
function mergeAdjacent(h: HllBuf, prev: number, sparse: number, end: number): number {
  const b = h.buf;
  let p = prev >= 0 ? prev : sparse;
  let scanlen = 5;
  while (p < end && scanlen-- !== 0) {
    const op = b[p];
    if ((op & 0xc0) === 0x40) {
      p += 2;
      continue;
    }
    if ((op & 0xc0) === 0) {
      p++;
      continue;
    }
    if (p + 1 < end && (b[p + 1] & 0x80) !== 0) {
      const v1 = ((op >>> 2) & 0x1f) + 1;
      const v2 = ((b[p + 1] >>> 2) & 0x1f) + 1;
      if (v1 === v2) {
        const len = (op & 3) + 1 + (b[p + 1] & 3) + 1;
        if (len <= HLL_SPARSE_VAL_MAX_LEN) {
          b[p + 1] = valOp(v1, len);
          b.copyWithin(p, p + 1, end);
          h.len--;
          end--;
          continue;
        }
      }
    }
    p++;
  }
  invalidateCache(h);
  return 1;
}

function promote(h: HllBuf, index: number, count: number): number {
  if (!toDense(h)) return -1;
  // The register must change: a sparse register holds at most 32 < count, or
  // the update that needed the room was a raise.
  denseSet(h.buf, index, count);
  return 1;
}

/** hllSparseRegHisto; false when the opcodes do not cover exactly 16384 registers. */
function sparseHisto(b: Uint8Array, end: number, histo: Int32Array): boolean {
  let p = HLL_HDR_SIZE;
  let idx = 0;
  while (p < end) {
    const op = b[p];
    if ((op & 0xc0) === 0) {
      const run = (op & 0x3f) + 1;
      if (run + idx > HLL_REGISTERS) return false;
      idx += run;
      histo[0] += run;
      p++;
    } else if ((op & 0x80) === 0) {
      const run = xzeroLen(b, p, end);
      if (run + idx > HLL_REGISTERS) return false;
      idx += run;
      histo[0] += run;
      p += 2;
    } else {
      const run = (op & 3) + 1;
      if (run + idx > HLL_REGISTERS) return false;
      idx += run;
      histo[((op >>> 2) & 0x1f) + 1] += run;
      p++;
    }
  }
  return idx === HLL_REGISTERS;
}

// ---------------------------------------------------------------- add, count, merge

/**
 * hllAdd: adds one element (a latin1 string). Returns 1 when a register
 * changed, 0 when not, -1 when the sparse data is corrupt. A sparse HLL may
 * become dense (h.buf/h.len replaced).
 */
export function hllAdd(h: HllBuf, ele: string, maxBytes: number): number {
  murmurString(ele);
  const count = patFromHash(R[0], R[1]);
  const b = h.buf;
  const enc = b[4];
  if (enc === HLL_DENSE) return denseSet(b, patIndex, count);
  if (enc === HLL_SPARSE) return sparseSet(h, patIndex, count, maxBytes);
  return -1;
}

/** Adds the 8 bytes of `ele` to a dense and a sparse HLL (PFSELFTEST; hashed once for both). */
function hllAddBytes(dense: HllBuf, sparse: HllBuf, ele: Uint8Array, maxBytes: number): void {
  murmurBytes(ele, ele.length);
  const count = patFromHash(R[0], R[1]);
  const index = patIndex;
  denseSet(dense.buf, index, count);
  if (sparse.buf[4] === HLL_DENSE) denseSet(sparse.buf, index, count);
  else sparseSet(sparse, index, count, maxBytes);
}

function sigma(x: number): number {
  if (x === 1) return Infinity;
  let zPrime: number;
  let y = 1;
  let z = x;
  do {
    x *= x;
    zPrime = z;
    z += x * y;
    y += y;
  } while (zPrime !== z);
  return z;
}

function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let zPrime: number;
  let y = 1.0;
  let z = 1 - x;
  do {
    x = Math.sqrt(x);
    zPrime = z;
    y *= 0.5;
    const d = 1 - x;
    z -= d * d * y;
  } while (zPrime !== z);
  return z / 3;
}

const TWO_63 = 2 ** 63;

/**
 * Ertl's estimator over a register histogram (Redis ≥ 5's hllCount), as an
 * unsigned 64-bit value: a number while safe, else a bigint. Only histogram
 * slots 0..51 take part, like Redis (dense registers above 51 are ignored).
 */
export function estimate(histo: Int32Array): number | bigint {
  const m = HLL_REGISTERS;
  let z = m * tau((m - histo[HLL_Q + 1]) / m);
  for (let j = HLL_Q; j >= 1; j--) {
    z += histo[j];
    z *= 0.5;
  }
  z += m * sigma(histo[0] / m);
  const e = (HLL_ALPHA_INF * m * m) / z;
  // llroundl(): half away from zero; past the long long range (z = 0 gives
  // infinity) x86 yields LLONG_MIN, which Redis then treats as uint64 2^63.
  if (!(e < TWO_63)) return 1n << 63n;
  const r = Math.round(e);
  return r <= Number.MAX_SAFE_INTEGER ? r : BigInt(r);
}

const histo = new Int32Array(64);

/**
 * hllCount of a sparse or dense HLL; null when sparse data is corrupt.
 * `b`/`len`: the value's bytes.
 */
export function hllCount(b: Uint8Array, len: number): number | bigint | null {
  histo.fill(0);
  if (b[4] === HLL_DENSE) denseHisto(b, histo);
  else if (!sparseHisto(b, len, histo)) return null;
  return estimate(histo);
}

/** hllCount of raw registers (one byte each): PFCOUNT of several keys. */
export function rawCount(regs: Uint8Array): number | bigint {
  histo.fill(0);
  for (let i = 0; i < HLL_REGISTERS; i++) histo[regs[i]]++;
  return estimate(histo);
}

/**
 * hllMerge: max[i] = MAX(max[i], register i). False for corrupt sparse data
 * (registers before the fault are merged already, as in Redis).
 */
export function hllMerge(max: Uint8Array, b: Uint8Array, len: number): boolean {
  if (b[4] === HLL_DENSE) {
    // 4 registers per 3 bytes.
    let r = HLL_HDR_SIZE;
    for (let i = 0; i < HLL_REGISTERS; i += 4) {
      const b0 = b[r];
      const b1 = b[r + 1];
      const b2 = b[r + 2];
      const v0 = b0 & 63;
      const v1 = ((b0 >>> 6) | (b1 << 2)) & 63;
      const v2 = ((b1 >>> 4) | (b2 << 4)) & 63;
      const v3 = b2 >>> 2;
      if (v0 > max[i]) max[i] = v0;
      if (v1 > max[i + 1]) max[i + 1] = v1;
      if (v2 > max[i + 2]) max[i + 2] = v2;
      if (v3 > max[i + 3]) max[i + 3] = v3;
      r += 3;
    }
    return true;
  }
  let p = HLL_HDR_SIZE;
  let i = 0;
  while (p < len) {
    const op = b[p];
    if ((op & 0xc0) === 0) {
      const run = (op & 0x3f) + 1;
      if (run + i > HLL_REGISTERS) return false;
      i += run;
      p++;
    } else if ((op & 0x80) === 0) {
      const run = xzeroLen(b, p, len);
      if (run + i > HLL_REGISTERS) return false;
      i += run;
      p += 2;
    } else {
      let run = (op & 3) + 1;
      const val = ((op >>> 2) & 0x1f) + 1;
      if (run + i > HLL_REGISTERS) return false;
      while (run-- > 0) {
        if (val > max[i]) max[i] = val;
        i++;
      }
      p++;
    }
  }
  return i === HLL_REGISTERS;
}

/**
 * PFMERGE's write step: raises every register of `h` to `max` (dense set, or
 * sparse set with possible promotion), then marks the cache stale.
 */
export function applyMax(h: HllBuf, max: Uint8Array, maxBytes: number): void {
  for (let j = 0; j < HLL_REGISTERS; j++) {
    const v = max[j];
    if (v === 0) continue;
    const enc = h.buf[4];
    if (enc === HLL_DENSE) denseSet(h.buf, j, v);
    else if (enc === HLL_SPARSE) sparseSet(h, j, v, maxBytes);
  }
  invalidateCache(h);
}

/** PFDEBUG DECODE: the sparse opcodes as text ("Z:n" XZERO, "z:n" ZERO, "v:val,len"). */
export function decodeSparse(b: Uint8Array, len: number): string {
  const parts: string[] = [];
  let p = HLL_HDR_SIZE;
  while (p < len) {
    const op = b[p];
    if ((op & 0xc0) === 0) {
      parts.push(`z:${(op & 0x3f) + 1}`);
      p++;
    } else if ((op & 0x80) === 0) {
      parts.push(`Z:${xzeroLen(b, p, len)}`);
      p += 2;
    } else {
      parts.push(`v:${((op >>> 2) & 0x1f) + 1},${(op & 3) + 1}`);
      p++;
    }
  }
  return parts.join(' ');
}

/** All 16384 registers of a dense HLL (PFDEBUG GETREG). */
export function registers(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(HLL_REGISTERS);
  for (let i = 0; i < HLL_REGISTERS; i++) out[i] = denseGet(b, HLL_HDR_SIZE, i);
  return out;
}

// ---------------------------------------------------------------- PFSELFTEST

/**
 * Redis's PFSELFTEST: (1) 6-bit register packing round-trips random values
 * without disturbing neighbours; (2) adding 10M distinct elements to a dense
 * and a sparse HLL side by side keeps sparse encoding while small, both give
 * the same estimate, and the error stays within 6 standard errors at each
 * power of ten. Returns null on success or the error text.
 */
export function selfTest(maxBytes: number, random: () => number = Math.random): string | null {
  const dense: HllBuf = { buf: Buffer.alloc(HLL_DENSE_SIZE), len: HLL_DENSE_SIZE };
  dense.buf.write('HYLL', 0, 'latin1');
  const bytes = new Uint8Array(HLL_REGISTERS);
  for (let j = 0; j < 1000; j++) {
    for (let i = 0; i < HLL_REGISTERS; i++) {
      const r = (random() * 64) & 63;
      bytes[i] = r;
      denseSetRaw(dense.buf, HLL_HDR_SIZE, i, r);
    }
    for (let i = 0; i < HLL_REGISTERS; i++) {
      const val = denseGet(dense.buf, HLL_HDR_SIZE, i);
      if (val !== bytes[i]) return `TESTFAILED Register ${i} should be ${bytes[i]} but is ${val}`;
    }
  }

  dense.buf.fill(0, HLL_HDR_SIZE);
  const sparse: HllBuf = { buf: Buffer.alloc(64), len: 0 };
  sparse.len = sparse.buf.latin1Write(EMPTY_SPARSE, 0);
  const relerr = 1.04 / Math.sqrt(HLL_REGISTERS);
  let checkpoint = 1;
  const seedLo = (random() * 0x100000000) >>> 0;
  const seedHi = (random() * 0x100000000) >>> 0;
  const ele = new Uint8Array(8);
  for (let j = 1; j <= 10000000; j++) {
    // ele = j ^ seed as a little-endian uint64
    const lo = (j ^ seedLo) >>> 0;
    ele[0] = lo & 0xff;
    ele[1] = (lo >>> 8) & 0xff;
    ele[2] = (lo >>> 16) & 0xff;
    ele[3] = lo >>> 24;
    ele[4] = seedHi & 0xff;
    ele[5] = (seedHi >>> 8) & 0xff;
    ele[6] = (seedHi >>> 16) & 0xff;
    ele[7] = seedHi >>> 24;
    hllAddBytes(dense, sparse, ele, maxBytes);
    if (j !== checkpoint) continue;
    if (j < Math.floor(maxBytes / 2) && sparse.buf[4] !== HLL_SPARSE) return 'TESTFAILED sparse encoding not used';
    const cd = hllCount(dense.buf, dense.len) as number;
    if (cd !== hllCount(sparse.buf, sparse.len)) return 'TESTFAILED dense/sparse disagree';
    const abserr = Math.abs(checkpoint - cd);
    let maxerr = Math.ceil(relerr * 6 * checkpoint);
    if (j === 10) maxerr = 1;
    if (abserr > maxerr) return `TESTFAILED Too big error. card:${checkpoint} abserr:${abserr}`;
    checkpoint *= 10;
  }
  return null;
}
