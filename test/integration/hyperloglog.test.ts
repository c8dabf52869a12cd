// HyperLogLog commands: exact reply bytes and stored bytes (Redis's HYLL
// layout), errors for non-HLL and corrupt values, the cached cardinality and
// its invalidation, sparse → dense conversion (hll-sparse-max-bytes, CONFIG
// SET), the stored form (a dense HLL is a MutableString edited in place),
// dirty counts, keyspace events, propagation, WATCH, PFDEBUG, PFSELFTEST and
// an ioredis pass.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { RawClient } from '../helpers/raw.js';
import { startPetrel } from '../helpers/server.js';
import type { PetrelServer } from '../../src/index.js';
import { MutableString, type RedisObject } from '../../src/data/values.js';
import type { PropagatedCommand } from '../../src/server/propagate.js';

let petrel: PetrelServer;
let c: RawClient;

const fakeList: RedisObject = { type: 'list', encoding: () => 'listpack' };
const WRONGTYPE = '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n';
const NOT_HLL = '-WRONGTYPE Key is not a valid HyperLogLog string value.\r\n';
const INVALID = '-INVALIDOBJ Corrupted HLL object detected\r\n';

/** Header of a sparse HLL whose cache is stale. */
const SPARSE_STALE = 'HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80';
/** PFADD k a b c in Redis 7.2 (registers 8436, 12711, 15780). */
const ABC = SPARSE_STALE + '\x60\xf3\x80\x50\xb1\x84\x4b\xfb\x80\x42\x5a';

function bulk(s: string): string {
  return `$${s.length}\r\n${s}\r\n`;
}
function db() {
  return petrel.server.keyspace.dbs[0];
}
function dirty(): number {
  return petrel.server.dirty;
}
/** A dense HLL string with every register set by `f`, cache stale. */
function denseWith(f: (i: number) => number): string {
  const b = Buffer.alloc(12288);
  for (let i = 0; i < 16384; i++) {
    const v = f(i);
    const bit = i * 6;
    const by = bit >> 3;
    const fb = bit & 7;
    b[by] |= (v << fb) & 0xff;
    if (fb > 2) b[by + 1] |= v >> (8 - fb);
  }
  return 'HYLL\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80' + b.latin1Slice();
}

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
  expect(await c.call('CONFIG', 'SET', 'hll-sparse-max-bytes', '3000')).toBe('+OK\r\n');
  db().set('lst', fakeList);
});

