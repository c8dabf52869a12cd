// The server: owns the keyspace, the command table, the config, connected
// clients, counters and the cron timer; accepts TCP connections.

import net from 'node:net';
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { Keyspace } from '../data/keyspace.js';
import { LIMIT_DIRECTIVES } from '../data/limits.js';
import type { Config, OutputBufferLimits } from '../config/config.js';
import { buildCommandTable } from '../commands/index.js';
import { bindKeyspaceConfig } from '../commands/keys.js';
import { loadAtStartup, saveCron, refreshWritesRefused } from '../commands/persistence.js';
import type { Command } from '../commands/types.js';
import { Client } from './client.js';
import { BlockingManager } from './blocking.js';
import { WatchRegistry } from './transactions.js';
import { PubSub } from './pubsub.js';
import { PauseManager } from './pause.js';
import { Tracking } from './tracking.js';
import { Notifier, NOTIFY_EXPIRED, NOTIFY_EVICTED } from './notify.js';
import { createLogger, type Logger } from '../observability/logger.js';
import { sampleMetrics } from '../observability/info.js';
import { Propagation } from './propagate.js';
import { Evictor } from './evict.js';
import { Aof } from '../persistence/aof.js';
import { ReplicationPrimary } from '../replication/primary.js';
import { SocketConnection, type Connection, type ConnectionOwner } from './connection.js';
import { RawTcpListener } from './raw-tcp.js';

export interface ServerStats {
  totalConnections: number;
  rejectedConnections: number;
  totalCommands: number;
  rejectedCommands: number;
  netInputBytes: number;
  netOutputBytes: number;
  /** Clients dropped by client-output-buffer-limit / client-query-buffer-limit. */
  outputLimitDisconnections: number;
  queryLimitDisconnections: number;
  /** Error replies by prefix (`ERR`, `WRONGTYPE`...), for INFO errorstats. */
  errors: Map<string, number>;
}

export const PETREL_VERSION = '0.1.0';
/** The Redis version Petrel reports (INFO redis_version, HELLO): clients gate features on it. */
export const REDIS_VERSION = '7.2.4';

