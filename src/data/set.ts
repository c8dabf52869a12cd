// The set type, with Redis 7.2's three encodings and its conversion rules
// (t_set.c: setTypeCreate, setTypeMaybeConvert, setTypeAddAux, maybeConvertIntset,
// maybeConvertToIntset):
//
//   intset    every member a canonical signed 64-bit integer (string2ll rules),
//             at most set-max-intset-entries; kept sorted ascending, so iteration
//             order is Redis's. Held as a plain array of numbers (bigints past
//             2^53: each value has exactly one form, so === compares values, and
//             < / > compare numbers with bigints exactly). Insert/delete are O(N)
//             like Redis's memmove.
//   listpack  at most set-max-listpack-entries members of at most
//             set-max-listpack-value bytes, in insertion order (a removal keeps
//             the order of the rest). Lookups are a linear scan, as in Redis.
//   hashtable a SegSet: Sets of strings split in segments so that more than 2^24
//             members fit (V8's limit per Set).
//
// Conversions are one-way, as in Redis, except the explicit ones Redis itself
// does (SINTERSTORE's result to intset, SPOP's rebuilt remainder).

import type { EncodingLimits } from './limits.js';
import type { RedisObject } from './values.js';
import { SEGMENT_LIMIT } from './dict.js';
import { Fences } from './fences.js';
import { parseI64 } from '../protocol/numbers.js';

export const ENC_INTSET = 0;
export const ENC_LISTPACK = 1;
export const ENC_HASHTABLE = 2;
export type SetEncoding = typeof ENC_INTSET | typeof ENC_LISTPACK | typeof ENC_HASHTABLE;

/** An intset element: a number when a safe integer, else a bigint (never both forms of one value). */
export type Int = number | bigint;

/** Redis limits intsets to 2^30 entries whatever the config says. */
function intsetMax(lim: EncodingLimits): number {
  const m = lim.setMaxIntsetEntries;
  return m >= 1 << 30 ? 1 << 30 : m;
}

/**
 * A set of strings that can hold more than 2^24 members: full segments are left
 * alone and new members go to the last one. Lookups check every segment (one
 * in the common case).
 *
 * Random access (SPOP, SRANDMEMBER) needs an index that a JS Set lacks, so a
 * `pool` array of members is built on the first random pick and kept in step
 * afterwards: additions are appended; removals are only remembered in `gone`
 * (the pool then holds each member exactly once plus each removed-and-not-
 * re-added member once). A pick draws a uniform pool slot and retries on a
 * removed one; once removals exceed half the pool it is dropped and rebuilt on
 * the next pick, so picks stay O(1) amortized with an exactly uniform choice.
 * Cost: one array slot per member, only for sets that were ever sampled.
 */
export class SegSet {
  private segs: Set<string>[];
  private last: Set<string>;
  private pool: string[] | null = null;
  private gone: Set<string> | null = null;
  /** Fences of running SSCAN walks (see fences.ts). */
  private fences: Fences | null = null;

  constructor(private readonly segmentLimit = SEGMENT_LIMIT) {
    this.last = new Set();
    this.segs = [this.last];
  }

  get size(): number {
    if (this.segs.length === 1) return this.last.size;
    let n = 0;
    for (const s of this.segs) n += s.size;
    return n;
  }

  has(m: string): boolean {
    if (this.segs.length === 1) return this.last.has(m);
    for (const s of this.segs) if (s.has(m)) return true;
    return false;
  }

  /** Adds a member; false when it was there already. */
  add(m: string): boolean {
    if (this.segs.length === 1) {
      const s = this.last;
      const n = s.size;
      if (n < this.segmentLimit) {
        s.add(m);
        if (s.size === n) return false;
        this.added(m);
        return true;
      }
      if (s.has(m)) return false;
    } else if (this.has(m)) return false;
    if (this.last.size >= this.segmentLimit) {
      this.last = new Set();
      this.segs.push(this.last);
    }
    this.last.add(m);
    this.added(m);
    return true;
  }

  private added(m: string): void {
    if (this.fences !== null) this.fences.inserted(m);
    if (this.pool === null) return;
    if (this.gone !== null && this.gone.delete(m)) return; // still in the pool from before
    this.pool.push(m);
  }

  delete(m: string): boolean {
    let ok = false;
    if (this.segs.length === 1) ok = this.last.delete(m);
    else {
      for (let i = 0; i < this.segs.length; i++) {
        const s = this.segs[i];
        if (s.delete(m)) {
          ok = true;
          if (s.size === 0) {
            this.segs.splice(i, 1);
            this.last = this.segs[this.segs.length - 1];
          }
          break;
        }
      }
    }
    if (ok && this.fences !== null) this.fences.deleted(m);
    if (ok && this.pool !== null) {
      if (this.gone === null) this.gone = new Set();
      this.gone.add(m);
      if (this.gone.size * 2 > this.pool.length) this.dropPool();
    }
    return ok;
  }

