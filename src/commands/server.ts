// Server commands: INFO TIME DEBUG SHUTDOWN LOLWUT.
// (CONFIG lives in config.ts, CLIENT in client.ts, COMMAND in command.ts.)

import type { Client } from '../server/client.js';
import type { CommandSpec } from './types.js';
import { NO_SUCH_KEY, NOT_INTEGER, SYNTAX } from './errors.js';
import { buildInfo } from '../observability/info.js';
import { parseI64 } from '../protocol/numbers.js';
import { encodingOf, isString, stringLength, toStoredString } from '../data/values.js';
import { PETREL_VERSION } from '../server/server.js';
import { replyHelp } from './command.js';
import { loadNow, saveNow, saveOnShutdown } from './persistence.js';

function info(c: Client, argv: string[]): void {
  c.w.verbatim(buildInfo(c.server, argv.slice(1)));
}

function time(c: Client): void {
  const now = Date.now();
  // performance.now() adds sub-millisecond precision to the wall clock.
  const micros = Math.floor((performance.timeOrigin + performance.now()) * 1000) % 1000;
  const sec = Math.floor(now / 1000);
  const usec = (now % 1000) * 1000 + micros;
  c.w.array(2);
  c.w.bulk(String(sec));
  c.w.bulk(String(usec));
}

/** Blocks the whole event loop, as Redis's DEBUG SLEEP blocks its single thread. */
function sleepSync(ms: number): void {
  if (!(ms > 0)) return;
  const cell = new Int32Array(new SharedArrayBuffer(4));
  Atomics.wait(cell, 0, 0, ms);
}

const DEBUG_NOT_ALLOWED =
  'ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.';

/** Loopback or unix socket: what enable-debug-command / enable-protected-configs `local` accept. */
export function isLocalClient(c: Client): boolean {
  const a = c.addr;
  return a.startsWith('127.') || a.startsWith('::1') || a.startsWith('[::1]') || a.startsWith('/') || c.conn.remoteAddress === undefined;
}

function debugAllowed(c: Client): boolean {
  const mode = c.server.config.str('enable-debug-command');
  return mode === 'yes' || (mode === 'local' && isLocalClient(c));
}

const DEBUG_HELP = [
  'GC',
    '    Run a full garbage collection (Petrel only; needs node --expose-gc).',
  'LOG <message>',
  '    Write <message> to the server log.',
  'OBJECT <key>',
  '    Show low level info about the key and associated value.',
  'POPULATE <count> [<prefix>] [<size>]',
  "    Create <count> string keys named key:<num>. If <prefix> is specified then",
  "    it is used instead of the 'key' prefix. These are not propagated.",
  'RELOAD [option ...]',
  '    Save the RDB on disk and reload it back to memory. Options: MERGE, NOFLUSH, NOSAVE.',
  'SET-ACTIVE-EXPIRE <0|1>',
  '    Setting it to 0 disables expiring keys in background when they are not',
  '    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the',
  '    default.',
  'SLEEP <seconds>',
  '    Stop the server for <seconds>. Decimals allowed.',
];

function debug(c: Client, argv: string[]): void {
  if (!debugAllowed(c)) {
    c.w.error(DEBUG_NOT_ALLOWED);
    return;
  }
  const sub = argv[1].toLowerCase();
  const n = argv.length;
  if (sub === 'help' && n === 2) {
    replyHelp(c, argv[0], DEBUG_HELP);
  } else if (sub === 'sleep' && n === 3) {
    // Redis parses with strtod and no validation: garbage sleeps 0 seconds.
    const secs = parseFloat(argv[2]);
    sleepSync(Number.isFinite(secs) ? secs * 1000 : 0);
    c.server.keyspace.tick();
    c.w.ok();
  } else if (sub === 'set-active-expire' && n === 3) {
    c.server.activeExpireEnabled = (parseInt(argv[2], 10) || 0) !== 0;
    c.w.ok();
  } else if (sub === 'object' && n === 3) {
    const v = c.db.get(argv[2]);
    if (v === undefined) {
      c.w.error(NO_SUCH_KEY);
      return;
    }
    const enc = encodingOf(v);
    const len = isString(v) ? stringLength(v) : 0;
    const refcount = enc === 'int' && typeof v === 'number' && v >= 0 && v < 10000 ? 2147483647 : 1;
    c.w.simple(
      `Value at:0x${(0x7f0000000000 + (hashKey(argv[2]) & 0xffffff) * 16).toString(16)} refcount:${refcount} encoding:${enc} serializedlength:${len + 1} lru:${Math.floor(Date.now() / 1000) & 0xffffff} lru_seconds_idle:0`,
    );
  } else if (sub === 'log' && n === 3) {
    c.server.log.warn(`DEBUG LOG: ${argv[2]}`);
    c.w.ok();
  } else if (sub === 'reload') {
    debugReload(c, argv);
  } else if (sub === 'gc' && n === 2) {
    // Petrel's own: memory benchmarks read RSS after a full collection.
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc === undefined) {
      c.w.error('ERR DEBUG GC needs node --expose-gc');
      return;
    }
    gc();
    c.w.ok();
  } else if (sub === 'populate' && n >= 3 && n <= 5) {
    debugPopulate(c, argv);
  } else {
    c.w.error(`ERR unknown subcommand or wrong number of arguments for '${argv[1].slice(0, 128)}'. Try DEBUG HELP.`);
  }
}

