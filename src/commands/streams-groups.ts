// Consumer-group administration and introspection for streams (Redis 7.2's
// t_stream.c): XGROUP (CREATE, SETID, DESTROY, CREATECONSUMER, DELCONSUMER),
// XACK, XPENDING, XCLAIM, XAUTOCLAIM and XINFO (STREAM [FULL], GROUPS,
// CONSUMERS). Like Redis, group changes other than creating a stream do not
// signal the key as modified (WATCH, tracking); XCLAIM and XAUTOCLAIM are
// propagated as XCLAIM ... FORCE JUSTID LASTID (and XGROUP SETID) forms.

import type { Client } from '../server/client.js';
import type { ArgDoc, CommandSpec } from './types.js';
import { SYNTAX, WRONGTYPE, NO_SUCH_KEY } from './errors.js';
import { replyHelp } from './command.js';
import { typeOf } from '../data/values.js';
import { INVALID_ENTRIES_READ, Nack, Stream, type ConsumerGroup } from '../data/stream.js';
import { BAD_ID, INVALID_ID, MAX_ID, formatId, parseStreamId, type StreamId } from '../data/stream-id.js';
import { notify, NOTIFY_STREAM } from '../server/notify.js';
import { propagateNothing } from '../server/propagate.js';
import {
  NOGROUP_KEY,
  createConsumer,
  deferredArray,
  dropNack,
  intArg,
  now,
  propagateGroupId,
  propagateXclaim,
  readStream,
  replyRangeRaw,
  sizeChanged,
  writeStream,
  type PropInfo,
  rangeEnd,
  rangeStart,
} from './streams-common.js';

function toNum(v: number | bigint): number {
  return typeof v === 'bigint' ? Number(v) : v;
}

/** Redis's addReplySubcommandSyntaxError. */
function subcommandSyntaxError(c: Client, argv: string[]): void {
  c.w.error(`ERR unknown subcommand or wrong number of arguments for '${argv[1].slice(0, 128)}'. Try ${argv[0].toUpperCase()} HELP.`);
}

function incrCount(v: number | bigint): number | bigint {
  return typeof v === 'number' ? v + 1 : v + 1n;
}

// ---------------------------------------------------------------- XGROUP

const XGROUP_HELP = [
  'CREATE <key> <groupname> <id|$> [option]',
  '    Create a new consumer group. Options are:',
  '    * MKSTREAM',
  '      Create the empty stream if it does not exist.',
  '    * ENTRIESREAD entries_read',
  "      Set the group's entries_read counter (internal use).",
  'CREATECONSUMER <key> <groupname> <consumer>',
  '    Create a new consumer in the specified group.',
  'DELCONSUMER <key> <groupname> <consumer>',
  '    Remove the specified consumer.',
  'DESTROY <key> <groupname>',
  '    Remove the specified group.',
  'SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]',
  '    Set the current group ID and entries_read counter.',
];

function xgroup(c: Client, argv: string[]): void {
  const dirty = c.server.dirty;
  xgroupImpl(c, argv);
  if (c.server.dirty !== dirty) sizeChanged(c, argv[2]);
}

