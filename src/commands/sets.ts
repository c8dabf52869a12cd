// The set command group. Check order, reply shapes, error texts, dirty counts
// and the encodings of new and stored sets follow Redis 7.2's t_set.c; the
// value type and its conversion rules are in data/set.ts.
//
// Reply order: intset and listpack sets come out in Redis's order (ascending /
// insertion). SUNION, SDIFF, SPOP-all and the *STORE results are built by the
// same steps as Redis (a temporary set that starts as an intset and converts as
// members arrive), so their order and encoding match too. Hashtable order is
// Petrel's own (Redis's is a hash order), and random picks differ.
// Keyspace events are published in Redis's order (e.g. SMOVE: srem, del, sadd).

import { propagateAs } from '../server/propagate.js';
import { beginCollectionScan } from './scan-args.js';
import type { Client } from '../server/client.js';
import type { ArgDoc, CommandSpec } from './types.js';
import { NOT_INTEGER, NOT_POSITIVE, SYNTAX, WRONGTYPE } from './errors.js';
import { typeOf, type Value } from '../data/values.js';
import { ENC_HASHTABLE, ENC_INTSET, ENC_LISTPACK, SetValue } from '../data/set.js';
import type { EncodingLimits } from '../data/limits.js';
import { parseI64 } from '../protocol/numbers.js';
import { globMatch } from '../data/glob.js';
import { notify, NOTIFY_GENERIC, NOTIFY_SET } from '../server/notify.js';
import { bulkArrayEnd, bulkArrayItem } from '../protocol/reply.js';

const SRANDMEMBER_RANGE = 'ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807';
const NUMKEYS_NOT_POSITIVE = 'ERR numkeys should be greater than 0';
const TOO_MANY_NUMKEYS = "ERR Number of keys can't be greater than number of args";
const LIMIT_NEGATIVE = "ERR LIMIT can't be negative";
/** Past this much pending output a huge SRANDMEMBER -count reply is cut and the client closed (Redis: output buffer limits). */
const MAX_RANDOM_REPLY = 256 * 1024 * 1024;

/** The set at key for a read, undefined when missing, null after replying WRONGTYPE. */
function readSet(c: Client, key: string): SetValue | undefined | null {
  const v = c.db.lookupRead(key);
  if (v === undefined) return undefined;
  if (typeOf(v) !== 'set') {
    c.w.error(WRONGTYPE);
    return null;
  }
  return v as SetValue;
}

/** The set at key for a write (no hit/miss stats), undefined when missing, null after replying WRONGTYPE. */
function writeSet(c: Client, key: string): SetValue | undefined | null {
  const v = c.db.get(key);
  if (v === undefined) return undefined;
  if (typeOf(v) !== 'set') {
    c.w.error(WRONGTYPE);
    return null;
  }
  return v as SetValue;
}

function limits(c: Client): EncodingLimits {
  return c.server.keyspace.limits;
}

/** Writes the members of a set as a RESP3 set / RESP2 array, in the set's order. */
function replyMembers(c: Client, s: SetValue): void {
  const w = c.w;
  const n = s.size;
  w.startBulkSet(n);
  if (s.enc === ENC_HASHTABLE) {
    for (const seg of s.table().segments()) for (const m of seg) bulkArrayItem(m);
  } else {
    for (let i = 0; i < n; i++) bulkArrayItem(s.at(i));
  }
  w.raw(bulkArrayEnd());
}

/** Replies a list of members as a RESP3 set / RESP2 array. */
function replyList(c: Client, items: readonly string[]): void {
  const w = c.w;
  w.startBulkSet(items.length);
  for (let i = 0; i < items.length; i++) bulkArrayItem(items[i]);
  w.raw(bulkArrayEnd());
}

// ---------------------------------------------------------------- SADD SREM SMOVE

function sadd(c: Client, argv: string[]): void {
  const db = c.db;
  const key = argv[1];
  const lim = limits(c);
  const existing = writeSet(c, key);
  if (existing === null) return;
  let added = 0;
  if (existing === undefined) {
    const s = SetValue.create(argv[2], argv.length - 2, lim);
    for (let j = 2; j < argv.length; j++) if (s.add(argv[j], lim)) added++;
    db.set(key, s);
  } else {
    existing.maybeConvert(argv.length - 2, lim);
    for (let j = 2; j < argv.length; j++) if (existing.add(argv[j], lim)) added++;
    if (added > 0) db.signalModified(key);
  }
  if (added > 0) notify(c, NOTIFY_SET, 'sadd', key);
  c.server.dirty += added;
  c.w.integer(added);
}

