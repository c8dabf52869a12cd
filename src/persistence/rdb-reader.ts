// RDB reader: parses a Redis dump (versions 1–11, and 12 when it holds only
// types Petrel knows) and hands each key to a callback, or loads it straight
// into a Keyspace. Values are rebuilt with Petrel's collection classes, so
// encodings follow the current limits (list-max-listpack-size and friends) as
// Redis's own loader does. See rdb-format.ts for why this is hand-written.

import type { EncodingLimits } from '../data/limits.js';
import type { Keyspace } from '../data/keyspace.js';
import { ListValue } from '../data/list.js';
import { RedisHash } from '../data/hash.js';
import { SetValue } from '../data/set.js';
import { ZSet } from '../data/zset.js';
import { toStoredString, type Value } from '../data/values.js';
import { Consumer, INVALID_ENTRIES_READ, Nack, Stream } from '../data/stream.js';
import { idFromBytes } from '../data/stream-id.js';
import * as F from './rdb-format.js';

export class RdbError extends Error {
  constructor(message: string, readonly offset = -1) {
    super(offset >= 0 ? `${message} (at byte ${offset})` : message);
    this.name = 'RdbError';
  }
}

export interface RdbKey {
  db: number;
  key: string;
  value: Value;
  /** Absolute deadline in ms (bigint past 2^53), or undefined. */
  expireMs: number | bigint | undefined;
  /** Idle seconds (LRU) or LFU counter, when the file carried them. */
  idle: number | undefined;
  freq: number | undefined;
}

export interface RdbReadOptions {
  limits: EncodingLimits;
  onKey(k: RdbKey): void;
  /** Non-fatal findings (module AUX skipped...). */
  warn?(message: string): void;
}

export interface RdbReadResult {
  version: number;
  aux: Map<string, string>;
  /** Raw FUNCTION2 payloads (library code), kept for the scripting issue. */
  functions: string[];
  keys: number;
  /** 'ok' when the footer matched, 'none' when absent or zero (rdbchecksum no). */
  checksum: 'ok' | 'none';
  /** Bytes the image took: an old single-file AOF continues with commands after it. */
  length: number;
}

class Cursor {
  pos = 0;
  /** Set by readLen when the length byte was a special (encoded) form. */
  encoded = false;
  constructor(readonly b: Buffer) {}

