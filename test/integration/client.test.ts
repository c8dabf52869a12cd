// CLIENT subcommands: identity (ID, SETNAME/GETNAME, SETINFO), CLIENT LIST /
// INFO lines in Redis 7.2's field order, KILL (old and filter forms), REPLY
// ON/OFF/SKIP, NO-EVICT / NO-TOUCH, and ioredis's handshake.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Redis from 'ioredis';
import { startPetrel } from '../helpers/server.js';
import { RawClient } from '../helpers/raw.js';
import type { PetrelServer } from '../../src/index.js';

let petrel: PetrelServer;
let raw: RawClient;

beforeAll(async () => {
  petrel = await startPetrel();
  raw = await RawClient.connect(petrel.port);
});

afterAll(async () => {
  raw.close();
  await petrel.close();
});

const LINE =
  /^id=(\d+) addr=127\.0\.0\.1:\d+ laddr=127\.0\.0\.1:\d+ fd=-?\d+ name=(\S*) age=\d+ idle=\d+ flags=([A-Za-z]+) db=\d+ sub=0 psub=0 ssub=0 multi=-1 qbuf=\d+ qbuf-free=\d+ argv-mem=\d+ multi-mem=0 rbs=\d+ rbp=\d+ obl=0 oll=0 omem=\d+ tot-mem=\d+ events=rw? cmd=(\S+) user=default redir=-1 resp=([23]) lib-name=(\S*) lib-ver=(\S*)$/;

function bulkText(reply: string): string {
  const nl = reply.indexOf('\r\n');
  return reply.slice(nl + 2, reply.length - 2);
}

describe('CLIENT identity', () => {
  it('ID, SETNAME, GETNAME', async () => {
    const c = await RawClient.connect(petrel.port);
    const id = Number((await c.call('CLIENT', 'ID')).slice(1, -2));
    expect(id).toBeGreaterThan(0);
    expect(await c.call('CLIENT', 'GETNAME')).toBe('$-1\r\n');
    expect(await c.call('CLIENT', 'SETNAME', 'worker-1')).toBe('+OK\r\n');
    expect(await c.call('CLIENT', 'GETNAME')).toBe('$8\r\nworker-1\r\n');
    expect(await c.call('CLIENT', 'SETNAME', 'a b')).toBe('-ERR Client names cannot contain spaces, newlines or special characters.\r\n');
    expect(await c.call('CLIENT', 'SETNAME', '')).toBe('+OK\r\n');
    expect(await c.call('CLIENT', 'GETNAME')).toBe('$-1\r\n');
    expect(await c.call('CLIENT', 'ID', 'x')).toBe("-ERR wrong number of arguments for 'client|id' command\r\n");
    c.close();
  });

  it('SETINFO stores lib-name and lib-ver (Redis 7.2)', async () => {
    const c = await RawClient.connect(petrel.port);
    expect(await c.call('CLIENT', 'SETINFO', 'LIB-NAME', 'mylib')).toBe('+OK\r\n');
    expect(await c.call('CLIENT', 'SETINFO', 'lib-ver', '1.2.3')).toBe('+OK\r\n');
    expect(await c.call('CLIENT', 'SETINFO', 'foo', 'x')).toBe("-ERR Unrecognized option 'foo'\r\n");
    expect(await c.call('CLIENT', 'SETINFO', 'lib-name', 'a b')).toBe('-ERR lib-name cannot contain spaces, newlines or special characters.\r\n');
    expect(await c.call('CLIENT', 'SETINFO', 'lib-name')).toBe("-ERR wrong number of arguments for 'client|setinfo' command\r\n");
    const m = LINE.exec(bulkText(await c.call('CLIENT', 'INFO')).trimEnd());
    expect(m?.[6]).toBe('mylib');
    expect(m?.[7]).toBe('1.2.3');
    c.close();
  });

  it('ioredis (HELLO 3 + CLIENT SETINFO + INFO ready check) connects and is listed', async () => {
    const redis = new Redis(petrel.port, '127.0.0.1', { connectionName: 'io' });
    expect(await redis.ping()).toBe('PONG');
    const list = (await redis.call('CLIENT', 'LIST')) as string;
    expect(list).toMatch(/ name=io /);
    redis.disconnect();
  });
});