function srem(c: Client, argv: string[]): void {
  const db = c.db;
  const key = argv[1];
  const s = writeSet(c, key);
  if (s === null) return;
  if (s === undefined) {
    c.w.integer(0);
    return;
  }
  let deleted = 0;
  let removed = false;
  for (let j = 2; j < argv.length; j++) {
    if (s.remove(argv[j])) {
      deleted++;
      if (s.size === 0) {
        db.delete(key);
        removed = true;
        break;
      }
    }
  }
  if (deleted > 0) {
    if (!removed) db.signalModified(key);
    notify(c, NOTIFY_SET, 'srem', key);
    if (removed) notify(c, NOTIFY_GENERIC, 'del', key);
    c.server.dirty += deleted;
  }
  c.w.integer(deleted);
}

function smove(c: Client, argv: string[]): void {
  const db = c.db;
  const srcKey = argv[1];
  const dstKey = argv[2];
  const member = argv[3];
  const src = db.get(srcKey);
  const dst = db.get(dstKey);
  if (src === undefined) {
    c.w.integer(0);
    return;
  }
  if (typeOf(src) !== 'set' || (dst !== undefined && typeOf(dst) !== 'set')) {
    c.w.error(WRONGTYPE);
    return;
  }
  const from = src as SetValue;
  if (src === dst) {
    c.w.integer(from.has(member) ? 1 : 0);
    return;
  }
  if (!from.remove(member)) {
    c.w.integer(0);
    return;
  }
  notify(c, NOTIFY_SET, 'srem', srcKey);
  if (from.size === 0) {
    db.delete(srcKey);
    notify(c, NOTIFY_GENERIC, 'del', srcKey);
  } else db.signalModified(srcKey);
  c.server.dirty++;
  const lim = limits(c);
  if (dst === undefined) {
    const to = SetValue.create(member, 1, lim);
    to.add(member, lim);
    db.set(dstKey, to);
    c.server.dirty++;
    notify(c, NOTIFY_SET, 'sadd', dstKey);
  } else if ((dst as SetValue).add(member, lim)) {
    db.signalModified(dstKey);
    c.server.dirty++;
    notify(c, NOTIFY_SET, 'sadd', dstKey);
  }
  c.w.integer(1);
}

// ---------------------------------------------------------------- SISMEMBER SMISMEMBER SCARD SMEMBERS

function sismember(c: Client, argv: string[]): void {
  const s = readSet(c, argv[1]);
  if (s === null) return;
  c.w.integer(s !== undefined && s.has(argv[2]) ? 1 : 0);
}

function smismember(c: Client, argv: string[]): void {
  const s = readSet(c, argv[1]);
  if (s === null) return;
  const w = c.w;
  w.array(argv.length - 2);
  for (let j = 2; j < argv.length; j++) w.integer(s !== undefined && s.has(argv[j]) ? 1 : 0);
}

function scard(c: Client, argv: string[]): void {
  const s = readSet(c, argv[1]);
  if (s === null) return;
  c.w.integer(s === undefined ? 0 : s.size);
}

function smembers(c: Client, argv: string[]): void {
  const s = readSet(c, argv[1]);
  if (s === null) return;
  if (s === undefined) c.w.set(0);
  else replyMembers(c, s);
}

// ---------------------------------------------------------------- SPOP SRANDMEMBER

/** How much bigger than what is left the popped count must be for SPOP to rebuild the set (Redis's SPOP_MOVE_STRATEGY_MUL). */
const SPOP_MOVE_STRATEGY_MUL = 5;

function spop(c: Client, argv: string[]): void {
  if (argv.length === 3) {
    spopWithCount(c, argv);
    return;
  }
  if (argv.length > 3) {
    c.w.error(SYNTAX);
    return;
  }
  const db = c.db;
  const key = argv[1];
  const s = writeSet(c, key);
  if (s === null) return;
  if (s === undefined) {
    c.w.nil();
    return;
  }
  const m = s.popRandom();
  // The random pick is logged as the removal it was (Redis: SREM).
  propagateAs(c, ['SREM', key, m]);
  notify(c, NOTIFY_SET, 'spop', key);
  c.w.bulk(m);
  if (s.size === 0) {
    db.delete(key);
    notify(c, NOTIFY_GENERIC, 'del', key);
  } else db.signalModified(key);
  c.server.dirty++;
}

