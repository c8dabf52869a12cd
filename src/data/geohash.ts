// Geohash arithmetic for the GEO commands, bit for bit as Redis 7.2 does it
// (src/geohash.c, src/geohash_helper.c, the helpers of src/geo.c).
//
// A position is stored as a sorted set score: the longitude and latitude are
// scaled to 26-bit cell numbers over [-180, 180] x [-85.05112878, 85.05112878]
// and interleaved (latitude bits at even positions, longitude bits at odd ones)
// into a 52-bit integer. Decoding returns the center of the cell.
//
// A cell is kept here as (step, ilat, ilon) rather than as interleaved bits:
// moving to a neighbour is then plain modular arithmetic on one coordinate,
// which is exactly what Redis's masked add/subtract on the interleaved bits
// computes. The interleaved form is only built for score ranges and hashes.
//
// Floating point follows the C code's evaluation order operation by operation
// (IEEE doubles on both sides), so encodings, cell bounds and the search boxes
// are identical. Distances use Math.sin/cos/asin where Redis calls libm: V8's
// and glibc's results differ in the last bit for a few percent of arguments,
// which is invisible at the 4 decimals Redis prints except when a distance
// sits on a rounding boundary (STOREDIST scores, printed in full, can differ
// in their last digits).

export const GEO_STEP_MAX = 26;
export const GEO_LAT_MIN = -85.05112878;
export const GEO_LAT_MAX = 85.05112878;
export const GEO_LONG_MIN = -180;
export const GEO_LONG_MAX = 180;
/** Earth's quadratic mean radius for WGS-84, as Redis uses it. */
export const EARTH_RADIUS_IN_METERS = 6372797.560856;
const MERCATOR_MAX = 20037726.37;
const D_R = Math.PI / 180.0;
const TWO32 = 4294967296;
const TWO63 = 9223372036854775808;
/** GEO_LAT_MAX - GEO_LAT_MIN and GEO_LONG_MAX - GEO_LONG_MIN, as the C code computes them. */
const LAT_SCALE = GEO_LAT_MAX - GEO_LAT_MIN;
const LONG_SCALE = GEO_LONG_MAX - GEO_LONG_MIN;

function degRad(a: number): number {
  return a * D_R;
}

function radDeg(a: number): number {
  return a / D_R;
}

// ---------------------------------------------------------------- bit interleaving

/** Spreads the low 16 bits of v to the even bit positions of a 32-bit word. */
function spread16(v: number): number {
  v &= 0xffff;
  v = (v | (v << 8)) & 0x00ff00ff;
  v = (v | (v << 4)) & 0x0f0f0f0f;
  v = (v | (v << 2)) & 0x33333333;
  v = (v | (v << 1)) & 0x55555555;
  return v;
}

/** Gathers the even bits of a 32-bit word into its low 16 bits. */
function compact16(v: number): number {
  v &= 0x55555555;
  v = (v | (v >>> 1)) & 0x33333333;
  v = (v | (v >>> 2)) & 0x0f0f0f0f;
  v = (v | (v >>> 4)) & 0x00ff00ff;
  v = (v | (v >>> 8)) & 0x0000ffff;
  return v;
}

/** High and low 32-bit halves of the last interleave/uint64 conversion. */
let HI = 0;
let LO = 0;

/**
 * Redis's interleave64(x, y): bits of x (latitude) at even positions, bits of
 * y (longitude) at odd ones, for 32-bit inputs. Leaves the 64-bit result in HI/LO.
 */
function interleave(x: number, y: number): void {
  LO = (spread16(x) | (spread16(y) << 1)) >>> 0;
  HI = (spread16(x >>> 16) | (spread16(y >>> 16) << 1)) >>> 0;
}

/**
 * The uint64 value of a score as `(uint64_t)score` gives it on x86-64 (the
 * conversion gcc emits: cvttsd2si below 2^63, on x - 2^63 with the top bit
 * flipped above; out of range values give the "integer indefinite"
 * 0x8000000000000000). Leaves the result in HI/LO.
 */
