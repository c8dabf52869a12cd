// The list command group: pushes and pops at both ends, ranges, LPOS, LMOVE,
// LMPOP and the blocking variants (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP).
//
// Check order, reply shapes and error texts follow Redis 7.2's t_list.c: which
// argument is parsed before the key is looked up decides which error a user
// sees first, so each handler keeps Redis's order. Encoding conversions
// (listpack ⇄ quicklist) happen at the same points as in Redis (see
// src/data/list.ts).

import { propagateAs } from '../server/propagate.js';
import { notify, NOTIFY_GENERIC, NOTIFY_LIST } from '../server/notify.js';
import type { Client } from '../server/client.js';
import type { ArgDoc, CommandSpec } from './types.js';
import { NOT_INTEGER, NOT_POSITIVE, NO_SUCH_KEY, SYNTAX, WRONGTYPE, wrongArity } from './errors.js';
import { ListValue, type ListElem } from '../data/list.js';
import { toStoredString, typeOf } from '../data/values.js';
import { parseI64 } from '../protocol/numbers.js';
import { bulkArrayEnd, bulkArrayItem, bulkArrayStart } from '../protocol/reply.js';
import { parseBlockTimeout } from '../server/blocking.js';

const INDEX_OUT_OF_RANGE = 'ERR index out of range';
const RANK_ZERO =
  "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list";
const COUNT_NEGATIVE = "ERR COUNT can't be negative";
const MAXLEN_NEGATIVE = "ERR MAXLEN can't be negative";
const NUMKEYS_NOT_POSITIVE = 'ERR numkeys should be greater than 0';
const COUNT_NOT_POSITIVE = 'ERR count should be greater than 0';
const LONG_MIN = -9223372036854775808n;

// ---------------------------------------------------------------------------
// Shared pieces

/** A long argument as a JS number (values past 2^53 keep their sign and size), or null. */
function parseLong(s: string): number | null {
  const v = parseI64(s);
  if (v === null) return null;
  return typeof v === 'number' ? v : Number(v);
}

/**
 * Looks a key up for writing: the list, undefined when missing, or null after
 * replying WRONGTYPE.
 */
function writeList(c: Client, key: string): ListValue | undefined | null {
  const v = c.db.get(key);
  if (v === undefined) return undefined;
  if (typeOf(v) !== 'list') {
    c.w.error(WRONGTYPE);
    return null;
  }
  return v as ListValue;
}

/** Same for reads (counts keyspace hits and misses). */
function readList(c: Client, key: string): ListValue | undefined | null {
  const v = c.db.lookupRead(key);
  if (v === undefined) return undefined;
  if (typeOf(v) !== 'list') {
    c.w.error(WRONGTYPE);
    return null;
  }
  return v as ListValue;
}

function replyElem(c: Client, e: ListElem): void {
  c.w.bulk(typeof e === 'number' ? String(e) : e);
}

/** True when listpack would hold the element as an integer. */
function isIntElem(e: ListElem): boolean {
  if (typeof e === 'number') return true;
  // Long strings that still read as a 64-bit integer.
  return e.length >= 16 && e.length <= 20 && parseI64(e) !== null;
}

/**
 * After elements were removed: deletes the emptied key, or gives the list a
 * chance to go back to listpack (listElementsRemoved).
 */
function afterRemoval(c: Client, key: string, list: ListValue, removed: number, event: 'lpop' | 'rpop'): void {
  notify(c, NOTIFY_LIST, event, key);
  if (list.length === 0) {
    c.db.delete(key);
    notify(c, NOTIFY_GENERIC, 'del', key);
  } else {
    list.afterShrink(c.server.keyspace.limits);
    c.db.signalModified(key);
  }
  c.server.dirty += removed;
}

/**
 * Replies with the range start..end (inclusive, already clamped) from head
 * to tail, or from end down to start when reversed.
 */
function replyRange(c: Client, list: ListValue, start: number, end: number, reverse: boolean): void {
  const w = c.w;
  const n = end - start + 1;
  if (!w.enabled) return;
  // Encoded in one buffer, decoded once (see bulkArrayStart).
  bulkArrayStart(n);
  if (reverse) {
    for (let i = end; i >= start; i--) {
      const e = list.at(i);
      bulkArrayItem(typeof e === 'number' ? String(e) : e);
    }
  } else {
    for (let i = start; i <= end; i++) {
      const e = list.at(i);
      bulkArrayItem(typeof e === 'number' ? String(e) : e);
    }
  }
  w.raw(bulkArrayEnd());
}

/**
 * Pops up to `count` elements from one end, replying with them as an array
 * (in pop order). Used by LPOP/RPOP with a count, LMPOP and BLMPOP.
 */
