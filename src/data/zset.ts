// Sorted set values (TYPE zset).
//
// Two encodings, as in Redis:
//   - listpack: while the set has at most zset-max-listpack-entries members and
//     every member is at most zset-max-listpack-value bytes, the members and
//     scores live in two parallel arrays sorted by (score, member). Inserts and
//     deletes shift the arrays (O(N), like Redis's listpack); finding a member
//     by name is a linear scan (O(N), like zzlFind), but positions by score use
//     binary search.
//   - skiplist: a SkipList (src/data/skiplist.ts: order, ranks) plus a
//     member → score Dict (O(1) ZSCORE, more than 2^24 members possible).
// Conversion is one-way (listpack → skiplist) when a threshold is crossed,
// except for the results of ZUNIONSTORE/ZINTERSTORE/ZDIFFSTORE, which Redis
// builds big and shrinks to a listpack when small enough (shrinkIfSmall).

import { Dict } from './dict.js';
import type { EncodingLimits } from './limits.js';
import type { RedisObject } from './values.js';
import {
  SkipList,
  type LexRange,
  type ScoreRange,
  type ZNode,
  lexGteMin,
  lexLteMax,
  lexRangeEmpty,
  scoreGteMin,
  scoreLteMax,
  scoreRangeEmpty,
} from './skiplist.js';

export type { LexRange, ScoreRange } from './skiplist.js';

// ZADD input flags.
export const ZADD_NX = 1;
export const ZADD_XX = 2;
export const ZADD_GT = 4;
export const ZADD_LT = 8;
export const ZADD_INCR = 16;
// ZADD outcome.
export const ZADD_NOP = 1;
export const ZADD_NAN = 2;
export const ZADD_ADDED = 4;
export const ZADD_UPDATED = 8;

/** (score, member) order: negative when a sorts first. */
export function zcmp(as: number, am: string, bs: number, bm: string): number {
  if (as < bs) return -1;
  if (as > bs) return 1;
  return am < bm ? -1 : am > bm ? 1 : 0;
}

/**
 * A score as a listpack keeps it: Redis stores integral scores as listpack
 * integers, so -0 comes back as 0 (the skiplist keeps -0).
 */
function lpScore(s: number): number {
  return s === 0 ? 0 : s;
}

export class ZSet implements RedisObject {
  readonly type = 'zset' as const;
  /** listpack form: members and scores in order (null once converted). */
  lm: string[] | null = [];
  ls: number[] | null = [];
  /** skiplist form. */
  zsl: SkipList | null = null;
  dict: Dict<number> | null = null;
  /** The score set by the last add() (Redis's `newscore` out-parameter). */
  newScore = 0;

  /**
   * A new empty set sized for `sizeHint` members of up to `lenHint` bytes: a
   * listpack when that fits the limits, a skiplist otherwise (Redis 7.2's
   * zsetTypeCreate).
   */
  static create(sizeHint: number, lenHint: number, lim: EncodingLimits): ZSet {
    const z = new ZSet();
    if (sizeHint > lim.zsetMaxListpackEntries || lenHint > lim.zsetMaxListpackValue) z.toSkiplist();
    return z;
  }

  encoding(): string {
    return this.lm !== null ? 'listpack' : 'skiplist';
  }

  get length(): number {
    return this.lm !== null ? this.lm.length : this.zsl!.length;
  }

  clone(): ZSet {
    const z = new ZSet();
    if (this.lm !== null) {
      z.lm = this.lm.slice();
      z.ls = this.ls!.slice();
    } else {
      z.lm = z.ls = null;
      z.zsl = new SkipList();
      z.dict = new Dict<number>();
      for (let n = this.zsl!.first; n !== null; n = n.next[0]) {
        z.zsl.insert(n.score, n.member);
        z.dict.set(n.member, n.score);
      }
    }
    return z;
  }

  /** Converts a listpack to a skiplist (no-op when already one). */
  toSkiplist(): void {
    if (this.lm === null) return;
    const zsl = new SkipList();
    const dict = new Dict<number>();
    const lm = this.lm;
    const ls = this.ls!;
    for (let i = 0; i < lm.length; i++) {
      zsl.insert(ls[i], lm[i]);
      dict.set(lm[i], ls[i]);
    }
    this.zsl = zsl;
    this.dict = dict;
    this.lm = this.ls = null;
  }

