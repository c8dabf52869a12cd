// FUNCTION and FCALL compared byte for byte with redis-server (7.0.15, the
// oracle), RESP2 and RESP3: library metadata and registration errors, flags,
// FUNCTION LIST, FCALL / FCALL_RO and their error texts (`script: <function>,
// on @user_function:<line>.`), DUMP / RESTORE across the two servers.
//
// Not compared: the globals a library's top-level code may use while it loads
// (Redis allows only `redis`; Petrel also lets it read the other globals, see
// docs/compatibility.md), FUNCTION LIST with several libraries (Redis's order
// is its hash table's), and FUNCTION DUMP's last 10 bytes (Redis 7.2 writes RDB
// version 11, 7.0 writes 10).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_REDIS, startPair, type Cmd, type Pair } from '../helpers/differential.js';
import { encodeRdbString } from '../../src/scripting/persist.js';

const COMMANDS: Cmd[] = [
  ["FUNCTION", "FLUSH"],
  ["FLUSHALL"],
  ["FUNCTION", "LOAD", "#!lua name=mylib\nredis.register_function('f1', function(keys, args) return keys[1] end)"],
  ["FUNCTION", "LOAD", "#!lua name=mylib\nredis.register_function('f1', function(keys, args) return 1 end)"],
  ["FCALL", "f1", "1", "kk"],
  ["FCALL", "F1", "1", "kk"],
  ["FCALL", "nof", "0"],
  ["FCALL", "f1", "x"],
  ["FCALL", "f1", "5"],
  ["FCALL", "f1", "-1"],
  ["FUNCTION", "LOAD", "return 1"],
  ["FUNCTION", "LOAD", "#!lua"],
  ["FUNCTION", "LOAD", "#!lua name=a name=b\n"],
  ["FUNCTION", "LOAD", "#!lua foo=bar\n"],
  ["FUNCTION", "LOAD", "#!lua\n"],
  ["FUNCTION", "LOAD", "#!js name=x\n"],
  ["FUNCTION", "LOAD", "#!lua name=x-y\n"],
  ["FUNCTION", "LOAD", "#!lua name=x\nredis.register_function('a-b', function() end)"],
  ["FUNCTION", "LOAD", "#!lua name=x\nredis.register_function('a', function() end) redis.register_function('a', function() end)"],
  ["FUNCTION", "LOAD", "#!lua name=x\nlocal x = 1"],
  ["FUNCTION", "LOAD", "#!lua name=x\nredis.register_function('f1', function() end)"],
  ["FUNCTION", "LOAD", "#!lua name=x\nredis.call('set','a','b')"],
  ["FUNCTION", "LOAD", "#!lua name=x\nredis.register_function{function_name='g', callback=function() return 1 end, flags={'no-writes', 'bogus'}}"],
  ["FUNCTION", "LOAD", "#!lua name=x\nredis.register_function{function_name='g', callback=function() return 1 end, flags={'no-writes'}, description='desc'}"],
  ["FUNCTION", "LIST", "LIBRARYNAME", "x"],
  ["FUNCTION", "LIST", "LIBRARYNAME", "x", "WITHCODE"],
  ["FUNCTION", "LIST", "bogus"],
  ["FUNCTION", "LIST", "LIBRARYNAME"],
  ["FUNCTION", "LOAD", "bogus", "#!lua name=z\n"],
  ["FUNCTION", "LOAD", "#!lua name=x\nerror({err='MY err'})"],
  ["FUNCTION", "LOAD", "#!lua name=w\nredis.register_function()"],
  ["FUNCTION", "LOAD", "#!lua name=w\nredis.register_function(1,2,3)"],
  ["FUNCTION", "LOAD", "#!lua name=w\nredis.register_function('a')"],
  ["FUNCTION", "LOAD", "#!lua name=w\nredis.register_function('a', 1)"],
  ["FUNCTION", "LOAD", "#!lua name=w\nredis.register_function({})"],
  ["FUNCTION", "LOAD", "#!lua name=w\nredis.register_function({function_name='a'})"],
  ["FUNCTION", "LOAD", "#!lua name=w\nredis.register_function({callback=function() end})"],
  ["FUNCTION", "LOAD", "#!lua name=w\nredis.register_function({function_name='a', callback=function() end, bogus=1})"],
  ["FUNCTION", "LOAD", "#!lua name=w\nredis.register_function({function_name='a', callback=1})"],
  ["FUNCTION", "LOAD", "#!lua name=w\nredis.register_function({function_name={}, callback=function() end})"],
  ["FUNCTION", "LOAD", "#!lua name=w\nredis.register_function({function_name='a', callback=function() end, flags='x'})"],
  ["FUNCTION", "LOAD", "#!lua name=w\nredis.register_function('a', function() end) return redis.setresp(3)"],
  ["FUNCTION", "LOAD", "#!lua name=w\nreturn redis.REDIS_VERSION_NUM"],
  ["FUNCTION", "LOAD", "#!lua name=w\nredis.log(redis.LOG_WARNING, 'loading') redis.register_function('w1', function() return 'w1' end)"],
  ["FCALL", "w1", "0"],
  ["FUNCTION", "LOAD", "#!lua name=v\nredis.register_function('v1', function(keys, args) return redis.call('set', keys[1], args[1]) end)\nredis.register_function{function_name='v2', callback=function(keys, args) return redis.call('set', keys[1], args[1]) end, flags={'no-writes'}}\nredis.register_function('v3', function(keys, args) return redis.register_function('zz', function() end) end)\nredis.register_function('v4', function(keys, args) error('boom') end)\nredis.register_function('v5', function(keys, args) return redis.call('incr', 's') end)\nredis.register_function('v6', function(keys, args) return x end)\nredis.register_function('v7', function(keys, args) return {keys, args} end)"],
  ["FCALL", "v1", "1", "k", "val"],
  ["GET", "k"],
  ["FCALL", "v2", "1", "k", "val"],
  ["FCALL_RO", "v1", "1", "k", "val"],
  ["FCALL_RO", "v2", "1", "k", "val"],
  ["FCALL", "v3", "0"],
  ["FCALL", "v4", "0"],
  ["SET", "s", "x"],
  ["FCALL", "v5", "0"],
  ["FCALL", "v6", "0"],
  ["FCALL", "v7", "2", "a", "b", "c", "d"],
  ["FUNCTION", "DELETE", "nolib"],
  ["FUNCTION", "DELETE", "w"],
  ["FCALL", "w1", "0"],
  ["FUNCTION", "STATS"],
  ["FUNCTION", "FLUSH", "bogus"],
  ["FUNCTION", "FLUSH", "a", "b"],
  ["FUNCTION", "RESTORE", "bogus"],
  ["FUNCTION", "RESTORE", "bogus", "BADPOLICY"],
  ["FUNCTION", "KILL"],
  ["FUNCTION", "BOGUS"],
  ["FUNCTION", "FLUSH", "SYNC"],
  ["FUNCTION", "LOAD", "#!lua name=one\nredis.register_function('one', function() return 1 end)"],
  ["FUNCTION", "LOAD", "#!lua name=two\nredis.register_function('two', function() return 2 end)"],
  ["FUNCTION", "LIST", "LIBRARYNAME", "one"],
  ["FUNCTION", "LOAD", "REPLACE", "#!lua name=one\nredis.register_function('two', function() return 1 end)"],
  ["FUNCTION", "LOAD", "REPLACE", "#!lua name=one\nredis.register_function('one_b', function() return 11 end)"],
  ["FCALL", "one_b", "0"],
  ["FCALL", "one", "0"],
  ["FCALL", "one_b", "0"],
];