function spopWithCount(c: Client, argv: string[]): void {
  const n = parseI64(argv[2]);
  if (n === null || n < 0) {
    c.w.error(NOT_POSITIVE);
    return;
  }
  const db = c.db;
  const key = argv[1];
  const s = writeSet(c, key);
  if (s === null) return;
  if (s === undefined || n === 0 || n === 0n) {
    c.w.set(0);
    return;
  }
  const size = s.size;
  notify(c, NOTIFY_SET, 'spop', key);
  if (n >= size) {
    c.server.dirty += size;
    // The whole set, in the order SUNION of this one key gives (Redis replies exactly that).
    const u = unionOrDiff(c, [s], false);
    replyMembers(c, u);
    db.delete(key);
    propagateAs(c, ['DEL', key]);
    notify(c, NOTIFY_GENERIC, 'del', key);
    return;
  }
  const count = Number(n);
  c.server.dirty += count;
  const remaining = size - count;
  let out: string[];
  if (remaining * SPOP_MOVE_STRATEGY_MUL > count) {
    if (s.enc === ENC_LISTPACK) out = s.popRandomCompact(count);
    else {
      out = new Array(count);
      for (let i = 0; i < count; i++) out[i] = s.popRandom();
    }
  } else {
    out = s.popMostly(remaining, limits(c));
  }
  replyList(c, out);
  db.signalModified(key);
  if (c.server.propagation.active) {
    // SREM in batches of 1024 members, as Redis logs SPOP with a count.
    for (let i = 0; i < out.length; i += 1024) propagateAs(c, ['SREM', key, ...out.slice(i, i + 1024)]);
  }
}

function srandmember(c: Client, argv: string[]): void {
  if (argv.length === 3) {
    srandmemberWithCount(c, argv);
    return;
  }
  if (argv.length > 3) {
    c.w.error(SYNTAX);
    return;
  }
  const s = readSet(c, argv[1]);
  if (s === null) return;
  if (s === undefined) c.w.nil();
  else c.w.bulk(s.random());
}

function srandmemberWithCount(c: Client, argv: string[]): void {
  const n = parseI64(argv[2]);
  if (n === null) {
    c.w.error(NOT_INTEGER);
    return;
  }
  if (n === -9223372036854775808n) {
    c.w.error(SRANDMEMBER_RANGE);
    return;
  }
  const s = readSet(c, argv[1]);
  if (s === null) return;
  const w = c.w;
  if (s === undefined || n === 0) {
    w.array(0);
    return;
  }
  const uniq = n > 0;
  const size = s.size;
  if (!uniq || n === 1) {
    // Repetitions allowed. A count past what any client could take is cut off
    // with the connection, as Redis's output buffer limits would.
    const abs = typeof n === 'bigint' ? -n : Math.abs(n);
    w.raw('*' + abs + '\r\n');
    const total = Number(abs);
    const ht = s.enc === ENC_HASHTABLE;
    for (let i = 1; i <= total; i++) {
      w.bulk(ht ? s.random() : s.at(Math.floor(Math.random() * size)));
      if ((i & 1023) === 0 && i < total && w.out.length > MAX_RANDOM_REPLY) {
        c.closeAfterReply = true;
        break;
      }
    }
    return;
  }
  if (n >= size) {
    // The whole set, in its order.
    w.array(size);
    if (s.enc === ENC_HASHTABLE) for (const seg of s.table().segments()) for (const m of seg) w.bulk(m);
    else for (let i = 0; i < size; i++) w.bulk(s.at(i));
    return;
  }
  const count = Number(n);
  if (s.enc === ENC_LISTPACK) {
    // Redis picks a random subset in listpack order.
    w.array(count);
    let need = count;
    for (let i = 0; i < size && need > 0; i++) {
      if (Math.random() * (size - i) < need) {
        w.bulk(s.at(i));
        need--;
      }
    }
    return;
  }
  const picks = s.randomDistinct(count);
  w.array(count);
  for (let i = 0; i < count; i++) w.bulk(picks[i]);
}

