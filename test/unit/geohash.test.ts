// Geohash arithmetic (src/data/geohash.ts): scores, decoding, GEOHASH strings,
// the search boxes, Redis's number formatting and its partial quicksort.
// Expected values come from redis-server (GEOADD/ZSCORE/GEOPOS/GEOHASH replies
// recorded from the oracle and Redis's documentation examples) or from an
// exact BigInt reference.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  GEO_LAT_MAX,
  GEO_LAT_MIN,
  SHAPE_BOX,
  SHAPE_CIRCLE,
  areasByShape,
  cellScoreRange,
  decodeScore,
  encodeScore,
  estimateStepsByRadius,
  formatDistance,
  formatFixed,
  formatHuman,
  geoDistance,
  geohashString,
  pqsort,
  scoreAsInteger,
  withinShape,
  type GeoShape,
} from '../../src/data/geohash.js';

const xy = [0, 0];
function pos(score: number): [string, string] {
  decodeScore(score, xy);
  return [formatHuman(xy[0]), formatHuman(xy[1])];
}

/** Exact "%.<digits>f" of a finite double, rounding half to even (BigInt reference). */
function exactFixed(x: number, digits: number): string {
  const neg = x < 0 || Object.is(x, -0);
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, Math.abs(x));
  const bits = buf.getBigUint64(0);
  const e = Number((bits >> 52n) & 0x7ffn);
  let m = bits & ((1n << 52n) - 1n);
  let exp: number;
  if (e === 0) exp = -1074;
  else {
    m |= 1n << 52n;
    exp = e - 1075;
  }
  // value = m * 2^exp; scaled = value * 10^digits
  let num = m * 10n ** BigInt(digits);
  let den = 1n;
  if (exp >= 0) num <<= BigInt(exp);
  else den <<= BigInt(-exp);
  let q = num / den;
  const r = num - q * den;
  if (2n * r > den || (2n * r === den && q % 2n === 1n)) q += 1n;
  let s = q.toString().padStart(digits + 1, '0');
  s = s.slice(0, s.length - digits) + (digits > 0 ? '.' + s.slice(s.length - digits) : '');
  return (neg ? '-' : '') + s;
}

