// Geo commands: exact reply bytes in RESP2 and RESP3 (coordinates as RESP3
// doubles, distances always bulk strings), errors, the Redis 7.2 behaviour the
// 7.0 differential oracle cannot show (STOREDIST scores read back in 7.2's
// shortest form, COMMAND DOCS argument names), sorted set encodings of GEOADD
// and store results, dirty counts, keyspace events, propagation (GEOADD is
// logged as the ZADD it ran), search results against a brute-force scan of a
// large skiplist set, MULTI and an ioredis pass.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { RawClient } from '../helpers/raw.js';
import { startPetrel } from '../helpers/server.js';
import type { PetrelServer } from '../../src/index.js';
import type { PropagatedCommand } from '../../src/server/propagate.js';

let petrel: PetrelServer;
let c: RawClient;

const WRONGTYPE = '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n';
const SYNTAX = '-ERR syntax error\r\n';
const EMPTY = '*0\r\n';

function bulk(s: string): string {
  return `$${s.length}\r\n${s}\r\n`;
}
function arr(...items: string[]): string {
  return `*${items.length}\r\n` + items.map(bulk).join('');
}
function int(n: number | string): string {
  return `:${n}\r\n`;
}
function err(s: string): string {
  return `-ERR ${s}\r\n`;
}
/** RESP2 coordinate pair. */
function coords2(x: string, y: string): string {
  return `*2\r\n${bulk(x)}${bulk(y)}`;
}
/** RESP3 coordinate pair. */
function coords3(x: string, y: string): string {
  return `*2\r\n,${x}\r\n,${y}\r\n`;
}

const PALERMO = ['13.36138933897018433', '38.11555639549629859'] as const;
const CATANIA = ['15.08726745843887329', '37.50266842333162032'] as const;

async function sicily(): Promise<void> {
  expect(await c.call('GEOADD', 'Sicily', '13.361389', '38.115556', 'Palermo', '15.087269', '37.502669', 'Catania')).toBe(int(2));
}

beforeAll(async () => {
  petrel = await startPetrel();
  c = await RawClient.connect(petrel.port);
});
afterAll(async () => {
  c.close();
  await petrel.close();
});
beforeEach(async () => {
  await c.call('HELLO', '2');
  await c.call('FLUSHALL');
  await c.call('CONFIG', 'SET', 'zset-max-listpack-entries', '128', 'zset-max-listpack-value', '64', 'notify-keyspace-events', '');
});