function popRangeReply(c: Client, key: string, list: ListValue, head: boolean, count: number): void {
  const llen = list.length;
  const n = count > llen ? llen : count;
  if (head) {
    replyRange(c, list, 0, n - 1, false);
    list.deleteRange(0, n);
  } else {
    replyRange(c, list, llen - n, llen - 1, true);
    list.deleteRange(llen - n, n);
  }
  afterRemoval(c, key, list, n, head ? 'lpop' : 'rpop');
}

/** Parses LEFT/RIGHT: true for LEFT (head), false for RIGHT, null after a syntax error. */
function parseWhere(c: Client, arg: string): boolean | null {
  const a = arg.toLowerCase();
  if (a === 'left') return true;
  if (a === 'right') return false;
  c.w.error(SYNTAX);
  return null;
}

// ---------------------------------------------------------------------------
// Pushes

function pushGeneric(c: Client, argv: string[], head: boolean, xx: boolean): void {
  const key = argv[1];
  let list = writeList(c, key);
  if (list === null) return;
  const n = argv.length - 2;
  let created = false;
  if (list === undefined) {
    if (xx) {
      c.w.integer(0);
      return;
    }
    list = new ListValue(n);
    created = true;
  }
  let addBytes = 0;
  for (let j = 2; j < argv.length; j++) addBytes += argv[j].length;
  list.prepareGrow(c.server.keyspace.limits, n, addBytes);
  if (head) for (let j = 2; j < argv.length; j++) list.pushHead(toStoredString(argv[j]), argv[j].length);
  else for (let j = 2; j < argv.length; j++) list.pushTail(toStoredString(argv[j]), argv[j].length);
  if (created) c.db.set(key, list);
  else c.db.signalModified(key);
  c.server.dirty += n;
  notify(c, NOTIFY_LIST, head ? 'lpush' : 'rpush', key);
  c.w.integer(list.length);
}

function lpushCommand(c: Client, argv: string[]): void {
  pushGeneric(c, argv, true, false);
}
function rpushCommand(c: Client, argv: string[]): void {
  pushGeneric(c, argv, false, false);
}
function lpushxCommand(c: Client, argv: string[]): void {
  pushGeneric(c, argv, true, true);
}
function rpushxCommand(c: Client, argv: string[]): void {
  pushGeneric(c, argv, false, true);
}

// ---------------------------------------------------------------------------
// Pops

function popGeneric(c: Client, argv: string[], head: boolean): void {
  if (argv.length > 3) {
    c.w.error(wrongArity(head ? 'lpop' : 'rpop'));
    return;
  }
  const hasCount = argv.length === 3;
  let count = 0;
  if (hasCount) {
    const v = parseLong(argv[2]);
    if (v === null || v < 0) {
      c.w.error(NOT_POSITIVE);
      return;
    }
    count = v;
  }
  const key = argv[1];
  const list = writeList(c, key);
  if (list === null) return;
  if (list === undefined) {
    if (hasCount) c.w.nilArray();
    else c.w.nil();
    return;
  }
  if (hasCount && count === 0) {
    c.w.array(0);
    return;
  }
  if (!hasCount) {
    replyElem(c, head ? list.popHead() : list.popTail());
    afterRemoval(c, key, list, 1, head ? 'lpop' : 'rpop');
    return;
  }
  popRangeReply(c, key, list, head, count);
}

function lpopCommand(c: Client, argv: string[]): void {
  popGeneric(c, argv, true);
}
function rpopCommand(c: Client, argv: string[]): void {
  popGeneric(c, argv, false);
}

// ---------------------------------------------------------------------------
// Reads

function llenCommand(c: Client, argv: string[]): void {
  const list = readList(c, argv[1]);
  if (list === null) return;
  c.w.integer(list === undefined ? 0 : list.length);
}

function lindexCommand(c: Client, argv: string[]): void {
  const list = readList(c, argv[1]);
  if (list === null) return;
  if (list === undefined) {
    c.w.nil();
    return;
  }
  let index = parseLong(argv[2]);
  if (index === null) {
    c.w.error(NOT_INTEGER);
    return;
  }
  if (index < 0) index += list.length;
  if (index < 0 || index >= list.length) c.w.nil();
  else replyElem(c, list.at(index));
}

/** Clamps LRANGE/LTRIM indexes; returns [start, end] or null for an empty range. */
function clampRange(start: number, end: number, llen: number): [number, number] | null {
  if (start < 0) start += llen;
  if (end < 0) end += llen;
  if (start < 0) start = 0;
  if (start > end || start >= llen) return null;
  if (end >= llen) end = llen - 1;
  return [start, end];
}