describe('scores and positions', () => {
  it('encodes positions to the scores Redis stores', () => {
    expect(encodeScore(13.361389, 38.115556)).toEqual({ score: 3479099956230698, text: '3479099956230698' });
    expect(encodeScore(15.087269, 37.502669)).toEqual({ score: 3479447370796909, text: '3479447370796909' });
    expect(encodeScore(-180, -85.05112878)).toEqual({ score: 0, text: '0' });
    expect(encodeScore(0, 0).text).toBe('3377699720527872');
    // At the maximum both cell numbers reach 2^26: bits 52 and 53 (redis-server: ZSCORE 13510798882111488).
    expect(encodeScore(180, 85.05112878)).toEqual({ score: 13510798882111488, text: '13510798882111488' });
  });

  it('keeps the exact integer text past 2^53 while the score rounds like strtod', () => {
    // Longitude 180 sets bit 53; an odd low part cannot be held by a double.
    const e = encodeScore(180, 0.00001);
    expect(BigInt(e.text) > 2n ** 53n).toBe(true);
    expect(e.score).toBe(Number(e.text));
    expect(BigInt(e.text) % 2n).toBe(1n);
  });

  it('decodes to the cell center as GEOPOS prints it', () => {
    expect(pos(3479099956230698)).toEqual(['13.36138933897018433', '38.11555639549629859']);
    expect(pos(3479447370796909)).toEqual(['15.08726745843887329', '37.50266842333162032']);
    expect(pos(3377699720527872)).toEqual(['0.00000268220901489', '0.00000126736058093']);
    expect(pos(13510798882111488)).toEqual(['180', '85.0511287799999991']);
    expect(pos(0)).toEqual(['-179.99999731779098511', '-85.05112751263942528']);
  });

  it('decodes any score as x86-64 (uint64_t) conversion does (redis-server GEOPOS)', () => {
    const cell0: [string, string] = ['-179.99999731779098511', '-85.05112751263942528'];
    expect(pos(-1)).toEqual(['180', '85.0511287799999991']); // all ones
    expect(pos(1.5)).toEqual(['-179.99999731779098511', '-85.05112497791824921']); // 1
    expect(pos(Infinity)).toEqual(cell0); // 0
    expect(pos(-Infinity)).toEqual(['180', '-85.05112751263942528']); // 0x8000000000000000
    expect(pos(1e30)).toEqual(cell0);
    expect(pos(9.3e18)).toEqual(['180', '85.0511287799999991']);
    expect(pos(18446744073709551615)).toEqual(cell0); // 2^64
  });

  it('round-trips: the decoded center is within half a cell of the input', () => {
    fc.assert(
      fc.property(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: GEO_LAT_MIN, max: GEO_LAT_MAX, noNaN: true }), (lon, lat) => {
        const e = encodeScore(lon, lat);
        // Past 2^53 (longitude rounding up to the 180 edge) the score loses bits: see below.
        if (e.text !== String(e.score)) return;
        decodeScore(e.score, xy);
        expect(Math.abs(xy[0] - lon)).toBeLessThanOrEqual(360 / 2 ** 26);
        expect(Math.abs(xy[1] - lat)).toBeLessThanOrEqual((GEO_LAT_MAX - GEO_LAT_MIN) / 2 ** 26);
      }),
      { numRuns: 2000 },
    );
  });

  it('loses the low latitude bit at the 180 edge, as redis-server does', () => {
    // redis-server: ZSCORE 9382499223688532, GEOPOS 180 -0.00000380208174278
    const e = encodeScore(179.99999999999997, -7.105427357601003e-15);
    expect(e).toEqual({ score: 9382499223688532, text: '9382499223688533' });
    expect(pos(e.score)).toEqual(['180', '-0.00000380208174278']);
  });

  it('makes GEOHASH strings (Redis documentation and redis-server replies)', () => {
    expect(geohashString(3479099956230698)).toBe('sqc8b49rny0');
    expect(geohashString(3479447370796909)).toBe('sqdtr74hyu0');
    expect(geohashString(13510798882111488)).toBe('bp05b5048p0');
    expect(geohashString(0)).toBe('00bh0hbj200');
    expect(geohashString(1.5)).toBe('00bh0hbj210');
    expect(geohashString(-1)).toBe('bp05b5048p0');
  });

  it('gives WITHHASH the (long long) of the score', () => {
    expect(scoreAsInteger(3479099956230698)).toBe(3479099956230698);
    expect(scoreAsInteger(1.9)).toBe(1);
    expect(scoreAsInteger(-0.5)).toBe(0);
    expect(String(scoreAsInteger(13510798882111488))).toBe('13510798882111488');
    expect(scoreAsInteger(Infinity)).toBe(-9223372036854775808n);
    expect(scoreAsInteger(-1e19)).toBe(-9223372036854775808n);
  });
});

