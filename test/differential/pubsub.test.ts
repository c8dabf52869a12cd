// Pub/Sub replies compared byte for byte with redis-server, RESP2 and RESP3.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_REDIS, startPair, type Pair } from '../helpers/differential.js';
import { RawClient } from '../helpers/raw.js';

describe.skipIf(!HAVE_REDIS)('pub/sub vs redis-server', () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = (await startPair())!;
  });
  afterAll(async () => {
    await pair.close();
  });

  for (const resp of ['2', '3']) {
    it(`subscribe, publish to self, unsubscribe, errors (RESP${resp})`, async () => {
      await pair.both('HELLO', resp);
      await pair.same([
        ['SUBSCRIBE'],
        ['PUBLISH', 'c'],
        ['PUBSUB'],
        ['PUBSUB', 'NOSUCH'],
        ['PUBSUB', 'NUMPAT', 'x'],
        ['PUBSUB', 'NUMSUB'],
        ['PUBSUB', 'CHANNELS'],
        ['UNSUBSCRIBE'],
        ['PUNSUBSCRIBE'],
        ['SUNSUBSCRIBE'],
        ['UNSUBSCRIBE', 'never'],
        ['SUBSCRIBE', 'a'],
        ['SUBSCRIBE', 'a'],
        ['PSUBSCRIBE', 'a*'],
        ['PING'],
        ['PING', 'msg'],
        ['SSUBSCRIBE', 'sh'],
        ['SUNSUBSCRIBE', 'sh'],
        ['PUNSUBSCRIBE', 'a*'],
        ['UNSUBSCRIBE', 'a'],
        ['PING'],
      ]);
      if (resp === '2') {
        await pair.same([['SUBSCRIBE', 'x'], ['GET', 'k'], ['SET', 'k', 'v'], ['CLIENT', 'ID'], ['QUIT']]);
        // QUIT closed both raw connections; reopen.
        await pair.reconnect();
      } else {
        await pair.same([['SUBSCRIBE', 'x'], ['GET', 'k'], ['PUBLISH', 'x', 'self'], ['UNSUBSCRIBE']]);
      }
      await pair.reset();
    });
  }

  it('messages to another connection', async () => {
    const ps = await RawClient.connect(pair.petrel.port);
    const rs = await RawClient.connect(pair.redis.port);
    ps.send('PSUBSCRIBE', 'h?llo', 'h[ae]llo');
    rs.send('PSUBSCRIBE', 'h?llo', 'h[ae]llo');
    expect(await ps.read(2)).toBe(await rs.read(2));
    await pair.same([['PUBLISH', 'hello', 'm1'], ['PUBLISH', 'hxllo', 'm2'], ['PUBLISH', 'hllo', 'm3'], ['PUBSUB', 'NUMPAT']]);
    // Redis walks its pattern table in hash order: compare the deliveries as a multiset.
    const split = (raw: string) => raw.split(/(?=\*4\r\n)/).sort();
    expect(split(await ps.read(3))).toEqual(split(await rs.read(3)));
    ps.close();
    rs.close();
  });
});
