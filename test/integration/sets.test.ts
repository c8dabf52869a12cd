// Set commands: exact reply bytes for every command, option and error, in RESP2
// and RESP3 (SMEMBERS & co. are RESP3 sets); encodings and conversions as in
// Redis 7.2 (intset / listpack / hashtable, CONFIG SET of the thresholds);
// member order where Redis's is deterministic; the dirty counter; a big
// hashtable walked by SSCAN; an ioredis pass.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { RawClient } from '../helpers/raw.js';
import { startPetrel } from '../helpers/server.js';
import type { PetrelServer } from '../../src/index.js';
import type { SetValue } from '../../src/data/set.js';

let petrel: PetrelServer;
let c: RawClient;

const WRONGTYPE = '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n';
const NOT_INT = '-ERR value is not an integer or out of range\r\n';
const NOT_POSITIVE = '-ERR value is out of range, must be positive\r\n';
const SYNTAX = '-ERR syntax error\r\n';

function bulk(s: string): string {
  return `$${s.length}\r\n${s}\r\n`;
}
/** RESP2 array of bulks. */
function arr(...items: string[]): string {
  return `*${items.length}\r\n` + items.map(bulk).join('');
}
/** RESP3 set of bulks. */
function set3(...items: string[]): string {
  return `~${items.length}\r\n` + items.map(bulk).join('');
}
function int(n: number): string {
  return `:${n}\r\n`;
}
/** Parses a flat reply of bulks (after its header) into the items. */
function items(reply: string): string[] {
  const out: string[] = [];
  let p = reply.indexOf('\r\n') + 2;
  while (p < reply.length) {
    if (reply[p] !== '$') throw new Error('not a bulk at ' + p + ': ' + JSON.stringify(reply.slice(p, p + 20)));
    const e = reply.indexOf('\r\n', p);
    const len = Number(reply.slice(p + 1, e));
    out.push(reply.slice(e + 2, e + 2 + len));
    p = e + 2 + len + 2;
  }
  return out;
}
function dirty(): number {
  return petrel.server.dirty;
}
function value(key: string): SetValue {
  return petrel.server.keyspace.dbs[0].get(key) as SetValue;
}
async function enc(key: string): Promise<string> {
  return await c.call('OBJECT', 'ENCODING', key);
}
const range = (n: number, prefix = '') => Array.from({ length: n }, (_, i) => prefix + i);

beforeAll(async () => {
  petrel = await startPetrel();
  c = await RawClient.connect(petrel.port);
});

afterAll(async () => {
  c.close();
  await petrel.close();
});

beforeEach(async () => {
  petrel.server.keyspace.flushAll();
  expect(await c.call('HELLO', '2')).toMatch(/^\*14\r\n/);
  expect(await c.call('CONFIG', 'SET', 'set-max-intset-entries', '512', 'set-max-listpack-entries', '128', 'set-max-listpack-value', '64')).toBe('+OK\r\n');
  await c.call('SET', 'str', 'x');
});

