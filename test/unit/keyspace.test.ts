import { describe, expect, it } from 'vitest';
import { Dict } from '../../src/data/dict.js';
import { Keyspace } from '../../src/data/keyspace.js';

describe('Dict segmentation (more keys than one V8 Map holds)', () => {
  it('spreads keys over segments and behaves like one map', () => {
    const d = new Dict<number>(100); // 100 per segment stands in for V8's 2^24 limit
    for (let i = 0; i < 1000; i++) d.set(`k${i}`, i);
    expect(d.size).toBe(1000);
    expect(d.segments().length).toBe(10);
    expect(d.get('k0')).toBe(0);
    expect(d.get('k999')).toBe(999);
    d.set('k5', 55); // update in place, no duplicate
    expect(d.size).toBe(1000);
    expect(d.get('k5')).toBe(55);
    for (let i = 0; i < 100; i++) expect(d.delete(`k${i}`)).toBe(true);
    expect(d.delete('k0')).toBe(false);
    expect(d.size).toBe(900);
    expect(d.segments().length).toBe(9);
    expect([...d.keys()].length).toBe(900);
    d.clear();
    expect(d.size).toBe(0);
  });
});

describe('Keyspace expiry', () => {
  it('expires keys lazily at their millisecond deadline', () => {
    let now = 1_000_000;
    const ks = new Keyspace(16, undefined, () => now);
    ks.tick();
    const db = ks.dbs[0];
    db.set('a', 'x');
    db.setExpire('a', now + 100);
    now += 99;
    ks.tick();
    expect(db.get('a')).toBe('x');
    now += 1;
    ks.tick();
    expect(db.get('a')).toBeUndefined();
    expect(db.dict.size).toBe(0);
    expect(ks.stats.expiredKeys).toBe(1);
  });

  it('active cycle removes expired keys nobody reads, within its budget', () => {
    let now = 5_000_000;
    const ks = new Keyspace(2, undefined, () => now);
    ks.tick();
    const db = ks.dbs[1];
    for (let i = 0; i < 10_000; i++) {
      db.set(`k${i}`, i);
      db.setExpire(`k${i}`, now + (i % 2 === 0 ? 10 : 1_000_000));
    }
    now += 20;
    for (let i = 0; i < 200 && db.size > 5000; i++) ks.activeExpireCycle(25);
    expect(db.size).toBe(5000);
    expect(db.expires.size).toBe(5000);
  });

  it('SET without keepTtl drops the TTL; persist removes it', () => {
    const ks = new Keyspace(1);
    const db = ks.dbs[0];
    db.set('a', '1');
    db.setExpire('a', ks.now + 10_000);
    db.set('a', '2', true);
    expect(db.getExpire('a')).toBeDefined();
    db.set('a', '3');
    expect(db.getExpire('a')).toBeUndefined();
    db.setExpire('a', ks.now + 10_000);
    expect(db.persist('a')).toBe(true);
    expect(db.persist('a')).toBe(false);
  });
});
