// The wire: multibulk and inline requests, pipelining, protocol errors that close
// only the offending connection, limits, HELLO/RESP3, AUTH.

import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw.js';
import { startPetrel } from '../helpers/server.js';
import type { PetrelServer } from '../../src/index.js';

let petrel: PetrelServer;

beforeAll(async () => {
  petrel = await startPetrel({ 'proto-max-bulk-len': 1024 * 1024, 'client-query-buffer-limit': 4 * 1024 * 1024 });
});

afterAll(async () => {
  await petrel.close();
});

async function connect(): Promise<RawClient> {
  return RawClient.connect(petrel.port);
}

describe('requests', () => {
  it('answers PING, ECHO and inline commands', async () => {
    const c = await connect();
    expect(await c.call('PING')).toBe('+PONG\r\n');
    expect(await c.call('ping', 'hi')).toBe('$2\r\nhi\r\n');
    c.write('ECHO "a b"\r\n');
    expect(await c.read()).toBe('$3\r\na b\r\n');
    c.write('PING\n');
    expect(await c.read()).toBe('+PONG\r\n');
    c.close();
  });

  it('answers a pipeline in order, split at arbitrary bytes', async () => {
    const c = await connect();
    const req = '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\nv1\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$4\r\nx\r\ny\r\n';
    for (let i = 0; i < req.length; i += 7) {
      c.write(req.slice(i, i + 7));
      await new Promise((r) => setImmediate(r));
    }
    expect(await c.read(4)).toBe('+OK\r\n$2\r\nv1\r\n+PONG\r\n$4\r\nx\r\ny\r\n');
    c.close();
  });

  it('keeps binary data intact', async () => {
    const c = await connect();
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    expect(await c.call('SET', Buffer.from([0, 1, 255]), all)).toBe('+OK\r\n');
    const reply = await c.call('GET', Buffer.from([0, 1, 255]));
    expect(Buffer.from(reply, 'latin1')).toEqual(Buffer.concat([Buffer.from('$256\r\n'), all, Buffer.from('\r\n')]));
    c.close();
  });
});

describe('errors', () => {
  it('unknown command and wrong arity keep the connection open', async () => {
    const c = await connect();
    expect(await c.call('NOSUCH', 'a', 'b')).toBe("-ERR unknown command 'NOSUCH', with args beginning with: 'a' 'b' \r\n");
    expect(await c.call('GET')).toBe("-ERR wrong number of arguments for 'get' command\r\n");
    expect(await c.call('ECHO', 'a', 'b')).toBe("-ERR wrong number of arguments for 'echo' command\r\n");
    expect(await c.call('PING')).toBe('+PONG\r\n');
    c.close();
  });

  const protocolErrors: [string, string][] = [
    ['*abc\r\n', 'invalid multibulk length'],
    ['*1\r\nx\r\n', "expected '$', got 'x'"],
    ['*1\r\n$zz\r\n', 'invalid bulk length'],
    ['*1\r\n$1073741824\r\n', 'invalid bulk length'],
    ['SET "a\r\n', 'unbalanced quotes in request'],
  ];
  for (const [input, text] of protocolErrors) {
    it(`closes only the offending connection on ${JSON.stringify(input)}`, async () => {
      const bystander = await connect();
      await bystander.call('SET', 'bystander', 'safe');
      const c = await connect();
      c.write('PING\r\n' + input);
      expect(await c.waitClosed()).toBe(`+PONG\r\n-ERR Protocol error: ${text}\r\n`);
      expect(await bystander.call('GET', 'bystander')).toBe('$4\r\nsafe\r\n');
      bystander.close();
    });
  }

  it('closes a client whose query buffer passes client-query-buffer-limit, without a reply', async () => {
    const small = await startPetrel({ 'proto-max-bulk-len': '8mb', 'client-query-buffer-limit': '2mb' });
    try {
      const c = await RawClient.connect(small.port);
      // A bulk allowed by proto-max-bulk-len, but more unparsed bytes than the query buffer may hold.
      c.write('*2\r\n$4\r\nECHO\r\n$5000000\r\n');
      for (let i = 0; i < 4 && !c.closed; i++) {
        c.write('x'.repeat(1024 * 1024));
        await new Promise((r) => setTimeout(r, 5));
      }
      expect(await c.waitClosed()).toBe('');
      const ok = await RawClient.connect(small.port);
      expect(await ok.call('PING')).toBe('+PONG\r\n');
      ok.close();
    } finally {
      await small.close();
    }
  });
});

