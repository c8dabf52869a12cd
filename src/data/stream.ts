// The stream value (TYPE stream, OBJECT ENCODING stream), shaped like Redis
// 7.2's t_stream.c: a sorted array of nodes, each node one listpack holding a
// "master entry" (the field names of its first entry) and up to
// stream-node-max-entries entries, each stored as flags, ID deltas from the
// node's master ID, and its values (field names too when they differ from the
// master's). Node boundaries follow Redis's rule (new node when the tail's
// bytes + the new entry's raw size reach stream-node-max-bytes, or when its
// live + deleted entries reach stream-node-max-entries), so `~` trimming and
// RDB files come out as Redis's. ID lookups are a binary search over the
// nodes' master IDs (O(log n)) plus a scan inside one node, as in Redis.
// Deleting marks the entry's flags and bumps the node's deleted counter; a
// node whose last live entry goes is dropped.
//
// Consumer groups hold a last-delivered ID, the 7.x entries-read counter, a
// PEL (IdMap of NACKs) and consumers, each with its own PEL sharing the NACKs.

import type { RedisObject } from './values.js';
import { IdMap } from './stream-pel.js';
import { MASK64, MAX_ID, formatId, u53ToString, type StreamId } from './stream-id.js';
import {
  LP_EOF,
  LP_HEADER,
  LP_NUMELE_UNKNOWN,
  lpEquals,
  lpGetInt,
  lpGetSmall,
  lpGetString,
  lpIntSize,
  lpIsInt,
  lpNext,
  lpPrev,
  lpStringSize,
  lpStringSizeMax,
  lpValidate,
  lpWriteInt,
  lpWriteString,
} from './stream-listpack.js';

export const FLAG_DELETED = 1;
export const FLAG_SAMEFIELDS = 2;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);

/** Redis's STREAM_LISTPACK_MAX_SIZE: nodes never grow past 1 GiB whatever the config says. */
const LISTPACK_MAX_SIZE = 1 << 30;
/** Entries-read value meaning "unknown" (Redis's SCG_INVALID_ENTRIES_READ). */
export const INVALID_ENTRIES_READ = -1n;

function u64(v: bigint): bigint {
  return v & MASK64;
}

function i64(v: bigint): bigint {
  return BigInt.asIntN(64, v);
}

/** A delta as the listpack stores it (int64), as a number when safe. */
function deltaValue(d: bigint): number | bigint {
  const v = i64(d);
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
}

function asBig(v: number | bigint): bigint {
  return typeof v === 'bigint' ? v : BigInt(v);
}

export class StreamNode {
  /** The master ID, the node's key in Redis's radix tree. */
  key: StreamId;
  masterMs: bigint;
  masterSeq: bigint;
  /** The master ID's parts as numbers when both are safe integers (fast delta path), else -1. */
  msNum: number;
  seqNum: number;
  /** The listpack; bytes [0, bytes) are valid, the rest is spare capacity. */
  lp: Buffer;
  bytes: number;
  /** Live and deleted entries (the first two listpack elements). */
  count = 0;
  deleted = 0;
  masterFieldCount = 0;
  /** Offset of the first master field name, and of the first entry. */
  fieldsAt = 0;
  entriesAt = 0;
  private fieldNames: string[] | null = null;

  constructor(key: StreamId, lp: Buffer, bytes: number) {
    this.key = key;
    this.masterMs = key >> 64n;
    this.masterSeq = key & MASK64;
    const ms = Number(this.masterMs);
    const seq = Number(this.masterSeq);
    const safe = ms <= Number.MAX_SAFE_INTEGER && seq <= Number.MAX_SAFE_INTEGER;
    this.msNum = safe ? ms : -1;
    this.seqNum = safe ? seq : -1;
    this.lp = lp;
    this.bytes = bytes;
  }

  /** Reads the master entry (counters, field count, offsets) from the listpack. */
  parseHeader(): void {
    const b = this.lp;
    let p = LP_HEADER;
    this.count = lpGetSmall(b, p);
    p = lpNext(b, p);
    this.deleted = lpGetSmall(b, p);
    p = lpNext(b, p);
    // setCounters rewrites these two in their integer form: they must be in it.
    if (p !== LP_HEADER + lpIntSize(this.count) + lpIntSize(this.deleted)) throw new Error('stream node counters not in integer form');
    this.masterFieldCount = lpGetSmall(b, p);
    p = lpNext(b, p);
    this.fieldsAt = p;
    for (let i = 0; i < this.masterFieldCount; i++) p = lpNext(b, p);
    // The master entry's 0 terminator.
    this.entriesAt = lpNext(b, p);
    this.fieldNames = null;
  }

  /** The master entry's field names. */
  fields(): string[] {
    let f = this.fieldNames;
    if (f === null) {
      f = new Array<string>(this.masterFieldCount);
      let p = this.fieldsAt;
      for (let i = 0; i < f.length; i++) {
        f[i] = lpGetString(this.lp, p);
        p = lpNext(this.lp, p);
      }
      this.fieldNames = f;
    }
    return f;
  }

