// Scripting internals: the Lua engine wrapper, the tail-call rewrite, shebang
// parsing, result conversion, and the FUNCTION DUMP codec (exact LZF).

import { describe, expect, it } from 'vitest';
import { LuaVm, sha1, T_BULK, T_INT, T_SCRIPT_ERROR } from '../../src/scripting/engine.js';
import { protectTailCalls } from '../../src/scripting/rewrite.js';
import { parseShebang, F_EVAL_COMPAT, F_NO_WRITES, F_ALLOW_OOM } from '../../src/scripting/flags.js';
import { writeResult } from '../../src/scripting/convert.js';
import { ReplyWriter } from '../../src/protocol/reply.js';
import { encodeFunctionsPayload, decodeFunctionsPayload, encodeRdbString, lzfCompressExact } from '../../src/scripting/persist.js';
import { lzfDecompress } from '../../src/persistence/rdb-format.js';

describe('LuaVm (lua-redis-wasm driven through its ABI)', () => {
  const calls: string[][] = [];
  const vm = new LuaVm(
    {
      call(argv) {
        calls.push(argv);
        if (argv[0] === 'echo') return `$${argv[1].length}\r\n${argv[1]}\r\n`;
        if (argv[0] === 'calibrate') return '+OK\r\n';
        return '-ERR nope\r\n';
      },
      log() {},
      setResp() {},
    },
    { redisVersion: '7.2.4' },
  );

  it('passes KEYS/ARGV and redis.call arguments binary-safe, and returns tagged results', () => {
    const bin = '\u0000\u00ff\r\n\u0001';
    const r = vm.run("return redis.pcall('echo', KEYS[1] .. ARGV[1])", [bin], ['x']);
    expect(r[0]).toBe(T_BULK);
    expect(r.readUInt32LE(1)).toBe(6);
    expect(r.latin1Slice(5)).toBe(bin + 'x');
    expect(calls.at(-1)).toEqual(['echo', bin + 'x']);
    const n = vm.run('return 40 + 2', [], []);
    expect(n[0]).toBe(T_INT);
    expect(n.readBigInt64LE(5)).toBe(42n);
  });

  it('turns a runaway allocation into a Lua error and keeps working', () => {
    const r = vm.run("local t = {} for i = 1, 1e9 do t[i] = string.rep('y', 8192) .. i end", [], []);
    expect(r[0]).toBe(T_SCRIPT_ERROR);
    expect(r.latin1Slice(9)).toBe('not enough memory');
    expect(vm.run("collectgarbage() return 'ok'", [], []).latin1Slice(5)).toBe('ok');
  });

  it('finds its instruction counter so the worker can lift the budget', () => {
    vm.run("for i = 1, 5000 do end return redis.pcall('calibrate')", [], []);
    expect(vm.calibrateFuel()).toBe(true);
  });

  it('sha1 is Redis’s script id', () => {
    expect(sha1('')).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(sha1('return 1')).toBe('e0e1f9fabfc9d4800c877a703b823ac0578ff8db');
  });
});

describe('protectTailCalls', () => {
  it('parenthesizes return redis.<fn>(...) so the caller frame survives', () => {
    expect(protectTailCalls("return redis.call('get', KEYS[1])")).toBe("return (redis.call('get', KEYS[1]))");
    expect(protectTailCalls("if x then return redis.pcall('a', f(1, (2))) end")).toBe("if x then return (redis.pcall('a', f(1, (2)))) end");
    expect(protectTailCalls("return redis . call ( 'x' ) , 2")).toBe("return (redis . call ( 'x' )) , 2");
    expect(protectTailCalls("return redis.call('a')\nreturn redis.call('b')")).toBe("return (redis.call('a'))\nreturn (redis.call('b'))");
  });

  it('leaves strings, comments, long brackets and other calls alone', () => {
    for (const src of [
      "local s = 'return redis.call(' return s",
      '-- return redis.call(\nreturn 1',
      '--[[ return redis.call( ]] return 1',
      "local s = [==[ return redis.call('x') ]==] return s",
      "return f(redis.call('x'))",
      "myreturn = 1 return redis_call('x')",
      "return redis.call 'x'",
      "return redis.call('unbalanced'",
    ]) {
      expect(protectTailCalls(src)).toBe(src);
    }
  });
});

