// MULTI/EXEC state and WATCH bookkeeping.
//
// A client in MULTI queues commands (the dispatcher replies +QUEUED); EXEC runs
// them back to back, which is atomic because the server is single-threaded.
// WATCH registers client interest per (database, key); any modification of the
// key — from any client, by expiry, by FLUSHDB/FLUSHALL/SWAPDB — marks the
// watching clients dirty, and their EXEC then fails with a null reply.

import type { Client } from './client.js';
import type { Command } from '../commands/types.js';
import type { Database } from '../data/keyspace.js';

export interface MultiState {
  queue: { cmd: Command; argv: string[] }[];
  /** A queued command was rejected (unknown, arity...): EXEC answers EXECABORT. */
  aborted: boolean;
}

export class WatchRegistry {
  /** Watching clients per database and key. */
  private readonly byKey = new Map<Database, Map<string, Set<Client>>>();
  /** Number of (client, key) registrations, so the keyspace hook can skip all work when 0. */
  count = 0;

  watch(c: Client, db: Database, key: string): void {
    let keys = c.watched.get(db);
    if (keys === undefined) {
      keys = new Set();
      c.watched.set(db, keys);
    }
    if (keys.has(key)) return;
    keys.add(key);
    let perDb = this.byKey.get(db);
    if (perDb === undefined) {
      perDb = new Map();
      this.byKey.set(db, perDb);
    }
    let clients = perDb.get(key);
    if (clients === undefined) {
      clients = new Set();
      perDb.set(key, clients);
    }
    clients.add(c);
    this.count++;
  }

  /** Forgets every key the client watches (EXEC, DISCARD, UNWATCH, RESET, disconnect). */
  unwatchAll(c: Client): void {
    for (const [db, keys] of c.watched) {
      const perDb = this.byKey.get(db);
      if (perDb === undefined) continue;
      for (const key of keys) {
        const clients = perDb.get(key);
        if (clients === undefined) continue;
        if (clients.delete(c)) this.count--;
        if (clients.size === 0) perDb.delete(key);
      }
      if (perDb.size === 0) this.byKey.delete(db);
    }
    c.watched.clear();
    c.watchDirty = false;
  }

  /** A key changed: every client watching it will fail its EXEC. */
  touch(db: Database, key: string): void {
    const clients = this.byKey.get(db)?.get(key);
    if (clients === undefined) return;
    for (const c of clients) c.watchDirty = true;
  }

  /**
   * A whole database was emptied (FLUSHDB/FLUSHALL) or swapped (SWAPDB): watched
   * keys that existed before, or exist now, are touched — as Redis's
   * touchAllWatchedKeysInDb. `existedBefore` answers for the old contents.
   */
  touchDatabase(db: Database, existedBefore: (key: string) => boolean): void {
    const perDb = this.byKey.get(db);
    if (perDb === undefined) return;
    for (const [key, clients] of perDb) {
      if (!existedBefore(key) && db.peek(key) === undefined) continue;
      for (const c of clients) c.watchDirty = true;
    }
  }
}