export class Server {
  readonly keyspace: Keyspace;
  /** Clients waiting in blocking commands. */
  readonly blocking: BlockingManager;
  /** WATCHed keys of clients in (or about to start) a transaction. */
  readonly watches = new WatchRegistry();
  /** Pub/Sub channels, patterns and shard channels. */
  readonly pubsub: PubSub = new PubSub(this);
  /** CLIENT PAUSE state and the commands it holds back. */
  readonly pauses: PauseManager = new PauseManager(this);
  /** Client-side caching: who gets invalidations for which keys. */
  readonly tracking: Tracking = new Tracking(this);
  /** Clients in MONITOR mode. */
  readonly monitors = new Set<Client>();
  /** Keyspace notifications (notify-keyspace-events). */
  readonly notifier: Notifier = new Notifier(this);
  /** Writes on their way to the AOF and replicas (server/propagate.ts). */
  readonly propagation = new Propagation();
  /** maxmemory accounting and eviction (server/evict.ts). */
  readonly evictor: Evictor = new Evictor(this);
  /** The append-only file (persistence/aof.ts); state 'off' unless appendonly is on. */
  readonly aof: Aof = new Aof(this);
  /** The primary side of replication (replication/primary.ts). */
  readonly replication: ReplicationPrimary = new ReplicationPrimary(this);
  readonly commands: Map<string, Command>;
  readonly clients = new Map<number, Client>();
  readonly stats: ServerStats = {
    totalConnections: 0,
    rejectedConnections: 0,
    totalCommands: 0,
    rejectedCommands: 0,
    netInputBytes: 0,
    netOutputBytes: 0,
    outputLimitDisconnections: 0,
    queryLimitDisconnections: 0,
    errors: new Map(),
  };
  /** Parser limits shared by every client; config changes update them in place. */
  readonly limits = { maxBulkLen: 512 * 1024 * 1024, queryBufferLimit: 1024 * 1024 * 1024 };
  /** client-output-buffer-limit per class, refreshed on CONFIG SET. */
  outputLimits: OutputBufferLimits;
  /** performance.now() at the end of the last command (or the start of the current input batch). */
  lastTick = 0;
  /** Writes since the last save (rdb_changes_since_last_save). */
  dirty = 0;
  /** Unix seconds of the last successful save, or of start-up (LASTSAVE, INFO rdb_last_save_time). */
  lastSave = Math.floor(Date.now() / 1000);
  /** Whether the last save succeeded (INFO rdb_last_bgsave_status). */
  lastSaveOk = true;
  /** Successful saves since start-up (INFO rdb_saves). */
  rdbSaves = 0;
  /** The BGSAVE in progress (persistence/snapshot.ts), or null. */
  bgsave: import('../persistence/snapshot.js').Snapshot | null = null;
  /** BGSAVE SCHEDULE asked while one was running: start another when it ends. */
  bgsaveScheduled = false;
  /** Duration of the last BGSAVE in seconds, -1 before the first (INFO rdb_last_bgsave_time_sec). */
  lastBgsaveTimeSec = -1;
  /** Unix seconds of the last BGSAVE attempt (save points retry after a failure no sooner than 5 s). */
  lastBgsaveTry = 0;
  /**
   * stop-writes-on-bgsave-error in effect: save points configured, the option
   * on, and the last BGSAVE failed. Write commands (and PING) get -MISCONF.
   */
  writesRefused = false;
  readonly startTime = Date.now();
  readonly runId: string;
  /** The TCP port actually bound (INFO tcp_port when `port 0` was asked). */
  boundPort = 0;
  /** Start-up load in progress: most commands get -LOADING (see load()). */
  loading = false;
  loadingStartTime = 0;
  loadingTotalBytes = 0;
  loadingLoadedBytes = 0;
  /** DEBUG SET-ACTIVE-EXPIRE: when false the cron's active expiry cycle is skipped. */
  activeExpireEnabled = true;
  log: Logger;
  private nextClientId = 1;
  /** Listening sockets; close(cb) calls back once their connections are closed too. */
  private listeners: { close(cb: () => void): void }[] = [];
  private cronTimer: NodeJS.Timeout | null = null;
  private closing: Promise<void> | null = null;
  /** Called once the server has fully stopped (SHUTDOWN, signals). */
  onShutdown: (() => void) | null = null;
  /**
   * Set while a script runs past busy-reply-threshold (scripting/runtime.ts):
   * the -BUSY error other clients get for commands without allow_busy.
   */
  busyScript: string | null = null;
  /** Run by close() before the listeners stop (the scripting worker registers here). */
  readonly onCloseHooks: (() => void)[] = [];

