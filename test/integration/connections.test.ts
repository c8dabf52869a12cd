// Client connections, on both transports: TCP on bare libuv handles
// (src/server/raw-tcp.ts) and unix sockets on net.Socket (connection.ts,
// socket-io.ts). Both read every connection into one shared buffer and write
// replies straight to the handle. These tests hold what that design must keep:
// a command split across reads is never mixed with other clients' input;
// replies the kernel cannot take at once are queued in order, counted as
// pending output (omem) and delivered whole; a peer that half-closes still
// gets its replies, then the server closes.

import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw.js';
import { encodeCommand } from '../helpers/resp.js';
import { startPetrel } from '../helpers/server.js';
import { socketIoMode } from '../../src/server/socket-io.js';
import { rawTcpAvailable } from '../../src/server/raw-tcp.js';
import { SocketConnection } from '../../src/server/connection.js';
import type { PetrelServer } from '../../src/index.js';

let petrel: PetrelServer;
let dir: string;
let unixPath: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'petrel-conn-'));
  unixPath = path.join(dir, 'petrel.sock');
  petrel = await startPetrel({ unixsocket: unixPath });
});
afterAll(async () => {
  await petrel.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

let transport: 'tcp' | 'unix' = 'tcp';

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = transport === 'tcp' ? net.connect({ port, host: '127.0.0.1' }, () => resolve(s)) : net.connect({ path: unixPath }, () => resolve(s));
    s.once('error', reject);
  });
}

