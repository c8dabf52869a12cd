// Listpack primitives for stream nodes. A stream node is kept as the very
// listpack Redis would hold (listpack.c's format: 6-byte header, entries each
// followed by a back-length, 0xFF terminator), so its byte size — which decides
// where Redis starts a new node, and therefore what `XTRIM ~` removes — is
// exactly Redis's, and RDB/DUMP write and read nodes as they are.
//
// Strings that are canonical 64-bit integers are stored in integer form, as
// Redis's lpAppend does (lpStringToInt64); reading gives back the same text.

export const LP_HEADER = 6;
export const LP_EOF = 0xff;
export const LP_NUMELE_UNKNOWN = 65535;

/** Bytes of the back-length for an element of `l` bytes (encoding + data). */
export function backlenSize(l: number): number {
  if (l <= 127) return 1;
  if (l < 16383) return 2;
  if (l < 2097151) return 3;
  if (l < 268435455) return 4;
  return 5;
}

function writeBacklen(b: Buffer, p: number, l: number): number {
  if (l <= 127) {
    b[p] = l;
    return p + 1;
  }
  if (l < 16383) {
    b[p] = l >> 7;
    b[p + 1] = (l & 127) | 128;
    return p + 2;
  }
  const n = backlenSize(l);
  // First byte holds the most significant 7-bit group; every following byte has bit 7 set.
  let v = l;
  for (let i = n - 1; i >= 0; i--) {
    const g = v & 127;
    v = Math.floor(v / 128);
    b[p + i] = i === 0 ? g : g | 128;
  }
  return p + n;
}

/**
 * The integer a string denotes when listpack stores it as one (lpStringToInt64:
 * at most 20 chars, optional '-', no leading zeros, within int64), else null.
 * Returns a number when it is safe, a bigint otherwise.
 */
export function lpStringInt(s: string): number | bigint | null {
  const n = s.length;
  if (n === 0 || n > 20) return null;
  let c = s.charCodeAt(0);
  if (n === 1) return c >= 48 && c <= 57 ? c - 48 : null;
  let i = 0;
  if (c === 45) {
    i = 1;
    c = s.charCodeAt(1);
  }
  if (c < 49 || c > 57) return null;
  for (let j = i + 1; j < n; j++) {
    const d = s.charCodeAt(j);
    if (d < 48 || d > 57) return null;
  }
  if (n < 16) return Number(s);
  const v = BigInt(s);
  if (v > 9223372036854775807n || v < -9223372036854775808n) return null;
  return Number.isSafeInteger(Number(v)) ? Number(v) : v;
}

/** Encoded size (encoding + data, without back-length) of an integer element. */
function intDataSize(v: number | bigint): number {
  if (typeof v === 'bigint') {
    if (v >= -2147483648n && v <= 2147483647n) return intDataSize(Number(v));
    return 9;
  }
  if (v >= 0 && v <= 127) return 1;
  if (v >= -4096 && v <= 4095) return 2;
  if (v >= -32768 && v <= 32767) return 3;
  if (v >= -8388608 && v <= 8388607) return 4;
  if (v >= -2147483648 && v <= 2147483647) return 5;
  return 9;
}

function strDataSize(n: number): number {
  if (n < 64) return 1 + n;
  if (n < 4096) return 2 + n;
  return 5 + n;
}

/** Total bytes (with back-length) an integer element takes. */
export function lpIntSize(v: number | bigint): number {
  const l = intDataSize(v);
  return l + backlenSize(l);
}

/** An upper bound of lpStringSize (no integer check): the string form with the widest header. */
export function lpStringSizeMax(n: number): number {
  return n + 10;
}

/** Total bytes (with back-length) a string element takes, integer form included. */
export function lpStringSize(s: string): number {
  const iv = lpStringInt(s);
  if (iv !== null) return lpIntSize(iv);
  const l = strDataSize(s.length);
  return l + backlenSize(l);
}

/** Writes an integer element at p; returns the position after it. */
export function lpWriteInt(b: Buffer, p: number, v: number | bigint): number {
  const l = intDataSize(v);
  if (l === 9) {
    b[p] = 0xf4;
    b.writeBigInt64LE(typeof v === 'bigint' ? v : BigInt(v), p + 1);
  } else {
    const n = Number(v);
    if (l === 1) b[p] = n;
    else if (l === 2) {
      const u = n < 0 ? 8192 + n : n;
      b[p] = 0xc0 | (u >> 8);
      b[p + 1] = u & 0xff;
    } else if (l === 3) {
      b[p] = 0xf1;
      b.writeInt16LE(n, p + 1);
    } else if (l === 4) {
      b[p] = 0xf2;
      b.writeIntLE(n, p + 1, 3);
    } else {
      b[p] = 0xf3;
      b.writeInt32LE(n, p + 1);
    }
  }
  return writeBacklen(b, p + l, l);
}

/** Writes a string element (integer form when it is one); returns the position after it. */
export function lpWriteString(b: Buffer, p: number, s: string): number {
  const iv = lpStringInt(s);
  if (iv !== null) return lpWriteInt(b, p, iv);
  const n = s.length;
  let q: number;
  if (n < 64) {
    b[p] = 0x80 | n;
    q = p + 1;
  } else if (n < 4096) {
    b[p] = 0xe0 | (n >> 8);
    b[p + 1] = n & 0xff;
    q = p + 2;
  } else {
    b[p] = 0xf0;
    b.writeUInt32LE(n, p + 1);
    q = p + 5;
  }
  // A native call costs more than copying a short string byte by byte.
  if (n < 48) for (let i = 0; i < n; i++) b[q + i] = s.charCodeAt(i);
  else b.latin1Write(s, q);
  const l = q - p + n;
  return writeBacklen(b, p + l, l);
}