function lrangeCommand(c: Client, argv: string[]): void {
  const start = parseLong(argv[2]);
  const end = start === null ? null : parseLong(argv[3]);
  if (start === null || end === null) {
    c.w.error(NOT_INTEGER);
    return;
  }
  const list = readList(c, argv[1]);
  if (list === null) return;
  if (list === undefined) {
    c.w.array(0);
    return;
  }
  const r = clampRange(start, end, list.length);
  if (r === null) c.w.array(0);
  else replyRange(c, list, r[0], r[1], false);
}

function lposCommand(c: Client, argv: string[]): void {
  const ele = toStoredString(argv[2]);
  let rank = 1;
  let count = -1; // -1: no COUNT option
  let maxlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j].toLowerCase();
    const more = j < argv.length - 1;
    if (opt === 'rank' && more) {
      const raw = parseI64(argv[++j]);
      if (raw === null) {
        c.w.error(NOT_INTEGER);
        return;
      }
      // Redis 7.2 takes -LONG_MAX..LONG_MAX (7.0 accepted LONG_MIN).
      if (raw === LONG_MIN) {
        c.w.error(`ERR value is out of range, value must between -${LONG_MAX_TEXT} and ${LONG_MAX_TEXT}`);
        return;
      }
      if (raw === 0) {
        c.w.error(RANK_ZERO);
        return;
      }
      rank = Number(raw);
    } else if (opt === 'count' && more) {
      const v = parseLong(argv[++j]);
      if (v === null || v < 0) {
        c.w.error(COUNT_NEGATIVE);
        return;
      }
      count = v;
    } else if (opt === 'maxlen' && more) {
      const v = parseLong(argv[++j]);
      if (v === null || v < 0) {
        c.w.error(MAXLEN_NEGATIVE);
        return;
      }
      maxlen = v;
    } else {
      c.w.error(SYNTAX);
      return;
    }
  }
  const fromTail = rank < 0;
  if (fromTail) rank = -rank;
  const list = readList(c, argv[1]);
  if (list === null) return;
  if (list === undefined) {
    if (count !== -1) c.w.array(0);
    else c.w.nil();
    return;
  }
  const llen = list.length;
  const limit = maxlen === 0 || maxlen > llen ? llen : maxlen;
  let matches = 0;
  if (count === -1) {
    for (let i = 0; i < limit; i++) {
      const idx = fromTail ? llen - 1 - i : i;
      if (list.at(idx) === ele && ++matches >= rank) {
        c.w.integer(idx);
        return;
      }
    }
    c.w.nil();
    return;
  }
  const found: number[] = [];
  for (let i = 0; i < limit; i++) {
    const idx = fromTail ? llen - 1 - i : i;
    if (list.at(idx) === ele && ++matches >= rank) {
      found.push(idx);
      if (count !== 0 && found.length >= count) break;
    }
  }
  c.w.array(found.length);
  for (const idx of found) c.w.integer(idx);
}

const LONG_MAX_TEXT = '9223372036854775807';

// ---------------------------------------------------------------------------
// In-place edits

function lsetCommand(c: Client, argv: string[]): void {
  const key = argv[1];
  const list = writeList(c, key);
  if (list === null) return;
  if (list === undefined) {
    c.w.error(NO_SUCH_KEY);
    return;
  }
  let index = parseLong(argv[2]);
  if (index === null) {
    c.w.error(NOT_INTEGER);
    return;
  }
  const limits = c.server.keyspace.limits;
  list.prepareGrow(limits, 1, argv[3].length);
  if (index < 0) index += list.length;
  if (index < 0 || index >= list.length) {
    c.w.error(INDEX_OUT_OF_RANGE);
    return;
  }
  list.replaceAt(index, toStoredString(argv[3]));
  c.w.ok();
  c.db.signalModified(key);
  c.server.dirty++;
  notify(c, NOTIFY_LIST, 'lset', key);
  // A smaller element may bring the list back under the limit.
  list.afterShrink(limits);
}

function linsertCommand(c: Client, argv: string[]): void {
  const where = argv[2].toLowerCase();
  let after: boolean;
  if (where === 'after') after = true;
  else if (where === 'before') after = false;
  else {
    c.w.error(SYNTAX);
    return;
  }
  const key = argv[1];
  const list = writeList(c, key);
  if (list === null) return;
  if (list === undefined) {
    c.w.integer(0);
    return;
  }
  // Like Redis, prepare for the insertion before knowing the pivot is there.
  list.prepareGrow(c.server.keyspace.limits, 1, argv[4].length);
  const pivot = toStoredString(argv[3]);
  const n = list.length;
  for (let i = 0; i < n; i++) {
    if (list.at(i) === pivot) {
      list.insertAt(i, after, toStoredString(argv[4]), argv[4].length);
      c.db.signalModified(key);
      c.server.dirty++;
      notify(c, NOTIFY_LIST, 'linsert', key);
      c.w.integer(list.length);
      return;
    }
  }
  c.w.integer(-1);
}

