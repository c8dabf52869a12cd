// Generic (keyspace) commands: DEL UNLINK EXISTS TYPE KEYS SCAN RANDOMKEY
// RENAME RENAMENX MOVE COPY, the EXPIRE family, TTL family, PERSIST TOUCH OBJECT,
// and the keyspace-wide server commands DBSIZE FLUSHDB FLUSHALL SWAPDB.
//
// Access tracking (OBJECT IDLETIME / FREQ): every Database keeps an `access`
// Dict (key → Redis's 24-bit LRU clock, or the LFU word under an LFU policy).
// Reads, writes and TOUCH record once `keyspace.trackAccess` is on (first
// OBJECT IDLETIME/FREQ, or an LRU/LFU maxmemory-policy; it costs memory per
// key, so it is off until needed); the *NoTouch lookups never do, as Redis's
// LOOKUP_NOTOUCH (TYPE, TTL, EXISTS, OBJECT). SCAN's cursor design is described in data/scan.ts.
//
// Propagation (AOF/replicas) and keyspace events are not wired yet; where Redis
// rewrites a command for propagation (EXPIRE → PEXPIREAT, a past deadline → DEL)
// the handler says so in a comment.

import { propagateAs } from '../server/propagate.js';
import { notify, NOTIFY_GENERIC } from '../server/notify.js';
import { INVALID_CURSOR, parseScanCursor, parseScanOptions } from './scan-args.js';
import type { Client } from '../server/client.js';
import type { Server } from '../server/server.js';
import type { ArgDoc, CommandSpec } from './types.js';
import { DB_OUT_OF_RANGE, NO_SUCH_KEY, NOT_INTEGER, SYNTAX, invalidExpire } from './errors.js';
import { parseI64, MAX_I64 } from '../protocol/numbers.js';
import { globMatch } from '../data/glob.js';
import { MutableString, encodingOf, typeOf, type RedisObject, type Value } from '../data/values.js';
import type { Database, Keyspace } from '../data/keyspace.js';

const SAME_OBJECT = 'ERR source and destination objects are the same';
const INT_RANGE = 'ERR value is out of range, value must between -2147483648 and 2147483647';
const LFU_SELECTED =
  'ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';
const LFU_NOT_SELECTED =
  'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';
/** OBJECT REFCOUNT of a shared integer (Redis's OBJ_SHARED_REFCOUNT, INT_MAX). */
const SHARED_REFCOUNT = 2147483647;
/** Integers 0..9999 are shared objects in Redis (OBJ_SHARED_INTEGERS). */
const SHARED_INTEGERS = 10000;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

// ---------------------------------------------------------------- helpers

/**
 * Redis's getIntFromObjectOrReply: an integer within C int range. Replies with
 * the error (`msg` replaces both default texts when given) and returns null.
 */
function intArg(c: Client, s: string, msg: string | null = null): number | null {
  const v = parseI64(s);
  if (v === null) {
    c.w.error(msg ?? NOT_INTEGER);
    return null;
  }
  if (typeof v === 'bigint' || v > 2147483647 || v < -2147483648) {
    c.w.error(msg ?? INT_RANGE);
    return null;
  }
  return v;
}

function clusterEnabled(c: Client): boolean {
  return c.server.config.bool('cluster-enabled');
}

/**
 * Keeps the keyspace's access-tracking mode (LRU vs LFU) and LFU parameters in
 * step with the config. The server calls this once at start-up; OBJECT also
 * re-syncs, so a server built without the call still answers correctly.
 */
export function bindKeyspaceConfig(server: Server): void {
  const ks = server.keyspace;
  const sync = (): void => syncAccessPolicy(server, ks);
  sync();
  server.config.onChange('maxmemory-policy', sync);
  server.config.onChange('lfu-log-factor', sync);
  server.config.onChange('lfu-decay-time', sync);
}

function syncAccessPolicy(server: Server, ks: Keyspace): void {
  const policy = server.config.str('maxmemory-policy');
  ks.lfu = policy.endsWith('-lfu');
  // Eviction by LRU or LFU needs every read recorded from now on.
  if (ks.lfu || policy.endsWith('-lru')) ks.trackAccess = true;
  ks.lfuLogFactor = server.config.num('lfu-log-factor');
  ks.lfuDecayTime = server.config.num('lfu-decay-time');
}

/** A deep copy for COPY. Null when the value's type cannot be copied. */
function dupValue(v: Value): Value | null {
  if (typeof v !== 'object') return v; // JS strings and numbers are immutable
  if (v instanceof MutableString) {
    const m = new MutableString(v.toString());
    m.reportAs = v.reportAs;
    return m;
  }
  const clone = (v as RedisObject & { clone?: () => RedisObject }).clone;
  return typeof clone === 'function' ? clone.call(v) : null;
}

// ---------------------------------------------------------------- DEL UNLINK EXISTS TOUCH TYPE