  constructor(readonly config: Config) {
    this.log = createLogger(config.str('loglevel'), config.str('logfile'));
    this.keyspace = new Keyspace(config.num('databases'));
    this.blocking = new BlockingManager(this);
    const blocking = this.blocking;
    const watches = this.watches;
    const notifier = this.notifier;
    const tracking = this.tracking;
    const propagation = this.propagation;
    const evictor = this.evictor;
    notifier.flags = config.notifyFlags();
    config.onChange('notify-keyspace-events', () => {
      notifier.flags = config.notifyFlags();
      this.keyspace.eventFlags = notifier.flags;
    });
    this.keyspace.eventFlags = notifier.flags;
    this.keyspace.hooks = {
      modified(db, key) {
        if (evictor.maxmemory !== 0) evictor.keyChanged(db, key);
        if (blocking.blockedCount !== 0) blocking.signal(db, key);
        if (watches.count !== 0) watches.touch(db, key);
        if (tracking.clients !== 0) tracking.invalidateKey(key, tracking.current);
      },
      expired(db, key) {
        if (propagation.active) propagation.add(db.id, ['DEL', key]);
        notifier.notify(NOTIFY_EXPIRED, 'expired', key, db.id);
      },
      evicted(db, key) {
        if (propagation.active) propagation.add(db.id, ['DEL', key]);
        notifier.notify(NOTIFY_EVICTED, 'evicted', key, db.id);
      },
      event(type, event, key, db) {
        notifier.notify(type, event, key, db.id);
      },
      clearing(db) {
        if (evictor.maxmemory !== 0) evictor.dbCleared(db);
        // XREADGROUP waiters learn their key is gone (NOGROUP), as Redis's signalFlushedDb.
        if (blocking.blockedCount !== 0) blocking.signalDatabase(db);
        if (watches.count !== 0) watches.touchDatabase(db, () => false);
        if (tracking.clients !== 0) tracking.invalidateAll(tracking.current);
      },
      swapped(a, b) {
        if (evictor.maxmemory !== 0) evictor.dbsSwapped(a, b);
        if (blocking.blockedCount !== 0) {
          blocking.signalDatabase(a);
          blocking.signalDatabase(b);
        }
        if (watches.count !== 0) {
          // Each side now holds the other's old keys.
          watches.touchDatabase(a, (key) => b.peek(key) !== undefined);
          watches.touchDatabase(b, (key) => a.peek(key) !== undefined);
        }
      },
    };
    this.commands = buildCommandTable();
    this.runId = randomHex(40);
    this.limits.maxBulkLen = config.num('proto-max-bulk-len');
    this.limits.queryBufferLimit = config.num('client-query-buffer-limit');
    config.onChange('proto-max-bulk-len', () => (this.limits.maxBulkLen = config.num('proto-max-bulk-len')));
    config.onChange('client-query-buffer-limit', () => (this.limits.queryBufferLimit = config.num('client-query-buffer-limit')));
    config.onChange('hz', () => this.startCron());
    this.outputLimits = config.outputBufferLimits();
    config.onChange('client-output-buffer-limit', () => (this.outputLimits = config.outputBufferLimits()));
    bindKeyspaceConfig(this);
    for (const [directive, field] of LIMIT_DIRECTIVES) {
      const apply = (): void => {
        this.keyspace.limits[field] = config.num(directive);
      };
      apply();
      config.onChange(directive, apply);
    }
    config.onChange('save', () => refreshWritesRefused(this));
    config.onChange('stop-writes-on-bgsave-error', () => refreshWritesRefused(this));
    config.onChange('loglevel', () => (this.log = createLogger(config.str('loglevel'), config.str('logfile'))));
    this.aof.init();
    // The dataset is loaded by load(), after listen(): clients get -LOADING meanwhile.
    this.evictor.configure();
    for (const name of ['maxmemory', 'maxmemory-policy', 'maxmemory-samples']) config.onChange(name, () => this.evictor.configure());
    config.onChange('appendonly', () => {
      if (!config.bool('appendonly')) this.aof.disable();
      else {
        const err = this.aof.enable();
        if (err !== null) this.log.warn(err);
      }
    });
  }

  /**
   * Loads the dataset (the AOF when appendonly is on, else the RDB file) in
   * slices between event-loop turns. Clients connected meanwhile get
   * -LOADING for most commands and INFO shows loading:1. Rejects on a damaged
   * file: start-up must stop.
   */
  async load(): Promise<void> {
    this.loading = true;
    this.loadingStartTime = Math.floor(Date.now() / 1000);
    try {
      await loadAtStartup(this);
    } finally {
      this.loading = false;
      this.loadingTotalBytes = 0;
      this.loadingLoadedBytes = 0;
    }
  }

  /** Start of one file of the load: its size for INFO's loading_* fields; returns its progress sink. */
  startLoadingFile(size: number): { loaded(offset: number): void } {
    const before = this.loadingLoadedBytes;
    this.loadingTotalBytes += size;
    return {
      loaded: (offset: number) => {
        this.loadingLoadedBytes = before + offset;
      },
    };
  }