  need(n: number): void {
    if (this.pos + n > this.b.length) throw new RdbError('Unexpected end of file', this.pos);
  }
  u8(): number {
    this.need(1);
    return this.b[this.pos++];
  }
  bytes(n: number): Buffer {
    this.need(n);
    const s = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return s;
  }
  readLen(): number {
    const c = this.u8();
    const kind = c >> 6;
    this.encoded = false;
    if (kind === F.RDB_6BITLEN) return c & 0x3f;
    if (kind === F.RDB_14BITLEN) return ((c & 0x3f) << 8) | this.u8();
    if (kind === F.RDB_ENCVAL) {
      this.encoded = true;
      return c & 0x3f;
    }
    if (c === F.RDB_32BITLEN) {
      this.need(4);
      const v = this.b.readUInt32BE(this.pos);
      this.pos += 4;
      return v;
    }
    if (c === F.RDB_64BITLEN) {
      this.need(8);
      const v = this.b.readBigUInt64BE(this.pos);
      this.pos += 8;
      if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new RdbError('Length too large', this.pos);
      return Number(v);
    }
    throw new RdbError('Unknown length encoding', this.pos - 1);
  }
  /** A length as a bigint, for 64-bit identifiers (module ids). */
  lenBig(): bigint {
    const c = this.b[this.pos];
    if (c === F.RDB_64BITLEN) {
      this.pos++;
      this.need(8);
      const v = this.b.readBigUInt64BE(this.pos);
      this.pos += 8;
      return v;
    }
    return BigInt(this.len());
  }
  len(): number {
    const n = this.readLen();
    if (this.encoded) throw new RdbError('Unexpected encoded length', this.pos - 1);
    return n;
  }
  stringBuf(): Buffer {
    const n = this.readLen();
    if (!this.encoded) return this.bytes(n);
    return Buffer.from(this.encodedString(n), 'latin1');
  }
  string(): string {
    const n = this.readLen();
    if (!this.encoded) {
      this.need(n);
      const s = this.b.latin1Slice(this.pos, this.pos + n);
      this.pos += n;
      return s;
    }
    return this.encodedString(n);
  }
  private encodedString(enc: number): string {
    switch (enc) {
      case F.RDB_ENC_INT8:
        this.need(1);
        return String(this.b.readInt8(this.pos++));
      case F.RDB_ENC_INT16: {
        this.need(2);
        const v = this.b.readInt16LE(this.pos);
        this.pos += 2;
        return String(v);
      }
      case F.RDB_ENC_INT32: {
        this.need(4);
        const v = this.b.readInt32LE(this.pos);
        this.pos += 4;
        return String(v);
      }
      case F.RDB_ENC_LZF: {
        const clen = this.len();
        const len = this.len();
        const at = this.pos;
        const src = this.bytes(clen);
        try {
          return F.lzfDecompress(src, len).latin1Slice(0, len);
        } catch (e) {
          throw new RdbError(`Invalid LZF compressed string: ${(e as Error).message}`, at);
        }
      }
      default:
        throw new RdbError(`Unknown string encoding ${enc}`, this.pos - 1);
    }
  }
  /** Old ZSET scores: length-prefixed text, 253/254/255 for nan/+inf/-inf. */
  textDouble(): number {
    const n = this.u8();
    if (n === 253) return NaN;
    if (n === 254) return Infinity;
    if (n === 255) return -Infinity;
    return scoreText(this.bytes(n).latin1Slice(0, n));
  }
  binaryDouble(): number {
    this.need(8);
    const v = this.b.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }
}

/** Parses `buf` as an RDB file, calling opts.onKey for every key. Throws RdbError on bad input. */
export function readRdb(buf: Buffer, opts: RdbReadOptions): RdbReadResult {
  const steps = readRdbSteps(buf, opts);
  for (;;) {
    const r = steps.next();
    if (r.done === true) return r.value;
  }
}

/**
 * readRdb in steps: yields the byte offset reached every 128 keys, so a
 * loader can give the event loop a turn (start-up answers -LOADING meanwhile).
 */
