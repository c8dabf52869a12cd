// Persistence commands: SAVE, LASTSAVE (BGSAVE, AOF, DUMP/RESTORE come later),
// plus the server-side save/load helpers DEBUG RELOAD and start-up use.

import path from 'node:path';
import type { Client } from '../server/client.js';
import type { Server } from '../server/server.js';
import type { CommandSpec } from './types.js';
import { REDIS_VERSION } from '../server/server.js';
import { saveRdbFile, loadRdbFile } from '../persistence/rdb-file.js';
import type { RdbLoadResult } from '../persistence/rdb-reader.js';

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
    server.lastSaveOk = false;
    server.log.warn({ err: e }, 'Failed saving the DB');
    return e as Error;
  }
  server.dirty = 0;
  server.lastSave = Math.floor(Date.now() / 1000);
  server.lastSaveOk = true;
  server.rdbSaves++;
  server.log.info('DB saved on disk');
  return null;
}

/** Loads the RDB file into the (empty) keyspace when one exists. Throws on a corrupt file. */
export function loadNow(server: Server): RdbLoadResult | null {
  const started = Date.now();
  const res = loadRdbFile(rdbPath(server), server.keyspace, (m) => server.log.warn(m));
  if (res !== null) {
    server.log.info({ keys: res.keys, expired: res.expiredSkipped, ms: Date.now() - started }, 'DB loaded from disk');
    // Kept on the load result for the scripting issue; not loaded yet.
    if (res.functions.length !== 0) server.log.warn(`The RDB file holds ${res.functions.length} function librar${res.functions.length === 1 ? 'y' : 'ies'}; Petrel does not load functions yet`);
  }
  server.dirty = 0;
  return res;
}

/** Start-up load: the RDB file, unless the AOF is the source of truth. */
export function loadAtStartup(server: Server): void {
  if (server.config.bool('appendonly')) return;
  loadNow(server);
}

function save(c: Client): void {
  const err = saveNow(c.server);
  if (err === null) c.w.ok();
  else c.w.error('ERR');
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