function scoreToU64(s: number): void {
  if (s < TWO63) {
    if (!(s > -TWO63)) {
      // -2^63 itself, anything below and -inf all convert to 0x8000000000000000.
      HI = 0x80000000;
      LO = 0;
      return;
    }
    const t = Math.trunc(s);
    if (t >= 0) {
      HI = Math.floor(t / TWO32);
      LO = t - HI * TWO32;
    } else {
      const a = -t;
      const ahi = Math.floor(a / TWO32);
      const alo = a - ahi * TWO32;
      // Two's complement of a 64-bit magnitude.
      LO = (TWO32 - alo) % TWO32;
      HI = ((alo === 0 ? -ahi : ~ahi) >>> 0) % TWO32;
    }
    return;
  }
  const d = s - TWO63;
  if (d < TWO63) {
    HI = Math.floor(d / TWO32) + 0x80000000;
    LO = d - Math.floor(d / TWO32) * TWO32;
  } else {
    // +inf, >= 2^64 (and NaN, which a sorted set never holds).
    HI = 0;
    LO = 0;
  }
}

/** (double)(uint64) of HI/LO: rounded to nearest like the C conversion. */
function u64ToNumber(hi: number, lo: number): number {
  return hi * TWO32 + lo;
}

// ---------------------------------------------------------------- cells

/** A geohash cell: `step` bits per coordinate (0 = an excluded neighbour, Redis's GZERO). */
export interface Cell {
  step: number;
  ilat: number;
  ilon: number;
}

/** A bounding area in degrees. */
export interface Area {
  lonMin: number;
  lonMax: number;
  latMin: number;
  latMax: number;
}

/**
 * Redis's geohashEncode over the given ranges: false when the position is
 * outside the WGS-84 limits or the ranges.
 */
function encodeCell(
  lon: number,
  lat: number,
  step: number,
  lonMin: number,
  lonMax: number,
  latMin: number,
  latMax: number,
  out: Cell,
): boolean {
  if (lon > GEO_LONG_MAX || lon < GEO_LONG_MIN || lat > GEO_LAT_MAX || lat < GEO_LAT_MIN) return false;
  if (lat < latMin || lat > latMax || lon < lonMin || lon > lonMax) return false;
  let latOffset = (lat - latMin) / (latMax - latMin);
  let lonOffset = (lon - lonMin) / (lonMax - lonMin);
  const scale = 2 ** step;
  latOffset *= scale;
  lonOffset *= scale;
  out.step = step;
  // (uint32_t) conversion: the offsets are in [0, 2^step], truncation toward zero.
  out.ilat = Math.trunc(latOffset);
  out.ilon = Math.trunc(lonOffset);
  return true;
}

/** The position's cell at `step` over the WGS-84 ranges (Redis's geohashEncodeWGS84). */
export function encodeWGS84(lon: number, lat: number, step: number, out: Cell): boolean {
  return encodeCell(lon, lat, step, GEO_LONG_MIN, GEO_LONG_MAX, GEO_LAT_MIN, GEO_LAT_MAX, out);
}

/** Redis's geohashDecode over the WGS-84 ranges (cell bounds in degrees). */
export function decodeCell(cell: Cell, out: Area): void {
  const div = 2 ** cell.step;
  // `(ilato + 1)` is uint32 arithmetic in C: it wraps at 2^32.
  const lat1 = (cell.ilat + 1) % TWO32;
  const lon1 = (cell.ilon + 1) % TWO32;
  out.latMin = GEO_LAT_MIN + (cell.ilat / div) * LAT_SCALE;
  out.latMax = GEO_LAT_MIN + (lat1 / div) * LAT_SCALE;
  out.lonMin = GEO_LONG_MIN + (cell.ilon / div) * LONG_SCALE;
  out.lonMax = GEO_LONG_MIN + (lon1 / div) * LONG_SCALE;
}

