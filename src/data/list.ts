// The list type: a ring-buffer deque of elements (O(1) push/pop at both ends,
// O(1) access by index), plus a light model of how Redis 7.2 would lay the same
// list out in memory, so OBJECT ENCODING answers exactly as Redis does.
//
// Elements are latin1 strings, except canonical integers within the safe range,
// which are kept as JS numbers (small ones are unboxed Smis: no string object
// per element). The stored form is unique per byte string (toStoredString), so
// `===` between stored forms is byte equality.
//
// Encoding model (Redis 7.2 t_list.c / quicklist.c):
// - A list starts as one listpack. Before elements are added, Redis checks
//   whether the listpack's byte size plus the raw lengths of the new arguments
//   (and its entry count plus their number) would exceed `list-max-listpack-size`;
//   if so it turns into a quicklist whose single node is the old listpack.
// - A quicklist is a chain of listpack nodes. A push goes into the end node
//   when that node's size plus the element's length plus 8 stays within the
//   limit, otherwise into a new node. Pops shrink the end nodes; empty nodes go.
// - After removals, a quicklist with a single node goes back to a listpack when
//   that node is within half the limit (half the bytes, or half the entries).
// We keep, per quicklist node, its entry count and its exact listpack byte size
// (computed from the elements with listpack's entry-size rules); no bytes are
// actually packed. Inserting into the middle of a full node (LINSERT) splits
// and merges nodes as Redis does, approximately (see insertAt).

import type { EncodingLimits } from './limits.js';
import type { RedisObject } from './values.js';
import { parseI64 } from '../protocol/numbers.js';

export type ListElem = string | number;

/** Listpack header (total bytes + count) and end marker. */
const LP_OVERHEAD = 7;
/** Byte limit of a multi-entry listpack when the limit is a count. */
const SIZE_SAFETY_LIMIT = 8192;
/** quicklist's per-insert overestimate of an entry's header bytes. */
const SIZE_ESTIMATE_OVERHEAD = 8;
/** Node byte limits for list-max-listpack-size -1..-5. */
const OPTIMIZATION_LEVEL = [4096, 8192, 16384, 32768, 65536];

/** Byte limit of a node for a fill setting (Infinity when the limit is a count). */
export function fillSizeLimit(fill: number): number {
  if (fill >= 0) return Infinity;
  const i = Math.min(-fill - 1, OPTIMIZATION_LEVEL.length - 1);
  return OPTIMIZATION_LEVEL[i];
}

/** Entry-count limit of a node for a fill setting (Infinity when the limit is in bytes). */
export function fillCountLimit(fill: number): number {
  if (fill < 0) return Infinity;
  return fill === 0 ? 1 : fill;
}

/** quicklistNodeExceedsLimit: would a listpack of this size and count be too big? */
export function exceedsLimit(fill: number, bytes: number, count: number): boolean {
  if (fill < 0) return bytes > fillSizeLimit(fill);
  if (bytes > SIZE_SAFETY_LIMIT) return true;
  return count > fillCountLimit(fill);
}

function intEntrySize(v: number): number {
  // encoding + data, then one backlen byte.
  if (v >= 0 && v <= 127) return 2;
  if (v >= -4096 && v <= 4095) return 3;
  if (v >= -32768 && v <= 32767) return 4;
  if (v >= -8388608 && v <= 8388607) return 5;
  if (v >= -2147483648 && v <= 2147483647) return 6;
  return 10;
}

function backlenSize(l: number): number {
  if (l <= 127) return 1;
  if (l < 16383) return 2;
  if (l < 2097151) return 3;
  if (l < 268435455) return 4;
  return 5;
}

/** Bytes one element takes inside a listpack (encoding, data, back length). */
export function lpEntrySize(e: ListElem): number {
  if (typeof e === 'number') return intEntrySize(e);
  const n = e.length;
  // Strings that read as a 64-bit integer are stored as integers. Canonical
  // safe integers arrive as numbers, so only the long ones need a look here.
  if (n >= 16 && n <= 20) {
    const c = e.charCodeAt(0);
    if ((c >= 48 && c <= 57) || c === 45) {
      const v = parseI64(e);
      if (v !== null) return typeof v === 'number' ? intEntrySize(v) : 10;
    }
  }
  const head = n < 64 ? 1 : n < 4096 ? 2 : 5;
  return head + n + backlenSize(head + n);
}

