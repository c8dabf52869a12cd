#!/usr/bin/env node
// Throughput comparison: redis-benchmark against a real redis-server and
// against Petrel, in alternation, same flags, several rounds, after an untimed
// warm-up; prints medians of requests/s and p99 latency with the Petrel/Redis
// ratios, and writes bench/results/latest.json.
// Passes per round: "strings" (PING, SET, GET, INCR, MSET), "collections"
// (list, set, hash and sorted-set commands), "lrange" (LRANGE_100/600), and
// custom-command runs for types redis-benchmark has no test for (XADD, PFADD).
//
//   npm run bench                      # build, then 5 rounds of 100,000 requests
//   node bench/run.js --rounds 3 --requests 50000
//   node bench/run.js --quick          # 3 rounds of 20,000 requests: a smoke run
//   node bench/run.js --no-collections # the strings pass only
//
// See bench/README.md for how to read the numbers.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, command, median, pinning, startPetrel, startRedis, table, which } from './lib.js';

const TESTS = ['PING_INLINE', 'PING_MBULK', 'SET', 'GET', 'INCR', 'MSET'];
const COLLECTION_TESTS = ['LPUSH', 'RPUSH', 'LPOP', 'RPOP', 'SADD', 'HSET', 'SPOP', 'ZADD', 'ZPOPMIN'];
/**
 * Each pass is one redis-benchmark run (`-t` list) per server, round and pipeline depth.
 * `p16Scale` multiplies -n at -P 16: a 100,000-request run of a cheap command at
 * -P 16 lasts ~0.1 s, mostly connection set-up and JIT warm-up, not the steady
 * state being compared. LRANGE replies are large, so their runs are long already.
 */
const PASSES = [
  { name: 'strings', tests: TESTS, t: 'ping,set,get,incr,mset', p16Scale: 8 },
  { name: 'collections', tests: COLLECTION_TESTS, t: 'lpush,rpush,lpop,rpop,sadd,hset,spop,zadd,zpopmin', p16Scale: 8 },
  { name: 'lrange', tests: ['LRANGE_100', 'LRANGE_600'], t: 'lrange_100,lrange_600', p16Scale: 1 },
  // Commands redis-benchmark has no -t test for: one custom command per run.
  { name: 'streams', tests: ['XADD'], args: ['XADD', 'bench:stream', '*', 'field', 'value'], p16Scale: 8 },
  { name: 'hyperloglog', tests: ['PFADD'], args: ['-r', '1000000', 'PFADD', 'bench:hll', '__rand_int__'], p16Scale: 8 },
];
const PIPELINES = [1, 16];

function usage() {
  return `Usage: node bench/run.js [--rounds N] [--requests N] [--clients N] [--quick] [--no-pin] [--out FILE]
  --rounds N     rounds per server, alternating Redis/Petrel (default 5)
  --requests N   requests per test per run, redis-benchmark -n (default 100000)
  --clients N    parallel connections, redis-benchmark -c (default 50)
  --quick        3 rounds of 20000 requests (a smoke run, noisy)
  --no-pin       do not pin with taskset
  --no-collections  skip the collections and lrange passes (lists, sets, hashes, sorted sets)
  --no-warmup    skip the untimed warm-up pass
  --only T1,T2   run only these tests (CSV names, any case: lpush,lrange_600,get...)
  --out FILE     JSON result path (default bench/results/latest.json)
`;
}

function parseArgs(argv) {
  const o = { rounds: 5, requests: 100000, clients: 50, pin: true, collections: true, warmup: true, out: path.join(ROOT, 'bench', 'results', 'latest.json') };
  let quick = false;
  const explicit = new Set();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v <= 0) throw new Error(`${a} needs a positive integer`);
      return v;
    };
    if (a === '--rounds') (o.rounds = num()), explicit.add('rounds');
    else if (a === '--requests' || a === '-n') (o.requests = num()), explicit.add('requests');
    else if (a === '--clients' || a === '-c') o.clients = num();
    else if (a === '--quick') quick = true;
    else if (a === '--no-pin') o.pin = false;
    else if (a === '--no-collections') o.collections = false;
    else if (a === '--no-warmup') o.warmup = false;
    else if (a === '--only') o.only = new Set(String(argv[++i] ?? '').toUpperCase().split(',').filter((t) => t !== ''));
    else if (a === '--out') o.out = path.resolve(argv[++i]);
    else if (a === '-h' || a === '--help') {
      process.stdout.write(usage());
      process.exit(0);
    } else throw new Error(`unknown option ${a}\n${usage()}`);
  }
  if (quick) {
    if (!explicit.has('rounds')) o.rounds = 3;
    if (!explicit.has('requests')) o.requests = 20000;
  }
  return o;
}

/**
 * Parses redis-benchmark --csv output into test name → requests/second; the
 * p99 latency of each test (ms, its seventh column) goes into `p99[name]`.
 */
