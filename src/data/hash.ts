// The hash type.
//
// Two encodings, as Redis's:
//
//   - listpack (small hashes): the pairs packed into ONE latin1 string `lp`,
//     each field and value as <length><bytes>, the length a base-128 varint in
//     1–3 chars. A 5-field hash is then one short string instead of an array
//     and ten string objects (memory is a project target: see issue 8). Lookups
//     scan it without allocating (`startsWith` at an offset), O(N) as Redis's
//     listpack (N ≤ hash-max-listpack-entries); every write rebuilds it as one
//     flat string (Array.join, so no rope piles up), as a listpack reallocates.
//     Iteration order is insertion order, byte for byte Redis's.
//   - hashtable: a flat array `kv` = [f0, v0, f1, v1, ...] plus `index` (a Dict,
//     so more than 2^24 fields fit) mapping each field to its position. Lookups,
//     inserts and deletes are O(1); a delete moves the last pair into the hole.
//     The dense array gives HRANDFIELD O(1) uniform picks and fast HGETALL; HSCAN
//     walks `index` through the shared ScanRegistry. A JS array holds at most
//     ~2^27 elements on 64-bit V8, so a hashtable hash tops out near 67 million
//     fields (Redis: 2^32). Values that are canonical safe integers are stored
//     as numbers there (no string object per value).
//
// Conversion listpack → hashtable happens when a field or value longer than
// hash-max-listpack-value bytes is written, or when the number of fields goes
// past hash-max-listpack-entries; it is never undone (as in Redis).

import { Dict } from './dict.js';
import type { EncodingLimits } from './limits.js';
import { toStoredString, type RedisObject } from './values.js';

export type HashValue = string | number;

/** `s` as a packed entry: <varint length><bytes>. */
function lpEntry(s: string): string {
  const n = s.length;
  if (n < 0x80) return String.fromCharCode(n) + s;
  if (n < 0x4000) return String.fromCharCode(0x80 | (n & 0x7f), n >> 7) + s;
  return String.fromCharCode(0x80 | (n & 0x7f), 0x80 | ((n >> 7) & 0x7f), n >> 14) + s;
}

/** Decoded length at `pos` of a packed string; sets lpHead to the first byte after the prefix. */
let lpHead = 0;
function lpLen(lp: string, pos: number): number {
  const a = lp.charCodeAt(pos);
  if (a < 0x80) {
    lpHead = pos + 1;
    return a;
  }
  const b = lp.charCodeAt(pos + 1);
  if (b < 0x80) {
    lpHead = pos + 2;
    return (a & 0x7f) | (b << 7);
  }
  lpHead = pos + 3;
  return (a & 0x7f) | ((b & 0x7f) << 7) | (lp.charCodeAt(pos + 2) << 14);
}

/** Longest entry the 3-char length prefix can hold (longer ones make a hashtable). */
const LP_MAX_ENTRY = (1 << 21) - 1;

function textOf(v: HashValue): string {
  return typeof v === 'number' ? String(v) : v;
}

export class RedisHash implements RedisObject {
  /** 'hash', on the prototype (no per-object slot). */
  declare readonly type: 'hash';
  /** listpack: the packed pairs (see the header); '' when empty or a hashtable. */
  lp: string;
  /** listpack: number of pairs. */
  private n: number;
  /** hashtable: [field, value, field, value, ...]; null while listpack. */
  kv: HashValue[] | null;
  /** hashtable: field → position of the field in `kv` (even index); null while listpack. */
  index: Dict<number> | null;

  constructor() {
    this.lp = '';
    this.n = 0;
    this.kv = null;
    this.index = null;
  }

  encoding(): string {
    return this.index === null ? 'listpack' : 'hashtable';
  }

  get size(): number {
    return this.kv === null ? this.n : this.kv.length >> 1;
  }

  /**
   * listpack: char offset of the entry holding `field` (its length prefix),
   * or -1. hashtable: the field's position in `kv`, or -1.
   */
  find(field: string): number {
    if (this.index !== null) {
      const i = this.index.get(field);
      return i === undefined ? -1 : i;
    }
    const lp = this.lp;
    const flen = field.length;
    let pos = 0;
    while (pos < lp.length) {
      const len = lpLen(lp, pos);
      const at = lpHead;
      if (len === flen && lp.startsWith(field, at)) return pos;
      // Skip the field, then the value.
      const vlen = lpLen(lp, at + len);
      pos = lpHead + vlen;
    }
    return -1;
  }

  has(field: string): boolean {
    return this.find(field) >= 0;
  }

  /** The value of `field` as text, or undefined. */
  get(field: string): string | undefined {
    const v = this.getStored(field);
    return v === undefined ? undefined : textOf(v);
  }

  /** The stored form of the value of `field` (a number for small integers in a hashtable), or undefined. */
  getStored(field: string): HashValue | undefined {
    const i = this.find(field);
    if (i < 0) return undefined;
    if (this.kv !== null) return this.kv[i + 1];
    const lp = this.lp;
    const flen = lpLen(lp, i);
    const vlen = lpLen(lp, lpHead + flen);
    return lp.slice(lpHead, lpHead + vlen);
  }

  /** Every pair, [f0, v0, f1, v1...] (a hashtable's own array: do not modify). */
  pairs(): HashValue[] {
    if (this.kv !== null) return this.kv;
    const out: HashValue[] = new Array(this.n * 2);
    const lp = this.lp;
    let pos = 0;
    for (let j = 0; pos < lp.length; j++) {
      const len = lpLen(lp, pos);
      out[j] = lp.slice(lpHead, lpHead + len);
      pos = lpHead + len;
    }
    return out;
  }

