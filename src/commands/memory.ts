// MEMORY: USAGE, STATS, DOCTOR, MALLOC-STATS, PURGE, HELP.
//
// Redis answers from its allocator; Petrel from its own estimates
// (data/memory.ts: a key's bytes plus a per-element overhead measured on V8,
// collections sampled like Redis's SAMPLES) and from V8's heap figures. The
// reply shapes are Redis's; the numbers are Petrel's.

import type { Client } from '../server/client.js';
import type { CommandSpec } from './types.js';
import { parseI64 } from '../protocol/numbers.js';
import { NOT_INTEGER, SYNTAX } from './errors.js';
import { replyHelp } from './command.js';
import { estimateKeyBytes } from '../data/memory.js';
import { STARTUP_OVERHEAD } from '../server/evict.js';

const HELP = [
  'DOCTOR',
  '    Report memory problems Petrel can see.',
  'MALLOC-STATS',
  '    Show V8 heap statistics (Petrel has no malloc of its own to report on).',
  'PURGE',
  '    Run a garbage collection when node was started with --expose-gc.',
  'STATS',
  '    Show memory use of the server, by part.',
  'USAGE <key> [SAMPLES <count>]',
  '    Estimated bytes used by <key> and its value. Collections are sampled',
  '    <count> elements (default 5, 0 measures all).',
];

function usage(c: Client, argv: string[]): void {
  let samples = 5;
  for (let i = 3; i < argv.length; i++) {
    if (argv[i].toLowerCase() === 'samples' && i + 1 < argv.length) {
      const n = parseI64(argv[++i]);
      if (n === null) {
        c.w.error(NOT_INTEGER);
        return;
      }
      if (n < 0) {
        c.w.error(SYNTAX);
        return;
      }
      samples = Number(n);
    } else {
      c.w.error(SYNTAX);
      return;
    }
  }
  const v = c.db.getNoTouch(argv[2]);
  if (v === undefined) c.w.nil();
  else c.w.integer(Math.round(estimateKeyBytes(argv[2], v, samples)));
}

/** Dataset bytes: the running total while maxmemory is set, else a sampled estimate. */
function datasetBytes(c: Client): { total: number; keys: number } {
  const server = c.server;
  let keys = 0;
  for (const db of server.keyspace.dbs) keys += db.size;
  if (server.evictor.maxmemory !== 0) return { total: server.evictor.dataset(), keys };
  let total = 0;
  for (const db of server.keyspace.dbs) {
    if (db.size === 0) continue;
    // Up to 64 keys per database, scaled to its size.
    const sample: string[] = [];
    db.sampleKeys(64, false, sample);
    let sum = 0;
    let n = 0;
    for (const k of sample) {
      const v = db.dict.get(k);
      if (v === undefined) continue;
      sum += estimateKeyBytes(k, v);
      n++;
    }
    if (n > 0) total += (sum / n) * db.size;
  }
  return { total: Math.round(total), keys };
}

function stats(c: Client): void {
  const server = c.server;
  const mem = process.memoryUsage();
  const { total: dataset, keys } = datasetBytes(c);
  const used = server.evictor.maxmemory !== 0 ? server.evictor.used() : mem.heapUsed;
  let normal = 0;
  let replicas = 0;
  for (const cl of server.clients.values()) {
    const pending = cl.outputPending();
    if (cl.replica !== null) replicas += pending;
    else normal += pending;
  }
  const w = c.w;
  const dbs = server.keyspace.dbs.filter((db) => db.size !== 0);
  const fields: [string, number][] = [
    ['peak.allocated', mem.heapTotal],
    ['total.allocated', used],
    ['startup.allocated', STARTUP_OVERHEAD],
    ['replication.backlog', server.replication.backlogActive ? server.replication.backlogSize : 0],
    ['clients.slaves', replicas],
    ['clients.normal', normal],
    ['cluster.links', 0],
    ['aof.buffer', server.aof.bufferLength],
    ['lua.caches', 0],
    ['functions.caches', 0],
  ];
  w.map(fields.length + dbs.length + 13);
  for (const [k, v] of fields) {
    w.bulk(k);
    w.integer(v);
  }
  for (const db of dbs) {
    w.bulk(`db.${db.id}`);
    w.map(2);
    w.bulk('overhead.hashtable.main');
    w.integer(db.size * 40);
    w.bulk('overhead.hashtable.expires');
    w.integer(db.expires.size * 40);
  }
  const overhead = used - dataset > 0 ? used - dataset : 0;
  const rest: [string, number, boolean][] = [
    ['overhead.total', overhead, false],
    ['keys.count', keys, false],
    ['keys.bytes-per-key', keys === 0 ? 0 : Math.floor(dataset / keys), false],
    ['dataset.bytes', dataset, false],
    ['dataset.percentage', used === 0 ? 0 : (dataset * 100) / used, true],
    ['peak.percentage', mem.heapTotal === 0 ? 0 : (used * 100) / mem.heapTotal, true],
    ['allocator.allocated', mem.heapUsed, false],
    ['allocator.active', mem.heapTotal, false],
    ['allocator.resident', mem.rss, false],
    ['allocator-fragmentation.ratio', mem.heapUsed === 0 ? 0 : mem.heapTotal / mem.heapUsed, true],
    ['rss-overhead.ratio', mem.heapTotal === 0 ? 0 : mem.rss / mem.heapTotal, true],
    ['fragmentation', used === 0 ? 0 : mem.rss / used, true],
    ['fragmentation.bytes', mem.rss - used, false],
  ];
  for (const [k, v, isFloat] of rest) {
    w.bulk(k);
    if (isFloat) w.double(v);
    else w.integer(Math.round(v));
  }
}