describe('SADD / SREM / SCARD / SISMEMBER / SMISMEMBER / SMEMBERS', () => {
  it('intsets come back sorted ascending, in RESP2 arrays and RESP3 sets', async () => {
    expect(await c.call('SADD', 's', '5', '-3', '10', '5', '9223372036854775807', '-9223372036854775808')).toBe(int(5));
    expect(await enc('s')).toBe(bulk('intset'));
    const sorted = ['-9223372036854775808', '-3', '5', '10', '9223372036854775807'];
    expect(await c.call('SMEMBERS', 's')).toBe(arr(...sorted));
    expect(await c.call('SCARD', 's')).toBe(int(5));
    expect(await c.call('SISMEMBER', 's', '10')).toBe(int(1));
    expect(await c.call('SISMEMBER', 's', '010')).toBe(int(0));
    expect(await c.call('SMISMEMBER', 's', '5', 'x', '-3')).toBe('*3\r\n:1\r\n:0\r\n:1\r\n');
    await c.call('HELLO', '3');
    expect(await c.call('SMEMBERS', 's')).toBe(set3(...sorted));
    expect(await c.call('SMEMBERS', 'nokey')).toBe('~0\r\n');
    expect(await c.call('SMISMEMBER', 's', '5', 'x')).toBe('*2\r\n:1\r\n:0\r\n');
    await c.call('HELLO', '2');
    expect(await c.call('SMEMBERS', 'nokey')).toBe('*0\r\n');
  });

  it('listpacks keep insertion order (7.2), binary safe', async () => {
    expect(await c.call('SADD', 'l', 'b', 'a', '\x00\xff', 'c', 'a')).toBe(int(4));
    expect(await enc('l')).toBe(bulk('listpack'));
    expect(await c.call('SMEMBERS', 'l')).toBe(arr('b', 'a', '\x00\xff', 'c'));
    expect(await c.call('SREM', 'l', 'a', 'zz')).toBe(int(1));
    expect(await c.call('SADD', 'l', 'a', '1')).toBe(int(2));
    expect(await c.call('SMEMBERS', 'l')).toBe(arr('b', '\x00\xff', 'c', 'a', '1'));
    expect(await c.call('SISMEMBER', 'l', '\x00\xff')).toBe(int(1));
  });

  it('an intset meeting a string becomes a listpack in ascending-then-insertion order', async () => {
    await c.call('SADD', 's', '3', '1', '2');
    expect(await c.call('SADD', 's', 'x', '0')).toBe(int(2));
    expect(await enc('s')).toBe(bulk('listpack'));
    expect(await c.call('SMEMBERS', 's')).toBe(arr('1', '2', '3', 'x', '0'));
  });

  it('missing keys, wrong types and arity', async () => {
    expect(await c.call('SCARD', 'nokey')).toBe(int(0));
    expect(await c.call('SISMEMBER', 'nokey', 'a')).toBe(int(0));
    expect(await c.call('SMISMEMBER', 'nokey', 'a', 'b')).toBe('*2\r\n:0\r\n:0\r\n');
    expect(await c.call('SREM', 'nokey', 'a')).toBe(int(0));
    for (const cmd of [
      ['SADD', 'str', 'a'],
      ['SREM', 'str', 'a'],
      ['SCARD', 'str'],
      ['SISMEMBER', 'str', 'a'],
      ['SMISMEMBER', 'str', 'a'],
      ['SMEMBERS', 'str'],
    ]) {
      expect(await c.call(...cmd)).toBe(WRONGTYPE);
    }
    expect(await c.call('SADD', 's')).toBe("-ERR wrong number of arguments for 'sadd' command\r\n");
    expect(await c.call('SREM', 's')).toBe("-ERR wrong number of arguments for 'srem' command\r\n");
    expect(await c.call('SMISMEMBER', 's')).toBe("-ERR wrong number of arguments for 'smismember' command\r\n");
    expect(await c.call('SISMEMBER', 's', 'a', 'b')).toBe("-ERR wrong number of arguments for 'sismember' command\r\n");
    expect(await c.call('TYPE', 's')).toBe('+none\r\n');
  });

  it('SREM deletes the key when the set empties; dirty counts members', async () => {
    await c.call('SADD', 's', 'a', 'b', 'c');
    const d0 = dirty();
    expect(await c.call('SREM', 's', 'a', 'x', 'b')).toBe(int(2));
    expect(dirty() - d0).toBe(2);
    expect(await c.call('SREM', 's', 'c', 'c')).toBe(int(1));
    expect(await c.call('EXISTS', 's')).toBe(int(0));
    const d1 = dirty();
    expect(await c.call('SADD', 't', 'a', 'b', 'a')).toBe(int(2));
    expect(await c.call('SADD', 't', 'a')).toBe(int(0));
    expect(dirty() - d1).toBe(2);
    expect(await c.call('TYPE', 't')).toBe('+set\r\n');
  });

  it('keeps the TTL on in-place changes', async () => {
    await c.call('SADD', 's', 'a');
    await c.call('EXPIRE', 's', '100');
    await c.call('SADD', 's', 'b');
    await c.call('SREM', 's', 'a');
    expect(await c.call('TTL', 's')).toBe(int(100));
  });
});

