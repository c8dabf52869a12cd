// Streams against the real redis-server (7.0 oracle), byte for byte: fixed
// sequences over every command and option, node boundaries and `~` trimming,
// XINFO, consumer groups, errors, RESP3; random sequences (fast-check); DUMP
// payloads and RDB files both ways; what is written to the AOF.
//
// Explicit IDs keep replies deterministic. Replies that carry times (idle
// times, delivery times) are compared with those numbers blanked out.
// Redis 7.2 differs from 7.0 in a few places Petrel follows 7.2 (each is
// asserted in test/integration/streams*.test.ts instead):
//   - XINFO CONSUMERS has `inactive`, XINFO STREAM FULL consumers `active-time`;
//   - "Unbalanced 'xread' list of streams ... ID or '$'" (7.0: "Unbalanced XREAD ...");
//   - XSETID refuses an ID below max-deleted-entry-id even on an empty stream;
//   - XADD <ms>-* on a full sequence says "equal or smaller" (7.0: "Elements are too large");
//   - a blocked XREADGROUP whose key goes away gets NOGROUP (7.0: "UNBLOCKED ... no longer exists");
//   - XREADGROUP / XCLAIM / XAUTOCLAIM create their consumer even when they read or claim
//     nothing (7.0: only then), so XINFO GROUPS counts it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HAVE_REDIS, startPair, type Cmd, type Pair } from '../helpers/differential.js';
import { parseReplyTree, type ReplyNode } from '../helpers/resp.js';
import { RawClient } from '../helpers/raw.js';
import { startPetrel } from '../helpers/server.js';
import { startRealRedis } from '../helpers/redis.js';

/** Replaces the idle-time field of XPENDING's extended reply, so replies compare regardless of timing. */
function blankIdle(reply: string): string {
  if (!reply.startsWith('*') || reply.startsWith('*-1')) return reply;
  const tree = parseReplyTree(reply)[0];
  if (tree.children.length === 0 || tree.children[0].children.length !== 4) return reply;
  return `*${tree.children.length}\r\n` + tree.children.map((e) => `*4\r\n${e.children[0].raw}${e.children[1].raw}:0\r\n${e.children[3].raw}`).join('');
}

