// RDB writer: serializes a Keyspace in Redis's format. Version 11 (Redis 7.2)
// by default; version 10 files load in Redis 7.0 (no SET_LISTPACK then).
// Only types every Redis ≥ 7.0 loads are written: STRING, LIST (plain
// elements; Redis rebuilds its quicklist/listpack on load), SET_INTSET for
// intset sets, SET_LISTPACK for listpack sets in v11, SET otherwise, ZSET_2 and
// HASH (Redis re-packs small ones into listpacks when it loads them), and
// streams as STREAM_LISTPACKS_3 (v11) or STREAM_LISTPACKS_2 (v10).
// See rdb-format.ts for why this is hand-written.

import fs from 'node:fs';
import path from 'node:path';
import type { Keyspace } from '../data/keyspace.js';
import { ListValue, elemString } from '../data/list.js';
import { RedisHash } from '../data/hash.js';
import { SetValue, ENC_INTSET, ENC_LISTPACK } from '../data/set.js';
import { ZSet } from '../data/zset.js';
import { MutableString, type Value } from '../data/values.js';
import { Stream } from '../data/stream.js';
import { MASK64, type StreamId } from '../data/stream-id.js';
import * as F from './rdb-format.js';

export interface RdbWriteOptions {
  /** 11 (default, Redis 7.2) or 10 (Redis 7.0). */
  version?: number;
  /** rdbcompression: LZF for strings longer than 20 bytes when it pays. Default true. */
  compression?: boolean;
  /** rdbchecksum: CRC64 footer, or 8 zero bytes when false. Default true. */
  checksum?: boolean;
  /** Unix ms for the ctime AUX field (default Date.now()). */
  now?: number;
  /** used-mem AUX field (default the process's heap use). */
  usedMem?: number;
  /** redis-ver AUX field. */
  redisVersion?: string;
  /** FUNCTION libraries' code, written as RDB_OPCODE_FUNCTION2 records before the keys (Redis 7). */
  functions?: readonly string[];
}

/** A growable output buffer. */
class Out {
  buf = Buffer.allocUnsafe(64 * 1024);
  len = 0;

  reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
  u8(v: number): void {
    this.reserve(1);
    this.buf[this.len++] = v;
  }
  latin1(s: string): void {
    const n = s.length;
    this.reserve(n);
    // Short strings: a JS loop beats the native call's overhead.
    if (n < 32) {
      const b = this.buf;
      let p = this.len;
      for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
      this.len = p;
    } else this.len += this.buf.latin1Write(s, this.len);
  }
  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  len_(n: number): void {
    this.reserve(9);
    if (n < 1 << 6) this.buf[this.len++] = n;
    else if (n < 1 << 14) {
      this.buf[this.len++] = (F.RDB_14BITLEN << 6) | (n >> 8);
      this.buf[this.len++] = n & 0xff;
    } else if (n <= 0xffffffff) {
      this.buf[this.len++] = F.RDB_32BITLEN;
      this.buf.writeUInt32BE(n, this.len);
      this.len += 4;
    } else {
      this.buf[this.len++] = F.RDB_64BITLEN;
      this.buf.writeBigUInt64BE(BigInt(n), this.len);
      this.len += 8;
    }
  }
  double(d: number): void {
    this.reserve(8);
    this.buf.writeDoubleLE(d, this.len);
    this.len += 8;
  }
}

const INT_TEXT = /^-?[1-9][0-9]*$|^0$/;

class Writer {
  readonly out = new Out();
  constructor(readonly compression: boolean) {}

  /** Redis's rdbSaveRawString: int encoding for short integers, LZF past 20 bytes, else raw. */
  string(s: string): void {
    const o = this.out;
    const n = s.length;
    if (n <= 11 && n > 0 && INT_TEXT.test(s)) {
      const v = Number(s);
      if (v >= -2147483648 && v <= 2147483647) {
        this.int(v);
        return;
      }
    }
    if (this.compression && n > 20) {
      const src = scratchOf(n);
      src.latin1Write(s, 0);
      const packed = F.lzfCompress(src.subarray(0, n), n - 4);
      if (packed !== null) {
        o.u8((F.RDB_ENCVAL << 6) | F.RDB_ENC_LZF);
        o.len_(packed.length);
        o.len_(n);
        o.bytes(packed);
        return;
      }
    }
    o.len_(n);
    o.latin1(s);
  }