describe('PFADD', () => {
  it('creates a sparse HLL with Redis bytes and reports register changes', async () => {
    expect(await c.call('PFADD', 'k', 'a', 'b', 'c')).toBe(':1\r\n');
    expect(await c.call('GET', 'k')).toBe(bulk(ABC));
    expect(await c.call('PFADD', 'k', 'a', 'b')).toBe(':0\r\n');
    expect(await c.call('PFADD', 'k')).toBe(':0\r\n');
    expect(await c.call('PFADD', 'e')).toBe(':1\r\n');
    expect(await c.call('GET', 'e')).toBe(bulk(SPARSE_STALE + '\x7f\xff'));
    expect(await c.call('PFDEBUG', 'DECODE', 'k')).toBe(bulk('Z:8436 v:1,1 Z:4274 v:2,1 Z:3068 v:1,1 Z:603'));
    expect(await c.call('TYPE', 'k')).toBe('+string\r\n');
  });

  it('counts one change per updated register, plus one for a new key', async () => {
    let d = dirty();
    await c.call('PFADD', 'k', 'a', 'b', 'c');
    expect(dirty() - d).toBe(4);
    d = dirty();
    await c.call('PFADD', 'k', 'a', 'zz');
    expect(dirty() - d).toBe(1);
    d = dirty();
    await c.call('PFADD', 'k', 'a');
    expect(dirty() - d).toBe(0);
  });

  it('refuses other types and strings that are not HyperLogLogs', async () => {
    expect(await c.call('PFADD', 'lst', 'a')).toBe(WRONGTYPE);
    await c.call('SET', 's', 'foo');
    expect(await c.call('PFADD', 's', 'a')).toBe(NOT_HLL);
    await c.call('SET', 'n', '1234567890123456789');
    expect(await c.call('PFADD', 'n', 'a')).toBe(NOT_HLL);
    await c.call('SET', 'bad', 'HYLL\x02' + '\x00'.repeat(20));
    expect(await c.call('PFADD', 'bad', 'a')).toBe(NOT_HLL);
    await c.call('SET', 'short', 'HYLL\x00' + '\x00'.repeat(100));
    expect(await c.call('PFCOUNT', 'short')).toBe(NOT_HLL);
    expect(await c.call('PFADD')).toBe("-ERR wrong number of arguments for 'pfadd' command\r\n");
  });

  it('corrupt sparse data gives INVALIDOBJ', async () => {
    // XZERO 16129: the registers after it are missing.
    await c.call('SET', 'cs', SPARSE_STALE + '\x7f\x00');
    expect(await c.call('PFCOUNT', 'cs')).toBe(INVALID);
    expect(await c.call('PFCOUNT', 'cs', 'k')).toBe(INVALID);
    expect(await c.call('PFMERGE', 'd', 'cs')).toBe(INVALID);
    expect(await c.call('EXISTS', 'd')).toBe(':0\r\n');
    expect(await c.call('PFDEBUG', 'TODENSE', 'cs')).toBe(INVALID);
    // 'a' maps to register 12711, inside the covered part; 'x' to 16374, past it.
    expect(await c.call('PFADD', 'cs', 'a')).toBe(':1\r\n');
    expect(await c.call('PFADD', 'cs', 'x')).toBe(INVALID);
  });

  it('turns dense past hll-sparse-max-bytes and then edits the value in place', async () => {
    await c.call('CONFIG', 'SET', 'hll-sparse-max-bytes', '40');
    for (let i = 0; i < 6; i++) await c.call('PFADD', 'k', `e${i}`);
    expect(await c.call('PFDEBUG', 'ENCODING', 'k')).toBe('+sparse\r\n');
    expect(db().get('k')).toBeTypeOf('string');
    for (let i = 6; i < 12; i++) await c.call('PFADD', 'k', `e${i}`);
    expect(await c.call('PFDEBUG', 'ENCODING', 'k')).toBe('+dense\r\n');
    expect(await c.call('STRLEN', 'k')).toBe(':12304\r\n');
    expect(await c.call('OBJECT', 'ENCODING', 'k')).toBe('$3\r\nraw\r\n');
    const v = db().get('k') as MutableString;
    expect(v).toBeInstanceOf(MutableString);
    const buf = v.buf;
    for (let i = 12; i < 200; i++) await c.call('PFADD', 'k', `e${i}`);
    expect(db().get('k')).toBe(v);
    expect(v.buf).toBe(buf);
    expect(await c.call('PFCOUNT', 'k')).toBe(':200\r\n');
  });

  it('a dense HLL stored as a plain string (SET) becomes a buffer on its first change', async () => {
    const dense = denseWith(() => 0);
    await c.call('SET', 'd', dense, 'EX', '100');
    expect(await c.call('PFADD', 'd', 'a', 'b', 'c')).toBe(':1\r\n');
    expect(db().get('d')).toBeInstanceOf(MutableString);
    expect(await c.call('PFCOUNT', 'd')).toBe(':3\r\n');
    expect(await c.call('TTL', 'd')).toBe(':100\r\n');
    expect(await c.call('PFDEBUG', 'ENCODING', 'd')).toBe('+dense\r\n');
  });

  it('a register above 32 forces the dense encoding', async () => {
    // Elements hashing to a run of 33+ zeros are too rare to search for: a
    // PFMERGE from a dense source holding such a register does the same job.
    await c.call('SET', 'src', denseWith((i) => (i === 7 ? 40 : 0)));
    await c.call('PFADD', 'dst', 'a');
    expect(await c.call('PFMERGE', 'dst', 'src')).toBe('+OK\r\n');
    expect(await c.call('PFDEBUG', 'ENCODING', 'dst')).toBe('+dense\r\n');
  });
});