  /** Field at pair number `p` (0 ≤ p < size). O(p) for a listpack: loops should use pairs(). */
  fieldAt(p: number): string {
    if (this.kv !== null) return this.kv[p * 2] as string;
    return this.entryAt(p * 2);
  }

  /** Value text at pair number `p`. */
  valueAt(p: number): string {
    if (this.kv !== null) return textOf(this.kv[p * 2 + 1]);
    return this.entryAt(p * 2 + 1);
  }

  private entryAt(e: number): string {
    const lp = this.lp;
    let pos = 0;
    for (let j = 0; j < e; j++) pos = lpLen(lp, pos) + lpHead;
    const len = lpLen(lp, pos);
    return lp.slice(lpHead, lpHead + len);
  }

  /**
   * Redis's hashTypeTryConversion, run before a multi-field write: converts
   * when more pairs are about to be written than a listpack may hold (7.2
   * pre-sizes a hashtable then, even if the fields turn out to repeat), or when
   * any field or value is too long. `args[start..end]` are field, value, ...
   */
  prepareWrite(args: readonly string[], start: number, end: number, limits: EncodingLimits): void {
    if (this.index !== null) return;
    if ((end - start + 1) >> 1 > limits.hashMaxListpackEntries) {
      this.convert();
      return;
    }
    const max = Math.min(limits.hashMaxListpackValue, LP_MAX_ENTRY);
    for (let i = start; i <= end; i++) {
      if (args[i].length > max) {
        this.convert();
        return;
      }
    }
  }

  /**
   * Sets `field` to `value` (text). Returns true when the field is new.
   * Converts to hashtable when the pair is too long for a listpack or the
   * hash grows past the entry limit (Redis's hashTypeSet).
   */
  set(field: string, value: string, limits: EncodingLimits): boolean {
    return this.setStored(field, value, toStoredString(value), limits);
  }

  /**
   * set() with the stored form already computed (`text` is the value's text,
   * which a listpack stores and whose length the listpack limit checks).
   */
  setStored(field: string, text: string, stored: HashValue, limits: EncodingLimits): boolean {
    if (this.index === null) {
      const max = Math.min(limits.hashMaxListpackValue, LP_MAX_ENTRY);
      if (field.length > max || text.length > max) this.convert();
    }
    const kv = this.kv;
    if (kv !== null) {
      const index = this.index!;
      const i = index.get(field);
      if (i !== undefined) {
        kv[i + 1] = stored;
        return false;
      }
      index.set(field, kv.length);
      kv.push(field, stored);
      return true;
    }
    const lp = this.lp;
    const at = this.find(field);
    if (at >= 0) {
      const flen = lpLen(lp, at);
      const vpos = lpHead + flen;
      const vlen = lpLen(lp, vpos);
      this.lp = [lp.slice(0, vpos), lpEntry(text), lp.slice(lpHead + vlen)].join('');
      return false;
    }
    this.lp = [lp, lpEntry(field), lpEntry(text)].join('');
    this.n++;
    if (this.n > limits.hashMaxListpackEntries) this.convert();
    return true;
  }

  /** Removes `field`; true when it was there. */
  delete(field: string): boolean {
    if (this.kv === null) {
      const at = this.find(field);
      if (at < 0) return false;
      const lp = this.lp;
      const flen = lpLen(lp, at);
      const vlen = lpLen(lp, lpHead + flen);
      this.lp = [lp.slice(0, at), lp.slice(lpHead + vlen)].join('');
      this.n--;
      return true;
    }
    const kv = this.kv;
    const index = this.index!;
    const i = index.get(field);
    if (i === undefined) return false;
    index.delete(field);
    const last = kv.length - 2;
    if (i !== last) {
      const f = kv[last] as string;
      kv[i] = f;
      kv[i + 1] = kv[last + 1];
      index.set(f, i);
    }
    kv.length = last;
    return true;
  }

  /** listpack → hashtable (one way). */
  convert(): void {
    if (this.index !== null) return;
    const kv = this.pairs();
    for (let i = 1; i < kv.length; i += 2) kv[i] = toStoredString(kv[i] as string);
    const index = new Dict<number>();
    for (let i = 0; i < kv.length; i += 2) index.set(kv[i] as string, i);
    this.kv = kv;
    this.index = index;
    this.lp = '';
    this.n = 0;
  }

  /** A uniformly random pair number in [0, size). Caller ensures size > 0. */
  randomPair(): number {
    return Math.floor(Math.random() * this.size);
  }

  clone(): RedisHash {
    const h = new RedisHash();
    if (this.kv === null) {
      h.lp = this.lp;
      h.n = this.n;
      return h;
    }
    h.kv = this.kv.slice();
    const index = new Dict<number>();
    for (let i = 0; i < h.kv.length; i += 2) index.set(h.kv[i] as string, i);
    h.index = index;
    return h;
  }

  /** Every pair as text, in iteration order. */
  *entries(): IterableIterator<[string, string]> {
    const kv = this.pairs();
    for (let i = 0; i < kv.length; i += 2) yield [kv[i] as string, textOf(kv[i + 1])];
  }
}

Object.defineProperty(RedisHash.prototype, 'type', { value: 'hash', writable: false, enumerable: false });

/**
 * A new hash from field/value text pairs (`args[start..end]`), converted as
 * Redis would when created by one HSET with these arguments. Returns the hash
 * and the number of distinct fields.
 */
export function hashFromArgs(args: readonly string[], start: number, end: number, limits: EncodingLimits): RedisHash {
  const h = new RedisHash();
  h.prepareWrite(args, start, end, limits);
  for (let i = start; i < end; i += 2) h.set(args[i], args[i + 1], limits);
  return h;
}
