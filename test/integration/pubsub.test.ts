// Pub/Sub: exact push framing in RESP2 and RESP3, subscribed-mode rules,
// patterns, shard channels, PUBSUB introspection, ioredis and node-redis
// subscribers, a stalled subscriber cut off by the pubsub output limit.

import net from 'node:net';
import Redis from 'ioredis';
import { createClient } from 'redis';
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

const connect = () => RawClient.connect(petrel.port);

describe('SUBSCRIBE / PUBLISH framing', () => {
  it('RESP2: confirmations, messages, pattern messages, unsubscribe', async () => {
    const sub = await connect();
    const pub = await connect();
    sub.send('SUBSCRIBE', 'news', 'sport');
    expect(await sub.read(2)).toBe('*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n*3\r\n$9\r\nsubscribe\r\n$5\r\nsport\r\n:2\r\n');
    sub.send('PSUBSCRIBE', 'n*');
    expect(await sub.read()).toBe('*3\r\n$10\r\npsubscribe\r\n$2\r\nn*\r\n:3\r\n');
    expect(await pub.call('PUBLISH', 'news', 'hello')).toBe(':2\r\n');
    expect(await sub.read(2)).toBe('*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n*4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$4\r\nnews\r\n$5\r\nhello\r\n');
    expect(await pub.call('PUBLISH', 'nobody', 'x')).toBe(':1\r\n'); // the pattern n*
    expect(await sub.read()).toBe('*4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$6\r\nnobody\r\n$1\r\nx\r\n');
    expect(await pub.call('PUBLISH', 'other', 'x')).toBe(':0\r\n');
    sub.send('UNSUBSCRIBE');
    expect(await sub.read(2)).toBe('*3\r\n$11\r\nunsubscribe\r\n$4\r\nnews\r\n:2\r\n*3\r\n$11\r\nunsubscribe\r\n$5\r\nsport\r\n:1\r\n');
    sub.send('PUNSUBSCRIBE', 'n*', 'never');
    expect(await sub.read(2)).toBe('*3\r\n$12\r\npunsubscribe\r\n$2\r\nn*\r\n:0\r\n*3\r\n$12\r\npunsubscribe\r\n$5\r\nnever\r\n:0\r\n');
    sub.send('UNSUBSCRIBE');
    expect(await sub.read()).toBe('*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n');
    // Out of subscribed mode again: ordinary commands work.
    expect(await sub.call('GET', 'nothing')).toBe('$-1\r\n');
    sub.close();
    pub.close();
  });

  it('RESP2 subscribed mode refuses other commands; PING answers an array', async () => {
    const sub = await connect();
    sub.send('SUBSCRIBE', 'c');
    await sub.read();
    expect(await sub.call('GET', 'k')).toBe(
      "-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n",
    );
    expect(await sub.call('CONFIG', 'GET', 'port')).toBe(
      "-ERR Can't execute 'config|get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n",
    );
    expect(await sub.call('PING')).toBe('*2\r\n$4\r\npong\r\n$0\r\n\r\n');
    expect(await sub.call('PING', 'hi')).toBe('*2\r\n$4\r\npong\r\n$2\r\nhi\r\n');
    expect(await sub.call('RESET')).toBe('+RESET\r\n');
    expect(await sub.call('GET', 'k')).toBe('$-1\r\n');
    sub.close();
  });

  it('RESP3: pushes, and every command stays allowed', async () => {
    const sub = await connect();
    await sub.call('HELLO', '3');
    sub.send('SUBSCRIBE', 'r3');
    expect(await sub.read()).toBe('>3\r\n$9\r\nsubscribe\r\n$2\r\nr3\r\n:1\r\n');
    expect(await sub.call('GET', 'k')).toBe('_\r\n');
    expect(await sub.call('PING')).toBe('+PONG\r\n');
    // A subscriber publishing to itself gets the push before the reply.
    sub.send('PUBLISH', 'r3', 'me');
    expect(await sub.read(2)).toBe('>3\r\n$7\r\nmessage\r\n$2\r\nr3\r\n$2\r\nme\r\n:1\r\n');
    sub.send('UNSUBSCRIBE', 'r3');
    expect(await sub.read()).toBe('>3\r\n$11\r\nunsubscribe\r\n$2\r\nr3\r\n:0\r\n');
    sub.send('UNSUBSCRIBE');
    expect(await sub.read()).toBe('>3\r\n$11\r\nunsubscribe\r\n_\r\n:0\r\n');
    sub.close();
  });

  it('shard channels count separately', async () => {
    const sub = await connect();
    const pub = await connect();
    sub.send('SUBSCRIBE', 'plain');
    await sub.read();
    sub.send('SSUBSCRIBE', 's1', 's2');
    expect(await sub.read(2)).toBe('*3\r\n$10\r\nssubscribe\r\n$2\r\ns1\r\n:1\r\n*3\r\n$10\r\nssubscribe\r\n$2\r\ns2\r\n:2\r\n');
    expect(await pub.call('SPUBLISH', 's1', 'm')).toBe(':1\r\n');
    expect(await sub.read()).toBe('*3\r\n$8\r\nsmessage\r\n$2\r\ns1\r\n$1\r\nm\r\n');
    expect(await pub.call('PUBLISH', 's1', 'm')).toBe(':0\r\n');
    expect(await pub.call('PUBSUB', 'SHARDCHANNELS')).toBe('*2\r\n$2\r\ns1\r\n$2\r\ns2\r\n');
    expect(await pub.call('PUBSUB', 'SHARDNUMSUB', 's1', 'zz')).toBe('*4\r\n$2\r\ns1\r\n:1\r\n$2\r\nzz\r\n:0\r\n');
    sub.send('SUNSUBSCRIBE');
    expect(await sub.read(2)).toBe('*3\r\n$12\r\nsunsubscribe\r\n$2\r\ns1\r\n:1\r\n*3\r\n$12\r\nsunsubscribe\r\n$2\r\ns2\r\n:0\r\n');
    sub.close();
    pub.close();
  });

  it('PUBSUB CHANNELS / NUMSUB / NUMPAT and CLIENT LIST counters', async () => {
    const a = await connect();
    const b = await connect();
    const q = await connect();
    a.send('SUBSCRIBE', 'x1', 'x2');
    await a.read(2);
    b.send('SUBSCRIBE', 'x1');
    await b.read();
    b.send('PSUBSCRIBE', 'x*', 'y*');
    await b.read(2);
    expect(await q.call('PUBSUB', 'CHANNELS', 'x*')).toMatch(/^\*2\r\n/);
    expect(await q.call('PUBSUB', 'NUMSUB', 'x1', 'x2', 'x3')).toBe('*6\r\n$2\r\nx1\r\n:2\r\n$2\r\nx2\r\n:1\r\n$2\r\nx3\r\n:0\r\n');
    expect(await q.call('PUBSUB', 'NUMPAT')).toBe(':2\r\n');
    const list = await q.call('CLIENT', 'LIST');
    expect(list).toMatch(/ flags=P db=0 sub=1 psub=2 ssub=0 /);
    a.close();
    b.close();
    // Disconnected subscribers are forgotten.
    for (let i = 0; i < 100 && petrel.server.pubsub.channels.size > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await q.call('PUBSUB', 'NUMPAT')).toBe(':0\r\n');
    expect(await q.call('PUBSUB', 'CHANNELS')).toBe('*0\r\n');
    q.close();
  });

  it('keeps each publisher\'s message order', async () => {
    const sub = await connect();
    const pub = await connect();
    sub.send('SUBSCRIBE', 'order');
    await sub.read();
    for (let i = 0; i < 500; i++) pub.send('PUBLISH', 'order', String(i));
    await pub.read(500);
    const all = await sub.read(500);
    const got = [...all.matchAll(/\$5\r\norder\r\n\$\d+\r\n(\d+)\r\n/g)].map((m) => Number(m[1]));
    expect(got).toEqual(Array.from({ length: 500 }, (_, i) => i));
    sub.close();
    pub.close();
  });
});