describe('encodings and conversions (Redis 7.2 rules)', () => {
  it('intset past set-max-intset-entries becomes a hashtable', async () => {
    await c.call('CONFIG', 'SET', 'set-max-intset-entries', '4');
    await c.call('SADD', 's', '1', '2', '3', '4');
    expect(await enc('s')).toBe(bulk('intset'));
    await c.call('SADD', 's', '5');
    expect(await enc('s')).toBe(bulk('hashtable'));
  });

  it('listpack past set-max-listpack-entries or -value becomes a hashtable', async () => {
    await c.call('SADD', 'a', ...range(128, 'm'));
    expect(await enc('a')).toBe(bulk('listpack'));
    await c.call('SADD', 'a', 'one-more');
    expect(await enc('a')).toBe(bulk('hashtable'));
    await c.call('SADD', 'b', 'x'.repeat(64));
    expect(await enc('b')).toBe(bulk('listpack'));
    await c.call('SADD', 'b', 'x'.repeat(65));
    expect(await enc('b')).toBe(bulk('hashtable'));
    // Removing members never converts back.
    await c.call('SREM', 'b', 'x'.repeat(65));
    expect(await enc('b')).toBe(bulk('hashtable'));
  });

  it('the argument count alone decides when SADD creates or converts (size hint)', async () => {
    // 129 arguments that are all the same string: a hashtable with one member.
    await c.call('SADD', 'h', ...Array(129).fill('a'));
    expect(await c.call('SCARD', 'h')).toBe(int(1));
    expect(await enc('h')).toBe(bulk('hashtable'));
    await c.call('SADD', 'l', 'a');
    await c.call('SADD', 'l', ...Array(129).fill('a'));
    expect(await enc('l')).toBe(bulk('hashtable'));
    await c.call('SADD', 'i', ...Array(513).fill('1'));
    expect(await enc('i')).toBe(bulk('hashtable'));
    await c.call('SADD', 'j', ...Array(512).fill('1'));
    expect(await enc('j')).toBe(bulk('intset'));
  });

  it('intset with a string: listpack only when the integers fit set-max-listpack-value', async () => {
    await c.call('CONFIG', 'SET', 'set-max-listpack-value', '3');
    await c.call('SADD', 'a', '100', 'abc');
    expect(await enc('a')).toBe(bulk('listpack'));
    await c.call('SADD', 'b', '-100', 'abc');
    expect(await enc('b')).toBe(bulk('hashtable'));
    await c.call('SADD', 'c', '1', 'abcd');
    expect(await enc('c')).toBe(bulk('hashtable'));
    await c.call('CONFIG', 'SET', 'set-max-listpack-value', '64', 'set-max-listpack-entries', '2');
    await c.call('SADD', 'd', '1', '2', 'a');
    expect(await enc('d')).toBe(bulk('hashtable'));
  });

  it('COPY keeps the encoding and copies deeply', async () => {
    for (const [k, members, e] of [
      ['i', ['1', '2'], 'intset'],
      ['l', ['a', 'b'], 'listpack'],
      ['h', range(200, 'x'), 'hashtable'],
    ] as const) {
      await c.call('SADD', k, ...members);
      expect(await c.call('COPY', k, k + 'copy')).toBe(int(1));
      expect(await enc(k + 'copy')).toBe(bulk(e));
      await c.call('SADD', k + 'copy', 'new');
      expect(await c.call('SISMEMBER', k, 'new')).toBe(int(0));
      expect(await c.call('SCARD', k + 'copy')).toBe(int(members.length + 1));
    }
  });
});

describe('SMOVE', () => {
  it('moves, creates the destination with the member-fitting encoding, deletes an emptied source', async () => {
    await c.call('SADD', 'src', '1', 'a');
    const d0 = dirty();
    expect(await c.call('SMOVE', 'src', 'd1', '1')).toBe(int(1));
    expect(dirty() - d0).toBe(2);
    expect(await enc('d1')).toBe(bulk('intset'));
    expect(await c.call('SMOVE', 'src', 'd2', 'a')).toBe(int(1));
    expect(await enc('d2')).toBe(bulk('listpack'));
    expect(await c.call('EXISTS', 'src')).toBe(int(0));
    // Already in the destination: counted once.
    await c.call('SADD', 'src', 'a', 'b');
    const d1 = dirty();
    expect(await c.call('SMOVE', 'src', 'd2', 'a')).toBe(int(1));
    expect(dirty() - d1).toBe(1);
    expect(await c.call('SMEMBERS', 'src')).toBe(arr('b'));
  });

  it('no-ops, missing keys and wrong types', async () => {
    await c.call('SADD', 's', 'a');
    expect(await c.call('SMOVE', 's', 's', 'a')).toBe(int(1));
    expect(await c.call('SMOVE', 's', 's', 'b')).toBe(int(0));
    expect(await c.call('SMOVE', 's', 'd', 'b')).toBe(int(0));
    expect(await c.call('SMOVE', 'nokey', 'str', 'a')).toBe(int(0));
    expect(await c.call('SMOVE', 's', 'str', 'a')).toBe(WRONGTYPE);
    expect(await c.call('SMOVE', 'str', 's', 'a')).toBe(WRONGTYPE);
    expect(await c.call('SMISMEMBER', 's', 'a')).toBe('*1\r\n:1\r\n');
  });
});

