/**
 * Exact emulation of the x86-64 C `long double` (x87 80-bit extended
 * precision) arithmetic that Redis uses for INCRBYFLOAT / HINCRBYFLOAT.
 *
 * Redis does (t_string.c / t_hash.c, util.c):
 *   - parse current value and increment with string2ld(): glibc strtold()
 *     (correctly rounded, nearest-even) plus extra rejection rules;
 *   - `value += incr` in long double (round to nearest, ties to even);
 *   - reject NaN / Infinity results;
 *   - format with ld2string(LD_STR_HUMAN): snprintf("%.17Lf"), strip trailing
 *     zeros and a trailing '.', and turn "-0" into "0".
 *
 * The x87 extended format has a 64-bit significand with an explicit integer
 * bit and a 15-bit exponent: normal values are M * 2^(E-63) with
 * M in [2^63, 2^64) and E in [-16382, 16383]; subnormals use E = -16382 and
 * M < 2^63. Everything below is done exactly with BigInt.
 */

/** A finite long double: (-1)^neg * mant * 2^exp. */
export interface FiniteLongDouble {
  readonly kind: 'finite';
  readonly neg: boolean;
  /** 0 for zero; otherwise in [2^63, 2^64) (normal) or [1, 2^63) (subnormal, exp === MIN_QEXP). */
  readonly mant: bigint;
  /** Exponent of the unit in the last place (0 for zero). */
  readonly exp: number;
}

export interface InfiniteLongDouble {
  readonly kind: 'inf';
  readonly neg: boolean;
}

export interface NaNLongDouble {
  readonly kind: 'nan';
}

export type LongDouble = FiniteLongDouble | InfiniteLongDouble | NaNLongDouble;

/** Significand width in bits (explicit integer bit included). */
const PREC = 64;
/** Smallest exponent of the last significand bit (min subnormal = 2^-16445). */
const MIN_QEXP = -16382 - (PREC - 1);
/** Largest exponent of the last significand bit (max finite = (2^64-1) * 2^16320). */
const MAX_QEXP = 16383 - (PREC - 1);

/** Redis MAX_LONG_DOUBLE_CHARS (util.h): size of string2ld/ld2string buffers. */
export const MAX_LONG_DOUBLE_CHARS = 5 * 1024;

export const LD_ZERO: FiniteLongDouble = { kind: 'finite', neg: false, mant: 0n, exp: 0 };

const POS_INF: InfiniteLongDouble = { kind: 'inf', neg: false };
const NEG_INF: InfiniteLongDouble = { kind: 'inf', neg: true };
const NAN: NaNLongDouble = { kind: 'nan' };

export const ERR_NOT_FLOAT = 'ERR value is not a valid float';
export const ERR_NAN_OR_INF = 'ERR increment would produce NaN or Infinity';
export const ERR_HASH_NOT_FLOAT = 'ERR hash value is not a float';
export const ERR_VALUE_NAN_OR_INF = 'ERR value is NaN or Infinity';

function bitLength(n: bigint): number {
  // n > 0
  const h = n.toString(16);
  return (h.length - 1) * 4 + (32 - Math.clz32(parseInt(h[0]!, 16)));
}

function zero(neg: boolean): FiniteLongDouble {
  return neg ? { kind: 'finite', neg: true, mant: 0n, exp: 0 } : LD_ZERO;
}

/**
 * Round the non-negative value n * 2^e (+ a positive amount smaller than 2^e
 * when `sticky`) to long double, nearest-even, with gradual underflow and
 * overflow to infinity. When `sticky` is set, n must carry at least two bits
 * beyond the final precision (or the result must be subnormal with the
 * rounding point above bit 1 of n), which all callers guarantee.
 */
function roundToLongDouble(neg: boolean, n: bigint, e: number, sticky: boolean): LongDouble {
  if (n === 0n) return zero(neg); // callers never pass sticky with n = 0
  const bl = bitLength(n);
  const q = Math.max(e + bl - PREC, MIN_QEXP);
  let mant: bigint;
  let qexp = q;
  if (q <= e) {
    // Exact: fits in the significand without rounding.
    mant = n << BigInt(e - q);
  } else {
    const shift = q - e;
    let roundUp: boolean;
    if (shift > bl) {
      // Everything is below half an ulp (n < 2^bl <= 2^(shift-1)).
      mant = 0n;
      roundUp = false;
    } else {
      const s = BigInt(shift);
      mant = n >> s;
      const rem = n & ((1n << s) - 1n);
      const half = 1n << (s - 1n);
      roundUp = rem > half || (rem === half && (sticky || (mant & 1n) === 1n));
    }
    if (roundUp) {
      mant += 1n;
      if (mant === 1n << BigInt(PREC)) {
        mant >>= 1n;
        qexp += 1;
      }
    }
  }
  if (mant === 0n) return zero(neg);
  if (qexp > MAX_QEXP) return neg ? NEG_INF : POS_INF;
  return { kind: 'finite', neg, mant, exp: qexp };
}

