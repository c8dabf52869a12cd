// One connected client: its socket, request parser, reply buffer and session
// state (selected db, protocol, name, auth). Input is handled a chunk at a time:
// every complete command in the chunk runs, then the replies go out in one write.

import { performance } from 'node:perf_hooks';
import { RespParser } from '../protocol/parser.js';
import { ReplyWriter } from '../protocol/reply.js';
import type { Database } from '../data/keyspace.js';
import type { Server } from './server.js';
import { dispatch } from './dispatcher.js';
import { NO_CONNECTION, type Connection, type ConnectionOwner } from './connection.js';
import type { BlockState } from './blocking.js';
import type { MultiState } from './transactions.js';
import type { SubscriptionKind } from './pubsub.js';
import type { TrackingState } from './tracking.js';
import type { ReplicaLink } from '../replication/primary.js';

const NO_ARGV: string[] = [];

/** Clients with replies to write at the end of this event-loop turn. */
let toFlush: Client[] = [];
let flushScheduled = false;

function flushQueuedClients(): void {
  flushScheduled = false;
  const list = toFlush;
  toFlush = [];
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    c.flushQueued = false;
    c.flush();
  }
}

export class Client implements ConnectionOwner {
  readonly w: ReplyWriter;
  readonly parser: RespParser;
  db: Database;
  name = '';
  libName = '';
  libVer = '';
  authenticated: boolean;
  user = 'default';
  readonly createdAt = Date.now();
  lastInteraction = Date.now();
  /** Full name of the last command run (CLIENT LIST cmd=). */
  lastCommand = 'NULL';
  /** Close once pending replies are written (QUIT, protocol errors, CLIENT KILL). */
  closeAfterReply = false;
  closed = false;
  /** CLIENT NO-EVICT / NO-TOUCH flags. */
  noEvict = false;
  noTouch = false;
  /**
   * CLIENT REPLY SKIP: commands left before replies come back (2 when set: the
   * SKIP itself, then the skipped command), and whether they come back on.
   */
  replySkip = 0;
  replyAfterSkip = true;
  /** Set while the client waits in a blocking command (see blocking.ts). */
  blocked: BlockState | null = null;
  /** The command being run, so a blocking command can keep it for re-execution. */
  currentArgv: string[] = NO_ARGV;
  /** CLIENT TRACKING state, null while tracking is off. */
  tracking: TrackingState | null = null;
  /** A command held back by CLIENT PAUSE, run when the pause ends. */
  heldArgv: string[] | null = null;
  /** Set between MULTI and EXEC/DISCARD: the queued commands. */
  multi: MultiState | null = null;
  /** True while EXEC runs the queue (blocking commands must not block then). */
  inExec = false;
  /** Parked until the AOF's fsync of this turn (appendfsync always). */
  awaitingFsync = false;
  /** The AOF loader's socketless client: runs while the server is loading. */
  isLoader = false;
  /** Set once this connection is a replica (PSYNC/SYNC): see replication/primary.ts. */
  replica: ReplicaLink | null = null;
  /** REPLCONF settings sent before PSYNC. */
  replconfPort = 0;
  replconfIp = '';
  replconfCapa: string[] = [];
  /** Parked by WAIT until enough replicas acknowledged. */
  waitingAcks = false;
  /** Replication offset after this client's last write (what WAIT waits for). */
  woff = 0;
  /** Waiting in the end-of-turn write queue (see onData). */
  flushQueued = false;
  /** Pub/Sub subscriptions (see pubsub.ts). */
  // Allocated on first use: an idle connection should cost as little as possible
  // (10,000 idle clients is a memory target, see bench/memory.js).
  private subC: Set<string> | null = null;
  private subP: Set<string> | null = null;
  private subS: Set<string> | null = null;
  get subChannels(): Set<string> {
    return (this.subC ??= new Set());
  }
  get subPatterns(): Set<string> {
    return (this.subP ??= new Set());
  }
  get subShards(): Set<string> {
    return (this.subS ??= new Set());
  }
  /** Total of the three sets' sizes, kept by PubSub (read on every command in RESP2). */
  subscriptionCount = 0;
  /** Keys this client WATCHes, and whether one of them changed since. */
  private watchedKeys: Map<Database, Set<string>> | null = null;
  get watched(): Map<Database, Set<string>> {
    return (this.watchedKeys ??= new Map());
  }
  /** Whether WATCH is in effect (without allocating the map). */
  get watching(): boolean {
    return this.watchedKeys !== null && this.watchedKeys.size !== 0;
  }
  watchDirty = false;
  readonly addr: string;
  readonly laddr: string;
  readonly fd: number;

