// XREAD / XREADGROUP BLOCK with several raw clients: `$` resolved when the
// client blocks, timeouts (RESP2 and RESP3 nulls), several readers and
// consumers, what wakes a waiter and what does not (Redis 7.2: XADD, XGROUP
// DESTROY, a key deleted / replaced / swapped / flushed), the errors a woken
// XREADGROUP gets, MULTI, CLIENT UNBLOCK, and propagation of served reads.

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw.js';
import { startPetrel } from '../helpers/server.js';
import type { PetrelServer } from '../../src/index.js';

let petrel: PetrelServer;
let ctl: RawClient;
let opened: RawClient[] = [];
let logged: string[][] = [];

const bulk = (s: string): string => `$${s.length}\r\n${s}\r\n`;
const arr = (...parts: string[]): string => `*${parts.length}\r\n${parts.join('')}`;
const entry = (id: string, ...kv: string[]): string => arr(bulk(id), arr(...kv.map(bulk)));
const streamReply = (key: string, ...entries: string[]): string => arr(arr(bulk(key), arr(...entries)));
const NOGROUP = (key: string, group: string): string => `-NOGROUP No such key '${key}' or consumer group '${group}' in XREADGROUP with GROUP option\r\n`;

async function client(): Promise<RawClient> {
  const c = await RawClient.connect(petrel.port);
  opened.push(c);
  return c;
}

