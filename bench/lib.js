// Shared helpers for the benchmark scripts (plain ESM, runs without tsx).
//
// Starts Debian's redis-server and Petrel (from dist/) as child processes on
// free ports, optionally pinned to one CPU with taskset.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Absolute path of a binary on PATH, or null. */
export function which(bin) {
  const r = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
  const p = (r.stdout ?? '').trim();
  return r.status === 0 && p !== '' ? p : null;
}

/** Number of CPUs this process may run on. */
export function cpuCount() {
  if (typeof os.availableParallelism === 'function') return os.availableParallelism();
  return os.cpus().length;
}

/**
 * Decides the pinning: servers on CPU 0, the load generator on CPU 1, when
 * taskset exists and there are at least two CPUs. Returns prefixes to put in
 * front of the server and client command lines, and a warning otherwise.
 */
export function pinning(disabled = false) {
  if (disabled) return { server: [], client: [], warning: 'pinning disabled (--no-pin): numbers are noisier' };
  const taskset = which('taskset');
  const cpus = cpuCount();
  if (taskset === null) {
    return { server: [], client: [], warning: 'taskset not found (util-linux): running UNPINNED, numbers are noisier' };
  }
  if (cpus < 2) {
    return { server: [], client: [], warning: `only ${cpus} CPU available: running UNPINNED, server and load generator share it` };
  }
  // Check taskset actually works here (some containers forbid sched_setaffinity).
  const probe = spawnSync(taskset, ['-c', '1', 'true']);
  if (probe.status !== 0) {
    return { server: [], client: [], warning: 'taskset cannot set CPU affinity here: running UNPINNED, numbers are noisier' };
  }
  return { server: [taskset, '-c', '0'], client: [taskset, '-c', '1'], warning: null };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

async function waitForPing(port, child, name, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} before answering PING`);
    try {
      const reply = await command(port, ['PING'], 1000);
      if (reply.startsWith('+PONG')) return;
    } catch {
      // not up yet
    }
    await sleep(50);
  }
  throw new Error(`${name} did not answer PING on port ${port} within ${timeoutMs} ms`);
}

/** Encodes one command as RESP multibulk. */
export function encode(argv) {
  let s = `*${argv.length}\r\n`;
  for (const a of argv) {
    const v = String(a);
    s += `$${Buffer.byteLength(v, 'latin1')}\r\n${v}\r\n`;
  }
  return s;
}

/** Sends one command on a fresh connection and returns the raw reply text. */
export function command(port, argv, timeoutMs = 10000) {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ port, host: '127.0.0.1' });
    let buf = '';
    let done = false;
    const finish = (err, value) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolve(value);
    };
    const timer = setTimeout(() => finish(new Error(`timeout on ${argv[0]}`)), timeoutMs);
    sock.on('connect', () => sock.write(encode(argv), 'latin1'));
    sock.on('data', (d) => {
      buf += d.toString('latin1');
      // Good enough for the replies we read here: a line, or one bulk string.
      const nl = buf.indexOf('\r\n');
      if (nl < 0) return;
      if (buf[0] === '$') {
        const n = Number(buf.slice(1, nl));
        if (n < 0) return finish(null, buf);
        if (buf.length >= nl + 2 + n + 2) return finish(null, buf.slice(nl + 2, nl + 2 + n));
        return;
      }
      finish(null, buf);
    });
    sock.on('error', (e) => finish(e));
    sock.on('close', () => finish(new Error('connection closed')));
  });
}

/** Reads `INFO <section>` into a name → value object. */
export async function info(port, section) {
  const text = await command(port, section ? ['INFO', section] : ['INFO']);
  const out = {};
  for (const line of text.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

/** VmRSS of a process in bytes (Linux /proc), or null. */
export function rssOf(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = status.match(/^VmRSS:\s+(\d+)\s+kB/m);
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

function stopper(child, cleanup) {
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(t);
    }
    cleanup?.();
  };
}

/**
 * Starts redis-server with no persistence. `prefix` is the taskset prefix.
 * The returned pid is the server's own (taskset execs into it).
 */
export async function startRedis(prefix = [], extra = []) {
  const bin = which('redis-server');
  if (bin === null) throw new Error('redis-server not found: install Debian\'s redis-server (apt-get install redis-server)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'petrel-bench-redis-'));
  const port = await freePort();
  const args = [bin, '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--loglevel', 'warning', ...extra];
  const argv = [...prefix, ...args];
  const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'inherit'] });
  await waitForPing(port, child, 'redis-server');
  const version = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.match(/v=([\d.]+)/)?.[1] ?? 'unknown';
  return { name: 'redis', port, pid: child.pid, version, child, stop: stopper(child, () => fs.rmSync(dir, { recursive: true, force: true })) };
}

/** Starts Petrel from dist/ (run `npm run build` first) via bin/petrel-server.js. */
export async function startPetrel(prefix = [], extra = [], nodeFlags = []) {
  const dist = path.join(ROOT, 'dist', 'cli.js');
  if (!fs.existsSync(dist)) throw new Error('dist/cli.js not found: run `npm run build` first');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'petrel-bench-petrel-'));
  const port = await freePort();
  const args = [process.execPath, ...nodeFlags, path.join(ROOT, 'bin', 'petrel-server.js'), '--port', String(port), '--bind', '127.0.0.1', '--save', '', ...extra];
  const argv = [...prefix, ...args];
  const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'inherit'], cwd: dir });
  await waitForPing(port, child, 'petrel-server');
  return { name: 'petrel', port, pid: child.pid, child, stop: stopper(child, () => fs.rmSync(dir, { recursive: true, force: true })) };
}

export function median(xs) {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Left/right padded table printer. */
export function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
