import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RespParser, splitArgs } from '../../src/protocol/parser.js';

function parser(overrides: { maxBulkLen?: number; queryBufferLimit?: number; authRequired?: boolean } = {}): RespParser {
  const p = new RespParser({ maxBulkLen: overrides.maxBulkLen ?? 512 * 1024 * 1024, queryBufferLimit: overrides.queryBufferLimit ?? 1024 * 1024 * 1024 });
  p.authRequired = overrides.authRequired ?? false;
  return p;
}

/** Feeds the chunks and collects every command (and the error, if any). */
function run(chunks: Buffer[], p = parser()): { cmds: string[][]; error: string | null } {
  const cmds: string[][] = [];
  for (const ch of chunks) {
    p.feed(ch);
    let a: string[] | null;
    while ((a = p.next()) !== null) cmds.push(a);
  }
  return { cmds, error: p.error };
}

const b = (s: string) => Buffer.from(s, 'latin1');

describe('RESP multibulk', () => {
  const stream = '*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nva\r\nl\r\n*1\r\n$4\r\nPING\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$0\r\n\r\n';
  const expected = [['SET', 'key', 'va\r\nl'], ['PING'], ['PING'], ['ECHO', '']];

  it('parses many commands from one read', () => {
    expect(run([b(stream)])).toEqual({ cmds: expected, error: null });
  });

  it('gives the same result for every split point', () => {
    for (let i = 0; i <= stream.length; i++) {
      const r = run([b(stream.slice(0, i)), b(stream.slice(i))]);
      expect(r, `split at ${i}`).toEqual({ cmds: expected, error: null });
    }
  });

  it('gives the same result fed one byte at a time', () => {
    const chunks = [...stream].map((ch) => b(ch));
    expect(run(chunks)).toEqual({ cmds: expected, error: null });
  });

  it('keeps binary bytes intact', () => {
    const payload = Buffer.from([0, 255, 13, 10, 128, 42]);
    const req = Buffer.concat([b('*2\r\n$4\r\nECHO\r\n$6\r\n'), payload, b('\r\n')]);
    const r = run([req]);
    expect(Buffer.from(r.cmds[0][1], 'latin1')).toEqual(payload);
  });

  it('skips empty multibulks', () => {
    expect(run([b('*0\r\n*-1\r\n*1\r\n$4\r\nPING\r\n')]).cmds).toEqual([['PING']]);
  });

  it('assembles a large bulk split over many chunks', () => {
    const big = 'x'.repeat(1_000_000);
    const req = b(`*2\r\n$4\r\nECHO\r\n$${big.length}\r\n${big}\r\n`);
    const chunks: Buffer[] = [];
    for (let i = 0; i < req.length; i += 65536) chunks.push(req.subarray(i, i + 65536));
    const r = run(chunks);
    expect(r.cmds.length).toBe(1);
    expect(r.cmds[0][1].length).toBe(big.length);
  });
});

describe('RESP protocol errors (Redis texts)', () => {
  const cases: [string, string][] = [
    ['*abc\r\n', 'Protocol error: invalid multibulk length'],
    ['*3000000000\r\n', 'Protocol error: invalid multibulk length'],
    ['*1\r\nx\r\n', "Protocol error: expected '$', got 'x'"],
    ['*1\r\n$abc\r\n', 'Protocol error: invalid bulk length'],
    ['*1\r\n$-1\r\n', 'Protocol error: invalid bulk length'],
    ['*1\r\n$1073741824\r\n', 'Protocol error: invalid bulk length'],
    ['SET "a b\r\n', 'Protocol error: unbalanced quotes in request'],
    ["SET 'a\r\n", 'Protocol error: unbalanced quotes in request'],
  ];
  for (const [input, err] of cases) {
    it(`${JSON.stringify(input)} → ${err}`, () => {
      expect(run([b(input)], parser({ maxBulkLen: 512 * 1024 * 1024 })).error).toBe(err);
    });
  }

  it('rejects a bulk over proto-max-bulk-len', () => {
    expect(run([b('*1\r\n$101\r\n')], parser({ maxBulkLen: 100 })).error).toBe('Protocol error: invalid bulk length');
  });

  it('runs the commands before the bad one', () => {
    const r = run([b('PING\r\n*1\r\n$4\r\nPING\r\n*x\r\n')]);
    expect(r.cmds).toEqual([['PING'], ['PING']]);
    expect(r.error).toBe('Protocol error: invalid multibulk length');
  });

  it('caps unauthenticated clients as Redis does', () => {
    expect(run([b('*11\r\n')], parser({ authRequired: true })).error).toBe('Protocol error: unauthenticated multibulk length');
    expect(run([b('*1\r\n$16385\r\n')], parser({ authRequired: true })).error).toBe('Protocol error: unauthenticated bulk length');
  });

  it('rejects an endless inline line past 64 KiB', () => {
    expect(run([b('x'.repeat(70 * 1024))]).error).toBe('Protocol error: too big inline request');
  });

  it('flags query buffer overflow', () => {
    const p = parser({ queryBufferLimit: 1000 });
    p.feed(b('*1\r\n$5000\r\n'));
    p.next();
    p.feed(b('x'.repeat(2000)));
    expect(p.overflow).toBe(true);
  });
});

