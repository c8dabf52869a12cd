// HyperLogLog against the real redis-server: the stored bytes (GET) after the
// same PFADD/PFMERGE sequences, sparse and dense, PFCOUNT (cached, recomputed,
// unions), PFDEBUG, errors for corrupt and foreign values, hll-sparse-max-bytes,
// and HLLs copied between the two servers with GET/SET and DUMP/RESTORE.
// Redis 7.0 (the oracle) and 7.2 agree on all of this; the one 7.2 change
// (PFMERGE's source keys shown as optional by COMMAND DOCS) is asserted in
// test/integration/hyperloglog.test.ts.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HAVE_REDIS, startPair, type Cmd, type Pair } from '../helpers/differential.js';
import { parseReplyTree } from '../helpers/resp.js';

const HDR_SPARSE = 'HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80';
const HDR_DENSE = 'HYLL\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80';

/** Dense register bytes with register i set to f(i). */
function denseRegs(f: (i: number) => number): string {
  const b = Buffer.alloc(12288);
  for (let i = 0; i < 16384; i++) {
    const v = f(i);
    const bit = i * 6;
    const by = bit >> 3;
    const fb = bit & 7;
    b[by] |= (v << fb) & 0xff;
    if (fb > 2) b[by + 1] |= v >> (8 - fb);
  }
  return b.latin1Slice();
}

const els = (n: number, p: string, from = 0): string[] => Array.from({ length: n }, (_, i) => `${p}${from + i}`);

/** The payload of a DUMP reply (a bulk string) as bytes. */
function dumpPayload(reply: string): Buffer {
  const node = parseReplyTree(reply)[0];
  return Buffer.from(node.raw.slice(node.raw.indexOf('\r\n') + 2, -2), 'latin1');
}