  /** Counts n more elements in the listpack header (until it says "unknown"). */
  addElements(n: number): void {
    const b = this.lp;
    const cur = b[4] | (b[5] << 8);
    if (cur === LP_NUMELE_UNKNOWN) return;
    const next = Math.min(cur + n, LP_NUMELE_UNKNOWN);
    b[4] = next & 0xff;
    b[5] = next >> 8;
  }

  /** Writes the listpack's total size (header bytes 0-3) from `bytes`. */
  writeTotal(): void {
    const b = this.lp;
    const n = this.bytes;
    b[0] = n & 0xff;
    b[1] = (n >>> 8) & 0xff;
    b[2] = (n >>> 16) & 0xff;
    b[3] = n >>> 24;
  }

  /** Makes room for `n` more bytes. */
  reserve(n: number): void {
    const need = this.bytes + n;
    if (need <= this.lp.length) return;
    const next = Buffer.allocUnsafeSlow(Math.max(need, Math.min(this.lp.length * 4, need + 65536)));
    this.lp.copy(next, 0, 0, this.bytes);
    this.lp = next;
  }

  /** Drops the spare capacity (a node that will not grow any more). */
  shrink(): void {
    // Not worth a copy for a little spare room.
    const spare = this.lp.length - this.bytes;
    if (spare <= 64 || spare <= this.bytes >> 3) return;
    const b = Buffer.allocUnsafeSlow(this.bytes);
    this.lp.copy(b, 0, 0, this.bytes);
    this.lp = b;
  }

  /** Rewrites the live/deleted counters, moving the rest of the listpack when their size changes. */
  setCounters(count: number, deleted: number): void {
    const newSize = lpIntSize(count) + lpIntSize(deleted);
    // The counters end where the master's field count starts.
    const oldSize = lpIntSize(this.count) + lpIntSize(this.deleted);
    if (newSize !== oldSize) {
      const oldEnd = LP_HEADER + oldSize;
      const delta = newSize - oldSize;
      if (delta > 0) this.reserve(delta);
      const lp = this.lp;
      lp.copy(lp, oldEnd + delta, oldEnd, this.bytes);
      this.bytes += delta;
      this.fieldsAt += delta;
      this.entriesAt += delta;
      lp.writeUInt32LE(this.bytes, 0);
    }
    const q = lpWriteInt(this.lp, LP_HEADER, count);
    lpWriteInt(this.lp, q, deleted);
    this.count = count;
    this.deleted = deleted;
  }

  /** Writes a new flags value of the entry at p (flags are 0..3: one byte, in place). */
  setFlags(p: number, flags: number): void {
    lpWriteInt(this.lp, p, flags);
  }

  /** The listpack bytes exactly (for RDB / DUMP). */
  view(): Buffer {
    return this.lp.subarray(0, this.bytes);
  }

  /** The ID of the entry whose flags element is at p. */
  entryId(p: number): StreamId {
    const b = this.lp;
    const q = lpNext(b, p);
    const dms = lpGetInt(b, q);
    const dseq = lpGetInt(b, lpNext(b, q));
    return (u64(this.masterMs + asBig(dms)) << 64n) | u64(this.masterSeq + asBig(dseq));
  }

  /** Offset of the last entry's flags element, or -1 when the node has no entries. */
  lastEntry(): number {
    const b = this.lp;
    const last = lpPrev(b, this.bytes - 1);
    let n = lpGetSmall(b, last);
    if (n === 0) return -1;
    let p = last;
    while (n-- > 0) p = lpPrev(b, p);
    return p;
  }

  clone(): StreamNode {
    const b = Buffer.allocUnsafeSlow(this.bytes);
    this.lp.copy(b, 0, 0, this.bytes);
    const n = new StreamNode(this.key, b, this.bytes);
    n.count = this.count;
    n.deleted = this.deleted;
    n.masterFieldCount = this.masterFieldCount;
    n.fieldsAt = this.fieldsAt;
    n.entriesAt = this.entriesAt;
    n.fieldNames = this.fieldNames;
    return n;
  }
}

/**
 * Reads the entry whose flags element is at `p` in `node`: fills the fields
 * and returns the offset just past the entry (its lp-count element included).
 */
export class EntryReader {
  flags = 0;
  /** The ID's parts when both are safe integers (the usual case), else -1 (idBig holds it). */
  msN = 0;
  seqN = 0;
  private idBig: bigint | null = 0n;
  numFields = 0;
  /** Offset of the first field (or value, for SAMEFIELDS entries). */
  dataAt = 0;
  node: StreamNode | null = null;
  /** Offset of the flags element. */
  at = 0;

