// MULTI/EXEC/DISCARD/WATCH/UNWATCH: queueing, EXECABORT, runtime errors, WATCH
// races between connections, invalidation by expiry and FLUSH/SWAPDB, RESP3.

import Redis from 'ioredis';
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

const connect = () => RawClient.connect(petrel.port);

describe('MULTI / EXEC', () => {
  it('queues commands and runs them atomically', async () => {
    const c = await connect();
    expect(await c.call('MULTI')).toBe('+OK\r\n');
    expect(await c.call('SET', 'tx:a', '1')).toBe('+QUEUED\r\n');
    expect(await c.call('INCR', 'tx:a')).toBe('+QUEUED\r\n');
    expect(await c.call('GET', 'tx:a')).toBe('+QUEUED\r\n');
    expect(await c.call('CLIENT', 'INFO')).toBe('+QUEUED\r\n');
    const reply = await c.call('EXEC');
    expect(reply.startsWith('*4\r\n+OK\r\n:2\r\n$1\r\n2\r\n$')).toBe(true);
    expect(reply).toContain(' flags=N ');
    expect(await c.call('EXEC')).toBe('-ERR EXEC without MULTI\r\n');
    expect(await c.call('DISCARD')).toBe('-ERR DISCARD without MULTI\r\n');
    c.close();
  });

  it('shows the transaction in CLIENT LIST while queueing', async () => {
    const c = await connect();
    await c.call('MULTI');
    await c.call('PING');
    const other = await connect();
    const list = await other.call('CLIENT', 'LIST');
    expect(list).toMatch(/ flags=x db=0 sub=0 psub=0 ssub=0 multi=1 /);
    c.close();
    other.close();
  });

  it('runtime errors do not stop the other commands', async () => {
    const c = await connect();
    await c.call('MULTI');
    await c.call('SET', 'tx:s', 'text');
    await c.call('INCR', 'tx:s');
    await c.call('SET', 'tx:t', 'ok');
    expect(await c.call('EXEC')).toBe('*3\r\n+OK\r\n-ERR value is not an integer or out of range\r\n+OK\r\n');
    c.close();
  });

  it('errors while queueing abort the transaction with EXECABORT', async () => {
    const c = await connect();
    await c.call('MULTI');
    expect(await c.call('SET', 'tx:never', '1')).toBe('+QUEUED\r\n');
    expect(await c.call('NOSUCHCMD')).toBe("-ERR unknown command 'NOSUCHCMD', with args beginning with: \r\n");
    expect(await c.call('GET')).toBe("-ERR wrong number of arguments for 'get' command\r\n");
    expect(await c.call('EXEC')).toBe('-EXECABORT Transaction discarded because of previous errors.\r\n');
    expect(await c.call('EXISTS', 'tx:never')).toBe(':0\r\n');
    c.close();
  });

  it('rejects nesting and WATCH inside MULTI; DISCARD drops the queue', async () => {
    const c = await connect();
    await c.call('MULTI');
    expect(await c.call('MULTI')).toBe('-ERR MULTI calls can not be nested\r\n');
    expect(await c.call('WATCH', 'x')).toBe('-ERR WATCH inside MULTI is not allowed\r\n');
    await c.call('SET', 'tx:dropped', '1');
    expect(await c.call('DISCARD')).toBe('+OK\r\n');
    expect(await c.call('EXISTS', 'tx:dropped')).toBe(':0\r\n');
    // Nesting and WATCH errors do not abort the transaction.
    await c.call('MULTI');
    await c.call('MULTI');
    await c.call('PING');
    expect(await c.call('EXEC')).toBe('*1\r\n+PONG\r\n');
    c.close();
  });

  it('an empty transaction replies an empty array; RESP3 too', async () => {
    const c = await connect();
    await c.call('MULTI');
    expect(await c.call('EXEC')).toBe('*0\r\n');
    await c.call('HELLO', '3');
    await c.call('MULTI');
    await c.call('GET', 'tx:none');
    await c.call('SET', 'tx:r3', '1');
    expect(await c.call('EXEC')).toBe('*2\r\n_\r\n+OK\r\n');
    c.close();
  });
});