function bulkBody(reply: string): string {
  return reply.slice(reply.indexOf('\r\n') + 2, reply.length - 2);
}

describe.skipIf(!HAVE_REDIS)('functions vs redis-server', () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = (await startPair())!;
  });
  afterAll(async () => {
    await pair.close();
  });

  for (const resp of ['2', '3']) {
    it(`FUNCTION LOAD / LIST / DELETE / FLUSH and FCALL (RESP${resp})`, async () => {
      await pair.reset();
      await pair.both('HELLO', resp);
      await pair.same(COMMANDS);
    });
  }

  it('FUNCTION DUMP payloads restore on both servers', async () => {
    await pair.reset();
    await pair.same([
      ['FUNCTION', 'FLUSH'],
      ['FUNCTION', 'LOAD', "#!lua name=dumplib\nredis.register_function('dl', function(keys, args) return 'a fairly long library body, long enough for LZF to be tried' end)"],
    ]);
    const { petrel, redis } = await pair.both('FUNCTION', 'DUMP');
    const p = bulkBody(petrel);
    const r = bulkBody(redis);
    // Same records; the footer differs only by the RDB version (11 vs 10) and so the CRC.
    expect(p.slice(0, -10)).toBe(r.slice(0, -10));
    expect(p.charCodeAt(p.length - 10)).toBe(11);
    // Redis 7.0's payload (version 10) loads into Petrel.
    await pair.p.call('FUNCTION', 'FLUSH');
    expect(await pair.p.call('FUNCTION', 'RESTORE', Buffer.from(r, 'latin1'))).toBe('+OK\r\n');
    expect(await pair.p.call('FCALL', 'dl', '0')).toBe(await pair.r.call('FCALL', 'dl', '0'));
    await pair.same([
      ['FUNCTION', 'RESTORE', Buffer.from(r, 'latin1')],
      ['FUNCTION', 'RESTORE', Buffer.from(r, 'latin1'), 'APPEND'],
      ['FUNCTION', 'RESTORE', Buffer.from(r, 'latin1'), 'REPLACE'],
      ['FUNCTION', 'RESTORE', Buffer.from(r, 'latin1'), 'FLUSH'],
      ['FUNCTION', 'RESTORE', Buffer.from(r.slice(0, -1) + 'x', 'latin1')],
      ['FUNCTION', 'RESTORE', 'short'],
      ['FUNCTION', 'RESTORE', Buffer.from(r, 'latin1'), 'BOGUS'],
      ['FUNCTION', 'LIST'],
    ]);
  });

  it('library code is encoded as Redis encodes strings (its LZF, byte for byte)', async () => {
    let seed = 11;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let t = 0; t < 60; t++) {
      const len = 21 + Math.floor(rnd() * 2000);
      const alphabet = 1 + Math.floor(rnd() * 12);
      let v = '';
      for (let i = 0; i < len; i++) v += String.fromCharCode(97 + Math.floor(rnd() * alphabet));
      await pair.r.call('SET', 'lzf', v);
      const dump = await pair.r.call('DUMP', 'lzf');
      const payload = dump.slice(dump.indexOf('\r\n') + 2, -2);
      // DUMP: type byte, the string, then 10 bytes of footer.
      expect(encodeRdbString(v).latin1Slice()).toBe(payload.slice(1, -10));
    }
  });
});
