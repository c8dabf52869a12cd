// CLIENT TRACKING / CACHING / GETREDIR / TRACKINGINFO replies and errors vs redis-server.

import { afterAll, beforeAll, describe, it } from 'vitest';
import { HAVE_REDIS, startPair, type Pair } from '../helpers/differential.js';

describe.skipIf(!HAVE_REDIS)('client tracking vs redis-server', () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = (await startPair())!;
  });
  afterAll(async () => {
    await pair.close();
  });

  for (const resp of ['2', '3']) {
    it(`options, errors and info (RESP${resp})`, async () => {
      await pair.both('HELLO', resp);
      await pair.same([
        ['CLIENT', 'GETREDIR'],
        ['CLIENT', 'TRACKINGINFO'],
        ['CLIENT', 'TRACKING', 'maybe'],
        ['CLIENT', 'TRACKING', 'on', 'redirect', 'abc'],
        ['CLIENT', 'TRACKING', 'on', 'redirect', '99999'],
        ['CLIENT', 'TRACKING', 'on', 'prefix', 'a'],
        ['CLIENT', 'TRACKING', 'on', 'optin', 'optout'],
        ['CLIENT', 'TRACKING', 'on', 'bcast', 'optin'],
        ['CLIENT', 'TRACKING', 'on', 'bcast', 'prefix', 'a', 'prefix', 'ab'],
        ['CLIENT', 'TRACKING', 'on', 'foo'],
        ['CLIENT', 'CACHING', 'yes'],
        ['CLIENT', 'TRACKING', 'on', 'optin'],
        ['CLIENT', 'CACHING', 'no'],
        ['CLIENT', 'CACHING', 'maybe'],
        ['CLIENT', 'TRACKING', 'on', 'optout'],
        ['CLIENT', 'TRACKING', 'on', 'bcast'],
        ['CLIENT', 'CACHING', 'yes'],
        ['CLIENT', 'TRACKINGINFO'],
        ['CLIENT', 'GETREDIR'],
        ['CLIENT', 'TRACKING', 'off'],
        ['CLIENT', 'TRACKING', 'on', 'bcast', 'prefix', 'x', 'noloop'],
        ['CLIENT', 'TRACKING', 'on', 'bcast', 'prefix', 'xy'],
        ['CLIENT', 'TRACKING', 'on', 'bcast', 'prefix', 'z'],
        ['CLIENT', 'TRACKINGINFO'],
        ['CLIENT', 'TRACKING', 'off'],
        ['CLIENT', 'TRACKINGINFO'],
      ]);
    });
  }
});
