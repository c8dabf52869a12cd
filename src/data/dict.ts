// A Map that can hold more than 2^24 entries. V8's Map throws past 16,777,216
// entries, so once a segment is full new keys go to a fresh segment. Lookups
// check segments in order; with one segment (the common case) this is a plain
// Map with one extra indirection.

import { Fences } from './fences.js';

/** Entries per segment; a little under V8's hard limit. */
export const SEGMENT_LIMIT = 16_000_000;

export class Dict<V> {
  private segs: Map<string, V>[] = [new Map()];
  private last: Map<string, V> = this.segs[0];
  /** Fences of running scans (see fences.ts); null while no scan runs, keeping set() one Map operation. */
  private fences: Fences | null = null;

  /** Overridable in tests to exercise segmentation without 16M entries. */
  constructor(private readonly segmentLimit = SEGMENT_LIMIT) {}

  get size(): number {
    if (this.segs.length === 1) return this.last.size;
    let n = 0;
    for (const s of this.segs) n += s.size;
    return n;
  }

  get(key: string): V | undefined {
    if (this.segs.length === 1) return this.last.get(key);
    for (const s of this.segs) {
      const v = s.get(key);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  has(key: string): boolean {
    if (this.segs.length === 1) return this.last.has(key);
    for (const s of this.segs) if (s.has(key)) return true;
    return false;
  }

  set(key: string, value: V): void {
    if (this.fences !== null && !this.has(key)) this.fences.inserted(key);
    // Common case, one segment with room: a single hash operation (insert or overwrite).
    if (this.segs.length === 1 && this.last.size < this.segmentLimit) {
      this.last.set(key, value);
      return;
    }
    if (this.segs.length > 1) {
      for (const s of this.segs) {
        if (s.has(key)) {
          s.set(key, value);
          return;
        }
      }
    } else if (this.last.has(key)) {
      this.last.set(key, value);
      return;
    }
    if (this.last.size >= this.segmentLimit) {
      this.last = new Map();
      this.segs.push(this.last);
    }
    this.last.set(key, value);
  }

  delete(key: string): boolean {
    if (this.fences !== null) this.fences.deleted(key);
    if (this.segs.length === 1) return this.last.delete(key);
    for (let i = 0; i < this.segs.length; i++) {
      const s = this.segs[i];
      if (s.delete(key)) {
        if (s.size === 0 && this.segs.length > 1) {
          this.segs.splice(i, 1);
          this.last = this.segs[this.segs.length - 1];
        }
        return true;
      }
    }
    return false;
  }

  clear(): void {
    this.segs = [new Map()];
    this.last = this.segs[0];
    this.fences = null;
  }

  /** Starts remembering the keys inserted from now on (a scan's fence). */
  addFence(): Set<string> {
    if (this.fences === null) this.fences = new Fences();
    return this.fences.add();
  }

  removeFence(fence: Set<string>): void {
    if (this.fences === null) return;
    this.fences.remove(fence);
    if (this.fences.empty) this.fences = null;
  }


  /** Live iteration over every key: keys added meanwhile are seen, deleted ones are not. */
  *keys(): IterableIterator<string> {
    for (const s of this.segs) yield* s.keys();
  }

  *entries(): IterableIterator<[string, V]> {
    for (const s of this.segs) yield* s.entries();
  }

  /** The segments themselves, for hot loops that want plain Map iteration. */
  segments(): readonly Map<string, V>[] {
    return this.segs;
  }
}