function xgroupImpl(c: Client, argv: string[]): void {
  const argc = argv.length;
  const opt = argv[1].toLowerCase();
  const w = c.w;
  const key = argv[2];
  const grpname = argv[3];
  let mkstream = false;
  let entriesRead = INVALID_ENTRIES_READ;
  let s: Stream | undefined;
  let cg: ConsumerGroup | undefined;
  // Options of CREATE and SETID.
  const create = opt === 'create';
  const setid = opt === 'setid';
  let i = 5;
  while (i < argc) {
    const a = argv[i].toLowerCase();
    if (create && a === 'mkstream') {
      mkstream = true;
      i++;
    } else if ((create || setid) && a === 'entriesread' && i + 1 < argc) {
      const v = intArg(c, argv[i + 1]);
      if (v === null) return;
      if (v < 0 && v !== -1) {
        w.error('ERR value for ENTRIESREAD must be positive or -1');
        return;
      }
      entriesRead = BigInt(v);
      i += 2;
    } else {
      subcommandSyntaxError(c, argv);
      return;
    }
  }
  const found = writeStream(c, key);
  if (found === null) return;
  s = found;
  if (!mkstream) {
    if (s === undefined) {
      w.error(
        'ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.',
      );
      return;
    }
    cg = s.group(grpname);
    if (cg === undefined && (setid || opt === 'createconsumer' || opt === 'delconsumer')) {
      w.error(`NOGROUP No such consumer group '${grpname}' for key name '${key}'`);
      return;
    }
  }
  if (create && argc >= 5 && argc <= 8) {
    let id: StreamId;
    if (argv[4] === '$') id = s === undefined ? 0n : s.lastId;
    else {
      id = parseStreamId(argv[4], 0n, true);
      if (id === BAD_ID) {
        w.error(INVALID_ID);
        return;
      }
    }
    if (s === undefined) {
      s = new Stream();
      c.db.set(key, s);
    }
    if (s.createGroup(grpname, id, entriesRead) !== null) {
      w.ok();
      c.server.dirty++;
      notify(c, NOTIFY_STREAM, 'xgroup-create', key);
    } else w.error('BUSYGROUP Consumer Group name already exists');
  } else if (setid && (argc === 5 || argc === 7)) {
    let id: StreamId;
    if (argv[4] === '$') id = s!.lastId;
    else {
      id = parseStreamId(argv[4], 0n, false);
      if (id === BAD_ID) {
        w.error(INVALID_ID);
        return;
      }
    }
    cg!.lastId = id;
    cg!.entriesRead = entriesRead;
    w.ok();
    c.server.dirty++;
    notify(c, NOTIFY_STREAM, 'xgroup-setid', key);
  } else if (opt === 'destroy' && argc === 4) {
    if (cg !== undefined) {
      s!.groups!.delete(grpname);
      w.integer(1);
      c.server.dirty++;
      notify(c, NOTIFY_STREAM, 'xgroup-destroy', key);
      // Consumers blocked in XREADGROUP on this group get their NOGROUP error now.
      c.server.blocking.signalStreamReady(c.db, key);
    } else w.integer(0);
  } else if (opt === 'createconsumer' && argc === 5) {
    w.integer(createConsumer(c, cg!, argv[4], key) !== null ? 1 : 0);
  } else if (opt === 'delconsumer' && argc === 5) {
    let pending = 0;
    const consumer = cg!.consumers.get(argv[4]);
    if (consumer !== undefined) {
      pending = consumer.pel.size;
      const g = cg!;
      consumer.pel.forEach((id) => {
        g.pel.delete(id);
      });
      g.consumers.delete(argv[4]);
      c.server.dirty++;
      notify(c, NOTIFY_STREAM, 'xgroup-delconsumer', key);
    }
    w.integer(pending);
  } else subcommandSyntaxError(c, argv);
}

function xgroupContainer(c: Client): void {
  c.w.error(`ERR wrong number of arguments for 'xgroup' command`);
}

// ---------------------------------------------------------------- XACK

function xack(c: Client, argv: string[]): void {
  const dirty = c.server.dirty;
  xackImpl(c, argv);
  if (c.server.dirty !== dirty) sizeChanged(c, argv[1]);
}

function xackImpl(c: Client, argv: string[]): void {
  const s = readStream(c, argv[1]);
  if (s === null) return;
  const g = s === undefined ? undefined : s.group(argv[2]);
  if (g === undefined) {
    c.w.integer(0);
    return;
  }
  const ids: StreamId[] = [];
  for (let j = 3; j < argv.length; j++) {
    const id = parseStreamId(argv[j], 0n, true);
    if (id === BAD_ID) {
      c.w.error(INVALID_ID);
      return;
    }
    ids.push(id);
  }
  let acked = 0;
  for (const id of ids) {
    const nack = g.pel.get(id);
    if (nack !== undefined) {
      dropNack(g, id, nack);
      acked++;
      c.server.dirty++;
    }
  }
  c.w.integer(acked);
}

// ---------------------------------------------------------------- XPENDING

