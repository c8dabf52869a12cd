// The append-only file: Redis 7's multi-part layout (aof-manifest.ts), fed by
// the propagation layer (server/propagate.ts), rewritten without fork.
//
// Writing. Each top-level command's writes arrive as RESP text in `feed()`.
// They reach the OS (one write(2)) before any reply leaves: Client.flush()
// calls beforeReply() first, and a setImmediate tick catches writes that no
// client flush follows (active expiry, eviction). So a process crash never
// loses an acknowledged write; what an OS crash may lose is `appendfsync`'s
// business:
//   always   — replies wait until the data is fsynced. One fdatasync per
//              event-loop turn covers every client served in that turn
//              (clients are parked and released after the sync).
//   everysec — fdatasync in the background (libuv pool) once a second.
//   no       — the OS decides.
//
// Rewriting (BGREWRITEAOF, auto-aof-rewrite-*, turning appendonly on). New
// writes switch to a fresh incr file at once; a point-in-time snapshot
// (snapshot.ts, the BGSAVE machinery) writes the new base: RDB when
// aof-use-rdb-preamble is on, else commands. When the base is durable the
// manifest names base + the fresh incr only, and the old files are deleted.
// A crash at any point leaves a manifest whose files give the full dataset.
//
// Loading (start-up with appendonly yes): the base (RDB or commands), then
// each incr file, run through the dispatcher by a client without a socket. A
// torn last command is cut off when aof-load-truncated is on (the file is
// truncated there); any other damage stops start-up naming file and offset.

import fs from 'node:fs';
import path from 'node:path';
import type { Server } from '../server/server.js';
import { Client } from '../server/client.js';
import { dispatch } from '../server/dispatcher.js';
import type { PropagatedCommand, PropagationSink } from '../server/propagate.js';
import { Snapshot } from './snapshot.js';
import { AofCommandEncoder, respCommand } from './aof-commands.js';
import { AofCursor } from './aof-reader.js';
import {
  baseName,
  emptyManifest,
  incrName,
  loadOrder,
  readManifest,
  writeManifest,
  type AofFileInfo,
  type AofManifest,
} from './aof-manifest.js';
import { encodeRdb, writeFileDurable } from './rdb-writer.js';
import { loadRdbSteps } from './rdb-reader.js';
import { loadRdbFunctions } from '../scripting/runtime.js';
import { drive } from './loading.js';

export class AofLoadError extends Error {}

type FsyncPolicy = 'always' | 'everysec' | 'no';

export class Aof implements PropagationSink {
  /** off, on, or waiting for the first rewrite after CONFIG SET appendonly yes. */
  state: 'off' | 'on' | 'wait-rewrite' = 'off';
  /** Client.flush() must call beforeReply() first. */
  pending = false;

  // INFO persistence.
  rewriteScheduled = false;
  lastRewriteOk = true;
  lastRewriteSec = -1;
  rewrites = 0;
  consecutiveFailures = 0;
  lastWriteOk = true;
  /** Bytes of the base plus every incr file (aof_current_size). */
  currentSize = 0;
  /** aof_current_size after the last rewrite or load (aof_base_size). */
  baseSize = 0;

  private policy: FsyncPolicy = 'everysec';
  private manifest: AofManifest = emptyManifest();
  private fd = -1;
  private buf: string[] = [];
  private bufLen = 0;
  private selectedDb = -1;
  private unsynced = false;
  private waiting: Client[] = [];
  private tickScheduled = false;
  private fsyncTimer: NodeJS.Timeout | null = null;
  private fsyncInFlight = false;
  /** The running rewrite's snapshot and where it leads. */
  rewrite: Snapshot | null = null;
  private rewriteStarted = 0;
  private rewriteGen = 0;

  constructor(private readonly server: Server) {}

