// The geo command group (Redis 7.2's src/geo.c): positions are members of a
// sorted set whose score is the 52-bit interleaved geohash (src/data/geohash.ts).
//
// GEOADD validates the coordinates, then runs ZADD with the computed scores
// (so replies, encodings, dirty counts and the 'zadd' keyspace event are
// ZADD's) and is propagated as that ZADD, as Redis does. The searches scan the
// 9 geohash boxes of Redis's algorithm, each one a score range of the sorted
// set, in Redis's order; results are sorted with the same algorithms (a stable
// sort for a full sort, Redis's pqsort for a partial one) so that even ties
// come out in Redis's order.

import type { Client } from '../server/client.js';
import type { ArgDoc, CommandSpec } from './types.js';
import { NOT_FLOAT, NOT_INTEGER, SYNTAX, WRONGTYPE } from './errors.js';
import { parseI64 } from '../protocol/numbers.js';
import { ZSet } from '../data/zset.js';
import type { ScoreRange } from '../data/skiplist.js';
import { commands as sortedSetCommands, parseScore } from './sorted-sets.js';
import { notify, NOTIFY_GENERIC, NOTIFY_ZSET } from '../server/notify.js';
import { propagateAs } from '../server/propagate.js';
import {
  GEO_LAT_MAX,
  GEO_LAT_MIN,
  GEO_LONG_MAX,
  GEO_LONG_MIN,
  SHAPE_BOX,
  SHAPE_CIRCLE,
  areasByShape,
  cellScoreRange,
  decodeScore,
  encodeScoreText,
  formatDistance,
  formatFixed,
  formatHuman,
  geoDistance,
  geohashString,
  pqsort,
  scoreAsInteger,
  shapeDistance,
  withinShape,
  type Cell,
  type GeoShape,
} from '../data/geohash.js';

const UNIT_ERROR = 'ERR unsupported unit provided. please use M, KM, FT, MI';
const NO_MEMBER = 'ERR could not decode requested zset member';
const EMPTY_ARRAY = '*0\r\n';

const zaddRun = sortedSetCommands.find((s) => s.name === 'zadd')!.run;

/** Scratch [longitude, latitude] for decodes (one command runs at a time). */
const XY = [0, 0];

// ---------------------------------------------------------------- argument helpers

/** Meters per unit, or -1 after replying the error (Redis's extractUnitOrReply). */
function extractUnit(c: Client, u: string): number {
  if (u.length <= 2) {
    const l = u.toLowerCase();
    if (l === 'm') return 1;
    if (l === 'km') return 1000;
    if (l === 'ft') return 0.3048;
    if (l === 'mi') return 1609.34;
  }
  c.w.error(UNIT_ERROR);
  return -1;
}

/** Parses a longitude/latitude pair at argv[i], argv[i+1] into the shape's center. */
function extractLongLat(c: Client, argv: string[], i: number, shape: GeoShape): boolean {
  const lon = parseScore(argv[i]);
  if (lon !== lon) {
    c.w.error(NOT_FLOAT);
    return false;
  }
  const lat = parseScore(argv[i + 1]);
  if (lat !== lat) {
    c.w.error(NOT_FLOAT);
    return false;
  }
  shape.lon = lon;
  shape.lat = lat;
  if (lon < GEO_LONG_MIN || lon > GEO_LONG_MAX || lat < GEO_LAT_MIN || lat > GEO_LAT_MAX) {
    c.w.error(invalidPair(lon, lat));
    return false;
  }
  return true;
}

function invalidPair(lon: number, lat: number): string {
  return `ERR invalid longitude,latitude pair ${formatFixed(lon, 6)},${formatFixed(lat, 6)}`;
}

