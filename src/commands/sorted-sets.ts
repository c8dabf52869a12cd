// The sorted set command group (Redis 7.2): ZADD and friends, ranges by rank,
// score and lex, pops (blocking too), random members, set algebra (inputs may
// be plain sets: members count with score 1) and ZSCAN. Check order, error
// texts, reply shapes (RESP2 and RESP3), dirty counts and keyspace events
// follow Redis's t_zset.c; the data structure is in src/data/zset.ts.

import { propagateAs } from '../server/propagate.js';
import { beginCollectionScan } from './scan-args.js';
import type { Client } from '../server/client.js';
import type { ArgDoc, CommandSpec } from './types.js';
import { NOT_FLOAT, NOT_INTEGER, SYNTAX, WRONGTYPE } from './errors.js';
import { formatDouble as formatScore, parseI64 } from '../protocol/numbers.js';
import {
  ZSet,
  sortPairs,
  ZADD_ADDED,
  ZADD_GT,
  ZADD_INCR,
  ZADD_LT,
  ZADD_NAN,
  ZADD_NOP,
  ZADD_NX,
  ZADD_UPDATED,
  ZADD_XX,
  type LexRange,
  type ScoreRange,
} from '../data/zset.js';
import type { Value } from '../data/values.js';
import { globMatch } from '../data/glob.js';
import { notify, NOTIFY_GENERIC, NOTIFY_ZSET } from '../server/notify.js';
import { parseBlockTimeout } from '../server/blocking.js';

const NAN_SCORE = 'ERR resulting score is not a number (NaN)';
const NOT_FLOAT_RANGE = 'ERR min or max is not a float';
const NOT_LEX_RANGE = 'ERR min or max not valid string range item';
const LIMIT_RANK = 'ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX';
const WITHSCORES_LEX = 'ERR syntax error, WITHSCORES not supported in combination with BYLEX';
const EMPTY_ARRAY = '*0\r\n';
const LONG_MAX = 9223372036854775807n;
/**
 * Petrel answers ZRANDMEMBER with a repeating count past this many elements
 * with an error instead of building a reply larger than a JS string can hold
 * (Redis streams such a reply until the client or the server gives up).
 */
const RANDMEMBER_MAX = 10_000_000;

// ---------------------------------------------------------------- number parsing

const STRTOD_RE =
  /^[+-]?(?:0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?[0-9]+)?|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[iI][nN][fF](?:[iI][nN][iI][tT][yY])?|[nN][aA][nN](?:\([0-9A-Za-z_]*\))?)$/;

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** Value of a hexadecimal float body (after the sign): 0x1.8p3 and the like. */
function hexValue(t: string): number {
  const p = t.search(/[pP]/);
  const mant = p < 0 ? t.slice(2) : t.slice(2, p);
  const exp = p < 0 ? 0 : Number(t.slice(p + 1));
  const dot = mant.indexOf('.');
  const digits = dot < 0 ? mant : mant.slice(0, dot) + mant.slice(dot + 1);
  const frac = dot < 0 ? 0 : mant.length - dot - 1;
  if (digits.length === 0) return 0;
  return Number(BigInt('0x' + digits)) * Math.pow(2, exp - 4 * frac);
}

/**
 * C's strtod over the whole string: leading white space allowed, hex floats,
 * inf/infinity/nan. Returns null when some of the text is not part of the
 * number; the empty string (or one with nothing to convert) gives 0 only when
 * there are no characters at all, as strtod leaves the end pointer at the start.
 * `range` is set when the magnitude overflowed or a non-zero value underflowed to 0.
 */
let strtodRange = false;
function strtod(s: string): number | null {
  strtodRange = false;
  let i = 0;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  const t = i === 0 ? s : s.slice(i);
  if (t.length === 0) return s.length === 0 ? 0 : null;
  if (!STRTOD_RE.test(t)) return null;
  const neg = t.charCodeAt(0) === 45;
  const body = t.charCodeAt(0) === 45 || t.charCodeAt(0) === 43 ? t.slice(1) : t;
  const c0 = body.charCodeAt(0) | 0x20;
  let v: number;
  if (c0 === 105 /* i */) v = Infinity;
  else if (c0 === 110 /* n */) return NaN;
  else if (body.length > 1 && (body.charCodeAt(1) | 0x20) === 120 /* x */) v = hexValue(body);
  else v = Number(body);
  if (v === Infinity && c0 !== 105) strtodRange = true;
  else if (v === 0 && /[1-9a-fA-F]/.test(body.replace(/[pPeE].*$/, '').replace(/^0[xX]/, ''))) strtodRange = true;
  return neg ? -v : v;
}

/** Redis's getDoubleFromObject: a full float with no leading space, no overflow, no NaN. */
export function parseScore(s: string): number {
  if (s.length === 0 || isSpace(s.charCodeAt(0))) return NaN;
  // Fast path for the usual scores ("3", "-1.5"): up to 15 chars of digits with at
  // most one dot cannot overflow or underflow, and Number() rounds them as strtod does.
  if (s.length <= 15) {
    let i = s.charCodeAt(0) === 45 || s.charCodeAt(0) === 43 ? 1 : 0;
    let digits = 0;
    let dots = 0;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 48 && c <= 57) digits++;
      else if (c === 46 && dots === 0) dots++;
      else break;
    }
    if (i === s.length && digits > 0) return Number(s);
  }
  const v = strtod(s);
  if (v === null || strtodRange) return NaN;
  return v;
}

/** An integer argument as a JS number (64-bit range; values past 2^53 lose precision, harmless for indexes). */
function parseLong(s: string): number | null {
  const v = parseI64(s);
  if (v === null) return null;
  return typeof v === 'bigint' ? Number(v) : v;
}

function parseScoreBound(s: string, out: ScoreRange, isMax: boolean): boolean {
  let ex = false;
  let t = s;
  if (s.charCodeAt(0) === 40 /* ( */) {
    ex = true;
    t = s.slice(1);
  }
  const v = strtod(t);
  if (v === null || v !== v) return false;
  if (isMax) {
    out.max = v;
    out.maxex = ex;
  } else {
    out.min = v;
    out.minex = ex;
  }
  return true;
}

function parseScoreRange(min: string, max: string): ScoreRange | null {
  const r: ScoreRange = { min: 0, max: 0, minex: false, maxex: false };
  if (!parseScoreBound(min, r, false) || !parseScoreBound(max, r, true)) return null;
  return r;
}

function parseLexBound(s: string, r: LexRange, isMax: boolean): boolean {
  if (s.length === 0) return false;
  const c = s.charCodeAt(0);
  let inf = 0;
  let ex = false;
  let v = '';
  if (c === 43 /* + */ || c === 45 /* - */) {
    if (s.length !== 1) return false;
    inf = c === 43 ? 1 : -1;
    ex = true;
  } else if (c === 40 /* ( */) {
    ex = true;
    v = s.slice(1);
  } else if (c === 91 /* [ */) {
    v = s.slice(1);
  } else return false;
  if (isMax) {
    r.max = v;
    r.maxex = ex;
    r.maxInf = inf;
  } else {
    r.min = v;
    r.minex = ex;
    r.minInf = inf;
  }
  return true;
}

function parseLexRange(min: string, max: string): LexRange | null {
  const r: LexRange = { min: '', max: '', minex: false, maxex: false, minInf: 0, maxInf: 0 };
  if (!parseLexBound(min, r, false) || !parseLexBound(max, r, true)) return null;
  return r;
}

// ---------------------------------------------------------------- helpers

/** The zset at key for reading: undefined when missing, null after a WRONGTYPE reply. */
function readZ(c: Client, key: string): ZSet | undefined | null {
  const v = c.db.lookupRead(key);
  if (v === undefined) return undefined;
  if (!(v instanceof ZSet)) {
    c.w.error(WRONGTYPE);
    return null;
  }
  return v;
}

function writeZ(c: Client, key: string): ZSet | undefined | null {
  const v = c.db.get(key);
  if (v === undefined) return undefined;
  if (!(v instanceof ZSet)) {
    c.w.error(WRONGTYPE);
    return null;
  }
  return v;
}

