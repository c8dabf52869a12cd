// Connection commands: PING ECHO QUIT RESET SELECT AUTH HELLO.
// (CLIENT lives in client.ts.)

import type { Client } from '../server/client.js';
import type { CommandSpec } from './types.js';
import { DB_OUT_OF_RANGE, NOT_INTEGER, SYNTAX, wrongArity } from './errors.js';
import { parseI64 } from '../protocol/numbers.js';
import { REDIS_VERSION } from '../server/server.js';

const WRONGPASS = 'WRONGPASS invalid username-password pair or user is disabled.';

function ping(c: Client, argv: string[]): void {
  if (argv.length > 2) c.w.error(wrongArity('ping'));
  else if (c.w.resp === 2 && c.isPubSub()) {
    // RESP2 subscribed mode answers with a message-shaped array.
    c.w.array(2);
    c.w.bulk('pong');
    c.w.bulk(argv.length === 2 ? argv[1] : '');
  } else if (argv.length === 1) c.w.raw('+PONG\r\n');
  else c.w.bulk(argv[1]);
}

function echo(c: Client, argv: string[]): void {
  c.w.bulk(argv[1]);
}

function quit(c: Client): void {
  c.w.ok();
  c.closeAfterReply = true;
}

function select(c: Client, argv: string[]): void {
  const idx = parseI64(argv[1]);
  if (idx === null || typeof idx === 'bigint' || idx > 2147483647 || idx < -2147483648) {
    c.w.error(NOT_INTEGER);
    return;
  }
  const dbs = c.server.keyspace.dbs;
  if (idx < 0 || idx >= dbs.length) {
    c.w.error(DB_OUT_OF_RANGE);
    return;
  }
  c.db = dbs[idx];
  c.w.ok();
}

/**
 * Checks credentials for the `default` user (requirepass). Returns null on
 * success or the error reply. ACL users arrive with the ACL issue.
 */
function checkCredentials(c: Client, user: string, pass: string): string | null {
  const required = c.server.config.str('requirepass');
  if (user === 'default' && (required === '' || pass === required)) return null;
  return WRONGPASS;
}

function auth(c: Client, argv: string[]): void {
  if (argv.length > 3) {
    c.w.error(SYNTAX);
    return;
  }
  if (argv.length === 2 && c.server.config.str('requirepass') === '') {
    c.w.error(
      'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
    );
    return;
  }
  const user = argv.length === 3 ? argv[1] : 'default';
  const pass = argv.length === 3 ? argv[2] : argv[1];
  const err = checkCredentials(c, user, pass);
  if (err !== null) {
    c.w.error(err);
    return;
  }
  c.authenticated = true;
  c.user = user;
  c.w.ok();
}

function hello(c: Client, argv: string[]): void {
  let ver = 0;
  let next = 1;
  if (argv.length >= 2) {
    const v = parseI64(argv[1]);
    if (v === null || typeof v === 'bigint') {
      c.w.error('ERR Protocol version is not an integer or out of range');
      return;
    }
    ver = v;
    next = 2;
    if (ver < 2 || ver > 3) {
      c.w.error('NOPROTO unsupported protocol version');
      return;
    }
  }
  let user: string | null = null;
  let pass = '';
  let setName: string | null = null;
  for (let j = next; j < argv.length; j++) {
    const more = argv.length - j - 1;
    const opt = argv[j].toLowerCase();
    if (opt === 'auth' && more >= 2) {
      user = argv[j + 1];
      pass = argv[j + 2];
      j += 2;
    } else if (opt === 'setname' && more >= 1) {
      setName = argv[j + 1];
      j += 1;
    } else {
      c.w.error(`ERR Syntax error in HELLO option '${argv[j]}'`);
      return;
    }
  }
  if (user !== null) {
    const err = checkCredentials(c, user, pass);
    if (err !== null) {
      c.w.error(err);
      return;
    }
    c.authenticated = true;
    c.user = user;
  }
  if (!c.authenticated) {
    c.w.error(
      'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time',
    );
    return;
  }
  if (setName !== null) {
    const err = validateClientName(setName);
    if (err !== null) {
      c.w.error(err);
      return;
    }
    c.name = setName;
  }
  if (ver !== 0) c.w.resp = ver as 2 | 3;
  const w = c.w;
  w.map(7);
  w.bulk('server');
  w.bulk('redis');
  w.bulk('version');
  w.bulk(REDIS_VERSION);
  w.bulk('proto');
  w.integer(w.resp);
  w.bulk('id');
  w.integer(c.id);
  w.bulk('mode');
  w.bulk('standalone');
  w.bulk('role');
  w.bulk('master');
  w.bulk('modules');
  w.array(0);
}