describe('GEOADD', () => {
  it('stores 52-bit geohash scores through ZADD (NX, XX, CH)', async () => {
    await sicily();
    expect(await c.call('ZRANGE', 'Sicily', '0', '-1', 'WITHSCORES')).toBe(arr('Palermo', '3479099956230698', 'Catania', '3479447370796909'));
    expect(await c.call('TYPE', 'Sicily')).toBe('+zset\r\n');
    expect(await c.call('GEOADD', 'Sicily', 'NX', '13', '38', 'Palermo', '1', '2', 'new')).toBe(int(1));
    expect(await c.call('ZSCORE', 'Sicily', 'Palermo')).toBe(bulk('3479099956230698'));
    expect(await c.call('GEOADD', 'Sicily', 'XX', '13', '38', 'Palermo', '3', '4', 'other')).toBe(int(0));
    expect(await c.call('EXISTS', 'other')).toBe(int(0));
    expect(await c.call('ZSCORE', 'Sicily', 'other')).toBe('$-1\r\n');
    expect(await c.call('GEOADD', 'Sicily', 'xx', 'ch', '13.5', '38', 'Palermo', '1', '2', 'new')).toBe(int(1));
    expect(await c.call('GEOADD', 'Sicily', 'CH', '13.5', '38', 'Palermo', '5', '6', 'x')).toBe(int(1));
    expect(await c.call('ZCARD', 'Sicily')).toBe(int(4));
  });

  it('rejects bad arguments with Redis texts, coordinates checked before the type', async () => {
    expect(await c.call('GEOADD', 'k', 'NX', 'XX', '1', '2', 'a')).toBe(SYNTAX);
    expect(await c.call('GEOADD', 'k', '1', '2', 'a', '3')).toBe(SYNTAX);
    expect(await c.call('GEOADD', 'k', 'nx', 'ch', 'ch')).toBe(SYNTAX);
    expect(await c.call('GEOADD', 'k', '1', '2')).toBe("-ERR wrong number of arguments for 'geoadd' command\r\n");
    expect(await c.call('GEOADD', 'k', '200', '100', 'a')).toBe(err('invalid longitude,latitude pair 200.000000,100.000000'));
    expect(await c.call('GEOADD', 'k', '-0', '85.06', 'a')).toBe(err('invalid longitude,latitude pair -0.000000,85.060000'));
    expect(await c.call('GEOADD', 'k', '-0.0078125', '1e25', 'a')).toBe(err('invalid longitude,latitude pair -0.007812,10000000000000000905969664.000000'));
    expect(await c.call('GEOADD', 'k', 'inf', '0', 'a')).toBe(err('invalid longitude,latitude pair inf,0.000000'));
    expect(await c.call('GEOADD', 'k', 'x', '0', 'a')).toBe(err('value is not a valid float'));
    expect(await c.call('GEOADD', 'k', '1', 'nan', 'a')).toBe(err('value is not a valid float'));
    expect(await c.call('GEOADD', 'k', '1e400', '0', 'a')).toBe(err('value is not a valid float'));
    expect(await c.call('GEOADD', 'k', '1', '2', 'ok', '500', '2', 'bad')).toBe(err('invalid longitude,latitude pair 500.000000,2.000000'));
    expect(await c.call('EXISTS', 'k')).toBe(int(0));
    await c.call('SET', 'str', 'x');
    expect(await c.call('GEOADD', 'str', '500', '2', 'a')).toBe(err('invalid longitude,latitude pair 500.000000,2.000000'));
    expect(await c.call('GEOADD', 'str', '1', '2', 'a')).toBe(WRONGTYPE);
  });

  it('reaches bits 52 and 53 at the maximum corner', async () => {
    expect(await c.call('GEOADD', 'e', '180', '85.05112878', 'ne', '-180', '-85.05112878', 'sw')).toBe(int(2));
    expect(await c.call('ZRANGE', 'e', '0', '-1', 'WITHSCORES')).toBe(arr('sw', '0', 'ne', '13510798882111488'));
    expect(await c.call('GEOPOS', 'e', 'ne', 'sw')).toBe(`*2\r\n${coords2('180', '85.0511287799999991')}${coords2('-179.99999731779098511', '-85.05112751263942528')}`);
    expect(await c.call('GEOHASH', 'e', 'ne', 'sw')).toBe(arr('bp05b5048p0', '00bh0hbj200'));
  });

  it('uses the sorted set encodings and their thresholds', async () => {
    await sicily();
    expect(await c.call('OBJECT', 'ENCODING', 'Sicily')).toBe(bulk('listpack'));
    await c.call('CONFIG', 'SET', 'zset-max-listpack-entries', '3');
    const args: string[] = [];
    for (let i = 0; i < 4; i++) args.push(String(i), String(i), `m${i}`);
    expect(await c.call('GEOADD', 'big', ...args)).toBe(int(4));
    expect(await c.call('OBJECT', 'ENCODING', 'big')).toBe(bulk('skiplist'));
    // Store results are built big, then shrunk when they fit.
    expect(await c.call('GEOSEARCHSTORE', 'd', 'big', 'FROMLONLAT', '0', '0', 'BYRADIUS', '200', 'km')).toBe(int(2));
    expect(await c.call('OBJECT', 'ENCODING', 'd')).toBe(bulk('listpack'));
    expect(await c.call('GEOSEARCHSTORE', 'd', 'big', 'FROMLONLAT', '0', '0', 'BYRADIUS', '2000', 'km')).toBe(int(4));
    expect(await c.call('OBJECT', 'ENCODING', 'd')).toBe(bulk('skiplist'));
  });
});