function del(c: Client, argv: string[]): void {
  const db = c.db;
  let n = 0;
  for (let j = 1; j < argv.length; j++) {
    if (db.delete(argv[j])) {
      n++;
      notify(c, NOTIFY_GENERIC, 'del', argv[j]);
    }
  }
  c.server.dirty += n;
  c.w.integer(n);
}

function exists(c: Client, argv: string[]): void {
  const db = c.db;
  let n = 0;
  for (let j = 1; j < argv.length; j++) if (db.lookupReadNoTouch(argv[j]) !== undefined) n++;
  c.w.integer(n);
}

function touch(c: Client, argv: string[]): void {
  const db = c.db;
  let n = 0;
  for (let j = 1; j < argv.length; j++) {
    // Always records the access, even before reads are tracked: that is TOUCH's job.
    if (db.lookupReadNoTouch(argv[j]) !== undefined) {
      db.touch(argv[j]);
      n++;
    }
  }
  c.w.integer(n);
}

function type(c: Client, argv: string[]): void {
  const v = c.db.lookupReadNoTouch(argv[1]);
  c.w.simple(v === undefined ? 'none' : typeOf(v));
}

function dbsize(c: Client): void {
  c.w.integer(c.db.size);
}

// ---------------------------------------------------------------- KEYS SCAN RANDOMKEY

function keys(c: Client, argv: string[]): void {
  const db = c.db;
  const pattern = argv[1];
  const all = pattern === '*';
  const out: string[] = [];
  // Expired keys are skipped but not deleted here (as Redis's KEYS), so the
  // walk never mutates the Maps it iterates.
  const volatile = db.expires.size !== 0;
  for (const seg of db.dict.segments()) {
    for (const k of seg.keys()) {
      if (!all && !globMatch(pattern, k)) continue;
      if (volatile && db.isExpired(k)) continue;
      out.push(k);
    }
  }
  c.w.bulkArray(out);
}

const TYPE_NAMES = new Set(['string', 'list', 'set', 'zset', 'hash', 'stream']);

function scan(c: Client, argv: string[]): void {
  const cursor = parseScanCursor(argv[1]);
  if (cursor === null) {
    c.w.error(INVALID_CURSOR);
    return;
  }
  const opts = parseScanOptions(c, argv, 2, true);
  if (opts === null) return;
  const { count, pattern, typeName } = opts;
  const db = c.db;
  const ks = c.server.keyspace;
  const visited: string[] = [];
  const next = ks.scans.step(db.dict, cursor, count, visited, ks.now);
  // Redis 7.2 matches no key for an unknown TYPE name (an error is planned for 8.0).
  const noType = typeName !== null && !TYPE_NAMES.has(typeName);
  const out: string[] = [];
  for (let i = 0; i < visited.length; i++) {
    const k = visited[i];
    if (noType) continue;
    if (pattern !== null && !globMatch(pattern, k)) continue;
    // Expired keys are deleted on the way, as Redis's SCAN does.
    const v = db.getNoTouch(k);
    if (v === undefined) continue;
    if (typeName !== null && typeOf(v) !== typeName) continue;
    out.push(k);
  }
  c.w.array(2);
  c.w.bulk(next);
  c.w.bulkArray(out);
}

function randomkey(c: Client): void {
  const k = c.db.randomKey();
  if (k === null) c.w.nil();
  else c.w.bulk(k);
}

// ---------------------------------------------------------------- RENAME MOVE COPY

function renameGeneric(c: Client, argv: string[], nx: boolean): void {
  const db = c.db;
  const src = argv[1];
  const dst = argv[2];
  const v = db.get(src);
  if (v === undefined) {
    c.w.error(NO_SUCH_KEY);
    return;
  }
  if (src === dst) {
    if (nx) c.w.integer(0);
    else c.w.ok();
    return;
  }
  const when = db.getExpireExact(src);
  if (db.get(dst) !== undefined) {
    if (nx) {
      c.w.integer(0);
      return;
    }
    db.delete(dst);
  }
  const word = db.access.get(src);
  db.delete(src);
  db.set(dst, v);
  if (when !== undefined) db.setExpireExact(dst, when);
  if (word !== undefined) db.access.set(dst, word); // same object in Redis: LRU/LFU data moves with it
  c.server.dirty++;
  notify(c, NOTIFY_GENERIC, 'rename_from', src);
  notify(c, NOTIFY_GENERIC, 'rename_to', dst);
  if (nx) c.w.integer(1);
  else c.w.ok();
}

function rename(c: Client, argv: string[]): void {
  renameGeneric(c, argv, false);
}

function renamenx(c: Client, argv: string[]): void {
  renameGeneric(c, argv, true);
}

