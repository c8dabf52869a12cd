// maxmemory: OOM rejection under noeviction, each eviction policy, and what an
// eviction tells the outside world (evicted events, tracking invalidation, INFO).
// Each test starts its own server: the limit and policy are per server.

import Redis from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw.js';
import { startPetrel } from '../helpers/server.js';
import type { PetrelServer } from '../../src/index.js';

const OOM = "-OOM command not allowed when used memory > 'maxmemory'.\r\n";

let petrel: PetrelServer | null = null;
const clients: { close?: () => void; disconnect?: () => void }[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) {
    if (c.disconnect) c.disconnect();
    else c.close?.();
  }
  await petrel?.close();
  petrel = null;
});

async function raw(): Promise<RawClient> {
  const c = await RawClient.connect(petrel!.port);
  clients.push(c);
  return c;
}

function ioredis(): Redis {
  const r = new Redis(petrel!.port, '127.0.0.1', { lazyConnect: false });
  clients.push(r);
  return r;
}

async function infoField(r: Redis, field: string): Promise<number> {
  const text = await r.info();
  const m = new RegExp(`^${field}:(\\d+)`, 'm').exec(text);
  if (!m) throw new Error(`no ${field} in INFO`);
  return Number(m[1]);
}

async function fill(r: Redis, prefix: string, count: number, valueBytes: number): Promise<void> {
  const value = 'v'.repeat(valueBytes);
  for (let i = 0; i < count; i += 500) {
    const p = r.pipeline();
    for (let j = i; j < Math.min(count, i + 500); j++) p.set(`${prefix}${j}`, value);
    await p.exec();
  }
}

describe('noeviction', () => {
  it('refuses denyoom commands with Redis’s OOM error, serves reads and deletes', async () => {
    petrel = await startPetrel();
    const c = await raw();
    expect(await c.call('SET', 'k', 'v')).toBe('+OK\r\n');
    expect(await c.call('CONFIG', 'SET', 'maxmemory', '1')).toBe('+OK\r\n');
    expect(await c.call('SET', 'k2', 'v')).toBe(OOM);
    expect(await c.call('LPUSH', 'l', 'a')).toBe(OOM);
    expect(await c.call('GET', 'k')).toBe('$1\r\nv\r\n');
    expect(await c.call('DEL', 'k')).toBe(':1\r\n');
    // Inside MULTI every queued command is refused (queueing takes memory) and EXEC aborts.
    expect(await c.call('MULTI')).toBe('+OK\r\n');
    expect(await c.call('GET', 'k')).toBe(OOM);
    expect(await c.call('EXEC')).toBe('-EXECABORT Transaction discarded because of previous errors.\r\n');
    // An EXEC queued before memory ran out, holding a denyoom command, is refused itself.
    expect(await c.call('CONFIG', 'SET', 'maxmemory', '0')).toBe('+OK\r\n');
    expect(await c.call('MULTI')).toBe('+OK\r\n');
    expect(await c.call('SET', 'k3', 'v')).toBe('+QUEUED\r\n');
    const other = await raw();
    expect(await other.call('CONFIG', 'SET', 'maxmemory', '1')).toBe('+OK\r\n');
    // Checked against Redis 7.0: the refused EXEC discards the transaction.
    expect(await c.call('EXEC')).toBe(
      "-EXECABORT Transaction discarded because of: OOM command not allowed when used memory > 'maxmemory'.\r\n",
    );
    expect(await c.call('EXISTS', 'k3')).toBe(':0\r\n');
    expect(await c.call('DISCARD')).toBe('-ERR DISCARD without MULTI\r\n');
    expect(await c.call('CONFIG', 'SET', 'maxmemory', '0')).toBe('+OK\r\n');
    expect(await c.call('SET', 'k3', 'v')).toBe('+OK\r\n');
    const info = await c.call('INFO', 'stats');
    expect(info).toMatch(/evicted_keys:0\r\n/);
  });

  it('volatile policies with no volatile key behave as noeviction', async () => {
    petrel = await startPetrel({ 'maxmemory-policy': 'volatile-lru' });
    const c = await raw();
    await c.call('SET', 'a', 'x'.repeat(1000));
    await c.call('CONFIG', 'SET', 'maxmemory', '1');
    expect(await c.call('SET', 'b', 'x')).toBe(OOM);
    expect(await c.call('EXISTS', 'a')).toBe(':1\r\n');
  });
});

