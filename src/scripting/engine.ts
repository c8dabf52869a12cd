// The Lua engine: Redis's own Lua 5.1 (with cjson, cmsgpack, bit and struct)
// compiled to WebAssembly by the lua-redis-wasm package. This file is the only
// one that knows the package; everything else talks to `LuaVm`, so another
// engine can replace it.
//
// The package's JS wrapper is asynchronous to load and allocates several
// Buffers per call. Petrel drives the same WebAssembly binary through its
// documented ABI instead (docs/abi.md of the package: sret PtrLen returns,
// length-prefixed argument arrays, tagged replies), which gives:
// - synchronous instantiation (one compiled WebAssembly.Module per process, one
//   instance per VM), so a VM can be made or replaced inside a command;
// - an allocator that fails instead of aborting: the heap is fixed (64 MiB) and
//   `emscripten_resize_heap` answers "no", so a runaway allocation becomes
//   Lua's "not enough memory" error instead of a dead instance;
// - no per-call hashing or Buffer churn: arguments are written straight into
//   the instance's memory as latin1 bytes and redis.call arguments are read
//   back the same way.
//
// The binary's ABI evaluates source text (luaL_loadbuffer per call); it has no
// entry point to keep a compiled function. Callers therefore hand the prepared
// source of a cached script on each run (see scripting/cache.ts).

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// Reply tags of the ABI (lua-redis-wasm codec).
export const T_NULL = 0x00;
export const T_INT = 0x01;
export const T_BULK = 0x02;
export const T_ARRAY = 0x03;
export const T_STATUS = 0x04;
export const T_ERROR = 0x05;
export const T_SCRIPT_ERROR = 0x06;
export const T_BOOL = 0x07;
export const T_DOUBLE = 0x08;
export const T_MAP = 0x09;
export const T_SET = 0x0a;
export const T_BIGNUM = 0x0b;
export const T_VERBATIM = 0x0c;

/** What a VM asks of its host while a script runs. */
export interface LuaHost {
  /**
   * redis.call (`raise` true) or redis.pcall: runs argv and returns the reply
   * as RESP text (latin1), exactly as a client would read it.
   */
  call(argv: string[], raise: boolean): string;
  /** redis.log(level, message). */
  log(level: number, message: string): void;
  /** redis.setresp(n) was called with a valid n. */
  setResp(version: number): void;
}

export interface LuaVmOptions {
  /** redis.REDIS_VERSION, e.g. '7.2.4'. */
  redisVersion: string;
}

/** The instruction limit set at init: distinctive, so calibrateFuel can find the counter. */
const FUEL_MARK = 0xf1e2d3c4;

// The few WebAssembly JS API members used here (the project's lib settings
// carry no DOM / WebAssembly typings).
interface WasmModule {
  readonly __brand: 'WasmModule';
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: unknown };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: WasmModule | null = null;

/** The engine binary, compiled once per process (about 200 KB). */
function wasmModule(): WasmModule {
  if (compiled === null) {
    const require = createRequire(import.meta.url);
    const file = join(dirname(require.resolve('lua-redis-wasm')), 'redis_lua.wasm');
    compiled = new WA.Module(readFileSync(file));
  }
  return compiled;
}

/** Thrown through WebAssembly frames by longjmp (Lua errors), caught by invoke_vii. */
const LONGJMP = { longjmp: true };

interface Exports {
  memory: { buffer: ArrayBuffer };
  __wasm_call_ctors(): void;
  set_compat(flags: number): void;
  set_limits(fuel: number, maxReply: number, maxArg: number): void;
  init(): number;
  eval_with_args(ret: number, script: number, scriptLen: number, args: number, argsLen: number, nkeys: number): void;
  alloc(n: number): number;
  free_mem(p: number): void;
  setThrew(a: number, b: number): void;
  _emscripten_stack_restore(sp: number): void;
  emscripten_stack_get_current(): number;
  __indirect_function_table: { get(index: number): unknown };
}