function xpending(c: Client, argv: string[]): void {
  const argc = argv.length;
  const w = c.w;
  const justinfo = argc === 3;
  let start = 0n;
  let end = MAX_ID;
  let count = 0;
  let minidle = 0;
  let consumerName: string | null = null;
  if (argc !== 3 && (argc < 6 || argc > 9)) {
    w.error(SYNTAX);
    return;
  }
  if (argc >= 6) {
    let startidx = 3;
    if (argv[3].toLowerCase() === 'idle') {
      const v = intArg(c, argv[4]);
      if (v === null) return;
      minidle = toNum(v);
      if (argc < 8) {
        w.error(SYNTAX);
        return;
      }
      startidx += 2;
    }
    const cv = intArg(c, argv[startidx + 2]);
    if (cv === null) return;
    count = cv < 0 ? 0 : toNum(cv);
    const from = rangeStart(c, argv[startidx]);
    if (from === null) return;
    const to = rangeEnd(c, argv[startidx + 1]);
    if (to === null) return;
    start = from;
    end = to;
    if (startidx + 3 < argc) consumerName = argv[startidx + 3];
  }
  const s = readStream(c, argv[1]);
  if (s === null) return;
  const g = s === undefined ? undefined : s.group(argv[2]);
  if (g === undefined) {
    w.error(NOGROUP_KEY(argv[1], argv[2]));
    return;
  }
  if (justinfo) {
    w.array(4);
    w.integer(g.pel.size);
    if (g.pel.size === 0) {
      w.nil();
      w.nil();
      w.nilArray();
      return;
    }
    w.bulk(formatId(g.pel.firstKey()!));
    w.bulk(formatId(g.pel.lastKey()!));
    deferredArray(w, () => {
      let n = 0;
      for (const consumer of g.sortedConsumers()) {
        if (consumer.pel.size === 0) continue;
        w.array(2);
        w.bulk(consumer.name);
        w.bulk(String(consumer.pel.size));
        n++;
      }
      return n;
    });
    return;
  }
  let pel = g.pel;
  if (consumerName !== null) {
    const consumer = g.consumers.get(consumerName);
    if (consumer === undefined) {
      w.array(0);
      return;
    }
    pel = consumer.pel;
  }
  const t = now(c);
  deferredArray(w, () => {
    let n = 0;
    let k = pel.ceilingKey(start);
    while (count > 0 && k !== undefined && k <= end) {
      const nack = pel.get(k)!;
      const idle = t - nack.deliveryTime;
      if (minidle === 0 || idle >= minidle) {
        n++;
        count--;
        w.array(4);
        w.bulk(formatId(k));
        w.bulk(nack.consumer!.name);
        w.integer(idle < 0 ? 0 : idle);
        w.integer(nack.deliveryCount);
      }
      k = pel.ceilingKey(k + 1n);
    }
    return n;
  });
}

// ---------------------------------------------------------------- XCLAIM

function xclaim(c: Client, argv: string[]): void {
  const dirty = c.server.dirty;
  xclaimImpl(c, argv);
  if (c.server.dirty !== dirty) sizeChanged(c, argv[1]);
}

function xclaimImpl(c: Client, argv: string[]): void {
  const w = c.w;
  const key = argv[1];
  const groupName = argv[2];
  const s = readStream(c, key);
  if (s === null) return;
  const g = s === undefined ? undefined : s.group(groupName);
  if (s === undefined || g === undefined) {
    w.error(NOGROUP_KEY(key, groupName));
    return;
  }
  const mv = intArg(c, argv[4], 'ERR Invalid min-idle-time argument for XCLAIM');
  if (mv === null) return;
  const minidle = mv < 0 ? 0 : toNum(mv);
  // The IDs, up to the first argument that is not one (options follow).
  const ids: StreamId[] = [];
  let j = 5;
  for (; j < argv.length; j++) {
    const id = parseStreamId(argv[j], 0n, true);
    if (id === BAD_ID) break;
    ids.push(id);
  }
  const t = now(c);
  let lastId = 0n;
  let deliveryTime = -1;
  let retryCount: number | bigint = -1;
  let force = false;
  let justid = false;
  let propagateLastId = false;
  for (; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = argv[j].toLowerCase();
    if (opt === 'force') force = true;
    else if (opt === 'justid') justid = true;
    else if (opt === 'idle' && more > 0) {
      j++;
      const v = intArg(c, argv[j], 'ERR Invalid IDLE option argument for XCLAIM');
      if (v === null) return;
      deliveryTime = t - toNum(v);
    } else if (opt === 'time' && more > 0) {
      j++;
      const v = intArg(c, argv[j], 'ERR Invalid TIME option argument for XCLAIM');
      if (v === null) return;
      deliveryTime = toNum(v);
    } else if (opt === 'retrycount' && more > 0) {
      j++;
      const v = intArg(c, argv[j], 'ERR Invalid RETRYCOUNT option argument for XCLAIM');
      if (v === null) return;
      retryCount = v;
    } else if (opt === 'lastid' && more > 0) {
      j++;
      const id = parseStreamId(argv[j], 0n, true);
      if (id === BAD_ID) {
        w.error(INVALID_ID);
        return;
      }
      lastId = id;
    } else {
      w.error(`ERR Unrecognized XCLAIM option '${argv[j]}'`);
      return;
    }
  }
  if (lastId > g.lastId) {
    g.lastId = lastId;
    propagateLastId = true;
  }
  // A bogus IDLE/TIME (negative, or in the future) means "now", as Redis.
  if (deliveryTime !== -1) {
    if (deliveryTime < 0 || deliveryTime > t) deliveryTime = t;
  } else deliveryTime = t;
  const consumer = g.consumers.get(argv[3]) ?? createConsumer(c, g, argv[3], key)!;
  consumer.seenTime = t;
  const spi: PropInfo = { key, group: groupName };
  deferredArray(w, () => {
    let n = 0;
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k];
      const idArg = argv[5 + k];
      let nack = g.pel.get(id);
      if (!s.has(id)) {
        // The entry is gone: drop its PEL entry (and tell replicas).
        if (nack !== undefined) {
          propagateXclaim(c, spi, g, idArg, nack);
          propagateLastId = false;
          c.server.dirty++;
          dropNack(g, id, nack);
        }
        continue;
      }
      if (force && nack === undefined) {
        nack = new Nack(t, 1, null);
        g.pel.set(id, nack);
      }
      if (nack === undefined) continue;
      if (nack.consumer !== null && minidle !== 0 && t - nack.deliveryTime < minidle) continue;
      if (nack.consumer !== consumer && nack.consumer !== null) nack.consumer.pel.delete(id);
      nack.deliveryTime = deliveryTime;
      if (retryCount >= 0) nack.deliveryCount = retryCount;
      else if (!justid) nack.deliveryCount = incrCount(nack.deliveryCount);
      if (nack.consumer !== consumer) {
        consumer.pel.set(id, nack);
        nack.consumer = consumer;
      }
      if (justid) w.bulk(formatId(id));
      else replyRangeRaw(w, s, id, id, 1, false);
      n++;
      consumer.activeTime = t;
      propagateXclaim(c, spi, g, idArg, nack);
      propagateLastId = false;
      c.server.dirty++;
    }
    return n;
  });
  if (propagateLastId) {
    propagateGroupId(c, spi, g);
    c.server.dirty++;
  }
  propagateNothing(c);
}

