// DUMP and RESTORE: a key's value in Redis's serialized form (an RDB value,
// the RDB version and a CRC64), so values move between Petrel and Redis.

import { propagateAs } from '../server/propagate.js';
import type { Client } from '../server/client.js';
import type { CommandSpec } from './types.js';
import { NOT_INTEGER, SYNTAX } from './errors.js';
import { parseI64 } from '../protocol/numbers.js';
import { encodeDumpPayload } from '../persistence/rdb-writer.js';
import { decodeDumpPayload } from '../persistence/rdb-reader.js';
import { notify, NOTIFY_GENERIC } from '../server/notify.js';

/** The newest RDB version Redis 7.2 restores. */
const MAX_RESTORE_VERSION = 11;

function dump(c: Client, argv: string[]): void {
  const v = c.db.lookupRead(argv[1]);
  if (v === undefined) {
    c.w.nil();
    return;
  }
  const payload = encodeDumpPayload(v, c.server.config.num('rdb-version'), c.server.config.bool('rdbcompression'));
  c.w.bulk(payload.latin1Slice(0, payload.length));
}

function restore(c: Client, argv: string[]): void {
  let replace = false;
  let absttl = false;
  let idle = -1;
  let freq = -1;
  for (let j = 4; j < argv.length; j++) {
    const opt = argv[j].toLowerCase();
    const more = argv.length - j - 1;
    if (opt === 'replace') replace = true;
    else if (opt === 'absttl') absttl = true;
    else if (opt === 'idletime' && more >= 1 && freq === -1) {
      const n = parseI64(argv[++j]);
      if (n === null) {
        c.w.error(NOT_INTEGER);
        return;
      }
      if (n < 0) {
        c.w.error('ERR Invalid IDLETIME value, must be >= 0');
        return;
      }
      idle = Number(n);
    } else if (opt === 'freq' && more >= 1 && idle === -1) {
      const n = parseI64(argv[++j]);
      if (n === null) {
        c.w.error(NOT_INTEGER);
        return;
      }
      if (n < 0 || n > 255) {
        c.w.error('ERR Invalid FREQ value, must be >= 0 and <= 255');
        return;
      }
      freq = Number(n);
    } else {
      c.w.error(SYNTAX);
      return;
    }
  }
  const db = c.db;
  const key = argv[1];
  if (!replace && db.get(key) !== undefined) {
    c.w.error('BUSYKEY Target key name already exists.');
    return;
  }
  const ttlArg = parseI64(argv[2]);
  if (ttlArg === null) {
    c.w.error(NOT_INTEGER);
    return;
  }
  if (ttlArg < 0) {
    c.w.error('ERR Invalid TTL value, must be >= 0');
    return;
  }
  const value = decodeDumpPayload(Buffer.from(argv[3], 'latin1'), c.server.keyspace.limits, MAX_RESTORE_VERSION);
  if (value === 'footer') {
    c.w.error('ERR DUMP payload version or checksum are wrong');
    return;
  }
  if (value === 'format') {
    c.w.error('ERR Bad data format');
    return;
  }
  const deleted = replace && db.delete(key);
  let when: number | bigint = 0;
  if (ttlArg !== 0) {
    when = absttl ? ttlArg : typeof ttlArg === 'bigint' ? ttlArg + BigInt(c.server.keyspace.now) : ttlArg + c.server.keyspace.now;
    if (when <= c.server.keyspace.now) {
      // Already expired: nothing is created; a replaced key counts as deleted.
      if (deleted) {
        propagateAs(c, ['DEL', key]);
        c.server.dirty++;
        notify(c, NOTIFY_GENERIC, 'del', key);
      }
      c.w.ok();
      return;
    }
  }
  db.set(key, value);
  if (ttlArg !== 0) db.setExpireExact(key, when);
  // A relative TTL is logged as absolute, so a replay expires the key at the same instant.
  if (ttlArg !== 0 && !absttl && c.server.propagation.active) {
    const logged = argv.slice();
    logged[2] = String(when);
    logged.push('ABSTTL');
    propagateAs(c, logged);
  }
  if (idle >= 0) db.setIdle(key, idle);
  else if (freq >= 0) db.setFreq(key, freq);
  c.server.dirty++;
  notify(c, NOTIFY_GENERIC, 'restore', key);
  c.w.ok();
}

export const commands: CommandSpec[] = [
  {
    name: 'dump',
    arity: 2,
    flags: ['readonly'],
    group: 'generic',
    since: '2.6.0',
    summary: "Returns a key's value in Redis's serialized form, for RESTORE.",
    complexity: 'O(1) to find the key, plus O(N*M) to serialize N elements of average size M.',
    acl: ['keyspace'],
    tips: ['nondeterministic_output'],
    keys: { first: 1, last: 1, step: 1 },
    args: [{ name: 'key', type: 'key', keySpecIndex: 0 }],
    run: dump,
  },
  {
    name: 'restore',
    arity: -4,
    flags: ['write', 'denyoom'],
    group: 'generic',
    since: '2.6.0',
    summary: 'Creates a key from a value serialized by DUMP.',
    complexity: 'O(N*M) to rebuild N elements of average size M; O(N*M*log(N)) for sorted sets.',
    acl: ['keyspace', 'dangerous'],
    keys: { first: 1, last: 1, step: 1 },
    history: [
      ['3.0.0', 'The `REPLACE` option.'],
      ['5.0.0', 'The `ABSTTL` option.'],
      ['5.0.0', 'The `IDLETIME` and `FREQ` options.'],
    ],
    args: [
      { name: 'key', type: 'key', keySpecIndex: 0 },
      { name: 'ttl', type: 'integer' },
      { name: 'serialized-value', type: 'string' },
      { name: 'replace', type: 'pure-token', token: 'REPLACE', optional: true, since: '3.0.0' },
      { name: 'absttl', type: 'pure-token', token: 'ABSTTL', optional: true, since: '5.0.0' },
      { name: 'seconds', type: 'integer', token: 'IDLETIME', optional: true, since: '5.0.0' },
      { name: 'frequency', type: 'integer', token: 'FREQ', optional: true, since: '5.0.0' },
    ],
    run: restore,
  },
];
