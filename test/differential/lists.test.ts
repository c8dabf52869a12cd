// List commands against the real redis-server (the 7.0 oracle): fixed command
// sequences in RESP2 and RESP3, random sequences (fast-check), COMMAND INFO /
// GETKEYS rows, and multi-client blocking scenarios where every client's reply
// bytes must match.
//
// Left out on purpose (Redis 7.2 differs from 7.0; asserted in
// test/integration/lists.test.ts and blocking.test.ts): OBJECT ENCODING of
// lists (7.0 always says quicklist), blocking timeouts past the 64-bit range
// (7.2: "timeout is out of range"), LPOS RANK -9223372036854775808 (7.2
// rejects it), and a client blocked on several keys woken by one of them while
// an earlier key also got data (7.2 re-runs the command: the first key in
// argument order wins; 7.0 serves the key that was signalled).

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HAVE_REDIS, startPair, type Cmd, type Pair } from '../helpers/differential.js';
import { RawClient } from '../helpers/raw.js';

describe.skipIf(!HAVE_REDIS)('lists (differential)', () => {
  let pair: Pair;

  beforeAll(async () => {
    pair = (await startPair())!;
  });

  afterAll(async () => {
    await pair.close();
  });

  beforeEach(async () => {
    await pair.reset();
  });

  const SEQUENCE: Cmd[] = [
    ['RPUSH', 'l', 'a', 'b', 'c', 'a', 'b', 'c', '1', '2', '3', '-5', '12345678901234567890', '007', ''],
    ['LRANGE', 'l', '0', '-1'],
    ['LRANGE', 'l', '-100', '100'],
    ['LRANGE', 'l', '5', '2'],
    ['LRANGE', 'l', '-9223372036854775808', '9223372036854775807'],
    ['LINDEX', 'l', '-1'],
    ['LINDEX', 'l', '100'],
    ['LINDEX', 'l', '9223372036854775808'],
    ['LPOS', 'l', 'a'],
    ['LPOS', 'l', 'a', 'RANK', '-1'],
    ['LPOS', 'l', 'a', 'COUNT', '0'],
    ['LPOS', 'l', 'a', 'RANK', '2', 'COUNT', '5'],
    ['LPOS', 'l', '1', 'MAXLEN', '7'],
    ['LPOS', 'l', '1', 'MAXLEN', '9'],
    ['LPOS', 'l', '007'],
    ['LPOS', 'l', '7'],
    ['LPOS', 'l', 'zz', 'COUNT', '1'],
    ['LPOS', 'l', 'a', 'RANK', 'x'],
    ['LPOS', 'l', 'a', 'RANK', '0'],
    ['LPOS', 'l', 'a', 'COUNT', 'x'],
    ['LPOS', 'l', 'a', 'MAXLEN', '-1'],
    ['LPOS', 'l', 'a', 'rank'],
    ['LINSERT', 'l', 'BEFORE', '1', 'X'],
    ['LINSERT', 'l', 'after', '3', 'Y'],
    ['LINSERT', 'l', 'after', 'nope', 'Y'],
    ['LINSERT', 'l', 'sideways', '3', 'Y'],
    ['LRANGE', 'l', '0', '-1'],
    ['LREM', 'l', '-1', 'a'],
    ['LREM', 'l', '0', 'b'],
    ['LREM', 'l', 'x', 'b'],
    ['LSET', 'l', '-1', 'Z'],
    ['LSET', 'l', '-100', 'Z'],
    ['LSET', 'l', 'x', 'Z'],
    ['LSET', 'nokey', '0', 'Z'],
    ['LRANGE', 'l', '0', '-1'],
    ['LTRIM', 'l', '1', '-2'],
    ['LTRIM', 'l', 'x', '-2'],
    ['LRANGE', 'l', '0', '-1'],
    ['LPOP', 'l', '2'],
    ['RPOP', 'l', '2'],
    ['RPOP', 'l'],
    ['LPOP', 'l', '0'],
    ['LPOP', 'l', '-1'],
    ['LPOP', 'l', '1', '2'],
    ['LLEN', 'l'],
    ['LMOVE', 'l', 'm', 'LEFT', 'RIGHT'],
    ['LMOVE', 'l', 'm', 'up', 'RIGHT'],
    ['RPOPLPUSH', 'l', 'm'],
    ['RPOPLPUSH', 'm', 'm'],
    ['LRANGE', 'm', '0', '-1'],
    ['LMPOP', '2', 'nokey', 'm', 'RIGHT', 'COUNT', '5'],
    ['EXISTS', 'm'],
    ['LMPOP', '1', 'nokey', 'LEFT'],
    ['LMPOP', '0', 'nokey', 'LEFT'],
    ['LMPOP', '3', 'nokey', 'LEFT'],
    ['LMPOP', '1', 'nokey', 'LEFT', 'COUNT', '0'],
    ['LMPOP', '1', 'nokey', 'LEFT', 'COUNT', '1', 'COUNT', '2'],
    ['SET', 's', 'x'],
    ['LPUSH', 's', 'a'],
    ['LPUSHX', 's', 'a'],
    ['LRANGE', 's', '0', '-1'],
    ['LMPOP', '2', 'nokey', 's', 'LEFT'],
    ['BLPOP', 's', '0'],
    ['BLMPOP', '0', '1', 's', 'LEFT'],
    ['BLMOVE', 's', 'd', 'LEFT', 'LEFT', '0'],
    ['LMOVE', 'l', 's', 'LEFT', 'LEFT'],
    ['LPUSHX', 'nokey', 'a'],
    ['RPUSHX', 'l', 'a', 'b'],
    ['LRANGE', 'l', '0', '-1'],
    ['BLPOP', 'nokey', 'l', '1'],
    ['BRPOP', 'l', '1'],
    ['BLMOVE', 'l', 'l2', 'RIGHT', 'LEFT', '1'],
    ['BRPOPLPUSH', 'l2', 'l3', '0'],
    ['LRANGE', 'l3', '0', '-1'],
    ['BLMPOP', '0.01', '2', 'nokey', 'l3', 'LEFT', 'COUNT', '10'],
    ['BLPOP', 'nokey', '0.01'],
    ['BLPOP', 'nokey', 'abc'],
    ['BLPOP', 'nokey', '-1'],
    ['BLPOP', 'nokey', '-inf'],
    ['BLPOP', 'nokey', 'nan'],
    ['BLPOP', 'nokey', '1e5000'],
    ['BLMPOP', 'x', '0', 'l', 'LEFT'],
    ['BLMPOP', 'x', '1', 'l', 'LEFT'],
    ['BLMOVE', 'a', 'b', 'LEFT', 'UP', 'x'],
    ['MULTI'],
    ['BLPOP', 'nokey', '0'],
    ['BRPOPLPUSH', 'nokey', 'x', '0'],
    ['BLMPOP', '0', '1', 'nokey', 'LEFT'],
    ['EXEC'],
    ['LPUSH', 'b', '\x00\xff\r\n'],
    ['LRANGE', 'b', '0', '-1'],
  ];

  it('a fixed sequence of every command and error, RESP2', async () => {
    await pair.same(SEQUENCE);
  });

  it('the same sequence in RESP3', async () => {
    await pair.both('HELLO', '3');
    await pair.same(SEQUENCE);
    await pair.same([['LPOP', 'nokey'], ['LPOP', 'nokey', '1'], ['LINDEX', 'nokey', '0'], ['LPOS', 'nokey', 'a'], ['LMPOP', '1', 'nokey', 'LEFT']]);
  });

  it('COMMAND INFO and GETKEYS of the list commands', async () => {
    const names = [
      'lpush', 'rpush', 'lpushx', 'rpushx', 'lpop', 'rpop', 'llen', 'lrange', 'lindex', 'lset', 'linsert', 'lrem',
      'ltrim', 'lpos', 'lmove', 'rpoplpush', 'lmpop', 'blpop', 'brpop', 'blmove', 'brpoplpush', 'blmpop',
    ];
    await pair.same(names.map((n) => ['COMMAND', 'INFO', n]));
    await pair.same([
      ['COMMAND', 'GETKEYS', 'lmpop', '2', 'a', 'b', 'LEFT'],
      ['COMMAND', 'GETKEYS', 'blmpop', '0', '2', 'a', 'b', 'LEFT'],
      ['COMMAND', 'GETKEYS', 'blpop', 'a', 'b', '0'],
      ['COMMAND', 'GETKEYS', 'lmove', 'a', 'b', 'LEFT', 'LEFT'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'blmove', 'a', 'b', 'LEFT', 'LEFT', '0'],
    ]);
  });

  it('long lists: ranges, trims, removals and inserts across many elements', async () => {
    const many = Array.from({ length: 3000 }, (_, i) => String(i % 7 === 0 ? `x${i}` : i % 100));
    await pair.same([
      ['RPUSH', 'big', ...many],
      ['LLEN', 'big'],
      ['LRANGE', 'big', '100', '199'],
      ['LINDEX', 'big', '2500'],
      ['LPOS', 'big', '42', 'COUNT', '0', 'RANK', '-3'],
      ['LREM', 'big', '5', '13'],
      ['LREM', 'big', '-5', '14'],
      ['LINSERT', 'big', 'BEFORE', 'x1400', 'new'],
      ['LSET', 'big', '1500', 'set'],
      ['LTRIM', 'big', '300', '-300'],
      ['LRANGE', 'big', '0', '-1'],
      ['LPOP', 'big', '1000'],
      ['RPOP', 'big', '10'],
      ['LRANGE', 'big', '0', '-1'],
    ]);
  });

  it('random sequences of list commands agree (fast-check)', async () => {
    const key = fc.constantFrom('a', 'b', 'c');
    const val = fc.constantFrom('x', 'y', 'z', '1', '-1', '10', '007', '');
    const idx = fc.integer({ min: -6, max: 6 }).map(String);
    const cmd: fc.Arbitrary<Cmd> = fc.oneof(
      fc.tuple(fc.constantFrom('LPUSH', 'RPUSH', 'LPUSHX', 'RPUSHX'), key, fc.array(val, { minLength: 1, maxLength: 4 })).map(([c, k, vs]) => [c, k, ...vs]),
      fc.tuple(fc.constantFrom('LPOP', 'RPOP'), key).map(([c, k]) => [c, k]),
      fc.tuple(fc.constantFrom('LPOP', 'RPOP'), key, fc.integer({ min: -1, max: 5 }).map(String)).map(([c, k, n]) => [c, k, n]),
      fc.tuple(key, idx, idx).map(([k, a, b]) => ['LRANGE', k, a, b]),
      fc.tuple(key, idx, idx).map(([k, a, b]) => ['LTRIM', k, a, b]),
      fc.tuple(key, idx).map(([k, i]) => ['LINDEX', k, i]),
      fc.tuple(key, idx, val).map(([k, i, v]) => ['LSET', k, i, v]),
      fc.tuple(key, fc.constantFrom('BEFORE', 'AFTER'), val, val).map(([k, w, p, v]) => ['LINSERT', k, w, p, v]),
      fc.tuple(key, fc.integer({ min: -3, max: 3 }).map(String), val).map(([k, n, v]) => ['LREM', k, n, v]),
      fc.tuple(key, val, fc.constantFrom('1', '-1', '2', '-2')).map(([k, v, r]) => ['LPOS', k, v, 'RANK', r, 'COUNT', '0']),
      fc.tuple(key, key, fc.constantFrom('LEFT', 'RIGHT'), fc.constantFrom('LEFT', 'RIGHT')).map(([s, d, a, b]) => ['LMOVE', s, d, a, b]),
      fc.tuple(key, key).map(([s, d]) => ['RPOPLPUSH', s, d]),
      fc.tuple(key, key, fc.constantFrom('LEFT', 'RIGHT'), fc.integer({ min: 1, max: 4 }).map(String)).map(([a, b, w, n]) => ['LMPOP', '2', a, b, w, 'COUNT', n]),
      fc.tuple(key, key).map(([a, b]) => ['BLPOP', a, b, '0.001']),
      key.map((k) => ['LLEN', k]),
      key.map((k) => ['SET', k, 'str']),
      key.map((k) => ['DEL', k]),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(cmd, { minLength: 1, maxLength: 40 }), fc.boolean(), async (cmds, resp3) => {
        await pair.reset();
        if (resp3) await pair.both('HELLO', '3');
        const all: Cmd[] = [...cmds, ['LRANGE', 'a', '0', '-1'], ['LRANGE', 'b', '0', '-1'], ['LRANGE', 'c', '0', '-1']];
        const diff = await pair.firstDifference(all);
        expect(diff).toBeNull();
      }),
      { numRuns: 60 },
    );
  });

  describe('blocking scenarios with several clients', () => {
    const N = 3;
    let pc: RawClient[] = [];
    let rc: RawClient[] = [];

    beforeEach(async () => {
      pc = await Promise.all(Array.from({ length: N }, () => RawClient.connect(pair.petrel.port)));
      rc = await Promise.all(Array.from({ length: N }, () => RawClient.connect(pair.redis.port)));
    });

    afterEach(() => {
      for (const c of [...pc, ...rc]) c.close();
    });

    async function blockedOn(ctl: RawClient, n: number): Promise<void> {
      const deadline = Date.now() + 2000;
      for (;;) {
        const info = await ctl.call('INFO', 'clients');
        if (info.includes(`blocked_clients:${n}\r\n`)) return;
        if (Date.now() > deadline) throw new Error(`expected ${n} blocked clients: ${info}`);
        await new Promise((r) => setTimeout(r, 3));
      }
    }

    /** Sends a command from client i on both servers without reading. */
    function send(i: number, ...argv: string[]): void {
      pc[i].send(...argv);
      rc[i].send(...argv);
    }

    async function waitBlocked(n: number): Promise<void> {
      await Promise.all([blockedOn(pair.p, n), blockedOn(pair.r, n)]);
    }

    /** Reads `count` replies of client i on both servers and compares them. */
    async function expectSame(i: number, count = 1): Promise<string> {
      const [p, r] = await Promise.all([pc[i].read(count), rc[i].read(count)]);
      expect(p).toBe(r);
      return p;
    }

    it('two clients block, a third pushes: FIFO replies', async () => {
      send(0, 'BLPOP', 'q', '0');
      await waitBlocked(1);
      send(1, 'BRPOP', 'q', 'other', '0');
      await waitBlocked(2);
      send(2, 'RPUSH', 'q', 'a', 'b', 'c');
      await expectSame(2);
      expect(await expectSame(0)).toBe('*2\r\n$1\r\nq\r\n$1\r\na\r\n');
      expect(await expectSame(1)).toBe('*2\r\n$1\r\nq\r\n$1\r\nc\r\n');
      await pair.same([['LRANGE', 'q', '0', '-1']]);
    });

    it('a key named twice, then a single push', async () => {
      send(0, 'BLPOP', 'k', 'k', '0');
      await waitBlocked(1);
      send(1, 'LPUSH', 'k', 'v');
      await expectSame(1);
      await expectSame(0);
      await waitBlocked(0);
    });

    it('BLMOVE chain, BRPOPLPUSH and BLMPOP', async () => {
      send(0, 'BLMOVE', 'src', 'mid', 'LEFT', 'RIGHT', '0');
      await waitBlocked(1);
      send(1, 'BRPOPLPUSH', 'mid', 'dst', '0');
      await waitBlocked(2);
      send(2, 'BLMPOP', '0', '1', 'dst', 'LEFT', 'COUNT', '3');
      await waitBlocked(3);
      await pair.same([['RPUSH', 'src', 'v']]);
      await expectSame(0);
      await expectSame(1);
      await expectSame(2);
      await pair.same([['DBSIZE']]);
    });

    it('a wrong-typed destination fails the woken client, the next waiter gets the element', async () => {
      await pair.same([['SET', 'bad', 'x']]);
      send(0, 'BRPOPLPUSH', 'src', 'bad', '0');
      await waitBlocked(1);
      send(1, 'BLMOVE', 'src', 'good', 'RIGHT', 'LEFT', '0');
      await waitBlocked(2);
      await pair.same([['RPUSH', 'src', 'e']]);
      await expectSame(0);
      await expectSame(1);
      await pair.same([['LRANGE', 'good', '0', '-1'], ['EXISTS', 'src']]);
    });

    it('pipelined commands wait behind the blocked one; LPUSH+DEL in MULTI wakes nobody', async () => {
      for (const c of [pc[0], rc[0]]) c.write('*3\r\n$5\r\nBLPOP\r\n$1\r\nk\r\n$1\r\n0\r\n*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nLLEN\r\n$1\r\nk\r\n');
      await waitBlocked(1);
      await pair.same([['MULTI'], ['LPUSH', 'k', 'x'], ['DEL', 'k'], ['EXEC'], ['SET', 'k', 'str'], ['DEL', 'k']]);
      await pair.same([['INFO', 'nosuchsection'], ['RPUSH', 'k', 'a', 'b']]);
      await expectSame(0, 3);
    });

    it('fairness with a client pipelining LPUSH and BLPOP', async () => {
      send(0, 'BLPOP', 'm', '0');
      await waitBlocked(1);
      for (const c of [pc[1], rc[1]]) c.write('*3\r\n$5\r\nLPUSH\r\n$1\r\nm\r\n$1\r\n1\r\n*3\r\n$5\r\nBLPOP\r\n$1\r\nm\r\n$1\r\n0\r\n');
      await expectSame(0);
      await expectSame(1);
      await waitBlocked(1);
      await pair.same([['LPUSH', 'm', '2']]);
      await expectSame(1);
    });

    it('CLIENT UNBLOCK with TIMEOUT and ERROR, in RESP3 too', async () => {
      const ids = await Promise.all([pc[0].call('CLIENT', 'ID'), rc[0].call('CLIENT', 'ID')]);
      for (const c of [pc[0], rc[0]]) await c.call('HELLO', '3');
      send(0, 'BLMPOP', '0', '1', 'k', 'LEFT');
      await waitBlocked(1);
      const [p, r] = await Promise.all([pair.p.call('CLIENT', 'UNBLOCK', ids[0].slice(1, -2)), pair.r.call('CLIENT', 'UNBLOCK', ids[1].slice(1, -2))]);
      expect(p).toBe(r);
      await expectSame(0);
      send(0, 'BLPOP', 'k', '0');
      await waitBlocked(1);
      await Promise.all([pair.p.call('CLIENT', 'UNBLOCK', ids[0].slice(1, -2), 'ERROR'), pair.r.call('CLIENT', 'UNBLOCK', ids[1].slice(1, -2), 'ERROR')]);
      await expectSame(0);
    });

    it('timeouts answer with a null array, BLMOVE and BRPOPLPUSH included', async () => {
      send(0, 'BLPOP', 'k', '0.02');
      send(1, 'BLMOVE', 'k', 'd', 'LEFT', 'LEFT', '0.02');
      for (const c of [pc[2], rc[2]]) await c.call('HELLO', '3');
      send(2, 'BRPOPLPUSH', 'k', 'd', '0.02');
      await expectSame(0);
      await expectSame(1);
      await expectSame(2);
    });
  });
});