describe('formatting', () => {
  it('prints %f exactly, ties to even', () => {
    expect(formatFixed(200, 6)).toBe('200.000000');
    expect(formatFixed(-0, 6)).toBe('-0.000000');
    expect(formatFixed(-0.0078125, 6)).toBe('-0.007812');
    expect(formatFixed(0.0234375, 6)).toBe('0.023438');
    expect(formatFixed(1e25, 6)).toBe('10000000000000000905969664.000000');
    expect(formatFixed(Infinity, 6)).toBe('inf');
    expect(formatFixed(-Infinity, 6)).toBe('-inf');
    expect(formatFixed(0.99999999, 6)).toBe('1.000000');
    expect(formatFixed(9.9999995, 6)).toBe(exactFixed(9.9999995, 6));
    expect(formatFixed(3.814697265625e-6, 17)).toBe('0.00000381469726562');
    expect(formatFixed(1.1444091796875e-5, 17)).toBe('0.00001144409179688');
  });

  it('matches an exact reference for random doubles', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e30, max: 1e30 }), fc.constantFrom(4, 6, 17), (x, d) => {
        expect(formatFixed(x, d)).toBe(exactFixed(x, d));
      }),
      { numRuns: 3000 },
    );
    // Dyadic values with few bits hit the ties.
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 30), max: 2 ** 30 }), fc.integer({ min: 0, max: 40 }), fc.constantFrom(6, 17), (m, k, d) => {
        const x = m / 2 ** k;
        expect(formatFixed(x, d)).toBe(exactFixed(x, d));
      }),
      { numRuns: 3000 },
    );
  });

  it('prints coordinates as ld2string(LD_STR_HUMAN)', () => {
    expect(formatHuman(180)).toBe('180');
    expect(formatHuman(-0)).toBe('0');
    expect(formatHuman(-1e-20)).toBe('0');
    expect(formatHuman(0.5)).toBe('0.5');
    expect(formatHuman(-12.25)).toBe('-12.25');
    expect(formatHuman(85.05112878)).toBe('85.0511287799999991');
  });

  it('prints distances as llrint(d * 10000) with 4 decimals', () => {
    expect(formatDistance(0)).toBe('0.0000');
    expect(formatDistance(-0)).toBe('0.0000');
    expect(formatDistance(190.44242984775784)).toBe('190.4424');
    expect(formatDistance(56.4413)).toBe('56.4413');
    expect(formatDistance(0.00004)).toBe('0.0000');
    expect(formatDistance(12345678.9)).toBe('12345678.9000');
    // 0.00025 * 10000 is exactly 2.5 in doubles: ties to even gives 2 ("%.4f" would give 0.0003).
    expect(formatDistance(0.00025)).toBe('0.0002');
    expect(formatDistance(0.00035)).toBe('0.0004');
    expect(formatDistance(-0.00001)).toBe('0.0000');
    expect(formatDistance(-1.5)).toBe('-1.5000');
    // llrint out of range: LLONG_MIN
    expect(formatDistance(NaN)).toBe('-922337203685477.5808');
  });
});

