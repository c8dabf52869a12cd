// COMMAND and its subcommands: Redis 7's COMMAND INFO layout (RESP2 and RESP3
// shapes), COMMAND DOCS with 7.2's display_text, GETKEYS, LIST filters, errors.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Redis from 'ioredis';
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

const GET_INFO_RESP2 =
  '*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n*3\r\n+@read\r\n+@string\r\n+@fast\r\n*0\r\n' +
  '*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n' +
  '$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n';

describe('COMMAND INFO', () => {
  it('describes GET in the 10-field layout, unknown names as nil', async () => {
    expect(await raw.call('COMMAND', 'INFO', 'get', 'nosuch')).toBe('*2\r\n' + GET_INFO_RESP2 + '$-1\r\n');
  });

  it('uses sets and maps in RESP3 (empty subcommands is a set, as Redis)', async () => {
    const c = await RawClient.connect(petrel.port);
    await c.call('HELLO', '3');
    expect(await c.call('COMMAND', 'INFO', 'GET', 'nosuch')).toBe(
      '*2\r\n*10\r\n$3\r\nget\r\n:2\r\n~2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@read\r\n+@string\r\n+@fast\r\n~0\r\n' +
        '~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n' +
        '$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n_\r\n',
    );
    c.close();
  });

  it('derives ACL categories from flags and keeps the table order', async () => {
    // MSET: write → @write, not fast → @slow; OW update key spec with step 2.
    const r = await raw.call('COMMAND', 'INFO', 'mset');
    expect(r).toContain('*3\r\n+@write\r\n+@string\r\n+@slow\r\n');
    expect(r).toContain('*2\r\n+OW\r\n+update\r\n');
    expect(r).toContain('$7\r\nlastkey\r\n:-1\r\n$7\r\nkeystep\r\n:2\r\n');
    // CONFIG SET: admin → @admin @slow @dangerous.
    expect(await raw.call('COMMAND', 'INFO', 'config|set')).toContain('*3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n');
  });

  it('nests subcommands and looks up container|sub names', async () => {
    const r = await raw.call('COMMAND', 'INFO', 'config');
    expect(r.startsWith('*1\r\n*10\r\n$6\r\nconfig\r\n:-2\r\n*0\r\n:0\r\n:0\r\n:0\r\n*1\r\n+@slow\r\n*0\r\n*0\r\n*5\r\n*10\r\n')).toBe(true);
    expect(await raw.call('COMMAND', 'INFO', 'CONFIG|GET', 'config|nosuch')).toMatch(/^\*2\r\n\*10\r\n\$10\r\nconfig\|get\r\n:-3\r\n[\s\S]*\$-1\r\n$/);
  });

  it('COMMAND with no argument equals COMMAND INFO with none; COUNT counts top-level commands', async () => {
    const all = await raw.call('COMMAND');
    expect(await raw.call('COMMAND', 'INFO')).toBe(all);
    const count = Number((await raw.call('COMMAND', 'COUNT')).slice(1, -2));
    expect(all.startsWith(`*${count}\r\n`)).toBe(true);
    expect(count).toBeGreaterThan(20);
  });
});

