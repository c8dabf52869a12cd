// The stream data structure (src/data/stream*.ts): ID parsing as Redis's
// streamGenericParseIDOrReply, listpack nodes byte-identical to Redis's
// (checked against a DUMP payload taken from redis-server with
// rdbcompression no), node boundaries, trimming, deletion, iteration both
// ways, the PEL map, radix-tree node counts, validation of loaded
// listpacks, cloning and the AOF rewrite commands.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Stream, StreamIterator, streamRewriteCommands, validateStreamListpack, Nack, Consumer } from '../../src/data/stream.js';
import { BAD_ID, MAX_ID, formatId, parseRangeId, parseStreamId, parsedExclusive, parsedSeqGiven, incrId, decrId } from '../../src/data/stream-id.js';
import { IdMap } from '../../src/data/stream-pel.js';
import { lpGetString, lpNext, lpPrev, lpStringInt, lpStringSize, lpValidate, lpWriteString, LP_HEADER } from '../../src/data/stream-listpack.js';
import { encodeDumpPayload } from '../../src/persistence/rdb-writer.js';
import { decodeDumpPayload } from '../../src/persistence/rdb-reader.js';
import { defaultLimits } from '../../src/data/limits.js';
import { crc64 } from '../../src/persistence/rdb-format.js';

const id = (s: string): bigint => {
  const v = parseStreamId(s, 0n, false);
  if (v === BAD_ID) throw new Error(`bad id ${s}`);
  return v;
};

function add(s: Stream, ident: string, kv: string[], maxBytes = 4096, maxEntries = 100): void {
  s.append(id(ident), kv, 0, kv.length / 2, maxBytes, maxEntries);
}

function all(s: Stream, rev = false, start = 0n, end = MAX_ID): string[] {
  const it = new StreamIterator(s, start, end, rev);
  const out: string[] = [];
  while (it.next()) out.push(`${formatId(it.e.id)}:${it.e.pairs().join(',')}`);
  return out;
}

describe('stream IDs', () => {
  it('parses the forms Redis accepts, with strtoull leniency', () => {
    expect(formatId(parseStreamId('5', 0n, true))).toBe('5-0');
    expect(formatId(parseStreamId('5', 0xffffffffffffffffn, true))).toBe('5-18446744073709551615');
    expect(formatId(parseStreamId('5-3', 0n, true))).toBe('5-3');
    expect(formatId(parseStreamId(' 6', 0n, true))).toBe('6-0');
    expect(formatId(parseStreamId('+7', 0n, true))).toBe('7-0');
    expect(formatId(parseStreamId('008-009', 0n, true))).toBe('8-9');
    expect(formatId(parseStreamId('9- -1', 0n, true))).toBe('9-18446744073709551615');
    expect(formatId(parseStreamId('18446744073709551615-18446744073709551615', 0n, true))).toBe('18446744073709551615-18446744073709551615');
    expect(formatId(parseStreamId('1\u0000garbage', 0n, true))).toBe('1-0');
    expect(parseStreamId('-', 0n, false)).toBe(0n);
    expect(parseStreamId('+', 0n, false)).toBe(MAX_ID);
    for (const bad of ['-', '+', '', 'abc', '1-2-3', '18446744073709551616', '1-18446744073709551616', '-1', '1-', '1-x', '0x10', ' ', '1 ', 'x'.repeat(128)]) {
      expect(parseStreamId(bad, 0n, true), bad).toBe(BAD_ID);
    }
    expect(parseStreamId('9'.repeat(127), 0n, true)).toBe(BAD_ID);
  });

  it('knows <ms>-* only where allowed, and reports whether the sequence was given', () => {
    expect(parseStreamId('5-*', 0n, true)).toBe(BAD_ID);
    expect(formatId(parseStreamId('5-*', 0n, true, true))).toBe('5-0');
    expect(parsedSeqGiven).toBe(false);
    parseStreamId('5-1', 0n, true, true);
    expect(parsedSeqGiven).toBe(true);
  });

  it('parses range bounds with ( as exclusive, refusing (- and (+', () => {
    expect(formatId(parseRangeId('(5', 0n))).toBe('5-0');
    expect(parsedExclusive).toBe(true);
    expect(parseRangeId('(-', 0n)).toBe(BAD_ID);
    expect(parseRangeId('(+', 0n)).toBe(BAD_ID);
    expect(parseRangeId('(', 0n)).toBe(BAD_ID);
    expect(parseRangeId('-', 0n)).toBe(0n);
    expect(parsedExclusive).toBe(false);
  });

  it('increments and decrements across the sequence boundary, refusing to wrap', () => {
    expect(formatId(incrId(id('1-18446744073709551615'))!)).toBe('2-0');
    expect(formatId(decrId(id('2-0'))!)).toBe('1-18446744073709551615');
    expect(incrId(MAX_ID)).toBeNull();
    expect(decrId(0n)).toBeNull();
  });
});

