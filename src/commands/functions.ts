// Functions: FUNCTION LOAD / DELETE / LIST / FLUSH / DUMP / RESTORE / STATS /
// KILL / HELP and FCALL / FCALL_RO. Libraries live in the server's Scripting
// (src/scripting/runtime.ts); their functions run in the scripting worker
// like EVAL scripts.

import type { Client } from '../server/client.js';
import type { CommandSpec, ArgDoc } from './types.js';
import { parseI64 } from '../protocol/numbers.js';
import { propagateNothing } from '../server/propagate.js';
import { globMatch } from '../data/glob.js';
import { replyHelp } from './command.js';
import { writeResult } from '../scripting/convert.js';
import { scriptingOf, existingScripting, BUSY_EVAL } from '../scripting/runtime.js';
import { FLAG_NAMES } from '../scripting/flags.js';
import { encodeFunctionsPayload, decodeFunctionsPayload } from '../scripting/persist.js';
import { newRun, outOfMemory, prepareFlags, evalKeys } from './scripting.js';

/** FUNCTION LOAD's time limit for a library's top-level code (Redis: 500 ms). */
const LOAD_TIMEOUT_MS = 500;

function functionLoad(c: Client, argv: string[]): void {
  let replace = false;
  let i = 2;
  while (i < argv.length - 1) {
    const opt = argv[i++];
    if (opt.toLowerCase() === 'replace') {
      replace = true;
      continue;
    }
    c.w.error(`ERR Unknown option given: ${opt}`);
    return;
  }
  if (i >= argv.length) {
    c.w.error('ERR Function code is missing');
    return;
  }
  // The AOF loader and a primary's stream are obeyed whatever the time it takes.
  const timeout = c.isLoader ? Infinity : LOAD_TIMEOUT_MS;
  const r = scriptingOf(c.server).loadLibrary(argv[i], replace, timeout);
  if ('error' in r) {
    c.w.error('ERR ' + r.error);
    return;
  }
  c.server.dirty++;
  c.w.bulk(r.name);
}

function functionDelete(c: Client, argv: string[]): void {
  const s = existingScripting(c.server);
  if (s === undefined || !s.deleteLibrary(argv[2])) {
    c.w.error('ERR Library not found');
    return;
  }
  c.server.dirty++;
  c.w.ok();
}

function functionFlush(c: Client, argv: string[]): void {
  if (argv.length > 3) {
    c.w.error(`ERR unknown subcommand or wrong number of arguments for '${argv[1]}'. Try FUNCTION HELP.`);
    return;
  }
  if (argv.length === 3 && !['sync', 'async'].includes(argv[2].toLowerCase())) {
    c.w.error('ERR FUNCTION FLUSH only supports SYNC|ASYNC option');
    return;
  }
  existingScripting(c.server)?.flushLibraries();
  c.server.dirty++;
  c.w.ok();
}

function functionList(c: Client, argv: string[]): void {
  let withCode = false;
  let pattern: string | null = null;
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i].toLowerCase();
    if (!withCode && a === 'withcode') {
      withCode = true;
      continue;
    }
    if (pattern === null && a === 'libraryname') {
      if (i >= argv.length - 1) {
        c.w.error('ERR library name argument was not given');
        return;
      }
      pattern = argv[++i];
      continue;
    }
    c.w.error(`ERR Unknown argument ${argv[i]}`);
    return;
  }
  const libs = [...(existingScripting(c.server)?.libraries.values() ?? [])].filter((l) => pattern === null || globMatch(pattern, l.name, true));
  const w = c.w;
  w.array(libs.length);
  for (const lib of libs) {
    w.map(withCode ? 4 : 3);
    w.bulk('library_name');
    w.bulk(lib.name);
    w.bulk('engine');
    w.bulk('LUA');
    w.bulk('functions');
    w.array(lib.functions.size);
    for (const fn of lib.functions.values()) {
      w.map(3);
      w.bulk('name');
      w.bulk(fn.name);
      w.bulk('description');
      w.bulkOrNull(fn.description);
      w.bulk('flags');
      const flags = FLAG_NAMES.filter(([, bit]) => (fn.flags & bit) !== 0);
      w.set(flags.length);
      for (const [name] of flags) w.simple(name);
    }
    if (withCode) {
      w.bulk('library_code');
      w.bulk(lib.code);
    }
  }
}

function functionDump(c: Client): void {
  const libs = existingScripting(c.server)?.libraries.values() ?? [];
  const codes = [...libs].map((l) => l.code);
  c.w.bulk(encodeFunctionsPayload(codes, c.server.config.bool('rdbcompression')).latin1Slice());
}