  /** An integer known to fit 32 bits, in the smallest INT encoding. */
  private int(v: number): void {
    const o = this.out;
    o.reserve(5);
    if (v >= -128 && v <= 127) {
      o.buf[o.len++] = (F.RDB_ENCVAL << 6) | F.RDB_ENC_INT8;
      o.buf.writeInt8(v, o.len);
      o.len += 1;
    } else if (v >= -32768 && v <= 32767) {
      o.buf[o.len++] = (F.RDB_ENCVAL << 6) | F.RDB_ENC_INT16;
      o.buf.writeInt16LE(v, o.len);
      o.len += 2;
    } else {
      o.buf[o.len++] = (F.RDB_ENCVAL << 6) | F.RDB_ENC_INT32;
      o.buf.writeInt32LE(v, o.len);
      o.len += 4;
    }
  }

  /** Writes type byte, key and value; without a key (null), the DUMP form: type byte and value. */
  keyValue(key: string | null, v: Value, version: number): void {
    const o = this.out;
    if (typeof v === 'string' || typeof v === 'number' || v instanceof MutableString) {
      o.u8(F.RDB_TYPE_STRING);
      if (key !== null) this.string(key);
      this.string(typeof v === 'string' ? v : typeof v === 'number' ? String(v) : v.toString());
      return;
    }
    if (v instanceof ListValue) {
      o.u8(F.RDB_TYPE_LIST);
      if (key !== null) this.string(key);
      o.len_(v.length);
      for (let i = 0; i < v.length; i++) this.string(elemString(v.at(i)));
      return;
    }
    if (v instanceof SetValue) {
      if (v.enc === ENC_INTSET) {
        o.u8(F.RDB_TYPE_SET_INTSET);
        if (key !== null) this.string(key);
        this.intsetBlob(v.toArray());
        return;
      }
      if (v.enc === ENC_LISTPACK && version >= 11) {
        o.u8(F.RDB_TYPE_SET_LISTPACK);
        if (key !== null) this.string(key);
        this.stringBuf(encodeListpack(v.toArray()));
        return;
      }
      o.u8(F.RDB_TYPE_SET);
      if (key !== null) this.string(key);
      o.len_(v.size);
      for (const m of v) this.string(m);
      return;
    }
    if (v instanceof ZSet) {
      o.u8(F.RDB_TYPE_ZSET_2);
      if (key !== null) this.string(key);
      const ms: string[] = [];
      const ss: number[] = [];
      v.entries(ms, ss);
      o.len_(ms.length);
      // Highest first, as Redis does (its loader then inserts at the head cheaply).
      for (let i = ms.length - 1; i >= 0; i--) {
        this.string(ms[i]);
        o.double(ss[i]);
      }
      return;
    }
    if (v instanceof RedisHash) {
      o.u8(F.RDB_TYPE_HASH);
      if (key !== null) this.string(key);
      o.len_(v.size);
      for (let p = 0; p < v.size; p++) {
        this.string(v.fieldAt(p));
        this.string(v.valueAt(p));
      }
      return;
    }
    if (v instanceof Stream) {
      o.u8(version >= 11 ? F.RDB_TYPE_STREAM_LISTPACKS_3 : F.RDB_TYPE_STREAM_LISTPACKS_2);
      if (key !== null) this.string(key);
      this.stream(v, version);
      return;
    }
    throw new Error(`RDB: cannot save a value of type ${v.type}`);
  }

  /** A length that may need all 64 bits (stream IDs and counters). */
  private lenBig(v: bigint): void {
    const o = this.out;
    // Redis saves these as uint64: -1 (unknown entries-read) is 2^64-1.
    v = BigInt.asUintN(64, v);
    if (v <= 0xffffffffn) {
      o.len_(Number(v));
      return;
    }
    o.reserve(9);
    o.buf[o.len++] = F.RDB_64BITLEN;
    o.buf.writeBigUInt64BE(v, o.len);
    o.len += 8;
  }

  private id16(id: StreamId): void {
    const o = this.out;
    o.reserve(16);
    o.buf.writeBigUInt64BE(id >> 64n, o.len);
    o.buf.writeBigUInt64BE(id & MASK64, o.len + 8);
    o.len += 16;
  }

  private msTime(t: number): void {
    const o = this.out;
    o.reserve(8);
    o.buf.writeBigInt64LE(BigInt(Math.trunc(t)), o.len);
    o.len += 8;
  }

