// Incremental RESP request parser: multibulk (`*N\r\n$len\r\n...`) and inline
// commands, fed with socket chunks split at any byte. Arguments come out as
// latin1 strings (one char per byte) so they are binary safe.
//
// Written by hand because the request side of RESP is tiny and the hot path must
// not allocate beyond one string per argument; the error texts and limits follow
// Redis 7.2's networking.c (facts, not code).

/** Longest inline line / count line Redis accepts before giving up (64 KiB). */
export const PROTO_INLINE_MAX_SIZE = 64 * 1024;
const INT_MAX = 2147483647;

const CR = 13;
const LF = 10;

/** Shared by every client's parser, so CONFIG SET takes effect on open connections too. */
export interface ParserLimits {
  /** proto-max-bulk-len: largest bulk argument accepted. */
  maxBulkLen: number;
  /** client-query-buffer-limit: most bytes buffered for one unfinished command. */
  queryBufferLimit: number;
}

/** Arguments shorter than this come from the decoded chunk (V8 copies substrings this short). */
const SHORT_ARG = 13;
/** Chunks larger than this are not decoded whole. */
const TEXT_MAX = 64 * 1024;

// Shared empty states: an idle connection allocates nothing here.
const EMPTY = Buffer.alloc(0);
const NO_CHUNKS: Buffer[] = [];

export class RespParser {
  /** Set when the stream is broken; the text is the error reply (without `-`). */
  error: string | null = null;
  /** Set when the query buffer overflowed: the connection is closed without a reply. */
  overflow = false;
  /** True while the client must authenticate: Redis then caps counts at 10 and bulks at 16 KiB. */
  authRequired = false;

  private buf: Buffer = EMPTY;
  /** Bytes of `buf` that hold input (a borrowed read buffer is longer than the read). */
  private len = 0;
  /** `buf` is the caller's reusable memory (see feed). */
  private borrowed = false;
  /**
   * `buf` decoded as latin1, made on first need for a short argument: one
   * native call per input chunk, then each short argument is a JS substring
   * (about ten times cheaper than a latin1Slice per argument). Substrings
   * under 13 chars are copies in V8, so they never keep this string alive;
   * longer arguments are sliced from the buffer as before. null = not made.
   */
  private text: string | null = null;
  private pos = 0;
  /** Chunks held back while a large bulk is still arriving (avoids quadratic concat). */
  private pending: Buffer[] = NO_CHUNKS;
  private pendingLen = 0;
  /** Bytes needed in `buf` from `pos` before parsing can make progress. */
  private need = 0;

  // State of a multibulk in progress.
  private args: string[] | null = null;
  private remaining = 0;
  /** Arguments of the multibulk in progress filled in so far. */
  private argc = 0;
  private bulkLen = -1;

  constructor(readonly limits: ParserLimits) {}

  /** Bytes received but not yet consumed. */
  get buffered(): number {
    return this.len - this.pos + this.pendingLen;
  }

  /**
   * Adds received bytes. A `borrowed` chunk is memory the caller reuses for the
   * next read (the shared socket read buffer): the parser may read it until
   * `release()`, which copies whatever it still needs.
   */
  feed(chunk: Buffer, borrowed = false, length = chunk.length): void {
    if (this.need > 0 && this.len - this.pos + this.pendingLen + length < this.need) {
      if (this.pending === NO_CHUNKS) this.pending = [];
      this.pending.push(borrowed ? Buffer.from(chunk.subarray(0, length)) : chunk.subarray(0, length));
      this.pendingLen += length;
      this.checkLimit();
      return;
    }
    if (this.pos >= this.len && this.pendingLen === 0) {
      this.buf = chunk;
      this.len = length;
      this.borrowed = borrowed;
      this.text = null;
    } else {
      const parts = [this.buf.subarray(this.pos, this.len)];
      for (const p of this.pending) parts.push(p);
      parts.push(chunk.subarray(0, length));
      this.buf = Buffer.concat(parts);
      this.len = this.buf.length;
      this.borrowed = false;
      this.text = null;
      this.pending = NO_CHUNKS;
      this.pendingLen = 0;
    }
    this.pos = 0;
    this.need = 0;
    this.checkLimit();
  }

