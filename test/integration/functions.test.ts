// FUNCTION libraries end to end: persistence in RDB files (both ways with a real
// redis-server), AOF logging and rewrites (command base and RDB preamble),
// DEBUG RELOAD, FUNCTION LOAD's time limit, RESTORE policies, flags.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw.js';
import { startPetrel } from '../helpers/server.js';
import { startRealRedis } from '../helpers/redis.js';
import { HAVE_REDIS } from '../helpers/differential.js';
import type { PetrelServer } from '../../src/index.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'petrel-fn-'));
  cleanup.push(() => fs.rmSync(d, { recursive: true, force: true }));
  return d;
}

async function start(options: Record<string, string>): Promise<{ s: PetrelServer; c: RawClient }> {
  const s = await startPetrel(options);
  const c = await RawClient.connect(s.port);
  cleanup.push(() => s.close());
  cleanup.push(() => c.close());
  return { s, c };
}

const LIB = "#!lua name=counter\nredis.register_function{function_name='bump', callback=function(keys) return redis.call('incr', keys[1]) end, description='adds one'}\nredis.register_function{function_name='peek', callback=function(keys) return redis.call('get', keys[1]) end, flags={'no-writes'}}";

async function waitFor(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('functions persist', () => {
  it('in the RDB file: SAVE, restart, the library is back', async () => {
    const dir = tempDir();
    const first = await start({ dir });
    expect(await first.c.call('FUNCTION', 'LOAD', LIB)).toBe('$7\r\ncounter\r\n');
    expect(await first.c.call('FCALL', 'bump', '1', 'n')).toBe(':1\r\n');
    expect(await first.c.call('SAVE')).toBe('+OK\r\n');
    first.c.close();
    await first.s.close();
    const second = await start({ dir, 'enable-debug-command': 'yes' });
    expect(await second.c.call('FCALL', 'bump', '1', 'n')).toBe(':2\r\n');
    expect(await second.c.call('FCALL_RO', 'peek', '1', 'n')).toBe('$1\r\n2\r\n');
    expect(await second.c.call('FCALL_RO', 'bump', '1', 'n')).toBe('-ERR Can not execute a script with write flag using *_ro command.\r\n');
    expect(await second.c.call('FUNCTION', 'LIST', 'WITHCODE')).toBe(
      '*1\r\n*8\r\n$12\r\nlibrary_name\r\n$7\r\ncounter\r\n$6\r\nengine\r\n$3\r\nLUA\r\n$9\r\nfunctions\r\n*2\r\n' +
        '*6\r\n$4\r\nname\r\n$4\r\nbump\r\n$11\r\ndescription\r\n$8\r\nadds one\r\n$5\r\nflags\r\n*0\r\n' +
        '*6\r\n$4\r\nname\r\n$4\r\npeek\r\n$11\r\ndescription\r\n$-1\r\n$5\r\nflags\r\n*1\r\n+no-writes\r\n' +
        `$12\r\nlibrary_code\r\n$${LIB.length}\r\n${LIB}\r\n`,
    );
    // DEBUG RELOAD keeps them too.
    expect(await second.c.call('DEBUG', 'RELOAD')).toBe('+OK\r\n');
    expect(await second.c.call('FCALL', 'bump', '1', 'n')).toBe(':3\r\n');
  });

  it('in the AOF: FUNCTION LOAD is logged, rewrites start with the libraries (command base and RDB preamble)', async () => {
    for (const preamble of ['no', 'yes']) {
      const dir = tempDir();
      const opts = { dir, appendonly: 'yes', appendfsync: 'always', 'aof-use-rdb-preamble': preamble };
      const first = await start(opts);
      await first.c.call('FUNCTION', 'LOAD', LIB);
      await first.c.call('FCALL', 'bump', '1', 'n');
      expect(await first.c.call('BGREWRITEAOF')).toBe('+Background append only file rewriting started\r\n');
      await waitFor(async () => /aof_rewrite_in_progress:0/.test(await first.c.call('INFO', 'persistence')));
      const files = fs.readdirSync(path.join(dir, 'appendonlydir'));
      const base = files.find((f) => f.includes('.base.'))!;
      const text = fs.readFileSync(path.join(dir, 'appendonlydir', base), 'latin1');
      if (preamble === 'no') expect(text.startsWith(`*3\r\n$8\r\nFUNCTION\r\n$4\r\nLOAD\r\n$${LIB.length}\r\n${LIB}\r\n`)).toBe(true);
      else expect(text.startsWith('REDIS0011')).toBe(true);
      await first.c.call('FCALL', 'bump', '1', 'n');
      first.c.close();
      await first.s.close();
      const second = await start(opts);
      expect(await second.c.call('FCALL', 'bump', '1', 'n')).toBe(':3\r\n');
      expect(await second.c.call('FUNCTION', 'DELETE', 'counter')).toBe('+OK\r\n');
      second.c.close();
      await second.s.close();
      const third = await start(opts);
      expect(await third.c.call('FCALL', 'bump', '1', 'n')).toBe('-ERR Function not found\r\n');
    }
  });
});

describe.skipIf(!HAVE_REDIS)('RDB files move between Petrel and redis-server with their functions', () => {
  it('Petrel (RDB version 10) to redis-server 7.0 and back', async () => {
    const dir = tempDir();
    const p = await start({ dir, 'rdb-version': '10' });
    await p.c.call('FUNCTION', 'LOAD', LIB);
    await p.c.call('SET', 'n', '41');
    expect(await p.c.call('SAVE')).toBe('+OK\r\n');
    p.c.close();
    await p.s.close();
    const redis = (await startRealRedis(['--dir', dir]))!;
    cleanup.push(() => redis.close());
    const r = await RawClient.connect(redis.port);
    cleanup.push(() => r.close());
    expect(await r.call('FCALL', 'bump', '1', 'n')).toBe(':42\r\n');
    await r.call('FUNCTION', 'LOAD', "#!lua name=fromredis\nredis.register_function('hello', function() return 'hi from redis' end)");
    expect(await r.call('SAVE')).toBe('+OK\r\n');
    const back = await start({ dir });
    expect(await back.c.call('FCALL', 'hello', '0')).toBe('$13\r\nhi from redis\r\n');
    expect(await back.c.call('FCALL', 'bump', '1', 'n')).toBe(':43\r\n');
  });
});

describe('FUNCTION LOAD / RESTORE details', () => {
  it('a library whose top-level code runs too long fails the load; the engine recovers', async () => {
    const { c } = await start({});
    expect(await c.call('FUNCTION', 'LOAD', '#!lua name=slow\nwhile true do end')).toBe('-ERR Error registering functions: ERR FUNCTION LOAD timeout\r\n');
    expect(await c.call('FUNCTION', 'LOAD', LIB)).toBe('$7\r\ncounter\r\n');
    expect(await c.call('FCALL', 'bump', '1', 'x')).toBe(':1\r\n');
  });

  it('RESTORE APPEND / REPLACE / FLUSH, and a failed REPLACE load keeps the old library', async () => {
    const { c } = await start({});
    await c.call('FUNCTION', 'LOAD', LIB);
    const dump = await c.call('FUNCTION', 'DUMP');
    const payload = Buffer.from(dump.slice(dump.indexOf('\r\n') + 2, -2), 'latin1');
    expect(await c.call('FUNCTION', 'RESTORE', payload)).toBe('-ERR Library counter already exists\r\n');
    expect(await c.call('FUNCTION', 'RESTORE', payload, 'REPLACE')).toBe('+OK\r\n');
    await c.call('FUNCTION', 'LOAD', "#!lua name=other\nredis.register_function('other', function() return 1 end)");
    expect(await c.call('FUNCTION', 'RESTORE', payload, 'FLUSH')).toBe('+OK\r\n');
    expect(await c.call('FCALL', 'other', '0')).toBe('-ERR Function not found\r\n');
    expect(await c.call('FUNCTION', 'LOAD', 'REPLACE', '#!lua name=counter\nsyntax error here')).toMatch(/^-ERR Error compiling function: user_function:2: /);
    expect(await c.call('FCALL', 'bump', '1', 'k')).toBe(':1\r\n');
    expect(await c.call('FUNCTION', 'LOAD', 'REPLACE', "#!lua name=counter\nredis.register_function('bump2', function() return 2 end)")).toBe('$7\r\ncounter\r\n');
    expect(await c.call('FCALL', 'bump', '1', 'k')).toBe('-ERR Function not found\r\n');
    expect(await c.call('FCALL', 'BUMP2', '0')).toBe(':2\r\n');
    expect(await c.call('FUNCTION', 'STATS')).toBe(
      '*4\r\n$14\r\nrunning_script\r\n$-1\r\n$7\r\nengines\r\n*2\r\n$3\r\nLUA\r\n*4\r\n$15\r\nlibraries_count\r\n:1\r\n$15\r\nfunctions_count\r\n:1\r\n',
    );
    expect(await c.call('FUNCTION', 'FLUSH')).toBe('+OK\r\n');
    expect(await c.call('FUNCTION', 'DUMP')).toBe('$10\r\n\u000b\u0000' + Buffer.from([0x34, 0x44, 0xe1, 0x33, 0xf2, 0xe0, 0x4b, 0x53]).latin1Slice() + '\r\n');
  });
});
