/**
 * Redis-compatible glob matching (the semantics of Redis's `stringmatchlen`),
 * used by KEYS, SCAN MATCH, PSUBSCRIBE, CONFIG GET, ACL key patterns…
 *
 * Written by hand on purpose: npm glob libraries (minimatch, picomatch, micromatch)
 * implement shell/path globbing (`/` is special, `**`, braces, extglobs, dotfiles)
 * and differ from Redis on details clients can observe: reversed ranges (`[z-a]`),
 * `\` escapes inside classes, an unterminated `[` class, `^` negation, and the
 * signed-char comparison of bytes >= 0x80 in ranges. This follows Redis exactly.
 *
 * Strings are Petrel byte strings (latin1: one char per byte).
 */

/** Byte as a C `char` on x86 (signed): 0x80..0xff become -128..-1. */
function sc(code: number): number {
  return code >= 128 ? code - 256 : code;
}

/** C-locale tolower: only ASCII A-Z are folded. */
function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

interface MatchState {
  skipLonger: boolean;
}

function matchImpl(
  p: string,
  pi: number,
  s: string,
  si: number,
  nocase: boolean,
  st: MatchState,
  nesting: number,
): boolean {
  // Guard against abusive patterns, as Redis does.
  if (nesting > 1000) return false;
  const plen = p.length;
  const slen = s.length;

  while (pi < plen && si < slen) {
    const pc = p.charCodeAt(pi);
    if (pc === 42 /* * */) {
      while (pi + 1 < plen && p.charCodeAt(pi + 1) === 42) pi++;
      if (pi === plen - 1) return true;
      while (si < slen) {
        if (matchImpl(p, pi + 1, s, si, nocase, st, nesting + 1)) return true;
        if (st.skipLonger) return false;
        si++;
      }
      // The rest of the pattern matched nowhere in the rest of the string:
      // no longer match of an earlier `*` can help either.
      st.skipLonger = true;
      return false;
    } else if (pc === 63 /* ? */) {
      si++;
    } else if (pc === 91 /* [ */) {
      pi++;
      const not = pi < plen && p.charCodeAt(pi) === 94; /* ^ */
      if (not) pi++;
      let match = false;
      const c0 = s.charCodeAt(si);
      for (;;) {
        const remaining = plen - pi;
        const cc = pi < plen ? p.charCodeAt(pi) : -1000;
        if (cc === 92 /* \ */ && remaining >= 2) {
          pi++;
          if (p.charCodeAt(pi) === c0) match = true;
        } else if (cc === 93 /* ] */) {
          break;
        } else if (remaining === 0) {
          // Unterminated class: step back so the outer advance lands at the end.
          pi--;
          break;
        } else if (remaining >= 3 && p.charCodeAt(pi + 1) === 45 /* - */) {
          let start = sc(cc);
          let end = sc(p.charCodeAt(pi + 2));
          let c = sc(c0);
          if (start > end) {
            const t = start;
            start = end;
            end = t;
          }
          if (nocase) {
            start = lower(start);
            end = lower(end);
            c = lower(c);
          }
          pi += 2;
          if (c >= start && c <= end) match = true;
        } else if (!nocase) {
          if (cc === c0) match = true;
        } else if (lower(cc) === lower(c0)) {
          match = true;
        }
        pi++;
      }
      if (not) match = !match;
      if (!match) return false;
      si++;
    } else {
      let lit = pc;
      if (pc === 92 /* \ */ && plen - pi >= 2) {
        pi++;
        lit = p.charCodeAt(pi);
      }
      const c = s.charCodeAt(si);
      if (!nocase) {
        if (lit !== c) return false;
      } else if (lower(lit) !== lower(c)) {
        return false;
      }
      si++;
    }
    pi++;
    if (si === slen) {
      while (pi < plen && p.charCodeAt(pi) === 42) pi++;
      break;
    }
  }
  return pi >= plen && si === slen;
}

/**
 * Does `str` match the Redis glob `pattern`?
 * `*` any run, `?` one byte, `[abc]`, `[^a]`, `[a-z]` (reversed ranges allowed),
 * `\x` literal x; `nocase` folds ASCII letters only.
 */
export function globMatch(pattern: string, str: string, nocase = false): boolean {
  return matchImpl(pattern, 0, str, 0, nocase, { skipLonger: false }, 0);
}

/** True if the pattern contains any glob metacharacter Redis checks for (`*`, `?`, `[`). */
export function hasGlobChars(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === 42 || c === 63 || c === 91) return true;
  }
  return false;
}
