import { describe, expect, it } from 'vitest';
import { Keyspace } from '../../src/data/keyspace.js';
import { ListValue } from '../../src/data/list.js';
import { RedisHash } from '../../src/data/hash.js';
import { SetValue } from '../../src/data/set.js';
import { ZSet } from '../../src/data/zset.js';
import { MutableString, stringOf, type Value } from '../../src/data/values.js';
import { crc64, lzfCompress, lzfDecompress, decodeListpack, decodeIntset, decodeZiplist, decodeZipmap } from '../../src/persistence/rdb-format.js';
import { encodeRdb, encodeListpack } from '../../src/persistence/rdb-writer.js';
import { loadRdb, readRdb, RdbError } from '../../src/persistence/rdb-reader.js';

describe('CRC64 (Jones, as Redis)', () => {
  it('matches the known check value', () => {
    expect(crc64(Buffer.from('123456789'))).toBe(0xe9c6d914c4b8d9can);
  });
  it('agrees with a bit-at-a-time BigInt reference on varied input', () => {
    const ref = (b: Buffer): bigint => {
      let c = 0n;
      for (const byte of b) {
        c ^= BigInt(byte);
        for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ 0x95ac9329ac4bc9b5n : c >> 1n;
      }
      return c;
    };
    const b = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 131 + (i >> 3)) & 255));
    expect(crc64(b)).toBe(ref(b));
    expect(crc64(Buffer.alloc(0))).toBe(0n);
  });
});

describe('LZF', () => {
  it('round-trips repetitive and random data', () => {
    const samples = [
      Buffer.from('a'.repeat(1000)),
      Buffer.from('hello world hello world hello world, hello again world'),
      Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251)),
      Buffer.from('abcabcabcabc'.repeat(300) + 'xyz'.repeat(70000)),
    ];
    for (const s of samples) {
      const c = lzfCompress(s, s.length - 4);
      if (c === null) continue;
      expect(c.length).toBeLessThan(s.length);
      expect(lzfDecompress(c, s.length).equals(s)).toBe(true);
    }
    expect(lzfCompress(Buffer.from('a'.repeat(1000)), 996)!.length).toBeLessThan(40);
  });
  it('gives up on incompressible data', () => {
    const s = Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 255));
    expect(lzfCompress(s, s.length - 4)).toBeNull();
  });
  it('rejects a corrupt stream', () => {
    expect(() => lzfDecompress(Buffer.from([0x20, 0x05]), 10)).toThrow();
  });
});

describe('compact encodings', () => {
  it('listpack writer and reader agree over every entry form', () => {
    const items = ['0', '127', '128', '-1', '-4096', '4095', '32767', '-32768', '8388607', '-8388608', '2147483647', '-2147483648', '9223372036854775807', '-9223372036854775808', '', 'abc', 'x'.repeat(63), 'y'.repeat(64), 'z'.repeat(4095), 'w'.repeat(4096), '007', '1.5'];
    expect(decodeListpack(encodeListpack(items))).toEqual(items);
  });
  it('decodes a hand-made intset, ziplist and zipmap', () => {
    const is = Buffer.alloc(8 + 3 * 4);
    is.writeUInt32LE(4, 0);
    is.writeUInt32LE(3, 4);
    is.writeInt32LE(-70000, 8);
    is.writeInt32LE(5, 12);
    is.writeInt32LE(70000, 16);
    expect(decodeIntset(is)).toEqual(['-70000', '5', '70000']);
    // ziplist: "ab", 12 (immediate), -2 (int8), 300 (int16)
    const entries = [
      [0, 0x02, 0x61, 0x62],
      [4, 0xfd],
      [2, 0xfe, 0xfe],
      [3, 0xc0, 0x2c, 0x01],
    ];
    const body = Buffer.from(entries.flat());
    const zl = Buffer.alloc(10 + body.length + 1);
    zl.writeUInt32LE(zl.length, 0);
    zl.writeUInt16LE(4, 8);
    body.copy(zl, 10);
    zl[zl.length - 1] = 0xff;
    expect(decodeZiplist(zl)).toEqual(['ab', '12', '-2', '300']);
    // zipmap: {"k": "vv"} with one free byte
    const zm = Buffer.from([1, 1, 0x6b, 2, 1, 0x76, 0x76, 0, 0xff]);
    expect(decodeZipmap(zm)).toEqual(['k', 'vv']);
  });
});

