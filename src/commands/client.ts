// CLIENT: connection introspection and control (ID, SETNAME, GETNAME, SETINFO,
// INFO, LIST, KILL, NO-EVICT, NO-TOUCH, REPLY, HELP).

import type { Client } from '../server/client.js';
import type { AclCategory, CommandFlag, CommandSpec } from './types.js';
import { NOT_INTEGER, SYNTAX } from './errors.js';
import { validateClientName } from './connection.js';
import type { TrackingState } from '../server/tracking.js';
import { parseI64 } from '../protocol/numbers.js';
import { replyHelp } from './command.js';

function argvMem(argv: string[]): number {
  let n = 0;
  for (const a of argv) n += a.length;
  return n;
}

function clientId(c: Client): void {
  c.w.integer(c.id);
}

function clientSetName(c: Client, argv: string[]): void {
  const err = validateClientName(argv[2]);
  if (err !== null) {
    c.w.error(err);
    return;
  }
  c.name = argv[2];
  c.w.ok();
}

function clientGetName(c: Client): void {
  if (c.name === '') c.w.nil();
  else c.w.bulk(c.name);
}

function clientSetInfo(c: Client, argv: string[]): void {
  const attr = argv[2].toLowerCase();
  if (attr !== 'lib-name' && attr !== 'lib-ver') {
    c.w.error(`ERR Unrecognized option '${argv[2]}'`);
    return;
  }
  const val = argv[3];
  for (let i = 0; i < val.length; i++) {
    const ch = val.charCodeAt(i);
    if (ch < 33 || ch > 126) {
      c.w.error(`ERR ${argv[2]} cannot contain spaces, newlines or special characters.`);
      return;
    }
  }
  if (attr === 'lib-name') c.libName = val;
  else c.libVer = val;
  c.w.ok();
}

function clientInfo(c: Client, argv: string[]): void {
  c.w.verbatim(c.describe(argvMem(argv), 'client|info') + '\n');
}

/** Redis's client types (replicas and masters arrive with replication). */
function clientType(name: string): string | null {
  const t = name.toLowerCase();
  if (t === 'normal' || t === 'master' || t === 'pubsub') return t;
  if (t === 'replica' || t === 'slave') return 'replica';
  return null;
}

/** A connection with subscriptions is `pubsub` (in either protocol), as Redis's getClientType. */
function typeOfClient(c: Client): string {
  if (c.replica !== null) return 'replica';
  return c.isPubSub() ? 'pubsub' : 'normal';
}

function clientList(c: Client, argv: string[]): void {
  const server = c.server;
  let targets: Client[] = [];
  if (argv.length === 2) targets = [...server.clients.values()];
  else if (argv.length === 4 && argv[2].toLowerCase() === 'type') {
    const type = clientType(argv[3]);
    if (type === null) {
      c.w.error(`ERR Unknown client type '${argv[3]}'`);
      return;
    }
    for (const cl of server.clients.values()) if (typeOfClient(cl) === type) targets.push(cl);
  } else if (argv.length > 3 && argv[2].toLowerCase() === 'id') {
    const ids: number[] = [];
    for (let i = 3; i < argv.length; i++) {
      const id = parseI64(argv[i]);
      if (id === null) {
        c.w.error('ERR Invalid client ID');
        return;
      }
      ids.push(Number(id));
    }
    for (const id of ids) {
      const cl = server.clients.get(id);
      if (cl !== undefined && !targets.includes(cl)) targets.push(cl);
    }
  } else {
    c.w.error(SYNTAX);
    return;
  }
  let out = '';
  const mem = argvMem(argv);
  for (const cl of targets) out += (cl === c ? cl.describe(mem, 'client|list') : cl.describe()) + '\n';
  c.w.verbatim(out);
}

/** Disconnects a client: at once, or after this reply when it is the caller. */
function kill(c: Client, target: Client): void {
  if (target === c) c.closeAfterReply = true;
  else target.close(true);
}

