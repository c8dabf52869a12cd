// Introspection and admin commands against the real redis-server (7.0 oracle):
// COMMAND INFO layouts, GETKEYS, CONFIG GET/SET, CLIENT/DEBUG/SHUTDOWN error
// texts. Outputs that legitimately differ are left out: COMMAND COUNT/LIST
// (different command sets), container subcommand order (Redis's dict order),
// key spec notes (Petrel's own words), and commands whose flags changed in 7.2
// (CLIENT SETINFO / NO-TOUCH do not exist in 7.0; see test/integration/client.test.ts).

import { afterAll, beforeAll, describe, it } from 'vitest';
import { HAVE_REDIS, startPair, type Pair } from '../helpers/differential.js';

describe.skipIf(!HAVE_REDIS)('introspection (differential)', () => {
  let pair: Pair;

  beforeAll(async () => {
    pair = (await startPair({ petrel: { 'enable-debug-command': 'yes' }, redisArgs: ['--enable-debug-command', 'yes'] }))!;
  });

  afterAll(async () => {
    await pair.close();
  });

  it('COMMAND INFO of individual commands and subcommands', async () => {
    const names = [
      'get',
      'ping',
      'hello',
      'auth',
      'select',
      'reset',
      'mset',
      'strlen',
      'incr',
      'append',
      'time',
      'info',
      'debug',
      'shutdown',
      'lolwut',
      'config|get',
      'config|set',
      'config|resetstat',
      'config|rewrite',
      'config|help',
      'command|info',
      'command|docs',
      'command|getkeys',
      'command|count',
      'client|id',
      'client|list',
      'client|kill',
      'client|reply',
      'client|setname',
      'client|getname',
      'client|info',
      'client|no-evict',
      'client|help',
    ];
    await pair.same(names.map((n) => ['COMMAND', 'INFO', n]));
    await pair.same([['COMMAND', 'INFO', 'get', 'nosuch', 'CONFIG|GET', 'config|nosuch', 'get|x']]);
  });

  it('COMMAND DOCS, GETKEYS, LIST filters and HELP', async () => {
    await pair.same([
      ['COMMAND', 'DOCS', 'nosuch'],
      ['COMMAND', 'GETKEYS', 'get', 'a'],
      ['COMMAND', 'GETKEYS', 'mset', 'a', '1', 'b', '2'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'mset', 'a', '1', 'b', '2'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'set', 'a', 'b'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'set', 'a', 'b', 'GET'],
      ['COMMAND', 'GETKEYS', 'ping', 'x', 'y'],
      ['COMMAND', 'GETKEYS', 'nosuch', 'x', 'y'],
      ['COMMAND', 'GETKEYS', 'get', 'a', 'b'],
      ['COMMAND', 'GETKEYS', 'get'],
      ['COMMAND', 'GETKEYS', 'config', 'get', 'x'],
      ['COMMAND', 'GETKEYS', 'config', 'foo', 'x'],
      ['COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'nosuch'],
      ['COMMAND', 'LIST', 'FILTERBY', 'MODULE', 'x'],
      ['COMMAND', 'LIST', 'FILTERBY', 'foo', 'x'],
      ['COMMAND', 'LIST', 'x'],
      ['COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'getra*'],
      ['COMMAND', 'COUNT', 'x'],
      ['COMMAND', 'FOO'],
      ['COMMAND', 'HELP'],
    ]);
  });

  it('CONFIG GET / SET / HELP and their errors', async () => {
    await pair.same([
      // One name per call: with several, Redis answers in its dict's order.
      ['CONFIG', 'GET', 'maxmemory'],
      ['CONFIG', 'GET', 'databases'],
      ['CONFIG', 'GET', 'save'],
      ['CONFIG', 'GET', 'appendonly'],
      ['CONFIG', 'GET', 'timeout'],
      ['CONFIG', 'GET', 'hz'],
      ['CONFIG', 'GET', 'MAXMEMORY-POLICY'],
      ['CONFIG', 'GET', 'nosuch'],
      ['CONFIG', 'SET', 'maxmemory', '1mb'],
      ['CONFIG', 'GET', 'maxmemory'],
      ['CONFIG', 'SET', 'maxmemory', '0', 'maxmemory-policy', 'allkeys-lru'],
      ['CONFIG', 'GET', 'maxmemory-policy'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'],
      ['CONFIG', 'SET', 'foo', 'bar'],
      ['CONFIG', 'SET', 'maxmemory', 'abc'],
      ['CONFIG', 'SET', 'maxmemory', '10', 'maxmemory', '20'],
      ['CONFIG', 'SET', 'maxmemory', '10', 'a'],
      ['CONFIG', 'SET', 'maxmemory'],
      ['CONFIG', 'SET', 'databases', '4'],
      ['CONFIG', 'RESETSTAT'],
      ['CONFIG', 'RESETSTAT', 'x'],
      ['CONFIG', 'REWRITE'],
      ['CONFIG', 'FOO'],
      ['CONFIG'],
      ['CONFIG', 'HELP'],
    ]);
  });

  it('CLIENT subcommand replies and errors', async () => {
    await pair.same([
      ['CLIENT', 'SETNAME', 'a b'],
      ['CLIENT', 'SETNAME', 'abc'],
      ['CLIENT', 'GETNAME'],
      ['CLIENT', 'SETNAME', ''],
      ['CLIENT', 'GETNAME'],
      ['CLIENT', 'KILL', '1.2.3.4:5'],
      ['CLIENT', 'KILL', 'ID', '999'],
      ['CLIENT', 'KILL', 'foo'],
      ['CLIENT', 'KILL', 'ID', 'abc'],
      ['CLIENT', 'KILL', 'SKIPME', 'maybe'],
      ['CLIENT', 'KILL', 'TYPE', 'foo'],
      ['CLIENT', 'KILL', 'USER', 'nobody'],
      ['CLIENT', 'KILL', 'a', 'b', 'c'],
      ['CLIENT', 'LIST', 'TYPE', 'foo'],
      ['CLIENT', 'LIST', 'TYPE', 'master'],
      ['CLIENT', 'LIST', 'ID', 'abc'],
      ['CLIENT', 'LIST', 'ID', '0'],
      ['CLIENT', 'LIST', 'foo'],
      ['CLIENT', 'NO-EVICT', 'maybe'],
      ['CLIENT', 'NO-EVICT', 'on'],
      ['CLIENT', 'NO-EVICT', 'off'],
      ['CLIENT', 'REPLY', 'foo'],
      ['CLIENT', 'REPLY', 'ON'],
      ['CLIENT', 'ID', 'x'],
      ['CLIENT', 'FOO'],
      ['CLIENT'],
    ]);
  });

  it('INFO, TIME, DEBUG, SHUTDOWN and LOLWUT errors', async () => {
    await pair.same([
      ['INFO', 'nosuch'],
      ['TIME', 'x'],
      ['DEBUG'],
      ['DEBUG', 'foo'],
      ['DEBUG', 'sleep'],
      ['DEBUG', 'sleep', '0'],
      ['DEBUG', 'set-active-expire', '1'],
      ['DEBUG', 'set-active-expire'],
      ['DEBUG', 'object', 'nokey'],
      ['SHUTDOWN', 'nosave', 'save'],
      ['SHUTDOWN', 'abort'],
      ['SHUTDOWN', 'abort', 'now'],
      ['SHUTDOWN', 'foo'],
      ['LOLWUT', 'VERSION', 'abc'],
    ]);
  });
});