  requiresAuth(): boolean {
    return this.config.str('requirepass') !== '';
  }

  /** Binds every configured address; resolves with the TCP port actually bound. */
  async listen(): Promise<number> {
    let port = this.config.num('port');
    const binds = this.config.str('bind').split(/\s+/).filter((b) => b !== '');
    if (binds.length === 0) binds.push('127.0.0.1');
    for (const raw of binds) {
      // A leading '-' marks an optional address: failing to bind it is not fatal.
      const optional = raw.startsWith('-');
      const host = optional ? raw.slice(1) : raw;
      const bindHost = host === '*' ? undefined : host;
      const backlog = this.config.num('tcp-backlog');
      try {
        // Bare libuv handles where this Node allows (see raw-tcp.ts), else net.Server.
        const rawListener = RawTcpListener.listen(bindHost, port, backlog, (conn) => this.accept(conn));
        if (rawListener !== null) {
          port = rawListener.port;
          this.listeners.push(rawListener);
          continue;
        }
        const srv = this.socketListener();
        port = await new Promise<number>((resolve, reject) => {
          srv.once('error', reject);
          srv.listen({ port, host: bindHost, backlog }, () => {
            srv.off('error', reject);
            resolve((srv.address() as net.AddressInfo).port);
          });
        });
        this.listeners.push(srv);
      } catch (err) {
        if (!optional) {
          await this.close();
          throw err;
        }
      }
    }
    const unixPath = this.config.str('unixsocket');
    if (unixPath !== '') await this.listenUnix(unixPath);
    this.boundPort = port;
    this.startCron();
    this.log.info({ port }, 'Ready to accept connections tcp');
    return port;
  }

  /** A net.Server whose connections become Clients (unix sockets, hostnames, fallback). */
  private socketListener(): net.Server {
    // allowHalfOpen: on EOF the client's due replies still go out (Client.onEnd closes).
    const srv = net.createServer({ noDelay: true, allowHalfOpen: true }, (socket) => this.accept(new SocketConnection(socket)));
    srv.maxConnections = Infinity;
    return srv;
  }

  /** Listens on a unix socket too (the `unixsocket` directive), replacing a stale socket file. */
  private async listenUnix(file: string): Promise<void> {
    try {
      fs.unlinkSync(file);
    } catch {
      // nothing to remove
    }
    const srv = this.socketListener();
    await new Promise<void>((resolve, reject) => {
      srv.once('error', reject);
      srv.listen(file, () => resolve());
    });
    const perm = this.config.num('unixsocketperm');
    if (perm !== 0) fs.chmodSync(file, perm);
    this.listeners.push(srv);
    this.log.info({ path: file }, 'Ready to accept connections unix');
  }

  /** A new connection (raw TCP handle or net.Socket): checks, then a Client for it. */
  private accept(conn: Connection): void {
    if (this.closing !== null) {
      conn.destroy();
      return;
    }
    if (this.config.bool('protected-mode') && !this.requiresAuth() && !isLocal(conn)) {
      this.refuse(conn, PROTECTED_MODE_DENIED);
      return;
    }
    if (this.clients.size >= this.config.num('maxclients')) {
      this.refuse(conn, '-ERR max number of clients reached\r\n');
      return;
    }
    conn.setNoDelay(true);
    const keepAlive = this.config.num('tcp-keepalive');
    if (keepAlive > 0) conn.setKeepAlive(true, keepAlive);
    const client = new Client(this.nextClientId++, conn, this);
    this.clients.set(client.id, client);
    this.stats.totalConnections++;
    conn.start(client);
  }

  /**
   * Sends the error and closes. What the peer sent meanwhile is read and
   * dropped: closing with unread input would reset the connection, and the
   * peer could lose the error text.
   */
  private refuse(conn: Connection, error: string): void {
    this.stats.rejectedConnections++;
    conn.start(DISCARD_INPUT);
    conn.end(error);
  }

