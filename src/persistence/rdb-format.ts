// Redis's RDB format: constants and the small codecs the reader and writer
// share (CRC64, LZF, and the compact encodings found inside RDB strings:
// listpack, ziplist, intset, zipmap).
//
// Written by hand on purpose: no maintained npm package reads and writes every
// encoding Redis has used (zipmap, ziplist, quicklist v1/v2, listpack, intset,
// LZF strings) for RDB versions 1–11, and Petrel needs exact control over what
// it writes so that Redis 7.0/7.2 load the files. Facts come from Redis's
// rdb.h / rdb.c / lzf_d.c / crc64.c / listpack.c / ziplist.c / intset.c /
// zipmap.c; the code is Petrel's own.

// ---------------------------------------------------------------------------
// Object types and opcodes (rdb.h)

export const RDB_TYPE_STRING = 0;
export const RDB_TYPE_LIST = 1;
export const RDB_TYPE_SET = 2;
export const RDB_TYPE_ZSET = 3;
export const RDB_TYPE_HASH = 4;
export const RDB_TYPE_ZSET_2 = 5;
export const RDB_TYPE_MODULE_PRE_GA = 6;
export const RDB_TYPE_MODULE_2 = 7;
export const RDB_TYPE_HASH_ZIPMAP = 9;
export const RDB_TYPE_LIST_ZIPLIST = 10;
export const RDB_TYPE_SET_INTSET = 11;
export const RDB_TYPE_ZSET_ZIPLIST = 12;
export const RDB_TYPE_HASH_ZIPLIST = 13;
export const RDB_TYPE_LIST_QUICKLIST = 14;
export const RDB_TYPE_STREAM_LISTPACKS = 15;
export const RDB_TYPE_HASH_LISTPACK = 16;
export const RDB_TYPE_ZSET_LISTPACK = 17;
export const RDB_TYPE_LIST_QUICKLIST_2 = 18;
export const RDB_TYPE_STREAM_LISTPACKS_2 = 19;
export const RDB_TYPE_SET_LISTPACK = 20;
export const RDB_TYPE_STREAM_LISTPACKS_3 = 21;

export const RDB_OPCODE_FUNCTION2 = 245;
export const RDB_OPCODE_FUNCTION_PRE_GA = 246;
export const RDB_OPCODE_MODULE_AUX = 247;
export const RDB_OPCODE_IDLE = 248;
export const RDB_OPCODE_FREQ = 249;
export const RDB_OPCODE_AUX = 250;
export const RDB_OPCODE_RESIZEDB = 251;
export const RDB_OPCODE_EXPIRETIME_MS = 252;
export const RDB_OPCODE_EXPIRETIME = 253;
export const RDB_OPCODE_SELECTDB = 254;
export const RDB_OPCODE_EOF = 255;

/** Module value opcodes (the self-describing form used since RDB 9). */
export const RDB_MODULE_OPCODE_EOF = 0;
export const RDB_MODULE_OPCODE_SINT = 1;
export const RDB_MODULE_OPCODE_UINT = 2;
export const RDB_MODULE_OPCODE_FLOAT = 3;
export const RDB_MODULE_OPCODE_DOUBLE = 4;
export const RDB_MODULE_OPCODE_STRING = 5;

/** Length-encoding prefixes. */
export const RDB_6BITLEN = 0;
export const RDB_14BITLEN = 1;
export const RDB_32BITLEN = 0x80;
export const RDB_64BITLEN = 0x81;
export const RDB_ENCVAL = 3;
export const RDB_ENC_INT8 = 0;
export const RDB_ENC_INT16 = 1;
export const RDB_ENC_INT32 = 2;
export const RDB_ENC_LZF = 3;

/** Quicklist v2 node containers. */
export const QUICKLIST_NODE_CONTAINER_PLAIN = 1;
export const QUICKLIST_NODE_CONTAINER_PACKED = 2;