/** Length of an element's byte string. */
export function elemLength(e: ListElem): number {
  return typeof e === 'number' ? String(e).length : e.length;
}

/** An element as the byte string it stands for. */
export function elemString(e: ListElem): string {
  return typeof e === 'number' ? String(e) : e;
}

/** One quicklist node: its number of entries and its listpack size in bytes. */
interface QNode {
  count: number;
  bytes: number;
}

/** The node layout of a list in quicklist encoding (no data: ListValue holds the elements). */
class Quicklist {
  /**
   * Nodes head to tail. Adding or dropping an end node shifts this array:
   * O(nodes), once per node's worth of pushes or pops.
   */
  nodes: QNode[];

  constructor(
    /** list-max-listpack-size when the quicklist was made (Redis keeps it per quicklist). */
    readonly fill: number,
    nodes: QNode[],
  ) {
    this.nodes = nodes;
  }

  clone(): Quicklist {
    return new Quicklist(
      this.fill,
      this.nodes.map((n) => ({ count: n.count, bytes: n.bytes })),
    );
  }

  allowInsert(node: QNode | undefined, rawLen: number): boolean {
    if (node === undefined) return false;
    return !exceedsLimit(this.fill, node.bytes + rawLen + SIZE_ESTIMATE_OVERHEAD, node.count + 1);
  }

  pushHead(size: number, rawLen: number): void {
    const node = this.nodes[0];
    if (this.allowInsert(node, rawLen)) {
      node.count++;
      node.bytes += size;
    } else this.nodes.unshift({ count: 1, bytes: LP_OVERHEAD + size });
  }

  pushTail(size: number, rawLen: number): void {
    const node = this.nodes[this.nodes.length - 1];
    if (this.allowInsert(node, rawLen)) {
      node.count++;
      node.bytes += size;
    } else this.nodes.push({ count: 1, bytes: LP_OVERHEAD + size });
  }

  popHead(size: number): void {
    const node = this.nodes[0];
    node.bytes -= size;
    if (--node.count === 0) this.nodes.shift();
  }

  popTail(size: number): void {
    const node = this.nodes[this.nodes.length - 1];
    node.bytes -= size;
    if (--node.count === 0) this.nodes.pop();
  }

  /** Node holding element `index` and the index of its first element. */
  locate(index: number): [number, number] {
    const nodes = this.nodes;
    let off = 0;
    for (let i = 0; i < nodes.length; i++) {
      const c = nodes[i].count;
      if (index < off + c) return [i, off];
      off += c;
    }
    return [nodes.length - 1, off - nodes[nodes.length - 1].count];
  }

  dropEmpty(): void {
    if (this.nodes.some((n) => n.count === 0)) this.nodes = this.nodes.filter((n) => n.count !== 0);
  }
}

/** A Redis list value. */
export class ListValue implements RedisObject {
  declare readonly type: 'list';
  /** Ring buffer; its length is the capacity, a power of two. */
  private buf: (ListElem | undefined)[];
  private head = 0;
  /** Number of elements. */
  length = 0;
  /** Listpack byte size while listpack-encoded. */
  private lpBytes = LP_OVERHEAD;
  /** Node layout once quicklist-encoded; null while listpack. */
  private ql: Quicklist | null = null;

  constructor(capacity = 4) {
    let cap = 4;
    while (cap < capacity) cap *= 2;
    this.buf = new Array<ListElem | undefined>(cap);
  }

  encoding(): string {
    return this.ql === null ? 'listpack' : 'quicklist';
  }

  clone(): ListValue {
    const copy = new ListValue(this.length);
    for (let i = 0; i < this.length; i++) copy.buf[i] = this.at(i);
    copy.length = this.length;
    copy.lpBytes = this.lpBytes;
    copy.ql = this.ql === null ? null : this.ql.clone();
    return copy;
  }

  /** Element at index 0..length-1 (no bounds check). */
  at(i: number): ListElem {
    return this.buf[(this.head + i) & (this.buf.length - 1)] as ListElem;
  }

  /** Every element head to tail (RDB, DUMP, tests). */
  toArray(): ListElem[] {
    const out = new Array<ListElem>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.at(i);
    return out;
  }

  // ------------------------------------------------------------------
  // Encoding bookkeeping