export function* readRdbSteps(buf: Buffer, opts: RdbReadOptions): Generator<number, RdbReadResult> {
  const c = new Cursor(buf);
  if (buf.length < 9 || buf.latin1Slice(0, 5) !== 'REDIS') throw new RdbError('Wrong signature trying to load DB from file');
  const verText = buf.latin1Slice(5, 9);
  const version = /^\d{4}$/.test(verText) ? Number(verText) : NaN;
  if (!(version >= 1 && version <= F.RDB_MAX_READ_VERSION)) throw new RdbError(`Can't handle RDB format version ${verText}`);
  c.pos = 9;
  const lim = opts.limits;
  const result: RdbReadResult = { version, aux: new Map(), functions: [], keys: 0, checksum: 'none', length: 0 };
  let db = 0;
  let expireMs: number | bigint | undefined;
  let idle: number | undefined;
  let freq: number | undefined;
  for (;;) {
    const at = c.pos;
    const type = c.u8();
    switch (type) {
      case F.RDB_OPCODE_EXPIRETIME: {
        c.need(4);
        expireMs = buf.readInt32LE(c.pos) * 1000;
        c.pos += 4;
        continue;
      }
      case F.RDB_OPCODE_EXPIRETIME_MS: {
        c.need(8);
        const v = buf.readBigInt64LE(c.pos);
        c.pos += 8;
        const n = Number(v);
        expireMs = Number.isSafeInteger(n) ? n : v;
        continue;
      }
      case F.RDB_OPCODE_FREQ:
        freq = c.u8();
        continue;
      case F.RDB_OPCODE_IDLE:
        idle = c.len();
        continue;
      case F.RDB_OPCODE_SELECTDB:
        db = c.len();
        continue;
      case F.RDB_OPCODE_RESIZEDB:
        c.len();
        c.len();
        continue;
      case F.RDB_OPCODE_AUX: {
        const k = c.string();
        const v = c.string();
        result.aux.set(k, v);
        continue;
      }
      case F.RDB_OPCODE_MODULE_AUX: {
        const name = moduleTypeName(c.lenBig());
        skipModuleAux(c);
        opts.warn?.(`The RDB file contains AUX module data for module '${name}', which Petrel does not have: skipped`);
        continue;
      }
      case F.RDB_OPCODE_FUNCTION2:
        result.functions.push(c.string());
        continue;
      case F.RDB_OPCODE_FUNCTION_PRE_GA:
        throw new RdbError('Pre-release function format not supported', at);
      case F.RDB_OPCODE_EOF: {
        if (version >= 5) {
          c.need(8);
          const stored = buf.readBigUInt64LE(c.pos);
          if (stored !== 0n) {
            const actual = F.crc64(buf, 0, c.pos);
            if (actual !== stored) throw new RdbError('Wrong RDB checksum', c.pos);
            result.checksum = 'ok';
          }
          result.length = c.pos + 8;
        } else result.length = c.pos;
        return result;
      }
      default:
        break;
    }
    const key = c.string();
    let value: Value;
    try {
      value = readValue(c, type, lim);
    } catch (e) {
      if (e instanceof RdbError) throw e;
      throw new RdbError(`Bad value for key '${key}': ${(e as Error).message}`, at);
    }
    opts.onKey({ db, key, value, expireMs, idle, freq });
    result.keys++;
    expireMs = idle = freq = undefined;    if ((result.keys & 127) === 0) yield c.pos;
  }
}

const MODULE_NAME_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The 9-character type name packed in a module id (above its 10-bit encoding version). */
export function moduleTypeName(id: bigint): string {
  let v = id >> 10n;
  let name = '';
  for (let j = 0; j < 9; j++) {
    name = MODULE_NAME_CHARS[Number(v & 63n)] + name;
    v >>= 6n;
  }
  return name;
}

function skipModuleAux(c: Cursor): void {
  const whenOpcode = c.len();
  c.len(); // when
  if (whenOpcode !== F.RDB_MODULE_OPCODE_UINT) throw new RdbError('Bad module AUX header', c.pos);
  for (;;) {
    const op = c.len();
    if (op === F.RDB_MODULE_OPCODE_EOF) return;
    if (op === F.RDB_MODULE_OPCODE_SINT || op === F.RDB_MODULE_OPCODE_UINT) c.readLen();
    else if (op === F.RDB_MODULE_OPCODE_STRING) c.string();
    else if (op === F.RDB_MODULE_OPCODE_FLOAT) c.bytes(4);
    else if (op === F.RDB_MODULE_OPCODE_DOUBLE) c.bytes(8);
    else throw new RdbError('Unknown module opcode', c.pos);
  }
}