describe('distances and shapes', () => {
  it('computes the haversine distance of Redis examples', () => {
    decodeScore(3479099956230698, xy);
    const [a, b] = xy;
    decodeScore(3479447370796909, xy);
    expect(formatDistance(geoDistance(a, b, xy[0], xy[1]))).toBe('166274.1516');
    expect(formatDistance(geoDistance(a, b, xy[0], xy[1]) / 1000)).toBe('166.2742');
    expect(formatDistance(geoDistance(15, 37, a, b) / 1000)).toBe('190.4424');
  });

  it('uses the latitude-only formula on one meridian', () => {
    expect(geoDistance(10, 0, 10, 1)).toBe(6372797.560856 * Math.abs((1 * Math.PI) / 180 - 0));
  });

  it('estimates steps as Redis does', () => {
    expect(estimateStepsByRadius(0, 0)).toBe(26);
    expect(estimateStepsByRadius(200000, 38)).toBe(6);
    expect(estimateStepsByRadius(200000, 70)).toBe(5);
    expect(estimateStepsByRadius(200000, -85)).toBe(4);
    expect(estimateStepsByRadius(1e9, 0)).toBe(1);
    expect(estimateStepsByRadius(1, 0)).toBe(24);
    expect(estimateStepsByRadius(0.001, 0)).toBe(26);
    expect(estimateStepsByRadius(Infinity, 0)).toBe(1);
  });

  it('the 9 boxes cover every point of the shape away from the poles', () => {
    const shape: GeoShape = { type: SHAPE_CIRCLE, lon: 0, lat: 0, conversion: 1, radius: 0, width: 0, height: 0 };
    const range = [0, 0];
    fc.assert(
      fc.property(
        fc.double({ min: -179, max: 179, noNaN: true }),
        fc.double({ min: -60, max: 60, noNaN: true }),
        fc.double({ min: 1, max: 500000, noNaN: true }),
        fc.boolean(),
        fc.array(fc.tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true })), { minLength: 20, maxLength: 20 }),
        (lon, lat, size, box, offs) => {
          shape.type = box ? SHAPE_BOX : SHAPE_CIRCLE;
          shape.lon = lon;
          shape.lat = lat;
          shape.radius = size;
          shape.width = size * 2;
          shape.height = size;
          const boxes = areasByShape(shape).filter((b) => b.step !== 0);
          const spanLat = (size / 6372797.560856) * (180 / Math.PI);
          for (const [dx, dy] of offs) {
            const plon = lon + (dx * spanLat * 2) / Math.cos((lat * Math.PI) / 180);
            const plat = lat + dy * spanLat;
            if (plat > GEO_LAT_MAX || plat < GEO_LAT_MIN || plon > 180 || plon < -180) continue;
            const score = encodeScore(plon, plat).score;
            decodeScore(score, xy);
            if (!withinShape(shape, xy[0], xy[1])) continue;
            const inside = boxes.some((b) => {
              cellScoreRange(b, range);
              return score >= range[0] && score < range[1];
            });
            expect(inside).toBe(true);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('boxes: center, N, S, E, W, NE, NW, SE, SW, excluded ones with step 0', () => {
    const boxes = areasByShape({ type: SHAPE_CIRCLE, lon: 15, lat: 37, conversion: 1000, radius: 200, width: 0, height: 0 });
    expect(boxes.map((b) => b.step)).toEqual([6, 6, 0, 6, 0, 6, 0, 0, 0]);
    const c = boxes[0];
    expect(boxes[1]).toEqual({ step: 6, ilat: c.ilat + 1, ilon: c.ilon });
    expect(boxes[3]).toEqual({ step: 6, ilat: c.ilat, ilon: c.ilon + 1 });
    expect(boxes[5]).toEqual({ step: 6, ilat: c.ilat + 1, ilon: c.ilon + 1 });
    // Neighbours wrap around the antimeridian.
    const w = areasByShape({ type: SHAPE_CIRCLE, lon: -180, lat: 0, conversion: 1, radius: 100, width: 0, height: 0 });
    expect(w[0].ilon).toBe(0);
    expect(w[4].step).toBeGreaterThan(0);
    expect(w[4].ilon).toBe(2 ** w[4].step - 1);
  });
});

describe('pqsort', () => {
  const cmpOf = (d: number[]) => (a: number, b: number) => (d[a] > d[b] ? 1 : d[a] === d[b] ? 0 : -1);

  it('puts the smallest elements first, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 200 }), fc.nat(), (d, k) => {
        const r = k % d.length;
        const idx = d.map((_, i) => i);
        pqsort(idx, cmpOf(d), r);
        const want = [...d].sort((a, b) => a - b).slice(0, r + 1);
        expect(idx.slice(0, r + 1).map((i) => d[i])).toEqual(want);
        expect([...idx].sort((a, b) => a - b)).toEqual(d.map((_, i) => i));
      }),
      { numRuns: 2000 },
    );
  });

  it('orders ties as redis-server does (GEORADIUS ... COUNT)', () => {
    // Recorded from redis-server: unsorted distances of 11 members, COUNT 5 gave
    // p0 p7 dup0 p5 p8 (indexes 3 4 2 8 9); a full sort (COUNT 11) is stable.
    const d = [14.1, 9.5, 0, 0, 0, 13.7, 11.5, 11.5, 2.2, 2.2, 16.3];
    for (let n = 1; n <= 5; n++) {
      const idx = d.map((_, i) => i);
      pqsort(idx, cmpOf(d), n - 1);
      expect(idx.slice(0, n)).toEqual([3, 4, 2, 8, 9].slice(0, n));
    }
  });
});