function move(c: Client, argv: string[]): void {
  if (clusterEnabled(c)) {
    c.w.error('ERR MOVE is not allowed in cluster mode');
    return;
  }
  const src = c.db;
  const id = intArg(c, argv[2]);
  if (id === null) return;
  const dbs = c.server.keyspace.dbs;
  if (id < 0 || id >= dbs.length) {
    c.w.error(DB_OUT_OF_RANGE);
    return;
  }
  const dst = dbs[id];
  if (dst === src) {
    c.w.error(SAME_OBJECT);
    return;
  }
  const key = argv[1];
  const v = src.get(key);
  if (v === undefined) {
    c.w.integer(0);
    return;
  }
  const when = src.getExpireExact(key);
  if (dst.get(key) !== undefined) {
    c.w.integer(0);
    return;
  }
  const word = src.access.get(key);
  dst.set(key, v);
  if (when !== undefined) dst.setExpireExact(key, when);
  if (word !== undefined) dst.access.set(key, word);
  src.delete(key);
  c.server.dirty++;
  c.server.notifier.notify(NOTIFY_GENERIC, 'move_from', key, src.id);
  c.server.notifier.notify(NOTIFY_GENERIC, 'move_to', key, dst.id);
  c.w.integer(1);
}

function copy(c: Client, argv: string[]): void {
  const src: Database = c.db;
  let dst: Database = src;
  let replace = false;
  const dbs = c.server.keyspace.dbs;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j].toLowerCase();
    if (opt === 'replace') {
      replace = true;
    } else if (opt === 'db' && j + 1 < argv.length) {
      const id = intArg(c, argv[j + 1]);
      if (id === null) return;
      if (id < 0 || id >= dbs.length) {
        c.w.error(DB_OUT_OF_RANGE);
        return;
      }
      dst = dbs[id];
      j++;
    } else {
      c.w.error(SYNTAX);
      return;
    }
  }
  if (clusterEnabled(c) && (src.id !== 0 || dst.id !== 0)) {
    c.w.error('ERR Copying to another database is not allowed in cluster mode');
    return;
  }
  const key = argv[1];
  const newkey = argv[2];
  if (src === dst && key === newkey) {
    c.w.error(SAME_OBJECT);
    return;
  }
  const v = src.lookupRead(key);
  if (v === undefined) {
    c.w.integer(0);
    return;
  }
  const when = src.getExpireExact(key);
  let mustDelete = false;
  if (dst.get(newkey) !== undefined) {
    if (!replace) {
      c.w.integer(0);
      return;
    }
    mustDelete = true;
  }
  const dup = dupValue(v);
  if (dup === null) {
    c.w.error(`ERR COPY is not supported for values of type '${typeOf(v)}'`);
    return;
  }
  if (mustDelete) dst.delete(newkey);
  dst.set(newkey, dup);
  if (when !== undefined) dst.setExpireExact(newkey, when);
  c.server.dirty++;
  c.server.notifier.notify(NOTIFY_GENERIC, 'copy_to', newkey, dst.id);
  c.w.integer(1);
}

// ---------------------------------------------------------------- EXPIRE family

const EXPIRE_NX = 1;
const EXPIRE_XX = 2;
const EXPIRE_GT = 4;
const EXPIRE_LT = 8;

/** Parses NX/XX/GT/LT from argv[3...]; replies and returns -1 on error. */
function expireFlags(c: Client, argv: string[]): number {
  let flags = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j].toLowerCase();
    if (opt === 'nx') flags |= EXPIRE_NX;
    else if (opt === 'xx') flags |= EXPIRE_XX;
    else if (opt === 'gt') flags |= EXPIRE_GT;
    else if (opt === 'lt') flags |= EXPIRE_LT;
    else {
      c.w.error(`ERR Unsupported option ${argv[j]}`);
      return -1;
    }
  }
  if (flags & EXPIRE_NX && flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)) {
    c.w.error('ERR NX and XX, GT or LT options at the same time are not compatible');
    return -1;
  }
  if (flags & EXPIRE_GT && flags & EXPIRE_LT) {
    c.w.error('ERR GT and LT options at the same time are not compatible');
    return -1;
  }
  return flags;
}

/**
 * Absolute deadline in ms for `arg` (seconds or ms, relative to `base` ms),
 * exact over signed 64 bits. Replies and returns null on a bad or overflowing value.
 */
