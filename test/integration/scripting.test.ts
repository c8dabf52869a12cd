// EVAL and friends end to end: Redis 7.2's formatting where it differs from
// the 7.0 oracle, the busy / kill flow with two clients, effects replication
// into the AOF (MULTI/EXEC wrapping, redis.set_repl), the script cache,
// maxmemory and shebang flags, runaway scripts, and ioredis's script helpers.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { RawClient } from '../helpers/raw.js';
import { startPetrel } from '../helpers/server.js';
import type { PetrelServer } from '../../src/index.js';
import { sha1 } from '../../src/scripting/engine.js';

const BUSY_EVAL = '-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n';
const BUSY_FUNCTION = '-BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.\r\n';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function server(options: Record<string, string> = {}): Promise<PetrelServer> {
  const s = await startPetrel(options);
  cleanup.push(() => s.close());
  return s;
}

async function client(port: number): Promise<RawClient> {
  const c = await RawClient.connect(port);
  cleanup.push(() => c.close());
  return c;
}

/** Lua that keeps running (calling TIME) for about `ms` milliseconds. */
function SPIN_MS(ms: number): string {
  return (
    "local function now() local t = redis.call('time') return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) end " +
    `local stop = now() + ${ms} while now() < stop do end`
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

describe('Redis 7.2 formatting (differs from 7.0)', () => {
  let s: PetrelServer;
  let c: RawClient;
  beforeAll(async () => {
    s = await startPetrel();
    c = await RawClient.connect(s.port);
  });
  afterAll(async () => {
    c.close();
    await s.close();
  });

  it('numbers passed to redis.call use the shortest round-trip form (7.0: %.17g)', async () => {
    expect(await c.call('EVAL', "return redis.call('set', 'n', 0.1)", '0')).toBe('+OK\r\n');
    expect(await c.call('GET', 'n')).toBe('$3\r\n0.1\r\n');
    await c.call('EVAL', "return redis.call('set', 'n', 0.1 + 0.2)", '0');
    expect(await c.call('GET', 'n')).toBe('$19\r\n0.30000000000000004\r\n');
    await c.call('EVAL', "return redis.call('set', 'n', 2^62)", '0');
    expect(await c.call('GET', 'n')).toBe('$19\r\n4611686018427388000\r\n');
    await c.call('EVAL', "return redis.call('set', 'n', 1.5e-7)", '0');
    expect(await c.call('GET', 'n')).toBe('$6\r\n1.5e-7\r\n');
    await c.call('EVAL', "return redis.call('set', 'n', 1700000000123456)", '0');
    expect(await c.call('GET', 'n')).toBe('$16\r\n1700000000123456\r\n');
  });

  it('{double=...} replies use the same format in RESP2 and RESP3', async () => {
    expect(await c.call('EVAL', 'return {double=0.1}', '0')).toBe('$3\r\n0.1\r\n');
    await c.call('HELLO', '3');
    expect(await c.call('EVAL', 'return {double=0.1}', '0')).toBe(',0.1\r\n');
    expect(await c.call('EVAL', 'return {double=-1/0}', '0')).toBe(',-inf\r\n');
    await c.call('HELLO', '2');
  });
});

describe('busy scripts: BUSY replies, SCRIPT KILL, FUNCTION KILL, SHUTDOWN NOSAVE', () => {
  it('answers -BUSY to others, accepts SCRIPT KILL, then serves the caller and its pipelined commands', async () => {
    const s = await server({ 'busy-reply-threshold': '100' });
    const a = await client(s.port);
    const b = await client(s.port);
    const script = 'local i = 0\nwhile true do i = i + 1 end';
    a.send('EVAL', script, '0');
    a.send('PING'); // waits behind the script: replies stay in order
    await sleep(400);
    expect(await b.call('PING')).toBe(BUSY_EVAL);
    expect(await b.call('GET', 'k')).toBe(BUSY_EVAL);
    expect(await b.call('MULTI')).toBe('+OK\r\n'); // allow_busy
    expect(await b.call('SET', 'k', 'v')).toBe(BUSY_EVAL);
    expect(await b.call('EXEC')).toBe('-EXECABORT Transaction discarded because of: ' + BUSY_EVAL.slice(1));
    expect(await b.call('FUNCTION', 'KILL')).toBe(BUSY_EVAL);
    expect(await b.call('SHUTDOWN')).toBe(BUSY_EVAL);
    expect(await b.call('FUNCTION', 'STATS')).toBe(BUSY_EVAL);
    expect(await b.call('SCRIPT', 'KILL')).toBe('+OK\r\n');
    expect(await a.read(2)).toBe(`-ERR Script killed by user with SCRIPT KILL... script: ${sha1(script)}, on @user_script:2.\r\n+PONG\r\n`);
    expect(await b.call('PING')).toBe('+PONG\r\n');
    expect(await b.call('SCRIPT', 'KILL')).toBe('-NOTBUSY No scripts in execution right now.\r\n');
    // The engine restarts on demand; cached scripts still run.
    expect(await b.call('EVAL', 'return 7', '0')).toBe(':7\r\n');
    expect(await b.call('SCRIPT', 'EXISTS', sha1(script))).toBe('*1\r\n:1\r\n');
  });

  it('a script that wrote cannot be killed; SHUTDOWN NOSAVE stops the server', async () => {
    const s = await startPetrel({ 'busy-reply-threshold': '100' });
    const a = await RawClient.connect(s.port);
    const b = await RawClient.connect(s.port);
    try {
      a.send('EVAL', "redis.call('set', 'written', '1') while true do end", '0');
      await sleep(400);
      expect(await b.call('SCRIPT', 'KILL')).toBe(
        '-UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.\r\n',
      );
      expect(await b.call('SHUTDOWN')).toBe(BUSY_EVAL);
      b.send('SHUTDOWN', 'NOSAVE');
      expect(await b.waitClosed()).toBe('');
      await a.waitClosed();
      const refused = await new Promise<boolean>((resolve) => {
        const sock = net.connect({ port: s.port, host: '127.0.0.1' }, () => {
          sock.destroy();
          resolve(false);
        });
        sock.on('error', () => resolve(true));
      });
      expect(refused).toBe(true);
    } finally {
      a.close();
      b.close();
      await s.close();
    }
  });

  it('FUNCTION KILL stops a busy function; FUNCTION STATS describes it; SCRIPT KILL refuses', async () => {
    const s = await server({ 'busy-reply-threshold': '100' });
    const a = await client(s.port);
    const b = await client(s.port);
    await a.call('FUNCTION', 'LOAD', "#!lua name=loop\nredis.register_function('spin', function() while true do end end)");
    a.send('FCALL', 'spin', '0');
    await sleep(400);
    expect(await b.call('PING')).toBe(BUSY_FUNCTION);
    expect(await b.call('SCRIPT', 'KILL')).toBe(BUSY_FUNCTION);
    const stats = await b.call('FUNCTION', 'STATS');
    expect(stats).toMatch(/^\*4\r\n\$14\r\nrunning_script\r\n\*6\r\n\$4\r\nname\r\n\$4\r\nspin\r\n\$7\r\ncommand\r\n\*3\r\n\$5\r\nFCALL\r\n\$4\r\nspin\r\n\$1\r\n0\r\n\$11\r\nduration_ms\r\n:\d+\r\n\$7\r\nengines\r\n/);
    expect(await b.call('FUNCTION', 'KILL')).toBe('+OK\r\n');
    expect(await a.read(1)).toBe('-ERR Script killed by user with SCRIPT KILL... script: spin, on @user_function:2.\r\n');
    // The library is loaded again into the new engine when called.
    await a.call('FUNCTION', 'LOAD', "#!lua name=ok\nredis.register_function('ok', function() return 'fine' end)");
    expect(await a.call('FCALL', 'ok', '0')).toBe('$4\r\nfine\r\n');
  });

  it('inside MULTI/EXEC a long script runs to its end (the EXEC cannot be suspended)', async () => {
    const s = await server({ 'busy-reply-threshold': '50' });
    const a = await client(s.port);
    expect(await a.call('MULTI')).toBe('+OK\r\n');
    expect(await a.call('EVAL', `redis.call('set', 'm', '1') ${SPIN_MS(200)} return 'spun'`, '0')).toBe('+QUEUED\r\n');
    expect(await a.call('INCR', 'm')).toBe('+QUEUED\r\n');
    expect(await a.call('EXEC')).toBe('*2\r\n$4\r\nspun\r\n:2\r\n');
  });

  it('keeps other work paused: no expiry, no blocked client served mid-script', async () => {
    const s = await server({ 'busy-reply-threshold': '50' });
    const a = await client(s.port);
    const b = await client(s.port);
    const waiter = await client(s.port);
    waiter.send('BLPOP', 'q', '0');
    await sleep(50);
    // Pushes, then spins: the waiter must not get the element before the script ends.
    a.send('EVAL', `redis.call('rpush', 'q', 'x') ${SPIN_MS(800)} return 'done'`, '0');
    await sleep(300);
    expect(await b.call('PING')).toBe(BUSY_EVAL);
    await expect(waiter.read(1, 200)).rejects.toThrow(/timeout/);
    expect(await a.read(1, 5000)).toBe('$4\r\ndone\r\n');
    expect(await waiter.read(1)).toBe('*2\r\n$1\r\nq\r\n$1\r\nx\r\n');
    expect(await b.call('PING')).toBe('+PONG\r\n');
  });
});

describe('effects replication: what the AOF records', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  function incrCommands(dir: string): string[][] {
    const m = fs.readFileSync(path.join(dir, 'appendonlydir', 'appendonly.aof.manifest'), 'latin1');
    const incr = /file (\S+\.incr\.aof) seq \d+ type i\n$/.exec(m)![1];
    const text = fs.readFileSync(path.join(dir, 'appendonlydir', incr), 'latin1');
    const out: string[][] = [];
    let p = 0;
    while (p < text.length) {
      const nl = text.indexOf('\r\n', p);
      const n = Number(text.slice(p + 1, nl));
      p = nl + 2;
      const argv: string[] = [];
      for (let i = 0; i < n; i++) {
        const nl2 = text.indexOf('\r\n', p);
        const len = Number(text.slice(p + 1, nl2));
        argv.push(text.slice(nl2 + 2, nl2 + 2 + len));
        p = nl2 + 2 + len + 2;
      }
      out.push(argv);
    }
    return out;
  }

  it('logs the commands a script ran, wrapped in MULTI/EXEC, never the EVAL; REPL_NONE hides commands', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'petrel-lua-aof-'));
    dirs.push(dir);
    const s = await server({ dir, appendonly: 'yes', appendfsync: 'always' });
    const c = await client(s.port);
    expect(await c.call('EVAL', "redis.call('set', KEYS[1], '1') redis.call('incr', KEYS[1]) return redis.call('get', KEYS[1])", '1', 'a')).toBe('$1\r\n2\r\n');
    expect(await c.call('EVAL', "return redis.call('set', 'single', 'v')", '0')).toBe('+OK\r\n');
    expect(await c.call('EVAL', "return redis.call('get', 'single')", '0')).toBe('$1\r\nv\r\n');
    expect(
      await c.call(
        'EVAL',
        "redis.call('set', 'seen', '1') redis.set_repl(redis.REPL_NONE) redis.call('set', 'hidden', '1') redis.set_repl(redis.REPL_ALL) redis.call('set', 'seen2', '1') return 1",
        '0',
      ),
    ).toBe(':1\r\n');
    expect(await c.call('EVAL', "redis.call('select', 3) return redis.call('set', 'in3', 'x')", '0')).toBe('+OK\r\n');
    expect(await c.call('EVAL', "redis.call('spop', 'noset') return redis.call('sadd', 's', 'a')", '0')).toBe(':1\r\n');
    await c.call('FUNCTION', 'LOAD', "#!lua name=lib\nredis.register_function('two', function(keys) redis.call('set', keys[1], 'a') return redis.call('append', keys[1], 'b') end)");
    expect(await c.call('FCALL', 'two', '1', 'f')).toBe(':2\r\n');
    expect(incrCommands(dir)).toEqual([
      ['SELECT', '0'],
      ['MULTI'],
      ['set', 'a', '1'],
      ['incr', 'a'],
      ['EXEC'],
      ['set', 'single', 'v'],
      ['MULTI'],
      ['set', 'seen', '1'],
      ['set', 'seen2', '1'],
      ['EXEC'],
      ['SELECT', '3'],
      ['set', 'in3', 'x'],
      ['SELECT', '0'],
      ['sadd', 's', 'a'],
      ['FUNCTION', 'LOAD', "#!lua name=lib\nredis.register_function('two', function(keys) redis.call('set', keys[1], 'a') return redis.call('append', keys[1], 'b') end)"],
      ['MULTI'],
      ['set', 'f', 'a'],
      ['append', 'f', 'b'],
      ['EXEC'],
    ]);
    // The hidden write happened, it just was not logged.
    expect(await c.call('GET', 'hidden')).toBe('$1\r\n1\r\n');
  });

  it('a busy script is logged as one unit when it ends', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'petrel-lua-aof-'));
    dirs.push(dir);
    const s = await server({ dir, appendonly: 'yes', appendfsync: 'always', 'busy-reply-threshold': '50' });
    const c = await client(s.port);
    const b = await client(s.port);
    c.send('EVAL', `redis.call('set', 'x', '1') ${SPIN_MS(600)} redis.call('set', 'y', '2') return 'ok'`, '0');
    await sleep(200);
    expect(await b.call('PING')).toBe(BUSY_EVAL);
    expect(incrCommands(dir)).toEqual([]);
    expect(await c.read(1, 5000)).toBe('$2\r\nok\r\n');
    expect(incrCommands(dir)).toEqual([['SELECT', '0'], ['MULTI'], ['set', 'x', '1'], ['set', 'y', '2'], ['EXEC']]);
  });
});