  /** Reads and follows the fsync policy (called once the server's config is in place). */
  init(): void {
    const cfg = this.server.config;
    this.policy = cfg.str('appendfsync') as FsyncPolicy;
    cfg.onChange('appendfsync', () => {
      this.policy = cfg.str('appendfsync') as FsyncPolicy;
      if (this.policy !== 'always') this.releaseWaiting();
    });
  }

  get dir(): string {
    return path.join(this.server.config.dir(), this.server.config.str('appenddirname'));
  }

  private get filename(): string {
    return this.server.config.str('appendfilename');
  }

  get rewriting(): boolean {
    return this.rewrite !== null;
  }

  get rewriteSeconds(): number {
    return this.rewrite === null ? -1 : Math.floor((Date.now() - this.rewriteStarted) / 1000);
  }

  /** Bytes waiting to be written (aof_buffer_length). */
  get bufferLength(): number {
    return this.bufLen;
  }

  // ------------------------------------------------------------------ start-up

  /**
   * Start-up with appendonly yes: loads the AOF into the (empty) keyspace,
   * then opens it for appending. Throws AofLoadError / ManifestError on a
   * damaged AOF (start-up must stop, as in Redis).
   */
  async loadAndOpen(): Promise<void> {
    const dir = this.dir;
    fs.mkdirSync(dir, { recursive: true });
    let manifest = readManifest(dir, this.filename);
    if (manifest === null) manifest = this.upgradeSingleFile();
    if (manifest !== null) {
      const started = Date.now();
      const files = loadOrder(manifest);
      for (let i = 0; i < files.length; i++) await this.loadFile(files[i], i === files.length - 1);
      this.server.log.info({ ms: Date.now() - started, keys: this.server.keyspace.dbs.reduce((n, db) => n + db.size, 0) }, 'DB loaded from append only file');
      this.manifest = manifest;
    }
    this.server.dirty = 0;
    if (this.manifest.base === null && this.manifest.incrs.length === 0) {
      // A fresh AOF: an (empty) base first, so the directory always holds one.
      this.writeBaseNow();
    }
    // Appends continue in the last incr file, or a new one.
    const last = this.manifest.incrs[this.manifest.incrs.length - 1];
    if (last === undefined) this.openNewIncr(true);
    else this.openIncr(last.name);
    this.currentSize = this.sizeOnDisk();
    this.baseSize = this.currentSize;
    this.activate('on');
  }

  /** A pre-7.0 single `appendonly.aof` in `dir` becomes the base of a new manifest. */
  private upgradeSingleFile(): AofManifest | null {
    const old = path.join(this.server.config.dir(), this.filename);
    if (!fs.existsSync(old)) return null;
    fs.renameSync(old, path.join(this.dir, this.filename));
    const m: AofManifest = { base: { name: this.filename, seq: 1, type: 'b' }, incrs: [], history: [] };
    writeManifest(this.dir, this.filename, m);
    this.server.log.warn(`Upgraded the single-file AOF ${old} to the multi-part layout in ${this.dir}`);
    return m;
  }

  private async loadFile(info: AofFileInfo, last: boolean): Promise<void> {
    const file = path.join(this.dir, info.name);
    let buf: Buffer;
    try {
      buf = fs.readFileSync(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new AofLoadError(`The AOF file ${info.name} doesn't exist`);
      }
      throw e;
    }
    if (buf.length === 0) return;
    const progress = this.server.startLoadingFile(buf.length);
    let start = 0;
    if (buf.latin1Slice(0, 5) === 'REDIS') {
      if (info.type !== 'b') throw new AofLoadError(`Bad file format reading the append only file ${info.name}: an RDB image outside the base file`);
      const res = await drive(loadRdbSteps(buf, this.server.keyspace, { warn: (m) => this.server.log.warn(m) }), progress);
      loadRdbFunctions(this.server, res.functions);
      // A pre-7.0 single-file AOF goes on with commands after its RDB preamble.
      if (res.length >= buf.length) return;
      start = res.length;
    }
    const end = await drive(this.replay(buf, info.name, last, start), progress);
    if (end < buf.length) {
      // A torn tail (aof-load-truncated): cut it off so appends continue after the last whole command.
      fs.truncateSync(file, end);
    }
  }