describe('SPOP', () => {
  it('without count: a member or nil, deleting the emptied key', async () => {
    expect(await c.call('SPOP', 'nokey')).toBe('$-1\r\n');
    await c.call('HELLO', '3');
    expect(await c.call('SPOP', 'nokey')).toBe('_\r\n');
    await c.call('HELLO', '2');
    await c.call('SADD', 's', 'a', 'b');
    const first = await c.call('SPOP', 's');
    expect([bulk('a'), bulk('b')]).toContain(first);
    expect(await c.call('SCARD', 's')).toBe(int(1));
    const d0 = dirty();
    await c.call('SPOP', 's');
    expect(dirty() - d0).toBe(1);
    expect(await c.call('EXISTS', 's')).toBe(int(0));
    expect(await c.call('SPOP', 'str')).toBe(WRONGTYPE);
    expect(await c.call('SPOP', 's', '1', '2')).toBe(SYNTAX);
  });

  it('count errors and empty replies', async () => {
    expect(await c.call('SPOP', 's', '-1')).toBe(NOT_POSITIVE);
    expect(await c.call('SPOP', 's', 'abc')).toBe(NOT_POSITIVE);
    expect(await c.call('SPOP', 'str', 'abc')).toBe(NOT_POSITIVE);
    expect(await c.call('SPOP', 'str', '1')).toBe(WRONGTYPE);
    expect(await c.call('SPOP', 'nokey', '3')).toBe('*0\r\n');
    await c.call('SADD', 's', 'a');
    expect(await c.call('SPOP', 's', '0')).toBe('*0\r\n');
    await c.call('HELLO', '3');
    expect(await c.call('SPOP', 'nokey', '3')).toBe('~0\r\n');
    expect(await c.call('SPOP', 's', '0')).toBe('~0\r\n');
  });

  it('count >= size returns the whole set (SUNION order) and deletes it', async () => {
    await c.call('SADD', 'i', '3', '1', '2');
    const d0 = dirty();
    expect(await c.call('SPOP', 'i', '10')).toBe(arr('1', '2', '3'));
    expect(dirty() - d0).toBe(3);
    expect(await c.call('EXISTS', 'i')).toBe(int(0));
    // A listpack whose integers are not sorted comes back as SUNION builds it:
    // integers sorted first while the temporary set is an intset.
    await c.call('SADD', 'l', 'z', '3', '1');
    await c.call('SREM', 'l', 'z');
    await c.call('SADD', 'l', 'b');
    expect(await c.call('SMEMBERS', 'l')).toBe(arr('3', '1', 'b'));
    await c.call('HELLO', '3');
    expect(await c.call('SPOP', 'l', '3')).toBe(set3('1', '3', 'b'));
  });

  it('count < size returns that many distinct members and removes them', async () => {
    for (const members of [range(20), range(20, 'm'), range(300, 'h'), range(300)]) {
      await c.call('DEL', 's');
      await c.call('SADD', 's', ...members);
      for (const count of [1, 3, members.length - 2]) {
        const before = items(await c.call('SMEMBERS', 's'));
        const d0 = dirty();
        const reply = await c.call('SPOP', 's', String(count));
        expect(reply.startsWith(`*${count}\r\n`)).toBe(true);
        const got = items(reply);
        expect(new Set(got).size).toBe(count);
        expect(dirty() - d0).toBe(count);
        for (const m of got) expect(before).toContain(m);
        const after = items(await c.call('SMEMBERS', 's'));
        expect(after.length).toBe(before.length - count);
        for (const m of got) expect(after).not.toContain(m);
        await c.call('SADD', 's', ...got);
      }
    }
  });

  it('popping most of a hashtable rebuilds the rest as a listpack (Redis 7.2 SPOP case 3)', async () => {
    await c.call('SADD', 's', ...range(200, 'm'));
    expect(await enc('s')).toBe(bulk('hashtable'));
    await c.call('SPOP', 's', '190');
    expect(await c.call('SCARD', 's')).toBe(int(10));
    expect(await enc('s')).toBe(bulk('listpack'));
  });
});