// ---------------------------------------------------------------- XAUTOCLAIM

/** Redis caps XAUTOCLAIM's COUNT at LONG_MAX / max(sizeof(streamID), attempts factor). */
const XAUTOCLAIM_MAX_COUNT = 576460752303423487n;
/** COUNT from which Redis's up-front allocation of COUNT IDs fails (2^47 bytes / 16). */
const XAUTOCLAIM_ALLOC_FAILS = 2 ** 43;

function xautoclaim(c: Client, argv: string[]): void {
  const dirty = c.server.dirty;
  xautoclaimImpl(c, argv);
  if (c.server.dirty !== dirty) sizeChanged(c, argv[1]);
}

function xautoclaimImpl(c: Client, argv: string[]): void {
  const w = c.w;
  const key = argv[1];
  const groupName = argv[2];
  const mv = intArg(c, argv[4], 'ERR Invalid min-idle-time argument for XAUTOCLAIM');
  if (mv === null) return;
  const minidle = mv < 0 ? 0 : toNum(mv);
  const start = rangeStart(c, argv[5]);
  if (start === null) return;
  let count = 100;
  let justid = false;
  for (let j = 6; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = argv[j].toLowerCase();
    if (opt === 'count' && more > 0) {
      const v = intArg(c, argv[j + 1], 'ERR COUNT must be > 0');
      if (v === null) return;
      if (v < 1 || BigInt(v) > XAUTOCLAIM_MAX_COUNT) {
        w.error('ERR COUNT must be > 0');
        return;
      }
      count = toNum(v);
      j++;
    } else if (opt === 'justid') justid = true;
    else {
      w.error(SYNTAX);
      return;
    }
  }
  const s = readStream(c, key);
  if (s === null) return;
  const g = s === undefined ? undefined : s.group(groupName);
  if (s === undefined || g === undefined) {
    w.error(NOGROUP_KEY(key, groupName));
    return;
  }
  // Redis allocates COUNT stream IDs (16 bytes each) up front; past the
  // address space (2^47 bytes) that fails with this error.
  if (count >= XAUTOCLAIM_ALLOC_FAILS) {
    w.error('ERR Insufficient memory, failed allocating transient memory, COUNT too high.');
    return;
  }
  const t = now(c);
  const consumer = g.consumers.get(argv[3]) ?? createConsumer(c, g, argv[3], key)!;
  consumer.seenTime = t;
  const spi: PropInfo = { key, group: groupName };
  let attempts = count * 10;
  const deleted: StreamId[] = [];
  let k = g.pel.ceilingKey(start);
  const saved = w.out;
  w.out = '';
  let claimed = 0;
  let body = '';
  try {
    while (attempts-- > 0 && count > 0 && k !== undefined) {
      const id = k;
      const nack = g.pel.get(id)!;
      if (!s.has(id)) {
        propagateXclaim(c, spi, g, formatId(id), nack);
        c.server.dirty++;
        dropNack(g, id, nack);
        deleted.push(id);
        count--;
        k = g.pel.ceilingKey(id + 1n);
        continue;
      }
      if (minidle !== 0 && t - nack.deliveryTime < minidle) {
        k = g.pel.ceilingKey(id + 1n);
        continue;
      }
      if (nack.consumer !== consumer && nack.consumer !== null) nack.consumer.pel.delete(id);
      nack.deliveryTime = t;
      if (!justid) nack.deliveryCount = incrCount(nack.deliveryCount);
      if (nack.consumer !== consumer) {
        consumer.pel.set(id, nack);
        nack.consumer = consumer;
      }
      if (justid) w.bulk(formatId(id));
      else replyRangeRaw(w, s, id, id, 1, false);
      claimed++;
      count--;
      consumer.activeTime = t;
      propagateXclaim(c, spi, g, formatId(id), nack);
      c.server.dirty++;
      k = g.pel.ceilingKey(id + 1n);
    }
  } finally {
    body = w.out;
    w.out = saved;
  }
  w.array(3);
  w.bulk(formatId(k ?? 0n));
  w.array(claimed);
  w.raw(body);
  w.array(deleted.length);
  for (const id of deleted) w.bulk(formatId(id));
  propagateNothing(c);
}

