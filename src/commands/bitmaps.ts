// The bitmap command group: SETBIT GETBIT BITCOUNT BITPOS BITOP BITFIELD
// BITFIELD_RO, with Redis 7.2's argument checks, error texts, reply shapes,
// dirty counts and keyspace events (src/bitops.c).
//
// A bitmap is a string. The first write (SETBIT, BITFIELD SET/INCRBY) turns
// the value into a MutableString (as Redis turns it into a private raw sds:
// OBJECT ENCODING then says `raw`), and later writes flip bits in its buffer in
// place, growing it zero-filled. Reads work on the buffer, or on the latin1
// string with charCodeAt, without copying the value.
//
// Like Redis 7.2, BITCOUNT and BITPOS answer 0 / -1 for a missing key before
// looking at their other arguments (Redis 8 checks the arguments first).

import type { Client } from '../server/client.js';
import type { ArgDoc, CommandSpec } from './types.js';
import { NOT_INTEGER, SYNTAX, WRONGTYPE } from './errors.js';
import { MutableString, isString, type Value } from '../data/values.js';
import { parseI64 } from '../protocol/numbers.js';
import { notify, NOTIFY_GENERIC, NOTIFY_STRING } from '../server/notify.js';
import { OVERFLOW_FAIL, OVERFLOW_SAT, OVERFLOW_WRAP, arith, countBits, fieldArith, findBit, getField, setField } from '../data/bitops.js';

const BAD_OFFSET = 'ERR bit offset is not an integer or out of range';
const BAD_BIT = 'ERR bit is not an integer or out of range';
const BITPOS_BAD_BIT = 'ERR The bit argument must be 1 or 0.';
const BITOP_NOT_ONE_KEY = 'ERR BITOP NOT must be called with a single source key.';
const BAD_BITFIELD_TYPE = 'ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.';
const BAD_OVERFLOW = 'ERR Invalid OVERFLOW type specified';
const RO_ONLY_GET = 'ERR BITFIELD_RO only supports the GET subcommand';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

// ---------------------------------------------------------------------------
// Shared pieces

/**
 * Parses a bit offset (Redis's getBitOffsetFromArgument). With `hashBits` > 0
 * (BITFIELD) a `#n` offset means n * hashBits, multiplied with C's signed
 * 64-bit wrap-around. The offset's byte must be below proto-max-bulk-len.
 * Returns -1 after replying the error.
 */
function bitOffset(c: Client, arg: string, hashBits: number): number {
  const hash = hashBits > 0 && arg.charCodeAt(0) === 35; // '#'
  let v = parseI64(hash ? arg.slice(1) : arg);
  if (v !== null && hash) {
    if (typeof v === 'number' && v <= 2 ** 46 && v >= -(2 ** 46)) v *= hashBits;
    else v = BigInt.asIntN(64, BigInt(v) * BigInt(hashBits));
  }
  if (typeof v === 'bigint' && v >= -MAX_SAFE && v <= MAX_SAFE) v = Number(v);
  // A bigint here is at least 2^53 bits: far past any bulk length a buffer can hold.
  if (v === null || typeof v === 'bigint' || v < 0 || Math.floor(v / 8) >= c.server.limits.maxBulkLen) {
    c.w.error(BAD_OFFSET);
    return -1;
  }
  return v;
}

/**
 * The bytes of a string value, read where they are: the buffer of a
 * MutableString (valid up to its `len`), the latin1 text, or an int-encoded
 * value formatted (as Redis does).
 */
function bytesOf(v: string | number | MutableString): Uint8Array | string {
  return typeof v === 'object' ? v.buf : typeof v === 'string' ? v : String(v);
}

/** Whether the last bitmapForWrite created the key or lengthened the string. */
let grew = false;
/** Whether it created the key (db.set has then already signalled the modification). */
let created = false;

/**
 * Redis's lookupStringForBitCommand: the string at `key` as a MutableString at
 * least `bytes` long (created zero-filled, or grown with zeros). Null after
 * replying WRONGTYPE.
 */