  /** Runs the commands of `buf` (yielding offsets now and then); returns the offset the file is valid up to. */
  private *replay(buf: Buffer, name: string, last: boolean, start = 0): Generator<number, number> {
    const server = this.server;
    const ks = server.keyspace;
    const fake = loaderClient(server);
    const cursor = new AofCursor(buf, start);
    const expireWas = ks.expireAllowed;
    ks.expireAllowed = false;
    let multiStart = -1;
    let commands = 0;
    try {
      for (;;) {
        const before = cursor.offset;
        const step = cursor.next();
        if (step.kind === 'end') break;
        if (step.kind === 'bad') {
          throw new AofLoadError(
            `Bad file format reading the append only file ${name} at offset ${before}: ${step.reason}. ` +
              'Make a backup of your AOF file, then use petrel-check-aof --fix <filename.manifest>',
          );
        }
        if (step.kind === 'truncated') {
          const cut = fake.multi !== null ? multiStart : before;
          if (!last || !server.config.bool('aof-load-truncated')) {
            throw new AofLoadError(
              `Unexpected end of file reading the append only file ${name} at offset ${before}. ` +
                'You can: 1) Make a backup of your AOF file, then use petrel-check-aof --fix <filename.manifest>. ' +
                '2) Alternatively you can set the aof-load-truncated option to yes and restart the server.',
            );
          }
          server.log.warn(`!!! Warning: short read while loading the AOF file ${name}!!!`);
          server.log.warn(`!!! Truncating the AOF ${name} at offset ${cut} !!!`);
          if (fake.multi !== null) server.log.warn(`Revert incomplete MULTI/EXEC transaction in AOF file ${name}`);
          fake.multi = null;
          return cut;
        }
        const argv = step.argv;
        if (!server.commands.has(argv[0]) && !server.commands.has(argv[0].toLowerCase())) {
          throw new AofLoadError(`Unknown command '${argv[0]}' reading the append only file ${name}`);
        }
        if (fake.multi === null && argv[0].toLowerCase() === 'multi') multiStart = before;
        dispatch(fake, argv);
        fake.w.out = '';
        if ((++commands & 1023) === 0) yield cursor.offset;
      }
      if (fake.multi !== null) {
        // The file ends inside MULTI without a torn command: the EXEC never made it.
        if (!last || !server.config.bool('aof-load-truncated')) {
          throw new AofLoadError(`Unexpected end of file reading the append only file ${name}: MULTI without EXEC`);
        }
        server.log.warn(`Revert incomplete MULTI/EXEC transaction in AOF file ${name}`);
        fake.multi = null;
        return multiStart;
      }
      return buf.length;
    } finally {
      ks.expireAllowed = expireWas;
      fake.multi = null;
    }
  }

  /** Writes a base file of the current dataset synchronously and records it (fresh AOF, startup). */
  private writeBaseNow(): void {
    const preamble = this.server.config.bool('aof-use-rdb-preamble');
    const seq = (this.manifest.base?.seq ?? 0) + 1;
    const name = baseName(this.filename, seq, preamble);
    let data: Buffer;
    if (preamble) data = encodeRdb(this.server.keyspace, this.rdbOptions());
    else {
      const enc = new AofCommandEncoder();
      for (const db of this.server.keyspace.dbs) {
        if (db.size === 0) continue;
        enc.selectDb(db.id);
        for (const [key, value] of db.dict.entries()) enc.encodeKeyValue(key, value, db.getExpireExact(key));
      }
      data = enc.take();
    }
    writeFileDurable(path.join(this.dir, name), data);
    this.manifest.base = { name, seq, type: 'b' };
  }

