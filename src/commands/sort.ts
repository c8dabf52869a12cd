// SORT and SORT_RO over lists, sets and sorted sets, as Redis 7.2's sort.c:
// option parsing and its errors, BY (weights from string keys or hash fields;
// a pattern without '*' means no sorting), LIMIT clamping, GET (several; '#'
// for the element itself; `key->field` for hash fields), ASC/DESC, ALPHA,
// STORE (a list; an empty result deletes the destination).
//
// Ordering follows sortCompare: numeric by weight (strtod rules, see
// sortWeight), ties broken by comparing the elements' bytes; ALPHA compares
// bytes (strcoll in the C locale stops at a NUL byte, so it does here too,
// except with STORE where Redis compares whole strings); missing BY weights
// are 0 (numeric) or sort first (ALPHA). The sort is stable, as glibc's qsort
// is in practice, so ties left by ALPHA BY keep the input order.
//
// Differences: with LIMIT and BY Redis uses its own partial quicksort, whose
// order among equal ALPHA BY weights is arbitrary; Petrel keeps input order.
// Redis forces ALPHA on a set sorted BY a constant inside Lua scripts; the
// scripting issue will have to pass that flag here.

import type { Client } from '../server/client.js';
import type { ArgDoc, CommandSpec } from './types.js';
import { NOT_INTEGER, SYNTAX, WRONGTYPE } from './errors.js';
import { isString, stringOf, toStoredString, typeOf, type Value } from '../data/values.js';
import { ListValue, elemString } from '../data/list.js';
import type { ZSet } from '../data/zset.js';
import { notify, NOTIFY_GENERIC, NOTIFY_LIST } from '../server/notify.js';
import type { EncodingLimits } from '../data/limits.js';
import type { SetValue } from '../data/set.js';
import type { RedisHash } from '../data/hash.js';
import { parseI64 } from '../protocol/numbers.js';

const SCORE_ERROR = "ERR One or more scores can't be converted into double";

const DBL_MIN = 2.2250738585072014e-308;
const DECIMAL_RE = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const HEX_RE = /^0[xX](?:([0-9a-fA-F]+)\.?([0-9a-fA-F]*)|\.([0-9a-fA-F]+))(?:[pP]([+-]?\d+))?/;
const INF_NAN_RE = /^(?:inf(?:inity)?|nan(?:\([0-9A-Za-z_]*\))?)/i;

function isCSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * A weight as SORT reads it: C strtod over the string up to its first NUL byte
 * (leading spaces, hex, inf, nan accepted), where anything left unparsed, a
 * NaN, or an out-of-range value (overflow or underflow: ERANGE) is an error.
 * Returns NaN for an error. The empty string is 0 (strtod converts nothing and
 * stops at the terminator).
 */
export function sortWeight(s: string): number {
  const nul = s.indexOf('\0');
  if (nul >= 0) s = s.slice(0, nul);
  const n = s.length;
  if (n === 0) return 0;
  let i = 0;
  while (i < n && isCSpace(s.charCodeAt(i))) i++;
  let neg = false;
  const c = s.charCodeAt(i);
  if (c === 43 || c === 45) {
    neg = c === 45;
    i++;
  }
  const body = s.slice(i);
  let v: number;
  let m = INF_NAN_RE.exec(body);
  if (m !== null) {
    if (m[0].length !== body.length) return NaN;
    if (m[0][0] === 'n' || m[0][0] === 'N') return NaN;
    return neg ? -Infinity : Infinity;
  }
  m = HEX_RE.exec(body);
  if (m !== null) {
    if (m[0].length !== body.length) return NaN;
    const intPart = m[1] ?? '';
    const frac = m[1] !== undefined ? m[2] : m[3];
    const mant = BigInt('0x' + (intPart + frac || '0'));
    const exp = (m[4] !== undefined ? Number(m[4]) : 0) - 4 * frac.length;
    v = Number(mant) * Math.pow(2, exp);
    if (mant !== 0n && (v === Infinity || v < DBL_MIN)) return NaN;
    return neg ? -v : v;
  }
  m = DECIMAL_RE.exec(body);
  if (m === null || m[0].length !== body.length) return NaN;
  v = Number(body);
  if (v === Infinity) return NaN;
  if (v < DBL_MIN && /[1-9]/.test(body.replace(/[eE].*$/, ''))) return NaN;
  return neg ? -v : v;
}

/** strcmp: bytes up to the first NUL (strcoll in the C locale). */
function cstrCompare(a: string, b: string): number {
  const na = a.indexOf('\0');
  if (na >= 0) a = a.slice(0, na);
  const nb = b.indexOf('\0');
  if (nb >= 0) b = b.slice(0, nb);
  return a < b ? -1 : a > b ? 1 : 0;
}

function binCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The index of the first '*' before any NUL byte (C strchr), or -1. */
function cStar(p: string): number {
  const star = p.indexOf('*');
  if (star < 0) return -1;
  const nul = p.indexOf('\0');
  return nul >= 0 && nul < star ? -1 : star;
}

/**
 * Redis's lookupKeyByPattern: '#' is the element itself; otherwise the first
 * '*' is replaced by the element to name a string key, or with `->field`
 * after the '*' a hash field. Anything missing or of another type is null.
 */
function lookupByPattern(c: Client, pattern: string, elem: string): string | null {
  if (pattern.charCodeAt(0) === 35 /* # */ && (pattern.length === 1 || pattern.charCodeAt(1) === 0)) return elem;
  const star = cStar(pattern);
  if (star < 0) return null;
  let keyEnd = pattern.length;
  let field: string | null = null;
  const nul = pattern.indexOf('\0');
  const arrow = pattern.indexOf('->', star + 1);
  if (arrow >= 0 && (nul < 0 || arrow + 2 < nul) && arrow + 2 < pattern.length) {
    field = pattern.slice(arrow + 2);
    keyEnd = arrow;
  }
  const key = pattern.slice(0, star) + elem + pattern.slice(star + 1, keyEnd);
  const v: Value | undefined = c.db.lookupRead(key);
  if (v === undefined) return null;
  if (field !== null) {
    if (typeOf(v) !== 'hash') return null;
    return (v as RedisHash).get(field) ?? null;
  }
  if (!isString(v)) return null;
  return stringOf(v);
}

// ---------------------------------------------------------------- what is sorted

/** Number of elements of a list, set or sorted set. */
function sourceLength(v: Value): number {
  switch (typeOf(v)) {
    case 'set':
      return (v as SetValue).size;
    case 'list':
      return listLength(v);
    default:
      return zsetLength(v);
  }
}

/** Every element, in the value's own order (sets: iteration order). */
function sourceAll(v: Value): string[] {
  switch (typeOf(v)) {
    case 'set':
      return (v as SetValue).toArray();
    case 'list':
      return listAll(v);
    default:
      return zsetAll(v);
  }
}

/** Elements start..end (inclusive, 0-based) of a list or sorted set in its order, counted from the tail with desc. */
function sourceRange(v: Value, start: number, end: number, desc: boolean): string[] {
  return typeOf(v) === 'list' ? listRange(v, start, end, desc) : zsetRange(v, start, end, desc);
}

interface SortItem {
  elem: string;
  score: number;
  /** ALPHA BY: the weight string, null when missing. */
  cmp: string | null;
}

