// The scripting worker thread: owns one Lua VM and runs the dispatch loop of
// bootstrap.ts in it for as long as the thread lives. Every redis.call of a
// script becomes a synchronous hop to the main thread (channel.ts): the main
// thread runs the command against the keyspace and sends the RESP reply back.
//
// This file only imports node builtins and scripting/* modules that do not
// import the server, so the worker stays small.

import { workerData, type MessagePort } from 'node:worker_threads';
import { LuaVm, type LuaHost } from './engine.js';
import { BOOTSTRAP } from './bootstrap.js';
import { Channel, STATE, TO_MAIN, TO_WORKER, M_CALL, M_RESULT, M_FATAL, M_JOB, type ChannelBuffers } from './channel.js';

interface WorkerInit {
  buffers: ChannelBuffers;
  port: MessagePort;
  token: string;
  redisVersion: string;
}

const init = workerData as WorkerInit;
const token = init.token;
const ch = new Channel(init.buffers, init.port);
let seen = Atomics.load(ch.ctl, TO_WORKER);
let started = false;
/** The running script's protocol (redis.setresp), sent with each call. */
let resp = '2';
/** Functions registered by the library being loaded: name, then flags, per entry. */
let registered: string[][] = [];

const SCRIPT_FLAGS = new Set(['no-writes', 'allow-oom', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys']);
const NAME_RE = /^[A-Za-z0-9_]+$/;

function waitMain(): void {
  let v = ch.wait(TO_WORKER, seen);
  while (v === seen) v = ch.wait(TO_WORKER, seen);
  seen = v;
}

function bulk(s: string): string {
  return '$' + s.length + '\r\n' + s + '\r\n';
}

function arrayOf(items: readonly string[], from: number, to: number): string {
  let out = '*' + (to - from) + '\r\n';
  for (let i = from; i < to; i++) out += bulk(items[i]);
  return out;
}

/** A job from the main thread, as the RESP array the dispatch loop reads. */
function jobToResp(items: string[]): string {
  const op = items[0];
  if (op === 'eval' || op === 'fcall') {
    const nkeys = Number(items[3]);
    return '*5\r\n' + bulk(op) + bulk(items[1]) + bulk(items[2]) + arrayOf(items, 4, 4 + nkeys) + arrayOf(items, 4 + nkeys, items.length);
  }
  return arrayOf(items, 0, items.length);
}

function forward(items: string[]): string {
  ch.send(TO_MAIN, M_CALL, items);
  waitMain();
  return ch.items()[0];
}

function control(argv: string[]): string {
  switch (argv[1]) {
    case 'next': {
      if (started) {
        const out = [argv[2]];
        for (const r of registered) out.push(r.join('\0'));
        ch.send(TO_MAIN, M_RESULT, out);
      } else {
        started = true;
        Atomics.store(ch.ctl, STATE, 1);
        Atomics.notify(ch.ctl, STATE);
      }
      waitMain();
      if (ch.type() !== M_JOB) return '*1\r\n$4\r\nnoop\r\n';
      resp = '2';
      registered = [];
      vm.refuel();
      return jobToResp(ch.items());
    }
    case 'resp':
      resp = argv[2] === '3' ? '3' : '2';
      return '+OK\r\n';
    case 'register': {
      const name = argv[2];
      if (!NAME_RE.test(name)) return '-ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long\r\n';
      for (const r of registered) if (r[0] === name) return '-ERR Function already exists in the library\r\n';
      const entry = [name, argv[3]];
      for (let i = 4; i < argv.length; i++) {
        const f = argv[i].toLowerCase();
        if (!SCRIPT_FLAGS.has(f)) return '-ERR unknown flag given\r\n';
        if (!entry.includes(f, 2)) entry.push(f);
      }
      registered.push(entry);
      return '+OK\r\n';
    }
    case 'calibrate':
      vm.calibrateFuel();
      return '+OK\r\n';
    case 'log':
      return forward(['L', argv[2], argv[3]]);
    case 'set_repl':
      return forward(['R', argv[2]]);
    case 'acl':
      return forward(['A', ...argv.slice(2)]);
    default:
      return '-ERR unknown control\r\n';
  }
}

const host: LuaHost = {
  call(argv: string[]): string {
    if (argv.length !== 0 && argv[0] === token) return control(argv);
    const items = new Array<string>(argv.length + 1);
    items[0] = resp;
    for (let i = 0; i < argv.length; i++) items[i + 1] = argv[i];
    const reply = forward(items);
    // A RESP3 null becomes nil in Lua (the engine itself would give false).
    if (resp === '3' && reply === '_\r\n') return bulk(token + ':nil');
    return reply;
  },
  log(): void {},
  setResp(): void {},
};

const vm = new LuaVm(host, { redisVersion: init.redisVersion });
vm.run('for i = 1, 3000 do end return redis.pcall(KEYS[1], "calibrate")', [token], []);
let fatal: string;
try {
  const r = vm.run("return loadstring(ARGV[1], '=petrel')(KEYS[1])", [token], [BOOTSTRAP]);
  fatal = 'the script dispatch loop stopped: ' + r.subarray(5).toString('latin1');
} catch (e) {
  fatal = 'the script engine failed: ' + (e instanceof Error ? e.message : String(e));
}
if (!started) {
  Atomics.store(ch.ctl, STATE, 2);
  Atomics.notify(ch.ctl, STATE);
}
ch.send(TO_MAIN, M_FATAL, [fatal]);
