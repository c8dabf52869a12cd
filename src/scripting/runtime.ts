// The main-thread side of scripting: one `Scripting` per server owns the
// scripting worker (worker.ts), the EVAL script cache and the FUNCTION
// libraries, and runs jobs.
//
// A job runs synchronously: the command handler (EVAL, FCALL...) sends it to
// the worker and blocks on the channel, serving each redis.call the script
// makes (a hop: the worker waits while the main thread runs the command through
// the dispatcher's call() with the script client). Nothing else runs meanwhile,
// so scripts are atomic exactly as in Redis. If the script is still running
// when busy-reply-threshold passes, the handler returns to the event loop with
// the caller parked: the server is then "busy" (the dispatcher answers -BUSY to
// everything but allow_busy commands, the cron and blocked-client serving
// pause), script calls are served from Atomics.waitAsync callbacks, and SCRIPT
// KILL / FUNCTION KILL can stop a script that has not written (by terminating
// the worker). docs/scripting.md has the reasoning and measurements.

import { Worker, MessageChannel } from 'node:worker_threads';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { Server } from '../server/server.js';
import { REDIS_VERSION } from '../server/server.js';
import { Client } from '../server/client.js';
import { call } from '../server/dispatcher.js';
import { OOM_ERROR } from '../server/evict.js';
import { MISCONF } from '../commands/persistence.js';
import { Channel, createBuffers, STATE, TO_MAIN, TO_WORKER, M_CALL, M_JOB, M_REPLY, M_RESULT, M_FATAL } from './channel.js';
import type { Command } from '../commands/types.js';
import { parseCompileError, parseRaised } from './convert.js';
import { protectTailCalls } from './rewrite.js';
import { keyspaceFunctions } from '../persistence/rdb-writer.js';

export const BUSY_EVAL = 'BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.';
export const BUSY_FUNCTION = 'BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.';
const NOTBUSY = 'NOTBUSY No scripts in execution right now.';
const UNKILLABLE =
  'UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.';

/** While busy, the longest stretch spent serving script calls before the event loop gets a turn. */
const BUSY_SLICE_MS = 2;

import { FLAG_NAMES } from './flags.js';

/** One running script or function call. */
export interface Run {
  caller: Client;
  /** EVAL family (SCRIPT KILL) rather than FCALL (FUNCTION KILL). */
  isEval: boolean;
  /** Shown in errors: the script's sha or the function's name. */
  name: string;
  /** Write commands refused (EVAL_RO, FCALL_RO, no-writes). */
  readOnly: boolean;
  allowOom: boolean;
  /** maxmemory was exceeded when the script started. */
  oom: boolean;
  /** A write command ran: SCRIPT KILL answers UNKILLABLE. */
  writeDirty: boolean;
  /** keyspace.now when the script started: its clock while it runs. */
  startNow: number;
  startTime: number;
  /** Past busy-reply-threshold: running from the event loop. */
  busy: boolean;
  killed: boolean;
  /** Writes the final reply to the caller (given the result message). */
  done: (items: string[]) => void;
  /** Propagation was active when it started (the hold taken when going busy). */
  held: boolean;
  /** The text being run and its chunk name, for the line of a SCRIPT KILL error. */
  text: string;
  chunk: 'user_script' | 'user_function';
}

/**
 * The line a killed script is reported at. The VM is stopped from outside
 * (the worker is terminated), so the line it was on is unknown; the first loop
 * of the text is the best guess (a script runs long because of a loop).
 */
