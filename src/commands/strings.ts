// The string command group: GET/SET and their variants, counters, ranges, LCS.
//
// Values are latin1 JS strings, safe integers (Redis's int encoding) or a
// MutableString once APPEND/SETRANGE grows a value past GROW_THRESHOLD bytes.
// Check order, reply shapes and error texts follow Redis 7.2's t_string.c.

import { propagateAs } from '../server/propagate.js';
import { notify, NOTIFY_GENERIC, NOTIFY_STRING } from '../server/notify.js';
import type { Client } from '../server/client.js';
import type { ArgDoc, CommandSpec } from './types.js';
import { NOT_INTEGER, SYNTAX, WRONGTYPE, invalidExpire, wrongArity } from './errors.js';
import { MutableString, toUnencodedString, isString, stringLength, stringOf, toStoredString, type Value } from '../data/values.js';
import { MAX_I64, MIN_I64, parseI64 } from '../protocol/numbers.js';
import { incrByFloat } from '../data/longdouble.js';

const STRING_TOO_LONG = 'ERR string exceeds maximum allowed size (proto-max-bulk-len)';
const OFFSET_OUT_OF_RANGE = 'ERR offset is out of range';
const OVERFLOW = 'ERR increment or decrement would overflow';
const DECR_OVERFLOW = 'ERR decrement would overflow';
const LCS_NOT_STRINGS = 'ERR The specified keys must contain string values';
const LCS_LEN_AND_IDX = 'ERR If you want both the length and indexes, please just use IDX.';
const LCS_TOO_MUCH_MEMORY = 'ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len';

/** Past this many bytes, APPEND/SETRANGE keep the value in a growable buffer. */
const GROW_THRESHOLD = 64;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const LLONG_MAX_DIV_1000 = MAX_I64 / 1000n;

type StrValue = string | number | MutableString;

// ---------------------------------------------------------------------------
// Shared pieces

/**
 * GET's core (getGenericCommand): replies nil / the value / WRONGTYPE.
 * Returns false when it replied WRONGTYPE.
 */
function replyGet(c: Client, key: string): boolean {
  const v = c.db.lookupRead(key);
  if (v === undefined) {
    c.w.nil();
    return true;
  }
  if (!isString(v)) {
    c.w.error(WRONGTYPE);
    return false;
  }
  c.w.bulk(stringOf(v));
  return true;
}

// Flags of SET / GETEX options (t_string.c's OBJ_* bits).
const F_NX = 1;
const F_XX = 2;
const F_EX = 4;
const F_PX = 8;
const F_KEEPTTL = 16;
const F_GET = 32;
const F_EXAT = 64;
const F_PXAT = 128;
const F_PERSIST = 256;
const F_ANY_EXPIRE = F_EX | F_PX | F_EXAT | F_PXAT;

/** Result of parsing extended SET/GETEX options; `flags === -1` means an error was replied. */
let parsedFlags = 0;
let parsedExpire: string | null = null;

/**
 * Parses SET (from argv[3]) or GETEX (from argv[2]) options with Redis's exact
 * acceptance rules: repeated identical options are allowed, conflicting ones are
 * a syntax error, an expire option needs a following argument.
 */
function parseExtended(c: Client, argv: string[], isSet: boolean): boolean {
  let flags = 0;
  let expire: string | null = null;
  const argc = argv.length;
  for (let j = isSet ? 3 : 2; j < argc; j++) {
    const opt = argv[j];
    const hasNext = j < argc - 1;
    let ok = false;
    if (opt.length <= 7) {
      switch (opt.toLowerCase()) {
        case 'nx':
          if (isSet && !(flags & F_XX)) {
            flags |= F_NX;
            ok = true;
          }
          break;
        case 'xx':
          if (isSet && !(flags & F_NX)) {
            flags |= F_XX;
            ok = true;
          }
          break;
        case 'get':
          if (isSet) {
            flags |= F_GET;
            ok = true;
          }
          break;
        case 'keepttl':
          if (isSet && !(flags & (F_PERSIST | F_ANY_EXPIRE))) {
            flags |= F_KEEPTTL;
            ok = true;
          }
          break;
        case 'persist':
          if (!isSet && !(flags & (F_ANY_EXPIRE | F_KEEPTTL))) {
            flags |= F_PERSIST;
            ok = true;
          }
          break;
        case 'ex':
          if (!(flags & (F_KEEPTTL | F_PERSIST | F_EXAT | F_PX | F_PXAT)) && hasNext) {
            flags |= F_EX;
            expire = argv[++j];
            ok = true;
          }
          break;
        case 'px':
          if (!(flags & (F_KEEPTTL | F_PERSIST | F_EX | F_EXAT | F_PXAT)) && hasNext) {
            flags |= F_PX;
            expire = argv[++j];
            ok = true;
          }
          break;
        case 'exat':
          if (!(flags & (F_KEEPTTL | F_PERSIST | F_EX | F_PX | F_PXAT)) && hasNext) {
            flags |= F_EXAT;
            expire = argv[++j];
            ok = true;
          }
          break;
        case 'pxat':
          if (!(flags & (F_KEEPTTL | F_PERSIST | F_EX | F_EXAT | F_PX)) && hasNext) {
            flags |= F_PXAT;
            expire = argv[++j];
            ok = true;
          }
          break;
      }
    }
    if (!ok) {
      c.w.error(SYNTAX);
      return false;
    }
  }
  parsedFlags = flags;
  parsedExpire = expire;
  return true;
}