describe('PFCOUNT', () => {
  it('caches the cardinality in the header and recomputes after a change', async () => {
    await c.call('PFADD', 'k', 'a', 'b', 'c');
    let d = dirty();
    expect(await c.call('PFCOUNT', 'k')).toBe(':3\r\n');
    expect(dirty() - d).toBe(1);
    expect(await c.call('GET', 'k')).toBe(bulk('HYLL\x01\x00\x00\x00\x03\x00\x00\x00\x00\x00\x00\x00' + ABC.slice(16)));
    d = dirty();
    expect(await c.call('PFCOUNT', 'k')).toBe(':3\r\n');
    expect(dirty() - d).toBe(0);
    await c.call('PFADD', 'k', 'd');
    const raw = await c.call('GET', 'k');
    expect(raw.charCodeAt(raw.indexOf('\r\n') + 2 + 15)).toBe(0x80);
    expect(await c.call('PFCOUNT', 'k')).toBe(':4\r\n');
  });

  it('answers 0 for a missing key and unions several keys without touching them', async () => {
    expect(await c.call('PFCOUNT', 'nope')).toBe(':0\r\n');
    expect(await c.call('PFCOUNT', 'nope', 'nada')).toBe(':0\r\n');
    await c.call('PFADD', 'h1', 'a', 'b', 'c');
    await c.call('PFADD', 'h2', 'c', 'd');
    const d = dirty();
    expect(await c.call('PFCOUNT', 'h1', 'h2', 'nope')).toBe(':4\r\n');
    expect(dirty()).toBe(d);
    expect(await c.call('PFCOUNT', 'h1', 'lst')).toBe(WRONGTYPE);
  });

  it('returns a cached value as stored, even past 2^53', async () => {
    await c.call('SET', 'big', 'HYLL\x01\x00\x00\x00\x01\x02\x03\x04\x05\x06\x07\x7f\x7f\xff');
    expect(await c.call('PFCOUNT', 'big')).toBe(`:${0x7f07060504030201n}\r\n`);
  });

  it('saturated registers give Redis (x86) overflow answer', async () => {
    await c.call('SET', 'sat', denseWith(() => 63));
    expect(await c.call('PFCOUNT', 'sat')).toBe(':-9223372036854775808\r\n');
    // The stored value has its top bit set: the cache stays stale.
    expect(await c.call('PFCOUNT', 'sat')).toBe(':-9223372036854775808\r\n');
    expect(await c.call('PFCOUNT', 'sat', 'nope')).toBe(':-9223372036854775808\r\n');
  });

  it('a stale-cache PFCOUNT modifies the key: WATCH sees it, a cached one does not', async () => {
    const other = await RawClient.connect(petrel.port);
    try {
      await c.call('PFADD', 'w', 'a');
      await c.call('WATCH', 'w');
      expect(await other.call('PFCOUNT', 'w')).toBe(':1\r\n');
      await c.call('MULTI');
      await c.call('PING');
      expect(await c.call('EXEC')).toBe('*-1\r\n');
      await c.call('WATCH', 'w');
      expect(await other.call('PFCOUNT', 'w')).toBe(':1\r\n');
      await c.call('MULTI');
      await c.call('PING');
      expect(await c.call('EXEC')).toBe('*1\r\n+PONG\r\n');
    } finally {
      other.close();
    }
  });
});

describe('PFMERGE', () => {
  it('merges into a new or existing destination, which is a source too', async () => {
    await c.call('PFADD', 'h1', 'a', 'b', 'c');
    await c.call('PFADD', 'h2', 'x');
    const d = dirty();
    expect(await c.call('PFMERGE', 'm', 'h1', 'h2', 'nope')).toBe('+OK\r\n');
    expect(dirty() - d).toBe(1);
    expect(await c.call('GET', 'm')).toBe(bulk(ABC.slice(0, -1) + '\x50\x84\x08'));
    expect(await c.call('PFCOUNT', 'm')).toBe(':4\r\n');
    await c.call('PFADD', 'h3', 'y');
    expect(await c.call('PFMERGE', 'm', 'h3')).toBe('+OK\r\n');
    expect(await c.call('PFCOUNT', 'm')).toBe(':5\r\n');
  });

  it('with no sources creates an empty HLL; keeps the destination TTL', async () => {
    expect(await c.call('PFMERGE', 'e')).toBe('+OK\r\n');
    expect(await c.call('GET', 'e')).toBe(bulk(SPARSE_STALE + '\x7f\xff'));
    await c.call('PFADD', 't', 'a');
    await c.call('EXPIRE', 't', '100');
    await c.call('PFADD', 's', 'b');
    expect(await c.call('PFMERGE', 't', 's')).toBe('+OK\r\n');
    expect(await c.call('TTL', 't')).toBe(':100\r\n');
    expect(await c.call('PFCOUNT', 't')).toBe(':2\r\n');
  });

  it('a dense source makes the destination dense', async () => {
    await c.call('PFADD', 'sp', 'a');
    await c.call('PFADD', 'dn', 'b');
    await c.call('PFDEBUG', 'TODENSE', 'dn');
    expect(await c.call('PFMERGE', 'sp', 'dn')).toBe('+OK\r\n');
    expect(await c.call('PFDEBUG', 'ENCODING', 'sp')).toBe('+dense\r\n');
    expect(await c.call('PFCOUNT', 'sp')).toBe(':2\r\n');
  });

  it('checks every key, the destination first', async () => {
    await c.call('SET', 's', 'foo');
    expect(await c.call('PFMERGE', 'lst', 'x')).toBe(WRONGTYPE);
    expect(await c.call('PFMERGE', 's', 'x')).toBe(NOT_HLL);
    expect(await c.call('PFMERGE', 'x', 's')).toBe(NOT_HLL);
    expect(await c.call('EXISTS', 'x')).toBe(':0\r\n');
  });
});