  /** Stops using a borrowed chunk: bytes not parsed yet are copied (usually none). */
  release(): void {
    if (!this.borrowed) return;
    this.borrowed = false;
    this.buf = this.pos < this.len ? Buffer.from(this.buf.subarray(this.pos, this.len)) : EMPTY;
    this.len = this.buf.length;
    this.pos = 0;
    this.text = null;
  }

  private checkLimit(): void {
    if (this.buffered > this.limits.queryBufferLimit) {
      this.overflow = true;
      this.buf = EMPTY;
      this.len = 0;
      this.text = null;
      this.pos = 0;
      this.pending = [];
      this.pendingLen = 0;
    }
  }

  /**
   * The next complete command, or null when more bytes are needed (or on error:
   * check `error`). Empty commands (`*0`, blank inline lines) are skipped.
   */
  next(): string[] | null {
    if (this.error !== null || this.overflow) return null;
    for (;;) {
      if (this.args === null) {
        if (this.pos >= this.len) {
          if (this.len > 0) {
            this.buf = EMPTY;
            this.len = 0;
            this.text = null;
            this.pos = 0;
          }
          return null;
        }
        if (this.buf[this.pos] === 42 /* '*' */) {
          const r = this.startMultibulk();
          if (r === 0) return null;
          if (r === 2) continue; // empty multibulk
        } else {
          const argv = this.parseInline();
          if (argv === null) return null;
          if (argv.length === 0) continue;
          return argv;
        }
      }
      const argv = this.continueMultibulk();
      if (argv === null) return null;
      return argv;
    }
  }

  /** Reads `*N\r\n`. 0 = need more or error, 1 = started, 2 = empty command. */
  private startMultibulk(): number {
    const buf = this.buf;
    const start = this.pos;
    const cr = buf.indexOf(CR, start);
    if (cr < 0 || cr + 1 >= this.len) {
      if (this.len - start > PROTO_INLINE_MAX_SIZE) this.fail('Protocol error: too big mbulk count string');
      return 0;
    }
    const n = parseLength(buf, start + 1, cr);
    if (n === null || n > INT_MAX) {
      this.fail('Protocol error: invalid multibulk length');
      return 0;
    }
    if (n > 10 && this.authRequired) {
      this.fail('Protocol error: unauthenticated multibulk length');
      return 0;
    }
    this.pos = cr + 2;
    if (n <= 0) return 2;
    // Sized up front: a pushed-to empty array would reserve 17 slots for a 3-argument SET.
    this.args = n <= 1024 ? new Array<string>(n) : [];
    this.argc = 0;
    this.remaining = n;
    this.bulkLen = -1;
    return 1;
  }

  private continueMultibulk(): string[] | null {
    const buf = this.buf;
    const len = this.len;
    const args = this.args!;
    while (this.remaining > 0) {
      if (this.bulkLen < 0) {
        const start = this.pos;
        if (start >= len) return null;
        // Fast path for the usual `$<digits>\r\n`: one pass, no native indexOf call.
        if (buf[start] === 36 /* '$' */) {
          let i = start + 1;
          let n = 0;
          let d = buf[i] - 48;
          if (d >= 1 && d <= 9) {
            const stop = Math.min(len, i + 10);
            while (i < stop && (d = buf[i] - 48) >= 0 && d <= 9) {
              n = n * 10 + d;
              i++;
            }
            if (i + 1 < len && buf[i] === CR && n <= this.limits.maxBulkLen && (n <= 16384 || !this.authRequired)) {
              this.pos = i + 2;
              this.bulkLen = n;
            }
          }
        }
      }
      if (this.bulkLen < 0) {
        const start = this.pos;
        const cr = buf.indexOf(CR, start);
        if (cr < 0 || cr + 1 >= len) {
          if (len - start > PROTO_INLINE_MAX_SIZE) this.fail('Protocol error: too big bulk count string');
          return null;
        }
        if (buf[start] !== 36 /* '$' */) {
          this.fail(`Protocol error: expected '$', got '${String.fromCharCode(buf[start])}'`);
          return null;
        }
        const blen = parseLength(buf, start + 1, cr);
        if (blen === null || blen < 0 || blen > this.limits.maxBulkLen) {
          this.fail('Protocol error: invalid bulk length');
          return null;
        }
        if (blen > 16384 && this.authRequired) {
          this.fail('Protocol error: unauthenticated bulk length');
          return null;
        }
        this.pos = cr + 2;
        this.bulkLen = blen;
      }
      const end = this.pos + this.bulkLen;
      if (end + 2 > len) {
        this.need = this.bulkLen + 2;
        return null;
      }
      // Like Redis, the two bytes after the payload are skipped, not checked.
      if (this.bulkLen < SHORT_ARG && len <= TEXT_MAX) {
        let text = this.text;
        if (text === null) text = this.text = buf.latin1Slice(0, len);
        args[this.argc++] = text.slice(this.pos, end);
      } else args[this.argc++] = buf.latin1Slice(this.pos, end);
      this.pos = end + 2;
      this.bulkLen = -1;
      this.remaining--;
    }
    this.args = null;
    return args;
  }

