import { describe, expect, it } from 'vitest';
import {
  addLongDouble,
  formatLongDoubleHuman,
  hincrByFloat,
  incrByFloat,
  isFiniteLongDouble,
  MAX_LONG_DOUBLE_CHARS,
  parseLongDouble,
  type LongDouble,
} from '../../src/data/longdouble.js';

type Expected = { value: string } | { error: string };

/**
 * [current value (null = missing key/field), increment, HINCRBYFLOAT?, expected]
 * Every row was produced by the real redis-server (7.0.15, x86-64) with
 * SET/HSET + INCRBYFLOAT/HINCRBYFLOAT.
 */
const ORACLE_TABLE: Array<[string | null, string, boolean, Expected]> = [
  ["0.1", "0.2", false, { value: "0.3" }],
  ["10.5", "0.1", false, { value: "10.6" }],
  ["10000000000", "0.0000000001", false, { value: "10000000000" }],
  ["1e20", "1", false, { value: "100000000000000000000" }],
  ["100000000000000000000", "1", false, { value: "100000000000000000000" }],
  ["18446744073709551616", "1", false, { value: "18446744073709551616" }],
  ["18446744073709551616", "3", false, { value: "18446744073709551620" }],
  ["9223372036854775807", "1", false, { value: "9223372036854775808" }],
  ["36893488147419103232", "2", false, { value: "36893488147419103232" }],
  ["36893488147419103232", "6", false, { value: "36893488147419103240" }],
  [null, "10.50", false, { value: "10.5" }],
  [null, "5.0e3", false, { value: "5000" }],
  [null, "5.0E+3", false, { value: "5000" }],
  [null, "-5.e3", false, { value: "-5000" }],
  [null, ".5", false, { value: "0.5" }],
  [null, "+.5", false, { value: "0.5" }],
  [null, "5.", false, { value: "5" }],
  ["00012", "1e-0", false, { value: "13" }],
  ["3", "-5.5", false, { value: "-2.5" }],
  ["-1.5", "-2.25", false, { value: "-3.75" }],
  ["1.1", "-1.1", false, { value: "0" }],
  ["-0", "-0", false, { value: "0" }],
  ["0", "-0", false, { value: "0" }],
  ["-0.0", "0", false, { value: "0" }],
  ["0", "-0.000000000000000001", false, { value: "0" }],
  ["0", "-0.000000000000000005", false, { value: "0" }],
  ["0", "-0.000000000000000006", false, { value: "-0.00000000000000001" }],
  ["0", "0.000000000000000005", false, { value: "0" }],
  [null, "0.000003814697265625", false, { value: "0.00000381469726562" }],
  [null, "0.000011444091796875", false, { value: "0.00001144409179688" }],
  [null, "1.3", false, { value: "1.3" }],
  [null, "3.0000000000000000001", false, { value: "3" }],
  ["1e-17", "0", false, { value: "0.00000000000000001" }],
  [null, "1e-18", false, { value: "0" }],
  [null, "0.1e-16", false, { value: "0.00000000000000001" }],
  [null, "1e-4950", false, { value: "0" }],
  [null, "1e-4951", false, { error: "ERR value is not a valid float" }],
  [null, "3.6e-4951", false, { value: "0" }],
  [null, "1e-5000", false, { error: "ERR value is not a valid float" }],
  [null, "0e-5000", false, { value: "0" }],
  [null, "1e4933", false, { error: "ERR value is not a valid float" }],
  ["1e4932", "1e4932", false, { error: "ERR increment would produce NaN or Infinity" }],
  [null, "1e999999999999", false, { error: "ERR value is not a valid float" }],
  [null, "0e999999999999", false, { value: "0" }],
  [null, "0x10", false, { value: "16" }],
  [null, "0x1.8p1", false, { value: "3" }],
  [null, "-0X.8P-1", false, { value: "-0.25" }],
  [null, "0x1p-16445", false, { value: "0" }],
  [null, "0x1p-16446", false, { error: "ERR value is not a valid float" }],
  [null, "0x1p16384", false, { error: "ERR value is not a valid float" }],
  [null, "inf", false, { error: "ERR increment would produce NaN or Infinity" }],
  ["1", "-Infinity", false, { error: "ERR increment would produce NaN or Infinity" }],
  ["inf", "1", false, { error: "ERR increment would produce NaN or Infinity" }],
  ["inf", "-inf", false, { error: "ERR increment would produce NaN or Infinity" }],
  [null, "nan", false, { error: "ERR value is not a valid float" }],
  ["1", "NaN", false, { error: "ERR value is not a valid float" }],
  ["nan", "1", false, { error: "ERR value is not a valid float" }],
  ["abc", "1", false, { error: "ERR value is not a valid float" }],
  ["1", "abc", false, { error: "ERR value is not a valid float" }],
  ["abc", "inf", false, { error: "ERR value is not a valid float" }],
  ["1", "  1", false, { error: "ERR value is not a valid float" }],
  ["1", " 1", false, { error: "ERR value is not a valid float" }],
  ["1", "1 ", false, { error: "ERR value is not a valid float" }],
  [" 1", "1", false, { error: "ERR value is not a valid float" }],
  ["1", "", false, { error: "ERR value is not a valid float" }],
  ["", "1", false, { error: "ERR value is not a valid float" }],
  ["1", "1e", false, { error: "ERR value is not a valid float" }],
  ["1", "0x", false, { error: "ERR value is not a valid float" }],
  ["1", "infin", false, { error: "ERR value is not a valid float" }],
  ["1", "1,5", false, { error: "ERR value is not a valid float" }],
  ["1", "1..2", false, { error: "ERR value is not a valid float" }],
  ["1", "-", false, { error: "ERR value is not a valid float" }],
  ["1", ".", false, { error: "ERR value is not a valid float" }],
  ["1.18973149535723176502e4932", "1e4913", false, { error: "ERR increment would produce NaN or Infinity" }],
  ["1.5", "2.25", true, { value: "3.75" }],
  [null, "0.1", true, { value: "0.1" }],
  ["abc", "1", true, { error: "ERR hash value is not a float" }],
  ["abc", "abc", true, { error: "ERR value is not a valid float" }],
  ["1", "inf", true, { error: "ERR value is NaN or Infinity" }],
  ["abc", "inf", true, { error: "ERR value is NaN or Infinity" }],
  ["inf", "1", true, { error: "ERR increment would produce NaN or Infinity" }],
  ["1e4932", "1e4932", true, { error: "ERR increment would produce NaN or Infinity" }],
  ["0.1", "0.2", true, { value: "0.3" }],
  ["-0", "-0", true, { value: "0" }],
];