function deadline(c: Client, arg: string, seconds: boolean, base: number, cmd: string): number | bigint | null {
  const v = parseI64(arg);
  if (v === null) {
    c.w.error(NOT_INTEGER);
    return null;
  }
  let when: number | bigint = v;
  if (seconds) {
    if (typeof when === 'number' && when <= 9007199254740 && when >= -9007199254740) when *= 1000;
    else {
      const b = BigInt(when);
      // LLONG_MAX / 1000 and LLONG_MIN / 1000, truncated as C does.
      if (b > 9223372036854775n || b < -9223372036854775n) {
        c.w.error(invalidExpire(cmd));
        return null;
      }
      when = b * 1000n;
    }
  }
  if (base !== 0) {
    if (typeof when === 'number' && when <= MAX_SAFE - base && when >= -MAX_SAFE) when += base;
    else {
      const b = BigInt(when);
      const bb = BigInt(base);
      if (b > MAX_I64 - bb) {
        c.w.error(invalidExpire(cmd));
        return null;
      }
      when = b + bb;
    }
  }
  if (typeof when === 'bigint' && when <= BigInt(MAX_SAFE) && when >= -BigInt(MAX_SAFE)) when = Number(when);
  return when;
}

function expireGeneric(c: Client, argv: string[], seconds: boolean, relative: boolean, cmd: string): void {
  const flags = expireFlags(c, argv);
  if (flags < 0) return;
  const ks = c.server.keyspace;
  const when = deadline(c, argv[2], seconds, relative ? ks.now : 0, cmd);
  if (when === null) return;
  const db = c.db;
  const key = argv[1];
  if (db.get(key) === undefined) {
    c.w.integer(0);
    return;
  }
  if (flags !== 0) {
    const cur = db.getExpireExact(key);
    if (flags & EXPIRE_NX && cur !== undefined) {
      c.w.integer(0);
      return;
    }
    if (flags & EXPIRE_XX && cur === undefined) {
      c.w.integer(0);
      return;
    }
    // A key without a TTL counts as an infinite one: GT never applies, LT always may.
    if (flags & EXPIRE_GT && (cur === undefined || when <= cur)) {
      c.w.integer(0);
      return;
    }
    if (flags & EXPIRE_LT && cur !== undefined && when >= cur) {
      c.w.integer(0);
      return;
    }
  }
  if (when <= ks.now && ks.expireAllowed) {
    // A deadline already past deletes the key: Redis propagates it as DEL (UNLINK
    // with lazyfree-lazy-expire) and does not count it in expired_keys.
    db.delete(key);
    propagateAs(c, ['DEL', key]);
    notify(c, NOTIFY_GENERIC, 'del', key);
  } else {
    // Logged as PEXPIREAT <absolute ms>, as Redis does: a replay sets the same deadline.
    db.setExpireExact(key, when);
    if (c.server.propagation.active) propagateAs(c, ['PEXPIREAT', key, String(when)]);
    notify(c, NOTIFY_GENERIC, 'expire', key);
  }
  c.server.dirty++;
  c.w.integer(1);
}

function expire(c: Client, argv: string[]): void {
  expireGeneric(c, argv, true, true, 'expire');
}
function pexpire(c: Client, argv: string[]): void {
  expireGeneric(c, argv, false, true, 'pexpire');
}
function expireat(c: Client, argv: string[]): void {
  expireGeneric(c, argv, true, false, 'expireat');
}
function pexpireat(c: Client, argv: string[]): void {
  expireGeneric(c, argv, false, false, 'pexpireat');
}

function ttlGeneric(c: Client, argv: string[], ms: boolean, absolute: boolean): void {
  c.w.integer(c.db.ttl(argv[1], ms, absolute));
}

function ttl(c: Client, argv: string[]): void {
  ttlGeneric(c, argv, false, false);
}
function pttl(c: Client, argv: string[]): void {
  ttlGeneric(c, argv, true, false);
}
function expiretime(c: Client, argv: string[]): void {
  ttlGeneric(c, argv, false, true);
}
function pexpiretime(c: Client, argv: string[]): void {
  ttlGeneric(c, argv, true, true);
}

function persist(c: Client, argv: string[]): void {
  const db = c.db;
  const key = argv[1];
  if (db.get(key) === undefined || !db.persist(key)) {
    c.w.integer(0);
    return;
  }
  c.server.dirty++;
  notify(c, NOTIFY_GENERIC, 'persist', key);
  c.w.integer(1);
}

// ---------------------------------------------------------------- OBJECT

const OBJECT_HELP = [
  'OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'ENCODING <key>',
  '    Return the name of the internal representation that stores the value of',
  '    <key>.',
  'FREQ <key>',
  '    Return the logarithmic access-frequency counter of <key> (LFU policies',
  '    only).',
  'IDLETIME <key>',
  '    Return the approximate number of seconds since <key> was last read or',
  '    written.',
  'REFCOUNT <key>',
  '    Return how many references the value of <key> has.',
  'HELP',
  '    Prints this help.',
];

function objectHelp(c: Client): void {
  c.w.array(OBJECT_HELP.length);
  for (const line of OBJECT_HELP) c.w.simple(line);
}

function objectEncoding(c: Client, argv: string[]): void {
  const v = c.db.lookupReadNoTouch(argv[2]);
  if (v === undefined) c.w.nil();
  else c.w.bulk(encodingOf(v));
}

