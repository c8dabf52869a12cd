/**
 * Low-level text helpers with Redis's exact semantics: argument splitting for
 * config lines (quotes and escapes), quoting for CONFIG REWRITE, memory units,
 * strict integer parsing, keyspace-event class flags.
 */

function isSpace(c: string): boolean {
  // C isspace() in the "C" locale.
  return c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === '\v' || c === '\f';
}

// Config lines split exactly like inline commands (Redis uses sdssplitargs for both).
export { splitArgs } from '../protocol/parser.js';

/**
 * Quote a byte string the way Redis's sdscatrepr does: surrounded by double
 * quotes, with \\ \" \n \r \t \a \b escaped and other non-printable bytes as \xHH.
 */
export function repr(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const c = s.charCodeAt(i);
    switch (ch) {
      case '\\':
        out += '\\\\';
        break;
      case '"':
        out += '\\"';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      case '\x07':
        out += '\\a';
        break;
      case '\b':
        out += '\\b';
        break;
      default:
        if (c >= 32 && c <= 126) out += ch;
        else out += '\\x' + (c & 0xff).toString(16).padStart(2, '0');
    }
  }
  return out + '"';
}

const U64 = 1n << 64n;
const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;

/**
 * Parse a memory amount as Redis's memtoull: digits then an optional unit
 * (b, k=1000, kb=1024, m, mb, g, gb; case-insensitive). No sign, no spaces,
 * no decimals. Overflow saturates the digits and wraps the product modulo 2^64,
 * exactly like the C code. Returns null when not a memory value.
 */
export function parseMemory(s: string): bigint | null {
  if (s.startsWith('-')) return null;
  let i = 0;
  while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  const unit = s.slice(i).toLowerCase();
  let mul: bigint;
  switch (unit) {
    case '':
    case 'b':
      mul = 1n;
      break;
    case 'k':
      mul = 1000n;
      break;
    case 'kb':
      mul = 1024n;
      break;
    case 'm':
      mul = 1000n * 1000n;
      break;
    case 'mb':
      mul = 1024n * 1024n;
      break;
    case 'g':
      mul = 1000n * 1000n * 1000n;
      break;
    case 'gb':
      mul = 1024n * 1024n * 1024n;
      break;
    default:
      return null;
  }
  if (i >= 128) return null;
  let val = i === 0 ? 0n : BigInt(s.slice(0, i));
  if (val >= U64) val = U64 - 1n; // strtoull saturates
  return (val * mul) % U64;
}

/** Strict signed 64-bit integer as Redis's string2ll: no '+', no leading zeros, no spaces, no "-0". */
export function parseStrictInt(s: string): bigint | null {
  if (!/^(0|-?[1-9][0-9]*)$/.test(s)) return null;
  const v = BigInt(s);
  if (v < I64_MIN || v > I64_MAX) return null;
  return v;
}

/**
 * Lenient base-10 integer like C's strtoll(s, &end, 10) followed by a check that
 * *end == '\0': leading whitespace and a sign are allowed; "" parses as 0.
 */
export function parseStrtoll(s: string, base: 8 | 10 = 10): bigint | null {
  if (s === '') return 0n;
  const re = base === 10 ? /^[ \t\n\r\v\f]*([+-]?)([0-9]+)$/ : /^[ \t\n\r\v\f]*([+-]?)([0-7]+)$/;
  const m = re.exec(s);
  if (!m) return null;
  let v = base === 10 ? BigInt(m[2]!) : BigInt('0o' + m[2]!);
  if (m[1] === '-') v = -v;
  if (v < I64_MIN || v > I64_MAX) return null; // ERANGE
  return v;
}

/** Format bytes for redis.conf as CONFIG REWRITE does: gb / mb / kb when exact, else plain. */
export function formatMemory(bytes: bigint): string {
  const gb = 1024n * 1024n * 1024n;
  const mb = 1024n * 1024n;
  const kb = 1024n;
  if (bytes !== 0n && bytes % gb === 0n) return `${bytes / gb}gb`;
  if (bytes !== 0n && bytes % mb === 0n) return `${bytes / mb}mb`;
  if (bytes !== 0n && bytes % kb === 0n) return `${bytes / kb}kb`;
  return String(bytes);
}

