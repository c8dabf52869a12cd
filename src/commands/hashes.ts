// Hash commands: HSET HSETNX HMSET HGET HMGET HGETALL HDEL HLEN HSTRLEN HEXISTS
// HKEYS HVALS HINCRBY HINCRBYFLOAT HRANDFIELD HSCAN.
//
// The value class and its two encodings are in data/hash.ts. Write commands
// that find no key create it, as Redis's hashTypeLookupWriteOrCreate does
// (no error path can leave an empty hash behind). In-place changes call
// signalModified; a hash emptied by HDEL is deleted.
//
// Keyspace events as Redis sends them: hset (HSET/HMSET/HSETNX), hdel (+ del
// when the hash goes away), hincrby, hincrbyfloat. Propagation is not wired
// yet; Redis propagates HINCRBYFLOAT as HSET with the final value (noted at
// the handler).

import { propagateAs } from '../server/propagate.js';
import { beginCollectionScan } from './scan-args.js';
import type { Client } from '../server/client.js';
import type { ArgDoc, CommandSpec } from './types.js';
import { NOT_FLOAT, NOT_INTEGER, OVERFLOW, SYNTAX, WRONGTYPE, wrongArity } from './errors.js';
import { MAX_I64, MIN_I64, parseI64 } from '../protocol/numbers.js';
import { RedisHash, type HashValue } from '../data/hash.js';
import { hincrByFloat, parseLongDouble, ERR_VALUE_NAN_OR_INF } from '../data/longdouble.js';
import { globMatch } from '../data/glob.js';
import { NOTIFY_GENERIC, NOTIFY_HASH } from '../server/notify.js';
import { toStoredString, type Value } from '../data/values.js';
import { bulkArrayEnd, bulkArrayItem, bulkArrayStart } from '../protocol/reply.js';

const HASH_NOT_INTEGER = 'ERR hash value is not an integer';
const OUT_OF_RANGE = 'ERR value is out of range';
const COUNT_RANGE = 'ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807';
/** LONG_MAX / 2: the largest |count| HRANDFIELD accepts with WITHVALUES. */
const HALF_LONG_MAX = 4611686018427387903n;
/**
 * Largest reply HRANDFIELD with a negative count may build. Redis would stream
 * an arbitrarily large reply (and exhaust memory); a JS string cannot pass
 * ~512 MiB, so past this Petrel answers `ERR value is out of range` instead.
 */
const MAX_RANDOM_REPLY_BYTES = 256 * 1024 * 1024;
/** Each random element costs at least 7 bytes (`$1\r\nx\r\n`); bounds the loop when replies are off. */
const MAX_RANDOM_COUNT = Math.floor(MAX_RANDOM_REPLY_BYTES / 7);

// ---------------------------------------------------------------- helpers

/** The hash at `key` for reading: a hash, undefined when missing, null after a WRONGTYPE reply. */
function readHash(c: Client, key: string): RedisHash | undefined | null {
  const v = c.db.lookupRead(key);
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v.type !== 'hash') {
    c.w.error(WRONGTYPE);
    return null;
  }
  return v as RedisHash;
}

/** Like readHash, for writes (no hit/miss stats). */
function writeHash(c: Client, key: string): RedisHash | undefined | null {
  const v: Value | undefined = c.db.get(key);
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v.type !== 'hash') {
    c.w.error(WRONGTYPE);
    return null;
  }
  return v as RedisHash;
}

function text(v: HashValue): string {
  return typeof v === 'number' ? String(v) : v;
}

// ---------------------------------------------------------------- HSET HMSET HSETNX