function bitmapForWrite(c: Client, key: string, bytes: number): MutableString | null {
  const db = c.db;
  const v = db.get(key);
  if (v === undefined) {
    const m = MutableString.wrap(Buffer.alloc(bytes), bytes);
    db.set(key, m);
    grew = created = true;
    return m;
  }
  if (!isString(v)) {
    c.w.error(WRONGTYPE);
    return null;
  }
  let m: MutableString;
  if (typeof v === 'object') {
    m = v;
    m.reportAs = null;
  } else {
    const s = typeof v === 'string' ? v : String(v);
    m = new MutableString(s, Math.max(s.length, bytes));
    // Redis makes the value a private raw string before writing
    // (dbUnshareStringValue) even when no bit then changes; that swap is not a
    // modification (no WATCH / tracking signal), so the dict is set directly.
    db.dict.set(key, m);
  }
  grew = m.growZero(bytes);
  created = false;
  return m;
}

/** Clamps an index that did not fit a safe integer to an infinite one of the same sign. */
function idx(n: number | bigint): number {
  return typeof n === 'number' ? n : n < 0n ? -Infinity : Infinity;
}

/** BIT / BYTE unit argument: 1 for BIT, 0 for BYTE, -1 after replying a syntax error. */
function unitArg(c: Client, arg: string): number {
  const u = arg.toLowerCase();
  if (u === 'bit') return 1;
  if (u === 'byte') return 0;
  c.w.error(SYNTAX);
  return -1;
}

// ---------------------------------------------------------------------------
// SETBIT / GETBIT

function setbitCommand(c: Client, argv: string[]): void {
  const offset = bitOffset(c, argv[2], 0);
  if (offset < 0) return;
  const on = parseI64(argv[3]);
  if (on !== 0 && on !== 1) {
    c.w.error(BAD_BIT);
    return;
  }
  const key = argv[1];
  const m = bitmapForWrite(c, key, Math.floor(offset / 8) + 1);
  if (m === null) return;
  const old = m.setBit(offset, on);
  if (grew || old !== on) {
    if (!created) c.db.signalModified(key);
    notify(c, NOTIFY_STRING, 'setbit', key);
    c.server.dirty++;
  }
  c.w.integer(old);
}

function getbitCommand(c: Client, argv: string[]): void {
  const offset = bitOffset(c, argv[2], 0);
  if (offset < 0) return;
  const v = c.db.lookupRead(argv[1]);
  if (v === undefined) {
    c.w.integer(0);
    return;
  }
  if (!isString(v)) {
    c.w.error(WRONGTYPE);
    return;
  }
  if (typeof v === 'object') {
    c.w.integer(v.getBit(offset));
    return;
  }
  const s = typeof v === 'string' ? v : String(v);
  const byte = Math.floor(offset / 8);
  c.w.integer(byte < s.length ? (s.charCodeAt(byte) >> (7 - (offset - byte * 8))) & 1 : 0);
}

// ---------------------------------------------------------------------------
// BITCOUNT / BITPOS

/** Looks up a string for BITCOUNT/BITPOS; null after replying (missing key or WRONGTYPE). */
function readBitmap(c: Client, key: string, missing: number): string | number | MutableString | null {
  const v: Value | undefined = c.db.lookupRead(key);
  if (v === undefined) {
    c.w.integer(missing);
    return null;
  }
  if (!isString(v)) {
    c.w.error(WRONGTYPE);
    return null;
  }
  return v;
}

