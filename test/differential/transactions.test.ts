// Transactions compared byte for byte with redis-server, RESP2 and RESP3.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_REDIS, startPair, type Pair } from '../helpers/differential.js';
import { RawClient } from '../helpers/raw.js';

describe.skipIf(!HAVE_REDIS)('transactions vs redis-server', () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = (await startPair())!;
  });
  afterAll(async () => {
    await pair.close();
  });

  for (const resp of ['2', '3']) {
    it(`queueing, runtime errors, EXECABORT, nesting (RESP${resp})`, async () => {
      await pair.both('HELLO', resp);
      await pair.same([
        ['EXEC'],
        ['DISCARD'],
        ['MULTI'],
        ['SET', 'a', '1'],
        ['INCR', 'a'],
        ['INCR', 'nosuch-type'],
        ['SET', 's', 'x'],
        ['INCR', 's'],
        ['GET', 'missing'],
        ['MGET', 'a', 'missing', 's'],
        ['MULTI'],
        ['WATCH', 'a'],
        ['EXEC'],
        ['MULTI'],
        ['SET', 'b', '1'],
        ['GET'],
        ['SET', 'c', '1'],
        ['EXEC'],
        ['EXISTS', 'b', 'c'],
        ['MULTI'],
        ['UNKNOWNCMD', 'x'],
        ['EXEC'],
        ['MULTI'],
        ['DISCARD'],
        ['MULTI'],
        ['EXEC'],
        ['WATCH'],
        ['UNWATCH', 'x'],
        ['MULTI', 'x'],
        ['WATCH', 'a', 'b'],
        ['UNWATCH'],
        ['WATCH', 'a'],
        ['SET', 'a', 'changed-by-me'],
        ['MULTI'],
        ['PING'],
        ['EXEC'],
      ]);
      await pair.reset();
    });
  }

  it('a WATCH race between two connections', async () => {
    const p2 = await RawClient.connect(pair.petrel.port);
    const r2 = await RawClient.connect(pair.redis.port);
    await pair.same([['SET', 'k', '1'], ['WATCH', 'k']]);
    expect(await p2.call('INCR', 'k')).toBe(await r2.call('INCR', 'k'));
    await pair.same([['MULTI'], ['SET', 'k', '100'], ['EXEC'], ['GET', 'k']]);
    p2.close();
    r2.close();
    await pair.reset();
  });
});
