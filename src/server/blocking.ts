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
//
// As in Redis 7.2 (blocked.c handleClientsBlockedOnKey), a waiting client is
// only re-executed when the ready key holds the type its command waits for
// (a list for BLPOP, a sorted set for BZPOPMIN): a key that turned into a
// string leaves BLPOP waiting. A served client's pipelined commands run once
// every ready key has been served (Redis runs them from beforeSleep), so a
// client cannot jump the queue with a second BLPOP queued behind its first.
// A re-executed command counts once in commandstats (Redis counts a blocking
// command when it completes; Petrel when it first runs).
//
// Streams (XREAD / XREADGROUP BLOCK) follow Redis 7.2's rules for when a
// waiter runs again: only when the key was made ready for streams — XADD and
// XGROUP DESTROY call signalStreamReady() — or when the key now holds another
// value than when the client blocked (created, deleted, replaced, swapped).
// A key that is gone or no longer a stream leaves XREAD waiting but wakes
// XREADGROUP (`unblockOnNoKey`), whose re-run then fails with NOGROUP or
// WRONGTYPE, as in Redis. Other writes to the stream (XACK, XGROUP SETID...)
// do not wake anyone.

import type { Client } from './client.js';
import type { Server } from './server.js';
import type { Database } from '../data/keyspace.js';
import { typeOf, type TypeName, type Value } from '../data/values.js';
import { resolveCommand, commandCrashed } from './dispatcher.js';
import { snapshotBeforeCommand } from '../persistence/snapshot.js';
import { endPropagatedCall } from './propagate.js';

/**
 * What a timed-out command replies. Redis answers every key-blocking command
 * (BLPOP, BLMOVE, BRPOPLPUSH, BZPOPMIN, XREAD...) with a null array on timeout
 * or CLIENT UNBLOCK, even those whose immediate "nothing" is a null bulk.
 */
export type TimeoutReply = 'nilArray' | 'nil';

export interface BlockState {
  db: Database;
  keys: string[];
  argv: string[];
  timeoutReply: TimeoutReply;
  timer: NodeJS.Timeout | null;
  /** Absolute deadline in ms (0 = forever), for CLIENT LIST/INFO. */
  deadline: number;
  /** The type a ready key must hold to re-run the command; null = any change. */
  waitType: TypeName | null;
  /** XREADGROUP: also re-run when a key is deleted or changes type (its group is gone). */
  unblockOnNoKey: boolean;
  /** Stream waits: the value each key held when the client blocked (parallel to keys). */
  seen: (Value | undefined)[] | null;
}