/** After removing members from an existing set: delete the key when empty, else signal. */
function afterRemove(c: Client, key: string, z: ZSet, event: string): void {
  notify(c, NOTIFY_ZSET, event, key);
  if (z.length === 0) {
    c.db.delete(key);
    notify(c, NOTIFY_GENERIC, 'del', key);
  } else c.db.signalModified(key);
}

/** Members, with scores when asked: RESP3 pairs, RESP2 flat. */
function replyMembers(c: Client, ms: string[], ss: number[], withScores: boolean): void {
  const w = c.w;
  if (!withScores) {
    w.bulkArray(ms);
    return;
  }
  const n = ms.length;
  if (w.resp === 3) {
    w.array(n);
    for (let i = 0; i < n; i++) {
      w.array(2);
      w.bulk(ms[i]);
      w.double(ss[i]);
    }
  } else {
    w.array(n * 2);
    for (let i = 0; i < n; i++) {
      w.bulk(ms[i]);
      w.double(ss[i]);
    }
  }
}

/** ZMPOP's shape: member/score pairs as nested arrays in both protocols. */
function replyPairsNested(c: Client, ms: string[], ss: number[]): void {
  const w = c.w;
  w.array(ms.length);
  for (let i = 0; i < ms.length; i++) {
    w.array(2);
    w.bulk(ms[i]);
    w.double(ss[i]);
  }
}

function maxLength(ms: string[]): number {
  let m = 0;
  for (let i = 0; i < ms.length; i++) if (ms[i].length > m) m = ms[i].length;
  return m;
}

// ---------------------------------------------------------------- ZADD ZINCRBY

function zaddGeneric(c: Client, argv: string[], baseFlags: number): void {
  let flags = baseFlags;
  let ch = false;
  let i = 2;
  for (; i < argv.length; i++) {
    const o = argv[i].toLowerCase();
    if (o === 'nx') flags |= ZADD_NX;
    else if (o === 'xx') flags |= ZADD_XX;
    else if (o === 'ch') ch = true;
    else if (o === 'incr') flags |= ZADD_INCR;
    else if (o === 'gt') flags |= ZADD_GT;
    else if (o === 'lt') flags |= ZADD_LT;
    else break;
  }
  const scoreIdx = i;
  const elemArgs = argv.length - scoreIdx;
  if (elemArgs % 2 !== 0 || elemArgs === 0) {
    c.w.error(SYNTAX);
    return;
  }
  const elements = elemArgs / 2;
  const nx = (flags & ZADD_NX) !== 0;
  const xx = (flags & ZADD_XX) !== 0;
  const gt = (flags & ZADD_GT) !== 0;
  const lt = (flags & ZADD_LT) !== 0;
  const incr = (flags & ZADD_INCR) !== 0;
  if (nx && xx) {
    c.w.error('ERR XX and NX options at the same time are not compatible');
    return;
  }
  if ((gt && nx) || (lt && nx) || (gt && lt)) {
    c.w.error('ERR GT, LT, and/or NX options at the same time are not compatible');
    return;
  }
  if (incr && elements > 1) {
    c.w.error('ERR INCR option supports a single increment-element pair');
    return;
  }
  const scores: number[] = new Array<number>(elements);
  for (let j = 0; j < elements; j++) {
    const s = parseScore(argv[scoreIdx + j * 2]);
    if (s !== s) {
      c.w.error(NOT_FLOAT);
      return;
    }
    scores[j] = s;
  }
  const key = argv[1];
  const db = c.db;
  const lim = c.server.keyspace.limits;
  let z = writeZ(c, key);
  if (z === null) return;
  let created = false;
  let added = 0;
  let updated = 0;
  let processed = 0;
  let score = 0;
  if (z === undefined) {
    if (xx) {
      replyZadd(c, incr, ch, 0, 0, 0, 0);
      return;
    }
    // Redis 7.2's zsetTypeCreate(elements, length of the first member).
    z = ZSet.create(elements, argv[scoreIdx + 1].length, lim);
    created = true;
  } else {
    z.maybeConvert(elements, 0, lim);
  }
  for (let j = 0; j < elements; j++) {
    const r = z.add(scores[j], argv[scoreIdx + j * 2 + 1], flags, lim);
    if (r === ZADD_NAN) {
      c.w.error(NAN_SCORE);
      break;
    }
    if (r & ZADD_ADDED) added++;
    if (r & ZADD_UPDATED) updated++;
    if (!(r & ZADD_NOP)) processed++;
    score = z.newScore;
    if (j === elements - 1) replyZadd(c, incr, ch, added, updated, processed, score);
  }
  c.server.dirty += added + updated;
  if (created) {
    if (z.length > 0) db.set(key, z);
  } else if (added || updated) db.signalModified(key);
  if (added || updated) notify(c, NOTIFY_ZSET, incr ? 'zincr' : 'zadd', key);
}

function replyZadd(c: Client, incr: boolean, ch: boolean, added: number, updated: number, processed: number, score: number): void {
  if (incr) {
    if (processed) c.w.double(score);
    else c.w.nil();
  } else c.w.integer(ch ? added + updated : added);
}

function zadd(c: Client, argv: string[]): void {
  zaddGeneric(c, argv, 0);
}

function zincrby(c: Client, argv: string[]): void {
  zaddGeneric(c, argv, ZADD_INCR);
}

// ---------------------------------------------------------------- ZREM ZCARD ZSCORE ZMSCORE ZRANK

function zrem(c: Client, argv: string[]): void {
  const key = argv[1];
  const z = writeZ(c, key);
  if (z === null) return;
  if (z === undefined) {
    c.w.integer(0);
    return;
  }
  let deleted = 0;
  for (let i = 2; i < argv.length; i++) {
    if (z.remove(argv[i])) deleted++;
    if (z.length === 0) break;
  }
  if (deleted > 0) {
    c.server.dirty += deleted;
    afterRemove(c, key, z, 'zrem');
  }
  c.w.integer(deleted);
}

function zcard(c: Client, argv: string[]): void {
  const z = readZ(c, argv[1]);
  if (z === null) return;
  c.w.integer(z === undefined ? 0 : z.length);
}

function zscore(c: Client, argv: string[]): void {
  const z = readZ(c, argv[1]);
  if (z === null) return;
  const s = z === undefined ? undefined : z.score(argv[2]);
  if (s === undefined) c.w.nil();
  else c.w.double(s);
}

function zmscore(c: Client, argv: string[]): void {
  const z = readZ(c, argv[1]);
  if (z === null) return;
  c.w.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    const s = z === undefined ? undefined : z.score(argv[i]);
    if (s === undefined) c.w.nil();
    else c.w.double(s);
  }
}

function zrankGeneric(c: Client, argv: string[], reverse: boolean): void {
  let withScore = false;
  if (argv.length > 4) {
    c.w.error(`ERR wrong number of arguments for '${reverse ? 'zrevrank' : 'zrank'}' command`);
    return;
  }
  if (argv.length === 4) {
    if (argv[3].toLowerCase() !== 'withscore') {
      c.w.error(SYNTAX);
      return;
    }
    withScore = true;
  }
  const z = readZ(c, argv[1]);
  if (z === null) return;
  const r = z === undefined ? -1 : z.rank(argv[2], reverse);
  if (r < 0) {
    if (withScore) c.w.nilArray();
    else c.w.nil();
    return;
  }
  if (withScore) {
    c.w.array(2);
    c.w.integer(r);
    c.w.double(z!.newScore);
  } else c.w.integer(r);
}

function zrank(c: Client, argv: string[]): void {
  zrankGeneric(c, argv, false);
}

function zrevrank(c: Client, argv: string[]): void {
  zrankGeneric(c, argv, true);
}

// ---------------------------------------------------------------- ZCOUNT ZLEXCOUNT

function zcount(c: Client, argv: string[]): void {
  const r = parseScoreRange(argv[2], argv[3]);
  if (r === null) {
    c.w.error(NOT_FLOAT_RANGE);
    return;
  }
  const z = readZ(c, argv[1]);
  if (z === null) return;
  c.w.integer(z === undefined ? 0 : z.countByScore(r));
}

