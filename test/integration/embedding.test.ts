// The embedding API as README.md shows it: createServer({ port: 0 }) → port, close().

import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createServer } from '../../src/index.js';

describe('createServer', () => {
  it('starts on a free port, serves ioredis, and closes cleanly', async () => {
    const petrel = await createServer({ port: 0 });
    expect(petrel.port).toBeGreaterThan(0);
    expect(petrel.host).toBe('127.0.0.1');
    const redis = new Redis(petrel.port, '127.0.0.1');
    await redis.set('greeting', 'hello', 'EX', 60);
    expect(await redis.get('greeting')).toBe('hello');
    expect(await redis.ttl('greeting')).toBe(60);
    // Direct access to the data for tests.
    expect(petrel.server.keyspace.dbs[0].get('greeting')).toBe('hello');
    redis.disconnect();
    await petrel.close();
    // The port is released.
    const refused = await new Promise<string>((resolve) => {
      const s = net.connect({ port: petrel.port, host: '127.0.0.1' }, () => resolve('connected'));
      s.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
  });

  it('takes directives as options and a config file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'petrel-embed-'));
    const conf = path.join(dir, 'petrel.conf');
    fs.writeFileSync(conf, 'databases 2\nrequirepass frompass\n');
    try {
      const petrel = await createServer({ port: 0, configFile: conf, requirepass: 'override' });
      const redis = new Redis({ port: petrel.port, host: '127.0.0.1', password: 'override' });
      expect(await redis.config('GET', 'databases')).toEqual(['databases', '2']);
      await expect(redis.select(2)).rejects.toThrow('ERR DB index is out of range');
      redis.disconnect();
      await petrel.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('two servers in one process keep separate data', async () => {
    const a = await createServer({ port: 0 });
    const b = await createServer({ port: 0 });
    const ra = new Redis(a.port, '127.0.0.1');
    const rb = new Redis(b.port, '127.0.0.1');
    await ra.set('k', 'a');
    expect(await rb.get('k')).toBeNull();
    ra.disconnect();
    rb.disconnect();
    await Promise.all([a.close(), b.close()]);
  });

  it('rejects an invalid directive with Redis\'s message', async () => {
    await expect(createServer({ port: 0, databases: 'many' })).rejects.toThrow(/argument couldn't be parsed into an integer|databases/);
  });
});

describe('createServer and files', () => {
  it('works in a private temp dir by default and removes it on close', async () => {
    const petrel = await createServer({ port: 0 });
    const dir = petrel.server.config.str('dir');
    expect(dir.startsWith(os.tmpdir())).toBe(true);
    expect(dir).not.toBe(process.cwd());
    const redis = new Redis(petrel.port, '127.0.0.1');
    await redis.set('k', 'v');
    expect(await redis.save()).toBe('OK');
    expect(fs.existsSync(path.join(dir, 'dump.rdb'))).toBe(true);
    redis.disconnect();
    await petrel.close();
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('with an explicit dir, data saved survives a restart', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'petrel-embed-dir-'));
    try {
      const a = await createServer({ port: 0, dir });
      const ra = new Redis(a.port, '127.0.0.1');
      await ra.set('kept', 'yes');
      await ra.save();
      ra.disconnect();
      await a.close();
      const b = await createServer({ port: 0, dir });
      const rb = new Redis(b.port, '127.0.0.1');
      expect(await rb.get('kept')).toBe('yes');
      rb.disconnect();
      await b.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