  /** Starts remembering the members added from now on (an SSCAN walk's fence). */
  addFence(): Set<string> {
    if (this.fences === null) this.fences = new Fences();
    return this.fences.add();
  }

  removeFence(fence: Set<string>): void {
    if (this.fences === null) return;
    this.fences.remove(fence);
    if (this.fences.empty) this.fences = null;
  }

  private dropPool(): void {
    this.pool = null;
    this.gone = null;
  }

  /** A uniformly random member. The set must not be empty. */
  random(): string {
    return this.pool_()[this.randomSlot()];
  }

  /** Removes and returns a uniformly random member. The set must not be empty. */
  popRandom(): string {
    const pool = this.pool_();
    const i = this.randomSlot();
    const m = pool[i];
    // Take it out of the pool directly (swap with the last slot), so it is not left as a stale slot.
    pool[i] = pool[pool.length - 1];
    pool.pop();
    const p = this.pool;
    this.pool = null; // delete() must not record it in `gone`
    this.delete(m);
    this.pool = p;
    return m;
  }

  private pool_(): string[] {
    if (this.pool === null) {
      const pool: string[] = new Array(this.size);
      let i = 0;
      for (const s of this.segs) for (const m of s) pool[i++] = m;
      this.pool = pool;
      this.gone = null;
    }
    return this.pool;
  }

  private randomSlot(): number {
    const pool = this.pool!;
    const gone = this.gone;
    for (;;) {
      const i = Math.floor(Math.random() * pool.length);
      if (gone === null || gone.size === 0 || !gone.has(pool[i])) return i;
    }
  }

  /** Every member, as an array (a fresh copy). */
  toArray(): string[] {
    const out: string[] = new Array(this.size);
    let i = 0;
    for (const s of this.segs) for (const m of s) out[i++] = m;
    return out;
  }

  /** The segments, for iteration (and SSCAN cursors, see scan.ts). */
  segments(): readonly Set<string>[] {
    return this.segs;
  }

  *[Symbol.iterator](): IterableIterator<string> {
    for (const s of this.segs) yield* s;
  }
}

function intString(v: Int): string {
  return typeof v === 'number' ? String(v) : v.toString();
}

/** Index of `v` in the sorted intset, or -(insertion point) - 1. */
function intsetSearch(a: Int[], v: Int): number {
  let lo = 0;
  let hi = a.length - 1;
  // Fast paths for appends at either end (ascending or descending bulk loads).
  if (hi >= 0) {
    if (v > a[hi]) return -(hi + 1) - 1;
    if (v < a[0]) return -1;
  }
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const x = a[mid];
    if (x < v) lo = mid + 1;
    else if (x > v) hi = mid - 1;
    else return mid;
  }
  return -lo - 1;
}

export class SetValue implements RedisObject {
  get type(): 'set' {
    return 'set';
  }

  /** Current encoding (ENC_*). */
  enc: SetEncoding;
  /** Int[] (intset), string[] (listpack) or SegSet (hashtable). */
  private d: Int[] | string[] | SegSet;

  private constructor(enc: SetEncoding, d: Int[] | string[] | SegSet) {
    this.enc = enc;
    this.d = d;
  }

  static intset(): SetValue {
    return new SetValue(ENC_INTSET, []);
  }

  static listpack(): SetValue {
    return new SetValue(ENC_LISTPACK, []);
  }

  static hashtable(): SetValue {
    return new SetValue(ENC_HASHTABLE, new SegSet());
  }

  /**
   * A new empty set able to take `first`, sized for about `sizeHint` members
   * (Redis's setTypeCreate).
   */
  static create(first: string, sizeHint: number, lim: EncodingLimits): SetValue {
    if (sizeHint <= lim.setMaxIntsetEntries && parseI64(first) !== null) return SetValue.intset();
    if (sizeHint <= lim.setMaxListpackEntries) return SetValue.listpack();
    return SetValue.hashtable();
  }

  encoding(): string {
    return this.enc === ENC_INTSET ? 'intset' : this.enc === ENC_LISTPACK ? 'listpack' : 'hashtable';
  }

  get size(): number {
    return this.enc === ENC_HASHTABLE ? (this.d as SegSet).size : (this.d as unknown[]).length;
  }