function zlexcount(c: Client, argv: string[]): void {
  const r = parseLexRange(argv[2], argv[3]);
  if (r === null) {
    c.w.error(NOT_LEX_RANGE);
    return;
  }
  const z = readZ(c, argv[1]);
  if (z === null) return;
  c.w.integer(z === undefined ? 0 : z.countByLex(r));
}

// ---------------------------------------------------------------- ZRANGE family

const RANGE_AUTO = 0;
const RANGE_RANK = 1;
const RANGE_SCORE = 2;
const RANGE_LEX = 3;
const DIR_AUTO = 0;
const DIR_FORWARD = 1;
const DIR_REVERSE = 2;

/**
 * Every ZRANGE-like command (Redis's zrangeGenericCommand): `dst` is the
 * ZRANGESTORE destination or null; `start` is the index of the source key.
 */
function zrangeGeneric(c: Client, argv: string[], dst: string | null, start: number, rangeType: number, direction: number): void {
  const store = dst !== null;
  let withScores = false;
  let offset = 0;
  let limit = -1;
  for (let j = start + 3; j < argv.length; j++) {
    const left = argv.length - j - 1;
    const o = argv[j].toLowerCase();
    if (!store && o === 'withscores') withScores = true;
    else if (o === 'limit' && left >= 2) {
      const a = parseLong(argv[j + 1]);
      const b = a === null ? null : parseLong(argv[j + 2]);
      if (a === null || b === null) {
        c.w.error(NOT_INTEGER);
        return;
      }
      offset = a;
      limit = b;
      j += 2;
    } else if (direction === DIR_AUTO && o === 'rev') direction = DIR_REVERSE;
    else if (rangeType === RANGE_AUTO && o === 'bylex') rangeType = RANGE_LEX;
    else if (rangeType === RANGE_AUTO && o === 'byscore') rangeType = RANGE_SCORE;
    else {
      c.w.error(SYNTAX);
      return;
    }
  }
  if (direction === DIR_AUTO) direction = DIR_FORWARD;
  if (rangeType === RANGE_AUTO) rangeType = RANGE_RANK;
  if (limit !== -1 && rangeType === RANGE_RANK) {
    c.w.error(LIMIT_RANK);
    return;
  }
  if (withScores && rangeType === RANGE_LEX) {
    c.w.error(WITHSCORES_LEX);
    return;
  }
  const reverse = direction === DIR_REVERSE;
  let minArg = argv[start + 1];
  let maxArg = argv[start + 2];
  if (reverse && rangeType !== RANGE_RANK) {
    const t = minArg;
    minArg = maxArg;
    maxArg = t;
  }
  let rs = 0;
  let re = 0;
  let sr: ScoreRange | null = null;
  let lr: LexRange | null = null;
  if (rangeType === RANGE_RANK) {
    const a = parseLong(minArg);
    const b = a === null ? null : parseLong(maxArg);
    if (a === null || b === null) {
      c.w.error(NOT_INTEGER);
      return;
    }
    rs = a;
    re = b;
  } else if (rangeType === RANGE_SCORE) {
    sr = parseScoreRange(minArg, maxArg);
    if (sr === null) {
      c.w.error(NOT_FLOAT_RANGE);
      return;
    }
  } else {
    lr = parseLexRange(minArg, maxArg);
    if (lr === null) {
      c.w.error(NOT_LEX_RANGE);
      return;
    }
  }
  const key = argv[start];
  const z = readZ(c, key);
  if (z === null) return;
  const ms: string[] = [];
  const ss: number[] = [];
  if (z !== undefined) {
    if (rangeType === RANGE_RANK) {
      const len = z.length;
      if (rs < 0) rs = len + rs;
      if (re < 0) re = len + re;
      if (rs < 0) rs = 0;
      if (!(rs > re || rs >= len)) {
        if (re >= len) re = len - 1;
        z.rangeByRank(rs, re, reverse, ms, ss);
      }
    } else if (offset >= 0 && !(offset > 0 && offset >= z.length)) {
      // A negative offset gives nothing, as in Redis.
      if (rangeType === RANGE_SCORE) z.rangeByScore(sr!, reverse, offset, limit, ms, ss);
      else z.rangeByLex(lr!, reverse, offset, limit, ms, ss);
    }
  }
  if (!store) {
    replyMembers(c, ms, ss, withScores);
    return;
  }
  storeResult(c, dst, ms, ss, 'zrangestore');
}

/** Writes a computed result to `dst` (or deletes it when empty) and replies its size. */
function storeResult(c: Client, dst: string, ms: string[], ss: number[], event: string): void {
  const db = c.db;
  if (ms.length > 0) {
    const z = ZSet.fromPairs(ms, ss, maxLength(ms), c.server.keyspace.limits);
    db.set(dst, z);
    notify(c, NOTIFY_ZSET, event, dst);
    c.server.dirty++;
  } else if (db.delete(dst)) {
    notify(c, NOTIFY_GENERIC, 'del', dst);
    c.server.dirty++;
  }
  c.w.integer(ms.length);
}

function zrange(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, null, 1, RANGE_AUTO, DIR_AUTO);
}

function zrangestore(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, argv[1], 2, RANGE_AUTO, DIR_AUTO);
}

function zrevrange(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, null, 1, RANGE_RANK, DIR_REVERSE);
}

function zrangebyscore(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, null, 1, RANGE_SCORE, DIR_FORWARD);
}

function zrevrangebyscore(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, null, 1, RANGE_SCORE, DIR_REVERSE);
}

function zrangebylex(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, null, 1, RANGE_LEX, DIR_FORWARD);
}

function zrevrangebylex(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, null, 1, RANGE_LEX, DIR_REVERSE);
}

// ---------------------------------------------------------------- ZREMRANGEBY*

function zremrangebyrank(c: Client, argv: string[]): void {
  const a = parseLong(argv[2]);
  const b = a === null ? null : parseLong(argv[3]);
  if (a === null || b === null) {
    c.w.error(NOT_INTEGER);
    return;
  }
  const key = argv[1];
  const z = writeZ(c, key);
  if (z === null) return;
  if (z === undefined) {
    c.w.integer(0);
    return;
  }
  const len = z.length;
  let s = a < 0 ? len + a : a;
  let e = b < 0 ? len + b : b;
  if (s < 0) s = 0;
  if (s > e || s >= len) {
    c.w.integer(0);
    return;
  }
  if (e >= len) e = len - 1;
  const n = z.removeRangeByRank(s, e);
  finishRemoveRange(c, key, z, n, 'zremrangebyrank');
}

function finishRemoveRange(c: Client, key: string, z: ZSet, n: number, event: string): void {
  if (n > 0) {
    c.server.dirty += n;
    afterRemove(c, key, z, event);
  }
  c.w.integer(n);
}

function zremrangebyscore(c: Client, argv: string[]): void {
  const r = parseScoreRange(argv[2], argv[3]);
  if (r === null) {
    c.w.error(NOT_FLOAT_RANGE);
    return;
  }
  const key = argv[1];
  const z = writeZ(c, key);
  if (z === null) return;
  if (z === undefined) {
    c.w.integer(0);
    return;
  }
  finishRemoveRange(c, key, z, z.removeRangeByScore(r), 'zremrangebyscore');
}

function zremrangebylex(c: Client, argv: string[]): void {
  const r = parseLexRange(argv[2], argv[3]);
  if (r === null) {
    c.w.error(NOT_LEX_RANGE);
    return;
  }
  const key = argv[1];
  const z = writeZ(c, key);
  if (z === null) return;
  if (z === undefined) {
    c.w.integer(0);
    return;
  }
  finishRemoveRange(c, key, z, z.removeRangeByLex(r), 'zremrangebylex');
}

// ---------------------------------------------------------------- pops

/** Pops from one existing set; returns the popped pairs (key deleted when emptied). */
function popFrom(c: Client, key: string, z: ZSet, max: boolean, count: number, ms: string[], ss: number[]): void {
  z.pop(max, count, ms, ss);
  c.server.dirty += ms.length;
  afterRemove(c, key, z, max ? 'zpopmax' : 'zpopmin');
}

