// Pub/Sub: who listens to which channel, pattern or shard channel, and message
// delivery. A message is appended to each receiver's reply buffer (a RESP3 push,
// or a plain array in RESP2) and the receivers are flushed once, after the
// publishing command's input batch, not once per message.

import type { Client } from './client.js';
import type { Server } from './server.js';
import { globMatch } from '../data/glob.js';

export type SubscriptionKind = 'channel' | 'pattern' | 'shard';

export class PubSub {
  /** channel → subscribers, in subscription order. */
  readonly channels = new Map<string, Set<Client>>();
  /** pattern → subscribers. */
  readonly patterns = new Map<string, Set<Client>>();
  /** shard channel → subscribers (SSUBSCRIBE; one shard in a standalone server). */
  readonly shardChannels = new Map<string, Set<Client>>();
  /** Receivers with unflushed messages. */
  private readonly pendingFlush = new Set<Client>();

  constructor(private readonly server: Server) {}

  private table(kind: SubscriptionKind): Map<string, Set<Client>> {
    return kind === 'channel' ? this.channels : kind === 'pattern' ? this.patterns : this.shardChannels;
  }

  /** Adds a subscription; false when the client already had it. */
  subscribe(c: Client, kind: SubscriptionKind, name: string): boolean {
    const mine = c.subscriptions(kind);
    if (mine.has(name)) return false;
    mine.add(name);
    c.subscriptionCount++;
    const table = this.table(kind);
    let set = table.get(name);
    if (set === undefined) {
      set = new Set();
      table.set(name, set);
    }
    set.add(c);
    return true;
  }

  /** Removes a subscription; false when the client did not have it. */
  unsubscribe(c: Client, kind: SubscriptionKind, name: string): boolean {
    const mine = c.subscriptions(kind);
    if (!mine.delete(name)) return false;
    c.subscriptionCount--;
    const table = this.table(kind);
    const set = table.get(name);
    if (set !== undefined) {
      set.delete(c);
      if (set.size === 0) table.delete(name);
    }
    return true;
  }

  /** Drops every subscription of a client (disconnect, RESET). */
  unsubscribeAll(c: Client): void {
    for (const kind of ['channel', 'pattern', 'shard'] as const) {
      for (const name of [...c.subscriptions(kind)]) this.unsubscribe(c, kind, name);
    }
  }

  /**
   * Delivers a message to channel subscribers and matching pattern
   * subscribers (or, for `shard`, shard-channel subscribers). Returns the
   * number of deliveries, as PUBLISH replies.
   */
  publish(channel: string, message: string, shard = false): number {
    let receivers = 0;
    const subs = (shard ? this.shardChannels : this.channels).get(channel);
    if (subs !== undefined) {
      // The frame is the same for every receiver of a protocol: encode it once.
      const body = bulk(shard ? 'smessage' : 'message') + bulk(channel) + bulk(message);
      const resp2 = '*3\r\n' + body;
      const resp3 = '>3\r\n' + body;
      for (const c of subs) {
        c.w.raw(c.w.resp === 3 ? resp3 : resp2);
        this.schedule(c);
        receivers++;
      }
    }
    if (!shard && this.patterns.size !== 0) {
      const tail = bulk(channel) + bulk(message);
      for (const [pattern, clients] of this.patterns) {
        if (!globMatch(pattern, channel)) continue;
        const body = bulk('pmessage') + bulk(pattern) + tail;
        for (const c of clients) {
          c.w.raw((c.w.resp === 3 ? '>4\r\n' : '*4\r\n') + body);
          this.schedule(c);
          receivers++;
        }
      }
    }
    return receivers;
  }

  /** Flushes the client with the other receivers of this batch (MONITOR uses it too). */
  scheduleFlush(c: Client): void {
    this.schedule(c);
  }

  private schedule(c: Client): void {
    if (this.pendingFlush.size === 0) setImmediate(() => this.flushPending());
    this.pendingFlush.add(c);
  }

  /** Writes out every receiver's pending messages (one write per receiver). */
  flushPending(): void {
    if (this.pendingFlush.size === 0) return;
    for (const c of this.pendingFlush) c.flush();
    this.pendingFlush.clear();
  }
}

function bulk(s: string): string {
  return '$' + s.length + '\r\n' + s + '\r\n';
}