function readValue(c: Cursor, type: number, lim: EncodingLimits): Value {
  switch (type) {
    case F.RDB_TYPE_STRING:
      return toStoredString(c.string());
    case F.RDB_TYPE_LIST: {
      const n = c.len();
      const items = new Array<string>(n);
      for (let i = 0; i < n; i++) items[i] = c.string();
      return buildList(items, lim);
    }
    case F.RDB_TYPE_LIST_ZIPLIST:
      return buildList(F.decodeZiplist(c.stringBuf()), lim);
    case F.RDB_TYPE_LIST_QUICKLIST:
    case F.RDB_TYPE_LIST_QUICKLIST_2: {
      const nodes = c.len();
      const items: string[] = [];
      for (let i = 0; i < nodes; i++) {
        let container = F.QUICKLIST_NODE_CONTAINER_PACKED;
        if (type === F.RDB_TYPE_LIST_QUICKLIST_2) container = c.len();
        if (container === F.QUICKLIST_NODE_CONTAINER_PLAIN) {
          items.push(c.string());
          continue;
        }
        if (container !== F.QUICKLIST_NODE_CONTAINER_PACKED) throw new Error(`unknown quicklist container ${container}`);
        const b = c.stringBuf();
        const part = type === F.RDB_TYPE_LIST_QUICKLIST ? F.decodeZiplist(b) : F.decodeListpack(b);
        for (const e of part) items.push(e);
      }
      return buildList(items, lim);
    }
    case F.RDB_TYPE_SET: {
      const n = c.len();
      const items = new Array<string>(n);
      for (let i = 0; i < n; i++) items[i] = c.string();
      return buildSet(items, lim);
    }
    case F.RDB_TYPE_SET_INTSET:
      return buildSet(F.decodeIntset(c.stringBuf()), lim);
    case F.RDB_TYPE_SET_LISTPACK:
      return buildSet(F.decodeListpack(c.stringBuf()), lim);
    case F.RDB_TYPE_ZSET:
    case F.RDB_TYPE_ZSET_2: {
      const n = c.len();
      const ms = new Array<string>(n);
      const ss = new Array<number>(n);
      for (let i = 0; i < n; i++) {
        ms[i] = c.string();
        ss[i] = type === F.RDB_TYPE_ZSET ? c.textDouble() : c.binaryDouble();
        if (Number.isNaN(ss[i])) throw new Error('zset score is NaN');
      }
      return buildZset(ms, ss, lim);
    }
    case F.RDB_TYPE_ZSET_ZIPLIST:
    case F.RDB_TYPE_ZSET_LISTPACK: {
      const b = c.stringBuf();
      const flat = type === F.RDB_TYPE_ZSET_ZIPLIST ? F.decodeZiplist(b) : F.decodeListpack(b);
      if (flat.length % 2 !== 0) throw new Error('odd zset listpack');
      const ms: string[] = [];
      const ss: number[] = [];
      for (let i = 0; i < flat.length; i += 2) {
        ms.push(flat[i]);
        ss.push(scoreText(flat[i + 1]));
      }
      return buildZset(ms, ss, lim);
    }
    case F.RDB_TYPE_HASH: {
      const n = c.len();
      const kv = new Array<string>(n * 2);
      for (let i = 0; i < n * 2; i++) kv[i] = c.string();
      return buildHash(kv, lim);
    }
    case F.RDB_TYPE_HASH_ZIPMAP:
      return buildHash(F.decodeZipmap(c.stringBuf()), lim);
    case F.RDB_TYPE_HASH_ZIPLIST:
    case F.RDB_TYPE_HASH_LISTPACK: {
      const b = c.stringBuf();
      const flat = type === F.RDB_TYPE_HASH_ZIPLIST ? F.decodeZiplist(b) : F.decodeListpack(b);
      if (flat.length % 2 !== 0) throw new Error('odd hash listpack');
      return buildHash(flat, lim);
    }
    case F.RDB_TYPE_STREAM_LISTPACKS:
    case F.RDB_TYPE_STREAM_LISTPACKS_2:
    case F.RDB_TYPE_STREAM_LISTPACKS_3:
      return readStream(c, type);
    case F.RDB_TYPE_MODULE_PRE_GA:
    case F.RDB_TYPE_MODULE_2:
      throw new RdbError('Module data types in RDB files are not supported by Petrel', c.pos);
    default:
      throw new RdbError(`Unknown RDB value type ${type}`, c.pos);
  }
}

/** An unsigned 64-bit length (stream IDs and counters). */
function len64(c: Cursor): bigint {
  return c.lenBig();
}

function msTime(c: Cursor): number {
  c.need(8);
  const v = c.b.readBigInt64LE(c.pos);
  c.pos += 8;
  return Number(v);
}

function rawId(c: Cursor): bigint {
  c.need(16);
  const id = idFromBytes(c.b, c.pos);
  c.pos += 16;
  return id;
}