describe('client libraries', () => {
  it('ioredis subscriber mode (RESP3 push frames) and psubscribe', async () => {
    const sub = new Redis(petrel.port, '127.0.0.1');
    const pub = new Redis(petrel.port, '127.0.0.1');
    const got: string[] = [];
    const done = new Promise<void>((resolve) => {
      sub.on('message', (ch, msg) => {
        got.push(`${ch}:${msg}`);
        if (got.length === 3) resolve();
      });
      sub.on('pmessage', (pat, ch, msg) => {
        got.push(`${pat}|${ch}:${msg}`);
        if (got.length === 3) resolve();
      });
    });
    await sub.subscribe('io1');
    await sub.psubscribe('io*');
    expect(await pub.publish('io1', 'a')).toBe(2);
    expect(await pub.publish('io2', 'b')).toBe(1);
    await done;
    expect(got.sort()).toEqual(['io*|io1:a', 'io*|io2:b', 'io1:a']);
    sub.disconnect();
    pub.disconnect();
  });

  it('node-redis subscriber', async () => {
    const sub = createClient({ url: `redis://127.0.0.1:${petrel.port}` });
    const pub = createClient({ url: `redis://127.0.0.1:${petrel.port}` });
    await sub.connect();
    await pub.connect();
    const received = new Promise<string>((resolve) => {
      void sub.subscribe('nr', (message) => resolve(message));
    });
    // Wait until the subscription is registered server-side.
    for (let i = 0; i < 100 && !petrel.server.pubsub.channels.has('nr'); i++) await new Promise((r) => setTimeout(r, 10));
    expect(await pub.publish('nr', 'from node-redis')).toBe(1);
    expect(await received).toBe('from node-redis');
    await sub.quit();
    await pub.quit();
  });
});

