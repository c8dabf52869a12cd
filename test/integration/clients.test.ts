// Real client libraries connect to an in-process Petrel with their default
// options and do ordinary work: ioredis (HELLO 3 handshake, CLIENT SETINFO,
// INFO ready check) and node-redis (`redis` package).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createClient, RESP_TYPES } from 'redis';
import { startPetrel } from '../helpers/server.js';
import type { PetrelServer } from '../../src/index.js';

/** Every byte value 0..255, twice, in a fixed order. */
const ALL_BYTES = Buffer.from([...Array.from({ length: 256 }, (_, i) => i), ...Array.from({ length: 256 }, (_, i) => 255 - i)]);

/** A 10 MB value with a non-repeating byte pattern (so truncation or reordering shows). */
function bigValue(): Buffer {
  const b = Buffer.alloc(10 * 1024 * 1024);
  let x = 0x12345678;
  for (let i = 0; i < b.length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

let petrel: PetrelServer;

beforeAll(async () => {
  petrel = await startPetrel();
});

afterAll(async () => {
  await petrel?.close();
});

describe('ioredis with default options', () => {
  let redis: Redis;

  beforeAll(async () => {
    redis = new Redis(petrel.port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
    redis.on('error', () => {});
    await redis.connect();
  });

  afterAll(async () => {
    redis?.disconnect();
  });

  it('completes the handshake (HELLO 3, CLIENT SETINFO, INFO ready check) and is ready', async () => {
    expect(redis.status).toBe('ready');
    expect(await redis.ping()).toBe('PONG');
    // CLIENT SETINFO reached the server: some connection says it is ioredis.
    const names = [...petrel.server.clients.values()].map((c) => c.libName);
    expect(names).toContain('ioredis');
  });

  it('SET GET INCR MGET DEL EXPIRE TTL', async () => {
    expect(await redis.set('io:a', 'hello')).toBe('OK');
    expect(await redis.get('io:a')).toBe('hello');
    expect(await redis.get('io:missing')).toBeNull();
    expect(await redis.incr('io:n')).toBe(1);
    expect(await redis.incrby('io:n', 41)).toBe(42);
    expect(await redis.mget('io:a', 'io:missing', 'io:n')).toEqual(['hello', null, '42']);
    expect(await redis.expire('io:a', 100)).toBe(1);
    const ttl = await redis.ttl('io:a');
    expect(ttl).toBeGreaterThanOrEqual(99);
    expect(ttl).toBeLessThanOrEqual(100);
    expect(await redis.ttl('io:n')).toBe(-1);
    expect(await redis.ttl('io:missing')).toBe(-2);
    expect(await redis.del('io:a', 'io:n', 'io:missing')).toBe(2);
    expect(await redis.exists('io:a', 'io:n')).toBe(0);
  });

  it('reports a server error as a rejected promise with the Redis text', async () => {
    await redis.set('io:str', 'abc');
    await expect(redis.incr('io:str')).rejects.toThrow('ERR value is not an integer or out of range');
    await redis.del('io:str');
  });

  it('runs a pipeline of mixed commands in order', async () => {
    const p = redis.pipeline();
    p.set('io:p1', 'one');
    p.incr('io:p2');
    p.incr('io:p2');
    p.get('io:p1');
    p.incr('io:p1'); // an error inside a pipeline stays in its slot
    p.mget('io:p1', 'io:p2');
    p.del('io:p1', 'io:p2');
    const res = await p.exec();
    expect(res).not.toBeNull();
    const r = res!;
    expect(r.map(([, v]) => v)).toEqual(['OK', 1, 2, 'one', undefined, ['one', '2'], 2]);
    expect(r[4][0]).toBeInstanceOf(Error);
    expect(String(r[4][0])).toContain('ERR value is not an integer or out of range');
    expect(r.filter(([e]) => e !== null)).toHaveLength(1);
  });

  it('runs a 1000-command pipeline', async () => {
    const p = redis.pipeline();
    for (let i = 0; i < 1000; i++) p.set(`io:bulk:${i}`, String(i));
    for (let i = 0; i < 1000; i++) p.incr(`io:bulk:${i}`);
    const res = (await p.exec())!;
    expect(res).toHaveLength(2000);
    expect(res.slice(1000).map(([, v]) => v)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    const keys = Array.from({ length: 1000 }, (_, i) => `io:bulk:${i}`);
    expect(await redis.del(...keys)).toBe(1000);
  });

  it('round-trips binary keys and values (all 256 byte values)', async () => {
    const key = Buffer.concat([Buffer.from('io:bin:'), ALL_BYTES]);
    expect(await redis.set(key, ALL_BYTES)).toBe('OK');
    const back = await redis.getBuffer(key);
    expect(back).not.toBeNull();
    expect(Buffer.compare(back!, ALL_BYTES)).toBe(0);
    expect(await redis.strlen(key)).toBe(ALL_BYTES.length);
    const keys = await redis.keysBuffer('io:bin:*');
    expect(keys.map((k) => k.toString('hex'))).toEqual([key.toString('hex')]);
    expect(await redis.del(key)).toBe(1);
  });

  it('round-trips a 10 MB value', async () => {
    const big = bigValue();
    expect(await redis.set('io:big', big)).toBe('OK');
    expect(await redis.strlen('io:big')).toBe(big.length);
    const back = await redis.getBuffer('io:big');
    expect(back!.length).toBe(big.length);
    expect(back!.equals(big)).toBe(true);
    expect(await redis.del('io:big')).toBe(1);
  });
});

describe('node-redis (redis package) with default options', () => {
  let client: ReturnType<typeof createClient>;

  beforeAll(async () => {
    client = createClient({ url: `redis://127.0.0.1:${petrel.port}`, socket: { reconnectStrategy: false } });
    client.on('error', () => {});
    await client.connect();
  });

  afterAll(async () => {
    if (client?.isOpen) await client.close();
  });

  it('connects and is ready', async () => {
    expect(client.isReady).toBe(true);
    expect(await client.ping()).toBe('PONG');
  });

  it('SET GET INCR MGET DEL EXPIRE TTL', async () => {
    expect(await client.set('nr:a', 'hello')).toBe('OK');
    expect(await client.get('nr:a')).toBe('hello');
    expect(await client.get('nr:missing')).toBeNull();
    expect(await client.incr('nr:n')).toBe(1);
    expect(await client.incrBy('nr:n', 41)).toBe(42);
    expect(await client.mGet(['nr:a', 'nr:missing', 'nr:n'])).toEqual(['hello', null, '42']);
    expect(await client.set('nr:opt', 'v', { NX: true })).toBe('OK');
    expect(await client.set('nr:opt', 'w', { NX: true })).toBeNull();
    expect(await client.expire('nr:a', 100)).toBe(1);
    const ttl = await client.ttl('nr:a');
    expect(ttl).toBeGreaterThanOrEqual(99);
    expect(ttl).toBeLessThanOrEqual(100);
    expect(await client.ttl('nr:n')).toBe(-1);
    expect(await client.ttl('nr:missing')).toBe(-2);
    expect(await client.del(['nr:a', 'nr:n', 'nr:opt', 'nr:missing'])).toBe(3);
  });

  it('pipelines concurrent commands (auto-pipelining) and keeps their order', async () => {
    const replies = await Promise.all(Array.from({ length: 500 }, () => client.incr('nr:counter')));
    expect(replies).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    expect(await client.del('nr:counter')).toBe(1);
  });

  it('round-trips binary values (all 256 byte values) as Buffers', async () => {
    const bin = client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
    const key = Buffer.concat([Buffer.from('nr:bin:'), ALL_BYTES]);
    expect(String(await bin.set(key, ALL_BYTES))).toBe('OK');
    const back = (await bin.get(key)) as Buffer | null;
    expect(back).not.toBeNull();
    expect(Buffer.compare(back!, ALL_BYTES)).toBe(0);
    expect(await client.del(key)).toBe(1);
  });

  it('round-trips a 10 MB value', async () => {
    const bin = client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
    const big = bigValue();
    expect(await client.set('nr:big', big)).toBe('OK');
    expect(await client.strLen('nr:big')).toBe(big.length);
    const back = (await bin.get('nr:big')) as Buffer | null;
    expect(back!.equals(big)).toBe(true);
    expect(await client.del('nr:big')).toBe(1);
  });
});