describe('inline commands', () => {
  it('splits on whitespace and handles CRLF or bare LF', () => {
    expect(run([b('set  a   b\r\nget a\n\r\n   \n')]).cmds).toEqual([['set', 'a', 'b'], ['get', 'a']]);
  });

  it('splits at every byte like the multibulk form', () => {
    const s = 'SET k "hello world"\r\nGET k\r\n';
    for (let i = 0; i <= s.length; i++) {
      expect(run([b(s.slice(0, i)), b(s.slice(i))]).cmds).toEqual([['SET', 'k', 'hello world'], ['GET', 'k']]);
    }
  });
});

describe('splitArgs (sdssplitargs rules)', () => {
  it.each([
    ['a b c', ['a', 'b', 'c']],
    ['"a b" c', ['a b', 'c']],
    ['"\\x41\\n\\t\\\\"', ['A\n\t\\']],
    ["'it\\'s' x", ["it's", 'x']],
    ['"" \'\'', ['', '']],
    ['a"b c"', ['ab c']],
    ['"\\xZZ"', ['xZZ']],
    ['', []],
  ] as [string, string[]][])('%j', (line, out) => {
    expect(splitArgs(line)).toEqual(out);
  });

  it.each(['"abc', "'abc", '"a"b', "'a'b"])('rejects %j', (line) => {
    expect(splitArgs(line)).toBeNull();
  });
});

describe('borrowed read buffer (the shared socket buffer)', () => {
  // The server reads every socket into one buffer and feeds the parser a view
  // of it plus a length; the bytes past the length are stale input of other
  // clients. The parser must never read past the length, and must copy what it
  // keeps before the next read overwrites the buffer.
  const junk = Buffer.from('\r\n$12\r\n*3\r\n9\r\nxyz', 'latin1');
  const shared = Buffer.alloc(200 * 1024);
  const scribble = () => {
    for (let i = 0; i < shared.length; i += junk.length) junk.copy(shared, i);
  };

  function runBorrowed(chunks: Buffer[], p = parser()): { cmds: string[][]; error: string | null } {
    const cmds: string[][] = [];
    for (const ch of chunks) {
      scribble();
      ch.copy(shared);
      p.feed(shared, true, ch.length);
      let a: string[] | null;
      while ((a = p.next()) !== null) cmds.push(a);
      p.release();
    }
    scribble();
    return { cmds, error: p.error };
  }

  const resp = (cmds: string[][]) => cmds.map((c) => `*${c.length}\r\n` + c.map((a) => `$${a.length}\r\n${a}\r\n`).join('')).join('');
  const arg = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.constantFrom('\r\n', '$3\r\n', '*1\r\n'),
    fc.integer({ min: 13, max: 70 * 1024 }).map((n) => 'v'.repeat(n - 1) + '\r'),
  );

  it('parses any command stream split anywhere, with junk after each read', () => {
    fc.assert(
      fc.property(fc.array(fc.array(arg, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 6 }), (cmds, cuts) => {
        const text = b(resp(cmds));
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((x, y) => x - y);
        const chunks: Buffer[] = [];
        let at = 0;
        for (const pt of [...points, text.length]) {
          // Each read is at most 128 KiB here; a long argument spans several.
          for (let end = Math.min(pt, at + 128 * 1024); at < pt; end = Math.min(pt, at + 128 * 1024)) {
            chunks.push(text.subarray(at, end));
            at = end;
          }
        }
        expect(runBorrowed(chunks)).toEqual({ cmds, error: null });
      }),
      { numRuns: 150 },
    );
  });

  it('does not take stale bytes past the length for a line ending (inline and counts)', () => {
    // 'PING' with its newline only in the stale part: nothing yet, then the real end arrives.
    const p = parser();
    expect(runBorrowed([b('PING'), b('\r\n')], p).cmds).toEqual([['PING']]);
    expect(runBorrowed([b('*1\r\n$4'), b('\r\nPING\r\n')]).cmds).toEqual([['PING']]);
    expect(runBorrowed([b('*1'), b('\r\n$4\r\nPI'), b('NG\r\n')]).cmds).toEqual([['PING']]);
  });
});