// ---------------------------------------------------------------- XINFO

const XINFO_HELP = [
  'CONSUMERS <key> <groupname>',
  '    Show consumers of <groupname>.',
  'GROUPS <key>',
  '    Show the stream consumer groups.',
  'STREAM <key> [FULL [COUNT <count>]',
  '    Show information about the stream.',
];

/** The stream for XINFO, or null after replying (no such key / WRONGTYPE). */
function xinfoStreamOf(c: Client, key: string): Stream | null {
  const v = c.db.lookupRead(key);
  if (v === undefined) {
    c.w.error(NO_SUCH_KEY);
    return null;
  }
  if (typeOf(v) !== 'stream') {
    c.w.error(WRONGTYPE);
    return null;
  }
  return v as Stream;
}

function replyLag(c: Client, s: Stream, g: ConsumerGroup): void {
  const lag = s.groupLag(g);
  if (lag === null) c.w.nil();
  else c.w.integer(lag);
}

function replyEntriesRead(c: Client, g: ConsumerGroup): void {
  if (g.entriesRead === INVALID_ENTRIES_READ) c.w.nil();
  else c.w.integer(g.entriesRead);
}

function xinfoConsumers(c: Client, argv: string[]): void {
  const s = xinfoStreamOf(c, argv[2]);
  if (s === null) return;
  const g = s.group(argv[3]);
  if (g === undefined) {
    c.w.error(`NOGROUP No such consumer group '${argv[3]}' for key name '${argv[2]}'`);
    return;
  }
  const w = c.w;
  const t = now(c);
  const consumers = g.sortedConsumers();
  w.array(consumers.length);
  for (const consumer of consumers) {
    const inactive = consumer.activeTime !== -1 ? t - consumer.activeTime : -1;
    const idle = t - consumer.seenTime;
    w.map(4);
    w.bulk('name');
    w.bulk(consumer.name);
    w.bulk('pending');
    w.integer(consumer.pel.size);
    w.bulk('idle');
    w.integer(idle < 0 ? 0 : idle);
    w.bulk('inactive');
    w.integer(inactive);
  }
}

function xinfoGroups(c: Client, argv: string[]): void {
  const s = xinfoStreamOf(c, argv[2]);
  if (s === null) return;
  const w = c.w;
  const groups = s.sortedGroups();
  w.array(groups.length);
  for (const g of groups) {
    w.map(6);
    w.bulk('name');
    w.bulk(g.name);
    w.bulk('consumers');
    w.integer(g.consumers.size);
    w.bulk('pending');
    w.integer(g.pel.size);
    w.bulk('last-delivered-id');
    w.bulk(formatId(g.lastId));
    w.bulk('entries-read');
    replyEntriesRead(c, g);
    w.bulk('lag');
    replyLag(c, s, g);
  }
}

