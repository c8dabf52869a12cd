// INFO: Redis 7.2's section layout and the fields clients read (ioredis's
// `loading:` ready check, redis_version, role...), stats that move, and the
// RESP3 verbatim reply.

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

/** The text of a RESP2 bulk reply. */
function bulkText(reply: string): string {
  const nl = reply.indexOf('\r\n');
  const len = Number(reply.slice(1, nl));
  const body = reply.slice(nl + 2, nl + 2 + len);
  expect(reply.length).toBe(nl + 2 + len + 2);
  return body;
}

function fields(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) m.set(line.slice(0, i), line.slice(i + 1));
  }
  return m;
}

describe('INFO', () => {
  it('has the default sections in Redis order, separated by blank lines', async () => {
    const text = bulkText(await raw.call('INFO'));
    const headers = text.split('\r\n').filter((l) => l.startsWith('# '));
    expect(headers).toEqual(['# Server', '# Clients', '# Memory', '# Persistence', '# Stats', '# Replication', '# CPU', '# Modules', '# Errorstats', '# Cluster', '# Keyspace']);
    expect(text.startsWith('# Server\r\nredis_version:7.2.4\r\n')).toBe(true);
    expect(text).toContain('\r\n\r\n# Clients\r\n');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.endsWith('\r\n\r\n')).toBe(false);
    for (const line of text.split('\r\n')) {
      if (line !== '' && !line.startsWith('# ')) expect(line).toMatch(/^[a-z_0-9]+:[^\r\n]*$/);
    }
  });

  it('reports the fields clients depend on', async () => {
    const f = fields(bulkText(await raw.call('INFO', 'everything')));
    expect(f.get('loading')).toBe('0');
    expect(f.get('redis_version')).toBe('7.2.4');
    expect(f.get('redis_mode')).toBe('standalone');
    expect(f.get('arch_bits')).toBe('64');
    expect(f.get('process_id')).toBe(String(process.pid));
    expect(f.get('run_id')).toBe(petrel.server.runId);
    expect(f.get('tcp_port')).toBe(String(petrel.port));
    expect(f.get('role')).toBe('master');
    expect(f.get('connected_slaves')).toBe('0');
    expect(f.get('master_replid')).toMatch(/^[0-9a-f]{40}$/);
    expect(f.get('petrel_version')).toMatch(/^\d+\.\d+\.\d+/);
    for (const k of ['os', 'uptime_in_seconds', 'connected_clients', 'used_memory', 'used_memory_human', 'maxmemory', 'total_connections_received', 'total_commands_processed', 'instantaneous_ops_per_sec', 'keyspace_hits', 'keyspace_misses', 'expired_keys', 'rejected_connections', 'total_net_input_bytes', 'total_net_output_bytes', 'total_error_replies', 'used_cpu_sys', 'used_cpu_user', 'cluster_enabled']) {
      expect(f.has(k), k).toBe(true);
    }
    expect(f.get('used_cpu_user')).toMatch(/^\d+\.\d{6}$/);
    expect(Number(f.get('used_memory'))).toBeGreaterThan(0);
  });

  it('selects sections case-insensitively, several at once, always in Redis order', async () => {
    const text = bulkText(await raw.call('INFO', 'KEYSPACE', 'server'));
    expect(text.startsWith('# Server\r\n')).toBe(true);
    expect(text.endsWith('\r\n\r\n# Keyspace\r\n') || /\r\n\r\n# Keyspace\r\n(db\d+:[^\r]+\r\n)*$/.test(text)).toBe(true);
    expect(await raw.call('INFO', 'nosuch')).toBe('$0\r\n\r\n');
    const all = bulkText(await raw.call('INFO', 'all'));
    expect(all).toContain('# Commandstats\r\n');
    expect(bulkText(await raw.call('INFO', 'default'))).not.toContain('# Commandstats');
  });

  it('counts keys, commands and errors', async () => {
    const c = await RawClient.connect(petrel.port);
    await c.call('SELECT', '9');
    await c.call('SET', 'info-k', 'v');
    await c.call('GET', 'info-k');
    await c.call('GET', 'info-missing');
    await c.call('INCR', 'info-k');
    await c.call('NOSUCHCOMMAND');
    const text = bulkText(await c.call('INFO', 'keyspace', 'commandstats', 'errorstats', 'stats'));
    expect(text).toContain('# Keyspace\r\ndb9:keys=1,expires=0,avg_ttl=0\r\n');
    expect(text).toMatch(/\r\ncmdstat_get:calls=\d+,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=0,failed_calls=0\r\n/);
    expect(text).toMatch(/\r\ncmdstat_incr:calls=\d+,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=0,failed_calls=[1-9]\d*\r\n/);
    expect(text).toMatch(/\r\nerrorstat_ERR:count=[1-9]\d*\r\n/);
    const f = fields(text);
    expect(Number(f.get('keyspace_hits'))).toBeGreaterThanOrEqual(1);
    expect(Number(f.get('keyspace_misses'))).toBeGreaterThanOrEqual(1);
    expect(Number(f.get('total_error_replies'))).toBeGreaterThanOrEqual(2);
    await c.call('FLUSHALL');
    c.close();
  });

  it('replies a verbatim string in RESP3', async () => {
    const c = await RawClient.connect(petrel.port);
    await c.call('HELLO', '3');
    const r = await c.call('INFO', 'server');
    expect(r).toMatch(/^=\d+\r\ntxt:# Server\r\nredis_version:7\.2\.4\r\n/);
    const len = Number(r.slice(1, r.indexOf('\r\n')));
    expect(r.length).toBe(r.indexOf('\r\n') + 2 + len + 2);
    c.close();
  });

  it('passes ioredis ready check and parses', async () => {
    const redis = new Redis(petrel.port, '127.0.0.1');
    const info = await redis.info('server');
    expect(info).toContain('redis_version:7.2.4');
    expect(redis.status).toBe('ready');
    redis.disconnect();
  });
});

describe('TIME, DEBUG, LOLWUT, SHUTDOWN', () => {
  it('TIME answers seconds and microseconds as bulk strings', async () => {
    const r = await raw.call('TIME');
    const m = /^\*2\r\n\$\d+\r\n(\d+)\r\n\$\d+\r\n(\d+)\r\n$/.exec(r);
    expect(m).not.toBeNull();
    expect(Math.abs(Number(m![1]) - Date.now() / 1000)).toBeLessThan(5);
    expect(Number(m![2])).toBeLessThan(1_000_000);
  });

  it('DEBUG is refused unless enable-debug-command allows it', async () => {
    expect(await raw.call('DEBUG', 'SLEEP', '0')).toMatch(/^-ERR DEBUG command not allowed\. If the enable-debug-command option is set to "local"/);
  });

  it('DEBUG SLEEP blocks the server; OBJECT, SET-ACTIVE-EXPIRE and errors', async () => {
    const p = await startPetrel({ 'enable-debug-command': 'yes' });
    const a = await RawClient.connect(p.port);
    const b = await RawClient.connect(p.port);
    try {
      const start = Date.now();
      a.send('DEBUG', 'SLEEP', '0.2');
      // b's PING waits for the sleep: the event loop is blocked like Redis's thread.
      await new Promise((r) => setTimeout(r, 20));
      expect(await b.call('PING')).toBe('+PONG\r\n');
      expect(await a.read()).toBe('+OK\r\n');
      expect(Date.now() - start).toBeGreaterThanOrEqual(190);
      await a.call('SET', 'dbg', 'hello');
      expect(await a.call('DEBUG', 'OBJECT', 'dbg')).toMatch(/^\+Value at:0x[0-9a-f]+ refcount:1 encoding:embstr serializedlength:\d+ lru:\d+ lru_seconds_idle:\d+\r\n$/);
      expect(await a.call('DEBUG', 'OBJECT', 'nokey')).toBe('-ERR no such key\r\n');
      expect(await a.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0')).toBe('+OK\r\n');
      expect(p.server.activeExpireEnabled).toBe(false);
      expect(await a.call('DEBUG', 'SET-ACTIVE-EXPIRE', '1')).toBe('+OK\r\n');
      expect(p.server.activeExpireEnabled).toBe(true);
      expect(await a.call('DEBUG', 'SLEEP')).toBe("-ERR unknown subcommand or wrong number of arguments for 'SLEEP'. Try DEBUG HELP.\r\n");
      expect(await a.call('DEBUG', 'FOO')).toBe("-ERR unknown subcommand or wrong number of arguments for 'FOO'. Try DEBUG HELP.\r\n");
      expect((await a.call('DEBUG', 'HELP')).startsWith('*')).toBe(true);
    } finally {
      a.close();
      b.close();
      await p.close();
    }
  });

  it('LOLWUT ends with the Petrel version line', async () => {
    const r = await raw.call('LOLWUT');
    expect(r).toMatch(/Petrel ver\. \d+\.\d+\.\d+[^\r]*\n\r\n$/);
    expect(await raw.call('LOLWUT', 'VERSION', 'x')).toBe('-ERR value is not an integer or out of range\r\n');
  });

  it('SHUTDOWN validates its flags, then closes the connection without a reply and stops the server', async () => {
    const p = await startPetrel();
    const a = await RawClient.connect(p.port);
    expect(await a.call('SHUTDOWN', 'NOSAVE', 'SAVE')).toBe('-ERR syntax error\r\n');
    expect(await a.call('SHUTDOWN', 'ABORT')).toBe('-ERR No shutdown in progress.\r\n');
    expect(await a.call('SHUTDOWN', 'BOGUS')).toBe('-ERR syntax error\r\n');
    a.send('SHUTDOWN', 'NOSAVE');
    expect(await a.waitClosed()).toBe('');
    await p.close();
    await expect(RawClient.connect(p.port)).rejects.toThrow();
  });
});
