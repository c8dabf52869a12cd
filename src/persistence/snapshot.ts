// Fork-less point-in-time snapshot (BGSAVE), Dragonfly's method.
//
// At start (T0) every non-empty database gets a Dict fence: the first keys
// inserted after T0. Iteration is insertion order, so a walk that meets a
// fenced key has seen every key that existed at T0 and stops there. The walk
// runs in slices of a few ms between event-loop turns (setImmediate),
// encoding each key with its TTL as the RDB writer does.
//
// Before anything modifies a key the walk of its database has not finished,
// beforeWrite(db, key) runs (the dispatcher for write commands' keys, the
// blocking re-execution, expiry deletion): the key's current value is its T0
// value (nothing touched it since, or it would be in `handled`), so it is
// encoded right away. `handled` (per db) holds every key already written or
// known absent at T0 (a key missing when first touched did not exist at T0:
// its creation went through this hook), so each key is written at most once
// and keys created after T0 are never written, even when the fence has been
// emptied by deletions. Once a db's walk ends its set is dropped and the hook
// is a no-op for it. FLUSH* and SWAPDB call finishNow() first: the rest of the
// walk is encoded synchronously (into memory) before the data goes.
//
// Output: encoded chunks are queued and written in order to a temp file
// (streaming CRC64), then EOF + checksum, fsync, rename, directory fsync.

import fs from 'node:fs';
import path from 'node:path';
import type { Database, Keyspace, SnapshotObserver } from '../data/keyspace.js';
import type { Dict } from '../data/dict.js';
import type { Value } from '../data/values.js';
import { RdbEncoder, withFunctions, type RdbWriteOptions } from './rdb-writer.js';
import type { Command } from '../commands/types.js';
import { findKeys } from '../commands/command.js';
import { crc64Init, crc64Update, crc64Value, type Crc64State } from './rdb-format.js';

/** Time budget of one walk slice (ms). */
const SLICE_MS = 4;
/** Encoded bytes gathered before a chunk goes to the file. */
const CHUNK_BYTES = 1 << 20;
/** The walk pauses while this many bytes wait for the disk. */
const HIGH_WATER = 32 << 20;

const NOT_STARTED = 0;
const WALKING = 1;
const DONE = 2;

export interface SnapshotOptions extends RdbWriteOptions {
  /** Target file (written through a temp file in the same directory). */
  file: string;
  /** What turns keys into bytes: an RDB encoder by default; the AOF rewrite may give a command encoder. */
  encoder?: SnapshotEncoder;
  /** Temp file name prefix (default `temp-<pid>-bg`). */
  tmpPrefix?: string;
}

/** The encoder interface the walk drives (RdbEncoder's shape). */
export interface SnapshotEncoder {
  readonly pending: number;
  header(opts: RdbWriteOptions): void;
  selectDb(id: number, size?: number, expires?: number): void;
  encodeKeyValue(key: string, value: Value, when: number | bigint | undefined): void;
  eof(): void;
  footer(crc: bigint): void;
  take(): Buffer;
}

export class Snapshot implements SnapshotObserver {
  readonly startedAt = Date.now();
  /** Settles when the file is in place (or the save failed). */
  readonly done: Promise<void>;
  /** Keys saved by the walk so far plus keys pre-saved (stats, tests). */
  keysWritten = 0;
  preSaved = 0;

  private readonly enc: SnapshotEncoder;
  private readonly crc: Crc64State | null;
  private readonly state: number[] = [];
  private readonly handled: (Set<string> | null)[] = [];
  private readonly fences: (Set<string> | null)[] = [];
  private readonly dicts: (Dict<Value> | null)[] = [];
  private readonly sizes: [number, number][] = [];
  /** The db the encoder's last SELECTDB named (-1: none yet). */
  private selected = -1;
  private readonly resized: boolean[] = [];
  private walkDb = 0;
  private iter: Iterator<string> | null = null;
  private walkFinished = false;
  private failed: Error | null = null;
  /** True once abort() was called (the owner ignores the outcome then). */
  aborted = false;

  // File output.
  private readonly tmp: string;
  private fd = -1;
  private readonly queue: Buffer[] = [];
  private queued = 0;
  private writing = false;
  private closing = false;
  private resolve!: () => void;
  private reject!: (e: Error) => void;
  private waitingForDrain = false;

