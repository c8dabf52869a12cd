// Reads the commands of an AOF file (RESP multibulk, one after the other),
// knowing the byte offset of each: the loader needs it to cut a torn last
// command (aof-load-truncated), to name where a corrupt file goes wrong,
// and petrel-check-aof --fix truncates there. Lines starting with `#` are
// annotations (aof-timestamp-enabled) and are skipped.

export type AofStep =
  | { kind: 'command'; argv: string[] }
  | { kind: 'end' }
  | { kind: 'truncated' }
  | { kind: 'bad'; reason: string };

/** Largest bulk / count accepted: the file is trusted more than a client, not blindly. */
const MAX_LEN = 1 << 30;

export class AofCursor {
  /** Offset of the next unread byte (after the last whole command). */
  offset = 0;

  constructor(
    private readonly buf: Buffer,
    start = 0,
  ) {
    this.offset = start;
  }

  /** Reads one command; `offset` moves past it only when it is whole. */
  next(): AofStep {
    const buf = this.buf;
    let p = this.offset;
    // Annotations.
    while (p < buf.length && buf[p] === 0x23 /* # */) {
      const nl = buf.indexOf(0x0a, p);
      if (nl < 0) return { kind: 'truncated' };
      p = nl + 1;
      this.offset = p;
    }
    if (p >= buf.length) return { kind: 'end' };
    if (buf[p] !== 0x2a /* * */) return { kind: 'bad', reason: 'expected a multibulk command' };
    const count = this.readNumber(p + 1);
    if (count === null) return { kind: 'truncated' };
    if (count.value < 1 || count.value > MAX_LEN) return { kind: 'bad', reason: 'invalid multibulk length' };
    p = count.next;
    const argv: string[] = new Array(count.value);
    for (let i = 0; i < count.value; i++) {
      if (p >= buf.length) return { kind: 'truncated' };
      if (buf[p] !== 0x24 /* $ */) return { kind: 'bad', reason: 'expected a bulk string' };
      const len = this.readNumber(p + 1);
      if (len === null) return { kind: 'truncated' };
      if (len.value < 0 || len.value > MAX_LEN * 2) return { kind: 'bad', reason: 'invalid bulk length' };
      p = len.next;
      if (p + len.value + 2 > buf.length) return { kind: 'truncated' };
      if (buf[p + len.value] !== 0x0d || buf[p + len.value + 1] !== 0x0a) return { kind: 'bad', reason: 'bulk string not terminated by CRLF' };
      argv[i] = buf.latin1Slice(p, p + len.value);
      p += len.value + 2;
    }
    this.offset = p;
    return { kind: 'command', argv };
  }

  /** Digits then CRLF from `p`; null when the buffer ends first. A malformed number gives -1. */
  private readNumber(p: number): { value: number; next: number } | null {
    const buf = this.buf;
    let v = 0;
    let digits = 0;
    let neg = false;
    if (p < buf.length && buf[p] === 0x2d) {
      neg = true;
      p++;
    }
    while (p < buf.length && buf[p] >= 0x30 && buf[p] <= 0x39) {
      v = v * 10 + (buf[p] - 0x30);
      if (v > Number.MAX_SAFE_INTEGER) return { value: -1, next: p };
      digits++;
      p++;
    }
    if (p + 1 >= buf.length) return null;
    if (digits === 0 || buf[p] !== 0x0d || buf[p + 1] !== 0x0a) return { value: -1, next: p };
    return { value: neg ? -v : v, next: p + 2 };
  }
}