// ---------------------------------------------------------------- SINTER SINTERCARD SINTERSTORE

/**
 * Looks up every key as a set (missing = null). Replies WRONGTYPE and returns
 * null when one holds another type; otherwise the sets and whether one is missing.
 */
function lookupSets(c: Client, argv: string[], from: number, to: number): (SetValue | null)[] | null {
  const sets: (SetValue | null)[] = new Array(to - from);
  for (let j = from; j < to; j++) {
    const v: Value | undefined = c.db.lookupRead(argv[j]);
    if (v === undefined) {
      sets[j - from] = null;
      continue;
    }
    if (typeOf(v) !== 'set') {
      c.w.error(WRONGTYPE);
      return null;
    }
    sets[j - from] = v as SetValue;
  }
  return sets;
}

/** Members of the intersection, in the iteration order of the smallest set (stable on ties, like glibc's qsort). */
function intersect(sets: SetValue[], limit: number): string[] {
  sets.sort((a, b) => a.size - b.size);
  const first = sets[0];
  const out: string[] = [];
  const n = sets.length;
  for (const m of first) {
    let j = 1;
    for (; j < n; j++) {
      const s = sets[j];
      if (s === first) continue;
      if (!s.has(m)) break;
    }
    if (j === n) {
      out.push(m);
      if (limit > 0 && out.length >= limit) break;
    }
  }
  return out;
}

function sinterGeneric(c: Client, argv: string[], from: number, to: number, dst: string | null, cardOnly: boolean, limit: number): void {
  const found = lookupSets(c, argv, from, to);
  if (found === null) return;
  const db = c.db;
  if (found.includes(null)) {
    if (dst !== null) {
      if (db.delete(dst)) {
        notify(c, NOTIFY_GENERIC, 'del', dst);
        c.server.dirty++;
      }
      c.w.integer(0);
    } else if (cardOnly) c.w.integer(0);
    else c.w.set(0);
    return;
  }
  const sets = found as SetValue[];
  const res = intersect(sets, cardOnly ? limit : 0);
  if (cardOnly) {
    c.w.integer(res.length);
    return;
  }
  if (dst === null) {
    replyList(c, res);
    return;
  }
  if (res.length === 0) {
    c.w.integer(0);
    if (db.delete(dst)) {
      notify(c, NOTIFY_GENERIC, 'del', dst);
      c.server.dirty++;
    }
    return;
  }
  // The result starts in the first set's compact encoding (an intset for an
  // intset, else a listpack), converts as it grows, and becomes an intset at
  // the end when every member is an integer and it is small enough.
  const lim = limits(c);
  const out = sets[0].enc === ENC_INTSET ? SetValue.intset() : SetValue.listpack();
  let onlyIntegers = true;
  for (const m of res) {
    if (onlyIntegers && parseI64(m) === null) onlyIntegers = false;
    out.add(m, lim);
  }
  if (onlyIntegers) out.maybeConvertToIntset(lim);
  db.set(dst, out);
  c.w.integer(out.size);
  notify(c, NOTIFY_SET, 'sinterstore', dst);
  c.server.dirty++;
}

function sinter(c: Client, argv: string[]): void {
  sinterGeneric(c, argv, 1, argv.length, null, false, 0);
}

function sinterstore(c: Client, argv: string[]): void {
  sinterGeneric(c, argv, 2, argv.length, argv[1], false, 0);
}

function sintercard(c: Client, argv: string[]): void {
  const nk = parseI64(argv[1]);
  if (nk === null || nk < 1) {
    c.w.error(NUMKEYS_NOT_POSITIVE);
    return;
  }
  if (nk > argv.length - 2) {
    c.w.error(TOO_MANY_NUMKEYS);
    return;
  }
  const numkeys = Number(nk);
  let limit = 0;
  for (let j = 2 + numkeys; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (more > 0 && argv[j].toLowerCase() === 'limit') {
      j++;
      const l = parseI64(argv[j]);
      if (l === null || l < 0) {
        c.w.error(LIMIT_NEGATIVE);
        return;
      }
      // A limit past any set's size is as good as none.
      limit = typeof l === 'bigint' ? Number.MAX_SAFE_INTEGER : l;
    } else {
      c.w.error(SYNTAX);
      return;
    }
  }
  sinterGeneric(c, argv, 2, 2 + numkeys, null, true, limit);
}

