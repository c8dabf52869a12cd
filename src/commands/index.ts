// Assembles the command table from every group file. Each group exports
// `commands: CommandSpec[]`; this turns them into resolved Command rows keyed by
// lower-case name (and upper-case, so the common spellings skip toLowerCase).

import type { Command, CommandSpec } from './types.js';
import { commands as connection } from './connection.js';
import { commands as strings } from './strings.js';
import { commands as keys } from './keys.js';
import { commands as server } from './server.js';
import { commands as config } from './config.js';
import { commands as introspection } from './command.js';
import { commands as client } from './client.js';
import { commands as transactions } from './transactions.js';
import { commands as pubsub } from './pubsub.js';
import { commands as hashes } from './hashes.js';
import { commands as sets } from './sets.js';
import { commands as sort } from './sort.js';
import { commands as lists } from './lists.js';
import { commands as sortedSets } from './sorted-sets.js';
import { commands as persistence } from './persistence.js';
import { commands as dump } from './dump.js';
import { commands as replication } from './replication.js';
import { commands as memory } from './memory.js';
import { commands as bitmaps } from './bitmaps.js';
import { commands as hyperloglog } from './hyperloglog.js';
import { commands as geo } from './geo.js';
import { commands as streams } from './streams.js';
import { commands as scripting } from './scripting.js';
import { commands as functions } from './functions.js';

export const ALL_SPECS: readonly CommandSpec[] = [...connection, ...strings, ...keys, ...server, ...config, ...introspection, ...client, ...transactions, ...pubsub, ...hashes, ...sets, ...sort, ...lists, ...sortedSets, ...persistence, ...dump, ...replication, ...memory, ...bitmaps, ...hyperloglog, ...geo, ...streams, ...scripting, ...functions];

/** Commands that act at once inside MULTI, as in Redis's processCommand. */
const MULTI_BYPASS = new Set(['exec', 'discard', 'multi', 'watch', 'quit', 'reset']);

/** What a RESP2 connection with subscriptions may still run. */
const SUBSCRIBED_MODE = new Set(['ping', 'subscribe', 'ssubscribe', 'unsubscribe', 'sunsubscribe', 'psubscribe', 'punsubscribe', 'quit', 'reset']);

function resolve(spec: CommandSpec, parent: Command | null): Command {
  const flags = spec.flags;
  const cmd: Command = {
    spec,
    fullName: parent === null ? spec.name : `${parent.spec.name}|${spec.name}`,
    parent,
    subcommands: null,
    calls: 0,
    usec: 0,
    rejectedCalls: 0,
    failedCalls: 0,
    isWrite: flags.includes('write'),
    isDenyOom: flags.includes('denyoom'),
    noAuth: flags.includes('no_auth'),
    bypassesMulti: parent === null && MULTI_BYPASS.has(spec.name),
    noMulti: flags.includes('no_multi'),
    skipMonitor: flags.includes('admin') || flags.includes('skip_monitor'),
    allowedWhileSubscribed: parent === null && SUBSCRIBED_MODE.has(spec.name),
    allowedWhileLoading: flags.includes('loading'),
    firstKey: spec.keys?.first ?? 0,
    lastKey: spec.keys?.last ?? 0,
    keyStep: spec.keys?.step ?? 0,
  };
  if (spec.subcommands !== undefined) {
    cmd.subcommands = new Map();
    for (const sub of spec.subcommands) cmd.subcommands.set(sub.name, resolve(sub, cmd));
  }
  return cmd;
}

/** A fresh table (each server keeps its own commandstats). */
export function buildCommandTable(specs: readonly CommandSpec[] = ALL_SPECS): Map<string, Command> {
  const table = new Map<string, Command>();
  for (const spec of specs) {
    if (table.has(spec.name)) throw new Error(`command ${spec.name} declared twice`);
    const cmd = resolve(spec, null);
    table.set(spec.name, cmd);
  }
  for (const [name, cmd] of [...table]) table.set(name.toUpperCase(), cmd);
  return table;
}

/** The distinct commands of a table (it holds each under two spellings). */
export function uniqueCommands(table: Map<string, Command>): Command[] {
  const out: Command[] = [];
  for (const [name, cmd] of table) if (name === cmd.spec.name) out.push(cmd);
  return out;
}