/** Newest RDB version Petrel reads (12 only for files holding types it knows). */
export const RDB_MAX_READ_VERSION = 12;

// ---------------------------------------------------------------------------
// CRC64: Jones polynomial, reflected (Redis's crc64.c, "crc-64-jones"):
// width 64, poly 0xad93d23594c935a9, reflected in and out, init 0, no xorout.
// Table of 256 entries split into two 32-bit halves so the hot loop stays in
// small integers.

const CRC_LO = new Uint32Array(256);
const CRC_HI = new Uint32Array(256);
(() => {
  // Bit-reversed form of 0xad93d23594c935a9.
  const rpoly = 0x95ac9329ac4bc9b5n;
  for (let i = 0; i < 256; i++) {
    let c = BigInt(i);
    for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ rpoly : c >> 1n;
    CRC_LO[i] = Number(c & 0xffffffffn);
    CRC_HI[i] = Number(c >> 32n);
  }
})();

/** Running CRC64 state as two 32-bit halves. */
export interface Crc64State {
  lo: number;
  hi: number;
}

export function crc64Init(): Crc64State {
  return { lo: 0, hi: 0 };
}

// Slicing-by-8 (as Redis's crcspeed): eight derived tables let the loop fold
// eight bytes per step with 16 lookups instead of eight dependent steps.
// S_LO[k*256 + b] / S_HI[...] is table k; table 0 is the byte-wise table.
const S_LO = new Uint32Array(8 * 256);
const S_HI = new Uint32Array(8 * 256);
(() => {
  S_LO.set(CRC_LO, 0);
  S_HI.set(CRC_HI, 0);
  for (let k = 1; k < 8; k++) {
    for (let b = 0; b < 256; b++) {
      const plo = S_LO[(k - 1) * 256 + b];
      const phi = S_HI[(k - 1) * 256 + b];
      const idx = plo & 0xff;
      S_LO[k * 256 + b] = (((plo >>> 8) | (phi << 24)) ^ CRC_LO[idx]) >>> 0;
      S_HI[k * 256 + b] = ((phi >>> 8) ^ CRC_HI[idx]) >>> 0;
    }
  }
})();

export function crc64Update(st: Crc64State, buf: Uint8Array, start = 0, end = buf.length): void {
  let lo = st.lo;
  let hi = st.hi;
  let i = start;
  const L = S_LO;
  const H = S_HI;
  for (; i + 8 <= end; i += 8) {
    const x = (lo ^ (buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24))) >>> 0;
    const y = (hi ^ (buf[i + 4] | (buf[i + 5] << 8) | (buf[i + 6] << 16) | (buf[i + 7] << 24))) >>> 0;
    const i7 = 7 * 256 + (x & 0xff);
    const i6 = 6 * 256 + ((x >>> 8) & 0xff);
    const i5 = 5 * 256 + ((x >>> 16) & 0xff);
    const i4 = 4 * 256 + (x >>> 24);
    const i3 = 3 * 256 + (y & 0xff);
    const i2 = 2 * 256 + ((y >>> 8) & 0xff);
    const i1 = 256 + ((y >>> 16) & 0xff);
    const i0 = y >>> 24;
    lo = L[i7] ^ L[i6] ^ L[i5] ^ L[i4] ^ L[i3] ^ L[i2] ^ L[i1] ^ L[i0];
    hi = H[i7] ^ H[i6] ^ H[i5] ^ H[i4] ^ H[i3] ^ H[i2] ^ H[i1] ^ H[i0];
  }
  for (; i < end; i++) {
    const idx = (lo ^ buf[i]) & 0xff;
    lo = ((lo >>> 8) | (hi << 24)) ^ CRC_LO[idx];
    hi = (hi >>> 8) ^ CRC_HI[idx];
  }
  st.lo = lo >>> 0;
  st.hi = hi >>> 0;
}

export function crc64Value(st: Crc64State): bigint {
  return (BigInt(st.hi >>> 0) << 32n) | BigInt(st.lo >>> 0);
}

