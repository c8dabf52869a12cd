// Client-side caching: CLIENT TRACKING default mode, BCAST/PREFIX, OPTIN/OPTOUT,
// NOLOOP, REDIRECT to a RESP2 subscriber, flush invalidation, exact push framing.

import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw.js';
import { startPetrel } from '../helpers/server.js';
import type { PetrelServer } from '../../src/index.js';

let petrel: PetrelServer;

beforeAll(async () => {
  petrel = await startPetrel();
});
afterAll(async () => {
  await petrel.close();
});

async function resp3(): Promise<RawClient> {
  const c = await RawClient.connect(petrel.port);
  await c.call('HELLO', '3');
  return c;
}

describe('CLIENT TRACKING', () => {
  it('default mode: a read key is invalidated once, on its first change', async () => {
    const c = await resp3();
    const w = await RawClient.connect(petrel.port);
    expect(await c.call('CLIENT', 'TRACKING', 'on')).toBe('+OK\r\n');
    await w.call('SET', 't:a', '1');
    expect(await c.call('GET', 't:a')).toBe('$1\r\n1\r\n');
    await w.call('SET', 't:a', '2');
    expect(await c.read()).toBe('>2\r\n$10\r\ninvalidate\r\n*1\r\n$3\r\nt:a\r\n');
    // Not read again: no further invalidation.
    await w.call('SET', 't:a', '3');
    expect(await c.call('PING')).toBe('+PONG\r\n');
    c.close();
    w.close();
  });

  it('own writes are invalidated after the reply; NOLOOP silences them', async () => {
    const c = await resp3();
    await c.call('CLIENT', 'TRACKING', 'on');
    await c.call('GET', 't:own');
    c.send('SET', 't:own', 'x');
    expect(await c.read(2)).toBe('+OK\r\n>2\r\n$10\r\ninvalidate\r\n*1\r\n$5\r\nt:own\r\n');
    await c.call('CLIENT', 'TRACKING', 'on', 'NOLOOP');
    await c.call('GET', 't:own');
    expect(await c.call('SET', 't:own', 'y')).toBe('+OK\r\n');
    expect(await c.call('PING')).toBe('+PONG\r\n');
    c.close();
  });

  it('BCAST with prefixes hears matching writes without reading', async () => {
    const c = await resp3();
    const w = await RawClient.connect(petrel.port);
    expect(await c.call('CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'user:', 'PREFIX', 'cfg:')).toBe('+OK\r\n');
    await w.call('SET', 'user:1', 'x');
    await w.call('SET', 'other', 'x');
    await w.call('DEL', 'cfg:a', 'user:1');
    expect(await c.read(2)).toBe('>2\r\n$10\r\ninvalidate\r\n*1\r\n$6\r\nuser:1\r\n>2\r\n$10\r\ninvalidate\r\n*1\r\n$6\r\nuser:1\r\n');
    expect(await c.call('CLIENT', 'TRACKINGINFO')).toBe(
      '%3\r\n$5\r\nflags\r\n~2\r\n$2\r\non\r\n$5\r\nbcast\r\n$8\r\nredirect\r\n:0\r\n$8\r\nprefixes\r\n*2\r\n$5\r\nuser:\r\n$4\r\ncfg:\r\n',
    );
    c.close();
    w.close();
  });

  it('OPTIN tracks only after CLIENT CACHING YES, for one command', async () => {
    const c = await resp3();
    const w = await RawClient.connect(petrel.port);
    await c.call('CLIENT', 'TRACKING', 'on', 'OPTIN');
    await c.call('GET', 't:skip');
    await c.call('CLIENT', 'CACHING', 'YES');
    await c.call('GET', 't:in');
    await c.call('GET', 't:skip2');
    await w.call('MSET', 't:skip', '1', 't:in', '1', 't:skip2', '1');
    expect(await c.read()).toBe('>2\r\n$10\r\ninvalidate\r\n*1\r\n$4\r\nt:in\r\n');
    expect(await c.call('PING')).toBe('+PONG\r\n');
    c.close();
    w.close();
  });

  it('REDIRECT to a RESP2 client subscribed to __redis__:invalidate; flush sends a null', async () => {
    const sub = await RawClient.connect(petrel.port);
    const subId = Number((await sub.call('CLIENT', 'ID')).slice(1, -2));
    sub.send('SUBSCRIBE', '__redis__:invalidate');
    await sub.read();
    const c = await RawClient.connect(petrel.port);
    expect(await c.call('CLIENT', 'TRACKING', 'on', 'REDIRECT', String(subId))).toBe('+OK\r\n');
    expect(await c.call('CLIENT', 'GETREDIR')).toBe(`:${subId}\r\n`);
    await c.call('GET', 't:r');
    await c.call('SET', 't:r', 'v');
    expect(await sub.read()).toBe('*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n*1\r\n$3\r\nt:r\r\n');
    await c.call('FLUSHDB');
    expect(await sub.read()).toBe('*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n*-1\r\n');
    expect(await c.call('CLIENT', 'LIST', 'ID', String(await c.call('CLIENT', 'ID').then((r) => r.slice(1, -2))))).toMatch(
      new RegExp(` flags=t .* redir=${subId} `),
    );
    sub.close();
    c.close();
  });

  it('ioredis (RESP3) keeps its command queue in step while invalidation pushes arrive', async () => {
    // ioredis 6 has no invalidation event, but the pushes must not be taken for replies.
    const r = new Redis(petrel.port, '127.0.0.1');
    const w = new Redis(petrel.port, '127.0.0.1');
    await r.call('CLIENT', 'TRACKING', 'on');
    for (let i = 0; i < 20; i++) {
      await r.set(`t:io${i}`, String(i));
      expect(await r.get(`t:io${i}`)).toBe(String(i));
      await w.set(`t:io${i}`, 'changed'); // invalidation pushed to r
      expect(await r.get(`t:io${i}`)).toBe('changed');
      expect(await r.incr(`t:n${i}`)).toBe(1);
    }
    r.disconnect();
    w.disconnect();
  });
});
