// Persistence commands: SAVE, BGSAVE, LASTSAVE (AOF, DUMP/RESTORE come later),
// the save points checked by the server cron, and the server-side save/load
// helpers DEBUG RELOAD, SHUTDOWN and start-up use.

import fs from 'node:fs';
import { loadRdbSteps } from '../persistence/rdb-reader.js';
import { drive } from '../persistence/loading.js';
import path from 'node:path';
import type { Client } from '../server/client.js';
import type { Server } from '../server/server.js';
import type { CommandSpec } from './types.js';
import { REDIS_VERSION } from '../server/server.js';
import { saveRdbFile, loadRdbFile } from '../persistence/rdb-file.js';
import type { RdbLoadResult } from '../persistence/rdb-reader.js';
import { Snapshot } from '../persistence/snapshot.js';
import { SYNTAX } from './errors.js';
import { loadRdbFunctions } from '../scripting/runtime.js';

/** Redis's CONFIG_BGSAVE_RETRY_DELAY: after a failed BGSAVE, save points wait this long (s). */
const BGSAVE_RETRY_DELAY = 5;

/** Redis 7.2's reply to writes while stop-writes-on-bgsave-error holds. */
export const MISCONF =
  "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. " +
  'Commands that may modify the data set are disabled, because this instance is configured to report errors ' +
  'during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for ' +
  'details about the RDB error.';

/** Absolute path of the RDB file (`dir`/`dbfilename`). */
export function rdbPath(server: Server): string {
  return path.join(server.config.dir(), server.config.str('dbfilename'));
}

/**
 * Synchronous save (SAVE, DEBUG RELOAD): writes the RDB file and, on success,
 * resets the dirty counter and the last-save time. Returns the error, or null.
 */
export function saveNow(server: Server): Error | null {
  const cfg = server.config;
  try {
    saveRdbFile(rdbPath(server), server.keyspace, {
      version: cfg.num('rdb-version'),
      compression: cfg.bool('rdbcompression'),
      checksum: cfg.bool('rdbchecksum'),
      redisVersion: REDIS_VERSION,
    });
  } catch (e) {
    // Like Redis's rdbSave, a failed SAVE leaves rdb_last_bgsave_status alone.
    server.log.warn({ err: e }, 'Failed saving the DB');
    return e as Error;
  }
  server.dirty = 0;
  server.lastSave = Math.floor(Date.now() / 1000);
  server.lastSaveOk = true;
  server.rdbSaves++;
  refreshWritesRefused(server);
  server.log.info('DB saved on disk');
  return null;
}

/** Recomputes Server.writesRefused (stop-writes-on-bgsave-error). */
export function refreshWritesRefused(server: Server): void {
  server.writesRefused =
    !server.lastSaveOk && server.config.bool('stop-writes-on-bgsave-error') && server.config.savePoints().length > 0;
}

/**
 * Starts a point-in-time background save (persistence/snapshot.ts). The caller
 * checks that none is running. A file that cannot even be created fails the
 * save at once (status err), as a failing child would in Redis.
 */
export function startBgsave(server: Server): void {
  const cfg = server.config;
  const snap = new Snapshot(server.keyspace, {
    file: rdbPath(server),
    version: cfg.num('rdb-version'),
    compression: cfg.bool('rdbcompression'),
    checksum: cfg.bool('rdbchecksum'),
    redisVersion: REDIS_VERSION,
  });
  const dirtyBefore = server.dirty;
  server.lastBgsaveTry = Math.floor(Date.now() / 1000);
  server.bgsaveScheduled = false;
  try {
    snap.start();
  } catch (e) {
    server.log.warn({ err: e }, 'Background saving error');
    bgsaveDone(server, snap, false);
    return;
  }
  server.bgsave = snap;
  server.log.info('Background saving started');
  snap.done.then(
    () => {
      // Writes made during the save are not in the file: they stay counted.
      server.dirty = Math.max(0, server.dirty - dirtyBefore);
      server.lastSave = Math.floor(Date.now() / 1000);
      server.rdbSaves++;
      server.log.info('Background saving terminated with success');
      bgsaveDone(server, snap, true);
    },
    (e: unknown) => {
      server.log.warn({ err: e }, 'Background saving error');
      bgsaveDone(server, snap, false);
    },
  );
}

function bgsaveDone(server: Server, snap: Snapshot, ok: boolean): void {
  if (server.bgsave === snap) server.bgsave = null;
  if (snap.aborted) return;
  // An AOF rewrite asked for meanwhile starts now.
  server.aof.afterBackgroundJob();
  server.lastSaveOk = ok;
  server.lastBgsaveTimeSec = Math.floor((Date.now() - snap.startedAt) / 1000);
  refreshWritesRefused(server);
}

/** Server cron: a scheduled BGSAVE, or one due by a `save <seconds> <changes>` point. */
export function saveCron(server: Server): void {
  if (server.bgsave !== null || server.aof.rewriting) return;
  const now = Math.floor(Date.now() / 1000);
  const mayRetry = server.lastSaveOk || now - server.lastBgsaveTry > BGSAVE_RETRY_DELAY;
  if (server.bgsaveScheduled && mayRetry) {
    startBgsave(server);
    return;
  }
  if (server.dirty === 0 || !mayRetry) return;
  for (const sp of server.config.savePoints()) {
    if (server.dirty >= sp.changes && now - server.lastSave > sp.seconds) {
      server.log.info(`${sp.changes} changes in ${sp.seconds} seconds. Saving...`);
      startBgsave(server);
      return;
    }
  }
}

