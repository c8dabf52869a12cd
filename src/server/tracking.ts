// Client-side caching (CLIENT TRACKING). Two modes, as in Redis:
//
// - default: the keys a tracking client reads (with read-only commands) are
//   remembered; the first modification of such a key sends that client an
//   invalidation and forgets the pair (the client must read again to be told
//   again). OPTIN/OPTOUT narrow which reads are remembered (CLIENT CACHING).
// - BCAST: the client names key prefixes (none = every key) and hears about
//   every modification of a matching key, without reading anything.
//
// Invalidations go to the client itself as a RESP3 push
// `>2 invalidate [keys]`, or with REDIRECT to another client: a RESP3 push
// there too, or a message on `__redis__:invalidate` if that client is a RESP2
// subscriber. FLUSHDB/FLUSHALL send a null invalidation ("everything").
// Like Redis, the tracking table ignores databases: keys are just names.

import type { Client } from './client.js';
import type { Server } from './server.js';
import type { Command } from '../commands/types.js';
import { findKeys } from '../commands/command.js';

export interface TrackingState {
  /** Client to deliver invalidations to; 0 = the tracking client itself. */
  redirect: number;
  bcast: boolean;
  optin: boolean;
  optout: boolean;
  noloop: boolean;
  prefixes: string[];
  /** CLIENT CACHING YES/NO for the next command (OPTIN/OPTOUT). */
  caching: 'yes' | 'no' | null;
  /** The redirect target went away (reported once to the client). */
  brokenRedirect: boolean;
}

const INVALIDATE_CHANNEL = '__redis__:invalidate';

/** Whether one string is a prefix of the other. */
function overlaps(a: string, b: string): boolean {
  return a.length <= b.length ? b.startsWith(a) : a.startsWith(b);
}

export class Tracking {
  /** key → ids of clients that read it (default mode). */
  private readonly table = new Map<string, Set<number>>();
  /** prefix → ids of BCAST clients listening to it ('' = every key). */
  private readonly prefixes = new Map<string, Set<number>>();
  /** Number of clients with tracking on: the keyspace hook does nothing while it is 0. */
  clients = 0;
  /** Invalidations for the client running the current command, sent after its reply (Redis 7). */
  private deferred: { client: Client; keys: (string | null)[] } | null = null;
  current: Client | null = null;

  constructor(private readonly server: Server) {}

  /** Turns tracking on (or changes options) for a client; returns an error text or null. */
  enable(c: Client, state: TrackingState): string | null {
    if (state.bcast) {
      // Prefixes of one client must not overlap, with its existing ones or each other.
      const existing = c.tracking?.bcast ? c.tracking.prefixes : [];
      const given = state.prefixes;
      for (let i = 0; i < given.length; i++) {
        for (const old of existing) {
          if (overlaps(old, given[i])) {
            return `ERR Prefix '${given[i]}' overlaps with an existing prefix '${old}'. Prefixes for a single client must not overlap.`;
          }
        }
        for (let j = i + 1; j < given.length; j++) {
          if (overlaps(given[i], given[j])) {
            return `ERR Prefix '${given[i]}' overlaps with another provided prefix '${given[j]}'. Prefixes for a single client must not overlap.`;
          }
        }
      }
    }
    if (c.tracking === null) this.clients++;
    else if (c.tracking.bcast && state.bcast) state.prefixes = [...new Set([...c.tracking.prefixes, ...state.prefixes])];
    this.dropPrefixes(c);
    c.tracking = state;
    if (state.bcast) {
      const list = state.prefixes.length === 0 ? [''] : state.prefixes;
      for (const p of list) {
        let ids = this.prefixes.get(p);
        if (ids === undefined) {
          ids = new Set();
          this.prefixes.set(p, ids);
        }
        ids.add(c.id);
      }
    }
    return null;
  }

  disable(c: Client): void {
    if (c.tracking === null) return;
    this.dropPrefixes(c);
    c.tracking = null;
    this.clients--;
  }

  private dropPrefixes(c: Client): void {
    if (c.tracking === null || !c.tracking.bcast) return;
    const list = c.tracking.prefixes.length === 0 ? [''] : c.tracking.prefixes;
    for (const p of list) {
      const ids = this.prefixes.get(p);
      if (ids === undefined) continue;
      ids.delete(c.id);
      if (ids.size === 0) this.prefixes.delete(p);
    }
  }