async function waitBlocked(n: number): Promise<void> {
  const deadline = Date.now() + 2000;
  while (petrel.server.blocking.blockedCount !== n) {
    if (Date.now() > deadline) throw new Error(`expected ${n} blocked clients, have ${petrel.server.blocking.blockedCount}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

async function silent(c: RawClient, ms = 40): Promise<void> {
  await expect(c.read(1, ms)).rejects.toThrow(/timeout waiting for reply/);
}

beforeAll(async () => {
  petrel = await startPetrel();
  ctl = await RawClient.connect(petrel.port);
  petrel.server.propagation.attach({
    feed(cmds) {
      for (const p of cmds) logged.push(p.argv);
    },
  });
});

afterAll(async () => {
  ctl.close();
  await petrel.close();
});

beforeEach(async () => {
  await ctl.call('FLUSHALL');
  logged = [];
});

afterEach(async () => {
  for (const c of opened) c.close();
  opened = [];
  await waitBlocked(0);
});

describe('XREAD BLOCK', () => {
  it('serves only entries newer than $ at block time, to every reader', async () => {
    await ctl.call('XADD', 's', '1-0', 'old', '1');
    const a = await client();
    const b = await client();
    a.send('XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
    b.send('XREAD', 'BLOCK', '0', 'COUNT', '1', 'STREAMS', 'nokey', 's', '$', '$');
    await waitBlocked(2);
    // Other writes to the stream wake nobody.
    await ctl.call('XGROUP', 'CREATE', 's', 'g', '$');
    await ctl.call('XSETID', 's', '1-5');
    await silent(a);
    await ctl.call('XADD', 's', '2-0', 'new', '2');
    expect(await a.read()).toBe(streamReply('s', entry('2-0', 'new', '2')));
    expect(await b.read()).toBe(streamReply('s', entry('2-0', 'new', '2')));
  });

  it('times out with a null array (RESP2) or null (RESP3)', async () => {
    const a = await client();
    const t0 = Date.now();
    expect(await a.call('XREAD', 'BLOCK', '50', 'STREAMS', 's', '$')).toBe('*-1\r\n');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(45);
    await a.call('HELLO', '3');
    expect(await a.call('XREAD', 'BLOCK', '20', 'STREAMS', 's', '0')).toBe('_\r\n');
  });

  it('stays blocked while the key is deleted or becomes another type, then serves a new stream', async () => {
    await ctl.call('XADD', 's', '666-0', 'f', 'v');
    const a = await client();
    a.send('XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
    await waitBlocked(1);
    await ctl.call('DEL', 's');
    await ctl.call('SET', 's', 'x');
    await silent(a);
    await ctl.call('DEL', 's');
    await ctl.call('XADD', 's', '667-0', 'f', 'v');
    expect(await a.read()).toBe(streamReply('s', entry('667-0', 'f', 'v')));
  });

  it('does not block inside MULTI; CLIENT UNBLOCK ends the wait', async () => {
    const a = await client();
    await a.call('MULTI');
    await a.call('XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
    expect(await a.call('EXEC')).toBe('*1\r\n*-1\r\n');
    const id = (await a.call('CLIENT', 'ID')).slice(1, -2);
    a.send('XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
    await waitBlocked(1);
    expect(await ctl.call('CLIENT', 'UNBLOCK', id)).toBe(':1\r\n');
    expect(await a.read()).toBe('*-1\r\n');
    a.send('XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
    await waitBlocked(1);
    await ctl.call('CLIENT', 'UNBLOCK', id, 'ERROR');
    expect(await a.read()).toBe('-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n');
  });

  it('is woken by XADD inside a transaction once EXEC ends, and by a stream created another way', async () => {
    const a = await client();
    a.send('XREAD', 'BLOCK', '0', 'STREAMS', 'a', 'b', '$', '$');
    await waitBlocked(1);
    await ctl.call('MULTI');
    await ctl.call('XADD', 'b', '1-0', 'x', 'y');
    await ctl.call('XADD', 'b', '2-0', 'x', 'z');
    await ctl.call('EXEC');
    expect(await a.read()).toBe(streamReply('b', entry('1-0', 'x', 'y'), entry('2-0', 'x', 'z')));
    // RESTORE of a stream under the awaited key counts as new data.
    const dump = await ctl.call('DUMP', 'b');
    const payload = Buffer.from(dump.slice(dump.indexOf('\r\n') + 2, -2), 'latin1');
    a.send('XREAD', 'BLOCK', '0', 'STREAMS', 'a', '$');
    await waitBlocked(1);
    await ctl.call('RESTORE', 'a', '0', payload);
    expect(await a.read()).toBe(streamReply('a', entry('1-0', 'x', 'y'), entry('2-0', 'x', 'z')));
  });

  it('replies WRONGTYPE at once for a key of another type', async () => {
    await ctl.call('RPUSH', 'l', 'x');
    const a = await client();
    expect(await a.call('XREAD', 'BLOCK', '0', 'STREAMS', 'l', '$')).toBe('-WRONGTYPE Operation against a key holding the wrong kind of value\r\n');
  });
});

describe('XREADGROUP BLOCK', () => {
  it('hands each new entry to one consumer, in the order they blocked, and logs it as XCLAIM', async () => {
    await ctl.call('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
    const alice = await client();
    const bob = await client();
    alice.send('XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '0', 'STREAMS', 's', '>');
    await waitBlocked(1);
    bob.send('XREADGROUP', 'GROUP', 'g', 'bob', 'BLOCK', '0', 'COUNT', '1', 'STREAMS', 's', '>');
    await waitBlocked(2);
    logged = [];
    await ctl.call('XADD', 's', '1-0', 'job', '1');
    expect(await alice.read()).toBe(streamReply('s', entry('1-0', 'job', '1')));
    await silent(bob);
    await ctl.call('XADD', 's', '2-0', 'job', '2');
    expect(await bob.read()).toBe(streamReply('s', entry('2-0', 'job', '2')));
    expect(await ctl.call('XPENDING', 's', 'g')).toBe(arr(':2\r\n', bulk('1-0'), bulk('2-0'), arr(arr(bulk('alice'), bulk('1')), arr(bulk('bob'), bulk('1')))));
    const t = (argv: string[]): string[] => argv.map((a, i) => (argv[i - 1] === 'TIME' ? 'T' : a));
    expect(logged.map(t)).toEqual([
      ['XADD', 's', '1-0', 'job', '1'],
      ['XCLAIM', 's', 'g', 'alice', '0', '1-0', 'TIME', 'T', 'RETRYCOUNT', '1', 'FORCE', 'JUSTID', 'LASTID', '1-0'],
      ['XADD', 's', '2-0', 'job', '2'],
      ['XCLAIM', 's', 'g', 'bob', '0', '2-0', 'TIME', 'T', 'RETRYCOUNT', '1', 'FORCE', 'JUSTID', 'LASTID', '2-0'],
    ]);
  });

  it('serves history at once instead of blocking when the ID is not >', async () => {
    await ctl.call('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
    const a = await client();
    expect(await a.call('XREADGROUP', 'GROUP', 'g', 'a', 'BLOCK', '0', 'STREAMS', 's', '0')).toBe(streamReply('s'));
  });

  it('is not woken by XGROUP SETID or XACK; the next XADD serves from the new last ID', async () => {
    await ctl.call('XADD', 's', '1-0', 'f', '1');
    await ctl.call('XADD', 's', '2-0', 'f', '2');
    await ctl.call('XGROUP', 'CREATE', 's', 'g', '$');
    const a = await client();
    a.send('XREADGROUP', 'GROUP', 'g', 'a', 'BLOCK', '0', 'STREAMS', 's', '>');
    await waitBlocked(1);
    await ctl.call('XGROUP', 'SETID', 's', 'g', '1-0');
    await ctl.call('XACK', 's', 'g', '1-0');
    await silent(a);
    await ctl.call('XADD', 's', '3-0', 'f', '3');
    expect(await a.read()).toBe(streamReply('s', entry('2-0', 'f', '2'), entry('3-0', 'f', '3')));
  });

  it('gets NOGROUP when its group is destroyed (Redis 7.2 texts, failed call counted)', async () => {
    await ctl.call('CONFIG', 'RESETSTAT');
    await ctl.call('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
    const a = await client();
    a.send('XREADGROUP', 'GROUP', 'g', 'a', 'BLOCK', '0', 'STREAMS', 's', '>');
    await waitBlocked(1);
    await ctl.call('XGROUP', 'DESTROY', 's', 'g');
    expect(await a.read()).toBe(NOGROUP('s', 'g'));
    expect(await ctl.call('INFO', 'commandstats')).toMatch(/cmdstat_xreadgroup:calls=1,.*failed_calls=1/);
    expect(await ctl.call('INFO', 'errorstats')).toMatch(/errorstat_NOGROUP:count=1/);
  });

  it('gets NOGROUP when the key is deleted, expires, is flushed or swapped away; WRONGTYPE when replaced', async () => {
    const setup = async (): Promise<RawClient> => {
      await ctl.call('DEL', 's');
      await ctl.call('XADD', 's', '666-0', 'f', 'v');
      await ctl.call('XGROUP', 'CREATE', 's', 'g', '$');
      const a = await client();
      a.send('XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '0', 'STREAMS', 's', '>');
      await waitBlocked(1);
      return a;
    };
    let a = await setup();
    await ctl.call('DEL', 's');
    expect(await a.read()).toBe(NOGROUP('s', 'g'));
    a = await setup();
    await ctl.call('PEXPIRE', 's', '5');
    expect(await a.read(1, 2000)).toBe(NOGROUP('s', 'g'));
    a = await setup();
    await ctl.call('FLUSHALL');
    expect(await a.read()).toBe(NOGROUP('s', 'g'));
    a = await setup();
    await ctl.call('SWAPDB', '0', '9');
    expect(await a.read()).toBe(NOGROUP('s', 'g'));
    await ctl.call('FLUSHALL');
    a = await setup();
    await ctl.call('SET', 's', 'x');
    expect(await a.read()).toBe('-WRONGTYPE Operation against a key holding the wrong kind of value\r\n');
    a = await setup();
    await ctl.call('MULTI');
    await ctl.call('DEL', 's');
    await ctl.call('SADD', 's', 'e1');
    await ctl.call('EXEC');
    expect(await a.read()).toBe('-WRONGTYPE Operation against a key holding the wrong kind of value\r\n');
  });

  it('RENAME brings data (group kept) or NOGROUP (group missing)', async () => {
    await ctl.call('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
    const a = await client();
    a.send('XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '0', 'STREAMS', 's', '>');
    await waitBlocked(1);
    await ctl.call('XGROUP', 'CREATE', 's2', 'g', '$', 'MKSTREAM');
    await ctl.call('XADD', 's2', '100-0', 'f1', 'v1');
    await ctl.call('RENAME', 's2', 's');
    expect(await a.read()).toBe(streamReply('s', entry('100-0', 'f1', 'v1')));
    a.send('XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '0', 'STREAMS', 's', '>');
    await waitBlocked(1);
    await ctl.call('XADD', 's3', '100-0', 'f1', 'v1');
    await ctl.call('RENAME', 's3', 's');
    expect(await a.read()).toBe(NOGROUP('s', 'g'));
  });

  it('runs several consumers of one group over a stream of work without losing or repeating entries', async () => {
    await ctl.call('XGROUP', 'CREATE', 'jobs', 'workers', '$', 'MKSTREAM');
    const workers = await Promise.all([client(), client(), client()]);
    const got = new Map<string, string>();
    const loop = async (w: RawClient, name: string, rounds: number): Promise<void> => {
      for (let r = 0; r < rounds; r++) {
        const reply = await w.call('XREADGROUP', 'GROUP', 'workers', name, 'COUNT', '1', 'BLOCK', '2000', 'STREAMS', 'jobs', '>');
        const m = /\$\d+\r\n(\d+-\d+)\r\n/.exec(reply.slice(reply.indexOf('jobs') + 6));
        expect(m).not.toBeNull();
        expect(got.has(m![1])).toBe(false);
        got.set(m![1], name);
        await w.call('XACK', 'jobs', 'workers', m![1]);
      }
    };
    const running = workers.map((w, i) => loop(w, `w${i}`, 10));
    for (let i = 1; i <= 30; i++) {
      await ctl.call('XADD', 'jobs', `${i}-0`, 'n', String(i));
      if (i % 7 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all(running);
    expect([...got.keys()].sort((x, y) => Number(x.split('-')[0]) - Number(y.split('-')[0]))).toEqual(Array.from({ length: 30 }, (_, i) => `${i + 1}-0`));
    expect(new Set(got.values()).size).toBe(3);
    expect(await ctl.call('XPENDING', 'jobs', 'workers')).toBe('*4\r\n:0\r\n$-1\r\n$-1\r\n*-1\r\n');
  });
});
