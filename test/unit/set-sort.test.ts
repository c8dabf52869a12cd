// SORT's weight parsing (C strtod over the string up to its first NUL, with
// Redis's checks: trailing junk, NaN and ERANGE are errors) and its key
// extraction. Expected values checked against redis-server.

import { describe, expect, it } from 'vitest';
import { sortGetKeys, sortWeight } from '../../src/commands/sort.js';

describe('sortWeight', () => {
  it('accepts what strtod converts completely', () => {
    const ok: [string, number][] = [
      ['', 0],
      ['1', 1],
      [' 1', 1],
      ['\t\n 2.5', 2.5],
      ['-3', -3],
      ['+3', 3],
      ['.5', 0.5],
      ['5.', 5],
      ['1e3', 1000],
      ['1E-2', 0.01],
      ['0x10', 16],
      ['0X1A', 26],
      ['0x1p3', 8],
      ['0x.8', 0.5],
      ['-0x1.8p1', -3],
      ['inf', Infinity],
      ['-Infinity', -Infinity],
      ['+INF', Infinity],
      ['1\0abc', 1],
      ['\0junk', 0],
      ['1.7976931348623157e308', 1.7976931348623157e308],
      ['2.2250738585072014e-308', 2.2250738585072014e-308],
      ['0e-500', 0],
      ['0.000', 0],
    ];
    for (const [s, v] of ok) expect(sortWeight(s), JSON.stringify(s)).toBe(v);
  });

  it('rejects junk, NaN and out-of-range values', () => {
    for (const s of [' ', '1 ', '1e', '1e+', '-', '+', '1_', '1.5e3x', 'nan', 'NaN(123)', 'infx', 'infin', '1e400', '-1e400', '1e-310', '1e-400', '0x', '0xg', 'abc', '--1']) {
      expect(sortWeight(s), JSON.stringify(s)).toBeNaN();
    }
  });
});

describe('sortGetKeys', () => {
  it('finds the sorted key and the last STORE destination', () => {
    expect(sortGetKeys(['sort', 'k'])).toEqual([1]);
    expect(sortGetKeys(['sort', 'k', 'STORE', 'd', 'BY', 'w_*', 'GET', 'h_*'])).toEqual([1, 3]);
    expect(sortGetKeys(['sort', 'k', 'store'])).toEqual([1]);
    expect(sortGetKeys(['sort', 'k', 'store', 'd', 'store', 'e'])).toEqual([1, 5]);
    expect(sortGetKeys(['sort', 'k', 'limit', '0', '1', 'store', 'd'])).toEqual([1, 6]);
    // Arguments of BY/GET/LIMIT are skipped, so they are never taken for STORE.
    expect(sortGetKeys(['sort', 'k', 'get', 'store', 'x'])).toEqual([1]);
    expect(sortGetKeys(['sort', 'k', 'by', 'store', 'store', 'd'])).toEqual([1, 5]);
  });
});