function fill(ks: Keyspace): void {
  const lim = ks.limits;
  const db0 = ks.dbs[0];
  db0.set('str', 'hello');
  db0.set('int', 12345);
  db0.set('bigint', '9223372036854775807');
  db0.set('neg', -7);
  db0.set('long', 'abc'.repeat(100));
  db0.set('bin', '\x00\xff\x80binary\r\n');
  db0.set('mut', new MutableString('grown'));
  db0.set('empty', '');
  const small = new ListValue();
  for (const e of ['a', 1, 'b', '-3']) small.pushTail(e, String(e).length);
  db0.set('list', small);
  const big = new ListValue();
  big.toQuicklist(lim);
  for (let i = 0; i < 2000; i++) big.pushTail(`elem-${i}`, 6 + String(i).length);
  db0.set('biglist', big);
  const h = new RedisHash();
  h.set('f1', 'v1', lim);
  h.set('n', '42', lim);
  db0.set('hash', h);
  const bh = new RedisHash();
  for (let i = 0; i < 600; i++) bh.set(`field${i}`, `value${i}`, lim);
  db0.set('bighash', bh);
  const is = SetValue.create('1', 3, lim);
  for (const m of ['1', '-2', '3000000000']) is.add(m, lim);
  db0.set('intset', is);
  const ls = SetValue.create('a', 2, lim);
  ls.add('a', lim);
  ls.add('b', lim);
  db0.set('lpset', ls);
  const hs = SetValue.create('m0', 300, lim);
  for (let i = 0; i < 300; i++) hs.add(`m${i}`, lim);
  db0.set('bigset', hs);
  const z = ZSet.fromPairs(['a', 'b', 'c'], [1, -2.5, Infinity], 1, lim);
  db0.set('zset', z);
  const ms: string[] = [];
  const ss: number[] = [];
  for (let i = 0; i < 300; i++) {
    ms.push(`member:${i}`);
    ss.push(i / 3);
  }
  db0.set('bigzset', ZSet.fromPairs(ms, ss, 12, lim));
  db0.setExpire('str', Date.now() + 100000);
  ks.dbs[3].set('other', 'db3');
  ks.dbs[3].setExpireExact('other', 9223372036854775807n);
}

function snapshot(ks: Keyspace): unknown {
  const out: Record<string, unknown> = {};
  for (const db of ks.dbs) {
    for (const [k, v] of db.dict.entries()) {
      out[`${db.id}:${k}`] = { value: describe_(v), ttl: db.getExpireExact(k)?.toString() ?? null };
    }
  }
  return out;
}

function describe_(v: Value): unknown {
  if (typeof v !== 'object' || v instanceof MutableString) return ['string', stringOf(v as string)];
  if (v instanceof ListValue) return ['list', v.encoding(), v.toArray().map(String)];
  if (v instanceof RedisHash) return ['hash', v.encoding(), Object.fromEntries(v.entries())];
  if (v instanceof SetValue) return ['set', v.encoding(), v.toArray().sort()];
  if (v instanceof ZSet) {
    const m: string[] = [];
    const s: number[] = [];
    v.entries(m, s);
    return ['zset', v.encoding(), m, s];
  }
  return ['?'];
}