export function parseCsv(text, p99 = {}) {
  const out = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line.startsWith('"')) continue;
    const cells = line.split('","').map((c) => c.replace(/^"|"$/g, ''));
    if (cells[0] === 'test') continue;
    // "LPUSH (needed to benchmark LRANGE)" only fills the list for LRANGE_*.
    if (cells[0].includes('(needed')) continue;
    // "MSET (10 keys)" → MSET, "LRANGE_100 (first 100 elements)" → LRANGE_100
    const name = cells[0].split(' ')[0];
    const rps = Number(cells[1]);
    if (Number.isFinite(rps)) out[name] = rps;
    const lat = Number(cells[6]);
    if (cells.length > 6 && Number.isFinite(lat)) p99[name] = lat;
  }
  return out;
}

function runBenchmark(prefix, bin, port, opts, pipeline, pass, requests = requestsFor(opts, pass, pipeline)) {
  const select = pass.args ?? ['-t', pass.t];
  const args = ['-h', '127.0.0.1', '-p', String(port), '-c', String(opts.clients), '-n', String(requests), '-P', String(pipeline), '--csv', '-q', ...select];
  const argv = [...prefix, bin, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`redis-benchmark exited with ${code} (port ${port}, -P ${pipeline}):\n${out}\n${err}`));
      const p99 = {};
      const parsed = parseCsv(out, p99);
      parsed.p99 = p99;
      const missing = pass.tests.filter((t) => !(t in parsed));
      if (missing.length > 0) return reject(new Error(`redis-benchmark output lacks ${missing.join(', ')}:\n${out}\n${err}`));
      resolve(parsed);
    });
  });
}

function ms(n) {
  return Number.isFinite(n) ? n.toFixed(3) : '-';
}

/** a[i] / b[i] for each round where both are numbers. */
function paired(a, b) {
  const out = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (Number.isFinite(a[i]) && Number.isFinite(b[i]) && b[i] > 0) out.push(a[i] / b[i]);
  return out;
}

function requestsFor(opts, pass, pipeline) {
  return pipeline === 16 ? opts.requests * (pass.p16Scale ?? 1) : opts.requests;
}

