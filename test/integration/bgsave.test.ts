// BGSAVE without fork: the file holds the dataset as of the instant BGSAVE
// began while the server keeps serving writes; save points, SHUTDOWN saving,
// stop-writes-on-bgsave-error, and the errors Redis 7.2 gives.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPetrel } from '../helpers/server.js';
import { RawClient } from '../helpers/raw.js';
import type { PetrelServer } from '../../src/index.js';
import { Keyspace } from '../../src/data/keyspace.js';
import { loadRdb } from '../../src/persistence/rdb-reader.js';
import { typeOf, stringOf, type Value } from '../../src/data/values.js';
import { ListValue, elemString } from '../../src/data/list.js';
import { RedisHash } from '../../src/data/hash.js';

const KEYS = 200_000;
const LISTS = 3000;
const HASHES = 3000;
/** Far-future deadlines so nothing expires during the test. */
const BASE = Date.now() + 7_200_000;

function cmd(...argv: string[]): string {
  let s = `*${argv.length}\r\n`;
  for (const a of argv) s += `$${Buffer.byteLength(a, 'latin1')}\r\n${a}\r\n`;
  return s;
}

/** Sends many commands in one write and reads all their replies. */
async function pipeline(c: RawClient, cmds: string[][]): Promise<string> {
  c.write(cmds.map((a) => cmd(...a)).join(''));
  return c.read(cmds.length, 20_000);
}

/** Every key of every db: type, canonical value, exact deadline. */
function canon(ks: Keyspace): Map<string, string> {
  const out = new Map<string, string>();
  for (const db of ks.dbs) {
    for (const [key, v] of db.dict.entries()) out.set(`${db.id}:${key}`, `${repr(v)}|${String(db.getExpireExact(key))}`);
  }
  return out;
}

function repr(v: Value): string {
  const t = typeOf(v);
  if (t === 'string') return 's:' + stringOf(v as string);
  if (v instanceof ListValue) {
    const items: string[] = [];
    for (let i = 0; i < v.length; i++) items.push(elemString(v.at(i)));
    return 'l:' + JSON.stringify(items);
  }
  if (v instanceof RedisHash) {
    const pairs: string[] = [];
    for (let p = 0; p < v.size; p++) pairs.push(JSON.stringify([v.fieldAt(p), v.valueAt(p)]));
    return 'h:' + pairs.sort().join(',');
  }
  throw new Error(`unexpected type ${t}`);
}

function field(info: string, name: string): string {
  const m = new RegExp(`\\r\\n${name}:([^\\r]*)`).exec(info);
  if (m === null) throw new Error(`no ${name} in INFO`);
  return m[1];
}

