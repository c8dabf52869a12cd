// A Map that can hold more than 2^24 entries. V8's Map throws past 16,777,216
// entries, so once a segment is full new keys go to a fresh segment. Lookups
// check segments in order; with one segment (the common case) this is a plain
// Map with one extra indirection.

/** Entries per segment; a little under V8's hard limit. */
export const SEGMENT_LIMIT = 16_000_000;

/** How many of the first keys inserted after a scan began it remembers (see scan.ts). */
export const FENCE_KEYS = 16;

export class Dict<V> {
  private segs: Map<string, V>[] = [new Map()];
  private last: Map<string, V> = this.segs[0];
  /**
   * Fences of running scans: each holds the first keys inserted after its scan
   * began (those come after every older key in iteration order), so the scan
   * can stop when it reaches one instead of chasing new keys for ever.
   * `filling` are the fences still taking keys; `fenceOf` maps a fenced key to
   * its fences so a delete can take it out (the fence then takes a newer key).
   * Both null while no scan runs, which keeps set() a single Map operation.
   */
  private filling: Set<Set<string>> | null = null;
  private fenceOf: Map<string, Set<Set<string>>> | null = null;

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
    if (this.filling !== null && !this.has(key)) this.fenceNewKey(key);
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
    if (this.fenceOf !== null) this.unfence(key);
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
    this.filling = null;
    this.fenceOf = null;
  }

  /** Starts remembering the keys inserted from now on (a scan's fence). */
  addFence(): Set<string> {
    const fence = new Set<string>();
    if (this.filling === null) this.filling = new Set();
    if (this.fenceOf === null) this.fenceOf = new Map();
    this.filling.add(fence);
    return fence;
  }

  removeFence(fence: Set<string>): void {
    this.filling?.delete(fence);
    if (this.fenceOf !== null) {
      for (const key of fence) {
        const fs = this.fenceOf.get(key);
        if (fs === undefined) continue;
        fs.delete(fence);
        if (fs.size === 0) this.fenceOf.delete(key);
      }
    }
    fence.clear();
    if (this.filling !== null && this.filling.size === 0 && this.fenceOf !== null && this.fenceOf.size === 0) {
      this.filling = null;
      this.fenceOf = null;
    }
  }

  private fenceNewKey(key: string): void {
    for (const f of this.filling!) {
      f.add(key);
      let fs = this.fenceOf!.get(key);
      if (fs === undefined) {
        fs = new Set();
        this.fenceOf!.set(key, fs);
      }
      fs.add(f);
      if (f.size >= FENCE_KEYS) this.filling!.delete(f);
    }
  }

  private unfence(key: string): void {
    const fs = this.fenceOf!.get(key);
    if (fs === undefined) return;
    this.fenceOf!.delete(key);
    for (const f of fs) {
      f.delete(key);
      this.filling!.add(f);
    }
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