function zpopGeneric(c: Client, argv: string[], max: boolean): void {
  let count = -1;
  if (argv.length > 3) {
    c.w.error(SYNTAX);
    return;
  }
  if (argv.length === 3) {
    const n = parseI64(argv[2]);
    if (n === null || n < 0) {
      c.w.error('ERR value is out of range, must be positive');
      return;
    }
    count = typeof n === 'bigint' ? Number.MAX_SAFE_INTEGER : n;
  }
  const key = argv[1];
  const z = writeZ(c, key);
  if (z === null) return;
  if (z === undefined || count === 0) {
    c.w.raw(EMPTY_ARRAY);
    return;
  }
  const ms: string[] = [];
  const ss: number[] = [];
  popFrom(c, key, z, max, count === -1 ? 1 : count, ms, ss);
  // RESP3: one pair without COUNT, an array of pairs with it.
  if (count === -1 && c.w.resp === 3) {
    c.w.array(2);
    c.w.bulk(ms[0]);
    c.w.double(ss[0]);
  } else replyMembers(c, ms, ss, true);
}

function zpopmin(c: Client, argv: string[]): void {
  zpopGeneric(c, argv, false);
}

function zpopmax(c: Client, argv: string[]): void {
  zpopGeneric(c, argv, true);
}

function bzpopGeneric(c: Client, argv: string[], max: boolean): void {
  const t = parseBlockTimeout(argv[argv.length - 1]);
  if (typeof t === 'string') {
    c.w.error(t);
    return;
  }
  const keys = argv.slice(1, argv.length - 1);
  for (let i = 0; i < keys.length; i++) {
    const z = writeZ(c, keys[i]);
    if (z === null) return;
    if (z === undefined || z.length === 0) continue;
    const ms: string[] = [];
    const ss: number[] = [];
    popFrom(c, keys[i], z, max, 1, ms, ss);
    propagateAs(c, [max ? 'ZPOPMAX' : 'ZPOPMIN', keys[i]]);
    c.w.array(3);
    c.w.bulk(keys[i]);
    c.w.bulk(ms[0]);
    c.w.double(ss[0]);
    return;
  }
  if (!c.server.blocking.block(c, keys, t, 'nilArray')) c.w.nilArray();
}

function bzpopmin(c: Client, argv: string[]): void {
  bzpopGeneric(c, argv, false);
}

function bzpopmax(c: Client, argv: string[]): void {
  bzpopGeneric(c, argv, true);
}

/** ZMPOP / BZMPOP: `numkeysIdx` is 1 or 2; BZMPOP's timeout is argv[1]. */
function zmpopGeneric(c: Client, argv: string[], numkeysIdx: number, blocking: boolean): void {
  const nk = parseI64(argv[numkeysIdx]);
  if (nk === null || nk < 1) {
    c.w.error('ERR numkeys should be greater than 0');
    return;
  }
  const numkeys = Number(nk);
  const whereIdx = numkeysIdx + numkeys + 1;
  if (whereIdx >= argv.length) {
    c.w.error(SYNTAX);
    return;
  }
  const where = argv[whereIdx].toLowerCase();
  if (where !== 'min' && where !== 'max') {
    c.w.error(SYNTAX);
    return;
  }
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    if (argv[j].toLowerCase() === 'count' && j + 1 < argv.length && count === -1) {
      const n = parseI64(argv[j + 1]);
      if (n === null || n < 1) {
        c.w.error('ERR count should be greater than 0');
        return;
      }
      count = typeof n === 'bigint' ? Number.MAX_SAFE_INTEGER : n;
      j++;
    } else {
      c.w.error(SYNTAX);
      return;
    }
  }
  if (count === -1) count = 1;
  let timeout = 0;
  if (blocking) {
    const t = parseBlockTimeout(argv[1]);
    if (typeof t === 'string') {
      c.w.error(t);
      return;
    }
    timeout = t;
  }
  const max = where === 'max';
  for (let i = numkeysIdx + 1; i < whereIdx; i++) {
    const key = argv[i];
    const z = writeZ(c, key);
    if (z === null) return;
    if (z === undefined || z.length === 0) continue;
    const ms: string[] = [];
    const ss: number[] = [];
    popFrom(c, key, z, max, count, ms, ss);
    // (B)ZMPOP is logged as the plain pop it turned out to be.
    propagateAs(c, [max ? 'ZPOPMAX' : 'ZPOPMIN', key, String(ms.length)]);
    c.w.array(2);
    c.w.bulk(key);
    replyPairsNested(c, ms, ss);
    return;
  }
  if (blocking && c.server.blocking.block(c, argv.slice(numkeysIdx + 1, whereIdx), timeout, 'nilArray')) return;
  c.w.nilArray();
}

function zmpop(c: Client, argv: string[]): void {
  zmpopGeneric(c, argv, 1, false);
}

function bzmpop(c: Client, argv: string[]): void {
  zmpopGeneric(c, argv, 2, true);
}

// ---------------------------------------------------------------- ZRANDMEMBER

function zrandmember(c: Client, argv: string[]): void {
  if (argv.length === 2) {
    const z = readZ(c, argv[1]);
    if (z === null) return;
    if (z === undefined) c.w.nil();
    else c.w.bulk(z.randomMember());
    return;
  }
  const l = parseI64(argv[2]);
  if (l === null) {
    c.w.error(NOT_INTEGER);
    return;
  }
  if (typeof l === 'bigint' && (l < -LONG_MAX || l > LONG_MAX)) {
    c.w.error('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807');
    return;
  }
  let withScores = false;
  if (argv.length > 4 || (argv.length === 4 && argv[3].toLowerCase() !== 'withscores')) {
    c.w.error(SYNTAX);
    return;
  } else if (argv.length === 4) {
    withScores = true;
    if (l < -LONG_MAX / 2n || l > LONG_MAX / 2n) {
      c.w.error('ERR value is out of range');
      return;
    }
  }
  const uniq = l >= 0;
  const count = typeof l === 'bigint' ? Number(uniq ? l : -l) : uniq ? l : -l;
  const z = readZ(c, argv[1]);
  if (z === null) return;
  if (z === undefined || count === 0) {
    c.w.raw(EMPTY_ARRAY);
    return;
  }
  const ms: string[] = [];
  const ss: number[] = [];
  if (!uniq || count === 1) {
    if (count > RANDMEMBER_MAX) {
      c.w.error('ERR value is out of range');
      return;
    }
    for (let i = 0; i < count; i++) {
      ms.push(z.randomMember());
      ss.push(z.newScore);
    }
  } else if (count >= z.length) {
    // The whole set, highest score first, as Redis replies.
    z.rangeByRank(0, z.length - 1, true, ms, ss);
  } else {
    z.randomDistinct(count, ms, ss);
  }
  replyMembers(c, ms, ss, withScores);
}

// ---------------------------------------------------------------- ZUNION ZINTER ZDIFF (+STORE) ZINTERCARD

const OP_UNION = 0;
const OP_INTER = 1;
const OP_DIFF = 2;
const AGG_SUM = 0;
const AGG_MIN = 1;
const AGG_MAX = 2;

interface Source {
  value: Value | undefined;
  weight: number;
  size: number;
}

function sourceSize(v: Value | undefined): number {
  if (v === undefined) return 0;
  if (v instanceof ZSet) return v.length;
  return (v as unknown as { size: number }).size;
}

/** Score of a member in a source (sets give 1), undefined when absent. */
function sourceScore(v: Value | undefined, member: string): number | undefined {
  if (v === undefined) return undefined;
  if (v instanceof ZSet) return v.score(member);
  return (v as unknown as { has(m: string): boolean }).has(member) ? 1 : undefined;
}

