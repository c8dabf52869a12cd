// Keyspace notifications: the same commands on Petrel and redis-server must
// publish the same events, in the same order, on the same channels.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_REDIS, startPair, type Pair, type Cmd } from '../helpers/differential.js';
import { RawClient } from '../helpers/raw.js';

describe.skipIf(!HAVE_REDIS)('keyspace notifications vs redis-server', () => {
  let pair: Pair;
  let ps: RawClient;
  let rs: RawClient;

  beforeAll(async () => {
    pair = (await startPair())!;
    ps = await RawClient.connect(pair.petrel.port);
    rs = await RawClient.connect(pair.redis.port);
    ps.send('PSUBSCRIBE', '__key*__:*');
    rs.send('PSUBSCRIBE', '__key*__:*');
    expect(await ps.read()).toBe(await rs.read());
  });
  afterAll(async () => {
    ps.close();
    rs.close();
    await pair.close();
  });

  /** Runs commands on both, then compares every event each subscriber got (ends with a marker). */
  async function sameEvents(flags: string, cmds: (Cmd | number)[]): Promise<void> {
    await pair.same([['CONFIG', 'SET', 'notify-keyspace-events', flags]]);
    // A number is a pause in milliseconds between commands.
    for (const cmd of cmds) {
      if (typeof cmd === 'number') await new Promise((r) => setTimeout(r, cmd));
      else await pair.same([cmd]);
    }
    // A marker event closes the batch so both streams can be read to the same point.
    await pair.same([['CONFIG', 'SET', 'notify-keyspace-events', 'KEA'], ['SET', '__marker__', '1'], ['DEL', '__marker__']]);
    const read = async (c: RawClient) => {
      let all = '';
      while (!all.includes('__keyevent@0__:del\r\n$10\r\n__marker__')) all += await c.read();
      return all;
    };
    const [pe, re] = await Promise.all([read(ps), read(rs)]);
    expect(pe).toBe(re);
  }

  it('string commands (KEA)', async () => {
    await sameEvents('KEA', [
      ['SET', 's', 'v'],
      ['SET', 's', 'v', 'EX', '100'],
      ['SETEX', 's2', '100', 'v'],
      ['APPEND', 's', 'x'],
      ['SETRANGE', 's', '0', 'ab'],
      ['INCR', 'n'],
      ['INCRBY', 'n', '5'],
      ['DECR', 'n'],
      ['INCRBYFLOAT', 'n', '1.5'],
      ['MSET', 'a', '1', 'b', '2'],
      ['GETSET', 'a', '3'],
      ['GETDEL', 'b'],
      ['GETEX', 'a', 'EX', '50'],
      ['GETEX', 'a', 'PERSIST'],
      ['GETEX', 'a', 'PXAT', '1'],
      ['SETNX', 'a', '1'],
      ['MSETNX', 'x1', '1', 'x2', '2'],
    ]);
  });

  it('generic commands (KEA)', async () => {
    await sameEvents('KEA', [
      ['SET', 'k', 'v'],
      ['EXPIRE', 'k', '100'],
      ['PERSIST', 'k'],
      ['PEXPIRE', 'k', '100000'],
      ['RENAME', 'k', 'k2'],
      ['COPY', 'k2', 'k3'],
      ['MOVE', 'k3', '1'],
      ['DEL', 'k2', 'missing'],
      ['SET', 'e', 'v'],
      ['EXPIREAT', 'e', '1'],
      ['SET', 'u', 'v'],
      ['UNLINK', 'u'],
    ]);
  });

  it('list commands (KEA)', async () => {
    await sameEvents('KEA', [
      ['RPUSH', 'l', 'a', 'b', 'c', 'd'],
      ['LPUSH', 'l', 'z'],
      ['LPUSHX', 'l', 'y'],
      ['RPUSHX', 'nolist', 'y'],
      ['LSET', 'l', '0', 'q'],
      ['LINSERT', 'l', 'BEFORE', 'b', 'x'],
      ['LINSERT', 'l', 'BEFORE', 'nope', 'x'],
      ['LREM', 'l', '1', 'x'],
      ['LPOP', 'l'],
      ['RPOP', 'l', '2'],
      ['LMOVE', 'l', 'l2', 'LEFT', 'RIGHT'],
      ['RPOPLPUSH', 'l2', 'l'],
      ['LMPOP', '1', 'l', 'LEFT', 'COUNT', '1'],
      ['LTRIM', 'l', '0', '0'],
      ['LTRIM', 'l', '5', '10'],
      ['RPUSH', 'b', 'v'],
      ['BLPOP', 'b', '0'],
    ]);
  });

  it('class filters: only keyevent for strings, only generic keyspace', async () => {
    await sameEvents('E$', [['SET', 'f', '1'], ['DEL', 'f'], ['INCR', 'f']]);
    await sameEvents('Kg', [['SET', 'f', '1'], ['EXPIRE', 'f', '10'], ['DEL', 'f']]);
  });

  it('expired events when a key is removed lazily', async () => {
    await sameEvents('KEA', [['SET', 'x', '1', 'PX', '5'], 30, ['GET', 'x']]);
  });

  it('new keys (n) and key misses (m), which A does not include', async () => {
    await sameEvents('KEAnm', [['SET', 'nk', '1'], ['SET', 'nk', '2'], ['GET', 'nope'], ['GET', 'nk']]);
  });
});