  constructor(
    readonly id: number,
    readonly conn: Connection,
    readonly server: Server,
  ) {
    this.w = new ReplyWriter(server.stats.errors);
    this.db = server.keyspace.dbs[0];
    this.authenticated = !server.requiresAuth();
    this.parser = new RespParser(server.limits);
    this.parser.authRequired = !this.authenticated;
    // Unix-socket clients show the socket file, as Redis does (`/tmp/redis.sock:0`).
    this.addr = conn.unixPath !== undefined ? conn.unixPath + ':0' : formatAddr(conn.remoteAddress, conn.remotePort);
    this.laddr = conn.unixPath !== undefined ? conn.unixPath + ':0' : formatAddr(conn.localAddress, conn.localPort);
    this.fd = conn.fd;
  }

  /**
   * A client with no connection behind it, already authenticated: the AOF
   * loader and scripts run commands through the dispatcher with one.
   */
  static socketless(id: number, server: Server, name: string): Client {
    const c = new Client(id, NO_CONNECTION, server);
    c.authenticated = true;
    c.name = name;
    return c;
  }

  get dbIndex(): number {
    return this.db.id;
  }

  /** Input from the connection (see ConnectionOwner). */
  onData(chunk: Buffer, borrowed: boolean, length: number): void {
    try {
      this.handleInput(chunk, borrowed, length);
    } catch (err) {
      // Last line of defence: a bug must cost one connection, never the server.
      this.server.log.error({ err, client: this.id }, 'Closing client after an internal error');
      this.close();
    }
  }

  /** The peer sent EOF: what it asked for is answered, then the connection closes. */
  onEnd(): void {
    if (this.closed) return;
    this.closeAfterReply = true;
    if (!this.flushQueued) this.flush();
  }

  /** The connection is gone: the server forgets the client. */
  onClose(): void {
    this.server.removeClient(this);
  }