/** SHUTDOWN's save: stops a running BGSAVE and saves synchronously. Returns the error, or null. */
export function saveOnShutdown(server: Server): Error | null {
  if (server.bgsave !== null) {
    server.bgsave.abort();
    server.bgsave = null;
  }
  server.log.info('Saving the final RDB snapshot before exiting.');
  return saveNow(server);
}

/** Loads the RDB file into the (empty) keyspace when one exists. Throws on a corrupt file. */
export function loadNow(server: Server): RdbLoadResult | null {
  const started = Date.now();
  const res = loadRdbFile(rdbPath(server), server.keyspace, (m) => server.log.warn(m));
  if (res !== null) rdbLoaded(server, res, started);
  server.dirty = 0;
  return res;
}

/** After an RDB file loaded: log it and load the function libraries it carried. */
function rdbLoaded(server: Server, res: RdbLoadResult, started: number): void {
  server.log.info({ keys: res.keys, expired: res.expiredSkipped, ms: Date.now() - started }, 'DB loaded from disk');
  loadRdbFunctions(server, res.functions);
}

/** Start-up load: the RDB file, unless the AOF is the source of truth. */
export async function loadAtStartup(server: Server): Promise<void> {
  if (server.config.bool('appendonly')) {
    await server.aof.loadAndOpen();
    return;
  }
  const file = rdbPath(server);
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  const started = Date.now();
  const res = await drive(loadRdbSteps(buf, server.keyspace, { warn: (m) => server.log.warn(m) }), server.startLoadingFile(buf.length));
  rdbLoaded(server, res, started);
  server.dirty = 0;
}

function save(c: Client): void {
  if (c.server.bgsave !== null) {
    c.w.error('ERR Background save already in progress');
    return;
  }
  const err = saveNow(c.server);
  if (err === null) c.w.ok();
  else c.w.error('ERR');
}

function bgsave(c: Client, argv: string[]): void {
  // The only option is SCHEDULE; it changes nothing here (see below).
  if (argv.length > 1 && (argv.length !== 2 || argv[1].toLowerCase() !== 'schedule')) {
    c.w.error(SYNTAX);
    return;
  }
  const server = c.server;
  // As Redis 7.2: a running RDB save is an error even with SCHEDULE (SCHEDULE
  // waits for other background work, e.g. an AOF rewrite, and runs inside EXEC).
  if (server.bgsave !== null) {
    c.w.error('ERR Background save already in progress');
    return;
  }
  if (server.aof.rewriting || c.inExec) {
    if (argv.length === 2 || c.inExec) {
      server.bgsaveScheduled = true;
      c.w.simple('Background saving scheduled');
    } else {
      c.w.error(
        "ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.",
      );
    }
    return;
  }
  startBgsave(server);
  c.w.simple('Background saving started');
}

function bgrewriteaof(c: Client): void {
  const server = c.server;
  const aof = server.aof;
  if (aof.rewriting) {
    c.w.error('ERR Background append only file rewriting already in progress');
    return;
  }
  if (server.bgsave !== null || c.inExec) {
    // Runs once the RDB save (or the transaction) is over.
    aof.rewriteScheduled = true;
    aof.consecutiveFailures = 0;
    c.w.simple('Background append only file rewriting scheduled');
    return;
  }
  const err = aof.startRewrite();
  if (err !== null) c.w.error(err);
  else if (!aof.rewriting) c.w.error("ERR Can't execute an AOF background rewriting. Please check the server logs for more information.");
  else c.w.simple('Background append only file rewriting started');
}

function lastsave(c: Client): void {
  c.w.integer(c.server.lastSave);
}

export const commands: CommandSpec[] = [
  {
    name: 'save',
    arity: 1,
    flags: ['admin', 'noscript', 'no_async_loading', 'no_multi'],
    group: 'server',
    since: '1.0.0',
    summary: 'Writes the dataset to the RDB file, blocking until done.',
    complexity: 'O(N) where N is the total number of keys in all databases',
    run: save,
  },
  {
    name: 'bgsave',
    arity: -1,
    flags: ['admin', 'noscript', 'no_async_loading'],
    group: 'server',
    since: '1.0.0',
    summary: 'Saves the dataset to the RDB file in the background, as of the moment it starts.',
    complexity: 'O(1)',
    history: [['3.2.2', 'Added the `SCHEDULE` option.']],
    args: [{ name: 'schedule', type: 'pure-token', token: 'SCHEDULE', since: '3.2.2', optional: true }],
    run: bgsave,
  },
  {
    name: 'bgrewriteaof',
    arity: 1,
    flags: ['admin', 'noscript', 'no_async_loading'],
    group: 'server',
    since: '1.0.0',
    summary: 'Rewrites the append-only file in the background as the shortest log of the current dataset.',
    complexity: 'O(1)',
    run: bgrewriteaof,
  },
  {
    name: 'lastsave',
    arity: 1,
    flags: ['loading', 'stale', 'fast'],
    group: 'server',
    since: '1.0.0',
    summary: 'Unix time of the last successful save to disk.',
    complexity: 'O(1)',
    acl: ['admin', 'dangerous'],
    tips: ['nondeterministic_output'],
    run: lastsave,
  },
];