/** Parse a double like Redis's string2d (strtod, whole string, no spaces, not NaN). */
export function parseDouble(s: string): number | null {
  if (s === '' || isSpace(s[0]!)) return null;
  if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (!/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(s)) return null;
  const v = Number(s);
  return Number.isNaN(v) ? null : v;
}

/** printf("%f") then drop trailing zeros and a trailing dot, as Redis's trimDoubleString. */
export function formatPercentile(v: number): string {
  let s = v.toFixed(6);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s;
}

// ---- keyspace notification classes ----

export const NOTIFY_KEYSPACE = 1 << 0; // K
export const NOTIFY_KEYEVENT = 1 << 1; // E
export const NOTIFY_GENERIC = 1 << 2; // g
export const NOTIFY_STRING = 1 << 3; // $
export const NOTIFY_LIST = 1 << 4; // l
export const NOTIFY_SET = 1 << 5; // s
export const NOTIFY_HASH = 1 << 6; // h
export const NOTIFY_ZSET = 1 << 7; // z
export const NOTIFY_EXPIRED = 1 << 8; // x
export const NOTIFY_EVICTED = 1 << 9; // e
export const NOTIFY_STREAM = 1 << 10; // t
export const NOTIFY_KEY_MISS = 1 << 11; // m (not part of A)
export const NOTIFY_LOADED = 1 << 12; // module only
export const NOTIFY_MODULE = 1 << 13; // d
export const NOTIFY_NEW = 1 << 14; // n (not part of A)
export const NOTIFY_ALL =
  NOTIFY_GENERIC |
  NOTIFY_STRING |
  NOTIFY_LIST |
  NOTIFY_SET |
  NOTIFY_HASH |
  NOTIFY_ZSET |
  NOTIFY_EXPIRED |
  NOTIFY_EVICTED |
  NOTIFY_STREAM |
  NOTIFY_MODULE;

const NOTIFY_CHARS: Record<string, number> = {
  A: NOTIFY_ALL,
  g: NOTIFY_GENERIC,
  $: NOTIFY_STRING,
  l: NOTIFY_LIST,
  s: NOTIFY_SET,
  h: NOTIFY_HASH,
  z: NOTIFY_ZSET,
  x: NOTIFY_EXPIRED,
  e: NOTIFY_EVICTED,
  K: NOTIFY_KEYSPACE,
  E: NOTIFY_KEYEVENT,
  t: NOTIFY_STREAM,
  m: NOTIFY_KEY_MISS,
  d: NOTIFY_MODULE,
  n: NOTIFY_NEW,
};

/** notify-keyspace-events string → flags, or -1 on an unknown class character. */
export function keyspaceEventsStringToFlags(classes: string): number {
  let flags = 0;
  for (const c of classes) {
    const f = NOTIFY_CHARS[c];
    if (f === undefined) return -1;
    flags |= f;
  }
  return flags;
}

/** flags → the canonical string CONFIG GET shows (e.g. "AKE", "xE"). */
export function keyspaceEventsFlagsToString(flags: number): string {
  let res = '';
  if ((flags & NOTIFY_ALL) === NOTIFY_ALL) {
    res += 'A';
  } else {
    if (flags & NOTIFY_GENERIC) res += 'g';
    if (flags & NOTIFY_STRING) res += '$';
    if (flags & NOTIFY_LIST) res += 'l';
    if (flags & NOTIFY_SET) res += 's';
    if (flags & NOTIFY_HASH) res += 'h';
    if (flags & NOTIFY_ZSET) res += 'z';
    if (flags & NOTIFY_EXPIRED) res += 'x';
    if (flags & NOTIFY_EVICTED) res += 'e';
    if (flags & NOTIFY_STREAM) res += 't';
    if (flags & NOTIFY_MODULE) res += 'd';
    if (flags & NOTIFY_NEW) res += 'n';
  }
  if (flags & NOTIFY_KEYSPACE) res += 'K';
  if (flags & NOTIFY_KEYEVENT) res += 'E';
  if (flags & NOTIFY_KEY_MISS) res += 'm';
  return res;
}
