// The stream command group (Redis 7.2's t_stream.c): XADD, XRANGE, XREVRANGE,
// XLEN, XDEL, XTRIM, XSETID, XREAD and XREADGROUP here; consumer-group
// administration (XGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM, XINFO) in
// streams-groups.ts. Argument order of checks, error texts, reply shapes,
// dirty counts, keyspace events and what is propagated (XADD with the
// generated ID and `=` trimming, XREADGROUP as XCLAIM / XGROUP SETID /
// XGROUP CREATECONSUMER) follow Redis. The data structure is data/stream.ts.

import type { Client } from '../server/client.js';
import type { ArgDoc, CommandSpec } from './types.js';
import { SYNTAX, WRONGTYPE, NO_SUCH_KEY, wrongArity } from './errors.js';
import { typeOf } from '../data/values.js';
import { Stream, type ConsumerGroup, type Consumer } from '../data/stream.js';
import {
  BAD_ID,
  INVALID_ID,
  MASK64,
  MAX_ID,
  formatId,
  parseStreamId,
  parsedSeqGiven,
  u53ToString,
  type StreamId,
} from '../data/stream-id.js';
import { notify, NOTIFY_STREAM } from '../server/notify.js';
import { propagateAs, propagateNothing } from '../server/propagate.js';
import {
  type AddTrimArgs,
  type PropInfo,
  createConsumer,
  intArg,
  mustObeyClient,
  now,
  readStream,
  replyConsumerHistory,
  replyGroupRange,
  replyRange,
  sizeChanged,
  writeStream,
  rangeEnd,
  rangeStart,
} from './streams-common.js';
import { commands as groupCommands } from './streams-groups.js';

const LLONG_MAX = 9223372036854775807;

function toNum(v: number | bigint): number {
  return typeof v === 'bigint' ? Number(v) : v;
}

// ---------------------------------------------------------------- XADD / XTRIM arguments

/**
 * Parses XADD/XTRIM options (streamParseAddOrTrimArgsOrReply). Returns the
 * argv index of the ID (XADD) or past the options (XTRIM), or -1 after
 * replying an error.
 */
function parseAddTrimArgs(c: Client, argv: string[], a: AddTrimArgs, xadd: boolean): number {
  const argc = argv.length;
  let limitGiven = false;
  let i = 2;
  for (; i < argc; i++) {
    const more = argc - 1 - i;
    const opt = argv[i];
    if (xadd && opt === '*') break;
    const lower = opt.toLowerCase();
    if (lower === 'maxlen' && more > 0) {
      if (a.strategy !== 'none') {
        c.w.error('ERR syntax error, MAXLEN and MINID options at the same time are not compatible');
        return -1;
      }
      a.approx = false;
      const next = argv[i + 1];
      if (more >= 2 && next === '~') {
        a.approx = true;
        i++;
      } else if (more >= 2 && next === '=') i++;
      const v = intArg(c, argv[i + 1]);
      if (v === null) return -1;
      if (v < 0) {
        c.w.error('ERR The MAXLEN argument must be >= 0.');
        return -1;
      }
      a.maxlen = toNum(v);
      i++;
      a.strategy = 'maxlen';
      a.strategyArgIdx = i;
    } else if (lower === 'minid' && more > 0) {
      if (a.strategy !== 'none') {
        c.w.error('ERR syntax error, MAXLEN and MINID options at the same time are not compatible');
        return -1;
      }
      a.approx = false;
      const next = argv[i + 1];
      if (more >= 2 && next === '~') {
        a.approx = true;
        i++;
      } else if (more >= 2 && next === '=') i++;
      const id = parseStreamId(argv[i + 1], 0n, true);
      if (id === BAD_ID) {
        c.w.error(INVALID_ID);
        return -1;
      }
      a.minid = id;
      i++;
      a.strategy = 'minid';
      a.strategyArgIdx = i;
    } else if (lower === 'limit' && more > 0) {
      const v = intArg(c, argv[i + 1]);
      if (v === null) return -1;
      if (v < 0) {
        c.w.error('ERR The LIMIT argument must be >= 0.');
        return -1;
      }
      a.limit = toNum(v);
      limitGiven = true;
      i++;
    } else if (xadd && lower === 'nomkstream') {
      a.noMkstream = true;
    } else if (xadd) {
      const id = parseStreamId(opt, 0n, true, true);
      if (id === BAD_ID) {
        c.w.error(INVALID_ID);
        return -1;
      }
      a.id = id;
      a.seqGiven = parsedSeqGiven;
      a.idGiven = true;
      break;
    } else {
      c.w.error(SYNTAX);
      return -1;
    }
  }
  if (a.limit !== 0 && a.strategy === 'none') {
    c.w.error('ERR syntax error, LIMIT cannot be used without specifying a trimming strategy');
    return -1;
  }
  if (!xadd && a.strategy === 'none') {
    c.w.error('ERR syntax error, XTRIM must be called with a trimming strategy');
    return -1;
  }
  if (mustObeyClient(c)) {
    // Replayed commands were rewritten to exact trimming: no work limit.
    a.limit = 0;
  } else if (limitGiven) {
    if (!a.approx) {
      c.w.error('ERR syntax error, LIMIT cannot be used without the special ~ option');
      return -1;
    }
  } else if (a.approx) {
    // At most 100 nodes' worth of entries per call, as Redis.
    let limit = 100 * c.server.config.num('stream-node-max-entries');
    if (limit <= 0) limit = 10000;
    if (limit > 1000000) limit = 1000000;
    a.limit = limit;
  } else a.limit = 0;
  return i;
}

