// The keyspace: `databases` numbered databases, each a Dict of values plus a
// separate Dict of expiry times (absolute Unix milliseconds). Keeping TTLs apart
// means a key without one costs nothing extra.
//
// Expiry is lazy (a key read after its deadline is deleted on the spot) and
// active (activeExpireCycle walks the volatile keys a bounded slice at a time).

import { defaultLimits, type EncodingLimits } from './limits.js';
import { Dict } from './dict.js';
// Notification class bits are the config's (config/ depends on nothing).
import { NOTIFY_KEY_MISS, NOTIFY_NEW } from '../config/parse.js';
import type { Value } from './values.js';
import { ScanRegistry } from './scan.js';

/** Redis's LRU clock: seconds, wrapping at 24 bits (the width of robj.lru). */
export const LRU_CLOCK_MAX = (1 << 24) - 1;
/** Starting LFU counter of a new key (Redis's LFU_INIT_VAL). */
export const LFU_INIT_VAL = 5;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** What the rest of the server wants to hear about key changes. */
export interface KeyspaceHooks {
  /** A key's value changed or it was deleted (WATCH, client tracking). */
  modified(db: Database, key: string): void;
  /** A key was removed because its TTL passed (propagate DEL, notify). */
  expired(db: Database, key: string): void;
  /** A key was removed by maxmemory eviction (propagate DEL, notify). */
  evicted(db: Database, key: string): void;
  /** A keyspace-level notification (`new` keys, `keymiss`): class flag, event name. */
  event(type: number, event: string, key: string, db: Database): void;
  /** A whole database is about to be emptied (FLUSHDB/FLUSHALL); its keys are still there. */
  clearing(db: Database): void;
  /** Two databases swapped contents (SWAPDB). */
  swapped(a: Database, b: Database): void;
}

/**
 * A running point-in-time snapshot (persistence/snapshot.ts): told before a
 * key changes outside a command's declared keys (expiry), and before bulk
 * changes (FLUSH*, SWAPDB) so it can finish first.
 */
export interface SnapshotObserver {
  beforeWrite(db: Database, key: string): void;
  /** Completes the snapshot's walk synchronously (its output stays in memory until written). */
  finishNow(): void;
}

const noHooks: KeyspaceHooks = {
  modified() {},
  expired() {},
  evicted() {},
  event() {},
  clearing() {},
  swapped() {},
};

export class Database {
  dict = new Dict<Value>();
  expires = new Dict<number>();
  /**
   * Per-key access word, Redis's robj.lru: the LRU clock of the last access
   * (seconds, 24-bit wrap), or in LFU mode (minutes << 8 | log counter).
   * Updated by get()/lookupRead()/set(); the *NoTouch lookups leave it alone,
   * as Redis's LOOKUP_NOTOUCH does (TYPE, TTL, EXISTS, OBJECT...).
   */
  access = new Dict<number>();
  /**
   * Exact deadlines for the rare keys whose expiry does not fit a double
   * (|ms| > 2^53, e.g. PEXPIREAT k 9223372036854775807). `expires` keeps the
   * rounded value, which is all expiry checks need.
   */
  bigExpires: Map<string, bigint> | null = null;
  /** Persistent iterator for the active expiry cycle: resumes where the last cycle stopped. */
  private expireCursor: Iterator<[string, number]> | null = null;
  /** Persistent iterator for RANDOMKEY. */
  private randomCursor: Iterator<string> | null = null;
  /** Where eviction sampling continues (all keys, volatile keys). */
  private sampleCursor: Iterator<string> | null = null;
  private volatileSampleCursor: Iterator<string> | null = null;
  /** Running estimate of the average TTL of volatile keys (INFO keyspace avg_ttl). */
  avgTtl = 0;

  constructor(
    readonly id: number,
    private readonly ks: Keyspace,
  ) {}

  get size(): number {
    return this.dict.size;
  }

  /** The value at key, deleting it first if it has expired. Counts as an access (LRU/LFU). */
  get(key: string): Value | undefined {
    const v = this.getNoTouch(key);
    if (v !== undefined && this.ks.trackingSince !== 0) this.touch(key);
    return v;
  }

