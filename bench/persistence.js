#!/usr/bin/env node
// Persistence speed: time to SAVE and to load (DEBUG RELOAD NOSAVE) an RDB
// of 1M keys of mixed types, Petrel against a real redis-server, as ratios.
//
//   node bench/persistence.js               # 1,000,000 keys, 3 rounds
//   node bench/persistence.js --keys 200000 --rounds 5
//
// Dataset (same on both, loaded with `redis-cli --pipe`): 60% strings
// (`SET s:<i> <20 bytes>`), and 10% each of hashes, lists, sets and sorted
// sets with 5 small elements (HSET/RPUSH/SADD/ZADD). Each server writes its
// own format (Redis 7.0: RDB 10, Petrel: RDB 11), compression on. Times are
// the servers' own (the command's round trip on an idle connection), medians.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, command, encode, median, pinning, startPetrel, startRedis, table } from './lib.js';

function parseArgs(argv) {
  const o = { keys: 1_000_000, rounds: 3, pin: true, out: path.join(ROOT, 'bench', 'results', 'persistence.json') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--keys' || a === '-n') o.keys = Number(argv[++i]);
    else if (a === '--rounds') o.rounds = Number(argv[++i]);
    else if (a === '--no-pin') o.pin = false;
    else if (a === '--out') o.out = path.resolve(argv[++i]);
    else if (a === '-h' || a === '--help') {
      process.stdout.write('Usage: node bench/persistence.js [--keys N] [--rounds R] [--no-pin] [--out FILE]\n');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  return o;
}

/** Writes the dataset as RESP to a temp file for redis-cli --pipe. */
function writeDataset(keys) {
  const file = path.join(os.tmpdir(), `petrel-bench-persist-${process.pid}.resp`);
  const fd = fs.openSync(file, 'w');
  let chunk = '';
  const flush = () => {
    fs.writeSync(fd, chunk, null, 'latin1');
    chunk = '';
  };
  for (let i = 0; i < keys; i++) {
    const kind = i % 10;
    if (kind < 6) chunk += encode(['SET', `s:${i}`, `v:${String(i).padStart(18, '0')}`]);
    else if (kind === 6) chunk += encode(['HSET', `h:${i}`, 'f1', 'a', 'f2', 'bb', 'f3', String(i), 'f4', 'dddd', 'f5', 'e']);
    else if (kind === 7) chunk += encode(['RPUSH', `l:${i}`, 'a', 'b', String(i), 'd', 'e']);
    else if (kind === 8) chunk += encode(['SADD', `t:${i}`, 'a', 'b', `m${i}`, 'd', 'e']);
    else chunk += encode(['ZADD', `z:${i}`, '1', 'a', '2.5', 'b', String(i), 'c', '4', 'd', '5', 'e']);
    if (chunk.length > 1 << 20) flush();
  }
  flush();
  fs.closeSync(fd);
  return file;
}

function pipe(port, file) {
  const r = spawnSync('sh', ['-c', `redis-cli -p ${port} --pipe < ${file}`], { encoding: 'utf8' });
  if (r.status !== 0 || !/errors: 0/.test(r.stdout)) throw new Error(`redis-cli --pipe failed: ${r.stdout} ${r.stderr}`);
}

async function timed(port, argv) {
  const t0 = process.hrtime.bigint();
  const reply = await command(port, argv, 600_000);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (!reply.startsWith('+OK')) throw new Error(`${argv.join(' ')}: ${reply}`);
  return ms;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const pin = pinning(!o.pin);
  const file = writeDataset(o.keys);
  const results = {};
  try {
    for (const name of ['redis', 'petrel']) {
      const server = name === 'redis'
        ? await startRedis(pin.server, ['--enable-debug-command', 'yes'])
        : await startPetrel(pin.server, ['--enable-debug-command', 'yes']);
      try {
        pipe(server.port, file);
        const size = (await command(server.port, ['DBSIZE'])).trim();
        if (size !== `:${o.keys}`) throw new Error(`${name}: DBSIZE ${size}, expected ${o.keys}`);
        const save = [];
        const load = [];
        for (let r = 0; r < o.rounds; r++) {
          save.push(await timed(server.port, ['SAVE']));
          load.push(await timed(server.port, ['DEBUG', 'RELOAD', 'NOSAVE']));
        }
        const after = (await command(server.port, ['DBSIZE'])).trim();
        if (after !== `:${o.keys}`) throw new Error(`${name}: DBSIZE after reload ${after}`);
        results[name] = { saveMs: median(save), loadMs: median(load), save, load };
      } finally {
        await server.stop();
      }
    }
  } finally {
    fs.rmSync(file, { force: true });
  }
  const rows = ['save', 'load'].map((k) => {
    const r = results.redis[`${k}Ms`];
    const p = results.petrel[`${k}Ms`];
    return [`${k} ${o.keys} keys (ms)`, r.toFixed(0), p.toFixed(0), (p / r).toFixed(2)];
  });
  process.stdout.write(table(['operation', 'redis', 'petrel', 'petrel/redis time'], rows) + '\n');
  fs.mkdirSync(path.dirname(o.out), { recursive: true });
  fs.writeFileSync(o.out, JSON.stringify({ date: new Date().toISOString(), keys: o.keys, rounds: o.rounds, results }, null, 2) + '\n');
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