describe('PFDEBUG and PFSELFTEST', () => {
  it('GETREG, DECODE, ENCODING, TODENSE', async () => {
    await c.call('PFADD', 'k', 'a', 'b', 'c');
    expect(await c.call('PFDEBUG', 'ENCODING', 'k')).toBe('+sparse\r\n');
    const d = dirty();
    const regs = await c.call('PFDEBUG', 'GETREG', 'k');
    expect(dirty() - d).toBe(1); // converted to dense
    const values = regs.split('\r\n').slice(1, -1).map((l) => Number(l.slice(1)));
    expect(regs.startsWith('*16384\r\n:0\r\n')).toBe(true);
    expect(values.length).toBe(16384);
    expect([values[8436], values[12711], values[15780]]).toEqual([1, 2, 1]);
    expect(values.reduce((a, b) => a + b, 0)).toBe(4);
    expect(await c.call('PFDEBUG', 'ENCODING', 'k')).toBe('+dense\r\n');
    expect(await c.call('PFDEBUG', 'DECODE', 'k')).toBe('-ERR HLL encoding is not sparse\r\n');
    expect(await c.call('PFDEBUG', 'TODENSE', 'k')).toBe(':0\r\n');
    await c.call('PFADD', 'k2', 'a');
    expect(await c.call('pfdebug', 'todense', 'k2')).toBe(':1\r\n');
    expect(await c.call('HELLO', '3')).toMatch(/^%7\r\n/);
    expect(await c.call('PFDEBUG', 'ENCODING', 'k2')).toBe('+dense\r\n');
    expect((await c.call('PFDEBUG', 'GETREG', 'k2')).slice(0, 12)).toBe('*16384\r\n:0\r\n');
  });

  it('errors', async () => {
    expect(await c.call('PFDEBUG', 'GETREG', 'nope')).toBe('-ERR The specified key does not exist\r\n');
    expect(await c.call('PFDEBUG', 'FOO', 'nope')).toBe('-ERR The specified key does not exist\r\n');
    await c.call('PFADD', 'k', 'a');
    expect(await c.call('PFDEBUG', 'FOO', 'k')).toBe("-ERR Unknown PFDEBUG subcommand 'FOO'\r\n");
    expect(await c.call('PFDEBUG', 'ENCODING', 'lst')).toBe(WRONGTYPE);
    expect(await c.call('PFDEBUG', 'ENCODING')).toBe("-ERR wrong number of arguments for 'pfdebug' command\r\n");
    expect(await c.call('PFSELFTEST', 'x')).toBe("-ERR wrong number of arguments for 'pfselftest' command\r\n");
  });

  it('PFSELFTEST passes, and fails as Redis does when the sparse limit is tiny', async () => {
    expect(await c.call('PFSELFTEST')).toBe('+OK\r\n');
    await c.call('CONFIG', 'SET', 'hll-sparse-max-bytes', '40');
    expect(await c.call('PFSELFTEST')).toBe('-ERR TESTFAILED sparse encoding not used\r\n');
  }, 30000);
});

