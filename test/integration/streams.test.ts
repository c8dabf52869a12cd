// Stream commands against an in-process Petrel, exact reply bytes: XADD
// (IDs, trimming, NOMKSTREAM), ranges, XDEL/XTRIM, XSETID, consumer groups
// (XGROUP, XREADGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM, XINFO), RESP3
// shapes, the Redis 7.2 behaviours the 7.0 oracle lacks (XINFO consumer
// times, unbalanced-streams text, XSETID vs max-deleted-entry-id),
// keyspace events, what is propagated to the AOF / replicas, WATCH,
// COPY/TYPE/OBJECT ENCODING, DUMP/RESTORE and DEBUG RELOAD with groups.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RawClient } from '../helpers/raw.js';
import { startPetrel } from '../helpers/server.js';
import { parseReplyTree } from '../helpers/resp.js';
import type { PetrelServer } from '../../src/index.js';

let petrel: PetrelServer;
let c: RawClient;

const bulk = (s: string): string => `$${s.length}\r\n${s}\r\n`;
const arr = (...parts: string[]): string => `*${parts.length}\r\n${parts.join('')}`;
const int = (n: number | bigint): string => `:${n}\r\n`;
const entry = (id: string, ...kv: string[]): string => arr(bulk(id), arr(...kv.map(bulk)));
const err = (s: string): string => `-${s}\r\n`;
const OK = '+OK\r\n';
const WRONGTYPE = err('WRONGTYPE Operation against a key holding the wrong kind of value');
const INVALID = err('ERR Invalid stream ID specified as stream command argument');

/** Propagated commands since the last call. */
let logged: string[][] = [];

beforeAll(async () => {
  petrel = await startPetrel({ 'enable-debug-command': 'yes' });
  c = await RawClient.connect(petrel.port);
  petrel.server.propagation.attach({
    feed(cmds) {
      for (const p of cmds) logged.push(p.argv);
    },
  });
});

afterAll(async () => {
  c.close();
  await petrel.close();
});

beforeEach(async () => {
  await c.call('HELLO', '2');
  await c.call('FLUSHALL');
  logged = [];
});

async function fill(key: string, n: number, from = 1): Promise<void> {
  for (let i = from; i < from + n; i++) await c.call('XADD', key, `${i}-0`, 'f', `v${i}`);
}

describe('XADD', () => {
  it('adds with explicit, partial and automatic IDs', async () => {
    expect(await c.call('XADD', 's', '1-1', 'a', '1')).toBe(bulk('1-1'));
    expect(await c.call('XADD', 's', '1-*', 'a', '2')).toBe(bulk('1-2'));
    expect(await c.call('XADD', 's', '3', 'a', '3')).toBe(bulk('3-0'));
    expect(await c.call('XADD', 's', '3-*', 'a', '4')).toBe(bulk('3-1'));
    const before = Date.now();
    const auto = await c.call('XADD', 's', '*', 'a', '5');
    const ms = Number(auto.split('\r\n')[1].split('-')[0]);
    expect(ms).toBeGreaterThanOrEqual(before - 1000);
    expect(ms).toBeLessThanOrEqual(Date.now() + 1000);
    // An automatic ID in the past of the last one keeps the last ms.
    expect(await c.call('XADD', 's2', '99999999999999-5', 'a', '1')).toBe(bulk('99999999999999-5'));
    expect(await c.call('XADD', 's2', '*', 'a', '1')).toBe(bulk('99999999999999-6'));
    expect(await c.call('XLEN', 's')).toBe(int(5));
  });

  it('refuses IDs that do not grow, and the exhausted stream', async () => {
    await c.call('XADD', 's', '5-5', 'a', '1');
    expect(await c.call('XADD', 's', '5-5', 'a', '1')).toBe(err('ERR The ID specified in XADD is equal or smaller than the target stream top item'));
    expect(await c.call('XADD', 's', '0-0', 'a', '1')).toBe(err('ERR The ID specified in XADD must be greater than 0-0'));
    expect(await c.call('XADD', 'new', '0-*', 'a', '1')).toBe(bulk('0-1'));
    // Redis 7.2: a full sequence with <ms>-* is "equal or smaller" (7.0 said "Elements are too large").
    await c.call('XADD', 'seq', '5-18446744073709551615', 'a', '1');
    expect(await c.call('XADD', 'seq', '5-*', 'a', '1')).toBe(err('ERR The ID specified in XADD is equal or smaller than the target stream top item'));
    expect(await c.call('XADD', 'seq', '6-*', 'a', '1')).toBe(bulk('6-0'));
    await c.call('XADD', 'max', '18446744073709551615-18446744073709551615', 'a', '1');
    expect(await c.call('XADD', 'max', '*', 'a', '1')).toBe(err('ERR The stream has exhausted the last possible ID, unable to add more items'));
    expect(await c.call('XADD', 's', 'bad', 'a', '1')).toBe(INVALID);
    expect(await c.call('XADD', 's', '+', 'a', '1')).toBe(INVALID);
    expect(await c.call('XADD', 's', '*', 'a')).toBe(err("ERR wrong number of arguments for 'xadd' command"));
    expect(await c.call('XADD', 's', 'MAXLEN', '1', 'LIMIT', '1', '*', 'a', 'b')).toBe(err('ERR syntax error, LIMIT cannot be used without the special ~ option'));
    await c.call('SET', 'str', 'x');
    expect(await c.call('XADD', 'str', '*', 'a', 'b')).toBe(WRONGTYPE);
  });

  it('NOMKSTREAM replies a null for a missing key and creates nothing', async () => {
    expect(await c.call('XADD', 'no', 'NOMKSTREAM', '*', 'a', 'b')).toBe('$-1\r\n');
    expect(await c.call('EXISTS', 'no')).toBe(int(0));
    await c.call('HELLO', '3');
    expect(await c.call('XADD', 'no', 'NOMKSTREAM', '*', 'a', 'b')).toBe('_\r\n');
  });

  it('trims with MAXLEN/MINID, exactly or by whole nodes', async () => {
    await c.call('CONFIG', 'SET', 'stream-node-max-entries', '10');
    await fill('s', 35);
    expect(await c.call('XADD', 's', 'MAXLEN', '~', '20', '36-0', 'f', 'v')).toBe(bulk('36-0'));
    expect(await c.call('XLEN', 's')).toBe(int(26));
    expect(await c.call('XADD', 's', 'MAXLEN', '=', '20', '37-0', 'f', 'v')).toBe(bulk('37-0'));
    expect(await c.call('XLEN', 's')).toBe(int(20));
    expect(await c.call('XTRIM', 's', 'MINID', '30')).toBe(int(12));
    expect(await c.call('XRANGE', 's', '-', '+', 'COUNT', '1')).toBe(arr(entry('30-0', 'f', 'v30')));
    // The head node holds one live entry (30-0): LIMIT 1 lets it go, not the next one.
    expect(await c.call('XTRIM', 's', 'MAXLEN', '~', '0', 'LIMIT', '1')).toBe(int(1));
    expect(await c.call('XTRIM', 's', 'MAXLEN', '~', '0', 'LIMIT', '5')).toBe(int(0));
    expect(await c.call('XTRIM', 'nokey', 'MAXLEN', '0')).toBe(int(0));
    expect(await c.call('XTRIM', 's', 'LIMIT', '5')).toBe(err('ERR syntax error, LIMIT cannot be used without specifying a trimming strategy'));
    expect(await c.call('XTRIM', 's', 'FOO', 'BAR')).toBe(err('ERR syntax error'));
    expect(await c.call('XTRIM', 's', 'LIMIT', '0')).toBe(err('ERR syntax error, XTRIM must be called with a trimming strategy'));
    await c.call('CONFIG', 'SET', 'stream-node-max-entries', '100');
  });
});