/** Encodes the `redis.*` constants and stubs injected before the globals are locked. */
function propsBlob(version: string): Buffer {
  const [maj, min, patch] = version.split('.').map((x) => Number(x) || 0);
  const entries: [string, 'value' | 'returns', string | number | boolean | null][] = [
    ['REDIS_VERSION', 'value', version],
    ['REDIS_VERSION_NUM', 'value', (maj << 16) | (min << 8) | patch],
    ['REPL_NONE', 'value', 0],
    ['REPL_AOF', 'value', 1],
    ['REPL_SLAVE', 'value', 2],
    ['REPL_REPLICA', 'value', 2],
    ['REPL_ALL', 'value', 3],
    // Outside the Lua debugger (not supported) these do nothing, as in Redis.
    ['breakpoint', 'returns', false],
    ['debug', 'returns', null],
    // Effects replication is the only mode since Redis 7: always true.
    ['replicate_commands', 'returns', true],
  ];
  const parts: Buffer[] = [];
  const head = Buffer.alloc(4);
  head.writeUInt32LE(entries.length);
  parts.push(head);
  for (const [name, kind, v] of entries) {
    const n = Buffer.from(name, 'latin1');
    const nl = Buffer.alloc(4);
    nl.writeUInt32LE(n.length);
    parts.push(nl, n, Buffer.from([kind === 'value' ? 0 : 1]));
    if (v === null) parts.push(Buffer.from([0]));
    else if (typeof v === 'boolean') parts.push(Buffer.from([1, v ? 1 : 0]));
    else if (typeof v === 'number') {
      const b = Buffer.alloc(9);
      b[0] = 2;
      b.writeDoubleLE(v, 1);
      parts.push(b);
    } else {
      const s = Buffer.from(v, 'latin1');
      const b = Buffer.alloc(5);
      b[0] = 3;
      b.writeUInt32LE(s.length, 1);
      parts.push(b, s);
    }
  }
  return Buffer.concat(parts);
}

/**
 * One Lua interpreter (one WebAssembly instance with its own 64 MiB heap).
 * Not re-entrant: a script's redis.call may not start another script.
 */
export class LuaVm {
  private readonly ex: Exports;
  /** The instance's whole memory as a Buffer (the heap never grows, so this view stays valid). */
  private readonly heap: Buffer;
  /** Scratch for encoding replies before they are copied into the instance. */
  private scratch = Buffer.allocUnsafe(4096);
  private scratchLen = 0;
  /** An exception thrown by the host during a run, rethrown once the VM unwound. */
  private hostFailure: unknown = null;
  /** Set while a run is in progress. */
  running = false;
  /** Address of the engine's instruction budget (int64), once found; -1 if unknown. */
  private fuelAddr = -1;
  private fuelCandidates: number[] = [];