describe('limits set at runtime', () => {
  it('CONFIG SET proto-max-bulk-len applies to connections already open', async () => {
    const srv = await startPetrel();
    try {
      const c = await RawClient.connect(srv.port);
      expect(await c.call('CONFIG', 'SET', 'proto-max-bulk-len', '1mb')).toBe('+OK\r\n');
      c.write(`*2\r\n$4\r\nECHO\r\n$${1024 * 1024 + 1}\r\n`);
      expect(await c.waitClosed()).toBe('-ERR Protocol error: invalid bulk length\r\n');
    } finally {
      await srv.close();
    }
  });
});

describe('HELLO and RESP3', () => {
  it('switches protocol and reports the server', async () => {
    const c = await connect();
    const id = Number((await c.call('CLIENT', 'ID')).slice(1, -2));
    const hello = await c.call('HELLO', '3');
    expect(hello).toBe(
      `%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$5\r\n7.2.4\r\n$5\r\nproto\r\n:3\r\n$2\r\nid\r\n:${id}\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n`,
    );
    expect(await c.call('GET', 'missing-key')).toBe('_\r\n');
    const hello2 = await c.call('HELLO', '2');
    expect(hello2.startsWith('*14\r\n')).toBe(true);
    expect(await c.call('GET', 'missing-key')).toBe('$-1\r\n');
    c.close();
  });

  it('rejects bad versions and options', async () => {
    const c = await connect();
    expect(await c.call('HELLO', '4')).toBe('-NOPROTO unsupported protocol version\r\n');
    expect(await c.call('HELLO', 'x')).toBe('-ERR Protocol version is not an integer or out of range\r\n');
    expect(await c.call('HELLO', '3', 'FOO')).toBe("-ERR Syntax error in HELLO option 'FOO'\r\n");
    expect(await c.call('HELLO', '3', 'SETNAME', 'a b')).toBe('-ERR Client names cannot contain spaces, newlines or special characters.\r\n');
    c.close();
  });
});

describe('SELECT', () => {
  it('switches databases and validates the index', async () => {
    const c = await connect();
    expect(await c.call('SELECT', '1')).toBe('+OK\r\n');
    await c.call('SET', 'only-in-1', 'x');
    expect(await c.call('SELECT', '0')).toBe('+OK\r\n');
    expect(await c.call('GET', 'only-in-1')).toBe('$-1\r\n');
    expect(await c.call('SELECT', '16')).toBe('-ERR DB index is out of range\r\n');
    expect(await c.call('SELECT', 'x')).toBe('-ERR value is not an integer or out of range\r\n');
    c.close();
  });
});

describe('QUIT and RESET', () => {
  it('QUIT replies OK and closes', async () => {
    const c = await connect();
    c.send('QUIT');
    expect(await c.waitClosed()).toBe('+OK\r\n');
  });

  it('RESET returns to RESP2 and db 0', async () => {
    const c = await connect();
    await c.call('HELLO', '3');
    await c.call('SELECT', '2');
    expect(await c.call('RESET')).toBe('+RESET\r\n');
    expect(await c.call('GET', 'nope')).toBe('$-1\r\n');
    c.close();
  });
});