describe('WATCH', () => {
  it('a write from another connection fails EXEC with a null reply', async () => {
    const a = await connect();
    const b = await connect();
    await a.call('SET', 'w:k', '1');
    expect(await a.call('WATCH', 'w:k')).toBe('+OK\r\n');
    await b.call('SET', 'w:k', '2');
    await a.call('MULTI');
    await a.call('SET', 'w:k', '3');
    expect(await a.call('EXEC')).toBe('*-1\r\n');
    expect(await a.call('GET', 'w:k')).toBe('$1\r\n2\r\n');
    // After EXEC the keys are unwatched: the next transaction goes through.
    await a.call('MULTI');
    await a.call('SET', 'w:k', '4');
    expect(await a.call('EXEC')).toBe('*1\r\n+OK\r\n');
    a.close();
    b.close();
  });

  it('reads do not invalidate; UNWATCH forgets; RESP3 null', async () => {
    const a = await connect();
    const b = await connect();
    await a.call('HELLO', '3');
    await a.call('WATCH', 'w:r');
    await b.call('GET', 'w:r');
    await b.call('EXISTS', 'w:r');
    await a.call('MULTI');
    await a.call('SET', 'w:r', 'x');
    expect(await a.call('EXEC')).toBe('*1\r\n+OK\r\n');
    await a.call('WATCH', 'w:r');
    await b.call('DEL', 'w:r');
    await a.call('MULTI');
    await a.call('PING');
    expect(await a.call('EXEC')).toBe('_\r\n');
    await a.call('WATCH', 'w:r');
    await b.call('SET', 'w:r', 'again');
    expect(await a.call('UNWATCH')).toBe('+OK\r\n');
    await a.call('MULTI');
    expect(await a.call('EXEC')).toBe('*0\r\n');
    a.close();
    b.close();
  });

  it('the transaction\'s own writes before EXEC count, after MULTI they do not', async () => {
    const a = await connect();
    await a.call('WATCH', 'w:own');
    await a.call('SET', 'w:own', '1');
    await a.call('MULTI');
    await a.call('PING');
    expect(await a.call('EXEC')).toBe('*-1\r\n');
    a.close();
  });

  it('expiry of a watched key invalidates', async () => {
    const a = await connect();
    await a.call('SET', 'w:exp', '1', 'PX', '20');
    await a.call('WATCH', 'w:exp');
    await new Promise((r) => setTimeout(r, 40));
    await a.call('GET', 'w:exp'); // lazy expiry removes it now
    await a.call('MULTI');
    await a.call('PING');
    expect(await a.call('EXEC')).toBe('*-1\r\n');
    a.close();
  });

  it('FLUSHDB, FLUSHALL and SWAPDB invalidate watched keys that exist', async () => {
    const a = await connect();
    const b = await connect();
    for (const [setup, action] of [
      [['SET', 'w:f', '1'], ['FLUSHDB']],
      [['SET', 'w:f', '1'], ['FLUSHALL']],
      [['SET', 'w:f', '1'], ['SWAPDB', '0', '1']],
    ] as string[][][]) {
      await a.call(...setup);
      await a.call('WATCH', 'w:f');
      await b.call(...action);
      await a.call('MULTI');
      await a.call('PING');
      expect(await a.call('EXEC'), action.join(' ')).toBe('*-1\r\n');
      await a.call('FLUSHALL');
    }
    // A watched key that exists nowhere is not touched by FLUSHDB.
    await a.call('WATCH', 'w:absent');
    await b.call('FLUSHDB');
    await a.call('MULTI');
    await a.call('PING');
    expect(await a.call('EXEC')).toBe('*1\r\n+PONG\r\n');
    a.close();
    b.close();
  });

  it('ioredis optimistic locking retries until it wins', async () => {
    const r1 = new Redis(petrel.port, '127.0.0.1');
    const r2 = new Redis(petrel.port, '127.0.0.1');
    await r1.set('w:counter', '0');
    // Two connections each add 1 ten times with WATCH/GET/MULTI/SET/EXEC; lost
    // updates would leave the counter under 20.
    const incrementTenTimes = async (client: Redis) => {
      for (let done = 0; done < 10; ) {
        await client.watch('w:counter');
        const v = Number(await client.get('w:counter'));
        await new Promise((r) => setImmediate(r)); // let the other connection interleave
        const res = await client.multi().set('w:counter', String(v + 1)).exec();
        if (res !== null) done++;
      }
    };
    await Promise.all([incrementTenTimes(r1), incrementTenTimes(r2)]);
    expect(await r1.get('w:counter')).toBe('20');
    r1.disconnect();
    r2.disconnect();
  });
});
