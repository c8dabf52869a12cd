// maxclients and timeout, as Redis: the client over the limit gets the error and
// is closed; idle clients are closed after `timeout` seconds, blocked ones are not.

import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw.js';
import { startPetrel } from '../helpers/server.js';

describe('maxclients', () => {
  it('refuses the connection over the limit with Redis\'s error', async () => {
    const srv = await startPetrel({ maxclients: 2 });
    try {
      const a = await RawClient.connect(srv.port);
      const b = await RawClient.connect(srv.port);
      expect(await a.call('PING')).toBe('+PONG\r\n');
      expect(await b.call('PING')).toBe('+PONG\r\n');
      const c = await RawClient.connect(srv.port);
      expect(await c.waitClosed()).toBe('-ERR max number of clients reached\r\n');
      expect(await a.call('INFO', 'stats')).toMatch(/rejected_connections:1\r\n/);
      // A refused peer that sends at once still gets the error text and a clean close.
      const d = net.connect({ port: srv.port, host: '127.0.0.1' });
      d.write('PING\r\n'.repeat(1000));
      const seen = await new Promise<{ text: string; error: string | null }>((resolve) => {
        let text = '';
        let error: string | null = null;
        d.on('data', (x: Buffer) => (text += x.toString('latin1')));
        d.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
        d.on('close', () => resolve({ text, error }));
      });
      expect(seen).toEqual({ text: '-ERR max number of clients reached\r\n', error: null });
      a.close();
      b.close();
    } finally {
      await srv.close();
    }
  });
});

describe('timeout', () => {
  it('closes idle clients after the configured seconds', async () => {
    const srv = await startPetrel({ timeout: 1, hz: 50 });
    try {
      const idle = await RawClient.connect(srv.port);
      const busy = await RawClient.connect(srv.port);
      expect(await idle.call('PING')).toBe('+PONG\r\n');
      const started = Date.now();
      // Keep one client active while the other sits idle.
      while (!idle.closed && Date.now() - started < 3000) {
        expect(await busy.call('PING')).toBe('+PONG\r\n');
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(idle.closed).toBe(true);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect(busy.closed).toBe(false);
      busy.close();
    } finally {
      await srv.close();
    }
  });
});
