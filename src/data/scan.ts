// SCAN cursors over a Dict.
//
// Redis's SCAN walks hash-table buckets in reverse-binary order, so a plain
// number is enough to resume and rehashing never skips a bucket. A JS Map has
// no buckets we can address, but its iterators are *live*: an iterator keeps
// its place while entries are added or deleted, never yields a deleted entry,
// yields entries added after it started (they go to the end), and yields every
// entry present the whole time exactly once. That is the SCAN guarantee.
//
// So a cursor names a live iteration kept here:
//   - `step()` resumes the iteration named by the cursor, takes up to COUNT
//     keys, and hands back a fresh cursor (a new number per step, so a replayed
//     old cursor never skips anything: see the fallback below). It reads one key
//     ahead so that the step that exhausts the keyspace already answers 0.
//   - A Dict may be split into several Maps (segments). Segments are only ever
//     appended (when the last one is full) or removed (when empty), so the walk
//     goes through them in order, remembering the ones it has finished.
//   - The registry is bounded (LIMIT iterations, least recently used evicted
//     first) and idle iterations are dropped after IDLE_MS, because a live
//     iterator pins the Map's old backing table when the Map is resized.
//     FLUSHDB/FLUSHALL drop the iterations of the flushed Dict at once.
//   - Fallback: a cursor that is not (or no longer) registered, or that was
//     issued for another Dict (SWAPDB, or the client SELECTed another db),
//     restarts the walk from the beginning. Every key present for the whole
//     iteration is still returned at least once (with duplicates), which is all
//     Redis promises; what is lost is only efficiency.

/**
 * What a walk can run over: a Dict (keys of a database, fields of a hash...) or
 * any segmented collection whose segments iterate live like a Map's keys (a
 * set's SegSet).
 */
export interface ScanSegment {
  keys(): IterableIterator<string>;
}
export interface ScanSource {
  segments(): readonly ScanSegment[];
  has(key: string): boolean;
  /**
   * Optional: remember the first keys inserted from now on (see Dict). A walk
   * that reaches one of them has seen every older key and can stop, so it ends
   * even while keys keep being replaced faster than COUNT per call.
   */
  addFence?(): Set<string>;
  removeFence?(fence: Set<string>): void;
}

const LIMIT = 1024;
const IDLE_MS = 5 * 60 * 1000;

class ScanState {
  /** The segment being walked and its live iterator. */
  seg: ScanSegment | null = null;
  iter: Iterator<string> | null = null;
  /** Segments already walked to the end. */
  readonly done: ScanSegment[] = [];
  /** A key read ahead by the previous step, not yet returned. */
  lookahead: string | null = null;
  lastUsed = 0;
  /** Keys inserted after the walk began (null when the source cannot tell). */
  private readonly fence: Set<string> | null;

  constructor(readonly dict: ScanSource) {
    this.fence = dict.addFence?.() ?? null;
  }

  /** Releases the fence; the walk is over or forgotten. */
  dispose(): void {
    if (this.fence !== null) this.dict.removeFence?.(this.fence);
  }

  /** Drops the current segment if the Dict no longer holds it (cleared or emptied and removed). */
  revalidate(): void {
    if (this.seg === null) return;
    const segs = this.dict.segments();
    if (segs.length === 1 ? segs[0] !== this.seg : !segs.includes(this.seg)) {
      this.seg = null;
      this.iter = null;
    }
  }

  /** The next key of the walk, or null at the end. */
  next(): string | null {
    if (this.lookahead !== null) {
      const k = this.lookahead;
      this.lookahead = null;
      // Deleted since it was read ahead: skip it (if re-added it comes again later).
      if (this.dict.has(k)) return k;
    }
    const k = this.nextRaw();
    // Past the fence every key is newer than the walk: it is complete.
    if (k !== null && this.fence !== null && this.fence.has(k)) return null;
    return k;
  }

  private nextRaw(): string | null {
    for (;;) {
      if (this.iter === null) {
        const seg = this.nextSegment();
        if (seg === null) return null;
        this.seg = seg;
        this.iter = seg.keys();
      }
      const r = this.iter.next();
      if (!r.done) return r.value;
      this.done.push(this.seg!);
      this.seg = null;
      this.iter = null;
    }
  }

  private nextSegment(): ScanSegment | null {
    for (const s of this.dict.segments()) {
      if (!this.done.includes(s)) return s;
    }
    return null;
  }
}

export class ScanRegistry {
  /** Cursor (canonical decimal) → iteration; insertion order is least recently used first. */
  private readonly states = new Map<string, ScanState>();
  private nextId: number;

  constructor(
    private readonly limit = LIMIT,
    private readonly idleMs = IDLE_MS,
  ) {
    // Start somewhere arbitrary so cursors from an earlier server run are unlikely to collide.
    this.nextId = 1 + Math.floor(Math.random() * 0x3fffffff);
  }

  get size(): number {
    return this.states.size;
  }

  /**
   * One SCAN step over `dict` from `cursor` (canonical decimal, '0' to start):
   * pushes up to `count` keys into `out` and returns the cursor to continue
   * with, '0' when the walk is complete. `now` (ms) drives idle eviction.
   */
  step(dict: ScanSource, cursor: string, count: number, out: string[], now: number): string {
    this.evictIdle(now);
    let st: ScanState | undefined;
    if (cursor !== '0') {
      st = this.states.get(cursor);
      if (st !== undefined) this.states.delete(cursor);
      if (st !== undefined && st.dict !== dict) {
        st.dispose();
        st = undefined;
      }
    }
    if (st === undefined) st = new ScanState(dict);
    else st.revalidate();

    let n = 0;
    while (n < count) {
      const k = st.next();
      if (k === null) {
        st.dispose();
        return '0';
      }
      out.push(k);
      n++;
    }
    const ahead = st.next();
    if (ahead === null) {
      st.dispose();
      return '0';
    }
    st.lookahead = ahead;
    st.lastUsed = now;
    const id = String(this.nextId++);
    if (this.nextId >= Number.MAX_SAFE_INTEGER) this.nextId = 1;
    this.states.set(id, st);
    if (this.states.size > this.limit) {
      const oldest = this.states.keys().next().value as string;
      this.states.get(oldest)!.dispose();
      this.states.delete(oldest);
    }
    return id;
  }

  /** Forgets every iteration over `dict` (it is being flushed). */
  forget(dict: ScanSource): void {
    if (this.states.size === 0) return;
    for (const [id, st] of this.states) {
      if (st.dict !== dict) continue;
      st.dispose();
      this.states.delete(id);
    }
  }

  /** Drops iterations unused for longer than the idle limit. */
  evictIdle(now: number): void {
    for (const [id, st] of this.states) {
      if (now - st.lastUsed <= this.idleMs) break;
      st.dispose();
      this.states.delete(id);
    }
  }

  clear(): void {
    for (const st of this.states.values()) st.dispose();
    this.states.clear();
  }
}
