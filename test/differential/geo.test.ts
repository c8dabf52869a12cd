// Geo commands against a real redis-server (the 7.0 oracle), RESP2 and RESP3:
// scores, coordinates, geohashes, distances, search results and their order
// (unsorted, ASC/DESC, COUNT with ties, ANY), stores, errors and keyspace
// events, byte for byte; fast-check drives random points (poles, the
// antimeridian and duplicate positions included) and random searches over both
// sorted set encodings.
//
// Distances come from Math.sin/cos/asin, which differ from glibc's in the
// last bit for a few percent of arguments (measured: ~1.7% of sin/cos, ~3% of
// asin results). That never shows at the 4 decimals Redis prints except when
// a distance sits on a rounding boundary; the comparison accepts exactly that
// (two distance strings one unit of the last digit apart, counted, and the
// count must stay tiny) and, for STOREDIST scores read back with WITHSCORES,
// numbers a few units in the last place apart. STOREDIST scores also print in
// 7.2's shortest form where the 7.0 oracle prints %.17g: compared as numbers.
// Everything else (scores, coordinates, hashes, orders, errors) is exact.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HAVE_REDIS, startPair, type Pair, type Cmd } from '../helpers/differential.js';
import { RawClient } from '../helpers/raw.js';

const DIST_RE = /^-?\d+\.\d{4}$/;

/** Tokens of a RESP reply (lines; bulk contents here never hold CR or LF). */
function tokens(s: string): string[] {
  return s.split('\r\n');
}

function distStep(a: string, b: string): boolean {
  if (!DIST_RE.test(a) || !DIST_RE.test(b)) return false;
  const d = BigInt(a.replace('.', '')) - BigInt(b.replace('.', ''));
  return d === 1n || d === -1n;
}