function newAddTrimArgs(): AddTrimArgs {
  return { id: 0n, idGiven: false, seqGiven: true, noMkstream: false, strategy: 'none', strategyArgIdx: 0, approx: false, limit: 0, maxlen: 0, minid: 0n };
}

/**
 * After `~` trimming, the logged command says `= <exact result>` instead, so
 * replaying it is deterministic (streamRewriteTrimArgument): the length for
 * MAXLEN, the first entry's ID (tombstones included) for MINID.
 */
function rewriteTrim(out: string[], s: Stream, a: AddTrimArgs): void {
  out[a.strategyArgIdx - 1] = '=';
  out[a.strategyArgIdx] = a.strategy === 'maxlen' ? String(s.length) : formatId(s.edgeId(true, false));
}

function trimArgs(a: AddTrimArgs) {
  return { strategy: a.strategy as 'maxlen' | 'minid', approx: a.approx, limit: a.limit, maxlen: a.maxlen, minid: a.minid };
}

// ---------------------------------------------------------------- XADD

/** Decimal text of an ID's ms part, remembered: consecutive automatic IDs mostly share it. */
let lastMsNum = -1;
let lastMsText = '';
function msText(ms: number): string {
  if (ms !== lastMsNum) {
    lastMsNum = ms;
    lastMsText = u53ToString(ms);
  }
  return lastMsText;
}

