// Reply encoder for RESP2 and RESP3. Each client owns one ReplyWriter; replies are
// appended to a latin1 string (V8 ropes make appends cheap) and the connection
// flushes it with a single socket write per input batch.

import { formatDouble } from './numbers.js';

export type Protocol = 2 | 3;

export class ReplyWriter {
  /** Pending output, one char per byte. */
  out = '';
  /** 2 or 3, set by HELLO. */
  resp: Protocol = 2;
  /** When false, replies are dropped (CLIENT REPLY OFF/SKIP). */
  enabled = true;
  /** Error replies sent by this client (the dispatcher compares it to spot failed calls). */
  errors = 0;

  /** Server-wide error counters by prefix (INFO errorstats), shared by all writers. */
  constructor(private readonly errorStats: Map<string, number> | null = null) {}

  raw(s: string): void {
    if (this.enabled) this.out += s;
  }

  ok(): void {
    this.raw('+OK\r\n');
  }

  simple(s: string): void {
    this.raw('+' + s + '\r\n');
  }

  /** An error reply. `msg` carries its own prefix (`ERR ...`, `WRONGTYPE ...`). */
  error(msg: string): void {
    // Redis never lets a newline inside an error break the protocol.
    if (msg.indexOf('\n') >= 0 || msg.indexOf('\r') >= 0) msg = msg.replace(/[\r\n]/g, ' ');
    this.errors++;
    if (this.errorStats !== null) {
      const sp = msg.indexOf(' ');
      const prefix = sp < 0 ? msg : msg.slice(0, sp);
      this.errorStats.set(prefix, (this.errorStats.get(prefix) ?? 0) + 1);
    }
    this.raw('-' + msg + '\r\n');
  }

  integer(n: number | bigint): void {
    this.raw(':' + n + '\r\n');
  }

  bulk(s: string): void {
    if (s.length < 4096) this.raw('$' + s.length + '\r\n' + s + '\r\n');
    else {
      this.raw('$' + s.length + '\r\n');
      this.raw(s);
      this.raw('\r\n');
    }
  }

  /** A bulk string, or the null reply when `s` is null. */
  bulkOrNull(s: string | null): void {
    if (s === null) this.nil();
    else this.bulk(s);
  }

  /** Null bulk string (RESP2 `$-1`, RESP3 `_`). */
  nil(): void {
    this.raw(this.resp === 3 ? '_\r\n' : '$-1\r\n');
  }

  /** Null array (RESP2 `*-1`, RESP3 `_`). */
  nilArray(): void {
    this.raw(this.resp === 3 ? '_\r\n' : '*-1\r\n');
  }

  array(n: number): void {
    this.raw('*' + n + '\r\n');
  }

  /** A map of n pairs: RESP3 `%n`, RESP2 a flat array of 2n items. */
  map(n: number): void {
    this.raw(this.resp === 3 ? '%' + n + '\r\n' : '*' + n * 2 + '\r\n');
  }

  /** A set: RESP3 `~n`, RESP2 an array. */
  set(n: number): void {
    this.raw(this.resp === 3 ? '~' + n + '\r\n' : '*' + n + '\r\n');
  }

  /** Out-of-band push: RESP3 `>n`, RESP2 an array. */
  push(n: number): void {
    this.raw(this.resp === 3 ? '>' + n + '\r\n' : '*' + n + '\r\n');
  }

  /** A double: RESP3 `,d`, RESP2 a bulk string, formatted as Redis 7.2 does. */
  double(d: number): void {
    const s = formatDouble(d);
    if (this.resp === 3) this.raw(',' + s + '\r\n');
    else this.bulk(s);
  }

  /** RESP3 boolean; RESP2 has none, Redis sends 1/0. */
  bool(b: boolean): void {
    if (this.resp === 3) this.raw(b ? '#t\r\n' : '#f\r\n');
    else this.raw(b ? ':1\r\n' : ':0\r\n');
  }

  /** Verbatim string (`=len\r\ntxt:...`); RESP2 gets a bulk string. */
  verbatim(s: string, format = 'txt'): void {
    if (this.resp === 3) this.raw('=' + (s.length + 4) + '\r\n' + format + ':' + s + '\r\n');
    else this.bulk(s);
  }

  /**
   * Starts a set of bulk strings in the scratch encoder (RESP3 `~`, RESP2 `*`):
   * add items with bulkArrayItem, finish with `raw(bulkArrayEnd())`.
   */
  startBulkSet(n: number): void {
    bulkArrayStart(n, this.resp === 3 ? RESP3_SET : ARRAY);
  }

  /** The same for a map of n pairs of bulk strings (RESP3 `%`, RESP2 a flat array). */
  startBulkMap(n: number): void {
    if (this.resp === 3) bulkArrayStart(n, RESP3_MAP);
    else bulkArrayStart(n * 2, ARRAY);
  }

  /** Array of bulk strings. */
  bulkArray(items: readonly string[]): void {
    if (!this.enabled) return;
    bulkArrayStart(items.length);
    for (let i = 0; i < items.length; i++) bulkArrayItem(items[i]);
    this.out += bulkArrayEnd();
  }

  /** Takes the pending output, leaving the buffer empty. */
  take(): string {
    const s = this.out;
    this.out = '';
    return s;
  }
}

// Arrays of bulk strings (LRANGE, SMEMBERS, ...) are encoded into one scratch
// buffer and decoded once: a reply of 600 elements built by string
// concatenation makes ~2,400 short-lived strings (a scavenge every few dozen
// replies, which shows in p99); this makes one. Not reentrant: start, items,
// end, with nothing else encoded in between.

let scratch = Buffer.allocUnsafe(16 * 1024);
let at = 0;

function reserve(n: number): void {
  if (at + n <= scratch.length) return;
  let size = scratch.length * 2;
  while (size < at + n) size *= 2;
  const b = Buffer.allocUnsafe(size);
  scratch.copy(b, 0, 0, at);
  scratch = b;
}

function putUint(n: number): void {
  if (n < 10) {
    scratch[at++] = 48 + n;
    return;
  }
  const d = String(n);
  for (let i = 0; i < d.length; i++) scratch[at++] = d.charCodeAt(i);
}

/** Aggregate headers bulkArrayStart can begin with. */
export const ARRAY = 42; // '*'
export const RESP3_SET = 126; // '~'
export const RESP3_MAP = 37; // '%' (n = pairs)

/** Begins `*<n>\r\n` (or another aggregate header: ARRAY, RESP3_SET, RESP3_MAP). */
export function bulkArrayStart(n: number, header = ARRAY): void {
  at = 0;
  reserve(24);
  scratch[at++] = header;
  putUint(n);
  scratch[at++] = 13;
  scratch[at++] = 10;
}

/** Appends `$<len>\r\n<s>\r\n` (s is latin1: one char per byte). */
export function bulkArrayItem(s: string): void {
  const len = s.length;
  reserve(len + 24);
  scratch[at++] = 36; // '$'
  putUint(len);
  scratch[at++] = 13;
  scratch[at++] = 10;
  if (len <= 32) {
    for (let i = 0; i < len; i++) scratch[at++] = s.charCodeAt(i);
  } else at += scratch.latin1Write(s, at, len);
  scratch[at++] = 13;
  scratch[at++] = 10;
}

/** The encoded array as a latin1 string; the scratch buffer is free again. */
export function bulkArrayEnd(): string {
  const out = scratch.latin1Slice(0, at);
  at = 0;
  // A huge reply does not pin its buffer for ever.
  if (scratch.length > 1024 * 1024) scratch = Buffer.allocUnsafe(16 * 1024);
  return out;
}
