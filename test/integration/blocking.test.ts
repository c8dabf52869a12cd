// Blocking list commands with several raw clients and real (short) timings:
// FIFO serving, several keys, keys named twice, keys that turn into another
// type, BLMOVE chains, pipelined commands behind a blocked one, disconnects,
// CLIENT UNBLOCK, INFO/CLIENT LIST reporting, commandstats, MULTI.

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw.js';
import { startPetrel } from '../helpers/server.js';
import type { PetrelServer } from '../../src/index.js';

let petrel: PetrelServer;
let ctl: RawClient;
let opened: RawClient[] = [];

const WRONGTYPE = '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n';

function bulks(...items: string[]): string {
  return `*${items.length}\r\n` + items.map((s) => `$${s.length}\r\n${s}\r\n`).join('');
}

async function client(): Promise<RawClient> {
  const c = await RawClient.connect(petrel.port);
  opened.push(c);
  return c;
}

/** Waits until the server counts `n` blocked clients. */
async function waitBlocked(n: number): Promise<void> {
  const deadline = Date.now() + 2000;
  while (petrel.server.blocking.blockedCount !== n) {
    if (Date.now() > deadline) throw new Error(`expected ${n} blocked clients, have ${petrel.server.blocking.blockedCount}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Asserts nothing arrives on the connection for a short while. */
async function silent(c: RawClient, ms = 30): Promise<void> {
  await expect(c.read(1, ms)).rejects.toThrow(/timeout waiting for reply/);
}

beforeAll(async () => {
  petrel = await startPetrel();
  ctl = await RawClient.connect(petrel.port);
});

afterAll(async () => {
  ctl.close();
  await petrel.close();
});

beforeEach(async () => {
  await ctl.call('FLUSHALL');
});

afterEach(async () => {
  for (const c of opened) c.close();
  opened = [];
  await waitBlocked(0);
});

describe('serving order', () => {
  it('FIFO per key: a multi-element push serves several waiting clients in one go', async () => {
    const [a, b, c] = [await client(), await client(), await client()];
    a.send('BLPOP', 'q', '0');
    await waitBlocked(1);
    b.send('BLPOP', 'q', '0');
    await waitBlocked(2);
    c.send('BRPOP', 'q', '0');
    await waitBlocked(3);
    expect(await ctl.call('LPUSH', 'q', 'x', 'y', 'z')).toBe(':3\r\n');
    expect(await a.read()).toBe(bulks('q', 'z'));
    expect(await b.read()).toBe(bulks('q', 'y'));
    expect(await c.read()).toBe(bulks('q', 'x'));
    expect(await ctl.call('EXISTS', 'q')).toBe(':0\r\n');
  });

  it('the longest-waiting client gets a single pushed element; the others keep waiting', async () => {
    const [a, b] = [await client(), await client()];
    a.send('BLPOP', 'q', '0');
    await waitBlocked(1);
    b.send('BLPOP', 'q', '0');
    await waitBlocked(2);
    await ctl.call('RPUSH', 'q', 'one');
    expect(await a.read()).toBe(bulks('q', 'one'));
    await silent(b);
    await ctl.call('RPUSH', 'q', 'two');
    expect(await b.read()).toBe(bulks('q', 'two'));
  });

  it('several keys: the first non-empty in argument order wins; a key named twice waits once', async () => {
    const a = await client();
    a.send('BLPOP', 'k1', 'k2', 'k1', '0');
    await waitBlocked(1);
    expect(petrel.server.blocking.waitingKeys).toBe(2);
    await ctl.call('MULTI');
    await ctl.call('RPUSH', 'k2', 'b');
    await ctl.call('RPUSH', 'k1', 'a');
    expect(await ctl.call('EXEC')).toBe('*2\r\n:1\r\n:1\r\n');
    expect(await a.read()).toBe(bulks('k1', 'a'));
    expect(await ctl.call('LRANGE', 'k2', '0', '-1')).toBe(bulks('b'));
    expect(petrel.server.blocking.waitingKeys).toBe(0);
  });

  it('LPUSH then DEL in one transaction does not wake the client; nor does the key turning into a string', async () => {
    const a = await client();
    a.send('BLPOP', 'k', '0');
    await waitBlocked(1);
    await ctl.call('MULTI');
    await ctl.call('LPUSH', 'k', 'x');
    await ctl.call('DEL', 'k');
    await ctl.call('EXEC');
    await ctl.call('MULTI');
    await ctl.call('LPUSH', 'k', 'x');
    await ctl.call('DEL', 'k');
    await ctl.call('SET', 'k', 'string');
    await ctl.call('EXEC');
    await silent(a);
    expect(petrel.server.blocking.blockedCount).toBe(1);
    await ctl.call('DEL', 'k');
    await ctl.call('RPUSH', 'k', 'v');
    expect(await a.read()).toBe(bulks('k', 'v'));
  });

  it('BLMOVE chains wake further clients, in order', async () => {
    const [a, b, c] = [await client(), await client(), await client()];
    a.send('BLMOVE', 'src', 'mid', 'LEFT', 'RIGHT', '0');
    await waitBlocked(1);
    b.send('BRPOPLPUSH', 'mid', 'dst', '0');
    await waitBlocked(2);
    c.send('BLMPOP', '0', '2', 'nothing', 'dst', 'LEFT', 'COUNT', '5');
    await waitBlocked(3);
    await ctl.call('RPUSH', 'src', 'v');
    expect(await a.read()).toBe('$1\r\nv\r\n');
    expect(await b.read()).toBe('$1\r\nv\r\n');
    expect(await c.read()).toBe('*2\r\n$3\r\ndst\r\n' + bulks('v'));
    expect(await ctl.call('DBSIZE')).toBe(':0\r\n');
  });

  it('nested unblocks keep fairness (ready keys are served in signal order)', async () => {
    const [a, b, c] = [await client(), await client(), await client()];
    a.send('BRPOPLPUSH', 'l1', 'l3', '0');
    await waitBlocked(1);
    b.send('BLPOP', 'l2', '0');
    await waitBlocked(2);
    c.send('BLMPOP', '0', '2', 'l2', 'l3', 'LEFT', 'COUNT', '1');
    await waitBlocked(3);
    await ctl.call('MULTI');
    await ctl.call('LPUSH', 'l1', '1');
    await ctl.call('LPUSH', 'l2', '2');
    await ctl.call('EXEC');
    expect(await a.read()).toBe('$1\r\n1\r\n');
    expect(await b.read()).toBe(bulks('l2', '2'));
    expect(await c.read()).toBe('*2\r\n$2\r\nl3\r\n' + bulks('1'));
  });

  it('a wrong-typed destination fails the woken client and leaves the element; the next client gets it', async () => {
    const [a, b] = [await client(), await client()];
    await ctl.call('SET', 'bad', 'x');
    a.send('BRPOPLPUSH', 'src', 'bad', '0');
    await waitBlocked(1);
    b.send('BLMOVE', 'src', 'good', 'RIGHT', 'LEFT', '0');
    await waitBlocked(2);
    await ctl.call('RPUSH', 'src', 'e');
    expect(await a.read()).toBe(WRONGTYPE);
    expect(await b.read()).toBe('$1\r\ne\r\n');
    expect(await ctl.call('LRANGE', 'good', '0', '-1')).toBe(bulks('e'));
  });
});

describe('the blocked connection', () => {
  it('pipelined commands behind a blocking command run only after it is served', async () => {
    const a = await client();
    a.write('*3\r\n$5\r\nBLPOP\r\n$1\r\nk\r\n$1\r\n0\r\n*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nLLEN\r\n$1\r\nk\r\n');
    await waitBlocked(1);
    await silent(a);
    await ctl.call('RPUSH', 'k', 'v1', 'v2');
    expect(await a.read(3)).toBe(bulks('k', 'v1') + '+PONG\r\n:1\r\n');
  });

  it('fairness: a client pipelining LPUSH and BLPOP serves the earlier waiter first', async () => {
    const [a, b] = [await client(), await client()];
    a.send('BLPOP', 'm', '0');
    await waitBlocked(1);
    b.write('*3\r\n$5\r\nLPUSH\r\n$1\r\nm\r\n$1\r\n1\r\n*3\r\n$5\r\nBLPOP\r\n$1\r\nm\r\n$1\r\n0\r\n');
    expect(await a.read()).toBe(bulks('m', '1'));
    expect(await b.read()).toBe(':1\r\n');
    await waitBlocked(1);
    await ctl.call('LPUSH', 'm', '2');
    expect(await b.read()).toBe(bulks('m', '2'));
  });

  it('a served client queued behind its first BLPOP does not jump ahead of other waiters', async () => {
    const [a, b] = [await client(), await client()];
    a.write('*3\r\n$5\r\nBLPOP\r\n$1\r\nq\r\n$1\r\n0\r\n*3\r\n$5\r\nBLPOP\r\n$1\r\nq\r\n$1\r\n0\r\n');
    await waitBlocked(1);
    b.send('BLPOP', 'q', '0');
    await waitBlocked(2);
    await ctl.call('RPUSH', 'q', 'x', 'y');
    expect(await a.read()).toBe(bulks('q', 'x'));
    expect(await b.read()).toBe(bulks('q', 'y'));
    await waitBlocked(1); // a's second BLPOP waits now
    await ctl.call('RPUSH', 'q', 'z');
    expect(await a.read()).toBe(bulks('q', 'z'));
  });

  it('times out with the command null shape, RESP2 and RESP3', async () => {
    const a = await client();
    let t0 = Date.now();
    expect(await a.call('BLPOP', 'k', '0.1')).toBe('*-1\r\n');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(95);
    t0 = Date.now();
    expect(await a.call('BLMOVE', 'k', 'd', 'LEFT', 'LEFT', '0.05')).toBe('*-1\r\n');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(45);
    await a.call('HELLO', '3');
    expect(await a.call('BRPOP', 'k', '0.02')).toBe('_\r\n');
    expect(await a.call('BRPOPLPUSH', 'k', 'd', '0.02')).toBe('_\r\n');
    expect(await a.call('BLMPOP', '0.02', '1', 'k', 'RIGHT')).toBe('_\r\n');
  });

  it('a 0 timeout waits past short timeouts of others', async () => {
    const [a, b] = [await client(), await client()];
    a.send('BLPOP', 'k', '0');
    b.send('BLPOP', 'k', '0.05');
    await waitBlocked(2);
    expect(await b.read()).toBe('*-1\r\n');
    await silent(a, 50);
    await ctl.call('RPUSH', 'k', 'v');
    expect(await a.read()).toBe(bulks('k', 'v'));
  });

  it('disconnecting while blocked forgets the client; a later push stays in the list', async () => {
    const a = await client();
    a.send('BLPOP', 'k', '0');
    await waitBlocked(1);
    a.close();
    await waitBlocked(0);
    expect(petrel.server.blocking.waitingKeys).toBe(0);
    expect(await ctl.call('RPUSH', 'k', 'v')).toBe(':1\r\n');
    expect(await ctl.call('LLEN', 'k')).toBe(':1\r\n');
  });

  it('CLIENT UNBLOCK as timeout and as error; the client keeps working', async () => {
    const a = await client();
    const idReply = await a.call('CLIENT', 'ID');
    const id = idReply.slice(1, -2);
    a.send('BLPOP', 'k', '0');
    await waitBlocked(1);
    expect(await ctl.call('CLIENT', 'UNBLOCK', id)).toBe(':1\r\n');
    expect(await a.read()).toBe('*-1\r\n');
    a.send('BLMOVE', 'k', 'd', 'LEFT', 'LEFT', '0');
    await waitBlocked(1);
    expect(await ctl.call('CLIENT', 'UNBLOCK', id, 'TIMEOUT')).toBe(':1\r\n');
    expect(await a.read()).toBe('*-1\r\n');
    a.send('BLMPOP', '0', '1', 'k', 'LEFT');
    await waitBlocked(1);
    expect(await ctl.call('CLIENT', 'UNBLOCK', id, 'ERROR')).toBe(':1\r\n');
    expect(await a.read()).toBe('-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n');
    expect(await ctl.call('CLIENT', 'UNBLOCK', id)).toBe(':0\r\n');
    expect(await a.call('PING')).toBe('+PONG\r\n');
    a.send('BLPOP', 'k', '0');
    await waitBlocked(1);
    await ctl.call('LPUSH', 'k', 'foo');
    expect(await a.read()).toBe(bulks('k', 'foo'));
  });
});

describe('reporting', () => {
  it('INFO blocked_clients, clients_in_timeout_table, total_blocking_keys and CLIENT LIST flags=b', async () => {
    const [a, b] = [await client(), await client()];
    a.send('BLPOP', 'k1', 'k2', '0');
    b.send('BRPOP', 'k2', '10');
    await waitBlocked(2);
    const info = await ctl.call('INFO', 'clients');
    expect(info).toContain('blocked_clients:2\r\n');
    expect(info).toContain('clients_in_timeout_table:1\r\n');
    expect(info).toContain('total_blocking_keys:2\r\n');
    const list = await ctl.call('CLIENT', 'LIST');
    const lines = list.split('\n').filter((l) => l.includes('cmd=blpop') || l.includes('cmd=brpop'));
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l).toMatch(/ flags=b /);
    expect(list).toMatch(/flags=N [^\n]*cmd=client\|list/);
    await ctl.call('RPUSH', 'k2', 'x', 'y');
    expect(await a.read()).toBe(bulks('k2', 'x'));
    expect(await b.read()).toBe(bulks('k2', 'y'));
    expect(await ctl.call('INFO', 'clients')).toContain('blocked_clients:0\r\n');
  });

  it('a blocking command counts once in commandstats, served or timed out; dirty counts the pop', async () => {
    const a = await client();
    await ctl.call('CONFIG', 'RESETSTAT');
    a.send('BLPOP', 'k', '0');
    await waitBlocked(1);
    const dirty = petrel.server.dirty;
    await ctl.call('LPUSH', 'k', 'v');
    expect(await a.read()).toBe(bulks('k', 'v'));
    expect(petrel.server.dirty - dirty).toBe(2);
    expect(await a.call('BLPOP', 'k', '0.01')).toBe('*-1\r\n');
    const stats = await ctl.call('INFO', 'commandstats');
    expect(stats).toMatch(/cmdstat_blpop:calls=2,[^\r]*rejected_calls=0,failed_calls=0/);
  });
});

describe('SWAPDB and blocked clients', () => {
  it('a client blocked on an empty key is served when SWAPDB brings a list in', async () => {
    const srv = await startPetrel();
    try {
      const waiter = await RawClient.connect(srv.port);
      const admin = await RawClient.connect(srv.port);
      await admin.call('SELECT', '1');
      await admin.call('RPUSH', 'swapq', 'from-db1');
      waiter.send('BLPOP', 'swapq', '5');
      for (let i = 0; i < 100 && srv.server.blocking.blockedCount === 0; i++) await new Promise((r) => setTimeout(r, 5));
      expect(await admin.call('SWAPDB', '0', '1')).toBe('+OK\r\n');
      expect(await waiter.read()).toBe('*2\r\n$5\r\nswapq\r\n$8\r\nfrom-db1\r\n');
      waiter.close();
      admin.close();
    } finally {
      await srv.close();
    }
  });
});