describe('eviction policies', () => {
  for (const policy of ['allkeys-random', 'allkeys-lru', 'allkeys-lfu']) {
    it(`${policy} keeps used memory under maxmemory while writes go on`, async () => {
      petrel = await startPetrel({ 'maxmemory-policy': policy });
      const r = ioredis();
      await r.config('SET', 'maxmemory', String(3 * 1024 * 1024));
      await fill(r, 'k:', 20000, 200);
      const used = await infoField(r, 'used_memory');
      expect(used).toBeLessThanOrEqual(3 * 1024 * 1024);
      const evicted = await infoField(r, 'evicted_keys');
      const size = await r.dbsize();
      expect(evicted).toBeGreaterThan(0);
      expect(size + evicted).toBe(20000);
      // Roughly (3 MiB - 1 MiB start-up) / ~300 B per key are left.
      expect(size).toBeGreaterThan(4000);
      expect(size).toBeLessThan(12000);
    });
  }

  it('allkeys-lru evicts idle keys before recently used ones', async () => {
    petrel = await startPetrel({ 'maxmemory-policy': 'allkeys-lru', 'maxmemory-samples': '10' });
    const r = ioredis();
    await fill(r, 'k:', 5000, 200);
    await new Promise((res) => setTimeout(res, 1100)); // the LRU clock ticks in seconds, as Redis's
    const hot = Array.from({ length: 200 }, (_, i) => `k:${i * 7}`);
    await r.mget(...hot);
    const used = await infoField(r, 'used_memory'); // still no limit: heap figure, unused
    expect(used).toBeGreaterThan(0);
    // About 295 estimated bytes per key: room for 4000 of the 6000 keys.
    await r.config('SET', 'maxmemory', String(1024 * 1024 + 4000 * 295));
    await fill(r, 'new:', 1000, 200);
    const alive = await r.exists(...hot);
    expect(alive).toBeGreaterThanOrEqual(195);
    expect(await infoField(r, 'evicted_keys')).toBeGreaterThan(1500);
  });

  it('allkeys-lfu evicts rarely used keys before frequently used ones', async () => {
    petrel = await startPetrel({ 'maxmemory-policy': 'allkeys-lfu', 'maxmemory-samples': '10' });
    const r = ioredis();
    await fill(r, 'k:', 5000, 200);
    const hot = Array.from({ length: 200 }, (_, i) => `k:${i * 7}`);
    for (let i = 0; i < 20; i++) await r.mget(...hot);
    await r.config('SET', 'maxmemory', String(1024 * 1024 + 4000 * 295));
    await fill(r, 'new:', 1000, 200);
    expect(await r.exists(...hot)).toBeGreaterThanOrEqual(195);
    expect(await infoField(r, 'evicted_keys')).toBeGreaterThan(1500);
  });

  it('volatile-ttl evicts the keys closest to expiring, never keys without TTL', async () => {
    petrel = await startPetrel({ 'maxmemory-policy': 'volatile-ttl', 'maxmemory-samples': '10' });
    const r = ioredis();
    const value = 'v'.repeat(200);
    const p = r.pipeline();
    for (let i = 0; i < 2000; i++) p.set(`persistent:${i}`, value);
    for (let i = 0; i < 2000; i++) p.set(`ttl:${i}`, value, 'EX', 1000 + i);
    await p.exec();
    // About 303 estimated bytes per key: room for 3400 of the 4300 keys.
    await r.config('SET', 'maxmemory', String(1024 * 1024 + 3400 * 303));
    await fill(r, 'more:', 300, 200);
    expect(await r.dbsize()).toBeLessThan(3500);
    const persistentLeft = await r.exists(...Array.from({ length: 2000 }, (_, i) => `persistent:${i}`));
    expect(persistentLeft).toBe(2000);
    // The long-lived half survived better than the short-lived half.
    const shortLeft = await r.exists(...Array.from({ length: 1000 }, (_, i) => `ttl:${i}`));
    const longLeft = await r.exists(...Array.from({ length: 1000 }, (_, i) => `ttl:${1000 + i}`));
    expect(longLeft).toBeGreaterThan(800); // sampled, like Redis: approximate
    expect(shortLeft).toBeLessThan(300);
  });

  it('volatile-random only evicts keys with a TTL', async () => {
    petrel = await startPetrel({ 'maxmemory-policy': 'volatile-random' });
    const r = ioredis();
    const value = 'v'.repeat(200);
    const p = r.pipeline();
    for (let i = 0; i < 1000; i++) p.set(`persistent:${i}`, value);
    for (let i = 0; i < 1000; i++) p.set(`ttl:${i}`, value, 'EX', 1000);
    await p.exec();
    await r.config('SET', 'maxmemory', String(1024 * 1024 + 1500 * 300));
    await fill(r, 'more:', 200, 200);
    const persistentLeft = await r.exists(...Array.from({ length: 1000 }, (_, i) => `persistent:${i}`));
    expect(persistentLeft).toBe(1000);
    expect(await infoField(r, 'evicted_keys')).toBeGreaterThan(0);
  });
});

