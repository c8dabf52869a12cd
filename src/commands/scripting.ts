// Scripting: EVAL EVALSHA EVAL_RO EVALSHA_RO and SCRIPT LOAD / EXISTS / FLUSH /
// KILL / DEBUG / HELP. The engine, the worker and the run loop live in
// src/scripting/ (see runtime.ts); this file parses arguments, applies the
// checks Redis makes before a script runs, and writes the reply.

import type { Client } from '../server/client.js';
import type { CommandSpec, ArgDoc } from './types.js';
import { NOT_INTEGER } from './errors.js';
import { parseI64 } from '../protocol/numbers.js';
import { propagateNothing } from '../server/propagate.js';
import { replyHelp } from './command.js';
import { sha1 } from '../scripting/engine.js';
import { writeResult, parseCompileError } from '../scripting/convert.js';
import { OOM_ERROR } from '../server/evict.js';
import { scriptingOf, existingScripting, type Run } from '../scripting/runtime.js';
import { parseShebang, F_EVAL_COMPAT, F_NO_WRITES, F_ALLOW_OOM } from '../scripting/flags.js';

const NOSCRIPT = 'NOSCRIPT No matching script. Please use EVAL.';
const MISCONF_SCRIPT =
  "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Writable scripts are blocked. Use 'no-writes' flag for read only scripts.";

/** Parses numkeys; replies and returns -1 when invalid. */
export function parseNumKeys(c: Client, argv: string[]): number {
  const n = parseI64(argv[2]);
  if (n === null) {
    c.w.error(NOT_INTEGER);
    return -1;
  }
  if (n > argv.length - 3) {
    c.w.error("ERR Number of keys can't be greater than number of args");
    return -1;
  }
  if (n < 0) {
    c.w.error("ERR Number of keys can't be negative");
    return -1;
  }
  return Number(n);
}

/**
 * The checks Redis makes before a script with declared flags runs
 * (scriptPrepareForRun, and the command flags those imply). Replies and
 * returns false when the script may not run.
 */
export function prepareFlags(c: Client, flags: number, ro: boolean, oom: boolean): boolean {
  if (flags & F_EVAL_COMPAT) return true;
  const server = c.server;
  if (!(flags & F_NO_WRITES)) {
    if (!(flags & F_ALLOW_OOM) && oom) {
      c.w.error(OOM_ERROR);
      return false;
    }
    if (server.writesRefused) {
      c.w.error(MISCONF_SCRIPT);
      return false;
    }
    if (ro) {
      c.w.error('ERR Can not execute a script with write flag using *_ro command.');
      return false;
    }
  }
  return true;
}

/** Whether maxmemory is exceeded now (after trying to evict), as the scripts see it. */
export function outOfMemory(c: Client): boolean {
  const ev = c.server.evictor;
  return ev.maxmemory !== 0 && !ev.performEvictions();
}

export function newRun(
  c: Client,
  isEval: boolean,
  name: string,
  flags: number,
  ro: boolean,
  oom: boolean,
  text: string,
  done: (items: string[]) => void,
): Run {
  const compat = (flags & F_EVAL_COMPAT) !== 0;
  return {
    caller: c,
    isEval,
    name,
    readOnly: ro || (!compat && (flags & F_NO_WRITES) !== 0),
    allowOom: !compat && (flags & F_ALLOW_OOM) !== 0,
    oom,
    writeDirty: false,
    startNow: c.server.keyspace.now,
    startTime: performance.now(),
    busy: false,
    killed: false,
    done,
    held: false,
    text,
    chunk: isEval ? 'user_script' : 'user_function',
  };
}

function evalGeneric(c: Client, argv: string[], bySha: boolean, ro: boolean): void {
  // The script's own commands are logged (wrapped in MULTI/EXEC); EVAL itself is not.
  propagateNothing(c);
  const nk = parseNumKeys(c, argv);
  if (nk < 0) return;
  const scripting = scriptingOf(c.server);
  let sha: string;
  let rec: { body: string; source: string; flags: number } | undefined;
  if (bySha) {
    sha = argv[1].toLowerCase();
    rec = sha.length === 40 ? scripting.scripts.get(sha) : undefined;
    if (rec === undefined) {
      c.w.error(NOSCRIPT);
      return;
    }
  } else {
    sha = sha1(argv[1]);
    rec = scripting.scripts.get(sha);
    if (rec === undefined) {
      const parsed = parseShebang(argv[1]);
      if (typeof parsed === 'string') {
        c.w.error('ERR ' + parsed);
        return;
      }
      rec = { body: argv[1], source: parsed.source, flags: parsed.flags };
    }
  }
  const oom = outOfMemory(c);
  if (!prepareFlags(c, rec.flags, ro, oom)) return;
  const record = rec;
  const write = (items: string[]): void => {
    const r = items[0];
    if (r.charCodeAt(0) === 63) {
      // '?': the body did not compile
      c.w.error('ERR Error compiling script (new function): ' + parseCompileError(r));
      return;
    }
    if (!scripting.scripts.has(sha)) scripting.scripts.set(sha, { body: record.body, source: record.source, flags: record.flags });
    writeResult(c.w, r, sha, 'user_script');
  };
  const run = newRun(c, true, sha, rec.flags, ro, oom, rec.source, write);
  const items = scripting.runScript(run, 'f_' + sha, rec.source, nk, argv, 3);
  if (items !== null) write(items);
}