describe('CLIENT INFO and LIST', () => {
  it('INFO is one line in Redis 7.2 order, naming the running command', async () => {
    const r = await raw.call('CLIENT', 'INFO');
    const text = bulkText(r);
    expect(text.endsWith('\n')).toBe(true);
    const m = LINE.exec(text.slice(0, -1));
    expect(m).not.toBeNull();
    expect(m![3]).toBe('N');
    expect(m![4]).toBe('client|info');
    expect(text).toContain(' argv-mem=10 ');
  });

  it('LIST shows every client, filters by TYPE and ID, and is verbatim in RESP3', async () => {
    const other = await RawClient.connect(petrel.port);
    const otherId = (await other.call('CLIENT', 'ID')).slice(1, -2);
    await other.call('GET', 'k');
    const lines = bulkText(await raw.call('CLIENT', 'LIST')).split('\n').filter((l) => l !== '');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const l of lines) expect(l).toMatch(LINE);
    const mine = lines.find((l) => l.includes('cmd=client|list'));
    expect(mine).toBeDefined();
    expect(lines.find((l) => l.startsWith(`id=${otherId} `))).toContain(' cmd=get ');
    const byId = bulkText(await raw.call('CLIENT', 'LIST', 'ID', otherId, '999999'));
    expect(byId.split('\n').filter((l) => l !== '').length).toBe(1);
    expect(byId.startsWith(`id=${otherId} `)).toBe(true);
    expect(await raw.call('CLIENT', 'LIST', 'TYPE', 'master')).toBe('$0\r\n\r\n');
    expect(bulkText(await raw.call('CLIENT', 'LIST', 'TYPE', 'normal')).split('\n').length).toBeGreaterThanOrEqual(3);
    expect(await raw.call('CLIENT', 'LIST', 'TYPE', 'foo')).toBe("-ERR Unknown client type 'foo'\r\n");
    expect(await raw.call('CLIENT', 'LIST', 'ID', 'abc')).toBe('-ERR Invalid client ID\r\n');
    expect(await raw.call('CLIENT', 'LIST', 'foo')).toBe('-ERR syntax error\r\n');
    await other.call('HELLO', '3');
    expect(await other.call('CLIENT', 'INFO')).toMatch(/^=\d+\r\ntxt:id=\d+ .* resp=3 lib-name= lib-ver=\n\r\n$/);
    other.close();
  });
});

