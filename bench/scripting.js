#!/usr/bin/env node
// Scripting throughput: redis-benchmark running EVALSHA (and FCALL) against a
// real redis-server and against Petrel, in alternation, several rounds;
// prints medians and the Petrel/Redis ratio, writes bench/results/scripting.json.
//
//   npm run build && node bench/scripting.js          # 5 rounds of 100,000 requests
//   node bench/scripting.js --quick                   # 3 rounds of 20,000 requests
//   node bench/scripting.js --rounds 3 --requests 50000 --no-pin
//
// Rows:
//   INCR_SCRIPT   EVALSHA of `return redis.call('INCR', KEYS[1])` (one redis.call)
//   RATE_LIMIT    EVALSHA of a sliding-window rate limiter (four redis.calls, ~330 bytes)
//   EVAL_RETURN   EVALSHA of `return 1` (no redis.call: the cost of a script run)
//   FCALL_INCR    FCALL of a function doing the INCR
// See docs/scripting.md for what the numbers mean.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, command, median, pinning, startPetrel, startRedis, table, which } from './lib.js';

const INCR = "return redis.call('INCR', KEYS[1])";
const RATE_LIMIT = [
  'local key = KEYS[1]',
  'local limit = tonumber(ARGV[1])',
  'local window = tonumber(ARGV[2])',
  'local now = tonumber(ARGV[3])',
  "redis.call('ZREMRANGEBYSCORE', key, 0, now - window)",
  "local amount = redis.call('ZCARD', key)",
  "if amount < limit then redis.call('ZADD', key, now, now) end",
  "redis.call('PEXPIRE', key, window)",
  'return limit - amount',
].join('\n');
const RETURN = 'return 1';
const LIBRARY = "#!lua name=benchlib\nredis.register_function('bench_incr', function(keys) return redis.call('INCR', keys[1]) end)";

function sha1(s) {
  return import('node:crypto').then((c) => c.createHash('sha1').update(s, 'latin1').digest('hex'));
}

async function rows() {
  return [
    { name: 'INCR_SCRIPT', args: async () => ['EVALSHA', await sha1(INCR), '1', 'bench:incr'] },
    { name: 'RATE_LIMIT', args: async () => ['-r', '100000000', 'EVALSHA', await sha1(RATE_LIMIT), '1', 'bench:rl', '1000', '60000', '__rand_int__'] },
    { name: 'EVAL_RETURN', args: async () => ['EVALSHA', await sha1(RETURN), '0'] },
    { name: 'FCALL_INCR', args: async () => ['FCALL', 'bench_incr', '1', 'bench:fincr'] },
  ];
}

const PIPELINES = [1, 16];

function parseArgs(argv) {
  const o = { rounds: 5, requests: 100000, clients: 50, pin: true, out: path.join(ROOT, 'bench', 'results', 'scripting.json') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--rounds') o.rounds = Number(argv[++i]);
    else if (a === '--requests' || a === '-n') o.requests = Number(argv[++i]);
    else if (a === '--clients' || a === '-c') o.clients = Number(argv[++i]);
    else if (a === '--quick') {
      o.rounds = 3;
      o.requests = 20000;
    } else if (a === '--no-pin') o.pin = false;
    else if (a === '--out') o.out = path.resolve(argv[++i]);
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

/** Loads the scripts and the library (SCRIPT FLUSH / FUNCTION FLUSH do not happen between runs). */
async function prepare(port) {
  for (const s of [INCR, RATE_LIMIT, RETURN]) await command(port, ['SCRIPT', 'LOAD', s]);
  await command(port, ['FUNCTION', 'LOAD', 'REPLACE', LIBRARY]);
}

function runBenchmark(prefix, bin, port, opts, pipeline, args) {
  const argv = [...prefix, bin, '-h', '127.0.0.1', '-p', String(port), '-c', String(opts.clients), '-n', String(opts.requests), '-P', String(pipeline), '--csv', '-q', ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0 || /error/i.test(out + err)) return reject(new Error(`redis-benchmark failed (port ${port}):\n${out}\n${err}`));
      const line = out.split(/\r?\n/).find((l) => l.startsWith('"') && !l.startsWith('"test"'));
      const rps = line === undefined ? NaN : Number(line.split('","')[1]);
      if (!Number.isFinite(rps)) return reject(new Error(`no result in redis-benchmark output:\n${out}`));
      resolve(rps);
    });
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const bench = which('redis-benchmark');
  if (bench === null) throw new Error('redis-benchmark not found (apt-get install redis-tools)');
  const pin = pinning(!opts.pin);
  if (pin.warning) process.stderr.write(`WARNING: ${pin.warning}\n`);
  const redis = await startRedis(pin.server);
  const petrel = await startPetrel(pin.server);
  const servers = [redis, petrel];
  const tests = await rows();
  const samples = { redis: {}, petrel: {} };
  for (const s of ['redis', 'petrel']) for (const t of tests) samples[s][t.name] = Object.fromEntries(PIPELINES.map((p) => [p, []]));
  console.log(`redis-server ${redis.version} on port ${redis.port}, Petrel on port ${petrel.port}; ${opts.rounds} rounds, -c ${opts.clients} -n ${opts.requests}`);
  try {
    for (const s of servers) await prepare(s.port);
    for (let round = 1; round <= opts.rounds; round++) {
      const order = round % 2 === 1 ? [redis, petrel] : [petrel, redis];
      for (const t of tests) {
        for (const pipeline of PIPELINES) {
          for (const srv of order) {
            await command(srv.port, ['FLUSHDB']);
            const rps = await runBenchmark(pin.client, bench, srv.port, opts, pipeline, await t.args());
            samples[srv.name][t.name][pipeline].push(rps);
            process.stderr.write(`  round ${round}/${opts.rounds} ${t.name.padEnd(12)} -P ${String(pipeline).padEnd(2)} ${srv.name.padEnd(6)} ${Math.round(rps)}\n`);
          }
        }
      }
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
  const results = [];
  const out = [];
  for (const pipeline of PIPELINES) {
    for (const t of tests) {
      const r = median(samples.redis[t.name][pipeline]);
      const p = median(samples.petrel[t.name][pipeline]);
      out.push([t.name, pipeline, Math.round(r).toLocaleString('en-US'), Math.round(p).toLocaleString('en-US'), (p / r).toFixed(2)]);
      results.push({ test: t.name, pipeline, redisRps: r, petrelRps: p, ratio: p / r, redisSamples: samples.redis[t.name][pipeline], petrelSamples: samples.petrel[t.name][pipeline] });
    }
  }
  console.log('');
  console.log(table(['test', '-P', 'Redis req/s', 'Petrel req/s', 'Petrel/Redis'], out));
  const json = {
    date: new Date().toISOString(),
    host: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? 'unknown', platform: `${os.platform()} ${os.release()}`, node: process.version },
    redisVersion: redis.version,
    options: { rounds: opts.rounds, requests: opts.requests, clients: opts.clients, pipelines: PIPELINES, pinned: pin.warning === null },
    results,
  };
  fs.mkdirSync(path.dirname(opts.out), { recursive: true });
  fs.writeFileSync(opts.out, JSON.stringify(json, null, 2) + '\n');
  console.log(`\nwritten ${path.relative(ROOT, opts.out)}`);
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