/** `<radius> <unit>` at argv[i] (Redis's extractDistanceOrReply). */
function extractDistance(c: Client, argv: string[], i: number, shape: GeoShape): boolean {
  const d = parseScore(argv[i]);
  if (d !== d) {
    c.w.error('ERR need numeric radius');
    return false;
  }
  if (d < 0) {
    c.w.error('ERR radius cannot be negative');
    return false;
  }
  shape.radius = d;
  const conv = extractUnit(c, argv[i + 1]);
  if (conv < 0) return false;
  shape.conversion = conv;
  return true;
}

/** `<width> <height> <unit>` at argv[i] (Redis's extractBoxOrReply). */
function extractBox(c: Client, argv: string[], i: number, shape: GeoShape): boolean {
  const w = parseScore(argv[i]);
  if (w !== w) {
    c.w.error('ERR need numeric width');
    return false;
  }
  const h = parseScore(argv[i + 1]);
  if (h !== h) {
    c.w.error('ERR need numeric height');
    return false;
  }
  if (h < 0 || w < 0) {
    c.w.error('ERR height or width cannot be negative');
    return false;
  }
  shape.height = h;
  shape.width = w;
  const conv = extractUnit(c, argv[i + 2]);
  if (conv < 0) return false;
  shape.conversion = conv;
  return true;
}

/** The position of a member as the search center; false when the member is absent. */
function memberPosition(z: ZSet, member: string, shape: GeoShape): boolean {
  const s = z.score(member);
  if (s === undefined) return false;
  decodeScore(s, XY);
  shape.lon = XY[0];
  shape.lat = XY[1];
  return true;
}

/** The zset at key for reading: undefined when missing, null after a WRONGTYPE reply. */
function readZ(c: Client, key: string): ZSet | undefined | null {
  const v = c.db.lookupRead(key);
  if (v === undefined) return undefined;
  if (!(v instanceof ZSet)) {
    c.w.error(WRONGTYPE);
    return null;
  }
  return v;
}

/** A coordinate as Redis's addReplyHumanLongDouble sends it: RESP2 bulk, RESP3 double. */
function replyCoord(c: Client, d: number): void {
  const s = formatHuman(d);
  if (c.w.resp === 3) c.w.raw(',' + s + '\r\n');
  else c.w.bulk(s);
}

// ---------------------------------------------------------------- GEOADD

function geoadd(c: Client, argv: string[]): void {
  let xx = false;
  let nx = false;
  let longidx = 2;
  for (; longidx < argv.length; longidx++) {
    const a = argv[longidx];
    if (a.length !== 2) break;
    const o = a.toLowerCase();
    if (o === 'nx') nx = true;
    else if (o === 'xx') xx = true;
    else if (o !== 'ch') break; // CH is ZADD's business
  }
  if ((argv.length - longidx) % 3 !== 0 || (xx && nx)) {
    c.w.error(SYNTAX);
    return;
  }
  const elements = (argv.length - longidx) / 3;
  // ZADD key [options] score member ...
  const zargv: string[] = new Array<string>(longidx + elements * 2);
  zargv[0] = 'zadd';
  for (let i = 1; i < longidx; i++) zargv[i] = argv[i];
  const shape = SHAPE_SCRATCH;
  for (let i = 0; i < elements; i++) {
    const at = longidx + i * 3;
    if (!extractLongLat(c, argv, at, shape)) return;
    zargv[longidx + i * 2] = encodeScoreText(shape.lon, shape.lat);
    zargv[longidx + i * 2 + 1] = argv[at + 2];
  }
  const dirty = c.server.dirty;
  zaddRun(c, zargv);
  // Redis replaces the command vector with the ZADD it ran: that is what replicas and the AOF see.
  if (c.server.dirty !== dirty) propagateAs(c, zargv);
}

const SHAPE_SCRATCH: GeoShape = { type: 0, lon: 0, lat: 0, conversion: 1, radius: 0, width: 0, height: 0 };

// ---------------------------------------------------------------- GEOPOS GEOHASH GEODIST

