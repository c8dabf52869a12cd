// The command table's row type. Every command is one CommandSpec; the dispatcher,
// COMMAND INFO/DOCS, ACL categories and (later) propagation, cluster slot checks
// and snapshot copy-on-write all read it, so no handler hand-codes those concerns.

import type { Client } from '../server/client.js';

export type CommandFlag =
  | 'write'
  | 'readonly'
  | 'denyoom'
  | 'module'
  | 'admin'
  | 'pubsub'
  | 'noscript'
  | 'blocking'
  | 'loading'
  | 'stale'
  | 'skip_monitor'
  | 'skip_slowlog'
  | 'asking'
  | 'fast'
  | 'no_auth'
  | 'may_replicate'
  | 'sentinel'
  | 'only_sentinel'
  | 'no_mandatory_keys'
  | 'protected'
  | 'no_async_loading'
  | 'no_multi'
  | 'movablekeys'
  | 'allow_busy';

export type CommandGroup =
  | 'generic'
  | 'string'
  | 'list'
  | 'set'
  | 'sorted_set'
  | 'hash'
  | 'pubsub'
  | 'transactions'
  | 'connection'
  | 'server'
  | 'scripting'
  | 'hyperloglog'
  | 'cluster'
  | 'sentinel'
  | 'geo'
  | 'stream'
  | 'bitmap';

/** ACL categories beyond the ones derived from flags (write, read, fast, slow, admin, ...). */
export type AclCategory =
  | 'keyspace'
  | 'read'
  | 'write'
  | 'set'
  | 'sortedset'
  | 'list'
  | 'hash'
  | 'string'
  | 'bitmap'
  | 'hyperloglog'
  | 'geo'
  | 'stream'
  | 'pubsub'
  | 'admin'
  | 'fast'
  | 'slow'
  | 'blocking'
  | 'dangerous'
  | 'connection'
  | 'transaction'
  | 'scripting';

/**
 * A Redis 7 key specification (COMMAND INFO's 9th field). Most commands use the
 * `range` form; `keyword` searches for a token such as STREAMS.
 */
export interface KeySpec {
  flags: string[];
  beginSearch: { index: number } | { keyword: string; startFrom: number } | { unknown: true };
  findKeys:
    | { range: { lastKey: number; step: number; limit: number } }
    | { keynum: { keyNumIdx: number; firstKey: number; step: number } }
    | { unknown: true };
  notes?: string;
}

export type CommandHandler = (c: Client, argv: string[]) => void;

/** One argument in COMMAND DOCS, in Redis's shape. */
export interface ArgDoc {
  name: string;
  type: 'string' | 'integer' | 'double' | 'key' | 'pattern' | 'unix-time' | 'pure-token' | 'oneof' | 'block';
  token?: string;
  keySpecIndex?: number;
  optional?: boolean;
  multiple?: boolean;
  multipleToken?: boolean;
  since?: string;
  displayText?: string;
  arguments?: ArgDoc[];
}

export interface CommandSpec {
  /** Lower-case name; for subcommands just the subcommand part (`get` of `config|get`). */
  name: string;
  /** Redis arity: N means exactly N (command name included), -N means at least N. */
  arity: number;
  flags: CommandFlag[];
  group: CommandGroup;
  since: string;
  summary: string;
  complexity?: string;
  /** ACL categories besides those the flags imply. */
  acl?: AclCategory[];
  /** Legacy key positions (COMMAND INFO first/last/step); omitted for keyless commands. */
  keys?: { first: number; last: number; step: number };
  /** Full key specs; when omitted they are derived from `keys` and the flags. */
  keySpecs?: KeySpec[];
  /** For commands whose keys are not at fixed positions (movablekeys). */
  getKeys?: (argv: string[]) => number[];
  /** Command tips (COMMAND INFO / DOCS), e.g. 'nondeterministic_output'. */
  tips?: string[];
  args?: ArgDoc[];
  /** Container commands (CONFIG, CLIENT, OBJECT...) list their subcommands. */
  subcommands?: CommandSpec[];
  /** Deprecated commands name their replacement (COMMAND DOCS doc_flags/replaced_by). */
  replacedBy?: string;
  deprecatedSince?: string;
  /** Redis's history entries for COMMAND DOCS: [version, description]. */
  history?: [string, string][];
  run: CommandHandler;
}

/** A resolved command: its spec plus the names and counters the dispatcher keeps. */
export interface Command {
  spec: CommandSpec;
  /** `get`, or `config|get` for subcommands. */
  fullName: string;
  parent: Command | null;
  subcommands: Map<string, Command> | null;
  /** commandstats: calls, total microseconds, rejected and failed calls. */
  calls: number;
  usec: number;
  rejectedCalls: number;
  failedCalls: number;
  isWrite: boolean;
  isDenyOom: boolean;
  noAuth: boolean;
  /** Runs at once inside MULTI instead of being queued (EXEC, DISCARD, MULTI, WATCH, QUIT, RESET). */
  bypassesMulti: boolean;
  /** Refused inside MULTI (the no_multi flag). */
  noMulti: boolean;
  /** Not shown to MONITOR (admin or skip_monitor). */
  skipMonitor: boolean;
  /** Allowed in RESP2 subscribed mode ((P|S)(UN)SUBSCRIBE, PING, QUIT, RESET). */
  allowedWhileSubscribed: boolean;
  /** Runs while the dataset is loading (the `loading` flag); others get -LOADING. */
  allowedWhileLoading: boolean;
  /** Legacy key positions resolved for fast access. */
  firstKey: number;
  lastKey: number;
  keyStep: number;
}