function clientKill(c: Client, argv: string[]): void {
  const server = c.server;
  if (argv.length === 3) {
    // Old form: CLIENT KILL addr:port.
    for (const cl of server.clients.values()) {
      if (cl.addr === argv[2]) {
        c.w.ok();
        kill(c, cl);
        return;
      }
    }
    c.w.error('ERR No such client');
    return;
  }
  if (argv.length % 2 !== 0) {
    c.w.error(SYNTAX);
    return;
  }
  let id = 0;
  let type: string | null = null;
  let addr: string | null = null;
  let laddr: string | null = null;
  let user: string | null = null;
  let skipMe = true;
  let maxAge = 0;
  for (let i = 2; i < argv.length; i += 2) {
    const opt = argv[i].toLowerCase();
    const val = argv[i + 1];
    if (opt === 'id') {
      const n = parseI64(val);
      if (n === null || n < 1) {
        c.w.error('ERR client-id should be greater than 0');
        return;
      }
      id = Number(n);
    } else if (opt === 'type') {
      type = clientType(val);
      if (type === null) {
        c.w.error(`ERR Unknown client type '${val}'`);
        return;
      }
    } else if (opt === 'addr') addr = val;
    else if (opt === 'laddr') laddr = val;
    else if (opt === 'user') {
      if (val !== 'default') {
        c.w.error(`ERR No such user '${val}'`);
        return;
      }
      user = val;
    } else if (opt === 'skipme') {
      const v = val.toLowerCase();
      if (v === 'yes') skipMe = true;
      else if (v === 'no') skipMe = false;
      else {
        c.w.error(SYNTAX);
        return;
      }
    } else if (opt === 'maxage') {
      const n = parseI64(val);
      if (n === null || n < 0) {
        c.w.error('ERR maxage is not an integer or out of range');
        return;
      }
      maxAge = Number(n);
    } else {
      c.w.error(SYNTAX);
      return;
    }
  }
  const now = Date.now();
  const victims: Client[] = [];
  for (const cl of server.clients.values()) {
    if (id !== 0 && cl.id !== id) continue;
    if (type !== null && typeOfClient(cl) !== type) continue;
    if (addr !== null && cl.addr !== addr) continue;
    if (laddr !== null && cl.laddr !== laddr) continue;
    if (user !== null && cl.user !== user) continue;
    if (skipMe && cl === c) continue;
    if (maxAge !== 0 && (now - cl.createdAt) / 1000 < maxAge) continue;
    victims.push(cl);
  }
  c.w.integer(victims.length);
  for (const v of victims) kill(c, v);
}

function onOff(c: Client, arg: string, set: (on: boolean) => void): void {
  const v = arg.toLowerCase();
  if (v === 'on') set(true);
  else if (v === 'off') set(false);
  else {
    c.w.error(SYNTAX);
    return;
  }
  c.w.ok();
}

function clientReply(c: Client, argv: string[]): void {
  const mode = argv[2].toLowerCase();
  if (mode === 'on') {
    c.replySkip = 0;
    c.w.enabled = true;
    c.w.ok();
  } else if (mode === 'off') {
    c.replySkip = 0;
    c.w.enabled = false;
  } else if (mode === 'skip') {
    // Skips this command's reply and the next command's; the client loop
    // turns replies back on (unless OFF was in force) after that.
    if (c.replySkip === 0) c.replyAfterSkip = c.w.enabled;
    c.w.enabled = false;
    c.replySkip = 2;
  } else c.w.error(SYNTAX);
}

const HELP = [
  'GETNAME',
  '    Return the name of the current connection.',
  'ID',
  '    Return the ID of the current connection.',
  'INFO',
  '    Return information about the current client connection.',
  'KILL <ip:port>',
  '    Kill connection made from <ip:port>.',
  'KILL <option> <value> [<option> <value> [...]]',
  '    Kill connections. Options are:',
  '    * ADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made from the specified address',
  '    * LADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made to specified local address',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Kill connections by type.',
  '    * USER <username>',
  '      Kill connections authenticated by <username>.',
  '    * SKIPME (YES|NO)',
  '      Skip killing current connection (default: yes).',
  '    * ID <client-id>',
  '      Kill connections by client id.',
  '    * MAXAGE <maxage>',
  '      Kill connections older than the specified age.',
  'LIST [options ...]',
  '    Return information about client connections. Options:',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Return clients of specified type.',
  'REPLY (ON|OFF|SKIP)',
  '    Control the replies sent to the current connection.',
  'SETNAME <name>',
  '    Assign the name <name> to the current connection.',
  'SETINFO <option> <value>',
  '    Set client meta attr. Options are:',
  '    * LIB-NAME: the client lib name.',
  '    * LIB-VER: the client lib version.',
  'NO-EVICT (ON|OFF)',
  '    Protect current client connection from eviction.',
  'NO-TOUCH (ON|OFF)',
  '    Will not touch LRU/LFU stats when this mode is on.',
];