function xadd(c: Client, argv: string[]): void {
  const a = newAddTrimArgs();
  const idpos = parseAddTrimArgs(c, argv, a, true);
  if (idpos < 0) return;
  const fieldPos = idpos + 1;
  const nargs = argv.length - fieldPos;
  if (nargs < 2 || nargs % 2 === 1) {
    c.w.error(wrongArity('xadd'));
    return;
  }
  if (a.idGiven && a.seqGiven && a.id === 0n) {
    c.w.error('ERR The ID specified in XADD must be greater than 0-0');
    return;
  }
  const key = argv[1];
  let s = writeStream(c, key);
  if (s === null) return;
  if (s === undefined) {
    if (a.noMkstream) {
      c.w.nil();
      return;
    }
    s = new Stream();
    c.db.set(key, s);
  }
  // Only a last ID with parts beyond safe integers can be the largest one; the
  // BigInt form is built only then or when an ID was given (XADD * stays BigInt-free).
  if (s.lastMs < 0 && s.lastId === MAX_ID) {
    c.w.error('ERR The stream has exhausted the last possible ID, unable to add more items');
    return;
  }
  // The new ID (streamAppendItem). An automatic ID on a stream whose last ID
  // has safe-integer parts is made with plain numbers (the common case).
  let id: StreamId | null = null;
  let msN = -1;
  let seqN = -1;
  const last = a.idGiven || s.lastMs < 0 || s.lastSeq >= Number.MAX_SAFE_INTEGER ? s.lastId : 0n;
  if (a.idGiven) {
    if (a.seqGiven) id = a.id;
    else {
      const ms = a.id >> 64n;
      if (last >> 64n === ms) {
        if ((last & MASK64) === MASK64) {
          c.w.error('ERR The ID specified in XADD is equal or smaller than the target stream top item');
          return;
        }
        id = last + 1n;
      } else id = a.id;
    }
  } else {
    const t = now(c);
    if (s.lastMs >= 0 && t > s.lastMs) {
      msN = t;
      seqN = 0;
    } else if (s.lastMs >= 0 && s.lastSeq < Number.MAX_SAFE_INTEGER) {
      msN = s.lastMs;
      seqN = s.lastSeq + 1;
    } else {
      const ms = BigInt(t);
      id = ms > last >> 64n ? ms << 64n : last + 1n;
    }
  }
  if (id !== null && id <= last) {
    c.w.error('ERR The ID specified in XADD is equal or smaller than the target stream top item');
    return;
  }
  let total = 0;
  for (let i = fieldPos; i < argv.length; i++) total += argv[i].length;
  if (total > 1 << 30) {
    c.w.error('ERR Elements are too large to be stored');
    return;
  }
  const config = c.server.config;
  const maxBytes = config.num('stream-node-max-bytes');
  const maxEntries = config.num('stream-node-max-entries');
  let idText: string;
  if (id === null) {
    s.appendParts(msN, seqN, null, argv, fieldPos, nargs / 2, maxBytes, maxEntries);
    idText = msText(msN) + '-' + u53ToString(seqN);
  } else {
    s.append(id, argv, fieldPos, nargs / 2, maxBytes, maxEntries);
    idText = formatId(id);
  }
  c.w.bulk(idText);
  c.db.signalModified(key);
  notify(c, NOTIFY_STREAM, 'xadd', key);
  c.server.dirty++;
  let logged: string[] | null = null;
  if (a.strategy !== 'none') {
    if (s.trim(trimArgs(a)) !== 0) notify(c, NOTIFY_STREAM, 'xtrim', key);
    if (a.approx && c.server.propagation.active) {
      logged = argv.slice();
      rewriteTrim(logged, s, a);
    }
  }
  if ((!a.idGiven || !a.seqGiven) && c.server.propagation.active) {
    if (logged === null) logged = argv.slice();
    logged[idpos] = idText;
  }
  if (logged !== null) propagateAs(c, logged);
  c.server.blocking.signalStreamReady(c.db, key);
}

// ---------------------------------------------------------------- XRANGE XREVRANGE XLEN

function xrangeGeneric(c: Client, argv: string[], rev: boolean): void {
  const startArg = rev ? argv[3] : argv[2];
  const endArg = rev ? argv[2] : argv[3];
  const start = rangeStart(c, startArg);
  if (start === null) return;
  const end = rangeEnd(c, endArg);
  if (end === null) return;
  let count = -1;
  for (let j = 4; j < argv.length; j++) {
    const more = argv.length - j - 1;
    if (argv[j].toLowerCase() === 'count' && more >= 1) {
      const v = intArg(c, argv[j + 1]);
      if (v === null) return;
      count = v < 0 ? 0 : toNum(v);
      j++;
    } else {
      c.w.error(SYNTAX);
      return;
    }
  }
  const s = readStream(c, argv[1]);
  if (s === null) return;
  if (s === undefined) {
    c.w.array(0);
    return;
  }
  if (count === 0) c.w.nilArray();
  else replyRange(c.w, s, start, end, count === -1 ? 0 : count, rev);
}

