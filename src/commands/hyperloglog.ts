// The HyperLogLog command group: PFADD PFCOUNT PFMERGE PFDEBUG PFSELFTEST.
//
// The values are Redis's own HLL strings (data/hyperloglog.ts), so GET, SET,
// DUMP/RESTORE and RDB files carry them between Petrel and Redis unchanged.
// Check order, error texts, dirty counts and events follow Redis 7.2's
// hyperloglog.c:
// - a value that is a string but not an HLL gets `WRONGTYPE Key is not a valid
//   HyperLogLog string value.`; corrupt sparse data `INVALIDOBJ Corrupted HLL
//   object detected`;
// - PFADD counts one change per updated register (+1 when it creates the key)
//   and publishes `pfadd`; PFMERGE counts 1 and publishes `pfadd` too;
// - a single-key PFCOUNT whose cached cardinality is stale recomputes it,
//   writes it into the value and counts a change (so it is propagated, and
//   WATCH/tracking see a modified key), as Redis does;
// - PFDEBUG GETREG/TODENSE on a sparse value convert it to dense and count a
//   change.
//
// Storage: a sparse HLL stays a plain latin1 string (edited in the module's
// scratch buffer, sliced back once per command); a dense one is turned into a
// MutableString on its first update and then edited in place.

import type { Client } from '../server/client.js';
import type { ArgDoc, CommandSpec } from './types.js';
import { WRONGTYPE } from './errors.js';
import { isString, MutableString, type Value } from '../data/values.js';
import { notify, NOTIFY_STRING } from '../server/notify.js';
import {
  EMPTY_SPARSE,
  HLL_DENSE,
  HLL_REGISTERS,
  HLL_SPARSE,
  applyMax,
  cacheValid,
  cachedCard,
  decodeSparse,
  denseBuffer,
  hllAdd,
  hllCount,
  hllEncoding,
  hllMerge,
  invalidateCache,
  isScratch,
  rawCount,
  registers,
  scratchFrom,
  selfTest,
  takeScratch,
  toDense,
  writeCard,
  type HllBuf,
} from '../data/hyperloglog.js';

const INVALID_HLL = 'INVALIDOBJ Corrupted HLL object detected';
const NOT_HLL = 'WRONGTYPE Key is not a valid HyperLogLog string value.';
const NO_SUCH_KEY = 'ERR The specified key does not exist';
const NOT_SPARSE = 'ERR HLL encoding is not sparse';

/** hll-sparse-max-bytes, read once per command. */
function sparseMaxBytes(c: Client): number {
  return c.server.config.num('hll-sparse-max-bytes');
}

/**
 * isHLLObjectOrReply: the HLL encoding of an existing value, or -1 after
 * replying WRONGTYPE (not a string) or the HLL WRONGTYPE text (a string that
 * is no HyperLogLog).
 */
function checkHll(c: Client, v: Value): number {
  if (!isString(v)) {
    c.w.error(WRONGTYPE);
    return -1;
  }
  const enc = hllEncoding(v as string | number | MutableString);
  if (enc < 0) c.w.error(NOT_HLL);
  return enc;
}

/**
 * The bytes of a validated HLL value to edit: a MutableString is edited in
 * place; a dense string becomes a MutableString (stored by `store` once it
 * changed); a sparse string is loaded into the scratch buffer.
 */
function editable(v: string | MutableString, enc: number): HllBuf {
  if (typeof v !== 'string') return v;
  return enc === HLL_DENSE ? denseBuffer(v) : scratchFrom(v);
}

/**
 * Stores an edited HLL back (`old`: the value it came from, undefined for a
 * new key) and returns the stored bytes when they are a buffer.
 */
function store(c: Client, key: string, h: HllBuf, old: Value | undefined): HllBuf | null {
  if ((h as object) === (old as object | undefined)) {
    c.db.signalModified(key);
    return h;
  }
  const value = isScratch(h) ? takeScratch() : (h as MutableString);
  if (old === undefined) c.db.set(key, value);
  else c.db.update(key, value);
  return typeof value === 'string' ? null : value;
}

/** Replies a cardinality as Redis's addReplyLongLong of the uint64 does. */
function replyCard(c: Client, card: number | bigint): void {
  c.w.integer(typeof card === 'number' ? card : BigInt.asIntN(64, card));
}

/** The bytes of a validated HLL value for reading. */
function readable(v: string | MutableString): HllBuf {
  return typeof v === 'string' ? scratchFrom(v) : v;
}

