// The dispatcher: looks a command up in the table, applies the generic checks
// the table describes (unknown command, arity, authentication), runs the
// handler and keeps commandstats. No promises, closures or logging here: this
// runs once per command.

import { performance } from 'node:perf_hooks';
import type { Client } from './client.js';
import type { Command } from '../commands/types.js';
import { feedMonitors } from '../observability/monitor.js';
import { unknownCommand, unknownSubcommand, wrongArity } from '../commands/errors.js';
import { snapshotBeforeCommand } from '../persistence/snapshot.js';
import { MISCONF } from '../commands/persistence.js';
import { endPropagatedCall } from './propagate.js';
import { OOM_ERROR } from './evict.js';

const NOAUTH = 'NOAUTH Authentication required.';
const LOADING = 'LOADING Redis is loading the dataset in memory';

/** Finds the command (or subcommand) argv names, or replies with the error and returns null. */
export function resolveCommand(c: Client, argv: string[]): Command | null {
  const table = c.server.commands;
  const name = argv[0];
  let cmd = table.get(name);
  if (cmd === undefined) {
    cmd = table.get(name.toLowerCase());
    if (cmd === undefined) {
      c.w.error(unknownCommand(argv));
      return null;
    }
  }
  if (cmd.subcommands !== null && argv.length >= 2) {
    const sub = cmd.subcommands.get(argv[1].toLowerCase());
    if (sub === undefined) {
      c.w.error(unknownSubcommand(argv[1], cmd.fullName));
      return null;
    }
    cmd = sub;
  }
  const arity = cmd.spec.arity;
  if ((arity > 0 && argv.length !== arity) || argv.length < -arity) {
    cmd.rejectedCalls++;
    c.w.error(wrongArity(cmd.fullName));
    return null;
  }
  return cmd;
}

export function dispatch(c: Client, argv: string[]): void {
  const cmd = resolveCommand(c, argv);
  const server = c.server;
  if (cmd === null) {
    server.stats.rejectedCommands++;
    // A command rejected while queueing dooms the transaction (EXECABORT).
    if (c.multi !== null) c.multi.aborted = true;
    return;
  }
  if (!c.authenticated && !cmd.noAuth) {
    reject(c, cmd, NOAUTH);
    return;
  }
  if (server.loading && !cmd.allowedWhileLoading && !c.isLoader) {
    reject(c, cmd, LOADING);
    return;
  }
  // A script running past busy-reply-threshold: only allow_busy commands run.
  if (server.busyScript !== null && !cmd.spec.flags.includes('allow_busy')) {
    reject(c, cmd, server.busyScript);
    return;
  }
  if (!cmd.allowedWhileSubscribed && c.w.resp === 2 && c.isPubSub()) {
    reject(
      c,
      cmd,
      `ERR Can't execute '${cmd.fullName}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`,
    );
    return;
  }
  if (server.pauses.until !== 0 && (c.multi === null || cmd.fullName === 'exec') && server.pauses.mustHold(c, cmd)) {
    server.pauses.hold(c, argv);
    return;
  }
  // maxmemory: evict first; if still above the limit, refuse what would grow memory.
  if (server.evictor.maxmemory !== 0 && !server.loading && !server.evictor.performEvictions() && rejectOnOom(c, cmd)) {
    reject(c, cmd, OOM_ERROR);
    return;
  }
  // stop-writes-on-bgsave-error: writes (and PING, as Redis) are refused after a failed BGSAVE.
  if (server.writesRefused && (cmd.isWrite || cmd.fullName === 'ping' || (cmd.fullName === 'exec' && queuedWrite(c)))) {
    reject(c, cmd, MISCONF);
    return;
  }
  if (c.multi !== null && !cmd.bypassesMulti) {
    if (cmd.noMulti) {
      reject(c, cmd, 'ERR Command not allowed inside a transaction');
      return;
    }
    c.multi.queue.push({ cmd, argv });
    c.w.raw('+QUEUED\r\n');
    return;
  }
  c.currentArgv = argv;
  call(c, cmd, argv);
  // Keys made ready by this command (and by a whole EXEC or script) wake waiting clients now.
  if (server.blocking.pending) server.blocking.serveReady();
}