function xrange(c: Client, argv: string[]): void {
  xrangeGeneric(c, argv, false);
}

function xrevrange(c: Client, argv: string[]): void {
  xrangeGeneric(c, argv, true);
}

function xlen(c: Client, argv: string[]): void {
  const s = readStream(c, argv[1]);
  if (s === null) return;
  c.w.integer(s === undefined ? 0 : s.length);
}

// ---------------------------------------------------------------- XDEL XTRIM

function xdel(c: Client, argv: string[]): void {
  const key = argv[1];
  const s = writeStream(c, key);
  if (s === null) return;
  if (s === undefined) {
    c.w.integer(0);
    return;
  }
  // All IDs are checked first: the command runs all or nothing.
  const ids: StreamId[] = [];
  for (let j = 2; j < argv.length; j++) {
    const id = parseStreamId(argv[j], 0n, true);
    if (id === BAD_ID) {
      c.w.error(INVALID_ID);
      return;
    }
    ids.push(id);
  }
  let deleted = 0;
  let firstEntry = false;
  for (const id of ids) {
    if (s.delete(id)) {
      if (id === s.firstId) firstEntry = true;
      if (id > s.maxDeletedId) s.maxDeletedId = id;
      deleted++;
    }
  }
  if (deleted !== 0) {
    if (s.length === 0) s.firstId = 0n;
    else if (firstEntry) s.firstId = s.edgeId(true, true);
    c.db.signalModified(key);
    notify(c, NOTIFY_STREAM, 'xdel', key);
    c.server.dirty += deleted;
  }
  c.w.integer(deleted);
}

function xtrim(c: Client, argv: string[]): void {
  const a = newAddTrimArgs();
  if (parseAddTrimArgs(c, argv, a, false) < 0) return;
  const key = argv[1];
  const s = writeStream(c, key);
  if (s === null) return;
  if (s === undefined) {
    c.w.integer(0);
    return;
  }
  const deleted = s.trim(trimArgs(a));
  if (deleted !== 0) {
    notify(c, NOTIFY_STREAM, 'xtrim', key);
    if (a.approx && c.server.propagation.active) {
      const logged = argv.slice();
      rewriteTrim(logged, s, a);
      propagateAs(c, logged);
    }
    c.db.signalModified(key);
    c.server.dirty += deleted;
  }
  c.w.integer(deleted);
}

// ---------------------------------------------------------------- XSETID

function xsetid(c: Client, argv: string[]): void {
  const id = parseStreamId(argv[2], 0n, true);
  if (id === BAD_ID) {
    c.w.error(INVALID_ID);
    return;
  }
  let entriesAdded = -1n;
  let maxXdel = 0n;
  let i = 3;
  while (i < argv.length) {
    const more = argv.length - 1 - i;
    const opt = argv[i].toLowerCase();
    if (opt === 'entriesadded' && more > 0) {
      const v = intArg(c, argv[i + 1]);
      if (v === null) return;
      if (v < 0) {
        c.w.error('ERR entries_added must be positive');
        return;
      }
      entriesAdded = BigInt(v);
      i += 2;
    } else if (opt === 'maxdeletedid' && more > 0) {
      const m = parseStreamId(argv[i + 1], 0n, true);
      if (m === BAD_ID) {
        c.w.error(INVALID_ID);
        return;
      }
      if (id < m) {
        c.w.error('ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id');
        return;
      }
      maxXdel = m;
      i += 2;
    } else {
      c.w.error(SYNTAX);
      return;
    }
  }
  const key = argv[1];
  const v = c.db.get(key);
  if (v === undefined) {
    c.w.error(NO_SUCH_KEY);
    return;
  }
  if (typeOf(v) !== 'stream') {
    c.w.error(WRONGTYPE);
    return;
  }
  const s = v as Stream;
  if (id < s.maxDeletedId) {
    c.w.error('ERR The ID specified in XSETID is smaller than current max_deleted_entry_id');
    return;
  }
  if (s.length > 0) {
    if (id < s.lastValidId()) {
      c.w.error('ERR The ID specified in XSETID is smaller than the target stream top item');
      return;
    }
    if (entriesAdded !== -1n && BigInt(s.length) > entriesAdded) {
      c.w.error('ERR The entries_added specified in XSETID is smaller than the target stream length');
      return;
    }
  }
  s.lastId = id;
  if (entriesAdded !== -1n) s.entriesAdded = entriesAdded;
  if (maxXdel !== 0n) s.maxDeletedId = maxXdel;
  // Like Redis, XSETID does not signal the key as modified (no WATCH / tracking invalidation).
  c.w.ok();
  c.server.dirty++;
  notify(c, NOTIFY_STREAM, 'xsetid', key);
}