function hset(c: Client, argv: string[]): void {
  // argv[0] is HSET or HMSET: Redis tells them apart by the second letter.
  const isHset = argv[0].charCodeAt(1) === 115 /* s */ || argv[0].charCodeAt(1) === 83; /* S */
  if ((argv.length & 1) === 1) {
    c.w.error(wrongArity(isHset ? 'hset' : 'hmset'));
    return;
  }
  const key = argv[1];
  let h = writeHash(c, key);
  if (h === null) return;
  const limits = c.server.keyspace.limits;
  const isNew = h === undefined;
  if (h === undefined) h = new RedisHash();
  const end = argv.length - 1;
  h.prepareWrite(argv, 2, end, limits);
  let created = 0;
  for (let i = 2; i < end; i += 2) if (h.set(argv[i], argv[i + 1], limits)) created++;
  if (isNew) c.db.set(key, h);
  else c.db.signalModified(key);
  if (isHset) c.w.integer(created);
  else c.w.ok();
  c.server.notifier.notify(NOTIFY_HASH, 'hset', key, c.db.id);
  c.server.dirty += (argv.length - 2) >> 1;
}

function hsetnx(c: Client, argv: string[]): void {
  const key = argv[1];
  const h = writeHash(c, key);
  if (h === null) return;
  const limits = c.server.keyspace.limits;
  if (h === undefined) {
    const n = new RedisHash();
    n.prepareWrite(argv, 2, 3, limits);
    n.set(argv[2], argv[3], limits);
    c.db.set(key, n);
  } else {
    if (h.has(argv[2])) {
      c.w.integer(0);
      return;
    }
    h.prepareWrite(argv, 2, 3, limits);
    h.set(argv[2], argv[3], limits);
    c.db.signalModified(key);
  }
  c.w.integer(1);
  c.server.notifier.notify(NOTIFY_HASH, 'hset', key, c.db.id);
  c.server.dirty++;
}

// ---------------------------------------------------------------- reads

function hget(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]);
  if (h === null) return;
  if (h === undefined) {
    c.w.nil();
    return;
  }
  const v = h.get(argv[2]);
  if (v === undefined) c.w.nil();
  else c.w.bulk(v);
}

function hmget(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]);
  if (h === null) return;
  c.w.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    const v = h === undefined ? undefined : h.get(argv[i]);
    if (v === undefined) c.w.nil();
    else c.w.bulk(v);
  }
}

const KEYS = 1;
const VALUES = 2;

function getAll(c: Client, argv: string[], what: number): void {
  const h = readHash(c, argv[1]);
  if (h === null) return;
  const kv = h === undefined ? null : h.pairs();
  const n = kv === null ? 0 : kv.length >> 1;
  const w = c.w;
  // Encoded in one buffer, decoded once (see bulkArrayStart).
  if (what === (KEYS | VALUES)) w.startBulkMap(n);
  else bulkArrayStart(n);
  if (kv !== null) {
    if (what === (KEYS | VALUES)) {
      for (let i = 0; i < kv.length; i += 2) {
        bulkArrayItem(kv[i] as string);
        bulkArrayItem(text(kv[i + 1]));
      }
    } else {
      for (let i = what === KEYS ? 0 : 1; i < kv.length; i += 2) bulkArrayItem(text(kv[i]));
    }
  }
  w.raw(bulkArrayEnd());
}

function hgetall(c: Client, argv: string[]): void {
  getAll(c, argv, KEYS | VALUES);
}

function hkeys(c: Client, argv: string[]): void {
  getAll(c, argv, KEYS);
}

function hvals(c: Client, argv: string[]): void {
  getAll(c, argv, VALUES);
}

function hlen(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]);
  if (h === null) return;
  c.w.integer(h === undefined ? 0 : h.size);
}

function hstrlen(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]);
  if (h === null) return;
  const v = h === undefined ? undefined : h.getStored(argv[2]);
  c.w.integer(v === undefined ? 0 : text(v).length);
}

function hexists(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]);
  if (h === null) return;
  c.w.integer(h !== undefined && h.has(argv[2]) ? 1 : 0);
}

// ---------------------------------------------------------------- HDEL