  constructor(
    private readonly ks: Keyspace,
    private readonly opts: SnapshotOptions,
  ) {
    this.enc = opts.encoder ?? new RdbEncoder(opts);
    this.crc = opts.checksum === false || opts.encoder !== undefined ? null : crc64Init();
    this.done = new Promise<void>((res, rej) => {
      this.resolve = res;
      this.reject = rej;
    });
    // Never an unhandled rejection: the owner reads the outcome via done.
    this.done.catch(() => {});
    const dir = path.dirname(opts.file);
    this.tmp = path.join(dir, `${opts.tmpPrefix ?? `temp-${process.pid}-bg`}-${Date.now()}.rdb`);
  }

  /**
   * Opens the temp file (synchronously: an unwritable dir fails BGSAVE at once,
   * as a failed fork would) and takes T0: fences and sizes of every db.
   */
  start(): void {
    this.fd = fs.openSync(this.tmp, 'w', 0o644);
    for (const db of this.ks.dbs) {
      const empty = db.dict.size === 0;
      this.state.push(empty ? DONE : NOT_STARTED);
      this.handled.push(empty ? null : new Set());
      this.fences.push(empty ? null : db.dict.addFence());
      this.dicts.push(empty ? null : db.dict);
      this.sizes.push([db.dict.size, db.expires.size]);
      this.resized.push(false);
    }
    this.enc.header(withFunctions(this.ks, this.opts));
    this.ks.snapshot = this;
    setImmediate(() => this.slice());
  }

  /** True while keys may still need pre-saving. */
  get walking(): boolean {
    return !this.walkFinished;
  }

  beforeWrite(db: Database, key: string): void {
    const id = db.id;
    if (this.state[id] === DONE) return;
    const set = this.handled[id]!;
    if (set.has(key)) return;
    set.add(key);
    const v = db.dict.get(key);
    if (v === undefined) return;
    this.writeKey(db, key, v);
    this.preSaved++;
  }

  finishNow(): void {
    if (this.walkFinished) return;
    try {
      this.walk(Infinity);
    } catch (e) {
      this.fail(e as Error);
    }
  }