describe('AUTH with requirepass', () => {
  let secured: PetrelServer;
  beforeAll(async () => {
    secured = await startPetrel({ requirepass: 's3cret' });
  });
  afterAll(async () => {
    await secured.close();
  });

  it('refuses commands until authenticated', async () => {
    const c = await RawClient.connect(secured.port);
    expect(await c.call('GET', 'k')).toBe('-NOAUTH Authentication required.\r\n');
    expect(await c.call('AUTH', 'wrong')).toBe('-WRONGPASS invalid username-password pair or user is disabled.\r\n');
    expect(await c.call('AUTH', 'default', 's3cret')).toBe('+OK\r\n');
    expect(await c.call('GET', 'k')).toBe('$-1\r\n');
    c.close();
  });

  it('HELLO AUTH authenticates and switches protocol at once', async () => {
    const c = await RawClient.connect(secured.port);
    expect((await c.call('HELLO', '3')).startsWith('-NOAUTH HELLO must be called with the client already authenticated')).toBe(true);
    expect((await c.call('HELLO', '3', 'AUTH', 'default', 's3cret')).startsWith('%7\r\n')).toBe(true);
    expect(await c.call('GET', 'k')).toBe('_\r\n');
    c.close();
  });

  it('caps unauthenticated request sizes', async () => {
    const c = await RawClient.connect(secured.port);
    c.write('*20\r\n');
    expect(await c.waitClosed()).toBe('-ERR Protocol error: unauthenticated multibulk length\r\n');
  });

  it('without requirepass AUTH explains itself', async () => {
    const c = await connect();
    expect(await c.call('AUTH', 'pw')).toBe(
      '-ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?\r\n',
    );
    c.close();
  });
});

describe('connections', () => {
  it('thousands of short-lived connections leave no client bookkeeping or file descriptors behind', async () => {
    const before = petrel.server.clients.size;
    const fdsBefore = fs.readdirSync('/proc/self/fd').length;
    for (let i = 0; i < 2000; i++) {
      const c = await connect();
      expect(await c.call('PING')).toBe('+PONG\r\n');
      c.close();
    }
    for (let i = 0; i < 100 && petrel.server.clients.size > before; i++) await new Promise((r) => setTimeout(r, 10));
    expect(petrel.server.clients.size).toBe(before);
    // Server and client sockets both live in this process; allow a little slack for other handles.
    expect(fs.readdirSync('/proc/self/fd').length).toBeLessThanOrEqual(fdsBefore + 5);
  });
});

describe('unix socket', () => {
  it('listens on the unixsocket path too', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'petrel-unix-'));
    const file = path.join(dir, 'petrel.sock');
    const srv = await startPetrel({ unixsocket: file, unixsocketperm: '700' });
    try {
      expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('700');
      const reply = await new Promise<string>((resolve, reject) => {
        const s = net.connect({ path: file }, () => s.write('PING\r\nCLIENT INFO\r\n'));
        let got = '';
        s.on('data', (d) => {
          got += d.toString('latin1');
          if (got.endsWith('\n\r\n')) {
            resolve(got);
            s.destroy();
          }
        });
        s.on('error', reject);
      });
      expect(reply.startsWith('+PONG\r\n$')).toBe(true);
      // Redis names a unix-socket client by the socket file: addr=<path>:0 laddr=<path>:0.
      expect(reply).toContain(` addr=${file}:0 laddr=${file}:0 `);
    } finally {
      await srv.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('internal errors', () => {
  it('a command that throws answers an error; the connection and server stay up', async () => {
    const table = petrel.server.commands;
    const get = table.get('get')!;
    const boom = { ...get, fullName: 'boom', spec: { ...get.spec, name: 'boom', arity: -1, run: () => {
      throw new Error('simulated bug');
    } } };
    table.set('boom', boom);
    try {
      const c = await connect();
      c.send('ECHO', 'before');
      c.send('BOOM');
      c.send('ECHO', 'after');
      expect(await c.read(3)).toBe("$6\r\nbefore\r\n-ERR internal error while running 'boom'\r\n$5\r\nafter\r\n");
      c.close();
    } finally {
      table.delete('boom');
    }
  });
});