function lremCommand(c: Client, argv: string[]): void {
  let toRemove = parseLong(argv[2]);
  if (toRemove === null) {
    c.w.error(NOT_INTEGER);
    return;
  }
  const key = argv[1];
  const list = writeList(c, key);
  if (list === null) return;
  if (list === undefined) {
    c.w.integer(0);
    return;
  }
  const ele = toStoredString(argv[3]);
  const n = list.length;
  const found: number[] = [];
  if (toRemove < 0) {
    toRemove = -toRemove;
    for (let i = n - 1; i >= 0; i--) {
      if (list.at(i) === ele) {
        found.push(i);
        if (found.length === toRemove) break;
      }
    }
    found.reverse();
  } else {
    for (let i = 0; i < n; i++) {
      if (list.at(i) === ele) {
        found.push(i);
        if (found.length === toRemove) break;
      }
    }
  }
  const removed = found.length;
  if (removed > 0) {
    list.deleteIndexes(found);
    notify(c, NOTIFY_LIST, 'lrem', key);
    if (list.length === 0) {
      c.db.delete(key);
      notify(c, NOTIFY_GENERIC, 'del', key);
    } else {
      c.db.signalModified(key);
      list.afterShrink(c.server.keyspace.limits);
    }
    c.server.dirty += removed;
  }
  c.w.integer(removed);
}

function ltrimCommand(c: Client, argv: string[]): void {
  const start = parseLong(argv[2]);
  const end = start === null ? null : parseLong(argv[3]);
  if (start === null || end === null) {
    c.w.error(NOT_INTEGER);
    return;
  }
  const key = argv[1];
  const list = writeList(c, key);
  if (list === null) return;
  if (list === undefined) {
    c.w.ok();
    return;
  }
  const llen = list.length;
  const r = clampRange(start, end, llen);
  let ltrim: number;
  let rtrim: number;
  if (r === null) {
    ltrim = llen;
    rtrim = 0;
  } else {
    ltrim = r[0];
    rtrim = llen - r[1] - 1;
  }
  if (rtrim > 0) list.deleteRange(llen - rtrim, rtrim);
  if (ltrim > 0) list.deleteRange(0, ltrim);
  notify(c, NOTIFY_LIST, 'ltrim', key);
  if (list.length === 0) {
    c.db.delete(key);
    notify(c, NOTIFY_GENERIC, 'del', key);
  } else {
    list.afterShrink(c.server.keyspace.limits);
    // Redis signals the key even when nothing was trimmed.
    c.db.signalModified(key);
  }
  c.server.dirty += ltrim + rtrim;
  c.w.ok();
}

// ---------------------------------------------------------------------------
// Moves

/**
 * LMOVE's core: pops from the source end, pushes to the destination end,
 * replies with the element. Returns false when it replied an error.
 */
function lmoveGeneric(c: Client, argv: string[], fromHead: boolean, toHead: boolean): void {
  const src = argv[1];
  const dst = argv[2];
  const slist = writeList(c, src);
  if (slist === null) return;
  if (slist === undefined || slist.length === 0) {
    c.w.nil();
    return;
  }
  let dlist = writeList(c, dst);
  if (dlist === null) return;
  const fromQuicklist = slist.encoding() === 'quicklist';
  const value = fromHead ? slist.popHead() : slist.popTail();
  const limits = c.server.keyspace.limits;
  let created = false;
  if (dlist === undefined) {
    dlist = new ListValue();
    created = true;
  }
  // Redis counts the bytes of a string-encoded value only: an integer popped
  // from a quicklist comes back int-encoded and adds nothing to the estimate.
  const rawLen = typeof value === 'number' ? String(value).length : value.length;
  dlist.prepareGrow(limits, 1, fromQuicklist && isIntElem(value) ? 0 : rawLen);
  if (toHead) dlist.pushHead(value, rawLen);
  else dlist.pushTail(value, rawLen);
  if (created) c.db.set(dst, dlist);
  else c.db.signalModified(dst);
  notify(c, NOTIFY_LIST, toHead ? 'lpush' : 'rpush', dst);
  replyElem(c, value);
  // The source may be the destination: it is not empty then.
  afterRemoval(c, src, slist, 1, fromHead ? 'lpop' : 'rpop');
}

function lmoveCommand(c: Client, argv: string[]): void {
  const from = parseWhere(c, argv[3]);
  if (from === null) return;
  const to = parseWhere(c, argv[4]);
  if (to === null) return;
  lmoveGeneric(c, argv, from, to);
}

