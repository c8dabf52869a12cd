// Transactions: MULTI EXEC DISCARD WATCH UNWATCH. Queueing itself happens in
// the dispatcher (it knows which commands run at once inside MULTI); the
// bookkeeping lives in src/server/transactions.ts.

import { propagateNothing } from '../server/propagate.js';
import type { Client } from '../server/client.js';
import type { CommandSpec } from './types.js';
import { call } from '../server/dispatcher.js';

function multi(c: Client): void {
  if (c.multi !== null) {
    c.w.error('ERR MULTI calls can not be nested');
    return;
  }
  c.multi = { queue: [], aborted: false };
  c.w.ok();
}

function discard(c: Client): void {
  if (c.multi === null) {
    c.w.error('ERR DISCARD without MULTI');
    return;
  }
  c.multi = null;
  c.server.watches.unwatchAll(c);
  c.w.ok();
}

function exec(c: Client): void {
  const state = c.multi;
  if (state === null) {
    c.w.error('ERR EXEC without MULTI');
    return;
  }
  c.multi = null;
  const watches = c.server.watches;
  if (state.aborted) {
    watches.unwatchAll(c);
    c.w.error('EXECABORT Transaction discarded because of previous errors.');
    return;
  }
  if (c.watchDirty) {
    watches.unwatchAll(c);
    c.w.nilArray();
    return;
  }
  // Like Redis, keys are unwatched before the queue runs: the transaction's own
  // writes must not matter, and EXEC never fails half-way.
  watches.unwatchAll(c);
  // The queued commands log themselves; the AOF gets them wrapped in MULTI/EXEC.
  propagateNothing(c);
  c.w.array(state.queue.length);
  c.inExec = true;
  try {
    for (const { cmd, argv } of state.queue) {
      c.currentArgv = argv;
      call(c, cmd, argv);
    }
  } finally {
    c.inExec = false;
  }
}

function watch(c: Client, argv: string[]): void {
  if (c.multi !== null) {
    c.w.error('ERR WATCH inside MULTI is not allowed');
    return;
  }
  const watches = c.server.watches;
  for (let i = 1; i < argv.length; i++) watches.watch(c, c.db, argv[i]);
  c.w.ok();
}

function unwatch(c: Client): void {
  c.server.watches.unwatchAll(c);
  c.w.ok();
}

export const commands: CommandSpec[] = [
  {
    name: 'multi',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'],
    group: 'transactions',
    since: '1.2.0',
    summary: 'Starts a transaction: the following commands are queued until EXEC.',
    complexity: 'O(1)',
    acl: ['transaction'],
    run: multi,
  },
  {
    name: 'exec',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'skip_slowlog'],
    group: 'transactions',
    since: '1.2.0',
    summary: 'Runs the queued commands of a transaction.',
    complexity: 'Depends on commands in the transaction',
    acl: ['transaction'],
    run: exec,
  },
  {
    name: 'discard',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'],
    group: 'transactions',
    since: '2.0.0',
    summary: 'Drops the queued commands of a transaction.',
    complexity: 'O(N), when N is the number of queued commands',
    acl: ['transaction'],
    run: discard,
  },
  {
    name: 'watch',
    arity: -2,
    flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'],
    group: 'transactions',
    since: '2.2.0',
    summary: 'Makes the next EXEC fail if any of these keys changes before it.',
    complexity: 'O(1) for every key.',
    acl: ['transaction'],
    keys: { first: 1, last: -1, step: 1 },
    args: [{ name: 'key', type: 'key', keySpecIndex: 0, multiple: true }],
    run: watch,
  },
  {
    name: 'unwatch',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'],
    group: 'transactions',
    since: '2.2.0',
    summary: 'Forgets every key this connection WATCHes.',
    complexity: 'O(1)',
    acl: ['transaction'],
    run: unwatch,
  },
];
