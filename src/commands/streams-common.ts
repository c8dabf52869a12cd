// Helpers shared by the stream command files: key lookups, reply shapes for
// entries (Redis's streamReplyWithRange, with its consumer-group side effects
// and XCLAIM / XGROUP SETID propagation), ID and integer argument parsing.

import type { Client } from '../server/client.js';
import type { ReplyWriter } from '../protocol/reply.js';
import { NOT_INTEGER, WRONGTYPE } from './errors.js';
import { typeOf } from '../data/values.js';
import { parseI64 } from '../protocol/numbers.js';
import { propagateAs } from '../server/propagate.js';
import {
  Consumer,
  ConsumerGroup,
  EntryReader,
  FLAG_SAMEFIELDS,
  INVALID_ENTRIES_READ,
  Nack,
  Stream,
  StreamIterator,
} from '../data/stream.js';
import { BAD_ID, INVALID_ID, MASK64, MAX_ID, formatId, parseRangeId, parsedExclusive, type StreamId } from '../data/stream-id.js';
import { lpGetString, lpNext } from '../data/stream-listpack.js';
import { notify, NOTIFY_STREAM } from '../server/notify.js';

export const NOGROUP_KEY = (key: string, group: string): string => `NOGROUP No such key '${key}' or consumer group '${group}'`;

/** The stream at key for a read (hit/miss stats), undefined when missing, null after replying WRONGTYPE. */
export function readStream(c: Client, key: string): Stream | undefined | null {
  const v = c.db.lookupRead(key);
  if (v === undefined) return undefined;
  if (typeOf(v) !== 'stream') {
    c.w.error(WRONGTYPE);
    return null;
  }
  return v as Stream;
}

/** The stream at key for a write (no stats), undefined when missing, null after replying WRONGTYPE. */
export function writeStream(c: Client, key: string): Stream | undefined | null {
  const v = c.db.get(key);
  if (v === undefined) return undefined;
  if (typeOf(v) !== 'stream') {
    c.w.error(WRONGTYPE);
    return null;
  }
  return v as Stream;
}

/** The command time (Redis's commandTimeSnapshot): one clock per input batch. */
export function now(c: Client): number {
  return c.server.keyspace.now;
}

/**
 * Whether the client replays commands it must obey (Redis's mustObeyClient):
 * the AOF loader, or a connection that says so with `mustObey` (a replica's
 * link to its primary, when there is one).
 */
export function mustObeyClient(c: Client): boolean {
  return c.isLoader || (c as unknown as { mustObey?: boolean }).mustObey === true;
}

/**
 * A consumer-group change that Redis does not signal as a key modification
 * (no WATCH / tracking / wake-up) still changes the value's size: keep the
 * maxmemory accounting right.
 */
export function sizeChanged(c: Client, key: string): void {
  const ev = c.server.evictor;
  if (ev.maxmemory !== 0) ev.keyChanged(c.db, key);
}

/** A 64-bit integer argument as a number (bigint past 2^53), or null after replying `msg`. */
export function intArg(c: Client, s: string, msg = NOT_INTEGER): number | bigint | null {
  const v = parseI64(s);
  if (v === null) {
    c.w.error(msg);
    return null;
  }
  return v;
}

/** Runs `body` with its output collected, then writes an array header of the count it returns, then the output. */
export function deferredArray(w: ReplyWriter, body: () => number): void {
  const saved = w.out;
  w.out = '';
  let n = 0;
  let out = '';
  try {
    n = body();
  } finally {
    out = w.out;
    w.out = saved;
  }
  w.array(n);
  w.raw(out);
}

/** Writes one entry: [id, [f1, v1, ...]]. */
export function replyEntry(w: ReplyWriter, e: EntryReader): void {
  const node = e.node!;
  const b = node.lp;
  const n = e.numFields;
  w.array(2);
  w.bulk(e.idText());
  w.array(n * 2);
  let p = e.dataAt;
  if (e.flags & FLAG_SAMEFIELDS) {
    const names = node.fields();
    for (let i = 0; i < n; i++) {
      w.bulk(names[i]);
      w.bulk(lpGetString(b, p));
      p = lpNext(b, p);
    }
  } else {
    for (let i = 0; i < n * 2; i++) {
      w.bulk(lpGetString(b, p));
      p = lpNext(b, p);
    }
  }
}