function rpoplpushCommand(c: Client, argv: string[]): void {
  lmoveGeneric(c, argv, false, true);
}

/**
 * LMPOP/BLMPOP argument parsing: numkeys at `numkeysIdx`, then the keys,
 * LEFT|RIGHT and an optional COUNT. Returns null after replying an error.
 */
function parseMpop(c: Client, argv: string[], numkeysIdx: number): { numkeys: number; head: boolean; count: number } | null {
  const numkeys = parseLong(argv[numkeysIdx]);
  if (numkeys === null || numkeys < 1) {
    c.w.error(NUMKEYS_NOT_POSITIVE);
    return null;
  }
  const whereIdx = numkeysIdx + numkeys + 1;
  if (whereIdx >= argv.length) {
    c.w.error(SYNTAX);
    return null;
  }
  const head = parseWhere(c, argv[whereIdx]);
  if (head === null) return null;
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    if (count === -1 && argv[j].toLowerCase() === 'count' && j < argv.length - 1) {
      const v = parseLong(argv[++j]);
      if (v === null || v < 1) {
        c.w.error(COUNT_NOT_POSITIVE);
        return null;
      }
      count = v;
    } else {
      c.w.error(SYNTAX);
      return null;
    }
  }
  return { numkeys, head, count: count === -1 ? 1 : count };
}

/**
 * Pops from the first non-empty list among argv[first..first+numkeys-1],
 * replying [key, [elements]]. Returns 'served', 'error' (replied) or 'empty'.
 */
function mpopFrom(c: Client, argv: string[], first: number, numkeys: number, head: boolean, count: number): 'served' | 'error' | 'empty' {
  for (let j = first; j < first + numkeys; j++) {
    const key = argv[j];
    const list = writeList(c, key);
    if (list === null) return 'error';
    if (list === undefined || list.length === 0) continue;
    c.w.array(2);
    c.w.bulk(key);
    popRangeReply(c, key, list, head, count);
    // (B)LMPOP is logged as the plain pop it turned out to be, as Redis does.
    propagateAs(c, [head ? 'LPOP' : 'RPOP', key, String(count)]);
    return 'served';
  }
  return 'empty';
}

function lmpopCommand(c: Client, argv: string[]): void {
  const p = parseMpop(c, argv, 1);
  if (p === null) return;
  if (mpopFrom(c, argv, 2, p.numkeys, p.head, p.count) === 'empty') c.w.nilArray();
}

// ---------------------------------------------------------------------------
// Blocking variants

/** BLPOP/BRPOP: the first non-empty list among the keys, or wait. */
function blockingPop(c: Client, argv: string[], head: boolean): void {
  const timeout = parseBlockTimeout(argv[argv.length - 1]);
  if (typeof timeout === 'string') {
    c.w.error(timeout);
    return;
  }
  const last = argv.length - 1;
  for (let j = 1; j < last; j++) {
    const key = argv[j];
    const list = writeList(c, key);
    if (list === null) return;
    if (list === undefined || list.length === 0) continue;
    const value = head ? list.popHead() : list.popTail();
    c.w.array(2);
    c.w.bulk(key);
    replyElem(c, value);
    afterRemoval(c, key, list, 1, head ? 'lpop' : 'rpop');
    propagateAs(c, [head ? 'LPOP' : 'RPOP', key]);
    return;
  }
  if (!c.server.blocking.block(c, argv.slice(1, last), timeout, 'nilArray')) c.w.nilArray();
}

function blpopCommand(c: Client, argv: string[]): void {
  blockingPop(c, argv, true);
}
function brpopCommand(c: Client, argv: string[]): void {
  blockingPop(c, argv, false);
}

function blmoveGeneric(c: Client, argv: string[], fromHead: boolean, toHead: boolean, timeout: number): void {
  const src = writeList(c, argv[1]);
  if (src === null) return;
  if (src === undefined) {
    // Not allowed to block (MULTI): a null bulk. A wait that times out gets a
    // null array instead, as every key-blocking command in Redis does.
    if (!c.server.blocking.block(c, [argv[1]], timeout, 'nilArray')) c.w.nil();
    return;
  }
  const dirty = c.server.dirty;
  lmoveGeneric(c, argv, fromHead, toHead);
  // Logged as the non-blocking move (LMOVE), as Redis does.
  if (c.server.dirty !== dirty) propagateAs(c, ['LMOVE', argv[1], argv[2], fromHead ? 'LEFT' : 'RIGHT', toHead ? 'LEFT' : 'RIGHT']);
}