// ---------------------------------------------------------------- XREAD XREADGROUP

/** Parses XREAD's BLOCK milliseconds (getTimeoutFromObjectOrReply, UNIT_MILLISECONDS): the ms, or null after replying. */
function parseBlockMs(c: Client, arg: string): number | null {
  const v = intArg(c, arg, 'ERR timeout is not an integer or out of range');
  if (v === null) return null;
  if (v < 0) {
    c.w.error('ERR timeout is negative');
    return null;
  }
  if (v > 0 && BigInt(v) > BigInt(LLONG_MAX) - BigInt(Date.now())) {
    c.w.error('ERR timeout is out of range');
    return null;
  }
  return toNum(v);
}

function xread(c: Client, argv: string[]): void {
  const xreadgroup = argv[0].length === 10;
  const argc = argv.length;
  const w = c.w;
  let timeout = -1;
  let count = 0;
  let streamsArg = 0;
  let streamsCount = 0;
  let noack = false;
  let groupName: string | null = null;
  let consumerName = '';
  for (let i = 1; i < argc; i++) {
    const more = argc - i - 1;
    const o = argv[i].toLowerCase();
    if (o === 'block' && more > 0) {
      i++;
      const t = parseBlockMs(c, argv[i]);
      if (t === null) return;
      timeout = t;
    } else if (o === 'count' && more > 0) {
      i++;
      const v = intArg(c, argv[i]);
      if (v === null) return;
      count = v < 0 ? 0 : toNum(v);
    } else if (o === 'streams' && more > 0) {
      streamsArg = i + 1;
      streamsCount = argc - streamsArg;
      if (streamsCount % 2 !== 0) {
        const symbol = xreadgroup ? '>' : '$';
        w.error(`ERR Unbalanced '${xreadgroup ? 'xreadgroup' : 'xread'}' list of streams: for each stream key an ID or '${symbol}' must be specified.`);
        return;
      }
      streamsCount /= 2;
      break;
    } else if (o === 'group' && more >= 2) {
      if (!xreadgroup) {
        w.error('ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.');
        return;
      }
      groupName = argv[i + 1];
      consumerName = argv[i + 2];
      i += 2;
    } else if (o === 'noack') {
      if (!xreadgroup) {
        w.error('ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.');
        return;
      }
      noack = true;
    } else {
      w.error(SYNTAX);
      return;
    }
  }
  if (streamsArg === 0) {
    w.error(SYNTAX);
    return;
  }
  if (xreadgroup && groupName === null) {
    w.error('ERR Missing GROUP option for XREADGROUP');
    return;
  }
  const ids: StreamId[] = new Array(streamsCount);
  const groups: (ConsumerGroup | null)[] | null = groupName !== null ? new Array(streamsCount) : null;
  for (let i = streamsArg + streamsCount; i < argc; i++) {
    const idx = i - streamsArg - streamsCount;
    const key = argv[i - streamsCount];
    const s = readStream(c, key);
    if (s === null) return;
    if (groups !== null) {
      const g = s === undefined ? undefined : s.group(groupName!);
      if (g === undefined) {
        w.error(`NOGROUP No such key '${key}' or consumer group '${groupName}' in XREADGROUP with GROUP option`);
        return;
      }
      groups[idx] = g;
    }
    const arg = argv[i];
    if (arg === '$') {
      if (xreadgroup) {
        w.error(
          'ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.',
        );
        return;
      }
      ids[idx] = s === undefined ? 0n : s.lastId;
      continue;
    }
    if (arg === '>') {
      if (!xreadgroup) {
        w.error('ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.');
        return;
      }
      ids[idx] = MAX_ID;
      continue;
    }
    const id = parseStreamId(arg, 0n, true);
    if (id === BAD_ID) {
      w.error(INVALID_ID);
      return;
    }
    ids[idx] = id;
  }

  // Serve what is there now.
  let served = 0;
  const saved = w.out;
  w.out = '';
  let body = '';
  try {
    for (let i = 0; i < streamsCount; i++) {
      const key = argv[streamsArg + i];
      const s = readStream(c, key) as Stream | undefined;
      if (s === undefined) continue;
      let gt = ids[i];
      let serve = false;
      let history = false;
      let consumer: Consumer | null = null;
      if (groups !== null) {
        const g = groups[i]!;
        if (gt !== MAX_ID) {
          serve = true;
          history = true;
        } else if (s.length !== 0 && s.lastValidId() > g.lastId) {
          serve = true;
          gt = g.lastId;
        }
        consumer = g.consumers.get(consumerName) ?? null;
        if (consumer === null) {
          consumer = createConsumer(c, g, consumerName, key)!;
          if (noack && c.server.propagation.active) propagateAs(c, ['XGROUP', 'CREATECONSUMER', key, groupName!, consumerName]);
          sizeChanged(c, key);
        }
        consumer.seenTime = now(c);
      } else if (s.length !== 0 && s.lastValidId() > gt) serve = true;
      if (!serve) continue;
      served++;
      if (w.resp === 2) w.array(2);
      w.bulk(key);
      // Entries strictly after gt.
      const start = gt === MAX_ID ? 0n : gt + 1n;
      if (groups === null) replyRange(w, s, start, MAX_ID, count, false);
      else if (history) replyConsumerHistory(c, s, start, count, consumer!);
      else {
        const spi: PropInfo = { key, group: groupName! };
        replyGroupRange(c, s, start, count, groups[i]!, consumer!, noack, spi);
      }
      if (groups !== null) {
        c.server.dirty++;
        sizeChanged(c, key);
      }
    }
  } finally {
    body = w.out;
    w.out = saved;
  }
  // Consumer-group reads are logged through XCLAIM & co. only.
  propagateNothing(c);
  if (served !== 0) {
    if (w.resp === 2) w.array(served);
    else w.map(served);
    w.raw(body);
    return;
  }
  if (timeout !== -1) {
    // '$' becomes the ID it stood for, so waking up later serves only newer entries.
    let blockArgv = argv;
    for (let k = 0; k < streamsCount; k++) {
      const at = streamsArg + streamsCount + k;
      if (argv[at] === '$') {
        if (blockArgv === argv) blockArgv = argv.slice();
        blockArgv[at] = formatId(ids[k]);
      }
    }
    c.currentArgv = blockArgv;
    if (!c.server.blocking.block(c, argv.slice(streamsArg, streamsArg + streamsCount), timeout, 'nilArray', xreadgroup)) w.nilArray();
    return;
  }
  w.nilArray();
}