  /** A deep copy with the same encoding (COPY). */
  clone(): SetValue {
    if (this.enc === ENC_HASHTABLE) {
      const s = new SegSet();
      for (const seg of (this.d as SegSet).segments()) for (const m of seg) s.add(m);
      return new SetValue(ENC_HASHTABLE, s);
    }
    return new SetValue(this.enc, (this.d as unknown[]).slice() as Int[] | string[]);
  }

  /** Converts to a hashtable when `sizeHint` more members would overflow the compact encoding (setTypeMaybeConvert). */
  maybeConvert(sizeHint: number, lim: EncodingLimits): void {
    if (
      (this.enc === ENC_LISTPACK && sizeHint > lim.setMaxListpackEntries) ||
      (this.enc === ENC_INTSET && sizeHint > lim.setMaxIntsetEntries)
    ) {
      this.toHashtable();
    }
  }

  private toHashtable(): void {
    const s = new SegSet();
    if (this.enc === ENC_INTSET) for (const v of this.d as Int[]) s.add(intString(v));
    else for (const m of this.d as string[]) s.add(m);
    this.d = s;
    this.enc = ENC_HASHTABLE;
  }

  private intsetToListpack(): void {
    const a = this.d as Int[];
    const lp: string[] = new Array(a.length);
    for (let i = 0; i < a.length; i++) lp[i] = intString(a[i]);
    this.d = lp;
    this.enc = ENC_LISTPACK;
  }

  /** Adds a member; true when it was not there (setTypeAddAux). */
  add(m: string, lim: EncodingLimits): boolean {
    switch (this.enc) {
      case ENC_HASHTABLE:
        return (this.d as SegSet).add(m);
      case ENC_LISTPACK: {
        const lp = this.d as string[];
        if (lp.indexOf(m) >= 0) return false;
        if (lp.length < lim.setMaxListpackEntries && m.length <= lim.setMaxListpackValue) {
          lp.push(m);
        } else {
          this.toHashtable();
          (this.d as SegSet).add(m);
        }
        return true;
      }
      default: {
        const v = parseI64(m);
        if (v !== null) return this.addInt(v, lim);
        const a = this.d as Int[];
        // A non-integer: listpack if it fits, assuming every integer is as long as the longest end.
        let maxLen = 0;
        if (a.length !== 0) maxLen = Math.max(intString(a[0]).length, intString(a[a.length - 1]).length);
        if (a.length < lim.setMaxListpackEntries && m.length <= lim.setMaxListpackValue && maxLen <= lim.setMaxListpackValue) {
          this.intsetToListpack();
          (this.d as string[]).push(m);
        } else {
          this.toHashtable();
          (this.d as SegSet).add(m);
        }
        return true;
      }
    }
  }

  /** Adds an intset value to an intset (the caller checked the encoding). */
  private addInt(v: Int, lim: EncodingLimits): boolean {
    const a = this.d as Int[];
    const i = intsetSearch(a, v);
    if (i >= 0) return false;
    const at = -i - 1;
    if (at === a.length) a.push(v);
    else a.splice(at, 0, v);
    if (a.length > intsetMax(lim)) this.toHashtable();
    return true;
  }

  /** Removes a member; true when it was there. The caller deletes the key when the set becomes empty. */
  remove(m: string): boolean {
    switch (this.enc) {
      case ENC_HASHTABLE:
        return (this.d as SegSet).delete(m);
      case ENC_LISTPACK: {
        const lp = this.d as string[];
        const i = lp.indexOf(m);
        if (i < 0) return false;
        if (i === lp.length - 1) lp.pop();
        else lp.splice(i, 1);
        return true;
      }
      default: {
        const v = parseI64(m);
        if (v === null) return false;
        const a = this.d as Int[];
        const i = intsetSearch(a, v);
        if (i < 0) return false;
        if (i === a.length - 1) a.pop();
        else a.splice(i, 1);
        return true;
      }
    }
  }

  has(m: string): boolean {
    switch (this.enc) {
      case ENC_HASHTABLE:
        return (this.d as SegSet).has(m);
      case ENC_LISTPACK:
        return (this.d as string[]).indexOf(m) >= 0;
      default: {
        const v = parseI64(m);
        return v !== null && intsetSearch(this.d as Int[], v) >= 0;
      }
    }
  }

  /** Every member as a fresh array, in the encoding's order (intset ascending, listpack insertion). */
  toArray(): string[] {
    switch (this.enc) {
      case ENC_HASHTABLE:
        return (this.d as SegSet).toArray();
      case ENC_LISTPACK:
        return (this.d as string[]).slice();
      default: {
        const a = this.d as Int[];
        const out: string[] = new Array(a.length);
        for (let i = 0; i < a.length; i++) out[i] = intString(a[i]);
        return out;
      }
    }
  }