const scratchCell: Cell = { step: 0, ilat: 0, ilon: 0 };
const scratchArea: Area = { lonMin: 0, lonMax: 0, latMin: 0, latMax: 0 };

/**
 * Decodes a sorted set score into [longitude, latitude] (Redis's
 * decodeGeohash + geohashDecodeToLongLatWGS84: the cell center, clamped to the
 * valid ranges). Any score decodes: Redis converts it to uint64 first.
 */
export function decodeScore(score: number, xy: number[]): void {
  scoreToU64(score);
  scratchCell.step = GEO_STEP_MAX;
  scratchCell.ilat = (compact16(LO) | (compact16(HI) << 16)) >>> 0;
  scratchCell.ilon = (compact16(LO >>> 1) | (compact16(HI >>> 1) << 16)) >>> 0;
  decodeCell(scratchCell, scratchArea);
  let x = (scratchArea.lonMin + scratchArea.lonMax) / 2;
  if (x > GEO_LONG_MAX) x = GEO_LONG_MAX;
  if (x < GEO_LONG_MIN) x = GEO_LONG_MIN;
  let y = (scratchArea.latMin + scratchArea.latMax) / 2;
  if (y > GEO_LAT_MAX) y = GEO_LAT_MAX;
  if (y < GEO_LAT_MIN) y = GEO_LAT_MIN;
  xy[0] = x;
  xy[1] = y;
}

/**
 * The 52-bit score of a validated position, as GEOADD computes it: the number
 * (what the sorted set stores) and its exact decimal text (what GEOADD hands
 * to ZADD, and what is propagated). At the very edges of the ranges the cell
 * number reaches 2^26 and the integer grows past 2^53: the text stays exact and
 * the number rounds as ZADD's strtod would.
 */
export function encodeScore(lon: number, lat: number): { score: number; text: string } {
  const text = encodeScoreText(lon, lat);
  return { score: u64ToNumber(HI, LO), text };
}

/** encodeScore's text alone (GEOADD's hot path: no object). */
export function encodeScoreText(lon: number, lat: number): string {
  encodeWGS84(lon, lat, GEO_STEP_MAX, scratchCell);
  interleave(scratchCell.ilat, scratchCell.ilon);
  return HI < 0x200000 ? String(u64ToNumber(HI, LO)) : ((BigInt(HI) << 32n) | BigInt(LO)).toString();
}

/** A cell's score range [min, max) at 52 bits (Redis's scoresOfGeoHashBox). */
export function cellScoreRange(cell: Cell, out: number[]): void {
  interleave(cell.ilat, cell.ilon);
  const shift = 2 ** (52 - cell.step * 2);
  // bits << shift, then converted to double; bits + 1 for the excluded maximum.
  out[0] = (HI * TWO32 + LO) * shift;
  out[1] = (HI * TWO32 + (LO + 1)) * shift;
}

const GEOALPHABET = '0123456789bcdefghjkmnpqrstuvwxyz';

/**
 * GEOHASH's 11-character string for a score: decode, re-encode over the
 * standard [-90, 90] latitude range at 26 bits, 5 bits per character, and a
 * final '0' (52 bits fill only 10.4 characters).
 */
export function geohashString(score: number): string {
  const xy = [0, 0];
  decodeScore(score, xy);
  encodeCell(xy[0], xy[1], GEO_STEP_MAX, -180, 180, -90, 90, scratchCell);
  interleave(scratchCell.ilat, scratchCell.ilon);
  const hi = HI;
  const lo = LO;
  let s = '';
  for (let i = 0; i < 10; i++) {
    const shift = 52 - (i + 1) * 5;
    let v: number;
    if (shift >= 32) v = hi >>> (shift - 32);
    else v = ((lo >>> shift) | (hi << (32 - shift))) >>> 0;
    s += GEOALPHABET[v & 0x1f];
  }
  return s + '0';
}