// ---------------------------------------------------------------- SUNION SDIFF (+STORE)

/**
 * SUNION/SDIFF of the given sets (null = missing key) into a new temporary set,
 * built as Redis builds it: an intset to start with, members added in the
 * iteration order of the inputs, converting as they arrive. SDIFF picks
 * Redis's algorithm by the same cost estimate, since the two can leave the
 * result in different encodings.
 */
function unionOrDiff(c: Client, sets: (SetValue | null)[], diff: boolean): SetValue {
  const lim = limits(c);
  const out = SetValue.intset();
  const n = sets.length;
  if (!diff) {
    for (let j = 0; j < n; j++) {
      const s = sets[j];
      if (s === null) continue;
      if (s.enc === ENC_HASHTABLE) {
        for (const seg of s.table().segments()) for (const m of seg) out.add(m, lim);
      } else {
        const size = s.size;
        for (let i = 0; i < size; i++) out.add(s.at(i), lim);
      }
    }
    return out;
  }
  const first = sets[0];
  if (first === null) return out;
  for (let j = 1; j < n; j++) if (sets[j] === first) return out; // the same key again: empty
  let algoOne = 0;
  let algoTwo = 0;
  for (let j = 0; j < n; j++) {
    const s = sets[j];
    if (s === null) continue;
    algoOne += first.size;
    algoTwo += s.size;
  }
  algoOne = Math.floor(algoOne / 2);
  if (algoOne <= algoTwo) {
    // Walk the first set, keep what no other set has (largest sets checked first).
    const others = (sets.slice(1).filter((s) => s !== null) as SetValue[]).sort((a, b) => b.size - a.size);
    for (const m of first) {
      let keep = true;
      for (let j = 0; j < others.length; j++) {
        if (others[j].has(m)) {
          keep = false;
          break;
        }
      }
      if (keep) out.add(m, lim);
    }
    return out;
  }
  // Add the first set, then take every other set's members out.
  for (const m of first) out.add(m, lim);
  for (let j = 1; j < n && out.size > 0; j++) {
    const s = sets[j];
    if (s === null) continue;
    for (const m of s) out.remove(m);
  }
  return out;
}

function sunionDiff(c: Client, argv: string[], from: number, dst: string | null, diff: boolean): void {
  const sets = lookupSets(c, argv, from, argv.length);
  if (sets === null) return;
  const res = unionOrDiff(c, sets, diff);
  if (dst === null) {
    replyMembers(c, res);
    return;
  }
  const db = c.db;
  if (res.size > 0) {
    db.set(dst, res);
    c.w.integer(res.size);
    notify(c, NOTIFY_SET, diff ? 'sdiffstore' : 'sunionstore', dst);
    c.server.dirty++;
  } else {
    c.w.integer(0);
    if (db.delete(dst)) {
      notify(c, NOTIFY_GENERIC, 'del', dst);
      c.server.dirty++;
    }
  }
}

function sunion(c: Client, argv: string[]): void {
  sunionDiff(c, argv, 1, null, false);
}

function sunionstore(c: Client, argv: string[]): void {
  sunionDiff(c, argv, 2, argv[1], false);
}

function sdiff(c: Client, argv: string[]): void {
  sunionDiff(c, argv, 1, null, true);
}

function sdiffstore(c: Client, argv: string[]): void {
  sunionDiff(c, argv, 2, argv[1], true);
}

// ---------------------------------------------------------------- SSCAN

function sscan(c: Client, argv: string[]): void {
  const scan = beginCollectionScan(c, argv, readSet);
  if (scan === null) return;
  const { cursor, value: s, count, pattern } = scan;
  let next = '0';
  let visited: string[];
  if (s.enc === ENC_HASHTABLE) {
    visited = [];
    const ks = c.server.keyspace;
    next = ks.scans.step(s.table(), cursor, count, visited, ks.now);
  } else {
    // Compact encodings come back whole in one call, whatever the cursor (as in Redis).
    visited = s.toArray();
  }
  const w = c.w;
  w.array(2);
  w.bulk(next);
  if (pattern === null) {
    w.bulkArray(visited);
    return;
  }
  const out: string[] = [];
  for (let i = 0; i < visited.length; i++) if (globMatch(pattern, visited[i])) out.push(visited[i]);
  w.bulkArray(out);
}

