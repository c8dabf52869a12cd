// Petrel as a replication primary, with Debian's redis-server 7.0 as its
// replica: full sync (RDB v10) of every type, the write stream afterwards
// (with Redis's deterministic rewrites), partial resync after a dropped link,
// WAIT, ROLE, INFO replication; and the `replica` class of
// client-output-buffer-limit cutting off a replica that stops reading.

import net from 'node:net';
import Redis from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { HAVE_REDIS, startPair } from '../helpers/differential.js';
import { startRealRedis } from '../helpers/redis.js';
import { startPetrel } from '../helpers/server.js';
import { dataset, populate } from '../helpers/dataset.js';
import type { PetrelServer } from '../../src/index.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

function client(port: number): Redis {
  const r = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 1 });
  cleanups.push(() => r.disconnect());
  return r;
}

async function until(what: string, check: () => Promise<boolean>, ms = 10000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function primaryWithReplica(): Promise<{ petrel: PetrelServer; p: Redis; r: Redis }> {
  const petrel = await startPetrel({ 'rdb-version': '10' });
  cleanups.push(() => petrel.close());
  const p = client(petrel.port);
  await populate(p, 'before-sync');
  const redis = (await startRealRedis(['--replicaof', '127.0.0.1', String(petrel.port)]))!;
  cleanups.push(() => redis.close());
  const r = client(redis.port);
  await until('the replica link', async () => /master_link_status:up/.test(await r.info('replication')));
  return { petrel, p, r };
}

describe.skipIf(!HAVE_REDIS)('Redis 7.0 as a replica of Petrel', () => {
  it('gets the whole dataset by full sync, then every write, to identical contents', async () => {
    const { p, r } = await primaryWithReplica();
    await populate(p, 'after-sync');
    await p.spop('set:after-sync');
    await p.sadd('popme', 'a', 'b', 'c');
    await p.spop('popme', 2);
    await p.rpush('bl', 'x');
    await p.blpop('bl', 1);
    await p.set('px', 'v', 'PX', 5000000);
    await p.expire('str:before-sync', 1000);
    await p.del('int:before-sync');
    await p.select(3);
    await p.set('in3', 'three');
    await p.select(0);
    expect(await p.wait(1, 5000)).toBe(1);
    expect(await dataset(r)).toEqual(await dataset(p));
    const info = await p.info('replication');
    expect(info).toMatch(/connected_slaves:1\r\n/);
    expect(info).toMatch(/slave0:ip=127\.0\.0\.1,port=\d+,state=online,offset=\d+,lag=\d+\r\n/);
    const offset = Number(/master_repl_offset:(\d+)/.exec(info)![1]);
    expect(offset).toBeGreaterThan(0);
    const role = (await p.call('ROLE')) as unknown[];
    expect(role[0]).toBe('master');
    expect((role[2] as unknown[]).length).toBe(1);
    expect(await p.info('stats')).toMatch(/sync_full:1\r\n/);
  });

  it('continues with a partial resync after the link drops', async () => {
    const { p, r } = await primaryWithReplica();
    expect(await p.client('KILL', 'TYPE', 'replica')).toBe(1);
    await p.set('while-away', 'yes');
    await until('the replica to come back', async () => /connected_slaves:1/.test(await p.info('replication')) && (await r.get('while-away')) === 'yes');
    const stats = await p.info('stats');
    expect(stats).toMatch(/sync_partial_ok:1\r\n/);
    expect(stats).toMatch(/sync_full:1\r\n/);
    expect(await dataset(r)).toEqual(await dataset(p));
  });

  it('WAIT counts acknowledging replicas and times out when too few', async () => {
    const { p } = await primaryWithReplica();
    await p.set('k', 'v');
    expect(await p.wait(1, 5000), 'WAIT 1 5000').toBe(1);
    const t0 = Date.now();
    expect(await p.wait(2, 200), 'WAIT 2 200').toBe(1);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(150);
    expect(await p.wait(0, 0), 'WAIT 0 0').toBe(1);
  });

  it('the replication commands look like Redis in COMMAND INFO', async () => {
    const pair = (await startPair())!;
    cleanups.push(() => pair.close());
    await pair.same([['COMMAND', 'INFO', 'psync', 'sync', 'replconf', 'role', 'wait']]);
    await pair.same([['WAIT', '0', '0'], ['WAIT', 'x', '0'], ['WAIT', '0', '-1'], ['REPLCONF', 'listening-port'], ['REPLCONF', 'nosuch', 'x']]);
  });
});

describe('a replica that stops reading', () => {
  it('is cut off by the replica class of client-output-buffer-limit; others are untouched', async () => {
    const petrel = await startPetrel({ 'client-output-buffer-limit': 'replica 1mb 0 0' });
    cleanups.push(() => petrel.close());
    const p = client(petrel.port);
    await p.set('seed', '1');
    // A hand-made replica: PSYNC, read the RDB, then never read again.
    const sock = net.connect(petrel.port, '127.0.0.1');
    cleanups.push(() => sock.destroy());
    await new Promise<void>((res) => sock.once('connect', () => res()));
    let got = '';
    const rdbEnd = new Promise<void>((res) => {
      sock.on('data', (d) => {
        got += d.toString('latin1');
        const m = /^\+OK\r\n\+OK\r\n\+FULLRESYNC \S+ \d+\r\n\$(\d+)\r\n/.exec(got);
        if (m && got.length >= m[0].length + Number(m[1])) res();
      });
    });
    sock.write('*3\r\n$8\r\nREPLCONF\r\n$14\r\nlistening-port\r\n$4\r\n9999\r\n*3\r\n$8\r\nREPLCONF\r\n$10\r\nip-address\r\n$8\r\n10.1.2.3\r\n*3\r\n$5\r\nPSYNC\r\n$1\r\n?\r\n$2\r\n-1\r\n');
    await rdbEnd;
    sock.pause();
    await until('the replica to be online', async () => /state=online/.test(await p.info('replication')));
    // REPLCONF ip-address is the address INFO (and ROLE) show.
    expect(await p.info('replication')).toMatch(/slave0:ip=10\.1\.2\.3,port=9999,state=online/);
    const closed = new Promise<void>((res) => sock.once('close', () => res()));
    const big = 'x'.repeat(100_000);
    for (let i = 0; i < 200 && !sock.destroyed; i++) await p.set(`big:${i % 10}`, big);
    await sock.resume();
    await closed;
    await until('the replica to be gone', async () => /connected_slaves:0/.test(await p.info('replication')));
    expect(await p.info('stats')).toMatch(/client_output_buffer_limit_disconnections:1\r\n/);
    expect(await p.get('seed')).toBe('1');
  });
});
