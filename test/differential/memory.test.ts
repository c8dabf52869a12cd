// MEMORY: errors and shapes as Redis; numbers are Petrel's estimates.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_REDIS, startPair, type Pair } from '../helpers/differential.js';
import { RawClient } from '../helpers/raw.js';
import { startPetrel } from '../helpers/server.js';
import type { PetrelServer } from '../../src/index.js';

describe.skipIf(!HAVE_REDIS)('MEMORY against redis-server', () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = (await startPair())!;
  });
  afterAll(async () => {
    await pair.close();
  });

  it('answers errors, nulls and PURGE as Redis', async () => {
    await pair.same([
      ['SET', 'k', 'value'],
      ['MEMORY', 'USAGE', 'nokey'],
      ['MEMORY', 'USAGE', 'k', 'SAMPLES', '-1'],
      ['MEMORY', 'USAGE', 'k', 'x'],
      ['MEMORY', 'USAGE', 'k', 'SAMPLES', 'x'],
      ['MEMORY', 'USAGE', 'k', 'SAMPLES'],
      ['MEMORY', 'USAGE'],
      ['MEMORY', 'nosuch'],
      ['MEMORY', 'PURGE'],
      ['COMMAND', 'INFO', 'memory|usage', 'memory|stats', 'memory|doctor', 'memory|purge', 'memory|malloc-stats', 'memory|help'],
      ['COMMAND', 'GETKEYS', 'MEMORY', 'USAGE', 'k'],
    ]);
  });
});

describe('MEMORY', () => {
  let petrel: PetrelServer;
  let c: RawClient;
  beforeAll(async () => {
    petrel = await startPetrel();
    c = await RawClient.connect(petrel.port);
  });
  afterAll(async () => {
    c.close();
    await petrel.close();
  });

  it('USAGE grows with the value and samples collections', async () => {
    await c.call('SET', 'small', 'x');
    await c.call('SET', 'big', 'x'.repeat(10000));
    const small = Number((await c.call('MEMORY', 'USAGE', 'small')).slice(1, -2));
    const big = Number((await c.call('MEMORY', 'USAGE', 'big')).slice(1, -2));
    expect(small).toBeGreaterThan(0);
    expect(big - small).toBeGreaterThanOrEqual(9990);
    await c.call('RPUSH', 'l', ...Array.from({ length: 1000 }, (_, i) => `element-${i}`));
    const all = Number((await c.call('MEMORY', 'USAGE', 'l', 'SAMPLES', '0')).slice(1, -2));
    expect(all).toBeGreaterThan(1000 * 10);
  });

  it('STATS is a map with Redis’s field names', async () => {
    const reply = await c.call('MEMORY', 'STATS');
    for (const f of ['peak.allocated', 'total.allocated', 'startup.allocated', 'keys.count', 'dataset.bytes', 'db.0', 'overhead.hashtable.main', 'fragmentation']) {
      expect(reply).toContain(`\r\n${f}\r\n`);
    }
    expect(reply.startsWith('*')).toBe(true);
    await c.call('HELLO', '3');
    expect((await c.call('MEMORY', 'STATS')).startsWith('%')).toBe(true);
    expect((await c.call('MEMORY', 'DOCTOR')).startsWith('=')).toBe(true);
    await c.call('HELLO', '2');
    expect(await c.call('MEMORY', 'HELP')).toMatch(/^\*14\r\n\+MEMORY <subcommand>/);
  });
});
