// The hash type.
//
// Both encodings keep the pairs in one flat array `kv` = [f0, v0, f1, v1, ...]:
//
//   - listpack (Redis's small encoding): `index` is null and lookups are a
//     linear search of the fields, O(N) as in Redis's listpack (N is at most
//     hash-max-listpack-entries). New fields go to the end, updates stay in
//     place and deletes close the gap, so iteration order is Redis's listpack
//     order (insertion order), byte for byte.
//   - hashtable: `index` (a Dict, so more than 2^24 fields fit) maps each field
//     to its position in `kv`. Lookups, inserts and deletes are O(1); a delete
//     moves the last pair into the hole. The dense array gives HRANDFIELD O(1)
//     uniform picks and fast HGETALL; HSCAN walks `index` through the shared
//     ScanRegistry (live Map iterators keep the SCAN guarantee). A JS array holds
//     at most ~2^27 elements on 64-bit V8, so a hashtable hash tops out near
//     67 million fields (Redis: 2^32).
//
// Values that are canonical safe integers are stored as numbers (like Redis's
// integer listpack entries): no string object per value. They are turned back
// into their exact decimal text on the way out.
//
// Conversion listpack → hashtable happens when a field or value longer than
// hash-max-listpack-value bytes is written, or when the number of fields goes
// past hash-max-listpack-entries; it is never undone (as in Redis).

import { Dict } from './dict.js';
import type { EncodingLimits } from './limits.js';
import { toStoredString, type RedisObject } from './values.js';

export type HashValue = string | number;

export class RedisHash implements RedisObject {
  /** 'hash', on the prototype (no per-object slot). */
  declare readonly type: 'hash';
  /** [field, value, field, value, ...]; fields are strings, values stored forms. */
  kv: HashValue[];
  /** field → position of the field in `kv` (even index); null while listpack. */
  index: Dict<number> | null;

  constructor(kv: HashValue[] = [], index: Dict<number> | null = null) {
    this.kv = kv;
    this.index = index;
  }

  encoding(): string {
    return this.index === null ? 'listpack' : 'hashtable';
  }

  get size(): number {
    return this.kv.length >> 1;
  }

  /** Position of `field` in `kv` (even), or -1. */
  find(field: string): number {
    if (this.index !== null) {
      const i = this.index.get(field);
      return i === undefined ? -1 : i;
    }
    const kv = this.kv;
    for (let i = 0; i < kv.length; i += 2) if (kv[i] === field) return i;
    return -1;
  }

  has(field: string): boolean {
    return this.find(field) >= 0;
  }

  /** The value of `field` as text, or undefined. */
  get(field: string): string | undefined {
    const i = this.find(field);
    if (i < 0) return undefined;
    const v = this.kv[i + 1];
    return typeof v === 'number' ? String(v) : v;
  }

  /** The stored form of the value of `field` (a number for small integers), or undefined. */
  getStored(field: string): HashValue | undefined {
    const i = this.find(field);
    return i < 0 ? undefined : this.kv[i + 1];
  }

  /** Field at pair number `p` (0 ≤ p < size). */
  fieldAt(p: number): string {
    return this.kv[p * 2] as string;
  }

  /** Value text at pair number `p`. */
  valueAt(p: number): string {
    const v = this.kv[p * 2 + 1];
    return typeof v === 'number' ? String(v) : v;
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
    const max = limits.hashMaxListpackValue;
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
   * set() with the stored form already computed (`text` is its byte length
   * source for the listpack value limit).
   */
  setStored(field: string, text: string, stored: HashValue, limits: EncodingLimits): boolean {
    if (this.index === null) {
      const max = limits.hashMaxListpackValue;
      if (field.length > max || text.length > max) this.convert();
    }
    const kv = this.kv;
    if (this.index !== null) {
      const i = this.index.get(field);
      if (i !== undefined) {
        kv[i + 1] = stored;
        return false;
      }
      this.index.set(field, kv.length);
      kv.push(field, stored);
      return true;
    }
    for (let i = 0; i < kv.length; i += 2) {
      if (kv[i] === field) {
        kv[i + 1] = stored;
        return false;
      }
    }
    // Small arrays grow to the exact size (a listpack reallocates on insert
    // too): push() would leave ~16 spare slots, most of a small hash's footprint.
    const n = kv.length;
    if (n < 1024) {
      const next = new Array<HashValue>(n + 2);
      for (let i = 0; i < n; i++) next[i] = kv[i];
      next[n] = field;
      next[n + 1] = stored;
      this.kv = next;
    } else kv.push(field, stored);
    if (n + 2 > limits.hashMaxListpackEntries * 2) this.convert();
    return true;
  }

  /** Replaces the value at position `i` (from find()), keeping the encoding's limits. */
  setAt(i: number, text: string, stored: HashValue, limits: EncodingLimits): void {
    if (this.index === null && text.length > limits.hashMaxListpackValue) {
      this.convert();
    }
    this.kv[i + 1] = stored;
  }

  /** Removes `field`; true when it was there. */
  delete(field: string): boolean {
    const kv = this.kv;
    if (this.index === null) {
      for (let i = 0; i < kv.length; i += 2) {
        if (kv[i] === field) {
          kv.splice(i, 2);
          return true;
        }
      }
      return false;
    }
    const i = this.index.get(field);
    if (i === undefined) return false;
    this.index.delete(field);
    const last = kv.length - 2;
    if (i !== last) {
      const f = kv[last] as string;
      kv[i] = f;
      kv[i + 1] = kv[last + 1];
      this.index.set(f, i);
    }
    kv.length = last;
    return true;
  }

  /** listpack → hashtable (one way). */
  convert(): void {
    if (this.index !== null) return;
    const index = new Dict<number>();
    const kv = this.kv;
    for (let i = 0; i < kv.length; i += 2) index.set(kv[i] as string, i);
    this.index = index;
  }

  /** A uniformly random pair number in [0, size). Caller ensures size > 0. */
  randomPair(): number {
    return Math.floor(Math.random() * (this.kv.length >> 1));
  }

  clone(): RedisHash {
    const kv = this.kv.slice();
    if (this.index === null) return new RedisHash(kv, null);
    const h = new RedisHash(kv, null);
    h.convert();
    return h;
  }

  /** Every pair as text, in iteration order. */
  *entries(): IterableIterator<[string, string]> {
    const kv = this.kv;
    for (let i = 0; i < kv.length; i += 2) {
      const v = kv[i + 1];
      yield [kv[i] as string, typeof v === 'number' ? String(v) : v];
    }
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