describe('RDB writer → reader round trip', () => {
  for (const version of [10, 11]) {
    for (const compression of [true, false]) {
      it(`keeps every type, encoding, TTL and db (version ${version}, compression ${compression})`, () => {
        const a = new Keyspace(16);
        fill(a);
        const buf = encodeRdb(a, { version, compression });
        expect(buf.latin1Slice(0, 9)).toBe(`REDIS00${version}`);
        const b = new Keyspace(16);
        const res = loadRdb(buf, b);
        expect(res.checksum).toBe('ok');
        expect(res.aux.get('redis-ver')).toBe('7.2.4');
        expect(res.aux.get('redis-bits')).toBe('64');
        expect(res.keys).toBe(18);
        expect(snapshot(b)).toEqual(snapshot(a));
        // int-encoded values come back as numbers (Redis's int encoding)
        expect(b.dbs[0].peek('int')).toBe(12345);
      });
    }
  }

  it('never writes SET_LISTPACK (20) in version 10', () => {
    const a = new Keyspace(1);
    const s = SetValue.create('x', 1, a.limits);
    s.add('x', a.limits);
    a.dbs[0].set('s', s);
    const v10 = encodeRdb(a, { version: 10 });
    const v11 = encodeRdb(a, { version: 11 });
    // type byte follows RESIZEDB: find 's' key preceded by its type
    expect(v10.includes(Buffer.from([2, 1, 0x73]))).toBe(true);
    expect(v11.includes(Buffer.from([20, 1, 0x73]))).toBe(true);
  });

  it('writes a zero footer with rdbchecksum no, and the reader accepts it', () => {
    const a = new Keyspace(1);
    a.dbs[0].set('k', 'v');
    const buf = encodeRdb(a, { checksum: false });
    expect(buf.readBigUInt64LE(buf.length - 8)).toBe(0n);
    const res = readRdb(buf, { limits: a.limits, onKey() {} });
    expect(res.checksum).toBe('none');
  });

  it('rejects a corrupted file by checksum', () => {
    const a = new Keyspace(1);
    a.dbs[0].set('key', 'value');
    const buf = Buffer.from(encodeRdb(a));
    buf[buf.indexOf('value')] ^= 1;
    expect(() => loadRdb(buf, new Keyspace(1))).toThrow('Wrong RDB checksum');
  });

  it('skips keys whose TTL has passed, and refuses bad signatures and versions', () => {
    const a = new Keyspace(1);
    a.dbs[0].set('gone', 'x');
    a.dbs[0].setExpire('gone', Date.now() - 1000);
    a.dbs[0].set('kept', 'y');
    const b = new Keyspace(1);
    const res = loadRdb(encodeRdb(a), b);
    expect(res.expiredSkipped).toBe(1);
    expect(b.dbs[0].peek('gone')).toBeUndefined();
    expect(b.dbs[0].peek('kept')).toBe('y');
    expect(() => loadRdb(Buffer.from('RUBBISH00'), b)).toThrow(RdbError);
    expect(() => loadRdb(Buffer.from('REDIS0013\xff', 'latin1'), b)).toThrow("Can't handle RDB format version 0013");
  });
});