async function waitBgsaveDone(c: RawClient, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const info = await c.call('INFO', 'persistence');
    if (field(info, 'rdb_bgsave_in_progress') === '0') return info;
    if (Date.now() > deadline) throw new Error('BGSAVE did not finish');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function loadFile(file: string, now?: number): Keyspace {
  const ks = new Keyspace(16);
  loadRdb(fs.readFileSync(file), ks, { now });
  return ks;
}

describe('BGSAVE is point-in-time', () => {
  let petrel: PetrelServer;
  let c: RawClient;

  beforeAll(async () => {
    petrel = await startPetrel();
    c = await RawClient.connect(petrel.port);
    // ~200k strings (some with TTLs, some numeric, some long), lists and hashes.
    const fill: string[][] = [];
    for (let i = 0; i < KEYS; i += 1000) {
      const args = ['MSET'];
      for (let j = i; j < i + 1000; j++) args.push(`k:${j}`, j % 7 === 0 ? String(j) : j % 11 === 0 ? `long-${j}-`.repeat(8) : `v${j}`);
      fill.push(args);
    }
    for (let i = 0; i < KEYS; i += 10) fill.push(['PEXPIREAT', `k:${i}`, String(BASE + i)]);
    for (let i = 0; i < LISTS; i++) fill.push(['RPUSH', `l:${i}`, 'a', String(i), `e${i}`]);
    for (let i = 0; i < HASHES; i++) fill.push(['HSET', `h:${i}`, 'f', `v${i}`, 'n', String(i)]);
    fill.push(['SELECT', '1'], ['SET', 'one', '1'], ['SELECT', '0']);
    for (let i = 0; i < fill.length; i += 20_000) {
      const part = fill.slice(i, i + 20_000);
      const r = await pipeline(c, part);
      expect(r.includes('-')).toBe(false);
    }
  }, 60_000);

  afterAll(async () => {
    c?.close();
    await petrel?.close();
  });

  it('writes the dataset as of BGSAVE while heavy writes run', async () => {
    const ks = petrel.server.keyspace;
    expect(ks.dbs[0].size).toBe(KEYS + LISTS + HASHES);
    // The reference copy, taken synchronously: no command runs in between.
    const before = canon(ks);

    let seenRunning = 0;
    let round = 0;
    let first = true;
    for (;;) {
      const cmds: string[][] = first ? [['BGSAVE']] : [];
      // Keys spread over the whole keyspace, so many are still ahead of the walk.
      const pick = (n: number): number => (n * 7919 + round * 104729) % KEYS;
      for (let i = 0; i < 400; i++) {
        const n = round * 400 + i;
        switch (i % 12) {
          case 0: cmds.push(['SET', `k:${pick(n)}`, `over-${n}`]); break;
          case 1: cmds.push(['DEL', `k:${pick(n)}`]); break;
          case 2: cmds.push(['APPEND', `k:${pick(n)}`, '+tail']); break;
          case 3: cmds.push(['LPUSH', `l:${n % LISTS}`, `new${n}`]); break;
          case 4: cmds.push(['HSET', `h:${n % HASHES}`, 'f', `changed${n}`, 'extra', 'x']); break;
          case 5: cmds.push(['EXPIRE', `k:${pick(n)}`, '100000']); break;
          case 6: cmds.push(['RENAME', `k:${pick(n)}`, `renamed:${n}`]); break;
          case 7: cmds.push(['SET', `created:${n}`, 'new']); break;
          case 8: cmds.push(['MOVE', `k:${pick(n)}`, '1']); break;
          case 9: cmds.push(['COPY', `k:${pick(n)}`, `k:${pick(n + 1)}`, 'DB', '2', 'REPLACE']); break;
          case 10: cmds.push(['PERSIST', `k:${(pick(n) / 10 | 0) * 10}`]); break;
          default: cmds.push(['MULTI'], ['INCR', `k:${(pick(n) / 7 | 0) * 7}`], ['DEL', `h:${n % HASHES}`], ['EXEC']);
        }
      }
      cmds.push(['INFO', 'persistence']);
      const replies = await pipeline(c, cmds);
      if (first) expect(replies.startsWith('+Background saving started\r\n')).toBe(true);
      first = false;
      if (field(replies, 'rdb_bgsave_in_progress') === '1') seenRunning++;
      else break;
      round++;
      if (round > 2000) throw new Error('BGSAVE never finished');
    }
    // At least one batch of writes ran while the save was in progress.
    expect(seenRunning).toBeGreaterThan(0);
    const info = await waitBgsaveDone(c);
    expect(field(info, 'rdb_last_bgsave_status')).toBe('ok');
    expect(field(info, 'rdb_current_bgsave_time_sec')).toBe('-1');
    expect(Number(field(info, 'rdb_last_bgsave_time_sec'))).toBeGreaterThanOrEqual(0);

    const saved = canon(loadFile(path.join(petrel.server.config.dir(), 'dump.rdb')));
    const after = canon(ks);
    // The writes did change the live dataset...
    expect(after.size === before.size && [...after].every(([k, v]) => before.get(k) === v)).toBe(false);
    // ...but the file is exactly the dataset of the instant BGSAVE began.
    expect(saved.size).toBe(before.size);
    const diffs: string[] = [];
    for (const [k, v] of before) if (saved.get(k) !== v) diffs.push(`${k}: want ${v} got ${saved.get(k)}`);
    for (const k of saved.keys()) if (!before.has(k)) diffs.push(`${k}: created after BGSAVE began`);
    expect(diffs.slice(0, 10)).toEqual([]);
  }, 60_000);

  it('a blocked BLMOVE served during a BGSAVE leaves its destination as it was', async () => {
    await pipeline(c, [['DEL', 'bsrc', 'bdst'], ['RPUSH', 'bdst', 'old1', 'old2']]);
    const blocked = await RawClient.connect(petrel.port);
    try {
      blocked.send('BLMOVE', 'bsrc', 'bdst', 'LEFT', 'LEFT', '0');
      // Let the BLMOVE block before the push.
      for (let i = 0; i < 100 && petrel.server.blocking.blockedCount === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(petrel.server.blocking.blockedCount).toBe(1);
      const before = canon(petrel.server.keyspace);
      expect(await pipeline(c, [['BGSAVE'], ['RPUSH', 'bsrc', 'moved']])).toBe('+Background saving started\r\n:1\r\n');
      expect(await blocked.read(1)).toBe('$5\r\nmoved\r\n');
      expect(await c.call('LRANGE', 'bdst', '0', '-1')).toBe('*3\r\n$5\r\nmoved\r\n$4\r\nold1\r\n$4\r\nold2\r\n');
      await waitBgsaveDone(c);
      const saved = canon(loadFile(path.join(petrel.server.config.dir(), 'dump.rdb')));
      expect(saved.get('0:bdst')).toBe(before.get('0:bdst'));
      expect(saved.has('0:bsrc')).toBe(false);
      expect(saved.size).toBe(before.size);
    } finally {
      blocked.close();
    }
  }, 30_000);

  it('a key deleted by expiry during a BGSAVE is saved as it was', async () => {
    await pipeline(c, [['SET', 'ek', 'doomed']]);
    // In the past already, not deleted yet: still part of the dataset (Redis saves it too; loaders drop it).
    const when = Date.now() - 1000;
    petrel.server.keyspace.dbs[0].setExpire('ek', when);
    const r = await pipeline(c, [['BGSAVE'], ['GET', 'ek'], ['EXISTS', 'ek']]);
    expect(r).toBe('+Background saving started\r\n$-1\r\n:0\r\n');
    await waitBgsaveDone(c);
    const saved = canon(loadFile(path.join(petrel.server.config.dir(), 'dump.rdb'), 0));
    expect(saved.get('0:ek')).toBe(`s:doomed|${when}`);
  }, 30_000);

  it('FLUSHALL and SWAPDB during a BGSAVE do not reach the file', async () => {
    await pipeline(c, [['SET', 'k:1', 'one'], ['SELECT', '3'], ['SET', 'three', '3'], ['SELECT', '0']]);
    const before = canon(petrel.server.keyspace);
    const r = await pipeline(c, [['BGSAVE'], ['SWAPDB', '0', '3'], ['SET', 'fresh', '1'], ['FLUSHALL'], ['SET', 'after', 'x']]);
    expect(r).toBe('+Background saving started\r\n+OK\r\n+OK\r\n+OK\r\n+OK\r\n');
    const info = await waitBgsaveDone(c);
    expect(field(info, 'rdb_last_bgsave_status')).toBe('ok');
    const saved = canon(loadFile(path.join(petrel.server.config.dir(), 'dump.rdb')));
    expect(saved.size).toBe(before.size);
    let same = 0;
    for (const [k, v] of before) if (saved.get(k) === v) same++;
    expect(same).toBe(before.size);
  }, 30_000);
});

describe('BGSAVE replies', () => {
  let petrel: PetrelServer;
  let c: RawClient;

  beforeAll(async () => {
    petrel = await startPetrel();
    c = await RawClient.connect(petrel.port);
    const fill: string[][] = [];
    for (let i = 0; i < 50_000; i += 1000) {
      const args = ['MSET'];
      for (let j = i; j < i + 1000; j++) args.push(`key:${j}`, `value-${j}`);
      fill.push(args);
    }
    await pipeline(c, fill);
  });

  afterAll(async () => {
    c?.close();
    await petrel?.close();
  });

  it('refuses a second BGSAVE and SAVE while one runs; SCHEDULE too (as Redis 7.2)', async () => {
    const r = await pipeline(c, [['BGSAVE'], ['BGSAVE'], ['BGSAVE', 'SCHEDULE'], ['SAVE'], ['BGSAVE', 'now']]);
    expect(r).toBe(
      '+Background saving started\r\n' +
        '-ERR Background save already in progress\r\n' +
        '-ERR Background save already in progress\r\n' +
        '-ERR Background save already in progress\r\n' +
        '-ERR syntax error\r\n',
    );
    await waitBgsaveDone(c);
    const last = Number((await c.call('LASTSAVE')).slice(1, -2));
    expect(Math.abs(last - Date.now() / 1000)).toBeLessThan(5);
    expect(await c.call('DBSIZE')).toBe(':50000\r\n');
  });

  it('BGSAVE inside MULTI is scheduled and runs from the cron', async () => {
    const saves = petrel.server.rdbSaves;
    const r = await pipeline(c, [['MULTI'], ['BGSAVE'], ['EXEC']]);
    expect(r).toBe('+OK\r\n+QUEUED\r\n*1\r\n+Background saving scheduled\r\n');
    const deadline = Date.now() + 5000;
    while (petrel.server.rdbSaves === saves && Date.now() < deadline) await new Promise((res) => setTimeout(res, 20));
    expect(petrel.server.rdbSaves).toBe(saves + 1);
  });

  it('a failed BGSAVE reports err; with save points writes get MISCONF until a save succeeds', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'petrel-bgfail-'));
    const other = await startPetrel({ dir });
    const o = await RawClient.connect(other.port);
    try {
      // The directory vanishes: the temp file cannot be created.
      fs.rmSync(dir, { recursive: true });
      expect(await o.call('BGSAVE')).toBe('+Background saving started\r\n');
      let info = await waitBgsaveDone(o);
      expect(field(info, 'rdb_last_bgsave_status')).toBe('err');
      // No save points: writes still accepted.
      expect(await o.call('SET', 'a', '1')).toBe('+OK\r\n');
      expect(await o.call('CONFIG', 'SET', 'save', '3600 1000000')).toBe('+OK\r\n');
      const misconf =
        "-MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. " +
        'Commands that may modify the data set are disabled, because this instance is configured to report errors ' +
        'during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for ' +
        'details about the RDB error.\r\n';
      expect(await o.call('SET', 'a', '2')).toBe(misconf);
      expect(await o.call('PING')).toBe(misconf);
      expect(await o.call('GET', 'a')).toBe('$1\r\n1\r\n');
      expect(await pipeline(o, [['MULTI'], ['SET', 'a', '3'], ['EXEC']])).toBe(
        '+OK\r\n' + misconf + '-EXECABORT Transaction discarded because of previous errors.\r\n',
      );
      expect(await o.call('CONFIG', 'SET', 'stop-writes-on-bgsave-error', 'no')).toBe('+OK\r\n');
      expect(await o.call('SET', 'a', '4')).toBe('+OK\r\n');
      expect(await o.call('CONFIG', 'SET', 'stop-writes-on-bgsave-error', 'yes')).toBe('+OK\r\n');
      expect((await o.call('SET', 'a', '5')).startsWith('-MISCONF')).toBe(true);
      fs.mkdirSync(dir);
      expect(await o.call('BGSAVE')).toBe('+Background saving started\r\n');
      info = await waitBgsaveDone(o);
      expect(field(info, 'rdb_last_bgsave_status')).toBe('ok');
      expect(await o.call('SET', 'a', '6')).toBe('+OK\r\n');
      expect(canon(loadFile(path.join(dir, 'dump.rdb'))).get('0:a')).toBe('s:4|undefined');
    } finally {
      o.close();
      await other.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('save points and SHUTDOWN', () => {
  const dirs: string[] = [];
  const servers: PetrelServer[] = [];
  const newDir = (): string => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'petrel-savepoint-'));
    dirs.push(d);
    return d;
  };

  afterAll(async () => {
    for (const s of servers) await s.close();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('`save 1 1` starts a BGSAVE after a write', async () => {
    const dir = newDir();
    const petrel = await startPetrel({ dir, save: '1 1' });
    servers.push(petrel);
    const c = await RawClient.connect(petrel.port);
    try {
      expect(await c.call('SET', 'sp', 'value')).toBe('+OK\r\n');
      const file = path.join(dir, 'dump.rdb');
      const deadline = Date.now() + 6000;
      while (!fs.existsSync(file) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(fs.existsSync(file)).toBe(true);
      await waitBgsaveDone(c);
      expect(canon(loadFile(file)).get('0:sp')).toBe('s:value|undefined');
      expect(field(await c.call('INFO', 'persistence'), 'rdb_changes_since_last_save')).toBe('0');
    } finally {
      c.close();
    }
  });

  it('SHUTDOWN saves when save points are set; NOSAVE does not; SAVE always does', async () => {
    const cases: [Record<string, string>, string[], boolean][] = [
      [{ save: '3600 1' }, ['SHUTDOWN'], true],
      [{ save: '3600 1' }, ['SHUTDOWN', 'NOSAVE'], false],
      [{ save: '' }, ['SHUTDOWN'], false],
      [{ save: '' }, ['SHUTDOWN', 'SAVE'], true],
    ];
    for (const [opts, shutdown, saves] of cases) {
      const dir = newDir();
      const petrel = await startPetrel({ dir, ...opts });
      servers.push(petrel);
      const c = await RawClient.connect(petrel.port);
      expect(await c.call('SET', 'bye', 'saved')).toBe('+OK\r\n');
      c.send(...shutdown);
      expect(await c.waitClosed()).toBe('');
      const file = path.join(dir, 'dump.rdb');
      expect([shutdown.join(' '), fs.existsSync(file)]).toEqual([shutdown.join(' '), saves]);
      if (saves) expect(canon(loadFile(file)).get('0:bye')).toBe('s:saved|undefined');
    }
  });
});
