// Keyspace notifications (notify-keyspace-events): commands report what they
// did to a key as (class, event, key); when the class is enabled the event is
// published on `__keyspace@<db>__:<key>` (message: the event) and/or
// `__keyevent@<db>__:<event>` (message: the key), as Redis does.

import type { Server } from './server.js';
import type { Client } from './client.js';
import { NOTIFY_KEYEVENT, NOTIFY_KEYSPACE } from '../config/parse.js';

export {
  NOTIFY_GENERIC,
  NOTIFY_STRING,
  NOTIFY_LIST,
  NOTIFY_SET,
  NOTIFY_HASH,
  NOTIFY_ZSET,
  NOTIFY_EXPIRED,
  NOTIFY_EVICTED,
  NOTIFY_STREAM,
  NOTIFY_KEY_MISS,
  NOTIFY_NEW,
} from '../config/parse.js';

export class Notifier {
  /** The parsed notify-keyspace-events flags; 0 = off (the common case: one check per write). */
  flags = 0;

  constructor(private readonly server: Server) {}

  /** Publishes one event if its class is enabled. */
  notify(type: number, event: string, key: string, dbid: number): void {
    const flags = this.flags;
    if ((flags & type) === 0) return;
    const pubsub = this.server.pubsub;
    if (flags & NOTIFY_KEYSPACE) pubsub.publish(`__keyspace@${dbid}__:${key}`, event);
    if (flags & NOTIFY_KEYEVENT) pubsub.publish(`__keyevent@${dbid}__:${event}`, key);
  }
}

/** Shorthand for commands: an event about `key` in the client's current database. */
export function notify(c: Client, type: number, event: string, key: string): void {
  if ((c.server.notifier.flags & type) !== 0) c.server.notifier.notify(type, event, key, c.db.id);
}