describe('opcodes beyond keys', () => {
  /** Builds an RDB image from raw pieces, with a correct CRC64 footer. */
  function image(version: string, body: number[]): Buffer {
    const head = Buffer.concat([Buffer.from('REDIS' + version, 'latin1'), Buffer.from(body), Buffer.from([0xff])]);
    const crc = Buffer.alloc(8);
    crc.writeBigUInt64LE(crc64(head));
    return Buffer.concat([head, crc]);
  }
  const str = (s: string): number[] => [s.length, ...Buffer.from(s, 'latin1')];

  it('skips MODULE_AUX with a warning naming the module, keeps FUNCTION2 payloads, honours FREQ/IDLE/EXPIRETIME', () => {
    // Module id: name "ReJSON-RL" packed 6 bits per char, then a 10-bit version.
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let id = 0n;
    for (const ch of 'ReJSON-RL') id = (id << 6n) | BigInt(chars.indexOf(ch));
    id = (id << 10n) | 3n;
    const idBytes = Buffer.alloc(8);
    idBytes.writeBigUInt64BE(id);
    const body = [
      0xfa, ...str('redis-ver'), ...str('7.2.4'),
      0xf7, 0x81, ...idBytes, 2, 2, // module id, when_opcode UINT, when
      1, 0x05, 2, 0x40, 0x10, 5, ...str('blob'), 4, ...Array(8).fill(0), 3, 0, 0, 0, 0, 0, // SINT, UINT, STRING, DOUBLE, FLOAT, EOF
      0xf5, ...str('#!lua name=lib\nreturn 1'),
      0xfe, 2, 0xfb, 2, 1,
      0xf8, 10, 0, ...str('idle'), ...str('v1'),
      0xf9, 7, 0, ...str('freq'), ...str('v2'),
      0xfd, 0x00, 0xe1, 0xf5, 0x05, 0, ...str('old'), ...str('v3'), // EXPIRETIME (seconds) 100000000
    ];
    const warnings: string[] = [];
    const keys: { key: string; db: number; idle?: number; freq?: number; exp?: number | bigint }[] = [];
    const res = readRdb(image('0011', body), {
      limits: new Keyspace(1).limits,
      warn: (m) => warnings.push(m),
      onKey: (k) => keys.push({ key: k.key, db: k.db, idle: k.idle, freq: k.freq, exp: k.expireMs }),
    });
    expect(warnings).toEqual(["The RDB file contains AUX module data for module 'ReJSON-RL', which Petrel does not have: skipped"]);
    expect(res.functions).toEqual(['#!lua name=lib\nreturn 1']);
    expect(res.checksum).toBe('ok');
    expect(keys).toEqual([
      { key: 'idle', db: 2, idle: 10, freq: undefined, exp: undefined },
      { key: 'freq', db: 2, idle: undefined, freq: 7, exp: undefined },
      { key: 'old', db: 2, idle: undefined, freq: undefined, exp: 100000000 * 1000 },
    ]);
  });

  it('refuses a truncated stream', () => {
    expect(() => readRdb(image('0011', [21, ...str('s'), 0]), { limits: new Keyspace(1).limits, onKey() {} })).toThrow(/Unexpected/);
  });

  it('reads old encodings: zipmap hash, ziplist list, quicklist v1 and text-score zsets', () => {
    const zipmap = [2, 1, 0x6b, 1, 0, 0x76, 0xff];
    const ziplistOf = (entries: number[][]): number[] => {
      const b = Buffer.from(entries.flat());
      const zl = Buffer.alloc(10 + b.length + 1);
      zl.writeUInt32LE(zl.length, 0);
      zl.writeUInt16LE(entries.length, 8);
      b.copy(zl, 10);
      zl[zl.length - 1] = 0xff;
      return [...zl];
    };
    const zl = ziplistOf([[0, 0x01, 0x61], [3, 0xf3]]); // "a", 2
    const zsetZl = ziplistOf([[0, 0x01, 0x6d], [3, 0x03, 0x31, 0x2e, 0x35]]); // "m", "1.5"
    const body = [
      9, ...str('zm'), zipmap.length, ...zipmap,
      10, ...str('zl'), zl.length, ...zl,
      14, ...str('ql'), 2, zl.length, ...zl, zl.length, ...zl,
      12, ...str('zz'), zsetZl.length, ...zsetZl,
      3, ...str('z1'), 2, ...str('a'), 3, 0x32, 0x2e, 0x35, ...str('b'), 254,
    ];
    const ks = new Keyspace(1);
    loadRdb(image('0006', body), ks);
    const db = ks.dbs[0];
    expect((db.peek('zm') as RedisHash).get('k')).toBe('v');
    expect((db.peek('zl') as ListValue).toArray().map(String)).toEqual(['a', '2']);
    expect((db.peek('ql') as ListValue).toArray().map(String)).toEqual(['a', '2', 'a', '2']);
    expect((db.peek('zz') as ZSet).score('m')).toBe(1.5);
    expect((db.peek('z1') as ZSet).score('a')).toBe(2.5);
    expect((db.peek('z1') as ZSet).score('b')).toBe(Infinity);
  });
});