/** Size of the element's encoding + data at p (no back-length); -1 when the byte is not an element. */
export function lpDataSize(b: Buffer, p: number): number {
  const c = b[p];
  if (c < 0x80) return 1;
  if (c < 0xc0) return 1 + (c & 0x3f);
  if (c < 0xe0) return 2;
  if (c < 0xf0) return 2 + (((c & 0x0f) << 8) | b[p + 1]);
  switch (c) {
    case 0xf0:
      return 5 + b.readUInt32LE(p + 1);
    case 0xf1:
      return 3;
    case 0xf2:
      return 4;
    case 0xf3:
      return 5;
    case 0xf4:
      return 9;
    default:
      return -1;
  }
}

/** Position of the element after the one at p. */
export function lpNext(b: Buffer, p: number): number {
  const l = lpDataSize(b, p);
  return p + l + backlenSize(l);
}

/** Position of the element before the one starting at p (p may be the EOF byte). */
export function lpPrev(b: Buffer, p: number): number {
  // The back-length ends right before p; read it right to left.
  let q = p - 1;
  let v = b[q] & 127;
  let shift = 7;
  while (b[q] & 128) {
    q--;
    v += (b[q] & 127) * 2 ** shift;
    shift += 7;
  }
  // q is now the first byte of the back-length.
  return q - v;
}

/** True when the element at p is integer-encoded. */
export function lpIsInt(b: Buffer, p: number): boolean {
  const c = b[p];
  return c < 0x80 || (c >= 0xc0 && c < 0xe0) || (c >= 0xf1 && c <= 0xf4);
}

/** The integer at p (an integer-encoded element), as a number (a bigint only past 2^53). */
export function lpGetInt(b: Buffer, p: number): number | bigint {
  const c = b[p];
  if (c < 0x80) return c;
  if (c >= 0xc0 && c < 0xe0) {
    const u = ((c & 0x1f) << 8) | b[p + 1];
    return u >= 4096 ? u - 8192 : u;
  }
  switch (c) {
    case 0xf1:
      return b.readInt16LE(p + 1);
    case 0xf2:
      return b.readIntLE(p + 1, 3);
    case 0xf3:
      return b.readInt32LE(p + 1);
    case 0xf4: {
      const v = b.readBigInt64LE(p + 1);
      const n = Number(v);
      return Number.isSafeInteger(n) ? n : v;
    }
    default:
      // A string element holding an integer text (not produced by Redis, tolerated).
      return stringAsInt(lpGetString(b, p));
  }
}

function stringAsInt(s: string): number | bigint {
  const v = lpStringInt(s);
  if (v === null) throw new Error('stream listpack: integer expected');
  return v;
}

/** The integer at p as a small number (flags, counts): throws past 2^53. */
export function lpGetSmall(b: Buffer, p: number): number {
  const v = lpGetInt(b, p);
  if (typeof v !== 'number') throw new Error('stream listpack: value out of range');
  return v;
}

/** The element at p as a string (integers in decimal text). */
export function lpGetString(b: Buffer, p: number): string {
  const c = b[p];
  if (c >= 0x80 && c < 0xc0) return b.latin1Slice(p + 1, p + 1 + (c & 0x3f));
  if (c >= 0xe0 && c < 0xf0) {
    const n = ((c & 0x0f) << 8) | b[p + 1];
    return b.latin1Slice(p + 2, p + 2 + n);
  }
  if (c === 0xf0) {
    const n = b.readUInt32LE(p + 1);
    return b.latin1Slice(p + 5, p + 5 + n);
  }
  return String(lpGetInt(b, p));
}

/** True when the element at p holds exactly the bytes of s. */
export function lpEquals(b: Buffer, p: number, s: string): boolean {
  const c = b[p];
  let start: number;
  let n: number;
  if (c >= 0x80 && c < 0xc0) {
    n = c & 0x3f;
    start = p + 1;
  } else if (c >= 0xe0 && c < 0xf0) {
    n = ((c & 0x0f) << 8) | b[p + 1];
    start = p + 2;
  } else if (c === 0xf0) {
    n = b.readUInt32LE(p + 1);
    start = p + 5;
  } else return lpGetString(b, p) === s;
  if (n !== s.length) return false;
  for (let i = 0; i < n; i++) if (b[start + i] !== s.charCodeAt(i)) return false;
  return true;
}

/**
 * Checks that `b` is a well-formed listpack (header size, every element's
 * encoding and back-length inside the buffer, terminator, element count when
 * the header knows it). Returns the element offsets, or null when malformed.
 */
export function lpValidate(b: Buffer): number[] | null {
  if (b.length < LP_HEADER + 1) return null;
  if (b.readUInt32LE(0) !== b.length) return null;
  const numele = b.readUInt16LE(4);
  const out: number[] = [];
  let p = LP_HEADER;
  for (;;) {
    if (p >= b.length) return null;
    if (b[p] === LP_EOF) break;
    const c = b[p];
    // The header of the encoding itself must fit.
    if ((c >= 0xc0 && c < 0xf0 && p + 1 >= b.length) || (c >= 0xf0 && c <= 0xf4 && p + 5 > b.length)) return null;
    const l = lpDataSize(b, p);
    if (l < 0) return null;
    const bl = backlenSize(l);
    if (p + l + bl >= b.length) return null;
    // The back-length must say the element's own size.
    if (lpPrev(b, p + l + bl) !== p) return null;
    out.push(p);
    p += l + bl;
  }
  if (p !== b.length - 1) return null;
  if (numele !== LP_NUMELE_UNKNOWN && numele !== out.length) return null;
  return out;
}