function geopos(c: Client, argv: string[]): void {
  const z = readZ(c, argv[1]);
  if (z === null) return;
  const w = c.w;
  w.array(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const s = z === undefined ? undefined : z.score(argv[j]);
    if (s === undefined) {
      w.nilArray();
      continue;
    }
    decodeScore(s, XY);
    w.array(2);
    replyCoord(c, XY[0]);
    replyCoord(c, XY[1]);
  }
}

function geohash(c: Client, argv: string[]): void {
  const z = readZ(c, argv[1]);
  if (z === null) return;
  const w = c.w;
  w.array(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const s = z === undefined ? undefined : z.score(argv[j]);
    if (s === undefined) w.nil();
    else w.bulk(geohashString(s));
  }
}

function geodist(c: Client, argv: string[]): void {
  let toMeter = 1;
  if (argv.length === 5) {
    toMeter = extractUnit(c, argv[4]);
    if (toMeter < 0) return;
  } else if (argv.length > 5) {
    c.w.error(SYNTAX);
    return;
  }
  const z = readZ(c, argv[1]);
  if (z === null) return;
  if (z === undefined) {
    c.w.nil();
    return;
  }
  const s1 = z.score(argv[2]);
  const s2 = s1 === undefined ? undefined : z.score(argv[3]);
  if (s1 === undefined || s2 === undefined) {
    c.w.nil();
    return;
  }
  decodeScore(s1, XY);
  const lon1 = XY[0];
  const lat1 = XY[1];
  decodeScore(s2, XY);
  c.w.bulk(formatDistance(geoDistance(lon1, lat1, XY[0], XY[1]) / toMeter));
}

// ---------------------------------------------------------------- searches

const RADIUS_COORDS = 1;
const RADIUS_MEMBER = 2;
const RADIUS_NOSTORE = 4;
const GEOSEARCH = 8;
const GEOSEARCHSTORE = 16;

const SORT_NONE = 0;
const SORT_ASC = 1;
const SORT_DESC = 2;

/** The points a search found (Redis's geoArray), as parallel arrays. */
class Found {
  members: string[] = [];
  scores: number[] = [];
  dists: number[] = [];
  lons: number[] = [];
  lats: number[] = [];

  get length(): number {
    return this.members.length;
  }

  add(member: string, score: number, dist: number, lon: number, lat: number): void {
    this.members.push(member);
    this.scores.push(score);
    this.dists.push(dist);
    this.lons.push(lon);
    this.lats.push(lat);
  }
}

const RANGE: ScoreRange = { min: 0, max: 0, minex: false, maxex: true };
const BOUNDS = [0, 0];

/** Appends the members of one box that are inside the shape (Redis's geoGetPointsInRange). */
function pointsInBox(z: ZSet, box: Cell, shape: GeoShape, out: Found, limit: number): void {
  cellScoreRange(box, BOUNDS);
  const min = BOUNDS[0];
  const max = BOUNDS[1];
  if (z.lm !== null) {
    const lm = z.lm;
    const ls = z.ls!;
    let lo = 0;
    let hi = ls.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ls[mid] < min) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < ls.length; i++) {
      const s = ls[i];
      if (!(s < max)) break;
      decodeScore(s, XY);
      if (withinShape(shape, XY[0], XY[1])) out.add(lm[i], s, shapeDistance, XY[0], XY[1]);
      if (limit !== 0 && out.length >= limit) break;
    }
    return;
  }
  RANGE.min = min;
  RANGE.max = max;
  for (let n = z.zsl!.firstInRange(RANGE); n !== null; n = n.next[0]) {
    const s = n.score;
    if (!(s < max)) break;
    decodeScore(s, XY);
    if (withinShape(shape, XY[0], XY[1])) out.add(n.member, s, shapeDistance, XY[0], XY[1]);
    if (limit !== 0 && out.length >= limit) break;
  }
}