/** CRC64 (Redis's) of a whole buffer. */
export function crc64(buf: Uint8Array, start = 0, end = buf.length): bigint {
  const st = crc64Init();
  crc64Update(st, buf, start, end);
  return crc64Value(st);
}

// ---------------------------------------------------------------------------
// LZF (liblzf's format, as lzf_d.c reads it)

/** Decompresses `src` into exactly `outLen` bytes; throws on a corrupt stream. */
export function lzfDecompress(src: Uint8Array, outLen: number): Buffer {
  const out = Buffer.allocUnsafe(outLen);
  let ip = 0;
  let op = 0;
  const n = src.length;
  while (ip < n) {
    const ctrl = src[ip++];
    if (ctrl < 32) {
      const len = ctrl + 1;
      if (op + len > outLen || ip + len > n) throw new Error('LZF: corrupt literal run');
      for (let k = 0; k < len; k++) out[op++] = src[ip++];
    } else {
      let len = ctrl >> 5;
      if (len === 7) {
        if (ip >= n) throw new Error('LZF: truncated');
        len += src[ip++];
      }
      if (ip >= n) throw new Error('LZF: truncated');
      const ref = op - ((ctrl & 0x1f) << 8) - 1 - src[ip++];
      len += 2;
      if (ref < 0 || op + len > outLen) throw new Error('LZF: corrupt back reference');
      for (let k = 0; k < len; k++) out[op++] = out[ref + k];
    }
  }
  if (op !== outLen) throw new Error('LZF: length mismatch');
  return out;
}

// liblzf's compressor exactly as Redis builds it (lzfP.h: HLOG 16, VERY_FAST,
// offsets in the hash table), so that a payload is byte-identical to Redis's.
const HSIZE = 1 << 16;
const MAX_LIT = 1 << 5;
const MAX_OFF = 1 << 13;
const MAX_REF = (1 << 8) + (1 << 3);
const htabPos = new Int32Array(HSIZE);
const htabGen = new Int32Array(HSIZE);
let htabStamp = 0;

function idx(h: number): number {
  return ((h >>> 8) - Math.imul(h, 5)) & (HSIZE - 1);
}

/**
 * Compresses `src` as Redis's lzf_compress does (same output bytes), into at
 * most `outLen` bytes; null when it does not fit (the caller stores the string
 * plainly). Positions in the hash table are stamped with a per-call generation
 * instead of clearing the table for every (often tiny) string.
 */
