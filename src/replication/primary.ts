// The primary side of replication (Redis's PSYNC protocol), so a real Redis
// (or Petrel, later) can run as a replica of Petrel.
//
// A replica connects as a client and sends REPLCONF (listening-port, capa),
// then PSYNC <replid> <offset> (or the old SYNC):
//   - partial resync: the replication ID is ours and the backlog still holds
//     everything after <offset> → `+CONTINUE <replid>` and the missing bytes;
//   - full resync: `+FULLRESYNC <replid> <offset>`, then an RDB image of the
//     dataset at <offset> as `$<len>\r\n<bytes>`, then every write since.
// The RDB comes from the BGSAVE machinery (persistence/snapshot.ts: a
// point-in-time snapshot without fork, to a temp file, as Redis's disk-based
// sync). Writes made while it is produced wait in the replica's pending
// buffer, which counts against the `replica` class of
// client-output-buffer-limit together with what the socket has not sent yet:
// a replica that cannot keep up is disconnected and must sync again.
//
// The stream is the propagation layer's output (server/propagate.ts) as
// RESP, with SELECT when the database changes, plus a PING every
// repl-ping-replica-period seconds; master_repl_offset counts its bytes and
// the backlog (repl-backlog-size) keeps the latest of them for partial
// resyncs. Replicas report their offset with REPLCONF ACK (no reply), which
// INFO, ROLE and WAIT read.

import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Server } from '../server/server.js';
import type { Client } from '../server/client.js';
import type { PropagatedCommand, PropagationSink } from '../server/propagate.js';
import { respCommand } from '../persistence/aof-commands.js';
import { Snapshot } from '../persistence/snapshot.js';

export type ReplicaState = 'wait-bgsave' | 'send-bulk' | 'online';

/** What the primary knows of one replica connection. */
export class ReplicaLink {
  state: ReplicaState = 'wait-bgsave';
  /** Stream bytes held while the RDB is produced and sent. */
  pending: string[] = [];
  pendingBytes = 0;
  /** REPLCONF listening-port / ip-address. */
  listeningPort = 0;
  announcedIp = '';
  capaPsync2 = false;
  /** Offset the replica acknowledged (REPLCONF ACK) and when. */
  ackOffset = 0;
  ackTime = Date.now();
  /** Old SYNC: no +FULLRESYNC line, and no REPLCONF ACK expected. */
  oldSync = false;

  constructor(readonly client: Client) {}

  /** The address INFO and ROLE show: REPLCONF ip-address, else the connection's. */
  ip(): string {
    const addr = this.client.addr;
    return this.announcedIp !== '' ? this.announcedIp : addr.slice(0, addr.lastIndexOf(':'));
  }
}

interface WaitRequest {
  client: Client;
  offset: number;
  needed: number;
  timer: NodeJS.Timeout | null;
}

export class ReplicationPrimary implements PropagationSink {
  replid = randomBytes(20).toString('hex');
  replid2 = '0'.repeat(40);
  secondReplOffset = -1;
  /** master_repl_offset: bytes of stream produced so far. */
  offset = 0;
  readonly replicas = new Set<ReplicaLink>();
  /** INFO stats: full syncs served, partial resyncs accepted and refused. */
  syncFull = 0;
  syncPartialOk = 0;
  syncPartialErr = 0;

  private backlog: Buffer | null = null;
  /** Bytes of history in the backlog, and where the ring's next byte goes. */
  private histlen = 0;
  private writeIdx = 0;
  private selectedDb = -1;
  private flushScheduled = false;
  private snapshot: Snapshot | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private waits: WaitRequest[] = [];

  constructor(private readonly server: Server) {}

  get backlogActive(): boolean {
    return this.backlog !== null;
  }

  get backlogSize(): number {
    return this.backlog === null ? this.server.config.num('repl-backlog-size') : this.backlog.length;
  }

  /** repl_backlog_first_byte_offset: the offset of the oldest byte kept (Redis counts from 1). */
  get backlogFirstByte(): number {
    return this.backlog === null ? 0 : this.offset - this.histlen + 1;
  }

  get backlogHistlen(): number {
    return this.histlen;
  }

  // ------------------------------------------------------------------ stream

  feed(commands: PropagatedCommand[]): void {
    let text = '';
    for (const { db, argv } of commands) {
      if (db !== this.selectedDb) {
        text += respCommand(['SELECT', String(db)]);
        this.selectedDb = db;
      }
      text += respCommand(argv);
    }
    this.append(text);
  }