  /** get() without recording an access (Redis's LOOKUP_NOTOUCH). */
  getNoTouch(key: string): Value | undefined {
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

  /** lookupRead() without recording an access: TYPE, TTL, EXISTS, OBJECT. */
  lookupReadNoTouch(key: string): Value | undefined {
    const v = this.getNoTouch(key);
    if (v === undefined) this.ks.stats.keyspaceMisses++;
    else this.ks.stats.keyspaceHits++;
    return v;
  }

  /** Records an access to an existing key (TOUCH, and get() once reads are tracked). */
  touch(key: string): void {
    if (this.ks.trackingSince === 0) return;
    if (this.ks.lfu) this.lfuTouch(key);
    else this.access.set(key, this.ks.lruClock());
  }

  private lfuTouch(key: string): void {
    const ks = this.ks;
    const word = this.access.get(key);
    let counter = word === undefined ? LFU_INIT_VAL : ks.lfuDecr(word);
    // Logarithmic increment: the higher the counter, the less likely a bump.
    if (counter < 255) {
      const base = counter > LFU_INIT_VAL ? counter - LFU_INIT_VAL : 0;
      if (Math.random() < 1 / (base * ks.lfuLogFactor + 1)) counter++;
    }
    this.access.set(key, (ks.lfuMinutes() << 8) | counter);
  }

  /** Milliseconds since the key was last accessed (OBJECT IDLETIME), Redis's estimate. */
  idleMs(key: string): number {
    // The first question about idle time turns tracking on; keys not accessed
    // since then count as idle since tracking began.
    this.ks.trackAccess = true;
    const word = this.access.get(key);
    if (word === undefined) return Math.max(0, this.ks.clock() - this.ks.trackingSince);
    const clock = this.ks.lruClock();
    const lru = word & LRU_CLOCK_MAX;
    return (clock >= lru ? clock - lru : clock + (LRU_CLOCK_MAX - lru)) * 1000;
  }

  /** The decayed LFU counter (OBJECT FREQ). */
  lfuFreq(key: string): number {
    const word = this.access.get(key);
    return word === undefined ? LFU_INIT_VAL : this.ks.lfuDecr(word);
  }

  /** Sets a key's idle time in seconds (RESTORE IDLETIME, RDB loading). */
  setIdle(key: string, seconds: number): void {
    const clock = this.ks.lruClock();
    let lru = clock - (seconds % (LRU_CLOCK_MAX + 1));
    if (lru < 0) lru += LRU_CLOCK_MAX + 1;
    this.access.set(key, lru);
  }

  /** Sets a key's LFU counter (RESTORE FREQ, RDB loading). */
  setFreq(key: string, freq: number): void {
    this.access.set(key, (this.ks.lfuMinutes() << 8) | Math.max(0, Math.min(255, freq)));
  }

  /** get() for read commands: also counts keyspace hits and misses for INFO. */
  lookupRead(key: string): Value | undefined {
    const v = this.get(key);
    if (v === undefined) {
      this.ks.stats.keyspaceMisses++;
      if (this.ks.eventFlags & NOTIFY_KEY_MISS) this.ks.hooks.event(NOTIFY_KEY_MISS, 'keymiss', key, this);
    } else this.ks.stats.keyspaceHits++;
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
    const announceNew = (this.ks.eventFlags & NOTIFY_NEW) !== 0 && this.getNoTouch(key) === undefined;
    if (this.expires.size !== 0) {
      // A key past its deadline is gone before the write (Redis's lookupKeyWrite):
      // the new value must not inherit the stale TTL, and the expiry is announced
      // (expired event, DEL in the AOF) as Redis does.
      const when = this.expires.get(key);
      if (when !== undefined && when <= this.ks.now && this.ks.expireAllowed && this.dict.get(key) !== undefined) this.expireKey(key);
    }
    this.dict.set(key, value);
    if (!keepTtl && this.expires.size !== 0) this.expires.delete(key);
    // A new value is a fresh object in Redis (lru = now). Under LFU an overwrite
    // keeps the counter, which the write's own lookup has just bumped.
    if (this.ks.trackingSince !== 0) {
      if (!this.ks.lfu) this.access.set(key, this.ks.lruClock());
      else if (this.access.get(key) === undefined) this.access.set(key, (this.ks.lfuMinutes() << 8) | LFU_INIT_VAL);
      else this.lfuTouch(key);
    }
    this.ks.hooks.modified(this, key);
    if (announceNew) this.ks.hooks.event(NOTIFY_NEW, 'new', key, this);
  }

  /**
   * Reports an in-place change to a key's value (LPUSH on an existing list, HSET
   * on an existing hash...): wakes clients blocked on it, invalidates WATCH.
   * Collections mutated in place call this instead of update().
   */
  signalModified(key: string): void {
    this.ks.hooks.modified(this, key);
  }

  /** Replaces the value of a key known to exist, keeping its TTL (in-place updates). */
  update(key: string, value: Value): void {
    // A write is an access: the get() that found the key has recorded it already.
    this.dict.set(key, value);
    this.ks.hooks.modified(this, key);
  }

  /** Deletes a key; returns whether it existed (an expired key counts as absent). */
  delete(key: string): boolean {
    if (this.getNoTouch(key) === undefined) return false;
    this.dict.delete(key);
    this.access.delete(key);
    if (this.expires.size !== 0) this.expires.delete(key);
    if (this.bigExpires !== null) this.bigExpires.delete(key);
    this.ks.hooks.modified(this, key);
    return true;
  }

  /** Absolute expiry time in ms, or undefined when the key has none. */
  getExpire(key: string): number | undefined {
    return this.expires.size === 0 ? undefined : this.expires.get(key);
  }

  /** getExpire, exact over the whole signed 64-bit range (a bigint past 2^53). */
  getExpireExact(key: string): number | bigint | undefined {
    const when = this.getExpire(key);
    if (when !== undefined && this.bigExpires !== null && (when > MAX_SAFE || when < -MAX_SAFE)) {
      const exact = this.bigExpires.get(key);
      if (exact !== undefined && Number(exact) === when) return exact;
    }
    return when;
  }

  /** Sets an absolute expiry (ms). The key must exist. */
  setExpire(key: string, whenMs: number): void {
    this.expires.set(key, whenMs);
    if (this.bigExpires !== null) this.bigExpires.delete(key);
    this.ks.hooks.modified(this, key);
  }

  /** setExpire for any signed 64-bit deadline; bigints outside the safe range are kept exactly. */
  setExpireExact(key: string, when: number | bigint): void {
    if (typeof when === 'number') {
      this.setExpire(key, when);
      return;
    }
    const n = Number(when);
    if (n <= MAX_SAFE && n >= -MAX_SAFE) {
      this.setExpire(key, n);
      return;
    }
    this.expires.set(key, n);
    if (this.bigExpires === null) this.bigExpires = new Map();
    this.bigExpires.set(key, when);
    this.ks.hooks.modified(this, key);
  }

  /**
   * What TTL, PTTL, EXPIRETIME and PEXPIRETIME answer: -2 when the key is
   * missing, -1 when it has no expiry, else the time left (or, `absolute`, the
   * deadline) in ms, or in seconds rounded to nearest. Exact over 64 bits.
   * Reads without touching the key (counts a keyspace hit or miss).
   */
  ttl(key: string, ms: boolean, absolute: boolean): number | bigint {
    if (this.lookupReadNoTouch(key) === undefined) return -2;
    const when = this.getExpireExact(key);
    if (when === undefined) return -1;
    const now = this.ks.now;
    if (typeof when === 'number') {
      let t = absolute ? when : when - now;
      if (t < 0) t = 0;
      return ms ? t : Math.floor((t + 500) / 1000);
    }
    let t = absolute ? when : when - BigInt(now);
    if (t < 0n) t = 0n;
    return ms ? t : (t + 500n) / 1000n;
  }

  /** Removes a TTL; true when there was one. */
  persist(key: string): boolean {
    if (this.expires.size === 0 || !this.expires.delete(key)) return false;
    if (this.bigExpires !== null) this.bigExpires.delete(key);
    this.ks.hooks.modified(this, key);
    return true;
  }

  /** True when a deadline has passed (without deleting). */
  isExpired(key: string): boolean {
    const when = this.expires.size === 0 ? undefined : this.expires.get(key);
    return when !== undefined && when <= this.ks.now;
  }

  private expireKey(key: string): void {
    if (this.ks.snapshot !== null) this.ks.snapshot.beforeWrite(this, key);
    this.dict.delete(key);
    this.expires.delete(key);
    this.access.delete(key);
    if (this.bigExpires !== null) this.bigExpires.delete(key);
    this.ks.stats.expiredKeys++;
    this.ks.hooks.expired(this, key);
    this.ks.hooks.modified(this, key);
  }

  /**
   * Appends up to `n` keys to `out` for eviction sampling (from the volatile
   * keys only when `volatile`). Like Redis's dictGetSomeKeys the picks are not
   * uniform: a persistent walk skips a random 0–7 keys between picks, so
   * successive calls cover the whole database.
   */
  sampleKeys(n: number, volatile: boolean, out: string[]): void {
    const size = volatile ? this.expires.size : this.dict.size;
    if (size === 0) return;
    if (n > size) n = size;
    let wrapped = 0;
    while (n > 0 && wrapped < 2) {
      let cursor = volatile ? this.volatileSampleCursor : this.sampleCursor;
      if (cursor === null) {
        cursor = volatile ? this.expires.keys() : this.dict.keys();
        if (volatile) this.volatileSampleCursor = cursor;
        else this.sampleCursor = cursor;
      }
      let skip = size > 16 ? Math.floor(Math.random() * 8) : 0;
      let r = cursor.next();
      while (!r.done && skip-- > 0) r = cursor.next();
      if (r.done) {
        if (volatile) this.volatileSampleCursor = null;
        else this.sampleCursor = null;
        wrapped++;
        continue;
      }
      out.push(r.value);
      n--;
    }
  }

  /** Removes a key chosen by maxmemory eviction. */
  evict(key: string): boolean {
    if (this.dict.get(key) === undefined) return false;
    if (this.ks.snapshot !== null) this.ks.snapshot.beforeWrite(this, key);
    this.dict.delete(key);
    this.access.delete(key);
    if (this.expires.size !== 0) this.expires.delete(key);
    if (this.bigExpires !== null) this.bigExpires.delete(key);
    this.ks.stats.evictedKeys++;
    this.ks.hooks.evicted(this, key);
    this.ks.hooks.modified(this, key);
    return true;
  }

  /** Deletes every key. */
  clear(): void {
    if (this.ks.snapshot !== null && this.dict.size !== 0) this.ks.snapshot.finishNow();
    if (this.dict.size !== 0) this.ks.hooks.clearing(this);
    this.ks.scans.forget(this.dict);
    this.dict.clear();
    this.expires.clear();
    this.access.clear();
    this.bigExpires = null;
    this.resetCursors();
    this.avgTtl = 0;
  }

  /** Forgets iteration state after the underlying dicts were replaced. */
  resetCursors(): void {
    this.expireCursor = null;
    this.randomCursor = null;
    this.sampleCursor = null;
    this.volatileSampleCursor = null;
  }

  /**
   * A random live key or null. Walks a persistent iterator forward a random
   * number of steps, so it is O(1) amortized (Redis picks a random bucket);
   * keys are not exactly uniformly likely, which Redis does not promise either.
   */
  randomKey(): string | null {
    // Small databases: an exact uniform pick costs at most a short walk.
    if (this.dict.size <= 64) {
      let tries = 3;
      while (this.dict.size > 0 && tries-- > 0) {
        let idx = Math.floor(Math.random() * this.dict.size);
        let key: string | null = null;
        for (const seg of this.dict.segments()) {
          if (idx >= seg.size) {
            idx -= seg.size;
            continue;
          }
          for (const k of seg.keys()) {
            if (idx-- === 0) {
              key = k;
              break;
            }
          }
          break;
        }
        if (key === null) return null;
        if (!this.isExpired(key)) return key;
        if (!this.ks.expireAllowed) return key;
        this.expireKey(key);
      }
      if (this.dict.size === 0) return null;
    }
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
  evictedKeys: number;
  keyspaceHits: number;
  keyspaceMisses: number;
}

export class Keyspace {
  dbs: Database[] = [];
  /** Current time in ms as seen by commands; the dispatcher refreshes it per command. */
  now = Date.now();
  /** False on replicas (keys expire only when the primary says so) and during loading. */
  expireAllowed = true;
  stats: KeyspaceStats = { expiredKeys: 0, evictedKeys: 0, keyspaceHits: 0, keyspaceMisses: 0 };
  /** notify-keyspace-events flags, mirrored here for the `new` and `keymiss` events. */
  eventFlags = 0;
  /** Encoding thresholds shared by every collection value (CONFIG SET updates them in place). */
  readonly limits: EncodingLimits = defaultLimits();
  /**
   * Access tracking mode: false = LRU (idle time, OBJECT IDLETIME), true = LFU
   * (OBJECT FREQ). Follows maxmemory-policy; the server keeps these in sync
   * with the config (see bindKeyspaceConfig in commands/keys.ts).
   */
  lfu = false;
  /**
   * Whether reads and writes update the per-key access word. Off until someone
   * needs it (the first OBJECT IDLETIME/FREQ, or an LRU/LFU maxmemory-policy):
   * tracking costs a second Map write per access (~40-70 ns measured) and ~30
   * bytes per key. Keys not seen since tracking began count as idle since then.
   */
  get trackAccess(): boolean {
    return this.trackingSince !== 0;
  }
  set trackAccess(on: boolean) {
    if (on && this.trackingSince === 0) this.trackingSince = this.clock();
    else if (!on) this.trackingSince = 0;
  }
  /** When access tracking started (ms), 0 while it is off. */
  trackingSince = 0;
  lfuLogFactor = 10;
  lfuDecayTime = 1;
  /** Live SCAN iterations (see scan.ts). */
  readonly scans = new ScanRegistry();
  /** The BGSAVE walk in progress, or null (one null check on expiry, FLUSH*, SWAPDB). */
  snapshot: SnapshotObserver | null = null;

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

  /** Redis's LRU clock for `now`: seconds, wrapping at 24 bits. */
  lruClock(): number {
    return Math.floor(this.now / 1000) & LRU_CLOCK_MAX;
  }

  /** Redis's LFU time: minutes, wrapping at 16 bits. */
  lfuMinutes(): number {
    return Math.floor(this.now / 60000) & 65535;
  }

  /** The LFU counter in an access word after its time-based decay (LFUDecrAndReturn). */
  lfuDecr(word: number): number {
    const ldt = (word >>> 8) & 65535;
    const counter = word & 255;
    if (this.lfuDecayTime <= 0) return counter;
    const now = this.lfuMinutes();
    const elapsed = now >= ldt ? now - ldt : 65535 - ldt + now;
    const periods = Math.floor(elapsed / this.lfuDecayTime);
    return periods > counter ? 0 : counter - periods;
  }

  /** Swaps the contents of two databases (SWAPDB). */
  swap(a: number, b: number): void {
    if (this.snapshot !== null) this.snapshot.finishNow();
    const da = this.dbs[a];
    const db = this.dbs[b];
    const dict = da.dict;
    const expires = da.expires;
    const access = da.access;
    const big = da.bigExpires;
    const avg = da.avgTtl;
    da.dict = db.dict;
    da.expires = db.expires;
    da.access = db.access;
    da.bigExpires = db.bigExpires;
    da.avgTtl = db.avgTtl;
    db.dict = dict;
    db.expires = expires;
    db.access = access;
    db.bigExpires = big;
    db.avgTtl = avg;
    da.resetCursors();
    db.resetCursors();
    this.hooks.swapped(da, db);
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