/**
 * Turns an expire argument into an absolute Unix time in ms (Redis's
 * getExpireMillisecondsOrReply): must be a positive integer, seconds must not
 * overflow when multiplied by 1000, and relative times must not overflow when
 * added to now. Returns NaN after replying an error.
 */
function expireToAbsMs(c: Client, arg: string, seconds: boolean, relative: boolean, cmd: string): number | bigint {
  const v = parseI64(arg);
  if (v === null) {
    c.w.error(NOT_INTEGER);
    return NaN;
  }
  if (typeof v === 'number') {
    if (v <= 0) {
      c.w.error(invalidExpire(cmd));
      return NaN;
    }
    const ms = seconds ? v * 1000 : v;
    const abs = relative ? ms + c.server.keyspace.now : ms;
    if (abs <= MAX_SAFE) return abs;
  }
  // Past 2^53: redo the arithmetic exactly, as signed 64-bit.
  let b = BigInt(v);
  if (b <= 0n || (seconds && b > LLONG_MAX_DIV_1000)) {
    c.w.error(invalidExpire(cmd));
    return NaN;
  }
  if (seconds) b *= 1000n;
  if (relative) b += BigInt(c.server.keyspace.now);
  if (b > MAX_I64) {
    // Redis's signed addition wraps negative here and rejects it.
    c.w.error(invalidExpire(cmd));
    return NaN;
  }
  // Kept exact: deadlines past 2^53 ms are compared exactly by EXPIRE GT/LT later.
  return b;
}

/** Current integer value of a string (Redis's getLongLongFromObject), or null. */
function integerOf(v: StrValue): number | bigint | null {
  if (typeof v === 'number') return v;
  return parseI64(typeof v === 'string' ? v : v.toString());
}

/** The stored form of a 64-bit integer result. */
function storedInteger(n: number | bigint): string | number {
  if (typeof n === 'number') return n;
  if (n >= -9007199254740991n && n <= 9007199254740991n) return Number(n);
  return n.toString();
}

// ---------------------------------------------------------------------------
// GET / SET family

function getCommand(c: Client, argv: string[]): void {
  replyGet(c, argv[1]);
}

/**
 * setGenericCommand: expire validated first, then GET's reply (or WRONGTYPE),
 * then the NX/XX condition. `okInt` makes SETNX reply 1/0 instead of OK/nil.
 */
function setGeneric(c: Client, flags: number, key: string, value: string, expire: string | null, seconds: boolean, cmd: string, okInt: boolean): void {
  let when: number | bigint = 0;
  if (expire !== null) {
    when = expireToAbsMs(c, expire, seconds, (flags & (F_EX | F_PX)) !== 0, cmd);
    if (when !== when) return;
  }
  if (flags & F_GET) {
    if (!replyGet(c, key)) return;
  }
  const db = c.db;
  if (flags & (F_NX | F_XX)) {
    const found = db.get(key) !== undefined;
    if ((flags & F_NX && found) || (flags & F_XX && !found)) {
      if (!(flags & F_GET)) {
        if (okInt) c.w.integer(0);
        else c.w.nil();
      }
      return;
    }
  }
  db.set(key, toStoredString(value), (flags & F_KEEPTTL) !== 0 || expire !== null);
  c.server.dirty++;
  // An absolute time already in the past leaves the key logically expired; it
  // is removed on the next access, as in Redis.
  if (expire !== null) {
    db.setExpireExact(key, when);
    // Logged with an absolute deadline so a replay sets the same one (Redis's SET ... PXAT).
    if (c.server.propagation.active) propagateAs(c, ['SET', key, value, 'PXAT', String(when)]);
  }
  notify(c, NOTIFY_STRING, 'set', key);
  if (expire !== null) notify(c, NOTIFY_GENERIC, 'expire', key);
  if (!(flags & F_GET)) {
    if (okInt) c.w.integer(1);
    else c.w.ok();
  }
}