// ---------------------------------------------------------------- distances

/** Redis's geohashGetLatDistance. */
export function latDistance(lat1: number, lat2: number): number {
  return EARTH_RADIUS_IN_METERS * Math.abs(degRad(lat2) - degRad(lat1));
}

/** Haversine distance in meters (Redis's geohashGetDistance, same-longitude shortcut included). */
export function geoDistance(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const lon1r = degRad(lon1);
  const lon2r = degRad(lon2);
  const v = Math.sin((lon2r - lon1r) / 2);
  if (v === 0.0) return latDistance(lat1, lat2);
  const lat1r = degRad(lat1);
  const lat2r = degRad(lat2);
  const u = Math.sin((lat2r - lat1r) / 2);
  const a = u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v;
  return 2.0 * EARTH_RADIUS_IN_METERS * Math.asin(Math.sqrt(a));
}

// ---------------------------------------------------------------- search shapes

export const SHAPE_CIRCLE = 1;
export const SHAPE_BOX = 2;

/** A search area: center, radius or box size (in `conversion` units per meter). */
export interface GeoShape {
  type: number;
  lon: number;
  lat: number;
  /** Meters per unit (1, 1000, 0.3048, 1609.34). */
  conversion: number;
  radius: number;
  width: number;
  height: number;
}

/** Distance of the last point accepted by withinShape, in meters. */
export let shapeDistance = 0;

/**
 * Whether (lon, lat) is inside the shape (Redis's geoWithinShape after the
 * decode); the distance to the center is left in `shapeDistance`.
 */
export function withinShape(shape: GeoShape, lon: number, lat: number): boolean {
  if (shape.type === SHAPE_CIRCLE) {
    const d = geoDistance(shape.lon, shape.lat, lon, lat);
    if (d > shape.radius * shape.conversion) return false;
    shapeDistance = d;
    return true;
  }
  // geohashGetDistanceIfInRectangle(width_m, height_m, x1, y1, x2, y2)
  const widthM = shape.width * shape.conversion;
  const heightM = shape.height * shape.conversion;
  const latDist = latDistance(lat, shape.lat);
  if (latDist > heightM / 2) return false;
  const lonDist = geoDistance(lon, lat, shape.lon, lat);
  if (lonDist > widthM / 2) return false;
  shapeDistance = geoDistance(shape.lon, shape.lat, lon, lat);
  return true;
}

/** Redis's geohashEstimateStepsByRadius: bits per coordinate of the 9 search boxes. */
export function estimateStepsByRadius(rangeMeters: number, lat: number): number {
  if (rangeMeters === 0) return 26;
  let step = 1;
  while (rangeMeters < MERCATOR_MAX) {
    rangeMeters *= 2;
    step++;
  }
  step -= 2;
  if (lat > 66 || lat < -66) {
    step--;
    if (lat > 80 || lat < -80) step--;
  }
  if (step < 1) step = 1;
  if (step > 26) step = 26;
  return step;
}

/** Redis's geohashBoundingBox: [minLon, minLat, maxLon, maxLat] of the shape. */
export function boundingBox(shape: GeoShape, bounds: number[]): void {
  const lon = shape.lon;
  const lat = shape.lat;
  const height = shape.conversion * (shape.type === SHAPE_CIRCLE ? shape.radius : shape.height / 2);
  const width = shape.conversion * (shape.type === SHAPE_CIRCLE ? shape.radius : shape.width / 2);
  const latDelta = radDeg(height / EARTH_RADIUS_IN_METERS);
  const longDeltaTop = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(lat + latDelta)));
  const longDeltaBottom = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(lat - latDelta)));
  const southern = lat < 0;
  bounds[0] = southern ? lon - longDeltaBottom : lon - longDeltaTop;
  bounds[2] = southern ? lon + longDeltaBottom : lon + longDeltaTop;
  bounds[1] = lat - latDelta;
  bounds[3] = lat + latDelta;
}

