// A source adjustment made once, when a script is compiled.
//
// In Redis, redis.call is a C function: `return redis.call(...)` keeps the
// script's frame on the stack, so an error raised by the command is reported
// at the script's line. Petrel's redis.* functions are Lua functions (see
// bootstrap.ts), and Lua turns `return f(...)` into a tail call that drops the
// caller's frame: the line would be lost. Wrapping such a call in parentheses,
// `return (redis.call(...))`, is not a tail call, yields the same single value
// and keeps every line number, so that is what this does for each
// `return redis.<name>(...)` in the source. Strings, long strings and comments
// are skipped; anything the scanner does not follow is left unchanged.

const enum Ch {
  LF = 10,
  QUOTE = 34,
  APOS = 39,
  LPAREN = 40,
  RPAREN = 41,
  DOT = 46,
  LBRACK = 91,
  BACKSLASH = 92,
  RBRACK = 93,
  EQ = 61,
  MINUS = 45,
}

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isIdent(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12;
}

/** If a long bracket `[[` / `[==[` opens at i, its level; else -1. */
function longBracketLevel(s: string, i: number): number {
  if (s.charCodeAt(i) !== Ch.LBRACK) return -1;
  let j = i + 1;
  while (s.charCodeAt(j) === Ch.EQ) j++;
  return s.charCodeAt(j) === Ch.LBRACK ? j - i - 1 : -1;
}

/** End (exclusive) of the long string/comment opening at i with `level`. */
function skipLong(s: string, i: number, level: number): number {
  const close = ']' + '='.repeat(level) + ']';
  const end = s.indexOf(close, i + level + 2);
  return end < 0 ? s.length : end + close.length;
}

/** Skips spaces and comments from i; returns the next significant offset. */
function skipBlank(s: string, i: number): number {
  for (;;) {
    while (i < s.length && isSpace(s.charCodeAt(i))) i++;
    if (s.charCodeAt(i) === Ch.MINUS && s.charCodeAt(i + 1) === Ch.MINUS) {
      const lvl = longBracketLevel(s, i + 2);
      if (lvl >= 0) i = skipLong(s, i + 2, lvl);
      else {
        const nl = s.indexOf('\n', i);
        i = nl < 0 ? s.length : nl + 1;
      }
      continue;
    }
    return i;
  }
}

/** End (exclusive) of the quoted string starting at i. */
function skipQuoted(s: string, i: number): number {
  const q = s.charCodeAt(i);
  let j = i + 1;
  while (j < s.length) {
    const c = s.charCodeAt(j);
    if (c === Ch.BACKSLASH) j += 2;
    else if (c === q) return j + 1;
    else if (c === Ch.LF) return j;
    else j++;
  }
  return s.length;
}

/** Given the offset of `(`, the offset just after its matching `)`, or -1. */
function matchParen(s: string, i: number): number {
  let depth = 0;
  let j = i;
  while (j < s.length) {
    const c = s.charCodeAt(j);
    if (c === Ch.QUOTE || c === Ch.APOS) {
      j = skipQuoted(s, j);
      continue;
    }
    if (c === Ch.MINUS && s.charCodeAt(j + 1) === Ch.MINUS) {
      j = skipBlank(s, j);
      continue;
    }
    if (c === Ch.LBRACK) {
      const lvl = longBracketLevel(s, j);
      if (lvl >= 0) {
        j = skipLong(s, j, lvl);
        continue;
      }
    }
    if (c === Ch.LPAREN) depth++;
    else if (c === Ch.RPAREN) {
      depth--;
      if (depth === 0) return j + 1;
    }
    j++;
  }
  return -1;
}

/** Reads an identifier at i; returns its end, or i when there is none. */
function ident(s: string, i: number): number {
  if (!isIdentStart(s.charCodeAt(i))) return i;
  let j = i + 1;
  while (j < s.length && isIdent(s.charCodeAt(j))) j++;
  return j;
}

/** Wraps each `return redis.<name>(...)` call in parentheses (see above). */
export function protectTailCalls(src: string): string {
  if (src.indexOf('return') < 0) return src;
  const inserts: [number, string][] = [];
  let i = 0;
  while (i < src.length) {
    const c = src.charCodeAt(i);
    if (c === Ch.QUOTE || c === Ch.APOS) {
      i = skipQuoted(src, i);
      continue;
    }
    if (c === Ch.MINUS && src.charCodeAt(i + 1) === Ch.MINUS) {
      i = skipBlank(src, i);
      continue;
    }
    if (c === Ch.LBRACK) {
      const lvl = longBracketLevel(src, i);
      if (lvl >= 0) {
        i = skipLong(src, i, lvl);
        continue;
      }
    }
    if (isIdentStart(c)) {
      const end = ident(src, i);
      if (end - i === 6 && src.startsWith('return', i) && (i === 0 || !isIdent(src.charCodeAt(i - 1)))) {
        // return <ws> redis <ws> . <ws> name <ws> (
        const r0 = skipBlank(src, end);
        const r1 = ident(src, r0);
        if (r1 - r0 === 5 && src.startsWith('redis', r0)) {
          const d = skipBlank(src, r1);
          if (src.charCodeAt(d) === Ch.DOT) {
            const n0 = skipBlank(src, d + 1);
            const n1 = ident(src, n0);
            if (n1 > n0) {
              const p = skipBlank(src, n1);
              if (src.charCodeAt(p) === Ch.LPAREN) {
                const close = matchParen(src, p);
                if (close > 0) {
                  inserts.push([r0, '('], [close, ')']);
                }
              }
            }
          }
        }
      }
      i = end;
      continue;
    }
    i++;
  }
  if (inserts.length === 0) return src;
  inserts.sort((a, b) => a[0] - b[0]);
  let out = '';
  let last = 0;
  for (const [at, text] of inserts) {
    out += src.slice(last, at) + text;
    last = at;
  }
  return out + src.slice(last);
}
