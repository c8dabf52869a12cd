// Blocking commands (BLPOP, BLMOVE, BZPOPMIN, BLMPOP, XREAD BLOCK...): clients
// wait on keys, and are served when a write makes one of those keys ready.
//
// Redis 7's model, which Petrel follows: a blocked client keeps its command;
// when a key it waits on is touched, the command runs again from the start
// ("re-execution"), in the order clients blocked (FIFO per key). If it still
// finds nothing to serve (the key is empty, or someone else took the element)
// it stays blocked in its place. Ready keys are handled after the top-level
// command that touched them has finished — after a whole EXEC or script — and
// until no key is ready any more, so BLMOVE chains wake further clients.
//
// Handlers cooperate like this:
//
//   if (nothing to pop) {
//     if (!blocking.block(c, keys, timeoutMs, 'nilArray')) c.w.nilArray(); // MULTI etc: no blocking
//     return;
//   }
//
// block() records the wait (or, during re-execution, leaves the client where it
// is) and replies nothing. Timeouts reply with the given null shape.

import type { Client } from './client.js';
import type { Server } from './server.js';
import type { Database } from '../data/keyspace.js';
import { resolveCommand, call } from './dispatcher.js';

/** What a timed-out command replies: a null array (BLPOP, BZPOPMIN, BLMPOP) or a null bulk (BLMOVE). */
export type TimeoutReply = 'nilArray' | 'nil';

export interface BlockState {
  db: Database;
  keys: string[];
  argv: string[];
  timeoutReply: TimeoutReply;
  timer: NodeJS.Timeout | null;
  /** Absolute deadline in ms (0 = forever), for CLIENT LIST/INFO. */
  deadline: number;
}

export class BlockingManager {
  /** Waiting clients per database and key, in the order they blocked. */
  private readonly waiting = new Map<Database, Map<string, Client[]>>();
  /** Keys touched since the last serve, in order, without repeats. */
  private ready: [Database, string][] = [];
  private readySet = new Map<Database, Set<string>>();
  /** Number of blocked clients (INFO blocked_clients). */
  blockedCount = 0;
  /** Set while a blocked client's command is being re-executed. */
  private reexecuting: Client | null = null;
  /** Whether the re-executed command asked to keep waiting. */
  private stillBlocked = false;
  private serving = false;

  constructor(private readonly server: Server) {}

  /** True when clients wait on keys of this database (cheap check for the keyspace hook). */
  hasWaiters(): boolean {
    return this.blockedCount !== 0;
  }

  /**
   * Blocks the client on keys until one becomes ready or timeoutMs passes (0 =
   * forever). Returns false when the client may not block (inside MULTI, a
   * script, or a replicated stream): the handler then replies as on timeout.
   */
  block(c: Client, keys: string[], timeoutMs: number, timeoutReply: TimeoutReply): boolean {
    if (this.reexecuting === c) {
      this.stillBlocked = true;
      return true;
    }
    if (!c.canBlock()) return false;
    const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : 0;
    const state: BlockState = { db: c.db, keys, argv: c.currentArgv, timeoutReply, timer: null, deadline };
    let perDb = this.waiting.get(c.db);
    if (perDb === undefined) {
      perDb = new Map();
      this.waiting.set(c.db, perDb);
    }
    for (const key of keys) {
      const q = perDb.get(key);
      if (q === undefined) perDb.set(key, [c]);
      else if (!q.includes(c)) q.push(c);
    }
    if (timeoutMs > 0) this.arm(c, state);
    c.blocked = state;
    this.blockedCount++;
    return true;
  }

  /** Called by the keyspace hook whenever a key is written. */
  signal(db: Database, key: string): void {
    const perDb = this.waiting.get(db);
    if (perDb === undefined || !perDb.has(key)) return;
    let set = this.readySet.get(db);
    if (set === undefined) {
      set = new Set();
      this.readySet.set(db, set);
    }
    if (set.has(key)) return;
    set.add(key);
    this.ready.push([db, key]);
  }

  /** True when some key became ready and waiting clients should be served. */
  get pending(): boolean {
    return this.ready.length !== 0;
  }