  /** Stops the save and removes the temp file (SHUTDOWN, FLUSHALL in Redis kills the child too). */
  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.fail(new Error('Background save aborted'));
  }

  private select(id: number): void {
    if (this.selected === id) return;
    this.selected = id;
    if (!this.resized[id]) {
      this.resized[id] = true;
      this.enc.selectDb(id, this.sizes[id][0], this.sizes[id][1]);
    } else this.enc.selectDb(id);
  }

  private writeKey(db: Database, key: string, v: Value): void {
    this.select(db.id);
    this.enc.encodeKeyValue(key, v, db.getExpireExact(key));
    if (this.enc.pending >= CHUNK_BYTES) this.emit();
  }

  /** One slice of the walk, then the next turn (or wait for the disk). */
  private slice(): void {
    if (this.failed !== null || this.walkFinished) return;
    try {
      this.walk(performance.now() + SLICE_MS);
    } catch (e) {
      this.fail(e as Error);
      return;
    }
    if (this.walkFinished) return;
    if (this.queued >= HIGH_WATER) this.waitingForDrain = true;
    else setImmediate(() => this.slice());
  }

  /** Walks until `deadline` (performance.now() ms) or the end. */
  private walk(deadline: number): void {
    const dbs = this.ks.dbs;
    let n = 0;
    while (this.walkDb < dbs.length) {
      const id = this.walkDb;
      if (this.state[id] === DONE) {
        this.walkDb++;
        continue;
      }
      const db = dbs[id];
      const dict = this.dicts[id]!;
      if (this.iter === null) {
        this.state[id] = WALKING;
        this.iter = dict.keys();
      }
      const fence = this.fences[id]!;
      const set = this.handled[id]!;
      for (;;) {
        const r = this.iter.next();
        if (r.done === true || fence.has(r.value)) {
          this.endDb(id);
          break;
        }
        const key = r.value;
        if (set.has(key)) continue;
        set.add(key);
        const v = dict.get(key);
        if (v !== undefined) {
          this.writeKey(db, key, v);
          this.keysWritten++;
        }
        if ((++n & 63) === 0 && performance.now() >= deadline) return;
      }
    }
    this.walkFinished = true;
    if (this.ks.snapshot === this) this.ks.snapshot = null;
    this.enc.eof();
    this.emit();
    if (this.crc !== null) this.enc.footer(crc64Value(this.crc));
    else this.enc.footer(0n);
    this.push(this.enc.take(), false);
    this.closing = true;
    this.pump();
  }

  private endDb(id: number): void {
    this.state[id] = DONE;
    this.handled[id] = null;
    const dict = this.dicts[id];
    const fence = this.fences[id];
    if (dict !== null && fence !== null) dict.removeFence(fence);
    this.fences[id] = null;
    this.dicts[id] = null;
    this.iter = null;
    this.walkDb = id + 1;
  }

  /** Sends the pending encoded bytes to the file queue (checksummed in order). */
  private emit(): void {
    if (this.enc.pending === 0) return;
    this.push(this.enc.take(), true);
  }

  private push(b: Buffer, checksum: boolean): void {
    if (checksum && this.crc !== null) crc64Update(this.crc, b);
    this.queue.push(b);
    this.queued += b.length;
    this.pump();
  }

  private pump(): void {
    if (this.writing || this.failed !== null) return;
    const b = this.queue.shift();
    if (b === undefined) {
      if (this.closing) this.finishFile();
      return;
    }
    this.writing = true;
    this.writeAll(b, 0);
  }

  private writeAll(b: Buffer, off: number): void {
    fs.write(this.fd, b, off, b.length - off, null, (err, written) => {
      if (this.failed !== null) return;
      if (err !== null) {
        this.fail(err);
        return;
      }
      if (off + written < b.length) {
        this.writeAll(b, off + written);
        return;
      }
      this.writing = false;
      this.queued -= b.length;
      if (this.waitingForDrain && this.queued < HIGH_WATER / 2) {
        this.waitingForDrain = false;
        setImmediate(() => this.slice());
      }
      this.pump();
    });
  }

  private finishFile(): void {
    const fd = this.fd;
    fs.fsync(fd, (err) => {
      if (this.failed !== null) return;
      if (err !== null) {
        this.fail(err);
        return;
      }
      fs.close(fd, (cerr) => {
        this.fd = -1;
        if (this.failed !== null) return;
        if (cerr !== null) {
          this.fail(cerr);
          return;
        }
        fs.rename(this.tmp, this.opts.file, (rerr) => {
          if (rerr !== null) {
            this.fail(rerr);
            return;
          }
          fsyncDir(path.dirname(this.opts.file));
          this.resolve();
        });
      });
    });
  }

  private fail(e: Error): void {
    if (this.failed !== null) return;
    this.failed = e;
    // Stop tracking writes: the file will not be used.
    this.walkFinished = true;
    if (this.ks.snapshot === this) this.ks.snapshot = null;
    for (let i = 0; i < this.dicts.length; i++) {
      const d = this.dicts[i];
      const f = this.fences[i];
      if (d !== null && f !== null) d.removeFence(f);
      this.dicts[i] = null;
      this.fences[i] = null;
      this.handled[i] = null;
      this.state[i] = DONE;
    }
    this.queue.length = 0;
    if (this.fd >= 0) {
      try {
        fs.closeSync(this.fd);
      } catch {
        // already closed
      }
      this.fd = -1;
    }
    fs.rmSync(this.tmp, { force: true });
    this.reject(e);
  }
}

function fsyncDir(dir: string): void {
  try {
    const dfd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(dfd);
    } finally {
      fs.closeSync(dfd);
    }
  } catch {
    // Some filesystems refuse fsync on a directory; the rename is done.
  }
}

/** The argv positions of MOVE's / COPY's destination db, as a Database, or null. */
function targetDb(ks: Keyspace, name: string, argv: string[]): Database | null {
  let s: string | undefined;
  if (name === 'move') s = argv[2];
  else if (name === 'copy') {
    for (let i = 3; i < argv.length - 1; i++) {
      if (argv[i].toLowerCase() === 'db') {
        s = argv[i + 1];
        break;
      }
    }
  }
  if (s === undefined || !/^(0|[1-9][0-9]{0,5})$/.test(s)) return null;
  return ks.dbs[Number(s)] ?? null;
}

/**
 * The dispatcher's pre-write hook (only called while a walk runs): pre-saves
 * the keys a write command is about to touch. When its keys cannot be found
 * the walk is finished synchronously (correct, merely slower).
 */
export function snapshotBeforeCommand(snap: SnapshotObserver, ks: Keyspace, db: Database, cmd: Command, argv: string[]): void {
  const keys = findKeys(cmd, argv);
  if (keys === null) {
    snap.finishNow();
    return;
  }
  for (let i = 0; i < keys.length; i++) {
    const pos = keys[i].pos;
    if (pos < argv.length) snap.beforeWrite(db, argv[pos]);
  }
  const name = cmd.fullName;
  if ((name === 'move' || name === 'copy') && keys.length > 0) {
    const other = targetDb(ks, name, argv);
    if (other !== null) snap.beforeWrite(other, name === 'move' ? argv[1] : argv[2]);
  }
}