describe('GEOPOS / GEOHASH / GEODIST', () => {
  it('RESP2 and RESP3 replies', async () => {
    await sicily();
    expect(await c.call('GEOPOS', 'Sicily', 'Palermo', 'x', 'Catania')).toBe(`*3\r\n${coords2(...PALERMO)}*-1\r\n${coords2(...CATANIA)}`);
    expect(await c.call('GEOPOS', 'nokey', 'a')).toBe('*1\r\n*-1\r\n');
    expect(await c.call('GEOHASH', 'Sicily', 'Palermo', 'Catania', 'x')).toBe('*3\r\n$11\r\nsqc8b49rny0\r\n$11\r\nsqdtr74hyu0\r\n$-1\r\n');
    expect(await c.call('GEOHASH', 'nokey', 'a')).toBe('*1\r\n$-1\r\n');
    expect(await c.call('GEODIST', 'Sicily', 'Palermo', 'Catania')).toBe(bulk('166274.1516'));
    expect(await c.call('GEODIST', 'Sicily', 'Palermo', 'Catania', 'KM')).toBe(bulk('166.2742'));
    expect(await c.call('GEODIST', 'Sicily', 'Palermo', 'Catania', 'mi')).toBe(bulk('103.3182'));
    expect(await c.call('GEODIST', 'Sicily', 'Palermo', 'Catania', 'ft')).toBe(bulk('545518.8700'));
    expect(await c.call('GEODIST', 'Sicily', 'Palermo', 'Palermo')).toBe(bulk('0.0000'));
    expect(await c.call('GEODIST', 'Sicily', 'Palermo', 'x')).toBe('$-1\r\n');
    expect(await c.call('GEODIST', 'nokey', 'a', 'b')).toBe('$-1\r\n');
    await c.call('HELLO', '3');
    expect(await c.call('GEOPOS', 'Sicily', 'Palermo', 'x')).toBe(`*2\r\n${coords3(...PALERMO)}_\r\n`);
    expect(await c.call('GEOHASH', 'Sicily', 'Palermo', 'x')).toBe('*2\r\n$11\r\nsqc8b49rny0\r\n_\r\n');
    // Distances stay bulk strings in RESP3.
    expect(await c.call('GEODIST', 'Sicily', 'Palermo', 'Catania', 'km')).toBe(bulk('166.2742'));
    expect(await c.call('GEODIST', 'Sicily', 'Palermo', 'x')).toBe('_\r\n');
    expect(await c.call('GEODIST', 'nokey', 'a', 'b')).toBe('_\r\n');
  });

  it('errors', async () => {
    await sicily();
    await c.call('SET', 'str', 'x');
    expect(await c.call('GEODIST', 'Sicily', 'a', 'b', 'yd')).toBe(err('unsupported unit provided. please use M, KM, FT, MI'));
    expect(await c.call('GEODIST', 'nokey', 'a', 'b', 'yd')).toBe(err('unsupported unit provided. please use M, KM, FT, MI'));
    expect(await c.call('GEODIST', 'Sicily', 'a', 'b', 'km', 'x')).toBe(SYNTAX);
    expect(await c.call('GEODIST', 'str', 'a', 'b')).toBe(WRONGTYPE);
    expect(await c.call('GEOPOS', 'str', 'a')).toBe(WRONGTYPE);
    expect(await c.call('GEOHASH', 'str', 'a')).toBe(WRONGTYPE);
    expect(await c.call('GEOPOS', 'Sicily')).toBe(EMPTY);
    expect(await c.call('GEOPOS')).toBe("-ERR wrong number of arguments for 'geopos' command\r\n");
    expect(await c.call('GEODIST', 'Sicily', 'a')).toBe("-ERR wrong number of arguments for 'geodist' command\r\n");
  });

  it('decodes scores that GEOADD never produces', async () => {
    await c.call('ZADD', 'raw', '-1', 'neg', '1.5', 'frac', '-inf', 'ninf');
    expect(await c.call('GEOPOS', 'raw', 'neg', 'frac', 'ninf')).toBe(
      `*3\r\n${coords2('180', '85.0511287799999991')}${coords2('-179.99999731779098511', '-85.05112497791824921')}${coords2('180', '-85.05112751263942528')}`,
    );
    expect(await c.call('GEOHASH', 'raw', 'frac')).toBe(arr('00bh0hbj210'));
  });

  it('rounds distances as Redis 7.2 does: llrint(d * 10000), ties to even', async () => {
    // Same longitude (no trigonometry): the distance is exactly ...339850 ft; "%.4f" would say ...3399.
    await c.call('GEOADD', 'Sicily', '13.361389', '38.115556', 'Palermo');
    expect(await c.call('GEOSEARCH', 'Sicily', 'FROMLONLAT', '13.361389338970184', '-66.865326', 'BYRADIUS', '40000000', 'ft', 'WITHDIST')).toBe(
      `*1\r\n*2\r\n${bulk('Palermo')}${bulk('38309170.3398')}`,
    );
  });
});

