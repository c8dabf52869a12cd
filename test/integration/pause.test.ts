// CLIENT PAUSE / UNPAUSE: held commands run in order when the pause ends;
// WRITE mode lets reads through; errors as Redis.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw.js';
import { startPetrel } from '../helpers/server.js';
import type { PetrelServer } from '../../src/index.js';

let petrel: PetrelServer;

beforeAll(async () => {
  petrel = await startPetrel();
});
afterAll(async () => {
  await petrel.close();
});

describe('CLIENT PAUSE', () => {
  it('ALL holds every command until the timeout, then runs them in order', async () => {
    const admin = await RawClient.connect(petrel.port);
    const c = await RawClient.connect(petrel.port);
    const started = Date.now();
    expect(await admin.call('CLIENT', 'PAUSE', '150')).toBe('+OK\r\n');
    c.send('SET', 'p', '1');
    c.send('GET', 'p');
    expect(await c.read(2)).toBe('+OK\r\n$1\r\n1\r\n');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    admin.close();
    c.close();
  });

  it('WRITE lets reads through and holds writes; UNPAUSE releases them', async () => {
    const admin = await RawClient.connect(petrel.port);
    const c = await RawClient.connect(petrel.port);
    const r = await RawClient.connect(petrel.port);
    await admin.call('SET', 'w', 'old');
    expect(await admin.call('CLIENT', 'PAUSE', '10000', 'WRITE')).toBe('+OK\r\n');
    c.send('SET', 'w', 'new');
    expect(await r.call('GET', 'w')).toBe('$3\r\nold\r\n');
    expect(await admin.call('CLIENT', 'UNPAUSE')).toBe('+OK\r\n');
    expect(await c.read()).toBe('+OK\r\n');
    expect(await r.call('GET', 'w')).toBe('$3\r\nnew\r\n');
    admin.close();
    c.close();
    r.close();
  });

  it('rejects bad arguments like Redis', async () => {
    const c = await RawClient.connect(petrel.port);
    expect(await c.call('CLIENT', 'PAUSE', 'abc')).toBe('-ERR timeout is not an integer or out of range\r\n');
    expect(await c.call('CLIENT', 'PAUSE', '-1')).toBe('-ERR timeout is negative\r\n');
    expect(await c.call('CLIENT', 'PAUSE', '10', 'foo')).toBe('-ERR CLIENT PAUSE mode must be WRITE or ALL\r\n');
    expect(await c.call('CLIENT', 'PAUSE', '10', 'write', 'x')).toBe(
      "-ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT HELP.\r\n",
    );
    await c.call('CLIENT', 'UNPAUSE');
    c.close();
  });
});
