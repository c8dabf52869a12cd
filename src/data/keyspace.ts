// The keyspace: `databases` numbered databases, each a Dict of values plus a
// separate Dict of expiry times (absolute Unix milliseconds). Keeping TTLs apart
// means a key without one costs nothing extra.
//
// Expiry is lazy (a key read after its deadline is deleted on the spot) and
// active (activeExpireCycle walks the volatile keys a bounded slice at a time).

import { Dict } from './dict.js';
import type { Value } from './values.js';

/** What the rest of the server wants to hear about key changes. */
export interface KeyspaceHooks {
  /** A key's value changed or it was deleted (WATCH, client tracking). */
  modified(db: Database, key: string): void;
  /** A key was removed because its TTL passed (propagate DEL, notify). */
  expired(db: Database, key: string): void;
}

const noHooks: KeyspaceHooks = {
  modified() {},
  expired() {},
};

export class Database {
  dict = new Dict<Value>();
  expires = new Dict<number>();
  /** Persistent iterator for the active expiry cycle: resumes where the last cycle stopped. */
  private expireCursor: Iterator<[string, number]> | null = null;
  /** Persistent iterator for RANDOMKEY. */
  private randomCursor: Iterator<string> | null = null;
  /** Running estimate of the average TTL of volatile keys (INFO keyspace avg_ttl). */
  avgTtl = 0;

  constructor(
    readonly id: number,
    private readonly ks: Keyspace,
  ) {}

  get size(): number {
    return this.dict.size;
  }

  /** The value at key, deleting it first if it has expired. */
  get(key: string): Value | undefined {
    const v = this.dict.get(key);
    if (v === undefined) return undefined;
    if (this.expires.size !== 0) {
      const when = this.expires.get(key);
      if (when !== undefined && when <= this.ks.now && this.ks.expireAllowed) {
        this.expireKey(key);
        return undefined;
      }
    }
    return v;
  }

  /** get() for read commands: also counts keyspace hits and misses for INFO. */
  lookupRead(key: string): Value | undefined {
    const v = this.get(key);
    if (v === undefined) this.ks.stats.keyspaceMisses++;
    else this.ks.stats.keyspaceHits++;
    return v;
  }