  removeClient(client: Client): void {
    client.closed = true;
    // Called on close() and again when the connection reports it closed.
    if (this.clients.get(client.id) !== client) return;
    if (client.blocked !== null) this.blocking.unblock(client);
    if (client.watching) this.watches.unwatchAll(client);
    if (client.isPubSub()) this.pubsub.unsubscribeAll(client);
    this.monitors.delete(client);
    if (client.heldArgv !== null) this.pauses.forget(client);
    if (client.tracking !== null) this.tracking.forget(client);
    if (client.replica !== null) this.replication.drop(client.replica);
    this.clients.delete(client.id);
  }

  private startCron(): void {
    if (this.cronTimer !== null) clearInterval(this.cronTimer);
    const hz = Math.min(Math.max(this.config.num('hz'), 1), 500);
    this.cronTimer = setInterval(() => this.cron(hz), Math.floor(1000 / hz));
    this.cronTimer.unref();
  }

  /** Periodic work: active expiry (a quarter of each tick at most, as Redis) and idle client timeouts. */
  private cron(hz: number): void {
    // No expiry or eviction while a busy script holds the dataset (Redis's whileBlockedCron).
    if (this.loading || this.busyScript !== null) return;
    if (this.activeExpireEnabled) this.keyspace.activeExpireCycle((1000 / hz) * 0.25);
    sampleMetrics(this);
    saveCron(this);
    this.aof.cron();
    const timeout = this.config.num('timeout');
    const now = Date.now();
    for (const c of this.clients.values()) {
      // Blocked clients wait as long as their command says, whatever `timeout` is.
      if (timeout > 0 && c.blocked === null && now - c.lastInteraction > timeout * 1000) c.close(true);
      else if (c.overSoftLimit) c.checkOutputLimit();
    }
  }

  /**
   * Graceful stop: no new connections, pending replies flushed, sockets closed.
   * Safe to call more than once.
   */
  close(): Promise<void> {
    if (this.closing !== null) return this.closing;
    this.closing = (async () => {
      if (this.cronTimer !== null) clearInterval(this.cronTimer);
      if (this.bgsave !== null) this.bgsave.abort();
      for (const hook of this.onCloseHooks) hook();
      this.cronTimer = null;
      // Everything logged is written and fsynced before the process may go.
      this.aof.disable();
      const stopped = this.listeners.map((l) => new Promise<void>((r) => l.close(() => r())));
      const open = [...this.clients.values()];
      for (const c of open) {
        c.flush();
        c.conn.end();
      }
      // Connections that do not finish closing promptly are destroyed.
      const deadline = setTimeout(() => {
        for (const c of open) c.conn.destroy();
      }, 2000);
      await Promise.all(stopped);
      clearTimeout(deadline);
      this.clients.clear();
      this.log.info('Petrel is now ready to exit, bye bye...');
      this.log.flush?.();
      this.onShutdown?.();
    })();
    return this.closing;
  }
}

/** Owner of a refused connection: input is ignored, EOF closes. */
const DISCARD_INPUT: ConnectionOwner = {
  onData() {},
  onEnd() {},
  onClose() {},
};

function randomHex(n: number): string {
  return randomBytes(Math.ceil(n / 2)).toString('hex').slice(0, n);
}

/** Loopback and unix-socket peers are local; protected mode only admits those. */
function isLocal(conn: Connection): boolean {
  const addr = conn.remoteAddress;
  if (addr === undefined) return true; // unix socket
  return addr === '::1' || addr.startsWith('127.') || addr.startsWith('::ffff:127.');
}

const PROTECTED_MODE_DENIED =
  '-DENIED Petrel is running in protected mode: protected-mode is on and the default user has no password, ' +
  'so only loopback connections are accepted. Either set a password (requirepass), or turn protected mode off ' +
  "with 'CONFIG SET protected-mode no' from the loopback interface (make sure the server is not reachable from " +
  "the internet), or restart it with '--protected-mode no'.\r\n";
