// petrel-check-rdb on a file Petrel saved, on one real Redis saved, and on a corrupt one.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPetrel } from '../helpers/server.js';
import { startRealRedis, redisServerPath } from '../helpers/redis.js';

const BIN = path.resolve(__dirname, '../../bin/petrel-check-rdb.js');
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'petrel-check-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function check(file: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [BIN, file], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('petrel-check-rdb', () => {
  it('accepts a file Petrel saved and reports its keys', async () => {
    const petrel = await startPetrel({ dir });
    const r = new Redis(petrel.port, '127.0.0.1');
    await r.set('s', 'v', 'EX', 100);
    await r.rpush('l', 'a', 'b');
    await r.hset('h', 'f', 'v');
    await r.save();
    r.disconnect();
    await petrel.close();
    const res = check(path.join(dir, 'dump.rdb'));
    expect(res.status).toBe(0);
    expect(res.out).toContain('Checksum OK');
    expect(res.out).toContain('3 keys read in 1 database(s)');
    expect(res.out).toContain('1 expires, 0 already expired');
    expect(res.out).toContain('RDB looks OK!');
  });

  it('rejects a corrupted file with the reason', () => {
    const good = fs.readFileSync(path.join(dir, 'dump.rdb'));
    const bad = Buffer.from(good);
    bad[bad.length - 3] ^= 0x55; // inside the CRC64 footer
    const file = path.join(dir, 'bad.rdb');
    fs.writeFileSync(file, bad);
    const res = check(file);
    expect(res.status).toBe(1);
    expect(res.out).toContain('--- RDB ERROR DETECTED ---');
    const truncated = path.join(dir, 'short.rdb');
    fs.writeFileSync(truncated, good.subarray(0, good.length - 20));
    expect(check(truncated).status).toBe(1);
  });

  it.skipIf(redisServerPath() === null)('accepts a file written by redis-server', async () => {
    const rdir = fs.mkdtempSync(path.join(os.tmpdir(), 'petrel-check-redis-'));
    try {
      const redis = (await startRealRedis(['--dir', rdir]))!;
      const r = new Redis(redis.port, '127.0.0.1');
      await r.sadd('set', '1', '2', '3');
      await r.zadd('z', 1, 'a');
      await r.save();
      r.disconnect();
      await redis.close();
      const res = check(path.join(rdir, 'dump.rdb'));
      expect(res.status).toBe(0);
      expect(res.out).toContain("AUX redis-ver = '7.");
      expect(res.out).toContain('2 keys read');
    } finally {
      fs.rmSync(rdir, { recursive: true, force: true });
    }
  });
});