describe('events, propagation, persistence', () => {
  it('publishes pfadd for PFADD and PFMERGE, nothing for no-ops and PFCOUNT', async () => {
    const sub = await RawClient.connect(petrel.port);
    try {
      await c.call('CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
      sub.send('PSUBSCRIBE', '__keyevent@0__:*');
      await sub.read(1);
      await c.call('PFADD', 'k', 'a');
      await c.call('PFADD', 'k', 'a');
      await c.call('PFCOUNT', 'k');
      await c.call('PFMERGE', 'm', 'k');
      await c.call('DEL', 'm');
      const msg = (ev: string, key: string) =>
        `*4\r\n$8\r\npmessage\r\n$16\r\n__keyevent@0__:*\r\n$${15 + ev.length}\r\n__keyevent@0__:${ev}\r\n$${key.length}\r\n${key}\r\n`;
      expect(await sub.read(3)).toBe(msg('pfadd', 'k') + msg('pfadd', 'm') + msg('del', 'm'));
    } finally {
      await c.call('CONFIG', 'SET', 'notify-keyspace-events', '');
      sub.close();
    }
  });

  it('propagates the writes, a stale-cache PFCOUNT included', async () => {
    const seen: string[][] = [];
    const sink = { feed: (cmds: PropagatedCommand[]) => cmds.forEach((x) => seen.push(x.argv)) };
    petrel.server.propagation.attach(sink);
    try {
      await c.call('PFADD', 'k', 'a');
      await c.call('PFADD', 'k', 'a');
      await c.call('PFCOUNT', 'k');
      await c.call('PFCOUNT', 'k');
      await c.call('PFCOUNT', 'k', 'x');
      await c.call('PFMERGE', 'm', 'k');
      await c.call('PFDEBUG', 'TODENSE', 'm');
      await c.call('PFDEBUG', 'ENCODING', 'm');
    } finally {
      petrel.server.propagation.detach(sink);
    }
    expect(seen).toEqual([
      ['PFADD', 'k', 'a'],
      ['PFCOUNT', 'k'],
      ['PFMERGE', 'm', 'k'],
      ['PFDEBUG', 'TODENSE', 'm'],
    ]);
  });

  it('DUMP/RESTORE and COPY carry sparse and dense HLLs', async () => {
    await c.call('PFADD', 'sp', 'a', 'b');
    for (let i = 0; i < 50; i++) await c.call('PFADD', 'dn', ...Array.from({ length: 100 }, (_, j) => `v${i}-${j}`));
    expect(await c.call('PFDEBUG', 'ENCODING', 'dn')).toBe('+dense\r\n');
    for (const key of ['sp', 'dn']) {
      const dump = await c.call('DUMP', key);
      const payload = dump.slice(dump.indexOf('\r\n') + 2, -2);
      expect(await c.call('RESTORE', `${key}2`, '0', payload)).toBe('+OK\r\n');
      expect(await c.call('GET', `${key}2`)).toBe(await c.call('GET', key));
      expect(await c.call('PFCOUNT', `${key}2`)).toBe(await c.call('PFCOUNT', key));
      expect(await c.call('COPY', key, `${key}3`)).toBe(':1\r\n');
      await c.call('PFADD', key, 'new-one');
      expect(await c.call('PFCOUNT', `${key}3`)).toBe(await c.call('PFCOUNT', `${key}2`));
    }
    // Redis 7.2 answers the same for these 5001 elements.
    expect(await c.call('PFCOUNT', 'dn')).toBe(':5032\r\n');
  });

  it('COMMAND DOCS shows PFMERGE sources as optional (Redis 7.2)', async () => {
    const docs = await c.call('COMMAND', 'DOCS', 'pfmerge');
    const at = docs.indexOf('$9\r\nsourcekey\r\n');
    expect(at).toBeGreaterThan(0);
    expect(docs.slice(at)).toContain('$5\r\nflags\r\n*2\r\n+optional\r\n+multiple\r\n');
  });
});

describe('ioredis', () => {
  it('drives the HyperLogLog commands', async () => {
    const r = new Redis(petrel.port, '127.0.0.1');
    try {
      expect(await r.pfadd('io', 'a', 'b', 'c')).toBe(1);
      expect(await r.pfadd('io', 'a')).toBe(0);
      expect(await r.pfcount('io')).toBe(3);
      expect(await r.pfadd('io2', 'd')).toBe(1);
      expect(await r.pfcount('io', 'io2')).toBe(4);
      expect(await r.pfmerge('io3', 'io', 'io2')).toBe('OK');
      expect(await r.pfcount('io3')).toBe(4);
      expect(await r.call('PFDEBUG', 'ENCODING', 'io3')).toBe('sparse');
    } finally {
      r.disconnect();
    }
  });
});
