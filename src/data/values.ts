// What a key can hold. Strings are stored as plain JS latin1 strings (or as a JS
// number when the string is a canonical integer that fits a safe integer: Redis's
// `int` encoding), so a string key costs no wrapper object. Every other type is an
// object with a `type` tag; the collection issue adds those classes.

import { parseI64 } from '../protocol/numbers.js';

export type TypeName = 'string' | 'list' | 'hash' | 'set' | 'zset' | 'stream';

/** Base for every non-string value. */
export interface RedisObject {
  readonly type: TypeName;
  /** OBJECT ENCODING name, by Redis's thresholds. */
  encoding(): string;
}

/**
 * A string being grown in place by APPEND/SETRANGE/SETBIT: a Buffer with spare
 * capacity, so repeated appends are amortized O(1) instead of copying the whole
 * value each time.
 */
export class MutableString implements RedisObject {
  readonly type = 'string' as const;
  buf: Buffer;
  len: number;

  constructor(initial: string, capacity = initial.length * 2 + 16) {
    this.buf = Buffer.allocUnsafe(capacity);
    this.len = this.buf.latin1Write(initial, 0);
  }

  /**
   * What OBJECT ENCODING says. Normally `raw` (APPEND/SETRANGE leave raw
   * strings in Redis); set when the value only lives here to keep Redis's
   * answer for a text that looks like a big integer (see INCRBYFLOAT).
   */
  reportAs: string | null = null;

  encoding(): string {
    return this.reportAs ?? 'raw';
  }

  /** Makes room for `n` bytes in total, keeping the content. */
  reserve(n: number): void {
    if (n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(n, this.buf.length * 2));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  append(s: string): void {
    this.reportAs = null;
    this.reserve(this.len + s.length);
    this.len += this.buf.latin1Write(s, this.len);
  }

  /**
   * Writes `s` at byte `offset`, growing the string as needed; bytes between the
   * old end and `offset` become zero (SETRANGE semantics).
   */
  setRange(offset: number, s: string): void {
    this.reportAs = null;
    const end = offset + s.length;
    if (end > this.len) {
      this.reserve(end);
      if (offset > this.len) this.buf.fill(0, this.len, offset);
      this.len = end;
    }
    this.buf.latin1Write(s, offset);
  }

  toString(): string {
    return this.buf.latin1Slice(0, this.len);
  }

  /** Adopts `buf` as the content (its first `len` bytes), without copying (BITOP results). */
  static wrap(buf: Buffer, len: number): MutableString {
    const m = new MutableString('', 0);
    m.buf = buf;
    m.len = len;
    return m;
  }

  /**
   * Extends the string to at least `n` bytes, the new bytes zero (SETBIT,
   * BITFIELD). Room grows geometrically (x2 below 1 MiB, x1.25 above), so
   * bitmaps built bit by bit are amortized O(1) per write without doubling a
   * huge bitmap's memory. Returns whether the length changed.
   */
  growZero(n: number): boolean {
    if (n <= this.len) return false;
    if (n > this.buf.length) {
      const cap = n < 1048576 ? n * 2 : n + Math.floor(n / 4);
      const next = Buffer.allocUnsafe(cap);
      this.buf.copy(next, 0, 0, this.len);
      this.buf = next;
    }
    this.buf.fill(0, this.len, n);
    this.len = n;
    return true;
  }

  /** The bit at `offset` (bit 0 is the most significant bit of byte 0); 0 past the end. */
  getBit(offset: number): number {
    const byte = Math.floor(offset / 8);
    if (byte >= this.len) return 0;
    return (this.buf[byte] >> (7 - (offset - byte * 8))) & 1;
  }

  /** Sets the bit at `offset` (inside the string) to `on`; returns its previous value. */
  setBit(offset: number, on: number): number {
    const byte = Math.floor(offset / 8);
    const shift = 7 - (offset - byte * 8);
    const old = this.buf[byte];
    this.buf[byte] = on ? old | (1 << shift) : old & ~(1 << shift);
    return (old >> shift) & 1;
  }
}

export type Value = string | number | RedisObject;

/** Redis's TYPE name for a value. */
export function typeOf(v: Value): TypeName {
  return typeof v === 'object' ? v.type : 'string';
}

/** True when the value is a string in any of its forms. */
export function isString(v: Value): v is string | number | MutableString {
  return typeof v !== 'object' || v.type === 'string';
}

/** The bytes of a string value as a latin1 string. Caller has checked isString. */
export function stringOf(v: string | number | MutableString): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return v.toString();
}

/** Length in bytes of a string value. */
export function stringLength(v: string | number | MutableString): number {
  if (typeof v === 'string') return v.length;
  if (typeof v === 'number') return String(v).length;
  return v.len;
}

/** Embedded strings in Redis are those of at most 44 bytes. */
export const EMBSTR_LIMIT = 44;

/** OBJECT ENCODING for any value, by Redis's rules. */
export function encodingOf(v: Value): string {
  if (typeof v === 'number') return 'int';
  if (typeof v === 'string') {
    // Safe integers written by SET are stored as numbers, so a text integer is
    // either past 2^53 (Redis int-encodes those too) or came from a command
    // Redis does not int-encode (INCRBYFLOAT): only the former says `int`.
    if (v.length >= 16 && v.length <= 20 && typeof parseI64(v) === 'bigint') return 'int';
    return v.length <= EMBSTR_LIMIT ? 'embstr' : 'raw';
  }
  return v.encoding();
}

/**
 * Turns a string argument into the stored form: a canonical integer within the
 * safe range becomes a number (Redis's int encoding), anything else stays text.
 */
/**
 * The stored form of a string Redis keeps unencoded (INCRBYFLOAT's result):
 * usually the text itself, but a text that reads as an integer past 2^53 would
 * look int-encoded (encodingOf), so it is wrapped to keep saying embstr/raw.
 */
export function toUnencodedString(s: string): string | MutableString {
  if (s.length < 16 || s.length > 20 || typeof parseI64(s) !== 'bigint') return s;
  const m = new MutableString(s, s.length);
  m.reportAs = s.length <= EMBSTR_LIMIT ? 'embstr' : 'raw';
  return m;
}

export function toStoredString(s: string): string | number {
  const n = s.length;
  if (n === 0 || n > 16) return s;
  const c = s.charCodeAt(0);
  if (!((c >= 48 && c <= 57) || c === 45)) return s;
  // Canonical only: "007", "-0", "+1" and " 1" stay strings so GET returns them unchanged.
  const v = Number(s);
  if (Number.isSafeInteger(v) && String(v) === s) return v;
  return s;
}