  /** Adds stream bytes: backlog, offset, every replica. */
  private append(text: string): void {
    const bytes = Buffer.from(text, 'latin1');
    this.toBacklog(bytes);
    this.offset += bytes.length;
    for (const link of this.replicas) {
      if (link.state === 'online') link.client.w.raw(text);
      else {
        link.pending.push(text);
        link.pendingBytes += text.length;
        if (!link.client.checkOutputLimit(link.pendingBytes + link.client.outputPending())) this.drop(link);
      }
    }
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flushReplicas());
    }
  }

  private flushReplicas(): void {
    this.flushScheduled = false;
    for (const link of this.replicas) if (link.state === 'online') link.client.flush();
  }

  private toBacklog(bytes: Buffer): void {
    if (this.backlog === null) return;
    const b = this.backlog;
    let src = bytes;
    if (src.length > b.length) src = src.subarray(src.length - b.length);
    const first = Math.min(src.length, b.length - this.writeIdx);
    src.copy(b, this.writeIdx, 0, first);
    if (first < src.length) src.copy(b, 0, first);
    this.writeIdx = (this.writeIdx + src.length) % b.length;
    this.histlen = Math.min(b.length, this.histlen + bytes.length);
  }

  /** The backlog bytes from stream offset `from` (exclusive of what the replica has) to the end. */
  private backlogFrom(from: number): Buffer {
    const b = this.backlog!;
    const n = this.offset - from;
    const start = (this.writeIdx - n + b.length * 2) % b.length;
    if (start + n <= b.length) return Buffer.from(b.subarray(start, start + n));
    return Buffer.concat([b.subarray(start), b.subarray(0, n - (b.length - start))]);
  }

  private ensureBacklog(): void {
    if (this.backlog !== null) return;
    this.backlog = Buffer.alloc(Math.max(16 * 1024, this.server.config.num('repl-backlog-size')));
    this.histlen = 0;
    this.writeIdx = 0;
    // A new history: replicas of an older one cannot continue from it.
    this.selectedDb = -1;
    this.server.propagation.attach(this);
    if (this.pingTimer === null) {
      this.pingTimer = setInterval(() => this.cron(), 1000);
      this.pingTimer.unref();
    }
  }

  // ------------------------------------------------------------------ sync

  /** PSYNC / SYNC from `c`. */
  sync(c: Client, replid: string, offsetArg: number, oldSync: boolean): void {
    const link = c.replica ?? new ReplicaLink(c);
    if (c.replica === null) {
      c.replica = link;
      link.listeningPort = c.replconfPort;
      link.announcedIp = c.replconfIp;
      link.capaPsync2 = c.replconfCapa.includes('psync2');
    }
    link.oldSync = oldSync;
    this.ensureBacklog();
    // Partial resync: same history, and the backlog still covers the gap.
    if (!oldSync && this.backlog !== null && this.canContinue(replid, offsetArg)) {
      link.state = 'online';
      this.replicas.add(link);
      c.w.raw(link.capaPsync2 ? `+CONTINUE ${this.replid}\r\n` : '+CONTINUE\r\n');
      const missing = this.backlogFrom(offsetArg - 1);
      if (missing.length > 0) c.w.raw(missing.latin1Slice());
      link.ackOffset = offsetArg - 1;
      this.syncPartialOk++;
      this.server.log.info({ replica: c.describe() }, 'Partial resynchronization request accepted');
      return;
    }
    // A PSYNC naming a history (not `?`) that cannot continue is a refused partial resync.
    if (!oldSync && replid !== '?') this.syncPartialErr++;
    this.syncFull++;
    link.state = 'wait-bgsave';
    link.pending = [];
    link.pendingBytes = 0;
    this.replicas.add(link);
    // The stream after the RDB starts with a SELECT of its own.
    this.selectedDb = -1;
    if (!oldSync) c.w.raw(`+FULLRESYNC ${this.replid} ${this.offset}\r\n`);
    this.server.log.info({ replica: c.describe() }, 'Starting a full resynchronization');
    this.startSnapshotIfIdle();
  }

  private canContinue(replid: string, psyncOffset: number): boolean {
    const sameHistory = replid === this.replid || (replid === this.replid2 && psyncOffset <= this.secondReplOffset);
    if (!sameHistory) return false;
    const wanted = psyncOffset - 1;
    return wanted >= this.offset - this.histlen && wanted <= this.offset;
  }

  /** Starts the RDB for waiting replicas once no other snapshot runs (BGSAVE, AOF rewrite). */
  startSnapshotIfIdle(): void {
    if (this.snapshot !== null || this.server.keyspace.snapshot !== null || this.server.bgsave !== null || this.server.aof.rewriting) return;
    const waiting = [...this.replicas].filter((l) => l.state === 'wait-bgsave');
    if (waiting.length === 0) return;
    const cfg = this.server.config;
    const file = path.join(cfg.dir(), `temp-repl-${process.pid}-${Date.now()}.rdb`);
    const snap = new Snapshot(this.server.keyspace, {
      file,
      version: cfg.num('rdb-version'),
      compression: cfg.bool('rdbcompression'),
      checksum: cfg.bool('rdbchecksum'),
      tmpPrefix: `temp-repl-${process.pid}-bg`,
    });
    try {
      snap.start();
    } catch (e) {
      this.server.log.warn({ err: e }, 'Cannot start the replication snapshot');
      for (const l of waiting) this.drop(l);
      return;
    }
    this.snapshot = snap;
    // These replicas get this snapshot; their pending stream starts now.
    for (const l of waiting) l.state = 'send-bulk';
    snap.done.then(
      () => this.snapshotDone(file, waiting),
      (err: Error) => {
        this.snapshot = null;
        this.server.log.warn({ err }, 'Replication snapshot failed');
        for (const l of waiting) this.drop(l);
      },
    );
  }

  private snapshotDone(file: string, links: ReplicaLink[]): void {
    this.snapshot = null;
    let rdb: Buffer;
    try {
      rdb = fs.readFileSync(file);
    } catch (e) {
      this.server.log.warn({ err: e }, 'Cannot read the replication snapshot');
      for (const l of links) this.drop(l);
      return;
    } finally {
      fs.rmSync(file, { force: true });
    }
    for (const link of links) {
      if (!this.replicas.has(link)) continue;
      const c = link.client;
      c.w.raw(`$${rdb.length}\r\n`);
      c.w.raw(rdb.latin1Slice());
      for (const t of link.pending) c.w.raw(t);
      link.pending = [];
      link.pendingBytes = 0;
      link.state = 'online';
      link.ackTime = Date.now();
      c.flush();
      this.server.log.info({ replica: c.describe() }, 'Synchronization with replica succeeded');
    }
    // Replicas that arrived during this snapshot need one of their own.
    this.startSnapshotIfIdle();
  }

  /** Forgets a replica (its connection closed or was dropped). */
  drop(link: ReplicaLink): void {
    if (!this.replicas.delete(link)) return;
    link.pending = [];
    if (!link.client.closed) link.client.close();
  }

  /** REPLCONF ACK <offset>. */
  ack(c: Client, offset: number): void {
    const link = c.replica;
    if (link === null) return;
    if (offset > link.ackOffset) link.ackOffset = offset;
    link.ackTime = Date.now();
    this.checkWaits();
  }

  // ------------------------------------------------------------------ WAIT

  /** Replicas whose acknowledged offset reached `offset`. */
  ackedCount(offset: number): number {
    let n = 0;
    for (const l of this.replicas) if (l.state === 'online' && l.ackOffset >= offset) n++;
    return n;
  }

  /** WAIT numreplicas timeout: replies now, or parks the client until enough replicas acknowledged. */
  wait(c: Client, needed: number, timeoutMs: number): void {
    const offset = c.woff;
    const now = this.ackedCount(offset);
    // Inside MULTI a WAIT cannot block: it answers with what it has.
    if (now >= needed || c.inExec) {
      c.w.integer(now);
      return;
    }
    const req: WaitRequest = { client: c, offset, needed, timer: null };
    if (timeoutMs > 0) req.timer = setTimeout(() => this.finishWait(req), timeoutMs);
    this.waits.push(req);
    c.waitingAcks = true;
    // Ask the replicas for their offsets now rather than at their next second.
    this.append(respCommand(['REPLCONF', 'GETACK', '*']));
  }

  private checkWaits(): void {
    if (this.waits.length === 0) return;
    for (const req of [...this.waits]) if (this.ackedCount(req.offset) >= req.needed) this.finishWait(req);
  }

  private finishWait(req: WaitRequest): void {
    const i = this.waits.indexOf(req);
    if (i < 0) return;
    this.waits.splice(i, 1);
    if (req.timer !== null) clearTimeout(req.timer);
    const c = req.client;
    if (c.closed) return;
    c.w.integer(this.ackedCount(req.offset));
    c.waitingAcks = false;
    c.flush();
    c.resumeInput();
  }

  // ------------------------------------------------------------------ cron

  /** Once a second: PING replicas every repl-ping-replica-period, drop silent ones after repl-timeout. */
  private pingCountdown = 0;
  cron(): void {
    if (this.replicas.size === 0) return;
    const cfg = this.server.config;
    if (--this.pingCountdown <= 0) {
      this.pingCountdown = cfg.num('repl-ping-replica-period');
      this.append(respCommand(['PING']));
    }
    const timeout = cfg.num('repl-timeout') * 1000;
    const now = Date.now();
    for (const link of this.replicas) {
      if (link.state === 'online' && !link.oldSync && now - link.ackTime > timeout) {
        this.server.log.warn({ replica: link.client.describe() }, 'Disconnecting timedout replica');
        this.drop(link);
      }
    }
    this.startSnapshotIfIdle();
  }
}
