// Replication commands, primary side: PSYNC, SYNC, REPLCONF (what replicas
// send), ROLE and WAIT. The protocol lives in src/replication/primary.ts.

import type { Client } from '../server/client.js';
import type { CommandSpec } from './types.js';
import { parseI64 } from '../protocol/numbers.js';
import { NOT_INTEGER, SYNTAX } from './errors.js';

function psync(c: Client, argv: string[]): void {
  if (c.replica !== null) return; // a second PSYNC on a replica link is ignored, as Redis
  const offset = parseI64(argv[2]);
  if (offset === null) {
    c.w.error(NOT_INTEGER);
    return;
  }
  c.server.replication.sync(c, argv[1], Number(offset), false);
}

function sync(c: Client): void {
  if (c.replica !== null) return;
  c.server.replication.sync(c, '?', -1, true);
}

function replconf(c: Client, argv: string[]): void {
  if (argv.length % 2 === 0) {
    c.w.error(SYNTAX);
    return;
  }
  for (let i = 1; i < argv.length; i += 2) {
    const opt = argv[i].toLowerCase();
    const val = argv[i + 1];
    if (opt === 'listening-port') {
      const port = parseI64(val);
      if (port === null) {
        c.w.error(NOT_INTEGER);
        return;
      }
      c.replconfPort = Number(port);
      if (c.replica !== null) c.replica.listeningPort = c.replconfPort;
    } else if (opt === 'ip-address') {
      c.replconfIp = val;
    } else if (opt === 'capa') {
      c.replconfCapa.push(val.toLowerCase());
    } else if (opt === 'ack' || opt === 'fack') {
      // Replicas report their offset; Redis never answers this.
      const off = parseI64(val);
      if (off !== null && opt === 'ack') c.server.replication.ack(c, Number(off));
      return;
    } else if (opt === 'getack') {
      // Only a primary asks this of its replica: nothing to do here.
      return;
    } else if (opt === 'rdb-only' || opt === 'rdb-filter-only') {
      // Accepted (redis-cli --rdb); Petrel always sends the whole stream after the RDB.
    } else {
      c.w.error(`ERR Unrecognized REPLCONF option: ${argv[i]}`);
      return;
    }
  }
  c.w.ok();
}

function role(c: Client): void {
  const r = c.server.replication;
  const online = [...r.replicas].filter((l) => l.state === 'online');
  c.w.array(3);
  c.w.bulk('master');
  c.w.integer(r.offset);
  c.w.array(online.length);
  for (const l of online) {
    c.w.array(3);
    c.w.bulk(l.ip());
    c.w.bulk(String(l.listeningPort));
    c.w.bulk(String(l.ackOffset));
  }
}

function wait(c: Client, argv: string[]): void {
  const n = parseI64(argv[1]);
  const t = parseI64(argv[2]);
  if (n === null || t === null) {
    c.w.error(NOT_INTEGER);
    return;
  }
  if (t < 0) {
    c.w.error('ERR timeout is negative');
    return;
  }
  c.server.replication.wait(c, Number(n), Number(t));
}

export const commands: CommandSpec[] = [
  {
    name: 'psync',
    arity: -3,
    flags: ['admin', 'noscript', 'no_async_loading', 'no_multi'],
    group: 'server',
    since: '2.8.0',
    summary: 'Replication handshake: asks for the stream from an offset, or a full copy.',
    complexity: 'undefined',
    args: [
      { name: 'replicationid', type: 'string' },
      { name: 'offset', type: 'integer' },
    ],
    run: psync,
  },
  {
    name: 'sync',
    arity: 1,
    flags: ['admin', 'noscript', 'no_async_loading', 'no_multi'],
    group: 'server',
    since: '1.0.0',
    summary: 'Old replication handshake: a full copy of the dataset, then the stream.',
    complexity: 'undefined',
    run: sync,
  },
  {
    name: 'replconf',
    arity: -1,
    flags: ['admin', 'noscript', 'loading', 'stale', 'allow_busy'],
    group: 'server',
    since: '3.0.0',
    summary: 'Replica-to-primary settings and acknowledgements (internal).',
    complexity: 'O(1)',
    run: replconf,
  },
  {
    name: 'role',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast'],
    group: 'server',
    since: '2.8.12',
    summary: 'The instance’s replication role, offset and replicas.',
    complexity: 'O(1)',
    acl: ['admin', 'dangerous'],
    run: role,
  },
  {
    name: 'wait',
    arity: 3,
    flags: ['noscript'],
    group: 'generic',
    since: '3.0.0',
    summary: 'Waits until this connection’s writes reached a number of replicas, or a timeout.',
    complexity: 'O(1)',
    acl: ['slow', 'connection'],
    tips: ['request_policy:all_shards', 'response_policy:agg_min'],
    args: [
      { name: 'numreplicas', type: 'integer' },
      { name: 'timeout', type: 'integer' },
    ],
    run: wait,
  },
];