describe('XRANGE / XREVRANGE / XLEN / XDEL', () => {
  it('serves ranges with incomplete, exclusive and special IDs', async () => {
    await fill('s', 5);
    // An incomplete end ID means <ms>-18446744073709551615: "(4" still includes 4-0.
    expect(await c.call('XRANGE', 's', '2', '(4')).toBe(arr(entry('2-0', 'f', 'v2'), entry('3-0', 'f', 'v3'), entry('4-0', 'f', 'v4')));
    expect(await c.call('XRANGE', 's', '2', '(4-0')).toBe(arr(entry('2-0', 'f', 'v2'), entry('3-0', 'f', 'v3')));
    expect(await c.call('XRANGE', 's', '(2-0', '+', 'COUNT', '1')).toBe(arr(entry('3-0', 'f', 'v3')));
    expect(await c.call('XREVRANGE', 's', '+', '-', 'COUNT', '2')).toBe(arr(entry('5-0', 'f', 'v5'), entry('4-0', 'f', 'v4')));
    expect(await c.call('XRANGE', 's', '-', '+', 'COUNT', '0')).toBe('*-1\r\n');
    expect(await c.call('XRANGE', 'nokey', '-', '+')).toBe('*0\r\n');
    expect(await c.call('XRANGE', 's', '(18446744073709551615-18446744073709551615', '+')).toBe(err('ERR invalid start ID for the interval'));
    expect(await c.call('XRANGE', 's', '-', '(0-0')).toBe(err('ERR invalid end ID for the interval'));
    expect(await c.call('XRANGE', 's', '(-', '+')).toBe(INVALID);
    expect(await c.call('XRANGE', 's', '-', '+', 'COUNT')).toBe(err('ERR syntax error'));
    await c.call('HELLO', '3');
    expect(await c.call('XRANGE', 's', '-', '+', 'COUNT', '0')).toBe('_\r\n');
  });

  it('deletes entries, moving first and max-deleted IDs', async () => {
    await fill('s', 3);
    expect(await c.call('XDEL', 's', '1-0', '9-0', '1-0')).toBe(int(1));
    expect(await c.call('XDEL', 's', '2-0', 'bad')).toBe(INVALID);
    expect(await c.call('XDEL', 'nokey', 'bad')).toBe(int(0));
    expect(await c.call('XLEN', 's')).toBe(int(2));
    const info = parseReplyTree(await c.call('XINFO', 'STREAM', 's'))[0].children.map((x) => x.raw);
    expect(info.slice(8, 14)).toEqual([bulk('max-deleted-entry-id'), bulk('1-0'), bulk('entries-added'), int(3), bulk('recorded-first-entry-id'), bulk('2-0')]);
  });
});

