// HyperLogLog internals: MurmurHash64A against a BigInt reference, register
// packing, the sparse encoder against a plain register model, corrupt sparse
// data, the estimator's edges and the self test.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  EMPTY_SPARSE,
  HLL_DENSE,
  HLL_DENSE_SIZE,
  HLL_REGISTERS,
  HLL_SPARSE,
  cacheValid,
  cachedCard,
  decodeSparse,
  denseGet,
  denseSetRaw,
  estimate,
  hllAdd,
  hllCount,
  hllEncoding,
  hllMerge,
  murmurHash64A,
  patternOf,
  rawCount,
  registers,
  selfTest,
  sparseSet,
  toDense,
  writeCard,
  type HllBuf,
} from '../../src/data/hyperloglog.js';

const M64 = (1n << 64n) - 1n;

/** Redis's MurmurHash64A written directly in BigInt (slow, obviously right). */
function refMurmur(bytes: Buffer): bigint {
  const m = 0xc6a4a7935bd1e995n;
  const len = bytes.length;
  let h = (0xadc83b19n ^ (BigInt(len) * m)) & M64;
  const blocks = len - (len & 7);
  for (let i = 0; i < blocks; i += 8) {
    let k = bytes.readBigUInt64LE(i);
    k = (k * m) & M64;
    k ^= k >> 47n;
    k = (k * m) & M64;
    h ^= k;
    h = (h * m) & M64;
  }
  const rest = len & 7;
  if (rest !== 0) {
    for (let j = rest - 1; j >= 0; j--) h ^= BigInt(bytes[blocks + j]) << BigInt(8 * j);
    h = (h * m) & M64;
  }
  h ^= h >> 47n;
  h = (h * m) & M64;
  h ^= h >> 47n;
  return h;
}

function refPattern(bytes: Buffer): { index: number; count: number } {
  const h = refMurmur(bytes);
  const index = Number(h & 16383n);
  let rest = (h >> 14n) | (1n << 50n);
  let count = 1;
  while ((rest & 1n) === 0n) {
    count++;
    rest >>= 1n;
  }
  return { index, count };
}

function buf(s: string): HllBuf {
  const b = Buffer.alloc(Math.max(64, s.length * 2));
  return { buf: b, len: b.latin1Write(s, 0) };
}

function str(h: HllBuf): string {
  return h.buf.latin1Slice(0, h.len);
}

/** All registers of an HLL in either encoding (via a dense copy). */
function regsOf(h: HllBuf): Uint8Array {
  const copy = buf(str(h));
  expect(toDense(copy)).toBe(true);
  return registers(copy.buf);
}

const HDR_SPARSE = 'HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80';

describe('MurmurHash64A', () => {
  it('matches the BigInt reference for every tail length and arbitrary bytes', () => {
    for (let len = 0; len <= 40; len++) {
      const s = Array.from({ length: len }, (_, i) => String.fromCharCode((i * 37 + len * 11) & 255)).join('');
      expect(murmurHash64A(s)).toBe(refMurmur(Buffer.from(s, 'latin1')));
    }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70 }), (a) => {
        const b = Buffer.from(a);
        expect(murmurHash64A(b.latin1Slice())).toBe(refMurmur(b));
        expect(patternOf(b.latin1Slice())).toEqual(refPattern(b));
      }),
      { numRuns: 500 },
    );
  });

  it('gives run lengths 1..51 (the forced bit ends the run)', () => {
    const seen = new Set<number>();
    let bad = 0;
    for (let i = 0; i < 20000; i++) {
      const { index, count } = patternOf(`e${i}`);
      if (index < 0 || index >= HLL_REGISTERS || count < 1 || count > 51) bad++;
      seen.add(count);
    }
    expect(bad).toBe(0);
    expect(seen.has(1) && seen.has(10)).toBe(true);
  });
});

