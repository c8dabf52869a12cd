// maxmemory: memory accounting and eviction.
//
// What is counted. Redis compares its allocator's figure with maxmemory. A JS
// heap frees memory only when the garbage collector runs (so deleting keys
// would not lower a heap reading for a while), and an embedded Petrel shares
// its heap with the host program, so the heap cannot be the measure. While
// maxmemory is set, Petrel keeps an estimate of every key's size
// (data/memory.ts) and a running total per database, updated on every write
// through the keyspace's `modified` hook. "Used memory" for maxmemory is a
// fixed start-up overhead plus that total (INFO used_memory reports the same
// figure while maxmemory is set). Client buffers are not counted.
//
// What is evicted. Redis 7.2's policies: noeviction, allkeys-/volatile- lru,
// lfu, random, and volatile-ttl. LRU/LFU/TTL keep a pool of the 16 best
// candidates, refilled from `maxmemory-samples` sampled keys per database, as
// Redis's evictionPoolPopulate does: approximated LRU, not exact.
//
// When. Before each command (dispatcher) while used > maxmemory: evict until
// under the limit. If nothing can be evicted, commands flagged `denyoom`
// get -OOM.

import type { Server } from './server.js';
import type { Database } from '../data/keyspace.js';
import { Dict } from '../data/dict.js';
import { estimateKeyBytes } from '../data/memory.js';

/** Counted as used before any key exists (Redis starts at about 0.9 MB). */
export const STARTUP_OVERHEAD = 1024 * 1024;
const POOL_SIZE = 16;

export const OOM_ERROR = "OOM command not allowed when used memory > 'maxmemory'.";

const P_NOEVICTION = 0;
const P_LRU = 1;
const P_LFU = 2;
const P_RANDOM = 3;
const P_TTL = 4;

interface Candidate {
  db: Database;
  key: string;
  /** Higher = better to evict (idle ms, 255 - frequency, -deadline). */
  score: number;
}

export class Evictor {
  /** maxmemory in bytes; 0 = no limit and no accounting. */
  maxmemory = 0;
  private kind = P_NOEVICTION;
  private volatileOnly = false;
  private samples = 5;
  /** Estimated bytes per key, per database (only while maxmemory is set). */
  private sizes: Dict<number>[] = [];
  private totals: number[] = [];
  private total = 0;
  private pool: Candidate[] = [];
  private nextDb = 0;
  private sampleBuf: string[] = [];

  constructor(private readonly server: Server) {}

  /** Re-reads maxmemory, the policy and samples; turns accounting on or off. */
  configure(): void {
    const cfg = this.server.config;
    const max = cfg.num('maxmemory');
    const policy = cfg.str('maxmemory-policy');
    this.samples = cfg.num('maxmemory-samples');
    this.volatileOnly = policy.startsWith('volatile-');
    this.kind = policy === 'noeviction'
      ? P_NOEVICTION
      : policy.endsWith('-lru')
        ? P_LRU
        : policy.endsWith('-lfu')
          ? P_LFU
          : policy.endsWith('-random')
            ? P_RANDOM
            : P_TTL;
    this.pool.length = 0;
    const wasOn = this.maxmemory !== 0;
    this.maxmemory = max;
    if (max !== 0 && !wasOn) this.recount();
    if (max === 0 && wasOn) {
      this.sizes = [];
      this.totals = [];
      this.total = 0;
    }
  }

  /** Measures every key from scratch (maxmemory turned on, a dataset loaded, FLUSH). */
  recount(): void {
    const dbs = this.server.keyspace.dbs;
    this.sizes = dbs.map(() => new Dict<number>());
    this.totals = dbs.map(() => 0);
    this.total = 0;
    for (let i = 0; i < dbs.length; i++) {
      const sizes = this.sizes[i];
      let sum = 0;
      for (const [key, value] of dbs[i].dict.entries()) {
        const bytes = estimateKeyBytes(key, value);
        sizes.set(key, bytes);
        sum += bytes;
      }
      this.totals[i] = sum;
      this.total += sum;
    }
  }