/** The value type a blocking command of this group waits for. */
function waitTypeOfGroup(group: string): TypeName | null {
  if (group === 'list') return 'list';
  if (group === 'sorted_set') return 'zset';
  if (group === 'stream') return 'stream';
  return null;
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
  /** Clients served during serveReady whose pipelined input waits for the end of it. */
  private toResume: Client[] = [];
  /** Blocked clients with a deadline (INFO clients_in_timeout_table). */
  timedCount = 0;
  private resumeScheduled = false;
  /** Keys XADD / XGROUP DESTROY made ready for stream waiters since the last serve. */
  private streamReady = new Map<Database, Set<string>>();

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
  block(c: Client, keys: string[], timeoutMs: number, timeoutReply: TimeoutReply, unblockOnNoKey = false): boolean {
    if (this.reexecuting === c) {
      this.stillBlocked = true;
      // Blocked again afresh, as Redis re-blocks: remember what the keys hold now.
      const st = c.blocked;
      if (st !== null && st.seen !== null) for (let i = 0; i < st.keys.length; i++) st.seen[i] = st.db.peek(st.keys[i]);
      return true;
    }
    if (!c.canBlock()) return false;
    const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : 0;
    // A key named twice is waited on once.
    if (keys.length > 1) keys = [...new Set(keys)];
    const cmd = this.server.commands.get(c.currentArgv[0]) ?? this.server.commands.get(c.currentArgv[0].toLowerCase());
    const waitType = cmd === undefined ? null : waitTypeOfGroup(cmd.spec.group);
    let seen: (Value | undefined)[] | null = null;
    if (waitType === 'stream') {
      seen = new Array<Value | undefined>(keys.length);
      for (let i = 0; i < keys.length; i++) seen[i] = c.db.peek(keys[i]);
    }
    const state: BlockState = { db: c.db, keys, argv: c.currentArgv, timeoutReply, timer: null, deadline, waitType, unblockOnNoKey, seen };
    let perDb = this.waiting.get(c.db);
    if (perDb === undefined) {
      perDb = new Map();
      this.waiting.set(c.db, perDb);
    }
    for (const key of keys) {
      const q = perDb.get(key);
      if (q === undefined) perDb.set(key, [c]);
      else q.push(c);
    }
    if (timeoutMs > 0) {
      this.arm(c, state);
      this.timedCount++;
    }
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
    // Outside a command (active expiry in the cron) nobody else serves the key:
    // do it on the next turn, as Redis's beforeSleep would.
    if (!this.serveScheduled) {
      this.serveScheduled = true;
      setImmediate(this.serveLater);
    }
  }

  private serveScheduled = false;
  private readonly serveLater = (): void => {
    this.serveScheduled = false;
    if (this.ready.length !== 0 && !this.serving) this.serveReady();
  };

  /**
   * SWAPDB gave this database other contents, or FLUSHDB/FLUSHALL is about to
   * empty it: every key someone waits on may be ready (or gone) now. Serving
   * decides per client (a missing key only wakes XREADGROUP).
   */
  signalDatabase(db: Database): void {
    const perDb = this.waiting.get(db);
    if (perDb === undefined) return;
    for (const key of perDb.keys()) this.signal(db, key);
  }

  /**
   * XADD added an entry / XGROUP DESTROY removed a group: clients waiting on
   * the stream run again (Redis's signalKeyAsReady for OBJ_STREAM).
   */
  signalStreamReady(db: Database, key: string): void {
    const perDb = this.waiting.get(db);
    if (perDb === undefined || !perDb.has(key)) return;
    let set = this.streamReady.get(db);
    if (set === undefined) {
      set = new Set();
      this.streamReady.set(db, set);
    }
    set.add(key);
    this.signal(db, key);
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
    // Not in the middle of a busy script: its writes so far are not visible as a whole yet.
    if (this.serving || this.server.busyScript !== null) return;
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
    // Now the commands that queued up behind the served ones (they may block
    // again, or make more keys ready: dispatch serves those itself).
    if (this.toResume.length !== 0) {
      const list = this.toResume;
      this.toResume = [];
      for (const c of list) c.resumeInput();
    }
  }

  private serveKey(db: Database, key: string): void {
    const perDb = this.waiting.get(db);
    const q = perDb?.get(key);
    if (q === undefined) return;
    const readySet = this.streamReady.get(db);
    const streamReady = readySet !== undefined && readySet.delete(key);
    if (readySet !== undefined && readySet.size === 0) this.streamReady.delete(db);
    // Snapshot: clients that block during this pass wait for the next signal.
    for (const c of q.slice()) {
      const state = c.blocked;
      if (state === null || state.db !== db) continue;
      // Another client may have emptied the key already.
      const v = db.peek(key);
      if (state.waitType === 'stream') {
        if (v === undefined || typeOf(v) !== 'stream') {
          if (!state.unblockOnNoKey) continue;
        } else if (!streamReady && v === state.seen![state.keys.indexOf(key)]) continue;
        this.reexecute(c);
        continue;
      }
      if (v === undefined) continue;
      if (state.waitType !== null && typeOf(v) !== state.waitType) continue;
      this.reexecute(c);
    }
  }

  private reexecute(c: Client): void {
    const state = c.blocked!;
    const cmd = resolveCommand(c, state.argv);
    if (cmd === null) {
      this.unblock(c);
      c.flush();
      this.toResume.push(c);
      return;
    }
    this.reexecuting = c;
    this.stillBlocked = false;
    const savedDb = c.db;
    c.db = state.db;
    const errorsBefore = c.w.errors;
    const outBefore = c.w.out.length;
    const start = performance.now();
    const snap = this.server.keyspace.snapshot;
    if (snap !== null && cmd.isWrite) snapshotBeforeCommand(snap, this.server.keyspace, c.db, cmd, state.argv);
    const prop = this.server.propagation;
    const propagating = prop.active;
    const dirtyBefore = this.server.dirty;
    const replacedBefore = propagating ? prop.begin() : false;
    try {
      // The dispatcher counted the call when the command first ran.
      cmd.spec.run(c, state.argv);
    } catch (err) {
      commandCrashed(c, cmd, err, outBefore);
    } finally {
      this.reexecuting = null;
      c.db = savedDb;
    }
    if (propagating) endPropagatedCall(prop, this.server.dirty > dirtyBefore, state.db.id, state.argv, replacedBefore);
    cmd.usec += (performance.now() - start) * 1000;
    if (c.w.errors !== errorsBefore) cmd.failedCalls++;
    if (!this.stillBlocked) {
      this.unblock(c);
      c.flush();
      this.toResume.push(c);
    }
  }

  /** Removes the client from every wait queue and clears its timer (no reply). */
  unblock(c: Client): void {
    const state = c.blocked;
    if (state === null) return;
    if (state.timer !== null) clearTimeout(state.timer);
    if (state.deadline !== 0) this.timedCount--;
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
    this.resumeLater(c);
  }

  /**
   * Runs a client's queued input after the current command (and any serving
   * in progress) is done, never nested inside another client's command.
   */
  private resumeLater(c: Client): void {
    this.toResume.push(c);
    if (this.serving || this.resumeScheduled) return;
    this.resumeScheduled = true;
    setImmediate(() => {
      this.resumeScheduled = false;
      if (this.serving) return;
      const list = this.toResume;
      this.toResume = [];
      for (const cl of list) cl.resumeInput();
    });
  }

  /** CLIENT UNBLOCK: ends the wait as a timeout, or with the UNBLOCKED error. */
  unblockByRequest(c: Client, withError: boolean): boolean {
    if (c.blocked === null) return false;
    if (withError) {
      this.unblock(c);
      c.w.error('UNBLOCKED client unblocked via CLIENT UNBLOCK');
      c.flush();
      this.resumeLater(c);
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

const LLONG_MAX = 9223372036854775807;
const DEC_RE = /^[+-]?(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?$/;
const HEX_RE = /^([+-]?)0[xX](?:([0-9a-fA-F]+)(?:\.([0-9a-fA-F]*))?|\.([0-9a-fA-F]+))(?:[pP]([+-]?\d+))?$/;
const INF_RE = /^([+-]?)inf(?:inity)?$/i;

/**
 * Parses a number as C's strtold does for Redis's string2ld: decimal and hex
 * floats, inf/infinity, no spaces, NaN rejected. The long double range is far
 * wider than a double's: values past a double's range but within the long
 * double's come back as ±Infinity or a signed tiny number; values past the
 * long double's range (ERANGE) and anything invalid give NaN.
 */
export function parseLongDouble(s: string): number {
  let m = DEC_RE.exec(s);
  if (m !== null) {
    const v = Number(s);
    if (v !== 0 && Number.isFinite(v)) return v;
    const neg = s.charCodeAt(0) === 45;
    // Decimal exponent of the first significant digit decides over/underflow.
    const intDigits = (m[1] ?? '').replace(/^0+/, '');
    const frac = m[2] ?? m[3] ?? '';
    const exp = m[4] === undefined ? 0 : Number(m[4]);
    let e10: number;
    if (intDigits.length > 0) e10 = exp + intDigits.length - 1;
    else {
      const lead = frac.search(/[1-9]/);
      if (lead < 0) return neg ? -0 : 0; // a true zero
      e10 = exp - lead - 1;
    }
    if (e10 > 4932 || e10 < -4951) return NaN; // ERANGE for a long double
    if (v === 0) return neg ? -Number.MIN_VALUE : Number.MIN_VALUE;
    return v;
  }
  m = HEX_RE.exec(s);
  if (m !== null) {
    const digits = (m[2] ?? '') + (m[3] ?? m[4] ?? '');
    const fracLen = (m[3] ?? m[4] ?? '').length;
    let mant = 0;
    for (let i = 0; i < digits.length; i++) mant = mant * 16 + parseInt(digits[i], 16);
    const exp = (m[5] === undefined ? 0 : Number(m[5])) - 4 * fracLen;
    const v = mant * Math.pow(2, exp);
    return m[1] === '-' ? -v : v;
  }
  m = INF_RE.exec(s);
  if (m !== null) return m[1] === '-' ? -Infinity : Infinity;
  return NaN;
}

/**
 * Parses a blocking timeout in seconds (a float) as Redis 7.2's
 * getTimeoutFromObjectOrReply does: milliseconds rounded up; returns the ms
 * (0 = forever) or the error reply text.
 */
export function parseBlockTimeout(arg: string): number | string {
  const seconds = parseLongDouble(arg);
  if (Number.isNaN(seconds)) return 'ERR timeout is not a float or out of range';
  const ms = seconds * 1000;
  if (ms > LLONG_MAX) return 'ERR timeout is out of range';
  const t = Math.ceil(ms);
  if (t < 0) return 'ERR timeout is negative';
  // The absolute deadline (now + t) must fit a signed 64-bit integer too.
  if (t > 0 && t > LLONG_MAX - Date.now()) return 'ERR timeout is out of range';
  return t === 0 ? 0 : t; // -0 → 0
}