/** CLIENT TRACKING ON|OFF [REDIRECT id] [PREFIX p ...] [BCAST] [OPTIN] [OPTOUT] [NOLOOP] */
function clientTracking(c: Client, argv: string[]): void {
  const onoff = argv[2].toLowerCase();
  if (onoff !== 'on' && onoff !== 'off') {
    c.w.error(SYNTAX);
    return;
  }
  const state: TrackingState = { redirect: 0, bcast: false, optin: false, optout: false, noloop: false, prefixes: [], caching: null, brokenRedirect: false };
  for (let i = 3; i < argv.length; i++) {
    const opt = argv[i].toLowerCase();
    const more = argv.length - i - 1;
    if (opt === 'redirect' && more >= 1) {
      const id = parseI64(argv[++i]);
      if (id === null) {
        c.w.error(NOT_INTEGER);
        return;
      }
      state.redirect = Number(id);
    } else if (opt === 'bcast') state.bcast = true;
    else if (opt === 'optin') state.optin = true;
    else if (opt === 'optout') state.optout = true;
    else if (opt === 'noloop') state.noloop = true;
    else if (opt === 'prefix' && more >= 1) state.prefixes.push(argv[++i]);
    else {
      c.w.error(SYNTAX);
      return;
    }
  }
  const tracking = c.server.tracking;
  if (onoff === 'off') {
    tracking.disable(c);
    c.w.ok();
    return;
  }
  const cur = c.tracking;
  if (cur !== null && cur.bcast !== state.bcast) {
    c.w.error('ERR You can\'t switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode.');
    return;
  }
  if (state.prefixes.length > 0 && !state.bcast) {
    c.w.error('ERR PREFIX option requires BCAST mode to be enabled');
    return;
  }
  if (state.optin && state.optout) {
    c.w.error("ERR You can't specify both OPTIN mode and OPTOUT mode");
    return;
  }
  if (cur !== null && ((cur.optin && state.optout) || (cur.optout && state.optin))) {
    c.w.error("ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode.");
    return;
  }
  if (state.bcast && (state.optin || state.optout)) {
    c.w.error('ERR OPTIN and OPTOUT are not compatible with BCAST');
    return;
  }
  if (state.redirect !== 0 && !c.server.clients.has(state.redirect)) {
    c.w.error('ERR The client ID you want redirect to does not exist');
    return;
  }
  const err = tracking.enable(c, state);
  if (err !== null) c.w.error(err);
  else c.w.ok();
}

/** CLIENT CACHING YES|NO: whether the next command's reads are tracked (OPTIN/OPTOUT). */
function clientCaching(c: Client, argv: string[]): void {
  const t = c.tracking;
  if (t === null || (!t.optin && !t.optout)) {
    c.w.error('ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled');
    return;
  }
  const v = argv[2].toLowerCase();
  if (v === 'yes') {
    if (!t.optin) {
      c.w.error('ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.');
      return;
    }
    t.caching = 'yes';
  } else if (v === 'no') {
    if (!t.optout) {
      c.w.error('ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.');
      return;
    }
    t.caching = 'no';
  } else {
    c.w.error(SYNTAX);
    return;
  }
  c.w.ok();
}

function clientGetredir(c: Client): void {
  c.w.integer(c.tracking === null ? -1 : c.tracking.redirect);
}

function clientTrackinginfo(c: Client): void {
  const t = c.tracking;
  const w = c.w;
  w.map(3);
  w.bulk('flags');
  if (t === null) {
    w.set(1);
    w.bulk('off');
  } else {
    const flags = ['on'];
    if (t.bcast) flags.push('bcast');
    if (t.optin) flags.push('optin');
    if (t.optout) flags.push('optout');
    if (t.caching === 'yes') flags.push('caching-yes');
    if (t.caching === 'no') flags.push('caching-no');
    if (t.noloop) flags.push('noloop');
    if (t.brokenRedirect) flags.push('broken_redirect');
    w.set(flags.length);
    for (const f of flags) w.bulk(f);
  }
  w.bulk('redirect');
  w.integer(t === null ? -1 : t.redirect);
  w.bulk('prefixes');
  const prefixes = t === null ? [] : t.prefixes;
  w.array(prefixes.length);
  for (const p of prefixes) w.bulk(p);
}

