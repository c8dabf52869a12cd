// Scan fences, shared by the segmented Dict (keyspace, hashes, sorted sets)
// and SegSet (sets). A running SCAN-family walk gets a fence: the first
// FENCE_KEYS keys inserted after it began. Iteration order is insertion order,
// so those come after every key that was there when the walk began: a walk
// that reaches one has seen everything it must return and can stop, even
// while keys are replaced faster than COUNT per call. A fenced key that is
// deleted leaves its fence, which then takes the next new key.

/** How many of the first keys inserted after a walk began its fence remembers. */
export const FENCE_KEYS = 16;

export class Fences {
  /** Fences still taking keys. */
  private readonly filling = new Set<Set<string>>();
  /** Fenced key → the fences holding it, so a delete can take it out. */
  private readonly fenceOf = new Map<string, Set<Set<string>>>();

  /** True while any fence exists (the owner drops this object when false). */
  get empty(): boolean {
    return this.filling.size === 0 && this.fenceOf.size === 0;
  }

  add(): Set<string> {
    const fence = new Set<string>();
    this.filling.add(fence);
    return fence;
  }

  remove(fence: Set<string>): void {
    this.filling.delete(fence);
    for (const key of fence) {
      const fs = this.fenceOf.get(key);
      if (fs === undefined) continue;
      fs.delete(fence);
      if (fs.size === 0) this.fenceOf.delete(key);
    }
    fence.clear();
  }

  /** A key not present before was inserted. */
  inserted(key: string): void {
    for (const f of this.filling) {
      f.add(key);
      let fs = this.fenceOf.get(key);
      if (fs === undefined) {
        fs = new Set();
        this.fenceOf.set(key, fs);
      }
      fs.add(f);
      if (f.size >= FENCE_KEYS) this.filling.delete(f);
    }
  }

  /** A key was deleted. */
  deleted(key: string): void {
    const fs = this.fenceOf.get(key);
    if (fs === undefined) return;
    this.fenceOf.delete(key);
    for (const f of fs) {
      f.delete(key);
      this.filling.add(f);
    }
  }
}