/** Reads until `n` bytes arrived. */
function readBytes(s: net.Socket, n: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let got = 0;
    const onData = (d: Buffer) => {
      parts.push(d);
      got += d.length;
      if (got >= n) {
        s.off('data', onData);
        resolve(Buffer.concat(parts));
      }
    };
    s.on('data', onData);
    s.once('error', reject);
    s.resume();
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('transports', () => {
  it('uses raw TCP handles and the lean socket paths on Node 20 and 22', () => {
    // Elsewhere the server falls back to net.Server, 'data' events and socket.write (correct, slower).
    const major = Number(process.versions.node.split('.')[0]);
    if (major === 20 || major === 22) {
      expect(rawTcpAvailable()).toBe(true);
      expect(socketIoMode()).toEqual({ sharedReadBuffer: true, directWrites: true });
    }
  });


  it('serves a hostname in bind through net.Server (the fallback transport for TCP)', async () => {
    const srv = await startPetrel({ bind: 'localhost' });
    try {
      const s = net.connect({ port: srv.port, host: 'localhost' });
      s.write(encodeCommand(['SET', 'via-net', 'v']));
      s.write(encodeCommand(['GET', 'via-net']));
      expect((await readBytes(s, 12)).toString('latin1')).toBe('+OK\r\n$1\r\nv\r\n');
      expect([...srv.server.clients.values()].map((c) => c.conn instanceof SocketConnection)).toEqual([true]);
      s.destroy();
    } finally {
      await srv.close();
    }
  });
});

describe.each(['tcp', 'unix'] as const)('connections over %s', (kind) => {
  beforeAll(() => {
    transport = kind;
  });

  it('answers a peer that sends and half-closes at once, then closes', async () => {
    const s = await connect(petrel.port);
    s.end(Buffer.concat([encodeCommand(['SET', `eof:${kind}`, 'v']), encodeCommand(['GET', `eof:${kind}`])]));
    const got = await new Promise<string>((resolve) => {
      let out = '';
      s.on('data', (d: Buffer) => (out += d.toString('latin1')));
      s.on('end', () => resolve(out));
    });
    expect(got).toBe('+OK\r\n$1\r\nv\r\n');
    s.destroy();
  });

  it('CLIENT KILL closes a stalled client at once, dropping output it has not taken', async () => {
    const raw = await RawClient.connect(petrel.port);
    const big = 'k'.repeat(1_000_000);
    expect(await raw.call('SET', `kill:big:${kind}`, big)).toBe('+OK\r\n');
    const s = await connect(petrel.port);
    s.write(encodeCommand(['CLIENT', 'SETNAME', `stalled-${kind}`]));
    expect((await readBytes(s, 5)).toString()).toBe('+OK\r\n');
    s.pause();
    const n = 30; // 30 MB of replies: far more than the socket buffers hold
    s.write(Buffer.concat(Array.from({ length: n }, () => encodeCommand(['GET', `kill:big:${kind}`]))));
    let omem = 0;
    for (let i = 0; i < 200 && omem < 1_000_000; i++) {
      await sleep(10);
      const line = (await raw.call('CLIENT', 'LIST')).split('\n').find((l) => l.includes(`name=stalled-${kind} `));
      omem = Number(/ omem=(\d+)/.exec(line ?? '')?.[1] ?? 0);
    }
    expect(omem).toBeGreaterThan(1_000_000);
    const stalled = [...petrel.server.clients.values()].find((c) => c.name === `stalled-${kind}`);
    expect(await raw.call('CLIENT', 'KILL', 'ID', String(stalled?.id))).toBe(':1\r\n');
    // Reading now yields what the kernel already held, then the end: not all 30 replies.
    const received = await new Promise<number>((resolve) => {
      let got = 0;
      s.on('data', (d: Buffer) => (got += d.length));
      s.on('close', () => resolve(got));
      s.resume();
    });
    expect(received).toBeLessThan(n * big.length);
    raw.close();
  });

  it('keeps a command split across reads intact while other clients send in between', async () => {
    const a = await connect(petrel.port);
    const others = await Promise.all([0, 1, 2].map(() => connect(petrel.port)));
    const value = Buffer.alloc(150_000);
    for (let i = 0; i < value.length; i++) value[i] = (i * 7 + 13) & 0xff;
    const cmd = encodeCommand(['SET', 'split:key', value]);
    // Piece by piece, each followed by complete commands on the other connections.
    const pieces = [1, 9, 17, 4000, 70_000, cmd.length];
    let at = 0;
    const expected: string[] = [];
    for (const [i, end] of pieces.entries()) {
      a.write(cmd.subarray(at, end));
      at = end;
      await sleep(15);
      const o = others[i % others.length];
      o.write(encodeCommand(['SET', `other:${i}`, `v${i}\r\n`.repeat(50)]));
      expected.push(`other:${i}`);
      await sleep(15);
    }
    expect((await readBytes(a, 5)).toString()).toBe('+OK\r\n');
    const raw = await RawClient.connect(petrel.port);
    const got = await raw.call('GET', 'split:key');
    expect(got).toBe(`$${value.length}\r\n${value.toString('latin1')}\r\n`);
    for (const [i, k] of expected.entries()) {
      const v = `v${i}\r\n`.repeat(50);
      expect(await raw.call('GET', k)).toBe(`$${v.length}\r\n${v}\r\n`);
    }
    raw.close();
    for (const s of [a, ...others]) s.destroy();
  });

  it('queues replies a slow reader cannot take, counts them as omem, and delivers them in order', async () => {
    const raw = await RawClient.connect(petrel.port);
    const bigs: string[] = [];
    for (let i = 0; i < 4; i++) {
      bigs.push(String.fromCharCode(97 + i).repeat(1_000_000 + i));
      expect(await raw.call('SET', `big:${i}`, bigs[i])).toBe('+OK\r\n');
    }
    const s = await connect(petrel.port);
    expect(await raw.call('CLIENT', 'SETNAME', 'watcher')).toBe('+OK\r\n');
    s.write(encodeCommand(['CLIENT', 'SETNAME', `slow-${kind}`]));
    expect((await readBytes(s, 5)).toString()).toBe('+OK\r\n');
    s.pause();
    // One pipeline: big replies fill the kernel buffers, small ones queue behind them.
    let expected = '';
    const pipeline: Buffer[] = [];
    // 24 MB in all: more than loopback's socket buffers hold, so part of it waits in the server.
    for (let round = 0; round < 24; round++) {
      const i = round % 4;
      pipeline.push(encodeCommand(['GET', `big:${i}`]), encodeCommand(['PING']), encodeCommand(['INCR', `slow:n:${kind}`]), encodeCommand(['ECHO', `r${round}`]));
      expected += `$${bigs[i].length}\r\n${bigs[i]}\r\n+PONG\r\n:${round + 1}\r\n$${`r${round}`.length}\r\n${`r${round}`}\r\n`;
    }
    s.write(Buffer.concat(pipeline));
    // The server is done with the pipeline (INCR ran 24 times) long before the peer reads.
    for (let i = 0; i < 200 && (await raw.call('GET', `slow:n:${kind}`)) !== '$2\r\n24\r\n'; i++) await sleep(10);
    const list = await raw.call('CLIENT', 'LIST');
    const slow = list.split('\n').find((l) => l.includes(`name=slow-${kind} `));
    const omem = Number(/ omem=(\d+)/.exec(slow ?? '')?.[1]);
    expect(omem).toBeGreaterThan(100_000);
    expect(omem).toBeLessThanOrEqual(expected.length);
    const got = await readBytes(s, expected.length);
    expect(got.length).toBe(expected.length);
    expect(got.toString('latin1') === expected).toBe(true);
    // Once delivered, nothing is pending any more.
    const after = (await raw.call('CLIENT', 'LIST')).split('\n').find((l) => l.includes(`name=slow-${kind} `));
    expect(after).toMatch(/ omem=0 /);
    s.destroy();
    raw.close();
  });
});