describe('listpack primitives', () => {
  it('stores canonical integers as integers, like lpStringToInt64', () => {
    expect(lpStringInt('0')).toBe(0);
    expect(lpStringInt('-4096')).toBe(-4096);
    expect(lpStringInt('9223372036854775807')).toBe(9223372036854775807n);
    expect(lpStringInt('-9223372036854775808')).toBe(-9223372036854775808n);
    for (const s of ['', '-', '-0', '007', '+1', ' 1', '9223372036854775808', '1.0', '123456789012345678901']) expect(lpStringInt(s), s).toBeNull();
  });

  it('writes and walks elements both ways', () => {
    const items = ['a', '127', '128', '-1', '-4097', '32768', '-8388609', '2147483648', '-9223372036854775808', 'x'.repeat(63), 'y'.repeat(64), 'z'.repeat(4095), 'w'.repeat(4096), ''];
    let size = LP_HEADER + 1;
    for (const s of items) size += lpStringSize(s);
    const b = Buffer.alloc(size);
    let p = LP_HEADER;
    for (const s of items) p = lpWriteString(b, p, s);
    b[p] = 0xff;
    b.writeUInt32LE(size, 0);
    b.writeUInt16LE(items.length, 4);
    expect(p + 1).toBe(size);
    const offs = lpValidate(b)!;
    expect(offs).toHaveLength(items.length);
    expect(offs.map((o) => lpGetString(b, o))).toEqual(items);
    // Backward from the terminator gives the same offsets.
    let q = b.length - 1;
    for (let i = items.length - 1; i >= 0; i--) {
      q = lpPrev(b, q);
      expect(q).toBe(offs[i]);
    }
    expect(lpNext(b, offs[0])).toBe(offs[1]);
  });
});

