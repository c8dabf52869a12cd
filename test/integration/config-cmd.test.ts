// CONFIG GET / SET / RESETSTAT / REWRITE / HELP as a client sees them.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPetrel } from '../helpers/server.js';
import { RawClient } from '../helpers/raw.js';
import type { PetrelServer } from '../../src/index.js';

let petrel: PetrelServer;
let raw: RawClient;

beforeAll(async () => {
  petrel = await startPetrel();
  raw = await RawClient.connect(petrel.port);
});

afterAll(async () => {
  raw.close();
  await petrel.close();
});

describe('CONFIG GET', () => {
  it('answers several names and patterns, as a flat array in RESP2', async () => {
    expect(await raw.call('CONFIG', 'GET', 'maxmemory')).toBe('*2\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n');
    expect(await raw.call('CONFIG', 'GET', 'databases', 'maxmemory')).toBe('*4\r\n$9\r\ndatabases\r\n$2\r\n16\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n');
    const r = await raw.call('CONFIG', 'GET', 'maxmemory-*');
    expect(r).toContain('$16\r\nmaxmemory-policy\r\n$10\r\nnoeviction\r\n');
    expect(r).not.toContain('$9\r\nmaxmemory\r\n');
    expect(await raw.call('CONFIG', 'GET', 'nosuch')).toBe('*0\r\n');
  });

  it('is a map in RESP3', async () => {
    const c = await RawClient.connect(petrel.port);
    await c.call('HELLO', '3');
    expect(await c.call('CONFIG', 'GET', 'maxmemory')).toBe('%1\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n');
    c.close();
  });
});

describe('CONFIG SET', () => {
  it('sets several values at once and reads them back', async () => {
    expect(await raw.call('CONFIG', 'SET', 'maxmemory', '1mb', 'maxmemory-policy', 'allkeys-lru')).toBe('+OK\r\n');
    expect(await raw.call('CONFIG', 'GET', 'maxmemory')).toBe('*2\r\n$9\r\nmaxmemory\r\n$7\r\n1048576\r\n');
    expect(petrel.server.config.str('maxmemory-policy')).toBe('allkeys-lru');
    await raw.call('CONFIG', 'SET', 'maxmemory', '0', 'maxmemory-policy', 'noeviction');
  });

  it('is all or nothing', async () => {
    expect(await raw.call('CONFIG', 'SET', 'maxmemory', '5mb', 'maxmemory-policy', 'bogus')).toMatch(/^-ERR CONFIG SET failed \(possibly related to argument 'maxmemory-policy'\) - /);
    expect(await raw.call('CONFIG', 'GET', 'maxmemory')).toBe('*2\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n');
  });

  it('errors as Redis', async () => {
    expect(await raw.call('CONFIG', 'SET', 'foo', 'bar')).toBe("-ERR Unknown option or number of arguments for CONFIG SET - 'foo'\r\n");
    expect(await raw.call('CONFIG', 'SET', 'maxmemory', 'abc')).toBe("-ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value\r\n");
    expect(await raw.call('CONFIG', 'SET', 'maxmemory', '1', 'maxmemory', '2')).toBe("-ERR CONFIG SET failed (possibly related to argument 'maxmemory') - duplicate parameter\r\n");
    expect(await raw.call('CONFIG', 'SET', 'maxmemory', '1', 'x')).toBe('-ERR syntax error\r\n');
    expect(await raw.call('CONFIG', 'SET', 'maxmemory')).toBe("-ERR wrong number of arguments for 'config|set' command\r\n");
    expect(await raw.call('CONFIG', 'SET', 'databases', '4')).toBe("-ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config\r\n");
    expect(await raw.call('CONFIG')).toBe("-ERR wrong number of arguments for 'config' command\r\n");
    expect(await raw.call('CONFIG', 'FOO')).toBe("-ERR unknown subcommand 'FOO'. Try CONFIG HELP.\r\n");
  });
});

describe('CONFIG RESETSTAT', () => {
  it('zeroes commandstats, errorstats and counters', async () => {
    await raw.call('GET', 'x');
    await raw.call('NOSUCH');
    expect(await raw.call('CONFIG', 'RESETSTAT')).toBe('+OK\r\n');
    const info = await raw.call('INFO', 'commandstats', 'errorstats', 'stats');
    expect(info).not.toContain('cmdstat_get:');
    expect(info).toContain('# Errorstats\r\n\r\n');
    expect(info).toContain('\r\ntotal_error_replies:0\r\n');
    expect(info).toContain('\r\nkeyspace_misses:0\r\n');
    // The INFO call itself is the only command counted since the reset.
    expect(info).toMatch(/\r\ntotal_commands_processed:[01]\r\n/);
  });
});

describe('CONFIG REWRITE', () => {
  it('fails without a config file', async () => {
    expect(await raw.call('CONFIG', 'REWRITE')).toBe('-ERR The server is running without a config file\r\n');
  });

  it('writes the file the server was started with', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'petrel-cfg-'));
    const file = path.join(dir, 'redis.conf');
    fs.writeFileSync(file, 'port 0\nbind 127.0.0.1\nsave ""\nloglevel warning\n');
    const p = await startPetrel({ configFile: file });
    const c = await RawClient.connect(p.port);
    try {
      expect(await c.call('CONFIG', 'SET', 'maxmemory', '2mb')).toBe('+OK\r\n');
      expect(await c.call('CONFIG', 'REWRITE')).toBe('+OK\r\n');
      expect(fs.readFileSync(file, 'latin1')).toMatch(/\nmaxmemory 2mb\n/);
    } finally {
      c.close();
      await p.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('CONFIG HELP', () => {
  it('lists the subcommands', async () => {
    expect(await raw.call('CONFIG', 'HELP')).toBe(
      '*11\r\n+CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+GET <pattern>\r\n+    Return parameters matching the glob-like <pattern> and their values.\r\n' +
        '+SET <directive> <value>\r\n+    Set the configuration <directive> to <value>.\r\n+RESETSTAT\r\n+    Reset statistics reported by the INFO command.\r\n' +
        '+REWRITE\r\n+    Rewrite the configuration file.\r\n+HELP\r\n+    Prints this help.\r\n',
    );
  });
});