function bitcountCommand(c: Client, argv: string[]): void {
  const v = readBitmap(c, argv[1], 0);
  if (v === null) return;
  const src = bytesOf(v);
  const len = typeof src === 'string' ? src.length : (v as MutableString).len;
  const argc = argv.length;
  if (argc === 2) {
    c.w.integer(countBits(src, 0, len * 8 - 1));
    return;
  }
  if (argc !== 4 && argc !== 5) {
    c.w.error(SYNTAX);
    return;
  }
  const s0 = parseI64(argv[2]);
  const e0 = s0 === null ? null : parseI64(argv[3]);
  if (s0 === null || e0 === null) {
    c.w.error(NOT_INTEGER);
    return;
  }
  // Both negative with the start after the end: empty, even before BIT/BYTE is read.
  if (s0 < 0 && e0 < 0 && s0 > e0) {
    c.w.integer(0);
    return;
  }
  let isBit = 0;
  if (argc === 5 && (isBit = unitArg(c, argv[4])) < 0) return;
  const total = isBit ? len * 8 : len;
  let start = idx(s0);
  let end = idx(e0);
  if (start < 0) start += total;
  if (end < 0) end += total;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= total) end = total - 1;
  if (start > end) c.w.integer(0);
  else if (isBit) c.w.integer(countBits(src, start, end));
  else c.w.integer(countBits(src, start * 8, end * 8 + 7));
}

function bitposCommand(c: Client, argv: string[]): void {
  const bit = parseI64(argv[2]);
  if (bit === null) {
    c.w.error(NOT_INTEGER);
    return;
  }
  if (bit !== 0 && bit !== 1) {
    c.w.error(BITPOS_BAD_BIT);
    return;
  }
  // A missing key is an endless run of zeros.
  const v = readBitmap(c, argv[1], bit === 1 ? -1 : 0);
  if (v === null) return;
  const src = bytesOf(v);
  const len = typeof src === 'string' ? src.length : (v as MutableString).len;
  const argc = argv.length;
  let first: number; // bit range searched, inclusive
  let last: number;
  let endGiven = false;
  if (argc === 3) {
    first = 0;
    last = len * 8 - 1;
  } else if (argc <= 6) {
    const s0 = parseI64(argv[3]);
    if (s0 === null) {
      c.w.error(NOT_INTEGER);
      return;
    }
    let isBit = 0;
    if (argc === 6 && (isBit = unitArg(c, argv[5])) < 0) return;
    let end = len - 1;
    if (argc >= 5) {
      const e0 = parseI64(argv[4]);
      if (e0 === null) {
        c.w.error(NOT_INTEGER);
        return;
      }
      end = idx(e0);
      endGiven = true;
    }
    const total = isBit ? len * 8 : len;
    let start = idx(s0);
    if (start < 0) start += total;
    if (end < 0) end += total;
    if (start < 0) start = 0;
    if (end < 0) end = 0;
    if (end >= total) end = total - 1;
    if (start > end) {
      c.w.integer(-1);
      return;
    }
    first = isBit ? start : start * 8;
    last = isBit ? end : end * 8 + 7;
  } else {
    c.w.error(SYNTAX);
    return;
  }
  if (first > last) {
    c.w.integer(-1);
    return;
  }
  const pos = findBit(src, first, last, bit);
  // No clear bit inside: without an explicit end, the string counts as
  // followed by zeros, so the answer is the first bit after the range.
  if (pos < 0 && bit === 0 && !endGiven) c.w.integer(last + 1);
  else c.w.integer(pos);
}

// ---------------------------------------------------------------------------
// BITOP