describe('searches', () => {
  it('GEORADIUS and GEORADIUSBYMEMBER replies with every option', async () => {
    await sicily();
    expect(await c.call('GEORADIUS', 'Sicily', '15', '37', '100', 'km')).toBe(arr('Catania'));
    expect(await c.call('GEORADIUS', 'Sicily', '15', '37', '200', 'km')).toBe(arr('Palermo', 'Catania'));
    expect(await c.call('GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'WITHDIST', 'WITHCOORD', 'WITHHASH', 'ASC')).toBe(
      `*2\r\n*4\r\n${bulk('Catania')}${bulk('56.4413')}${int(3479447370796909)}${coords2(...CATANIA)}` +
        `*4\r\n${bulk('Palermo')}${bulk('190.4424')}${int(3479099956230698)}${coords2(...PALERMO)}`,
    );
    expect(await c.call('GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'DESC', 'COUNT', '1')).toBe(arr('Palermo'));
    expect(await c.call('GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'COUNT', '1')).toBe(arr('Catania'));
    expect(await c.call('GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'COUNT', '1', 'ANY')).toBe(arr('Palermo'));
    expect(await c.call('GEORADIUSBYMEMBER', 'Sicily', 'Palermo', '200', 'km', 'WITHDIST')).toBe(
      `*2\r\n*2\r\n${bulk('Palermo')}${bulk('0.0000')}*2\r\n${bulk('Catania')}${bulk('166.2742')}`,
    );
    expect(await c.call('GEORADIUS_RO', 'Sicily', '15', '37', '1', 'm')).toBe(EMPTY);
    expect(await c.call('GEORADIUSBYMEMBER_RO', 'Sicily', 'Catania', '10', 'KM')).toBe(arr('Catania'));
    await c.call('HELLO', '3');
    expect(await c.call('GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'WITHCOORD', 'WITHDIST', 'ASC', 'COUNT', '1')).toBe(
      `*1\r\n*3\r\n${bulk('Catania')}${bulk('56.4413')}${coords3(...CATANIA)}`,
    );
  });

  it('GEOSEARCH replies', async () => {
    await sicily();
    await c.call('GEOADD', 'Sicily', '12.758489', '38.788135', 'edge1', '17.241510', '38.788135', 'edge2');
    expect(await c.call('GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'ASC')).toBe(arr('Catania', 'Palermo'));
    expect(await c.call('GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '400', '400', 'km', 'ASC')).toBe(arr('Catania', 'Palermo', 'edge2', 'edge1'));
    expect(await c.call('GEOSEARCH', 'Sicily', 'FROMMEMBER', 'Catania', 'BYRADIUS', '100', 'mi', 'WITHDIST', 'WITHHASH')).toBe(
      `*1\r\n*3\r\n${bulk('Catania')}${bulk('0.0000')}${int(3479447370796909)}`,
    );
    await c.call('HELLO', '3');
    expect(await c.call('GEOSEARCH', 'Sicily', 'FROMMEMBER', 'Catania', 'BYRADIUS', '100', 'mi', 'WITHDIST', 'WITHHASH', 'WITHCOORD')).toBe(
      `*1\r\n*4\r\n${bulk('Catania')}${bulk('0.0000')}${int(3479447370796909)}${coords3(...CATANIA)}`,
    );
  });

  it('option errors, in Redis order', async () => {
    await sicily();
    await c.call('SET', 'str', 'x');
    const G = ['GEOSEARCH', 'Sicily'];
    expect(await c.call(...G, 'FROMLONLAT', '15', '37', 'COUNT', '1')).toBe(err('exactly one of BYRADIUS and BYBOX can be specified for GEOSEARCH'));
    expect(await c.call('geosearch', 'Sicily', 'BYRADIUS', '1', 'km', 'WITHDIST', 'ASC')).toBe(err('exactly one of FROMMEMBER or FROMLONLAT can be specified for geosearch'));
    expect(await c.call(...G, 'FROMMEMBER', 'Palermo', 'FROMLONLAT', '1', '2', 'BYRADIUS', '1', 'km')).toBe(SYNTAX);
    expect(await c.call(...G, 'FROMLONLAT', '1', '2', 'BYRADIUS', '1', 'km', 'BYBOX', '1', '1', 'km')).toBe(SYNTAX);
    expect(await c.call(...G, 'FROMLONLAT', '1', '2', 'BYRADIUS', '1', 'km', 'STOREDIST')).toBe(SYNTAX);
    expect(await c.call(...G, 'FROMLONLAT', '1', '2', 'BYRADIUS', '1', 'km', 'ANY')).toBe(err('the ANY argument requires COUNT argument'));
    expect(await c.call(...G, 'FROMLONLAT', '1', '2', 'BYRADIUS', '1', 'km', 'COUNT', '0')).toBe(err('COUNT must be > 0'));
    expect(await c.call(...G, 'FROMLONLAT', '1', '2', 'BYRADIUS', '1', 'km', 'COUNT', 'x')).toBe(err('value is not an integer or out of range'));
    expect(await c.call(...G, 'FROMLONLAT', '1', '2', 'BYRADIUS', '-1', 'km')).toBe(err('radius cannot be negative'));
    expect(await c.call(...G, 'FROMLONLAT', '1', '2', 'BYRADIUS', 'r', 'km')).toBe(err('need numeric radius'));
    expect(await c.call(...G, 'FROMLONLAT', '1', '2', 'BYBOX', 'w', '1', 'km')).toBe(err('need numeric width'));
    expect(await c.call(...G, 'FROMLONLAT', '1', '2', 'BYBOX', '1', 'h', 'km')).toBe(err('need numeric height'));
    expect(await c.call(...G, 'FROMLONLAT', '1', '2', 'BYBOX', '1', '-1', 'km')).toBe(err('height or width cannot be negative'));
    expect(await c.call(...G, 'FROMLONLAT', '1', '2', 'BYBOX', '1', '1', 'au')).toBe(err('unsupported unit provided. please use M, KM, FT, MI'));
    expect(await c.call(...G, 'FROMLONLAT', '1', '200', 'BYBOX', '1', '1', 'km')).toBe(err('invalid longitude,latitude pair 1.000000,200.000000'));
    expect(await c.call(...G, 'FROMMEMBER', 'nope', 'BYRADIUS', '1', 'km')).toBe(err('could not decode requested zset member'));
    // No key: FROMMEMBER is not looked up, the other checks still apply.
    expect(await c.call('GEOSEARCH', 'nokey', 'FROMMEMBER', 'nope', 'BYRADIUS', '1', 'km')).toBe(EMPTY);
    expect(await c.call('GEOSEARCH', 'nokey', 'FROMMEMBER', 'nope', 'WITHDIST', 'ASC', 'DESC')).toBe(err('exactly one of BYRADIUS and BYBOX can be specified for GEOSEARCH'));
    expect(await c.call('GEOSEARCHSTORE', 'd', 'Sicily', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '1', 'km', 'WITHDIST')).toBe(
      err('GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options'),
    );
    expect(await c.call('GEORADIUS', 'Sicily', '15', '37', '1', 'km', 'STORE', 'd', 'WITHCOORD')).toBe(
      err('STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options'),
    );
    expect(await c.call('GEORADIUS_RO', 'Sicily', '15', '37', '1', 'km', 'STORE', 'd')).toBe(SYNTAX);
    expect(await c.call('GEORADIUSBYMEMBER', 'Sicily', 'nope', '1', 'km')).toBe(err('could not decode requested zset member'));
    expect(await c.call('GEORADIUSBYMEMBER', 'nokey', 'nope', '-1', 'parsec')).toBe(EMPTY);
    expect(await c.call('GEORADIUS', 'str', '15', '370', '1', 'km')).toBe(WRONGTYPE);
    expect(await c.call('GEOSEARCH', 'str', 'BAD', 'x', 'y', 'z', 'w')).toBe(WRONGTYPE);
  });

  it('STORE / STOREDIST / GEOSEARCHSTORE, with 7.2 score formatting', async () => {
    await sicily();
    expect(await c.call('GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STORE', 'd')).toBe(int(2));
    expect(await c.call('ZRANGE', 'd', '0', '-1', 'WITHSCORES')).toBe(arr('Palermo', '3479099956230698', 'Catania', '3479447370796909'));
    expect(await c.call('GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STOREDIST', 'd')).toBe(int(2));
    // Redis 7.2 prints the shortest round-trip form (the 7.0 oracle prints 56.441257870158204).
    expect(await c.call('ZSCORE', 'd', 'Catania')).toBe(bulk('56.4412578701582'));
    expect(await c.call('GEOSEARCHSTORE', 'd2', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'ASC', 'COUNT', '1', 'STOREDIST')).toBe(int(1));
    expect(await c.call('ZRANGE', 'd2', '0', '-1')).toBe(arr('Catania'));
    expect(await c.call('SET', 'str', 'x')).toBe('+OK\r\n');
    await c.call('EXPIRE', 'str', '100');
    expect(await c.call('GEOSEARCHSTORE', 'str', 'Sicily', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '1', 'km')).toBe(int(1));
    expect(await c.call('TYPE', 'str')).toBe('+zset\r\n');
    expect(await c.call('TTL', 'str')).toBe(int(-1));
    // Nothing found (or no source): the destination goes.
    expect(await c.call('GEOSEARCHSTORE', 'd2', 'Sicily', 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km')).toBe(int(0));
    expect(await c.call('EXISTS', 'd2')).toBe(int(0));
    expect(await c.call('GEORADIUS', 'nokey', '0', '0', '1', 'km', 'STORE', 'd')).toBe(int(0));
    expect(await c.call('EXISTS', 'd')).toBe(int(0));
  });

  it('finds exactly the members a full scan finds, on a large skiplist', async () => {
    // Deterministic pseudo-random points around a center.
    let seed = 42;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const args: string[] = [];
    for (let i = 0; i < 3000; i++) args.push((2 + rnd() * 6).toFixed(6), (45 + rnd() * 4).toFixed(6), `p${i}`);
    expect(await c.call('GEOADD', 'big', ...args)).toBe(int(3000));
    expect(await c.call('OBJECT', 'ENCODING', 'big')).toBe(bulk('skiplist'));
    const r = new Redis(petrel.port, '127.0.0.1');
    try {
      const found = (await r.call('GEOSEARCH', 'big', 'FROMMEMBER', 'p7', 'BYRADIUS', '80', 'km', 'WITHDIST', 'ASC')) as [string, string][];
      const dists = (await r.call('GEOSEARCH', 'big', 'FROMMEMBER', 'p7', 'BYRADIUS', '100000', 'km', 'WITHDIST')) as [string, string][];
      expect(dists.length).toBe(3000);
      // Every member within 80 km (by GEODIST's own numbers) and nothing else, nearest first.
      const want = dists.filter(([, d]) => Number(d) <= 80).map(([m]) => m);
      expect(found.map(([m]) => m).sort()).toEqual(want.sort());
      const ds = found.map(([, d]) => Number(d));
      expect(ds).toEqual([...ds].sort((a, b) => a - b));
      expect(await r.call('GEODIST', 'big', 'p7', found[found.length - 1][0], 'km')).toBe(found[found.length - 1][1]);
      // COUNT keeps the nearest ones, ANY stops early with COUNT results.
      const top = (await r.call('GEOSEARCH', 'big', 'FROMMEMBER', 'p7', 'BYRADIUS', '80', 'km', 'COUNT', '10')) as string[];
      expect(top).toEqual(found.slice(0, 10).map(([m]) => m));
      const any = (await r.call('GEOSEARCH', 'big', 'FROMMEMBER', 'p7', 'BYRADIUS', '80', 'km', 'COUNT', '10', 'ANY')) as string[];
      expect(any.length).toBe(10);
      for (const m of any) expect(want).toContain(m);
    } finally {
      r.disconnect();
    }
  });

  it('works inside MULTI', async () => {
    expect(await c.call('MULTI')).toBe('+OK\r\n');
    expect(await c.call('GEOADD', 'Sicily', '13.361389', '38.115556', 'Palermo')).toBe('+QUEUED\r\n');
    expect(await c.call('GEORADIUS', 'Sicily', '13', '38', '100', 'km', 'STORE', 'd')).toBe('+QUEUED\r\n');
    expect(await c.call('EXEC')).toBe('*2\r\n:1\r\n:1\r\n');
  });
});

describe('side effects', () => {
  it('counts dirty as Redis', async () => {
    const s = petrel.server;
    let last = s.dirty;
    const delta = () => {
      const d = s.dirty - last;
      last = s.dirty;
      return d;
    };
    await sicily();
    expect(delta()).toBe(2);
    await c.call('GEOADD', 'Sicily', '13.361389', '38.115556', 'Palermo', '1', '1', 'x');
    expect(delta()).toBe(1);
    await c.call('GEOADD', 'Sicily', 'CH', '13', '38', 'Palermo');
    expect(delta()).toBe(1);
    await c.call('GEORADIUS', 'Sicily', '15', '37', '300', 'km', 'STORE', 'd');
    expect(delta()).toBe(2);
    await c.call('GEORADIUS', 'Sicily', '15', '37', '300', 'km');
    expect(delta()).toBe(0);
    await c.call('GEOSEARCHSTORE', 'd', 'Sicily', 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'm');
    expect(delta()).toBe(1);
    await c.call('GEOSEARCHSTORE', 'd', 'Sicily', 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'm');
    expect(delta()).toBe(0);
  });

  it('propagates GEOADD as the ZADD it ran, stores as themselves', async () => {
    const seen: string[][] = [];
    const sink = { feed: (cmds: PropagatedCommand[]) => cmds.forEach((x) => seen.push(x.argv)) };
    petrel.server.propagation.attach(sink);
    try {
      await c.call('GEOADD', 'Sicily', 'CH', '13.361389', '38.115556', 'Palermo', '15.087269', '37.502669', 'Catania');
      await c.call('GEOADD', 'Sicily', 'NX', '13.361389', '38.115556', 'Palermo');
      await c.call('GEOADD', 'e', '180', '85.05112878', 'ne', '179.99999999999997', '-7.105427357601003e-15', 'edge');
      await c.call('GEORADIUS', 'Sicily', '15', '37', '200', 'km');
      await c.call('GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STOREDIST', 'd');
      await c.call('GEOSEARCHSTORE', 'd', 'Sicily', 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'm');
    } finally {
      petrel.server.propagation.detach(sink);
    }
    expect(seen).toEqual([
      ['zadd', 'Sicily', 'CH', '3479099956230698', 'Palermo', '3479447370796909', 'Catania'],
      // The exact integer, even where the stored double rounds it.
      ['zadd', 'e', '13510798882111488', 'ne', '9382499223688533', 'edge'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STOREDIST', 'd'],
      ['GEOSEARCHSTORE', 'd', 'Sicily', 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'm'],
    ]);
  });

  it('publishes zadd / georadiusstore / geosearchstore / del events', async () => {
    const sub = await RawClient.connect(petrel.port);
    try {
      await c.call('CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
      sub.send('PSUBSCRIBE', '__keyevent@0__:*');
      await sub.read(1);
      await sicily();
      await c.call('GEOADD', 'Sicily', 'NX', '13.361389', '38.115556', 'Palermo');
      await c.call('GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STORE', 'd');
      await c.call('GEOSEARCHSTORE', 'd2', 'Sicily', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '1', 'km');
      await c.call('GEOSEARCHSTORE', 'd2', 'Sicily', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '0', 'km', 'COUNT', '1', 'ANY');
      await c.call('GEORADIUS', 'nokey', '15', '37', '200', 'km', 'STORE', 'd');
      const msg = (ev: string, key: string) => `*4\r\n$8\r\npmessage\r\n$16\r\n__keyevent@0__:*\r\n$${15 + ev.length}\r\n__keyevent@0__:${ev}\r\n$${key.length}\r\n${key}\r\n`;
      expect(await sub.read(4)).toBe(msg('zadd', 'Sicily') + msg('georadiusstore', 'd') + msg('geosearchstore', 'd2') + msg('geosearchstore', 'd2'));
      expect(await sub.read(1)).toBe(msg('del', 'd'));
    } finally {
      sub.close();
    }
  });

  it('COMMAND INFO / DOCS / GETKEYS', async () => {
    expect(await c.call('COMMAND', 'GETKEYS', 'GEORADIUS', 'k', '1', '2', '3', 'km', 'STORE', 'dst')).toBe(arr('k', 'dst'));
    expect(await c.call('COMMAND', 'GETKEYS', 'GEORADIUSBYMEMBER', 'k', 'm', '3', 'km', 'STOREDIST', 'dst')).toBe(arr('k', 'dst'));
    expect(await c.call('COMMAND', 'GETKEYS', 'GEOSEARCHSTORE', 'dst', 'src', 'FROMMEMBER', 'm', 'BYRADIUS', '1', 'km')).toBe(arr('dst', 'src'));
    const info = await c.call('COMMAND', 'INFO', 'georadius');
    expect(info).toContain('movablekeys');
    expect(info).toContain('+write\r\n');
    const r = new Redis(petrel.port, '127.0.0.1');
    try {
      const docs = JSON.stringify(await r.call('COMMAND', 'DOCS', 'georadius'));
      // Redis 7.2's argument names.
      expect(docs).toContain('"count-block"');
      expect(docs).toContain('"storekey"');
      expect(docs).toContain('"deprecated_since","6.2.0"');
    } finally {
      r.disconnect();
    }
  });

  it('works through ioredis (RESP3 client)', async () => {
    const r = new Redis(petrel.port, '127.0.0.1');
    try {
      expect(await r.geoadd('Sicily', 13.361389, 38.115556, 'Palermo', 15.087269, 37.502669, 'Catania')).toBe(2);
      expect(await r.geopos('Sicily', 'Palermo', 'nope')).toEqual([[PALERMO[0], PALERMO[1]], null]);
      expect(await r.geodist('Sicily', 'Palermo', 'Catania', 'km')).toBe('166.2742');
      expect(await r.geohash('Sicily', 'Palermo')).toEqual(['sqc8b49rny0']);
      expect(await r.geosearch('Sicily', 'FROMLONLAT', 15, 37, 'BYRADIUS', 200, 'km', 'ASC', 'WITHDIST')).toEqual([
        ['Catania', '56.4413'],
        ['Palermo', '190.4424'],
      ]);
    } finally {
      r.disconnect();
    }
  });
});