function hdel(c: Client, argv: string[]): void {
  const key = argv[1];
  const h = writeHash(c, key);
  if (h === null) return;
  if (h === undefined) {
    c.w.integer(0);
    return;
  }
  let deleted = 0;
  let removed = false;
  for (let i = 2; i < argv.length; i++) {
    if (h.delete(argv[i])) {
      deleted++;
      if (h.size === 0) {
        c.db.delete(key);
        removed = true;
        break;
      }
    }
  }
  if (deleted > 0) {
    if (!removed) c.db.signalModified(key);
    c.server.notifier.notify(NOTIFY_HASH, 'hdel', key, c.db.id);
    if (removed) c.server.notifier.notify(NOTIFY_GENERIC, 'del', key, c.db.id);
    c.server.dirty += deleted;
  }
  c.w.integer(deleted);
}

// ---------------------------------------------------------------- HINCRBY HINCRBYFLOAT

function hincrby(c: Client, argv: string[]): void {
  const incr = parseI64(argv[3]);
  if (incr === null) {
    c.w.error(NOT_INTEGER);
    return;
  }
  const key = argv[1];
  const field = argv[2];
  let h = writeHash(c, key);
  if (h === null) return;
  const isNew = h === undefined;
  if (h === undefined) h = new RedisHash();
  const cur = isNew ? undefined : h.getStored(field);
  let old: number | bigint = 0;
  if (cur !== undefined) {
    if (typeof cur === 'number') old = cur;
    else {
      const p = parseI64(cur);
      if (p === null) {
        c.w.error(HASH_NOT_INTEGER);
        return;
      }
      old = p;
    }
  }
  let result: number | bigint;
  if (typeof old === 'number' && typeof incr === 'number' && Number.isSafeInteger(old + incr)) {
    result = old + incr;
  } else {
    const r = BigInt(old) + BigInt(incr);
    if (r > MAX_I64 || r < MIN_I64) {
      c.w.error(OVERFLOW);
      return;
    }
    result = r >= -9007199254740991n && r <= 9007199254740991n ? Number(r) : r;
  }
  const s = String(result);
  h.setStored(field, s, typeof result === 'number' ? result : s, c.server.keyspace.limits);
  if (isNew) c.db.set(key, h);
  else c.db.signalModified(key);
  c.w.integer(result);
  c.server.notifier.notify(NOTIFY_HASH, 'hincrby', key, c.db.id);
  c.server.dirty++;
}

function hincrbyfloat(c: Client, argv: string[]): void {
  // The increment is checked before the key's type, as Redis does.
  const inc = parseLongDouble(argv[3]);
  if (inc === null) {
    c.w.error(NOT_FLOAT);
    return;
  }
  if (inc.kind !== 'finite') {
    c.w.error(ERR_VALUE_NAN_OR_INF);
    return;
  }
  const key = argv[1];
  const field = argv[2];
  let h = writeHash(c, key);
  if (h === null) return;
  const isNew = h === undefined;
  if (h === undefined) h = new RedisHash();
  const cur = isNew ? undefined : h.getStored(field);
  const r = hincrByFloat(cur === undefined ? null : text(cur), argv[3]);
  if (!r.ok) {
    c.w.error(r.error);
    return;
  }
  h.setStored(field, r.value, toStoredString(r.value), c.server.keyspace.limits);
  if (isNew) c.db.set(key, h);
  else c.db.signalModified(key);
  // Redis propagates this as HSET key field <result> (float formatting must not diverge on replicas).
  propagateAs(c, ['HSET', key, field, r.value]);
  c.w.bulk(r.value);
  c.server.notifier.notify(NOTIFY_HASH, 'hincrbyfloat', key, c.db.id);
  c.server.dirty++;
}

// ---------------------------------------------------------------- HRANDFIELD

function hrandfield(c: Client, argv: string[]): void {
  if (argv.length >= 3) {
    const l = parseI64(argv[2]);
    if (l === null) {
      c.w.error(NOT_INTEGER);
      return;
    }
    if (l === MIN_I64) {
      c.w.error(COUNT_RANGE);
      return;
    }
    let withValues = false;
    if (argv.length > 4 || (argv.length === 4 && argv[3].toLowerCase() !== 'withvalues')) {
      c.w.error(SYNTAX);
      return;
    }
    if (argv.length === 4) {
      withValues = true;
      const b = BigInt(l);
      if (b < -HALF_LONG_MAX || b > HALF_LONG_MAX) {
        c.w.error(OUT_OF_RANGE);
        return;
      }
    }
    randomWithCount(c, argv[1], l, withValues);
    return;
  }
  const h = readHash(c, argv[1]);
  if (h === null) return;
  if (h === undefined) {
    c.w.nil();
    return;
  }
  c.w.bulk(h.fieldAt(h.randomPair()));
}

