import { describe, expect, it } from 'vitest';
import { Dict } from '../../src/data/dict.js';
import { ScanRegistry } from '../../src/data/scan.js';
import { Keyspace } from '../../src/data/keyspace.js';
import { SegSet } from '../../src/data/set.js';

/** A full iteration: returns every key returned (with repeats) and the number of steps. */
function walk(reg: ScanRegistry, dict: Dict<unknown>, count: number, between?: (step: number) => void): { keys: string[]; steps: number } {
  const keys: string[] = [];
  let cursor = '0';
  let steps = 0;
  do {
    cursor = reg.step(dict, cursor, count, keys, 0);
    steps++;
    between?.(steps);
    if (steps > 100_000) throw new Error('scan does not terminate');
  } while (cursor !== '0');
  return { keys, steps };
}

/** A tiny deterministic PRNG so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('ScanRegistry', () => {
  it('returns every key exactly once on a quiet dict, and cursor 0 only at the end', () => {
    const d = new Dict<number>();
    for (let i = 0; i < 1000; i++) d.set(`k${i}`, i);
    const reg = new ScanRegistry();
    const out: string[] = [];
    const c1 = reg.step(d, '0', 10, out, 0);
    expect(c1).not.toBe('0');
    expect(out.length).toBe(10);
    const { keys, steps } = walk(reg, d, 10);
    expect(keys.length).toBe(1000);
    expect(new Set(keys).size).toBe(1000);
    // 100 steps of 10: the step that takes the last keys already answers 0.
    expect(steps).toBe(100);
    expect(reg.size).toBe(1); // only the abandoned first walk is still registered
  });

  it('an empty dict and a COUNT larger than the dict finish in one step', () => {
    const reg = new ScanRegistry();
    const d = new Dict<number>();
    expect(walk(reg, d, 10)).toEqual({ keys: [], steps: 1 });
    d.set('a', 1);
    d.set('b', 2);
    expect(walk(reg, d, 2).steps).toBe(1);
    expect(walk(reg, d, 1).steps).toBe(2);
  });

  it('keeps the guarantee while keys are added and deleted (several segments)', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const rand = rng(seed);
      const d = new Dict<number>(64); // small segments: the walk crosses many Maps
      for (let i = 0; i < 2000; i++) d.set(`k${i}`, i);
      const original = [...d.keys()];
      const deleted = new Set<string>();
      let next = 2000;
      const reg = new ScanRegistry();
      const { keys } = walk(reg, d, 1 + Math.floor(rand() * 20), () => {
        // Churn: delete a few random originals (some re-added later), add new keys.
        for (let j = 0; j < 5; j++) {
          const k = original[Math.floor(rand() * original.length)];
          if (d.delete(k)) deleted.add(k);
          if (rand() < 0.3) {
            d.set(k, -1); // re-added: no longer "present throughout"
          }
        }
        for (let j = 0; j < 3; j++) d.set(`n${next++}`, next);
      });
      const seen = new Set(keys);
      for (const k of original) {
        if (!deleted.has(k)) expect(seen.has(k), `seed ${seed}: ${k} missed`).toBe(true);
      }
    }
  });

  it('skips a read-ahead key deleted between steps', () => {
    const d = new Dict<number>();
    for (let i = 0; i < 4; i++) d.set(`k${i}`, i);
    const reg = new ScanRegistry();
    const out: string[] = [];
    const c = reg.step(d, '0', 2, out, 0); // k0 k1, k2 read ahead
    d.delete('k2');
    expect(reg.step(d, c, 10, out, 0)).toBe('0');
    expect(out).toEqual(['k0', 'k1', 'k3']);
  });

  it('an unknown or stale cursor restarts the walk (duplicates, nothing missed)', () => {
    const d = new Dict<number>();
    for (let i = 0; i < 30; i++) d.set(`k${i}`, i);
    const reg = new ScanRegistry();
    const out: string[] = [];
    const c1 = reg.step(d, '0', 10, out, 0);
    const c2 = reg.step(d, c1, 10, out, 0);
    // Replaying c1 (already advanced) restarts from the beginning.
    const again: string[] = [];
    let cur = reg.step(d, c1, 10, again, 0);
    expect(again).toEqual(out.slice(0, 10));
    while (cur !== '0') cur = reg.step(d, cur, 10, again, 0);
    expect(new Set(again).size).toBe(30);
    // A never-issued cursor behaves the same.
    const other: string[] = [];
    cur = '123456789';
    do cur = reg.step(d, cur, 7, other, 0);
    while (cur !== '0');
    expect(new Set(other).size).toBe(30);
    // c2 still continues where it was.
    const rest: string[] = [];
    cur = c2;
    do cur = reg.step(d, cur, 100, rest, 0);
    while (cur !== '0');
    expect(rest).toEqual([...d.keys()].slice(20));
  });

  it('a cursor issued for another dict restarts on the dict asked about', () => {
    const a = new Dict<number>();
    const b = new Dict<number>();
    for (let i = 0; i < 10; i++) a.set(`a${i}`, i);
    for (let i = 0; i < 10; i++) b.set(`b${i}`, i);
    const reg = new ScanRegistry();
    const out: string[] = [];
    const c = reg.step(a, '0', 5, out, 0);
    const onB: string[] = [];
    let cur = reg.step(b, c, 5, onB, 0);
    while (cur !== '0') cur = reg.step(b, cur, 5, onB, 0);
    expect(onB.sort()).toEqual([...b.keys()].sort());
  });

  it('is bounded: least recently used iterations are evicted first', () => {
    const d = new Dict<number>();
    for (let i = 0; i < 100; i++) d.set(`k${i}`, i);
    const reg = new ScanRegistry(3, 1000);
    const cursors = [0, 1, 2, 3].map(() => reg.step(d, '0', 1, [], 0));
    expect(reg.size).toBe(3);
    // The first cursor was evicted: it restarts (returns k0 again).
    const out: string[] = [];
    reg.step(d, cursors[0], 1, out, 0);
    expect(out).toEqual(['k0']);
    // The last one continues with its second key.
    const out2: string[] = [];
    reg.step(d, cursors[3], 1, out2, 0);
    expect(out2).toEqual(['k1']);
  });

  it('drops idle iterations and those of a flushed dict', () => {
    const d = new Dict<number>();
    for (let i = 0; i < 100; i++) d.set(`k${i}`, i);
    const reg = new ScanRegistry(100, 1000);
    reg.step(d, '0', 1, [], 0);
    reg.step(d, '0', 1, [], 500);
    expect(reg.size).toBe(2);
    reg.evictIdle(1200);
    expect(reg.size).toBe(1);
    reg.forget(d);
    expect(reg.size).toBe(0);
  });

  it('FLUSHDB (Database.clear) forgets the iterations over that database', () => {
    const ks = new Keyspace(2);
    const db = ks.dbs[0];
    for (let i = 0; i < 100; i++) db.set(`k${i}`, i);
    ks.scans.step(db.dict, '0', 10, [], 0);
    ks.scans.step(ks.dbs[1].dict, '0', 10, [], 0);
    expect(ks.scans.size).toBe(1); // db 1 is empty: finished in one step
    db.clear();
    expect(ks.scans.size).toBe(0);
  });

  it('survives the segment it is walking being emptied and removed', () => {
    const d = new Dict<number>(10);
    for (let i = 0; i < 30; i++) d.set(`k${i}`, i); // three segments
    const reg = new ScanRegistry();
    const out: string[] = [];
    const c = reg.step(d, '0', 12, out, 0); // into the second segment
    for (let i = 10; i < 20; i++) d.delete(`k${i}`); // second segment removed
    expect(d.segments().length).toBe(2);
    let cur = c;
    while (cur !== '0') cur = reg.step(d, cur, 5, out, 0);
    for (let i = 20; i < 30; i++) expect(out).toContain(`k${i}`);
    for (let i = 0; i < 10; i++) expect(out).toContain(`k${i}`);
  });
});

describe('access tracking (OBJECT IDLETIME / FREQ data)', () => {
  it('tracks nothing until asked, then reads and writes; NoTouch lookups never', () => {
    let now = 1_700_000_000_000;
    const ks = new Keyspace(1, undefined, () => now);
    ks.tick();
    const db = ks.dbs[0];
    db.set('k', 'v');
    expect(db.access.size).toBe(0);
    now += 10_000;
    ks.tick();
    // The first question turns tracking on; an unseen key counts as idle since then.
    expect(db.idleMs('k')).toBe(0);
    expect(ks.trackAccess).toBe(true);
    db.set('k', 'v');
    now += 10_000;
    ks.tick();
    expect(db.idleMs('k')).toBe(10_000);
    db.getNoTouch('k');
    db.lookupReadNoTouch('k');
    expect(db.idleMs('k')).toBe(10_000);
    db.get('k');
    expect(db.idleMs('k')).toBe(0);
    now += 3_000;
    ks.tick();
    db.touch('k');
    expect(db.idleMs('k')).toBe(0);
    db.setIdle('k', 42);
    expect(db.idleMs('k')).toBe(42_000);
  });

  it('LFU counter: starts at 5, grows with reads, decays with time', () => {
    let now = 1_700_000_000_000;
    const ks = new Keyspace(1, undefined, () => now);
    ks.lfu = true;
    ks.trackAccess = true;
    ks.lfuLogFactor = 0; // every read counts
    ks.tick();
    const db = ks.dbs[0];
    db.set('k', 'v');
    expect(db.lfuFreq('k')).toBe(5);
    for (let i = 0; i < 10; i++) db.get('k');
    expect(db.lfuFreq('k')).toBe(15);
    db.set('k', 'w'); // an overwrite keeps the counter (and its lookup counts as an access)
    expect(db.lfuFreq('k')).toBe(16);
    now += 3 * 60_000; // three decay periods of one minute
    ks.tick();
    expect(db.lfuFreq('k')).toBe(13);
    db.setFreq('k', 200);
    expect(db.lfuFreq('k')).toBe(200);
  });

  it('RENAME-style moves and deletes drop the access word with the key', () => {
    const ks = new Keyspace(1);
    ks.trackAccess = true;
    ks.tick();
    const db = ks.dbs[0];
    db.set('a', 1);
    expect(db.access.get('a')).toBeDefined();
    db.delete('a');
    expect(db.access.get('a')).toBeUndefined();
  });
});

describe('exact expiry past 2^53 ms', () => {
  it('keeps the exact deadline and reports TTLs exactly', () => {
    const ks = new Keyspace(1, undefined, () => 1_000_000);
    ks.tick();
    const db = ks.dbs[0];
    db.set('k', 'v');
    db.setExpireExact('k', 9223372036854775807n);
    expect(db.getExpireExact('k')).toBe(9223372036854775807n);
    expect(db.ttl('k', true, true)).toBe(9223372036854775807n);
    expect(db.ttl('k', true, false)).toBe(9223372036854775807n - 1_000_000n);
    db.setExpire('k', 5_000_000);
    expect(db.getExpireExact('k')).toBe(5_000_000);
    expect(db.ttl('k', false, false)).toBe(4000);
    expect(db.ttl('k', false, true)).toBe(5000);
    db.persist('k');
    expect(db.ttl('k', true, false)).toBe(-1);
    expect(db.ttl('nokey', true, false)).toBe(-2);
  });
});

describe('SCAN under churn (fences)', () => {
  it('finishes although more keys are replaced per call than COUNT, and misses no stable key', () => {
    const dict = new Dict<number>();
    for (let i = 0; i < 1000; i++) dict.set(`stable${i}`, i);
    for (let i = 0; i < 1000; i++) dict.set(`churn${i}`, i);
    const reg = new ScanRegistry();
    const seen = new Set<string>();
    let cursor = '0';
    let next = 1000;
    let oldest = 0;
    let calls = 0;
    do {
      const out: string[] = [];
      cursor = reg.step(dict, cursor, 10, out, 0);
      for (const k of out) seen.add(k);
      // 50 replacements per call: five times COUNT, the size stays the same.
      for (let j = 0; j < 50; j++) {
        dict.delete(`churn${oldest++}`);
        dict.set(`churn${next++}`, 0);
      }
      calls++;
    } while (cursor !== '0' && calls < 10_000);
    expect(cursor).toBe('0');
    expect(calls).toBeLessThan(400);
    for (let i = 0; i < 1000; i++) expect(seen.has(`stable${i}`)).toBe(true);
    // Nothing left behind by the finished walk.
    expect((dict as unknown as { fences: unknown }).fences).toBeNull();
  });
});

describe('SSCAN under churn (fences on SegSet)', () => {
  it('finishes and misses no stable member while members are replaced faster than COUNT', () => {
    const set = new SegSet();
    for (let i = 0; i < 500; i++) set.add(`stable${i}`);
    for (let i = 0; i < 500; i++) set.add(`churn${i}`);
    const reg = new ScanRegistry();
    const seen = new Set<string>();
    let cursor = '0';
    let next = 500;
    let oldest = 0;
    let calls = 0;
    do {
      const out: string[] = [];
      cursor = reg.step(set, cursor, 10, out, 0);
      for (const m of out) seen.add(m);
      for (let j = 0; j < 40; j++) {
        set.delete(`churn${oldest++}`);
        set.add(`churn${next++}`);
      }
      calls++;
    } while (cursor !== '0' && calls < 10_000);
    expect(cursor).toBe('0');
    expect(calls).toBeLessThan(200);
    for (let i = 0; i < 500; i++) expect(seen.has(`stable${i}`)).toBe(true);
  });
});