function setCommand(c: Client, argv: string[]): void {
  if (argv.length === 3) {
    // Plain SET: the hot path.
    c.db.set(argv[1], toStoredString(argv[2]));
    c.server.dirty++;
    notify(c, NOTIFY_STRING, 'set', argv[1]);
    c.w.ok();
    return;
  }
  if (!parseExtended(c, argv, true)) return;
  const flags = parsedFlags;
  setGeneric(c, flags, argv[1], argv[2], parsedExpire, (flags & (F_EX | F_EXAT)) !== 0, 'set', false);
}

function setnxCommand(c: Client, argv: string[]): void {
  setGeneric(c, F_NX, argv[1], argv[2], null, false, 'setnx', true);
}

function setexCommand(c: Client, argv: string[]): void {
  setGeneric(c, F_EX, argv[1], argv[3], argv[2], true, 'setex', false);
}

function psetexCommand(c: Client, argv: string[]): void {
  setGeneric(c, F_PX, argv[1], argv[3], argv[2], false, 'psetex', false);
}

function getexCommand(c: Client, argv: string[]): void {
  if (!parseExtended(c, argv, false)) return;
  const flags = parsedFlags;
  const expire = parsedExpire;
  const key = argv[1];
  const db = c.db;
  const v = db.lookupRead(key);
  if (v === undefined) {
    c.w.nil();
    return;
  }
  if (!isString(v)) {
    c.w.error(WRONGTYPE);
    return;
  }
  let when: number | bigint = 0;
  if (expire !== null) {
    when = expireToAbsMs(c, expire, (flags & (F_EX | F_EXAT)) !== 0, (flags & (F_EX | F_PX)) !== 0, 'getex');
    if (when !== when) return;
  }
  c.w.bulk(stringOf(v));
  if (flags & (F_EXAT | F_PXAT) && when <= c.server.keyspace.now && c.server.keyspace.expireAllowed) {
    // An absolute time already past deletes the key right away.
    db.delete(key);
    propagateAs(c, ['DEL', key]);
    c.server.dirty++;
    notify(c, NOTIFY_GENERIC, 'del', key);
  } else if (expire !== null) {
    db.setExpireExact(key, when);
    if (c.server.propagation.active) propagateAs(c, ['PEXPIREAT', key, String(when)]);
    c.server.dirty++;
    notify(c, NOTIFY_GENERIC, 'expire', key);
  } else if (flags & F_PERSIST) {
    if (db.persist(key)) {
      propagateAs(c, ['PERSIST', key]);
      c.server.dirty++;
      notify(c, NOTIFY_GENERIC, 'persist', key);
    }
  }
}

function getdelCommand(c: Client, argv: string[]): void {
  if (!replyGet(c, argv[1])) return;
  if (c.db.delete(argv[1])) {
    propagateAs(c, ['DEL', argv[1]]);
    c.server.dirty++;
    notify(c, NOTIFY_GENERIC, 'del', argv[1]);
  }
}

function getsetCommand(c: Client, argv: string[]): void {
  if (!replyGet(c, argv[1])) return;
  c.db.set(argv[1], toStoredString(argv[2]));
  c.server.dirty++;
  notify(c, NOTIFY_STRING, 'set', argv[1]);
}

function mgetCommand(c: Client, argv: string[]): void {
  const n = argv.length;
  const db = c.db;
  const w = c.w;
  w.array(n - 1);
  for (let j = 1; j < n; j++) {
    const v = db.lookupRead(argv[j]);
    if (v === undefined || !isString(v)) w.nil();
    else w.bulk(stringOf(v));
  }
}

function msetGeneric(c: Client, argv: string[], nx: boolean): void {
  const argc = argv.length;
  if (argc % 2 === 0) {
    c.w.error(wrongArity(nx ? 'msetnx' : 'mset'));
    return;
  }
  const db = c.db;
  if (nx) {
    for (let j = 1; j < argc; j += 2) {
      if (db.get(argv[j]) !== undefined) {
        c.w.integer(0);
        return;
      }
    }
  }
  for (let j = 1; j < argc; j += 2) {
    db.set(argv[j], toStoredString(argv[j + 1]));
    notify(c, NOTIFY_STRING, 'set', argv[j]);
  }
  c.server.dirty += (argc - 1) / 2;
  if (nx) c.w.integer(1);
  else c.w.ok();
}

function msetCommand(c: Client, argv: string[]): void {
  msetGeneric(c, argv, false);
}

function msetnxCommand(c: Client, argv: string[]): void {
  msetGeneric(c, argv, true);
}

// ---------------------------------------------------------------------------
// APPEND / SETRANGE / GETRANGE / STRLEN