/** Equal numbers, or a few units in the last place apart (libm). */
function numericEqual(a: string, b: string): boolean {
  // RESP3 doubles carry a ',' prefix.
  if (a[0] === ',' && b[0] === ',') {
    a = a.slice(1);
    b = b.slice(1);
  }
  if (a === '' || b === '') return false;
  const x = Number(a);
  const y = Number(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return false;
  return x === y || Math.abs(x - y) <= 4 * Number.EPSILON * Math.max(Math.abs(x), Math.abs(y));
}

describe.skipIf(!HAVE_REDIS)('geo commands vs redis-server', () => {
  let pair: Pair;
  let tolerated = 0;
  let distances = 0;

  beforeAll(async () => {
    pair = (await startPair())!;
  });
  afterAll(async () => {
    await pair?.close();
  });

  /**
   * Compares one command's replies: identical bytes, or identical but for
   * distances one unit of the last digit apart (libm), or, with `numeric`,
   * equal numbers printed differently (or a few ulps apart).
   */
  async function check(cmd: Cmd, numeric = false): Promise<void> {
    const { petrel, redis } = await pair.both(...cmd);
    for (const t of tokens(redis)) if (DIST_RE.test(t)) distances++;
    if (petrel === redis) return;
    const a = tokens(petrel);
    const b = tokens(redis);
    let ok = a.length === b.length;
    for (let i = 0; ok && i < a.length; i++) {
      if (a[i] === b[i]) continue;
      if (a[i][0] === '$' && b[i][0] === '$' && (distStep(a[i + 1], b[i + 1]) || (numeric && numericEqual(a[i + 1], b[i + 1])))) continue;
      if (distStep(a[i], b[i])) {
        tolerated++;
        continue;
      }
      if (numeric && numericEqual(a[i], b[i])) continue;
      ok = false;
    }
    if (!ok) throw new Error(`Petrel and Redis differ on ${JSON.stringify(cmd.map(String))}\n  redis : ${JSON.stringify(redis)}\n  petrel: ${JSON.stringify(petrel)}`);
  }

  async function checkAll(cmds: Cmd[]): Promise<void> {
    for (const c of cmds) await check(c);
  }

  const SICILY: Cmd = ['GEOADD', 'Sicily', '13.361389', '38.115556', 'Palermo', '15.087269', '37.502669', 'Catania', '12.758489', '38.788135', 'edge1', '17.241510', '38.788135', 'edge2'];

  for (const proto of ['2', '3']) {
    describe(`RESP${proto}`, () => {
      beforeAll(async () => {
        await pair.reset();
        await pair.both('HELLO', proto);
      });

      it('GEOADD options, scores and errors', async () => {
        await pair.both('FLUSHALL');
        await checkAll([
          SICILY,
          ['ZRANGE', 'Sicily', '0', '-1', 'WITHSCORES'],
          ['GEOADD', 'Sicily', 'NX', '13.361389', '38.115556', 'Palermo', '1', '2', 'new'],
          ['GEOADD', 'Sicily', 'XX', 'CH', '13', '38', 'Palermo', '1', '2', 'other'],
          ['GEOADD', 'Sicily', 'ch', 'xx', '13', '38', 'Palermo'],
          ['GEOADD', 'Sicily', 'CH', '13.5', '38', 'Palermo', '1', '2', 'new', '3', '4', 'x'],
          ['GEOADD', 'Sicily', 'NX', 'XX', '1', '2', 'a'],
          ['GEOADD', 'Sicily', 'nx', 'ch', 'ch'],
          ['GEOADD', 'Sicily', '1', '2'],
          ['GEOADD', 'Sicily', '1', '2', 'a', '3'],
          ['GEOADD', 'Sicily', 'GT', '1', '2', 'a'],
          ['GEOADD', 'Sicily', 'GT', '1', '2'],
          ['GEOADD', 'Sicily', '200', '100', 'a'],
          ['GEOADD', 'Sicily', '1', '85.06', 'a'],
          ['GEOADD', 'Sicily', '-180.0000001', '0', 'a'],
          ['GEOADD', 'Sicily', '-0', '100', 'a'],
          ['GEOADD', 'Sicily', '-0.0078125', '1e25', 'a'],
          ['GEOADD', 'Sicily', 'inf', '0', 'a'],
          ['GEOADD', 'Sicily', '-inf', '-inf', 'a'],
          ['GEOADD', 'Sicily', '1e300', '0', 'a'],
          ['GEOADD', 'Sicily', 'nan', '0', 'a'],
          ['GEOADD', 'Sicily', '1e400', '0', 'a'],
          ['GEOADD', 'Sicily', '1', 'x', 'a'],
          ['GEOADD', 'Sicily', ' 1', '2', 'a'],
          ['GEOADD', 'Sicily', '1', '2', 'ok', '500', '2', 'bad'],
          ['ZCARD', 'Sicily'],
          ['GEOADD', 'Sicily', '0x10', '0x1p2', 'hex', '4.9e-324', '-1e-300', 'tiny'],
          ['GEOADD', 'edges', '180', '85.05112878', 'ne', '-180', '-85.05112878', 'sw', '180', '-85.05112878', 'se', '-180', '85.05112878', 'nw', '0', '0', 'o'],
          ['GEOADD', 'edges', '179.99999999999997', '-7.105427357601003e-15', 'lost', '180', '0.00001', 'odd'],
          ['ZRANGE', 'edges', '0', '-1', 'WITHSCORES'],
          ['GEOPOS', 'edges', 'ne', 'sw', 'se', 'nw', 'o', 'lost', 'odd'],
          ['GEOHASH', 'edges', 'ne', 'sw', 'se', 'nw', 'o', 'lost', 'odd'],
          ['GEORADIUS', 'edges', '180', '0', '5000', 'km', 'WITHCOORD', 'WITHHASH', 'ASC'],
          ['GEORADIUS', 'edges', '0', '85.05112878', '100', 'km', 'WITHCOORD', 'WITHHASH'],
          ['GEOSEARCH', 'edges', 'FROMLONLAT', '-180', '-85.05112878', 'BYBOX', '30000', '30000', 'km', 'WITHCOORD', 'ASC'],
          ['SET', 'str', 'x'],
          ['GEOADD', 'str', '1', '2', 'a'],
          ['GEOADD', 'str', '1', '200', 'a'],
          ['OBJECT', 'ENCODING', 'Sicily'],
        ]);
      });

      it('GEOPOS, GEOHASH and GEODIST', async () => {
        await pair.both('FLUSHALL');
        await checkAll([
          SICILY,
          ['GEOPOS', 'Sicily', 'Palermo', 'Catania', 'NonExisting'],
          ['GEOPOS', 'nokey', 'a', 'b'],
          ['GEOHASH', 'Sicily', 'Palermo', 'Catania', 'edge1', 'nope'],
          ['GEOHASH', 'nokey', 'a'],
          ['GEODIST', 'Sicily', 'Palermo', 'Catania'],
          ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'km'],
          ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'MI'],
          ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'Ft'],
          ['GEODIST', 'Sicily', 'Palermo', 'Palermo'],
          ['GEODIST', 'Sicily', 'Palermo', 'nope'],
          ['GEODIST', 'Sicily', 'nope', 'Palermo'],
          ['GEODIST', 'nokey', 'a', 'b'],
          ['GEODIST', 'nokey', 'a', 'b', 'parsec'],
          ['GEODIST', 'Sicily', 'a', 'b', 'km', 'x'],
          ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'kmm'],
          // Same longitude: the latitude-only shortcut.
          ['GEOADD', 'meridian', '13.361389', '38.115556', 'p1', '13.361389', '40.5', 'p2', '13.361389', '-20.25', 'p3'],
          ['GEODIST', 'meridian', 'p1', 'p2'],
          ['GEODIST', 'meridian', 'p1', 'p3'],
          ['GEODIST', 'meridian', 'p2', 'p3', 'km'],
          ['GEODIST', 'meridian', 'p2', 'p3', 'ft'],
          // Scores set by ZADD that are no GEOADD output still decode.
          ['ZADD', 'raw', '-1', 'neg', '1.5', 'frac', 'inf', 'pinf', '-inf', 'ninf', '1e30', 'huge', '9.3e18', 'big', '18446744073709551615', 'u64', '4503599627370495', 'max52'],
          ['GEOPOS', 'raw', 'neg', 'frac', 'pinf', 'ninf', 'huge', 'big', 'u64', 'max52'],
          ['GEOHASH', 'raw', 'neg', 'frac', 'pinf', 'ninf', 'huge', 'big', 'u64', 'max52'],
          ['GEODIST', 'raw', 'neg', 'max52'],
          ['SET', 'str', 'x'],
          ['GEOPOS', 'str', 'a'],
          ['GEOHASH', 'str', 'a'],
          ['GEODIST', 'str', 'a', 'b'],
          ['GEODIST', 'str', 'a', 'b', 'bad'],
        ]);
      });

      it('GEORADIUS / GEORADIUSBYMEMBER (and _RO) options and errors', async () => {
        await pair.both('FLUSHALL');
        await checkAll([
          SICILY,
          ['GEORADIUS', 'Sicily', '15', '37', '200', 'km'],
          ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'WITHDIST'],
          ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'WITHCOORD'],
          ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'WITHDIST', 'WITHCOORD', 'WITHHASH'],
          ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'withhash', 'withcoord', 'ASC'],
          ['GEORADIUS', 'Sicily', '15', '37', '400', 'km', 'DESC', 'WITHDIST'],
          ['GEORADIUS', 'Sicily', '15', '37', '400', 'km', 'COUNT', '2'],
          ['GEORADIUS', 'Sicily', '15', '37', '400', 'km', 'COUNT', '2', 'DESC'],
          ['GEORADIUS', 'Sicily', '15', '37', '400', 'km', 'COUNT', '1', 'ANY'],
          ['GEORADIUS', 'Sicily', '15', '37', '400', 'km', 'COUNT', '3', 'ANY', 'ASC'],
          ['GEORADIUS', 'Sicily', '15', '37', '400', 'km', 'ANY'],
          ['GEORADIUS', 'Sicily', '15', '37', '400', 'km', 'COUNT', '0'],
          ['GEORADIUS', 'Sicily', '15', '37', '400', 'km', 'COUNT', '-3'],
          ['GEORADIUS', 'Sicily', '15', '37', '400', 'km', 'COUNT', 'x'],
          ['GEORADIUS', 'Sicily', '15', '37', '400', 'km', 'COUNT'],
          ['GEORADIUS', 'Sicily', '15', '37', '400', 'km', 'COUNT', '99999999999999999999'],
          ['GEORADIUS', 'Sicily', '15', '37', '400', 'km', 'FOO'],
          ['GEORADIUS', 'Sicily', '15', '37', '400', 'KM', 'STORE'],
          ['GEORADIUS', 'Sicily', '15', '37', '0', 'km'],
          ['GEORADIUS', 'Sicily', '15', '37', '-1', 'km'],
          ['GEORADIUS', 'Sicily', '15', '37', 'abc', 'km'],
          ['GEORADIUS', 'Sicily', '15', '37', '1', 'yards'],
          ['GEORADIUS', 'Sicily', '15', '100', '1', 'km'],
          ['GEORADIUS', 'Sicily', 'x', '37', '1', 'km'],
          ['GEORADIUS', 'Sicily', '15', '37', 'inf', 'km'],
          ['GEORADIUS', 'Sicily', '15', '37', '50000', 'km', 'ASC'],
          ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STORE', 'd1', 'WITHDIST'],
          ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STORE', 'd1'],
          ['ZRANGE', 'd1', '0', '-1', 'WITHSCORES'],
          ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STOREDIST', 'd2', 'COUNT', '1'],
          ['ZRANGE', 'd2', '0', '-1'],
          ['GEORADIUS', 'Sicily', '15', '37', '1', 'km', 'STORE', 'd1'],
          ['EXISTS', 'd1'],
          ['GEORADIUS', 'nokey', '15', '37', '1', 'km', 'STORE', 'd2'],
          ['EXISTS', 'd2'],
          ['GEORADIUS', 'nokey', '15', '37', '1', 'km'],
          ['GEORADIUS', 'nokey', '15', '370', '1', 'km'],
          ['GEORADIUS_RO', 'Sicily', '15', '37', '200', 'km', 'WITHDIST', 'ASC'],
          ['GEORADIUS_RO', 'Sicily', '15', '37', '200', 'km', 'STORE', 'x'],
          ['GEORADIUS_RO', 'Sicily', '15', '37', '200', 'km', 'STOREDIST', 'x'],
          ['GEORADIUSBYMEMBER', 'Sicily', 'Palermo', '200', 'km', 'WITHDIST', 'ASC'],
          ['GEORADIUSBYMEMBER', 'Sicily', 'Palermo', '300', 'mi', 'COUNT', '2', 'WITHCOORD'],
          ['GEORADIUSBYMEMBER', 'Sicily', 'nope', '200', 'km'],
          ['GEORADIUSBYMEMBER', 'Sicily', 'nope', '-200', 'km'],
          ['GEORADIUSBYMEMBER', 'Sicily', 'Palermo', '-200', 'km'],
          ['GEORADIUSBYMEMBER', 'nokey', 'nope', '-200', 'parsec'],
          ['GEORADIUSBYMEMBER', 'nokey', 'nope', '200', 'km', 'STORE', 'x', 'WITHDIST'],
          ['GEORADIUSBYMEMBER', 'nokey', 'nope', '200', 'km', 'BAD'],
          ['GEORADIUSBYMEMBER', 'Sicily', 'Palermo', '200', 'km', 'STOREDIST', 'd3', 'DESC'],
          ['ZRANGE', 'd3', '0', '-1'],
          ['GEORADIUSBYMEMBER_RO', 'Sicily', 'Palermo', '200', 'km', 'WITHHASH'],
          ['GEORADIUSBYMEMBER_RO', 'Sicily', 'Palermo', '200', 'km', 'STORE', 'x'],
          ['SET', 'str', 'x'],
          ['GEORADIUS', 'str', '15', '37', '200', 'km'],
          ['GEORADIUS', 'str', '15', '370', '200', 'km'],
          ['GEORADIUSBYMEMBER', 'str', 'a', '200', 'km'],
          ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STORE', 'str'],
          ['TYPE', 'str'],
        ]);
        await check(['ZRANGE', 'd3', '0', '-1', 'WITHSCORES'], true);
      });

      it('distances are rounded as llrint(d * 10000), ties to even', async () => {
        // Same longitude: a pure-arithmetic distance (no libm), exactly a
        // half at the 5th decimal: "%.4f" would print ...3399 / ...6789.
        await pair.both('FLUSHALL');
        await pair.same([
          ['GEOADD', 'Sicily', '13.361389', '38.115556', 'Palermo'],
          ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '13.361389338970184', '-66.865326', 'BYRADIUS', '40000000', 'ft', 'WITHDIST'],
          ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '13.361389338970184', '-66.41727', 'BYRADIUS', '40000000', 'ft', 'WITHDIST'],
        ]);
      });

      it('GEOSEARCH / GEOSEARCHSTORE options and errors', async () => {
        await pair.both('FLUSHALL');
        await checkAll([
          SICILY,
          ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'ASC'],
          ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '400', '400', 'km', 'ASC', 'WITHCOORD', 'WITHDIST'],
          ['GEOSEARCH', 'Sicily', 'FROMMEMBER', 'Palermo', 'BYBOX', '400', '400', 'km', 'DESC', 'WITHHASH'],
          ['GEOSEARCH', 'Sicily', 'frommember', 'Palermo', 'byradius', '100', 'MI', 'count', '2', 'any'],
          ['GEOSEARCH', 'Sicily', 'BYRADIUS', '100', 'mi', 'FROMMEMBER', 'Catania', 'FROMMEMBER', 'Palermo'],
          ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '1', 'm'],
          ['GEOSEARCH', 'Sicily', 'FROMMEMBER', 'Palermo', 'FROMLONLAT', '15', '37', 'BYRADIUS', '1', 'm'],
          ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '1', 'm', 'BYBOX', '1', '1', 'm'],
          ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '1', '1', 'm', 'BYRADIUS', '1', 'm'],
          ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'COUNT', '1'],
          ['GEOSEARCH', 'Sicily', 'BYRADIUS', '1', 'km', 'ASC', 'DESC'],
          ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '1', 'km', 'STOREDIST'],
          ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '1', 'km', 'STORE', 'x'],
          ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '1', 'km', 'ANY'],
          ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '-1', '1', 'km'],
          ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', 'w', '1', 'km'],
          ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '1', 'h', 'km'],
          ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '1', '1', 'au'],
          ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '1', '1'],
          ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '370', 'BYRADIUS', '1', 'km'],
          ['GEOSEARCH', 'Sicily', 'FROMMEMBER', 'nope', 'BYRADIUS', '1', 'km'],
          ['GEOSEARCH', 'Sicily', 'FROMMEMBER', 'nope', 'BAD', 'x', 'y'],
          ['GEOSEARCH', 'nokey', 'FROMMEMBER', 'nope', 'BYRADIUS', '1', 'km'],
          ['GEOSEARCH', 'nokey', 'FROMMEMBER', 'nope', 'BYRADIUS', '-1', 'km'],
          ['GEOSEARCH', 'nokey', 'FROMMEMBER', 'nope', 'WITHDIST', 'ASC', 'DESC'],
          ['geosearch', 'nokey', 'BYRADIUS', '1', 'km', 'WITHDIST', 'ASC'],
          ['GeoSearch', 'nokey', 'FROMMEMBER', 'x', 'WITHDIST', 'ASC', 'ANY'],
          ['GEOSEARCHSTORE', 'dst', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '400', '400', 'km', 'ASC', 'COUNT', '3'],
          ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
          ['OBJECT', 'ENCODING', 'dst'],
          ['GEOSEARCHSTORE', 'dst2', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '400', '400', 'km', 'ASC', 'COUNT', '3', 'STOREDIST'],
          ['ZRANGE', 'dst2', '0', '-1'],
          ['GEOSEARCHSTORE', 'dst', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '1', 'm'],
          ['EXISTS', 'dst'],
          ['GEOSEARCHSTORE', 'dst', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '1', 'm', 'WITHDIST'],
          ['GEOSEARCHSTORE', 'dst', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '1', 'm', 'STORE', 'x'],
          ['GEOSEARCHSTORE', 'dst2', 'nokey', 'FROMLONLAT', '15', '37', 'BYRADIUS', '1', 'm'],
          ['EXISTS', 'dst2'],
          ['geosearchstore', 'dst2', 'nokey', 'FROMLONLAT', '15', '37', 'ASC'],
          ['GEOSEARCH', 'nokey', 'FROMMEMBER'],
          ['SET', 'str', 'x'],
          ['GEOSEARCH', 'str', 'FROMLONLAT', '15', '37', 'BYRADIUS', '1', 'm'],
          ['GEOSEARCHSTORE', 'dst', 'str', 'FROMLONLAT', '15', '37', 'BYRADIUS', '1', 'm'],
          ['GEOSEARCHSTORE', 'str', 'Sicily', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '1', 'm'],
          ['EXISTS', 'str'],
        ]);
        await check(['ZRANGE', 'dst2', '0', '-1', 'WITHSCORES'], true);
      });

      it('ties: equal positions come out in Redis order (full sort, partial sort, unsorted)', async () => {
        await pair.both('FLUSHALL');
        // 60 members on 6 positions: many equal distances.
        const add: Cmd = ['GEOADD', 'ties'];
        const spots = [
          ['2.35', '48.85'],
          ['2.36', '48.86'],
          ['2.34', '48.84'],
          ['2.35', '48.87'],
          ['2.30', '48.85'],
          ['2.40', '48.80'],
        ];
        for (let i = 0; i < 60; i++) add.push(spots[(i * 7) % 6][0], spots[(i * 7) % 6][1], `m${(i * 37) % 60}`);
        const cmds: Cmd[] = [add];
        for (const n of ['1', '2', '5', '7', '8', '13', '41', '59', '60', '100']) {
          cmds.push(['GEORADIUS', 'ties', '2.35', '48.85', '50', 'km', 'COUNT', n]);
          cmds.push(['GEORADIUS', 'ties', '2.35', '48.85', '50', 'km', 'COUNT', n, 'DESC']);
          cmds.push(['GEOSEARCH', 'ties', 'FROMLONLAT', '2.351', '48.851', 'BYBOX', '30', '30', 'km', 'COUNT', n, 'ANY']);
        }
        cmds.push(['GEORADIUS', 'ties', '2.35', '48.85', '50', 'km']);
        cmds.push(['GEORADIUS', 'ties', '2.35', '48.85', '50', 'km', 'ASC']);
        cmds.push(['GEORADIUS', 'ties', '2.35', '48.85', '50', 'km', 'DESC', 'WITHDIST']);
        cmds.push(['GEOSEARCHSTORE', 'tdst', 'ties', 'FROMLONLAT', '2.35', '48.85', 'BYRADIUS', '50', 'km', 'COUNT', '9']);
        cmds.push(['ZRANGE', 'tdst', '0', '-1']);
        await checkAll(cmds);
      });

      it('COMMAND INFO and GETKEYS', async () => {
        await checkAll([
          ['COMMAND', 'INFO', 'geoadd', 'geodist', 'geohash', 'geopos', 'georadius', 'georadiusbymember', 'georadius_ro', 'georadiusbymember_ro', 'geosearch', 'geosearchstore'],
          ['COMMAND', 'GETKEYS', 'GEORADIUS', 'k', '1', '2', '3', 'km', 'STORE', 'dst'],
          ['COMMAND', 'GETKEYS', 'GEORADIUS', 'k', '1', '2', '3', 'km', 'STOREDIST', 'dst', 'STORE', 'd2'],
          ['COMMAND', 'GETKEYS', 'GEORADIUS', 'k', '1', '2', '3', 'km', 'COUNT', '2'],
          ['COMMAND', 'GETKEYS', 'GEORADIUS', 'k', '1', '2', '3', 'km', 'STORE'],
          ['COMMAND', 'GETKEYSANDFLAGS', 'GEORADIUSBYMEMBER', 'k', 'm', '3', 'km', 'STOREDIST', 'dst'],
          ['COMMAND', 'GETKEYSANDFLAGS', 'GEOSEARCHSTORE', 'dst', 'src', 'FROMMEMBER', 'm', 'BYRADIUS', '1', 'km'],
          ['COMMAND', 'GETKEYS', 'GEOADD', 'k', '1', '2', 'm'],
          ['COMMAND', 'GETKEYS', 'GEOSEARCH', 'k', 'FROMMEMBER', 'm', 'BYRADIUS', '1', 'km'],
        ]);
      });
    });
  }

  it('keyspace events', async () => {
    await pair.reset();
    const ps = await RawClient.connect(pair.petrel.port);
    const rs = await RawClient.connect(pair.redis.port);
    try {
      ps.send('PSUBSCRIBE', '__key*__:*');
      rs.send('PSUBSCRIBE', '__key*__:*');
      expect(await ps.read()).toBe(await rs.read());
      await pair.same([['CONFIG', 'SET', 'notify-keyspace-events', 'KEA']]);
      await checkAll([
        SICILY,
        ['GEOADD', 'Sicily', 'NX', '13.361389', '38.115556', 'Palermo'],
        ['GEOADD', 'Sicily', 'XX', '13', '38', 'Palermo'],
        ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STORE', 'd1'],
        ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STOREDIST', 'd1'],
        ['GEORADIUSBYMEMBER', 'Sicily', 'Catania', '200', 'km', 'STORE', 'd2'],
        ['GEOSEARCHSTORE', 'd3', 'Sicily', 'FROMMEMBER', 'Catania', 'BYRADIUS', '200', 'km'],
        ['GEOSEARCHSTORE', 'd3', 'Sicily', 'FROMMEMBER', 'Catania', 'BYRADIUS', '1', 'm'],
        ['GEORADIUS', 'Sicily', '15', '37', '1', 'm', 'STORE', 'd2'],
        ['GEORADIUS', 'nokey', '15', '37', '1', 'm', 'STORE', 'd1'],
        ['GEORADIUS', 'Sicily', '15', '37', '200', 'km'],
        ['SET', '__marker__', '1'],
        ['DEL', '__marker__'],
      ]);
      const read = async (c: RawClient) => {
        let all = '';
        while (!all.includes('__keyevent@0__:del\r\n$10\r\n__marker__')) all += await c.read();
        return all;
      };
      const [pe, re] = await Promise.all([read(ps), read(rs)]);
      expect(pe).toBe(re);
      await pair.same([['CONFIG', 'SET', 'notify-keyspace-events', '']]);
    } finally {
      ps.close();
      rs.close();
    }
  });

  describe('random points and searches (fast-check)', () => {
    // Coordinates as the text a client would send; edge values on purpose.
    const lonEdge = fc.constantFrom(-180, 180, 0, -0, 179.99999, -179.99999, 180 - 1e-9, -180 + 1e-9, 90, -90, 0.000001);
    const latEdge = fc.constantFrom(85.05112878, -85.05112878, 85.0511, -85.0511, 0, 80.5, -80.5, 66.5, -66.5, 85.05112877, 1e-7);
    const lon = fc.oneof(fc.double({ min: -180, max: 180, noNaN: true }), lonEdge, fc.integer({ min: -180, max: 180 }));
    const lat = fc.oneof(fc.double({ min: -85.05112878, max: 85.05112878, noNaN: true }), latEdge, fc.integer({ min: -85, max: 85 }));
    // Close to a base point, so that searches find many members.
    const near = (base: [number, number]) =>
      fc
        .tuple(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }))
        .map(([dx, dy]): [number, number] => [Math.max(-180, Math.min(180, base[0] + dx)), Math.max(-85.05112878, Math.min(85.05112878, base[1] + dy))]);
    const point = fc.oneof(
      fc.tuple(lon, lat),
      near([13.36, 38.11]),
      near([179.5, 10]),
      near([-179.5, -10]),
      near([0, 84.5]),
      near([45, -84.9]),
    );
    const unit = fc.constantFrom('m', 'km', 'ft', 'mi', 'KM', 'Mi');
    const perUnit: Record<string, number> = { m: 1, km: 1000, ft: 0.3048, mi: 1609.34 };
    // Distances spread over orders of magnitude (meters), converted to the unit.
    const size = fc.tuple(fc.double({ min: -1, max: 7.4, noNaN: true }), unit).map(([e, u]) => [String(10 ** e / perUnit[u.toLowerCase()]), u]);
    const withOpts = fc.subarray(['WITHDIST', 'WITHCOORD', 'WITHHASH']);
    const order = fc.constantFrom([], ['ASC'], ['DESC']);
    const countOpt = fc.option(fc.tuple(fc.integer({ min: 1, max: 12 }), fc.boolean()), { nil: undefined });
    const countArgs = (c: [number, boolean] | undefined): string[] => (c === undefined ? [] : ['COUNT', String(c[0]), ...(c[1] ? ['ANY'] : [])]);

    function searches(members: string[]): fc.Arbitrary<{ cmd: Cmd; numeric?: boolean }> {
      const member = fc.constantFrom(...members, 'nope');
      const from = fc.oneof(
        point.map(([x, y]) => ['FROMLONLAT', String(x), String(y)]),
        member.map((m) => ['FROMMEMBER', m]),
      );
      const by = fc.oneof(
        size.map(([r, u]) => ['BYRADIUS', r, u]),
        fc.tuple(size, fc.double({ min: 0, max: 3, noNaN: true })).map(([[w, u], k]) => ['BYBOX', w, String(Number(w) * k), u]),
      );
      return fc.oneof(
        fc.tuple(point, size, withOpts, order, countOpt).map(([[x, y], [r, u], wo, o, c]) => ({ cmd: ['GEORADIUS', 'g', String(x), String(y), r, u, ...wo, ...o, ...countArgs(c)] })),
        fc.tuple(member, size, withOpts, order, countOpt).map(([m, [r, u], wo, o, c]) => ({ cmd: ['GEORADIUSBYMEMBER_RO', 'g', m, r, u, ...wo, ...o, ...countArgs(c)] })),
        fc.tuple(from, by, withOpts, order, countOpt).map(([f, b, wo, o, c]) => ({ cmd: ['GEOSEARCH', 'g', ...f, ...b, ...wo, ...o, ...countArgs(c)] })),
        fc.tuple(from, by, order, countOpt, fc.boolean()).map(([f, b, o, c, sd]) => ({ cmd: ['GEOSEARCHSTORE', 'dst', 'g', ...f, ...b, ...o, ...countArgs(c), ...(sd ? ['STOREDIST'] : [])] })),
        fc.tuple(point, size, fc.constantFrom('STORE', 'STOREDIST')).map(([[x, y], [r, u], st]) => ({ cmd: ['GEORADIUS', 'g', String(x), String(y), r, u, st, 'dst'] })),
        fc.tuple(member, member, fc.option(unit, { nil: undefined })).map(([a, b, u]) => ({ cmd: ['GEODIST', 'g', a, b, ...(u === undefined ? [] : [u])] })),
        fc.array(member, { minLength: 1, maxLength: 4 }).map((ms) => ({ cmd: ['GEOPOS', 'g', ...ms] })),
        fc.array(member, { minLength: 1, maxLength: 4 }).map((ms) => ({ cmd: ['GEOHASH', 'g', ...ms] })),
        fc.constant({ cmd: ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'], numeric: true }),
      );
    }

    // Independent points, or many members on a few positions (equal distances:
    // the order of ties under ASC/DESC/COUNT is the sort algorithm's).
    const points = fc.oneof(
      fc.array(point, { minLength: 1, maxLength: 70 }),
      fc
        .tuple(fc.array(point, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { minLength: 20, maxLength: 150 }))
        .map(([pool, picks]) => picks.map((i) => pool[i % pool.length])),
    );
    const scenario = points
      .chain((pts) => {
        // Names repeat now and then (GEOADD updates).
        const names = pts.map((_, i) => `p${i % 120}`);
        return fc.tuple(fc.constant(pts), fc.constant(names), fc.array(searches([...new Set(names)]), { minLength: 1, maxLength: 12 }), fc.array(fc.nat({ max: pts.length - 1 }), { maxLength: 10 }));
      });

    for (const [label, entries] of [
      ['listpack', '128'],
      ['skiplist', '4'],
    ] as const) {
      it(`${label} sets`, async () => {
        await pair.reset();
        await pair.both('CONFIG', 'SET', 'zset-max-listpack-entries', entries);
        let run = 0;
        await fc.assert(
          fc.asyncProperty(scenario, async ([pts, names, queries, dups]) => {
            run++;
            await pair.both('FLUSHALL');
            await pair.both('HELLO', run % 3 === 0 ? '3' : '2');
            const add: Cmd = ['GEOADD', 'g'];
            pts.forEach(([x, y], i) => add.push(String(x), String(y), names[i]));
            // Duplicate positions under new names.
            dups.forEach((d, i) => add.push(String(pts[d][0]), String(pts[d][1]), `dup${i}`));
            await check(add);
            await check(['ZRANGE', 'g', '0', '-1', 'WITHSCORES']);
            for (const q of queries) await check(q.cmd, q.numeric === true);
          }),
          { numRuns: 150 },
        );
        await pair.both('CONFIG', 'SET', 'zset-max-listpack-entries', '128');
        await pair.both('HELLO', '2');
      }, 60_000);
    }

    it('tolerated distance differences stay rare', () => {
      // A last-bit libm difference lands on a rounding boundary about once in
      // 10^5..10^6 distances; many would mean a real bug.
      expect(distances).toBeGreaterThan(100);
      expect(tolerated).toBeLessThanOrEqual(Math.max(3, distances / 1000));
    });
  });
});