describe.skipIf(!HAVE_REDIS)('streams (differential)', () => {
  let pair: Pair;

  beforeAll(async () => {
    pair = (await startPair())!;
  });

  afterAll(async () => {
    await pair.close();
  });

  async function same(cmds: Cmd[]): Promise<void> {
    for (const cmd of cmds) {
      const { petrel, redis } = await pair.both(...cmd);
      if (cmd[0] === 'XPENDING' && cmd.length > 3) expect(blankIdle(petrel), JSON.stringify(cmd)).toBe(blankIdle(redis));
      else expect(petrel, JSON.stringify(cmd)).toBe(redis);
    }
  }

  it('XADD, XRANGE, XREVRANGE, XLEN, XDEL: IDs, bounds and errors', async () => {
    await pair.reset();
    const c: Cmd[] = [
      ['XADD', 's', '1-1', 'a', '1'],
      ['XADD', 's', '1-2', 'a', '2', 'b', '3'],
      ['XADD', 's', '1-*', 'a', 'x'],
      ['XADD', 's', '5', 'f', 'v'],
      ['XADD', 's', '5-*', 'f', 'v'],
      ['XADD', 's', '4-0', 'f', 'v'],
      ['XADD', 's', '0-0', 'f', 'v'],
      ['XADD', 's2', '0-*', 'f', 'v'],
      ['XADD', 's', '+', 'f', 'v'],
      ['XADD', 's', '-', 'f', 'v'],
      ['XADD', 's', 'abc', 'f', 'v'],
      ['XADD', 's', '1-2-3', 'f', 'v'],
      ['XADD', 's', ' 6', 'f', 'v'],
      ['XADD', 's', '+7', 'f', 'v'],
      ['XADD', 's', '008', 'f', 'v'],
      ['XADD', 's', '9- -1', 'f', 'v'],
      ['XADD', 's', '10', 'f'],
      ['XADD', 's', '10', 'f', 'v', 'g'],
      ['XADD', 's', 'MAXLEN', '5'],
      ['XADD', 's', 'MAXLEN', '-1', '*', 'f', 'v'],
      ['XADD', 's', 'MAXLEN', 'abc', '*', 'f', 'v'],
      ['XADD', 's', 'MAXLEN', '5', 'MINID', '3', '*', 'f', 'v'],
      ['XADD', 's', 'LIMIT', '5', '*', 'f', 'v'],
      ['XADD', 's', 'MAXLEN', '5', 'LIMIT', '5', '*', 'f', 'v'],
      ['XADD', 's', 'MAXLEN', '~', '5', 'LIMIT', '-1', '*', 'f', 'v'],
      ['XADD', 's', 'NOMKSTREAM', '20', 'f', 'v'],
      ['XADD', 'nos', 'NOMKSTREAM', '20', 'f', 'v'],
      ['XADD', 'bin', '1-0', '\x00\xff', 'x\r\ny', '', '-0', '007', '-9223372036854775808', '9223372036854775808', 'v'.repeat(5000)],
      ['XRANGE', 'bin', '-', '+'],
      ['EXISTS', 'nos'],
      ['XLEN', 's'],
      ['XRANGE', 's', '-', '+'],
      ['XRANGE', 's', '-', '+', 'COUNT', '2'],
      ['XRANGE', 's', '-', '+', 'COUNT', '0'],
      ['XRANGE', 's', '-', '+', 'COUNT', '-5'],
      ['XRANGE', 's', '-', '+', 'COUNT'],
      ['XRANGE', 's', '-', '+', 'FOO', '1'],
      ['XRANGE', 's', '(1-1', '+'],
      ['XRANGE', 's', '(1', '+'],
      ['XRANGE', 's', '1', '(5'],
      ['XRANGE', 's', '(-', '+'],
      ['XRANGE', 's', '-', '(+'],
      ['XRANGE', 's', '(', '+'],
      ['XRANGE', 's', '(18446744073709551615-18446744073709551615', '+'],
      ['XRANGE', 's', '-', '(0-0'],
      ['XRANGE', 's', '5', '1'],
      ['XREVRANGE', 's', '+', '-'],
      ['XREVRANGE', 's', '+', '-', 'COUNT', '1'],
      ['XREVRANGE', 's', '5', '1-2'],
      ['XREVRANGE', 's', '(5', '(1-1'],
      ['XRANGE', 'nokey', '-', '+'],
      ['XRANGE', 'nokey', '-', '+', 'COUNT', '0'],
      ['SET', 'str', 'x'],
      ['XRANGE', 'str', '-', '+'],
      ['XADD', 'str', '*', 'a', 'b'],
      ['XLEN', 'str'],
      ['XLEN', 'nokey'],
      ['XDEL', 's', '1-1', '5-0'],
      ['XDEL', 's', '1-1'],
      ['XDEL', 's', 'bad'],
      ['XDEL', 'nokey', 'bad'],
      ['XDEL', 'str', '1'],
      ['XRANGE', 's', '-', '+'],
      ['TYPE', 's'],
      ['OBJECT', 'ENCODING', 's'],
      ['XINFO', 'STREAM', 's'],
      ['XINFO', 'STREAM', 's', 'FULL'],
      ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '1'],
      ['XINFO', 'STREAM', 's', 'FULL', 'COUNT'],
      ['XINFO', 'STREAM', 's', 'FOO'],
      ['XINFO', 'STREAM', 'nokey'],
      ['XINFO', 'STREAM', 'str'],
      ['XINFO', 'HELP'],
      ['XINFO', 'FOO'],
      ['XINFO', 'STREAM'],
      ['XGROUP', 'HELP'],
    ];
    await same(c);
    await pair.both('HELLO', '3');
    await same(c.filter((x) => x[0] !== 'SET' && !(x[0] === 'XADD' && x[1] === 'bin')));
  });

  it('node boundaries, ~ trimming, LIMIT, MINID and XINFO STREAM (radix tree counts) match', async () => {
    await pair.reset();
    const c: Cmd[] = [];
    for (let i = 1; i <= 350; i++) c.push(['XADD', 's', `${i}-0`, 'f', `v${i}`, ...(i % 37 === 0 ? ['g', 'x'] : [])]);
    c.push(['XINFO', 'STREAM', 's'], ['XTRIM', 's', 'MAXLEN', '~', '250'], ['XLEN', 's'], ['XINFO', 'STREAM', 's']);
    c.push(['XTRIM', 's', 'MAXLEN', '~', '10'], ['XINFO', 'STREAM', 's'], ['XTRIM', 's', 'MAXLEN', '=', '120'], ['XINFO', 'STREAM', 's']);
    c.push(['XTRIM', 's', 'MAXLEN', '115'], ['XRANGE', 's', '-', '+', 'COUNT', '3'], ['XTRIM', 's', 'MINID', '~', '260'], ['XINFO', 'STREAM', 's']);
    c.push(['XTRIM', 's', 'MINID', '262'], ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '2'], ['XADD', 's', 'MAXLEN', '~', '50', '400-0', 'f', 'v']);
    c.push(['XTRIM', 's', 'MAXLEN', '~', '0', 'LIMIT', '30'], ['XLEN', 's'], ['XTRIM', 's', 'MAXLEN', '~', '0', 'LIMIT', '200'], ['XLEN', 's']);
    c.push(['XTRIM', 's', 'MAXLEN', '0'], ['XINFO', 'STREAM', 's'], ['XTRIM', 's', 'FOO', '1'], ['XTRIM', 's', 'MAXLEN', '~'], ['XTRIM', 'nokey', 'MAXLEN', '0']);
    c.push(['XTRIM', 's', 'MAXLEN', '1', 'LIMIT', '2'], ['XTRIM', 's', 'NOMKSTREAM', 'MAXLEN', '1']);
    c.push(['CONFIG', 'SET', 'stream-node-max-bytes', '300']);
    for (let i = 1; i < 120; i++) c.push(['XADD', 'b', `${i}-${i % 3}`, `field${i % 5}`, 'x'.repeat(i % 23), 'n', String(i * 1000)]);
    c.push(['XINFO', 'STREAM', 'b'], ['XTRIM', 'b', 'MAXLEN', '~', '40'], ['XINFO', 'STREAM', 'b'], ['XDEL', 'b', '50-2', '51-0', '52-1', '53-2']);
    c.push(['XINFO', 'STREAM', 'b'], ['XREVRANGE', 'b', '+', '-', 'COUNT', '5'], ['XRANGE', 'b', '49', '54']);
    c.push(['CONFIG', 'SET', 'stream-node-max-bytes', '0'], ['CONFIG', 'SET', 'stream-node-max-entries', '7']);
    for (let i = 1; i < 60; i++) c.push(['XADD', 'e', `${i * 1000}-${i}`, 'a', String(-i * 99999999999), 'b', '-0', 'c', '9223372036854775808']);
    c.push(['XINFO', 'STREAM', 'e'], ['XTRIM', 'e', 'MINID', '~', '20000'], ['XINFO', 'STREAM', 'e']);
    for (let i = 1; i < 60; i += 3) c.push(['XDEL', 'e', `${i * 1000}-${i}`]);
    c.push(['XINFO', 'STREAM', 'e'], ['XRANGE', 'e', '-', '+', 'COUNT', '4'], ['XREVRANGE', 'e', '+', '-', 'COUNT', '4']);
    c.push(['CONFIG', 'SET', 'stream-node-max-entries', '0'], ['CONFIG', 'SET', 'stream-node-max-bytes', '4096']);
    const big = [1, 2, 256, 65536, 2 ** 32, 2 ** 40, 2 ** 53 + 1];
    for (let i = 1; i < 300; i++) c.push(['XADD', 'r', `${BigInt(i) * BigInt(big[(i * 7) % big.length])}-*`, 'k', String(i)]);
    c.push(['XINFO', 'STREAM', 'r'], ['XRANGE', 'r', '-', '+', 'COUNT', '5'], ['XREVRANGE', 'r', '+', '-', 'COUNT', '5']);
    c.push(['XADD', 'big', '18446744073709551615-18446744073709551614', 'a', 'b'], ['XADD', 'big', '18446744073709551615-*', 'a', 'b']);
    c.push(['XADD', 'big', '*', 'a', 'b'], ['XINFO', 'STREAM', 'big'], ['XADD', 'big4', '18446744073709551616-0', 'a', 'b']);
    c.push(['XSETID', 'big4', '5'], ['XSETID', 's', '1000'], ['XINFO', 'STREAM', 's'], ['XSETID', 's', '1000', 'ENTRIESADDED', '1']);
    c.push(['XSETID', 's', '1000', 'ENTRIESADDED', '-1'], ['XSETID', 's', '1000', 'MAXDELETEDID', '2000'], ['XSETID', 's', '1000', 'MAXDELETEDID', 'bad']);
    c.push(['XSETID', 's', '1000', 'ENTRIESADDED'], ['XSETID', 's', 'bad'], ['XSETID', 's', '-']);
    c.push(['XADD', 'z', '1-1', 'a', 'b'], ['XSETID', 'z', '2-0', 'ENTRIESADDED', '9223372036854775807', 'MAXDELETEDID', '1-5']);
    c.push(['XINFO', 'STREAM', 'z'], ['XGROUP', 'CREATE', 'z', 'g', '$', 'ENTRIESREAD', '9223372036854775807'], ['XINFO', 'GROUPS', 'z']);
    await same(c);
  });

  it('consumer groups: XGROUP, XREADGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM, XINFO GROUPS', async () => {
    await pair.reset();
    const c: Cmd[] = [];
    for (let i = 1; i <= 10; i++) c.push(['XADD', 's', `${i}-0`, 'f', `v${i}`]);
    c.push(
      ['XGROUP', 'CREATE', 's', 'g', '0'],
      ['XGROUP', 'CREATE', 's', 'g', '0'],
      ['XGROUP', 'CREATE', 's', 'g2', '$'],
      ['XGROUP', 'CREATE', 's', 'g3', '$', 'ENTRIESREAD', '2'],
      ['XGROUP', 'CREATE', 's', 'g4', '$', 'ENTRIESREAD', '-2'],
      ['XGROUP', 'CREATE', 's', 'g4', '$', 'ENTRIESREAD', 'x'],
      ['XGROUP', 'CREATE', 's', 'g4', '$', 'FOO'],
      ['XGROUP', 'CREATE', 's', 'g4', '+'],
      ['XGROUP', 'CREATE', 'nokey', 'g', '$'],
      ['XGROUP', 'CREATE', 'mk', 'g', '$', 'MKSTREAM'],
      ['XINFO', 'STREAM', 'mk'],
      ['XGROUP', 'SETID', 's', 'nog', '1-1'],
      ['XGROUP', 'SETID', 's', 'g2', '-'],
      ['XGROUP', 'SETID', 's', 'g2', '+', 'ENTRIESREAD', '5'],
      ['XGROUP', 'SETID', 's', 'g2', '0', 'MKSTREAM'],
      ['XGROUP', 'CREATECONSUMER', 's', 'g', 'zed'],
      ['XGROUP', 'CREATECONSUMER', 's', 'g', 'zed'],
      ['XGROUP', 'CREATECONSUMER', 's', 'nog', 'zed'],
      ['XGROUP', 'DELCONSUMER', 's', 'g', 'bob'],
      ['XGROUP', 'DESTROY', 's', 'g3'],
      ['XGROUP', 'DESTROY', 's', 'g3'],
      ['XGROUP', 'FOO', 's', 'g'],
      ['XGROUP', 'CREATE', 's'],
      ['XINFO', 'GROUPS', 's'],
      ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '3', 'STREAMS', 's', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'bob', 'COUNT', '2', 'STREAMS', 's', '>'],
      ['XPENDING', 's', 'g'],
      ['XPENDING', 's', 'g', '-', '+', '10'],
      ['XPENDING', 's', 'g', '-', '+', '10', 'alice'],
      ['XPENDING', 's', 'g', '-', '+', '10', 'nobody'],
      ['XPENDING', 's', 'g', '(1', '+', '2'],
      ['XPENDING', 's', 'g', 'IDLE', '0', '-', '+', '10'],
      ['XPENDING', 's', 'g', 'IDLE', 'x', '-', '+', '10'],
      ['XPENDING', 's', 'g', 'IDLE', '0', '-', '+'],
      ['XPENDING', 's', 'g', '-', '+'],
      ['XPENDING', 's', 'g', '-', '+', 'x'],
      ['XPENDING', 's', 'g', '-', 'bad', '1'],
      ['XPENDING', 's', 'nog'],
      ['XPENDING', 'nokey', 'g'],
      ['XPENDING', 's', 'g', '-', '+', '10', 'alice', 'extra', 'extra2'],
      ['XPENDING', 's', 'g', '-', '+', '10', 'alice', 'extra', 'extra2', 'x'],
      ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '0'],
      ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '1', 'STREAMS', 's', '0'],
      ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '2'],
      ['XACK', 's', 'g', '1-0', '2-0', '99-0'],
      ['XACK', 's', 'g', 'bad'],
      ['XACK', 's', 'nog', '1-0'],
      ['XACK', 'nokey', 'g', '1-0'],
      ['XDEL', 's', '3-0'],
      ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '0'],
      ['XINFO', 'GROUPS', 's'],
      ['XCLAIM', 's', 'g', 'carol', '0', '4-0', 'TIME', '1000', 'RETRYCOUNT', '7'],
      ['XPENDING', 's', 'g', '-', '+', '10'],
      ['XCLAIM', 's', 'g', 'carol', '0', '5-0', 'JUSTID'],
      ['XCLAIM', 's', 'g', 'carol', '0', '5-0', 'JUSTID', 'RETRYCOUNT', '3'],
      ['XCLAIM', 's', 'g', 'carol', '0', '3-0'],
      ['XCLAIM', 's', 'g', 'carol', '0', '9-0', 'FORCE', 'JUSTID'],
      ['XCLAIM', 's', 'g', 'carol', '0', '9-0', '10-0', 'FORCE', 'TIME', '5', 'RETRYCOUNT', '1'],
      ['XCLAIM', 's', 'g', 'carol', '3600000', '9-0'],
      ['XPENDING', 's', 'g', '-', '+', '10'],
      ['XCLAIM', 's', 'g', 'carol', '0', '4-0', 'FOO'],
      ['XCLAIM', 's', 'g', 'carol', 'x', '4-0'],
      ['XCLAIM', 's', 'g', 'carol', '0', '4-0', 'IDLE', 'x'],
      ['XCLAIM', 's', 'g', 'carol', '0', '4-0', 'TIME', 'x'],
      ['XCLAIM', 's', 'g', 'carol', '0', '4-0', 'RETRYCOUNT', 'x'],
      ['XCLAIM', 's', 'g', 'carol', '0', '4-0', 'LASTID', 'bad'],
      ['XCLAIM', 's', 'g', 'carol', '0', '4-0', 'LASTID'],
      ['XCLAIM', 's', 'nog', 'carol', '0', '4-0'],
      ['XCLAIM', 'nokey', 'g', 'carol', '0', '4-0'],
      ['XCLAIM', 's', 'g', 'dave', '0', '4-0', 'LASTID', '100-0', 'JUSTID', 'RETRYCOUNT', '0'],
      ['XINFO', 'GROUPS', 's'],
      ['XPENDING', 's', 'g'],
      ['XAUTOCLAIM', 's', 'g', 'erin', '0', '0', 'COUNT', '2'],
      ['XAUTOCLAIM', 's', 'g', 'erin', '0', '0', 'COUNT', '2', 'JUSTID'],
      ['XAUTOCLAIM', 's', 'g', 'erin', '0', '(5'],
      ['XAUTOCLAIM', 's', 'g', 'erin', '0', '-', 'COUNT', '0'],
      ['XAUTOCLAIM', 's', 'g', 'erin', '0', '-', 'COUNT', 'x'],
      ['XAUTOCLAIM', 's', 'g', 'erin', '0', '-', 'COUNT', '576460752303423488'],
      ['XAUTOCLAIM', 's', 'g', 'erin', 'x', '-'],
      ['XAUTOCLAIM', 's', 'g', 'erin', '0', 'bad'],
      ['XAUTOCLAIM', 's', 'g', 'erin', '0', '-', 'FOO'],
      ['XAUTOCLAIM', 's', 'nog', 'erin', '0', '-'],
      ['XAUTOCLAIM', 'nokey', 'g', 'erin', '0', '-'],
      ['XAUTOCLAIM', 's', 'g', 'erin', '3600000', '-'],
      ['XDEL', 's', '6-0', '7-0'],
      ['XAUTOCLAIM', 's', 'g', 'erin', '0', '-', 'COUNT', '1'],
      ['XAUTOCLAIM', 's', 'g', 'erin', '0', '-'],
      ['XPENDING', 's', 'g', '-', '+', '10'],
      ['XGROUP', 'DELCONSUMER', 's', 'g', 'erin'],
      ['XPENDING', 's', 'g'],
      ['XINFO', 'GROUPS', 's'],
      ['XREADGROUP', 'GROUP', 'g', 'alice', 'NOACK', 'STREAMS', 's', '>'],
      ['XADD', 's', '11-0', 'f', 'v11'],
      ['XADD', 's', '12-0', 'f', 'v12'],
      ['XREADGROUP', 'GROUP', 'g', 'alice', 'NOACK', 'COUNT', '1', 'STREAMS', 's', '>'],
      ['XINFO', 'GROUPS', 's'],
      ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>'],
      ['XINFO', 'GROUPS', 's'],
      ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '$'],
      ['XREADGROUP', 'GROUP', 'g', 'STREAMS', 's', '>'],
      ['XREADGROUP', 'GROUP', 'nog', 'alice', 'STREAMS', 's', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 'nokey', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'alice', 'FOO', 'STREAMS', 's', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', 'x', 'STREAMS', 's', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', 'x', 'STREAMS', 's', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '-1', 'STREAMS', 's', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', 'bad'],
      ['XREAD', 'STREAMS', 's', '0'],
      ['XREAD', 'COUNT', '2', 'STREAMS', 's', 'nokey', '0', '0'],
      ['XREAD', 'STREAMS', 's', '$'],
      ['XREAD', 'STREAMS', 's', '12'],
      ['XREAD', 'STREAMS', 's', '>'],
      ['XREAD', 'GROUP', 'g', 'a', 'STREAMS', 's', '0'],
      ['XREAD', 'NOACK', 'STREAMS', 's', '0'],
      ['XREAD', 'STREAMS', 's', '+'],
      ['XREAD', 'STREAMS', 's', '-'],
      ['XREAD', 'BLOCK', '1', 'STREAMS'],
      ['XREAD', 'STREAMS', 's', 's', '0', '5'],
      ['XREAD', 'COUNT', '-1', 'STREAMS', 's', '10'],
      ['SET', 'str', 'x'],
      ['XREAD', 'STREAMS', 'str', '0'],
      ['XREADGROUP', 'GROUP', 'g', 'a', 'STREAMS', 'str', '>'],
      ['XGROUP', 'CREATE', 'str', 'g', '$', 'MKSTREAM'],
      ['XINFO', 'GROUPS', 'str'],
      ['XPENDING', 'str', 'g'],
      ['XACK', 'str', 'g', '1'],
      ['XCLAIM', 'str', 'g', 'c', '0', '1'],
      ['MULTI'],
      ['XREAD', 'BLOCK', '0', 'STREAMS', 's', '$'],
      ['XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '0', 'STREAMS', 's', '>'],
      ['EXEC'],
      ['XREAD', 'BLOCK', '10', 'STREAMS', 's', '$'],
    );
    await same(c);
    await pair.both('HELLO', '3');
    await same([
      ['XREAD', 'STREAMS', 's', 's', '0', '5'],
      ['XREAD', 'STREAMS', 's', '$'],
      ['XINFO', 'STREAM', 's'],
      ['XINFO', 'GROUPS', 's'],
      ['XINFO', 'STREAM', 'mk'],
      ['XPENDING', 's', 'g'],
      ['XPENDING', 'mk', 'g'],
      ['XPENDING', 's', 'g', '-', '+', '1'],
      ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '0'],
      ['XAUTOCLAIM', 's', 'g', 'zed', '0', '-', 'COUNT', '1'],
      ['XREAD', 'BLOCK', '10', 'STREAMS', 's', '$'],
      ['XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '10', 'STREAMS', 's', '>'],
    ]);
  });

  it('COMMAND INFO and GETKEYS of the stream commands', async () => {
    await pair.reset();
    // (XADD's key spec note is Petrel's own words; container subcommand order is Redis's dict order.)
    const names = ['xlen', 'xrange', 'xrevrange', 'xdel', 'xtrim', 'xsetid', 'xread', 'xreadgroup', 'xack', 'xpending', 'xclaim', 'xautoclaim'];
    const subs = ['xgroup|create', 'xgroup|createconsumer', 'xgroup|delconsumer', 'xgroup|destroy', 'xgroup|setid', 'xgroup|help', 'xinfo|stream', 'xinfo|groups', 'xinfo|consumers', 'xinfo|help'];
    await same([...names, ...subs].map((n) => ['COMMAND', 'INFO', n]));
    await same([
      ['COMMAND', 'GETKEYS', 'XREAD', 'COUNT', '2', 'STREAMS', 'a', 'b', '0', '0'],
      ['COMMAND', 'GETKEYS', 'XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'a', '>'],
      ['COMMAND', 'GETKEYS', 'XADD', 'k', '*', 'f', 'v'],
      ['COMMAND', 'GETKEYS', 'XGROUP', 'CREATE', 'k', 'g', '$'],
      ['COMMAND', 'GETKEYS', 'XINFO', 'STREAM', 'k'],
    ]);
  });

  it('COMMAND DOCS of the stream commands (summaries are Petrel\'s own words; 7.2 adds display_text)', async () => {
    const strip = (n: ReplyNode): unknown => {
      const kids = n.children;
      if (kids.length === 0) return n.raw;
      if (n.type === '*' && kids.length % 2 === 0) {
        const out: unknown[] = [];
        for (let i = 0; i < kids.length; i += 2) {
          if (kids[i].raw === '$12\r\ndisplay_text\r\n' || kids[i].raw === '$7\r\nsummary\r\n') continue;
          out.push(strip(kids[i]), strip(kids[i + 1]));
        }
        return out;
      }
      return kids.map(strip);
    };
    // (xinfo|stream and xinfo|consumers gained 7.2 history entries; the containers list subcommands in dict order.)
    const names = ['xadd', 'xlen', 'xrange', 'xrevrange', 'xdel', 'xtrim', 'xsetid', 'xread', 'xreadgroup', 'xack', 'xpending', 'xclaim', 'xautoclaim'];
    for (const n of [...names, 'xgroup|create', 'xgroup|setid', 'xgroup|destroy', 'xgroup|createconsumer', 'xgroup|delconsumer', 'xgroup|help', 'xinfo|groups', 'xinfo|help']) {
      const { petrel, redis } = await pair.both('COMMAND', 'DOCS', n);
      expect(strip(parseReplyTree(petrel)[0]), n).toEqual(strip(parseReplyTree(redis)[0]));
    }
  });

  it('random command sequences reply the same (fast-check)', async () => {
    const key = fc.constantFrom('s1', 's2', 'str');
    const ms = fc.integer({ min: 1, max: 40 });
    const idArg = fc.oneof(
      fc.tuple(ms, fc.integer({ min: 0, max: 3 })).map(([m, s]) => `${m}-${s}`),
      ms.map(String),
      fc.constantFrom('-', '+', '0', '0-0', 'bad'),
    );
    const bound = fc.oneof(idArg, idArg.map((x) => `(${x}`));
    const field = fc.constantFrom('f', 'g', 'name', '1', '');
    const val = fc.constantFrom('v', '', '123', '-7', 'x'.repeat(70), '9223372036854775807');
    const group = fc.constantFrom('g1', 'g2');
    const consumer = fc.constantFrom('c1', 'c2', 'c3');
    const trim = fc.oneof(
      fc.constant([] as string[]),
      fc.tuple(fc.constantFrom('MAXLEN', 'MINID'), fc.constantFrom([], ['~'], ['=']), fc.integer({ min: 0, max: 12 }), fc.constantFrom([], ['LIMIT', '3'], ['LIMIT', '0'])).map(
        ([s, op, n, lim]) => [s, ...op, s === 'MAXLEN' ? String(n) : `${n * 3}`, ...(op[0] === '~' ? lim : [])],
      ),
    );
    const cmd: fc.Arbitrary<string[]> = fc.oneof(
      { weight: 8, arbitrary: fc.tuple(key, trim, fc.oneof(idArg, ms.map((m) => `${m}-*`)), fc.array(fc.tuple(field, val), { minLength: 1, maxLength: 3 })).map(([k, t, id, kv]) => ['XADD', k, ...t, id, ...kv.flat()]) },
      { weight: 2, arbitrary: fc.tuple(key, fc.array(idArg, { minLength: 1, maxLength: 3 })).map(([k, ids]) => ['XDEL', k, ...ids]) },
      { weight: 2, arbitrary: fc.tuple(key, trim.filter((t) => t.length > 0)).map(([k, t]) => ['XTRIM', k, ...t]) },
      { weight: 3, arbitrary: fc.tuple(fc.boolean(), key, bound, bound, fc.constantFrom([], ['COUNT', '2'], ['COUNT', '0'])).map(([rev, k, a, b, cnt]) => [rev ? 'XREVRANGE' : 'XRANGE', k, a, b, ...cnt]) },
      { weight: 1, arbitrary: key.map((k) => ['XLEN', k]) },
      { weight: 2, arbitrary: key.map((k) => ['XINFO', 'STREAM', k]) },
      { weight: 2, arbitrary: key.map((k) => ['XINFO', 'GROUPS', k]) },
      { weight: 2, arbitrary: fc.tuple(key, group, fc.constantFrom('$', '0', '3-1', '20'), fc.constantFrom([], ['MKSTREAM'], ['ENTRIESREAD', '2'])).map(([k, g, id, o]) => ['XGROUP', 'CREATE', k, g, id, ...o]) },
      { weight: 1, arbitrary: fc.tuple(key, group, fc.constantFrom('$', '0', '5', '+'), fc.constantFrom([], ['ENTRIESREAD', '3'])).map(([k, g, id, o]) => ['XGROUP', 'SETID', k, g, id, ...o]) },
      { weight: 1, arbitrary: fc.tuple(key, group).map(([k, g]) => ['XGROUP', 'DESTROY', k, g]) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom('CREATECONSUMER', 'DELCONSUMER'), key, group, consumer).map(([s, k, g, c]) => ['XGROUP', s, k, g, c]) },
      {
        weight: 4,
        arbitrary: fc.tuple(group, consumer, fc.constantFrom([], ['COUNT', '1'], ['COUNT', '3']), fc.boolean(), key, fc.constantFrom('>', '>', '0', '5')).map(([g, c, cnt, noack, k, id]) => [
          'XGROUP', 'CREATECONSUMER', k, g, c, '\n', 'XREADGROUP', 'GROUP', g, c, ...cnt, ...(noack ? ['NOACK'] : []), 'STREAMS', k, id,
        ]),
      },
      { weight: 1, arbitrary: fc.tuple(key, key, idArg, idArg).map(([a, b, x, y]) => ['XREAD', 'COUNT', '2', 'STREAMS', a, b, x, y]) },
      { weight: 2, arbitrary: fc.tuple(key, group, fc.array(idArg, { minLength: 1, maxLength: 3 })).map(([k, g, ids]) => ['XACK', k, g, ...ids]) },
      { weight: 2, arbitrary: fc.tuple(key, group).map(([k, g]) => ['XPENDING', k, g]) },
      { weight: 1, arbitrary: fc.tuple(key, group, fc.constantFrom([], ['c1'], ['c2'])).map(([k, g, c]) => ['XPENDING', k, g, '-', '+', '5', ...c]) },
      // Redis 7.2 creates the consumer of XREADGROUP / XCLAIM / XAUTOCLAIM up front, 7.0 only
      // when it reads or claims something: these go after an XGROUP CREATECONSUMER.
      {
        weight: 2,
        arbitrary: fc.tuple(key, group, consumer, fc.array(idArg, { minLength: 1, maxLength: 2 }), fc.constantFrom(['JUSTID'], ['JUSTID', 'FORCE'], [], ['RETRYCOUNT', '4', 'JUSTID'], ['LASTID', '30-0', 'JUSTID'])).map(
          ([k, g, c, ids, o]) => ['XGROUP', 'CREATECONSUMER', k, g, c, '\n', 'XCLAIM', k, g, c, '0', ...ids, ...o],
        ),
      },
      {
        weight: 2,
        arbitrary: fc.tuple(key, group, consumer, idArg, fc.constantFrom([], ['COUNT', '1'], ['JUSTID'], ['COUNT', '2', 'JUSTID'])).map(([k, g, c, id, o]) => [
          'XGROUP', 'CREATECONSUMER', k, g, c, '\n', 'XAUTOCLAIM', k, g, c, '0', id, ...o,
        ]),
      },
      { weight: 1, arbitrary: fc.tuple(key, fc.integer({ min: 41, max: 60 })).map(([k, m]) => ['XSETID', k, `${m}-0`]) },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('2', '3'), fc.constantFrom('2', '3', '100'), fc.constantFrom('0', '90', '4096'), fc.array(cmd, { minLength: 15, maxLength: 60, size: 'max' }), async (proto, entries, bytes, seq) => {
        await pair.reset();
        await pair.both('HELLO', proto);
        await pair.both('CONFIG', 'SET', 'stream-node-max-entries', entries);
        await pair.both('CONFIG', 'SET', 'stream-node-max-bytes', bytes);
        await pair.both('SET', 'str', 'x');
        // A generated item may hold two commands separated by '\n'.
        const cmds: string[][] = [];
        for (const item of seq) {
          let cur: string[] = [];
          for (const a of item) {
            if (a === '\n') {
              cmds.push(cur);
              cur = [];
            } else cur.push(a);
          }
          cmds.push(cur);
        }
        for (const argv of cmds) {
          const { petrel, redis } = await pair.both(...argv);
          const where = `${JSON.stringify(argv)} in ${JSON.stringify(seq)} (RESP${proto}, node entries ${entries}, bytes ${bytes})`;
          if (argv[0] === 'XPENDING' && argv.length > 3) expect(blankIdle(petrel), where).toBe(blankIdle(redis));
          else expect(petrel, where).toBe(redis);
        }
      }),
      { numRuns: 250, interruptAfterTimeLimit: 20_000, markInterruptAsFailure: false },
    );
    await pair.both('CONFIG', 'SET', 'stream-node-max-entries', '100');
    await pair.both('CONFIG', 'SET', 'stream-node-max-bytes', '4096');
  }, 40_000);
});