function appendCommand(c: Client, argv: string[]): void {
  const key = argv[1];
  const add = argv[2];
  const db = c.db;
  const v = db.get(key);
  let total: number;
  if (v === undefined) {
    db.set(key, toStoredString(add));
    total = add.length;
  } else {
    if (!isString(v)) {
      c.w.error(WRONGTYPE);
      return;
    }
    total = stringLength(v) + add.length;
    if (total > c.server.limits.maxBulkLen) {
      c.w.error(STRING_TOO_LONG);
      return;
    }
    if (typeof v === 'object') {
      v.append(add);
      db.update(key, v);
    } else {
      // Redis turns the value into a private raw string before appending, so
      // OBJECT ENCODING says `raw` from here on: the growable form is exactly that.
      const m = new MutableString(typeof v === 'string' ? v : String(v), total > GROW_THRESHOLD ? total * 2 : total);
      m.append(add);
      db.update(key, m);
    }
  }
  c.server.dirty++;
  notify(c, NOTIFY_STRING, 'append', key);
  c.w.integer(total);
}

function setrangeCommand(c: Client, argv: string[]): void {
  const key = argv[1];
  const value = argv[3];
  const off = parseI64(argv[2]);
  if (off === null) {
    c.w.error(NOT_INTEGER);
    return;
  }
  if (off < 0) {
    c.w.error(OFFSET_OUT_OF_RANGE);
    return;
  }
  const db = c.db;
  const v = db.get(key);
  if (v === undefined) {
    if (value.length === 0) {
      c.w.integer(0);
      return;
    }
  } else {
    if (!isString(v)) {
      c.w.error(WRONGTYPE);
      return;
    }
    if (value.length === 0) {
      c.w.integer(stringLength(v));
      return;
    }
  }
  // `off` may be a bigint: anything past 2^53 is far past any allowed size.
  if (typeof off === 'bigint' || off + value.length > c.server.limits.maxBulkLen) {
    c.w.error(STRING_TOO_LONG);
    return;
  }
  const offset = off;
  const end = offset + value.length;
  let newLen: number;
  if (v !== undefined && typeof v === 'object') {
    v.setRange(offset, value);
    db.update(key, v);
    newLen = v.len;
  } else {
    const old = v === undefined ? '' : typeof v === 'string' ? v : String(v);
    newLen = Math.max(old.length, end);
    // SETRANGE always leaves a raw string in Redis: the growable form is that.
    const next = new MutableString(old, newLen);
    next.setRange(offset, value);
    if (v === undefined) db.set(key, next);
    else db.update(key, next);
  }
  c.server.dirty++;
  notify(c, NOTIFY_STRING, 'setrange', key);
  c.w.integer(newLen);
}

/** Clamps an index that did not fit a safe integer to an infinite one of the same sign. */
function idx(n: number | bigint): number {
  return typeof n === 'number' ? n : n < 0n ? -Infinity : Infinity;
}

function getrangeCommand(c: Client, argv: string[]): void {
  const s0 = parseI64(argv[2]);
  if (s0 === null) {
    c.w.error(NOT_INTEGER);
    return;
  }
  const e0 = parseI64(argv[3]);
  if (e0 === null) {
    c.w.error(NOT_INTEGER);
    return;
  }
  const v = c.db.lookupRead(argv[1]);
  if (v === undefined) {
    c.w.bulk('');
    return;
  }
  if (!isString(v)) {
    c.w.error(WRONGTYPE);
    return;
  }
  // Both negative and start past end: empty (compared exactly, before clamping).
  if (s0 < 0 && e0 < 0 && s0 > e0) {
    c.w.bulk('');
    return;
  }
  // Redis 7.2 (like 7.0) clamps a negative end past the start to 0, so
  // `GETRANGE k 0 -100` on a short string returns its first byte. (A change
  // returning "" was merged for 7.2 then reverted before release.)
  const len = stringLength(v);
  let start = idx(s0);
  let end = idx(e0);
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= len) end = len - 1;
  if (start > end || len === 0) {
    c.w.bulk('');
    return;
  }
  if (typeof v === 'object') c.w.bulk(v.buf.latin1Slice(start, end + 1));
  else c.w.bulk((typeof v === 'string' ? v : String(v)).slice(start, end + 1));
}

function strlenCommand(c: Client, argv: string[]): void {
  const v = c.db.lookupRead(argv[1]);
  if (v === undefined) c.w.integer(0);
  else if (!isString(v)) c.w.error(WRONGTYPE);
  else c.w.integer(stringLength(v));
}

// ---------------------------------------------------------------------------
// Counters

function incrDecr(c: Client, key: string, incr: number | bigint): void {
  const db = c.db;
  const v = db.get(key);
  let cur: number | bigint = 0;
  if (v !== undefined) {
    if (!isString(v)) {
      c.w.error(WRONGTYPE);
      return;
    }
    const n = integerOf(v);
    if (n === null) {
      c.w.error(NOT_INTEGER);
      return;
    }
    cur = n;
  }
  let result: number | bigint;
  if (typeof cur === 'number' && typeof incr === 'number') {
    result = cur + incr;
    if (result > MAX_SAFE || result < -MAX_SAFE) result = BigInt(cur) + BigInt(incr);
  } else {
    result = BigInt(cur) + BigInt(incr);
  }
  if (typeof result === 'bigint') {
    if (result > MAX_I64 || result < MIN_I64) {
      c.w.error(OVERFLOW);
      return;
    }
  }
  const stored = storedInteger(result);
  if (v === undefined) db.set(key, stored);
  else db.update(key, stored);
  c.server.dirty++;
  notify(c, NOTIFY_STRING, 'incrby', key);
  c.w.integer(result);
}

