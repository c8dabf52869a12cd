import { describe, expect, it } from 'vitest';
import { formatDouble, parseDouble, parseI64 } from '../../src/protocol/numbers.js';
import { toStoredString } from '../../src/data/values.js';

describe('parseI64 (string2ll rules)', () => {
  it.each([
    ['0', 0],
    ['-1', -1],
    ['9007199254740991', 9007199254740991],
    ['-9007199254740991', -9007199254740991],
    ['9007199254740992', 9007199254740992n],
    ['9223372036854775807', 9223372036854775807n],
    ['-9223372036854775808', -9223372036854775808n],
  ] as [string, number | bigint][])('%s', (s, v) => {
    expect(parseI64(s)).toBe(v);
  });

  it.each(['', '-', '+1', ' 1', '1 ', '01', '-0', '00', '1.0', '1e3', '9223372036854775808', '-9223372036854775809', '12345678901234567890123', 'abc', '0x10'])(
    'rejects %j',
    (s) => {
      expect(parseI64(s)).toBeNull();
    },
  );
});

describe('parseDouble (strtod rules as Redis uses them)', () => {
  it.each([
    ['1', 1],
    ['-1.5', -1.5],
    ['.5', 0.5],
    ['5.', 5],
    ['1e3', 1000],
    ['+2', 2],
    ['inf', Infinity],
    ['-inf', -Infinity],
    ['+Infinity', Infinity],
  ] as [string, number][])('%s', (s, v) => {
    expect(parseDouble(s)).toBe(v);
  });

  it.each(['', ' 1', '1 ', 'nan', 'abc', '1e', '1,5', '--1'])('rejects %j', (s) => {
    expect(Number.isNaN(parseDouble(s))).toBe(true);
  });
});

describe('formatDouble (Redis 7.2 d2string)', () => {
  it.each([
    [0, '0'],
    [-0, '-0'],
    [1, '1'],
    [-3, '-3'],
    [1.5, '1.5'],
    [0.1, '0.1'],
    [1.1, '1.1'],
    [3.0000000000000004, '3.0000000000000004'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
    [1e20, '1e+20'],
    [1.5e300, '1.5e+300'],
    [1e-7, '1e-7'],
    [0.000001, '0.000001'],
    [123456789012, '123456789012'],
    [1e15, '1000000000000000'],
    // Past LLONG_MAX/2 Redis leaves the integer path: shortest digits padded with zeros.
    [4611686018427387904, '4611686018427388000'],
    [2305843009213693952, '2305843009213693952'],
  ] as [number, string][])('%s → %s', (d, s) => {
    expect(formatDouble(d)).toBe(s);
  });
});

describe('toStoredString (int encoding)', () => {
  it('stores canonical safe integers as numbers and everything else as text', () => {
    expect(toStoredString('123')).toBe(123);
    expect(toStoredString('-5')).toBe(-5);
    expect(toStoredString('007')).toBe('007');
    expect(toStoredString('-0')).toBe('-0');
    expect(toStoredString('1e3')).toBe('1e3');
    expect(toStoredString('9007199254740993')).toBe('9007199254740993');
    expect(toStoredString(' 1')).toBe(' 1');
  });
});