function randomWithCount(c: Client, key: string, l: number | bigint, withValues: boolean): void {
  const h = readHash(c, key);
  if (h === null) return;
  if (h === undefined || l === 0) {
    c.w.array(0);
    return;
  }
  const w = c.w;
  const size = h.size;
  // One unpacked view: a listpack answers by index without rescanning.
  const kv = h.pairs();
  const nested = withValues && w.resp === 3;
  if (l < 0) {
    // Repeats allowed, random order.
    const big = typeof l === 'bigint' || -l > MAX_RANDOM_COUNT;
    if (big) {
      c.w.error(OUT_OF_RANGE);
      return;
    }
    const count = -(l as number);
    const mark = w.out.length;
    w.array(withValues && !nested ? count * 2 : count);
    for (let i = 0; i < count; i++) {
      const p = h.randomPair();
      if (nested) w.array(2);
      w.bulk(kv[p * 2] as string);
      if (withValues) w.bulk(text(kv[p * 2 + 1]));
      if ((i & 1023) === 1023 && w.out.length - mark > MAX_RANDOM_REPLY_BYTES) {
        w.out = w.out.slice(0, mark);
        c.w.error(OUT_OF_RANGE);
        return;
      }
    }
    return;
  }
  // Distinct fields.
  if (l >= size) {
    // The whole hash, in its own order.
    w.array(withValues && !nested ? size * 2 : size);
    for (let p = 0; p < size; p++) {
      if (nested) w.array(2);
      w.bulk(kv[p * 2] as string);
      if (withValues) w.bulk(text(kv[p * 2 + 1]));
    }
    return;
  }
  const count = l as number;
  const picks = pickDistinct(size, count);
  // Like Redis's listpack path, a small hash answers in its own order.
  if (h.index === null) picks.sort((a, b) => a - b);
  w.array(withValues && !nested ? count * 2 : count);
  for (let i = 0; i < count; i++) {
    const p = picks[i];
    if (nested) w.array(2);
    w.bulk(kv[p * 2] as string);
    if (withValues) w.bulk(text(kv[p * 2 + 1]));
  }
}

/**
 * `count` distinct numbers out of [0, size), count < size: a partial
 * Fisher-Yates shuffle, O(count) with a sparse swap map.
 */
function pickDistinct(size: number, count: number): number[] {
  const out = new Array<number>(count);
  if (count * 3 > size) {
    const perm = new Int32Array(size);
    for (let i = 0; i < size; i++) perm[i] = i;
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(Math.random() * (size - i));
      const t = perm[j];
      perm[j] = perm[i];
      perm[i] = t;
      out[i] = t;
    }
    return out;
  }
  const swapped = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(Math.random() * (size - i));
    const vj = swapped.get(j) ?? j;
    const vi = swapped.get(i) ?? i;
    swapped.set(j, vi);
    out[i] = vj;
  }
  return out;
}

// ---------------------------------------------------------------- HSCAN

function hscan(c: Client, argv: string[]): void {
  const scan = beginCollectionScan(c, argv, readHash);
  if (scan === null) return;
  const { cursor, value: h, count, pattern } = scan;
  const kv = h.pairs();
  const out: string[] = [];
  let next = '0';
  if (h.index === null) {
    // A listpack is returned whole in one call, whatever the cursor and COUNT.
    for (let i = 0; i < kv.length; i += 2) {
      const f = kv[i] as string;
      if (pattern !== null && !globMatch(pattern, f)) continue;
      out.push(f, text(kv[i + 1]));
    }
  } else {
    const ks = c.server.keyspace;
    const fields: string[] = [];
    next = ks.scans.step(h.index, cursor, count, fields, ks.now);
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      if (pattern !== null && !globMatch(pattern, f)) continue;
      const p = h.index.get(f);
      if (p === undefined) continue;
      out.push(f, text(kv[p + 1]));
    }
  }
  c.w.array(2);
  c.w.bulk(next);
  c.w.bulkArray(out);
}

