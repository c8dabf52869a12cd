// MONITOR: Redis's line format, redaction, admin commands hidden, RESET leaves the mode.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw.js';
import { startPetrel } from '../helpers/server.js';
import type { PetrelServer } from '../../src/index.js';

let petrel: PetrelServer;

beforeAll(async () => {
  petrel = await startPetrel({ requirepass: 'pw' });
});
afterAll(async () => {
  await petrel.close();
});

describe('MONITOR', () => {
  it('streams each command with time, db and address, quoting like Redis', async () => {
    const mon = await RawClient.connect(petrel.port);
    await mon.call('AUTH', 'pw');
    expect(await mon.call('MONITOR')).toBe('+OK\r\n');
    const c = await RawClient.connect(petrel.port);
    await c.call('AUTH', 'pw');
    await c.call('SELECT', '2');
    await c.call('SET', 'k', 'a "b"\n\x01\xff');
    await c.call('CONFIG', 'GET', 'port'); // admin: not shown
    await c.call('GET', 'k');
    const lines = await mon.read(4);
    const addr = `127.0.0.1:${c.socket.localPort}`;
    const re = (db: number, args: string) => new RegExp(`^\\+\\d{10}\\.\\d{6} \\[${db} ${addr.replace(/\./g, '\\.')}\\] ${args}\\r\\n`);
    const parts = lines.split(/(?=\+\d{10}\.)/);
    expect(parts[0]).toMatch(re(0, '"AUTH" "\\(redacted\\)"'));
    expect(parts[1]).toMatch(re(2, '"SELECT" "2"'));
    expect(parts[2]).toMatch(re(2, '"SET" "k" "a \\\\"b\\\\"\\\\n\\\\x01\\\\xff"'));
    expect(parts[3]).toMatch(re(2, '"GET" "k"'));
    const list = await c.call('CLIENT', 'LIST');
    expect(list).toMatch(/ flags=O /);
    expect(await mon.call('RESET')).toBe('+RESET\r\n');
    await c.call('PING');
    expect(await mon.call('AUTH', 'pw')).toBe('+OK\r\n');
    mon.close();
    c.close();
  });

  it('is refused inside MULTI', async () => {
    const c = await RawClient.connect(petrel.port);
    await c.call('AUTH', 'pw');
    await c.call('MULTI');
    await c.call('MONITOR');
    expect(await c.call('EXEC')).toBe("*1\r\n-ERR MONITOR isn't allowed for DENY BLOCKING client\r\n");
    c.close();
  });
});