function objectRefcount(c: Client, argv: string[]): void {
  const v = c.db.lookupReadNoTouch(argv[2]);
  if (v === undefined) {
    c.w.nil();
    return;
  }
  // Redis shares the objects of integers 0..9999 unless maxmemory is set with an LRU/LFU policy.
  let shared = false;
  if (typeof v === 'number' && v >= 0 && v < SHARED_INTEGERS) {
    const policy = c.server.config.str('maxmemory-policy');
    shared = c.server.config.num('maxmemory') === 0 || !(policy.endsWith('-lru') || policy.endsWith('-lfu'));
  }
  c.w.integer(shared ? SHARED_REFCOUNT : 1);
}

function objectIdletime(c: Client, argv: string[]): void {
  const db = c.db;
  const v = db.lookupReadNoTouch(argv[2]);
  if (v === undefined) {
    c.w.nil();
    return;
  }
  syncAccessPolicy(c.server, c.server.keyspace);
  if (c.server.keyspace.lfu) {
    c.w.error(LFU_SELECTED);
    return;
  }
  c.w.integer(Math.floor(db.idleMs(argv[2]) / 1000));
}

function objectFreq(c: Client, argv: string[]): void {
  const db = c.db;
  const v = db.lookupReadNoTouch(argv[2]);
  if (v === undefined) {
    c.w.nil();
    return;
  }
  syncAccessPolicy(c.server, c.server.keyspace);
  c.server.keyspace.trackAccess = true;
  if (!c.server.keyspace.lfu) {
    c.w.error(LFU_NOT_SELECTED);
    return;
  }
  c.w.integer(db.lfuFreq(argv[2]));
}

function objectContainer(c: Client): void {
  // Reached only with no subcommand: the dispatcher resolves subcommands itself.
  c.w.error(`ERR wrong number of arguments for 'object' command`);
}

// ---------------------------------------------------------------- FLUSHDB FLUSHALL SWAPDB

/** Parses FLUSHDB/FLUSHALL's optional ASYNC|SYNC; false (after replying) on bad input. */
function flushArgs(c: Client, argv: string[]): boolean {
  if (argv.length === 1) return true;
  if (argv.length === 2) {
    const opt = argv[1].toLowerCase();
    if (opt === 'sync' || opt === 'async') return true;
  }
  c.w.error(SYNTAX);
  return false;
}

function flushdb(c: Client, argv: string[]): void {
  if (!flushArgs(c, argv)) return;
  const db = c.db;
  const removed = db.size;
  db.clear();
  c.server.dirty += removed;
  c.w.ok();
}

function flushall(c: Client, argv: string[]): void {
  if (!flushArgs(c, argv)) return;
  const ks = c.server.keyspace;
  let removed = 0;
  for (const db of ks.dbs) removed += db.size;
  ks.flushAll();
  // Redis 7 adds the removed keys (and, with save points configured, saves an
  // RDB right away, which resets the counter: the persistence layer's job).
  c.server.dirty += removed;
  c.w.ok();
}

function swapdb(c: Client, argv: string[]): void {
  if (clusterEnabled(c)) {
    c.w.error('ERR SWAPDB is not allowed in cluster mode');
    return;
  }
  const a = intArg(c, argv[1], 'ERR invalid first DB index');
  if (a === null) return;
  const b = intArg(c, argv[2], 'ERR invalid second DB index');
  if (b === null) return;
  const ks = c.server.keyspace;
  const n = ks.dbs.length;
  if (a < 0 || a >= n || b < 0 || b >= n) {
    c.w.error(DB_OUT_OF_RANGE);
    return;
  }
  if (a !== b) ks.swap(a, b);
  c.server.dirty++;
  c.w.ok();
}

// ---------------------------------------------------------------- table

const KEY: ArgDoc = { name: 'key', type: 'key', keySpecIndex: 0 };
const KEYS_MULTI: ArgDoc = { name: 'key', type: 'key', keySpecIndex: 0, multiple: true };
const EXPIRE_CONDITION: ArgDoc = {
  name: 'condition',
  type: 'oneof',
  since: '7.0.0',
  optional: true,
  arguments: [
    { name: 'nx', type: 'pure-token', token: 'NX' },
    { name: 'xx', type: 'pure-token', token: 'XX' },
    { name: 'gt', type: 'pure-token', token: 'GT' },
    { name: 'lt', type: 'pure-token', token: 'LT' },
  ],
};
const EXPIRE_HISTORY: [string, string][] = [['7.0.0', 'Added options: `NX`, `XX`, `GT` and `LT`.']];
const FLUSH_ARGS: ArgDoc[] = [
  {
    name: 'flush-type',
    type: 'oneof',
    optional: true,
    arguments: [
      { name: 'async', type: 'pure-token', token: 'ASYNC', since: '4.0.0' },
      { name: 'sync', type: 'pure-token', token: 'SYNC', since: '6.2.0' },
    ],
  },
];
const FLUSH_HISTORY: [string, string][] = [
  ['4.0.0', 'Added the `ASYNC` flushing mode modifier.'],
  ['6.2.0', 'Added the `SYNC` flushing mode modifier.'],
];
const ONE_KEY = { first: 1, last: 1, step: 1 };
const ALL_KEYS = { first: 1, last: -1, step: 1 };
const TWO_KEYS = { first: 1, last: 2, step: 1 };
const MULTI_SHARD_SUM = ['request_policy:multi_shard', 'response_policy:agg_sum'];