// ---------------------------------------------------------------- table

const ONE_KEY = { first: 1, last: 1, step: 1 };
const KEY: ArgDoc = { name: 'key', type: 'key', keySpecIndex: 0 };
const FIELD: ArgDoc = { name: 'field', type: 'string' };
const FIELD_VALUE: ArgDoc = {
  name: 'field_value',
  type: 'block',
  multiple: true,
  arguments: [FIELD, { name: 'value', type: 'string' }],
};

export const commands: CommandSpec[] = [
  {
    name: 'hset',
    arity: -4,
    flags: ['write', 'denyoom', 'fast'],
    group: 'hash',
    since: '2.0.0',
    summary: 'Sets one or more fields of a hash, creating the hash if needed.',
    complexity: 'O(1) per field/value pair, so O(N) for N pairs.',
    acl: ['hash'],
    keys: ONE_KEY,
    history: [['4.0.0', 'Accepts multiple `field` and `value` arguments.']],
    args: [KEY, FIELD_VALUE],
    run: hset,
  },
  {
    name: 'hsetnx',
    arity: 4,
    flags: ['write', 'denyoom', 'fast'],
    group: 'hash',
    since: '2.0.0',
    summary: 'Sets a hash field only when the field does not exist yet.',
    complexity: 'O(1)',
    acl: ['hash'],
    keys: ONE_KEY,
    args: [KEY, FIELD, { name: 'value', type: 'string' }],
    run: hsetnx,
  },
  {
    name: 'hmset',
    arity: -4,
    flags: ['write', 'denyoom', 'fast'],
    group: 'hash',
    since: '2.0.0',
    summary: 'Sets several hash fields at once (older form of HSET).',
    complexity: 'O(N) where N is the number of fields being set.',
    acl: ['hash'],
    keys: ONE_KEY,
    deprecatedSince: '4.0.0',
    replacedBy: '`HSET` with multiple field-value pairs',
    args: [KEY, FIELD_VALUE],
    run: hset,
  },
  {
    name: 'hget',
    arity: 3,
    flags: ['readonly', 'fast'],
    group: 'hash',
    since: '2.0.0',
    summary: 'Returns the value of one hash field.',
    complexity: 'O(1)',
    acl: ['hash'],
    keys: ONE_KEY,
    args: [KEY, FIELD],
    run: hget,
  },
  {
    name: 'hmget',
    arity: -3,
    flags: ['readonly', 'fast'],
    group: 'hash',
    since: '2.0.0',
    summary: 'Returns the values of several hash fields.',
    complexity: 'O(N) where N is the number of fields being requested.',
    acl: ['hash'],
    keys: ONE_KEY,
    args: [KEY, { ...FIELD, multiple: true }],
    run: hmget,
  },
  {
    name: 'hgetall',
    arity: 2,
    flags: ['readonly'],
    group: 'hash',
    since: '2.0.0',
    summary: 'Returns every field and value of a hash.',
    complexity: 'O(N) where N is the size of the hash.',
    acl: ['hash'],
    keys: ONE_KEY,
    tips: ['nondeterministic_output_order'],
    args: [KEY],
    run: hgetall,
  },
  {
    name: 'hdel',
    arity: -3,
    flags: ['write', 'fast'],
    group: 'hash',
    since: '2.0.0',
    summary: 'Removes fields from a hash; the key goes away with its last field.',
    complexity: 'O(N) where N is the number of fields to be removed.',
    acl: ['hash'],
    keys: ONE_KEY,
    history: [['2.4.0', 'Accepts multiple `field` arguments.']],
    args: [KEY, { ...FIELD, multiple: true }],
    run: hdel,
  },
  {
    name: 'hlen',
    arity: 2,
    flags: ['readonly', 'fast'],
    group: 'hash',
    since: '2.0.0',
    summary: 'Returns the number of fields in a hash.',
    complexity: 'O(1)',
    acl: ['hash'],
    keys: ONE_KEY,
    args: [KEY],
    run: hlen,
  },
  {
    name: 'hstrlen',
    arity: 3,
    flags: ['readonly', 'fast'],
    group: 'hash',
    since: '3.2.0',
    summary: 'Returns the byte length of a hash field value.',
    complexity: 'O(1)',
    acl: ['hash'],
    keys: ONE_KEY,
    args: [KEY, FIELD],
    run: hstrlen,
  },
  {
    name: 'hexists',
    arity: 3,
    flags: ['readonly', 'fast'],
    group: 'hash',
    since: '2.0.0',
    summary: 'Tells whether a field exists in a hash.',
    complexity: 'O(1)',
    acl: ['hash'],
    keys: ONE_KEY,
    args: [KEY, FIELD],
    run: hexists,
  },
  {
    name: 'hkeys',
    arity: 2,
    flags: ['readonly'],
    group: 'hash',
    since: '2.0.0',
    summary: 'Returns every field name of a hash.',
    complexity: 'O(N) where N is the size of the hash.',
    acl: ['hash'],
    keys: ONE_KEY,
    tips: ['nondeterministic_output_order'],
    args: [KEY],
    run: hkeys,
  },
  {
    name: 'hvals',
    arity: 2,
    flags: ['readonly'],
    group: 'hash',
    since: '2.0.0',
    summary: 'Returns every value of a hash.',
    complexity: 'O(N) where N is the size of the hash.',
    acl: ['hash'],
    keys: ONE_KEY,
    tips: ['nondeterministic_output_order'],
    args: [KEY],
    run: hvals,
  },
  {
    name: 'hincrby',
    arity: 4,
    flags: ['write', 'denyoom', 'fast'],
    group: 'hash',
    since: '2.0.0',
    summary: 'Adds an integer to the integer value of a hash field.',
    complexity: 'O(1)',
    acl: ['hash'],
    keys: ONE_KEY,
    args: [KEY, FIELD, { name: 'increment', type: 'integer' }],
    run: hincrby,
  },
  {
    name: 'hincrbyfloat',
    arity: 4,
    flags: ['write', 'denyoom', 'fast'],
    group: 'hash',
    since: '2.6.0',
    summary: 'Adds a floating point number to the value of a hash field.',
    complexity: 'O(1)',
    acl: ['hash'],
    keys: ONE_KEY,
    args: [KEY, FIELD, { name: 'increment', type: 'double' }],
    run: hincrbyfloat,
  },
  {
    name: 'hrandfield',
    arity: -2,
    flags: ['readonly'],
    group: 'hash',
    since: '6.2.0',
    summary: 'Returns one or more random fields of a hash, optionally with their values.',
    complexity: 'O(N) where N is the number of fields returned',
    acl: ['hash'],
    keys: ONE_KEY,
    tips: ['nondeterministic_output'],
    args: [
      KEY,
      {
        name: 'options',
        type: 'block',
        optional: true,
        arguments: [
          { name: 'count', type: 'integer' },
          { name: 'withvalues', type: 'pure-token', token: 'WITHVALUES', optional: true },
        ],
      },
    ],
    run: hrandfield,
  },
  {
    name: 'hscan',
    arity: -3,
    flags: ['readonly'],
    group: 'hash',
    since: '2.8.0',
    summary: 'Walks the fields and values of a hash a few at a time with a cursor.',
    complexity: 'O(1) per call; O(N) for a full iteration.',
    acl: ['hash'],
    keys: ONE_KEY,
    tips: ['nondeterministic_output'],
    args: [
      KEY,
      { name: 'cursor', type: 'integer' },
      { name: 'pattern', type: 'pattern', token: 'MATCH', optional: true },
      { name: 'count', type: 'integer', token: 'COUNT', optional: true },
    ],
    run: hscan,
  },
];
