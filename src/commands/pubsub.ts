// Pub/Sub commands: SUBSCRIBE UNSUBSCRIBE PSUBSCRIBE PUNSUBSCRIBE PUBLISH,
// sharded SSUBSCRIBE SUNSUBSCRIBE SPUBLISH, and PUBSUB introspection. The
// registry and delivery live in src/server/pubsub.ts.

import type { Client } from '../server/client.js';
import type { SubscriptionKind } from '../server/pubsub.js';
import type { CommandSpec } from './types.js';
import { globMatch } from '../data/glob.js';
import { replyHelp } from './command.js';

/** The count Redis reports after (un)subscribing: channels + patterns, or shard channels. */
function subscriptionCount(c: Client, kind: SubscriptionKind): number {
  return kind === 'shard' ? c.subShards.size : c.subChannels.size + c.subPatterns.size;
}

function confirm(c: Client, event: string, name: string | null, kind: SubscriptionKind): void {
  const w = c.w;
  w.push(3);
  w.bulk(event);
  if (name === null) w.nil();
  else w.bulk(name);
  w.integer(subscriptionCount(c, kind));
}

function subscribeGeneric(c: Client, argv: string[], kind: SubscriptionKind, event: string): void {
  const pubsub = c.server.pubsub;
  for (let i = 1; i < argv.length; i++) {
    pubsub.subscribe(c, kind, argv[i]);
    confirm(c, event, argv[i], kind);
  }
}

function unsubscribeGeneric(c: Client, argv: string[], kind: SubscriptionKind, event: string): void {
  const pubsub = c.server.pubsub;
  if (argv.length === 1) {
    const mine = [...c.subscriptions(kind)];
    if (mine.length === 0) {
      confirm(c, event, null, kind);
      return;
    }
    for (const name of mine) {
      pubsub.unsubscribe(c, kind, name);
      confirm(c, event, name, kind);
    }
    return;
  }
  for (let i = 1; i < argv.length; i++) {
    pubsub.unsubscribe(c, kind, argv[i]);
    confirm(c, event, argv[i], kind);
  }
}

function publish(c: Client, argv: string[]): void {
  c.w.integer(c.server.pubsub.publish(argv[1], argv[2]));
}

function spublish(c: Client, argv: string[]): void {
  c.w.integer(c.server.pubsub.publish(argv[1], argv[2], true));
}

function channelsGeneric(c: Client, argv: string[], table: Map<string, Set<Client>>): void {
  const pattern = argv.length > 2 ? argv[2] : null;
  const out: string[] = [];
  for (const name of table.keys()) if (pattern === null || globMatch(pattern, name)) out.push(name);
  c.w.bulkArray(out);
}

function numsubGeneric(c: Client, argv: string[], table: Map<string, Set<Client>>): void {
  const w = c.w;
  // An array of name, count pairs in both protocols, as Redis.
  w.array((argv.length - 2) * 2);
  for (let i = 2; i < argv.length; i++) {
    w.bulk(argv[i]);
    w.integer(table.get(argv[i])?.size ?? 0);
  }
}

const HELP = [
  'CHANNELS [<pattern>]',
  '    List the channels that have subscribers, those matching <pattern> if given.',
  'NUMPAT',
  '    Count the distinct patterns that have subscribers.',
  'NUMSUB [<channel> ...]',
  '    Give each channel with its number of subscribers (pattern subscribers not counted).',
  'SHARDCHANNELS [<pattern>]',
  '    List the shard channels that have subscribers, those matching <pattern> if given.',
  'SHARDNUMSUB [<shardchannel> ...]',
  '    Give each shard channel with its number of subscribers.',
]

const PUBSUB_FLAGS = ['pubsub', 'noscript', 'loading', 'stale'] as const;