  private rdbOptions(): { version: number; compression: boolean; checksum: boolean } {
    const cfg = this.server.config;
    return { version: cfg.num('rdb-version'), compression: cfg.bool('rdbcompression'), checksum: cfg.bool('rdbchecksum') };
  }

  // ------------------------------------------------------------------ files

  /** Opens a new incr file (next sequence number) for appending; records it in the manifest. */
  private openNewIncr(persist: boolean): void {
    const lastSeq = this.manifest.incrs.length === 0 ? 0 : this.manifest.incrs[this.manifest.incrs.length - 1].seq;
    const info: AofFileInfo = { name: incrName(this.filename, lastSeq + 1), seq: lastSeq + 1, type: 'i' };
    this.openIncr(info.name);
    this.manifest.incrs.push(info);
    if (persist) writeManifest(this.dir, this.filename, this.manifest);
  }

  private openIncr(name: string): void {
    this.closeFd();
    this.fd = fs.openSync(path.join(this.dir, name), 'a', 0o644);
    this.selectedDb = -1;
  }

  private closeFd(): void {
    if (this.fd < 0) return;
    this.writeNow();
    try {
      if (this.unsynced) fs.fdatasyncSync(this.fd);
    } catch (e) {
      this.server.log.warn({ err: e }, 'fsync of the AOF failed');
    }
    this.unsynced = false;
    fs.closeSync(this.fd);
    this.fd = -1;
  }

  private sizeOnDisk(): number {
    let total = 0;
    for (const f of loadOrder(this.manifest)) {
      try {
        total += fs.statSync(path.join(this.dir, f.name)).size;
      } catch {
        // missing: counted as empty
      }
    }
    return total;
  }

  private activate(state: 'on' | 'wait-rewrite'): void {
    this.state = state;
    this.server.propagation.attach(this);
    if (this.fsyncTimer === null) {
      this.fsyncTimer = setInterval(() => this.fsyncEverySecond(), 1000);
      this.fsyncTimer.unref();
    }
  }

  // ------------------------------------------------------------------ writing

  feed(commands: PropagatedCommand[]): void {
    if (this.fd < 0) return;
    for (const { db, argv } of commands) {
      if (db !== this.selectedDb) {
        const sel = respCommand(['SELECT', String(db)]);
        this.buf.push(sel);
        this.bufLen += sel.length;
        this.selectedDb = db;
      }
      const s = respCommand(argv);
      this.buf.push(s);
      this.bufLen += s.length;
    }
    this.pending = true;
    if (!this.tickScheduled) {
      this.tickScheduled = true;
      setImmediate(() => this.tick());
    }
  }

  /**
   * Before a client's replies leave: the log reaches the OS first. Returns
   * false when the client must wait for the turn's fsync (appendfsync always).
   */
  beforeReply(c: Client): boolean {
    if (this.bufLen !== 0) this.writeNow();
    if (this.policy === 'always' && this.unsynced) {
      if (!c.awaitingFsync) {
        c.awaitingFsync = true;
        this.waiting.push(c);
      }
      return false;
    }
    this.pending = false;
    return true;
  }

  /** End of an event-loop turn: write what is left, fsync for `always`, release parked clients. */
  private tick(): void {
    this.tickScheduled = false;
    if (this.bufLen !== 0) this.writeNow();
    if (this.policy === 'always' && this.unsynced && this.fd >= 0) {
      try {
        fs.fdatasyncSync(this.fd);
        this.unsynced = false;
      } catch (e) {
        this.lastWriteOk = false;
        this.server.log.error({ err: e }, 'fsync of the AOF failed');
      }
    }
    this.releaseWaiting();
  }

  private releaseWaiting(): void {
    if (this.policy !== 'always' || !this.unsynced) this.pending = this.bufLen !== 0;
    const waiting = this.waiting;
    if (waiting.length === 0) return;
    this.waiting = [];
    for (const c of waiting) {
      c.awaitingFsync = false;
      c.flush();
    }
  }