function killLine(text: string): number {
  const m = /\b(while|repeat|for)\b/.exec(text);
  if (m === null) return 1;
  let line = 1;
  for (let i = 0; i < m.index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

interface ScriptRecord {
  body: string;
  /** The text the engine compiles: the body with its shebang line blanked. */
  source: string;
  flags: number;
}

export interface LibraryFunction {
  name: string;
  flags: number;
  description: string | null;
}

export interface Library {
  name: string;
  /** The whole code as loaded (shebang line included): FUNCTION LIST WITHCODE, DUMP. */
  code: string;
  /** Its functions in registration order. */
  functions: Map<string, LibraryFunction>;
  /** The worker's key for this load of the library (a reload gets a new one). */
  id: string;
  /** The text the engine runs: the code with its shebang line blanked. */
  source: string;
}

/** A library the engine ran but that is not linked yet. */
interface Candidate {
  name: string;
  code: string;
  source: string;
  id: string;
  functions: Map<string, LibraryFunction>;
}

/** Redis's function and library names: letters, digits and underscores. */
const NAME_RE = /^[A-Za-z0-9_]+$/;

export class Scripting {
  /** EVAL scripts by lower-case sha1. */
  readonly scripts = new Map<string, ScriptRecord>();
  /** FUNCTION libraries by name, and each function's library. */
  readonly libraries = new Map<string, Library>();
  /** Functions by lower-case name (Redis looks them up case-insensitively). */
  readonly functions = new Map<string, { lib: Library; fn: LibraryFunction }>();
  private libSeq = 0;
  /** The call in progress, or null. */
  current: Run | null = null;
  readonly scriptClient: Client;

  private worker: Worker | null = null;
  private ch: Channel | null = null;
  private seenMain = 0;
  private readonly token = randomBytes(16).toString('hex');
  /** Scripts and libraries the current worker has compiled. */
  private readonly compiled = new Set<string>();
  private readonly loadedLibs = new Set<string>();
  private startFailedAt = 0;

  constructor(readonly server: Server) {
    const c = Client.socketless(-2, server, 'lua');
    // Blocking commands never block inside a script (they answer as on timeout).
    c.inExec = true;
    this.scriptClient = c;
  }

  // ---------------------------------------------------------------- worker

  private ensureWorker(): Channel | null {
    if (this.worker !== null && this.ch !== null) return this.ch;
    // After a failed start, fail fast for a while instead of waiting again.
    if (Date.now() - this.startFailedAt < 5000) return null;
    const buffers = createBuffers();
    const { port1, port2 } = new MessageChannel();
    port1.unref();
    const ch = new Channel(buffers, port1);
    const workerData = { buffers, port: port2, token: this.token, redisVersion: REDIS_VERSION };
    const here = import.meta.url;
    let worker: Worker;
    try {
      // The worker reports a failed start-up through the state slot, so the
      // synchronous wait below ends at once.
      const fail = `.catch((e) => { const ctl = new Int32Array(workerData.buffers.ctl); Atomics.store(ctl, ${STATE}, 2); Atomics.notify(ctl, ${STATE}); throw e; });`;
      let load: string;
      if (here.endsWith('.ts')) {
        // Running from sources (tests, tsx): the worker loads TypeScript through tsx.
        const require = createRequire(here);
        const tsx = pathToFileURL(require.resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
        const entry = new URL('./worker.ts', here).href;
        load = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
      } else {
        load = `import(${JSON.stringify(new URL('./worker.js', here).href)})`;
      }
      const code = `const { workerData } = require('node:worker_threads');` + load + fail;
      worker = new Worker(code, { eval: true, workerData, transferList: [port2] });
    } catch (err) {
      this.server.log.error({ err }, 'Could not start the scripting worker');
      return null;
    }
    worker.unref();
    worker.on('error', (err) => this.server.log.error({ err }, 'Scripting worker error'));
    // A worker that dies without saying so (e.g. out of JS heap) must not leave a script hanging.
    worker.on('exit', () => this.workerExited(worker));
    // Wait (synchronously) for the worker's VM to be ready.
    const deadline = Date.now() + 30000;
    while (Atomics.load(ch.ctl, STATE) === 0 && Date.now() < deadline) Atomics.wait(ch.ctl, STATE, 0, 100);
    if (Atomics.load(ch.ctl, STATE) !== 1) {
      this.startFailedAt = Date.now();
      this.server.log.error('The scripting worker failed to start');
      void worker.terminate();
      return null;
    }
    this.worker = worker;
    this.ch = ch;
    this.seenMain = Atomics.load(ch.ctl, TO_MAIN);
    this.compiled.clear();
    this.loadedLibs.clear();
    return ch;
  }

  /** Stops the worker (SCRIPT KILL, shutdown); the next job starts a fresh one. */
  private dropWorker(): void {
    // Wake a pending Atomics.waitAsync so it does not wait forever on a dead worker.
    if (this.ch !== null) Atomics.notify(this.ch.ctl, TO_MAIN);
    if (this.worker !== null) void this.worker.terminate();
    this.worker = null;
    this.ch = null;
    this.compiled.clear();
    this.loadedLibs.clear();
  }

  private workerExited(worker: Worker): void {
    if (this.worker !== worker) return;
    this.server.log.error('The scripting worker exited unexpectedly');
    this.dropWorker();
    const run = this.current;
    if (run !== null && run.busy) this.finishAsync(run, ['!0\n0' + ENGINE_DOWN.length + '\n' + ENGINE_DOWN]);
  }

  /** Server shutdown: the running script (if any) ends without a reply. */
  close(): void {
    const run = this.current;
    if (run !== null) {
      run.killed = true;
      this.endRun(run);
    }
    this.dropWorker();
  }

  // ---------------------------------------------------------------- jobs

  /**
   * Runs a non-script job (SCRIPT LOAD, FUNCTION LOAD...) to completion.
   * Returns the result items, or null when the engine is unavailable or the
   * job overran `timeoutMs` (the worker is then restarted).
   */
  control(job: string[], timeoutMs = Infinity): string[] | null {
    const ch = this.ensureWorker();
    if (ch === null) return null;
    ch.send(TO_WORKER, M_JOB, job);
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const left = timeoutMs === Infinity ? Infinity : Math.max(0, deadline - performance.now());
      const v = ch.wait(TO_MAIN, this.seenMain, left);
      if (v === this.seenMain) {
        if (timeoutMs !== Infinity && performance.now() >= deadline) {
          this.dropWorker();
          return null;
        }
        continue;
      }
      this.seenMain = v;
      const type = ch.type();
      const items = ch.items();
      if (type === M_RESULT) return items;
      if (type === M_FATAL) {
        this.server.log.error(items[0]);
        this.dropWorker();
        return null;
      }
      // A call during a control job (a library calling redis.log at load time).
      if (type === M_CALL) ch.send(TO_WORKER, M_REPLY, [this.serveCall(null, items)]);
    }
  }

  /**
   * Runs a script or function call. Returns the result items when it finished
   * before busy-reply-threshold, or null when it went on in the background
   * (run.done then writes the reply when it ends).
   */
  execute(run: Run, job: string[]): string[] | null {
    const ch = this.ensureWorker();
    if (ch === null) return ['!0\n0' + ENGINE_DOWN.length + '\n' + ENGINE_DOWN];
    const sc = this.scriptClient;
    sc.db = run.caller.db;
    sc.w.resp = 2;
    sc.user = run.caller.user;
    this.current = run;
    // The clock starts with the script (not with the engine's start-up).
    run.startTime = performance.now();
    ch.send(TO_WORKER, M_JOB, job);
    // Inside EXEC (or while loading) the caller's command cannot be suspended:
    // such a script runs to its end, however long.
    const caller = run.caller;
    const threshold = caller.inExec || caller.isLoader ? 0 : this.server.config.num('busy-reply-threshold');
    const deadline = run.startTime + threshold;
    for (;;) {
      const left = threshold <= 0 ? Infinity : deadline - performance.now();
      const v = left <= 0 ? Atomics.load(ch.ctl, TO_MAIN) : ch.wait(TO_MAIN, this.seenMain, left);
      if (v === this.seenMain) {
        if (threshold > 0 && performance.now() >= deadline) {
          this.goBusy(run);
          return null;
        }
        continue;
      }
      this.seenMain = v;
      const items = this.handle(run);
      if (items !== null) {
        this.endRun(run);
        return items;
      }
      // A script busy calling commands must go busy too, not only one spinning in Lua.
      if (threshold > 0 && performance.now() >= deadline) {
        this.goBusy(run);
        return null;
      }
    }
  }

  /**
   * Runs script `name` (compiling `source` if this worker lacks it) with the
   * keys and args at argv[from...]: EVAL and EVALSHA.
   */
  runScript(run: Run, name: string, source: string, nk: number, argv: string[], from: number): string[] | null {
    const job = new Array<string>(4 + argv.length - from);
    job[0] = 'eval';
    job[1] = name;
    job[2] = this.compiled.has(name) ? '' : source;
    job[3] = String(nk);
    for (let i = from; i < argv.length; i++) job[4 + i - from] = argv[i];
    let r = this.execute(run, job);
    if (r !== null && r[0] === MISSING) {
      job[2] = source;
      r = this.execute(run, job);
    }
    if (r !== null && r[0].charCodeAt(0) !== 63) this.compiled.add(name);
    return r;
  }

  /** Compiles a script without running it: '' when it compiled, the error text, or null (no engine). */
  compileScript(name: string, source: string): string | null {
    const r = this.control(['load', name, source]);
    if (r === null) return null;
    if (r[0].charCodeAt(0) === 63) return parseCompileError(r[0]);
    this.compiled.add(name);
    return '';
  }

  /** SCRIPT FLUSH: forgets every cached script (and its compiled function). */
  flushScripts(): void {
    this.scripts.clear();
    if (this.worker !== null) this.control(['flush']);
    this.compiled.clear();
  }

  // ------------------------------------------------------------- functions

  /**
   * Runs a library's top-level code in the engine so it registers its
   * functions (Redis's functionsCreateWithLibraryCtx up to the linking).
   * Returns the candidate or the error message (without the ERR prefix).
   */
  private runLibrary(code: string, timeoutMs: number): Candidate | string {
    if (!code.startsWith('#!')) return 'Missing library metadata';
    const nl = code.indexOf('\n');
    if (nl < 0) return 'Invalid library metadata';
    const parts = code
      .slice(0, nl)
      .split(/[ \t\r\v\f]+/)
      .filter((p) => p !== '');
    if (parts.length === 0) return 'Invalid library metadata';
    const engine = parts[0].slice(2);
    let name: string | null = null;
    for (let i = 1; i < parts.length; i++) {
      const part = parts[i];
      if (part.slice(0, 5).toLowerCase() === 'name=') {
        if (name !== null) return 'Invalid metadata value, name argument was given multiple times';
        name = part.slice(5);
        continue;
      }
      return `Invalid metadata value given: ${part}`;
    }
    if (name === null) return 'Library name was not given';
    if (!NAME_RE.test(name)) return 'Library names can only contain letters, numbers, or underscores(_) and must be at least one character long';
    if (engine.toLowerCase() !== 'lua') return `Engine '${engine}' not found`;
    const source = protectTailCalls(code.slice(nl));
    const id = `${name}#${++this.libSeq}`;
    return this.loadCandidate(name, code, source, id, timeoutMs);
  }

  private loadCandidate(name: string, code: string, source: string, id: string, timeoutMs: number): Candidate | string {
    const r = this.control(['fload', id, source], timeoutMs);
    if (r === null) return this.worker === null && timeoutMs !== Infinity ? 'Error registering functions: ERR FUNCTION LOAD timeout' : 'the scripting engine is not available';
    const head = r[0];
    const t = head.charCodeAt(0);
    if (t === 63) return 'Error compiling function: ' + parseCompileError(head);
    if (t === 33) return 'Error registering functions: ' + parseRaised(head).msg;
    if (t === 64) return 'Error registering functions: ' + parseCompileError(head);
    this.loadedLibs.add(id);
    const functions = new Map<string, LibraryFunction>();
    for (let i = 1; i < r.length; i++) {
      const f = r[i].split('\0');
      let flags = 0;
      for (let k = 2; k < f.length; k++) {
        const known = FLAG_NAMES.find(([n]) => n === f[k]);
        if (known !== undefined) flags |= known[1];
      }
      functions.set(f[0], { name: f[0], flags, description: f[1] === '0' ? null : f[1].slice(1) });
    }
    if (functions.size === 0) {
      this.forgetLibrary(id);
      return 'No functions registered';
    }
    return { name, code, source, id, functions };
  }

  /** Drops a library from the worker (if it has it). */
  private forgetLibrary(id: string): void {
    if (this.worker !== null && this.loadedLibs.delete(id)) this.control(['fdelete', id]);
  }

  private link(c: Candidate): Library {
    const lib: Library = { name: c.name, code: c.code, source: c.source, id: c.id, functions: c.functions };
    this.libraries.set(lib.name, lib);
    for (const fn of lib.functions.values()) this.functions.set(fn.name.toLowerCase(), { lib, fn });
    return lib;
  }

  private unlink(lib: Library): void {
    this.libraries.delete(lib.name);
    for (const fn of lib.functions.values()) this.functions.delete(fn.name.toLowerCase());
  }

  /** The first function of `c` whose name another library (not `except`) already has. */
  private collision(c: Candidate, except: Library | undefined): string | null {
    for (const fn of c.functions.values()) {
      const have = this.functions.get(fn.name.toLowerCase());
      if (have !== undefined && have.lib !== except) return fn.name;
    }
    return null;
  }

  /** FUNCTION LOAD: returns the library name, or an error message (without ERR). */
  loadLibrary(code: string, replace: boolean, timeoutMs: number): { name: string } | { error: string } {
    // The library name is checked against existing ones before the code runs.
    const meta = this.runLibraryName(code);
    if (meta !== null && this.libraries.has(meta) && !replace) return { error: `Library '${meta}' already exists` };
    const c = this.runLibrary(code, timeoutMs);
    if (typeof c === 'string') return { error: c };
    const old = this.libraries.get(c.name);
    if (old !== undefined && !replace) {
      this.forgetLibrary(c.id);
      return { error: `Library '${c.name}' already exists` };
    }
    const clash = this.collision(c, old);
    if (clash !== null) {
      this.forgetLibrary(c.id);
      return { error: `Function ${clash} already exists` };
    }
    if (old !== undefined) {
      this.unlink(old);
      this.forgetLibrary(old.id);
    }
    this.link(c);
    return { name: c.name };
  }

  /** The name= of a library's shebang if it parses, for the early "already exists" check. */
  private runLibraryName(code: string): string | null {
    if (!code.startsWith('#!')) return null;
    const nl = code.indexOf('\n');
    if (nl < 0) return null;
    for (const part of code.slice(0, nl).split(/[ \t\r\v\f]+/)) if (part.slice(0, 5).toLowerCase() === 'name=') return part.slice(5);
    return null;
  }

  /** FUNCTION DELETE. */
  deleteLibrary(name: string): boolean {
    const lib = this.libraries.get(name);
    if (lib === undefined) return false;
    this.unlink(lib);
    this.forgetLibrary(lib.id);
    return true;
  }

  /** FUNCTION FLUSH. */
  flushLibraries(): void {
    this.libraries.clear();
    this.functions.clear();
    if (this.worker !== null) this.control(['fflush']);
    this.loadedLibs.clear();
  }

  /**
   * FUNCTION RESTORE / loading an RDB: adds the libraries of `codes` with
   * Redis's policies. 'append' aborts on any existing library, 'replace'
   * replaces them, 'flush' drops everything first. All or nothing: returns an
   * error message (without ERR) and changes nothing when a library fails.
   */
  restoreLibraries(codes: string[], policy: 'append' | 'replace' | 'flush'): string | null {
    const fresh: Candidate[] = [];
    const abort = (msg: string): string => {
      for (const c of fresh) this.forgetLibrary(c.id);
      return msg;
    };
    const names = new Set<string>();
    const fnames = new Set<string>();
    for (const code of codes) {
      const c = this.runLibrary(code, Infinity);
      if (typeof c === 'string') return abort(c);
      fresh.push(c);
      if (names.has(c.name)) return abort(`Library '${c.name}' already exists`);
      names.add(c.name);
      for (const fn of c.functions.values()) {
        const k = fn.name.toLowerCase();
        if (fnames.has(k)) return abort(`Function ${fn.name} already exists`);
        fnames.add(k);
      }
    }
    if (policy === 'flush') {
      for (const lib of [...this.libraries.values()]) {
        this.unlink(lib);
        this.forgetLibrary(lib.id);
      }
      for (const c of fresh) this.link(c);
      return null;
    }
    const replaced: Library[] = [];
    for (const c of fresh) {
      const old = this.libraries.get(c.name);
      if (old === undefined) continue;
      if (policy === 'append') return abort(`Library ${c.name} already exists`);
      replaced.push(old);
    }
    for (const old of replaced) this.unlink(old);
    for (const c of fresh) {
      for (const fn of c.functions.values()) {
        if (this.functions.has(fn.name.toLowerCase())) {
          for (const old of replaced) this.link(old);
          return abort(`Function ${fn.name} already exists`);
        }
      }
    }
    for (const old of replaced) this.forgetLibrary(old.id);
    for (const c of fresh) this.link(c);
    return null;
  }

  /** FCALL: runs function `fn` of `lib` (reloading the library into a fresh worker if needed). */
  runFunction(run: Run, lib: Library, fn: LibraryFunction, nk: number, argv: string[], from: number): string[] | null {
    if (!this.loadedLibs.has(lib.id) || this.worker === null) {
      const r = this.loadCandidate(lib.name, lib.code, lib.source, lib.id, Infinity);
      if (typeof r === 'string') return ['!0\n0' + (r.length + 4) + '\nERR ' + r];
    }
    const job = new Array<string>(4 + argv.length - from);
    job[0] = 'fcall';
    job[1] = lib.id;
    job[2] = fn.name;
    job[3] = String(nk);
    for (let i = from; i < argv.length; i++) job[4 + i - from] = argv[i];
    return this.execute(run, job);
  }

  /** Handles one message from the worker; returns the result items when the job ended. */
  private handle(run: Run): string[] | null {
    const ch = this.ch!;
    const type = ch.type();
    const items = ch.items();
    if (type === M_CALL) {
      ch.send(TO_WORKER, M_REPLY, [this.serveCall(run, items)]);
      return null;
    }
    if (type === M_RESULT) return items;
    // The VM died (M_FATAL): the worker is gone.
    this.server.log.error(items[0]);
    this.dropWorker();
    return ['!0\n0' + ENGINE_DOWN.length + '\n' + ENGINE_DOWN];
  }

  /** Clears the per-run state; the caller writes the reply. */
  private endRun(run: Run): void {
    if (this.current === run) this.current = null;
    const server = this.server;
    server.propagation.suppressed = false;
    if (!run.busy) return;
    run.busy = false;
    server.busyScript = null;
    const c = run.caller;
    c.waitingAcks = false;
    // The writes of the whole script reach the AOF / replicas as one unit.
    const prop = server.propagation;
    if (run.held) {
      prop.depth--;
      if (prop.depth === 0) prop.flush();
    }
  }

  /** busy-reply-threshold passed: let the event loop run, answering BUSY to others. */
  private goBusy(run: Run): void {
    const server = this.server;
    run.busy = true;
    server.busyScript = run.isEval ? BUSY_EVAL : BUSY_FUNCTION;
    server.log.warn(
      `Slow script detected: still in execution after ${Math.round(performance.now() - run.startTime)} milliseconds. You can try killing the script using the ${run.isEval ? 'SCRIPT KILL' : 'FUNCTION KILL'} command.`,
    );
    // The caller waits for its reply; its next commands wait in its input buffer.
    run.caller.waitingAcks = true;
    const prop = server.propagation;
    run.held = prop.active;
    if (run.held) prop.depth++;
    this.armAsync(run);
  }

  private armAsync(run: Run): void {
    const ch = this.ch;
    if (ch === null || this.current !== run) return;
    const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number): { async: boolean; value: Promise<string> | string } }).waitAsync;
    const r = waitAsync(ch.ctl, TO_MAIN, this.seenMain);
    if (r.async) void (r.value as Promise<string>).then(() => this.pumpAsync(run));
    else setImmediate(() => this.pumpAsync(run));
  }

  private pumpAsync(run: Run): void {
    if (this.current !== run || run.killed) return;
    const ch = this.ch;
    if (ch === null) return;
    const server = this.server;
    const until = performance.now() + BUSY_SLICE_MS;
    for (;;) {
      const v = ch.wait(TO_MAIN, this.seenMain, Math.max(0, until - performance.now()));
      if (v === this.seenMain) break;
      this.seenMain = v;
      // The script's clock stands still while it runs, as in Redis.
      server.keyspace.now = run.startNow;
      const items = this.handle(run);
      if (items !== null) {
        this.finishAsync(run, items);
        return;
      }
      if (performance.now() >= until) break;
    }
    this.armAsync(run);
  }

  /** A script that went busy has ended: reply, then let the server go on. */
  private finishAsync(run: Run, items: string[] | null): void {
    this.endRun(run);
    const c = run.caller;
    const server = this.server;
    if (!c.closed && items !== null) run.done(items);
    if (!c.closed) c.flush();
    if (server.blocking.pending) server.blocking.serveReady();
    if (!c.closed) c.resumeInput();
  }

  /** SCRIPT KILL (isEval) / FUNCTION KILL. */
  kill(c: Client, isEval: boolean): void {
    const run = this.current;
    if (run === null || !run.busy) {
      c.w.error(NOTBUSY);
      return;
    }
    if (run.writeDirty) {
      c.w.error(UNKILLABLE);
      return;
    }
    if (isEval && !run.isEval) {
      c.w.error(BUSY_FUNCTION);
      return;
    }
    if (!isEval && run.isEval) {
      c.w.error(BUSY_EVAL);
      return;
    }
    run.killed = true;
    c.w.ok();
    this.server.log.warn('Lua script killed by user with SCRIPT KILL.');
    this.dropWorker();
    const msg = 'ERR Script killed by user with SCRIPT KILL...';
    this.finishAsync(run, ['!' + killLine(run.text) + '\n0' + msg.length + '\n' + msg]);
  }

  // ---------------------------------------------------------------- redis.call

  /** Runs one redis.call / pcall of the running script; returns the RESP reply. */
  private serveCall(run: Run | null, items: string[]): string {
    const kind = items[0];
    const server = this.server;
    if (kind === 'L') {
      const level = Number(items[1]);
      const msg = items[2];
      const verbosity = server.config.str('loglevel');
      const min = verbosity === 'debug' ? 0 : verbosity === 'verbose' ? 1 : verbosity === 'notice' ? 2 : 3;
      if (level >= min) {
        const log = server.log;
        if (level === 3) log.warn(msg);
        else if (level === 2) log.info(msg);
        else log.debug(msg);
      }
      return '+OK\r\n';
    }
    if (kind === 'R') {
      // REPL_NONE stops logging the following commands; Petrel has one
      // stream for the AOF and replicas, so REPL_AOF / REPL_REPLICA log to both.
      server.propagation.suppressed = Number(items[1]) === 0;
      return '+OK\r\n';
    }
    if (kind === 'A') {
      const cmd = lookupScriptCommand(server, items.slice(1));
      if (cmd === null) return '-ERR Invalid command passed to redis.acl_check_cmd()\r\n';
      return ':1\r\n';
    }
    if (run === null) return '-\x01ERR redis.call is not available here\r\n';
    const argv = items.slice(1);
    const cmd = lookupScriptCommand(server, argv);
    if (cmd === null) return '-\x01ERR Unknown Redis command called from script\r\n';
    const arity = cmd.spec.arity;
    if ((arity > 0 && argv.length !== arity) || argv.length < -arity) return '-\x01ERR Wrong number of args calling Redis command from script\r\n';
    if (cmd.spec.flags.includes('noscript')) return '-\x01ERR This Redis command is not allowed from script\r\n';
    // Read-only scripts may not run commands that may replicate either (PUBLISH...).
    if (run.readOnly && (cmd.isWrite || cmd.spec.flags.includes('may_replicate'))) return '-\x01ERR Write commands are not allowed from read-only scripts.\r\n';
    if (cmd.isWrite && server.writesRefused) return '-\x01' + MISCONF + '\r\n';
    if (!run.allowOom && run.oom && !run.writeDirty && cmd.isDenyOom && server.evictor.maxmemory !== 0) return '-\x01' + OOM_ERROR + '\r\n';
    if (cmd.isWrite) run.writeDirty = true;
    const sc = this.scriptClient;
    sc.w.resp = kind === '3' ? 3 : 2;
    sc.currentArgv = argv;
    call(sc, cmd, argv);
    return sc.w.take();
  }
}