function functionRestore(c: Client, argv: string[]): void {
  if (argv.length > 4) {
    c.w.error(`ERR unknown subcommand or wrong number of arguments for '${argv[1]}'. Try FUNCTION HELP.`);
    return;
  }
  let policy: 'append' | 'replace' | 'flush' = 'append';
  if (argv.length === 4) {
    const p = argv[3].toLowerCase();
    if (p === 'append' || p === 'replace' || p === 'flush') policy = p;
    else {
      c.w.error('ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.');
      return;
    }
  }
  const codes = decodeFunctionsPayload(Buffer.from(argv[2], 'latin1'));
  if (typeof codes === 'string') {
    c.w.error('ERR ' + codes);
    return;
  }
  const err = scriptingOf(c.server).restoreLibraries(codes, policy);
  if (err !== null) {
    c.w.error('ERR ' + err);
    return;
  }
  c.server.dirty++;
  c.w.ok();
}

function functionStats(c: Client): void {
  const s = existingScripting(c.server);
  const run = s?.current ?? null;
  if (run !== null && run.isEval) {
    c.w.error(BUSY_EVAL);
    return;
  }
  const w = c.w;
  w.map(2);
  w.bulk('running_script');
  if (run === null) w.nil();
  else {
    w.map(3);
    w.bulk('name');
    w.bulk(run.name);
    w.bulk('command');
    w.bulkArray(run.caller.currentArgv);
    w.bulk('duration_ms');
    w.integer(Math.floor(performance.now() - run.startTime));
  }
  w.bulk('engines');
  w.map(1);
  w.bulk('LUA');
  w.map(2);
  w.bulk('libraries_count');
  w.integer(s?.libraries.size ?? 0);
  w.bulk('functions_count');
  w.integer(s?.functions.size ?? 0);
}

function functionKill(c: Client): void {
  const s = existingScripting(c.server);
  if (s === undefined) {
    c.w.error('NOTBUSY No scripts in execution right now.');
    return;
  }
  s.kill(c, false);
}

function fcallGeneric(c: Client, argv: string[], ro: boolean): void {
  // The function's own commands are logged (wrapped in MULTI/EXEC); FCALL itself is not.
  propagateNothing(c);
  const s = existingScripting(c.server);
  const entry = s?.functions.get(argv[1].toLowerCase());
  if (s === undefined || entry === undefined) {
    c.w.error('ERR Function not found');
    return;
  }
  const n = parseI64(argv[2]);
  if (n === null) {
    c.w.error('ERR Bad number of keys provided');
    return;
  }
  if (n > argv.length - 3) {
    c.w.error("ERR Number of keys can't be greater than number of args");
    return;
  }
  if (n < 0) {
    c.w.error("ERR Number of keys can't be negative");
    return;
  }
  const { lib, fn } = entry;
  const oom = outOfMemory(c);
  if (!prepareFlags(c, fn.flags, ro, oom)) return;
  const write = (items: string[]): void => writeResult(c.w, items[0], fn.name, 'user_function');
  const run = newRun(c, false, fn.name, fn.flags, ro, oom, lib.source, write);
  const items = s.runFunction(run, lib, fn, Number(n), argv, 3);
  if (items !== null) write(items);
}

const FUNCTION_HELP = [
  'LOAD [REPLACE] <FUNCTION CODE>',
  '    Creates a library from its code (which starts with #!lua name=<library>).',
  'DELETE <LIBRARY NAME>',
  '    Deletes a library and its functions.',
  'LIST [LIBRARYNAME PATTERN] [WITHCODE]',
  '    Describes the libraries (name, engine, functions, and the code with WITHCODE),',
  '    optionally only those whose name matches PATTERN.',
  'STATS',
  '    Tells which function is running, if any, and how many libraries and functions',
  '    each engine has.',
  'KILL',
  '    Stops the function running past busy-reply-threshold, if it has not written yet.',
  'FLUSH [ASYNC|SYNC]',
  '    Deletes every library.',
  'DUMP',
  '    Returns every library as a payload FUNCTION RESTORE accepts.',
  'RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]',
  '    Loads the libraries of a payload: FLUSH drops the current ones first, APPEND',
  '    (default) fails on a name already in use, REPLACE replaces such libraries.',
];

const FCALL_ARGS: ArgDoc[] = [
  { name: 'function', type: 'string' },
  { name: 'numkeys', type: 'integer' },
  { name: 'key', type: 'key', keySpecIndex: 0, optional: true, multiple: true },
  { name: 'arg', type: 'string', optional: true, multiple: true },
];