/** Scans the center box and its 8 neighbours (Redis's membersOfAllNeighbors). */
function membersOfAllNeighbors(z: ZSet, shape: GeoShape, out: Found, limit: number): void {
  const boxes = areasByShape(shape);
  let last = 0;
  for (let i = 0; i < 9; i++) {
    const b = boxes[i];
    if (b.step === 0) continue; // excluded
    // Huge radii can make adjacent boxes identical: skip a repeat of the last box scanned.
    if (last !== 0) {
      const p = boxes[last];
      if (b.ilat === p.ilat && b.ilon === p.ilon && b.step === p.step) continue;
    }
    if (limit !== 0 && out.length >= limit) break;
    pointsInBox(z, b, shape, out, limit);
    last = i;
  }
}

/** Distances the comparators read (set around one sort). */
const EMPTY_DISTS: number[] = [];
let SORT_DISTS = EMPTY_DISTS;

/** Redis's sort_gp_asc on indexes into SORT_DISTS. */
function sortAsc(a: number, b: number): number {
  const d = SORT_DISTS;
  return d[a] > d[b] ? 1 : d[a] === d[b] ? 0 : -1;
}

function sortDesc(a: number, b: number): number {
  return -sortAsc(a, b);
}

function georadiusGeneric(c: Client, argv: string[], srcKeyIndex: number, flags: number): void {
  const w = c.w;
  const z = readZ(c, argv[srcKeyIndex]);
  if (z === null) return;
  let storekey: string | null = null;
  let storedist = false;
  const shape: GeoShape = { type: 0, lon: 0, lat: 0, conversion: 0, radius: 0, width: 0, height: 0 };
  let base: number;
  if (flags & RADIUS_COORDS) {
    base = 6;
    shape.type = SHAPE_CIRCLE;
    if (!extractLongLat(c, argv, 2, shape)) return;
    if (!extractDistance(c, argv, base - 2, shape)) return;
  } else if (flags & RADIUS_MEMBER && z === undefined) {
    // No key: the remaining arguments are still parsed to choose the reply.
    base = 5;
  } else if (flags & RADIUS_MEMBER) {
    base = 5;
    shape.type = SHAPE_CIRCLE;
    if (!memberPosition(z!, argv[2], shape)) {
      w.error(NO_MEMBER);
      return;
    }
    if (!extractDistance(c, argv, base - 2, shape)) return;
  } else {
    base = 2;
    if (flags & GEOSEARCHSTORE) {
      base = 3;
      storekey = argv[1];
    }
  }

  let withdist = false;
  let withhash = false;
  let withcoords = false;
  let frommember = false;
  let fromloc = false;
  let byradius = false;
  let bybox = false;
  let sort = SORT_NONE;
  let any = false;
  let count = 0;
  const remaining = argv.length - base;
  for (let i = 0; i < remaining; i++) {
    const raw = argv[base + i];
    const arg = raw.length <= 10 ? raw.toLowerCase() : '';
    if (arg === 'withdist') withdist = true;
    else if (arg === 'withhash') withhash = true;
    else if (arg === 'withcoord') withcoords = true;
    else if (arg === 'any') any = true;
    else if (arg === 'asc') sort = SORT_ASC;
    else if (arg === 'desc') sort = SORT_DESC;
    else if (arg === 'count' && i + 1 < remaining) {
      const n = parseI64(argv[base + i + 1]);
      if (n === null) {
        w.error(NOT_INTEGER);
        return;
      }
      if (n <= 0) {
        w.error('ERR COUNT must be > 0');
        return;
      }
      count = Number(n);
      i++;
    } else if (arg === 'store' && i + 1 < remaining && !(flags & RADIUS_NOSTORE) && !(flags & GEOSEARCH)) {
      storekey = argv[base + i + 1];
      storedist = false;
      i++;
    } else if (arg === 'storedist' && i + 1 < remaining && !(flags & RADIUS_NOSTORE) && !(flags & GEOSEARCH)) {
      storekey = argv[base + i + 1];
      storedist = true;
      i++;
    } else if (arg === 'storedist' && flags & GEOSEARCH && flags & GEOSEARCHSTORE) {
      storedist = true;
    } else if (arg === 'frommember' && i + 1 < remaining && flags & GEOSEARCH && !fromloc) {
      if (z !== undefined && !memberPosition(z, argv[base + i + 1], shape)) {
        w.error(NO_MEMBER);
        return;
      }
      frommember = true;
      i++;
    } else if (arg === 'fromlonlat' && i + 2 < remaining && flags & GEOSEARCH && !frommember) {
      if (!extractLongLat(c, argv, base + i + 1, shape)) return;
      fromloc = true;
      i += 2;
    } else if (arg === 'byradius' && i + 2 < remaining && flags & GEOSEARCH && !bybox) {
      if (!extractDistance(c, argv, base + i + 1, shape)) return;
      shape.type = SHAPE_CIRCLE;
      byradius = true;
      i += 2;
    } else if (arg === 'bybox' && i + 3 < remaining && flags & GEOSEARCH && !byradius) {
      if (!extractBox(c, argv, base + i + 1, shape)) return;
      shape.type = SHAPE_BOX;
      bybox = true;
      i += 3;
    } else {
      w.error(SYNTAX);
      return;
    }
  }

  if (storekey !== null && (withdist || withhash || withcoords)) {
    w.error(
      `ERR ${flags & GEOSEARCHSTORE ? 'GEOSEARCHSTORE' : 'STORE option in GEORADIUS'} is not compatible with WITHDIST, WITHHASH and WITHCOORD options`,
    );
    return;
  }
  if (flags & GEOSEARCH && !(frommember || fromloc)) {
    w.error(`ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for ${argv[0]}`);
    return;
  }
  if (flags & GEOSEARCH && !(byradius || bybox)) {
    w.error(`ERR exactly one of BYRADIUS and BYBOX can be specified for ${argv[0]}`);
    return;
  }
  if (any && count === 0) {
    w.error('ERR the ANY argument requires COUNT argument');
    return;
  }

  if (z === undefined) {
    if (storekey !== null) {
      if (c.db.delete(storekey)) {
        notify(c, NOTIFY_GENERIC, 'del', storekey);
        c.server.dirty++;
      }
      w.integer(0);
    } else w.raw(EMPTY_ARRAY);
    return;
  }

  // COUNT without an order means the closest ones (not with ANY).
  if (count !== 0 && sort === SORT_NONE && !any) sort = SORT_ASC;

  const found = new Found();
  membersOfAllNeighbors(z, shape, found, any ? count : 0);
  const n = found.length;
  if (n === 0 && storekey === null) {
    w.raw(EMPTY_ARRAY);
    return;
  }
  const returned = count === 0 || n < count ? n : count;
  const order: number[] = new Array<number>(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (sort !== SORT_NONE) {
    SORT_DISTS = found.dists;
    const cmp = sort === SORT_ASC ? sortAsc : sortDesc;
    // Redis: qsort (glibc's is a stable merge sort) for everything, its pqsort for the first COUNT.
    if (returned === n) order.sort(cmp);
    else pqsort(order, cmp, returned - 1);
    SORT_DISTS = EMPTY_DISTS;
  }

  const conv = shape.conversion;
  if (storekey === null) {
    const options = (withdist ? 1 : 0) + (withhash ? 1 : 0) + (withcoords ? 1 : 0);
    w.array(returned);
    for (let i = 0; i < returned; i++) {
      const j = order[i];
      if (options !== 0) w.array(options + 1);
      w.bulk(found.members[j]);
      if (withdist) w.bulk(formatDistance(found.dists[j] / conv));
      if (withhash) w.integer(scoreAsInteger(found.scores[j]));
      if (withcoords) {
        w.array(2);
        replyCoord(c, found.lons[j]);
        replyCoord(c, found.lats[j]);
      }
    }
    return;
  }

  if (returned > 0) {
    const ms: string[] = new Array<string>(returned);
    const ss: number[] = new Array<number>(returned);
    let maxLen = 0;
    for (let i = 0; i < returned; i++) {
      const j = order[i];
      ms[i] = found.members[j];
      ss[i] = storedist ? found.dists[j] / conv : found.scores[j];
      if (ms[i].length > maxLen) maxLen = ms[i].length;
    }
    c.db.set(storekey, ZSet.fromPairs(ms, ss, maxLen, c.server.keyspace.limits));
    notify(c, NOTIFY_ZSET, flags & GEOSEARCH ? 'geosearchstore' : 'georadiusstore', storekey);
    c.server.dirty += returned;
  } else if (c.db.delete(storekey)) {
    notify(c, NOTIFY_GENERIC, 'del', storekey);
    c.server.dirty++;
  }
  w.integer(returned);
}

function georadius(c: Client, argv: string[]): void {
  georadiusGeneric(c, argv, 1, RADIUS_COORDS);
}

function georadiusbymember(c: Client, argv: string[]): void {
  georadiusGeneric(c, argv, 1, RADIUS_MEMBER);
}

function georadiusRo(c: Client, argv: string[]): void {
  georadiusGeneric(c, argv, 1, RADIUS_COORDS | RADIUS_NOSTORE);
}

function georadiusbymemberRo(c: Client, argv: string[]): void {
  georadiusGeneric(c, argv, 1, RADIUS_MEMBER | RADIUS_NOSTORE);
}

function geosearch(c: Client, argv: string[]): void {
  georadiusGeneric(c, argv, 1, GEOSEARCH);
}

function geosearchstore(c: Client, argv: string[]): void {
  georadiusGeneric(c, argv, 2, GEOSEARCH | GEOSEARCHSTORE);
}

// ---------------------------------------------------------------- command table

const KEY: ArgDoc = { name: 'key', type: 'key', keySpecIndex: 0 };
const ONE_KEY = { first: 1, last: 1, step: 1 };
const MEMBERS: ArgDoc = { name: 'member', type: 'string', multiple: true };
const UNIT: ArgDoc = {
  name: 'unit',
  type: 'oneof',
  arguments: [
    { name: 'm', type: 'pure-token', token: 'm' },
    { name: 'km', type: 'pure-token', token: 'km' },
    { name: 'ft', type: 'pure-token', token: 'ft' },
    { name: 'mi', type: 'pure-token', token: 'mi' },
  ],
};
const WITH_ARGS: ArgDoc[] = [
  { name: 'withcoord', type: 'pure-token', token: 'WITHCOORD', optional: true },
  { name: 'withdist', type: 'pure-token', token: 'WITHDIST', optional: true },
  { name: 'withhash', type: 'pure-token', token: 'WITHHASH', optional: true },
];
const countBlock = (anySince?: string): ArgDoc => ({
  name: 'count-block',
  type: 'block',
  optional: true,
  arguments: [
    { name: 'count', type: 'integer', token: 'COUNT' },
    { name: 'any', type: 'pure-token', token: 'ANY', optional: true, ...(anySince !== undefined ? { since: anySince } : {}) },
  ],
});
const ORDER: ArgDoc = {
  name: 'order',
  type: 'oneof',
  optional: true,
  arguments: [
    { name: 'asc', type: 'pure-token', token: 'ASC' },
    { name: 'desc', type: 'pure-token', token: 'DESC' },
  ],
};
const STORE_ARGS: ArgDoc[] = [
  {
    name: 'store',
    type: 'oneof',
    optional: true,
    arguments: [
      { name: 'storekey', type: 'key', keySpecIndex: 1, token: 'STORE', displayText: 'key' },
      { name: 'storedistkey', type: 'key', keySpecIndex: 2, token: 'STOREDIST', displayText: 'key' },
    ],
  },
];
const FROM: ArgDoc = {
  name: 'from',
  type: 'oneof',
  arguments: [
    { name: 'member', type: 'string', token: 'FROMMEMBER' },
    {
      name: 'longitude_latitude',
      type: 'block',
      token: 'FROMLONLAT',
      arguments: [
        { name: 'longitude', type: 'double' },
        { name: 'latitude', type: 'double' },
      ],
    },
  ],
};
const BY: ArgDoc = {
  name: 'by',
  type: 'oneof',
  arguments: [
    {
      name: 'circle',
      type: 'block',
      arguments: [{ name: 'radius', type: 'double', token: 'BYRADIUS' }, UNIT],
    },
    {
      name: 'box',
      type: 'block',
      arguments: [{ name: 'width', type: 'double', token: 'BYBOX' }, { name: 'height', type: 'double' }, UNIT],
    },
  ],
};
const RADIUS_COMPLEXITY =
  'O(N+log(M)): N elements in the bounding box of the circle around the center, M elements in the index.';
const SEARCH_COMPLEXITY = 'O(N+log(M)): N elements in the grid-aligned bounding box around the shape, M elements in the index.';
const UPPERCASE_UNITS: [string, string] = ['7.0.0', 'Added support for uppercase unit names.'];
const ANY_ADDED: [string, string] = ['6.2.0', 'Added the `ANY` option for `COUNT`.'];

export const commands: CommandSpec[] = [
  {
    name: 'geoadd',
    arity: -5,
    flags: ['write', 'denyoom'],
    group: 'geo',
    since: '3.2.0',
    summary: 'Adds or moves members of a geospatial index (a sorted set); creates the key if needed.',
    complexity: 'O(log(N)) per member added, N being the number of members in the sorted set.',
    acl: ['geo'],
    keys: ONE_KEY,
    history: [['6.2.0', 'Added the `CH`, `NX` and `XX` options.']],
    args: [
      KEY,
      {
        name: 'condition',
        type: 'oneof',
        optional: true,
        since: '6.2.0',
        arguments: [
          { name: 'nx', type: 'pure-token', token: 'NX' },
          { name: 'xx', type: 'pure-token', token: 'XX' },
        ],
      },
      { name: 'change', type: 'pure-token', token: 'CH', optional: true, since: '6.2.0' },
      {
        name: 'longitude_latitude_member',
        type: 'block',
        multiple: true,
        arguments: [
          { name: 'longitude', type: 'double' },
          { name: 'latitude', type: 'double' },
          { name: 'member', type: 'string' },
        ],
      },
    ],
    run: geoadd,
  },
  {
    name: 'geodist',
    arity: -4,
    flags: ['readonly'],
    group: 'geo',
    since: '3.2.0',
    summary: 'Distance between two members of a geospatial index, in meters or the given unit.',
    complexity: 'O(1)',
    acl: ['geo'],
    keys: ONE_KEY,
    args: [KEY, { name: 'member1', type: 'string' }, { name: 'member2', type: 'string' }, { ...UNIT, optional: true }],
    run: geodist,
  },
  {
    name: 'geohash',
    arity: -2,
    flags: ['readonly'],
    group: 'geo',
    since: '3.2.0',
    summary: 'Standard 11-character geohash strings of members of a geospatial index.',
    complexity: 'O(1) per member requested.',
    acl: ['geo'],
    keys: ONE_KEY,
    args: [KEY, MEMBERS],
    run: geohash,
  },
  {
    name: 'geopos',
    arity: -2,
    flags: ['readonly'],
    group: 'geo',
    since: '3.2.0',
    summary: 'Longitude and latitude of members of a geospatial index.',
    complexity: 'O(1) per member requested.',
    acl: ['geo'],
    keys: ONE_KEY,
    args: [KEY, MEMBERS],
    run: geopos,
  },
  {
    name: 'georadius',
    arity: -6,
    flags: ['write', 'denyoom'],
    group: 'geo',
    since: '3.2.0',
    summary: 'Members of a geospatial index within a radius of a point; can store the result.',
    complexity: RADIUS_COMPLEXITY,
    acl: ['geo'],
    keys: ONE_KEY,
    deprecatedSince: '6.2.0',
    replacedBy: '`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` argument',
    history: [ANY_ADDED, UPPERCASE_UNITS],
    args: [
      KEY,
      { name: 'longitude', type: 'double' },
      { name: 'latitude', type: 'double' },
      { name: 'radius', type: 'double' },
      UNIT,
      ...WITH_ARGS,
      countBlock('6.2.0'),
      ORDER,
      ...STORE_ARGS,
    ],
    run: georadius,
  },
  {
    name: 'georadiusbymember',
    arity: -5,
    flags: ['write', 'denyoom'],
    group: 'geo',
    since: '3.2.0',
    summary: 'Members of a geospatial index within a radius of one of its members; can store the result.',
    complexity: RADIUS_COMPLEXITY,
    acl: ['geo'],
    keys: ONE_KEY,
    deprecatedSince: '6.2.0',
    replacedBy: '`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` and `FROMMEMBER` arguments',
    history: [UPPERCASE_UNITS],
    args: [KEY, { name: 'member', type: 'string' }, { name: 'radius', type: 'double' }, UNIT, ...WITH_ARGS, countBlock(), ORDER, ...STORE_ARGS],
    run: georadiusbymember,
  },
  {
    name: 'georadius_ro',
    arity: -6,
    flags: ['readonly'],
    group: 'geo',
    since: '3.2.10',
    summary: 'Read-only GEORADIUS: members within a radius of a point.',
    complexity: RADIUS_COMPLEXITY,
    acl: ['geo'],
    keys: ONE_KEY,
    deprecatedSince: '6.2.0',
    replacedBy: '`GEOSEARCH` with the `BYRADIUS` argument',
    history: [ANY_ADDED],
    args: [
      KEY,
      { name: 'longitude', type: 'double' },
      { name: 'latitude', type: 'double' },
      { name: 'radius', type: 'double' },
      UNIT,
      ...WITH_ARGS,
      countBlock('6.2.0'),
      ORDER,
    ],
    run: georadiusRo,
  },
  {
    name: 'georadiusbymember_ro',
    arity: -5,
    flags: ['readonly'],
    group: 'geo',
    since: '3.2.10',
    summary: 'Read-only GEORADIUSBYMEMBER: members within a radius of one of the members.',
    complexity: RADIUS_COMPLEXITY,
    acl: ['geo'],
    keys: ONE_KEY,
    deprecatedSince: '6.2.0',
    replacedBy: '`GEOSEARCH` with the `BYRADIUS` and `FROMMEMBER` arguments',
    args: [KEY, { name: 'member', type: 'string' }, { name: 'radius', type: 'double' }, UNIT, ...WITH_ARGS, countBlock(), ORDER],
    run: georadiusbymemberRo,
  },
  {
    name: 'geosearch',
    arity: -7,
    flags: ['readonly'],
    group: 'geo',
    since: '6.2.0',
    summary: 'Members of a geospatial index inside a circle or a box around a point or a member.',
    complexity: SEARCH_COMPLEXITY,
    acl: ['geo'],
    keys: ONE_KEY,
    history: [UPPERCASE_UNITS],
    args: [KEY, FROM, BY, ORDER, countBlock(), ...WITH_ARGS],
    run: geosearch,
  },
  {
    name: 'geosearchstore',
    arity: -8,
    flags: ['write', 'denyoom'],
    group: 'geo',
    since: '6.2.0',
    summary: 'GEOSEARCH whose result is stored as a sorted set (positions or distances).',
    complexity: SEARCH_COMPLEXITY,
    acl: ['geo'],
    keys: { first: 1, last: 2, step: 1 },
    history: [UPPERCASE_UNITS],
    args: [
      { name: 'destination', type: 'key', keySpecIndex: 0 },
      { name: 'source', type: 'key', keySpecIndex: 1 },
      FROM,
      BY,
      ORDER,
      countBlock(),
      { name: 'storedist', type: 'pure-token', token: 'STOREDIST', optional: true },
    ],
    run: geosearchstore,
  },
];