/** Client names may not contain spaces, newlines or other special characters. */
export function validateClientName(name: string): string | null {
  for (let i = 0; i < name.length; i++) {
    const ch = name.charCodeAt(i);
    if (ch < 33 || ch > 126) return 'ERR Client names cannot contain spaces, newlines or special characters.';
  }
  return null;
}

function reset(c: Client): void {
  c.multi = null;
  c.server.watches.unwatchAll(c);
  c.server.pubsub.unsubscribeAll(c);
  c.server.monitors.delete(c);
  c.db = c.server.keyspace.dbs[0];
  c.w.resp = 2;
  c.name = '';
  c.authenticated = !c.server.requiresAuth();
  if (!c.authenticated) c.user = 'default';
  c.w.enabled = true;
  c.w.raw('+RESET\r\n');
}

export const commands: CommandSpec[] = [
  {
    name: 'ping',
    arity: -1,
    flags: ['fast'],
    group: 'connection',
    since: '1.0.0',
    summary: 'Checks that the server is alive; answers PONG or echoes the message.',
    complexity: 'O(1)',
    acl: ['connection'],
    tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
    args: [{ name: 'message', type: 'string', optional: true }],
    run: ping,
  },
  {
    name: 'echo',
    arity: 2,
    flags: ['loading', 'stale', 'fast'],
    group: 'connection',
    since: '1.0.0',
    summary: 'Replies with the given string.',
    complexity: 'O(1)',
    acl: ['connection'],
    args: [{ name: 'message', type: 'string' }],
    run: echo,
  },
  {
    name: 'quit',
    arity: -1,
    flags: ['allow_busy', 'noscript', 'loading', 'stale', 'fast', 'no_auth'],
    group: 'connection',
    since: '1.0.0',
    summary: 'Closes the connection after replying OK.',
    complexity: 'O(1)',
    acl: ['connection'],
    deprecatedSince: '7.2.0',
    replacedBy: 'just closing the connection',
    run: quit,
  },
  {
    name: 'reset',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'],
    group: 'connection',
    since: '6.2.0',
    summary: "Resets the connection's state to that of a new connection.",
    complexity: 'O(1)',
    acl: ['connection'],
    run: reset,
  },
  {
    name: 'select',
    arity: 2,
    flags: ['loading', 'stale', 'fast'],
    group: 'connection',
    since: '1.0.0',
    summary: 'Switches the connection to another database.',
    complexity: 'O(1)',
    acl: ['connection'],
    args: [{ name: 'index', type: 'integer' }],
    run: select,
  },
  {
    name: 'auth',
    arity: -2,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'],
    group: 'connection',
    since: '1.0.0',
    summary: 'Authenticates the connection.',
    complexity: 'O(N) where N is the number of passwords defined for the user',
    acl: ['connection'],
    history: [['6.0.0', 'Added ACL style (username and password).']],
    args: [
      { name: 'username', type: 'string', optional: true, since: '6.0.0' },
      { name: 'password', type: 'string' },
    ],
    run: auth,
  },
  {
    name: 'hello',
    arity: -1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'],
    group: 'connection',
    since: '6.0.0',
    summary: 'Handshakes with the server: protocol version, credentials and client name.',
    complexity: 'O(1)',
    acl: ['connection'],
    history: [['6.2.0', '`protover` made optional; when called without arguments the command reports the current connection\'s context.']],
    args: [
      {
        name: 'arguments',
        type: 'block',
        optional: true,
        arguments: [
          { name: 'protover', type: 'integer' },
          {
            name: 'username-password',
            type: 'block',
            token: 'AUTH',
            optional: true,
            arguments: [
              { name: 'username', type: 'string' },
              { name: 'password', type: 'string' },
            ],
          },
          { name: 'clientname', type: 'string', token: 'SETNAME', optional: true },
        ],
      },
    ],
    run: hello,
  },
];