const mergeMax = new Uint8Array(HLL_REGISTERS);

// ---------------------------------------------------------------- PFADD

function pfadd(c: Client, argv: string[]): void {
  const db = c.db;
  const key = argv[1];
  const old = db.get(key);
  let h: HllBuf;
  let updated = 0;
  if (old === undefined) {
    h = scratchFrom(EMPTY_SPARSE);
    updated = 1;
  } else {
    const enc = checkHll(c, old);
    if (enc < 0) return;
    h = editable(old as string | MutableString, enc);
  }
  const maxBytes = sparseMaxBytes(c);
  const n = argv.length;
  for (let j = 2; j < n; j++) {
    const r = hllAdd(h, argv[j], maxBytes);
    if (r === 1) updated++;
    else if (r === -1) {
      // Redis has edited its value in place up to here: keep those edits.
      if (updated !== 0) store(c, key, h, old);
      c.w.error(INVALID_HLL);
      return;
    }
  }
  if (updated !== 0) {
    invalidateCache(h);
    store(c, key, h, old);
    notify(c, NOTIFY_STRING, 'pfadd', key);
    c.server.dirty += updated;
  }
  c.w.integer(updated !== 0 ? 1 : 0);
}

// ---------------------------------------------------------------- PFCOUNT

function pfcount(c: Client, argv: string[]): void {
  const db = c.db;
  const n = argv.length;
  if (n > 2) {
    // The cardinality of the union: registers merged into one byte each.
    const max = mergeMax;
    max.fill(0);
    for (let j = 1; j < n; j++) {
      const v = db.lookupRead(argv[j]);
      if (v === undefined) continue;
      if (checkHll(c, v) < 0) return;
      const h = readable(v as string | MutableString);
      if (!hllMerge(max, h.buf, h.len)) {
        c.w.error(INVALID_HLL);
        return;
      }
    }
    replyCard(c, rawCount(max));
    return;
  }
  const key = argv[1];
  const v = db.lookupRead(key);
  if (v === undefined) {
    c.w.integer(0);
    return;
  }
  const enc = checkHll(c, v);
  if (enc < 0) return;
  const s = v as string | MutableString;
  if (cacheValid(s)) {
    c.w.integer(cachedCard(s));
    return;
  }
  // Stale cache: recompute and write it back into the value (a change Redis
  // propagates even though PFCOUNT is a read command).
  const h = editable(s, enc);
  const card = hllCount(h.buf, h.len);
  if (card === null) {
    c.w.error(INVALID_HLL);
    return;
  }
  writeCard(h, card);
  store(c, key, h, v);
  c.server.dirty++;
  replyCard(c, card);
}

// ---------------------------------------------------------------- PFMERGE

function pfmerge(c: Client, argv: string[]): void {
  const db = c.db;
  const max = mergeMax;
  max.fill(0);
  let useDense = false;
  const n = argv.length;
  // The destination is a source too (j starts at 1).
  for (let j = 1; j < n; j++) {
    const v = db.lookupRead(argv[j]);
    if (v === undefined) continue;
    const enc = checkHll(c, v);
    if (enc < 0) return;
    if (enc === HLL_DENSE) useDense = true;
    const h = readable(v as string | MutableString);
    if (!hllMerge(max, h.buf, h.len)) {
      c.w.error(INVALID_HLL);
      return;
    }
  }
  const key = argv[1];
  const old = db.get(key);
  let h: HllBuf;
  if (old === undefined) h = scratchFrom(EMPTY_SPARSE);
  else h = editable(old as string | MutableString, hllEncoding(old as string | MutableString));
  if (useDense && !toDense(h)) {
    c.w.error(INVALID_HLL);
    return;
  }
  applyMax(h, max, sparseMaxBytes(c));
  store(c, key, h, old);
  // Redis reports PFMERGE as a mass PFADD.
  notify(c, NOTIFY_STRING, 'pfadd', key);
  c.server.dirty++;
  c.w.ok();
}

// ---------------------------------------------------------------- PFDEBUG PFSELFTEST