/** Writes the entries of [start, end] (count 0 = all) as entries without an array header; returns how many. */
export function replyRangeRaw(w: ReplyWriter, s: Stream, start: StreamId, end: StreamId, count: number, rev: boolean): number {
  const it = new StreamIterator(s, start, end, rev);
  let n = 0;
  while (it.next()) {
    replyEntry(w, it.e);
    n++;
    if (count !== 0 && n === count) break;
  }
  return n;
}

/** Writes [start, end] as an array of entries (XRANGE and friends). */
export function replyRange(w: ReplyWriter, s: Stream, start: StreamId, end: StreamId, count: number, rev: boolean): number {
  let n = 0;
  deferredArray(w, () => (n = replyRangeRaw(w, s, start, end, count, rev)));
  return n;
}

/** Where consumer-group reads are propagated: the key and group name as given. */
export interface PropInfo {
  key: string;
  group: string;
}

/** Logs XCLAIM <key> <group> <consumer> 0 <id> TIME <t> RETRYCOUNT <n> FORCE JUSTID LASTID <group last id> (streamPropagateXCLAIM). */
export function propagateXclaim(c: Client, spi: PropInfo, g: ConsumerGroup, idArg: string, nack: Nack): void {
  if (!c.server.propagation.active) return;
  propagateAs(c, [
    'XCLAIM',
    spi.key,
    spi.group,
    nack.consumer!.name,
    '0',
    idArg,
    'TIME',
    String(nack.deliveryTime),
    'RETRYCOUNT',
    String(nack.deliveryCount),
    'FORCE',
    'JUSTID',
    'LASTID',
    formatId(g.lastId),
  ]);
}

/** Logs XGROUP SETID <key> <group> <last id> ENTRIESREAD <n> (streamPropagateGroupID). */
export function propagateGroupId(c: Client, spi: PropInfo, g: ConsumerGroup): void {
  if (!c.server.propagation.active) return;
  propagateAs(c, ['XGROUP', 'SETID', spi.key, spi.group, formatId(g.lastId), 'ENTRIESREAD', String(g.entriesRead)]);
}

/**
 * Creates a consumer (dirty++, xgroup-createconsumer event unless `quiet`);
 * null when it exists already (streamCreateConsumer).
 */
export function createConsumer(c: Client, g: ConsumerGroup, name: string, key: string, quiet = false): Consumer | null {
  if (g.consumers.has(name)) return null;
  const consumer = new Consumer(name, now(c), -1);
  g.consumers.set(name, consumer);
  if (!quiet) {
    c.server.dirty++;
    notify(c, NOTIFY_STREAM, 'xgroup-createconsumer', key);
  }
  return consumer;
}

/** Removes a NACK from the group and its consumer's PEL. */
export function dropNack(g: ConsumerGroup, id: StreamId, nack: Nack): void {
  g.pel.delete(id);
  if (nack.consumer !== null) nack.consumer.pel.delete(id);
}

/**
 * Serves new entries to a consumer of a group (streamReplyWithRange with a
 * group): moves the group's last-delivered ID and entries-read counter,
 * creates or reassigns PEL entries unless NOACK, and propagates the reads as
 * XCLAIM (and XGROUP SETID for NOACK). Writes an array of entries; returns
 * how many.
 */