describe('script cache, flags, memory, runaway scripts', () => {
  let s: PetrelServer;
  let c: RawClient;
  beforeAll(async () => {
    s = await startPetrel();
    c = await RawClient.connect(s.port);
  });
  afterAll(async () => {
    c.close();
    await s.close();
  });

  it('SCRIPT LOAD / EXISTS / FLUSH and EVALSHA', async () => {
    const body = "return 'cached'";
    const sha = sha1(body);
    expect(await c.call('SCRIPT', 'LOAD', body)).toBe(`$40\r\n${sha}\r\n`);
    expect(await c.call('EVALSHA', sha, '0')).toBe('$6\r\ncached\r\n');
    expect(await c.call('EVALSHA_RO', sha.toUpperCase(), '0')).toBe('$6\r\ncached\r\n');
    expect(await c.call('SCRIPT', 'EXISTS', sha, sha1('nope'))).toBe('*2\r\n:1\r\n:0\r\n');
    expect(await c.call('SCRIPT', 'FLUSH')).toBe('+OK\r\n');
    expect(await c.call('EVALSHA', sha, '0')).toBe('-NOSCRIPT No matching script. Please use EVAL.\r\n');
    expect(await c.call('SCRIPT', 'HELP')).toMatch(/^\*\d+\r\n\+SCRIPT <subcommand>/);
    expect(await c.call('SCRIPT', 'DEBUG', 'YES')).toMatch(/^-ERR /);
  });

  it('maxmemory: writes refused before the first write, shebang flags decide', async () => {
    const t = await server({ maxmemory: '1', 'maxmemory-policy': 'noeviction' });
    const m = await client(t.port);
    const oom = "OOM command not allowed when used memory > 'maxmemory'.";
    expect(await m.call('EVAL', "return redis.call('set', 'a', 'b')", '0')).toBe(`-${oom} script: ${sha1("return redis.call('set', 'a', 'b')")}, on @user_script:1.\r\n`);
    expect(await m.call('EVAL', "return redis.call('get', 'a')", '0')).toBe('$-1\r\n');
    expect(await m.call('EVAL', "#!lua\nreturn redis.call('get', 'a')", '0')).toBe(`-${oom}\r\n`);
    expect(await m.call('EVAL', "#!lua flags=no-writes\nreturn redis.call('get', 'a')", '0')).toBe('$-1\r\n');
    expect(await m.call('EVAL', "#!lua flags=allow-oom\nreturn redis.call('set', 'a', 'b')", '0')).toBe('+OK\r\n');
  });

  it('a runaway allocation is an error, not a dead server', async () => {
    const body = "local t = {} for i = 1, 1e9 do t[i] = string.rep('x', 4096) .. i end return #t";
    expect(await c.call('EVAL', body, '0')).toBe(`-ERR Error running script ${sha1(body)}, not enough memory\r\n`);
    expect(await c.call('EVAL', "return redis.call('ping')", '0')).toBe('+PONG\r\n');
  });

  it('cjson and cmsgpack round trips', async () => {
    const doc = '{"a":[1,2,3],"b":{"c":"d"},"e":true,"f":null}';
    expect(await c.call('EVAL', 'local t = cjson.decode(ARGV[1]) return {t.a[3], t.b.c, tostring(t.e), tostring(t.f == cjson.null)}', '0', doc)).toBe(
      '*4\r\n:3\r\n$1\r\nd\r\n$4\r\ntrue\r\n$4\r\ntrue\r\n',
    );
    expect(await c.call('EVAL', "local p = cmsgpack.pack({1, 'two', {3}}) local u = cmsgpack.unpack(p) return {u[1], u[2], u[3][1], #p}", '0')).toBe(
      '*4\r\n:1\r\n$3\r\ntwo\r\n:3\r\n:8\r\n',
    );
    expect(await c.call('EVAL', 'return cjson.encode(cmsgpack.unpack(cmsgpack.pack({x = {1, 2}})))', '0')).toBe('$11\r\n{"x":[1,2]}\r\n');
  });

  it('scripts run against the caller database; redis.call errors keep their code and line', async () => {
    await c.call('SELECT', '4');
    await c.call('SET', 'only4', 'here');
    expect(await c.call('EVAL', "return redis.call('get', 'only4')", '0')).toBe('$4\r\nhere\r\n');
    await c.call('SELECT', '0');
    const body = "local a = 1\nlocal b = 2\nreturn redis.call('incrby', 'only4x', 'notanumber')";
    expect(await c.call('EVAL', body, '0')).toBe(`-ERR value is not an integer or out of range script: ${sha1(body)}, on @user_script:3.\r\n`);
  });
});