function fmt(n) {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-';
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const bench = which('redis-benchmark');
  if (bench === null) throw new Error('redis-benchmark not found: install Debian\'s redis-tools (apt-get install redis-tools)');
  const pin = pinning(!opts.pin);
  if (pin.warning) process.stderr.write(`WARNING: ${pin.warning}\n`);

  const redis = await startRedis(pin.server);
  let petrel;
  try {
    petrel = await startPetrel(pin.server);
  } catch (e) {
    await redis.stop();
    throw e;
  }
  const servers = [redis, petrel];
  const stopAll = () => Promise.all(servers.map((s) => s.stop()));
  process.on('SIGINT', () => {
    void stopAll().then(() => process.exit(130));
  });

  let passes = opts.collections ? PASSES : PASSES.filter((p) => p.name === 'strings');
  if (opts.only !== undefined) {
    // Keep the chosen tests; redis-benchmark -t takes their lower-case names.
    passes = passes
      .map((p) => {
        const tests = p.tests.filter((t) => opts.only.has(t));
        return p.args ? { ...p, tests } : { ...p, tests, t: tests.map((t) => t.toLowerCase()).join(',') };
      })
      .filter((p) => p.tests.length > 0);
    if (passes.length === 0) throw new Error(`--only matches no test; tests are ${PASSES.flatMap((p) => p.tests).join(', ')}`);
  }
  const allTests = passes.flatMap((p) => p.tests);
  // samples[server][test][pipeline] = rps[]; p99s likewise (milliseconds)
  const samples = { redis: {}, petrel: {} };
  const p99s = { redis: {}, petrel: {} };
  for (const s of ['redis', 'petrel']) {
    for (const t of allTests) {
      samples[s][t] = Object.fromEntries(PIPELINES.map((p) => [p, []]));
      p99s[s][t] = Object.fromEntries(PIPELINES.map((p) => [p, []]));
    }
  }

  console.log(`redis-server ${redis.version} on port ${redis.port}, Petrel on port ${petrel.port}`);
  console.log(`${opts.rounds} rounds x ${PIPELINES.length} pipelines, -c ${opts.clients} -n ${opts.requests} (x8 at -P 16 except LRANGE), ${pin.warning ? 'unpinned' : 'servers on CPU 0, redis-benchmark on CPU 1'}`);
  try {
    // One short untimed pass first: Petrel's JIT compiles its hot paths in the
    // first seconds of load (a server in service is warm), and both get the same.
    if (opts.warmup) {
      for (const pass of passes) {
        for (const srv of servers) {
          await command(srv.port, ['FLUSHALL']);
          await runBenchmark(pin.client, bench, srv.port, opts, 16, pass, Math.max(1000, Math.round(opts.requests / 2)));
          await runBenchmark(pin.client, bench, srv.port, opts, 1, pass, Math.max(1000, Math.round(opts.requests / 5)));
        }
      }
      process.stderr.write('  warm-up done\n');
    }
    for (let round = 1; round <= opts.rounds; round++) {
      // Alternate which server goes first so slow drifts (thermal, other load) hit both alike.
      const order = round % 2 === 1 ? [redis, petrel] : [petrel, redis];
      for (const pass of passes) {
        for (const pipeline of PIPELINES) {
          // One test at a time on each server in turn: the two runs of a pair are
          // seconds apart, so this VM's slow and fast phases hit both alike.
          for (const test of pass.tests) {
            const one = pass.args ? pass : { ...pass, tests: [test], t: test.toLowerCase() };
            for (const srv of order) {
              await command(srv.port, ['FLUSHALL']);
              const t0 = Date.now();
              const res = await runBenchmark(pin.client, bench, srv.port, opts, pipeline, one);
              samples[srv.name][test][pipeline].push(res[test]);
              p99s[srv.name][test][pipeline].push(res.p99[test] ?? NaN);
              process.stderr.write(`  round ${round}/${opts.rounds} ${pass.name.padEnd(11)} -P ${String(pipeline).padEnd(2)} ${srv.name.padEnd(6)} ${((Date.now() - t0) / 1000).toFixed(1)}s  ${test}=${fmt(res[test])}\n`);
            }
          }
        }
      }
    }
  } finally {
    await stopAll();
  }

  const results = [];
  const passSummary = {};
  const geoMean = (ratios) => Math.exp(ratios.reduce((a, b) => a + Math.log(b), 0) / ratios.length);
  for (const pass of passes) {
    const rows = [];
    const passResults = [];
    for (const pipeline of PIPELINES) {
      for (const t of pass.tests) {
        const r = median(samples.redis[t][pipeline]);
        const p = median(samples.petrel[t][pipeline]);
        // The ratio is the median of each round's pair (runs seconds apart), which
        // cancels the machine's drifts better than the ratio of the two medians.
        const ratio = median(paired(samples.petrel[t][pipeline], samples.redis[t][pipeline]));
        // p99 latency (ms): median of the rounds' p99s; only -P 1 has a target (≤ 1.5× Redis).
        const rp99 = median(p99s.redis[t][pipeline]);
        const pp99 = median(p99s.petrel[t][pipeline]);
        const p99Ratio = median(paired(p99s.petrel[t][pipeline], p99s.redis[t][pipeline]));
        rows.push([t, pipeline, fmt(r), fmt(p), ratio.toFixed(2), ms(rp99), ms(pp99), Number.isFinite(p99Ratio) ? p99Ratio.toFixed(2) : '-']);
        passResults.push({
          test: t,
          pass: pass.name,
          pipeline,
          redisRps: r,
          petrelRps: p,
          ratio,
          redisP99Ms: rp99,
          petrelP99Ms: pp99,
          p99Ratio,
          redisSamples: samples.redis[t][pipeline],
          petrelSamples: samples.petrel[t][pipeline],
        });
      }
    }
    const geo = geoMean(passResults.map((r) => r.ratio));
    passSummary[pass.name] = { tests: pass.tests, geometricMeanRatio: geo };
    results.push(...passResults);
    console.log('');
    if (passes.length > 1) console.log(`[${pass.name}]`);
    console.log(table(['test', '-P', 'Redis req/s', 'Petrel req/s', 'Petrel/Redis', 'Redis p99', 'Petrel p99', 'p99 ratio'], rows));
    console.log(`\ngeometric mean of ratios${passes.length > 1 ? ` (${pass.name})` : ''}: ${geo.toFixed(2)} (medians of ${opts.rounds} rounds)`);
  }
  // The headline number stays the strings pass, comparable with earlier runs.
  const geo = (passSummary.strings ?? Object.values(passSummary)[0]).geometricMeanRatio;

  const json = {
    date: new Date().toISOString(),
    host: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? 'unknown', platform: `${os.platform()} ${os.release()}`, node: process.version },
    redisVersion: redis.version,
    options: { rounds: opts.rounds, requests: opts.requests, clients: opts.clients, pipelines: PIPELINES, pinned: pin.warning === null, warmup: opts.warmup, passes: passes.map((p) => ({ name: p.name, requestsP1: requestsFor(opts, p, 1), requestsP16: requestsFor(opts, p, 16) })) },
    geometricMeanRatio: geo,
    passes: passSummary,
    results,
  };
  fs.mkdirSync(path.dirname(opts.out), { recursive: true });
  fs.writeFileSync(opts.out, JSON.stringify(json, null, 2) + '\n');
  console.log(`written ${path.relative(process.cwd(), opts.out) || opts.out}`);
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${e.stack ?? e}\n`);
  process.exit(1);
});