function scriptLoad(c: Client, argv: string[]): void {
  const body = argv[2];
  const sha = sha1(body);
  const scripting = scriptingOf(c.server);
  if (!scripting.scripts.has(sha)) {
    const parsed = parseShebang(body);
    if (typeof parsed === 'string') {
      c.w.error('ERR ' + parsed);
      return;
    }
    const r = scripting.compileScript('f_' + sha, parsed.source);
    if (r === null) {
      c.w.error('ERR the scripting engine is not available');
      return;
    }
    if (r !== '') {
      c.w.error('ERR Error compiling script (new function): ' + r);
      return;
    }
    scripting.scripts.set(sha, { body, source: parsed.source, flags: parsed.flags });
  }
  c.w.bulk(sha);
}

function scriptExists(c: Client, argv: string[]): void {
  const scripts = existingScripting(c.server)?.scripts;
  c.w.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) c.w.integer(scripts?.has(argv[i].toLowerCase()) ? 1 : 0);
}

function scriptFlush(c: Client, argv: string[]): void {
  if (argv.length > 3 || (argv.length === 3 && !['sync', 'async'].includes(argv[2].toLowerCase()))) {
    c.w.error('ERR SCRIPT FLUSH only support SYNC|ASYNC option');
    return;
  }
  existingScripting(c.server)?.flushScripts();
  c.w.ok();
}

function scriptKill(c: Client): void {
  const s = existingScripting(c.server);
  if (s === undefined) {
    c.w.error('NOTBUSY No scripts in execution right now.');
    return;
  }
  s.kill(c, true);
}

function scriptDebug(c: Client, argv: string[]): void {
  if (c.multi !== null) {
    c.w.error('ERR SCRIPT DEBUG must be called outside MULTI');
    return;
  }
  const mode = argv[2].toLowerCase();
  if (mode === 'no') c.w.ok();
  else if (mode === 'yes' || mode === 'sync') c.w.error('ERR Petrel has no Lua debugger: SCRIPT DEBUG YES/SYNC is not supported');
  else c.w.error('ERR Use SCRIPT DEBUG YES/SYNC/NO');
}

const SCRIPT_HELP = [
  'DEBUG (YES|SYNC|NO)',
  '    Petrel has no Lua debugger; only NO is accepted.',
  'EXISTS <sha1> [<sha1> ...]',
  '    For each sha1, 1 if a script with that hash is cached, else 0.',
  'FLUSH [ASYNC|SYNC]',
  '    Empties the script cache.',
  'KILL',
  '    Stops the script running past busy-reply-threshold, if it has not written yet.',
  'LOAD <script>',
  '    Compiles and caches a script without running it; replies with its sha1.',
];

const EVAL_ARGS = (first: ArgDoc): ArgDoc[] => [
  first,
  { name: 'numkeys', type: 'integer' },
  { name: 'key', type: 'key', keySpecIndex: 0, optional: true, multiple: true },
  { name: 'arg', type: 'string', optional: true, multiple: true },
];

/** EVAL-style keys: numkeys at argv[2], keys after it. */
export function evalKeys(argv: string[]): number[] {
  const n = Number(argv[2]);
  if (!Number.isInteger(n) || n <= 0 || n > argv.length - 3) return [];
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(3 + i);
  return out;
}

const EVAL_FLAGS: CommandSpec['flags'] = ['noscript', 'stale', 'skip_monitor', 'no_mandatory_keys', 'movablekeys'];
const EVAL_RO_FLAGS: CommandSpec['flags'] = ['readonly', 'noscript', 'stale', 'skip_monitor', 'no_mandatory_keys', 'movablekeys'];