describe('COMMAND DOCS', () => {
  it('documents GET with 7.2 display_text', async () => {
    const r = await raw.call('COMMAND', 'DOCS', 'get', 'nosuch');
    expect(r).toMatch(
      /^\*2\r\n\$3\r\nget\r\n\*10\r\n\$7\r\nsummary\r\n\$\d+\r\n[^\r]+\r\n\$5\r\nsince\r\n\$5\r\n1\.0\.0\r\n\$5\r\ngroup\r\n\$6\r\nstring\r\n\$10\r\ncomplexity\r\n\$4\r\nO\(1\)\r\n\$9\r\narguments\r\n\*1\r\n\*8\r\n\$4\r\nname\r\n\$3\r\nkey\r\n\$4\r\ntype\r\n\$3\r\nkey\r\n\$12\r\ndisplay_text\r\n\$3\r\nkey\r\n\$14\r\nkey_spec_index\r\n:0\r\n$/,
    );
  });

  it('shows history, flags, nested arguments, deprecation and subcommands', async () => {
    const redis = new Redis(petrel.port, '127.0.0.1');
    const docs = (await redis.call('COMMAND', 'DOCS', 'set', 'quit', 'config')) as unknown[];
    redis.disconnect();
    const map = new Map<string, unknown[]>();
    for (let i = 0; i < docs.length; i += 2) map.set(docs[i] as string, docs[i + 1] as unknown[]);
    const set = map.get('set')!;
    expect(set[set.indexOf('group') + 1]).toBe('string');
    const history = set[set.indexOf('history') + 1] as string[][];
    expect(history[0][0]).toBe('2.6.12');
    const args = set[set.indexOf('arguments') + 1] as unknown[][];
    const condition = args[2];
    expect(condition.slice(0, 4)).toEqual(['name', 'condition', 'type', 'oneof']);
    expect(condition[condition.indexOf('flags') + 1]).toEqual(['optional']);
    expect(condition).not.toContain('display_text');
    const quit = map.get('quit')!;
    expect(quit[quit.indexOf('doc_flags') + 1]).toEqual(['deprecated']);
    expect(quit[quit.indexOf('deprecated_since') + 1]).toBe('7.2.0');
    const config = map.get('config')!;
    const subs = config[config.indexOf('subcommands') + 1] as unknown[];
    expect(subs).toContain('config|get');
  });

  it('is a map in RESP3', async () => {
    const c = await RawClient.connect(petrel.port);
    await c.call('HELLO', '3');
    expect((await c.call('COMMAND', 'DOCS', 'get')).startsWith('%1\r\n$3\r\nget\r\n%5\r\n$7\r\nsummary\r\n')).toBe(true);
    c.close();
  });
});

describe('COMMAND GETKEYS / GETKEYSANDFLAGS', () => {
  it('extracts keys from key specs', async () => {
    expect(await raw.call('COMMAND', 'GETKEYS', 'mset', 'a', '1', 'b', '2')).toBe('*2\r\n$1\r\na\r\n$1\r\nb\r\n');
    expect(await raw.call('COMMAND', 'GETKEYSANDFLAGS', 'get', 'k')).toBe('*1\r\n*2\r\n$1\r\nk\r\n*2\r\n+RO\r\n+access\r\n');
  });

  it('resolves SET variable flags by its GET option', async () => {
    expect(await raw.call('COMMAND', 'GETKEYSANDFLAGS', 'set', 'k', 'v')).toBe('*1\r\n*2\r\n$1\r\nk\r\n*2\r\n+OW\r\n+update\r\n');
    expect(await raw.call('COMMAND', 'GETKEYSANDFLAGS', 'set', 'k', 'v', 'GET')).toBe('*1\r\n*2\r\n$1\r\nk\r\n*3\r\n+RW\r\n+access\r\n+update\r\n');
  });

  it('errors as Redis', async () => {
    expect(await raw.call('COMMAND', 'GETKEYS', 'ping', 'x', 'y')).toBe('-ERR The command has no key arguments\r\n');
    expect(await raw.call('COMMAND', 'GETKEYS', 'nosuch', 'x', 'y')).toBe('-ERR Invalid command specified\r\n');
    expect(await raw.call('COMMAND', 'GETKEYS', 'get', 'a', 'b')).toBe('-ERR Invalid number of arguments specified for command\r\n');
    expect(await raw.call('COMMAND', 'GETKEYS', 'get')).toBe("-ERR wrong number of arguments for 'command|getkeys' command\r\n");
  });
});

describe('COMMAND LIST and HELP', () => {
  it('lists subcommands and filters by pattern and ACL category', async () => {
    const all = await raw.call('COMMAND', 'LIST');
    expect(all).toContain('$10\r\nconfig|get\r\n');
    expect(await raw.call('COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'getra*')).toBe('*1\r\n$8\r\ngetrange\r\n');
    const admin = await raw.call('COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'admin');
    expect(admin).toContain('$10\r\nconfig|set\r\n');
    expect(admin).not.toContain('$3\r\nget\r\n');
    expect(await raw.call('COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'nosuch')).toBe('*0\r\n');
    expect(await raw.call('COMMAND', 'LIST', 'FILTERBY', 'MODULE', 'x')).toBe('*0\r\n');
    expect(await raw.call('COMMAND', 'LIST', 'FILTERBY', 'foo', 'x')).toBe('-ERR syntax error\r\n');
  });

  it('answers HELP with status lines', async () => {
    const r = await raw.call('command', 'help');
    expect(r.startsWith('*21\r\n+COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+(no subcommand)\r\n')).toBe(true);
    expect(r.endsWith('+HELP\r\n+    Prints this help.\r\n')).toBe(true);
  });
});