/** Every member and score of a source, in its own order. */
function sourceEntries(v: Value | undefined, ms: string[], ss: number[]): void {
  if (v === undefined) return;
  if (v instanceof ZSet) {
    v.entries(ms, ss);
    return;
  }
  const arr = (v as unknown as { toArray(): string[] }).toArray();
  for (let i = 0; i < arr.length; i++) {
    ms.push(arr[i]);
    ss.push(1);
  }
}

function aggregate(agg: number, target: number, val: number): number {
  if (agg === AGG_SUM) {
    const r = target + val;
    return r !== r ? 0 : r;
  }
  if (agg === AGG_MIN) return val < target ? val : target;
  return val > target ? val : target;
}

/**
 * ZUNION/ZINTER/ZDIFF, their STORE forms and ZINTERCARD (Redis's
 * zunionInterDiffGenericCommand): keys are looked up (and type-checked)
 * before the options are parsed, as Redis does.
 */
function setOpGeneric(c: Client, argv: string[], dst: string | null, numkeysIdx: number, op: number, cardOnly: boolean): void {
  const name = argv[0].toLowerCase();
  const nk = parseI64(argv[numkeysIdx]);
  if (nk === null) {
    c.w.error(NOT_INTEGER);
    return;
  }
  if (nk < 1) {
    c.w.error(`ERR at least 1 input key is needed for '${name}' command`);
    return;
  }
  const setnum = Number(nk);
  if (setnum > argv.length - numkeysIdx - 1) {
    c.w.error(SYNTAX);
    return;
  }
  const src: Source[] = new Array<Source>(setnum);
  for (let i = 0; i < setnum; i++) {
    const v = c.db.lookupRead(argv[numkeysIdx + 1 + i]);
    if (v !== undefined && !(v instanceof ZSet) && (typeof v !== 'object' || v.type !== 'set')) {
      c.w.error(WRONGTYPE);
      return;
    }
    src[i] = { value: v, weight: 1, size: sourceSize(v) };
  }
  let agg = AGG_SUM;
  let withScores = false;
  let limit = 0;
  let j = numkeysIdx + 1 + setnum;
  let remaining = argv.length - j;
  while (remaining > 0) {
    const o = argv[j].toLowerCase();
    if (op !== OP_DIFF && !cardOnly && remaining >= setnum + 1 && o === 'weights') {
      j++;
      remaining--;
      for (let i = 0; i < setnum; i++, j++, remaining--) {
        const w = parseScore(argv[j]);
        if (w !== w) {
          c.w.error('ERR weight value is not a float');
          return;
        }
        src[i].weight = w;
      }
    } else if (op !== OP_DIFF && !cardOnly && remaining >= 2 && o === 'aggregate') {
      const a = argv[j + 1].toLowerCase();
      if (a === 'sum') agg = AGG_SUM;
      else if (a === 'min') agg = AGG_MIN;
      else if (a === 'max') agg = AGG_MAX;
      else {
        c.w.error(SYNTAX);
        return;
      }
      j += 2;
      remaining -= 2;
    } else if (dst === null && !cardOnly && o === 'withscores') {
      withScores = true;
      j++;
      remaining--;
    } else if (cardOnly && remaining >= 2 && o === 'limit') {
      const n = parseI64(argv[j + 1]);
      if (n === null || n < 0) {
        c.w.error("ERR LIMIT can't be negative");
        return;
      }
      limit = Number(n);
      j += 2;
      remaining -= 2;
    } else {
      c.w.error(SYNTAX);
      return;
    }
  }

  const ms: string[] = [];
  const ss: number[] = [];
  if (op === OP_INTER) {
    // Smallest input first: fewer lookups. (Stable, so equal sizes keep key order.)
    const order = src.slice().sort((a, b) => a.size - b.size);
    const first = order[0];
    if (first.size > 0) {
      const fm: string[] = [];
      const fs: number[] = [];
      sourceEntries(first.value, fm, fs);
      let card = 0;
      outer: for (let e = 0; e < fm.length; e++) {
        const member = fm[e];
        let score = first.weight * fs[e];
        if (score !== score) score = 0;
        for (let k = 1; k < order.length; k++) {
          const s = order[k];
          const v = s.value === first.value ? fs[e] : sourceScore(s.value, member);
          if (v === undefined) continue outer;
          score = aggregate(agg, score, v * s.weight);
        }
        if (cardOnly) {
          card++;
          if (limit !== 0 && card >= limit) break;
          continue;
        }
        ms.push(member);
        ss.push(score);
      }
      if (cardOnly) {
        c.w.integer(card);
        return;
      }
    } else if (cardOnly) {
      c.w.integer(0);
      return;
    }
  } else if (op === OP_UNION) {
    const order = src.slice().sort((a, b) => a.size - b.size);
    const acc = new Map<string, number>();
    for (const s of order) {
      if (s.size === 0) continue;
      const em: string[] = [];
      const es: number[] = [];
      sourceEntries(s.value, em, es);
      for (let e = 0; e < em.length; e++) {
        let score = s.weight * es[e];
        if (score !== score) score = 0;
        const cur = acc.get(em[e]);
        acc.set(em[e], cur === undefined ? score : aggregate(agg, cur, score));
      }
    }
    for (const [m, s] of acc) {
      ms.push(m);
      ss.push(s);
    }
  } else {
    // ZDIFF: members of the first input found in none of the others.
    const first = src[0];
    if (first.size > 0) {
      const fm: string[] = [];
      const fs: number[] = [];
      sourceEntries(first.value, fm, fs);
      outer: for (let e = 0; e < fm.length; e++) {
        for (let k = 1; k < src.length; k++) {
          if (src[k].size > 0 && sourceScore(src[k].value, fm[e]) !== undefined) continue outer;
        }
        ms.push(fm[e]);
        ss.push(fs[e]);
      }
    }
  }

  if (dst !== null) {
    storeResult(c, dst, ms, ss, op === OP_UNION ? 'zunionstore' : op === OP_INTER ? 'zinterstore' : 'zdiffstore');
    return;
  }
  // Replies come in (score, member) order, as Redis builds a sorted set first.
  sortPairs(ms, ss);
  replyMembers(c, ms, ss, withScores);
}

function numkeysKeys(numkeysIdx: number, argv: string[]): number[] {
  const n = parseI64(argv[numkeysIdx]);
  if (n === null || n < 1) return [];
  const out: number[] = [];
  for (let i = 0; i < Number(n) && numkeysIdx + 1 + i < argv.length; i++) out.push(numkeysIdx + 1 + i);
  return out;
}

function zunion(c: Client, argv: string[]): void {
  setOpGeneric(c, argv, null, 1, OP_UNION, false);
}
function zinter(c: Client, argv: string[]): void {
  setOpGeneric(c, argv, null, 1, OP_INTER, false);
}
function zdiff(c: Client, argv: string[]): void {
  setOpGeneric(c, argv, null, 1, OP_DIFF, false);
}
function zunionstore(c: Client, argv: string[]): void {
  setOpGeneric(c, argv, argv[1], 2, OP_UNION, false);
}
function zinterstore(c: Client, argv: string[]): void {
  setOpGeneric(c, argv, argv[1], 2, OP_INTER, false);
}
function zdiffstore(c: Client, argv: string[]): void {
  setOpGeneric(c, argv, argv[1], 2, OP_DIFF, false);
}
function zintercard(c: Client, argv: string[]): void {
  setOpGeneric(c, argv, null, 1, OP_INTER, true);
}

// ---------------------------------------------------------------- ZSCAN

function zscan(c: Client, argv: string[]): void {
  const scan = beginCollectionScan(c, argv, readZ);
  if (scan === null) return;
  const { cursor, value: z, count, pattern } = scan;
  const out: string[] = [];
  let next = '0';
  const dict = z.scanDict();
  if (dict === null) {
    // A listpack is returned whole in one call, whatever the cursor and COUNT.
    const ms: string[] = [];
    const ss: number[] = [];
    z.entries(ms, ss);
    for (let i = 0; i < ms.length; i++) {
      if (pattern !== null && !globMatch(pattern, ms[i])) continue;
      out.push(ms[i], formatScore(ss[i]));
    }
  } else {
    const ks = c.server.keyspace;
    const members: string[] = [];
    next = ks.scans.step(dict, cursor, count, members, ks.now);
    for (let i = 0; i < members.length; i++) {
      const m = members[i];
      if (pattern !== null && !globMatch(pattern, m)) continue;
      const s = dict.get(m);
      if (s === undefined) continue;
      out.push(m, formatScore(s));
    }
  }
  c.w.array(2);
  c.w.bulk(next);
  c.w.bulkArray(out);
}