const DEC_RE = /^([+-]?)(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?$/;
const HEX_RE = /^([+-]?)0[xX](?:([0-9a-fA-F]+)(?:\.([0-9a-fA-F]*))?|\.([0-9a-fA-F]+))(?:[pP]([+-]?\d+))?$/;
const INF_RE = /^([+-]?)(?:inf|infinity)$/i;

/** Exponent magnitude beyond which the result is certainly 0 or inf. */
const EXP_CLAMP = 1_000_000_000;

function parseExp(s: string | undefined): number {
  if (s === undefined) return 0;
  const neg = s.startsWith('-');
  const digits = s.replace(/^[+-]/, '').replace(/^0+/, '');
  if (digits.length === 0) return 0;
  if (digits.length > 10) return neg ? -EXP_CLAMP : EXP_CLAMP;
  const v = Math.min(Number(digits), EXP_CLAMP);
  return neg ? -v : v;
}

/**
 * strtold() semantics (C locale, glibc) on the whole string, returning the
 * correctly rounded value and whether an ERANGE condition happened in a way
 * Redis rejects (overflow to inf, or a non-zero input underflowing to 0).
 */
function strtoldExact(s: string): LongDouble | null {
  let m = DEC_RE.exec(s);
  if (m !== null) {
    const neg = m[1] === '-';
    const intPart = m[2] ?? '';
    const fracPart = m[3] ?? m[4] ?? '';
    let digits = (intPart + fracPart).replace(/^0+/, '');
    if (digits.length === 0) return zero(neg);
    let exp10 = parseExp(m[5]) - fracPart.length;
    const stripped = digits.replace(/0+$/, '');
    exp10 += digits.length - stripped.length;
    digits = stripped;
    // value in [10^(k-1), 10^k)
    const k = digits.length + exp10;
    if (k - 1 > 4933) return null; // >= 1e4933 > max long double: ERANGE overflow
    if (k < -4952) return null; // < 1e-4952 < min subnormal / 2: ERANGE underflow to 0
    const n = BigInt(digits);
    let r: LongDouble;
    if (exp10 >= 0) {
      r = roundToLongDouble(neg, n * 5n ** BigInt(exp10), exp10, false);
    } else {
      const d = -exp10;
      const den = 5n ** BigInt(d);
      const s2 = Math.max(0, PREC + 2 + bitLength(den) - bitLength(n));
      const num = n << BigInt(s2);
      const quo = num / den;
      const rem = num - quo * den;
      r = roundToLongDouble(neg, quo, -d - s2, rem !== 0n);
    }
    if (r.kind === 'inf') return null; // overflow: HUGE_VALL with ERANGE
    if (r.kind === 'finite' && r.mant === 0n) return null; // underflow to 0 with ERANGE
    return r;
  }
  m = HEX_RE.exec(s);
  if (m !== null) {
    const neg = m[1] === '-';
    const intPart = m[2] ?? '';
    const fracPart = m[3] ?? m[4] ?? '';
    const digits = (intPart + fracPart).replace(/^0+/, '');
    if (digits.length === 0) return zero(neg);
    const n = BigInt('0x' + digits);
    const e2 = parseExp(m[5]) - 4 * fracPart.length;
    const top = bitLength(n) + e2; // value in [2^(top-1), 2^top)
    if (top - 1 > 16384) return null;
    if (top < MIN_QEXP - 2) return null;
    const r = roundToLongDouble(neg, n, e2, false);
    if (r.kind === 'inf') return null;
    if (r.kind === 'finite' && r.mant === 0n) return null;
    return r;
  }
  m = INF_RE.exec(s);
  if (m !== null) return m[1] === '-' ? NEG_INF : POS_INF;
  // "nan", "nan(...)" parse in strtold but Redis rejects NaN; anything else
  // leaves trailing characters.
  return null;
}

/**
 * Redis string2ld(): returns null when Redis would reply "not a valid float".
 * Rejects: empty, length >= MAX_LONG_DOUBLE_CHARS, leading whitespace,
 * trailing junk, NaN, overflow to +-inf, and non-zero values that underflow
 * to zero. Accepts decimal, hexadecimal (0x...p...) and inf/infinity.
 */
export function parseLongDouble(s: string): LongDouble | null {
  if (s.length === 0 || s.length >= MAX_LONG_DOUBLE_CHARS) return null;
  return strtoldExact(s);
}

export function isFiniteLongDouble(x: LongDouble): x is FiniteLongDouble {
  return x.kind === 'finite';
}

export function isZeroLongDouble(x: LongDouble): boolean {
  return x.kind === 'finite' && x.mant === 0n;
}

/** IEEE/x87 addition, round to nearest even. */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble {
  if (a.kind === 'nan' || b.kind === 'nan') return NAN;
  if (a.kind === 'inf') {
    if (b.kind === 'inf' && b.neg !== a.neg) return NAN;
    return a;
  }
  if (b.kind === 'inf') return b;
  if (a.mant === 0n) {
    if (b.mant === 0n) return zero(a.neg && b.neg);
    return b;
  }
  if (b.mant === 0n) return a;
  const e = Math.min(a.exp, b.exp);
  const va = a.mant << BigInt(a.exp - e);
  const vb = b.mant << BigInt(b.exp - e);
  const sum = (a.neg ? -va : va) + (b.neg ? -vb : vb);
  if (sum === 0n) return LD_ZERO; // exact cancellation gives +0 in nearest mode
  return sum < 0n ? roundToLongDouble(true, -sum, e, false) : roundToLongDouble(false, sum, e, false);
}

const TEN17 = 10n ** 17n;

/** snprintf("%.17Lf") of a finite value (glibc: exact, round half to even). */
function formatFixed17(x: FiniteLongDouble): string {
  const sign = x.neg ? '-' : '';
  if (x.mant === 0n) return sign + '0.00000000000000000';
  if (x.exp >= 0) return sign + (x.mant << BigInt(x.exp)).toString() + '.00000000000000000';
  const sh = BigInt(-x.exp);
  const scaled = x.mant * TEN17;
  let q = scaled >> sh;
  const rem = scaled & ((1n << sh) - 1n);
  const half = 1n << (sh - 1n);
  if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  const ip = q / TEN17;
  const fp = (q % TEN17).toString().padStart(17, '0');
  return sign + ip.toString() + '.' + fp;
}

/**
 * Redis ld2string(..., LD_STR_HUMAN): "%.17Lf", trailing zeros and '.'
 * stripped, "-0" becomes "0"; infinities print as "inf"/"-inf", NaN as "nan".
 * Returns "" where Redis's buffer would be too small (cannot happen for a
 * finite long double: at most ~4952 chars < MAX_LONG_DOUBLE_CHARS).
 */
export function formatLongDoubleHuman(x: LongDouble): string {
  if (x.kind === 'nan') return 'nan';
  if (x.kind === 'inf') return x.neg ? '-inf' : 'inf';
  let s = formatFixed17(x);
  if (s.length + 1 > MAX_LONG_DOUBLE_CHARS) return '';
  if (s.includes('.')) {
    s = s.replace(/0+$/, '');
    if (s.endsWith('.')) s = s.slice(0, -1);
  }
  if (s === '-0') s = '0';
  return s;
}

export type IncrByFloatResult = { ok: true; value: string } | { ok: false; error: string };

/**
 * INCRBYFLOAT arithmetic. `current` is the stored string (null/undefined when
 * the key does not exist, treated as 0). The current value is validated
 * before the increment; both use "ERR value is not a valid float".
 */
export function incrByFloat(current: string | null | undefined, incr: string): IncrByFloatResult {
  let value: LongDouble = LD_ZERO;
  if (current !== null && current !== undefined) {
    const v = parseLongDouble(current);
    if (v === null) return { ok: false, error: ERR_NOT_FLOAT };
    value = v;
  }
  const inc = parseLongDouble(incr);
  if (inc === null) return { ok: false, error: ERR_NOT_FLOAT };
  const r = addLongDouble(value, inc);
  if (r.kind !== 'finite') return { ok: false, error: ERR_NAN_OR_INF };
  return { ok: true, value: formatLongDoubleHuman(r) };
}

/**
 * HINCRBYFLOAT arithmetic (t_hash.c). The increment is validated first
 * ("ERR value is not a valid float", then "ERR value is NaN or Infinity" for
 * inf), then the field value (null/undefined = missing field = 0;
 * "ERR hash value is not a float"), then the sum.
 */
export function hincrByFloat(current: string | null | undefined, incr: string): IncrByFloatResult {
  const inc = parseLongDouble(incr);
  if (inc === null) return { ok: false, error: ERR_NOT_FLOAT };
  if (inc.kind !== 'finite') return { ok: false, error: ERR_VALUE_NAN_OR_INF };
  let value: LongDouble = LD_ZERO;
  if (current !== null && current !== undefined) {
    const v = parseLongDouble(current);
    if (v === null) return { ok: false, error: ERR_HASH_NOT_FLOAT };
    value = v;
  }
  const r = addLongDouble(value, inc);
  if (r.kind !== 'finite') return { ok: false, error: ERR_NAN_OR_INF };
  return { ok: true, value: formatLongDoubleHuman(r) };
}