describe('dense registers', () => {
  it('packs 6-bit registers LSB first without disturbing neighbours', () => {
    const b = Buffer.alloc(HLL_DENSE_SIZE);
    const model = new Uint8Array(HLL_REGISTERS);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < HLL_REGISTERS; i++) {
        const v = (i * 7 + round * 13) & 63;
        model[i] = v;
        denseSetRaw(b, 16, i, v);
      }
      const back = Array.from(model, (_, i) => denseGet(b, 16, i));
      expect(back).toEqual(Array.from(model));
    }
    // Register 1 lives in the top 2 bits of byte 0 and the low 4 bits of byte 1.
    const c = Buffer.alloc(HLL_DENSE_SIZE);
    denseSetRaw(c, 16, 1, 63);
    expect([c[16], c[17], c[18]]).toEqual([0xc0, 0x0f, 0]);
    denseSetRaw(c, 16, HLL_REGISTERS - 1, 63);
    expect(c[HLL_DENSE_SIZE - 1]).toBe(0xfc);
  });
});

describe('sparse encoding', () => {
  it('a new HLL is one XZERO; single updates split it as Redis does', () => {
    const h = buf(EMPTY_SPARSE);
    expect(decodeSparse(h.buf, h.len)).toBe('Z:16384');
    expect(sparseSet(h, 1000, 2, 3000)).toBe(1);
    expect(decodeSparse(h.buf, h.len)).toBe('Z:1000 v:2,1 Z:15383');
    expect(sparseSet(h, 1020, 3, 3000)).toBe(1);
    expect(sparseSet(h, 1021, 3, 3000)).toBe(1);
    // Equal neighbouring VALs are merged; short zero runs use ZERO.
    expect(decodeSparse(h.buf, h.len)).toBe('Z:1000 v:2,1 z:19 v:3,2 Z:15362');
    expect(sparseSet(h, 1021, 3, 3000)).toBe(0);
    expect(sparseSet(h, 1021, 2, 3000)).toBe(0);
    expect(sparseSet(h, 0, 1, 3000)).toBe(1);
    expect(decodeSparse(h.buf, h.len)).toBe('v:1,1 Z:999 v:2,1 z:19 v:3,2 Z:15362');
    expect(h.buf[4]).toBe(HLL_SPARSE);
  });

  it('stays equal to a register model under random updates, promoting when needed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: HLL_REGISTERS - 1 }), fc.integer({ min: 1, max: 40 })), { maxLength: 300 }),
        fc.integer({ min: 20, max: 3000 }),
        (ops, maxBytes) => {
          const h = buf(EMPTY_SPARSE);
          const model = new Uint8Array(HLL_REGISTERS);
          const problems: string[] = [];
          for (const [index, count] of ops) {
            const changed = count > model[index] ? 1 : 0;
            let r: number;
            if (h.buf[4] === HLL_SPARSE) r = sparseSet(h, index, count, maxBytes);
            else {
              r = changed;
              if (changed) denseSetRaw(h.buf, 16, index, count);
            }
            if (r !== changed) problems.push(`set ${index}=${count} returned ${r}`);
            if (changed) model[index] = count;
            if (h.buf[4] === HLL_SPARSE ? h.len > maxBytes : h.len !== HLL_DENSE_SIZE) problems.push(`length ${h.len}`);
          }
          expect(problems).toEqual([]);
          if (h.buf[4] === HLL_SPARSE) expect(Math.max(0, ...model)).toBeLessThanOrEqual(32);
          const regs = regsOf(h);
          expect(regs.findIndex((v, i) => v !== model[i])).toBe(-1);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a register above 32 forces the dense encoding', () => {
    const h = buf(EMPTY_SPARSE);
    expect(sparseSet(h, 5, 33, 3000)).toBe(1);
    expect(h.buf[4]).toBe(HLL_DENSE);
    expect(h.len).toBe(HLL_DENSE_SIZE);
    expect(denseGet(h.buf, 16, 5)).toBe(33);
  });

  it('corrupt sparse data is rejected by every reader', () => {
    const short = buf(HDR_SPARSE + '\x7f\x00'); // XZERO 16129: too few registers
    const long = buf(HDR_SPARSE + '\x7f\xff\x80'); // one register too many
    const late = buf(HDR_SPARSE + '\x7f\xfe\x00\x00'); // a ZERO past the end
    for (const h of [short, long, late]) {
      expect(hllCount(h.buf, h.len)).toBeNull();
      expect(hllMerge(new Uint8Array(HLL_REGISTERS), h.buf, h.len)).toBe(false);
      expect(toDense(h)).toBe(false);
      expect(h.buf[4]).toBe(HLL_SPARSE);
    }
    // Updates inside the covered part still work (Redis only locates the opcode).
    expect(sparseSet(short, 3, 1, 3000)).toBe(1);
    expect(sparseSet(buf(HDR_SPARSE + '\x7f\x00'), 16300, 1, 3000)).toBe(-1);
  });
});