  read(node: StreamNode, p: number): number {
    const b = node.lp;
    this.node = node;
    this.at = p;
    const flags = lpGetSmall(b, p);
    this.flags = flags;
    p = lpNext(b, p);
    const dms = lpGetInt(b, p);
    p = lpNext(b, p);
    const dseq = lpGetInt(b, p);
    p = lpNext(b, p);
    let done = false;
    if (node.msNum >= 0 && typeof dms === 'number' && typeof dseq === 'number') {
      const ms = node.msNum + dms;
      const seq = node.seqNum + dseq;
      if (ms >= 0 && seq >= 0 && ms <= MAX_SAFE && seq <= MAX_SAFE) {
        this.msN = ms;
        this.seqN = seq;
        this.idBig = null;
        done = true;
      }
    }
    if (!done) {
      this.msN = -1;
      this.seqN = -1;
      this.idBig = (u64(node.masterMs + asBig(dms)) << 64n) | u64(node.masterSeq + asBig(dseq));
    }
    let skip: number;
    if (flags & FLAG_SAMEFIELDS) {
      this.numFields = node.masterFieldCount;
      skip = this.numFields;
    } else {
      this.numFields = lpGetSmall(b, p);
      p = lpNext(b, p);
      skip = this.numFields * 2;
    }
    this.dataAt = p;
    for (let i = 0; i < skip; i++) p = lpNext(b, p);
    // The lp-count element.
    return lpNext(b, p);
  }

  /** The entry's ID. */
  get id(): StreamId {
    let b = this.idBig;
    if (b === null) {
      b = (BigInt(this.msN) << 64n) | BigInt(this.seqN);
      this.idBig = b;
    }
    return b;
  }

  /** The entry's ID as `<ms>-<seq>` text. */
  idText(): string {
    return this.msN >= 0 ? u53ToString(this.msN) + '-' + u53ToString(this.seqN) : formatId(this.idBig!);
  }

  /** The entry's ID compared with one given as parts (safe numbers) or as a bigint (when ms < 0). */
  cmp(ms: number, seq: number, big: StreamId): number {
    if (this.msN >= 0 && ms >= 0) {
      if (this.msN !== ms) return this.msN < ms ? -1 : 1;
      return this.seqN < seq ? -1 : this.seqN > seq ? 1 : 0;
    }
    const id = this.id;
    return id < big ? -1 : id > big ? 1 : 0;
  }

  /** The entry's fields and values, flattened [f1, v1, f2, v2, ...]. */
  pairs(): string[] {
    const node = this.node!;
    const b = node.lp;
    const out = new Array<string>(this.numFields * 2);
    let p = this.dataAt;
    if (this.flags & FLAG_SAMEFIELDS) {
      const names = node.fields();
      for (let i = 0; i < this.numFields; i++) {
        out[2 * i] = names[i];
        out[2 * i + 1] = lpGetString(b, p);
        p = lpNext(b, p);
      }
    } else {
      for (let i = 0; i < out.length; i++) {
        out[i] = lpGetString(b, p);
        p = lpNext(b, p);
      }
    }
    return out;
  }
}

/** An ID as [ms, seq] safe numbers, or [-1, -1] when a part is too big. */
function idParts(id: StreamId): [number, number] {
  const ms = id >> 64n;
  const seq = id & MASK64;
  return ms <= MAX_SAFE_BIG && seq <= MAX_SAFE_BIG ? [Number(ms), Number(seq)] : [-1, -1];
}

/**
 * Walks the entries of a stream between two IDs (inclusive), forward or
 * backward, skipping deleted entries unless asked not to (Redis's
 * streamIterator). The stream must not change while it is in use.
 */
export class StreamIterator {
  readonly e = new EntryReader();
  private ni: number;
  /** Offset of the next entry's flags element to read; -1 = move to the next node. */
  private p = -1;
  private done = false;

  /** The bounds as safe-integer parts (-1 when they are not). */
  private readonly sMs: number;
  private readonly sSeq: number;
  private readonly eMs: number;
  private readonly eSeq: number;

  constructor(
    private readonly s: Stream,
    private readonly start: StreamId,
    private readonly end: StreamId,
    private readonly rev: boolean,
    private readonly skipTombstones = true,
  ) {
    [this.sMs, this.sSeq] = idParts(start);
    [this.eMs, this.eSeq] = end === MAX_ID ? [-2, -2] : idParts(end);
    if (!rev) {
      const i = start !== 0n ? s.nodeIndexAtOrBefore(start) : -1;
      this.ni = i < 0 ? 0 : i;
    } else {
      // No node at or before `end` means every entry is past it.
      this.ni = s.nodeIndexAtOrBefore(end);
      if (this.ni < 0) this.done = true;
    }
    if (start > end) this.done = true;
  }