function incrCommand(c: Client, argv: string[]): void {
  incrDecr(c, argv[1], 1);
}

function decrCommand(c: Client, argv: string[]): void {
  incrDecr(c, argv[1], -1);
}

function incrbyCommand(c: Client, argv: string[]): void {
  const incr = parseI64(argv[2]);
  if (incr === null) c.w.error(NOT_INTEGER);
  else incrDecr(c, argv[1], incr);
}

function decrbyCommand(c: Client, argv: string[]): void {
  const incr = parseI64(argv[2]);
  if (incr === null) c.w.error(NOT_INTEGER);
  else if (incr === MIN_I64) c.w.error(DECR_OVERFLOW);
  else incrDecr(c, argv[1], -incr);
}

function incrbyfloatCommand(c: Client, argv: string[]): void {
  const key = argv[1];
  const db = c.db;
  const v = db.get(key);
  if (v !== undefined && !isString(v)) {
    c.w.error(WRONGTYPE);
    return;
  }
  const r = incrByFloat(v === undefined ? null : stringOf(v), argv[2]);
  if (!r.ok) {
    c.w.error(r.error);
    return;
  }
  // Stored as text (Redis builds a plain string object here, never int-encoded);
  // an existing key keeps its TTL.
  const stored = toUnencodedString(r.value);
  if (v === undefined) db.set(key, stored);
  else db.update(key, stored);
  c.server.dirty++;
  // The float arithmetic is not replayed: the result is logged (Redis: SET ... KEEPTTL).
  if (c.server.propagation.active) propagateAs(c, ['SET', key, r.value, 'KEEPTTL']);
  notify(c, NOTIFY_STRING, 'incrbyfloat', key);
  c.w.bulk(r.value);
}

// ---------------------------------------------------------------------------
// LCS

function lcsCommand(c: Client, argv: string[]): void {
  const db = c.db;
  const va: Value | undefined = db.lookupRead(argv[1]);
  const vb: Value | undefined = db.lookupRead(argv[2]);
  if ((va !== undefined && !isString(va)) || (vb !== undefined && !isString(vb))) {
    c.w.error(LCS_NOT_STRINGS);
    return;
  }
  let getLen = false;
  let getIdx = false;
  let withMatchLen = false;
  let minMatchLen: number | bigint = 0;
  const argc = argv.length;
  for (let j = 3; j < argc; j++) {
    const opt = argv[j].toLowerCase();
    if (opt === 'idx') getIdx = true;
    else if (opt === 'len') getLen = true;
    else if (opt === 'withmatchlen') withMatchLen = true;
    else if (opt === 'minmatchlen' && j < argc - 1) {
      const m = parseI64(argv[j + 1]);
      if (m === null) {
        c.w.error(NOT_INTEGER);
        return;
      }
      minMatchLen = m < 0 ? 0 : m;
      j++;
    } else {
      c.w.error(SYNTAX);
      return;
    }
  }
  if (getLen && getIdx) {
    c.w.error(LCS_LEN_AND_IDX);
    return;
  }
  const a = va === undefined ? '' : stringOf(va as StrValue);
  const b = vb === undefined ? '' : stringOf(vb as StrValue);
  const alen = a.length;
  const blen = b.length;
  const cols = blen + 1;
  const cells = (alen + 1) * cols;
  if (cells * 4 > c.server.limits.maxBulkLen) {
    c.w.error(LCS_TOO_MUCH_MEMORY);
    return;
  }
  // lcs[i*cols + j] = length of the LCS of a[0..i) and b[0..j): the classic
  // O(N*M) table, as Redis builds it.
  const lcs = new Uint32Array(cells);
  for (let i = 1; i <= alen; i++) {
    const ca = a.charCodeAt(i - 1);
    const row = i * cols;
    const prev = row - cols;
    for (let j = 1; j <= blen; j++) {
      if (ca === b.charCodeAt(j - 1)) lcs[row + j] = lcs[prev + j - 1] + 1;
      else {
        const l1 = lcs[prev + j];
        const l2 = lcs[row + j - 1];
        lcs[row + j] = l1 > l2 ? l1 : l2;
      }
    }
  }
  const total = lcs[alen * cols + blen];
  if (getLen) {
    c.w.integer(total);
    return;
  }
  // Walk back from the end, collecting the LCS bytes and (for IDX) the
  // contiguous match ranges, in the order Redis emits them (last match first).
  const out: number[] = new Array(total);
  let k = total;
  const ranges: number[] = [];
  let aStart = alen; // alen means "no range open"
  let aEnd = 0;
  let bStart = 0;
  let bEnd = 0;
  let i = alen;
  let j = blen;
  while (i > 0 && j > 0) {
    let emit = false;
    const ca = a.charCodeAt(i - 1);
    if (ca === b.charCodeAt(j - 1)) {
      out[--k] = ca;
      if (aStart === alen) {
        aStart = i - 1;
        aEnd = i - 1;
        bStart = j - 1;
        bEnd = j - 1;
      } else if (aStart === i && bStart === j) {
        aStart--;
        bStart--;
      } else {
        emit = true;
      }
      if (aStart === 0 || bStart === 0) emit = true;
      i--;
      j--;
    } else {
      if (lcs[(i - 1) * cols + j] > lcs[i * cols + j - 1]) i--;
      else j--;
      if (aStart !== alen) emit = true;
    }
    if (emit) {
      const matchLen = aEnd - aStart + 1;
      if (getIdx && (minMatchLen === 0 || matchLen >= minMatchLen)) ranges.push(aStart, aEnd, bStart, bEnd, matchLen);
      aStart = alen;
    }
  }
  if (!getIdx) {
    let s = '';
    for (let p = 0; p < total; p += 8192) s += String.fromCharCode.apply(null, out.slice(p, p + 8192));
    c.w.bulk(s);
    return;
  }
  const w = c.w;
  w.map(2);
  w.bulk('matches');
  const n = ranges.length / 5;
  w.array(n);
  for (let r = 0; r < ranges.length; r += 5) {
    w.array(withMatchLen ? 3 : 2);
    w.array(2);
    w.integer(ranges[r]);
    w.integer(ranges[r + 1]);
    w.array(2);
    w.integer(ranges[r + 2]);
    w.integer(ranges[r + 3]);
    if (withMatchLen) w.integer(ranges[r + 4]);
  }
  w.bulk('len');
  w.integer(total);
}