describe('header and validation', () => {
  it('recognizes dense and sparse HLLs and rejects anything else', () => {
    expect(hllEncoding(EMPTY_SPARSE)).toBe(HLL_SPARSE);
    expect(hllEncoding('HYLL\x00' + '\x00'.repeat(HLL_DENSE_SIZE - 5))).toBe(HLL_DENSE);
    expect(hllEncoding('HYLL\x00' + '\x00'.repeat(HLL_DENSE_SIZE - 6))).toBe(-1);
    expect(hllEncoding('HYLL\x02' + '\x00'.repeat(20))).toBe(-1);
    expect(hllEncoding('HYLX\x01' + '\x00'.repeat(20))).toBe(-1);
    expect(hllEncoding('HYLL')).toBe(-1);
    expect(hllEncoding(12345)).toBe(-1);
  });

  it('caches the cardinality little-endian with a stale flag in the top bit', () => {
    const h = buf(EMPTY_SPARSE);
    expect(cacheValid(str(h))).toBe(true);
    writeCard(h, 0x0102030405);
    expect(str(h).slice(8, 16)).toBe('\x05\x04\x03\x02\x01\x00\x00\x00');
    expect(cachedCard(h)).toBe(0x0102030405);
    writeCard(h, 0x7fffffffffffffffn);
    expect(cachedCard(h)).toBe(0x7fffffffffffffffn);
    writeCard(h, 1n << 63n);
    expect(cacheValid(h)).toBe(false);
  });
});

describe('estimator', () => {
  it('counts small sets exactly and large ones within the standard error', () => {
    const h = buf(EMPTY_SPARSE);
    expect(hllCount(h.buf, h.len)).toBe(0);
    for (let i = 0; i < 10; i++) hllAdd(h, `item-${i}`, 3000);
    expect(hllCount(h.buf, h.len)).toBe(10);
    for (let i = 10; i < 100000; i++) hllAdd(h, `item-${i}`, 3000);
    expect(h.buf[4]).toBe(HLL_DENSE);
    const n = hllCount(h.buf, h.len) as number;
    expect(Math.abs(n - 100000)).toBeLessThan(100000 * 0.0081 * 4);
  });

  it('dense and raw counting agree with the sparse one', () => {
    const h = buf(EMPTY_SPARSE);
    for (let i = 0; i < 500; i++) hllAdd(h, `x${i}`, 100000);
    expect(h.buf[4]).toBe(HLL_SPARSE);
    const sparse = hllCount(h.buf, h.len);
    const max = new Uint8Array(HLL_REGISTERS);
    expect(hllMerge(max, h.buf, h.len)).toBe(true);
    expect(rawCount(max)).toBe(sparse);
    expect(toDense(h)).toBe(true);
    expect(hllCount(h.buf, h.len)).toBe(sparse);
  });

  it('saturated registers overflow to 2^63 like Redis (replied as LLONG_MIN)', () => {
    const histo = new Int32Array(64);
    histo[51] = HLL_REGISTERS;
    expect(estimate(histo)).toBe(1n << 63n);
    histo[51] = 0;
    histo[63] = HLL_REGISTERS; // registers above 51 are not counted at all
    expect(estimate(histo)).toBe(1n << 63n);
  });
});

describe('PFSELFTEST', () => {
  it('passes', () => {
    expect(selfTest(3000)).toBeNull();
  }, 30000);

  it('fails like Redis when hll-sparse-max-bytes is too small for 10 elements', () => {
    expect(selfTest(40)).toBe('TESTFAILED sparse encoding not used');
  });
});