export const commands: CommandSpec[] = [
  {
    name: 'fcall',
    arity: -3,
    flags: ['noscript', 'stale', 'skip_monitor', 'no_mandatory_keys', 'movablekeys'],
    group: 'scripting',
    acl: ['scripting'],
    since: '7.0.0',
    summary: 'Calls a function of a loaded library.',
    complexity: 'Depends on the function that is executed.',
    getKeys: evalKeys,
    args: FCALL_ARGS,
    run: (c, argv) => fcallGeneric(c, argv, false),
  },
  {
    name: 'fcall_ro',
    arity: -3,
    flags: ['readonly', 'noscript', 'stale', 'skip_monitor', 'no_mandatory_keys', 'movablekeys'],
    group: 'scripting',
    acl: ['scripting'],
    since: '7.0.0',
    summary: 'Calls a function of a loaded library; the function may not write.',
    complexity: 'Depends on the function that is executed.',
    getKeys: evalKeys,
    args: FCALL_ARGS,
    run: (c, argv) => fcallGeneric(c, argv, true),
  },
  {
    name: 'function',
    arity: -2,
    flags: [],
    group: 'scripting',
    acl: ['scripting'],
    since: '7.0.0',
    summary: 'Manages the server-side function libraries.',
    complexity: 'Depends on subcommand.',
    run: () => {},
    subcommands: [
      {
        name: 'delete',
        arity: 3,
        flags: ['write', 'noscript'],
        group: 'scripting',
        acl: ['scripting'],
        since: '7.0.0',
        summary: 'Deletes a library and its functions.',
        complexity: 'O(1)',
        tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
        args: [{ name: 'library-name', type: 'string' }],
        run: functionDelete,
      },
      {
        name: 'dump',
        arity: 2,
        flags: ['noscript'],
        group: 'scripting',
        acl: ['scripting'],
        since: '7.0.0',
        summary: 'Serializes every library into a payload for FUNCTION RESTORE.',
        complexity: 'O(N) where N is the number of functions',
        run: functionDump,
      },
      {
        name: 'flush',
        arity: -2,
        flags: ['write', 'noscript'],
        group: 'scripting',
        acl: ['scripting'],
        since: '7.0.0',
        summary: 'Deletes every library.',
        complexity: 'O(N) where N is the number of functions deleted',
        tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
        args: [
          {
            name: 'flush-type',
            type: 'oneof',
            optional: true,
            arguments: [
              { name: 'async', type: 'pure-token', token: 'ASYNC' },
              { name: 'sync', type: 'pure-token', token: 'SYNC' },
            ],
          },
        ],
        run: functionFlush,
      },
      {
        name: 'help',
        arity: 2,
        flags: ['loading', 'stale'],
        group: 'scripting',
        acl: ['scripting'],
        since: '7.0.0',
        summary: 'Lists the FUNCTION subcommands.',
        complexity: 'O(1)',
        run: (c, argv) => replyHelp(c, argv[0], FUNCTION_HELP),
      },
      {
        name: 'kill',
        arity: 2,
        flags: ['noscript', 'allow_busy'],
        group: 'scripting',
        acl: ['scripting'],
        since: '7.0.0',
        summary: 'Stops the function running too long, if it has not written.',
        complexity: 'O(1)',
        tips: ['request_policy:all_shards', 'response_policy:one_succeeded'],
        run: functionKill,
      },
      {
        name: 'list',
        arity: -2,
        flags: ['noscript'],
        group: 'scripting',
        acl: ['scripting'],
        since: '7.0.0',
        summary: 'Describes the loaded libraries and their functions.',
        complexity: 'O(N) where N is the number of functions',
        tips: ['nondeterministic_output_order'],
        args: [
          { name: 'library-name-pattern', type: 'string', token: 'LIBRARYNAME', optional: true },
          { name: 'withcode', type: 'pure-token', token: 'WITHCODE', optional: true },
        ],
        run: functionList,
      },
      {
        name: 'load',
        arity: -3,
        flags: ['write', 'denyoom', 'noscript'],
        group: 'scripting',
        acl: ['scripting'],
        since: '7.0.0',
        summary: 'Creates a library from its code.',
        complexity: 'O(1) (considering compilation time is redundant)',
        tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
        args: [
          { name: 'replace', type: 'pure-token', token: 'REPLACE', optional: true },
          { name: 'function-code', type: 'string' },
        ],
        run: functionLoad,
      },
      {
        name: 'restore',
        arity: -3,
        flags: ['write', 'denyoom', 'noscript'],
        group: 'scripting',
        acl: ['scripting'],
        since: '7.0.0',
        summary: 'Loads the libraries of a FUNCTION DUMP payload.',
        complexity: 'O(N) where N is the number of functions on the payload',
        tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
        args: [
          { name: 'serialized-value', type: 'string' },
          {
            name: 'policy',
            type: 'oneof',
            optional: true,
            arguments: [
              { name: 'flush', type: 'pure-token', token: 'FLUSH' },
              { name: 'append', type: 'pure-token', token: 'APPEND' },
              { name: 'replace', type: 'pure-token', token: 'REPLACE' },
            ],
          },
        ],
        run: functionRestore,
      },
      {
        name: 'stats',
        arity: 2,
        flags: ['noscript', 'allow_busy'],
        group: 'scripting',
        acl: ['scripting'],
        since: '7.0.0',
        summary: 'Tells which function is running and how many libraries and functions are loaded.',
        complexity: 'O(1)',
        tips: ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'],
        run: functionStats,
      },
    ],
  },
];