describe('what an eviction announces', () => {
  it('publishes evicted keyspace events and invalidates tracked keys', async () => {
    petrel = await startPetrel({ 'maxmemory-policy': 'allkeys-random', 'notify-keyspace-events': 'Ee' });
    const sub = await raw();
    expect(await sub.call('SUBSCRIBE', '__keyevent@0__:evicted')).toBe(
      '*3\r\n$9\r\nsubscribe\r\n$22\r\n__keyevent@0__:evicted\r\n:1\r\n',
    );
    const tracker = await raw();
    await tracker.call('HELLO', '3');
    await tracker.call('CLIENT', 'TRACKING', 'on');
    const w = await raw();
    await w.call('SET', 'victim', 'x'.repeat(100));
    expect(await tracker.call('GET', 'victim')).toBe(`$100\r\n${'x'.repeat(100)}\r\n`);
    // The limit sits just below what the one key needs: the next command evicts it.
    expect(await w.call('CONFIG', 'SET', 'maxmemory', String(1024 * 1024 + 10))).toBe('+OK\r\n');
    expect(await w.call('PING')).toBe('+PONG\r\n');
    expect(await sub.read()).toBe('*3\r\n$7\r\nmessage\r\n$22\r\n__keyevent@0__:evicted\r\n$6\r\nvictim\r\n');
    expect(await tracker.read()).toBe('>2\r\n$10\r\ninvalidate\r\n*1\r\n$6\r\nvictim\r\n');
    expect(await w.call('DBSIZE')).toBe(':0\r\n');
  });

  it('INFO used_memory follows the dataset while maxmemory is set, and FLUSHALL resets it', async () => {
    petrel = await startPetrel();
    const r = ioredis();
    await r.config('SET', 'maxmemory', '100mb');
    const empty = await infoField(r, 'used_memory');
    await fill(r, 'k:', 1000, 1000);
    const full = await infoField(r, 'used_memory');
    expect(full - empty).toBeGreaterThan(1000 * 1000);
    expect(full - empty).toBeLessThan(1000 * 1200);
    await r.flushall();
    expect(await infoField(r, 'used_memory')).toBe(empty);
  });
});
