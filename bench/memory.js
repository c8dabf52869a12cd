#!/usr/bin/env node
// Memory comparison: load N string keys into a real redis-server and into
// Petrel, then report bytes per key.
//
//   node bench/memory.js                 # 1,000,000 keys
//   node bench/memory.js --keys 200000
//
// Each key is `SET key:<i> <20-byte value>`, sent pipelined over one raw
// socket. For Redis we read `used_memory` (its allocator's count) and RSS; for
// Petrel the process RSS (/proc/<pid>/status VmRSS), each minus its value
// before loading. See bench/README.md for caveats.

import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, info, rssOf, startPetrel, startRedis, table } from './lib.js';

function parseArgs(argv) {
  const o = { keys: 1_000_000, settleMs: 3000, out: path.join(ROOT, 'bench', 'results', 'memory.json') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--keys' || a === '-n') o.keys = Number(argv[++i]);
    else if (a === '--settle') o.settleMs = Number(argv[++i]);
    else if (a === '--out') o.out = path.resolve(argv[++i]);
    else if (a === '-h' || a === '--help') {
      process.stdout.write('Usage: node bench/memory.js [--keys N] [--settle MS] [--out FILE]\n');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  if (!Number.isInteger(o.keys) || o.keys <= 0) throw new Error('--keys needs a positive integer');
  return o;
}

/** A 20-byte, non-numeric value that differs per key. */
function valueOf(i) {
  return 'val:' + String(i).padStart(16, '0');
}

function setCmd(i) {
  const k = `key:${i}`;
  const v = valueOf(i);
  return `*3\r\n$3\r\nSET\r\n$${k.length}\r\n${k}\r\n$${v.length}\r\n${v}\r\n`;
}

/** Pipelines `n` SETs over one connection; every reply must be +OK. */
function load(port, n, batch = 10000) {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ port, host: '127.0.0.1' });
    const OK = 5; // "+OK\r\n"
    let sent = 0;
    let receivedBytes = 0;
    let inflight = 0;
    const pump = () => {
      while (sent < n && inflight < 4) {
        const end = Math.min(n, sent + batch);
        let s = '';
        for (let i = sent; i < end; i++) s += setCmd(i);
        sock.write(s, 'latin1');
        sent = end;
        inflight++;
      }
    };
    sock.on('connect', pump);
    sock.on('data', (d) => {
      if (d.includes(0x2d /* '-' */)) {
        sock.destroy();
        return reject(new Error(`error reply while loading: ${d.toString('latin1').slice(0, 200)}`));
      }
      receivedBytes += d.length;
      const done = Math.floor(receivedBytes / OK);
      inflight = Math.ceil((sent - done) / batch);
      if (done >= n) {
        sock.end();
        return resolve();
      }
      pump();
    });
    sock.on('error', reject);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function measure(srv, keys, settleMs) {
  await sleep(500);
  const before = { rss: rssOf(srv.pid), info: await info(srv.port, 'memory') };
  const t0 = Date.now();
  await load(srv.port, keys);
  const loadMs = Date.now() - t0;
  const dbsize = await info(srv.port, 'keyspace');
  await sleep(settleMs);
  const after = { rss: rssOf(srv.pid), info: await info(srv.port, 'memory') };
  const usedBefore = Number(before.info.used_memory);
  const usedAfter = Number(after.info.used_memory);
  return {
    loadMs,
    keyspace: dbsize.db0 ?? '(no db0 line)',
    rssBefore: before.rss,
    rssAfter: after.rss,
    rssPerKey: before.rss !== null && after.rss !== null ? (after.rss - before.rss) / keys : NaN,
    usedMemoryBefore: Number.isFinite(usedBefore) ? usedBefore : null,
    usedMemoryAfter: Number.isFinite(usedAfter) ? usedAfter : null,
    usedMemoryPerKey: Number.isFinite(usedBefore) && Number.isFinite(usedAfter) ? (usedAfter - usedBefore) / keys : NaN,
  };
}

function mb(n) {
  return n === null || !Number.isFinite(n) ? '-' : (n / 1048576).toFixed(1) + ' MB';
}
function per(n) {
  return Number.isFinite(n) ? n.toFixed(1) : '-';
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (!fs.existsSync('/proc/self/status')) process.stderr.write('WARNING: no /proc: RSS figures unavailable on this OS\n');
  console.log(`loading ${o.keys.toLocaleString('en-US')} keys: SET key:<i> <20-byte value>`);

  const redis = await startRedis();
  let r;
  try {
    r = await measure(redis, o.keys, o.settleMs);
  } finally {
    await redis.stop();
  }
  const petrel = await startPetrel();
  let p;
  try {
    p = await measure(petrel, o.keys, o.settleMs);
  } finally {
    await petrel.stop();
  }

  console.log(`redis  ${r.keyspace}  loaded in ${(r.loadMs / 1000).toFixed(1)} s`);
  console.log(`petrel ${p.keyspace}  loaded in ${(p.loadMs / 1000).toFixed(1)} s`);
  console.log('');
  console.log(
    table(
      ['measure', 'Redis', 'Petrel'],
      [
        ['RSS before', mb(r.rssBefore), mb(p.rssBefore)],
        ['RSS after', mb(r.rssAfter), mb(p.rssAfter)],
        ['RSS bytes/key', per(r.rssPerKey), per(p.rssPerKey)],
        ['used_memory bytes/key', per(r.usedMemoryPerKey), per(p.usedMemoryPerKey)],
      ],
    ),
  );
  const ratioUsed = p.rssPerKey / r.usedMemoryPerKey;
  const ratioRss = p.rssPerKey / r.rssPerKey;
  console.log('');
  console.log(`Petrel RSS/key ÷ Redis used_memory/key: ${ratioUsed.toFixed(2)}`);
  console.log(`Petrel RSS/key ÷ Redis RSS/key:         ${ratioRss.toFixed(2)}`);

  const json = { date: new Date().toISOString(), keys: o.keys, valueBytes: 20, redisVersion: redis.version, redis: r, petrel: p, ratioPetrelRssToRedisUsedMemory: ratioUsed, ratioPetrelRssToRedisRss: ratioRss };
  fs.mkdirSync(path.dirname(o.out), { recursive: true });
  fs.writeFileSync(o.out, JSON.stringify(json, null, 2) + '\n');
  console.log(`written ${path.relative(process.cwd(), o.out) || o.out}`);
}

main().catch((e) => {
  process.stderr.write(`bench:memory failed: ${e.stack ?? e}\n`);
  process.exit(1);
});