describe('ioredis script helpers', () => {
  it('defineCommand (EVALSHA with EVAL fallback) and eval work unchanged', async () => {
    const s = await server();
    const r = new Redis(s.port, '127.0.0.1', { lazyConnect: true });
    await r.connect();
    cleanup.push(() => r.disconnect());
    r.defineCommand('incrIfBelow', {
      numberOfKeys: 1,
      lua: "local v = tonumber(redis.call('get', KEYS[1]) or '0') if v < tonumber(ARGV[1]) then return redis.call('incr', KEYS[1]) end return -1",
    });
    const withCmd = r as unknown as { incrIfBelow(key: string, max: number): Promise<number> };
    expect(await withCmd.incrIfBelow('ctr', 2)).toBe(1);
    expect(await withCmd.incrIfBelow('ctr', 2)).toBe(2);
    expect(await withCmd.incrIfBelow('ctr', 2)).toBe(-1);
    expect(await r.eval("return {KEYS[1], ARGV[1], redis.call('ping')}", 1, 'k', 'arg')).toEqual(['k', 'arg', 'PONG']);
    await expect(r.eval("return redis.call('nosuch')", 0)).rejects.toThrow('Unknown Redis command called from script');
  });
});

describe('INFO memory counts scripts and functions', () => {
  it('number_of_cached_scripts, number_of_functions and number_of_libraries follow SCRIPT LOAD / FUNCTION LOAD / FLUSH', async () => {
    const server = await startPetrel();
    const c = await RawClient.connect(server.port);
    try {
      const field = async (name: string) => Number(new RegExp(`${name}:(\\d+)`).exec(await c.call('INFO', 'memory'))![1]);
      expect(await field('number_of_cached_scripts')).toBe(0);
      await c.call('SCRIPT', 'LOAD', 'return 1');
      await c.call('SCRIPT', 'LOAD', 'return 2');
      expect(await field('number_of_cached_scripts')).toBe(2);
      expect(await field('used_memory_scripts_eval')).toBeGreaterThan(0);
      await c.call('FUNCTION', 'LOAD', "#!lua name=lib1\nredis.register_function('f1', function() return 1 end)\nredis.register_function('f2', function() return 2 end)");
      expect(await field('number_of_functions')).toBe(2);
      expect(await field('number_of_libraries')).toBe(1);
      await c.call('SCRIPT', 'FLUSH');
      expect(await field('number_of_cached_scripts')).toBe(0);
    } finally {
      c.close();
      await server.close();
    }
  });
});