  /**
   * A stream as Redis's rdbSaveObject writes it: the node listpacks as they
   * are (keyed by their 16-byte master ID), length, last / first /
   * max-deleted IDs, entries-added, then each group (name, last ID,
   * entries-read, PEL with delivery time and count) and its consumers (name,
   * seen-time, active-time from version 11 on, and the IDs of their PEL).
   */
  private stream(s: Stream, version: number): void {
    const o = this.out;
    o.len_(s.nodes.length);
    const keyBuf = Buffer.allocUnsafe(16);
    for (const node of s.nodes) {
      keyBuf.writeBigUInt64BE(node.key >> 64n, 0);
      keyBuf.writeBigUInt64BE(node.key & MASK64, 8);
      this.stringBuf(keyBuf);
      this.stringBuf(node.view());
    }
    this.lenBig(BigInt(s.length));
    this.lenBig(s.lastId >> 64n);
    this.lenBig(s.lastId & MASK64);
    this.lenBig(s.firstId >> 64n);
    this.lenBig(s.firstId & MASK64);
    this.lenBig(s.maxDeletedId >> 64n);
    this.lenBig(s.maxDeletedId & MASK64);
    this.lenBig(s.entriesAdded);
    const groups = s.sortedGroups();
    o.len_(groups.length);
    for (const g of groups) {
      this.string(g.name);
      this.lenBig(g.lastId >> 64n);
      this.lenBig(g.lastId & MASK64);
      this.lenBig(g.entriesRead);
      o.len_(g.pel.size);
      g.pel.forEach((id, nack) => {
        this.id16(id);
        this.msTime(nack.deliveryTime);
        this.lenBig(BigInt(nack.deliveryCount));
      });
      const consumers = g.sortedConsumers();
      o.len_(consumers.length);
      for (const c of consumers) {
        this.string(c.name);
        this.msTime(c.seenTime);
        if (version >= 11) this.msTime(c.activeTime);
        o.len_(c.pel.size);
        c.pel.forEach((id) => {
          this.id16(id);
        });
      }
    }
  }

  /** A string given as bytes (listpacks, intsets, stream nodes): compressed or copied as is. */
  private stringBuf(b: Buffer): void {
    const o = this.out;
    const n = b.length;
    if (this.compression && n > 20) {
      const packed = F.lzfCompress(b, n - 4);
      if (packed !== null) {
        o.u8((F.RDB_ENCVAL << 6) | F.RDB_ENC_LZF);
        o.len_(packed.length);
        o.len_(n);
        o.bytes(packed);
        return;
      }
    }
    o.len_(n);
    o.bytes(b);
  }

