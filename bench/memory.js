#!/usr/bin/env node
// Memory, side by side with a real redis-server: how much RSS each server
// grows by for
//   strings — 1M `SET key:<n> <16-byte value>`
//   hashes  — 1M small hashes, `HSET hash:<n>` with 5 short fields each
//   clients — 10,000 idle connections
// reported per key (or per client) and as the ratio Petrel/Redis.
//
//   node bench/memory.js                       # all three rows
//   node bench/memory.js --only strings,hashes --keys 200000 --clients 2000
//
// Each row starts both servers afresh. Petrel runs with --expose-gc and the
// script forces a collection (DEBUG GC) before each RSS reading, so garbage
// does not count; Redis's RSS is read as is (its allocator frees at once).
// RSS comes from /proc/<pid>/status (VmRSS). See bench/README.md.

import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, command, info, rssOf, startPetrel, startRedis, table } from './lib.js';

const ROWS = ['strings', 'hashes', 'clients'];

function parseArgs(argv) {
  const o = { keys: 1_000_000, clients: 10_000, settleMs: 2000, only: ROWS, out: path.join(ROOT, 'bench', 'results', 'memory.json') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--keys' || a === '-n') o.keys = Number(argv[++i]);
    else if (a === '--clients') o.clients = Number(argv[++i]);
    else if (a === '--settle') o.settleMs = Number(argv[++i]);
    else if (a === '--only') o.only = argv[++i].split(',');
    else if (a === '--out') o.out = path.resolve(argv[++i]);
    else if (a === '-h' || a === '--help') {
      process.stdout.write('Usage: node bench/memory.js [--only strings,hashes,clients] [--keys N] [--clients N] [--settle MS] [--out FILE]\n');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  for (const r of o.only) if (!ROWS.includes(r)) throw new Error(`unknown row ${r}`);
  return o;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function resp(argv) {
  let s = `*${argv.length}\r\n`;
  for (const a of argv) s += `$${a.length}\r\n${a}\r\n`;
  return s;
}

const WORKLOADS = {
  strings: (i) => resp(['SET', `key:${i}`, 'v:' + String(i).padStart(14, '0')]),
  hashes: (i) => resp(['HSET', `hash:${i}`, 'name', `user${i}`, 'age', String(i % 90), 'city', 'Lisbon', 'score', String(i * 7), 'active', '1']),
};

/** Pipelines `n` commands (one-line replies) over one connection; any error reply fails. */
function load(port, n, make, batch = 5000) {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ port, host: '127.0.0.1' });
    let sent = 0;
    let replies = 0;
    let tail = '';
    const pump = () => {
      while (sent < n && sent - replies < batch * 4) {
        const end = Math.min(n, sent + batch);
        let s = '';
        for (let i = sent; i < end; i++) s += make(i);
        sock.write(s, 'latin1');
        sent = end;
      }
    };
    sock.on('connect', pump);
    sock.on('data', (d) => {
      const text = tail + d.toString('latin1');
      if (text.includes('-')) {
        const line = text.split('\r\n').find((l) => l.startsWith('-'));
        if (line) {
          sock.destroy();
          return reject(new Error(`error reply while loading: ${line}`));
        }
      }
      const lines = text.split('\r\n');
      tail = lines.pop();
      replies += lines.length;
      if (replies >= n) {
        sock.end();
        return resolve();
      }
      pump();
    });
    sock.on('error', reject);
  });
}

/** Opens `n` idle connections (in waves, under tcp-backlog); returns the sockets. */
async function openIdle(port, n) {
  const socks = [];
  for (let i = 0; i < n; i += 500) {
    const wave = [];
    for (let j = i; j < Math.min(n, i + 500); j++) {
      wave.push(
        new Promise((resolve, reject) => {
          const s = net.connect({ port, host: '127.0.0.1' }, () => resolve(s));
          s.on('error', reject);
        }),
      );
    }
    socks.push(...(await Promise.all(wave)));
  }
  // Every connection accepted and registered: CLIENT LIST is not needed, INFO counts them.
  for (let k = 0; k < 100; k++) {
    const c = Number((await info(port, 'clients')).connected_clients);
    if (c >= n) break;
    await sleep(50);
  }
  return socks;
}

async function gc(srv) {
  if (srv.name !== 'petrel') return;
  const r = await command(srv.port, ['DEBUG', 'GC']);
  if (!r.startsWith('+OK')) throw new Error(`DEBUG GC: ${r}`);
  await sleep(200);
}

async function measureRow(srv, row, o) {
  await sleep(300);
  await gc(srv);
  const before = rssOf(srv.pid);
  let count;
  let socks = [];
  const t0 = Date.now();
  if (row === 'clients') {
    socks = await openIdle(srv.port, o.clients);
    count = o.clients;
  } else {
    await load(srv.port, o.keys, WORKLOADS[row]);
    count = o.keys;
  }
  const loadMs = Date.now() - t0;
  await sleep(o.settleMs);
  await gc(srv);
  const after = rssOf(srv.pid);
  const mem = await info(srv.port, 'memory');
  for (const s of socks) s.destroy();
  return { count, loadMs, rssBefore: before, rssAfter: after, perItem: (after - before) / count, usedMemory: Number(mem.used_memory) };
}

function mb(n) {
  return n === null || !Number.isFinite(n) ? '-' : (n / 1048576).toFixed(1) + ' MB';
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (!fs.existsSync('/proc/self/status')) throw new Error('no /proc: RSS figures unavailable on this OS');
  const extra = ['--maxclients', String(o.clients + 1000)];
  const results = {};
  const rows = [];
  for (const row of o.only) {
    const redis = await startRedis([], extra);
    let r;
    try {
      r = await measureRow(redis, row, o);
    } finally {
      await redis.stop();
    }
    const petrel = await startPetrel([], [...extra, '--enable-debug-command', 'yes'], ['--expose-gc']);
    let p;
    try {
      p = await measureRow(petrel, row, o);
    } finally {
      await petrel.stop();
    }
    results[row] = { redis: r, petrel: p, ratio: p.perItem / r.perItem };
    const unit = row === 'clients' ? 'client' : 'key';
    rows.push([`${row} (${r.count.toLocaleString('en-US')})`, `${r.perItem.toFixed(0)} B/${unit}`, `${p.perItem.toFixed(0)} B/${unit}`, (p.perItem / r.perItem).toFixed(2), `${mb(r.rssAfter)} / ${mb(p.rssAfter)}`]);
  }
  console.log(table(['workload', 'Redis RSS', 'Petrel RSS', 'Petrel/Redis', 'RSS after (R / P)'], rows));
  fs.mkdirSync(path.dirname(o.out), { recursive: true });
  fs.writeFileSync(o.out, JSON.stringify({ date: new Date().toISOString(), keys: o.keys, clients: o.clients, results }, null, 2) + '\n');
  console.log(`written ${path.relative(process.cwd(), o.out) || o.out}`);
}

main().catch((e) => {
  process.stderr.write(`bench:memory failed: ${e.stack ?? e}\n`);
  process.exit(1);
});