function blmoveCommand(c: Client, argv: string[]): void {
  const from = parseWhere(c, argv[3]);
  if (from === null) return;
  const to = parseWhere(c, argv[4]);
  if (to === null) return;
  const timeout = parseBlockTimeout(argv[5]);
  if (typeof timeout === 'string') {
    c.w.error(timeout);
    return;
  }
  blmoveGeneric(c, argv, from, to, timeout);
}

function brpoplpushCommand(c: Client, argv: string[]): void {
  const timeout = parseBlockTimeout(argv[3]);
  if (typeof timeout === 'string') {
    c.w.error(timeout);
    return;
  }
  blmoveGeneric(c, argv, false, true, timeout);
}

function blmpopCommand(c: Client, argv: string[]): void {
  const p = parseMpop(c, argv, 2);
  if (p === null) return;
  const timeout = parseBlockTimeout(argv[1]);
  if (typeof timeout === 'string') {
    c.w.error(timeout);
    return;
  }
  const r = mpopFrom(c, argv, 3, p.numkeys, p.head, p.count);
  if (r !== 'empty') return;
  if (!c.server.blocking.block(c, argv.slice(3, 3 + p.numkeys), timeout, 'nilArray')) c.w.nilArray();
}

// ---------------------------------------------------------------------------
// The table

const KEY: ArgDoc = { name: 'key', type: 'key', keySpecIndex: 0 };
const ELEMENT: ArgDoc = { name: 'element', type: 'string' };
const ONE_KEY = { first: 1, last: 1, step: 1 };
const TWO_KEYS = { first: 1, last: 2, step: 1 };
const WHERE_LR = (name: string): ArgDoc => ({
  name,
  type: 'oneof',
  arguments: [
    { name: 'left', type: 'pure-token', token: 'LEFT' },
    { name: 'right', type: 'pure-token', token: 'RIGHT' },
  ],
});
const MPOP_ARGS: ArgDoc[] = [
  { name: 'numkeys', type: 'integer' },
  { name: 'key', type: 'key', keySpecIndex: 0, multiple: true },
  WHERE_LR('where'),
  { name: 'count', type: 'integer', token: 'COUNT', optional: true },
];
const POP_HISTORY: [string, string][] = [['6.2.0', 'Added the `count` argument.']];
const TIMEOUT_HISTORY: [string, string][] = [['6.0.0', '`timeout` is interpreted as a double instead of an integer.']];