describe.skipIf(!HAVE_REDIS)('HyperLogLog vs redis-server', () => {
  let pair: Pair;

  beforeAll(async () => {
    // Redis 7.0 refuses DUMP payloads newer than RDB 10.
    pair = (await startPair({ petrel: { 'rdb-version': 10 } }))!;
  });

  afterAll(async () => {
    await pair.close();
  });

  beforeEach(async () => {
    await pair.reset();
    await pair.both('CONFIG', 'SET', 'hll-sparse-max-bytes', '3000');
  });

  it('sparse updates produce the same bytes step by step', async () => {
    const cmds: Cmd[] = [['PFADD', 'k'], ['GET', 'k'], ['PFADD', 'k', 'a', 'b', 'c'], ['GET', 'k'], ['PFCOUNT', 'k'], ['GET', 'k']];
    for (let i = 0; i < 400; i++) {
      cmds.push(['PFADD', 'k', `e${i}`, `f${i * 7}`]);
      if (i % 10 === 0) cmds.push(['GET', 'k'], ['PFDEBUG', 'DECODE', 'k']);
      if (i % 25 === 0) cmds.push(['PFCOUNT', 'k'], ['GET', 'k']);
    }
    cmds.push(['PFDEBUG', 'ENCODING', 'k'], ['STRLEN', 'k'], ['OBJECT', 'ENCODING', 'k']);
    await pair.same(cmds);
  });

  it('turns dense at the same step and stays identical afterwards', async () => {
    const cmds: Cmd[] = [];
    for (let i = 0; i < 120; i++) {
      cmds.push(['PFADD', 'k', ...els(25, `x${i}-`)], ['PFDEBUG', 'ENCODING', 'k'], ['STRLEN', 'k']);
      if (i % 20 === 0) cmds.push(['GET', 'k'], ['PFCOUNT', 'k']);
    }
    cmds.push(['GET', 'k'], ['PFCOUNT', 'k'], ['GET', 'k'], ['OBJECT', 'ENCODING', 'k']);
    await pair.same(cmds);
  });

  it('honours hll-sparse-max-bytes, including CONFIG SET between commands', async () => {
    for (const limit of ['0', '1', '30', '100', '500']) {
      await pair.reset();
      await pair.same([['CONFIG', 'SET', 'hll-sparse-max-bytes', limit]]);
      const cmds: Cmd[] = [];
      for (let i = 0; i < 60; i++) cmds.push(['PFADD', 'k', `m${i}`], ['PFDEBUG', 'ENCODING', 'k'], ['STRLEN', 'k']);
      cmds.push(['GET', 'k'], ['PFCOUNT', 'k']);
      await pair.same(cmds);
    }
    await pair.same([['CONFIG', 'GET', 'hll-sparse-max-bytes'], ['CONFIG', 'SET', 'hll-sparse-max-bytes', '-1'], ['CONFIG', 'SET', 'hll-sparse-max-bytes', '1k'], ['CONFIG', 'GET', 'hll-sparse-max-bytes']]);
  });

  it('PFCOUNT unions and PFMERGE over sparse, dense and missing keys', async () => {
    const cmds: Cmd[] = [
      ['PFADD', 's1', ...els(100, 'a')],
      ['PFADD', 's2', ...els(100, 'a', 50)],
      ['PFADD', 'd1', ...els(3000, 'b')],
      ['PFADD', 'd2', ...els(5000, 'c')],
      ['PFDEBUG', 'ENCODING', 'd1'],
      ['PFCOUNT', 's1', 's2'],
      ['PFCOUNT', 's1', 'nope', 's2'],
      ['PFCOUNT', 'd1', 'd2', 's1'],
      ['PFCOUNT', 'nope', 'nada'],
      ['PFMERGE', 'm1', 's1', 's2'],
      ['GET', 'm1'],
      ['PFCOUNT', 'm1'],
      ['PFMERGE', 'm2', 's1', 'd1'],
      ['GET', 'm2'],
      ['PFMERGE', 's1', 's2'],
      ['GET', 's1'],
      ['PFMERGE', 'm3'],
      ['GET', 'm3'],
      ['PFMERGE', 'm4', 'nope'],
      ['GET', 'm4'],
      ['PFMERGE', 'd1', 'd2', 's2'],
      ['GET', 'd1'],
      ['PFCOUNT', 'd1'],
      ['PFMERGE', 'm5', 'd2'],
      ['GET', 'm5'],
    ];
    // Many sparse registers merged into a sparse destination cross the size limit mid-merge.
    cmds.push(['PFADD', 'w1', ...els(700, 'w')], ['PFADD', 'w2', ...els(700, 'v')], ['PFMERGE', 'w3', 'w1', 'w2'], ['PFDEBUG', 'ENCODING', 'w3'], ['GET', 'w3']);
    await pair.same(cmds);
  });

  it('PFDEBUG subcommands and every error text', async () => {
    await pair.same([
      ['PFADD', 'k', 'a', 'b', 'c'],
      ['PFDEBUG', 'DECODE', 'k'],
      ['PFDEBUG', 'ENCODING', 'k'],
      ['PFDEBUG', 'GETREG', 'k'],
      ['GET', 'k'],
      ['PFDEBUG', 'DECODE', 'k'],
      ['PFDEBUG', 'TODENSE', 'k'],
      ['PFADD', 'k2', 'x'],
      ['PFDEBUG', 'todense', 'k2'],
      ['GET', 'k2'],
      ['PFDEBUG', 'FOO', 'k'],
      ['PFDEBUG', 'FOO', 'nope'],
      ['PFDEBUG', 'GETREG', 'nope'],
      ['PFDEBUG', 'GETREG'],
      ['PFDEBUG', 'GETREG', 'k', 'x'],
      ['PFSELFTEST', 'x'],
      ['PFADD'],
      ['PFCOUNT'],
      ['PFMERGE'],
      ['RPUSH', 'l', 'a'],
      ['PFADD', 'l', 'a'],
      ['PFCOUNT', 'l'],
      ['PFCOUNT', 'k', 'l'],
      ['PFMERGE', 'l', 'k'],
      ['PFMERGE', 'k', 'l'],
      ['PFDEBUG', 'ENCODING', 'l'],
      ['SET', 's', 'not an hll'],
      ['PFADD', 's', 'a'],
      ['PFCOUNT', 's'],
      ['PFMERGE', 'x', 's'],
      ['EXISTS', 'x'],
      ['SET', 'n', '12345'],
      ['PFCOUNT', 'n'],
      ['PFDEBUG', 'ENCODING', 'n'],
      ['SET', 'short', 'HYLL'],
      ['PFCOUNT', 'short'],
      ['SET', 'enc2', 'HYLL\x02' + '\x00'.repeat(20)],
      ['PFADD', 'enc2', 'a'],
      ['SET', 'baddense', HDR_DENSE + '\x00'.repeat(100)],
      ['PFCOUNT', 'baddense'],
      // (PFCOUNT's key spec notes are Petrel's own words, so it is left out.)
      ['COMMAND', 'INFO', 'pfadd', 'pfmerge', 'pfdebug', 'pfselftest'],
    ]);
  });

  it('corrupt and unusual values get the same answers', async () => {
    const dense63 = HDR_DENSE + denseRegs(() => 63);
    const dense51 = HDR_DENSE + denseRegs(() => 51);
    const denseMix = HDR_DENSE + denseRegs((i) => (i * 7) % 64);
    await pair.same([
      ['SET', 'd63', dense63],
      ['PFCOUNT', 'd63'],
      ['GET', 'd63'],
      ['PFCOUNT', 'd63', 'nope'],
      ['SET', 'd51', dense51],
      ['PFCOUNT', 'd51'],
      ['SET', 'dmix', denseMix],
      ['PFCOUNT', 'dmix'],
      ['GET', 'dmix'],
      ['PFADD', 'dmix', ...els(50, 'q')],
      ['GET', 'dmix'],
      ['PFMERGE', 'mm', 'dmix', 'd51'],
      ['GET', 'mm'],
      ['SET', 'cc', 'HYLL\x01\x00\x00\x00\x01\x02\x03\x04\x05\x06\x07\x7f\x7f\xff'],
      ['PFCOUNT', 'cc'],
      ['PFADD', 'cc', 'a'],
      ['PFCOUNT', 'cc'],
      ['GET', 'cc'],
      // Opcodes covering too few / too many registers, truncated XZERO, long zero runs.
      ['SET', 'c1', HDR_SPARSE + '\x7f\x00'],
      ['PFCOUNT', 'c1'],
      ['PFADD', 'c1', 'a', 'b', 'c', 'd', 'e', 'f'],
      ['GET', 'c1'],
      ['PFCOUNT', 'c1', 'c1'],
      ['PFMERGE', 'x', 'c1'],
      ['EXISTS', 'x'],
      ['SET', 'c2', HDR_SPARSE + '\x7f'],
      ['PFCOUNT', 'c2'],
      ['PFADD', 'c2', 'a'],
      ['GET', 'c2'],
      ['SET', 'c3', HDR_SPARSE + '\x7f\xff\x80'],
      ['PFCOUNT', 'c3'],
      ['PFADD', 'c3', 'a'],
      ['GET', 'c3'],
      ['PFDEBUG', 'TODENSE', 'c3'],
      ['SET', 'c4', HDR_SPARSE + '\x7f\xfe\xff'],
      ['PFCOUNT', 'c4'],
      ['PFDEBUG', 'GETREG', 'c4'],
      ['SET', 'c5', HDR_SPARSE + '\x00'.repeat(16384)],
      ['PFCOUNT', 'c5'],
      ['PFADD', 'c5', 'hello', 'world'],
      ['GET', 'c5'],
      ['SET', 'c6', HDR_SPARSE + '\x40\x00'.repeat(16384)],
      ['PFADD', 'c6', 'hello', 'foo', 'bar'],
      ['GET', 'c6'],
      ['SET', 'c7', HDR_SPARSE + '\x40\x00\x7f\xfe'],
      ['PFADD', 'c7', 'x'],
      ['GET', 'c7'],
      ['PFDEBUG', 'GETREG', 'c7'],
    ]);
  });

  it('RESP3 replies', async () => {
    await pair.both('HELLO', '3');
    await pair.same([
      ['PFADD', 'k', 'a', 'b'],
      ['PFCOUNT', 'k'],
      ['PFMERGE', 'm', 'k'],
      ['PFDEBUG', 'ENCODING', 'm'],
      ['PFDEBUG', 'DECODE', 'm'],
      ['PFDEBUG', 'GETREG', 'm'],
      ['PFDEBUG', 'TODENSE', 'k'],
      ['PFCOUNT', 'nope'],
      ['PFADD', 'k'],
    ]);
  });

  it('an HLL copied with GET/SET counts the same on the other server and keeps evolving identically', async () => {
    const { r, p } = pair;
    for (const [key, n] of [['sp', 200], ['dn', 4000]] as const) {
      await r.call('PFADD', key, ...els(n, `${key}-`));
      const fromRedis = parseReplyTree(await r.call('GET', key))[0];
      const bytes = Buffer.from(fromRedis.raw.slice(fromRedis.raw.indexOf('\r\n') + 2, -2), 'latin1');
      expect(await p.call('SET', key, bytes)).toBe('+OK\r\n');
      await pair.same([
        ['GET', key],
        ['PFCOUNT', key],
        ['GET', key],
        ['PFADD', key, ...els(300, 'more-')],
        ['GET', key],
        ['PFCOUNT', key],
      ]);
      // And back: Petrel's bytes into Redis.
      const fromPetrel = parseReplyTree(await p.call('GET', key))[0];
      const back = Buffer.from(fromPetrel.raw.slice(fromPetrel.raw.indexOf('\r\n') + 2, -2), 'latin1');
      expect(await r.call('SET', `${key}:back`, back)).toBe('+OK\r\n');
      expect(await p.call('SET', `${key}:back`, back)).toBe('+OK\r\n');
      await pair.same([['PFCOUNT', `${key}:back`], ['PFADD', `${key}:back`, 'z1', 'z2', 'z3'], ['GET', `${key}:back`]]);
    }
  });

  it('DUMP/RESTORE carries HLLs both ways', async () => {
    const { r, p } = pair;
    const fill: Cmd[] = [['PFADD', 'sp', ...els(150, 's')], ['PFADD', 'dn', ...els(6000, 'd')], ['PFCOUNT', 'dn']];
    for (const cmd of fill) {
      await r.call(...cmd);
      await p.call(...cmd);
    }
    for (const key of ['sp', 'dn']) {
      const fromRedis = dumpPayload(await r.call('DUMP', key));
      const fromPetrel = dumpPayload(await p.call('DUMP', key));
      expect(await p.call('RESTORE', `${key}:r`, '0', fromRedis)).toBe('+OK\r\n');
      expect(await r.call('RESTORE', `${key}:r`, '0', fromRedis)).toBe('+OK\r\n');
      expect(await r.call('RESTORE', `${key}:p`, '0', fromPetrel)).toBe('+OK\r\n');
      expect(await p.call('RESTORE', `${key}:p`, '0', fromPetrel)).toBe('+OK\r\n');
      await pair.same([
        ['GET', `${key}:r`],
        ['GET', `${key}:p`],
        ['PFCOUNT', `${key}:r`],
        ['PFCOUNT', `${key}:p`],
        ['PFADD', `${key}:p`, ...els(100, 'n')],
        ['GET', `${key}:p`],
        ['PFMERGE', `${key}:m`, `${key}:r`, `${key}:p`],
        ['GET', `${key}:m`],
      ]);
    }
  });

  it('random PFADD / PFCOUNT / PFMERGE sequences (fast-check)', async () => {
    const key = fc.constantFrom('h1', 'h2', 'h3');
    const ele = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.integer({ min: 0, max: 5000 }).map(String),
      fc.uint8Array({ maxLength: 20 }).map((a) => Buffer.from(a)),
    );
    const cmd: fc.Arbitrary<Cmd> = fc.oneof(
      { weight: 6, arbitrary: fc.tuple(key, fc.array(ele, { maxLength: 40 })).map(([k, e]) => ['PFADD', k, ...e] as Cmd) },
      { weight: 2, arbitrary: fc.array(key, { minLength: 1, maxLength: 3 }).map((ks) => ['PFCOUNT', ...ks] as Cmd) },
      { weight: 1, arbitrary: fc.tuple(key, fc.array(key, { maxLength: 2 })).map(([d, s]) => ['PFMERGE', d, ...s] as Cmd) },
      { weight: 2, arbitrary: key.map((k) => ['GET', k] as Cmd) },
      { weight: 1, arbitrary: key.map((k) => ['PFDEBUG', 'ENCODING', k] as Cmd) },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('60', '200', '3000'), fc.array(cmd, { minLength: 1, maxLength: 40 }), async (limit, cmds) => {
        await pair.reset();
        await pair.both('CONFIG', 'SET', 'hll-sparse-max-bytes', limit);
        const diff = await pair.firstDifference([...cmds, ['GET', 'h1'], ['GET', 'h2'], ['GET', 'h3']]);
        expect(diff).toBeNull();
      }),
      { numRuns: 150 },
    );
  });
});