const E1E309 =
  '999999999999999999986349424581256454766307763249906048699722933664407363742116431635427166600418245409398702382304152749971957328402423172341126484032370375772746974788657214625693651444984012739133113268869496442311034817571120406763557498021655642425941543468850939783228659030453659621446207643423114002432';

function run(cur: string | null, incr: string, hash: boolean) {
  return hash ? hincrByFloat(cur, incr) : incrByFloat(cur, incr);
}

describe('incrByFloat / hincrByFloat (oracle-verified table)', () => {
  for (const [cur, incr, hash, exp] of ORACLE_TABLE) {
    const label = `${hash ? 'HINCRBYFLOAT' : 'INCRBYFLOAT'} ${JSON.stringify(cur)} + ${JSON.stringify(incr)}`;
    it(label, () => {
      const r = run(cur, incr, hash);
      if ('value' in exp) expect(r).toEqual({ ok: true, value: exp.value });
      else expect(r).toEqual({ ok: false, error: exp.error });
    });
  }

  it('1e309 prints its exact long double expansion', () => {
    expect(incrByFloat(null, '1e309')).toEqual({ ok: true, value: E1E309 });
  });

  it('2^16383 prints exactly', () => {
    expect(incrByFloat(null, '0x1p16383')).toEqual({ ok: true, value: (2n ** 16383n).toString() });
  });

  it('near -LDBL_MAX prints 4934 characters (below the buffer limit)', () => {
    const r = incrByFloat(null, '-1.18973149535723176e4932');
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.length).toBe(4934);
      expect(r.value.startsWith('-11897314953572317599906169124')).toBe(true);
    }
  });

  it('input length limit is MAX_LONG_DOUBLE_CHARS (5120): 5119 chars accepted, 5120 rejected', () => {
    const L = (n: number) => '1.' + '0'.repeat(n - 2);
    expect(MAX_LONG_DOUBLE_CHARS).toBe(5120);
    expect(incrByFloat(null, L(5119))).toEqual({ ok: true, value: '1' });
    expect(incrByFloat(null, L(5120))).toEqual({ ok: false, error: 'ERR value is not a valid float' });
    expect(incrByFloat(L(5119), '1')).toEqual({ ok: true, value: '2' });
    expect(incrByFloat(L(5120), '1')).toEqual({ ok: false, error: 'ERR value is not a valid float' });
  });

  it('repeated 0.1 increments stay "human" like Redis', () => {
    let v: string | null = null;
    for (let i = 0; i < 10; i++) {
      const r = incrByFloat(v, '0.1');
      expect(r.ok).toBe(true);
      if (r.ok) v = r.value;
    }
    expect(v).toBe('1');
  });
});