export function lzfCompress(src: Uint8Array, outLen: number): Buffer | null {
  const inEnd = src.length;
  if (inEnd === 0 || outLen <= 0) return null;
  if (++htabStamp === 0x7fffffff) {
    htabGen.fill(0);
    htabStamp = 1;
  }
  const gen = htabStamp;
  const out = Buffer.alloc(outLen + 8);
  const outEnd = outLen;
  let ip = 0;
  let op = 1; // start run
  let lit = 0;
  let hval = ((src[0] << 8) | (src[1] ?? 0)) >>> 0;
  while (ip < inEnd - 2) {
    hval = ((hval << 8) | src[ip + 2]) >>> 0;
    const slot = idx(hval);
    const ref = htabGen[slot] === gen ? htabPos[slot] : -1;
    htabPos[slot] = ip;
    htabGen[slot] = gen;
    const off = ip - ref - 1;
    if (ref > 0 && off < MAX_OFF && src[ref + 2] === src[ip + 2] && src[ref] === src[ip] && src[ref + 1] === src[ip + 1]) {
      let len = 2;
      let maxlen = inEnd - ip - len;
      if (maxlen > MAX_REF) maxlen = MAX_REF;
      if (op + 3 + 1 >= outEnd && op - (lit === 0 ? 1 : 0) + 3 + 1 >= outEnd) return null;
      out[op - lit - 1] = (lit - 1) & 0xff; // stop run
      if (lit === 0) op--; // undo an empty run
      do len++;
      while (len < maxlen && src[ref + len] === src[ip + len]);
      len -= 2;
      ip++;
      if (len < 7) out[op++] = ((off >> 8) + (len << 5)) & 0xff;
      else {
        out[op++] = ((off >> 8) + (7 << 5)) & 0xff;
        out[op++] = (len - 7) & 0xff;
      }
      out[op++] = off & 0xff;
      lit = 0;
      op++; // start run
      ip += len + 1;
      if (ip >= inEnd - 2) break;
      ip -= 2;
      hval = ((src[ip] << 8) | src[ip + 1]) >>> 0;
      hval = ((hval << 8) | src[ip + 2]) >>> 0;
      htabPos[idx(hval)] = ip;
      htabGen[idx(hval)] = gen;
      ip++;
      hval = ((hval << 8) | src[ip + 2]) >>> 0;
      htabPos[idx(hval)] = ip;
      htabGen[idx(hval)] = gen;
      ip++;
    } else {
      if (op >= outEnd) return null;
      lit++;
      out[op++] = src[ip++];
      if (lit === MAX_LIT) {
        out[op - lit - 1] = (lit - 1) & 0xff;
        lit = 0;
        op++;
      }
    }
  }
  if (op + 3 > outEnd) return null;
  while (ip < inEnd) {
    lit++;
    out[op++] = src[ip++];
    if (lit === MAX_LIT) {
      out[op - lit - 1] = (lit - 1) & 0xff;
      lit = 0;
      op++;
    }
  }
  out[op - lit - 1] = (lit - 1) & 0xff; // end run
  if (lit === 0) op--;
  return out.subarray(0, op);
}

// ---------------------------------------------------------------------------
// Compact encodings inside RDB strings. Each decoder returns byte strings
// (latin1) or, for integer entries, their decimal text.

function i64LE(b: Buffer, p: number): string {
  return b.readBigInt64LE(p).toString();
}

/** Listpack entries (listpack.c). */
export function decodeListpack(b: Buffer): string[] {
  if (b.length < 7) throw new Error('listpack: too short');
  const total = b.readUInt32LE(0);
  if (total !== b.length) throw new Error('listpack: bad total bytes');
  const out: string[] = [];
  let p = 6;
  for (;;) {
    if (p >= b.length) throw new Error('listpack: missing terminator');
    const c = b[p];
    if (c === 0xff) break;
    let elen: number; // encoding + data bytes
    if ((c & 0x80) === 0) {
      out.push(String(c & 0x7f));
      elen = 1;
    } else if ((c & 0xc0) === 0x80) {
      const len = c & 0x3f;
      out.push(b.latin1Slice(p + 1, p + 1 + len));
      elen = 1 + len;
    } else if ((c & 0xe0) === 0xc0) {
      let v = ((c & 0x1f) << 8) | b[p + 1];
      if (v >= 1 << 12) v -= 1 << 13;
      out.push(String(v));
      elen = 2;
    } else if ((c & 0xf0) === 0xe0) {
      const len = ((c & 0x0f) << 8) | b[p + 1];
      out.push(b.latin1Slice(p + 2, p + 2 + len));
      elen = 2 + len;
    } else if (c === 0xf0) {
      const len = b.readUInt32LE(p + 1);
      out.push(b.latin1Slice(p + 5, p + 5 + len));
      elen = 5 + len;
    } else if (c === 0xf1) {
      out.push(String(b.readInt16LE(p + 1)));
      elen = 3;
    } else if (c === 0xf2) {
      out.push(String(b.readIntLE(p + 1, 3)));
      elen = 4;
    } else if (c === 0xf3) {
      out.push(String(b.readInt32LE(p + 1)));
      elen = 5;
    } else if (c === 0xf4) {
      out.push(i64LE(b, p + 1));
      elen = 9;
    } else throw new Error('listpack: bad entry encoding');
    p += elen + lpBacklenSize(elen);
    if (p > b.length) throw new Error('listpack: entry past the end');
  }
  return out;
}