  /** Handles one chunk of input: parse, run each command, flush replies once. */
  handleInput(chunk: Buffer, borrowed: boolean, length: number): void {
    if (this.closed || this.closeAfterReply) return;
    const server = this.server;
    server.stats.netInputBytes += length;
    this.lastInteraction = server.keyspace.now = Date.now();
    const parser = this.parser;
    parser.feed(chunk, borrowed, length);
    if (parser.overflow) {
      server.stats.queryLimitDisconnections++;
      server.log.warn({ client: this.describe() }, 'Closing client that reached max query buffer length');
      this.close();
      return;
    }
    // A blocked (or paused) client's later commands wait in the parser until it is served.
    const ran = this.blocked === null && this.heldArgv === null && !this.waitingAcks ? this.processInput() : 0;
    // A borrowed chunk is overwritten by the next read: keep what is left of it.
    parser.release();
    // A pipeline's replies go out at once. A single request's reply goes out at
    // the end of the event-loop turn, with those of every other client served in
    // it (Redis writes in beforeSleep): one burst, fewer wake-ups for the peers.
    // A/B on a busy 2-core machine (noisy): about +20% requests/s at redis-benchmark
    // -P 1; deferring pipelines too cost about 15% at -P 16, so they are not deferred.
    if (ran > 1) this.flush();
    else if (!this.flushQueued) {
      this.flushQueued = true;
      toFlush.push(this);
      if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flushQueuedClients);
      }
    }
    server.pubsub.flushPending();
  }

  /** Runs every complete command buffered, stopping if one blocks the client. */
  /** Returns how many commands ran. */
  private processInput(): number {
    this.server.lastTick = performance.now();
    const parser = this.parser;
    parser.authRequired = !this.authenticated;
    let argv: string[] | null;
    let ran = 0;
    while ((argv = parser.next()) !== null) {
      dispatch(this, argv);
      ran++;
      if (this.replySkip !== 0 && --this.replySkip === 0) this.w.enabled = this.replyAfterSkip;
      if (this.closeAfterReply || this.closed || this.blocked !== null || this.heldArgv !== null || this.waitingAcks) return ran;
      parser.authRequired = !this.authenticated;
    }
    if (parser.error !== null && !this.closed) {
      this.w.error('ERR ' + parser.error);
      this.closeAfterReply = true;
      this.server.log.debug({ client: this.describe(), error: parser.error }, 'Protocol error from client');
    }
    return ran;
  }

  /** After a blocking command finished: run the commands that queued up behind it. */
  resumeInput(): void {
    if (this.closed || this.blocked !== null || this.heldArgv !== null || this.waitingAcks) return;
    this.processInput();
    this.flush();
  }

  /** Whether a blocking command may block now (not inside MULTI or a script). */
  canBlock(): boolean {
    return !this.inExec;
  }

  /** Writes pending replies in one socket write; closes if asked to. */
  flush(): void {
    if (this.closed) return;
    // The AOF reaches the disk before replies that acknowledge what it logs.
    if (this.server.aof.pending && !this.server.aof.beforeReply(this)) return;
    const out = this.w.out;
    if (out.length !== 0) {
      this.w.out = '';
      this.server.stats.netOutputBytes += out.length;
      this.conn.write(out);
      // Output the peer has not read yet piles up in the socket: enforce client-output-buffer-limit.
      const pending = this.outputPending();
      if (pending > 0 && !this.checkOutputLimit(pending)) return;
    }
    if (this.closeAfterReply) this.close();
  }

  /** Reply bytes written to the socket that the peer has not taken yet. */
  outputPending(): number {
    return this.conn.pendingOutput();
  }

  /** When the output buffer first went over the soft limit (0 = it is under). */
  private softLimitSince = 0;

  /** Whether the client has any Pub/Sub subscription (RESP2 subscribed mode, pubsub output limits). */
  isPubSub(): boolean {
    return this.subscriptionCount !== 0;
  }

  /** The client's own set of subscriptions of one kind. */
  subscriptions(kind: SubscriptionKind): Set<string> {
    return kind === 'channel' ? this.subChannels : kind === 'pattern' ? this.subPatterns : this.subShards;
  }

  /**
   * Applies client-output-buffer-limit to `pending` bytes not yet taken by the
   * peer: over the hard limit, or over the soft limit for longer than its
   * seconds, the client is dropped at once (a stalled reader must not exhaust
   * memory). Returns false when it was dropped. The cron calls it too.
   */
  checkOutputLimit(pending = this.outputPending()): boolean {
    const limits = this.server.outputLimits;
    const limit = this.replica !== null ? limits.replica : this.isPubSub() ? limits.pubsub : limits.normal;
    let over = limit.hard > 0 && pending >= limit.hard;
    if (!over && limit.soft > 0 && pending >= limit.soft) {
      const now = Date.now();
      if (this.softLimitSince === 0) this.softLimitSince = now;
      else if (now - this.softLimitSince >= limit.softSeconds * 1000) over = true;
    } else if (!over) {
      this.softLimitSince = 0;
    }
    if (!over) return true;
    this.server.stats.outputLimitDisconnections++;
    this.server.log.warn({ client: this.describe() }, 'Client closed for overcoming of output buffer limits.');
    this.closed = true;
    this.conn.destroy();
    this.server.removeClient(this);
    return false;
  }

  /** Whether the soft limit clock is running (the cron re-checks those clients). */
  get overSoftLimit(): boolean {
    return this.softLimitSince !== 0;
  }

  /** Ends the connection after pending output (or at once); the server forgets the client at once. */
  close(dropOutput = false): void {
    if (this.closed) return;
    this.closed = true;
    if (this.blocked !== null) this.server.blocking.unblock(this);
    // Killed clients go at once, as Redis frees them: output the peer has not
    // taken stays unsent (what the kernel already holds still goes out).
    if (dropOutput) this.conn.destroy();
    else this.conn.end();
    this.server.removeClient(this);
  }

  /**
   * Redis 7.2's CLIENT LIST / CLIENT INFO line (fields in Redis's order). The
   * client running CLIENT LIST passes its own argv size and command name, as
   * Redis reports the command in progress.
   */
  describe(argvMem = 0, currentCommand: string = this.lastCommand): string {
    const now = Date.now();
    let flags = '';
    if (this.replica !== null) flags += 'S';
    if (this.server.monitors.has(this)) flags += 'O';
    if (this.isPubSub()) flags += 'P';
    if (this.multi !== null) flags += 'x';
    if (this.blocked !== null) flags += 'b';
    if (this.tracking !== null) {
      flags += 't';
      if (this.tracking.brokenRedirect) flags += 'R';
      if (this.tracking.bcast) flags += 'B';
    }
    if (this.watchDirty) flags += 'd';
    if (this.closeAfterReply) flags += 'c';
    if (this.noEvict) flags += 'e';
    if (this.noTouch) flags += 'T';
    if (flags === '') flags = 'N';
    const qbuf = this.parser.buffered;
    const qbufFree = qbuf === 0 ? 0 : Math.max(0, 20474 - qbuf);
    const omem = this.outputPending();
    const totMem = 1024 + qbuf + qbufFree + argvMem + omem + 20496;
    return (
      `id=${this.id} addr=${this.addr} laddr=${this.laddr} fd=${this.fd} name=${this.name}` +
      ` age=${Math.floor((now - this.createdAt) / 1000)} idle=${Math.floor((now - this.lastInteraction) / 1000)}` +
      ` flags=${flags} db=${this.db.id} sub=${this.subC?.size ?? 0} psub=${this.subP?.size ?? 0} ssub=${this.subS?.size ?? 0} multi=${this.multi === null ? -1 : this.multi.queue.length} qbuf=${qbuf} qbuf-free=${qbufFree} argv-mem=${argvMem}` +
      ` multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0 omem=${omem} tot-mem=${totMem} events=${omem > 0 ? 'rw' : 'r'}` +
      ` cmd=${currentCommand} user=${this.user} redir=${this.tracking === null ? -1 : this.tracking.redirect} resp=${this.w.resp} lib-name=${this.libName} lib-ver=${this.libVer}`
    );
  }
}

function formatAddr(host: string | undefined, port: number | undefined): string {
  if (host === undefined) return '?:0';
  if (host.startsWith('::ffff:')) host = host.slice(7);
  return `${host}:${port ?? 0}`;
}