describe('XSETID', () => {
  it('moves the last ID and counters, with Redis 7.2 checks', async () => {
    await fill('s', 3);
    await c.call('XDEL', 's', '2-0');
    expect(await c.call('XSETID', 's', '2')).toBe(err('ERR The ID specified in XSETID is smaller than the target stream top item'));
    expect(await c.call('XSETID', 's', '10', 'ENTRIESADDED', '1')).toBe(err('ERR The entries_added specified in XSETID is smaller than the target stream length'));
    expect(await c.call('XSETID', 's', '10', 'MAXDELETEDID', '11')).toBe(err('ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id'));
    expect(await c.call('XSETID', 's', '10', 'ENTRIESADDED', '100', 'MAXDELETEDID', '5')).toBe(OK);
    expect(await c.call('XADD', 's', '*', 'a', 'b')).toMatch(/^\$\d+\r\n\d+-0\r\n$/);
    // Redis 7.2 (not 7.0): the last ID may not go below max-deleted-entry-id, even on an empty stream.
    await c.call('XADD', 'e', '1-1', 'a', 'b');
    await c.call('XDEL', 'e', '1-1');
    expect(await c.call('XSETID', 'e', '0-5')).toBe(err('ERR The ID specified in XSETID is smaller than current max_deleted_entry_id'));
    expect(await c.call('XSETID', 'nokey', '1')).toBe(err('ERR no such key'));
    expect(await c.call('XSETID', 's', '10', 'ENTRIESADDED', '-1')).toBe(err('ERR entries_added must be positive'));
    expect(await c.call('XSETID', 's', '10', 'FOO')).toBe(err('ERR syntax error'));
  });
});