  /** Writes the buffered commands to the current incr file (synchronously: before replies). */
  writeNow(): void {
    if (this.bufLen === 0 || this.fd < 0) return;
    const data = Buffer.from(this.buf.length === 1 ? this.buf[0] : this.buf.join(''), 'latin1');
    let off = 0;
    try {
      while (off < data.length) off += fs.writeSync(this.fd, data, off, data.length - off);
      this.lastWriteOk = true;
    } catch (e) {
      // Keep what did not make it and retry on the next write; INFO shows the failure.
      this.lastWriteOk = false;
      this.server.log.error({ err: e }, 'Error writing to the AOF file');
      this.buf = [data.latin1Slice(off)];
      this.bufLen = data.length - off;
      this.currentSize += off;
      return;
    }
    this.buf = [];
    this.bufLen = 0;
    this.currentSize += data.length;
    this.unsynced = true;
    if (this.policy === 'always') this.pending = true;
    if (!this.tickScheduled && this.policy === 'always') {
      this.tickScheduled = true;
      setImmediate(() => this.tick());
    }
  }

  private fsyncEverySecond(): void {
    if (this.policy !== 'everysec' || !this.unsynced || this.fsyncInFlight || this.fd < 0) return;
    if (this.rewrite !== null && this.server.config.bool('no-appendfsync-on-rewrite')) return;
    this.fsyncInFlight = true;
    this.unsynced = false;
    fs.fdatasync(this.fd, (err) => {
      this.fsyncInFlight = false;
      if (err !== null && err.code !== 'EBADF') {
        this.unsynced = true;
        this.server.log.error({ err }, 'fsync of the AOF failed');
      }
    });
  }

  // ------------------------------------------------------------------ rewrite