  /** Moves to the next entry in range; false when there is none. */
  next(): boolean {
    if (this.done) return false;
    const nodes = this.s.nodes;
    const e = this.e;
    for (;;) {
      if (this.ni < 0 || this.ni >= nodes.length) {
        this.done = true;
        return false;
      }
      const node = nodes[this.ni];
      const b = node.lp;
      if (!this.rev) {
        if (this.p < 0) this.p = node.entriesAt;
        if (this.p >= node.bytes - 1) {
          this.ni++;
          this.p = -1;
          continue;
        }
        this.p = e.read(node, this.p);
        if (e.cmp(this.sMs, this.sSeq, this.start) >= 0 && (!this.skipTombstones || (e.flags & FLAG_DELETED) === 0)) {
          if (this.eMs !== -2 && e.cmp(this.eMs, this.eSeq, this.end) > 0) {
            this.done = true;
            return false;
          }
          return true;
        }
      } else {
        // p is the offset of the lp-count element closing the previous entry.
        if (this.p < 0) this.p = lpPrev(b, node.bytes - 1);
        let n = lpGetSmall(b, this.p);
        if (n === 0) {
          this.ni--;
          this.p = -1;
          continue;
        }
        let q = this.p;
        while (n-- > 0) q = lpPrev(b, q);
        e.read(node, q);
        this.p = lpPrev(b, q);
        if ((this.eMs === -2 || e.cmp(this.eMs, this.eSeq, this.end) <= 0) && (!this.skipTombstones || (e.flags & FLAG_DELETED) === 0)) {
          if (e.cmp(this.sMs, this.sSeq, this.start) < 0) {
            this.done = true;
            return false;
          }
          return true;
        }
      }
    }
  }
}

/** A pending entry: who has it, when it was last delivered, how many times. */
export class Nack {
  constructor(
    public deliveryTime: number,
    public deliveryCount: number | bigint,
    public consumer: Consumer | null,
  ) {}
}

export class Consumer {
  readonly pel = new IdMap<Nack>();
  constructor(
    readonly name: string,
    /** Last time the consumer tried to interact (7.2's seen-time). */
    public seenTime: number,
    /** Last successful interaction, -1 = never (7.2's active-time). */
    public activeTime: number,
  ) {}
}

export class ConsumerGroup {
  readonly pel = new IdMap<Nack>();
  readonly consumers = new Map<string, Consumer>();
  constructor(
    readonly name: string,
    public lastId: StreamId,
    /** Logical read counter of lastId; INVALID_ENTRIES_READ when unknown. */
    public entriesRead: bigint,
  ) {}