describe('low-level API', () => {
  it('parseLongDouble rejects what string2ld rejects', () => {
    for (const s of ['', ' 1', '1 ', 'nan', '-nan', 'nan(1)', '1e', '0x', 'abc', '1e5000', '1e-5000', '\t1', '1\n', '1\u00001']) {
      expect(parseLongDouble(s), JSON.stringify(s)).toBeNull();
    }
  });

  it('parseLongDouble accepts inf/infinity (any case) as infinities', () => {
    for (const s of ['inf', 'INF', '+Infinity', '-inf', '-INFINITY']) {
      const x = parseLongDouble(s);
      expect(x).not.toBeNull();
      expect(x!.kind).toBe('inf');
      expect(isFiniteLongDouble(x!)).toBe(false);
    }
  });

  it('parses 0.1 to the correctly rounded 64-bit significand', () => {
    const x = parseLongDouble('0.1') as LongDouble;
    expect(x).toEqual({ kind: 'finite', neg: false, mant: 0xcccccccccccccccdn, exp: -67 });
    expect(isFiniteLongDouble(x)).toBe(true);
  });

  it('signed zeros: -0 + -0 = -0, -0 + 0 = +0, printed as "0"', () => {
    const nz = parseLongDouble('-0')!;
    const pz = parseLongDouble('0')!;
    expect(addLongDouble(nz, nz)).toMatchObject({ kind: 'finite', neg: true, mant: 0n });
    expect(addLongDouble(nz, pz)).toMatchObject({ kind: 'finite', neg: false, mant: 0n });
    expect(formatLongDoubleHuman(addLongDouble(nz, nz))).toBe('0');
  });

  it('inf arithmetic', () => {
    const inf = parseLongDouble('inf')!;
    const ninf = parseLongDouble('-inf')!;
    expect(addLongDouble(inf, ninf).kind).toBe('nan');
    expect(addLongDouble(inf, parseLongDouble('1')!)).toEqual(inf);
    expect(formatLongDoubleHuman(inf)).toBe('inf');
    expect(formatLongDoubleHuman(ninf)).toBe('-inf');
  });

  it('addition rounds to nearest even at 2^64', () => {
    const two64 = parseLongDouble('18446744073709551616')!;
    expect(formatLongDoubleHuman(addLongDouble(two64, parseLongDouble('1')!))).toBe('18446744073709551616');
    expect(formatLongDoubleHuman(addLongDouble(two64, parseLongDouble('3')!))).toBe('18446744073709551620');
    expect(formatLongDoubleHuman(addLongDouble(two64, parseLongDouble('2')!))).toBe('18446744073709551618');
  });

  it('addition overflowing to infinity', () => {
    const big = parseLongDouble('1e4932')!;
    expect(addLongDouble(big, big).kind).toBe('inf');
  });
});