function cell(step: number, ilat: number, ilon: number): Cell {
  return { step, ilat, ilon };
}

/** Coordinate moved by d cells, wrapping at 2^step (geohash_move_x / _y). */
function wrap(v: number, d: number, step: number): number {
  const m = 2 ** step;
  return (((v + d) % m) + m) % m;
}

/**
 * The 9 boxes to scan, in Redis's order: center, N, S, E, W, NE, NW, SE, SW
 * (Redis's geohashCalculateAreasByShapeWGS84 + membersOfAllNeighbors' array).
 * Excluded neighbours have step 0.
 */
export function areasByShape(shape: GeoShape): Cell[] {
  const bounds = [0, 0, 0, 0];
  boundingBox(shape, bounds);
  const minLon = bounds[0];
  const minLat = bounds[1];
  const maxLon = bounds[2];
  const maxLat = bounds[3];
  const lon = shape.lon;
  const lat = shape.lat;
  let radiusMeters =
    shape.type === SHAPE_CIRCLE ? shape.radius : Math.sqrt((shape.width / 2) * (shape.width / 2) + (shape.height / 2) * (shape.height / 2));
  radiusMeters *= shape.conversion;

  let steps = estimateStepsByRadius(radiusMeters, lat);
  const center: Cell = { step: 0, ilat: 0, ilon: 0 };
  encodeWGS84(lon, lat, steps, center);
  const area: Area = { lonMin: 0, lonMax: 0, latMin: 0, latMax: 0 };
  decodeCell(center, area);

  // Is the step fine enough at the edges of the covered area?
  const a: Area = { lonMin: 0, lonMax: 0, latMin: 0, latMax: 0 };
  let decrease = false;
  decodeCell(cell(steps, wrap(center.ilat, 1, steps), center.ilon), a); // north
  if (a.latMax < maxLat) decrease = true;
  decodeCell(cell(steps, wrap(center.ilat, -1, steps), center.ilon), a); // south
  if (a.latMin > minLat) decrease = true;
  decodeCell(cell(steps, center.ilat, wrap(center.ilon, 1, steps)), a); // east
  if (a.lonMax < maxLon) decrease = true;
  decodeCell(cell(steps, center.ilat, wrap(center.ilon, -1, steps)), a); // west
  if (a.lonMin > minLon) decrease = true;

  if (steps > 1 && decrease) {
    steps--;
    encodeWGS84(lon, lat, steps, center);
    decodeCell(center, area);
  }

  const s = steps;
  const north = cell(s, wrap(center.ilat, 1, s), center.ilon);
  const south = cell(s, wrap(center.ilat, -1, s), center.ilon);
  const east = cell(s, center.ilat, wrap(center.ilon, 1, s));
  const west = cell(s, center.ilat, wrap(center.ilon, -1, s));
  const northEast = cell(s, wrap(center.ilat, 1, s), wrap(center.ilon, 1, s));
  const northWest = cell(s, wrap(center.ilat, 1, s), wrap(center.ilon, -1, s));
  const southEast = cell(s, wrap(center.ilat, -1, s), wrap(center.ilon, 1, s));
  const southWest = cell(s, wrap(center.ilat, -1, s), wrap(center.ilon, -1, s));

  // Leave out the boxes that cannot hold anything of the area.
  if (steps >= 2) {
    if (area.latMin < minLat) south.step = southWest.step = southEast.step = 0;
    if (area.latMax > maxLat) north.step = northEast.step = northWest.step = 0;
    if (area.lonMin < minLon) west.step = southWest.step = northWest.step = 0;
    if (area.lonMax > maxLon) east.step = southEast.step = northEast.step = 0;
  }
  return [center, north, south, east, west, northEast, northWest, southEast, southWest];
}

// ---------------------------------------------------------------- reply formatting

/**
 * C's printf("%.<digits>f") of a double, exactly (glibc prints the exact
 * binary value, rounding half to even): "inf", "-inf", "-0.000000" for -0.
 */