  /**
   * Serves clients waiting on ready keys: re-executes their commands in FIFO
   * order per key, until no key is ready. Called after each top-level command.
   */
  serveReady(): void {
    if (this.serving) return;
    this.serving = true;
    try {
      while (this.ready.length !== 0) {
        const batch = this.ready;
        this.ready = [];
        this.readySet.clear();
        for (const [db, key] of batch) this.serveKey(db, key);
      }
    } finally {
      this.serving = false;
    }
  }

  private serveKey(db: Database, key: string): void {
    const perDb = this.waiting.get(db);
    const q = perDb?.get(key);
    if (q === undefined) return;
    // Snapshot: clients that block during this pass wait for the next signal.
    for (const c of q.slice()) {
      if (c.blocked === null || c.blocked.db !== db) continue;
      // Another client may have emptied the key already: stop early when it is gone.
      if (db.peek(key) === undefined) return;
      this.reexecute(c);
    }
  }

  private reexecute(c: Client): void {
    const state = c.blocked!;
    const cmd = resolveCommand(c, state.argv);
    if (cmd === null) {
      this.unblock(c);
      c.flush();
      return;
    }
    this.reexecuting = c;
    this.stillBlocked = false;
    const savedDb = c.db;
    c.db = state.db;
    try {
      call(c, cmd, state.argv);
    } finally {
      this.reexecuting = null;
      c.db = savedDb;
    }
    if (!this.stillBlocked) {
      this.unblock(c);
      c.flush();
      c.resumeInput();
    }
  }

  /** Removes the client from every wait queue and clears its timer (no reply). */
  unblock(c: Client): void {
    const state = c.blocked;
    if (state === null) return;
    if (state.timer !== null) clearTimeout(state.timer);
    const perDb = this.waiting.get(state.db);
    if (perDb !== undefined) {
      for (const key of state.keys) {
        const q = perDb.get(key);
        if (q === undefined) continue;
        const i = q.indexOf(c);
        if (i >= 0) q.splice(i, 1);
        if (q.length === 0) perDb.delete(key);
      }
      if (perDb.size === 0) this.waiting.delete(state.db);
    }
    c.blocked = null;
    this.blockedCount--;
  }

  /** Node timers fire at once past 2^31-1 ms, so long waits are armed in steps. */
  private arm(c: Client, state: BlockState): void {
    const left = state.deadline - Date.now();
    state.timer = setTimeout(() => {
      if (c.blocked !== state) return;
      if (Date.now() >= state.deadline) this.timeout(c);
      else this.arm(c, state);
    }, Math.min(Math.max(left, 0), 2 ** 31 - 1));
  }

  /** The wait ran out: reply with the command's null shape and resume the client. */
  timeout(c: Client): void {
    const state = c.blocked;
    if (state === null) return;
    this.unblock(c);
    if (state.timeoutReply === 'nil') c.w.nil();
    else c.w.nilArray();
    c.flush();
    c.resumeInput();
  }

  /** CLIENT UNBLOCK: ends the wait as a timeout, or with the UNBLOCKED error. */
  unblockByRequest(c: Client, withError: boolean): boolean {
    if (c.blocked === null) return false;
    if (withError) {
      this.unblock(c);
      c.w.error('UNBLOCKED client unblocked via CLIENT UNBLOCK');
      c.flush();
      c.resumeInput();
    } else {
      this.timeout(c);
    }
    return true;
  }

  /** Number of keys with waiting clients (INFO blocked_keys... and tests). */
  get waitingKeys(): number {
    let n = 0;
    for (const perDb of this.waiting.values()) n += perDb.size;
    return n;
  }
}

const FLOAT_RE = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?)$/i;

/**
 * Parses a blocking timeout in seconds (a float) as Redis's
 * getTimeoutFromObjectOrReply does: milliseconds rounded up; returns the ms
 * (0 = forever) or the error reply text.
 */
export function parseBlockTimeout(arg: string): number | string {
  if (!FLOAT_RE.test(arg)) return 'ERR timeout is not a float or out of range';
  const lower = arg.toLowerCase();
  const seconds = lower.includes('inf') ? (arg[0] === '-' ? -Infinity : Infinity) : Number(arg);
  const ms = seconds * 1000;
  if (ms > 9223372036854775807) return 'ERR timeout is out of range';
  const t = Math.ceil(ms);
  if (t < 0) return 'ERR timeout is negative';
  return t === 0 ? 0 : t; // -0 → 0
}
