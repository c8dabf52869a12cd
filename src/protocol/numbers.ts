// Number parsing and formatting with Redis's exact rules: which strings count as
// integers or floats, and how doubles are printed in replies.

const MAX_I64 = 9223372036854775807n;
const MIN_I64 = -9223372036854775808n;

/**
 * Parses a string as Redis's string2ll does: optional '-', no '+', no spaces, no
 * leading zeros (except "0" itself), within the signed 64-bit range.
 * Returns a JS number when the value is a safe integer, a bigint otherwise, null
 * when the string is not an integer.
 */
export function parseI64(s: string): number | bigint | null {
  const n = s.length;
  if (n === 0 || n > 20) return null;
  if (n === 1) {
    const d = s.charCodeAt(0) - 48;
    return d >= 0 && d <= 9 ? d : null;
  }
  let i = 0;
  const neg = s.charCodeAt(0) === 45;
  if (neg) i = 1;
  const first = s.charCodeAt(i);
  if (first < 49 || first > 57) return null; // 1-9
  if (n - i <= 15) {
    let v = 0;
    for (; i < n; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return null;
      v = v * 10 + d;
    }
    return neg ? -v : v;
  }
  for (let j = i; j < n; j++) {
    const d = s.charCodeAt(j) - 48;
    if (d < 0 || d > 9) return null;
  }
  const b = BigInt(s);
  if (b > MAX_I64 || b < MIN_I64) return null;
  if (b >= -9007199254740991n && b <= 9007199254740991n) return Number(b);
  return b;
}

/** Like parseI64 but only accepts values that fit a JS safe integer; anything else gives null. */
export function parseSafeInt(s: string): number | null {
  const v = parseI64(s);
  return typeof v === 'number' ? v : null;
}

export function isI64(v: bigint): boolean {
  return v <= MAX_I64 && v >= MIN_I64;
}

export { MAX_I64, MIN_I64 };

const FLOAT_RE = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?)$/i;

/**
 * Parses a float argument as Redis's strtod-based getDoubleFromObject does:
 * no surrounding spaces, no trailing junk, "inf"/"-inf"/"+inf" accepted, NaN
 * rejected. Returns NaN when the text is not a valid float.
 */
export function parseDouble(s: string): number {
  if (s.length === 0 || !FLOAT_RE.test(s)) return NaN;
  const c = s.charCodeAt(s[0] === '-' || s[0] === '+' ? 1 : 0);
  if (c === 105 || c === 73) return s[0] === '-' ? -Infinity : Infinity; // 'i' / 'I'
  return parseFloat(s);
}

/**
 * Formats a double the way Redis 7.2's d2string does for replies: integral
 * values in the long long range print as integers, "inf"/"-inf"/"nan", "-0" for
 * negative zero, otherwise the shortest round-trip digits laid out as fpconv does
 * (plain up to 7 extra zeros, then scientific with an explicit exponent sign).
 */
export function formatDouble(d: number): string {
  if (Number.isInteger(d)) {
    if (d === 0) return Object.is(d, -0) ? '-0' : '0';
    if (d > -4611686018427387904 && d < 4611686018427387904) return BigInt(d).toString();
  }
  if (d !== d) return 'nan';
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  const neg = d < 0;
  const e = (neg ? -d : d).toExponential(); // shortest digits: "d.ddde+x"
  const ePos = e.indexOf('e');
  const digits = e.slice(0, ePos).replace('.', '');
  const nd = digits.length;
  const pointExp = Number(e.slice(ePos + 1)); // value = 0.d... * 10^(pointExp+1)
  const K = pointExp - (nd - 1);
  const absExp = Math.abs(K + nd - 1);
  let body: string;
  if (K >= 0 && absExp < nd + 7) {
    body = digits + '0'.repeat(K);
  } else if (K < 0 && (K > -7 || absExp < 4)) {
    const offset = nd + K;
    if (offset <= 0) body = '0.' + '0'.repeat(-offset) + digits;
    else body = digits.slice(0, offset) + '.' + digits.slice(offset);
  } else {
    const kept = digits.slice(0, Math.min(nd, 18 - (neg ? 1 : 0)));
    body = kept[0] + (kept.length > 1 ? '.' + kept.slice(1) : '') + 'e' + (K + nd - 1 < 0 ? '-' : '+') + absExp;
  }
  return neg ? '-' + body : body;
}