export function formatFixed(x: number, digits: number): string {
  if (x !== x) return x < 0 ? '-nan' : 'nan';
  const neg = x < 0 || Object.is(x, -0);
  const ax = neg ? -x : x;
  if (ax === Infinity) return neg ? '-inf' : 'inf';
  let s: string;
  if (ax >= 1e21) {
    // An integer: toFixed would switch to exponent notation.
    s = BigInt(ax).toString() + (digits > 0 ? '.' + '0'.repeat(digits) : '');
  } else {
    // toFixed is exact but breaks ties upward; a tie needs ax * 2^(digits+1) odd.
    const t = ax * 2 ** (digits + 1);
    if (Number.isInteger(t) && t % 2 === 1 && t < 2 ** 53) s = roundTieToEven(ax.toFixed(digits + 1));
    else s = ax.toFixed(digits);
  }
  return neg ? '-' + s : s;
}

/** Drops the last digit of a fixed-point string ending in '5' exactly, rounding half to even. */
function roundTieToEven(s: string): string {
  const body = s.slice(0, -1); // the last digit is the '5' of the tie
  const lastIdx = body.length - 1;
  const last = body.charCodeAt(lastIdx) === 46 /* . */ ? lastIdx - 1 : lastIdx;
  const d = body.charCodeAt(last) - 48;
  let out = body.endsWith('.') ? body.slice(0, -1) : body;
  if (d % 2 === 0) return out;
  // Round up: propagate the carry through the digits.
  const chars = out.split('');
  let i = chars.length - 1;
  for (; i >= 0; i--) {
    if (chars[i] === '.') continue;
    if (chars[i] === '9') chars[i] = '0';
    else {
      chars[i] = String.fromCharCode(chars[i].charCodeAt(0) + 1);
      break;
    }
  }
  out = chars.join('');
  return i < 0 ? '1' + out : out;
}

/**
 * Redis's addReplyHumanLongDouble text for a coordinate: "%.17Lf" of the
 * (exactly widened) double, trailing zeros and a trailing dot removed, "-0"
 * printed as "0".
 */
export function formatHuman(x: number): string {
  let s = formatFixed(x, 17);
  if (s.indexOf('.') >= 0) {
    let end = s.length;
    while (s.charCodeAt(end - 1) === 48) end--;
    if (s.charCodeAt(end - 1) === 46) end--;
    s = s.slice(0, end);
  }
  if (s === '-0') return '0';
  return s;
}

/**
 * Redis 7.2's addReplyDoubleDistance: fixedpoint_d2string(d, 4), i.e.
 * llrint(d * 10000) (ties to even) printed with 4 decimals. (Redis 7.0
 * printed "%.4f" of the exact value: the two differ only when d * 10000
 * lands within rounding error of a half.)
 */
export function formatDistance(d: number): string {
  if (d === 0) return '0.0000';
  const x = d * 10000;
  if (!(x > -TWO63 && x < TWO63)) return '-922337203685477.5808'; // llrint's out-of-range result, LLONG_MIN
  let r = Math.round(x);
  if (r - x === 0.5 && r % 2 !== 0) r -= 1; // Math.round breaks ties upward
  const neg = r < 0;
  const v = neg ? -r : r;
  let intPart: string;
  let frac: string;
  if (v < 2 ** 53) {
    intPart = String(Math.floor(v / 10000));
    frac = String(v % 10000);
  } else {
    const b = BigInt(v);
    intPart = (b / 10000n).toString();
    frac = (b % 10000n).toString();
  }
  return (neg ? '-' : '') + intPart + '.' + '0000'.slice(frac.length) + frac;
}

/** The integer WITHHASH prints for a score: C's (long long) conversion of the double. */
export function scoreAsInteger(score: number): number | bigint {
  if (score >= -TWO63 && score < TWO63) {
    const t = Math.trunc(score);
    return Number.isSafeInteger(t) ? (t === 0 ? 0 : t) : BigInt(t);
  }
  return -9223372036854775808n;
}