function xinfoStream(c: Client, argv: string[]): void {
  const s = xinfoStreamOf(c, argv[2]);
  if (s === null) return;
  const w = c.w;
  const optc = argv.length - 3;
  let full = false;
  let count = 10;
  if (optc !== 0) {
    if (optc !== 1 && optc !== 3) {
      subcommandSyntaxError(c, argv);
      return;
    }
    if (argv[3].toLowerCase() !== 'full') {
      subcommandSyntaxError(c, argv);
      return;
    }
    if (optc === 3) {
      if (argv[4].toLowerCase() !== 'count') {
        subcommandSyntaxError(c, argv);
        return;
      }
      const v = intArg(c, argv[5]);
      if (v === null) return;
      count = v < 0 ? 10 : toNum(v);
    }
    full = true;
  }
  w.map(full ? 9 : 10);
  w.bulk('length');
  w.integer(s.length);
  w.bulk('radix-tree-keys');
  w.integer(s.nodes.length);
  w.bulk('radix-tree-nodes');
  w.integer(s.radixTreeNodes());
  w.bulk('last-generated-id');
  w.bulk(formatId(s.lastId));
  w.bulk('max-deleted-entry-id');
  w.bulk(formatId(s.maxDeletedId));
  w.bulk('entries-added');
  w.integer(s.entriesAdded);
  w.bulk('recorded-first-entry-id');
  w.bulk(formatId(s.firstId));
  if (!full) {
    w.bulk('groups');
    w.integer(s.groups === null ? 0 : s.groups.size);
    w.bulk('first-entry');
    if (replyRangeRaw(w, s, 0n, MAX_ID, 1, false) === 0) w.nil();
    w.bulk('last-entry');
    if (replyRangeRaw(w, s, 0n, MAX_ID, 1, true) === 0) w.nil();
    return;
  }
  w.bulk('entries');
  deferredArray(w, () => replyRangeRaw(w, s, 0n, MAX_ID, count, false));
  w.bulk('groups');
  const groups = s.sortedGroups();
  w.array(groups.length);
  for (const g of groups) {
    w.map(7);
    w.bulk('name');
    w.bulk(g.name);
    w.bulk('last-delivered-id');
    w.bulk(formatId(g.lastId));
    w.bulk('entries-read');
    replyEntriesRead(c, g);
    w.bulk('lag');
    replyLag(c, s, g);
    w.bulk('pel-count');
    w.integer(g.pel.size);
    w.bulk('pending');
    deferredArray(w, () => {
      let n = 0;
      g.pel.forEach((id, nack) => {
        if (count !== 0 && n >= count) return false;
        w.array(4);
        w.bulk(formatId(id));
        w.bulk(nack.consumer!.name);
        w.integer(nack.deliveryTime);
        w.integer(nack.deliveryCount);
        n++;
        return true;
      });
      return n;
    });
    w.bulk('consumers');
    const consumers = g.sortedConsumers();
    w.array(consumers.length);
    for (const consumer of consumers) {
      w.map(5);
      w.bulk('name');
      w.bulk(consumer.name);
      w.bulk('seen-time');
      w.integer(consumer.seenTime);
      w.bulk('active-time');
      w.integer(consumer.activeTime);
      w.bulk('pel-count');
      w.integer(consumer.pel.size);
      w.bulk('pending');
      deferredArray(w, () => {
        let n = 0;
        consumer.pel.forEach((id, nack) => {
          if (count !== 0 && n >= count) return false;
          w.array(3);
          w.bulk(formatId(id));
          w.integer(nack.deliveryTime);
          w.integer(nack.deliveryCount);
          n++;
          return true;
        });
        return n;
      });
    }
  }
}

function xinfoContainer(c: Client): void {
  c.w.error(`ERR wrong number of arguments for 'xinfo' command`);
}

// ---------------------------------------------------------------- the table

const KEY: ArgDoc = { name: 'key', type: 'key', keySpecIndex: 0 };
const GROUP_KEYS = { first: 2, last: 2, step: 1 };
const ONE_KEY = { first: 1, last: 1, step: 1 };
const ID_OR_NEW: ArgDoc = {
  name: 'id',
  type: 'oneof',
  arguments: [
    { name: 'id', type: 'string' },
    { name: 'new_id', type: 'pure-token', token: '$' },
  ],
};