/**
 * DEBUG POPULATE count [prefix] [size]: string keys `<prefix>:<n>` holding
 * `value:<n>` (zero-padded or cut to `size` bytes when given); existing keys
 * are left alone. Not counted as changes and not propagated, as in Redis.
 */
function debugPopulate(c: Client, argv: string[]): void {
  const count = parseI64(argv[2]);
  if (count === null || count < 0) {
    c.w.error('ERR value is out of range, must be positive');
    return;
  }
  let size = 0;
  if (argv.length === 5) {
    const s = parseI64(argv[4]);
    if (s === null || s < 0) {
      c.w.error('ERR value is out of range, must be positive');
      return;
    }
    size = Number(s);
  }
  const prefix = argv.length >= 4 ? argv[3] : 'key';
  const db = c.db;
  const n = Number(count);
  for (let j = 0; j < n; j++) {
    const key = `${prefix}:${j}`;
    if (db.get(key) !== undefined) continue;
    let value = `value:${j}`;
    if (size !== 0) value = value.length >= size ? value.slice(0, size) : value + '\0'.repeat(size - value.length);
    db.set(key, toStoredString(value));
  }
  c.w.ok();
}

/** DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save, empty the keyspace, load the file back. */
function debugReload(c: Client, argv: string[]): void {
  let save = true;
  let flush = true;
  for (let i = 2; i < argv.length; i++) {
    const opt = argv[i].toLowerCase();
    if (opt === 'merge') flush = false; // duplicates simply overwrite in Petrel
    else if (opt === 'noflush') flush = false;
    else if (opt === 'nosave') save = false;
    else {
      c.w.error('ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.');
      return;
    }
  }
  const server = c.server;
  if (save && saveNow(server) !== null) {
    c.w.error('ERR');
    return;
  }
  if (flush) server.keyspace.flushAll();
  try {
    loadNow(server);
  } catch (e) {
    server.log.warn({ err: e }, 'DEBUG RELOAD failed to load the RDB file');
    c.w.error('ERR Error trying to load the RDB dump, check server logs.');
    return;
  }
  server.log.warn('DB reloaded by DEBUG RELOAD');
  c.w.ok();
}

function hashKey(s: string): number {
  let h = 5381;
  for (let i = 0; i < s.length; i++) h = ((h * 33) ^ s.charCodeAt(i)) >>> 0;
  return h;
}

function shutdown(c: Client, argv: string[]): void {
  let save = false;
  let nosave = false;
  let abort = false;
  let force = false;
  for (let i = 1; i < argv.length; i++) {
    const opt = argv[i].toLowerCase();
    if (opt === 'nosave') nosave = true;
    else if (opt === 'save') save = true;
    else if (opt === 'force') force = true;
    else if (opt === 'now') {
      // No shutdown delay: there are no replicas to wait for.
    } else if (opt === 'abort') abort = true;
    else {
      c.w.error(SYNTAX);
      return;
    }
  }
  if ((abort && argv.length !== 2) || (save && nosave)) {
    c.w.error(SYNTAX);
    return;
  }
  if (abort) {
    c.w.error('ERR No shutdown in progress.');
    return;
  }
  // While a script is busy only SHUTDOWN NOSAVE may stop the server (its writes so far are lost).
  if (!nosave && c.server.busyScript !== null) {
    c.w.error(c.server.busyScript);
    return;
  }
  // Save when asked, or when save points are set and NOSAVE was not given. A
  // failed save cancels the shutdown (as Redis without FORCE).
  const server = c.server;
  if (save || (!nosave && server.config.savePoints().length > 0)) {
    if (saveOnShutdown(server) !== null && !force) {
      c.w.error('ERR Errors trying to SHUTDOWN. Check logs.');
      return;
    }
  } else if (server.bgsave !== null) server.bgsave.abort();
  // Like Redis, the client gets no reply: its connection closes.
  c.closeAfterReply = true;
  c.server.log.warn('User requested shutdown...');
  void c.server.close();
}