describe('consumer groups', () => {
  it('delivers new entries, tracks PELs, history and acknowledgements', async () => {
    await fill('s', 5);
    expect(await c.call('XGROUP', 'CREATE', 's', 'g', '0')).toBe(OK);
    expect(await c.call('XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '2', 'STREAMS', 's', '>')).toBe(
      arr(arr(bulk('s'), arr(entry('1-0', 'f', 'v1'), entry('2-0', 'f', 'v2')))),
    );
    expect(await c.call('XREADGROUP', 'GROUP', 'g', 'bob', 'COUNT', '1', 'STREAMS', 's', '>')).toBe(arr(arr(bulk('s'), arr(entry('3-0', 'f', 'v3')))));
    await c.call('XDEL', 's', '2-0');
    // History: a deleted entry comes back with a null body.
    expect(await c.call('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '0')).toBe(
      arr(arr(bulk('s'), arr(entry('1-0', 'f', 'v1'), arr(bulk('2-0'), '*-1\r\n')))),
    );
    expect(await c.call('XPENDING', 's', 'g')).toBe(arr(int(3), bulk('1-0'), bulk('3-0'), arr(arr(bulk('alice'), bulk('2')), arr(bulk('bob'), bulk('1')))));
    const ext = parseReplyTree(await c.call('XPENDING', 's', 'g', '-', '+', '10', 'alice'))[0];
    expect(ext.children.map((e) => [e.children[0].raw, e.children[1].raw, e.children[3].raw])).toEqual([
      [bulk('1-0'), bulk('alice'), int(2)],
      [bulk('2-0'), bulk('alice'), int(1)], // served as a null body: not counted as a delivery
    ]);
    expect(await c.call('XACK', 's', 'g', '1-0', '2-0', '9-0')).toBe(int(2));
    expect(await c.call('XACK', 's', 'g', 'bad')).toBe(INVALID);
    expect(await c.call('XACK', 's', 'nogroup', '1-0')).toBe(int(0));
    expect(await c.call('XPENDING', 's', 'g', '-', '+', '10', 'nobody')).toBe('*0\r\n');
    expect(await c.call('XPENDING', 's', 'nogroup')).toBe(err("NOGROUP No such key 's' or consumer group 'nogroup'"));
    expect(await c.call('XREADGROUP', 'GROUP', 'nogroup', 'a', 'STREAMS', 's', '>')).toBe(
      err("NOGROUP No such key 's' or consumer group 'nogroup' in XREADGROUP with GROUP option"),
    );
    expect(await c.call('XREADGROUP', 'GROUP', 'g', 'a', 'STREAMS', 's', '$')).toMatch(/^-ERR The \$ ID is meaningless in the context of XREADGROUP/);
    expect(await c.call('XREAD', 'STREAMS', 's', '>')).toBe(err('ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.'));
  });

  it('keeps entries-read and lag as Redis 7.x', async () => {
    await fill('s', 5);
    await c.call('XGROUP', 'CREATE', 's', 'g', '0');
    await c.call('XREADGROUP', 'GROUP', 'g', 'a', 'COUNT', '2', 'STREAMS', 's', '>');
    const groups = async (): Promise<string[]> => parseReplyTree(await c.call('XINFO', 'GROUPS', 's'))[0].children[0].children.map((x) => x.raw);
    expect((await groups()).slice(8)).toEqual([bulk('entries-read'), int(2), bulk('lag'), int(3)]);
    await c.call('XDEL', 's', '4-0');
    expect((await groups()).slice(8)).toEqual([bulk('entries-read'), int(2), bulk('lag'), '$-1\r\n']);
    await c.call('XREADGROUP', 'GROUP', 'g', 'a', 'STREAMS', 's', '>');
    expect((await groups()).slice(8)).toEqual([bulk('entries-read'), int(5), bulk('lag'), int(0)]);
    await c.call('XGROUP', 'SETID', 's', 'g', '0');
    expect((await groups()).slice(8)).toEqual([bulk('entries-read'), '$-1\r\n', bulk('lag'), '$-1\r\n']);
    await c.call('XGROUP', 'SETID', 's', 'g', '$', 'ENTRIESREAD', '5');
    expect((await groups()).slice(6)).toEqual([bulk('last-delivered-id'), bulk('5-0'), bulk('entries-read'), int(5), bulk('lag'), int(0)]);
  });

  it('claims with XCLAIM (options, FORCE, JUSTID, deleted entries) and XAUTOCLAIM (cursor, deleted IDs)', async () => {
    await fill('s', 6);
    await c.call('XGROUP', 'CREATE', 's', 'g', '0');
    await c.call('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>');
    expect(await c.call('XCLAIM', 's', 'g', 'bob', '0', '1-0', '2-0', 'RETRYCOUNT', '7', 'JUSTID')).toBe(arr(bulk('1-0'), bulk('2-0')));
    expect(await c.call('XCLAIM', 's', 'g', 'bob', '3600000', '3-0')).toBe('*0\r\n');
    expect(await c.call('XCLAIM', 's', 'g', 'bob', '0', '3-0', 'IDLE', '5000')).toBe(arr(entry('3-0', 'f', 'v3')));
    const p = parseReplyTree(await c.call('XPENDING', 's', 'g', '1-0', '3-0', '10'))[0].children;
    expect(p.map((e) => [e.children[1].raw, e.children[3].raw])).toEqual([
      [bulk('bob'), int(7)],
      [bulk('bob'), int(7)],
      [bulk('bob'), int(2)],
    ]);
    expect(Number(p[2].children[2].raw.slice(1, -2))).toBeGreaterThanOrEqual(5000);
    await c.call('XDEL', 's', '4-0');
    expect(await c.call('XCLAIM', 's', 'g', 'bob', '0', '4-0')).toBe('*0\r\n');
    expect(await c.call('XCLAIM', 's', 'g', 'bob', '0', '4-0', 'FORCE')).toBe('*0\r\n');
    expect(await c.call('XCLAIM', 's', 'g', 'carol', '0', '6-0', 'FOO')).toBe(err("ERR Unrecognized XCLAIM option 'FOO'"));
    expect(await c.call('XCLAIM', 's', 'g', 'carol', 'x', '6-0')).toBe(err('ERR Invalid min-idle-time argument for XCLAIM'));
    expect(await c.call('XCLAIM', 'nokey', 'g', 'carol', '0', '6-0')).toBe(err("NOGROUP No such key 'nokey' or consumer group 'g'"));
    await c.call('XDEL', 's', '5-0');
    expect(await c.call('XAUTOCLAIM', 's', 'g', 'dave', '0', '0', 'COUNT', '2')).toBe(arr(bulk('3-0'), arr(entry('1-0', 'f', 'v1'), entry('2-0', 'f', 'v2')), '*0\r\n'));
    expect(await c.call('XAUTOCLAIM', 's', 'g', 'dave', '0', '3-0', 'JUSTID')).toBe(arr(bulk('0-0'), arr(bulk('3-0'), bulk('6-0')), arr(bulk('5-0'))));
    expect(await c.call('XAUTOCLAIM', 's', 'g', 'dave', '0', '-', 'COUNT', '0')).toBe(err('ERR COUNT must be > 0'));
    expect(await c.call('XPENDING', 's', 'g')).toBe(arr(int(4), bulk('1-0'), bulk('6-0'), arr(arr(bulk('dave'), bulk('4')))));
  });

  it('administers groups and consumers', async () => {
    expect(await c.call('XGROUP', 'CREATE', 's', 'g', '$')).toMatch(/^-ERR The XGROUP subcommand requires the key to exist/);
    expect(await c.call('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM')).toBe(OK);
    expect(await c.call('XGROUP', 'CREATE', 's', 'g', '$')).toBe(err('BUSYGROUP Consumer Group name already exists'));
    expect(await c.call('XGROUP', 'CREATECONSUMER', 's', 'g', 'alice')).toBe(int(1));
    expect(await c.call('XGROUP', 'CREATECONSUMER', 's', 'g', 'alice')).toBe(int(0));
    expect(await c.call('XGROUP', 'CREATECONSUMER', 's', 'nog', 'alice')).toBe(err("NOGROUP No such consumer group 'nog' for key name 's'"));
    await c.call('XADD', 's', '1-0', 'f', 'v');
    await c.call('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>');
    expect(await c.call('XGROUP', 'DELCONSUMER', 's', 'g', 'alice')).toBe(int(1));
    expect(await c.call('XPENDING', 's', 'g')).toBe(arr(int(0), '$-1\r\n', '$-1\r\n', '*-1\r\n'));
    expect(await c.call('XGROUP', 'SETID', 's', 'g', '0', 'MKSTREAM')).toBe(err("ERR unknown subcommand or wrong number of arguments for 'SETID'. Try XGROUP HELP."));
    expect(await c.call('XGROUP', 'CREATE', 's', 'g2', '0', 'ENTRIESREAD', '-2')).toBe(err('ERR value for ENTRIESREAD must be positive or -1'));
    expect(await c.call('XGROUP', 'DESTROY', 's', 'g')).toBe(int(1));
    expect(await c.call('XGROUP', 'DESTROY', 's', 'g')).toBe(int(0));
    expect(await c.call('XGROUP', 'FOO')).toBe(err("ERR unknown subcommand 'FOO'. Try XGROUP HELP."));
    expect((await c.call('XGROUP', 'HELP')).split('\r\n')[1]).toBe('+XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
  });
});

describe('XREAD', () => {
  it('reads several streams, $ and errors (Redis 7.2 texts)', async () => {
    await fill('a', 2);
    await fill('b', 1);
    expect(await c.call('XREAD', 'COUNT', '1', 'STREAMS', 'a', 'b', 'nokey', '0', '0', '0')).toBe(
      arr(arr(bulk('a'), arr(entry('1-0', 'f', 'v1'))), arr(bulk('b'), arr(entry('1-0', 'f', 'v1')))),
    );
    expect(await c.call('XREAD', 'STREAMS', 'a', '$')).toBe('*-1\r\n');
    expect(await c.call('XREAD', 'STREAMS', 'a', '0', 'x')).toBe(err("ERR Unbalanced 'xread' list of streams: for each stream key an ID or '$' must be specified."));
    expect(await c.call('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'a', '>', 'x')).toBe(
      err("ERR Unbalanced 'xreadgroup' list of streams: for each stream key an ID or '>' must be specified."),
    );
    expect(await c.call('XREAD', 'STREAMS', 'a', '+')).toBe(INVALID);
    expect(await c.call('XREAD', 'BLOCK', '-1', 'STREAMS', 'a', '$')).toBe(err('ERR timeout is negative'));
    expect(await c.call('XREAD', 'BLOCK', '1.5', 'STREAMS', 'a', '$')).toBe(err('ERR timeout is not an integer or out of range'));
    expect(await c.call('XREAD', 'GROUP', 'g', 'c', 'STREAMS', 'a', '0')).toBe(err('ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.'));
    expect(await c.call('XREAD', 'COUNT', '1', 'FOO', 'BAR')).toBe(err('ERR syntax error'));
  });

  it('replies a map in RESP3', async () => {
    await fill('a', 1);
    await c.call('HELLO', '3');
    expect(await c.call('XREAD', 'STREAMS', 'a', 'a', '0', '0')).toBe(`%2\r\n${bulk('a')}${arr(entry('1-0', 'f', 'v1'))}${bulk('a')}${arr(entry('1-0', 'f', 'v1'))}`);
    expect(await c.call('XREAD', 'STREAMS', 'a', '$')).toBe('_\r\n');
  });
});

describe('XINFO', () => {
  it('describes a stream, its groups and consumers (Redis 7.2 fields)', async () => {
    await fill('s', 3);
    await c.call('XGROUP', 'CREATE', 's', 'g', '0');
    await c.call('XGROUP', 'CREATECONSUMER', 's', 'g', 'idle-one');
    await c.call('XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '1', 'STREAMS', 's', '>');
    const cons = parseReplyTree(await c.call('XINFO', 'CONSUMERS', 's', 'g'))[0].children;
    expect(cons.map((x) => x.children.filter((_, i) => i % 2 === 0).map((k) => k.raw))).toEqual([
      [bulk('name'), bulk('pending'), bulk('idle'), bulk('inactive')],
      [bulk('name'), bulk('pending'), bulk('idle'), bulk('inactive')],
    ]);
    expect(cons[0].children[1].raw).toBe(bulk('alice'));
    expect(cons[1].children[7].raw).toBe(int(-1)); // never active
    expect(Number(cons[0].children[7].raw.slice(1, -2))).toBeGreaterThanOrEqual(0);
    const full = parseReplyTree(await c.call('XINFO', 'STREAM', 's', 'FULL', 'COUNT', '1'))[0];
    const keys = full.children.filter((_, i) => i % 2 === 0).map((k) => k.raw);
    expect(keys).toEqual(
      ['length', 'radix-tree-keys', 'radix-tree-nodes', 'last-generated-id', 'max-deleted-entry-id', 'entries-added', 'recorded-first-entry-id', 'entries', 'groups'].map(bulk),
    );
    expect(full.children[15].raw).toBe(arr(entry('1-0', 'f', 'v1')));
    const group = full.children[17].children[0];
    expect(group.children.filter((_, i) => i % 2 === 0).map((k) => k.raw)).toEqual(
      ['name', 'last-delivered-id', 'entries-read', 'lag', 'pel-count', 'pending', 'consumers'].map(bulk),
    );
    const consumer = group.children[13].children[0];
    expect(consumer.children.filter((_, i) => i % 2 === 0).map((k) => k.raw)).toEqual(['name', 'seen-time', 'active-time', 'pel-count', 'pending'].map(bulk));
    expect(await c.call('XINFO', 'CONSUMERS', 's', 'nog')).toBe(err("NOGROUP No such consumer group 'nog' for key name 's'"));
    expect(await c.call('XINFO', 'STREAM', 'nokey')).toBe(err('ERR no such key'));
    expect(await c.call('XINFO', 'STREAM', 's', 'FULL', 'X')).toBe(err("ERR unknown subcommand or wrong number of arguments for 'STREAM'. Try XINFO HELP."));
  });

  it('uses maps and nulls in RESP3', async () => {
    await c.call('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
    await c.call('HELLO', '3');
    const r = await c.call('XINFO', 'STREAM', 's');
    expect(r.startsWith('%10\r\n')).toBe(true);
    expect(r.endsWith(`${bulk('first-entry')}_\r\n${bulk('last-entry')}_\r\n`)).toBe(true);
    expect(await c.call('XINFO', 'GROUPS', 's')).toBe(
      `*1\r\n%6\r\n${bulk('name')}${bulk('g')}${bulk('consumers')}:0\r\n${bulk('pending')}:0\r\n${bulk('last-delivered-id')}${bulk('0-0')}${bulk('entries-read')}_\r\n${bulk('lag')}:0\r\n`,
    );
    expect(await c.call('XPENDING', 's', 'g')).toBe('*4\r\n:0\r\n_\r\n_\r\n_\r\n');
  });
});

describe('keyspace events', () => {
  it('publishes Redis event names', async () => {
    const sub = await RawClient.connect(petrel.port);
    await c.call('CONFIG', 'SET', 'notify-keyspace-events', 'Et');
    await sub.call('PSUBSCRIBE', '__keyevent@0__:*');
    await c.call('XADD', 's', 'MAXLEN', '1', '1-0', 'f', 'v');
    await c.call('XADD', 's', 'MAXLEN', '1', '2-0', 'f', 'v');
    await c.call('XDEL', 's', '2-0');
    await c.call('XSETID', 's', '5');
    await c.call('XGROUP', 'CREATE', 's', 'g', '$');
    await c.call('XGROUP', 'SETID', 's', 'g', '$');
    await c.call('XGROUP', 'CREATECONSUMER', 's', 'g', 'x');
    await c.call('XGROUP', 'DELCONSUMER', 's', 'g', 'x');
    await c.call('XREADGROUP', 'GROUP', 'g', 'y', 'STREAMS', 's', '>');
    await c.call('XGROUP', 'DESTROY', 's', 'g');
    await c.call('XADD', 's', '6-0', 'f', 'v');
    await c.call('XTRIM', 's', 'MAXLEN', '0');
    const events = ['xadd', 'xadd', 'xtrim', 'xdel', 'xsetid', 'xgroup-create', 'xgroup-setid', 'xgroup-createconsumer', 'xgroup-delconsumer', 'xgroup-createconsumer', 'xgroup-destroy', 'xadd', 'xtrim'];
    const pmessage = (ev: string): string => arr(bulk('pmessage'), bulk('__keyevent@0__:*'), bulk(`__keyevent@0__:${ev}`), bulk('s'));
    expect(await sub.read(events.length)).toBe(events.map(pmessage).join(''));
    await c.call('CONFIG', 'SET', 'notify-keyspace-events', '');
    sub.close();
  });
});

describe('propagation', () => {
  it('logs XADD with the generated ID and exact trimming', async () => {
    await c.call('CONFIG', 'SET', 'stream-node-max-entries', '4');
    await fill('s', 9);
    logged = [];
    const id = (await c.call('XADD', 's', 'MAXLEN', '~', '3', '*', 'a', 'b')).split('\r\n')[1];
    await c.call('XADD', 's', 'MINID', '~', '8', 'LIMIT', '100', `${Number(id.split('-')[0])}-*`, 'c', 'd');
    await c.call('XTRIM', 's', 'MAXLEN', '~', '0');
    await c.call('XTRIM', 's', 'MAXLEN', '~', '100');
    await c.call('XADD', 's', 'MAXLEN', '=', '100', '*', 'e', 'f');
    expect(logged.slice(0, 3)).toEqual([
      ['XADD', 's', 'MAXLEN', '=', '6', id, 'a', 'b'],
      // Nothing was below the first node's last ID: logged with the first ID there is.
      ['XADD', 's', 'MINID', '=', '5-0', 'LIMIT', '100', `${id.split('-')[0]}-1`, 'c', 'd'],
      ['XTRIM', 's', 'MAXLEN', '=', '0'],
    ]);
    expect(logged[3].slice(0, 5)).toEqual(['XADD', 's', 'MAXLEN', '=', '100']);
    expect(logged).toHaveLength(4);
    await c.call('CONFIG', 'SET', 'stream-node-max-entries', '100');
  });

  it('logs consumer-group reads and claims as XCLAIM / XGROUP forms', async () => {
    await fill('s', 4);
    await c.call('XGROUP', 'CREATE', 's', 'g', '0');
    logged = [];
    await c.call('XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '2', 'STREAMS', 's', '>');
    await c.call('XREADGROUP', 'GROUP', 'g', 'bob', 'NOACK', 'COUNT', '1', 'STREAMS', 's', '>');
    await c.call('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '0');
    await c.call('XCLAIM', 's', 'g', 'carol', '0', '1-0', 'TIME', '12345');
    await c.call('XCLAIM', 's', 'g', 'carol', '0', '9-0', 'LASTID', '9-0');
    await c.call('XDEL', 's', '2-0');
    await c.call('XAUTOCLAIM', 's', 'g', 'dave', '0', '0', 'COUNT', '1');
    const t = (argv: string[]): string[] => argv.map((a, i) => (argv[i - 1] === 'TIME' && a !== '12345' ? 'T' : a));
    expect(logged.map(t)).toEqual([
      ['MULTI'],
      ['XCLAIM', 's', 'g', 'alice', '0', '1-0', 'TIME', 'T', 'RETRYCOUNT', '1', 'FORCE', 'JUSTID', 'LASTID', '1-0'],
      ['XCLAIM', 's', 'g', 'alice', '0', '2-0', 'TIME', 'T', 'RETRYCOUNT', '1', 'FORCE', 'JUSTID', 'LASTID', '2-0'],
      ['EXEC'],
      ['MULTI'],
      ['XGROUP', 'CREATECONSUMER', 's', 'g', 'bob'],
      ['XGROUP', 'SETID', 's', 'g', '3-0', 'ENTRIESREAD', '3'],
      ['EXEC'],
      ['XCLAIM', 's', 'g', 'carol', '0', '1-0', 'TIME', '12345', 'RETRYCOUNT', '3', 'FORCE', 'JUSTID', 'LASTID', '3-0'],
      ['XGROUP', 'SETID', 's', 'g', '9-0', 'ENTRIESREAD', '3'],
      ['XDEL', 's', '2-0'],
      ['XCLAIM', 's', 'g', 'carol', '0', '1-0', 'TIME', 'T', 'RETRYCOUNT', '4', 'FORCE', 'JUSTID', 'LASTID', '9-0'].map((a, i) => (i === 3 ? 'dave' : a)),
    ]);
  });
});

describe('the spine', () => {
  it('TYPE, OBJECT ENCODING, COPY, SCAN TYPE', async () => {
    await fill('s', 3);
    await c.call('XGROUP', 'CREATE', 's', 'g', '0');
    await c.call('XREADGROUP', 'GROUP', 'g', 'a', 'COUNT', '1', 'STREAMS', 's', '>');
    expect(await c.call('TYPE', 's')).toBe('+stream\r\n');
    expect(await c.call('OBJECT', 'ENCODING', 's')).toBe(bulk('stream'));
    expect(await c.call('COPY', 's', 't')).toBe(int(1));
    await c.call('XADD', 's', '9-0', 'x', 'y');
    await c.call('XACK', 's', 'g', '1-0');
    expect(await c.call('XLEN', 't')).toBe(int(3));
    expect(await c.call('XPENDING', 't', 'g', '-', '+', '10')).toMatch(/^\*1\r\n\*4\r\n\$3\r\n1-0\r\n\$1\r\na\r\n/);
    const scan = parseReplyTree(await c.call('SCAN', '0', 'TYPE', 'stream'))[0].children[1].children.map((x) => x.raw).sort();
    expect(scan).toEqual([bulk('s'), bulk('t')]);
  });

  it('WATCH sees XADD / XDEL / XTRIM but not group changes, as Redis', async () => {
    await fill('s', 2);
    await c.call('XGROUP', 'CREATE', 's', 'g', '0');
    const other = await RawClient.connect(petrel.port);
    const watchedBy = async (cmd: string[]): Promise<string> => {
      await c.call('WATCH', 's');
      await other.call(...cmd);
      await c.call('MULTI');
      await c.call('PING');
      return c.call('EXEC');
    };
    expect(await watchedBy(['XGROUP', 'SETID', 's', 'g', '0'])).toBe(arr('+PONG\r\n'));
    expect(await watchedBy(['XREADGROUP', 'GROUP', 'g', 'a', 'STREAMS', 's', '>'])).toBe(arr('+PONG\r\n'));
    expect(await watchedBy(['XADD', 's', '5-0', 'f', 'v'])).toBe('*-1\r\n');
    expect(await watchedBy(['XDEL', 's', '5-0'])).toBe('*-1\r\n');
    other.close();
  });

  it('DUMP / RESTORE and DEBUG RELOAD keep entries, groups, consumers and PELs', async () => {
    await c.call('CONFIG', 'SET', 'stream-node-max-entries', '3');
    await fill('s', 10);
    await c.call('XDEL', 's', '4-0');
    await c.call('XGROUP', 'CREATE', 's', 'g', '0');
    await c.call('XGROUP', 'CREATE', 's', 'h', '$', 'ENTRIESREAD', '7');
    await c.call('XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '3', 'STREAMS', 's', '>');
    await c.call('XGROUP', 'CREATECONSUMER', 's', 'h', 'bob');
    const snapshot = async (key: string): Promise<string[]> => [
      await c.call('XRANGE', key, '-', '+'),
      await c.call('XINFO', 'STREAM', key, 'FULL'),
      await c.call('XINFO', 'GROUPS', key),
    ];
    const before = await snapshot('s');
    const dumped = parseReplyTree(await c.call('DUMP', 's'))[0].raw;
    const payload = Buffer.from(dumped.slice(dumped.indexOf('\r\n') + 2, -2), 'latin1');
    expect(payload[0]).toBe(21);
    expect(await c.call('RESTORE', 'r', '0', payload)).toBe(OK);
    expect((await snapshot('r')).map((x) => x.replace(/\$1\r\nr\r\n/g, ''))).toEqual(before.map((x) => x.replace(/\$1\r\ns\r\n/g, '')));
    expect(await c.call('DEBUG', 'RELOAD')).toBe(OK);
    expect(await snapshot('s')).toEqual(before);
    const bad = Buffer.from(payload);
    bad[30] ^= 0xff;
    expect(await c.call('RESTORE', 'x', '0', bad)).toMatch(/^-ERR (Bad data format|DUMP payload version or checksum are wrong)\r\n$/);
    await c.call('CONFIG', 'SET', 'stream-node-max-entries', '100');
  });

  it('counts keyspace hits like Redis (XREAD looks each key up twice)', async () => {
    await fill('s', 1);
    await c.call('CONFIG', 'RESETSTAT');
    await c.call('XREAD', 'STREAMS', 's', 'nokey', '0', '0');
    const info = await c.call('INFO', 'stats');
    expect(info).toMatch(/keyspace_hits:2\r\n/);
    expect(info).toMatch(/keyspace_misses:2\r\n/);
  });
});

describe('AOF', () => {
  it('replays streams, groups and PELs from the log and from rewrites (with and without RDB preamble)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'petrel-streams-aof-'));
    const cmds: string[][] = [];
    for (let i = 1; i <= 150; i++) cmds.push(['XADD', 's', `${i}-*`, 'f', String(i), ...(i % 9 === 0 ? ['x', 'y'] : [])]);
    cmds.push(
      ['XADD', 's', 'MAXLEN', '~', '120', 'LIMIT', '200', '*', 'a', 'b'],
      ['XGROUP', 'CREATE', 's', 'g', '0'],
      ['XGROUP', 'CREATE', 's', 'h', '$', 'ENTRIESREAD', '3'],
      ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '3', 'STREAMS', 's', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'bob', 'NOACK', 'COUNT', '2', 'STREAMS', 's', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'carol', 'COUNT', '4', 'STREAMS', 's', '>'],
      ['XCLAIM', 's', 'g', 'carol', '0', '102-0', 'RETRYCOUNT', '9'],
      ['XDEL', 's', '140-0'],
      ['XGROUP', 'CREATECONSUMER', 's', 'h', 'dave'],
      ['XAUTOCLAIM', 's', 'g', 'erin', '0', '105-0', 'COUNT', '1'],
      ['XTRIM', 's', 'MINID', '~', '90'],
      ['XACK', 's', 'g', '101-0'],
      ['XSETID', 's', '999999999999999', 'ENTRIESADDED', '500'],
      ['XGROUP', 'CREATE', 'empty', 'g', '$', 'MKSTREAM'],
    );
    // Replaying the log itself cannot restore what Redis does not log either:
    // entries-read after non-NOACK reads (XCLAIM carries no counter) and
    // consumers created by a read or claim that got nothing. XINFO GROUPS is
    // compared after rewrites only, which carry everything.
    const snap = async (port: number, groups = true): Promise<string[]> => {
      const r = await RawClient.connect(port);
      try {
        const out: string[] = [];
        for (const k of ['s', 'empty']) {
          out.push(await r.call('XRANGE', k, '-', '+'), await r.call('XINFO', 'STREAM', k), await r.call('XPENDING', k, 'g'));
          if (groups) out.push(await r.call('XINFO', 'GROUPS', k));
          out.push((await r.call('XPENDING', k, 'g', '-', '+', '100')).replace(/\r\n:\d+\r\n(:\d+\r\n)/g, '\r\n:T\r\n$1'));
        }
        return out;
      } finally {
        r.close();
      }
    };
    try {
      let p = await startPetrel({ dir, appendonly: 'yes' });
      const r = await RawClient.connect(p.port);
      for (const cmd of cmds) expect((await r.call(...cmd)).startsWith('-'), cmd.join(' ')).toBe(false);
      r.close();
      const want = await snap(p.port);
      await p.close();
      p = await startPetrel({ dir, appendonly: 'yes' });
      expect(await snap(p.port, false)).toEqual(want.filter((_, i) => i % 5 !== 3));
      await p.close();
      // Rewrites start from the data as replayed: rebuild the reference from the first run's state.
      p = await startPetrel({ dir, appendonly: 'yes' });
      const replayed = await snap(p.port);
      await p.close();
      for (const preamble of ['yes', 'no']) {
        p = await startPetrel({ dir, appendonly: 'yes', 'aof-use-rdb-preamble': preamble });
        const ctl = await RawClient.connect(p.port);
        await ctl.call('BGREWRITEAOF');
        for (let i = 0; i < 200 && /aof_rewrite_in_progress:1/.test(await ctl.call('INFO', 'persistence')); i++) await new Promise((res) => setTimeout(res, 10));
        ctl.close();
        await p.close();
        p = await startPetrel({ dir, appendonly: 'yes' });
        expect(await snap(p.port), `preamble ${preamble}`).toEqual(replayed);
        await p.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