// ---------------------------------------------------------------- table

const KEY: ArgDoc = { name: 'key', type: 'key', keySpecIndex: 0 };
const ONE_KEY = { first: 1, last: 1, step: 1 };
const NO_KEYS = { first: 0, last: 0, step: 0 };
const MEMBER: ArgDoc = { name: 'member', type: 'string' };
const MEMBERS: ArgDoc = { name: 'member', type: 'string', multiple: true };
const NUMKEYS: ArgDoc = { name: 'numkeys', type: 'integer' };
const KEYS_AT = (i: number): ArgDoc => ({ name: 'key', type: 'key', keySpecIndex: i, multiple: true });
const MINMAX_SCORE: ArgDoc[] = [
  { name: 'min', type: 'double' },
  { name: 'max', type: 'double' },
];
const MAXMIN_SCORE: ArgDoc[] = [
  { name: 'max', type: 'double' },
  { name: 'min', type: 'double' },
];
const MINMAX_LEX: ArgDoc[] = [
  { name: 'min', type: 'string' },
  { name: 'max', type: 'string' },
];
const MAXMIN_LEX: ArgDoc[] = [
  { name: 'max', type: 'string' },
  { name: 'min', type: 'string' },
];
const LIMIT_ARG: ArgDoc = {
  name: 'limit',
  type: 'block',
  token: 'LIMIT',
  optional: true,
  arguments: [
    { name: 'offset', type: 'integer' },
    { name: 'count', type: 'integer' },
  ],
};
const WITHSCORES: ArgDoc = { name: 'withscores', type: 'pure-token', token: 'WITHSCORES', optional: true };
const MINMAX_TOKEN: ArgDoc = {
  name: 'where',
  type: 'oneof',
  arguments: [
    { name: 'min', type: 'pure-token', token: 'MIN' },
    { name: 'max', type: 'pure-token', token: 'MAX' },
  ],
};
const COUNT_OPT: ArgDoc = { name: 'count', type: 'integer', token: 'COUNT', optional: true };
const WEIGHTS: ArgDoc = { name: 'weight', type: 'integer', token: 'WEIGHTS', optional: true, multiple: true };
const AGGREGATE: ArgDoc = {
  name: 'aggregate',
  type: 'oneof',
  token: 'AGGREGATE',
  optional: true,
  arguments: [
    { name: 'sum', type: 'pure-token', token: 'SUM' },
    { name: 'min', type: 'pure-token', token: 'MIN' },
    { name: 'max', type: 'pure-token', token: 'MAX' },
  ],
};
const LOG_N = 'O(log(N)) with N being the number of members in the sorted set.';
const LOG_N_M = 'O(log(N)+M) with N being the number of members in the sorted set and M the number of members returned.';

const movable1 = (argv: string[]): number[] => numkeysKeys(1, argv);
const movableStore = (argv: string[]): number[] => [1, ...numkeysKeys(2, argv)];
const movable2 = (argv: string[]): number[] => numkeysKeys(2, argv);