describe('CLIENT KILL', () => {
  it('old form by address', async () => {
    const victim = await RawClient.connect(petrel.port);
    const line = bulkText(await victim.call('CLIENT', 'INFO'));
    const addr = /addr=(\S+)/.exec(line)![1];
    expect(await raw.call('CLIENT', 'KILL', addr)).toBe('+OK\r\n');
    await victim.waitClosed();
    expect(await raw.call('CLIENT', 'KILL', addr)).toBe('-ERR No such client\r\n');
  });

  it('filter form counts what it kills, skipping the caller by default', async () => {
    const v1 = await RawClient.connect(petrel.port);
    const id1 = (await v1.call('CLIENT', 'ID')).slice(1, -2);
    expect(await raw.call('CLIENT', 'KILL', 'ID', id1)).toBe(':1\r\n');
    await v1.waitClosed();
    expect(await raw.call('CLIENT', 'KILL', 'ID', id1)).toBe(':0\r\n');
    const me = (await raw.call('CLIENT', 'ID')).slice(1, -2);
    expect(await raw.call('CLIENT', 'KILL', 'ID', me)).toBe(':0\r\n');
    expect(await raw.call('CLIENT', 'KILL', 'ID', 'abc')).toBe('-ERR client-id should be greater than 0\r\n');
    expect(await raw.call('CLIENT', 'KILL', 'TYPE', 'foo')).toBe("-ERR Unknown client type 'foo'\r\n");
    expect(await raw.call('CLIENT', 'KILL', 'SKIPME', 'maybe')).toBe('-ERR syntax error\r\n');
    expect(await raw.call('CLIENT', 'KILL', 'USER', 'nobody')).toBe("-ERR No such user 'nobody'\r\n");
    expect(await raw.call('CLIENT', 'KILL', 'ADDR', '1.2.3.4:5', 'x')).toBe('-ERR syntax error\r\n');
  });

  it('SKIPME no kills the caller after its reply; MAXAGE spares young clients', async () => {
    const p = await startPetrel();
    const a = await RawClient.connect(p.port);
    const b = await RawClient.connect(p.port);
    await b.call('PING');
    expect(await a.call('CLIENT', 'KILL', 'MAXAGE', '1000')).toBe(':0\r\n');
    a.send('CLIENT', 'KILL', 'SKIPME', 'no');
    expect(await a.read()).toBe(':2\r\n');
    await a.waitClosed();
    await b.waitClosed();
    await p.close();
  });
});

describe('CLIENT REPLY, NO-EVICT, NO-TOUCH, HELP', () => {
  it('OFF silences replies until ON; SKIP drops exactly the next one', async () => {
    const c = await RawClient.connect(petrel.port);
    c.send('CLIENT', 'REPLY', 'OFF');
    c.send('SET', 'reply-k', '1');
    c.send('CLIENT', 'REPLY', 'ON');
    expect(await c.read()).toBe('+OK\r\n');
    c.send('CLIENT', 'REPLY', 'SKIP');
    c.send('GET', 'reply-k');
    c.send('ECHO', 'after');
    expect(await c.read()).toBe('$5\r\nafter\r\n');
    expect(await c.call('CLIENT', 'REPLY', 'maybe')).toBe('-ERR syntax error\r\n');
    await c.call('DEL', 'reply-k');
    c.close();
  });

  it('NO-EVICT and NO-TOUCH set the client flags', async () => {
    const c = await RawClient.connect(petrel.port);
    expect(await c.call('CLIENT', 'NO-EVICT', 'on')).toBe('+OK\r\n');
    expect(await c.call('CLIENT', 'NO-TOUCH', 'ON')).toBe('+OK\r\n');
    expect(bulkText(await c.call('CLIENT', 'INFO'))).toContain(' flags=eT ');
    expect(await c.call('CLIENT', 'NO-EVICT', 'off')).toBe('+OK\r\n');
    expect(await c.call('CLIENT', 'NO-TOUCH', 'off')).toBe('+OK\r\n');
    expect(bulkText(await c.call('CLIENT', 'INFO'))).toContain(' flags=N ');
    expect(await c.call('CLIENT', 'NO-EVICT', 'maybe')).toBe('-ERR syntax error\r\n');
    expect(await c.call('CLIENT', 'NO-TOUCH', 'maybe')).toBe('-ERR syntax error\r\n');
    c.close();
  });

  it('HELP and unknown subcommands', async () => {
    const r = await raw.call('CLIENT', 'HELP');
    expect(r).toMatch(/^\*\d+\r\n\+CLIENT <subcommand> \[<arg> \[value\] \[opt\] \.\.\.\]\. Subcommands are:\r\n/);
    expect(r).toContain('+SETINFO <option> <value>\r\n');
    expect(await raw.call('CLIENT', 'FOO')).toBe("-ERR unknown subcommand 'FOO'. Try CLIENT HELP.\r\n");
    expect(await raw.call('CLIENT')).toBe("-ERR wrong number of arguments for 'client' command\r\n");
  });
});