function lolwut(c: Client, argv: string[]): void {
  for (let i = 1; i < argv.length; i++) {
    if (argv[i].toLowerCase() === 'version' && i + 1 < argv.length) {
      const v = parseI64(argv[i + 1]);
      if (v === null) {
        c.w.error(NOT_INTEGER);
        return;
      }
      i++;
    }
  }
  const art = [
    '        __',
    '   ___ / /  Petrel: a Redis-compatible server',
    "  / _ \\ /   written in TypeScript, flying over Node's event loop.",
    ' / .__/_/',
    '/_/',
    '',
  ].join('\n');
  c.w.verbatim(`${art}\nPetrel ver. ${PETREL_VERSION}\n`);
}

/** MONITOR: from now on this connection receives a line per command the server runs. */
function monitor(c: Client): void {
  if (!c.canBlock()) {
    c.w.error("ERR MONITOR isn't allowed for DENY BLOCKING client");
    return;
  }
  if (c.server.monitors.has(c)) return;
  c.server.monitors.add(c);
  c.w.ok();
}

export const commands: CommandSpec[] = [
  {
    name: 'monitor',
    arity: 1,
    flags: ['admin', 'noscript', 'loading', 'stale'],
    group: 'server',
    since: '1.0.0',
    summary: 'Streams every command the server runs to this connection.',
    run: monitor,
  },
  {
    name: 'info',
    arity: -1,
    flags: ['loading', 'stale'],
    group: 'server',
    since: '1.0.0',
    summary: 'Reports server information and statistics, by section.',
    complexity: 'O(1)',
    acl: ['dangerous'],
    tips: ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'],
    history: [['7.0.0', 'Added support for taking multiple section arguments.']],
    args: [{ name: 'section', type: 'string', optional: true, multiple: true }],
    run: info,
  },
  {
    name: 'time',
    arity: 1,
    flags: ['loading', 'stale', 'fast'],
    group: 'server',
    since: '2.6.0',
    summary: 'Returns the server time as seconds and microseconds.',
    complexity: 'O(1)',
    tips: ['nondeterministic_output'],
    run: time,
  },
  {
    name: 'debug',
    arity: -2,
    flags: ['admin', 'noscript', 'loading', 'stale', 'protected'],
    group: 'server',
    since: '1.0.0',
    summary: 'Debugging and testing helpers (SLEEP, OBJECT, SET-ACTIVE-EXPIRE...).',
    complexity: 'Depends on subcommand.',
    run: debug,
  },
  {
    name: 'shutdown',
    arity: -1,
    flags: ['admin', 'noscript', 'loading', 'stale', 'no_multi', 'sentinel', 'allow_busy'],
    group: 'server',
    since: '1.0.0',
    summary: 'Stops the server, optionally saving first.',
    complexity: 'O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)',
    history: [['7.0.0', 'Added the `NOW`, `FORCE` and `ABORT` modifiers.']],
    args: [
      {
        name: 'save-selector',
        type: 'oneof',
        optional: true,
        arguments: [
          { name: 'nosave', type: 'pure-token', token: 'NOSAVE' },
          { name: 'save', type: 'pure-token', token: 'SAVE' },
        ],
      },
      { name: 'now', type: 'pure-token', token: 'NOW', optional: true, since: '7.0.0' },
      { name: 'force', type: 'pure-token', token: 'FORCE', optional: true, since: '7.0.0' },
      { name: 'abort', type: 'pure-token', token: 'ABORT', optional: true, since: '7.0.0' },
    ],
    run: shutdown,
  },
  {
    name: 'lolwut',
    arity: -1,
    flags: ['readonly', 'fast'],
    group: 'server',
    since: '5.0.0',
    summary: 'Shows a little art and the server version.',
    args: [{ name: 'version', type: 'integer', token: 'VERSION', optional: true }],
    run: lolwut,
  },
];