describe('pubsub output buffer limit', () => {
  it('cuts off a subscriber that stops reading, others keep receiving', async () => {
    const srv = await startPetrel({ 'client-output-buffer-limit': 'normal 0 0 0 replica 256mb 64mb 60 pubsub 1mb 256kb 60' });
    try {
      const stalled = await new Promise<net.Socket>((resolve) => {
        const s = net.connect({ port: srv.port, host: '127.0.0.1' }, () => resolve(s));
        s.on('error', () => {});
      });
      stalled.write('SUBSCRIBE feed\r\n');
      const healthy = await RawClient.connect(srv.port);
      healthy.send('SUBSCRIBE', 'feed');
      await healthy.read();
      for (let i = 0; i < 100 && srv.server.pubsub.channels.get('feed')?.size !== 2; i++) await new Promise((r) => setTimeout(r, 10));
      stalled.pause();
      const pub = await RawClient.connect(srv.port);
      const payload = 'p'.repeat(256 * 1024);
      let received = 0;
      for (let round = 0; round < 400 && srv.server.stats.outputLimitDisconnections === 0; round++) {
        pub.send('PUBLISH', 'feed', payload);
        await pub.read();
        await healthy.read();
        received++;
      }
      expect(srv.server.stats.outputLimitDisconnections).toBe(1);
      // The healthy subscriber still gets messages.
      expect(await pub.call('PUBLISH', 'feed', 'after')).toBe(':1\r\n');
      expect(await healthy.read()).toBe('*3\r\n$7\r\nmessage\r\n$4\r\nfeed\r\n$5\r\nafter\r\n');
      expect(received).toBeGreaterThan(1);
      stalled.destroy();
      healthy.close();
      pub.close();
    } finally {
      await srv.close();
    }
  });
});

describe('client types', () => {
  it('CLIENT LIST TYPE pubsub and CLIENT KILL TYPE pubsub see subscribed clients', async () => {
    const sub = await connect();
    const plain = await connect();
    const subId = (await sub.call('CLIENT', 'ID')).slice(1, -2);
    sub.send('SUBSCRIBE', 'typed');
    await sub.read();
    const list = await plain.call('CLIENT', 'LIST', 'TYPE', 'pubsub');
    expect(list).toContain(`id=${subId} `);
    expect(list).not.toContain(`id=${(await plain.call('CLIENT', 'ID')).slice(1, -2)} `);
    expect(await plain.call('CLIENT', 'KILL', 'TYPE', 'pubsub')).toBe(':1\r\n');
    await sub.waitClosed();
    expect(await plain.call('CLIENT', 'LIST', 'TYPE', 'pubsub')).toBe('$0\r\n\r\n');
    plain.close();
  });
});