describe.skipIf(!HAVE_REDIS)('stream persistence vs redis-server', () => {
  const fill: string[][] = [];
  for (let i = 1; i <= 250; i++) fill.push(['XADD', 's', `${i}-${i % 4}`, 'f', `v${i}`, ...(i % 17 === 0 ? ['x', '123'] : [])]);
  fill.push(['XDEL', 's', '5-1', '100-0', '101-1'], ['XTRIM', 's', 'MAXLEN', '200']);
  fill.push(['XGROUP', 'CREATE', 's', 'g1', '0'], ['XGROUP', 'CREATE', 's', 'g2', '150']);
  fill.push(['XREADGROUP', 'GROUP', 'g1', 'alice', 'COUNT', '5', 'STREAMS', 's', '>'], ['XREADGROUP', 'GROUP', 'g1', 'bob', 'COUNT', '3', 'STREAMS', 's', '>']);
  fill.push(['XGROUP', 'CREATECONSUMER', 's', 'g2', 'carol'], ['XGROUP', 'CREATE', 'empty', 'g', '$', 'MKSTREAM']);
  fill.push(['XADD', 'e2', '5-5', 'a', 'b'], ['XDEL', 'e2', '5-5'], ['XADD', 'plain', '1-0', 'a', '1'], ['XADD', 'plain', '2-0', 'a', '2', 'b', '3']);
  const KEYS = ['s', 'empty', 'e2', 'plain'];
  const readBack = (k: string): string[][] => [['XRANGE', k, '-', '+'], ['XINFO', 'STREAM', k], ['XINFO', 'GROUPS', k], ['XPENDING', k, 'g1'], ['XPENDING', k, 'g1', '-', '+', '100']];

  async function contents(port: number, key: string): Promise<string[]> {
    const c = await RawClient.connect(port);
    try {
      const out: string[] = [];
      for (const cmd of readBack(key)) out.push(blankIdle(await c.call(...cmd)));
      return out;
    } finally {
      c.close();
    }
  }

  async function run(port: number, cmds: string[][]): Promise<void> {
    const c = await RawClient.connect(port);
    try {
      for (const cmd of cmds) await c.call(...cmd);
    } finally {
      c.close();
    }
  }

  it('DUMP payloads restore both ways; without groups and compression they are byte-identical', async () => {
    const pair = (await startPair({ petrel: { 'rdb-version': 10, rdbcompression: 'no' }, redisArgs: ['--rdbcompression', 'no'] }))!;
    try {
      await run(pair.petrel.port, fill);
      await run(pair.redis.port, fill);
      const payload = (raw: string): Buffer => Buffer.from(raw.slice(raw.indexOf('\r\n') + 2, -2), 'latin1');
      for (const k of KEYS) {
        const fromRedis = payload(await pair.r.call('DUMP', k));
        const fromPetrel = payload(await pair.p.call('DUMP', k));
        if (k === 'plain' || k === 'e2') expect(fromPetrel.equals(fromRedis), k).toBe(true);
        expect(await pair.p.call('RESTORE', `${k}:r`, '0', fromRedis)).toBe('+OK\r\n');
        expect(await pair.r.call('RESTORE', `${k}:p`, '0', fromPetrel)).toBe('+OK\r\n');
        const want = await contents(pair.redis.port, k);
        const fix = (from: string, to: string) => (xs: string[]): string[] => xs.map((x) => x.split(`'${from}'`).join(`'${to}'`));
        expect(fix(`${k}:r`, k)(await contents(pair.petrel.port, `${k}:r`)), k).toEqual(want);
        expect(fix(`${k}:p`, k)(await contents(pair.redis.port, `${k}:p`)), k).toEqual(want);
      }
    } finally {
      await pair.close();
    }
  });

  it('RDB files move both ways (Petrel writes version 10 for Redis 7.0)', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'petrel-streams-'));
    try {
      // Redis writes, Petrel loads.
      const rdir = path.join(tmp, 'r');
      fs.mkdirSync(rdir);
      const r = (await startRealRedis(['--dir', rdir, '--dbfilename', 'dump.rdb']))!;
      const want: Record<string, string[]> = {};
      try {
        await run(r.port, [...fill, ['SAVE']]);
        for (const k of KEYS) want[k] = await contents(r.port, k);
      } finally {
        await r.close();
      }
      // Petrel loads Redis's file, and writes its own in its place.
      const pdir = path.join(tmp, 'p');
      fs.mkdirSync(pdir);
      fs.copyFileSync(path.join(rdir, 'dump.rdb'), path.join(pdir, 'dump.rdb'));
      const p = await startPetrel({ dir: pdir, dbfilename: 'dump.rdb', 'rdb-version': 10 });
      try {
        for (const k of KEYS) expect(await contents(p.port, k), k).toEqual(want[k]);
        await run(p.port, [['SAVE']]);
      } finally {
        await p.close();
      }
      expect(fs.readFileSync(path.join(pdir, 'dump.rdb')).latin1Slice(0, 9)).toBe('REDIS0010');
      const r2 = (await startRealRedis(['--dir', pdir, '--dbfilename', 'dump.rdb']))!;
      try {
        for (const k of KEYS) expect(await contents(r2.port, k), k).toEqual(want[k]);
      } finally {
        await r2.close();
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('what is written to the AOF matches Redis (XADD ids and trimming, XREADGROUP, XCLAIM, XAUTOCLAIM)', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'petrel-streams-aof-'));
    const seq: string[][] = [['XADD', 's', '5-*', 'a', '1']];
    for (let i = 10; i <= 40; i++) seq.push(['XADD', 's', `${i}-0`, 'a', String(i)]);
    seq.push(
      ['XADD', 's', 'MAXLEN', '~', '10', '41-*', 'a', 'b'],
      ['XADD', 's', 'MINID', '~', '30', 'LIMIT', '1000', '42-*', 'a', 'b'],
      ['XTRIM', 's', 'MAXLEN', '~', '5'],
      ['XTRIM', 's', 'MAXLEN', '5'],
      ['XGROUP', 'CREATE', 's', 'g', '0'],
      ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '2', 'STREAMS', 's', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'bob', 'NOACK', 'COUNT', '2', 'STREAMS', 's', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '2', 'STREAMS', 's', '0'],
      ['XCLAIM', 's', 'g', 'carol', '0', '37-0', 'TIME', '1000'],
      ['XAUTOCLAIM', 's', 'g', 'dave', '0', '-', 'COUNT', '1'],
      ['XCLAIM', 's', 'g', 'carol', '0', '1-0', 'LASTID', '99-0'],
      ['XDEL', 's', '38-0'],
      ['XAUTOCLAIM', 's', 'g', 'dave', '0', '-'],
      ['XACK', 's', 'g', '37-0'],
      ['XGROUP', 'SETID', 's', 'g', '0'],
      ['XGROUP', 'CREATECONSUMER', 's', 'g', 'erin'],
      ['XGROUP', 'DELCONSUMER', 's', 'g', 'erin'],
      ['XSETID', 's', '500'],
    );
    try {
      const r = (await startRealRedis(['--dir', tmp, '--appendonly', 'yes', '--appendfsync', 'always']))!;
      try {
        await run(r.port, seq);
      } finally {
        await r.close();
      }
      const dir = path.join(tmp, 'appendonlydir');
      const incr = fs.readdirSync(dir).find((f) => f.endsWith('.incr.aof'))!;
      const text = fs.readFileSync(path.join(dir, incr)).latin1Slice();
      const redisLog: string[][] = [];
      for (let pos = 0; pos < text.length; ) {
        const [node, end] = parseReplyTree(text, pos);
        pos = end;
        const argv = node.children.map((x) => x.raw.slice(x.raw.indexOf('\r\n') + 2, -2));
        if (argv[0] !== 'SELECT') redisLog.push(argv);
      }
      const p = await startPetrel();
      const petrelLog: string[][] = [];
      p.server.propagation.attach({
        feed(cmds) {
          for (const x of cmds) petrelLog.push(x.argv);
        },
      });
      try {
        await run(p.port, seq);
      } finally {
        await p.close();
      }
      const t = (argv: string[]): string[] => argv.map((a, i) => (argv[i - 1] === 'TIME' && a !== '1000' ? 'T' : a));
      expect(petrelLog.map(t)).toEqual(redisLog.map(t));
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