  /** Iterates the members in the encoding's order. Do not modify the set meanwhile. */
  *[Symbol.iterator](): IterableIterator<string> {
    if (this.enc === ENC_HASHTABLE) {
      yield* this.d as SegSet;
      return;
    }
    if (this.enc === ENC_LISTPACK) {
      yield* this.d as string[];
      return;
    }
    for (const v of this.d as Int[]) yield intString(v);
  }

  /** The member at position i of a compact encoding (intset/listpack). */
  at(i: number): string {
    return this.enc === ENC_LISTPACK ? (this.d as string[])[i] : intString((this.d as Int[])[i]);
  }

  /** The hashtable behind a hashtable-encoded set (SSCAN walks it). */
  table(): SegSet {
    return this.d as SegSet;
  }

  /** A uniformly random member. The set must not be empty. */
  random(): string {
    if (this.enc === ENC_HASHTABLE) return (this.d as SegSet).random();
    return this.at(Math.floor(Math.random() * this.size));
  }

  /** Removes and returns a uniformly random member. The caller deletes the key when it empties. */
  popRandom(): string {
    if (this.enc === ENC_HASHTABLE) return (this.d as SegSet).popRandom();
    const a = this.d as unknown[];
    const i = Math.floor(Math.random() * a.length);
    const m = this.at(i);
    a.splice(i, 1);
    return m;
  }

  /**
   * `count` distinct members picked at random (0 < count < size), in no
   * particular order. O(count) for a big hashtable, O(size) otherwise.
   */
  randomDistinct(count: number): string[] {
    const size = this.size;
    if (this.enc === ENC_HASHTABLE && count * 3 <= size) {
      const seen = new Set<string>();
      const out: string[] = [];
      const t = this.d as SegSet;
      while (out.length < count) {
        const m = t.random();
        if (!seen.has(m)) {
          seen.add(m);
          out.push(m);
        }
      }
      return out;
    }
    // Partial Fisher-Yates over a copy.
    const all = this.toArray();
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(Math.random() * (size - i));
      const t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    all.length = count;
    return all;
  }

  /**
   * Removes `count` random members of a compact set (0 < count < size) and
   * returns them in the set's order (Redis walks the listpack once the same way).
   */
  popRandomCompact(count: number): string[] {
    const a = this.d as unknown[];
    const n = a.length;
    // Selection sampling (Knuth's algorithm S): each member is kept with the right odds, in order.
    const out: string[] = [];
    const keep: unknown[] = [];
    let need = count;
    for (let i = 0; i < n; i++) {
      if (need > 0 && Math.random() * (n - i) < need) {
        out.push(this.at(i));
        need--;
      } else keep.push(a[i]);
    }
    this.d = keep as Int[] | string[];
    return out;
  }

  /**
   * SPOP's "most members go" path (Redis's case 3): keeps `remaining` random
   * members in a new set built as Redis builds it (an intset stays an intset,
   * anything else starts as a listpack and converts if it must) and returns
   * the removed members in the old set's order.
   */
  popMostly(remaining: number, lim: EncodingLimits): string[] {
    if (this.enc !== ENC_HASHTABLE) {
      // Compact: the kept members are a random subset in their original order.
      const keepers = this.popRandomCompact(remaining);
      const out = this.toArray();
      const next = this.enc === ENC_INTSET ? SetValue.intset() : SetValue.listpack();
      for (const m of keepers) next.add(m, lim);
      this.enc = next.enc;
      this.d = next.d;
      return out;
    }
    const keepers = this.randomDistinct(remaining);
    const kept = new Set(keepers);
    const next = SetValue.listpack();
    for (const m of keepers) next.add(m, lim);
    const out: string[] = [];
    for (const m of this) if (!kept.has(m)) out.push(m);
    this.enc = next.enc;
    this.d = next.d;
    return out;
  }

  /**
   * Turns a set whose members are all integers into an intset when it is small
   * enough (Redis's maybeConvertToIntset, used for SINTERSTORE results).
   */
  maybeConvertToIntset(lim: EncodingLimits): void {
    if (this.enc === ENC_INTSET || this.size > intsetMax(lim)) return;
    const a: Int[] = [];
    for (const m of this) a.push(parseI64(m)!);
    a.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    this.d = a;
    this.enc = ENC_INTSET;
  }
}

/** True when the string would be stored as an intset element. */
export function isIntsetMember(m: string): boolean {
  return parseI64(m) !== null;
}