// ---------------------------------------------------------------- Redis's pqsort

/**
 * Redis's pqsort (NetBSD qsort, Bentley & McIlroy, made partial): sorts
 * idx[0..n) by cmp only as far as needed for positions 0..rrange. Replicated
 * step by step because the order of equal elements in its output depends on
 * the algorithm (GEORADIUS ... COUNT with ties). Redis's copy has no "no swap
 * seen: finish with an insertion sort" shortcut of the BSD original (checked
 * against redis-server: with it, ties come out in another order).
 */
export function pqsort(idx: number[], cmp: (a: number, b: number) => number, rrange: number): void {
  pq(idx, 0, idx.length, cmp, rrange);
}

function med3(idx: number[], a: number, b: number, c: number, cmp: (a: number, b: number) => number): number {
  return cmp(idx[a], idx[b]) < 0
    ? cmp(idx[b], idx[c]) < 0
      ? b
      : cmp(idx[a], idx[c]) < 0
        ? c
        : a
    : cmp(idx[b], idx[c]) > 0
      ? b
      : cmp(idx[a], idx[c]) < 0
        ? a
        : c;
}

function swap(idx: number[], a: number, b: number): void {
  const t = idx[a];
  idx[a] = idx[b];
  idx[b] = t;
}

function vecswap(idx: number[], a: number, b: number, n: number): void {
  for (let i = 0; i < n; i++) swap(idx, a + i, b + i);
}

function insertionSort(idx: number[], a: number, n: number, cmp: (a: number, b: number) => number): void {
  for (let pm = a + 1; pm < a + n; pm++) for (let pl = pm; pl > a && cmp(idx[pl - 1], idx[pl]) > 0; pl--) swap(idx, pl, pl - 1);
}

function pq(idx: number[], a: number, n: number, cmp: (a: number, b: number) => number, rrange: number): void {
  for (;;) {
    if (n < 7) {
      insertionSort(idx, a, n, cmp);
      return;
    }
    let pm = a + (n >>> 1);
    if (n > 7) {
      let pl = a;
      let pn = a + n - 1;
      if (n > 40) {
        const d = Math.floor(n / 8);
        pl = med3(idx, pl, pl + d, pl + 2 * d, cmp);
        pm = med3(idx, pm - d, pm, pm + d, cmp);
        pn = med3(idx, pn - 2 * d, pn - d, pn, cmp);
      }
      pm = med3(idx, pl, pm, pn, cmp);
    }
    swap(idx, a, pm);
    let pa = a + 1;
    let pb = pa;
    let pc = a + n - 1;
    let pd = pc;
    for (;;) {
      let r: number;
      while (pb <= pc && (r = cmp(idx[pb], idx[a])) <= 0) {
        if (r === 0) {
          swap(idx, pa, pb);
          pa++;
        }
        pb++;
      }
      while (pb <= pc && (r = cmp(idx[pc], idx[a])) >= 0) {
        if (r === 0) {
          swap(idx, pc, pd);
          pd--;
        }
        pc--;
      }
      if (pb > pc) break;
      swap(idx, pb, pc);
      pb++;
      pc--;
    }
    const pn = a + n;
    let r = Math.min(pa - a, pb - pa);
    vecswap(idx, a, pb - r, r);
    r = Math.min(pd - pc, pn - pd - 1);
    vecswap(idx, pb, pn - r, r);
    // Recurse into the left part, iterate on the right one, skipping parts
    // entirely past the requested range (the range always starts at 0).
    if ((r = pb - pa) > 1) {
      if (!(rrange < a)) pq(idx, a, r, cmp, rrange);
    }
    if ((r = pd - pc) > 1) {
      a = pn - r;
      n = r;
      if (rrange < a) return;
      continue;
    }
    return;
  }
}
