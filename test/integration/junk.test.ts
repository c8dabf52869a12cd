// Bad input never takes the server down: random bytes, truncated and malformed
// RESP, huge lengths. After each attempt a bystander connection still works.

import fc from 'fast-check';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw.js';
import { startPetrel } from '../helpers/server.js';
import type { PetrelServer } from '../../src/index.js';

let petrel: PetrelServer;
let bystander: RawClient;

beforeAll(async () => {
  petrel = await startPetrel();
  bystander = await RawClient.connect(petrel.port);
  await bystander.call('SET', 'untouched:bystander', 'safe');
});
afterAll(async () => {
  bystander.close();
  await petrel.close();
});

/** Sends bytes on a fresh connection, waits until the server answers or closes, then drops it. */
function throwAt(bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const s = net.connect({ port: petrel.port, host: '127.0.0.1' }, () => {
      s.write(bytes);
      // Give the server a moment to process, then leave.
      setTimeout(() => s.destroy(), 5);
    });
    s.on('error', () => {});
    s.on('close', () => resolve());
  });
}

const fragments = fc.oneof(
  fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
  fc.constantFrom('*', '$', '\r\n', '*-1\r\n', '*2\r\n', '$-5\r\n', '$999999999999\r\n', '*1\r\n$3\r\nGET\r\n', '"', "'", ' ', '\x00', 'PING\n').map((s) => Buffer.from(s, 'latin1')),
  fc.array(fc.string({ maxLength: 12 }), { maxLength: 5 }).map((words) => Buffer.from(words.join(' ') + '\r\n', 'latin1')),
);

describe('junk input', () => {
  it('random bytes and broken RESP never crash the server or disturb others', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fragments, { minLength: 1, maxLength: 12 }), async (parts) => {
        await throwAt(Buffer.concat(parts));
        expect(await bystander.call('GET', 'untouched:bystander')).toBe('$4\r\nsafe\r\n');
      }),
      { numRuns: 150 },
    );
  });

  it('random valid commands with junk arguments answer (reply or error), never crash', async () => {
    const names = [...new Set([...petrel.server.commands.keys()].map((n) => n.toLowerCase()))].filter(
      (n) => !['shutdown', 'debug', 'monitor', 'subscribe', 'psubscribe', 'ssubscribe', 'client', 'quit', 'reset', 'multi', 'hello', 'sync', 'psync', 'save', 'bgsave', 'flushall', 'flushdb', 'swapdb', 'select', 'config', 'auth', 'watch', 'wait', 'pfselftest'].includes(n),
    );
    // The bystander's key is longer than any generated argument, so no command can touch it.
    const c = await RawClient.connect(petrel.port);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...names),
        fc.array(fc.oneof(fc.constantFrom('k', '0', '-1', '1', 'inf', 'nan', '9223372036854775808', '', 'WITHSCORES', 'COUNT', 'LIMIT', 'BY', 'STORE'), fc.string({ maxLength: 6 })), { maxLength: 6 }),
        async (name, args) => {
          // Blocking commands get a tiny timeout so the connection never hangs.
          const argv = name.startsWith('b') && /^b(l|r|z)/.test(name) ? [name, ...args.slice(0, 2), '0.01'] : [name, ...args];
          const reply = await c.call(...argv);
          expect(reply.length).toBeGreaterThan(0);
          // A handler that threw would answer this (see dispatcher.commandCrashed): a bug.
          expect(reply, JSON.stringify(argv)).not.toMatch(/^-ERR (internal error|reply is too large)/);
        },
      ),
      { numRuns: 1500 },
    );
    c.close();
    expect(await bystander.call('GET', 'untouched:bystander')).toBe('$4\r\nsafe\r\n');
  });
});