function sortGeneric(c: Client, argv: string[], readonly: boolean): void {
  let desc = false;
  let alpha = false;
  let limitStart = 0;
  let limitCount = -1;
  let dontsort = false;
  let sortby: string | null = null;
  let storekey: string | null = null;
  const gets: string[] = [];
  const argc = argv.length;
  for (let j = 2; j < argc; j++) {
    const left = argc - j - 1;
    const opt = argv[j].toLowerCase();
    if (opt === 'asc') desc = false;
    else if (opt === 'desc') desc = true;
    else if (opt === 'alpha') alpha = true;
    else if (opt === 'limit' && left >= 2) {
      const s = parseI64(argv[j + 1]);
      const n = s === null ? null : parseI64(argv[j + 2]);
      if (s === null || n === null) {
        c.w.error(NOT_INTEGER);
        return;
      }
      limitStart = clampLong(s);
      limitCount = clampLong(n);
      j += 2;
    } else if (!readonly && opt === 'store' && left >= 1) {
      storekey = argv[++j];
    } else if (opt === 'by' && left >= 1) {
      sortby = argv[++j];
      if (cStar(sortby) < 0) dontsort = true;
    } else if (opt === 'get' && left >= 1) {
      gets.push(argv[++j]);
    } else {
      c.w.error(SYNTAX);
      return;
    }
  }

  const src = c.db.lookupRead(argv[1]);
  const type = src === undefined ? 'list' : typeOf(src);
  if (type !== 'set' && type !== 'list' && type !== 'zset') {
    c.w.error(WRONGTYPE);
    return;
  }
  if (src !== undefined && type === 'zset') zsetToSkiplist(src);

  // Sorting a set "by nothing" into a key would store its hash order: Redis sorts it ALPHA instead.
  if (dontsort && type === 'set' && storekey !== null) {
    dontsort = false;
    alpha = true;
    sortby = null;
  }

  let vectorlen = src === undefined ? 0 : sourceLength(src);
  let start = Math.min(Math.max(limitStart, 0), vectorlen);
  const count = Math.min(Math.max(limitCount, -1), vectorlen);
  let end = count < 0 ? vectorlen - 1 : start + count - 1;
  if (start >= vectorlen) {
    start = vectorlen - 1;
    end = vectorlen - 2;
  }
  if (end >= vectorlen) end = vectorlen - 1;

  let items: SortItem[];
  if (src === undefined) items = [];
  else if (dontsort && type !== 'set') {
    // Lists and sorted sets keep their own order (reversed by DESC): load just the range.
    const elems = end >= start ? sourceRange(src, start, end, desc) : [];
    items = new Array(elems.length);
    for (let i = 0; i < elems.length; i++) items[i] = { elem: elems[i], score: 0, cmp: null };
    end -= start;
    start = 0;
    vectorlen = elems.length;
  } else {
    const elems = sourceAll(src);
    items = new Array(elems.length);
    for (let i = 0; i < elems.length; i++) items[i] = { elem: elems[i], score: 0, cmp: null };
  }

  let scoreError = false;
  if (!dontsort && items.length > 0) {
    for (let j = 0; j < items.length; j++) {
      const it = items[j];
      let by: string | null;
      if (sortby !== null) {
        by = lookupByPattern(c, sortby, it.elem);
        if (by === null) continue;
      } else by = it.elem;
      if (alpha) {
        if (sortby !== null) it.cmp = by;
      } else {
        const w = sortWeight(by);
        if (w !== w) scoreError = true;
        else it.score = w;
      }
    }
    const sign = desc ? -1 : 1;
    let cmp: (a: SortItem, b: SortItem) => number;
    if (!alpha) {
      cmp = (a, b) => sign * (a.score > b.score ? 1 : a.score < b.score ? -1 : binCompare(a.elem, b.elem));
    } else if (sortby !== null) {
      const strcmp = storekey !== null ? binCompare : cstrCompare;
      cmp = (a, b) => {
        if (a.cmp === null || b.cmp === null) return sign * (a.cmp === b.cmp ? 0 : a.cmp === null ? -1 : 1);
        return sign * strcmp(a.cmp, b.cmp);
      };
    } else {
      const strcmp = storekey !== null ? binCompare : cstrCompare;
      cmp = (a, b) => sign * strcmp(a.elem, b.elem);
    }
    items.sort(cmp);
  }

  const w = c.w;
  const ngets = gets.length;
  const outputlen = ngets > 0 ? ngets * (end - start + 1) : end - start + 1;
  if (scoreError) {
    w.error(SCORE_ERROR);
    return;
  }
  if (storekey === null) {
    w.array(outputlen);
    for (let j = start; j <= end; j++) {
      const elem = items[j].elem;
      if (ngets === 0) w.bulk(elem);
      for (let g = 0; g < ngets; g++) {
        const val = lookupByPattern(c, gets[g], elem);
        if (val === null) w.nil();
        else w.bulk(val);
      }
    }
    return;
  }
  const out: string[] = [];
  for (let j = start; j <= end; j++) {
    const elem = items[j].elem;
    if (ngets === 0) out.push(elem);
    for (let g = 0; g < ngets; g++) out.push(lookupByPattern(c, gets[g], elem) ?? '');
  }
  const db = c.db;
  if (outputlen > 0) {
    db.set(storekey, storeList(out, c.server.keyspace.limits));
    notify(c, NOTIFY_LIST, 'sortstore', storekey);
    c.server.dirty += outputlen;
  } else if (db.delete(storekey)) {
    notify(c, NOTIFY_GENERIC, 'del', storekey);
    c.server.dirty++;
  }
  w.integer(outputlen);
}

/** A 64-bit integer argument as a JS number (values past 2^53 only matter as "huge"). */
function clampLong(v: number | bigint): number {
  return typeof v === 'bigint' ? Number(v) : v;
}

function sort(c: Client, argv: string[]): void {
  sortGeneric(c, argv, false);
}

function sortRo(c: Client, argv: string[]): void {
  sortGeneric(c, argv, true);
}

/**
 * SORT's keys: the sorted key, and the destination of the last STORE (Redis's
 * sortGetKeys scan: LIMIT skips 2 arguments, GET and BY skip 1, others 0).
 */