function bitopCommand(c: Client, argv: string[]): void {
  const opname = argv[1].toLowerCase();
  let op: number;
  if (opname === 'and') op = 0;
  else if (opname === 'or') op = 1;
  else if (opname === 'xor') op = 2;
  else if (opname === 'not') op = 3;
  else {
    c.w.error(SYNTAX);
    return;
  }
  const argc = argv.length;
  if (op === 3 && argc !== 4) {
    c.w.error(BITOP_NOT_ONE_KEY);
    return;
  }
  const db = c.db;
  const n = argc - 3;
  const srcs: (Uint8Array | null)[] = new Array(n);
  let maxlen = 0;
  for (let j = 0; j < n; j++) {
    const v = db.lookupRead(argv[j + 3]);
    if (v === undefined) {
      srcs[j] = null;
      continue;
    }
    if (!isString(v)) {
      c.w.error(WRONGTYPE);
      return;
    }
    // Buffers are used in place; text sources are copied once (BITOP is O(N) anyway).
    const b = typeof v === 'object' ? v.buf.subarray(0, v.len) : Buffer.from(typeof v === 'string' ? v : String(v), 'latin1');
    srcs[j] = b;
    if (b.length > maxlen) maxlen = b.length;
  }
  const dest = argv[2];
  if (maxlen === 0) {
    // Every source empty or missing: the destination goes away.
    if (db.delete(dest)) {
      notify(c, NOTIFY_GENERIC, 'del', dest);
      c.server.dirty++;
    }
    c.w.integer(0);
    return;
  }
  // Missing bytes (shorter or absent sources) count as zero.
  const res = Buffer.alloc(maxlen);
  const first = srcs[0];
  if (first !== null) res.set(first);
  if (op === 3) {
    for (let i = 0; i < maxlen; i++) res[i] = ~res[i];
  } else {
    for (let j = 1; j < n; j++) {
      const s = srcs[j];
      const l = s === null ? 0 : s.length;
      if (op === 0) {
        for (let i = 0; i < l; i++) res[i] &= s![i];
        if (l < maxlen) res.fill(0, l);
      } else if (op === 1) {
        for (let i = 0; i < l; i++) res[i] |= s![i];
      } else {
        for (let i = 0; i < l; i++) res[i] ^= s![i];
      }
    }
  }
  // A fresh raw string, replacing the destination and its TTL.
  db.set(dest, MutableString.wrap(res, maxlen));
  notify(c, NOTIFY_STRING, 'set', dest);
  c.server.dirty++;
  c.w.integer(maxlen);
}

// ---------------------------------------------------------------------------
// BITFIELD / BITFIELD_RO

const OP_GET = 0;
const OP_SET = 1;
const OP_INCRBY = 2;

/** Parses a field type (`i1`..`i64`, `u1`..`u63`): bits, negated for signed; 0 after replying the error. */
function fieldType(c: Client, arg: string): number {
  const sign = arg.charCodeAt(0);
  if (sign === 105 /* i */ || sign === 117 /* u */) {
    const bits = parseI64(arg.slice(1));
    if (typeof bits === 'number' && bits >= 1 && bits <= (sign === 105 ? 64 : 63)) return sign === 105 ? -bits : bits;
  }
  c.w.error(BAD_BITFIELD_TYPE);
  return 0;
}