describe('SRANDMEMBER', () => {
  it('without count', async () => {
    expect(await c.call('SRANDMEMBER', 'nokey')).toBe('$-1\r\n');
    await c.call('SADD', 's', 'a');
    expect(await c.call('SRANDMEMBER', 's')).toBe(bulk('a'));
    expect(await c.call('SRANDMEMBER', 'str')).toBe(WRONGTYPE);
    expect(await c.call('SRANDMEMBER', 's', '1', '2')).toBe(SYNTAX);
    await c.call('HELLO', '3');
    expect(await c.call('SRANDMEMBER', 'nokey')).toBe('_\r\n');
  });

  it('count errors and empty replies (arrays in both protocols)', async () => {
    expect(await c.call('SRANDMEMBER', 's', 'abc')).toBe(NOT_INT);
    expect(await c.call('SRANDMEMBER', 's', '9223372036854775808')).toBe(NOT_INT);
    expect(await c.call('SRANDMEMBER', 's', '-9223372036854775808')).toBe(
      '-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n',
    );
    expect(await c.call('SRANDMEMBER', 'str', 'abc')).toBe(NOT_INT);
    expect(await c.call('SRANDMEMBER', 'str', '1')).toBe(WRONGTYPE);
    expect(await c.call('SRANDMEMBER', 'nokey', '5')).toBe('*0\r\n');
    await c.call('HELLO', '3');
    expect(await c.call('SRANDMEMBER', 'nokey', '-5')).toBe('*0\r\n');
    await c.call('SADD', 's', 'a');
    expect(await c.call('SRANDMEMBER', 's', '0')).toBe('*0\r\n');
    expect(await c.call('SRANDMEMBER', 's', '2')).toBe('*1\r\n$1\r\na\r\n');
  });

  it('count >= size gives the whole set in its order; negative counts repeat', async () => {
    await c.call('SADD', 'i', '3', '1', '2');
    expect(await c.call('SRANDMEMBER', 'i', '3')).toBe(arr('1', '2', '3'));
    await c.call('SADD', 'l', 'c', 'a', 'b');
    expect(await c.call('SRANDMEMBER', 'l', '100')).toBe(arr('c', 'a', 'b'));
    const rep = items(await c.call('SRANDMEMBER', 'l', '-20'));
    expect(rep.length).toBe(20);
    for (const m of rep) expect(['a', 'b', 'c']).toContain(m);
    expect(await c.call('SRANDMEMBER', 'l', '-1')).toMatch(/^\*1\r\n\$1\r\n[abc]\r\n$/);
  });

  it('positive counts below the size are distinct; listpack picks keep set order', async () => {
    for (const members of [range(50), range(50, 'm'), range(1000, 'h')]) {
      await c.call('DEL', 's');
      await c.call('SADD', 's', ...members);
      const order = items(await c.call('SMEMBERS', 's'));
      for (const count of [1, 2, 10, members.length - 1]) {
        const got = items(await c.call('SRANDMEMBER', 's', String(count)));
        expect(got.length).toBe(count);
        expect(new Set(got).size).toBe(count);
        for (const m of got) expect(order).toContain(m);
        if (value('s').encoding() === 'listpack') {
          expect([...got].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(got);
        }
      }
    }
  });

  it('a hashtable sample is close to uniform', async () => {
    await c.call('SADD', 's', ...range(200, 'm'));
    const counts = new Map<string, number>();
    for (let i = 0; i < 20; i++) {
      for (const m of items(await c.call('SRANDMEMBER', 's', '-1000'))) counts.set(m, (counts.get(m) ?? 0) + 1);
    }
    expect(counts.size).toBe(200);
    for (const n of counts.values()) {
      expect(n).toBeGreaterThan(40);
      expect(n).toBeLessThan(170);
    }
  });
});

describe('SINTER / SINTERCARD / SINTERSTORE', () => {
  beforeEach(async () => {
    await c.call('SADD', 'i1', '1', '2', '3', '4', '5');
    await c.call('SADD', 'i2', '5', '4', '3', '9');
    await c.call('SADD', 'l1', 'e', 'd', 'c', 'b', 'a', '3');
    await c.call('SADD', 'l2', 'a', 'c', 'x', '3', 'e');
  });

  it('replies in the order of the smallest set', async () => {
    expect(await c.call('SINTER', 'i1', 'i2')).toBe(arr('3', '4', '5'));
    expect(await c.call('SINTER', 'l1', 'l2')).toBe(arr('a', 'c', '3', 'e'));
    expect(await c.call('SINTER', 'l2', 'l1')).toBe(arr('a', 'c', '3', 'e'));
    expect(await c.call('SINTER', 'l1')).toBe(arr('e', 'd', 'c', 'b', 'a', '3'));
    expect(await c.call('SINTER', 'l1', 'l1')).toBe(arr('e', 'd', 'c', 'b', 'a', '3'));
    expect(await c.call('SINTER', 'i1', 'l1')).toBe(arr('3'));
    await c.call('HELLO', '3');
    expect(await c.call('SINTER', 'i1', 'i2')).toBe(set3('3', '4', '5'));
    expect(await c.call('SINTER', 'i1', 'nokey')).toBe('~0\r\n');
    expect(await c.call('SINTER', 'i1', 'l2', 'i2')).toBe(set3('3'));
    expect(await c.call('SINTER', 'l1', 'i2')).toBe(set3('3'));
  });

  it('missing keys, wrong types', async () => {
    expect(await c.call('SINTER', 'i1', 'nokey')).toBe('*0\r\n');
    expect(await c.call('SINTER', 'nokey', 'str')).toBe(WRONGTYPE);
    expect(await c.call('SINTERSTORE', 'd', 'nokey', 'str')).toBe(WRONGTYPE);
    expect(await c.call('SINTERCARD', '2', 'nokey', 'str')).toBe(WRONGTYPE);
  });

  it('SINTERCARD counts, stops at LIMIT, checks numkeys and options', async () => {
    expect(await c.call('SINTERCARD', '2', 'i1', 'i2')).toBe(int(3));
    expect(await c.call('SINTERCARD', '2', 'i1', 'i2', 'LIMIT', '2')).toBe(int(2));
    expect(await c.call('SINTERCARD', '2', 'i1', 'i2', 'limit', '0')).toBe(int(3));
    expect(await c.call('SINTERCARD', '2', 'i1', 'i2', 'LIMIT', '1', 'LIMIT', '9')).toBe(int(3));
    expect(await c.call('SINTERCARD', '1', 'i1', 'LIMIT', '9223372036854775807')).toBe(int(5));
    expect(await c.call('SINTERCARD', '2', 'i1', 'nokey')).toBe(int(0));
    expect(await c.call('SINTERCARD', '0', 'i1')).toBe('-ERR numkeys should be greater than 0\r\n');
    expect(await c.call('SINTERCARD', 'x', 'i1')).toBe('-ERR numkeys should be greater than 0\r\n');
    expect(await c.call('SINTERCARD', '3', 'i1', 'i2')).toBe("-ERR Number of keys can't be greater than number of args\r\n");
    expect(await c.call('SINTERCARD', '1', 'i1', 'LIMIT', '-1')).toBe("-ERR LIMIT can't be negative\r\n");
    expect(await c.call('SINTERCARD', '1', 'i1', 'LIMIT', 'x')).toBe("-ERR LIMIT can't be negative\r\n");
    expect(await c.call('SINTERCARD', '1', 'i1', 'LIMIT')).toBe(SYNTAX);
    expect(await c.call('SINTERCARD', '1', 'i1', 'foo')).toBe(SYNTAX);
    expect(await c.call('SINTERCARD', '1')).toBe("-ERR wrong number of arguments for 'sintercard' command\r\n");
    expect(await c.call('COMMAND', 'GETKEYS', 'SINTERCARD', '2', 'a', 'b', 'LIMIT', '1')).toBe(arr('a', 'b'));
  });

  it('SINTERSTORE stores with Redis 7.2 encodings and deletes on empty results', async () => {
    expect(await c.call('SINTERSTORE', 'd', 'i1', 'i2')).toBe(int(3));
    expect(await enc('d')).toBe(bulk('intset'));
    expect(await c.call('SINTERSTORE', 'd', 'l1', 'l2')).toBe(int(4));
    expect(await enc('d')).toBe(bulk('listpack'));
    expect(await c.call('SMEMBERS', 'd')).toBe(arr('a', 'c', '3', 'e'));
    // Integers only: an intset, whatever the inputs were.
    expect(await c.call('SINTERSTORE', 'd', 'l1', 'i1')).toBe(int(1));
    expect(await enc('d')).toBe(bulk('intset'));
    await c.call('SADD', 'h1', ...range(300), 'x'.repeat(100));
    await c.call('SADD', 'h2', ...range(300), 'y'.repeat(100));
    expect(await c.call('SINTERSTORE', 'd', 'h1', 'h2')).toBe(int(300));
    expect(await enc('d')).toBe(bulk('intset'));
    await c.call('SADD', 'h1', 'shared');
    await c.call('SADD', 'h2', 'shared');
    expect(await c.call('SINTERSTORE', 'd', 'h1', 'h2')).toBe(int(301));
    expect(await enc('d')).toBe(bulk('hashtable'));
    // The destination's TTL goes; dirty counts one.
    await c.call('EXPIRE', 'd', '100');
    const d0 = dirty();
    expect(await c.call('SINTERSTORE', 'd', 'i1', 'i2')).toBe(int(3));
    expect(dirty() - d0).toBe(1);
    expect(await c.call('TTL', 'd')).toBe(int(-1));
    // Empty result (or a missing input) deletes the destination, even of another type.
    await c.call('SADD', 'z', 'zz');
    expect(await c.call('SINTERSTORE', 'str', 'i1', 'z')).toBe(int(0));
    expect(await c.call('EXISTS', 'str')).toBe(int(0));
    await c.call('SET', 'str', 'x');
    expect(await c.call('SINTERSTORE', 'str', 'i1', 'nokey')).toBe(int(0));
    expect(await c.call('EXISTS', 'str')).toBe(int(0));
    const d1 = dirty();
    expect(await c.call('SINTERSTORE', 'str', 'i1', 'nokey')).toBe(int(0));
    expect(dirty() - d1).toBe(0);
  });
});

describe('SUNION / SDIFF (+STORE)', () => {
  it('SUNION builds like Redis: sorted while integers, then insertion order', async () => {
    await c.call('SADD', 'a', '5', '1');
    await c.call('SADD', 'b', '3', 'x', '0');
    expect(await c.call('SMEMBERS', 'b')).toBe(arr('3', 'x', '0'));
    expect(await c.call('SUNION', 'a', 'b')).toBe(arr('1', '3', '5', 'x', '0'));
    expect(await c.call('SUNION', 'b', 'a')).toBe(arr('3', 'x', '0', '1', '5'));
    expect(await c.call('SUNION', 'nokey', 'a')).toBe(arr('1', '5'));
    expect(await c.call('SUNION', 'nokey')).toBe('*0\r\n');
    expect(await c.call('SUNION', 'a', 'str')).toBe(WRONGTYPE);
    await c.call('HELLO', '3');
    expect(await c.call('SUNION', 'a', 'b')).toBe(set3('1', '3', '5', 'x', '0'));
  });

  it('SUNIONSTORE stores the built set with its encoding', async () => {
    await c.call('SADD', 'a', '5', '1');
    await c.call('SADD', 'b', 'x');
    expect(await c.call('SUNIONSTORE', 'd', 'a', 'a')).toBe(int(2));
    expect(await enc('d')).toBe(bulk('intset'));
    expect(await c.call('SUNIONSTORE', 'd', 'a', 'b')).toBe(int(3));
    expect(await enc('d')).toBe(bulk('listpack'));
    await c.call('SADD', 'big', ...range(200, 'm'));
    expect(await c.call('SUNIONSTORE', 'd', 'a', 'big')).toBe(int(202));
    expect(await enc('d')).toBe(bulk('hashtable'));
    expect(await c.call('SUNIONSTORE', 'd', 'nokey')).toBe(int(0));
    expect(await c.call('EXISTS', 'd')).toBe(int(0));
    expect(await c.call('SUNIONSTORE', 'd', 'str')).toBe(WRONGTYPE);
  });

  it('SDIFF keeps the first set order and handles missing/same keys', async () => {
    await c.call('SADD', 'a', 'e', 'd', 'c', 'b', 'a');
    await c.call('SADD', 'b', 'b', 'd');
    await c.call('SADD', 'n', '3', '1', '2');
    expect(await c.call('SDIFF', 'a', 'b')).toBe(arr('e', 'c', 'a'));
    expect(await c.call('SDIFF', 'a', 'nokey')).toBe(arr('e', 'd', 'c', 'b', 'a'));
    expect(await c.call('SDIFF', 'nokey', 'a')).toBe('*0\r\n');
    expect(await c.call('SDIFF', 'a', 'b', 'a')).toBe('*0\r\n');
    expect(await c.call('SDIFF', 'n', 'a')).toBe(arr('1', '2', '3'));
    expect(await c.call('SDIFF', 'str', 'nokey')).toBe(WRONGTYPE);
    expect(await c.call('SDIFF', 'nokey', 'str')).toBe(WRONGTYPE);
    await c.call('HELLO', '3');
    expect(await c.call('SDIFF', 'a', 'b')).toBe(set3('e', 'c', 'a'));
  });

  it('SDIFFSTORE: the result encoding follows the algorithm Redis picks', async () => {
    // Algorithm 1 (first set small next to the rest): only survivors are added.
    await c.call('SADD', 'big', ...range(200, 'm'));
    await c.call('SADD', 'rest', ...range(190, 'm'));
    await c.call('SADD', 'rest2', ...range(190, 'm'));
    await c.call('SADD', 'rest3', ...range(190, 'm'));
    // work1 = 4*200/2 = 400 <= work2 = 200+3*190: algorithm 1, 10 survivors in a listpack.
    expect(await c.call('SDIFFSTORE', 'd', 'big', 'rest', 'rest2', 'rest3')).toBe(int(10));
    expect(await enc('d')).toBe(bulk('listpack'));
    // work1 = 2*200/2 = 200 > work2 = 200+5: algorithm 2, everything added then removed: a hashtable.
    await c.call('SADD', 'few', 'm0', 'm1', 'm2', 'm3', 'm4');
    expect(await c.call('SDIFFSTORE', 'd', 'big', 'few')).toBe(int(195));
    expect(await enc('d')).toBe(bulk('hashtable'));
    await c.call('SADD', 'most', ...range(190, 'm'));
    expect(await c.call('SDIFFSTORE', 'd', 'big', 'most')).toBe(int(10));
    expect(await enc('d')).toBe(bulk('listpack'));
    expect(await c.call('SDIFFSTORE', 'd', 'big', 'big')).toBe(int(0));
    expect(await c.call('EXISTS', 'd')).toBe(int(0));
  });
});

describe('SSCAN', () => {
  it('compact sets come back whole with cursor 0; MATCH filters', async () => {
    await c.call('SADD', 'i', '3', '1', '2', '10');
    expect(await c.call('SSCAN', 'i', '0')).toBe('*2\r\n$1\r\n0\r\n' + arr('1', '2', '3', '10'));
    expect(await c.call('SSCAN', 'i', '12345', 'COUNT', '1')).toBe('*2\r\n$1\r\n0\r\n' + arr('1', '2', '3', '10'));
    expect(await c.call('SSCAN', 'i', '0', 'MATCH', '1*')).toBe('*2\r\n$1\r\n0\r\n' + arr('1', '10'));
    await c.call('SADD', 'l', 'foo', 'bar', 'food');
    expect(await c.call('SSCAN', 'l', '0', 'match', 'foo*', 'count', '1')).toBe('*2\r\n$1\r\n0\r\n' + arr('foo', 'food'));
    await c.call('HELLO', '3');
    expect(await c.call('SSCAN', 'l', '0', 'MATCH', '*')).toBe('*2\r\n$1\r\n0\r\n' + arr('foo', 'bar', 'food'));
  });

  it('errors: cursor first, then key, then options', async () => {
    await c.call('SADD', 's', 'a');
    expect(await c.call('SSCAN', 's', 'abc')).toBe('-ERR invalid cursor\r\n');
    expect(await c.call('SSCAN', 'str', 'abc')).toBe('-ERR invalid cursor\r\n');
    expect(await c.call('SSCAN', 'str', '0', 'COUNT', '0')).toBe(WRONGTYPE);
    expect(await c.call('SSCAN', 'nokey', '0', 'COUNT', '0')).toBe('*2\r\n$1\r\n0\r\n*0\r\n');
    expect(await c.call('SSCAN', 's', '0', 'COUNT', '0')).toBe(SYNTAX);
    expect(await c.call('SSCAN', 's', '0', 'COUNT', 'x')).toBe(NOT_INT);
    expect(await c.call('SSCAN', 's', '0', 'MATCH')).toBe(SYNTAX);
    expect(await c.call('SSCAN', 's', '0', 'TYPE', 'set')).toBe(SYNTAX);
    expect(await c.call('SSCAN', 's', '0', 'NOVALUES')).toBe(SYNTAX);
  });

  it('a hashtable walk returns every member present throughout while it changes', async () => {
    const members = range(5000, 'm');
    for (let i = 0; i < members.length; i += 1000) await c.call('SADD', 's', ...members.slice(i, i + 1000));
    const seen = new Set<string>();
    let cursor = '0';
    let calls = 0;
    do {
      const reply = await c.call('SSCAN', 's', cursor, 'COUNT', '100');
      const m = /^\*2\r\n\$\d+\r\n(\d+)\r\n/.exec(reply)!;
      cursor = m[1];
      for (const x of items(reply.slice(m[0].length))) seen.add(x);
      await c.call('SADD', 's', 'new' + calls);
      await c.call('SREM', 's', 'm' + (4999 - calls)); // these may be missed
      calls++;
    } while (cursor !== '0');
    expect(calls).toBeGreaterThan(40);
    expect(calls).toBeLessThan(70);
    for (let i = 0; i < 4999 - calls; i++) expect(seen.has('m' + i)).toBe(true);
    // MATCH applies after the walk step.
    const r = await c.call('SSCAN', 's', '0', 'MATCH', 'new1*', 'COUNT', '100000');
    expect(r.startsWith('*2\r\n$1\r\n0\r\n')).toBe(true);
    const expected = range(calls, 'new').filter((x) => x.startsWith('new1'));
    expect(items(r.slice('*2\r\n$1\r\n0\r\n'.length)).sort()).toEqual(expected.sort());
  });
});

describe('ioredis', () => {
  it('speaks RESP3 sets and arrays', async () => {
    const r = new Redis(petrel.port, '127.0.0.1');
    try {
      expect(await r.sadd('io', 'b', 'a', 'c')).toBe(3);
      expect(await r.smembers('io')).toEqual(['b', 'a', 'c']);
      expect(await r.sinter('io', 'io')).toEqual(['b', 'a', 'c']);
      expect(await r.sismember('io', 'a')).toBe(1);
      expect(await r.smismember('io', 'a', 'z')).toEqual([1, 0]);
      expect(await r.sscan('io', '0')).toEqual(['0', ['b', 'a', 'c']]);
      expect(await r.sintercard(1, 'io')).toBe(3);
      expect((await r.spop('io', 5)).sort()).toEqual(['a', 'b', 'c']);
      expect(await r.exists('io')).toBe(0);
    } finally {
      r.disconnect();
    }
  });
});