  /** Consumers in Redis's (radix tree) order: by name bytes. */
  sortedConsumers(): Consumer[] {
    return [...this.consumers.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

/** Trimming request (Redis's streamAddTrimArgs). */
export interface TrimArgs {
  strategy: 'maxlen' | 'minid';
  approx: boolean;
  /** Most entries to remove, 0 = no limit. */
  limit: number;
  maxlen: number;
  minid: StreamId;
}

export class Stream implements RedisObject {
  readonly type = 'stream' as const;
  nodes: StreamNode[] = [];
  length = 0;
  firstId: StreamId = 0n;
  maxDeletedId: StreamId = 0n;
  groups: Map<string, ConsumerGroup> | null = null;
  // The last ID and the entries-added counter are kept as plain numbers while
  // they fit (always, in practice), so XADD pays no bigint arithmetic; the
  // bigint forms are made when asked for.
  /** lastId's parts when both are safe integers, else -1 (then lastBig holds it). */
  lastMs = 0;
  lastSeq = 0;
  private lastBig: bigint | null = 0n;
  private addedNum = 0;
  private addedBig: bigint | null = null;

  get lastId(): StreamId {
    let b = this.lastBig;
    if (b === null) {
      b = (BigInt(this.lastMs) << 64n) | BigInt(this.lastSeq);
      this.lastBig = b;
    }
    return b;
  }

  set lastId(v: StreamId) {
    this.lastBig = v;
    const ms = v >> 64n;
    const seq = v & MASK64;
    if (ms <= MAX_SAFE_BIG && seq <= MAX_SAFE_BIG) {
      this.lastMs = Number(ms);
      this.lastSeq = Number(seq);
    } else {
      this.lastMs = -1;
      this.lastSeq = -1;
    }
  }

  get entriesAdded(): bigint {
    return this.addedBig ?? BigInt(this.addedNum);
  }

  set entriesAdded(v: bigint) {
    if (v >= 0n && v <= MAX_SAFE_BIG) {
      this.addedNum = Number(v);
      this.addedBig = null;
    } else this.addedBig = v;
  }

  /** entries-added is 0 (cheap check). */
  get neverAdded(): boolean {
    return this.addedBig === null && this.addedNum === 0;
  }

  encoding(): string {
    return 'stream';
  }

  /** Index of the last node whose master ID is <= id, or -1. */
  nodeIndexAtOrBefore(id: StreamId): number {
    const nodes = this.nodes;
    let lo = 0;
    let hi = nodes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (nodes[mid].key <= id) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /**
   * Appends an entry with the given ID (already checked to be greater than
   * lastId). `argv[from..]` holds numFields field/value pairs. `maxBytes` and
   * `maxEntries` are stream-node-max-bytes / -entries (0 = no limit).
   */
  append(id: StreamId, argv: string[], from: number, numFields: number, maxBytes: number, maxEntries: number): void {
    const ms = id >> 64n;
    const seq = id & MASK64;
    if (ms <= MAX_SAFE_BIG && seq <= MAX_SAFE_BIG) this.appendParts(Number(ms), Number(seq), id, argv, from, numFields, maxBytes, maxEntries);
    else this.appendParts(-1, -1, id, argv, from, numFields, maxBytes, maxEntries);
  }

  /**
   * append() with the ID as safe-integer parts (msN, seqN >= 0; idBig may be
   * null then), or msN = -1 and the ID in idBig.
   */
  appendParts(msN: number, seqN: number, idBig: bigint | null, argv: string[], from: number, numFields: number, maxBytes: number, maxEntries: number): void {
    let totelelen = 0;
    for (let i = 0; i < numFields * 2; i++) totelelen += argv[from + i].length;
    let tail: StreamNode | null = this.nodes.length === 0 ? null : this.nodes[this.nodes.length - 1];
    if (tail !== null) {
      const nodeMax = maxBytes === 0 || maxBytes > LISTPACK_MAX_SIZE ? LISTPACK_MAX_SIZE : maxBytes;
      let fresh = false;
      if (tail.bytes + totelelen >= nodeMax) fresh = true;
      else if (maxEntries !== 0 && tail.count + tail.deleted >= maxEntries) fresh = true;
      if (fresh) {
        tail.shrink();
        tail = null;
      }
    }
    let flags = 0;
    if (tail === null) {
      // A new node: master entry = counters, the field names, a 0 terminator.
      let size = LP_HEADER + 1 + lpIntSize(1) + lpIntSize(0) + lpIntSize(numFields) + lpIntSize(0);
      for (let i = 0; i < numFields; i++) size += lpStringSize(argv[from + 2 * i]);
      // A stream's first node starts small (many streams stay small) and grows
      // geometrically; later nodes start at the size they will likely reach.
      const full = Math.min(maxBytes > 0 ? maxBytes + 64 : 4096, 4096);
      const lp = Buffer.allocUnsafeSlow(Math.max(size + 64, this.nodes.length === 0 ? Math.min(full, size * 8) : full));
      let p = LP_HEADER;
      p = lpWriteInt(lp, p, 1);
      p = lpWriteInt(lp, p, 0);
      p = lpWriteInt(lp, p, numFields);
      for (let i = 0; i < numFields; i++) p = lpWriteString(lp, p, argv[from + 2 * i]);
      p = lpWriteInt(lp, p, 0);
      lp[p] = LP_EOF;
      lp.writeUInt32LE(p + 1, 0);
      lp.writeUInt16LE(Math.min(numFields + 4, LP_NUMELE_UNKNOWN), 4);
      if (idBig === null) idBig = (BigInt(msN) << 64n) | BigInt(seqN);
      tail = new StreamNode(idBig, lp, p + 1);
      tail.count = 1;
      tail.deleted = 0;
      tail.masterFieldCount = numFields;
      tail.fieldsAt = LP_HEADER + lpIntSize(1) + lpIntSize(0) + lpIntSize(numFields);
      tail.entriesAt = p;
      this.nodes.push(tail);
      flags = FLAG_SAMEFIELDS;
    } else {
      tail.setCounters(tail.count + 1, tail.deleted);
      if (numFields === tail.masterFieldCount) {
        const b = tail.lp;
        let p = tail.fieldsAt;
        let i = 0;
        for (; i < numFields; i++) {
          if (!lpEquals(b, p, argv[from + 2 * i])) break;
          p = lpNext(b, p);
        }
        if (i === numFields) flags = FLAG_SAMEFIELDS;
      }
    }
    const same = flags === FLAG_SAMEFIELDS;
    // ID deltas from the master ID (int64, wrapping as Redis's uint64 arithmetic).
    let dms: number | bigint;
    let dseq: number | bigint;
    if (msN >= 0 && tail.msNum >= 0) {
      dms = msN - tail.msNum;
      dseq = seqN - tail.seqNum;
    } else {
      if (idBig === null) idBig = (BigInt(msN) << 64n) | BigInt(seqN);
      dms = deltaValue((idBig >> 64n) - tail.masterMs);
      dseq = deltaValue((idBig & MASK64) - tail.masterSeq);
    }
    const lpCount = numFields + 3 + (same ? 0 : numFields + 1);
    // Reserve an upper bound, then write in one pass.
    let size = 40;
    for (let i = 0; i < numFields; i++) {
      if (!same) size += lpStringSizeMax(argv[from + 2 * i].length);
      size += lpStringSizeMax(argv[from + 2 * i + 1].length);
    }
    tail.reserve(size);
    const b = tail.lp;
    let p = tail.bytes - 1;
    p = lpWriteInt(b, p, flags);
    p = lpWriteInt(b, p, dms);
    p = lpWriteInt(b, p, dseq);
    if (!same) p = lpWriteInt(b, p, numFields);
    for (let i = 0; i < numFields; i++) {
      if (!same) p = lpWriteString(b, p, argv[from + 2 * i]);
      p = lpWriteString(b, p, argv[from + 2 * i + 1]);
    }
    p = lpWriteInt(b, p, lpCount);
    b[p] = LP_EOF;
    tail.bytes = p + 1;
    tail.writeTotal();
    tail.addElements(same ? numFields + 4 : numFields * 2 + 5);
    this.length++;
    if (this.addedBig === null && this.addedNum < MAX_SAFE) this.addedNum++;
    else this.addedBig = this.entriesAdded + 1n;
    if (msN >= 0) {
      this.lastMs = msN;
      this.lastSeq = seqN;
      this.lastBig = idBig;
    } else this.lastId = idBig!;
    if (this.length === 1) this.firstId = this.lastId;
  }

  /** Finds the live entry `id`: its node index and the offset of its flags, or null. */
  private locate(id: StreamId, e: EntryReader): { ni: number; at: number } | null {
    const ni = this.nodeIndexAtOrBefore(id);
    if (ni < 0) return null;
    const node = this.nodes[ni];
    const [ms, seq] = idParts(id);
    let p = node.entriesAt;
    while (p < node.bytes - 1) {
      const at = p;
      p = e.read(node, p);
      const c = e.cmp(ms, seq, id);
      if (c === 0) return (e.flags & FLAG_DELETED) === 0 ? { ni, at } : null;
      if (c > 0) return null;
    }
    return null;
  }

  /** Whether a live entry with this ID exists. */
  has(id: StreamId): boolean {
    return this.locate(id, new EntryReader()) !== null;
  }

  /** The fields/values of a live entry, or null. */
  get(id: StreamId): string[] | null {
    const e = new EntryReader();
    return this.locate(id, e) === null ? null : e.pairs();
  }

  /** Deletes a live entry (XDEL); true when it existed. Maintains first/max-deleted IDs as XDEL does. */
  delete(id: StreamId): boolean {
    const e = new EntryReader();
    const loc = this.locate(id, e);
    if (loc === null) return false;
    const node = this.nodes[loc.ni];
    node.setFlags(loc.at, e.flags | FLAG_DELETED);
    if (node.count === 1) this.nodes.splice(loc.ni, 1);
    else node.setCounters(node.count - 1, node.deleted + 1);
    this.length--;
    return true;
  }

  /** The first or last entry's ID (live only unless skipTombstones is false); Redis's streamGetEdgeID. */
  edgeId(first: boolean, skipTombstones: boolean): StreamId {
    const it = new StreamIterator(this, 0n, MAX_ID, !first, skipTombstones);
    if (it.next()) return it.e.id;
    return first ? MAX_ID : 0n;
  }

  /** The last live entry's ID (0-0 when empty). */
  lastValidId(): StreamId {
    const it = new StreamIterator(this, 0n, MAX_ID, true);
    return it.next() ? it.e.id : 0n;
  }

  /** Updates firstId after deletions, as XDEL/XTRIM do. */
  refreshFirstId(): void {
    this.firstId = this.length === 0 ? 0n : this.edgeId(true, true);
  }

  /** Redis's streamTrim: returns how many entries were removed. */
  trim(args: TrimArgs): number {
    const maxlen = args.maxlen;
    const minid = args.minid;
    const limit = args.limit;
    const byLen = args.strategy === 'maxlen';
    let deleted = 0;
    const e = new EntryReader();
    while (this.nodes.length !== 0) {
      if (byLen && this.length <= maxlen) break;
      const node = this.nodes[0];
      const entries = node.count;
      if (limit !== 0 && deleted + entries > limit) break;
      let removeNode: boolean;
      if (byLen) removeNode = this.length - entries >= maxlen;
      else {
        const lastAt = node.lastEntry();
        const lastId = lastAt < 0 ? node.key : node.entryId(lastAt);
        removeNode = lastId < minid;
      }
      if (removeNode) {
        this.nodes.shift();
        this.length -= entries;
        deleted += entries;
        continue;
      }
      if (args.approx) break;
      // Mark entries of this node deleted until the condition holds.
      let fromNode = 0;
      const [minMs, minSeq] = idParts(minid);
      let p = node.entriesAt;
      while (p < node.bytes - 1) {
        const at = p;
        p = e.read(node, p);
        const stop = byLen ? this.length <= maxlen : e.cmp(minMs, minSeq, minid) >= 0;
        if (stop) break;
        if ((e.flags & FLAG_DELETED) === 0) {
          node.setFlags(at, e.flags | FLAG_DELETED);
          fromNode++;
          this.length--;
        }
      }
      deleted += fromNode;
      node.setCounters(entries - fromNode, node.deleted + fromNode);
      break;
    }
    if (this.length === 0) this.firstId = 0n;
    else if (deleted !== 0) this.firstId = this.edgeId(true, true);
    return deleted;
  }

  // ------------------------------------------------------------ consumer groups

  group(name: string): ConsumerGroup | undefined {
    return this.groups === null ? undefined : this.groups.get(name);
  }

  /** Creates a group; null when the name is taken. */
  createGroup(name: string, lastId: StreamId, entriesRead: bigint): ConsumerGroup | null {
    if (this.groups === null) this.groups = new Map();
    if (this.groups.has(name)) return null;
    const g = new ConsumerGroup(name, lastId, entriesRead);
    this.groups.set(name, g);
    return g;
  }

  /** Groups in Redis's (radix tree) order: by name bytes. */
  sortedGroups(): ConsumerGroup[] {
    if (this.groups === null) return [];
    return [...this.groups.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /**
   * Whether [start, end] may hold a deleted entry (Redis 7.2.4's
   * streamRangeHasTombstones): never when the stream is empty, has no
   * tombstone, or its latest tombstone lies before the first entry.
   */
  rangeHasTombstones(start: StreamId, end: StreamId): boolean {
    if (this.length === 0 || this.maxDeletedId === 0n) return false;
    if (this.firstId > this.maxDeletedId) return false;
    return start <= this.maxDeletedId && this.maxDeletedId <= end;
  }

  /**
   * The logical read counter of `id` counted from the first entry ever
   * added, or INVALID_ENTRIES_READ when it cannot be known (Redis 7.2.4's
   * streamEstimateDistanceFromFirstEverEntry; later 7.2.x patch releases
   * changed these lag estimates, Petrel keeps 7.2.4's).
   */
  estimateDistance(id: StreamId): bigint {
    if (this.neverAdded) return 0n;
    if (this.length === 0 && id <= this.lastId) return this.entriesAdded;
    if (id === this.lastId) return this.entriesAdded;
    if (id > this.lastId) return INVALID_ENTRIES_READ;
    if (this.maxDeletedId === 0n || this.maxDeletedId < this.firstId) {
      if (id < this.firstId) return this.entriesAdded - BigInt(this.length);
      if (id === this.firstId) return this.entriesAdded - BigInt(this.length) + 1n;
    }
    return INVALID_ENTRIES_READ;
  }

  /** A group's lag, or null when it cannot be computed (streamReplyWithCGLag). */
  groupLag(g: ConsumerGroup): bigint | null {
    if (this.neverAdded) return 0n;
    if (g.entriesRead !== INVALID_ENTRIES_READ && !this.rangeHasTombstones(g.lastId, MAX_ID)) return this.entriesAdded - g.entriesRead;
    const read = this.estimateDistance(g.lastId);
    return read === INVALID_ENTRIES_READ ? null : this.entriesAdded - read;
  }

  /**
   * The number of nodes Redis's radix tree would have for these node keys
   * (XINFO radix-tree-nodes). Redis keeps the count; Petrel derives it from
   * the sorted keys, O(nodes) per call.
   */
  radixTreeNodes(): number {
    const n = this.nodes.length;
    if (n === 0) return 1;
    const keys = Buffer.allocUnsafe(n * 16);
    for (let i = 0; i < n; i++) {
      keys.writeBigUInt64BE(this.nodes[i].key >> 64n, i * 16);
      keys.writeBigUInt64BE(this.nodes[i].key & MASK64, i * 16 + 8);
    }
    return raxNodes(keys, 0, n, 0);
  }

  /** MEMORY USAGE / maxmemory estimate: node buffers plus per-node, per-group and per-PEL-entry overheads. */
  estimateBytes(samples = 5): number {
    let n = 160;
    const nodes = this.nodes;
    const count = nodes.length;
    // Like MEMORY USAGE SAMPLES: a few nodes spread over the stream stand for all (0 = every node).
    const k = samples === 0 || samples >= count ? count : samples;
    if (k !== 0) {
      let sum = 0;
      for (let j = 0; j < k; j++) sum += nodes[Math.floor((j * count) / k)].lp.length + 120;
      n += (sum / k) * count;
    }
    if (this.groups !== null) {
      for (const g of this.groups.values()) {
        n += 160 + g.name.length + g.pel.size * 72;
        for (const c of g.consumers.values()) n += 120 + c.name.length + c.pel.size * 16;
      }
    }
    return n;
  }

  /** The commands that re-create this stream under `key` (AOF rewrite without an RDB preamble). */
  rewriteCommands(key: string): string[][] {
    return streamRewriteCommands(key, this);
  }

  clone(): Stream {
    const s = new Stream();
    s.nodes = this.nodes.map((n) => n.clone());
    s.length = this.length;
    s.lastId = this.lastId;
    s.firstId = this.firstId;
    s.maxDeletedId = this.maxDeletedId;
    s.entriesAdded = this.entriesAdded;
    if (this.groups !== null) {
      for (const g of this.sortedGroups()) {
        const ng = s.createGroup(g.name, g.lastId, g.entriesRead)!;
        const map = new Map<Nack, Nack>();
        g.pel.forEach((id, nack) => {
          const copy = new Nack(nack.deliveryTime, nack.deliveryCount, null);
          map.set(nack, copy);
          ng.pel.set(id, copy);
        });
        for (const c of g.consumers.values()) {
          const nc = new Consumer(c.name, c.seenTime, c.activeTime);
          ng.consumers.set(c.name, nc);
          c.pel.forEach((id, nack) => {
            const copy = map.get(nack)!;
            copy.consumer = nc;
            nc.pel.set(id, copy);
          });
        }
      }
    }
    return s;
  }

  /**
   * Builds a node from a listpack read from RDB / DUMP, checking it the way
   * Redis's deep sanitizer does (streamValidateListpackIntegrity). Throws on
   * malformed input. Nodes must be added in increasing key order.
   */
  addLoadedNode(key: StreamId, lp: Buffer): void {
    if (this.nodes.length !== 0 && this.nodes[this.nodes.length - 1].key >= key) throw new Error('stream node keys out of order');
    const copy = Buffer.allocUnsafeSlow(lp.length);
    lp.copy(copy);
    if (!validateStreamListpack(copy)) throw new Error('invalid stream listpack');
    const node = new StreamNode(key, copy, copy.length);
    node.parseHeader();
    this.nodes.push(node);
  }
}

/** Redis's streamValidateListpackIntegrity in deep mode. */
export function validateStreamListpack(b: Buffer): boolean {
  const offs = lpValidate(b);
  if (offs === null) return false;
  let i = 0;
  const n = offs.length;
  const int = (): number | null => {
    if (i >= n) return null;
    try {
      const v = lpGetInt(b, offs[i++]);
      return typeof v === 'number' ? v : null;
    } catch {
      return null;
    }
  };
  const skip = (k: number): boolean => {
    i += k;
    return i <= n;
  };
  // The counters are rewritten in their integer form (setCounters).
  if (n < 2 || !lpIsInt(b, offs[0]) || !lpIsInt(b, offs[1])) return false;
  const count = int();
  const deleted = int();
  const masterFields = int();
  if (count === null || deleted === null || masterFields === null || count < 0 || deleted < 0 || masterFields < 0) return false;
  // ...in their shortest form, as lpAppendInteger writes them.
  if (offs[2] !== LP_HEADER + lpIntSize(count) + lpIntSize(deleted)) return false;
  if (!skip(masterFields)) return false;
  if (int() !== 0) return false;
  let entries = count + deleted;
  let live = 0;
  let dead = 0;
  while (entries-- > 0) {
    // Flags are rewritten in place (XDEL, XTRIM): a one-byte integer, as Redis writes them.
    if (i >= n || b[offs[i]] >= 0x80) return false;
    const flags = int();
    if (flags === null || flags < 0 || flags > 3) return false;
    if (flags & FLAG_DELETED) dead++;
    else live++;
    // ID deltas (any int64).
    for (let k = 0; k < 2; k++) {
      if (i >= n) return false;
      try {
        lpGetInt(b, offs[i++]);
      } catch {
        return false;
      }
    }
    let fields = masterFields;
    let extra = 3;
    if (!(flags & FLAG_SAMEFIELDS)) {
      const f = int();
      if (f === null || f < 0) return false;
      fields = f;
      if (!skip(fields)) return false;
      extra += fields + 1;
    }
    if (!skip(fields)) return false;
    if (int() !== fields + extra) return false;
  }
  // Redis trusts the counters; Petrel checks them against the flags too.
  return i === n && live === count && dead === deleted;
}

/**
 * Nodes of a compressed radix tree (Redis's rax) holding keys[from, to) —
 * all 16 bytes long, sorted, distinct — below a node that starts at byte
 * `depth`: a chain of bytes shared by every key becomes one compressed node,
 * each branching point one node, and each key ends in a leaf node.
 */
function raxNodes(keys: Buffer, from: number, to: number, depth: number): number {
  if (to - from === 1) return depth === 16 ? 1 : 2;
  // Bytes shared by the whole group (first and last key bound them all).
  const a = from * 16;
  const z = (to - 1) * 16;
  let d = depth;
  while (d < 16 && keys[a + d] === keys[z + d]) d++;
  let count = d > depth ? 2 : 1; // the compressed chain (if any) and the branching node
  let i = from;
  while (i < to) {
    const byte = keys[i * 16 + d];
    let j = i + 1;
    while (j < to && keys[j * 16 + d] === byte) j++;
    count += raxNodes(keys, i, j, d + 1);
    i = j;
  }
  return count;
}

/** The commands that rebuild a stream, its groups, consumers and PELs (Redis's rewriteStreamObject in aof.c). */
export function streamRewriteCommands(key: string, s: Stream): string[][] {
  const out: string[][] = [];
  if (s.length !== 0) {
    const it = new StreamIterator(s, 0n, MAX_ID, false);
    while (it.next()) out.push(['XADD', key, it.e.idText(), ...it.e.pairs()]);
  } else {
    // An empty stream: XADD then trim everything away.
    out.push(['XADD', key, 'MAXLEN', '0', '0-1', 'x', 'y']);
  }
  out.push(['XSETID', key, formatId(s.lastId), 'ENTRIESADDED', String(s.entriesAdded), 'MAXDELETEDID', formatId(s.maxDeletedId)]);
  for (const g of s.sortedGroups()) {
    out.push(['XGROUP', 'CREATE', key, g.name, formatId(g.lastId), 'ENTRIESREAD', String(g.entriesRead)]);
    for (const c of g.sortedConsumers()) {
      if (c.pel.size === 0) {
        out.push(['XGROUP', 'CREATECONSUMER', key, g.name, c.name]);
        continue;
      }
      c.pel.forEach((id, nack) => {
        out.push(['XCLAIM', key, g.name, c.name, '0', formatId(id), 'TIME', String(nack.deliveryTime), 'RETRYCOUNT', String(nack.deliveryCount), 'JUSTID', 'FORCE']);
      });
    }
  }
  return out;
}