  /**
   * Redis's growing check (listTypeTryConvertListpack), run before adding
   * `count` elements whose raw byte lengths sum to `addBytes`.
   */
  prepareGrow(limits: EncodingLimits, count: number, addBytes: number): void {
    if (this.ql !== null) return;
    if (!exceedsLimit(limits.listMaxListpackSize, this.lpBytes + addBytes, this.length + count)) return;
    this.ql = new Quicklist(limits.listMaxListpackSize, this.length === 0 ? [] : [{ count: this.length, bytes: this.lpBytes }]);
  }

  /**
   * Redis's shrinking check (listTypeTryConvertQuicklist): a quicklist of one
   * node within half the limit becomes a listpack again. Run after removals.
   */
  afterShrink(limits: EncodingLimits): void {
    const ql = this.ql;
    if (ql === null || ql.nodes.length !== 1) return;
    const node = ql.nodes[0];
    const fill = limits.listMaxListpackSize;
    // Halving an unlimited value (SIZE_MAX or UINT_MAX in Redis) stays far above any list.
    if (node.bytes > Math.floor(fillSizeLimit(fill) / 2) || node.count > Math.floor(fillCountLimit(fill) / 2)) return;
    this.lpBytes = node.bytes;
    this.ql = null;
  }

  /**
   * Makes the list a quicklist now, as Redis does for lists it builds itself
   * (SORT ... STORE, RDB loading of quicklists): follow with the pushes, then
   * tryConvertAuto.
   */
  toQuicklist(limits: EncodingLimits): void {
    if (this.ql !== null) return;
    this.ql = new Quicklist(limits.listMaxListpackSize, this.length === 0 ? [] : [{ count: this.length, bytes: this.lpBytes }]);
  }

  /**
   * LIST_CONV_AUTO, after building a list: a single-node quicklist within the
   * full (not halved) limit becomes a listpack.
   */
  tryConvertAuto(limits: EncodingLimits): void {
    const ql = this.ql;
    if (ql === null || ql.nodes.length !== 1) return;
    const node = ql.nodes[0];
    const fill = limits.listMaxListpackSize;
    if (node.bytes > fillSizeLimit(fill) || node.count > fillCountLimit(fill)) return;
    this.lpBytes = node.bytes;
    this.ql = null;
  }

  // ------------------------------------------------------------------
  // Ring buffer

  private resize(cap: number): void {
    const next = new Array<ListElem | undefined>(cap);
    for (let i = 0; i < this.length; i++) next[i] = this.at(i);
    this.buf = next;
    this.head = 0;
  }

  private maybeShrinkBuffer(): void {
    const cap = this.buf.length;
    if (cap > 16 && this.length < cap >>> 2) this.resize(cap >>> 1);
  }

  /**
   * Adds an element at the head. `rawLen` is the byte length Redis accounts
   * for the value when picking a quicklist node.
   */
  pushHead(e: ListElem, rawLen: number): void {
    if (this.length === this.buf.length) this.resize(this.buf.length * 2);
    const mask = this.buf.length - 1;
    this.head = (this.head - 1) & mask;
    this.buf[this.head] = e;
    this.length++;
    const size = lpEntrySize(e);
    if (this.ql === null) this.lpBytes += size;
    else this.ql.pushHead(size, rawLen);
  }

  pushTail(e: ListElem, rawLen: number): void {
    if (this.length === this.buf.length) this.resize(this.buf.length * 2);
    const mask = this.buf.length - 1;
    this.buf[(this.head + this.length) & mask] = e;
    this.length++;
    const size = lpEntrySize(e);
    if (this.ql === null) this.lpBytes += size;
    else this.ql.pushTail(size, rawLen);
  }

  /** Removes and returns the head element (the list must not be empty). */
  popHead(): ListElem {
    const mask = this.buf.length - 1;
    const e = this.buf[this.head] as ListElem;
    this.buf[this.head] = undefined;
    this.head = (this.head + 1) & mask;
    this.length--;
    const size = lpEntrySize(e);
    if (this.ql === null) this.lpBytes -= size;
    else this.ql.popHead(size);
    this.maybeShrinkBuffer();
    return e;
  }

  popTail(): ListElem {
    const mask = this.buf.length - 1;
    const i = (this.head + this.length - 1) & mask;
    const e = this.buf[i] as ListElem;
    this.buf[i] = undefined;
    this.length--;
    const size = lpEntrySize(e);
    if (this.ql === null) this.lpBytes -= size;
    else this.ql.popTail(size);
    this.maybeShrinkBuffer();
    return e;
  }