  constructor(
    private readonly host: LuaHost,
    options: LuaVmOptions,
  ) {
    const props = propsBlob(options.redisVersion);
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    let ex: Exports | null = null;
    let heap: Buffer | null = null;
    const sys = (): number => -28; // EINVAL: no files, no terminals in the sandbox
    const imports = {
      env: {
        host_redis_props(ret: number) {
          const p = ex!.alloc(props.length);
          heap!.set(props, p);
          heap!.writeUInt32LE(p, ret);
          heap!.writeUInt32LE(props.length, ret + 4);
        },
        host_redis_log(level: number, ptr: number, len: number) {
          self.guard(() => host.log(level, heap!.latin1Slice(ptr, ptr + len)));
        },
        host_sha1hex(ret: number, ptr: number, len: number) {
          self.sha1hex(ret, ptr, len);
        },
        host_redis_setresp(version: number) {
          self.guard(() => host.setResp(version));
        },
        host_redis_call(ret: number, ptr: number, len: number) {
          self.hostCall(ret, ptr, len, true);
        },
        host_redis_pcall(ret: number, ptr: number, len: number) {
          self.hostCall(ret, ptr, len, false);
        },
        exit(code: number) {
          throw new Error(`Lua engine called exit(${code})`);
        },
        invoke_vii(index: number, a1: number, a2: number) {
          const sp = ex!.emscripten_stack_get_current();
          try {
            (ex!.__indirect_function_table.get(index) as (a: number, b: number) => void)(a1, a2);
          } catch (e) {
            ex!._emscripten_stack_restore(sp);
            if (e !== LONGJMP) throw e;
            ex!.setThrew(1, 0);
          }
        },
        __assert_fail() {
          throw new Error('Lua engine assertion failed');
        },
        _abort_js() {
          throw new Error('Lua engine aborted');
        },
        __syscall_openat: () => -44,
        __syscall_fcntl64: sys,
        __syscall_ioctl: sys,
        __syscall_dup3: sys,
        // The heap is fixed: refusing to grow makes malloc return NULL (Lua: "not enough memory").
        emscripten_resize_heap: () => 0,
        _emscripten_throw_longjmp() {
          throw LONGJMP;
        },
      },
      wasi_snapshot_preview1: {
        clock_time_get(clock: number, _precision: bigint, ptime: number) {
          const ms = clock === 0 ? Date.now() : performance.now();
          heap!.writeBigInt64LE(BigInt(Math.round(ms * 1e6)), ptime);
          return 0;
        },
        fd_write(_fd: number, iov: number, iovcnt: number, pnum: number) {
          let total = 0;
          for (let i = 0; i < iovcnt; i++) total += heap!.readUInt32LE(iov + i * 8 + 4);
          heap!.writeUInt32LE(total, pnum);
          return 0;
        },
        fd_read(_fd: number, _iov: number, _iovcnt: number, pnum: number) {
          heap!.writeUInt32LE(0, pnum);
          return 0;
        },
        fd_close: () => 0,
        fd_seek: () => 70,
      },
    };
    const instance = new WA.Instance(wasmModule(), imports);
    ex = instance.exports as unknown as Exports;
    heap = Buffer.from(ex.memory.buffer);
    this.ex = ex;
    this.heap = heap;
    ex.__wasm_call_ctors();
    ex.set_compat(0); // Redis 7.2's sandbox: no print, no os, no `server` alias
    // A run's instruction budget starts at FUEL_MARK (about 4 billion); the
    // worker lifts it (refuel) for every job.
    const fuel = FUEL_MARK;
    ex.set_limits(fuel | 0, 0, 0);
    if (ex.init() !== 0) throw new Error('the Lua engine failed to initialize');
    // The engine keeps its budget and what is left of it as two int64 statics,
    // both equal to the limit right after init: remember where they are.
    const big = BigInt(fuel);
    for (let a = 0; a + 8 <= Math.min(heap.length, 1 << 20); a += 8) {
      if (heap.readBigInt64LE(a) === big) this.fuelCandidates.push(a);
    }
  }

  /**
   * Finds which candidate is the remaining budget (the one that went down
   * while a script ran): call from a host callback after more than 1000
   * instructions. Returns whether the address is known.
   */
  calibrateFuel(): boolean {
    if (this.fuelAddr >= 0) return true;
    const limit = BigInt(FUEL_MARK);
    const moved = this.fuelCandidates.filter((a) => {
      const v = this.heap.readBigInt64LE(a);
      return v < limit && v > 0n && (limit - v) % 1000n === 0n;
    });
    if (moved.length === 1) this.fuelAddr = moved[0];
    return this.fuelAddr >= 0;
  }

  /**
   * Gives the running script an effectively unlimited instruction budget
   * (2^62). Petrel bounds scripts by time (busy-reply-threshold, SCRIPT KILL),
   * as Redis does, not by instruction count. No-op if calibration failed.
   */
  refuel(): void {
    if (this.fuelAddr >= 0) this.heap.writeBigInt64LE(1n << 62n, this.fuelAddr);
  }

  /**
   * Runs `source` (latin1 text) with KEYS and ARGV; returns the result in the
   * ABI's tagged encoding (see decodeResult in scripting/convert.ts). A host
   * exception during the run is rethrown after the VM has unwound.
   */
  run(source: string, keys: readonly string[], args: readonly string[]): Buffer {
    const ex = this.ex;
    const heap = this.heap;
    let argsLen = 4;
    for (let i = 0; i < keys.length; i++) argsLen += 4 + keys[i].length;
    for (let i = 0; i < args.length; i++) argsLen += 4 + args[i].length;
    const srcPtr = ex.alloc(source.length + 1);
    const argsPtr = ex.alloc(argsLen);
    const ret = ex.alloc(8);
    if (srcPtr === 0 || argsPtr === 0 || ret === 0) {
      ex.free_mem(srcPtr);
      ex.free_mem(argsPtr);
      ex.free_mem(ret);
      return errorResult('ERR Lua engine out of memory while preparing the script');
    }
    heap.latin1Write(source, srcPtr);
    let o = argsPtr;
    heap.writeUInt32LE(keys.length + args.length, o);
    o += 4;
    for (let i = 0; i < keys.length; i++) {
      const s = keys[i];
      heap.writeUInt32LE(s.length, o);
      heap.latin1Write(s, o + 4);
      o += 4 + s.length;
    }
    for (let i = 0; i < args.length; i++) {
      const s = args[i];
      heap.writeUInt32LE(s.length, o);
      heap.latin1Write(s, o + 4);
      o += 4 + s.length;
    }
    this.running = true;
    this.hostFailure = null;
    try {
      ex.eval_with_args(ret, srcPtr, source.length, argsPtr, argsLen, keys.length);
    } finally {
      this.running = false;
      ex.free_mem(srcPtr);
      ex.free_mem(argsPtr);
    }
    const ptr = heap.readUInt32LE(ret);
    const len = heap.readUInt32LE(ret + 4);
    ex.free_mem(ret);
    if (this.hostFailure !== null) {
      const failure = this.hostFailure;
      this.hostFailure = null;
      if (ptr !== 0) ex.free_mem(ptr);
      throw failure;
    }
    if (ptr === 0 || len === 0) return errorResult('ERR the Lua engine returned no reply');
    const out = Buffer.allocUnsafe(len);
    heap.copy(out, 0, ptr, ptr + len);
    ex.free_mem(ptr);
    return out;
  }