  /** After a read-only command of a tracking client: remember the keys it read. */
  afterCommand(c: Client, cmd: Command, argv: string[]): void {
    const t = c.tracking!;
    const caching = t.caching;
    // CLIENT CACHING applies to the one command that follows it.
    if (cmd.fullName !== 'client|caching') t.caching = null;
    if (t.bcast || !cmd.spec.flags.includes('readonly')) return;
    if (t.optin && caching !== 'yes') return;
    if (t.optout && caching === 'no') return;
    const keys = findKeys(cmd, argv);
    if (keys === null) return;
    for (const k of keys) {
      const key = argv[k.pos];
      let ids = this.table.get(key);
      if (ids === undefined) {
        ids = new Set();
        this.table.set(key, ids);
      }
      ids.add(c.id);
    }
    const max = this.server.config.num('tracking-table-max-keys');
    if (max > 0 && this.table.size > max) this.evict(this.table.size - max);
  }

  /** The table is over tracking-table-max-keys: invalidate the oldest keys to make room. */
  private evict(n: number): void {
    for (const key of this.table.keys()) {
      if (n-- <= 0) break;
      this.invalidateKey(key, null);
    }
  }

  /** A key was modified by `by` (null: expiry, eviction, the server itself). */
  invalidateKey(key: string, by: Client | null): void {
    const ids = this.table.get(key);
    if (ids !== undefined) {
      this.table.delete(key);
      for (const id of ids) {
        const c = this.server.clients.get(id);
        if (c === undefined || c.tracking === null || c.tracking.bcast) continue;
        if (c.tracking.noloop && c === by) continue;
        this.send(c, key, by);
      }
    }
    if (this.prefixes.size !== 0) {
      for (const [prefix, pids] of this.prefixes) {
        if (!key.startsWith(prefix)) continue;
        for (const id of pids) {
          const c = this.server.clients.get(id);
          if (c === undefined || c.tracking === null) continue;
          if (c.tracking.noloop && c === by) continue;
          this.send(c, key, by);
        }
      }
    }
  }

  /** FLUSHDB/FLUSHALL: every tracking client hears a null invalidation; the table empties. */
  invalidateAll(by: Client | null): void {
    this.table.clear();
    for (const c of this.server.clients.values()) {
      if (c.tracking !== null) this.send(c, null, by);
    }
  }

  /** Delivers one invalidation to a tracking client (or its redirect target). */
  private send(c: Client, key: string | null, by: Client | null): void {
    const t = c.tracking!;
    let target = c;
    if (t.redirect !== 0) {
      const r = this.server.clients.get(t.redirect);
      if (r === undefined) {
        if (!t.brokenRedirect) {
          t.brokenRedirect = true;
          if (c.w.resp === 3) {
            c.w.push(2);
            c.w.bulk('tracking-redir-broken');
            c.w.integer(t.redirect);
            this.server.pubsub.scheduleFlush(c);
          }
        }
        return;
      }
      target = r;
    }
    if (target.w.resp === 2) {
      // RESP2 clients can only hear it as a Pub/Sub message, when subscribed to the channel.
      if (!target.subChannels.has(INVALIDATE_CHANNEL)) return;
      const w = target.w;
      w.push(3);
      w.bulk('message');
      w.bulk(INVALIDATE_CHANNEL);
      if (key === null) w.nilArray();
      else w.bulkArray([key]);
      this.server.pubsub.scheduleFlush(target);
      return;
    }
    // The client that made the change gets its own invalidation after the command's reply.
    if (target === by || target === this.current) {
      if (this.deferred === null || this.deferred.client !== target) this.deferred = { client: target, keys: [] };
      this.deferred.keys.push(key);
      return;
    }
    this.push(target, key);
    this.server.pubsub.scheduleFlush(target);
  }

  private push(target: Client, key: string | null): void {
    const w = target.w;
    w.push(2);
    w.bulk('invalidate');
    if (key === null) w.nil();
    else w.bulkArray([key]);
  }

  /** After the current command's reply: deliver invalidations it caused for its own client. */
  flushDeferred(): void {
    const d = this.deferred;
    if (d === null) return;
    this.deferred = null;
    for (const key of d.keys) this.push(d.client, key);
  }

  /** A client went away: forget its tracking and its reads. */
  forget(c: Client): void {
    this.disable(c);
  }
}
