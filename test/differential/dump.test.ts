// DUMP / RESTORE both ways with redis-server 7.0: a value dumped by one
// restores into the other with the same content; errors match byte for byte.
// Petrel dumps with `rdb-version 10` here, since Redis 7.0 refuses newer payloads.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_REDIS, startPair, type Pair, type Cmd } from '../helpers/differential.js';
import { parseReplyTree } from '../helpers/resp.js';

describe.skipIf(!HAVE_REDIS)('DUMP / RESTORE vs redis-server', () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = (await startPair({ petrel: { 'rdb-version': 10 } }))!;
  });
  afterAll(async () => {
    await pair.close();
  });

  const big = (n: number, p: string) => Array.from({ length: n }, (_, i) => `${p}${i}`);
  const fill: Cmd[] = [
    ['SET', 'str', 'hello world'],
    ['SET', 'int', '12345'],
    ['SET', 'long', 'x'.repeat(300)],
    ['RPUSH', 'list', 'a', 'b', '3'],
    ['RPUSH', 'biglist', ...big(300, 'e')],
    ['SADD', 'intset', '1', '2', '3'],
    ['SADD', 'set', 'a', 'b'],
    ['SADD', 'bigset', ...big(300, 'm')],
    ['HSET', 'hash', 'f', 'v', 'g', 'w'],
    ['HSET', 'bighash', ...big(600, 'h')],
    ['ZADD', 'zset', '1', 'a', '2.5', 'b'],
    ['ZADD', 'bigzset', ...big(300, '').flatMap((s) => [s, `z${s}`])],
  ];
  it('DUMP of strings is byte-identical to Redis, LZF-compressed ones included', async () => {
    const values = ['hello world', 'x'.repeat(300), 'abcabcabcabc'.repeat(40) + 'tail', 'The quick brown fox jumps over the lazy dog. '.repeat(8), '12345', '-7'];
    const cmds: Cmd[] = [];
    values.forEach((v, i) => cmds.push(['SET', `lzf:${i}`, v], ['DUMP', `lzf:${i}`]));
    await pair.same(cmds);
  });

  const readBack = (key: string): Cmd[] => [
    ['TYPE', key],
    ['GET', key],
    ['LRANGE', key, '0', '-1'],
    ['SMEMBERS', key],
    ['HGETALL', key],
    ['ZRANGE', key, '0', '-1', 'WITHSCORES'],
  ];
  /** Reads a key from one server in an order-independent form. */
  async function content(port: 'p' | 'r', key: string): Promise<string[]> {
    const c = port === 'p' ? pair.p : pair.r;
    const out: string[] = [];
    for (const cmd of readBack(key)) {
      const raw = await c.call(...cmd);
      const tree = parseReplyTree(raw)[0];
      out.push(tree.children.length > 0 ? tree.children.map((x) => x.raw).sort().join('') : raw);
    }
    return out;
  }

  it('Redis → Petrel and Petrel → Redis keep every type and value', async () => {
    for (const cmd of fill) await pair.r.call(...cmd);
    for (const cmd of fill) await pair.p.call(...cmd);
    for (const cmd of fill) {
      const key = String(cmd[1]);
      const fromRedis = parseReplyTree(await pair.r.call('DUMP', key))[0];
      const payload = Buffer.from(fromRedis.raw.slice(fromRedis.raw.indexOf('\r\n') + 2, -2), 'latin1');
      expect(await pair.p.call('RESTORE', `${key}:fromredis`, '0', payload)).toBe('+OK\r\n');
      expect(await content('p', `${key}:fromredis`)).toEqual(await content('r', key));

      const fromPetrel = parseReplyTree(await pair.p.call('DUMP', key))[0];
      const p2 = Buffer.from(fromPetrel.raw.slice(fromPetrel.raw.indexOf('\r\n') + 2, -2), 'latin1');
      expect(await pair.r.call('RESTORE', `${key}:frompetrel`, '0', p2)).toBe('+OK\r\n');
      expect(await content('r', `${key}:frompetrel`)).toEqual(await content('p', key));
    }
    await pair.reset();
  });

  it('errors and options match', async () => {
    await pair.same([['SET', 'k', 'v']]);
    const dumped = parseReplyTree(await pair.r.call('DUMP', 'k'))[0];
    const payload = Buffer.from(dumped.raw.slice(dumped.raw.indexOf('\r\n') + 2, -2), 'latin1');
    const corrupt = Buffer.from(payload);
    corrupt[corrupt.length - 1] ^= 0xff;
    await pair.same([
      ['DUMP', 'missing'],
      ['RESTORE', 'k', '0', payload],
      ['RESTORE', 'k', '-1', payload, 'REPLACE'],
      ['RESTORE', 'k', 'x', payload, 'REPLACE'],
      ['RESTORE', 'new', '0', corrupt],
      ['RESTORE', 'new', '0', 'short'],
      ['RESTORE', 'new', '0', payload, 'BOGUS'],
      ['RESTORE', 'new', '0', payload, 'IDLETIME', '-1'],
      ['RESTORE', 'new', '0', payload, 'FREQ', '256'],
      ['RESTORE', 'new', '0', payload, 'IDLETIME', '5', 'FREQ', '5'],
      ['RESTORE', 'new', '0', payload, 'IDLETIME', '100'],
      ['OBJECT', 'IDLETIME', 'new'],
      ['RESTORE', 'new', '0', payload, 'REPLACE', 'ABSTTL'],
      ['TTL', 'new'],
      ['RESTORE', 'gone', '1', payload, 'ABSTTL'],
      ['EXISTS', 'gone'],
      ['RESTORE', 'k', '1', payload, 'ABSTTL', 'REPLACE'],
      ['EXISTS', 'k'],
      ['RESTORE', 'ttl', '100000', payload],
      ['TTL', 'ttl'],
      ['RESTORE'],
    ]);
    await pair.reset();
  });
});
