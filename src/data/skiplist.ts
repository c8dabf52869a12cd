// The skiplist behind big sorted sets (OBJECT ENCODING `skiplist`).
//
// Written by hand rather than taken from npm: a sorted set needs Redis's exact
// order (score, then member bytes, ties impossible since members are unique),
// duplicate scores, a backward link for reverse walks, and a *span* on every
// forward link so that ranks (ZRANK, ZRANGE by index, ZREMRANGEBYRANK) cost
// O(log n). No package offers that combination. Like Redis: level probability
// 1/4, at most 32 levels, back links only at level 0.
//
// Members are latin1 JS strings (one char per byte), so JS `<` on them orders
// exactly as memcmp of the bytes (then shorter first), which is Redis's order.

export const MAX_LEVEL = 32;
const P = 0.25;

export class ZNode {
  /** Forward link per level. */
  readonly next: (ZNode | null)[];
  /** Number of level-0 steps each forward link jumps over. */
  readonly span: number[];
  backward: ZNode | null = null;

  constructor(
    public member: string,
    public score: number,
    level: number,
  ) {
    this.next = new Array<ZNode | null>(level).fill(null);
    this.span = new Array<number>(level).fill(0);
  }
}

/** A score interval; `minex`/`maxex` make the bound exclusive. */
export interface ScoreRange {
  min: number;
  max: number;
  minex: boolean;
  maxex: boolean;
}

/**
 * A member interval for the BYLEX commands. `minInf`/`maxInf`: -1 for `-`
 * (below everything), 1 for `+` (above everything), 0 for a real bound.
 */
export interface LexRange {
  min: string;
  max: string;
  minex: boolean;
  maxex: boolean;
  minInf: number;
  maxInf: number;
}

export function scoreGteMin(v: number, r: ScoreRange): boolean {
  return r.minex ? v > r.min : v >= r.min;
}

export function scoreLteMax(v: number, r: ScoreRange): boolean {
  return r.maxex ? v < r.max : v <= r.max;
}

/** True when no score can be in the range. */
export function scoreRangeEmpty(r: ScoreRange): boolean {
  return r.min > r.max || (r.min === r.max && (r.minex || r.maxex));
}

export function lexGteMin(v: string, r: LexRange): boolean {
  if (r.minInf !== 0) return r.minInf < 0;
  return r.minex ? v > r.min : v >= r.min;
}

export function lexLteMax(v: string, r: LexRange): boolean {
  if (r.maxInf !== 0) return r.maxInf > 0;
  return r.maxex ? v < r.max : v <= r.max;
}

/** True when no member can be in the range. */
export function lexRangeEmpty(r: LexRange): boolean {
  let cmp: number;
  if (r.minInf !== 0 || r.maxInf !== 0) {
    // `-` is below and `+` above every string; two equal sentinels compare equal.
    const a = r.minInf;
    const b = r.maxInf;
    if (a === b) cmp = 0;
    else if (a !== 0 && b !== 0) cmp = a < b ? -1 : 1;
    else if (a !== 0) cmp = a;
    else cmp = -b;
  } else cmp = r.min < r.max ? -1 : r.min > r.max ? 1 : 0;
  return cmp > 0 || (cmp === 0 && (r.minex || r.maxex));
}

function randomLevel(): number {
  let level = 1;
  while (level < MAX_LEVEL && Math.random() < P) level++;
  return level;
}

/** Anything with a delete(member): the member → score index kept beside the list. */
interface MemberIndex {
  delete(member: string): boolean;
}

export class SkipList {
  readonly header = new ZNode('', 0, MAX_LEVEL);
  tail: ZNode | null = null;
  length = 0;
  level = 1;
  /** Scratch arrays reused by every update (one command runs at a time). */
  private static readonly update: ZNode[] = new Array<ZNode>(MAX_LEVEL);
  private static readonly rank: number[] = new Array<number>(MAX_LEVEL).fill(0);

  /** First node (lowest), or null when empty. */
  get first(): ZNode | null {
    return this.header.next[0];
  }