/**
 * A handler threw (a bug, or a reply too large for a JS string): the server
 * must stay up and the client's stream must stay well-formed, so the partial
 * reply is dropped and an error takes its place.
 */
export function commandCrashed(c: Client, cmd: Command, err: unknown, outBefore: number): void {
  if (c.w.out.length > outBefore) c.w.out = c.w.out.slice(0, outBefore);
  const tooBig = err instanceof RangeError && /string length/i.test(err.message);
  c.w.error(tooBig ? 'ERR reply is too large' : `ERR internal error while running '${cmd.fullName}'`);
  c.server.log.error({ err, command: cmd.fullName }, 'command failed with an exception');
}

/**
 * Whether an out-of-memory server refuses this command: denyoom commands, an
 * EXEC whose queue holds one, and anything queued inside MULTI (queueing
 * itself takes memory) except the commands that end a transaction.
 */
function rejectOnOom(c: Client, cmd: Command): boolean {
  if (cmd.isDenyOom) return true;
  if (c.multi === null) return false;
  const name = cmd.fullName;
  if (name === 'exec') {
    for (const q of c.multi.queue) if (q.cmd.isDenyOom) return true;
    return false;
  }
  return name !== 'discard' && name !== 'quit' && name !== 'reset';
}

/** Whether the transaction being queued holds a write command. */
function queuedWrite(c: Client): boolean {
  if (c.multi === null) return false;
  for (const q of c.multi.queue) if (q.cmd.isWrite) return true;
  return false;
}

/**
 * Refuses a command before it runs: counts it, aborts a transaction being
 * queued. A refused EXEC discards its transaction, naming the reason.
 */
function reject(c: Client, cmd: Command, message: string): void {
  cmd.rejectedCalls++;
  c.server.stats.rejectedCommands++;
  if (c.multi !== null) {
    if (cmd.fullName === 'exec') {
      c.multi = null;
      c.server.watches.unwatchAll(c);
      c.w.error(`EXECABORT Transaction discarded because of: ${message}`);
      return;
    }
    c.multi.aborted = true;
  }
  c.w.error(message);
}

/** Runs a resolved command and records its statistics. */
export function call(c: Client, cmd: Command, argv: string[]): void {
  const server = c.server;
  const errorsBefore = c.w.errors;
  const outBefore = c.w.out.length;
  const tracking = server.tracking;
  if (tracking.clients !== 0) tracking.current = c;
  // One clock read per command: the previous command's end (or the batch start,
  // see Client.processInput) is this one's start.
  const start = server.lastTick;
  // A BGSAVE walk in progress saves the old values of the keys about to change.
  const snap = server.keyspace.snapshot;
  if (snap !== null && cmd.isWrite) snapshotBeforeCommand(snap, server.keyspace, c.db, cmd, argv);
  // AOF / replicas: remember where this command starts (see propagate.ts).
  const prop = server.propagation;
  const propagating = prop.active;
  const dirtyBefore = server.dirty;
  const dbId = c.db.id;
  const replacedBefore = propagating ? prop.begin() : false;
  try {
    cmd.spec.run(c, argv);
  } catch (err) {
    commandCrashed(c, cmd, err, outBefore);
  }
  if (propagating) {
    const changed = server.dirty > dirtyBefore;
    endPropagatedCall(prop, changed, dbId, argv, replacedBefore);
    // WAIT counts replicas that acknowledged this client's writes.
    if (changed) c.woff = server.replication.offset;
  }
  if (tracking.clients !== 0 || tracking.current !== null) {
    if (c.tracking !== null) tracking.afterCommand(c, cmd, argv);
    tracking.flushDeferred();
    tracking.current = null;
  }
  const end = performance.now();
  server.lastTick = end;
  cmd.calls++;
  cmd.usec += (end - start) * 1000;
  if (c.w.errors !== errorsBefore) cmd.failedCalls++;
  c.lastCommand = cmd.fullName;
  server.stats.totalCommands++;
  if (server.monitors.size !== 0 && !cmd.skipMonitor) feedMonitors(c, argv, performance.timeOrigin + start);
}
