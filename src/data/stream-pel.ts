// IdMap: a sorted map from stream IDs (128-bit bigints) to values, used for
// consumer-group PELs (the group's and each consumer's). Redis keeps these in
// radix trees; Petrel keeps sorted chunks of at most CHUNK keys: lookups,
// inserts and deletes cost O(log n) to find the chunk plus O(CHUNK) inside it,
// and ordered walks are sequential. Appending in ID order — what XREADGROUP
// does — is the cheap common case.

const CHUNK = 128;

export class IdMap<V> {
  private keys: bigint[][] = [];
  private vals: V[][] = [];
  size = 0;

  /** Index of the first chunk whose last key is >= k (keys.length when none). */
  private chunkAtOrAfter(k: bigint): number {
    const keys = this.keys;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const ks = keys[mid];
      if (ks[ks.length - 1] < k) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private static indexAtOrAfter(ks: bigint[], k: bigint): number {
    let lo = 0;
    let hi = ks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ks[mid] < k) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  get(k: bigint): V | undefined {
    const ci = this.chunkAtOrAfter(k);
    if (ci === this.keys.length) return undefined;
    const ks = this.keys[ci];
    const i = IdMap.indexAtOrAfter(ks, k);
    return ks[i] === k ? this.vals[ci][i] : undefined;
  }

  has(k: bigint): boolean {
    return this.get(k) !== undefined;
  }

  /** Inserts or replaces; returns true when the key is new. */
  set(k: bigint, v: V): boolean {
    const keys = this.keys;
    if (keys.length === 0) {
      keys.push([k]);
      this.vals.push([v]);
      this.size = 1;
      return true;
    }
    let ci = this.chunkAtOrAfter(k);
    if (ci === keys.length) {
      // Past every key: append to the last chunk (the XREADGROUP path).
      ci--;
      const ks = keys[ci];
      if (ks.length >= CHUNK) {
        keys.push([k]);
        this.vals.push([v]);
      } else {
        ks.push(k);
        this.vals[ci].push(v);
      }
      this.size++;
      return true;
    }
    const ks = keys[ci];
    const vs = this.vals[ci];
    const i = IdMap.indexAtOrAfter(ks, k);
    if (ks[i] === k) {
      vs[i] = v;
      return false;
    }
    ks.splice(i, 0, k);
    vs.splice(i, 0, v);
    this.size++;
    if (ks.length > CHUNK * 2) {
      // Split a chunk that grew by inserts in the middle.
      const half = ks.length >> 1;
      keys.splice(ci + 1, 0, ks.splice(half));
      this.vals.splice(ci + 1, 0, vs.splice(half));
    }
    return true;
  }

  /** Removes a key; returns its value, or undefined when absent. */
  delete(k: bigint): V | undefined {
    const ci = this.chunkAtOrAfter(k);
    if (ci === this.keys.length) return undefined;
    const ks = this.keys[ci];
    const i = IdMap.indexAtOrAfter(ks, k);
    if (ks[i] !== k) return undefined;
    const vs = this.vals[ci];
    const v = vs[i];
    if (ks.length === 1) {
      this.keys.splice(ci, 1);
      this.vals.splice(ci, 1);
    } else if (i === 0) {
      ks.shift();
      vs.shift();
    } else {
      ks.splice(i, 1);
      vs.splice(i, 1);
    }
    this.size--;
    return v;
  }

  firstKey(): bigint | undefined {
    return this.keys.length === 0 ? undefined : this.keys[0][0];
  }

  lastKey(): bigint | undefined {
    const n = this.keys.length;
    if (n === 0) return undefined;
    const ks = this.keys[n - 1];
    return ks[ks.length - 1];
  }

  /** The smallest key >= k, or undefined. */
  ceilingKey(k: bigint): bigint | undefined {
    const ci = this.chunkAtOrAfter(k);
    if (ci === this.keys.length) return undefined;
    const ks = this.keys[ci];
    return ks[IdMap.indexAtOrAfter(ks, k)];
  }

  /** Calls fn for each entry in key order until it returns false. Do not modify the map meanwhile. */
  forEach(fn: (k: bigint, v: V) => boolean | void): void {
    const keys = this.keys;
    const vals = this.vals;
    for (let c = 0; c < keys.length; c++) {
      const ks = keys[c];
      const vs = vals[c];
      for (let i = 0; i < ks.length; i++) if (fn(ks[i], vs[i]) === false) return;
    }
  }

  /** Every key in order (a copy). */
  keyList(): bigint[] {
    const out: bigint[] = [];
    for (const ks of this.keys) for (const k of ks) out.push(k);
    return out;
  }

  clear(): void {
    this.keys = [];
    this.vals = [];
    this.size = 0;
  }
}