describe('parseShebang', () => {
  it('reads flags and keeps line numbers', () => {
    expect(parseShebang('return 1')).toEqual({ flags: F_EVAL_COMPAT, source: 'return 1' });
    expect(parseShebang('#!lua\nreturn 1')).toEqual({ flags: 0, source: '\nreturn 1' });
    expect(parseShebang('#!lua flags=no-writes,allow-oom\nreturn 1')).toEqual({ flags: F_NO_WRITES | F_ALLOW_OOM, source: '\nreturn 1' });
    expect(parseShebang('#!lua flags=\nreturn 1')).toEqual({ flags: 0, source: '\nreturn 1' });
  });

  it('rejects what Redis rejects, with its messages', () => {
    expect(parseShebang('#!lua')).toBe('Invalid script shebang');
    expect(parseShebang('#!js\n')).toBe('Unexpected engine in script shebang: #!js');
    expect(parseShebang('#!lua x=1\n')).toBe('Unknown lua shebang option: x=1');
    expect(parseShebang('#!lua flags=no-writes,,\n')).toBe('Unexpected flag in script shebang: ');
  });
});

describe('writeResult', () => {
  function render(s: string, resp: 2 | 3): string {
    const w = new ReplyWriter();
    w.resp = resp;
    writeResult(w, s, 'abc', 'user_script');
    return w.out;
  }

  it('maps results to RESP2 and RESP3 shapes', () => {
    const map = '%2\n$1\na:1\n$1\nb_';
    expect(render(map, 2)).toBe('*4\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n$-1\r\n');
    expect(render(map, 3)).toBe('%2\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n_\r\n');
    expect(render(',0.1\n', 2)).toBe('$3\r\n0.1\r\n');
    expect(render('(3\n123', 3)).toBe('(123\r\n');
    expect(render('=2\ntxthi', 3)).toBe('=6\r\ntxt:hi\r\n');
    expect(render('#t', 2)).toBe(':1\r\n');
    expect(render('+4\na\r\nb', 2)).toBe('+a  b\r\n');
    expect(render('-5\nE x\r\n', 2)).toBe('-E x\r\n');
  });

  it('completes raised errors with the script name and line', () => {
    expect(render('!3\n08\nERR boom', 2)).toBe('-ERR boom script: abc, on @user_script:3.\r\n');
    expect(render('!0\n08\nERR boom', 2)).toBe('-ERR boom\r\n');
    expect(render('@17\nnot enough memory', 2)).toBe('-ERR Error running script abc, not enough memory\r\n');
  });
});

describe('FUNCTION DUMP codec', () => {
  it('round-trips payloads and names Redis’s errors', () => {
    const codes = ['#!lua name=a\n' + 'x'.repeat(100), '#!lua name=b\nredis.register_function("f", function() return 1 end)'];
    const p = encodeFunctionsPayload(codes);
    expect(decodeFunctionsPayload(p)).toEqual(codes);
    expect(p[p.length - 10]).toBe(11);
    const bad = Buffer.from(p);
    bad[3] ^= 1;
    expect(decodeFunctionsPayload(bad)).toBe('DUMP payload version or checksum are wrong');
    expect(decodeFunctionsPayload(Buffer.from('short'))).toBe('DUMP payload version or checksum are wrong');
  });

  it('compresses exactly like liblzf and decompresses back', () => {
    let seed = 7;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let t = 0; t < 300; t++) {
      const len = 21 + Math.floor(rnd() * 3000);
      const alphabet = 1 + Math.floor(rnd() * 20);
      const src = Buffer.alloc(len);
      for (let i = 0; i < len; i++) src[i] = 97 + Math.floor(rnd() * alphabet);
      const packed = lzfCompressExact(src, len - 4);
      if (packed === null) continue;
      expect(lzfDecompress(packed, len).equals(src)).toBe(true);
    }
    // Integers use the integer encodings; short strings stay raw.
    expect([...encodeRdbString('12')]).toEqual([0xc0, 12]);
    expect([...encodeRdbString('-300')]).toEqual([0xc1, 0xd4, 0xfe]);
    expect([...encodeRdbString('abc')]).toEqual([3, 97, 98, 99]);
  });
});