export const commands: CommandSpec[] = [
  {
    name: 'del',
    arity: -2,
    flags: ['write'],
    group: 'generic',
    since: '1.0.0',
    summary: 'Removes keys; replies with how many existed.',
    complexity: 'O(N) in the number of keys; O(M) for a collection of M elements',
    acl: ['keyspace'],
    keys: ALL_KEYS,
    tips: MULTI_SHARD_SUM,
    args: [KEYS_MULTI],
    run: del,
  },
  {
    name: 'unlink',
    arity: -2,
    flags: ['write', 'fast'],
    group: 'generic',
    since: '4.0.0',
    summary: 'Removes keys, reclaiming their memory later; replies with how many existed.',
    complexity: 'O(1) per key removed; memory is reclaimed afterwards in O(N)',
    acl: ['keyspace'],
    keys: ALL_KEYS,
    tips: MULTI_SHARD_SUM,
    args: [KEYS_MULTI],
    run: del,
  },
  {
    name: 'exists',
    arity: -2,
    flags: ['readonly', 'fast'],
    group: 'generic',
    since: '1.0.0',
    summary: 'Counts how many of the given keys exist.',
    complexity: 'O(N) in the number of keys',
    acl: ['keyspace'],
    keys: ALL_KEYS,
    tips: MULTI_SHARD_SUM,
    history: [['3.0.3', 'Accepts multiple `key` arguments.']],
    args: [KEYS_MULTI],
    run: exists,
  },
  {
    name: 'type',
    arity: 2,
    flags: ['readonly', 'fast'],
    group: 'generic',
    since: '1.0.0',
    summary: 'Names the type of the value at a key.',
    complexity: 'O(1)',
    acl: ['keyspace'],
    keys: ONE_KEY,
    args: [KEY],
    run: type,
  },
  {
    name: 'keys',
    arity: 2,
    flags: ['readonly'],
    group: 'generic',
    since: '1.0.0',
    summary: 'Lists every key matching a glob-style pattern.',
    complexity: 'O(N) in the number of keys in the database',
    acl: ['keyspace', 'dangerous'],
    tips: ['request_policy:all_shards', 'nondeterministic_output_order'],
    args: [{ name: 'pattern', type: 'pattern' }],
    run: keys,
  },
  {
    name: 'scan',
    arity: -2,
    flags: ['readonly'],
    group: 'generic',
    since: '2.8.0',
    summary: 'Walks the keys of the database a few at a time with a cursor.',
    complexity: 'O(1) per call; O(N) for a full iteration',
    acl: ['keyspace'],
    tips: ['nondeterministic_output', 'request_policy:special', 'response_policy:special'],
    history: [['6.0.0', 'Added the `TYPE` subcommand.']],
    args: [
      { name: 'cursor', type: 'integer' },
      { name: 'pattern', type: 'pattern', token: 'MATCH', optional: true },
      { name: 'count', type: 'integer', token: 'COUNT', optional: true },
      { name: 'type', type: 'string', token: 'TYPE', optional: true, since: '6.0.0' },
    ],
    run: scan,
  },
  {
    name: 'randomkey',
    arity: 1,
    flags: ['readonly'],
    group: 'generic',
    since: '1.0.0',
    summary: 'Picks a key of the database at random.',
    complexity: 'O(1)',
    acl: ['keyspace'],
    tips: ['request_policy:all_shards', 'response_policy:special', 'nondeterministic_output'],
    run: randomkey,
  },
  {
    name: 'rename',
    arity: 3,
    flags: ['write'],
    group: 'generic',
    since: '1.0.0',
    summary: 'Gives a key a new name, replacing any key of that name.',
    complexity: 'O(1)',
    acl: ['keyspace'],
    keys: TWO_KEYS,
    args: [
      { name: 'key', type: 'key', keySpecIndex: 0 },
      { name: 'newkey', type: 'key', keySpecIndex: 1 },
    ],
    run: rename,
  },
  {
    name: 'renamenx',
    arity: 3,
    flags: ['write', 'fast'],
    group: 'generic',
    since: '1.0.0',
    summary: 'Gives a key a new name only when no key has that name yet.',
    complexity: 'O(1)',
    acl: ['keyspace'],
    keys: TWO_KEYS,
    history: [['3.2.0', 'The command no longer returns an error when source and destination names are the same.']],
    args: [
      { name: 'key', type: 'key', keySpecIndex: 0 },
      { name: 'newkey', type: 'key', keySpecIndex: 1 },
    ],
    run: renamenx,
  },
  {
    name: 'move',
    arity: 3,
    flags: ['write', 'fast'],
    group: 'generic',
    since: '1.0.0',
    summary: 'Moves a key to another database of this server.',
    complexity: 'O(1)',
    acl: ['keyspace'],
    keys: ONE_KEY,
    args: [KEY, { name: 'db', type: 'integer' }],
    run: move,
  },
  {
    name: 'copy',
    arity: -3,
    flags: ['write', 'denyoom'],
    group: 'generic',
    since: '6.2.0',
    summary: 'Duplicates the value of a key under another name, optionally in another database.',
    complexity: 'O(N) for a collection of N nested items; O(1) for strings',
    acl: ['keyspace'],
    keys: TWO_KEYS,
    args: [
      { name: 'source', type: 'key', keySpecIndex: 0 },
      { name: 'destination', type: 'key', keySpecIndex: 1 },
      { name: 'destination-db', type: 'integer', token: 'DB', optional: true },
      { name: 'replace', type: 'pure-token', token: 'REPLACE', optional: true },
    ],
    run: copy,
  },
  {
    name: 'expire',
    arity: -3,
    flags: ['write', 'fast'],
    group: 'generic',
    since: '1.0.0',
    summary: 'Gives a key a time to live in seconds.',
    complexity: 'O(1)',
    acl: ['keyspace'],
    keys: ONE_KEY,
    history: EXPIRE_HISTORY,
    args: [KEY, { name: 'seconds', type: 'integer' }, EXPIRE_CONDITION],
    run: expire,
  },
  {
    name: 'pexpire',
    arity: -3,
    flags: ['write', 'fast'],
    group: 'generic',
    since: '2.6.0',
    summary: 'Gives a key a time to live in milliseconds.',
    complexity: 'O(1)',
    acl: ['keyspace'],
    keys: ONE_KEY,
    history: EXPIRE_HISTORY,
    args: [KEY, { name: 'milliseconds', type: 'integer' }, EXPIRE_CONDITION],
    run: pexpire,
  },
  {
    name: 'expireat',
    arity: -3,
    flags: ['write', 'fast'],
    group: 'generic',
    since: '1.2.0',
    summary: 'Makes a key expire at a Unix time in seconds.',
    complexity: 'O(1)',
    acl: ['keyspace'],
    keys: ONE_KEY,
    history: EXPIRE_HISTORY,
    args: [KEY, { name: 'unix-time-seconds', type: 'unix-time' }, EXPIRE_CONDITION],
    run: expireat,
  },
  {
    name: 'pexpireat',
    arity: -3,
    flags: ['write', 'fast'],
    group: 'generic',
    since: '2.6.0',
    summary: 'Makes a key expire at a Unix time in milliseconds.',
    complexity: 'O(1)',
    acl: ['keyspace'],
    keys: ONE_KEY,
    history: EXPIRE_HISTORY,
    args: [KEY, { name: 'unix-time-milliseconds', type: 'unix-time' }, EXPIRE_CONDITION],
    run: pexpireat,
  },
  {
    name: 'ttl',
    arity: 2,
    flags: ['readonly', 'fast'],
    group: 'generic',
    since: '1.0.0',
    summary: 'Tells the seconds left before a key expires.',
    complexity: 'O(1)',
    acl: ['keyspace'],
    keys: ONE_KEY,
    tips: ['nondeterministic_output'],
    history: [['2.8.0', 'Added the -2 reply.']],
    args: [KEY],
    run: ttl,
  },
  {
    name: 'pttl',
    arity: 2,
    flags: ['readonly', 'fast'],
    group: 'generic',
    since: '2.6.0',
    summary: 'Tells the milliseconds left before a key expires.',
    complexity: 'O(1)',
    acl: ['keyspace'],
    keys: ONE_KEY,
    tips: ['nondeterministic_output'],
    history: [['2.8.0', 'Added the -2 reply.']],
    args: [KEY],
    run: pttl,
  },
  {
    name: 'expiretime',
    arity: 2,
    flags: ['readonly', 'fast'],
    group: 'generic',
    since: '7.0.0',
    summary: 'Tells the Unix time in seconds at which a key expires.',
    complexity: 'O(1)',
    acl: ['keyspace'],
    keys: ONE_KEY,
    args: [KEY],
    run: expiretime,
  },
  {
    name: 'pexpiretime',
    arity: 2,
    flags: ['readonly', 'fast'],
    group: 'generic',
    since: '7.0.0',
    summary: 'Tells the Unix time in milliseconds at which a key expires.',
    complexity: 'O(1)',
    acl: ['keyspace'],
    keys: ONE_KEY,
    args: [KEY],
    run: pexpiretime,
  },
  {
    name: 'persist',
    arity: 2,
    flags: ['write', 'fast'],
    group: 'generic',
    since: '2.2.0',
    summary: 'Removes the time to live of a key.',
    complexity: 'O(1)',
    acl: ['keyspace'],
    keys: ONE_KEY,
    args: [KEY],
    run: persist,
  },
  {
    name: 'touch',
    arity: -2,
    flags: ['readonly', 'fast'],
    group: 'generic',
    since: '3.2.1',
    summary: 'Marks keys as just accessed; replies with how many exist.',
    complexity: 'O(N) in the number of keys',
    acl: ['keyspace'],
    keys: ALL_KEYS,
    tips: MULTI_SHARD_SUM,
    args: [KEYS_MULTI],
    run: touch,
  },
  {
    name: 'object',
    arity: -2,
    flags: [],
    group: 'generic',
    since: '2.2.3',
    summary: 'Inspects how a value is stored: encoding, idle time, frequency, references.',
    complexity: 'Depends on subcommand.',
    run: objectContainer,
    subcommands: [
      {
        name: 'encoding',
        arity: 3,
        flags: ['readonly'],
        group: 'generic',
        since: '2.2.3',
        summary: 'Names the internal encoding of the value at a key.',
        complexity: 'O(1)',
        acl: ['keyspace'],
        keys: { first: 2, last: 2, step: 1 },
        tips: ['nondeterministic_output'],
        args: [KEY],
        run: objectEncoding,
      },
      {
        name: 'freq',
        arity: 3,
        flags: ['readonly'],
        group: 'generic',
        since: '4.0.0',
        summary: 'Tells the logarithmic access-frequency counter of a key (LFU policies).',
        complexity: 'O(1)',
        acl: ['keyspace'],
        keys: { first: 2, last: 2, step: 1 },
        tips: ['nondeterministic_output'],
        args: [KEY],
        run: objectFreq,
      },
      {
        name: 'help',
        arity: 2,
        flags: ['loading', 'stale'],
        group: 'generic',
        since: '6.2.0',
        summary: 'Describes the OBJECT subcommands.',
        complexity: 'O(1)',
        acl: ['keyspace'],
        run: objectHelp,
      },
      {
        name: 'idletime',
        arity: 3,
        flags: ['readonly'],
        group: 'generic',
        since: '2.2.3',
        summary: 'Tells the seconds since a key was last accessed.',
        complexity: 'O(1)',
        acl: ['keyspace'],
        keys: { first: 2, last: 2, step: 1 },
        tips: ['nondeterministic_output'],
        args: [KEY],
        run: objectIdletime,
      },
      {
        name: 'refcount',
        arity: 3,
        flags: ['readonly'],
        group: 'generic',
        since: '2.2.3',
        summary: 'Tells how many references the value at a key has.',
        complexity: 'O(1)',
        acl: ['keyspace'],
        keys: { first: 2, last: 2, step: 1 },
        tips: ['nondeterministic_output'],
        args: [KEY],
        run: objectRefcount,
      },
    ],
  },
  {
    name: 'dbsize',
    arity: 1,
    flags: ['readonly', 'fast'],
    group: 'server',
    since: '1.0.0',
    summary: 'Counts the keys in the selected database.',
    complexity: 'O(1)',
    acl: ['keyspace'],
    tips: ['request_policy:all_shards', 'response_policy:agg_sum'],
    run: dbsize,
  },
  {
    name: 'flushdb',
    arity: -1,
    flags: ['write'],
    group: 'server',
    since: '1.0.0',
    summary: 'Deletes every key of the selected database.',
    complexity: 'O(N) in the number of keys in the database',
    acl: ['keyspace', 'dangerous'],
    tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
    history: FLUSH_HISTORY,
    args: FLUSH_ARGS,
    run: flushdb,
  },
  {
    name: 'flushall',
    arity: -1,
    flags: ['write'],
    group: 'server',
    since: '1.0.0',
    summary: 'Deletes every key of every database.',
    complexity: 'O(N) in the number of keys in all databases',
    acl: ['keyspace', 'dangerous'],
    tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
    history: FLUSH_HISTORY,
    args: FLUSH_ARGS,
    run: flushall,
  },
  {
    name: 'swapdb',
    arity: 3,
    flags: ['write', 'fast'],
    group: 'server',
    since: '4.0.0',
    summary: 'Exchanges the contents of two databases.',
    complexity: 'O(N) in the clients watching or blocked on keys of both databases',
    acl: ['keyspace', 'dangerous'],
    args: [
      { name: 'index1', type: 'integer' },
      { name: 'index2', type: 'integer' },
    ],
    run: swapdb,
  },
];