  /** Inserts a member known to be absent. */
  insert(score: number, member: string): ZNode {
    const update = SkipList.update;
    const rank = SkipList.rank;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      rank[i] = i === this.level - 1 ? 0 : rank[i + 1];
      for (;;) {
        const f = x.next[i];
        if (f === null || !(f.score < score || (f.score === score && f.member < member))) break;
        rank[i] += x.span[i];
        x = f;
      }
      update[i] = x;
    }
    const level = randomLevel();
    if (level > this.level) {
      for (let i = this.level; i < level; i++) {
        rank[i] = 0;
        update[i] = this.header;
        this.header.span[i] = this.length;
      }
      this.level = level;
    }
    const n = new ZNode(member, score, level);
    for (let i = 0; i < level; i++) {
      const u = update[i];
      n.next[i] = u.next[i];
      u.next[i] = n;
      n.span[i] = u.span[i] - (rank[0] - rank[i]);
      u.span[i] = rank[0] - rank[i] + 1;
    }
    for (let i = level; i < this.level; i++) update[i].span[i]++;
    n.backward = update[0] === this.header ? null : update[0];
    const after = n.next[0];
    if (after !== null) after.backward = n;
    else this.tail = n;
    this.length++;
    return n;
  }

  private unlink(x: ZNode, update: ZNode[]): void {
    for (let i = 0; i < this.level; i++) {
      const u = update[i];
      if (u.next[i] === x) {
        u.span[i] += x.span[i] - 1;
        u.next[i] = x.next[i];
      } else {
        u.span[i] -= 1;
      }
    }
    const after = x.next[0];
    if (after !== null) after.backward = x.backward;
    else this.tail = x.backward;
    while (this.level > 1 && this.header.next[this.level - 1] === null) this.level--;
    this.length--;
  }

  /** Finds the update path to (score, member); returns the node there if it matches. */
  private locate(score: number, member: string): ZNode | null {
    const update = SkipList.update;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const f = x.next[i];
        if (f === null || !(f.score < score || (f.score === score && f.member < member))) break;
        x = f;
      }
      update[i] = x;
    }
    const n = x.next[0];
    return n !== null && n.score === score && n.member === member ? n : null;
  }

  /** Removes (score, member); false when it is not there. */
  delete(score: number, member: string): boolean {
    const n = this.locate(score, member);
    if (n === null) return false;
    this.unlink(n, SkipList.update);
    return true;
  }

  /**
   * Changes a member's score. When the node keeps its place (its neighbours
   * still bracket the new score) it is updated in place, as Redis does;
   * otherwise it is removed and inserted again.
   */
  updateScore(curScore: number, member: string, newScore: number): ZNode {
    const n = this.locate(curScore, member);
    if (n === null) throw new Error('skiplist: updated member is missing');
    const back = n.backward;
    const fwd = n.next[0];
    if (
      (back === null || back.score < newScore || (back.score === newScore && back.member < member)) &&
      (fwd === null || fwd.score > newScore || (fwd.score === newScore && fwd.member > member))
    ) {
      n.score = newScore;
      return n;
    }
    this.unlink(n, SkipList.update);
    return this.insert(newScore, member);
  }

  /** 1-based rank of (score, member), 0 when absent. */
  rankOf(score: number, member: string): number {
    let rank = 0;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const f = x.next[i];
        if (f === null || !(f.score < score || (f.score === score && f.member <= member))) break;
        rank += x.span[i];
        x = f;
      }
      if (x !== this.header && x.member === member) return rank;
    }
    return 0;
  }

  /** The node at a 1-based rank, or null. */
  byRank(rank: number): ZNode | null {
    let traversed = 0;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const f = x.next[i];
        if (f === null || traversed + x.span[i] > rank) break;
        traversed += x.span[i];
        x = f;
      }
      if (traversed === rank) return x === this.header ? null : x;
    }
    return null;
  }

  /** First node with a score in range, or null. */
  firstInRange(r: ScoreRange): ZNode | null {
    if (scoreRangeEmpty(r) || this.tail === null || !scoreGteMin(this.tail.score, r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const f = x.next[i];
        if (f === null || scoreGteMin(f.score, r)) break;
        x = f;
      }
    }
    const n = x.next[0];
    return n !== null && scoreLteMax(n.score, r) ? n : null;
  }

  /** Last node with a score in range, or null. */
  lastInRange(r: ScoreRange): ZNode | null {
    const first = this.first;
    if (scoreRangeEmpty(r) || first === null || !scoreLteMax(first.score, r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const f = x.next[i];
        if (f === null || !scoreLteMax(f.score, r)) break;
        x = f;
      }
    }
    return x !== this.header && scoreGteMin(x.score, r) ? x : null;
  }

  firstInLexRange(r: LexRange): ZNode | null {
    if (lexRangeEmpty(r) || this.tail === null || !lexGteMin(this.tail.member, r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const f = x.next[i];
        if (f === null || lexGteMin(f.member, r)) break;
        x = f;
      }
    }
    const n = x.next[0];
    return n !== null && lexLteMax(n.member, r) ? n : null;
  }

  lastInLexRange(r: LexRange): ZNode | null {
    const first = this.first;
    if (lexRangeEmpty(r) || first === null || !lexLteMax(first.member, r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const f = x.next[i];
        if (f === null || !lexLteMax(f.member, r)) break;
        x = f;
      }
    }
    return x !== this.header && lexGteMin(x.member, r) ? x : null;
  }

  /** 1-based rank of a node known to be in the list (O(log n)). */
  rankOfNode(n: ZNode): number {
    return this.rankOf(n.score, n.member);
  }

  /** Removes every node with a score in range (also from `index`); returns how many. */
  deleteRangeByScore(r: ScoreRange, index: MemberIndex): number {
    const update = SkipList.update;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const f = x.next[i];
        if (f === null || scoreGteMin(f.score, r)) break;
        x = f;
      }
      update[i] = x;
    }
    let n = x.next[0];
    let removed = 0;
    while (n !== null && scoreLteMax(n.score, r)) {
      const next = n.next[0];
      this.unlink(n, update);
      index.delete(n.member);
      removed++;
      n = next;
    }
    return removed;
  }

  deleteRangeByLex(r: LexRange, index: MemberIndex): number {
    const update = SkipList.update;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const f = x.next[i];
        if (f === null || lexGteMin(f.member, r)) break;
        x = f;
      }
      update[i] = x;
    }
    let n = x.next[0];
    let removed = 0;
    while (n !== null && lexLteMax(n.member, r)) {
      const next = n.next[0];
      this.unlink(n, update);
      index.delete(n.member);
      removed++;
      n = next;
    }
    return removed;
  }

  /** Removes ranks start..end (1-based, inclusive); returns how many. */
  deleteRangeByRank(start: number, end: number, index: MemberIndex): number {
    const update = SkipList.update;
    let traversed = 0;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const f = x.next[i];
        if (f === null || traversed + x.span[i] >= start) break;
        traversed += x.span[i];
        x = f;
      }
      update[i] = x;
    }
    traversed++;
    let n = x.next[0];
    let removed = 0;
    while (n !== null && traversed <= end) {
      const next = n.next[0];
      this.unlink(n, update);
      index.delete(n.member);
      removed++;
      traversed++;
      n = next;
    }
    return removed;
  }

  /** Checks every link and span (tests). Throws on the first inconsistency. */
  verify(): void {
    const order: ZNode[] = [];
    for (let n = this.first; n !== null; n = n.next[0]) order.push(n);
    if (order.length !== this.length) throw new Error(`length ${this.length} but ${order.length} nodes`);
    const pos = new Map<ZNode, number>();
    order.forEach((n, i) => pos.set(n, i + 1));
    for (let i = 0; i < order.length; i++) {
      const n = order[i];
      if (n.backward !== (i === 0 ? null : order[i - 1])) throw new Error('bad backward link');
      if (i > 0) {
        const p = order[i - 1];
        if (!(p.score < n.score || (p.score === n.score && p.member < n.member))) throw new Error('out of order');
      }
    }
    if (this.tail !== (order.length ? order[order.length - 1] : null)) throw new Error('bad tail');
    const check = (x: ZNode, from: number): void => {
      for (let l = 0; l < x.next.length; l++) {
        if (x === this.header && l >= this.level) break;
        const f = x.next[l];
        if (f === null) continue;
        if (pos.get(f)! - from !== x.span[l]) throw new Error(`bad span at level ${l}`);
      }
    };
    check(this.header, 0);
    for (const n of order) check(n, pos.get(n)!);
    for (let l = this.level; l < MAX_LEVEL; l++) if (this.header.next[l] !== null) throw new Error('level too low');
  }
}