  /** Runs a host callback; an exception is kept for run() to rethrow (it must not cross the VM). */
  private guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      if (this.hostFailure === null) this.hostFailure = e;
    }
  }

  private hostCall(ret: number, ptr: number, len: number, raise: boolean): void {
    const heap = this.heap;
    const argc = heap.readUInt32LE(ptr);
    const argv: string[] = new Array(argc);
    let o = ptr + 4;
    for (let i = 0; i < argc; i++) {
      const l = heap.readUInt32LE(o);
      argv[i] = heap.latin1Slice(o + 4, o + 4 + l);
      o += 4 + l;
    }
    let resp: string;
    try {
      resp = this.host.call(argv, raise);
    } catch (e) {
      if (this.hostFailure === null) this.hostFailure = e;
      resp = '-ERR internal error while running the command from script\r\n';
    }
    this.scratchLen = 0;
    const end = this.respToAbi(resp, 0);
    if (end < 0) {
      this.scratchLen = 0;
      this.respToAbi('-ERR unsupported reply from command\r\n', 0);
    }
    this.writeOut(ret);
  }

  private sha1hex(ret: number, ptr: number, len: number): void {
    const hex = sha1(this.heap.latin1Slice(ptr, ptr + len));
    const p = this.ex.alloc(40);
    this.heap.latin1Write(hex, p);
    this.heap.writeUInt32LE(p, ret);
    this.heap.writeUInt32LE(40, ret + 4);
  }

  /** Copies the scratch encoding into the instance and returns it as a PtrLen at `ret`. */
  private writeOut(ret: number): void {
    const len = this.scratchLen;
    const p = this.ex.alloc(len);
    const heap = this.heap;
    if (p === 0) {
      heap.writeUInt32LE(0, ret);
      heap.writeUInt32LE(0, ret + 4);
      return;
    }
    this.scratch.copy(heap, p, 0, len);
    heap.writeUInt32LE(p, ret);
    heap.writeUInt32LE(len, ret + 4);
  }

  private ensure(n: number): Buffer {
    if (this.scratchLen + n > this.scratch.length) {
      const next = Buffer.allocUnsafe(Math.max(this.scratch.length * 2, this.scratchLen + n + 1024));
      this.scratch.copy(next, 0, 0, this.scratchLen);
      this.scratch = next;
    }
    return this.scratch;
  }

  private header(tag: number, n: number): void {
    const b = this.ensure(5);
    b[this.scratchLen] = tag;
    b.writeUInt32LE(n, this.scratchLen + 1);
    this.scratchLen += 5;
  }

  private bytes(s: string, from: number, to: number): void {
    const n = to - from;
    const b = this.ensure(n);
    b.latin1Write(n === s.length ? s : s.slice(from, to), this.scratchLen);
    this.scratchLen += n;
  }

  /**
   * Converts one RESP2/RESP3 reply starting at `i` of `s` into the ABI
   * encoding (appended to scratch); returns the offset after it, -1 if malformed.
   */
  private respToAbi(s: string, i: number): number {
    const type = s.charCodeAt(i);
    const eol = s.indexOf('\r\n', i);
    if (eol < 0) return -1;
    switch (type) {
      case 43: // '+'
        this.header(T_STATUS, eol - i - 1);
        this.bytes(s, i + 1, eol);
        return eol + 2;
      case 45: // '-'
        this.header(T_ERROR, eol - i - 1);
        this.bytes(s, i + 1, eol);
        return eol + 2;
      case 58: {
        // ':'
        const text = s.slice(i + 1, eol);
        const b = this.ensure(13);
        b[this.scratchLen] = T_INT;
        b.writeUInt32LE(8, this.scratchLen + 1);
        const n = Number(text);
        if (Number.isSafeInteger(n)) b.writeBigInt64LE(BigInt(n), this.scratchLen + 5);
        else b.writeBigInt64LE(BigInt(text), this.scratchLen + 5);
        this.scratchLen += 13;
        return eol + 2;
      }
      case 36: // '$'
      case 61: {
        // '=' verbatim
        const n = Number(s.slice(i + 1, eol));
        if (n < 0) {
          this.header(T_NULL, 0);
          return eol + 2;
        }
        const start = eol + 2;
        if (type === 61) {
          // "fmt:" then the text
          this.header(T_VERBATIM, 4 + 3 + (n - 4));
          const b = this.ensure(4);
          b.writeUInt32LE(3, this.scratchLen);
          this.scratchLen += 4;
          this.bytes(s, start, start + 3);
          this.bytes(s, start + 4, start + n);
        } else {
          this.header(T_BULK, n);
          this.bytes(s, start, start + n);
        }
        return start + n + 2;
      }
      case 42: // '*'
      case 126: // '~'
      case 62: {
        // '>'
        const n = Number(s.slice(i + 1, eol));
        if (n < 0) {
          this.header(T_NULL, 0);
          return eol + 2;
        }
        this.header(type === 126 ? T_SET : T_ARRAY, n);
        let p = eol + 2;
        for (let k = 0; k < n && p >= 0; k++) p = this.respToAbi(s, p);
        return p;
      }
      case 37: {
        // '%'
        const n = Number(s.slice(i + 1, eol));
        this.header(T_MAP, n);
        let p = eol + 2;
        for (let k = 0; k < 2 * n && p >= 0; k++) p = this.respToAbi(s, p);
        return p;
      }
      case 124: {
        // '|' attributes: skipped, as Redis does for scripts
        const n = Number(s.slice(i + 1, eol));
        const mark = this.scratchLen;
        let p = eol + 2;
        for (let k = 0; k < 2 * n && p >= 0; k++) p = this.respToAbi(s, p);
        this.scratchLen = mark;
        return p < 0 ? p : this.respToAbi(s, p);
      }
      case 95: // '_'
        this.header(T_NULL, 0);
        return eol + 2;
      case 35: {
        // '#'
        const b = this.ensure(6);
        b[this.scratchLen] = T_BOOL;
        b.writeUInt32LE(1, this.scratchLen + 1);
        b[this.scratchLen + 5] = s.charCodeAt(i + 1) === 116 ? 1 : 0;
        this.scratchLen += 6;
        return eol + 2;
      }
      case 44: {
        // ','
        const text = s.slice(i + 1, eol);
        const d = text === 'inf' ? Infinity : text === '-inf' ? -Infinity : text === 'nan' ? NaN : Number(text);
        const b = this.ensure(13);
        b[this.scratchLen] = T_DOUBLE;
        b.writeUInt32LE(8, this.scratchLen + 1);
        b.writeDoubleLE(d, this.scratchLen + 5);
        this.scratchLen += 13;
        return eol + 2;
      }
      case 40: // '('
        this.header(T_BIGNUM, eol - i - 1);
        this.bytes(s, i + 1, eol);
        return eol + 2;
      default:
        return -1;
    }
  }
}

/** A one-item ABI result carrying an error (engine-side failures). */
export function errorResult(msg: string): Buffer {
  const b = Buffer.allocUnsafe(5 + msg.length);
  b[0] = T_ERROR;
  b.writeUInt32LE(msg.length, 1);
  b.latin1Write(msg, 5);
  return b;
}

/** SHA1 of a latin1 string, as lower-case hex (Redis's script ids, redis.sha1hex). */
export function sha1(s: string): string {
  return createHash('sha1').update(s, 'latin1').digest('hex');
}
