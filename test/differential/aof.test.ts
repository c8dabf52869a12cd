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
import { dataset, populate } from '../helpers/dataset.js';

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