  /** Replaces the element at a valid index (LSET). */
  replaceAt(index: number, e: ListElem): void {
    const slot = (this.head + index) & (this.buf.length - 1);
    const old = this.buf[slot] as ListElem;
    this.buf[slot] = e;
    const diff = lpEntrySize(e) - lpEntrySize(old);
    if (this.ql === null) this.lpBytes += diff;
    else {
      const [ni] = this.ql.locate(index);
      this.ql.nodes[ni].bytes += diff;
    }
  }

  /**
   * Removes `count` elements from `start` (valid range): LTRIM and popping
   * several elements. O(removed + nodes).
   */
  deleteRange(start: number, count: number): void {
    if (count <= 0) return;
    const ql = this.ql;
    if (ql === null) {
      for (let i = start; i < start + count; i++) this.lpBytes -= lpEntrySize(this.at(i));
    } else {
      // Walk the nodes once, taking each removed element off the node that holds it.
      const nodes = ql.nodes;
      let off = 0;
      for (let ni = 0; ni < nodes.length && off < start + count; ni++) {
        const node = nodes[ni];
        const from = Math.max(start, off);
        const to = Math.min(start + count, off + node.count);
        if (from < to) {
          if (from === off && to === off + node.count) {
            off += node.count;
            node.count = 0;
            continue;
          }
          for (let i = from; i < to; i++) node.bytes -= lpEntrySize(this.at(i));
        }
        off += node.count;
        if (from < to) node.count -= to - from;
      }
      ql.dropEmpty();
    }
    const mask = this.buf.length - 1;
    if (start === 0) {
      for (let i = 0; i < count; i++) this.buf[(this.head + i) & mask] = undefined;
      this.head = (this.head + count) & mask;
      this.length -= count;
    } else if (start + count === this.length) {
      for (let i = start; i < this.length; i++) this.buf[(this.head + i) & mask] = undefined;
      this.length -= count;
    } else {
      // Middle range: close the gap by moving the tail part down.
      const n = this.length;
      for (let i = start + count; i < n; i++) this.buf[(this.head + i - count) & mask] = this.buf[(this.head + i) & mask];
      for (let i = n - count; i < n; i++) this.buf[(this.head + i) & mask] = undefined;
      this.length -= count;
    }
    this.maybeShrinkBuffer();
  }

  /**
   * Removes the elements at the given indexes, ascending and distinct (LREM).
   * One pass over the buffer and the nodes: O(N).
   */
  deleteIndexes(indexes: number[]): void {
    const k = indexes.length;
    if (k === 0) return;
    const ql = this.ql;
    if (ql === null) {
      for (let j = 0; j < k; j++) this.lpBytes -= lpEntrySize(this.at(indexes[j]));
    } else {
      const nodes = ql.nodes;
      let ni = 0;
      let off = 0;
      for (let j = 0; j < k; j++) {
        const idx = indexes[j];
        while (idx >= off + nodes[ni].count) {
          off += nodes[ni].count;
          ni++;
        }
        nodes[ni].bytes -= lpEntrySize(this.at(idx));
        // Counts are lowered after the walk so offsets stay those of the old list.
      }
      ni = 0;
      off = 0;
      const removed = new Array<number>(nodes.length).fill(0);
      for (let j = 0; j < k; j++) {
        const idx = indexes[j];
        while (idx >= off + nodes[ni].count) {
          off += nodes[ni].count;
          ni++;
        }
        removed[ni]++;
      }
      for (let i = 0; i < nodes.length; i++) nodes[i].count -= removed[i];
      ql.dropEmpty();
    }
    const mask = this.buf.length - 1;
    const n = this.length;
    let w = indexes[0];
    let j = 0;
    for (let r = indexes[0]; r < n; r++) {
      if (j < k && indexes[j] === r) {
        j++;
        continue;
      }
      this.buf[(this.head + w) & mask] = this.buf[(this.head + r) & mask];
      w++;
    }
    for (let i = w; i < n; i++) this.buf[(this.head + i) & mask] = undefined;
    this.length = w;
    this.maybeShrinkBuffer();
  }