function pfdebug(c: Client, argv: string[]): void {
  const db = c.db;
  const sub = argv[1];
  const key = argv[2];
  const v = db.get(key);
  if (v === undefined) {
    c.w.error(NO_SUCH_KEY);
    return;
  }
  const enc = checkHll(c, v);
  if (enc < 0) return;
  const s = v as string | MutableString;
  switch (sub.toLowerCase()) {
    case 'getreg': {
      const h = enc === HLL_SPARSE ? toDenseStored(c, key, s) : readable(s);
      if (h === null) return;
      const regs = registers(h.buf);
      c.w.array(HLL_REGISTERS);
      for (let i = 0; i < HLL_REGISTERS; i++) c.w.integer(regs[i]);
      return;
    }
    case 'decode': {
      if (enc !== HLL_SPARSE) {
        c.w.error(NOT_SPARSE);
        return;
      }
      const h = readable(s);
      c.w.bulk(decodeSparse(h.buf, h.len));
      return;
    }
    case 'encoding':
      c.w.simple(enc === HLL_DENSE ? 'dense' : 'sparse');
      return;
    case 'todense': {
      let conv = 0;
      if (enc === HLL_SPARSE) {
        if (toDenseStored(c, key, s) === null) return;
        conv = 1;
      }
      c.w.integer(conv);
      return;
    }
    default:
      c.w.error(`ERR Unknown PFDEBUG subcommand '${sub}'`);
  }
}

/** Converts a stored sparse HLL to dense (dirty++ so the change propagates); null after replying INVALIDOBJ. */
function toDenseStored(c: Client, key: string, s: string | MutableString): HllBuf | null {
  const h = typeof s === 'string' ? scratchFrom(s) : s;
  if (!toDense(h)) {
    c.w.error(INVALID_HLL);
    return null;
  }
  const stored = store(c, key, h, s);
  c.server.dirty++;
  return stored;
}

function pfselftest(c: Client): void {
  const err = selfTest(sparseMaxBytes(c));
  if (err === null) c.w.ok();
  else c.w.error(`ERR ${err}`);
}

// ---------------------------------------------------------------- table

const KEY: ArgDoc = { name: 'key', type: 'key', keySpecIndex: 0 };

export const commands: CommandSpec[] = [
  {
    name: 'pfadd',
    arity: -2,
    flags: ['write', 'denyoom', 'fast'],
    group: 'hyperloglog',
    since: '2.8.9',
    summary: 'Adds elements to a HyperLogLog key, creating it when absent.',
    complexity: 'O(1) per element added.',
    acl: ['hyperloglog'],
    keys: { first: 1, last: 1, step: 1 },
    args: [KEY, { name: 'element', type: 'string', optional: true, multiple: true }],
    run: pfadd,
  },
  {
    name: 'pfcount',
    arity: -2,
    flags: ['readonly'],
    group: 'hyperloglog',
    since: '2.8.9',
    summary: 'Estimates the number of distinct elements seen by one HyperLogLog, or by the union of several.',
    complexity: 'O(1) with a small constant for one key (cached); O(N) for N keys, with a much larger constant.',
    acl: ['hyperloglog'],
    keys: { first: 1, last: -1, step: 1 },
    args: [{ name: 'key', type: 'key', keySpecIndex: 0, multiple: true }],
    run: pfcount,
  },
  {
    name: 'pfmerge',
    arity: -2,
    flags: ['write', 'denyoom'],
    group: 'hyperloglog',
    since: '2.8.9',
    summary: 'Merges HyperLogLogs into a destination key, which counts as one of the sources.',
    complexity: 'O(N) for N HyperLogLogs, with a large constant.',
    acl: ['hyperloglog'],
    keys: { first: 1, last: -1, step: 1 },
    args: [
      { name: 'destkey', type: 'key', keySpecIndex: 0 },
      // Optional since Redis 7.2 (the 7.0 docs marked it required, though PFMERGE dest always worked).
      { name: 'sourcekey', type: 'key', keySpecIndex: 1, optional: true, multiple: true },
    ],
    run: pfmerge,
  },
  {
    name: 'pfdebug',
    arity: 3,
    flags: ['write', 'denyoom', 'admin'],
    group: 'hyperloglog',
    since: '2.8.9',
    summary: 'Debugging helpers for HyperLogLog values (GETREG, DECODE, ENCODING, TODENSE).',
    complexity: 'N/A',
    acl: ['hyperloglog'],
    keys: { first: 2, last: 2, step: 1 },
    args: [
      { name: 'subcommand', type: 'string' },
      { name: 'key', type: 'key', keySpecIndex: 0 },
    ],
    run: pfdebug,
  },
  {
    name: 'pfselftest',
    arity: 1,
    flags: ['admin'],
    group: 'hyperloglog',
    since: '2.8.9',
    summary: 'Runs the HyperLogLog implementation self test.',
    complexity: 'N/A',
    acl: ['hyperloglog'],
    run: pfselftest,
  },
];