/** CLIENT PAUSE timeout-ms [WRITE|ALL]: holds back clients' commands for a while. */
function clientPause(c: Client, argv: string[]): void {
  if (argv.length > 4) {
    c.w.error(`ERR unknown subcommand or wrong number of arguments for '${argv[1].slice(0, 128)}'. Try CLIENT HELP.`);
    return;
  }
  const ms = parseI64(argv[2]);
  if (ms === null) {
    c.w.error('ERR timeout is not an integer or out of range');
    return;
  }
  if (ms < 0) {
    c.w.error('ERR timeout is negative');
    return;
  }
  let mode: 'all' | 'write' = 'all';
  if (argv.length === 4) {
    const m = argv[3].toLowerCase();
    if (m === 'write') mode = 'write';
    else if (m !== 'all') {
      c.w.error('ERR CLIENT PAUSE mode must be WRITE or ALL');
      return;
    }
  }
  c.server.pauses.pause(typeof ms === 'bigint' ? Number.MAX_SAFE_INTEGER : ms, mode);
  c.w.ok();
}

function clientUnpause(c: Client): void {
  c.server.pauses.unpause();
  c.w.ok();
}

/** CLIENT UNBLOCK id [TIMEOUT|ERROR]: ends another client's blocking wait. */
function clientUnblock(c: Client, argv: string[]): void {
  let withError = false;
  if (argv.length === 4) {
    const reason = argv[3].toLowerCase();
    if (reason === 'error') withError = true;
    else if (reason !== 'timeout') {
      c.w.error('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR');
      return;
    }
  }
  const id = parseI64(argv[2]);
  if (id === null) {
    c.w.error(NOT_INTEGER);
    return;
  }
  const target = typeof id === 'number' ? c.server.clients.get(id) : undefined;
  const done = target !== undefined && c.server.blocking.unblockByRequest(target, withError);
  c.w.integer(done ? 1 : 0);
}

const CONN = { flags: ['noscript', 'loading', 'stale'] as CommandFlag[], group: 'connection' as const, acl: ['connection'] as AclCategory[] };
const ADMIN = { ...CONN, flags: ['admin', 'noscript', 'loading', 'stale'] as CommandFlag[] };