export const commands: CommandSpec[] = [
  {
    name: 'eval',
    arity: -3,
    flags: EVAL_FLAGS,
    group: 'scripting',
    acl: ['scripting'],
    since: '2.6.0',
    summary: 'Runs a Lua script on the server.',
    complexity: 'Depends on the script that is executed.',
    getKeys: evalKeys,
    args: EVAL_ARGS({ name: 'script', type: 'string' }),
    run: (c, argv) => evalGeneric(c, argv, false, false),
  },
  {
    name: 'evalsha',
    arity: -3,
    flags: EVAL_FLAGS,
    group: 'scripting',
    acl: ['scripting'],
    since: '2.6.0',
    summary: 'Runs a cached Lua script, named by its SHA1 digest.',
    complexity: 'Depends on the script that is executed.',
    getKeys: evalKeys,
    args: EVAL_ARGS({ name: 'sha1', type: 'string' }),
    run: (c, argv) => evalGeneric(c, argv, true, false),
  },
  {
    name: 'eval_ro',
    arity: -3,
    flags: EVAL_RO_FLAGS,
    group: 'scripting',
    acl: ['scripting'],
    since: '7.0.0',
    summary: 'Runs a Lua script that may not write.',
    complexity: 'Depends on the script that is executed.',
    getKeys: evalKeys,
    args: EVAL_ARGS({ name: 'script', type: 'string' }),
    run: (c, argv) => evalGeneric(c, argv, false, true),
  },
  {
    name: 'evalsha_ro',
    arity: -3,
    flags: EVAL_RO_FLAGS,
    group: 'scripting',
    acl: ['scripting'],
    since: '7.0.0',
    summary: 'Runs a cached Lua script that may not write, named by its SHA1 digest.',
    complexity: 'Depends on the script that is executed.',
    getKeys: evalKeys,
    args: EVAL_ARGS({ name: 'sha1', type: 'string' }),
    run: (c, argv) => evalGeneric(c, argv, true, true),
  },
  {
    name: 'script',
    arity: -2,
    flags: [],
    group: 'scripting',
    acl: ['scripting'],
    since: '2.6.0',
    summary: 'Manages the server-side Lua script cache.',
    complexity: 'Depends on subcommand.',
    run: () => {},
    subcommands: [
      {
        name: 'debug',
        arity: 3,
        flags: ['noscript'],
        group: 'scripting',
        acl: ['scripting'],
        since: '3.2.0',
        summary: 'Sets the debug mode of server-side Lua scripts (Petrel: only NO).',
        complexity: 'O(1)',
        args: [
          {
            name: 'mode',
            type: 'oneof',
            arguments: [
              { name: 'yes', type: 'pure-token', token: 'YES' },
              { name: 'sync', type: 'pure-token', token: 'SYNC' },
              { name: 'no', type: 'pure-token', token: 'NO' },
            ],
          },
        ],
        run: scriptDebug,
      },
      {
        name: 'exists',
        arity: -3,
        flags: ['noscript'],
        group: 'scripting',
        acl: ['scripting'],
        since: '2.6.0',
        summary: 'Tells which of the given scripts are in the script cache.',
        complexity: 'O(N) with N being the number of scripts to check (so checking a single script is an O(1) operation).',
        tips: ['request_policy:all_shards', 'response_policy:agg_logical_and'],
        args: [{ name: 'sha1', type: 'string', multiple: true }],
        run: scriptExists,
      },
      {
        name: 'flush',
        arity: -2,
        flags: ['noscript'],
        group: 'scripting',
        acl: ['scripting'],
        since: '2.6.0',
        summary: 'Empties the server-side script cache.',
        complexity: 'O(N) with N being the number of scripts in cache',
        tips: ['request_policy:all_nodes', 'response_policy:all_succeeded'],
        history: [['6.2.0', 'Added the `ASYNC` and `SYNC` flushing mode modifiers.']],
        args: [
          {
            name: 'flush-type',
            type: 'oneof',
            optional: true,
            since: '6.2.0',
            arguments: [
              { name: 'async', type: 'pure-token', token: 'ASYNC' },
              { name: 'sync', type: 'pure-token', token: 'SYNC' },
            ],
          },
        ],
        run: scriptFlush,
      },
      {
        name: 'help',
        arity: 2,
        flags: ['loading', 'stale'],
        group: 'scripting',
        acl: ['scripting'],
        since: '5.0.0',
        summary: 'Lists the SCRIPT subcommands.',
        complexity: 'O(1)',
        run: (c, argv) => replyHelp(c, argv[0], SCRIPT_HELP),
      },
      {
        name: 'kill',
        arity: 2,
        flags: ['noscript', 'allow_busy'],
        group: 'scripting',
        acl: ['scripting'],
        since: '2.6.0',
        summary: 'Stops the script that is running too long, if it has not written.',
        complexity: 'O(1)',
        tips: ['request_policy:all_shards', 'response_policy:one_succeeded'],
        run: scriptKill,
      },
      {
        name: 'load',
        arity: 3,
        flags: ['noscript', 'stale'],
        group: 'scripting',
        acl: ['scripting'],
        since: '2.6.0',
        summary: 'Compiles a Lua script and adds it to the script cache without running it.',
        complexity: 'O(N) with N being the length in bytes of the script body.',
        tips: ['request_policy:all_nodes', 'response_policy:all_succeeded'],
        args: [{ name: 'script', type: 'string' }],
        run: scriptLoad,
      },
    ],
  },
];