// ---------------------------------------------------------------- the table

const KEY: ArgDoc = { name: 'key', type: 'key', keySpecIndex: 0 };
const TRIM: ArgDoc = {
  name: 'trim',
  type: 'block',
  arguments: [
    {
      name: 'strategy',
      type: 'oneof',
      arguments: [
        { name: 'maxlen', type: 'pure-token', token: 'MAXLEN' },
        { name: 'minid', type: 'pure-token', token: 'MINID', since: '6.2.0' },
      ],
    },
    {
      name: 'operator',
      type: 'oneof',
      optional: true,
      arguments: [
        { name: 'equal', type: 'pure-token', token: '=' },
        { name: 'approximately', type: 'pure-token', token: '~' },
      ],
    },
    { name: 'threshold', type: 'string' },
    { name: 'count', type: 'integer', token: 'LIMIT', since: '6.2.0', optional: true },
  ],
};
const STREAMS_ARG: ArgDoc = {
  name: 'streams',
  type: 'block',
  token: 'STREAMS',
  arguments: [
    { name: 'key', type: 'key', keySpecIndex: 0, multiple: true },
    { name: 'id', type: 'string', multiple: true },
  ],
};

const streamCommands: CommandSpec[] = [
  {
    name: 'xadd',
    arity: -5,
    flags: ['write', 'denyoom', 'fast'],
    group: 'stream',
    since: '5.0.0',
    summary: 'Adds an entry to a stream, creating the stream if needed, optionally trimming it.',
    complexity: 'O(1) when adding a new entry, O(N) when trimming where N being the number of entries evicted.',
    acl: ['stream'],
    keys: { first: 1, last: 1, step: 1 },
    tips: ['nondeterministic_output'],
    history: [
      ['6.2.0', 'Added the `NOMKSTREAM` option, `MINID` trimming strategy and the `LIMIT` option.'],
      ['7.0.0', 'Added support for the `<ms>-*` explicit ID form.'],
    ],
    args: [
      KEY,
      { name: 'nomkstream', type: 'pure-token', token: 'NOMKSTREAM', since: '6.2.0', optional: true },
      { ...TRIM, optional: true },
      {
        name: 'id_or_auto',
        type: 'oneof',
        arguments: [
          { name: 'auto_id', type: 'pure-token', token: '*' },
          { name: 'id', type: 'string' },
        ],
      },
      {
        name: 'field_value',
        type: 'block',
        multiple: true,
        arguments: [
          { name: 'field', type: 'string' },
          { name: 'value', type: 'string' },
        ],
      },
    ],
    run: xadd,
  },
  {
    name: 'xlen',
    arity: 2,
    flags: ['readonly', 'fast'],
    group: 'stream',
    since: '5.0.0',
    summary: 'Counts the entries of a stream.',
    complexity: 'O(1)',
    acl: ['stream'],
    keys: { first: 1, last: 1, step: 1 },
    args: [KEY],
    run: xlen,
  },
  {
    name: 'xrange',
    arity: -4,
    flags: ['readonly'],
    group: 'stream',
    since: '5.0.0',
    summary: 'Lists the entries of a stream whose IDs fall in an interval, oldest first.',
    complexity: 'O(N) with N being the number of elements being returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).',
    acl: ['stream'],
    keys: { first: 1, last: 1, step: 1 },
    history: [['6.2.0', 'Added exclusive ranges.']],
    args: [KEY, { name: 'start', type: 'string' }, { name: 'end', type: 'string' }, { name: 'count', type: 'integer', token: 'COUNT', optional: true }],
    run: xrange,
  },
  {
    name: 'xrevrange',
    arity: -4,
    flags: ['readonly'],
    group: 'stream',
    since: '5.0.0',
    summary: 'Lists the entries of a stream whose IDs fall in an interval, newest first.',
    complexity: 'O(N) with N being the number of elements returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).',
    acl: ['stream'],
    keys: { first: 1, last: 1, step: 1 },
    history: [['6.2.0', 'Added exclusive ranges.']],
    args: [KEY, { name: 'end', type: 'string' }, { name: 'start', type: 'string' }, { name: 'count', type: 'integer', token: 'COUNT', optional: true }],
    run: xrevrange,
  },
  {
    name: 'xdel',
    arity: -3,
    flags: ['write', 'fast'],
    group: 'stream',
    since: '5.0.0',
    summary: 'Deletes entries from a stream by ID; replies how many existed.',
    complexity: 'O(1) for each single item to delete in the stream, regardless of the stream size.',
    acl: ['stream'],
    keys: { first: 1, last: 1, step: 1 },
    args: [KEY, { name: 'id', type: 'string', multiple: true }],
    run: xdel,
  },
  {
    name: 'xtrim',
    arity: -4,
    flags: ['write'],
    group: 'stream',
    since: '5.0.0',
    summary: 'Removes the oldest entries of a stream down to a length or up to an ID, exactly or by whole nodes.',
    complexity: 'O(N), with N being the number of evicted entries. Constant times are very small however, since entries are organized in macro nodes containing multiple entries that can be released with a single deallocation.',
    acl: ['stream'],
    keys: { first: 1, last: 1, step: 1 },
    tips: ['nondeterministic_output'],
    history: [['6.2.0', 'Added the `MINID` trimming strategy and the `LIMIT` option.']],
    args: [KEY, TRIM],
    run: xtrim,
  },
  {
    name: 'xsetid',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    group: 'stream',
    since: '5.0.0',
    summary: "Sets a stream's last ID, entries-added counter and highest deleted ID (used to replicate streams).",
    complexity: 'O(1)',
    acl: ['stream'],
    keys: { first: 1, last: 1, step: 1 },
    history: [['7.0.0', 'Added the `entries_added` and `max_deleted_entry_id` arguments.']],
    args: [
      KEY,
      { name: 'last-id', type: 'string' },
      { name: 'entries_added', type: 'integer', token: 'ENTRIESADDED', since: '7.0.0', optional: true },
      { name: 'max_deleted_entry_id', type: 'string', token: 'MAXDELETEDID', since: '7.0.0', optional: true },
    ],
    run: xsetid,
  },
  {
    name: 'xread',
    arity: -4,
    flags: ['readonly', 'blocking', 'movablekeys'],
    group: 'stream',
    since: '5.0.0',
    summary: 'Reads entries newer than given IDs from one or more streams, optionally waiting for them.',
    complexity: 'For each stream mentioned: O(N) with N being the number of elements being returned, it means that XREAD-ing with a fixed COUNT is O(1). Note that when the BLOCK option is used, XADD will pay O(M) time in order to serve the M clients blocked on the stream getting new data.',
    acl: ['stream'],
    args: [
      { name: 'count', type: 'integer', token: 'COUNT', optional: true },
      { name: 'milliseconds', type: 'integer', token: 'BLOCK', optional: true },
      STREAMS_ARG,
    ],
    run: xread,
  },
  {
    name: 'xreadgroup',
    arity: -7,
    flags: ['write', 'blocking', 'movablekeys'],
    group: 'stream',
    since: '5.0.0',
    summary: "Reads entries for a consumer of a group: new ones (optionally waiting), or the consumer's pending history.",
    complexity: 'For each stream mentioned: O(M) with M being the number of elements returned. If M is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1). On the other side when XREADGROUP blocks, XADD will pay the O(N) time in order to serve the N clients blocked on the stream getting new data.',
    acl: ['stream'],
    args: [
      {
        name: 'group_consumer',
        type: 'block',
        token: 'GROUP',
        arguments: [
          { name: 'group', type: 'string' },
          { name: 'consumer', type: 'string' },
        ],
      },
      { name: 'count', type: 'integer', token: 'COUNT', optional: true },
      { name: 'milliseconds', type: 'integer', token: 'BLOCK', optional: true },
      { name: 'noack', type: 'pure-token', token: 'NOACK', optional: true },
      STREAMS_ARG,
    ],
    run: xread,
  },
];

export const commands: CommandSpec[] = [...streamCommands, ...groupCommands];