export const commands: CommandSpec[] = [
  {
    name: 'client',
    arity: -2,
    flags: [],
    group: 'connection',
    since: '2.4.0',
    summary: 'Inspects and controls client connections.',
    complexity: 'Depends on subcommand.',
    run: () => {},
    subcommands: [
      { ...CONN, name: 'id', arity: 2, since: '5.0.0', summary: "Returns this connection's unique id.", complexity: 'O(1)', run: clientId },
      {
        ...CONN,
        name: 'setname',
        arity: 3,
        since: '2.6.9',
        summary: 'Names this connection.',
        complexity: 'O(1)',
        args: [{ name: 'connection-name', type: 'string' }],
        run: clientSetName,
      },
      { ...CONN, name: 'getname', arity: 2, since: '2.6.9', summary: "Returns this connection's name.", complexity: 'O(1)', run: clientGetName },
      {
        ...CONN,
        flags: ['noscript', 'loading', 'stale', 'allow_busy'],
        name: 'setinfo',
        arity: 4,
        since: '7.2.0',
        summary: 'Records the client library name or version for this connection.',
        complexity: 'O(1)',
        tips: ['request_policy:all_nodes', 'response_policy:all_succeeded'],
        args: [
          {
            name: 'attr',
            type: 'oneof',
            arguments: [
              { name: 'libname', type: 'string', token: 'LIB-NAME' },
              { name: 'libver', type: 'string', token: 'LIB-VER' },
            ],
          },
        ],
        run: clientSetInfo,
      },
      {
        ...CONN,
        name: 'info',
        arity: 2,
        since: '6.2.0',
        summary: 'Describes this connection in one CLIENT LIST line.',
        complexity: 'O(1)',
        tips: ['nondeterministic_output'],
        run: clientInfo,
      },
      {
        ...ADMIN,
        name: 'list',
        arity: -2,
        since: '2.4.0',
        summary: 'Describes the open connections, one line each.',
        complexity: 'O(N) where N is the number of client connections',
        tips: ['nondeterministic_output'],
        history: [
          ['2.8.12', 'Added unique client `id` field.'],
          ['5.0.0', 'Added optional `TYPE` filter.'],
          ['6.0.0', 'Added `user` field.'],
          ['6.2.0', 'Added `argv-mem`, `tot-mem`, `laddr` and `redir` fields and the optional `ID` filter.'],
          ['7.0.0', 'Added `resp`, `multi-mem`, `rbs` and `rbp` fields.'],
          ['7.0.3', 'Added `ssub` field.'],
          ['7.2.0', 'Added `lib-name` and `lib-ver` fields.'],
        ],
        args: [
          {
            name: 'client-type',
            type: 'oneof',
            token: 'TYPE',
            optional: true,
            since: '5.0.0',
            arguments: [
              { name: 'normal', type: 'pure-token', token: 'NORMAL' },
              { name: 'master', type: 'pure-token', token: 'MASTER' },
              { name: 'replica', type: 'pure-token', token: 'REPLICA' },
              { name: 'pubsub', type: 'pure-token', token: 'PUBSUB' },
            ],
          },
          { name: 'client-id', type: 'integer', token: 'ID', optional: true, multiple: true, since: '6.2.0' },
        ],
        run: clientList,
      },
      {
        ...ADMIN,
        name: 'kill',
        arity: -3,
        since: '2.4.0',
        summary: 'Closes connections chosen by address, id, type, user or age.',
        complexity: 'O(N) where N is the number of client connections',
        args: [
          {
            name: 'filter',
            type: 'oneof',
            arguments: [
              { name: 'old-format', type: 'string', displayText: 'ip:port' },
              {
                name: 'new-format',
                type: 'oneof',
                multiple: true,
                arguments: [
                  { name: 'client-id', type: 'integer', token: 'ID', optional: true, since: '2.8.12' },
                  {
                    name: 'client-type',
                    type: 'oneof',
                    token: 'TYPE',
                    optional: true,
                    since: '2.8.12',
                    arguments: [
                      { name: 'normal', type: 'pure-token', token: 'NORMAL' },
                      { name: 'master', type: 'pure-token', token: 'MASTER', since: '3.2.0' },
                      { name: 'slave', type: 'pure-token', token: 'SLAVE' },
                      { name: 'replica', type: 'pure-token', token: 'REPLICA', since: '5.0.0' },
                      { name: 'pubsub', type: 'pure-token', token: 'PUBSUB' },
                    ],
                  },
                  { name: 'username', type: 'string', token: 'USER', optional: true },
                  { name: 'addr', type: 'string', token: 'ADDR', optional: true, displayText: 'ip:port' },
                  { name: 'laddr', type: 'string', token: 'LADDR', optional: true, since: '6.2.0', displayText: 'ip:port' },
                  {
                    name: 'skipme',
                    type: 'oneof',
                    token: 'SKIPME',
                    optional: true,
                    arguments: [
                      { name: 'yes', type: 'pure-token', token: 'YES' },
                      { name: 'no', type: 'pure-token', token: 'NO' },
                    ],
                  },
                  { name: 'maxage', type: 'integer', token: 'MAXAGE', optional: true, since: '7.4.0' },
                ],
              },
            ],
          },
        ],
        run: clientKill,
      },
      {
        ...ADMIN,
        name: 'no-evict',
        arity: 3,
        since: '7.0.0',
        summary: 'Exempts this connection from client eviction, or not.',
        complexity: 'O(1)',
        args: [
          {
            name: 'enabled',
            type: 'oneof',
            arguments: [
              { name: 'on', type: 'pure-token', token: 'ON' },
              { name: 'off', type: 'pure-token', token: 'OFF' },
            ],
          },
        ],
        run: (c, argv) => onOff(c, argv[2], (on) => (c.noEvict = on)),
      },
      {
        ...CONN,
        name: 'tracking',
        arity: -3,
        since: '6.0.0',
        summary: 'Turns client-side caching invalidations on or off for this connection.',
        complexity: 'O(1). Some options may introduce additional complexity.',
        args: [
          {
            name: 'status',
            type: 'oneof',
            arguments: [
              { name: 'on', type: 'pure-token', token: 'ON' },
              { name: 'off', type: 'pure-token', token: 'OFF' },
            ],
          },
          { name: 'client-id', type: 'integer', token: 'REDIRECT', optional: true },
          { name: 'prefix', type: 'string', token: 'PREFIX', optional: true, multiple: true, multipleToken: true },
          { name: 'bcast', type: 'pure-token', token: 'BCAST', optional: true },
          { name: 'optin', type: 'pure-token', token: 'OPTIN', optional: true },
          { name: 'optout', type: 'pure-token', token: 'OPTOUT', optional: true },
          { name: 'noloop', type: 'pure-token', token: 'NOLOOP', optional: true },
        ],
        run: clientTracking,
      },
      {
        ...CONN,
        name: 'caching',
        arity: 3,
        since: '6.0.0',
        summary: "Says whether the next command's reads are tracked (OPTIN / OPTOUT tracking).",
        complexity: 'O(1)',
        args: [
          {
            name: 'mode',
            type: 'oneof',
            arguments: [
              { name: 'yes', type: 'pure-token', token: 'YES' },
              { name: 'no', type: 'pure-token', token: 'NO' },
            ],
          },
        ],
        run: clientCaching,
      },
      {
        ...CONN,
        name: 'getredir',
        arity: 2,
        since: '6.0.0',
        summary: 'Tells which client receives this connection\'s tracking invalidations.',
        complexity: 'O(1)',
        run: clientGetredir,
      },
      {
        ...CONN,
        name: 'trackinginfo',
        arity: 2,
        since: '6.2.0',
        summary: "Describes this connection's client-side caching settings.",
        complexity: 'O(1)',
        run: clientTrackinginfo,
      },
      {
        ...ADMIN,
        name: 'pause',
        arity: -3,
        since: '3.0.0',
        summary: "Holds back clients' commands (all, or only writes) for a number of milliseconds.",
        complexity: 'O(1)',
        history: [['6.2.0', '`CLIENT PAUSE WRITE` mode added along with the `mode` option.']],
        args: [
          { name: 'timeout', type: 'integer' },
          {
            name: 'mode',
            type: 'oneof',
            optional: true,
            since: '6.2.0',
            arguments: [
              { name: 'write', type: 'pure-token', token: 'WRITE' },
              { name: 'all', type: 'pure-token', token: 'ALL' },
            ],
          },
        ],
        run: clientPause,
      },
      {
        ...ADMIN,
        name: 'unpause',
        arity: 2,
        since: '6.2.0',
        summary: 'Ends a CLIENT PAUSE early.',
        complexity: 'O(N) Where N is the number of paused clients',
        run: clientUnpause,
      },
      {
        ...ADMIN,
        name: 'unblock',
        arity: -3,
        since: '5.0.0',
        summary: 'Ends the blocking wait of another client, as a timeout or with an error.',
        complexity: 'O(log N) where N is the number of client connections',
        args: [
          { name: 'client-id', type: 'integer' },
          {
            name: 'unblock-type',
            type: 'oneof',
            optional: true,
            arguments: [
              { name: 'timeout', type: 'pure-token', token: 'TIMEOUT' },
              { name: 'error', type: 'pure-token', token: 'ERROR' },
            ],
          },
        ],
        run: clientUnblock,
      },
      {
        ...CONN,
        name: 'no-touch',
        arity: 3,
        since: '7.2.0',
        summary: "Lets this connection's commands leave keys' LRU/LFU data untouched, or not.",
        complexity: 'O(1)',
        args: [
          {
            name: 'enabled',
            type: 'oneof',
            arguments: [
              { name: 'on', type: 'pure-token', token: 'ON' },
              { name: 'off', type: 'pure-token', token: 'OFF' },
            ],
          },
        ],
        run: (c, argv) => onOff(c, argv[2], (on) => (c.noTouch = on)),
      },
      {
        ...CONN,
        name: 'reply',
        arity: 3,
        since: '3.2.0',
        summary: 'Turns the replies to this connection on, off, or off for the next command.',
        complexity: 'O(1)',
        args: [
          {
            name: 'action',
            type: 'oneof',
            arguments: [
              { name: 'on', type: 'pure-token', token: 'ON' },
              { name: 'off', type: 'pure-token', token: 'OFF' },
              { name: 'skip', type: 'pure-token', token: 'SKIP' },
            ],
          },
        ],
        run: clientReply,
      },
      {
        ...CONN,
        flags: ['loading', 'stale'],
        name: 'help',
        arity: 2,
        since: '5.0.0',
        summary: 'Lists the CLIENT subcommands.',
        complexity: 'O(1)',
        run: (c, argv) => replyHelp(c, argv[0], HELP),
      },
    ],
  },
];