describe('stream nodes', () => {
  it('lays out nodes byte for byte as Redis (DUMP payload taken from redis-server, rdbcompression no)', () => {
    // redis-server 7.0, stream-node-max-entries 3:
    //   XADD fx 1-1 name alice age 30; XADD fx 1-5 name bob age -4096;
    //   XADD fx 2-0 other 9223372036854775807; XADD fx 1700000000000-3 name <70 x> age 123456;
    //   XADD fx 1700000000000-9 name carol age 0; XADD fx 18446744073709551615-0 name 007 age -0;
    //   XDEL fx 1-5 1700000000000-3; DUMP fx
    const redis =
      '130210000000000000000100000000000000014057570000001900020101010201846e616d65058361676504000102010001000185616c696365061e01050103010001040183626f6204d00002050100010101dfff020101856f7468657206f4ffffffffffffff7f090601ff100000018bcfe568000000000000000003409b9b0000001800020101010201846e616d650583616765040001030100010001e0467878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787848f240e201040501020100010601856361726f6c06000105010201f4ff971a3074feffff09dffd028330303704822d30030501ff0481ffffffffffffffff000101810000018bcfe568000306000a003caedce93ca08624';
    const s = new Stream();
    add(s, '1-1', ['name', 'alice', 'age', '30'], 4096, 3);
    add(s, '1-5', ['name', 'bob', 'age', '-4096'], 4096, 3);
    add(s, '2-0', ['other', '9223372036854775807'], 4096, 3);
    add(s, '1700000000000-3', ['name', 'x'.repeat(70), 'age', '123456'], 4096, 3);
    add(s, '1700000000000-9', ['name', 'carol', 'age', '0'], 4096, 3);
    add(s, '18446744073709551615-0', ['name', '007', 'age', '-0'], 4096, 3);
    expect(s.delete(id('1-5'))).toBe(true);
    expect(s.delete(id('1700000000000-3'))).toBe(true);
    expect(s.delete(id('1-5'))).toBe(false);
    s.maxDeletedId = id('1700000000000-3');
    s.refreshFirstId();
    expect(encodeDumpPayload(s, 10, false).toString('hex')).toBe(redis);
    // And Redis's payload reads back into the same stream.
    const back = decodeDumpPayload(Buffer.from(redis, 'hex'), defaultLimits(), 11) as Stream;
    expect(all(back)).toEqual(all(s));
    expect(back.length).toBe(4);
    expect(formatId(back.lastId)).toBe('18446744073709551615-0');
    expect(back.entriesAdded).toBe(6n);
  });

  it('reads the RDB 9 stream form (STREAM_LISTPACKS, type 15) as Redis migrates it', () => {
    const s = new Stream();
    for (let i = 1; i <= 5; i++) add(s, `${i}-0`, ['f', String(i)], 4096, 3);
    s.delete(id('1-0'));
    const len = (n: number): number[] => (n < 64 ? [n] : [0x40 | (n >> 8), n & 0xff]);
    const str = (b: Buffer | string): number[] => {
      const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
      return [...len(buf.length), ...buf];
    };
    const id16 = (x: string): number[] => {
      const b = Buffer.alloc(16);
      b.writeBigUInt64BE(id(x) >> 64n, 0);
      b.writeBigUInt64BE(id(x) & ((1n << 64n) - 1n), 8);
      return [...b];
    };
    const ms = (t: number): number[] => {
      const b = Buffer.alloc(8);
      b.writeBigInt64LE(BigInt(t));
      return [...b];
    };
    const body = [
      15,
      ...len(s.nodes.length),
      ...s.nodes.flatMap((n) => [...str(Buffer.from(id16(formatId(n.key)))), ...str(Buffer.from(n.view()))]),
      ...len(4),
      ...len(5),
      ...len(0),
      // One group "g" at 3-0 with a PEL entry for 3-0 owned by "alice".
      ...len(1),
      ...str('g'),
      ...len(3),
      ...len(0),
      ...len(1),
      ...id16('3-0'),
      ...ms(1000),
      ...len(2),
      ...len(1),
      ...str('alice'),
      ...ms(2000),
      ...len(1),
      ...id16('3-0'),
    ];
    const payload = Buffer.from([...body, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    payload.writeBigUInt64LE(crc64(payload, 0, payload.length - 8), payload.length - 8);
    const v = decodeDumpPayload(payload, defaultLimits(), 11) as Stream;
    expect(v).toBeInstanceOf(Stream);
    expect(all(v)).toEqual(all(s));
    expect(v.entriesAdded).toBe(4n);
    expect(formatId(v.firstId)).toBe('2-0');
    expect(v.maxDeletedId).toBe(0n);
    const g = v.group('g')!;
    expect(g.entriesRead).toBe(-1n); // 3-0 lies inside the stream: unknown
    const alice = g.consumers.get('alice')!;
    expect([alice.seenTime, alice.activeTime]).toEqual([2000, 2000]);
    expect(g.pel.get(id('3-0'))!.consumer).toBe(alice);
    expect(g.pel.get(id('3-0'))!.deliveryCount).toBe(2);
    // A PEL entry no consumer owns, or a consumer entry missing from the group PEL, is refused.
    const orphan = Buffer.from([...body.slice(0, body.length - 17), 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    orphan.writeBigUInt64LE(crc64(orphan, 0, orphan.length - 8), orphan.length - 8);
    expect(decodeDumpPayload(orphan, defaultLimits(), 11)).toBe('format');
  });

  it('starts a node when entries (live + deleted) or bytes reach the limits', () => {
    const s = new Stream();
    for (let i = 1; i <= 10; i++) add(s, `${i}-0`, ['f', 'v'], 0, 4);
    expect(s.nodes.map((n) => n.count)).toEqual([4, 4, 2]);
    s.delete(id('9-0'));
    add(s, '11-0', ['f', 'v'], 0, 4);
    add(s, '12-0', ['f', 'v'], 0, 4);
    expect(s.nodes.map((n) => n.count + n.deleted)).toEqual([4, 4, 4]);
    add(s, '13-0', ['f', 'v'], 0, 4);
    expect(s.nodes.map((n) => n.count + n.deleted)).toEqual([4, 4, 4, 1]);
    const b = new Stream();
    for (let i = 1; i <= 20; i++) add(b, `${i}-0`, ['field', 'x'.repeat(20)], 100, 0);
    for (const n of b.nodes.slice(0, -1)) expect(n.bytes).toBeLessThan(100 + 25);
    expect(b.nodes.length).toBeGreaterThan(3);
    expect(all(b)).toHaveLength(20);
  });

  it('iterates forward and backward over ranges, skipping deleted entries', () => {
    const s = new Stream();
    for (let i = 1; i <= 30; i++) add(s, `${i}-${i % 3}`, i % 5 === 0 ? ['other', String(i), 'x', 'y'] : ['f', String(i)], 4096, 7);
    s.delete(id('3-0'));
    s.delete(id('14-2'));
    const fwd = all(s);
    expect(fwd).toHaveLength(28);
    expect(fwd[0]).toBe('1-1:f,1');
    expect(fwd[3]).toBe('5-2:other,5,x,y');
    expect(all(s, true)).toEqual([...fwd].reverse());
    expect(all(s, false, id('10-0'), id('16-0'))).toEqual(['10-1:other,10,x,y', '11-2:f,11', '12-0:f,12', '13-1:f,13', '15-0:other,15,x,y']);
    expect(all(s, true, id('10-0'), id('16-0'))).toEqual(['15-0:other,15,x,y', '13-1:f,13', '12-0:f,12', '11-2:f,11', '10-1:other,10,x,y']);
    expect(all(s, false, id('100'))).toEqual([]);
    expect(all(s, true, 0n, id('0-5'))).toEqual([]);
    expect(s.has(id('4-1'))).toBe(true);
    expect(s.has(id('3-0'))).toBe(false);
    expect(s.get(id('5-2'))).toEqual(['other', '5', 'x', 'y']);
  });

  it('drops a node when its last live entry is deleted', () => {
    const s = new Stream();
    for (let i = 1; i <= 6; i++) add(s, `${i}-0`, ['f', 'v'], 0, 2);
    expect(s.nodes).toHaveLength(3);
    s.delete(id('3-0'));
    s.delete(id('4-0'));
    expect(s.nodes).toHaveLength(2);
    expect(s.length).toBe(4);
  });

  it('trims like streamTrim: whole nodes with ~, marking entries exactly otherwise, LIMIT', () => {
    const mk = (): Stream => {
      const s = new Stream();
      for (let i = 1; i <= 25; i++) add(s, `${i}-0`, ['f', String(i)], 0, 10);
      return s;
    };
    let s = mk();
    expect(s.trim({ strategy: 'maxlen', approx: true, limit: 0, maxlen: 12, minid: 0n })).toBe(10);
    expect(s.length).toBe(15);
    s = mk();
    expect(s.trim({ strategy: 'maxlen', approx: false, limit: 0, maxlen: 12, minid: 0n })).toBe(13);
    expect(all(s)[0]).toBe('14-0:f,14');
    expect(formatId(s.firstId)).toBe('14-0');
    expect(s.nodes[0].deleted).toBe(3);
    s = mk();
    expect(s.trim({ strategy: 'maxlen', approx: true, limit: 5, maxlen: 0, minid: 0n })).toBe(0);
    expect(s.trim({ strategy: 'maxlen', approx: true, limit: 20, maxlen: 0, minid: 0n })).toBe(20);
    s = mk();
    expect(s.trim({ strategy: 'minid', approx: true, limit: 0, maxlen: 0, minid: id('15') })).toBe(10);
    expect(s.trim({ strategy: 'minid', approx: false, limit: 0, maxlen: 0, minid: id('15') })).toBe(4);
    expect(all(s)[0]).toBe('15-0:f,15');
    expect(s.trim({ strategy: 'maxlen', approx: false, limit: 0, maxlen: 0, minid: 0n })).toBe(11);
    expect(s.length).toBe(0);
    expect(s.firstId).toBe(0n);
  });

  it('estimates read counters and lag as Redis 7.x', () => {
    const s = new Stream();
    const g = s.createGroup('g', 0n, -1n)!;
    expect(s.groupLag(g)).toBe(0n);
    for (let i = 1; i <= 5; i++) add(s, `${i}-0`, ['f', 'v']);
    expect(s.estimateDistance(0n)).toBe(0n);
    expect(s.estimateDistance(id('1-0'))).toBe(1n);
    expect(s.estimateDistance(id('5-0'))).toBe(5n);
    expect(s.estimateDistance(id('3-0'))).toBe(-1n);
    expect(s.estimateDistance(id('6-0'))).toBe(-1n);
    expect(s.groupLag(g)).toBe(5n);
    s.delete(id('2-0'));
    s.maxDeletedId = id('2-0');
    expect(s.rangeHasTombstones(0n, MAX_ID)).toBe(true);
    expect(s.groupLag(g)).toBeNull();
  });

  it('counts radix tree nodes as Redis does for the node keys', () => {
    const s = new Stream();
    expect(s.radixTreeNodes()).toBe(1);
    add(s, '1-0', ['f', 'v'], 0, 1);
    expect(s.radixTreeNodes()).toBe(2);
    add(s, '2-0', ['f', 'v'], 0, 1);
    // Keys differ in byte 7: the shared 7 bytes (root), a branch node, then
    // per key its 8 remaining bytes (a compressed node) and a leaf.
    expect(s.radixTreeNodes()).toBe(6);
    add(s, '3-5', ['f', 'v'], 0, 1);
    expect(s.radixTreeNodes()).toBe(8);
    add(s, '3-6', ['f', 'v'], 0, 1);
    // 3-5 and 3-6 part at the last byte: their chain splits there.
    expect(s.radixTreeNodes()).toBe(10);
  });

  it('refuses malformed node listpacks', () => {
    const s = new Stream();
    for (let i = 1; i <= 3; i++) add(s, `${i}-0`, ['f', 'v']);
    const good = Buffer.from(s.nodes[0].view());
    expect(validateStreamListpack(good)).toBe(true);
    for (let i = 0; i < good.length; i++) {
      for (const delta of [1, 0x40, 0x80]) {
        const bad = Buffer.from(good);
        bad[i] = (bad[i] + delta) & 0xff;
        // Either rejected, or still a consistent stream listpack (then it must walk cleanly).
        if (validateStreamListpack(bad)) {
          const t = new Stream();
          t.addLoadedNode(0n, bad);
          expect(() => all(t)).not.toThrow();
        }
      }
    }
    expect(validateStreamListpack(good.subarray(0, good.length - 1))).toBe(false);
  });

  it('clones deeply, groups and PELs included', () => {
    const s = new Stream();
    for (let i = 1; i <= 5; i++) add(s, `${i}-0`, ['f', String(i)]);
    const g = s.createGroup('g', id('3-0'), 3n)!;
    const alice = new Consumer('alice', 100, 200);
    g.consumers.set('alice', alice);
    const nack = new Nack(150, 2, alice);
    g.pel.set(id('2-0'), nack);
    alice.pel.set(id('2-0'), nack);
    const copy = s.clone();
    add(s, '6-0', ['f', '6']);
    nack.deliveryCount = 9;
    expect(all(copy)).toHaveLength(5);
    const cg = copy.group('g')!;
    const cn = cg.pel.get(id('2-0'))!;
    expect(cn.deliveryCount).toBe(2);
    expect(cn.consumer).toBe(cg.consumers.get('alice'));
    expect(cg.consumers.get('alice')!.pel.get(id('2-0'))).toBe(cn);
  });

  it('rewrites into the commands of Redis rewriteStreamObject', () => {
    const s = new Stream();
    add(s, '1-1', ['a', '1']);
    add(s, '2-2', ['b', '2']);
    s.delete(id('1-1'));
    s.maxDeletedId = id('1-1');
    const g = s.createGroup('grp', id('2-2'), 2n)!;
    const bob = new Consumer('bob', 10, -1);
    const amy = new Consumer('amy', 10, 20);
    g.consumers.set('bob', bob);
    g.consumers.set('amy', amy);
    const n = new Nack(1234, 3, amy);
    g.pel.set(id('2-2'), n);
    amy.pel.set(id('2-2'), n);
    expect(streamRewriteCommands('k', s)).toEqual([
      ['XADD', 'k', '2-2', 'b', '2'],
      ['XSETID', 'k', '2-2', 'ENTRIESADDED', '2', 'MAXDELETEDID', '1-1'],
      ['XGROUP', 'CREATE', 'k', 'grp', '2-2', 'ENTRIESREAD', '2'],
      ['XCLAIM', 'k', 'grp', 'amy', '0', '2-2', 'TIME', '1234', 'RETRYCOUNT', '3', 'JUSTID', 'FORCE'],
      ['XGROUP', 'CREATECONSUMER', 'k', 'grp', 'bob'],
    ]);
    expect(s.rewriteCommands('k')).toEqual(streamRewriteCommands('k', s));
    expect(streamRewriteCommands('e', new Stream())).toEqual([
      ['XADD', 'e', 'MAXLEN', '0', '0-1', 'x', 'y'],
      ['XSETID', 'e', '0-0', 'ENTRIESADDED', '0', 'MAXDELETEDID', '0-0'],
    ]);
  });

  it('keeps every entry through random appends, deletes and trims (model check)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant('add' as const), gap: fc.integer({ min: 0, max: 3 }), nf: fc.integer({ min: 1, max: 3 }), big: fc.boolean() }),
            fc.record({ op: fc.constant('del' as const), at: fc.nat() }),
            fc.record({ op: fc.constant('trim' as const), n: fc.nat({ max: 40 }), approx: fc.boolean() }),
          ),
          { maxLength: 120 },
        ),
        fc.integer({ min: 0, max: 6 }),
        fc.constantFrom(0, 60, 200),
        (ops, maxEntries, maxBytes) => {
          const s = new Stream();
          let model: { id: bigint; kv: string[] }[] = [];
          let ms = 1n;
          for (const o of ops) {
            if (o.op === 'add') {
              ms += BigInt(o.gap);
              const next = (ms << 64n) | (s.lastId >> 64n === ms ? (s.lastId & ((1n << 64n) - 1n)) + 1n : 0n);
              const kv: string[] = [];
              for (let i = 0; i < o.nf; i++) kv.push(`f${i}`, o.big ? 'v'.repeat(30) + i : String(i * 1000 - 7));
              s.append(next, kv, 0, o.nf, maxBytes, maxEntries);
              model.push({ id: next, kv });
            } else if (o.op === 'del' && model.length > 0) {
              const victim = model[o.at % model.length];
              expect(s.delete(victim.id)).toBe(true);
              model = model.filter((e) => e !== victim);
            } else if (o.op === 'trim') {
              const removed = s.trim({ strategy: 'maxlen', approx: o.approx, limit: 0, maxlen: o.n, minid: 0n });
              model = model.slice(removed);
              if (!o.approx) expect(s.length).toBe(Math.min(o.n, model.length));
            }
            expect(s.length).toBe(model.length);
          }
          const expected = model.map((e) => `${formatId(e.id)}:${e.kv.join(',')}`);
          expect(all(s)).toEqual(expected);
          expect(all(s, true)).toEqual([...expected].reverse());
          for (const n of s.nodes) expect(validateStreamListpack(Buffer.from(n.view()))).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('IdMap', () => {
  it('behaves as a sorted map under random operations', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 600 }))), (ops) => {
        const m = new IdMap<number>();
        const ref = new Map<bigint, number>();
        for (const [ins, k] of ops) {
          const key = BigInt(k) << 64n;
          if (ins) {
            expect(m.set(key, k)).toBe(!ref.has(key));
            ref.set(key, k);
          } else {
            expect(m.delete(key)).toBe(ref.get(key));
            ref.delete(key);
          }
        }
        const keys = [...ref.keys()].sort((a, b) => (a < b ? -1 : 1));
        expect(m.size).toBe(keys.length);
        expect(m.keyList()).toEqual(keys);
        expect(m.firstKey()).toBe(keys[0]);
        expect(m.lastKey()).toBe(keys[keys.length - 1]);
        for (const probe of [0n, 300n << 64n, (300n << 64n) + 1n, 601n << 64n]) {
          expect(m.ceilingKey(probe)).toBe(keys.find((k) => k >= probe));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('appends in order cheaply into chunks and splits on middle inserts', () => {
    const m = new IdMap<string>();
    for (let i = 0; i < 1000; i++) m.set(BigInt(i * 2), String(i));
    for (let i = 0; i < 1000; i++) m.set(BigInt(i * 2 + 1), 'odd');
    expect(m.size).toBe(2000);
    expect(m.get(999n)).toBe('odd');
    expect(m.get(998n)).toBe('499');
    const seen: bigint[] = [];
    m.forEach((k) => {
      seen.push(k);
      return seen.length < 10;
    });
    expect(seen).toEqual([0n, 1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n]);
  });
});