  /** Turns a skiplist back into a listpack when it fits the limits (store commands only). */
  shrinkIfSmall(maxLen: number, lim: EncodingLimits): void {
    if (this.lm !== null) return;
    if (this.zsl!.length > lim.zsetMaxListpackEntries || maxLen > lim.zsetMaxListpackValue) return;
    const lm: string[] = [];
    const ls: number[] = [];
    for (let n = this.zsl!.first; n !== null; n = n.next[0]) {
      lm.push(n.member);
      ls.push(lpScore(n.score));
    }
    this.lm = lm;
    this.ls = ls;
    this.zsl = null;
    this.dict = null;
  }

  /** Redis 7.2's zsetTypeMaybeConvert: converts up front when a ZADD brings more pairs than fit. */
  maybeConvert(sizeHint: number, lenHint: number, lim: EncodingLimits): void {
    if (this.lm !== null && (sizeHint > lim.zsetMaxListpackEntries || lenHint > lim.zsetMaxListpackValue)) this.toSkiplist();
  }

  private lpIndex(member: string): number {
    return this.lm!.indexOf(member);
  }

  /** Index in the listpack where (score, member) goes. */
  private lpInsertPos(score: number, member: string): number {
    const lm = this.lm!;
    const ls = this.ls!;
    let lo = 0;
    let hi = lm.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (zcmp(ls[mid], lm[mid], score, member) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First listpack index whose score is >= min (or > min when exclusive). */
  private lpFirstScore(r: ScoreRange): number {
    const ls = this.ls!;
    let lo = 0;
    let hi = ls.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (!scoreGteMin(ls[mid], r)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Last listpack index whose score is <= max (or < max), -1 if none. */
  private lpLastScore(r: ScoreRange): number {
    const ls = this.ls!;
    let lo = 0;
    let hi = ls.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (scoreLteMax(ls[mid], r)) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** First index whose member is >= the lex min (members of a lex range share one score). */
  private lpFirstLex(r: LexRange): number {
    const lm = this.lm!;
    let lo = 0;
    let hi = lm.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (!lexGteMin(lm[mid], r)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private lpLastLex(r: LexRange): number {
    const lm = this.lm!;
    let lo = 0;
    let hi = lm.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (lexLteMax(lm[mid], r)) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  score(member: string): number | undefined {
    if (this.lm !== null) {
      const i = this.lpIndex(member);
      return i < 0 ? undefined : this.ls![i];
    }
    return this.dict!.get(member);
  }

  /**
   * ZADD's core (Redis's zsetAdd): adds or updates one member under the NX/XX/
   * GT/LT/INCR flags. Returns the ZADD_* outcome bits; the resulting score is
   * left in `newScore`. ZADD_NAN means the increment produced NaN (nothing changed).
   */
  add(score: number, member: string, flags: number, lim: EncodingLimits): number {
    const incr = (flags & ZADD_INCR) !== 0;
    if (this.lm !== null) {
      const i = this.lpIndex(member);
      if (i >= 0) {
        if (flags & ZADD_NX) return ZADD_NOP;
        const cur = this.ls![i];
        if (incr) {
          score += cur;
          if (score !== score) return ZADD_NAN;
        }
        if ((flags & ZADD_LT && score >= cur) || (flags & ZADD_GT && score <= cur)) return ZADD_NOP;
        this.newScore = score;
        if (score !== cur) {
          this.lm.splice(i, 1);
          this.ls!.splice(i, 1);
          const p = this.lpInsertPos(score, member);
          this.lm.splice(p, 0, member);
          this.ls!.splice(p, 0, lpScore(score));
          return ZADD_UPDATED;
        }
        return 0;
      }
      if (flags & ZADD_XX) return ZADD_NOP;
      if (this.lm.length + 1 > lim.zsetMaxListpackEntries || member.length > lim.zsetMaxListpackValue) {
        this.toSkiplist();
      } else {
        const p = this.lpInsertPos(score, member);
        this.lm.splice(p, 0, member);
        this.ls!.splice(p, 0, lpScore(score));
        this.newScore = score;
        return ZADD_ADDED;
      }
    }
    const dict = this.dict!;
    const cur = dict.get(member);
    if (cur !== undefined) {
      if (flags & ZADD_NX) return ZADD_NOP;
      if (incr) {
        score += cur;
        if (score !== score) return ZADD_NAN;
      }
      if ((flags & ZADD_LT && score >= cur) || (flags & ZADD_GT && score <= cur)) return ZADD_NOP;
      this.newScore = score;
      if (score !== cur) {
        this.zsl!.updateScore(cur, member, score);
        dict.set(member, score);
        return ZADD_UPDATED;
      }
      return 0;
    }
    if (flags & ZADD_XX) return ZADD_NOP;
    this.zsl!.insert(score, member);
    dict.set(member, score);
    this.newScore = score;
    return ZADD_ADDED;
  }

  /** Removes a member; false when absent. */
  remove(member: string): boolean {
    if (this.lm !== null) {
      const i = this.lpIndex(member);
      if (i < 0) return false;
      this.lm.splice(i, 1);
      this.ls!.splice(i, 1);
      return true;
    }
    const s = this.dict!.get(member);
    if (s === undefined) return false;
    this.dict!.delete(member);
    this.zsl!.delete(s, member);
    return true;
  }

  /** 0-based rank (from the top when reverse), -1 when absent. Score in `newScore`. */
  rank(member: string, reverse: boolean): number {
    const len = this.length;
    let r: number;
    if (this.lm !== null) {
      r = this.lpIndex(member);
      if (r < 0) return -1;
      this.newScore = this.ls![r];
    } else {
      const s = this.dict!.get(member);
      if (s === undefined) return -1;
      this.newScore = s;
      r = this.zsl!.rankOf(s, member) - 1;
    }
    return reverse ? len - 1 - r : r;
  }

  /** Node at 0-based index from the bottom (skiplist form). */
  private nodeAt(i: number): ZNode {
    return this.zsl!.byRank(i + 1)!;
  }

  /** Member and score at 0-based index (from the bottom). */
  memberAt(i: number): string {
    return this.lm !== null ? this.lm[i] : this.nodeAt(i).member;
  }

  /**
   * Appends ranks start..end (0-based, inclusive, already clamped; counted from
   * the top when reverse) to the output arrays.
   */
  rangeByRank(start: number, end: number, reverse: boolean, outM: string[], outS: number[]): void {
    const len = this.length;
    if (this.lm !== null) {
      const lm = this.lm;
      const ls = this.ls!;
      if (!reverse) for (let i = start; i <= end; i++) outM.push(lm[i]), outS.push(ls[i]);
      else for (let i = len - 1 - start; i >= len - 1 - end; i--) outM.push(lm[i]), outS.push(ls[i]);
      return;
    }
    let n: ZNode | null = this.nodeAt(reverse ? len - 1 - start : start);
    for (let k = start; k <= end && n !== null; k++) {
      outM.push(n.member);
      outS.push(n.score);
      n = reverse ? n.backward : n.next[0];
    }
  }

  /** Members with a score in range, skipping `offset`, at most `limit` (<0: all). */
  rangeByScore(r: ScoreRange, reverse: boolean, offset: number, limit: number, outM: string[], outS: number[]): void {
    if (scoreRangeEmpty(r)) return;
    if (this.lm !== null) {
      const lm = this.lm;
      const ls = this.ls!;
      if (!reverse) {
        const last = this.lpLastScore(r);
        for (let i = this.lpFirstScore(r) + offset; i <= last && limit !== 0; i++, limit--) outM.push(lm[i]), outS.push(ls[i]);
      } else {
        const first = this.lpFirstScore(r);
        for (let i = this.lpLastScore(r) - offset; i >= first && limit !== 0; i--, limit--) outM.push(lm[i]), outS.push(ls[i]);
      }
      return;
    }
    let n = reverse ? this.zsl!.lastInRange(r) : this.zsl!.firstInRange(r);
    // Skipping the offset walks node by node: O(offset), as in Redis.
    while (n !== null && offset > 0) {
      n = reverse ? n.backward : n.next[0];
      offset--;
    }
    while (n !== null && limit !== 0) {
      if (reverse ? !scoreGteMin(n.score, r) : !scoreLteMax(n.score, r)) break;
      outM.push(n.member);
      outS.push(n.score);
      limit--;
      n = reverse ? n.backward : n.next[0];
    }
  }

  /** Members in a lex range (meaningful when all scores are equal). */
  rangeByLex(r: LexRange, reverse: boolean, offset: number, limit: number, outM: string[], outS: number[]): void {
    if (lexRangeEmpty(r)) return;
    if (this.lm !== null) {
      const lm = this.lm;
      const ls = this.ls!;
      // A linear walk: with mixed scores the members are not sorted, and Redis's
      // listpack walk (zzlFirstInLexRange) stops the same way.
      if (!reverse) {
        let i = 0;
        while (i < lm.length && !lexGteMin(lm[i], r)) i++;
        for (i += offset; i < lm.length && limit !== 0; i++, limit--) {
          if (!lexLteMax(lm[i], r)) break;
          outM.push(lm[i]);
          outS.push(ls[i]);
        }
      } else {
        let i = lm.length - 1;
        while (i >= 0 && !lexLteMax(lm[i], r)) i--;
        for (i -= offset; i >= 0 && limit !== 0; i--, limit--) {
          if (!lexGteMin(lm[i], r)) break;
          outM.push(lm[i]);
          outS.push(ls[i]);
        }
      }
      return;
    }
    let n = reverse ? this.zsl!.lastInLexRange(r) : this.zsl!.firstInLexRange(r);
    while (n !== null && offset > 0) {
      n = reverse ? n.backward : n.next[0];
      offset--;
    }
    while (n !== null && limit !== 0) {
      if (reverse ? !lexGteMin(n.member, r) : !lexLteMax(n.member, r)) break;
      outM.push(n.member);
      outS.push(n.score);
      limit--;
      n = reverse ? n.backward : n.next[0];
    }
  }

  /** ZCOUNT: O(log N) on a skiplist (two rank lookups). */
  countByScore(r: ScoreRange): number {
    if (scoreRangeEmpty(r)) return 0;
    if (this.lm !== null) return Math.max(0, this.lpLastScore(r) - this.lpFirstScore(r) + 1);
    const zsl = this.zsl!;
    const first = zsl.firstInRange(r);
    if (first === null) return 0;
    const last = zsl.lastInRange(r)!;
    return zsl.rankOfNode(last) - zsl.rankOfNode(first) + 1;
  }

  /** ZLEXCOUNT. */
  countByLex(r: LexRange): number {
    if (lexRangeEmpty(r)) return 0;
    if (this.lm !== null) {
      const lm = this.lm;
      let i = 0;
      while (i < lm.length && !lexGteMin(lm[i], r)) i++;
      let n = 0;
      for (; i < lm.length && lexLteMax(lm[i], r); i++) n++;
      return n;
    }
    const zsl = this.zsl!;
    const first = zsl.firstInLexRange(r);
    if (first === null) return 0;
    const last = zsl.lastInLexRange(r)!;
    return zsl.rankOfNode(last) - zsl.rankOfNode(first) + 1;
  }

  /** Removes ranks start..end (0-based from the bottom, clamped); returns how many. */
  removeRangeByRank(start: number, end: number): number {
    if (this.lm !== null) {
      const n = end - start + 1;
      this.lm.splice(start, n);
      this.ls!.splice(start, n);
      return n;
    }
    return this.zsl!.deleteRangeByRank(start + 1, end + 1, this.dict!);
  }

  removeRangeByScore(r: ScoreRange): number {
    if (scoreRangeEmpty(r)) return 0;
    if (this.lm !== null) {
      const first = this.lpFirstScore(r);
      const n = this.lpLastScore(r) - first + 1;
      if (n <= 0) return 0;
      this.lm.splice(first, n);
      this.ls!.splice(first, n);
      return n;
    }
    return this.zsl!.deleteRangeByScore(r, this.dict!);
  }

  removeRangeByLex(r: LexRange): number {
    if (lexRangeEmpty(r)) return 0;
    if (this.lm !== null) {
      const lm = this.lm;
      let i = 0;
      while (i < lm.length && !lexGteMin(lm[i], r)) i++;
      let j = i;
      while (j < lm.length && lexLteMax(lm[j], r)) j++;
      if (j > i) {
        lm.splice(i, j - i);
        this.ls!.splice(i, j - i);
      }
      return j - i;
    }
    return this.zsl!.deleteRangeByLex(r, this.dict!);
  }

  /** Pops up to `count` lowest (or highest) members into the output arrays. */
  pop(max: boolean, count: number, outM: string[], outS: number[]): void {
    const len = this.length;
    if (count > len) count = len;
    if (count === 0) return;
    if (!max) {
      this.rangeByRank(0, count - 1, false, outM, outS);
      this.removeRangeByRank(0, count - 1);
    } else {
      this.rangeByRank(0, count - 1, true, outM, outS);
      this.removeRangeByRank(len - count, len - 1);
    }
  }

  /** Every member and score in order. */
  entries(outM: string[], outS: number[]): void {
    if (this.lm !== null) {
      for (let i = 0; i < this.lm.length; i++) outM.push(this.lm[i]), outS.push(this.ls![i]);
      return;
    }
    for (let n = this.zsl!.first; n !== null; n = n.next[0]) outM.push(n.member), outS.push(n.score);
  }

  /**
   * A uniformly random member (score in `newScore`). On a skiplist this is a
   * rank lookup, O(log N), where Redis picks a random dict entry in O(1): a JS
   * Map offers no random access, and ranks give a fair pick without a side index.
   */
  randomMember(): string {
    const i = Math.floor(Math.random() * this.length);
    if (this.lm !== null) {
      this.newScore = this.ls![i];
      return this.lm[i];
    }
    const n = this.nodeAt(i);
    this.newScore = n.score;
    return n.member;
  }

  /**
   * `count` distinct random members (count < length), in no particular order.
   * Few picks: random indexes until enough distinct ones; many: a partial shuffle.
   */
  randomDistinct(count: number, outM: string[], outS: number[]): void {
    const len = this.length;
    if (count * 3 > len) {
      const idx: number[] = new Array<number>(len);
      for (let i = 0; i < len; i++) idx[i] = i;
      for (let i = 0; i < count; i++) {
        const j = i + Math.floor(Math.random() * (len - i));
        const t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
      }
      if (this.lm !== null) {
        for (let i = 0; i < count; i++) outM.push(this.lm[idx[i]]), outS.push(this.ls![idx[i]]);
      } else {
        const chosen = new Uint8Array(len);
        for (let i = 0; i < count; i++) chosen[idx[i]] = 1;
        let k = 0;
        for (let n = this.zsl!.first; n !== null; n = n.next[0], k++) if (chosen[k]) outM.push(n.member), outS.push(n.score);
      }
      return;
    }
    const seen = new Set<number>();
    while (seen.size < count) {
      const i = Math.floor(Math.random() * len);
      if (seen.has(i)) continue;
      seen.add(i);
      if (this.lm !== null) outM.push(this.lm[i]), outS.push(this.ls![i]);
      else {
        const n = this.nodeAt(i);
        outM.push(n.member);
        outS.push(n.score);
      }
    }
  }

  /** The member → score Dict of a skiplist (SCAN walks it), null for a listpack. */
  scanDict(): Dict<number> | null {
    return this.dict;
  }

  /**
   * Builds a set from unsorted pairs (store results): a listpack when it fits,
   * else a skiplist.
   */
  static fromPairs(members: string[], scores: number[], maxLen: number, lim: EncodingLimits): ZSet {
    const z = new ZSet();
    const n = members.length;
    if (n <= lim.zsetMaxListpackEntries && maxLen <= lim.zsetMaxListpackValue) {
      const order: number[] = new Array<number>(n);
      for (let i = 0; i < n; i++) order[i] = i;
      order.sort((a, b) => zcmp(scores[a], members[a], scores[b], members[b]));
      z.lm = new Array<string>(n);
      z.ls = new Array<number>(n);
      for (let i = 0; i < n; i++) {
        z.lm[i] = members[order[i]];
        z.ls[i] = lpScore(scores[order[i]]);
      }
      return z;
    }
    z.lm = z.ls = null;
    z.zsl = new SkipList();
    z.dict = new Dict<number>();
    for (let i = 0; i < n; i++) {
      z.zsl.insert(scores[i], members[i]);
      z.dict.set(members[i], scores[i]);
    }
    return z;
  }
}

/** Sorts parallel member/score arrays in place into (score, member) order. */
export function sortPairs(ms: string[], ss: number[]): void {
  const n = ms.length;
  const order: number[] = new Array<number>(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => zcmp(ss[a], ms[a], ss[b], ms[b]));
  const m2 = ms.slice();
  const s2 = ss.slice();
  for (let i = 0; i < n; i++) {
    ms[i] = m2[order[i]];
    ss[i] = s2[order[i]];
  }
}

export function isZSet(v: unknown): v is ZSet {
  return v instanceof ZSet;
}