const ENGINE_DOWN = 'ERR the scripting engine is not available';
/** The worker's answer when asked to run a script it has not compiled. */
const MISSING = '?7\nmissing';

/** Redis's lookupCommand for scripts: a container command needs a known subcommand. */
function lookupScriptCommand(server: Server, argv: string[]): Command | null {
  if (argv.length === 0) return null;
  const table = server.commands;
  const cmd = table.get(argv[0]) ?? table.get(argv[0].toLowerCase());
  if (cmd === undefined) return null;
  if (cmd.subcommands !== null && argv.length >= 2) return cmd.subcommands.get(argv[1].toLowerCase()) ?? null;
  return cmd;
}

const instances = new WeakMap<Server, Scripting>();

/** The server's scripting state, made on first use. */
export function scriptingOf(server: Server): Scripting {
  let s = instances.get(server);
  if (s === undefined) {
    s = new Scripting(server);
    instances.set(server, s);
    const scripting = s;
    server.onCloseHooks.push(() => scripting.close());
    // RDB files, AOF bases and full syncs carry the libraries.
    keyspaceFunctions.set(server.keyspace, () => [...scripting.libraries.values()].map((l) => l.code));
  }
  return s;
}

/** The server's scripting state if it was ever used (no worker is started by asking). */
export function existingScripting(server: Server): Scripting | undefined {
  return instances.get(server);
}

/**
 * Function libraries read from an RDB image (start-up, DEBUG RELOAD, an AOF's
 * RDB base). Libraries of the same name are replaced. Throws when one cannot
 * be created: Redis stops loading the file then.
 */
export function loadRdbFunctions(server: Server, codes: readonly string[]): void {
  if (codes.length === 0) return;
  const err = scriptingOf(server).restoreLibraries([...codes], 'replace');
  if (err !== null) throw new Error(`Failed loading the function libraries of the RDB file: ${err}`);
}
