// client-output-buffer-limit: a client that stops reading is dropped once its
// pending output passes the hard limit (or the soft limit for long enough),
// while other clients keep being served.

import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw.js';
import { startPetrel } from '../helpers/server.js';
import type { PetrelServer } from '../../src/index.js';

let petrel: PetrelServer;

beforeAll(async () => {
  petrel = await startPetrel({ 'client-output-buffer-limit': 'normal 1mb 0 0 replica 256mb 64mb 60 pubsub 32mb 8mb 60' });
});
afterAll(async () => {
  await petrel.close();
});

/** A client that sends requests but never reads replies (its receive window fills up). */
function stalledClient(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port, host: '127.0.0.1' }, () => {
      s.pause();
      resolve(s);
    });
    s.on('error', () => {});
    s.once('error', reject);
  });
}

describe('client-output-buffer-limit', () => {
  it('drops a normal client over the hard limit and keeps serving the others', async () => {
    const raw = await RawClient.connect(petrel.port);
    expect(await raw.call('SET', 'big', 'x'.repeat(256 * 1024))).toBe('+OK\r\n');
    const stalled = await stalledClient(petrel.port);
    const before = petrel.server.clients.size;
    // 200 x 256 KiB = 50 MiB of replies nobody reads.
    for (let i = 0; i < 200; i++) stalled.write('GET big\r\n');
    // (A paused socket never sees its own close, so watch the server side.)
    for (let i = 0; i < 200 && petrel.server.stats.outputLimitDisconnections === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(petrel.server.clients.size).toBe(before - 1);
    stalled.destroy();
    expect(await raw.call('GET', 'small-key')).toBe('$-1\r\n');
    const info = await raw.call('INFO', 'stats');
    expect(info).toMatch(/client_output_buffer_limit_disconnections:1\r\n/);
    raw.close();
  });

  it('CONFIG SET changes the limits at runtime', async () => {
    const raw = await RawClient.connect(petrel.port);
    expect(await raw.call('CONFIG', 'SET', 'client-output-buffer-limit', 'normal 0 0 0')).toBe('+OK\r\n');
    expect(petrel.server.outputLimits.normal.hard).toBe(0);
    raw.close();
  });
});