function doctor(c: Client): void {
  const mem = process.memoryUsage();
  const lines: string[] = [];
  const used = c.server.evictor.maxmemory !== 0 ? c.server.evictor.used() : mem.heapUsed;
  const max = c.server.evictor.maxmemory;
  if (max !== 0 && used > max * 0.9) lines.push(`* Used memory (${used} bytes, Petrel's estimate) is within 10% of maxmemory (${max}).`);
  if (mem.rss > 4 * mem.heapTotal && mem.rss > 256 * 1024 * 1024) {
    lines.push(`* The process RSS (${mem.rss} bytes) is more than 4 times the V8 heap (${mem.heapTotal}): large buffers or memory not yet returned to the system.`);
  }
  let bigBuffers = 0;
  for (const cl of c.server.clients.values()) if ((cl.outputPending()) > 1024 * 1024) bigBuffers++;
  if (bigBuffers > 0) lines.push(`* ${bigBuffers} client(s) have more than 1 MB of replies their peer has not read yet.`);
  c.w.verbatim(lines.length === 0 ? 'Petrel found no memory problems worth reporting.' : `Petrel found these memory issues:\n\n${lines.join('\n')}\n`);
}

function mallocStats(c: Client): void {
  const mem = process.memoryUsage();
  c.w.verbatim(
    `Petrel runs on V8 and has no malloc statistics; V8 reports:\nheap_used:${mem.heapUsed}\nheap_total:${mem.heapTotal}\nexternal:${mem.external}\narray_buffers:${mem.arrayBuffers}\nrss:${mem.rss}\n`,
  );
}

function purge(c: Client): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) gc();
  c.w.ok();
}

const MEMORY_TIPS = ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'];

export const commands: CommandSpec[] = [
  {
    name: 'memory',
    arity: -2,
    flags: [],
    group: 'server',
    since: '4.0.0',
    summary: 'Reports and manages the server’s memory use.',
    complexity: 'Depends on subcommand.',
    run: () => {},
    subcommands: [
      { name: 'help', arity: 2, flags: ['loading', 'stale'], group: 'server', since: '4.0.0', summary: 'Lists the MEMORY subcommands.', complexity: 'O(1)', run: (c, argv) => replyHelp(c, argv[0], HELP) },
      {
        name: 'usage',
        arity: -3,
        flags: ['readonly'],
        group: 'server',
        since: '4.0.0',
        summary: 'Estimated memory used by a key and its value.',
        complexity: 'O(N) where N is the number of samples.',
        keys: { first: 2, last: 2, step: 1 },
        args: [
          { name: 'key', type: 'key', keySpecIndex: 0 },
          { name: 'count', type: 'integer', token: 'SAMPLES', optional: true },
        ],
        run: usage,
      },
      { name: 'stats', arity: 2, flags: [], group: 'server', since: '4.0.0', summary: 'Memory use of the server, by part.', complexity: 'O(1)', tips: MEMORY_TIPS, run: stats },
      { name: 'malloc-stats', arity: 2, flags: [], group: 'server', since: '4.0.0', summary: 'Allocator statistics (V8 heap figures in Petrel).', complexity: 'Depends on how much memory is allocated, could be slow', tips: MEMORY_TIPS, run: mallocStats },
      { name: 'doctor', arity: 2, flags: [], group: 'server', since: '4.0.0', summary: 'Reports memory problems.', complexity: 'O(1)', tips: MEMORY_TIPS, run: doctor },
      { name: 'purge', arity: 2, flags: [], group: 'server', since: '4.0.0', summary: 'Asks for unused memory to be reclaimed.', complexity: 'Depends on how much memory is allocated, could be slow', tips: ['request_policy:all_shards', 'response_policy:all_succeeded'], run: purge },
    ],
  },
];