/**
 * A stream (RDB_TYPE_STREAM_LISTPACKS, _2 and _3), as Redis's rdbLoadObject
 * reads it. Node listpacks are checked deeply (Redis's sanitize-dump-payload
 * level) and the groups' PELs must be consistent, so no file or RESTORE
 * payload can leave a stream Petrel would trip over later.
 */
function readStream(c: Cursor, type: number): Stream {
  const s = new Stream();
  const nodes = c.len();
  let total = 0;
  for (let i = 0; i < nodes; i++) {
    const key = c.stringBuf();
    if (key.length !== 16) throw new Error('stream node key entry is not the size of a stream ID');
    const lp = c.stringBuf();
    s.addLoadedNode(idFromBytes(key, 0), lp);
    total += s.nodes[s.nodes.length - 1].count;
  }
  const length = len64(c);
  if (length !== BigInt(total)) throw new Error('stream length does not match its entries');
  s.length = total;
  s.lastId = (len64(c) << 64n) | len64(c);
  if (type >= F.RDB_TYPE_STREAM_LISTPACKS_2) {
    s.firstId = (len64(c) << 64n) | len64(c);
    s.maxDeletedId = (len64(c) << 64n) | len64(c);
    s.entriesAdded = BigInt.asIntN(64, len64(c));
  } else {
    // Older files: the counter starts at the length, as Redis migrates them.
    s.maxDeletedId = 0n;
    s.entriesAdded = BigInt(s.length);
    s.firstId = s.edgeId(true, true);
  }
  if (s.length !== 0 && s.lastValidId() > s.lastId) throw new Error('stream last ID is smaller than its top entry');
  const groups = c.len();
  for (let i = 0; i < groups; i++) {
    const name = c.string();
    const lastId = (len64(c) << 64n) | len64(c);
    const entriesRead = type >= F.RDB_TYPE_STREAM_LISTPACKS_2 ? BigInt.asIntN(64, len64(c)) : s.estimateDistance(lastId);
    const g = s.createGroup(name, lastId, entriesRead < 0n ? INVALID_ENTRIES_READ : entriesRead);
    if (g === null) throw new Error(`duplicated consumer group name ${name}`);
    const pel = c.len();
    for (let j = 0; j < pel; j++) {
      const id = rawId(c);
      const time = msTime(c);
      const countBig = len64(c);
      const count = countBig <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(countBig) : countBig;
      if (!g.pel.set(id, new Nack(time, count, null))) throw new Error('duplicated global PEL entry loading stream consumer group');
    }
    const consumers = c.len();
    for (let j = 0; j < consumers; j++) {
      const cname = c.string();
      if (g.consumers.has(cname)) throw new Error('duplicate stream consumer detected');
      const seen = msTime(c);
      const active = type === F.RDB_TYPE_STREAM_LISTPACKS_3 ? msTime(c) : seen;
      const consumer = new Consumer(cname, seen, active);
      g.consumers.set(cname, consumer);
      const n = c.len();
      for (let k = 0; k < n; k++) {
        const id = rawId(c);
        const nack = g.pel.get(id);
        if (nack === undefined) throw new Error('consumer entry not found in group global PEL');
        if (nack.consumer !== null) throw new Error('duplicated consumer PEL entry loading a stream consumer group');
        nack.consumer = consumer;
        consumer.pel.set(id, nack);
      }
    }
    let orphan = false;
    g.pel.forEach((_id, nack) => {
      if (nack.consumer === null) orphan = true;
      return !orphan;
    });
    if (orphan) throw new Error('stream CG PEL entry without consumer');
  }
  return s;
}

/** A score stored as text (listpack zsets, old ZSET type): strtod rules, so "inf"/"-inf" too. */
function scoreText(s: string): number {
  const v = Number(s);
  if (!Number.isNaN(v)) return v;
  const l = s.toLowerCase();
  if (l === 'inf' || l === '+inf' || l === 'infinity' || l === '+infinity') return Infinity;
  if (l === '-inf' || l === '-infinity') return -Infinity;
  throw new Error(`bad score '${s}'`);
}