  /** Same as get but without deleting: replicas and read-only checks use it. */
  peek(key: string): Value | undefined {
    return this.dict.get(key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Stores a value, dropping any TTL unless keepTtl. */
  set(key: string, value: Value, keepTtl = false): void {
    this.dict.set(key, value);
    if (!keepTtl && this.expires.size !== 0) this.expires.delete(key);
    this.ks.hooks.modified(this, key);
  }

  /** Replaces the value of a key known to exist, keeping its TTL (in-place updates). */
  update(key: string, value: Value): void {
    this.dict.set(key, value);
    this.ks.hooks.modified(this, key);
  }

  /** Deletes a key; returns whether it existed (an expired key counts as absent). */
  delete(key: string): boolean {
    if (this.get(key) === undefined) return false;
    this.dict.delete(key);
    if (this.expires.size !== 0) this.expires.delete(key);
    this.ks.hooks.modified(this, key);
    return true;
  }

  /** Absolute expiry time in ms, or undefined when the key has none. */
  getExpire(key: string): number | undefined {
    return this.expires.size === 0 ? undefined : this.expires.get(key);
  }

  /** Sets an absolute expiry (ms). The key must exist. */
  setExpire(key: string, whenMs: number): void {
    this.expires.set(key, whenMs);
    this.ks.hooks.modified(this, key);
  }

  /** Removes a TTL; true when there was one. */
  persist(key: string): boolean {
    if (this.expires.size === 0 || !this.expires.delete(key)) return false;
    this.ks.hooks.modified(this, key);
    return true;
  }

  /** True when a deadline has passed (without deleting). */
  isExpired(key: string): boolean {
    const when = this.expires.size === 0 ? undefined : this.expires.get(key);
    return when !== undefined && when <= this.ks.now;
  }

  private expireKey(key: string): void {
    this.dict.delete(key);
    this.expires.delete(key);
    this.ks.stats.expiredKeys++;
    this.ks.hooks.expired(this, key);
    this.ks.hooks.modified(this, key);
  }

  /** Deletes every key. */
  clear(): void {
    this.dict.clear();
    this.expires.clear();
    this.resetCursors();
    this.avgTtl = 0;
  }

  /** Forgets iteration state after the underlying dicts were replaced. */
  resetCursors(): void {
    this.expireCursor = null;
    this.randomCursor = null;
  }

  /**
   * A random live key or null. Walks a persistent iterator forward a random
   * number of steps, so it is O(1) amortized (Redis picks a random bucket);
   * keys are not exactly uniformly likely, which Redis does not promise either.
   */
  randomKey(): string | null {
    let tries = this.dict.size;
    while (this.dict.size > 0 && tries-- >= 0) {
      let steps = 1 + Math.floor(Math.random() * 16);
      let key: string | null = null;
      while (steps-- > 0) {
        if (this.randomCursor === null) this.randomCursor = this.dict.keys();
        const r = this.randomCursor.next();
        if (r.done) {
          this.randomCursor = null;
          if (key !== null) break;
          continue;
        }
        key = r.value;
      }
      if (key === null) return null;
      if (!this.isExpired(key)) return key;
      if (this.ks.expireAllowed) this.expireKey(key);
      else return key;
    }
    return null;
  }

  /**
   * One slice of active expiry: examines up to `budget` volatile keys from where
   * the previous slice stopped, deleting those past their deadline. Returns
   * [examined, expired].
   */
  expireSlice(budget: number): [number, number] {
    let examined = 0;
    let expired = 0;
    let ttlSum = 0;
    let ttlCount = 0;
    const now = this.ks.now;
    while (examined < budget && this.expires.size > 0) {
      if (this.expireCursor === null) this.expireCursor = this.expires.entries();
      const r = this.expireCursor.next();
      if (r.done) {
        this.expireCursor = null;
        if (examined === 0) break;
        continue;
      }
      examined++;
      const [key, when] = r.value;
      if (when <= now) {
        this.expireKey(key);
        expired++;
      } else {
        ttlSum += when - now;
        ttlCount++;
      }
    }
    if (ttlCount > 0) {
      const avg = ttlSum / ttlCount;
      // Same smoothing idea as Redis: blend the sample into the running estimate.
      this.avgTtl = this.avgTtl === 0 ? avg : Math.round(this.avgTtl / 50 * 49 + avg / 50);
    }
    return [examined, expired];
  }
}

export interface KeyspaceStats {
  expiredKeys: number;
  keyspaceHits: number;
  keyspaceMisses: number;
}

export class Keyspace {
  dbs: Database[] = [];
  /** Current time in ms as seen by commands; the dispatcher refreshes it per command. */
  now = Date.now();
  /** False on replicas (keys expire only when the primary says so) and during loading. */
  expireAllowed = true;
  stats: KeyspaceStats = { expiredKeys: 0, keyspaceHits: 0, keyspaceMisses: 0 };

  constructor(
    count: number,
    public hooks: KeyspaceHooks = noHooks,
    /** Injectable clock, for tests that need time to pass. */
    public clock: () => number = Date.now,
  ) {
    for (let i = 0; i < count; i++) this.dbs.push(new Database(i, this));
  }

  tick(): number {
    this.now = this.clock();
    return this.now;
  }

  /** Swaps the contents of two databases (SWAPDB). */
  swap(a: number, b: number): void {
    const da = this.dbs[a];
    const db = this.dbs[b];
    const dict = da.dict;
    const expires = da.expires;
    const avg = da.avgTtl;
    da.dict = db.dict;
    da.expires = db.expires;
    da.avgTtl = db.avgTtl;
    db.dict = dict;
    db.expires = expires;
    db.avgTtl = avg;
    da.resetCursors();
    db.resetCursors();
  }

  flushAll(): void {
    for (const d of this.dbs) d.clear();
  }

  /**
   * Active expiry, run from the server cron: like Redis's activeExpireCycle it
   * looks at a bounded number of volatile keys per database and keeps going
   * while many of them turn out expired, but never longer than `timeLimitMs`.
   */
  activeExpireCycle(timeLimitMs: number, keysPerLoop = 20): void {
    if (!this.expireAllowed) return;
    const start = performance.now();
    this.tick();
    for (const db of this.dbs) {
      if (db.expires.size === 0) continue;
      for (;;) {
        const [examined, expired] = db.expireSlice(keysPerLoop);
        // Stop on this db once fewer than 10% of the sampled keys were stale.
        if (examined === 0 || expired * 10 < examined) break;
        if (performance.now() - start > timeLimitMs) return;
      }
      if (performance.now() - start > timeLimitMs) return;
    }
  }
}
