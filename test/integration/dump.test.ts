// DUMP / RESTORE within Petrel: Redis 7.2's payload version (11) by default,
// every type round-trips, TTL and REPLACE behave.

import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPetrel } from '../helpers/server.js';
import type { PetrelServer } from '../../src/index.js';

let petrel: PetrelServer;
let r: Redis;

beforeAll(async () => {
  petrel = await startPetrel();
  r = new Redis(petrel.port, '127.0.0.1');
});
afterAll(async () => {
  r.disconnect();
  await petrel.close();
});

describe('DUMP / RESTORE', () => {
  it('writes RDB version 11 payloads and restores every type', async () => {
    await r.set('s', 'text');
    await r.rpush('l', 'a', 'b');
    await r.sadd('st', 'x', '1');
    await r.hset('h', 'f', 'v');
    await r.zadd('z', 1.5, 'm');
    for (const key of ['s', 'l', 'st', 'h', 'z']) {
      const payload = (await r.dumpBuffer(key))!;
      expect(payload.readUInt16LE(payload.length - 10)).toBe(11);
      expect(await r.restore(`${key}2`, 0, payload)).toBe('OK');
      expect(await r.type(`${key}2`)).toBe(await r.type(key));
    }
    expect(await r.lrange('l2', 0, -1)).toEqual(['a', 'b']);
    expect((await r.smembers('st2')).sort()).toEqual(['1', 'x']);
    expect(await r.hgetall('h2')).toEqual({ f: 'v' });
    expect(await r.zrange('z2', 0, -1, 'WITHSCORES')).toEqual(['m', '1.5']);
  });

  it('applies the TTL and refuses an existing key without REPLACE', async () => {
    const payload = (await r.dumpBuffer('s'))!;
    await expect(r.restore('s', 0, payload)).rejects.toThrow('BUSYKEY Target key name already exists.');
    expect(await r.restore('s', 5000, payload, 'REPLACE')).toBe('OK');
    const pttl = await r.pttl('s');
    expect(pttl).toBeGreaterThan(4000);
    expect(pttl).toBeLessThanOrEqual(5000);
  });
});