function bitfieldGeneric(c: Client, argv: string[], readonlyCommand: boolean): void {
  const argc = argv.length;
  // Parsed operations, flat: opcode, signed bits (negative = signed), offset, argument, overflow policy.
  const ops: (number | bigint)[] = [];
  let policy = OVERFLOW_WRAP;
  let writes = false;
  let highest = 0;
  for (let j = 2; j < argc; j++) {
    const rem = argc - j - 1;
    const sub = argv[j].toLowerCase();
    let opcode: number;
    if (sub === 'get' && rem >= 2) opcode = OP_GET;
    else if (sub === 'set' && rem >= 3) opcode = OP_SET;
    else if (sub === 'incrby' && rem >= 3) opcode = OP_INCRBY;
    else if (sub === 'overflow' && rem >= 1) {
      const how = argv[++j].toLowerCase();
      if (how === 'wrap') policy = OVERFLOW_WRAP;
      else if (how === 'sat') policy = OVERFLOW_SAT;
      else if (how === 'fail') policy = OVERFLOW_FAIL;
      else {
        c.w.error(BAD_OVERFLOW);
        return;
      }
      continue;
    } else {
      c.w.error(SYNTAX);
      return;
    }
    const type = fieldType(c, argv[j + 1]);
    if (type === 0) return;
    const bits = type < 0 ? -type : type;
    const offset = bitOffset(c, argv[j + 2], bits);
    if (offset < 0) return;
    let value: number | bigint = 0;
    if (opcode !== OP_GET) {
      writes = true;
      if (offset + bits - 1 > highest) highest = offset + bits - 1;
      const v = parseI64(argv[j + 3]);
      if (v === null) {
        c.w.error(NOT_INTEGER);
        return;
      }
      value = v;
    }
    ops.push(opcode, type, offset, value, policy);
    j += opcode === OP_GET ? 2 : 3;
  }

  const key = argv[1];
  let m: MutableString | null = null;
  // What GETs read: a missing key reads as zeros.
  let src: Uint8Array | string = '';
  let len = 0;
  if (!writes) {
    const v = c.db.lookupRead(key);
    if (v !== undefined) {
      if (!isString(v)) {
        c.w.error(WRONGTYPE);
        return;
      }
      src = bytesOf(v);
      len = typeof src === 'string' ? src.length : (v as MutableString).len;
    }
  } else {
    if (readonlyCommand) {
      c.w.error(RO_ONLY_GET);
      return;
    }
    m = bitmapForWrite(c, key, Math.floor(highest / 8) + 1);
    if (m === null) return;
    src = m.buf;
    len = m.len;
  }

  const w = c.w;
  const nops = ops.length / 5;
  w.array(nops);
  let changes = 0;
  for (let k = 0; k < ops.length; k += 5) {
    const opcode = ops[k] as number;
    const type = ops[k + 1] as number;
    const offset = ops[k + 2] as number;
    const signed = type < 0;
    const bits = signed ? -type : type;
    if (opcode === OP_GET) {
      w.integer(getField(src, len, offset, bits, signed));
      continue;
    }
    const old = getField(m!.buf, m!.len, offset, bits, signed);
    fieldArith(old, ops[k + 3], opcode === OP_INCRBY, bits, signed, ops[k + 4] as number);
    if (arith.overflowed && ops[k + 4] === OVERFLOW_FAIL) {
      w.nil();
      continue;
    }
    const next = arith.value;
    w.integer(opcode === OP_INCRBY ? next : old);
    setField(m!.buf, offset, bits, next);
    if (grew || old !== next) changes++;
  }
  if (changes > 0) {
    if (!created) c.db.signalModified(key);
    notify(c, NOTIFY_STRING, 'setbit', key);
    c.server.dirty += changes;
  }
}

function bitfieldCommand(c: Client, argv: string[]): void {
  bitfieldGeneric(c, argv, false);
}

function bitfieldRoCommand(c: Client, argv: string[]): void {
  bitfieldGeneric(c, argv, true);
}

// ---------------------------------------------------------------------------
// The table (key specs live in key-specs.ts)

const ONE_KEY = { first: 1, last: 1, step: 1 };
const KEY: ArgDoc = { name: 'key', type: 'key', keySpecIndex: 0 };
const OFFSET: ArgDoc = { name: 'offset', type: 'integer' };
const ENCODING: ArgDoc = { name: 'encoding', type: 'string' };
const INDEX_UNIT: ArgDoc = {
  name: 'index_unit',
  type: 'oneof',
  since: '7.0.0',
  optional: true,
  arguments: [
    { name: 'byte', type: 'pure-token', token: 'BYTE' },
    { name: 'bit', type: 'pure-token', token: 'BIT' },
  ],
};
const UNIT_HISTORY: [string, string][] = [['7.0.0', 'Added the `BYTE|BIT` option.']];
const GET_BLOCK: ArgDoc = { name: 'encoding_offset', type: 'block', token: 'GET', arguments: [ENCODING, OFFSET] };

