// node-redis against Petrel: transactions, a WATCH race, and its RESP3
// client-side cache (CLIENT TRACKING invalidations) doing real work.

import { BasicClientSideCache, createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPetrel } from '../helpers/server.js';
import type { PetrelServer } from '../../src/index.js';

let petrel: PetrelServer;
let url: string;

beforeAll(async () => {
  petrel = await startPetrel();
  url = `redis://127.0.0.1:${petrel.port}`;
});
afterAll(async () => {
  await petrel.close();
});

describe('node-redis', () => {
  it('MULTI/EXEC and a WATCH race between two connections', async () => {
    const a = createClient({ url });
    const b = createClient({ url });
    await a.connect();
    await b.connect();
    const replies = await a.multi().set('nr:k', '1').incr('nr:k').get('nr:k').exec();
    expect(replies).toEqual(['OK', 2, '2']);
    await a.watch('nr:k');
    await b.set('nr:k', 'changed');
    await expect(a.multi().set('nr:k', 'mine').exec()).rejects.toThrow(/WATCH|watch/);
    expect(await b.get('nr:k')).toBe('changed');
    await a.quit();
    await b.quit();
  });

  it('RESP3 client-side cache: hits served locally until another client writes', async () => {
    const cache = new BasicClientSideCache({ ttl: 0, maxEntries: 0, evictPolicy: 'LRU' });
    const cached = createClient({ url, RESP: 3, clientSideCache: cache });
    const writer = createClient({ url });
    await cached.connect();
    await writer.connect();
    await writer.set('nr:csc', 'v1');
    expect(await cached.get('nr:csc')).toBe('v1');
    expect(await cached.get('nr:csc')).toBe('v1');
    expect(cache.stats().hitCount).toBe(1);
    await writer.set('nr:csc', 'v2');
    // The invalidation push arrives asynchronously; wait until the entry is gone.
    let value: string | null = 'v1';
    for (let i = 0; i < 100 && value !== 'v2'; i++) {
      value = (await cached.get('nr:csc')) as string | null;
      if (value !== 'v2') await new Promise((r) => setTimeout(r, 10));
    }
    expect(value).toBe('v2');
    await cached.quit();
    await writer.quit();
  });
});
