// Connection commands and protocol edge cases, compared byte for byte with redis-server.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_REDIS, startPair, type Pair } from '../helpers/differential.js';
import { RawClient } from '../helpers/raw.js';

describe.skipIf(!HAVE_REDIS)('connection commands vs redis-server', () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = (await startPair())!;
  });
  afterAll(async () => {
    await pair.close();
  });

  for (const resp of ['2', '3']) {
    it(`PING ECHO SELECT AUTH and command errors (RESP${resp})`, async () => {
      await pair.both('HELLO', resp);
      await pair.same([
        ['PING'],
        ['PING', 'hello'],
        ['PING', 'a', 'b'],
        ['ping', ''],
        ['ECHO', 'x\r\ny'],
        ['ECHO'],
        ['SELECT', '1'],
        ['SELECT', '-1'],
        ['SELECT', '16'],
        ['SELECT', '1.5'],
        ['SELECT', '99999999999999999999'],
        ['SELECT', '0'],
        ['AUTH', 'x'],
        ['AUTH', 'u', 'p'],
        ['AUTH', 'a', 'b', 'c'],
        ['HELLO', '1'],
        ['HELLO', 'abc'],
        ['HELLO', '3', 'AUTH', 'default'],
        ['HELLO', '3', 'SETNAME'],
        ['NOSUCHCOMMAND'],
        ['nosuchcommand', 'a', 'b', 'c'],
        ['nosuch', 'x'.repeat(300)],
        ['nosuch', 'a'.repeat(100), 'b'.repeat(100)],
        ['GET'],
        ['SET', 'k'],
        ['CONFIG'],
        ['CONFIG', 'NOSUCH'],
        ['CONFIG', 'GET'],
        ['CLIENT', 'nosuch', 'x'],
      ]);
      await pair.reset();
    });
  }

  async function sameRawExchange(input: string): Promise<void> {
    const p = await RawClient.connect(pair.petrel.port);
    const r = await RawClient.connect(pair.redis.port);
    p.write(input);
    r.write(input);
    const [pOut, rOut] = await Promise.all([p.waitClosed(), r.waitClosed()]);
    expect(pOut).toBe(rOut);
  }

  it.each([
    ['invalid multibulk length', 'PING\r\n*x\r\n'],
    ['expected $', '*2\r\n$4\r\nECHO\r\n:1\r\n'],
    ['invalid bulk length', '*1\r\n$-5\r\n'],
    ['huge bulk length', '*1\r\n$1073741824\r\n'],
    ['huge multibulk length', '*3000000000\r\n'],
    ['unbalanced quotes', 'SET k "v\r\n'],
    ['quote not followed by space', 'SET k "v"x\r\n'],
  ])('protocol error: %s', async (_name, input) => {
    await sameRawExchange(input);
  });

  it('inline commands with quotes and escapes', async () => {
    const p = await RawClient.connect(pair.petrel.port);
    const r = await RawClient.connect(pair.redis.port);
    const input = 'SET "k 1" "a\\x41\\n"\r\nGET "k 1"\nECHO \'it\\\'s\'\r\n\r\nPING\r\nDEL "k 1"\r\n';
    p.write(input);
    r.write(input);
    expect(await p.read(5)).toBe(await r.read(5));
    p.close();
    r.close();
  });
});