  /**
   * Inserts an element before index `index` (0..length), next to the pivot
   * at `pivot` (LINSERT): `after` tells on which side of the pivot it goes.
   * O(N) for the buffer shift, as in Redis.
   */
  insertAt(pivot: number, after: boolean, e: ListElem, rawLen: number): void {
    const index = after ? pivot + 1 : pivot;
    if (this.length === this.buf.length) this.resize(this.buf.length * 2);
    const mask = this.buf.length - 1;
    const n = this.length;
    if (index < n - index) {
      // Shift the front part one slot towards the head.
      this.head = (this.head - 1) & mask;
      for (let i = 0; i < index; i++) this.buf[(this.head + i) & mask] = this.buf[(this.head + i + 1) & mask];
    } else {
      for (let i = n; i > index; i--) this.buf[(this.head + i) & mask] = this.buf[(this.head + i - 1) & mask];
    }
    this.buf[(this.head + index) & mask] = e;
    this.length++;
    const size = lpEntrySize(e);
    if (this.ql === null) {
      this.lpBytes += size;
      return;
    }
    this.qlInsert(pivot, after, size, rawLen);
  }

  /** _quicklistInsert's choice of node for an insertion next to the pivot. */
  private qlInsert(pivot: number, after: boolean, size: number, rawLen: number): void {
    const ql = this.ql as Quicklist;
    const nodes = ql.nodes;
    const [ni, off] = ql.locate(pivot);
    const node = nodes[ni];
    const offset = pivot - off;
    const full = !ql.allowInsert(node, rawLen);
    const atTail = after && offset === node.count - 1;
    const atHead = !after && offset === 0;
    const prev = nodes[ni - 1];
    const next = nodes[ni + 1];
    if (!full) {
      node.count++;
      node.bytes += size;
    } else if (atTail && next !== undefined && ql.allowInsert(next, rawLen)) {
      next.count++;
      next.bytes += size;
    } else if (atHead && prev !== undefined && ql.allowInsert(prev, rawLen)) {
      prev.count++;
      prev.bytes += size;
    } else if ((atTail && next === undefined) || (atHead && prev === undefined)) {
      nodes.splice(atTail ? ni + 1 : ni, 0, { count: 1, bytes: LP_OVERHEAD + size });
    } else {
      // Split the full node at the pivot: the part on the far side of the pivot
      // becomes a new node that also takes the element; then neighbours merge
      // when they fit together (_quicklistSplitNode, _quicklistMergeNodes).
      const cut = after ? offset + 1 : offset; // old elements that end up in the left part
      let leftBytes = LP_OVERHEAD;
      // The old node's first `cut` elements are still at off..off+cut-1 in the buffer.
      for (let i = 0; i < cut; i++) leftBytes += lpEntrySize(this.at(off + i));
      const left: QNode = { count: cut, bytes: leftBytes };
      const right: QNode = { count: node.count - cut, bytes: node.bytes - (leftBytes - LP_OVERHEAD) };
      if (after) {
        right.count++;
        right.bytes += size;
      } else {
        left.count++;
        left.bytes += size;
      }
      nodes.splice(ni, 1, left, right);
      // The original node is the pivot's half.
      this.mergeAround(after ? ni : ni + 1);
    }
  }

  /** _quicklistMergeNodes around node `center`. */
  private mergeAround(center: number): void {
    const ql = this.ql as Quicklist;
    const nodes = ql.nodes;
    const canMerge = (i: number): boolean =>
      i >= 0 && i + 1 < nodes.length && !exceedsLimit(ql.fill, nodes[i].bytes + nodes[i + 1].bytes - LP_OVERHEAD, nodes[i].count + nodes[i + 1].count);
    const merge = (i: number): void => {
      const a = nodes[i];
      const b = nodes[i + 1];
      nodes.splice(i, 2, { count: a.count + b.count, bytes: a.bytes + b.bytes - LP_OVERHEAD });
    };
    if (canMerge(center - 2)) {
      merge(center - 2);
      center--;
    }
    if (canMerge(center + 1)) merge(center + 1);
    let target = center;
    if (canMerge(center - 1)) {
      merge(center - 1);
      target = center - 1;
    }
    if (canMerge(target)) merge(target);
  }

  /** Node counts (tests). */
  nodeCounts(): number[] {
    return this.ql === null ? [this.length] : this.ql.nodes.map((n) => n.count);
  }

  /** Listpack byte size while listpack-encoded (tests). */
  listpackBytes(): number {
    return this.lpBytes;
  }
}

Object.defineProperty(ListValue.prototype, 'type', { value: 'list', writable: false, enumerable: false });