export const commands: CommandSpec[] = [
  {
    name: 'setbit',
    arity: 4,
    flags: ['write', 'denyoom'],
    group: 'bitmap',
    since: '2.2.0',
    summary: 'Sets or clears one bit of a string, growing it with zero bytes when needed; returns the old bit.',
    complexity: 'O(1)',
    acl: ['bitmap'],
    keys: ONE_KEY,
    args: [KEY, OFFSET, { name: 'value', type: 'integer' }],
    run: setbitCommand,
  },
  {
    name: 'getbit',
    arity: 3,
    flags: ['readonly', 'fast'],
    group: 'bitmap',
    since: '2.2.0',
    summary: 'Returns one bit of a string (0 past its end).',
    complexity: 'O(1)',
    acl: ['bitmap'],
    keys: ONE_KEY,
    args: [KEY, OFFSET],
    run: getbitCommand,
  },
  {
    name: 'bitcount',
    arity: -2,
    flags: ['readonly'],
    group: 'bitmap',
    since: '2.6.0',
    summary: 'Counts the bits set to 1 in a string, optionally within a byte or bit range.',
    complexity: 'O(N)',
    acl: ['bitmap'],
    keys: ONE_KEY,
    history: UNIT_HISTORY,
    args: [
      KEY,
      {
        name: 'index',
        type: 'block',
        optional: true,
        arguments: [{ name: 'start', type: 'integer' }, { name: 'end', type: 'integer' }, INDEX_UNIT],
      },
    ],
    run: bitcountCommand,
  },
  {
    name: 'bitpos',
    arity: -3,
    flags: ['readonly'],
    group: 'bitmap',
    since: '2.8.7',
    summary: 'Finds the position of the first bit set to 1 or 0 in a string, optionally within a range.',
    complexity: 'O(N)',
    acl: ['bitmap'],
    keys: ONE_KEY,
    history: UNIT_HISTORY,
    args: [
      KEY,
      { name: 'bit', type: 'integer' },
      {
        name: 'index',
        type: 'block',
        optional: true,
        arguments: [
          { name: 'start', type: 'integer' },
          {
            name: 'end_index',
            type: 'block',
            optional: true,
            arguments: [{ name: 'end', type: 'integer' }, INDEX_UNIT],
          },
        ],
      },
    ],
    run: bitposCommand,
  },
  {
    name: 'bitop',
    arity: -4,
    flags: ['write', 'denyoom'],
    group: 'bitmap',
    since: '2.6.0',
    summary: 'Stores the bitwise AND, OR, XOR of strings, or the NOT of one, in a destination key.',
    complexity: 'O(N)',
    acl: ['bitmap'],
    keys: { first: 2, last: -1, step: 1 },
    args: [
      { name: 'operation', type: 'string' },
      { name: 'destkey', type: 'key', keySpecIndex: 0 },
      { name: 'key', type: 'key', keySpecIndex: 1, multiple: true },
    ],
    run: bitopCommand,
  },
  {
    name: 'bitfield',
    arity: -2,
    flags: ['write', 'denyoom'],
    group: 'bitmap',
    since: '3.2.0',
    summary: 'Reads, writes and increments integers of arbitrary width at arbitrary bit offsets of a string.',
    complexity: 'O(1) for each subcommand specified',
    acl: ['bitmap'],
    keys: ONE_KEY,
    args: [
      KEY,
      {
        name: 'operation',
        type: 'oneof',
        optional: true,
        multiple: true,
        arguments: [
          GET_BLOCK,
          {
            name: 'write',
            type: 'block',
            arguments: [
              {
                name: 'wrap_sat_fail',
                type: 'oneof',
                token: 'OVERFLOW',
                optional: true,
                arguments: [
                  { name: 'wrap', type: 'pure-token', token: 'WRAP' },
                  { name: 'sat', type: 'pure-token', token: 'SAT' },
                  { name: 'fail', type: 'pure-token', token: 'FAIL' },
                ],
              },
              {
                name: 'write_operation',
                type: 'oneof',
                arguments: [
                  { name: 'encoding_offset_value', type: 'block', token: 'SET', arguments: [ENCODING, OFFSET, { name: 'value', type: 'integer' }] },
                  {
                    name: 'encoding_offset_increment',
                    type: 'block',
                    token: 'INCRBY',
                    arguments: [ENCODING, OFFSET, { name: 'increment', type: 'integer' }],
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
    run: bitfieldCommand,
  },
  {
    name: 'bitfield_ro',
    arity: -2,
    flags: ['readonly', 'fast'],
    group: 'bitmap',
    since: '6.0.0',
    summary: 'The read-only form of BITFIELD: only GET operations.',
    complexity: 'O(1) for each subcommand specified',
    acl: ['bitmap'],
    keys: ONE_KEY,
    args: [KEY, { ...GET_BLOCK, optional: true, multiple: true, multipleToken: true }],
    run: bitfieldRoCommand,
  },
];