export const commands: CommandSpec[] = [
  {
    name: 'zadd',
    arity: -4,
    flags: ['write', 'denyoom', 'fast'],
    group: 'sorted_set',
    since: '1.2.0',
    summary: 'Adds members with scores to a sorted set, or updates their scores; creates the key if needed.',
    complexity: 'O(log(N)) per member added, N being the number of members in the sorted set.',
    acl: ['sortedset'],
    keys: ONE_KEY,
    history: [
      ['2.4.0', 'Takes several score-member pairs.'],
      ['3.0.2', 'Gained the XX, NX, CH and INCR options.'],
      ['6.2.0', 'Gained the GT and LT options.'],
    ],
    args: [
      KEY,
      {
        name: 'condition',
        type: 'oneof',
        optional: true,
        since: '3.0.2',
        arguments: [
          { name: 'nx', type: 'pure-token', token: 'NX' },
          { name: 'xx', type: 'pure-token', token: 'XX' },
        ],
      },
      {
        name: 'comparison',
        type: 'oneof',
        optional: true,
        since: '6.2.0',
        arguments: [
          { name: 'gt', type: 'pure-token', token: 'GT' },
          { name: 'lt', type: 'pure-token', token: 'LT' },
        ],
      },
      { name: 'change', type: 'pure-token', token: 'CH', optional: true, since: '3.0.2' },
      { name: 'increment', type: 'pure-token', token: 'INCR', optional: true, since: '3.0.2' },
      {
        name: 'data',
        type: 'block',
        multiple: true,
        arguments: [
          { name: 'score', type: 'double' },
          { name: 'member', type: 'string' },
        ],
      },
    ],
    run: zadd,
  },
  {
    name: 'zincrby',
    arity: 4,
    flags: ['write', 'denyoom', 'fast'],
    group: 'sorted_set',
    since: '1.2.0',
    summary: "Adds an increment to a member's score (a missing member starts at 0).",
    complexity: LOG_N,
    acl: ['sortedset'],
    keys: ONE_KEY,
    args: [KEY, { name: 'increment', type: 'integer' }, MEMBER],
    run: zincrby,
  },
  {
    name: 'zrem',
    arity: -3,
    flags: ['write', 'fast'],
    group: 'sorted_set',
    since: '1.2.0',
    summary: 'Removes members from a sorted set; deletes the key when it becomes empty.',
    complexity: 'O(M*log(N)) with N being the number of members in the sorted set and M the number removed.',
    acl: ['sortedset'],
    keys: ONE_KEY,
    history: [['2.4.0', 'Takes several members.']],
    args: [KEY, MEMBERS],
    run: zrem,
  },
  {
    name: 'zcard',
    arity: 2,
    flags: ['readonly', 'fast'],
    group: 'sorted_set',
    since: '1.2.0',
    summary: 'Returns the number of members of a sorted set.',
    complexity: 'O(1)',
    acl: ['sortedset'],
    keys: ONE_KEY,
    args: [KEY],
    run: zcard,
  },
  {
    name: 'zcount',
    arity: 4,
    flags: ['readonly', 'fast'],
    group: 'sorted_set',
    since: '2.0.0',
    summary: 'Counts the members whose score lies in a range.',
    complexity: LOG_N,
    acl: ['sortedset'],
    keys: ONE_KEY,
    args: [KEY, ...MINMAX_SCORE],
    run: zcount,
  },
  {
    name: 'zlexcount',
    arity: 4,
    flags: ['readonly', 'fast'],
    group: 'sorted_set',
    since: '2.8.9',
    summary: 'Counts the members within a lexicographical range.',
    complexity: LOG_N,
    acl: ['sortedset'],
    keys: ONE_KEY,
    args: [KEY, ...MINMAX_LEX],
    run: zlexcount,
  },
  {
    name: 'zscore',
    arity: 3,
    flags: ['readonly', 'fast'],
    group: 'sorted_set',
    since: '1.2.0',
    summary: 'Returns the score of a member.',
    complexity: 'O(1)',
    acl: ['sortedset'],
    keys: ONE_KEY,
    args: [KEY, MEMBER],
    run: zscore,
  },
  {
    name: 'zmscore',
    arity: -3,
    flags: ['readonly', 'fast'],
    group: 'sorted_set',
    since: '6.2.0',
    summary: 'Returns the scores of several members.',
    complexity: 'O(N) where N is the number of members asked for.',
    acl: ['sortedset'],
    keys: ONE_KEY,
    args: [KEY, MEMBERS],
    run: zmscore,
  },
  {
    name: 'zrank',
    arity: -3,
    flags: ['readonly', 'fast'],
    group: 'sorted_set',
    since: '2.0.0',
    summary: 'Returns the position of a member counted from the lowest score.',
    complexity: LOG_N,
    acl: ['sortedset'],
    keys: ONE_KEY,
    history: [['7.2.0', 'Gained the WITHSCORE option.']],
    args: [KEY, MEMBER, { name: 'withscore', type: 'pure-token', token: 'WITHSCORE', optional: true }],
    run: zrank,
  },
  {
    name: 'zrevrank',
    arity: -3,
    flags: ['readonly', 'fast'],
    group: 'sorted_set',
    since: '2.0.0',
    summary: 'Returns the position of a member counted from the highest score.',
    complexity: LOG_N,
    acl: ['sortedset'],
    keys: ONE_KEY,
    history: [['7.2.0', 'Gained the WITHSCORE option.']],
    args: [KEY, MEMBER, { name: 'withscore', type: 'pure-token', token: 'WITHSCORE', optional: true }],
    run: zrevrank,
  },
  {
    name: 'zrange',
    arity: -4,
    flags: ['readonly'],
    group: 'sorted_set',
    since: '1.2.0',
    summary: 'Returns members in a range of ranks, scores or lexicographical values.',
    complexity: LOG_N_M,
    acl: ['sortedset'],
    keys: ONE_KEY,
    history: [['6.2.0', 'Gained the REV, BYSCORE, BYLEX and LIMIT options.']],
    args: [
      KEY,
      { name: 'start', type: 'string' },
      { name: 'stop', type: 'string' },
      {
        name: 'sortby',
        type: 'oneof',
        optional: true,
        since: '6.2.0',
        arguments: [
          { name: 'byscore', type: 'pure-token', token: 'BYSCORE' },
          { name: 'bylex', type: 'pure-token', token: 'BYLEX' },
        ],
      },
      { name: 'rev', type: 'pure-token', token: 'REV', optional: true, since: '6.2.0' },
      { ...LIMIT_ARG, since: '6.2.0' },
      WITHSCORES,
    ],
    run: zrange,
  },
  {
    name: 'zrangestore',
    arity: -5,
    flags: ['write', 'denyoom'],
    group: 'sorted_set',
    since: '6.2.0',
    summary: 'Stores a range of members of a sorted set in another key.',
    complexity: 'O(log(N)+M) with N being the number of members in the sorted set and M the number stored.',
    acl: ['sortedset'],
    keys: { first: 1, last: 2, step: 1 },
    args: [
      { name: 'dst', type: 'key', keySpecIndex: 0 },
      { name: 'src', type: 'key', keySpecIndex: 1 },
      { name: 'min', type: 'string' },
      { name: 'max', type: 'string' },
      {
        name: 'sortby',
        type: 'oneof',
        optional: true,
        arguments: [
          { name: 'byscore', type: 'pure-token', token: 'BYSCORE' },
          { name: 'bylex', type: 'pure-token', token: 'BYLEX' },
        ],
      },
      { name: 'rev', type: 'pure-token', token: 'REV', optional: true },
      LIMIT_ARG,
    ],
    run: zrangestore,
  },
  {
    name: 'zrevrange',
    arity: -4,
    flags: ['readonly'],
    group: 'sorted_set',
    since: '1.2.0',
    summary: 'Returns members in a range of ranks, highest score first.',
    complexity: LOG_N_M,
    acl: ['sortedset'],
    keys: ONE_KEY,
    deprecatedSince: '6.2.0',
    replacedBy: '`ZRANGE` with the `REV` argument',
    args: [KEY, { name: 'start', type: 'integer' }, { name: 'stop', type: 'integer' }, WITHSCORES],
    run: zrevrange,
  },
  {
    name: 'zrangebyscore',
    arity: -4,
    flags: ['readonly'],
    group: 'sorted_set',
    since: '1.0.5',
    summary: 'Returns members whose score lies in a range.',
    complexity: LOG_N_M,
    acl: ['sortedset'],
    keys: ONE_KEY,
    deprecatedSince: '6.2.0',
    replacedBy: '`ZRANGE` with the `BYSCORE` argument',
    history: [['2.0.0', 'Gained the WITHSCORES option.']],
    args: [KEY, ...MINMAX_SCORE, { ...WITHSCORES, since: '2.0.0' }, LIMIT_ARG],
    run: zrangebyscore,
  },
  {
    name: 'zrevrangebyscore',
    arity: -4,
    flags: ['readonly'],
    group: 'sorted_set',
    since: '2.2.0',
    summary: 'Returns members whose score lies in a range, highest first.',
    complexity: LOG_N_M,
    acl: ['sortedset'],
    keys: ONE_KEY,
    deprecatedSince: '6.2.0',
    replacedBy: '`ZRANGE` with the `REV` and `BYSCORE` arguments',
    args: [KEY, ...MAXMIN_SCORE, WITHSCORES, LIMIT_ARG],
    run: zrevrangebyscore,
  },
  {
    name: 'zrangebylex',
    arity: -4,
    flags: ['readonly'],
    group: 'sorted_set',
    since: '2.8.9',
    summary: 'Returns members within a lexicographical range.',
    complexity: LOG_N_M,
    acl: ['sortedset'],
    keys: ONE_KEY,
    deprecatedSince: '6.2.0',
    replacedBy: '`ZRANGE` with the `BYLEX` argument',
    args: [KEY, ...MINMAX_LEX, LIMIT_ARG],
    run: zrangebylex,
  },
  {
    name: 'zrevrangebylex',
    arity: -4,
    flags: ['readonly'],
    group: 'sorted_set',
    since: '2.8.9',
    summary: 'Returns members within a lexicographical range, highest first.',
    complexity: LOG_N_M,
    acl: ['sortedset'],
    keys: ONE_KEY,
    deprecatedSince: '6.2.0',
    replacedBy: '`ZRANGE` with the `REV` and `BYLEX` arguments',
    args: [KEY, ...MAXMIN_LEX, LIMIT_ARG],
    run: zrevrangebylex,
  },
  {
    name: 'zremrangebyrank',
    arity: 4,
    flags: ['write'],
    group: 'sorted_set',
    since: '2.0.0',
    summary: 'Removes the members in a range of ranks; deletes the key when it becomes empty.',
    complexity: 'O(log(N)+M) with N being the number of members in the sorted set and M the number removed.',
    acl: ['sortedset'],
    keys: ONE_KEY,
    args: [KEY, { name: 'start', type: 'integer' }, { name: 'stop', type: 'integer' }],
    run: zremrangebyrank,
  },
  {
    name: 'zremrangebyscore',
    arity: 4,
    flags: ['write'],
    group: 'sorted_set',
    since: '1.2.0',
    summary: 'Removes the members whose score lies in a range; deletes the key when it becomes empty.',
    complexity: 'O(log(N)+M) with N being the number of members in the sorted set and M the number removed.',
    acl: ['sortedset'],
    keys: ONE_KEY,
    args: [KEY, ...MINMAX_SCORE],
    run: zremrangebyscore,
  },
  {
    name: 'zremrangebylex',
    arity: 4,
    flags: ['write'],
    group: 'sorted_set',
    since: '2.8.9',
    summary: 'Removes the members within a lexicographical range; deletes the key when it becomes empty.',
    complexity: 'O(log(N)+M) with N being the number of members in the sorted set and M the number removed.',
    acl: ['sortedset'],
    keys: ONE_KEY,
    args: [KEY, ...MINMAX_LEX],
    run: zremrangebylex,
  },
  {
    name: 'zpopmin',
    arity: -2,
    flags: ['write', 'fast'],
    group: 'sorted_set',
    since: '5.0.0',
    summary: 'Removes and returns the members with the lowest scores; deletes the key when it becomes empty.',
    complexity: 'O(log(N)*M) with N being the number of members in the sorted set and M the number popped.',
    acl: ['sortedset'],
    keys: ONE_KEY,
    args: [KEY, { name: 'count', type: 'integer', optional: true }],
    run: zpopmin,
  },
  {
    name: 'zpopmax',
    arity: -2,
    flags: ['write', 'fast'],
    group: 'sorted_set',
    since: '5.0.0',
    summary: 'Removes and returns the members with the highest scores; deletes the key when it becomes empty.',
    complexity: 'O(log(N)*M) with N being the number of members in the sorted set and M the number popped.',
    acl: ['sortedset'],
    keys: ONE_KEY,
    args: [KEY, { name: 'count', type: 'integer', optional: true }],
    run: zpopmax,
  },
  {
    name: 'zmpop',
    arity: -4,
    flags: ['write'],
    group: 'sorted_set',
    since: '7.0.0',
    summary: 'Pops the lowest or highest scoring members from the first non-empty sorted set of several keys.',
    complexity: 'O(K) + O(M*log(N)): K keys given, N members in the sorted set, M members popped.',
    acl: ['sortedset'],
    keys: NO_KEYS,
    getKeys: movable1,
    args: [NUMKEYS, KEYS_AT(0), MINMAX_TOKEN, COUNT_OPT],
    run: zmpop,
  },
  {
    name: 'bzpopmin',
    arity: -3,
    flags: ['write', 'noscript', 'blocking', 'fast'],
    group: 'sorted_set',
    since: '5.0.0',
    summary: 'Pops the lowest scoring member of the first non-empty sorted set, waiting until one is available.',
    complexity: LOG_N,
    acl: ['sortedset'],
    keys: { first: 1, last: -2, step: 1 },
    history: [['6.0.0', 'The timeout is a double, not an integer.']],
    args: [{ ...KEYS_AT(0) }, { name: 'timeout', type: 'double' }],
    run: bzpopmin,
  },
  {
    name: 'bzpopmax',
    arity: -3,
    flags: ['write', 'noscript', 'blocking', 'fast'],
    group: 'sorted_set',
    since: '5.0.0',
    summary: 'Pops the highest scoring member of the first non-empty sorted set, waiting until one is available.',
    complexity: LOG_N,
    acl: ['sortedset'],
    keys: { first: 1, last: -2, step: 1 },
    history: [['6.0.0', 'The timeout is a double, not an integer.']],
    args: [{ ...KEYS_AT(0) }, { name: 'timeout', type: 'double' }],
    run: bzpopmax,
  },
  {
    name: 'bzmpop',
    arity: -5,
    flags: ['write', 'blocking'],
    group: 'sorted_set',
    since: '7.0.0',
    summary: 'Like ZMPOP, but waits until one of the sorted sets has members.',
    complexity: 'O(K) + O(M*log(N)): K keys given, N members in the sorted set, M members popped.',
    acl: ['sortedset'],
    keys: NO_KEYS,
    getKeys: movable2,
    args: [{ name: 'timeout', type: 'double' }, NUMKEYS, KEYS_AT(0), MINMAX_TOKEN, COUNT_OPT],
    run: bzmpop,
  },
  {
    name: 'zrandmember',
    arity: -2,
    flags: ['readonly'],
    group: 'sorted_set',
    since: '6.2.0',
    summary: 'Returns random members of a sorted set, optionally with their scores.',
    complexity: 'O(N) where N is the number of members returned.',
    acl: ['sortedset'],
    keys: ONE_KEY,
    tips: ['nondeterministic_output'],
    args: [
      KEY,
      {
        name: 'options',
        type: 'block',
        optional: true,
        arguments: [{ name: 'count', type: 'integer' }, WITHSCORES],
      },
    ],
    run: zrandmember,
  },
  {
    name: 'zunion',
    arity: -3,
    flags: ['readonly'],
    group: 'sorted_set',
    since: '6.2.0',
    summary: 'Returns the union of sorted sets (and sets).',
    complexity: 'O(N)+O(M*log(M)): N is the total size of the inputs, M the size of the result.',
    acl: ['sortedset'],
    keys: NO_KEYS,
    getKeys: movable1,
    args: [NUMKEYS, KEYS_AT(0), WEIGHTS, AGGREGATE, WITHSCORES],
    run: zunion,
  },
  {
    name: 'zinter',
    arity: -3,
    flags: ['readonly'],
    group: 'sorted_set',
    since: '6.2.0',
    summary: 'Returns the intersection of sorted sets (and sets).',
    complexity: 'O(N*K)+O(M*log(M)): N the smallest input, K the number of inputs, M the size of the result.',
    acl: ['sortedset'],
    keys: NO_KEYS,
    getKeys: movable1,
    args: [NUMKEYS, KEYS_AT(0), WEIGHTS, AGGREGATE, WITHSCORES],
    run: zinter,
  },
  {
    name: 'zdiff',
    arity: -3,
    flags: ['readonly'],
    group: 'sorted_set',
    since: '6.2.0',
    summary: 'Returns the members of the first sorted set that are in none of the others.',
    complexity: 'O(L + (N-K)log(N)) worst case: L the total size of the inputs, N the size of the first, K the size of the result.',
    acl: ['sortedset'],
    keys: NO_KEYS,
    getKeys: movable1,
    args: [NUMKEYS, KEYS_AT(0), WITHSCORES],
    run: zdiff,
  },
  {
    name: 'zunionstore',
    arity: -4,
    flags: ['write', 'denyoom'],
    group: 'sorted_set',
    since: '2.0.0',
    summary: 'Stores the union of sorted sets (and sets) in a key.',
    complexity: 'O(N)+O(M*log(M)): N is the total size of the inputs, M the size of the result.',
    acl: ['sortedset'],
    keys: ONE_KEY,
    getKeys: movableStore,
    args: [{ name: 'destination', type: 'key', keySpecIndex: 0 }, NUMKEYS, KEYS_AT(1), WEIGHTS, AGGREGATE],
    run: zunionstore,
  },
  {
    name: 'zinterstore',
    arity: -4,
    flags: ['write', 'denyoom'],
    group: 'sorted_set',
    since: '2.0.0',
    summary: 'Stores the intersection of sorted sets (and sets) in a key.',
    complexity: 'O(N*K)+O(M*log(M)): N the smallest input, K the number of inputs, M the size of the result.',
    acl: ['sortedset'],
    keys: ONE_KEY,
    getKeys: movableStore,
    args: [{ name: 'destination', type: 'key', keySpecIndex: 0 }, NUMKEYS, KEYS_AT(1), WEIGHTS, AGGREGATE],
    run: zinterstore,
  },
  {
    name: 'zdiffstore',
    arity: -4,
    flags: ['write', 'denyoom'],
    group: 'sorted_set',
    since: '6.2.0',
    summary: 'Stores the members of the first sorted set that are in none of the others in a key.',
    complexity: 'O(L + (N-K)log(N)) worst case: L the total size of the inputs, N the size of the first, K the size of the result.',
    acl: ['sortedset'],
    keys: ONE_KEY,
    getKeys: movableStore,
    args: [{ name: 'destination', type: 'key', keySpecIndex: 0 }, NUMKEYS, KEYS_AT(1)],
    run: zdiffstore,
  },
  {
    name: 'zintercard',
    arity: -3,
    flags: ['readonly'],
    group: 'sorted_set',
    since: '7.0.0',
    summary: 'Counts the members of the intersection of sorted sets (and sets), stopping at an optional limit.',
    complexity: 'O(N*K) worst case: N the smallest input, K the number of inputs.',
    acl: ['sortedset'],
    keys: NO_KEYS,
    getKeys: movable1,
    args: [NUMKEYS, KEYS_AT(0), { name: 'limit', type: 'integer', token: 'LIMIT', optional: true }],
    run: zintercard,
  },
  {
    name: 'zscan',
    arity: -3,
    flags: ['readonly'],
    group: 'sorted_set',
    since: '2.8.0',
    summary: 'Walks the members and scores of a sorted set a few at a time with a cursor.',
    complexity: 'O(1) per call; O(N) for a full iteration.',
    acl: ['sortedset'],
    keys: ONE_KEY,
    tips: ['nondeterministic_output'],
    args: [
      KEY,
      { name: 'cursor', type: 'integer' },
      { name: 'pattern', type: 'pattern', token: 'MATCH', optional: true },
      { name: 'count', type: 'integer', token: 'COUNT', optional: true },
    ],
    run: zscan,
  },
];
