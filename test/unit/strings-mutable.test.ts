// MutableString: the growable buffer APPEND/SETRANGE switch to for big values.

import { describe, expect, it } from 'vitest';
import { MutableString, encodingOf, stringLength, stringOf } from '../../src/data/values.js';

describe('MutableString', () => {
  it('appends with amortized growth', () => {
    const m = new MutableString('ab', 2);
    let expected = 'ab';
    for (let i = 0; i < 1000; i++) {
      m.append(`x${i}`);
      expected += `x${i}`;
    }
    expect(m.toString()).toBe(expected);
    expect(stringLength(m)).toBe(expected.length);
    expect(m.buf.length).toBeLessThan(expected.length * 4);
    expect(encodingOf(m)).toBe('raw');
  });

  it('setRange overwrites inside, extends at the end and zero-fills gaps', () => {
    const m = new MutableString('hello', 5);
    m.setRange(1, 'EL');
    expect(stringOf(m)).toBe('hELlo');
    m.setRange(4, 'O world');
    expect(stringOf(m)).toBe('hELlO world');
    // Capacity left over from earlier growth holds garbage: the gap must be zeroed.
    const g = new MutableString('', 64);
    g.buf.fill(0x41);
    g.setRange(3, 'z');
    expect(stringOf(g)).toBe('\0\0\0z');
    g.setRange(10, '\xff');
    expect(stringOf(g)).toBe('\0\0\0z\0\0\0\0\0\0\xff');
    g.setRange(0, '');
    expect(g.len).toBe(11);
  });
});