  /** Keyspace hook: `key` in `db` was written or removed. */
  keyChanged(db: Database, key: string): void {
    const sizes = this.sizes[db.id];
    const before = sizes.get(key) ?? 0;
    const value = db.dict.get(key);
    let after = 0;
    if (value === undefined) {
      if (before !== 0) sizes.delete(key);
    } else {
      after = estimateKeyBytes(key, value);
      sizes.set(key, after);
    }
    this.totals[db.id] += after - before;
    this.total += after - before;
  }

  /** A database was emptied (FLUSHDB/FLUSHALL). */
  dbCleared(db: Database): void {
    this.total -= this.totals[db.id];
    this.totals[db.id] = 0;
    this.sizes[db.id] = new Dict<number>();
  }

  /** Two databases swapped contents (SWAPDB). */
  dbsSwapped(a: Database, b: Database): void {
    const s = this.sizes[a.id];
    this.sizes[a.id] = this.sizes[b.id];
    this.sizes[b.id] = s;
    const t = this.totals[a.id];
    this.totals[a.id] = this.totals[b.id];
    this.totals[b.id] = t;
  }

  /** Bytes counted against maxmemory (INFO used_memory while maxmemory is set). */
  used(): number {
    return STARTUP_OVERHEAD + this.total;
  }

  /** Estimated dataset bytes (INFO used_memory_dataset). */
  dataset(): number {
    return this.total;
  }

  /**
   * Evicts keys until used memory is within maxmemory. Returns false when it
   * stays above (noeviction, or nothing left that the policy may evict).
   */
  performEvictions(): boolean {
    if (this.used() <= this.maxmemory) return true;
    if (this.kind === P_NOEVICTION) return false;
    // Lazy and active expiry first would be cheaper to lose; Redis does not
    // special-case them either: the policy decides.
    let guard = 0;
    while (this.used() > this.maxmemory) {
      const victim = this.kind === P_RANDOM ? this.randomVictim() : this.bestVictim();
      if (victim === null) return false;
      victim.db.evict(victim.key);
      this.server.dirty++;
      if (++guard > 1_000_000) return false;
    }
    return true;
  }

  private randomVictim(): Candidate | null {
    const dbs = this.server.keyspace.dbs;
    const out = this.sampleBuf;
    for (let i = 0; i < dbs.length; i++) {
      const db = dbs[(this.nextDb + i) % dbs.length];
      out.length = 0;
      db.sampleKeys(1, this.volatileOnly, out);
      if (out.length !== 0) {
        this.nextDb = (db.id + 1) % dbs.length;
        return { db, key: out[0], score: 0 };
      }
    }
    return null;
  }

  /** Refills the pool from every database's samples and takes its best live entry. */
  private bestVictim(): Candidate | null {
    const dbs = this.server.keyspace.dbs;
    const out = this.sampleBuf;
    for (let tries = 0; tries < 4; tries++) {
      for (const db of dbs) {
        out.length = 0;
        db.sampleKeys(this.samples, this.volatileOnly, out);
        for (const key of out) this.offer(db, key);
      }
      while (this.pool.length !== 0) {
        const best = this.pool.pop()!;
        // A pooled key may have been deleted, or lost its TTL under a volatile policy.
        if (best.db.dict.get(best.key) === undefined) continue;
        if (this.volatileOnly && best.db.getExpire(best.key) === undefined) continue;
        return best;
      }
    }
    return null;
  }

  /** Inserts a sampled key into the pool (kept sorted ascending by score; best last). */
  private offer(db: Database, key: string): void {
    const score = this.scoreOf(db, key);
    const pool = this.pool;
    for (let i = 0; i < pool.length; i++) if (pool[i].db === db && pool[i].key === key) return;
    if (pool.length >= POOL_SIZE && score <= pool[0].score) return;
    let i = pool.length;
    while (i > 0 && pool[i - 1].score > score) i--;
    pool.splice(i, 0, { db, key, score });
    if (pool.length > POOL_SIZE) pool.shift();
  }

  private scoreOf(db: Database, key: string): number {
    if (this.kind === P_LRU) return db.idleMs(key);
    if (this.kind === P_LFU) return 255 - db.lfuFreq(key);
    const when = db.getExpire(key);
    return when === undefined ? -Infinity : -when;
  }
}