function buildList(items: string[], lim: EncodingLimits): ListValue {
  const l = new ListValue(items.length);
  l.toQuicklist(lim);
  for (const e of items) l.pushTail(toStoredString(e), e.length);
  l.tryConvertAuto(lim);
  return l;
}

function buildSet(items: string[], lim: EncodingLimits): SetValue {
  if (items.length === 0) throw new Error('empty set');
  const s = SetValue.create(items[0], items.length, lim);
  for (const m of items) s.add(m, lim);
  return s;
}

function buildHash(kv: string[], lim: EncodingLimits): RedisHash {
  const h = new RedisHash();
  if (kv.length >> 1 > lim.hashMaxListpackEntries) h.convert();
  for (let i = 0; i < kv.length; i += 2) h.set(kv[i], kv[i + 1], lim);
  return h;
}

function buildZset(ms: string[], ss: number[], lim: EncodingLimits): ZSet {
  let maxLen = 0;
  for (const m of ms) if (m.length > maxLen) maxLen = m.length;
  return ZSet.fromPairs(ms, ss, maxLen, lim);
}

export interface RdbLoadResult extends RdbReadResult {
  /** Keys skipped because their TTL had already passed. */
  expiredSkipped: number;
}

/**
 * Loads an RDB image into a keyspace (which should be empty). Keys whose
 * deadline has passed are skipped, as Redis does on a primary.
 */
export function loadRdb(buf: Buffer, ks: Keyspace, opts: { now?: number; warn?(m: string): void } = {}): RdbLoadResult {
  const steps = loadRdbSteps(buf, ks, opts);
  for (;;) {
    const r = steps.next();
    if (r.done === true) return r.value;
  }
}

/** loadRdb in steps (see readRdbSteps): yields the byte offset reached. */
export function* loadRdbSteps(buf: Buffer, ks: Keyspace, opts: { now?: number; warn?(m: string): void } = {}): Generator<number, RdbLoadResult> {
  const now = opts.now ?? Date.now();
  let expiredSkipped = 0;
  const res = yield* readRdbSteps(buf, {
    limits: ks.limits,
    warn: opts.warn,
    onKey(k) {
      if (k.db >= ks.dbs.length) throw new RdbError(`FATAL: Data file was created with a Redis server configured to handle more than ${ks.dbs.length} databases`);
      if (k.expireMs !== undefined && k.expireMs < now) {
        expiredSkipped++;
        return;
      }
      const db = ks.dbs[k.db];
      db.set(k.key, k.value);
      if (k.expireMs !== undefined) db.setExpireExact(k.key, k.expireMs);
      if (ks.trackAccess) {
        if (ks.lfu && k.freq !== undefined) db.setFreq(k.key, k.freq);
        else if (!ks.lfu && k.idle !== undefined) db.setIdle(k.key, k.idle);
      }
    },
  });
  return { ...res, expiredSkipped };
}

/**
 * Checks and decodes a DUMP payload (RESTORE): 'footer' when the version is
 * newer than `maxVersion` or the CRC64 does not match (Redis's "DUMP payload
 * version or checksum are wrong"), 'format' when the value cannot be read
 * ("Bad data format"), else the value.
 */
export function decodeDumpPayload(buf: Buffer, lim: EncodingLimits, maxVersion: number): Value | 'footer' | 'format' {
  if (buf.length < 10) return 'footer';
  const version = buf.readUInt16LE(buf.length - 10);
  if (version > maxVersion) return 'footer';
  const crc = buf.readBigUInt64LE(buf.length - 8);
  if (F.crc64(buf, 0, buf.length - 8) !== crc) return 'footer';
  const body = buf.subarray(0, buf.length - 10);
  try {
    const c = new Cursor(body);
    const type = c.u8();
    return readValue(c, type, lim);
  } catch {
    return 'format';
  }
}