export const commands: CommandSpec[] = [
  {
    name: 'xgroup',
    arity: -2,
    flags: [],
    group: 'stream',
    since: '5.0.0',
    summary: 'Manages the consumer groups of a stream.',
    complexity: 'Depends on subcommand.',
    run: xgroupContainer,
    subcommands: [
      {
        name: 'create',
        arity: -5,
        flags: ['write', 'denyoom'],
        group: 'stream',
        since: '5.0.0',
        summary: 'Creates a consumer group on a stream, optionally creating the stream.',
        complexity: 'O(1)',
        acl: ['stream'],
        keys: GROUP_KEYS,
        history: [['7.0.0', 'Added the `entries_read` named argument.']],
        args: [
          KEY,
          { name: 'groupname', type: 'string' },
          ID_OR_NEW,
          { name: 'mkstream', type: 'pure-token', token: 'MKSTREAM', optional: true },
          { name: 'entries_read', type: 'integer', token: 'ENTRIESREAD', optional: true },
        ],
        run: xgroup,
      },
      {
        name: 'createconsumer',
        arity: 5,
        flags: ['write', 'denyoom'],
        group: 'stream',
        since: '6.2.0',
        summary: 'Adds a consumer to a consumer group.',
        complexity: 'O(1)',
        acl: ['stream'],
        keys: GROUP_KEYS,
        args: [KEY, { name: 'groupname', type: 'string' }, { name: 'consumername', type: 'string' }],
        run: xgroup,
      },
      {
        name: 'delconsumer',
        arity: 5,
        flags: ['write'],
        group: 'stream',
        since: '5.0.0',
        summary: 'Removes a consumer from a consumer group, dropping its pending entries.',
        complexity: 'O(1)',
        acl: ['stream'],
        keys: GROUP_KEYS,
        args: [KEY, { name: 'groupname', type: 'string' }, { name: 'consumername', type: 'string' }],
        run: xgroup,
      },
      {
        name: 'destroy',
        arity: 4,
        flags: ['write'],
        group: 'stream',
        since: '5.0.0',
        summary: 'Deletes a consumer group with its consumers and pending entries.',
        complexity: "O(N) where N is the number of entries in the group's pending entries list (PEL).",
        acl: ['stream'],
        keys: GROUP_KEYS,
        args: [KEY, { name: 'groupname', type: 'string' }],
        run: xgroup,
      },
      {
        name: 'help',
        arity: 2,
        flags: ['loading', 'stale'],
        group: 'stream',
        since: '5.0.0',
        summary: 'Describes the XGROUP subcommands.',
        complexity: 'O(1)',
        acl: ['stream'],
        run: (c, argv) => replyHelp(c, argv[0], XGROUP_HELP),
      },
      {
        name: 'setid',
        arity: -5,
        flags: ['write'],
        group: 'stream',
        since: '5.0.0',
        summary: "Moves a consumer group's last-delivered ID (and entries-read counter).",
        complexity: 'O(1)',
        acl: ['stream'],
        keys: GROUP_KEYS,
        history: [['7.0.0', 'Added the optional `entries_read` argument.']],
        args: [KEY, { name: 'groupname', type: 'string' }, ID_OR_NEW, { name: 'entries_read', type: 'integer', token: 'ENTRIESREAD', optional: true }],
        run: xgroup,
      },
    ],
  },
  {
    name: 'xack',
    arity: -4,
    flags: ['write', 'fast'],
    group: 'stream',
    since: '5.0.0',
    summary: "Acknowledges entries of a consumer group, removing them from its pending entries list.",
    complexity: 'O(1) for each message ID processed.',
    acl: ['stream'],
    keys: ONE_KEY,
    args: [KEY, { name: 'group', type: 'string' }, { name: 'id', type: 'string', multiple: true }],
    run: xack,
  },
  {
    name: 'xpending',
    arity: -3,
    flags: ['readonly'],
    group: 'stream',
    since: '5.0.0',
    summary: "Shows a consumer group's pending entries: a summary, or the entries in an ID range.",
    complexity: 'O(N) with N being the number of elements returned, so asking for a small fixed number of entries per call is O(1). O(M), where M is the total number of entries scanned when used with the IDLE filter. When the command returns just the summary and the list of consumers is small, it runs in O(1) time; otherwise, an additional O(N) time for iterating every consumer.',
    acl: ['stream'],
    keys: ONE_KEY,
    tips: ['nondeterministic_output'],
    history: [['6.2.0', 'Added the `IDLE` option and exclusive range intervals.']],
    args: [
      KEY,
      { name: 'group', type: 'string' },
      {
        name: 'filters',
        type: 'block',
        optional: true,
        arguments: [
          { name: 'min-idle-time', type: 'integer', token: 'IDLE', since: '6.2.0', optional: true },
          { name: 'start', type: 'string' },
          { name: 'end', type: 'string' },
          { name: 'count', type: 'integer' },
          { name: 'consumer', type: 'string', optional: true },
        ],
      },
    ],
    run: xpending,
  },
  {
    name: 'xclaim',
    arity: -6,
    flags: ['write', 'fast'],
    group: 'stream',
    since: '5.0.0',
    summary: 'Gives pending entries of a consumer group to another consumer, as if delivered to it.',
    complexity: 'O(log N) with N being the number of messages in the PEL of the consumer group.',
    acl: ['stream'],
    keys: ONE_KEY,
    tips: ['nondeterministic_output'],
    args: [
      KEY,
      { name: 'group', type: 'string' },
      { name: 'consumer', type: 'string' },
      { name: 'min-idle-time', type: 'string' },
      { name: 'id', type: 'string', multiple: true },
      { name: 'ms', type: 'integer', token: 'IDLE', optional: true },
      { name: 'unix-time-milliseconds', type: 'unix-time', token: 'TIME', optional: true },
      { name: 'count', type: 'integer', token: 'RETRYCOUNT', optional: true },
      { name: 'force', type: 'pure-token', token: 'FORCE', optional: true },
      { name: 'justid', type: 'pure-token', token: 'JUSTID', optional: true },
      { name: 'id', type: 'string', token: 'LASTID', optional: true },
    ],
    run: xclaim,
  },
  {
    name: 'xautoclaim',
    arity: -6,
    flags: ['write', 'fast'],
    group: 'stream',
    since: '6.2.0',
    summary: 'Gives pending entries idle for long enough to another consumer, scanning from an ID; replies a cursor.',
    complexity: 'O(1) if COUNT is small.',
    acl: ['stream'],
    keys: ONE_KEY,
    tips: ['nondeterministic_output'],
    history: [['7.0.0', 'Added an element to the reply array, containing deleted entries the command cleared from the PEL']],
    args: [
      KEY,
      { name: 'group', type: 'string' },
      { name: 'consumer', type: 'string' },
      { name: 'min-idle-time', type: 'string' },
      { name: 'start', type: 'string' },
      { name: 'count', type: 'integer', token: 'COUNT', optional: true },
      { name: 'justid', type: 'pure-token', token: 'JUSTID', optional: true },
    ],
    run: xautoclaim,
  },
  {
    name: 'xinfo',
    arity: -2,
    flags: [],
    group: 'stream',
    since: '5.0.0',
    summary: 'Describes streams, their consumer groups and consumers.',
    complexity: 'Depends on subcommand.',
    run: xinfoContainer,
    subcommands: [
      {
        name: 'consumers',
        arity: 4,
        flags: ['readonly'],
        group: 'stream',
        since: '5.0.0',
        summary: 'Lists the consumers of a consumer group.',
        complexity: 'O(1)',
        acl: ['stream'],
        keys: GROUP_KEYS,
        tips: ['nondeterministic_output'],
        history: [['7.2.0', 'Added the `inactive` field.']],
        args: [KEY, { name: 'groupname', type: 'string' }],
        run: xinfoConsumers,
      },
      {
        name: 'groups',
        arity: 3,
        flags: ['readonly'],
        group: 'stream',
        since: '5.0.0',
        summary: 'Lists the consumer groups of a stream.',
        complexity: 'O(1)',
        acl: ['stream'],
        keys: GROUP_KEYS,
        history: [['7.0.0', 'Added the `entries-read` and `lag` fields']],
        args: [KEY],
        run: xinfoGroups,
      },
      {
        name: 'help',
        arity: 2,
        flags: ['loading', 'stale'],
        group: 'stream',
        since: '5.0.0',
        summary: 'Describes the XINFO subcommands.',
        complexity: 'O(1)',
        acl: ['stream'],
        run: (c, argv) => replyHelp(c, argv[0], XINFO_HELP),
      },
      {
        name: 'stream',
        arity: -3,
        flags: ['readonly'],
        group: 'stream',
        since: '5.0.0',
        summary: 'Describes a stream: length, IDs, counters, first and last entries; FULL adds entries, groups and PELs.',
        complexity: 'O(1)',
        acl: ['stream'],
        keys: GROUP_KEYS,
        history: [
          ['6.0.0', 'Added the `FULL` modifier.'],
          ['7.0.0', 'Added the `max-deleted-entry-id`, `entries-added`, `recorded-first-entry-id`, `entries-read` and `lag` fields'],
          ['7.2.0', 'Added the `active-time` field, and changed the meaning of `seen-time`.'],
        ],
        args: [
          KEY,
          {
            name: 'full',
            type: 'block',
            token: 'FULL',
            optional: true,
            arguments: [{ name: 'count', type: 'integer', token: 'COUNT', optional: true }],
          },
        ],
        run: xinfoStream,
      },
    ],
  },
];