// ---------------------------------------------------------------------------
// The table

const ONE_KEY = { first: 1, last: 1, step: 1 };

// Key specs for these commands live in key-specs.ts with every other command's.
const KEY: ArgDoc = { name: 'key', type: 'key', keySpecIndex: 0 };
const VALUE: ArgDoc = { name: 'value', type: 'string' };
const KEY_VALUE: ArgDoc[] = [{ name: 'key_value', type: 'block', multiple: true, arguments: [KEY, VALUE] }];
const RANGE_ARGS: ArgDoc[] = [KEY, { name: 'start', type: 'integer' }, { name: 'end', type: 'integer' }];
const SUBSTRING_COMPLEXITY = 'O(N) where N is the length of the returned string; cheap enough to count as O(1) for small strings.';

export const commands: CommandSpec[] = [
  {
    name: 'get',
    arity: 2,
    flags: ['readonly', 'fast'],
    group: 'string',
    since: '1.0.0',
    summary: 'Returns the string value stored at a key.',
    complexity: 'O(1)',
    acl: ['string'],
    keys: ONE_KEY,
    args: [KEY],
    run: getCommand,
  },
  {
    name: 'set',
    arity: -3,
    flags: ['write', 'denyoom'],
    group: 'string',
    since: '1.0.0',
    summary: 'Stores a string value at a key, optionally with an expiry, a condition, or returning the old value.',
    complexity: 'O(1)',
    acl: ['string'],
    keys: ONE_KEY,
    history: [
      ['2.6.12', 'Added the `EX`, `PX`, `NX` and `XX` options.'],
      ['6.0.0', 'Added the `KEEPTTL` option.'],
      ['6.2.0', 'Added the `GET`, `EXAT` and `PXAT` option.'],
      ['7.0.0', 'Allowed the `NX` and `GET` options to be used together.'],
    ],
    args: [
      KEY,
      VALUE,
      {
        name: 'condition',
        type: 'oneof',
        since: '2.6.12',
        optional: true,
        arguments: [
          { name: 'nx', type: 'pure-token', token: 'NX' },
          { name: 'xx', type: 'pure-token', token: 'XX' },
        ],
      },
      { name: 'get', type: 'pure-token', token: 'GET', since: '6.2.0', optional: true },
      {
        name: 'expiration',
        type: 'oneof',
        optional: true,
        arguments: [
          { name: 'seconds', type: 'integer', token: 'EX', since: '2.6.12' },
          { name: 'milliseconds', type: 'integer', token: 'PX', since: '2.6.12' },
          { name: 'unix-time-seconds', type: 'unix-time', token: 'EXAT', since: '6.2.0' },
          { name: 'unix-time-milliseconds', type: 'unix-time', token: 'PXAT', since: '6.2.0' },
          { name: 'keepttl', type: 'pure-token', token: 'KEEPTTL', since: '6.0.0' },
        ],
      },
    ],
    run: setCommand,
  },
  {
    name: 'setnx',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    group: 'string',
    since: '1.0.0',
    summary: 'Stores a string value at a key only when the key is absent.',
    complexity: 'O(1)',
    acl: ['string'],
    keys: ONE_KEY,
    // Deprecation notes were added to SETNX/SETEX/PSETEX in Redis 7.2.
    deprecatedSince: '2.6.12',
    replacedBy: '`SET` with the `NX` argument',
    args: [KEY, VALUE],
    run: setnxCommand,
  },
  {
    name: 'setex',
    arity: 4,
    flags: ['write', 'denyoom'],
    group: 'string',
    since: '2.0.0',
    summary: 'Stores a string value at a key with an expiry in seconds.',
    complexity: 'O(1)',
    acl: ['string'],
    keys: ONE_KEY,
    deprecatedSince: '2.6.12',
    replacedBy: '`SET` with the `EX` argument',
    args: [KEY, { name: 'seconds', type: 'integer' }, VALUE],
    run: setexCommand,
  },
  {
    name: 'psetex',
    arity: 4,
    flags: ['write', 'denyoom'],
    group: 'string',
    since: '2.6.0',
    summary: 'Stores a string value at a key with an expiry in milliseconds.',
    complexity: 'O(1)',
    acl: ['string'],
    keys: ONE_KEY,
    deprecatedSince: '2.6.12',
    replacedBy: '`SET` with the `PX` argument',
    args: [KEY, { name: 'milliseconds', type: 'integer' }, VALUE],
    run: psetexCommand,
  },
  {
    name: 'getex',
    arity: -2,
    flags: ['write', 'fast'],
    group: 'string',
    since: '6.2.0',
    summary: 'Returns the string value of a key and optionally changes or removes its expiry.',
    complexity: 'O(1)',
    acl: ['string'],
    keys: ONE_KEY,
    args: [
      KEY,
      {
        name: 'expiration',
        type: 'oneof',
        optional: true,
        arguments: [
          { name: 'seconds', type: 'integer', token: 'EX' },
          { name: 'milliseconds', type: 'integer', token: 'PX' },
          { name: 'unix-time-seconds', type: 'unix-time', token: 'EXAT' },
          { name: 'unix-time-milliseconds', type: 'unix-time', token: 'PXAT' },
          { name: 'persist', type: 'pure-token', token: 'PERSIST' },
        ],
      },
    ],
    run: getexCommand,
  },
  {
    name: 'getdel',
    arity: 2,
    flags: ['write', 'fast'],
    group: 'string',
    since: '6.2.0',
    summary: 'Returns the string value of a key and deletes the key.',
    complexity: 'O(1)',
    acl: ['string'],
    keys: ONE_KEY,
    args: [KEY],
    run: getdelCommand,
  },
  {
    name: 'getset',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    group: 'string',
    since: '1.0.0',
    summary: 'Stores a new string value at a key and returns the previous one.',
    complexity: 'O(1)',
    acl: ['string'],
    keys: ONE_KEY,
    deprecatedSince: '6.2.0',
    replacedBy: '`SET` with the `!GET` argument',
    args: [KEY, VALUE],
    run: getsetCommand,
  },
  {
    name: 'mget',
    arity: -2,
    flags: ['readonly', 'fast'],
    group: 'string',
    since: '1.0.0',
    summary: 'Returns the string values of several keys.',
    complexity: 'O(N) where N is the number of keys to retrieve.',
    acl: ['string'],
    keys: { first: 1, last: -1, step: 1 },
    tips: ['request_policy:multi_shard'],
    args: [{ ...KEY, multiple: true }],
    run: mgetCommand,
  },
  {
    name: 'mset',
    arity: -3,
    flags: ['write', 'denyoom'],
    group: 'string',
    since: '1.0.1',
    summary: 'Stores string values at several keys at once.',
    complexity: 'O(N) where N is the number of keys to set.',
    acl: ['string'],
    keys: { first: 1, last: -1, step: 2 },
    tips: ['request_policy:multi_shard', 'response_policy:all_succeeded'],
    args: KEY_VALUE,
    run: msetCommand,
  },
  {
    name: 'msetnx',
    arity: -3,
    flags: ['write', 'denyoom'],
    group: 'string',
    since: '1.0.1',
    summary: 'Stores string values at several keys only when none of them exists.',
    complexity: 'O(N) where N is the number of keys to set.',
    acl: ['string'],
    keys: { first: 1, last: -1, step: 2 },
    tips: ['request_policy:multi_shard', 'response_policy:agg_min'],
    args: KEY_VALUE,
    run: msetnxCommand,
  },
  {
    name: 'append',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    group: 'string',
    since: '2.0.0',
    summary: 'Appends bytes to the string value of a key, creating it when absent.',
    complexity: 'O(1) amortized: the stored buffer grows geometrically, so appending a small value costs O(1) whatever the current size.',
    acl: ['string'],
    keys: ONE_KEY,
    args: [KEY, VALUE],
    run: appendCommand,
  },
  {
    name: 'strlen',
    arity: 2,
    flags: ['readonly', 'fast'],
    group: 'string',
    since: '2.2.0',
    summary: 'Returns the length in bytes of the string value of a key.',
    complexity: 'O(1)',
    acl: ['string'],
    keys: ONE_KEY,
    args: [KEY],
    run: strlenCommand,
  },
  {
    name: 'incr',
    arity: 2,
    flags: ['write', 'denyoom', 'fast'],
    group: 'string',
    since: '1.0.0',
    summary: 'Adds one to the integer value of a key.',
    complexity: 'O(1)',
    acl: ['string'],
    keys: ONE_KEY,
    args: [KEY],
    run: incrCommand,
  },
  {
    name: 'decr',
    arity: 2,
    flags: ['write', 'denyoom', 'fast'],
    group: 'string',
    since: '1.0.0',
    summary: 'Subtracts one from the integer value of a key.',
    complexity: 'O(1)',
    acl: ['string'],
    keys: ONE_KEY,
    args: [KEY],
    run: decrCommand,
  },
  {
    name: 'incrby',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    group: 'string',
    since: '1.0.0',
    summary: 'Adds an integer to the integer value of a key.',
    complexity: 'O(1)',
    acl: ['string'],
    keys: ONE_KEY,
    args: [KEY, { name: 'increment', type: 'integer' }],
    run: incrbyCommand,
  },
  {
    name: 'decrby',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    group: 'string',
    since: '1.0.0',
    summary: 'Subtracts an integer from the integer value of a key.',
    complexity: 'O(1)',
    acl: ['string'],
    keys: ONE_KEY,
    args: [KEY, { name: 'decrement', type: 'integer' }],
    run: decrbyCommand,
  },
  {
    name: 'incrbyfloat',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    group: 'string',
    since: '2.6.0',
    summary: 'Adds a floating point number to the numeric value of a key.',
    complexity: 'O(1)',
    acl: ['string'],
    keys: ONE_KEY,
    args: [KEY, { name: 'increment', type: 'double' }],
    run: incrbyfloatCommand,
  },
  {
    name: 'getrange',
    arity: 4,
    flags: ['readonly'],
    group: 'string',
    since: '2.4.0',
    summary: 'Returns a byte range of the string value of a key.',
    complexity: SUBSTRING_COMPLEXITY,
    acl: ['string'],
    keys: ONE_KEY,
    args: RANGE_ARGS,
    run: getrangeCommand,
  },
  {
    name: 'setrange',
    arity: 4,
    flags: ['write', 'denyoom'],
    group: 'string',
    since: '2.2.0',
    summary: 'Overwrites part of the string value of a key from a byte offset, zero-padding as needed.',
    complexity: 'O(1) besides copying the new bytes in place: O(M) for a value of length M.',
    acl: ['string'],
    keys: ONE_KEY,
    args: [KEY, { name: 'offset', type: 'integer' }, VALUE],
    run: setrangeCommand,
  },
  {
    name: 'substr',
    arity: 4,
    flags: ['readonly'],
    group: 'string',
    since: '1.0.0',
    summary: 'Returns a byte range of the string value of a key (old name of GETRANGE).',
    complexity: SUBSTRING_COMPLEXITY,
    acl: ['string'],
    keys: ONE_KEY,
    deprecatedSince: '2.0.0',
    replacedBy: '`GETRANGE`',
    args: RANGE_ARGS,
    run: getrangeCommand,
  },
  {
    name: 'lcs',
    arity: -3,
    flags: ['readonly'],
    group: 'string',
    since: '7.0.0',
    summary: 'Finds the longest common subsequence of the string values of two keys.',
    complexity: 'O(N*M) where N and M are the lengths of s1 and s2, respectively',
    acl: ['string'],
    keys: { first: 1, last: 2, step: 1 },
    args: [
      { name: 'key1', type: 'key', keySpecIndex: 0 },
      { name: 'key2', type: 'key', keySpecIndex: 0 },
      { name: 'len', type: 'pure-token', token: 'LEN', optional: true },
      { name: 'idx', type: 'pure-token', token: 'IDX', optional: true },
      // Named `len` in 7.0; Redis 7.2's lcs.json calls it `min-match-len`.
      { name: 'min-match-len', type: 'integer', token: 'MINMATCHLEN', optional: true },
      { name: 'withmatchlen', type: 'pure-token', token: 'WITHMATCHLEN', optional: true },
    ],
    run: lcsCommand,
  },
];