// ---------------------------------------------------------------- table

const ONE_KEY = { first: 1, last: 1, step: 1 };
const ALL_KEYS = { first: 1, last: -1, step: 1 };
const STORE_KEYS = { first: 1, last: -1, step: 1 };
const KEY: ArgDoc = { name: 'key', type: 'key', keySpecIndex: 0 };
const KEYS: ArgDoc = { name: 'key', type: 'key', keySpecIndex: 0, multiple: true };
const DEST: ArgDoc = { name: 'destination', type: 'key', keySpecIndex: 0 };
const SRC_KEYS: ArgDoc = { name: 'key', type: 'key', keySpecIndex: 1, multiple: true };
const MEMBER: ArgDoc = { name: 'member', type: 'string' };
const MEMBERS: ArgDoc = { name: 'member', type: 'string', multiple: true };

export const commands: CommandSpec[] = [
  {
    name: 'sadd',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    group: 'set',
    since: '1.0.0',
    summary: 'Adds members to a set, creating it when needed.',
    complexity: 'O(1) per added member, O(N) for N members.',
    acl: ['set'],
    keys: ONE_KEY,
    history: [['2.4.0', 'Accepts multiple `member` arguments.']],
    args: [KEY, MEMBERS],
    run: sadd,
  },
  {
    name: 'srem',
    arity: -3,
    flags: ['write', 'fast'],
    group: 'set',
    since: '1.0.0',
    summary: 'Removes members from a set, deleting it when it empties.',
    complexity: 'O(N) where N is the number of members to remove.',
    acl: ['set'],
    keys: ONE_KEY,
    history: [['2.4.0', 'Accepts multiple `member` arguments.']],
    args: [KEY, MEMBERS],
    run: srem,
  },
  {
    name: 'smembers',
    arity: 2,
    flags: ['readonly'],
    group: 'set',
    since: '1.0.0',
    summary: 'Returns every member of a set.',
    complexity: 'O(N) where N is the set cardinality.',
    acl: ['set'],
    keys: ONE_KEY,
    tips: ['nondeterministic_output_order'],
    args: [KEY],
    run: smembers,
  },
  {
    name: 'sismember',
    arity: 3,
    flags: ['readonly', 'fast'],
    group: 'set',
    since: '1.0.0',
    summary: 'Tells whether a string is a member of a set.',
    complexity: 'O(1)',
    acl: ['set'],
    keys: ONE_KEY,
    args: [KEY, MEMBER],
    run: sismember,
  },
  {
    name: 'smismember',
    arity: -3,
    flags: ['readonly', 'fast'],
    group: 'set',
    since: '6.2.0',
    summary: 'Tells for each of several strings whether it is a member of a set.',
    complexity: 'O(N) where N is the number of strings checked.',
    acl: ['set'],
    keys: ONE_KEY,
    args: [KEY, MEMBERS],
    run: smismember,
  },
  {
    name: 'scard',
    arity: 2,
    flags: ['readonly', 'fast'],
    group: 'set',
    since: '1.0.0',
    summary: 'Returns how many members a set has.',
    complexity: 'O(1)',
    acl: ['set'],
    keys: ONE_KEY,
    args: [KEY],
    run: scard,
  },
  {
    name: 'spop',
    arity: -2,
    flags: ['write', 'fast'],
    group: 'set',
    since: '1.0.0',
    summary: 'Removes and returns one or several random members of a set.',
    complexity: 'O(1) without count, else O(N) where N is the count.',
    acl: ['set'],
    keys: ONE_KEY,
    tips: ['nondeterministic_output'],
    history: [['3.2.0', 'Added the `count` argument.']],
    args: [KEY, { name: 'count', type: 'integer', optional: true, since: '3.2.0' }],
    run: spop,
  },
  {
    name: 'srandmember',
    arity: -2,
    flags: ['readonly'],
    group: 'set',
    since: '1.0.0',
    summary: 'Returns one or several random members of a set without removing them.',
    complexity: 'O(1) without count, else O(N) where N is the absolute value of the count.',
    acl: ['set'],
    keys: ONE_KEY,
    tips: ['nondeterministic_output'],
    history: [['2.6.0', 'Added the optional `count` argument.']],
    args: [KEY, { name: 'count', type: 'integer', optional: true, since: '2.6.0' }],
    run: srandmember,
  },
  {
    name: 'smove',
    arity: 4,
    flags: ['write', 'fast'],
    group: 'set',
    since: '1.0.0',
    summary: 'Moves a member from one set to another.',
    complexity: 'O(1)',
    acl: ['set'],
    keys: { first: 1, last: 2, step: 1 },
    args: [
      { name: 'source', type: 'key', keySpecIndex: 0 },
      { name: 'destination', type: 'key', keySpecIndex: 1 },
      MEMBER,
    ],
    run: smove,
  },
  {
    name: 'sinter',
    arity: -2,
    flags: ['readonly'],
    group: 'set',
    since: '1.0.0',
    summary: 'Returns the members present in every one of several sets.',
    complexity: 'O(N*M) worst case, N the size of the smallest set, M the number of sets.',
    acl: ['set'],
    keys: ALL_KEYS,
    tips: ['nondeterministic_output_order'],
    args: [KEYS],
    run: sinter,
  },
  {
    name: 'sintercard',
    arity: -3,
    flags: ['readonly'],
    group: 'set',
    since: '7.0.0',
    summary: 'Counts the members present in every one of several sets, optionally stopping at a limit.',
    complexity: 'O(N*M) worst case, N the size of the smallest set, M the number of sets.',
    acl: ['set'],
    args: [
      { name: 'numkeys', type: 'integer' },
      KEYS,
      { name: 'limit', type: 'integer', token: 'LIMIT', optional: true },
    ],
    run: sintercard,
  },
  {
    name: 'sinterstore',
    arity: -3,
    flags: ['write', 'denyoom'],
    group: 'set',
    since: '1.0.0',
    summary: 'Stores the intersection of several sets in a key.',
    complexity: 'O(N*M) worst case, N the size of the smallest set, M the number of sets.',
    acl: ['set'],
    keys: STORE_KEYS,
    args: [DEST, SRC_KEYS],
    run: sinterstore,
  },
  {
    name: 'sunion',
    arity: -2,
    flags: ['readonly'],
    group: 'set',
    since: '1.0.0',
    summary: 'Returns the members present in any of several sets.',
    complexity: 'O(N) where N is the total number of members of all the sets.',
    acl: ['set'],
    keys: ALL_KEYS,
    tips: ['nondeterministic_output_order'],
    args: [KEYS],
    run: sunion,
  },
  {
    name: 'sunionstore',
    arity: -3,
    flags: ['write', 'denyoom'],
    group: 'set',
    since: '1.0.0',
    summary: 'Stores the union of several sets in a key.',
    complexity: 'O(N) where N is the total number of members of all the sets.',
    acl: ['set'],
    keys: STORE_KEYS,
    args: [DEST, SRC_KEYS],
    run: sunionstore,
  },
  {
    name: 'sdiff',
    arity: -2,
    flags: ['readonly'],
    group: 'set',
    since: '1.0.0',
    summary: 'Returns the members of the first set that no other given set has.',
    complexity: 'O(N) where N is the total number of members of all the sets.',
    acl: ['set'],
    keys: ALL_KEYS,
    tips: ['nondeterministic_output_order'],
    args: [KEYS],
    run: sdiff,
  },
  {
    name: 'sdiffstore',
    arity: -3,
    flags: ['write', 'denyoom'],
    group: 'set',
    since: '1.0.0',
    summary: 'Stores the difference of several sets in a key.',
    complexity: 'O(N) where N is the total number of members of all the sets.',
    acl: ['set'],
    keys: STORE_KEYS,
    args: [DEST, SRC_KEYS],
    run: sdiffstore,
  },
  {
    name: 'sscan',
    arity: -3,
    flags: ['readonly'],
    group: 'set',
    since: '2.8.0',
    summary: 'Walks the members of a set a few at a time with a cursor.',
    complexity: 'O(1) per call, O(N) for a whole walk.',
    acl: ['set'],
    keys: ONE_KEY,
    tips: ['nondeterministic_output'],
    args: [
      KEY,
      { name: 'cursor', type: 'integer' },
      { name: 'pattern', type: 'pattern', token: 'MATCH', optional: true },
      { name: 'count', type: 'integer', token: 'COUNT', optional: true },
    ],
    run: sscan,
  },
];