  /** Intset blob: encoding width, count, ascending little-endian integers. */
  private intsetBlob(members: string[]): void {
    const vals = members.map((m) => BigInt(m)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    let width = 2;
    for (const x of vals) {
      if (x < -2147483648n || x > 2147483647n) width = 8;
      else if ((x < -32768n || x > 32767n) && width < 4) width = 4;
    }
    const b = Buffer.alloc(8 + width * vals.length);
    b.writeUInt32LE(width, 0);
    b.writeUInt32LE(vals.length, 4);
    for (let i = 0; i < vals.length; i++) {
      const p = 8 + i * width;
      if (width === 2) b.writeInt16LE(Number(vals[i]), p);
      else if (width === 4) b.writeInt32LE(Number(vals[i]), p);
      else b.writeBigInt64LE(vals[i], p);
    }
    this.stringBuf(b);
  }
}

/** Scratch space for listpacks and compression input (reused: callers copy what they keep). */
let scratch = Buffer.allocUnsafe(64 * 1024);

function scratchOf(n: number): Buffer {
  if (n > scratch.length) scratch = Buffer.allocUnsafe(Math.max(n, scratch.length * 2));
  return scratch;
}

/**
 * A listpack holding `items` (strings; integer texts are stored as integers,
 * as Redis does). Written straight into a scratch buffer: the result is a view
 * valid until the next call (the encoder copies it into its output at once).
 */
export function encodeListpack(items: string[]): Buffer {
  let bound = 7;
  for (const s of items) bound += s.length + 14;
  const b = scratchOf(bound);
  let p = 6;
  for (const s of items) {
    const start = p;
    const n = s.length;
    if (n > 0 && n <= 20 && INT_TEXT.test(s)) {
      if (n <= 15) p = lpInt(b, p, Number(s));
      else {
        const v = BigInt(s);
        if (v >= -9223372036854775808n && v <= 9223372036854775807n) {
          if (v >= -2147483648n && v <= 2147483647n) p = lpInt(b, p, Number(v));
          else {
            b[p] = 0xf4;
            b.writeBigInt64LE(v, p + 1);
            p += 9;
          }
        } else p = lpStr(b, p, s);
      }
    } else p = lpStr(b, p, s);
    p = lpBacklen(b, p, p - start);
  }
  b[p++] = 0xff;
  b.writeUInt32LE(p, 0);
  b.writeUInt16LE(items.length < 65535 ? items.length : 65535, 4);
  return b.subarray(0, p);
}

/** A listpack integer entry (without back-length); |v| < 2^53. */
function lpInt(b: Buffer, p: number, v: number): number {
  if (v >= 0 && v <= 127) {
    b[p] = v;
    return p + 1;
  }
  if (v >= -4096 && v <= 4095) {
    const u = v & 0x1fff;
    b[p] = 0xc0 | (u >> 8);
    b[p + 1] = u & 0xff;
    return p + 2;
  }
  if (v >= -32768 && v <= 32767) {
    b[p] = 0xf1;
    b.writeInt16LE(v, p + 1);
    return p + 3;
  }
  if (v >= -8388608 && v <= 8388607) {
    b[p] = 0xf2;
    b.writeIntLE(v, p + 1, 3);
    return p + 4;
  }
  if (v >= -2147483648 && v <= 2147483647) {
    b[p] = 0xf3;
    b.writeInt32LE(v, p + 1);
    return p + 5;
  }
  b[p] = 0xf4;
  b.writeBigInt64LE(BigInt(v), p + 1);
  return p + 9;
}

/** A listpack string entry (without back-length). */
function lpStr(b: Buffer, p: number, s: string): number {
  const n = s.length;
  if (n < 64) b[p++] = 0x80 | n;
  else if (n < 4096) {
    b[p++] = 0xe0 | (n >> 8);
    b[p++] = n & 0xff;
  } else {
    b[p++] = 0xf0;
    b.writeUInt32LE(n, p);
    p += 4;
  }
  if (n < 32) for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
  else p += b.latin1Write(s, p);
  return p;
}

/** Appends the back-length of an `l`-byte entry (7 bits per byte, read right to left). */
function lpBacklen(b: Buffer, p: number, l: number): number {
  const size = F.lpBacklenSize(l);
  let v = l;
  for (let i = 0; i < size; i++) {
    const byte = v & 0x7f;
    v = Math.floor(v / 128);
    // The last byte is the least significant group; every byte but the first has bit 7 set.
    b[p + size - 1 - i] = i === size - 1 ? byte : byte | 0x80;
  }
  return p + size;
}

/**
 * Incremental RDB encoding: header, SELECTDB, key/value pairs (with TTL) and
 * the EOF opcode, appended to an internal buffer that the caller drains with
 * take(). The CRC64 footer is the caller's (it may stream the checksum).
 * SELECTDB may be written again for a db seen before: loaders accept it.
 */
export class RdbEncoder {
  private readonly w: Writer;
  readonly version: number;

  constructor(opts: RdbWriteOptions = {}) {
    this.version = opts.version ?? 11;
    if (this.version !== 10 && this.version !== 11) throw new Error(`RDB: cannot write version ${this.version}`);
    this.w = new Writer(opts.compression ?? true);
  }

  /** Bytes encoded and not taken yet. */
  get pending(): number {
    return this.w.out.len;
  }

  /** Magic, version and the AUX fields Redis writes. */
  header(opts: RdbWriteOptions = {}): void {
    const w = this.w;
    const o = w.out;
    o.latin1('REDIS' + String(this.version).padStart(4, '0'));
    const aux = (k: string, v: string): void => {
      o.u8(F.RDB_OPCODE_AUX);
      w.string(k);
      w.string(v);
    };
    aux('redis-ver', opts.redisVersion ?? '7.2.4');
    aux('redis-bits', '64');
    aux('ctime', String(Math.floor((opts.now ?? Date.now()) / 1000)));
    aux('used-mem', String(opts.usedMem ?? process.memoryUsage().heapUsed));
    aux('aof-base', '0');
    // Function libraries come before the databases, as in Redis 7's rdbSaveRio.
    for (const code of opts.functions ?? []) {
      o.u8(F.RDB_OPCODE_FUNCTION2);
      w.string(code);
    }
  }