  /** Starts a background rewrite. Returns an error text, or null when started. */
  startRewrite(): string | null {
    if (this.rewrite !== null) return 'ERR Background append only file rewriting already in progress';
    if (this.server.bgsave !== null) {
      this.rewriteScheduled = true;
      return null;
    }
    this.rewriteScheduled = false;
    const cfg = this.server.config;
    const preamble = cfg.bool('aof-use-rdb-preamble');
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      // From here on, writes go to a fresh incr file; the snapshot covers everything before.
      // (With appendonly off, BGREWRITEAOF still writes a base and a manifest, as Redis.)
      if (this.state !== 'off') this.openNewIncr(this.state === 'on');
      else this.manifest = readManifest(this.dir, this.filename) ?? emptyManifest();
    } catch (e) {
      this.rewriteFailed(e as Error);
      return null;
    }
    const seq = (this.manifest.base?.seq ?? 0) + 1;
    const name = baseName(this.filename, seq, preamble);
    const snap = new Snapshot(this.server.keyspace, {
      file: path.join(this.dir, name),
      encoder: preamble ? undefined : new AofCommandEncoder(),
      tmpPrefix: `temp-rewriteaof-bg-${process.pid}`,
      ...this.rdbOptions(),
    });
    try {
      snap.start();
    } catch (e) {
      this.rewriteFailed(e as Error);
      return null;
    }
    this.rewrite = snap;
    this.rewriteStarted = Date.now();
    const gen = ++this.rewriteGen;
    this.server.log.info('Background append only file rewriting started');
    snap.done.then(
      () => this.rewriteDone(gen, snap, { name, seq, type: 'b' }),
      (err: Error) => {
        if (gen === this.rewriteGen && !snap.aborted) this.rewriteFailed(err);
      },
    );
    return null;
  }

  private rewriteDone(gen: number, snap: Snapshot, base: AofFileInfo): void {
    if (gen !== this.rewriteGen || snap.aborted) return;
    this.rewrite = null;
    const current = this.state === 'off' ? undefined : this.manifest.incrs[this.manifest.incrs.length - 1];
    const old = loadOrder(this.manifest).filter((f) => f !== current);
    this.manifest = { base, incrs: current === undefined ? [] : [current], history: [] };
    try {
      writeManifest(this.dir, this.filename, this.manifest);
    } catch (e) {
      this.rewriteFailed(e as Error);
      return;
    }
    for (const f of old) if (f.name !== base.name) fs.rmSync(path.join(this.dir, f.name), { force: true });
    this.lastRewriteSec = Math.floor((Date.now() - this.rewriteStarted) / 1000);
    this.lastRewriteOk = true;
    this.consecutiveFailures = 0;
    this.rewrites++;
    this.currentSize = this.sizeOnDisk() + this.bufLen;
    this.baseSize = this.currentSize;
    if (this.state === 'wait-rewrite') this.state = 'on';
    this.server.log.info('Background AOF rewrite finished successfully');
    this.afterBackgroundJob();
  }

  private rewriteFailed(err: Error): void {
    this.rewrite = null;
    this.lastRewriteOk = false;
    this.consecutiveFailures++;
    this.lastRewriteSec = Math.floor((Date.now() - this.rewriteStarted) / 1000);
    this.server.log.warn({ err }, 'Background AOF rewrite failed');
  }

  /** A BGSAVE or rewrite ended: run what was scheduled behind it. */
  afterBackgroundJob(): void {
    if (this.rewriteScheduled && this.rewrite === null && this.server.bgsave === null) this.startRewrite();
  }

  /** auto-aof-rewrite-percentage / -min-size, from the server cron. */
  cron(): void {
    if (this.rewriteScheduled) this.afterBackgroundJob();
    if (this.state === 'off') return;
    if (this.rewrite !== null || this.server.bgsave !== null) return;
    const cfg = this.server.config;
    const perc = cfg.num('auto-aof-rewrite-percentage');
    if (perc === 0 || this.currentSize <= cfg.num('auto-aof-rewrite-min-size')) return;
    const base = this.baseSize > 0 ? this.baseSize : 1;
    const growth = Math.floor((this.currentSize * 100) / base) - 100;
    if (growth >= perc) {
      this.server.log.info(`Starting automatic rewriting of AOF on ${growth}% growth`);
      this.startRewrite();
    }
  }

  // ------------------------------------------------------------------ on / off at runtime

  /** CONFIG SET appendonly yes: log from now on, and write a base of the current dataset. */
  enable(): string | null {
    if (this.state !== 'off') return null;
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      this.manifest = readManifest(this.dir, this.filename) ?? emptyManifest();
    } catch (e) {
      return `ERR Failed to enable AOF: ${(e as Error).message}`;
    }
    this.activate('wait-rewrite');
    const err = this.startRewrite();
    if (err !== null || (this.rewrite === null && !this.rewriteScheduled)) {
      this.disable();
      return err ?? 'ERR Failed to start the AOF rewrite';
    }
    return null;
  }

  /** CONFIG SET appendonly no, SHUTDOWN: flush, fsync and close; stop a rewrite. */
  disable(): void {
    if (this.state === 'off') return;
    this.server.propagation.detach(this);
    if (this.rewrite !== null) {
      this.rewrite.abort();
      this.rewrite = null;
    }
    this.rewriteScheduled = false;
    this.closeFd();
    this.state = 'off';
    this.pending = false;
    if (this.fsyncTimer !== null) clearInterval(this.fsyncTimer);
    this.fsyncTimer = null;
    const waiting = this.waiting;
    this.waiting = [];
    for (const c of waiting) {
      c.awaitingFsync = false;
      c.flush();
    }
  }
}

/** A client without a socket that runs the AOF's commands at load time. */
function loaderClient(server: Server): Client {
  const c = Client.socketless(-1, server, 'aof-loader');
  c.isLoader = true;
  return c;
}
