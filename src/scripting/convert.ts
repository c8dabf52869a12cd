// Turns a script's result, as the dispatch loop encodes it (bootstrap.ts),
// into the caller's reply. The Lua side already applied Redis's conversion
// rules; here each item goes through the ReplyWriter, so RESP2 and RESP3
// callers get Redis's shapes (a map flattens in RESP2, a double becomes a bulk
// string, a big number a bulk string...).
//
// Encoding: `$<len>\n<bytes>` bulk, `:<int>\n`, `#t` / `#f`, `_` null,
// `-<len>\n<msg>` error value, `+<len>\n<text>` status, `,<%.17g>\n` double,
// `(<len>\n<digits>` big number, `=<len>\n<fmt3><text>` verbatim,
// `*<n>\n` / `%<n>\n` / `~<n>\n` array / map (2n items) / set. At the top level
// only: `!<line>\n<nostats><len>\n<msg>` a raised error, `?<len>\n<msg>` a
// compile error.

import type { ReplyWriter } from '../protocol/reply.js';

function num(s: string, i: number): [number, number] {
  const nl = s.indexOf('\n', i);
  return [Number(s.slice(i, nl)), nl + 1];
}

/** Writes one encoded item starting at `i`; returns the offset after it. */
export function writeItem(w: ReplyWriter, s: string, i: number): number {
  const t = s.charCodeAt(i);
  switch (t) {
    case 36: {
      // '$'
      const [len, p] = num(s, i + 1);
      w.bulk(s.slice(p, p + len));
      return p + len;
    }
    case 58: {
      // ':'
      const nl = s.indexOf('\n', i);
      w.raw(':' + s.slice(i + 1, nl) + '\r\n');
      return nl + 1;
    }
    case 35: // '#'
      w.bool(s.charCodeAt(i + 1) === 116);
      return i + 2;
    case 95: // '_'
      w.nil();
      return i + 1;
    case 45: {
      // '-': an error value ({err=...}, redis.error_reply, a failed pcall)
      const [len, p] = num(s, i + 1);
      w.error(trimEnd(s.slice(p, p + len)));
      return p + len;
    }
    case 43: {
      // '+'
      const [len, p] = num(s, i + 1);
      w.simple(s.slice(p, p + len).replace(/[\r\n]/g, ' '));
      return p + len;
    }
    case 44: {
      // ','
      const nl = s.indexOf('\n', i);
      const text = s.slice(i + 1, nl);
      const d = text === 'inf' ? Infinity : text === '-inf' ? -Infinity : text === 'nan' || text === '-nan' ? NaN : Number(text);
      w.double(d);
      return nl + 1;
    }
    case 40: {
      // '('
      const [len, p] = num(s, i + 1);
      const digits = s.slice(p, p + len).replace(/[\r\n]/g, ' ');
      if (w.resp === 3) w.raw('(' + digits + '\r\n');
      else w.bulk(digits);
      return p + len;
    }
    case 61: {
      // '='
      const [len, p] = num(s, i + 1);
      w.verbatim(s.slice(p + 3, p + 3 + len), s.slice(p, p + 3));
      return p + 3 + len;
    }
    case 42:
    case 37:
    case 126: {
      // '*' '%' '~'
      const [n, p0] = num(s, i + 1);
      if (t === 42) w.array(n);
      else if (t === 37) w.map(n);
      else w.set(n);
      let p = p0;
      const items = t === 37 ? 2 * n : n;
      for (let k = 0; k < items; k++) p = writeItem(w, s, p);
      return p;
    }
    default:
      w.error('ERR unexpected script result');
      return s.length;
  }
}

/** Error text as Redis sends it: trailing CR/LF dropped (the writer maps the others to spaces). */
function trimEnd(msg: string): string {
  let end = msg.length;
  while (end > 0 && (msg.charCodeAt(end - 1) === 13 || msg.charCodeAt(end - 1) === 10)) end--;
  return end === msg.length ? msg : msg.slice(0, end);
}

export interface RaisedError {
  msg: string;
  line: number;
  /** Raised by redis.call for a failed command: already counted in errorstats. */
  counted: boolean;
}

/** Parses a `!` result. */
export function parseRaised(s: string): RaisedError {
  const nl = s.indexOf('\n');
  const line = Number(s.slice(1, nl));
  const counted = s.charCodeAt(nl + 1) === 49;
  const nl2 = s.indexOf('\n', nl + 2);
  const len = Number(s.slice(nl + 2, nl2));
  return { msg: s.slice(nl2 + 1, nl2 + 1 + len), line, counted };
}

/** Parses a `?` (compile error) or `@` result: `<tag><len>\n<msg>`. */
export function parseCompileError(s: string): string {
  const nl = s.indexOf('\n');
  return s.slice(nl + 1, nl + 1 + Number(s.slice(1, nl)));
}

/**
 * Writes a script's result to its caller. `name` and `source` complete the
 * error message of a raised error as Redis 7 does (`... script: <name>, on
 * @user_script:<line>.`).
 */
export function writeResult(w: ReplyWriter, s: string, name: string, source: string): void {
  const t = s.charCodeAt(0);
  if (t === 33) {
    // '!'
    const e = parseRaised(s);
    let msg = trimEnd(e.msg);
    if (e.line > 0) msg += ` script: ${name}, on @${source}:${e.line}.`;
    if (e.counted) {
      // Counted once already, when the command failed inside the script.
      w.errors++;
      w.raw('-' + msg.replace(/[\r\n]/g, ' ') + '\r\n');
    } else w.error(msg);
    return;
  }
  if (t === 64) {
    // '@': an error object that is not a table (out of memory), as Redis reports it
    const e = parseCompileError(s);
    w.error(`ERR Error running script ${name}, ${e.slice(0, 100)}`);
    return;
  }
  writeItem(w, s, 0);
}