  /** SELECTDB, plus a RESIZEDB hint when sizes are given. */
  selectDb(id: number, size?: number, expires?: number): void {
    const o = this.w.out;
    o.u8(F.RDB_OPCODE_SELECTDB);
    o.len_(id);
    if (size !== undefined) {
      o.u8(F.RDB_OPCODE_RESIZEDB);
      o.len_(size);
      o.len_(expires ?? 0);
    }
  }

  /** One key: optional EXPIRETIME_MS, then type, key and value. */
  encodeKeyValue(key: string, value: Value, when: number | bigint | undefined): void {
    const o = this.w.out;
    if (when !== undefined) {
      o.u8(F.RDB_OPCODE_EXPIRETIME_MS);
      o.reserve(8);
      o.buf.writeBigInt64LE(BigInt(when), o.len);
      o.len += 8;
    }
    this.w.keyValue(key, value, this.version);
  }

  /** The EOF opcode (the 8-byte checksum follows, written by the caller). */
  eof(): void {
    this.w.out.u8(F.RDB_OPCODE_EOF);
  }

  /** Appends the 8-byte checksum footer (0 when checksums are off). */
  footer(crc: bigint): void {
    const o = this.w.out;
    o.reserve(8);
    o.buf.writeBigUInt64LE(crc, o.len);
    o.len += 8;
  }

  /** A view of every pending byte (valid until the next write). */
  view(): Buffer {
    return this.w.out.buf.subarray(0, this.w.out.len);
  }

  /** Removes and returns the pending bytes (a copy: the buffer is reused). */
  take(): Buffer {
    const o = this.w.out;
    const b = Buffer.from(o.buf.subarray(0, o.len));
    o.len = 0;
    return b;
  }
}

/** Serializes every database of `ks` as an RDB image. */
/**
 * Where a keyspace's server keeps its FUNCTION libraries (set by
 * scripting/runtime.ts): encodeRdb and snapshots write them when the options
 * do not name any.
 */
export const keyspaceFunctions = new WeakMap<Keyspace, () => readonly string[]>();

/** `opts` completed with the keyspace's function libraries. */
export function withFunctions<T extends RdbWriteOptions>(ks: Keyspace, opts: T): T {
  if (opts.functions !== undefined) return opts;
  const get = keyspaceFunctions.get(ks);
  return get === undefined ? opts : { ...opts, functions: get() };
}

export function encodeRdb(ks: Keyspace, opts: RdbWriteOptions = {}): Buffer {
  const e = new RdbEncoder(opts);
  e.header(withFunctions(ks, opts));
  for (const db of ks.dbs) {
    if (db.size === 0) continue;
    e.selectDb(db.id, db.size, db.expires.size);
    for (const [key, value] of db.dict.entries()) e.encodeKeyValue(key, value, db.getExpireExact(key));
  }
  e.eof();
  const body = e.view();
  e.footer(opts.checksum === false ? 0n : F.crc64(body, 0, body.length));
  return e.view();
}

/**
 * Writes `data` to `file` crash-safely: a temp file in the same directory,
 * fsync, rename over the target, fsync the directory.
 */
export function writeFileDurable(file: string, data: Uint8Array): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `temp-${process.pid}-${Date.now()}.rdb`);
  const fd = fs.openSync(tmp, 'w', 0o644);
  try {
    let off = 0;
    while (off < data.length) off += fs.writeSync(fd, data, off, data.length - off);
    fs.fsyncSync(fd);
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  fs.closeSync(fd);
  try {
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  try {
    const dfd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(dfd);
    } finally {
      fs.closeSync(dfd);
    }
  } catch {
    // Some filesystems refuse fsync on a directory; the rename itself is done.
  }
}

/**
 * DUMP's payload: the value in RDB form (type byte and body), then the RDB
 * version (2 bytes, little-endian) and a CRC64 of everything before it (8
 * bytes, little-endian), as Redis's createDumpPayload.
 */
export function encodeDumpPayload(v: Value, version: number, compression = true): Buffer {
  const w = new Writer(compression);
  w.keyValue(null, v, version);
  const o = w.out;
  o.reserve(10);
  o.buf.writeUInt16LE(version, o.len);
  o.len += 2;
  const crc = F.crc64(o.buf, 0, o.len);
  o.buf.writeBigUInt64LE(crc, o.len);
  o.len += 8;
  return Buffer.from(o.buf.subarray(0, o.len));
}