export const commands: CommandSpec[] = [
  {
    name: 'subscribe',
    arity: -2,
    flags: [...PUBSUB_FLAGS],
    group: 'pubsub',
    since: '2.0.0',
    summary: 'Listens for messages published to channels.',
    complexity: 'O(N), N being the number of channels given',
    args: [{ name: 'channel', type: 'string', multiple: true }],
    run: (c, argv) => subscribeGeneric(c, argv, 'channel', 'subscribe'),
  },
  {
    name: 'unsubscribe',
    arity: -1,
    flags: [...PUBSUB_FLAGS],
    group: 'pubsub',
    since: '2.0.0',
    summary: 'Stops listening to channels (all of them when none is named).',
    complexity: 'O(N), N being the number of channels given',
    args: [{ name: 'channel', type: 'string', optional: true, multiple: true }],
    run: (c, argv) => unsubscribeGeneric(c, argv, 'channel', 'unsubscribe'),
  },
  {
    name: 'psubscribe',
    arity: -2,
    flags: [...PUBSUB_FLAGS],
    group: 'pubsub',
    since: '2.0.0',
    summary: 'Listens for messages published to channels matching glob patterns.',
    complexity: 'O(N), N being the number of patterns given',
    args: [{ name: 'pattern', type: 'pattern', multiple: true }],
    run: (c, argv) => subscribeGeneric(c, argv, 'pattern', 'psubscribe'),
  },
  {
    name: 'punsubscribe',
    arity: -1,
    flags: [...PUBSUB_FLAGS],
    group: 'pubsub',
    since: '2.0.0',
    summary: 'Stops listening to patterns (all of them when none is named).',
    complexity: 'O(N), N being the number of patterns given',
    args: [{ name: 'pattern', type: 'pattern', optional: true, multiple: true }],
    run: (c, argv) => unsubscribeGeneric(c, argv, 'pattern', 'punsubscribe'),
  },
  {
    name: 'ssubscribe',
    arity: -2,
    flags: [...PUBSUB_FLAGS],
    group: 'pubsub',
    since: '7.0.0',
    summary: 'Listens for messages published to shard channels.',
    complexity: 'O(N), N being the number of shard channels given',
    keys: { first: 1, last: -1, step: 1 },
    args: [{ name: 'shardchannel', type: 'string', multiple: true }],
    run: (c, argv) => subscribeGeneric(c, argv, 'shard', 'ssubscribe'),
  },
  {
    name: 'sunsubscribe',
    arity: -1,
    flags: [...PUBSUB_FLAGS],
    group: 'pubsub',
    since: '7.0.0',
    summary: 'Stops listening to shard channels (all of them when none is named).',
    complexity: 'O(N), N being the number of shard channels given',
    keys: { first: 1, last: -1, step: 1 },
    args: [{ name: 'shardchannel', type: 'string', optional: true, multiple: true }],
    run: (c, argv) => unsubscribeGeneric(c, argv, 'shard', 'sunsubscribe'),
  },
  {
    name: 'publish',
    arity: 3,
    flags: ['pubsub', 'loading', 'stale', 'fast', 'may_replicate'],
    group: 'pubsub',
    since: '2.0.0',
    summary: 'Posts a message to a channel; replies how many subscribers received it.',
    complexity: 'O(N+M): N subscribers of the channel, M subscribed patterns',
    args: [
      { name: 'channel', type: 'string' },
      { name: 'message', type: 'string' },
    ],
    run: publish,
  },
  {
    name: 'spublish',
    arity: 3,
    flags: ['pubsub', 'loading', 'stale', 'fast', 'may_replicate'],
    group: 'pubsub',
    since: '7.0.0',
    summary: 'Posts a message to a shard channel; replies how many subscribers received it.',
    complexity: 'O(N): N subscribers of the shard channel',
    keys: { first: 1, last: 1, step: 1 },
    args: [
      { name: 'shardchannel', type: 'string' },
      { name: 'message', type: 'string' },
    ],
    run: spublish,
  },
  {
    name: 'pubsub',
    arity: -2,
    flags: [],
    group: 'pubsub',
    since: '2.8.0',
    summary: 'A container for Pub/Sub introspection commands.',
    complexity: 'Depends on subcommand.',
    run: () => {},
    subcommands: [
      {
        name: 'channels',
        arity: -2,
        flags: ['pubsub', 'loading', 'stale'],
        group: 'pubsub',
        since: '2.8.0',
        summary: 'Lists channels with subscribers, optionally those matching a pattern.',
        complexity: 'O(N): N active channels',
        args: [{ name: 'pattern', type: 'pattern', optional: true }],
        run: (c, argv) => channelsGeneric(c, argv, c.server.pubsub.channels),
      },
      {
        name: 'numsub',
        arity: -2,
        flags: ['pubsub', 'loading', 'stale'],
        group: 'pubsub',
        since: '2.8.0',
        summary: 'Tells how many clients subscribe to each channel (patterns not counted).',
        complexity: 'O(N): N channels given',
        args: [{ name: 'channel', type: 'string', optional: true, multiple: true }],
        run: (c, argv) => numsubGeneric(c, argv, c.server.pubsub.channels),
      },
      {
        name: 'numpat',
        arity: 2,
        flags: ['pubsub', 'loading', 'stale'],
        group: 'pubsub',
        since: '2.8.0',
        summary: 'Tells how many distinct patterns have subscribers.',
        complexity: 'O(1)',
        run: (c) => c.w.integer(c.server.pubsub.patterns.size),
      },
      {
        name: 'shardchannels',
        arity: -2,
        flags: ['pubsub', 'loading', 'stale'],
        group: 'pubsub',
        since: '7.0.0',
        summary: 'Lists shard channels with subscribers, optionally those matching a pattern.',
        complexity: 'O(N): N active shard channels',
        args: [{ name: 'pattern', type: 'pattern', optional: true }],
        run: (c, argv) => channelsGeneric(c, argv, c.server.pubsub.shardChannels),
      },
      {
        name: 'shardnumsub',
        arity: -2,
        flags: ['pubsub', 'loading', 'stale'],
        group: 'pubsub',
        since: '7.0.0',
        summary: 'Tells how many clients subscribe to each shard channel.',
        complexity: 'O(N): N shard channels given',
        args: [{ name: 'shardchannel', type: 'string', optional: true, multiple: true }],
        run: (c, argv) => numsubGeneric(c, argv, c.server.pubsub.shardChannels),
      },
      {
        name: 'help',
        arity: 2,
        flags: ['loading', 'stale'],
        group: 'pubsub',
        since: '6.2.0',
        summary: 'Shows what the PUBSUB subcommands do.',
        complexity: 'O(1)',
        run: (c, argv) => replyHelp(c, argv[0], HELP),
      },
    ],
  },
];
