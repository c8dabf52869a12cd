// AOF directories move both ways between Petrel and Debian's redis-server 7.0:
// Petrel's (base RDB v10 or commands, plus incr files) load in Redis, and an
// AOF directory written by Redis (its own rewrite, then more writes) loads in
// Petrel, with every key, type, value, TTL and database intact.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { HAVE_REDIS } from '../helpers/differential.js';
import { startRealRedis } from '../helpers/redis.js';
import { startPetrel } from '../helpers/server.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'petrel-aofx-'));
  cleanups.push(() => fs.rmSync(d, { recursive: true, force: true }));
  return d;
}

function client(port: number): Redis {
  const r = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 1 });
  cleanups.push(() => r.disconnect());
  return r;
}

/** Writes the same mixed dataset through any server. */
async function populate(r: Redis, phase: string): Promise<void> {
  await r.select(0);
  await r.set(`str:${phase}`, 'hello');
  await r.set(`int:${phase}`, '12345');
  await r.set(`ttl:${phase}`, 'x', 'PX', 3_600_000);
  await r.incrbyfloat(`float:${phase}`, '3.25');
  await r.rpush(`list:${phase}`, 'a', 'b', 'c', ...Array.from({ length: 200 }, (_, i) => `item${i}`));
  await r.lpop(`list:${phase}`);
  await r.hset(`hash:${phase}`, 'f1', 'v1', 'f2', '2');
  await r.hincrbyfloat(`hash:${phase}`, 'f3', '1.5');
  await r.sadd(`set:${phase}`, 'm1', 'm2', 'm3', '42');
  await r.sadd(`intset:${phase}`, '1', '2', '3');
  await r.zadd(`zset:${phase}`, '1', 'one', '2.5', 'two', '-3', 'neg');
  await r.zadd(`bigz:${phase}`, ...Array.from({ length: 300 }, (_, i) => [String(i / 4), `m${i}`]).flat());
  await r.expire(`hash:${phase}`, 7200);
  await r.select(7);
  await r.set(`db7:${phase}`, 'seven');
  await r.multi().incr(`counter:${phase}`).incr(`counter:${phase}`).exec();
  await r.select(0);
}

/** Every key of every database with its type, value and TTL bucket, in a canonical form. */
async function dataset(r: Redis): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (let db = 0; db < 16; db++) {
    await r.select(db);
    const keys = (await r.keys('*')).sort();
    for (const k of keys) {
      const type = await r.type(k);
      let value: unknown;
      if (type === 'string') value = await r.get(k);
      else if (type === 'list') value = await r.lrange(k, 0, -1);
      else if (type === 'hash') value = Object.entries(await r.hgetall(k)).sort();
      else if (type === 'set') value = (await r.smembers(k)).sort();
      else if (type === 'zset') value = await r.zrange(k, 0, -1, 'WITHSCORES');
      const pttl = await r.pttl(k);
      // TTLs compared to the minute: the two servers read them at slightly different instants.
      out[`${db}/${k}`] = { type, value, ttl: pttl < 0 ? pttl : Math.round(pttl / 60000) };
    }
  }
  await r.select(0);
  return out;
}

async function waitRewrite(r: Redis): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const info = await r.info('persistence');
    if (/aof_rewrite_in_progress:0/.test(info) && /aof_rewrite_scheduled:0/.test(info)) return;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error('rewrite did not finish');
}

describe.skipIf(!HAVE_REDIS)('AOF directories between Petrel and Redis 7.0', () => {
  for (const preamble of ['yes', 'no']) {
    it(`Redis 7.0 loads Petrel's AOF (aof-use-rdb-preamble ${preamble}, rdb-version 10)`, async () => {
      const dir = tempDir();
      const petrel = await startPetrel({ dir, appendonly: 'yes', 'aof-use-rdb-preamble': preamble, 'rdb-version': '10' });
      const p = client(petrel.port);
      await populate(p, 'before');
      await p.bgrewriteaof();
      await waitRewrite(p);
      await populate(p, 'after');
      await p.del('str:before');
      const expected = await dataset(p);
      p.disconnect();
      await petrel.close();
      const redis = (await startRealRedis(['--dir', dir, '--appendonly', 'yes']))!;
      cleanups.push(() => redis.close());
      const r = client(redis.port);
      expect(await dataset(r)).toEqual(expected);
    });
  }

  it("Petrel loads an AOF directory written by Redis 7.0 (its RDB base and incr file)", async () => {
    const dir = tempDir();
    const redis = (await startRealRedis(['--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always']))!;
    const r = client(redis.port);
    await populate(r, 'before');
    await r.bgrewriteaof();
    await waitRewrite(r);
    await populate(r, 'after');
    await r.spop('set:after');
    const expected = await dataset(r);
    r.disconnect();
    await redis.close().catch(() => {});
    // close() removed only Redis's own temp dir; ours holds appendonlydir.
    expect(fs.readdirSync(path.join(dir, 'appendonlydir')).some((f) => f.endsWith('.manifest'))).toBe(true);
    const petrel = await startPetrel({ dir, appendonly: 'yes' });
    cleanups.push(() => petrel.close());
    const p = client(petrel.port);
    expect(await dataset(p)).toEqual(expected);
  });
});