export const commands: CommandSpec[] = [
  {
    name: 'lpush',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    group: 'list',
    since: '1.0.0',
    summary: 'Adds elements to the head of a list, creating the key when absent.',
    complexity: 'O(1) for each element added, so O(N) to add N elements.',
    acl: ['list'],
    keys: ONE_KEY,
    history: [['2.4.0', 'Accepts multiple `element` arguments.']],
    args: [KEY, { ...ELEMENT, multiple: true }],
    run: lpushCommand,
  },
  {
    name: 'rpush',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    group: 'list',
    since: '1.0.0',
    summary: 'Adds elements to the tail of a list, creating the key when absent.',
    complexity: 'O(1) for each element added, so O(N) to add N elements.',
    acl: ['list'],
    keys: ONE_KEY,
    history: [['2.4.0', 'Accepts multiple `element` arguments.']],
    args: [KEY, { ...ELEMENT, multiple: true }],
    run: rpushCommand,
  },
  {
    name: 'lpushx',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    group: 'list',
    since: '2.2.0',
    summary: 'Adds elements to the head of a list only when the list exists.',
    complexity: 'O(1) for each element added, so O(N) to add N elements.',
    acl: ['list'],
    keys: ONE_KEY,
    history: [['4.0.0', 'Accepts multiple `element` arguments.']],
    args: [KEY, { ...ELEMENT, multiple: true }],
    run: lpushxCommand,
  },
  {
    name: 'rpushx',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    group: 'list',
    since: '2.2.0',
    summary: 'Adds elements to the tail of a list only when the list exists.',
    complexity: 'O(1) for each element added, so O(N) to add N elements.',
    acl: ['list'],
    keys: ONE_KEY,
    history: [['4.0.0', 'Accepts multiple `element` arguments.']],
    args: [KEY, { ...ELEMENT, multiple: true }],
    run: rpushxCommand,
  },
  {
    name: 'lpop',
    arity: -2,
    flags: ['write', 'fast'],
    group: 'list',
    since: '1.0.0',
    summary: 'Removes and returns elements from the head of a list; the key goes when the list is empty.',
    complexity: 'O(N) where N is the number of elements returned',
    acl: ['list'],
    keys: ONE_KEY,
    history: POP_HISTORY,
    args: [KEY, { name: 'count', type: 'integer', optional: true, since: '6.2.0' }],
    run: lpopCommand,
  },
  {
    name: 'rpop',
    arity: -2,
    flags: ['write', 'fast'],
    group: 'list',
    since: '1.0.0',
    summary: 'Removes and returns elements from the tail of a list; the key goes when the list is empty.',
    complexity: 'O(N) where N is the number of elements returned',
    acl: ['list'],
    keys: ONE_KEY,
    history: POP_HISTORY,
    args: [KEY, { name: 'count', type: 'integer', optional: true, since: '6.2.0' }],
    run: rpopCommand,
  },
  {
    name: 'llen',
    arity: 2,
    flags: ['readonly', 'fast'],
    group: 'list',
    since: '1.0.0',
    summary: 'Returns the number of elements in a list.',
    complexity: 'O(1)',
    acl: ['list'],
    keys: ONE_KEY,
    args: [KEY],
    run: llenCommand,
  },
  {
    name: 'lrange',
    arity: 4,
    flags: ['readonly'],
    group: 'list',
    since: '1.0.0',
    summary: 'Returns a range of elements of a list, by index.',
    complexity:
      'O(S+N) in Redis (S the distance of start from the nearer end); O(N) here: elements are reached by index, N being the number of elements returned.',
    acl: ['list'],
    keys: ONE_KEY,
    args: [KEY, { name: 'start', type: 'integer' }, { name: 'stop', type: 'integer' }],
    run: lrangeCommand,
  },
  {
    name: 'lindex',
    arity: 3,
    flags: ['readonly'],
    group: 'list',
    since: '1.0.0',
    summary: 'Returns the element of a list at an index.',
    complexity: 'O(1): the list is indexed directly.',
    acl: ['list'],
    keys: ONE_KEY,
    args: [KEY, { name: 'index', type: 'integer' }],
    run: lindexCommand,
  },
  {
    name: 'lset',
    arity: 4,
    flags: ['write', 'denyoom'],
    group: 'list',
    since: '1.0.0',
    summary: 'Replaces the element of a list at an index.',
    complexity: 'O(1) for the element itself; O(nodes) to update the encoding model of a large list.',
    acl: ['list'],
    keys: ONE_KEY,
    args: [KEY, { name: 'index', type: 'integer' }, ELEMENT],
    run: lsetCommand,
  },
  {
    name: 'linsert',
    arity: 5,
    flags: ['write', 'denyoom'],
    group: 'list',
    since: '2.2.0',
    summary: 'Inserts an element before or after another element of a list.',
    complexity: 'O(N) where N is the number of elements scanned or shifted.',
    acl: ['list'],
    keys: ONE_KEY,
    args: [
      KEY,
      {
        name: 'where',
        type: 'oneof',
        arguments: [
          { name: 'before', type: 'pure-token', token: 'BEFORE' },
          { name: 'after', type: 'pure-token', token: 'AFTER' },
        ],
      },
      { name: 'pivot', type: 'string' },
      ELEMENT,
    ],
    run: linsertCommand,
  },
  {
    name: 'lrem',
    arity: 4,
    flags: ['write'],
    group: 'list',
    since: '1.0.0',
    summary: 'Removes elements equal to a value from a list.',
    complexity: 'O(N+M) where N is the length of the list and M is the number of elements removed.',
    acl: ['list'],
    keys: ONE_KEY,
    args: [KEY, { name: 'count', type: 'integer' }, ELEMENT],
    run: lremCommand,
  },
  {
    name: 'ltrim',
    arity: 4,
    flags: ['write'],
    group: 'list',
    since: '1.0.0',
    summary: 'Keeps only a range of elements of a list, deleting the rest.',
    complexity: 'O(N) where N is the number of elements removed.',
    acl: ['list'],
    keys: ONE_KEY,
    args: [KEY, { name: 'start', type: 'integer' }, { name: 'stop', type: 'integer' }],
    run: ltrimCommand,
  },
  {
    name: 'lpos',
    arity: -3,
    flags: ['readonly'],
    group: 'list',
    since: '6.0.6',
    summary: 'Returns the index of matching elements of a list.',
    complexity: 'O(N) where N is the number of elements scanned (all of them, or up to MAXLEN).',
    acl: ['list'],
    keys: ONE_KEY,
    args: [
      KEY,
      ELEMENT,
      { name: 'rank', type: 'integer', token: 'RANK', optional: true },
      { name: 'num-matches', type: 'integer', token: 'COUNT', optional: true },
      { name: 'len', type: 'integer', token: 'MAXLEN', optional: true },
    ],
    run: lposCommand,
  },
  {
    name: 'lmove',
    arity: 5,
    flags: ['write', 'denyoom'],
    group: 'list',
    since: '6.2.0',
    summary: 'Pops an element from one end of a list and pushes it onto an end of another list; returns it.',
    complexity: 'O(1)',
    acl: ['list'],
    keys: TWO_KEYS,
    args: [
      { name: 'source', type: 'key', keySpecIndex: 0 },
      { name: 'destination', type: 'key', keySpecIndex: 1 },
      WHERE_LR('wherefrom'),
      WHERE_LR('whereto'),
    ],
    run: lmoveCommand,
  },
  {
    name: 'rpoplpush',
    arity: 3,
    flags: ['write', 'denyoom'],
    group: 'list',
    since: '1.2.0',
    summary: 'Pops the last element of a list and pushes it onto the head of another list; returns it.',
    complexity: 'O(1)',
    acl: ['list'],
    keys: TWO_KEYS,
    deprecatedSince: '6.2.0',
    replacedBy: '`LMOVE` with the `RIGHT` and `LEFT` arguments',
    args: [
      { name: 'source', type: 'key', keySpecIndex: 0 },
      { name: 'destination', type: 'key', keySpecIndex: 1 },
    ],
    run: rpoplpushCommand,
  },
  {
    name: 'lmpop',
    arity: -4,
    flags: ['write', 'movablekeys'],
    group: 'list',
    since: '7.0.0',
    summary: 'Pops elements from the first non-empty list among several keys.',
    complexity: 'O(N+M) where N is the number of provided keys and M is the number of elements returned.',
    acl: ['list'],
    args: MPOP_ARGS,
    run: lmpopCommand,
  },
  {
    name: 'blpop',
    arity: -3,
    flags: ['write', 'noscript', 'blocking'],
    group: 'list',
    since: '2.0.0',
    summary: 'Pops the head element of the first non-empty list among several keys, waiting for one if none has any.',
    complexity: 'O(N) where N is the number of provided keys.',
    acl: ['list'],
    keys: { first: 1, last: -2, step: 1 },
    history: TIMEOUT_HISTORY,
    args: [
      { name: 'key', type: 'key', keySpecIndex: 0, multiple: true },
      { name: 'timeout', type: 'double' },
    ],
    run: blpopCommand,
  },
  {
    name: 'brpop',
    arity: -3,
    flags: ['write', 'noscript', 'blocking'],
    group: 'list',
    since: '2.0.0',
    summary: 'Pops the tail element of the first non-empty list among several keys, waiting for one if none has any.',
    complexity: 'O(N) where N is the number of provided keys.',
    acl: ['list'],
    keys: { first: 1, last: -2, step: 1 },
    history: TIMEOUT_HISTORY,
    args: [
      { name: 'key', type: 'key', keySpecIndex: 0, multiple: true },
      { name: 'timeout', type: 'double' },
    ],
    run: brpopCommand,
  },
  {
    name: 'blmove',
    arity: 6,
    flags: ['write', 'denyoom', 'noscript', 'blocking'],
    group: 'list',
    since: '6.2.0',
    summary: 'Moves an element from one list to another like LMOVE, waiting for one when the source is empty.',
    complexity: 'O(1)',
    acl: ['list'],
    keys: TWO_KEYS,
    args: [
      { name: 'source', type: 'key', keySpecIndex: 0 },
      { name: 'destination', type: 'key', keySpecIndex: 1 },
      WHERE_LR('wherefrom'),
      WHERE_LR('whereto'),
      { name: 'timeout', type: 'double' },
    ],
    run: blmoveCommand,
  },
  {
    name: 'brpoplpush',
    arity: 4,
    flags: ['write', 'denyoom', 'noscript', 'blocking'],
    group: 'list',
    since: '2.2.0',
    summary: 'Moves the last element of a list to the head of another like RPOPLPUSH, waiting for one when the source is empty.',
    complexity: 'O(1)',
    acl: ['list'],
    keys: TWO_KEYS,
    deprecatedSince: '6.2.0',
    replacedBy: '`BLMOVE` with the `RIGHT` and `LEFT` arguments',
    history: TIMEOUT_HISTORY,
    args: [
      { name: 'source', type: 'key', keySpecIndex: 0 },
      { name: 'destination', type: 'key', keySpecIndex: 1 },
      { name: 'timeout', type: 'double' },
    ],
    run: brpoplpushCommand,
  },
  {
    name: 'blmpop',
    arity: -5,
    flags: ['write', 'blocking', 'movablekeys'],
    group: 'list',
    since: '7.0.0',
    summary: 'Pops elements from the first non-empty list among several keys like LMPOP, waiting for one if none has any.',
    complexity: 'O(N+M) where N is the number of provided keys and M is the number of elements returned.',
    acl: ['list'],
    args: [{ name: 'timeout', type: 'double' }, ...MPOP_ARGS],
    run: blmpopCommand,
  },
];