  private parseInline(): string[] | null {
    const buf = this.buf;
    const start = this.pos;
    let lf = buf.indexOf(LF, start);
    if (lf >= this.len) lf = -1; // stale bytes past the input
    if (lf < 0) {
      if (this.len - start > PROTO_INLINE_MAX_SIZE) this.fail('Protocol error: too big inline request');
      return null;
    }
    let end = lf;
    if (end > start && buf[end - 1] === CR) end--;
    this.pos = lf + 1;
    const argv = splitArgs(buf.latin1Slice(start, end));
    if (argv === null) {
      this.fail('Protocol error: unbalanced quotes in request');
      return null;
    }
    return argv;
  }

  private fail(message: string): void {
    this.error = message;
  }
}

/** Parses a signed decimal in buf[from, to) strictly (Redis's string2ll); null if not one. */
function parseLength(buf: Buffer, from: number, to: number): number | null {
  if (from >= to || to - from > 20) return null;
  let i = from;
  let neg = false;
  if (buf[i] === 45 /* '-' */) {
    neg = true;
    i++;
    if (i >= to) return null;
  }
  // string2ll rejects leading zeros ("01") but accepts "0".
  if (buf[i] === 48 && to - i > 1) return null;
  let n = 0;
  for (; i < to; i++) {
    const d = buf[i] - 48;
    if (d < 0 || d > 9) return null;
    n = n * 10 + d;
  }
  return neg ? -n : n;
}

function isSpace(c: number): boolean {
  // C isspace(): space, \t, \n, \v, \f, \r
  return c === 32 || (c >= 9 && c <= 13);
}

function hexVal(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/**
 * Splits an inline command line like Redis's sdssplitargs: whitespace separates
 * arguments; "double quotes" understand \n \r \t \b \a \\ \" and \xHH; 'single
 * quotes' only \'. A closing quote must be followed by whitespace or the end.
 * Returns null on unbalanced quotes.
 */
export function splitArgs(line: string): string[] | null {
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  for (;;) {
    while (i < n && isSpace(line.charCodeAt(i))) i++;
    if (i >= n) return out;
    let cur = '';
    let inDq = false;
    let inSq = false;
    let done = false;
    while (!done) {
      if (inDq) {
        if (i >= n) return null;
        const ch = line[i];
        if (ch === '\\' && line[i + 1] === 'x' && i + 3 < n && hexVal(line[i + 2]) >= 0 && hexVal(line[i + 3]) >= 0) {
          cur += String.fromCharCode(hexVal(line[i + 2]) * 16 + hexVal(line[i + 3]));
          i += 3;
        } else if (ch === '\\' && i + 1 < n) {
          i++;
          const e = line[i];
          cur += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === 'b' ? '\b' : e === 'a' ? '\x07' : e;
        } else if (ch === '"') {
          if (i + 1 < n && !isSpace(line.charCodeAt(i + 1))) return null;
          done = true;
        } else {
          cur += ch;
        }
      } else if (inSq) {
        if (i >= n) return null;
        const ch = line[i];
        if (ch === '\\' && line[i + 1] === "'") {
          i++;
          cur += "'";
        } else if (ch === "'") {
          if (i + 1 < n && !isSpace(line.charCodeAt(i + 1))) return null;
          done = true;
        } else {
          cur += ch;
        }
      } else {
        if (i >= n) {
          done = true;
          break;
        }
        const ch = line[i];
        const code = line.charCodeAt(i);
        if (isSpace(code)) {
          done = true;
        } else if (ch === '"') {
          inDq = true;
        } else if (ch === "'") {
          inSq = true;
        } else {
          cur += ch;
        }
      }
      if (i < n) i++;
    }
    out.push(cur);
  }
}