export function replyGroupRange(c: Client, s: Stream, start: StreamId, count: number, g: ConsumerGroup, consumer: Consumer, noack: boolean, spi: PropInfo): number {
  const w = c.w;
  const t = now(c);
  let propagateLastId = false;
  let n = 0;
  deferredArray(w, () => {
    const it = new StreamIterator(s, start, MAX_ID, false);
    const e = it.e;
    while (it.next()) {
      const id = e.id;
      if (id > g.lastId) {
        // A valid counter and no tombstone from here on: count one more read (Redis 7.2.4).
        if (g.entriesRead !== INVALID_ENTRIES_READ && !s.rangeHasTombstones(id, MAX_ID)) g.entriesRead++;
        else if (!s.neverAdded) g.entriesRead = s.estimateDistance(id);
        g.lastId = id;
        if (noack) propagateLastId = true;
      }
      replyEntry(w, e);
      if (!noack) {
        let nack = g.pel.get(id);
        if (nack === undefined) {
          nack = new Nack(t, 1, consumer);
          g.pel.set(id, nack);
          consumer.pel.set(id, nack);
        } else {
          if (nack.consumer !== null) nack.consumer.pel.delete(id);
          nack.consumer = consumer;
          nack.deliveryTime = t;
          nack.deliveryCount = 1;
          consumer.pel.set(id, nack);
        }
        consumer.activeTime = t;
        propagateXclaim(c, spi, g, formatId(id), nack);
      }
      n++;
      if (count !== 0 && n === count) break;
    }
    return n;
  });
  if (propagateLastId) propagateGroupId(c, spi, g);
  return n;
}

/**
 * Serves a consumer's own history: the entries of its PEL from `start`
 * (streamReplyWithRangeFromConsumerPEL). Entries deleted from the stream
 * come back as [id, nil]. Each served entry counts a delivery.
 */
export function replyConsumerHistory(c: Client, s: Stream, start: StreamId, count: number, consumer: Consumer): number {
  const w = c.w;
  const t = now(c);
  let n = 0;
  deferredArray(w, () => {
    let k = consumer.pel.ceilingKey(start);
    while (k !== undefined && (count === 0 || n < count)) {
      const it = new StreamIterator(s, k, k, false);
      if (it.next()) {
        replyEntry(w, it.e);
        const nack = consumer.pel.get(k)!;
        nack.deliveryTime = t;
        nack.deliveryCount = typeof nack.deliveryCount === 'number' ? nack.deliveryCount + 1 : nack.deliveryCount + 1n;
      } else {
        w.array(2);
        w.bulk(formatId(k));
        w.nilArray();
      }
      n++;
      k = consumer.pel.ceilingKey(k + 1n);
    }
    return n;
  });
  return n;
}

/** The arguments of XADD / XTRIM that shape trimming (Redis's streamAddTrimArgs). */
export interface AddTrimArgs {
  id: StreamId;
  idGiven: boolean;
  seqGiven: boolean;
  noMkstream: boolean;
  strategy: 'none' | 'maxlen' | 'minid';
  /** argv index of the MAXLEN/MINID value (the operator is just before it when rewritten). */
  strategyArgIdx: number;
  approx: boolean;
  limit: number;
  maxlen: number;
  minid: StreamId;
}

/**
 * The start of an XRANGE-style interval (`-`, an ID, or `(ID` exclusive), or
 * null after replying with the error. An exclusive start moves one ID up.
 */
export function rangeStart(c: Client, arg: string): StreamId | null {
  const id = parseRangeId(arg, 0n);
  if (id === BAD_ID) {
    c.w.error(INVALID_ID);
    return null;
  }
  if (!parsedExclusive) return id;
  if (id === MAX_ID) {
    c.w.error('ERR invalid start ID for the interval');
    return null;
  }
  return id + 1n;
}

/** The end of such an interval (`+`, an ID, or `(ID`), or null after the error reply. */
export function rangeEnd(c: Client, arg: string): StreamId | null {
  const id = parseRangeId(arg, MASK64);
  if (id === BAD_ID) {
    c.w.error(INVALID_ID);
    return null;
  }
  if (!parsedExclusive) return id;
  if (id === 0n) {
    c.w.error('ERR invalid end ID for the interval');
    return null;
  }
  return id - 1n;
}