export function lpBacklenSize(l: number): number {
  if (l <= 127) return 1;
  if (l < 16383) return 2;
  if (l < 2097151) return 3;
  if (l < 268435455) return 4;
  return 5;
}

/** Ziplist entries (ziplist.c). */
export function decodeZiplist(b: Buffer): string[] {
  if (b.length < 11) throw new Error('ziplist: too short');
  if (b.readUInt32LE(0) !== b.length) throw new Error('ziplist: bad total bytes');
  const out: string[] = [];
  let p = 10;
  for (;;) {
    if (p >= b.length) throw new Error('ziplist: missing terminator');
    if (b[p] === 0xff) break;
    p += b[p] < 254 ? 1 : 5; // previous entry length
    const c = b[p];
    const kind = c >> 6;
    if (kind === 0) {
      const len = c & 0x3f;
      out.push(b.latin1Slice(p + 1, p + 1 + len));
      p += 1 + len;
    } else if (kind === 1) {
      const len = ((c & 0x3f) << 8) | b[p + 1];
      out.push(b.latin1Slice(p + 2, p + 2 + len));
      p += 2 + len;
    } else if (kind === 2) {
      const len = b.readUInt32BE(p + 1);
      out.push(b.latin1Slice(p + 5, p + 5 + len));
      p += 5 + len;
    } else if (c === 0xc0) {
      out.push(String(b.readInt16LE(p + 1)));
      p += 3;
    } else if (c === 0xd0) {
      out.push(String(b.readInt32LE(p + 1)));
      p += 5;
    } else if (c === 0xe0) {
      out.push(i64LE(b, p + 1));
      p += 9;
    } else if (c === 0xf0) {
      out.push(String(b.readIntLE(p + 1, 3)));
      p += 4;
    } else if (c === 0xfe) {
      out.push(String(b.readInt8(p + 1)));
      p += 2;
    } else if (c >= 0xf1 && c <= 0xfd) {
      out.push(String((c & 0x0f) - 1));
      p += 1;
    } else throw new Error('ziplist: bad entry encoding');
    if (p > b.length) throw new Error('ziplist: entry past the end');
  }
  return out;
}

/** Intset members as decimal text (intset.c). */
export function decodeIntset(b: Buffer): string[] {
  if (b.length < 8) throw new Error('intset: too short');
  const enc = b.readUInt32LE(0);
  const len = b.readUInt32LE(4);
  if ((enc !== 2 && enc !== 4 && enc !== 8) || 8 + enc * len !== b.length) throw new Error('intset: bad header');
  const out = new Array<string>(len);
  for (let i = 0; i < len; i++) {
    const p = 8 + i * enc;
    out[i] = enc === 2 ? String(b.readInt16LE(p)) : enc === 4 ? String(b.readInt32LE(p)) : i64LE(b, p);
  }
  return out;
}

/** Zipmap field/value pairs, flattened (zipmap.c, RDB versions before 4). */
export function decodeZipmap(b: Buffer): string[] {
  const out: string[] = [];
  let p = 1; // zmlen
  const readLen = (): number => {
    const c = b[p];
    if (c < 254) {
      p += 1;
      return c;
    }
    if (c === 254) {
      const v = b.readUInt32LE(p + 1);
      p += 5;
      return v;
    }
    return -1;
  };
  for (;;) {
    if (p >= b.length) throw new Error('zipmap: missing terminator');
    if (b[p] === 0xff) break;
    const klen = readLen();
    const key = b.latin1Slice(p, p + klen);
    p += klen;
    const vlen = readLen();
    if (vlen < 0) throw new Error('zipmap: key without value');
    const free = b[p++];
    const val = b.latin1Slice(p, p + vlen);
    p += vlen + free;
    out.push(key, val);
  }
  return out;
}
