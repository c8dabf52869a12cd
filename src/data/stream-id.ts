// Stream entry IDs. Redis's streamID is two unsigned 64-bit numbers (ms, seq);
// Petrel packs them into one 128-bit bigint, (ms << 64) | seq, so that IDs
// compare with `<` and increment/decrement across the seq → ms boundary with
// plain arithmetic, exactly over the whole range (no precision loss past 2^53).
//
// Parsing follows Redis 7.2's streamGenericParseIDOrReply: `-` and `+`, the
// `<ms>` and `<ms>-<seq>` forms with strtoull's leniency (leading blanks, a
// sign, leading zeros), `<ms>-*` where the caller allows it, at most 127 bytes.

export type StreamId = bigint;

export const MASK64 = (1n << 64n) - 1n;
export const MAX_ID: StreamId = (1n << 128n) - 1n;
export const MIN_ID: StreamId = 0n;
/** The ID value used to say "invalid" in parse results. */
export const BAD_ID: StreamId = -1n;

export const INVALID_ID = 'ERR Invalid stream ID specified as stream command argument';

export function makeId(ms: bigint, seq: bigint): StreamId {
  return (ms << 64n) | seq;
}

export function idMs(id: StreamId): bigint {
  return id >> 64n;
}

export function idSeq(id: StreamId): bigint {
  return id & MASK64;
}

/** Decimal text of a safe non-negative integer (about twice as fast as String() past 2^30). */
export function u53ToString(n: number): string {
  if (n < 1073741824) return String(n);
  const hi = Math.floor(n / 1e8);
  const lo = String(n - hi * 1e8);
  return String(hi) + '00000000'.slice(lo.length) + lo;
}

/** `<ms>-<seq>`, as Redis prints IDs. */
export function formatId(id: StreamId): string {
  return `${id >> 64n}-${id & MASK64}`;
}

/** The 16-byte big-endian form Redis uses as radix tree key (RDB, PELs). */
export function idToBytes(id: StreamId, out: Buffer, at: number): void {
  out.writeBigUInt64BE(id >> 64n, at);
  out.writeBigUInt64BE(id & MASK64, at + 8);
}

export function idFromBytes(b: Buffer, at: number): StreamId {
  return (b.readBigUInt64BE(at) << 64n) | b.readBigUInt64BE(at + 8);
}

/** The next ID, or null when `id` is the last possible one (Redis wraps to 0-0 and fails). */
export function incrId(id: StreamId): StreamId | null {
  return id === MAX_ID ? null : id + 1n;
}

/** The previous ID, or null when `id` is 0-0. */
export function decrId(id: StreamId): StreamId | null {
  return id === 0n ? null : id - 1n;
}

const U64_MAX = MASK64;
const I64_MAX = (1n << 63n) - 1n;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Redis's string2ll: canonical decimal (optional '-'), no blanks, no '+', no leading zeros; null when invalid. */
function string2ll(s: string): bigint | null {
  const n = s.length;
  if (n === 0 || n > 20) return null;
  if (n === 1 && s === '0') return 0n;
  let i = 0;
  let neg = false;
  if (s.charCodeAt(0) === 45) {
    neg = true;
    i = 1;
    if (n === 1) return null;
  }
  const c0 = s.charCodeAt(i);
  if (c0 < 49 || c0 > 57) return null;
  for (let j = i + 1; j < n; j++) if (!isDigit(s.charCodeAt(j))) return null;
  const v = BigInt(s.slice(i));
  if (neg) return v > I64_MAX + 1n ? null : -v;
  return v > I64_MAX ? null : v;
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * Redis's string2ull: string2ll when it applies (negatives refused), else
 * strtoull in base 10 (leading blanks, an optional sign that negates modulo
 * 2^64, at least one digit, nothing after, no overflow).
 */
function string2ull(s: string): bigint | null {
  const ll = string2ll(s);
  if (ll !== null) return ll < 0n ? null : ll;
  const n = s.length;
  let i = 0;
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  let neg = false;
  if (i < n && (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45)) {
    neg = s.charCodeAt(i) === 45;
    i++;
  }
  const start = i;
  while (i < n && isDigit(s.charCodeAt(i))) i++;
  if (i === start || i !== n) return null;
  const v = BigInt(s.slice(start));
  if (v > U64_MAX) return null;
  return neg ? (U64_MAX + 1n - v) & U64_MAX : v;
}

/**
 * Set by parseStreamId when `allowSeqStar` was given: false when the ID was
 * `<ms>-*` (the sequence is to be generated), true otherwise.
 */
export let parsedSeqGiven = true;

/**
 * Parses a stream ID. `missingSeq` fills the sequence of the `<ms>` form;
 * `strict` refuses `-` and `+`; `allowSeqStar` accepts `<ms>-*` (XADD) and
 * reports it through parsedSeqGiven. Returns BAD_ID when invalid.
 */
export function parseStreamId(arg: string, missingSeq: bigint, strict: boolean, allowSeqStar = false): StreamId {
  if (arg.length > 127) return BAD_ID;
  // Redis works on a C string copy: everything after a NUL byte is ignored.
  const nul = arg.indexOf('\0');
  const s = nul >= 0 ? arg.slice(0, nul) : arg;
  if (s.length === 1) {
    const c = s.charCodeAt(0);
    if (c === 45 || c === 43) {
      if (strict) return BAD_ID;
      if (allowSeqStar) parsedSeqGiven = true;
      return c === 45 ? MIN_ID : MAX_ID;
    }
  }
  if (allowSeqStar) parsedSeqGiven = true;
  const dash = s.indexOf('-');
  const ms = string2ull(dash >= 0 ? s.slice(0, dash) : s);
  if (ms === null) return BAD_ID;
  let seq: bigint;
  if (dash >= 0) {
    const rest = s.slice(dash + 1);
    if (allowSeqStar && rest === '*') {
      seq = 0n;
      parsedSeqGiven = false;
    } else {
      const v = string2ull(rest);
      if (v === null) return BAD_ID;
      seq = v;
    }
  } else seq = missingSeq;
  return (ms << 64n) | seq;
}

/**
 * A range bound (XRANGE, XPENDING, XAUTOCLAIM): `(` makes it exclusive (and
 * then `-`/`+` are refused, as Redis parses the rest strictly). Returns
 * BAD_ID when invalid; `parsedExclusive` tells whether `(` was used.
 */
export let parsedExclusive = false;

export function parseRangeId(arg: string, missingSeq: bigint): StreamId {
  parsedExclusive = arg.length > 1 && arg.charCodeAt(0) === 40;
  if (parsedExclusive) return parseStreamId(arg.slice(1), missingSeq, true);
  return parseStreamId(arg, missingSeq, false);
}
