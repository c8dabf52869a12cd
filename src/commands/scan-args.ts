// Arguments shared by SCAN, HSCAN, SSCAN and ZSCAN: the cursor and the
// COUNT / MATCH (/ TYPE for SCAN) options, with Redis's rules and errors.

import type { Client } from '../server/client.js';
import { NOT_INTEGER, SYNTAX } from './errors.js';
import { parseI64 } from '../protocol/numbers.js';

export const INVALID_CURSOR = 'ERR invalid cursor';
/** The reply for a scan of a missing key: cursor 0 and no elements. */
export const EMPTY_SCAN = '*2\r\n$1\r\n0\r\n*0\r\n';

/**
 * A SCAN-family cursor by strtoul's rules as Redis applies them (optional
 * sign, digits only, 64 bits, a negative number wraps, "" is 0): the canonical
 * decimal, or null when invalid.
 */
export function parseScanCursor(s: string): string | null {
  const n = s.length;
  if (n === 0) return '0';
  let i = 0;
  const c0 = s.charCodeAt(0);
  let neg = false;
  if (c0 === 43 /* + */ || c0 === 45 /* - */) {
    neg = c0 === 45;
    i = 1;
  }
  if (i === n) return null;
  for (let j = i; j < n; j++) {
    const d = s.charCodeAt(j);
    if (d < 48 || d > 57) return null;
  }
  let v = BigInt(s.slice(i));
  if (v > 0xffffffffffffffffn) return null;
  if (neg && v !== 0n) v = 0x10000000000000000n - v;
  return v.toString();
}

export interface ScanOptions {
  count: number;
  /** null when every element matches (no MATCH, or MATCH *). */
  pattern: string | null;
  /** SCAN's TYPE filter, lower-cased; null when absent. */
  typeName: string | null;
}

/**
 * Parses COUNT/MATCH (and TYPE when `allowType`) from argv[from...]; replies
 * the error and returns null when they are invalid.
 */
export function parseScanOptions(c: Client, argv: string[], from: number, allowType: boolean): ScanOptions | null {
  const o: ScanOptions = { count: 10, pattern: null, typeName: null };
  for (let i = from; i < argv.length; i += 2) {
    const opt = argv[i].toLowerCase();
    const more = argv.length - i;
    if (opt === 'count' && more >= 2) {
      const n = parseI64(argv[i + 1]);
      if (n === null) {
        c.w.error(NOT_INTEGER);
        return null;
      }
      if (n < 1) {
        c.w.error(SYNTAX);
        return null;
      }
      o.count = typeof n === 'bigint' || n > 0x7fffffff ? 0x7fffffff : n;
    } else if (opt === 'match' && more >= 2) {
      o.pattern = argv[i + 1] === '*' ? null : argv[i + 1];
    } else if (allowType && opt === 'type' && more >= 2) {
      o.typeName = argv[i + 1].toLowerCase();
    } else {
      c.w.error(SYNTAX);
      return null;
    }
  }
  return o;
}

/** What HSCAN/SSCAN/ZSCAN work with once their arguments are valid. */
export interface CollectionScan<T> {
  cursor: string;
  value: T;
  count: number;
  pattern: string | null;
}

/**
 * The shared start of HSCAN/SSCAN/ZSCAN, in Redis's order of checks: the
 * cursor, then the key (`read` replies WRONGTYPE and returns null; a missing
 * key answers the empty scan), then the options. Returns null when it has
 * already replied.
 */
export function beginCollectionScan<T>(
  c: Client,
  argv: string[],
  read: (c: Client, key: string) => T | undefined | null,
): CollectionScan<T> | null {
  const cursor = parseScanCursor(argv[2]);
  if (cursor === null) {
    c.w.error(INVALID_CURSOR);
    return null;
  }
  const value = read(c, argv[1]);
  if (value === null) return null;
  if (value === undefined) {
    c.w.raw(EMPTY_SCAN);
    return null;
  }
  const opts = parseScanOptions(c, argv, 3, false);
  if (opts === null) return null;
  return { cursor, value, count: opts.count, pattern: opts.pattern };
}