export function sortGetKeys(argv: string[]): number[] {
  const keys = [1];
  let store = -1;
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i].toLowerCase();
    if (a === 'limit') i += 2;
    else if (a === 'get' || a === 'by') i += 1;
    else if (a === 'store' && i + 1 < argv.length) store = i + 1;
  }
  if (store >= 0) keys.push(store);
  return keys;
}

const SORT_ARGS: ArgDoc[] = [
  { name: 'key', type: 'key', keySpecIndex: 0 },
  { name: 'pattern', type: 'pattern', keySpecIndex: 1, token: 'BY', optional: true },
  {
    name: 'offset_count',
    type: 'block',
    token: 'LIMIT',
    optional: true,
    arguments: [
      { name: 'offset', type: 'integer' },
      { name: 'count', type: 'integer' },
    ],
  },
  { name: 'pattern', type: 'pattern', keySpecIndex: 1, token: 'GET', optional: true, multiple: true, multipleToken: true },
  {
    name: 'order',
    type: 'oneof',
    optional: true,
    arguments: [
      { name: 'asc', type: 'pure-token', token: 'ASC' },
      { name: 'desc', type: 'pure-token', token: 'DESC' },
    ],
  },
  { name: 'sorting', type: 'pure-token', token: 'ALPHA', optional: true },
];

export const commands: CommandSpec[] = [
  {
    name: 'sort',
    arity: -2,
    flags: ['write', 'denyoom', 'movablekeys'],
    group: 'generic',
    since: '1.0.0',
    summary: 'Sorts the elements of a list, set or sorted set, optionally storing the result.',
    complexity: 'O(N+M*log(M)), N the number of elements to sort, M the number returned; O(N) without sorting.',
    acl: ['set', 'sortedset', 'list', 'dangerous'],
    keys: { first: 1, last: 1, step: 1 },
    getKeys: sortGetKeys,
    args: [...SORT_ARGS, { name: 'destination', type: 'key', keySpecIndex: 2, token: 'STORE', optional: true }],
    run: sort,
  },
  {
    name: 'sort_ro',
    arity: -2,
    flags: ['readonly', 'movablekeys'],
    group: 'generic',
    since: '7.0.0',
    summary: 'Sorts the elements of a list, set or sorted set without storing anything.',
    complexity: 'O(N+M*log(M)), N the number of elements to sort, M the number returned; O(N) without sorting.',
    acl: ['set', 'sortedset', 'list', 'dangerous'],
    keys: { first: 1, last: 1, step: 1 },
    getKeys: () => [1],
    args: SORT_ARGS,
    run: sortRo,
  },
];

// ---------------------------------------------------------------- list / sorted set access

function listLength(v: Value): number {
  return (v as ListValue).length;
}

function listAll(v: Value): string[] {
  const l = v as ListValue;
  const out: string[] = new Array(l.length);
  for (let i = 0; i < l.length; i++) out[i] = elemString(l.at(i));
  return out;
}

/** Elements start..end counted from the head, or from the tail with desc. */
function listRange(v: Value, start: number, end: number, desc: boolean): string[] {
  const l = v as ListValue;
  const n = l.length;
  const out: string[] = new Array(end - start + 1);
  for (let i = start; i <= end; i++) out[i - start] = elemString(l.at(desc ? n - 1 - i : i));
  return out;
}

/**
 * SORT ... STORE's list: Redis pushes into a fresh quicklist, then lets it
 * become a listpack if it ended up as one small node.
 */
function storeList(items: string[], lim: EncodingLimits): ListValue {
  const l = new ListValue(items.length);
  l.prepareGrow(lim, Infinity, Infinity); // starts as a quicklist whatever the size
  for (let i = 0; i < items.length; i++) l.pushTail(toStoredString(items[i]), items[i].length);
  l.afterShrink(lim);
  return l;
}

function zsetLength(v: Value): number {
  return (v as ZSet).length;
}

/** Every member in rank order (Redis loads them in hash order; only ties left by ALPHA BY can tell). */
function zsetAll(v: Value): string[] {
  const m: string[] = [];
  const sc: number[] = [];
  (v as ZSet).entries(m, sc);
  return m;
}

/** Ranks start..end, counted from the top with desc. */
function zsetRange(v: Value, start: number, end: number, desc: boolean): string[] {
  const m: string[] = [];
  const sc: number[] = [];
  (v as ZSet).rangeByRank(start, end, desc, m, sc);
  return m;
}

/** SORT turns a listpack sorted set into a skiplist for good (Redis's zsetConvert before sorting), even SORT_RO. */
function zsetToSkiplist(v: Value): void {
  (v as ZSet).toSkiplist();
}
