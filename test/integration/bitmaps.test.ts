// Bitmap commands: exact reply bytes for each command, option and error in
// RESP2 and RESP3; the stored form (a MutableString written in place, reads
// that never copy); dirty counts, TTLs, keyspace events and what reaches the
// propagation stream; proto-max-bulk-len limits; an ioredis pass.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { RawClient } from '../helpers/raw.js';
import { startPetrel } from '../helpers/server.js';
import type { PetrelServer } from '../../src/index.js';
import { MutableString, type RedisObject } from '../../src/data/values.js';
import type { PropagatedCommand } from '../../src/server/propagate.js';

let petrel: PetrelServer;
let c: RawClient;

const fakeList: RedisObject = { type: 'list', encoding: () => 'listpack' };
const WRONGTYPE = '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n';
const NOT_INT = '-ERR value is not an integer or out of range\r\n';
const SYNTAX = '-ERR syntax error\r\n';
const BAD_OFFSET = '-ERR bit offset is not an integer or out of range\r\n';
const BAD_BIT = '-ERR bit is not an integer or out of range\r\n';
const BAD_TYPE = '-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n';

function db() {
  return petrel.server.keyspace.dbs[0];
}

beforeAll(async () => {
  petrel = await startPetrel({ 'proto-max-bulk-len': 1024 * 1024 });
  c = await RawClient.connect(petrel.port);
});

afterAll(async () => {
  c.close();
  await petrel.close();
});

beforeEach(async () => {
  petrel.server.keyspace.flushAll();
  expect(await c.call('HELLO', '2')).toMatch(/^\*14\r\n/);
  db().set('lst', fakeList);
});

describe('SETBIT / GETBIT', () => {
  it('sets, clears and reads bits, growing with zero bytes', async () => {
    expect(await c.call('SETBIT', 'k', '7', '1')).toBe(':0\r\n');
    expect(await c.call('GET', 'k')).toBe('$1\r\n\x01\r\n');
    expect(await c.call('SETBIT', 'k', '7', '1')).toBe(':1\r\n');
    expect(await c.call('SETBIT', 'k', '7', '0')).toBe(':1\r\n');
    expect(await c.call('SETBIT', 'k', '0', '1')).toBe(':0\r\n');
    expect(await c.call('SETBIT', 'k', '23', '1')).toBe(':0\r\n');
    expect(await c.call('GET', 'k')).toBe('$3\r\n\x80\x00\x01\r\n');
    expect(await c.call('STRLEN', 'k')).toBe(':3\r\n');
    expect(await c.call('GETBIT', 'k', '0')).toBe(':1\r\n');
    expect(await c.call('GETBIT', 'k', '1')).toBe(':0\r\n');
    expect(await c.call('GETBIT', 'k', '23')).toBe(':1\r\n');
    expect(await c.call('GETBIT', 'k', '24')).toBe(':0\r\n');
    expect(await c.call('GETBIT', 'k', '8388607')).toBe(':0\r\n');
    expect(await c.call('GETBIT', 'missing', '5')).toBe(':0\r\n');
    // Clearing a bit past the end still grows the string.
    expect(await c.call('SETBIT', 'z', '17', '0')).toBe(':0\r\n');
    expect(await c.call('GET', 'z')).toBe('$3\r\n\x00\x00\x00\r\n');
  });

  it('reads and writes text and integer values as their bytes', async () => {
    await c.call('SET', 's', 'A');
    expect(await c.call('GETBIT', 's', '1')).toBe(':1\r\n');
    expect(await c.call('GETBIT', 's', '7')).toBe(':1\r\n');
    expect(await c.call('SETBIT', 's', '6', '1')).toBe(':0\r\n');
    expect(await c.call('GET', 's')).toBe('$1\r\nC\r\n');
    await c.call('SET', 'n', '123');
    expect(await c.call('GETBIT', 'n', '2')).toBe(':1\r\n');
    expect(await c.call('OBJECT', 'ENCODING', 'n')).toBe('$3\r\nint\r\n');
    expect(await c.call('SETBIT', 'n', '15', '0')).toBe(':0\r\n');
    expect(await c.call('SETBIT', 'n', '14', '0')).toBe(':1\r\n');
    expect(await c.call('GET', 'n')).toBe('$3\r\n103\r\n');
    expect(await c.call('OBJECT', 'ENCODING', 'n')).toBe('$3\r\nraw\r\n');
    expect(await c.call('INCR', 'n')).toBe(':104\r\n');
  });

  it('errors: offsets, bit values, wrong type, arity', async () => {
    expect(await c.call('SETBIT', 'k', '-1', '1')).toBe(BAD_OFFSET);
    expect(await c.call('SETBIT', 'k', 'x', '1')).toBe(BAD_OFFSET);
    expect(await c.call('SETBIT', 'k', '#1', '1')).toBe(BAD_OFFSET);
    expect(await c.call('SETBIT', 'k', '99999999999999999999', '1')).toBe(BAD_OFFSET);
    expect(await c.call('SETBIT', 'k', '1', '2')).toBe(BAD_BIT);
    expect(await c.call('SETBIT', 'k', '1', '-1')).toBe(BAD_BIT);
    expect(await c.call('SETBIT', 'k', '1', 'on')).toBe(BAD_BIT);
    expect(await c.call('SETBIT', 'lst', '1', '1')).toBe(WRONGTYPE);
    // Arguments are checked before the key's type.
    expect(await c.call('SETBIT', 'lst', '-1', '1')).toBe(BAD_OFFSET);
    expect(await c.call('GETBIT', 'lst', '0')).toBe(WRONGTYPE);
    expect(await c.call('GETBIT', 'lst', 'x')).toBe(BAD_OFFSET);
    expect(await c.call('GETBIT', 'k')).toBe("-ERR wrong number of arguments for 'getbit' command\r\n");
    expect(await c.call('SETBIT', 'k', '1')).toBe("-ERR wrong number of arguments for 'setbit' command\r\n");
    expect(await c.call('EXISTS', 'k')).toBe(':0\r\n');
  });

  it('refuses offsets whose byte reaches proto-max-bulk-len (1 MiB here)', async () => {
    expect(await c.call('SETBIT', 'big', String(8 * 1024 * 1024), '1')).toBe(BAD_OFFSET);
    expect(await c.call('GETBIT', 'big', String(8 * 1024 * 1024))).toBe(BAD_OFFSET);
    expect(await c.call('SETBIT', 'big', String(8 * 1024 * 1024 - 1), '1')).toBe(':0\r\n');
    expect(await c.call('STRLEN', 'big')).toBe(':1048576\r\n');
    expect(await c.call('BITCOUNT', 'big')).toBe(':1\r\n');
    expect(await c.call('BITPOS', 'big', '1')).toBe(':8388607\r\n');
    expect(await c.call('CONFIG', 'SET', 'proto-max-bulk-len', '2mb')).toBe('+OK\r\n');
    expect(await c.call('SETBIT', 'big', String(8 * 1024 * 1024), '1')).toBe(':0\r\n');
    expect(await c.call('CONFIG', 'SET', 'proto-max-bulk-len', '1mb')).toBe('+OK\r\n');
  });

  it('writes in place: one growable buffer, no copy per SETBIT', async () => {
    await c.call('SET', 'k', 'x'.repeat(1000));
    expect(typeof db().get('k')).toBe('string');
    await c.call('SETBIT', 'k', '0', '1');
    const m = db().get('k');
    expect(m).toBeInstanceOf(MutableString);
    const buf = (m as MutableString).buf;
    for (let i = 0; i < 200; i++) c.send('SETBIT', 'k', String(i * 37), String(i & 1));
    await c.read(200);
    expect(db().get('k')).toBe(m);
    expect((m as MutableString).buf).toBe(buf);
    // Growing bit by bit reallocates only geometrically.
    const seen = new Set<Buffer>();
    for (let i = 0; i < 4000; i++) {
      c.send('SETBIT', 'g', String(i * 8 + 3), '1');
      if (i % 100 === 99) {
        await c.read(100);
        seen.add((db().get('g') as MutableString).buf);
      }
    }
    expect(seen.size).toBeLessThan(10);
    expect(await c.call('STRLEN', 'g')).toBe(':4000\r\n');
    expect(await c.call('BITCOUNT', 'g')).toBe(':4000\r\n');
  });

  it('reads never convert or copy the stored value', async () => {
    await c.call('SET', 'p', 'plain text value');
    await c.call('GETBIT', 'p', '3');
    await c.call('BITCOUNT', 'p');
    await c.call('BITPOS', 'p', '0', '2');
    await c.call('BITFIELD', 'p', 'GET', 'u8', '0');
    await c.call('BITFIELD_RO', 'p', 'GET', 'i16', '#2');
    expect(db().get('p')).toBe('plain text value');
    expect(await c.call('OBJECT', 'ENCODING', 'p')).toBe('$6\r\nembstr\r\n');
    await c.call('SETBIT', 'm', '100', '1');
    const m = db().get('m') as MutableString;
    const buf = m.buf;
    await c.call('BITCOUNT', 'm');
    await c.call('GETBIT', 'm', '100');
    await c.call('BITFIELD', 'm', 'GET', 'u4', '96');
    expect(db().get('m')).toBe(m);
    expect(m.buf).toBe(buf);
  });

  it('leaves a raw string that GET / STRLEN / APPEND / SETRANGE keep using', async () => {
    await c.call('SET', 'e', 'ab');
    expect(await c.call('OBJECT', 'ENCODING', 'e')).toBe('$6\r\nembstr\r\n');
    // Any bit write makes the value raw, even when no bit changes (as Redis).
    expect(await c.call('SETBIT', 'e', '0', '0')).toBe(':0\r\n');
    expect(await c.call('OBJECT', 'ENCODING', 'e')).toBe('$3\r\nraw\r\n');
    expect(await c.call('APPEND', 'e', 'cd')).toBe(':4\r\n');
    expect(await c.call('SETBIT', 'e', '39', '1')).toBe(':0\r\n');
    expect(await c.call('GET', 'e')).toBe('$5\r\nabcd\x01\r\n');
    expect(await c.call('SETRANGE', 'e', '1', 'Z')).toBe(':5\r\n');
    expect(await c.call('GETBIT', 'e', '14')).toBe(':1\r\n');
    expect(await c.call('GET', 'e')).toBe('$5\r\naZcd\x01\r\n');
    expect(await c.call('OBJECT', 'ENCODING', 'e')).toBe('$3\r\nraw\r\n');
    expect(await c.call('SET', 'e', 'x')).toBe('+OK\r\n');
    expect(await c.call('OBJECT', 'ENCODING', 'e')).toBe('$6\r\nembstr\r\n');
  });
});

describe('BITCOUNT', () => {
  it('whole string, byte ranges and bit ranges', async () => {
    await c.call('SET', 's', 'foobar');
    expect(await c.call('BITCOUNT', 's')).toBe(':26\r\n');
    expect(await c.call('BITCOUNT', 's', '0', '0')).toBe(':4\r\n');
    expect(await c.call('BITCOUNT', 's', '1', '1')).toBe(':6\r\n');
    expect(await c.call('BITCOUNT', 's', '1', '-2')).toBe(':18\r\n');
    expect(await c.call('BITCOUNT', 's', '-100', '100')).toBe(':26\r\n');
    expect(await c.call('BITCOUNT', 's', '5', '2')).toBe(':0\r\n');
    expect(await c.call('BITCOUNT', 's', '1', '1', 'BYTE')).toBe(':6\r\n');
    expect(await c.call('BITCOUNT', 's', '5', '30', 'BIT')).toBe(':17\r\n');
    expect(await c.call('BITCOUNT', 's', '5', '30', 'bit')).toBe(':17\r\n');
    expect(await c.call('BITCOUNT', 's', '-3', '-1', 'BIT')).toBe(':1\r\n');
    expect(await c.call('BITCOUNT', 's', '-9223372036854775808', '9223372036854775807', 'BIT')).toBe(':26\r\n');
    expect(await c.call('BITCOUNT', 's', '9223372036854775807', '-9223372036854775808')).toBe(':0\r\n');
    await c.call('SET', 'empty', '');
    expect(await c.call('BITCOUNT', 'empty')).toBe(':0\r\n');
    expect(await c.call('BITCOUNT', 'empty', '0', '-1', 'BIT')).toBe(':0\r\n');
    await c.call('SET', 'n', '-1');
    expect(await c.call('BITCOUNT', 'n')).toBe(':7\r\n');
  });

  it('errors, and Redis 7.2 answering 0 for a missing key before reading the arguments', async () => {
    await c.call('SET', 's', 'foobar');
    expect(await c.call('BITCOUNT', 's', '0')).toBe(SYNTAX);
    expect(await c.call('BITCOUNT', 's', '0', '1', '2', '3')).toBe(SYNTAX);
    expect(await c.call('BITCOUNT', 's', '0', '1', 'bits')).toBe(SYNTAX);
    expect(await c.call('BITCOUNT', 's', 'x', '1')).toBe(NOT_INT);
    expect(await c.call('BITCOUNT', 's', '0', 'x', 'BIT')).toBe(NOT_INT);
    // Both negative and reversed: 0 before the unit is even looked at.
    expect(await c.call('BITCOUNT', 's', '-1', '-5', 'garbage')).toBe(':0\r\n');
    expect(await c.call('BITCOUNT', 'lst')).toBe(WRONGTYPE);
    expect(await c.call('BITCOUNT', 'lst', 'x', 'y')).toBe(WRONGTYPE);
    // Redis 8 checks the arguments first; 7.2 does not.
    expect(await c.call('BITCOUNT', 'missing', '0')).toBe(':0\r\n');
    expect(await c.call('BITCOUNT', 'missing', 'x', 'y')).toBe(':0\r\n');
    expect(await c.call('BITCOUNT')).toBe("-ERR wrong number of arguments for 'bitcount' command\r\n");
  });
});

describe('BITPOS', () => {
  it('finds set and clear bits; an explicit end stops the zero padding', async () => {
    await c.call('SET', 's', '\xff\xf0\x00');
    expect(await c.call('BITPOS', 's', '0')).toBe(':12\r\n');
    expect(await c.call('BITPOS', 's', '1')).toBe(':0\r\n');
    expect(await c.call('BITPOS', 's', '1', '2')).toBe(':-1\r\n');
    expect(await c.call('BITPOS', 's', '1', '1')).toBe(':8\r\n');
    expect(await c.call('BITPOS', 's', '0', '0', '0')).toBe(':-1\r\n');
    await c.call('SET', 'ones', '\xff\xff\xff');
    // No end: the string counts as followed by zeros.
    expect(await c.call('BITPOS', 'ones', '0')).toBe(':24\r\n');
    expect(await c.call('BITPOS', 'ones', '0', '1')).toBe(':24\r\n');
    expect(await c.call('BITPOS', 'ones', '0', '-1')).toBe(':24\r\n');
    // With an end given, there is no clear bit in range.
    expect(await c.call('BITPOS', 'ones', '0', '0', '-1')).toBe(':-1\r\n');
    expect(await c.call('BITPOS', 'ones', '0', '0', '-1', 'BIT')).toBe(':-1\r\n');
    expect(await c.call('BITPOS', 'ones', '0', '5')).toBe(':-1\r\n');
    await c.call('SET', 'b', '\x00\xff\xf0');
    expect(await c.call('BITPOS', 'b', '1', '7', '15', 'BIT')).toBe(':8\r\n');
    expect(await c.call('BITPOS', 'b', '1', '7', '-3', 'bit')).toBe(':8\r\n');
    expect(await c.call('BITPOS', 'b', '0', '9', '20', 'BIT')).toBe(':20\r\n');
    expect(await c.call('BITPOS', 'b', '0', '9', '19', 'BIT')).toBe(':-1\r\n');
    expect(await c.call('BITPOS', 'b', '1', '2', '-1', 'BYTE')).toBe(':16\r\n');
    await c.call('SET', 'e', '');
    expect(await c.call('BITPOS', 'e', '0')).toBe(':-1\r\n');
    expect(await c.call('BITPOS', 'e', '1')).toBe(':-1\r\n');
  });

  it('missing keys, errors and their order', async () => {
    expect(await c.call('BITPOS', 'missing', '0')).toBe(':0\r\n');
    expect(await c.call('BITPOS', 'missing', '1')).toBe(':-1\r\n');
    expect(await c.call('BITPOS', 'missing', '1', 'x', 'y', 'z')).toBe(':-1\r\n');
    expect(await c.call('BITPOS', 'missing', '2')).toBe('-ERR The bit argument must be 1 or 0.\r\n');
    expect(await c.call('BITPOS', 'missing', 'x')).toBe(NOT_INT);
    expect(await c.call('BITPOS', 'lst', '2')).toBe('-ERR The bit argument must be 1 or 0.\r\n');
    expect(await c.call('BITPOS', 'lst', '1')).toBe(WRONGTYPE);
    await c.call('SET', 's', 'abc');
    expect(await c.call('BITPOS', 's', '1', 'x')).toBe(NOT_INT);
    expect(await c.call('BITPOS', 's', '1', '0', 'x')).toBe(NOT_INT);
    // The unit is checked before the end.
    expect(await c.call('BITPOS', 's', '1', '0', 'x', 'bits')).toBe(SYNTAX);
    expect(await c.call('BITPOS', 's', '1', '0', '1', 'BIT', 'x')).toBe(SYNTAX);
    expect(await c.call('BITPOS', 's')).toBe("-ERR wrong number of arguments for 'bitpos' command\r\n");
  });
});

describe('BITOP', () => {
  it('AND OR XOR NOT with missing keys as zero strings', async () => {
    await c.call('SET', 'a', 'foobar');
    await c.call('SET', 'b', 'abc');
    expect(await c.call('BITOP', 'AND', 'd', 'a', 'b')).toBe(':6\r\n');
    expect(await c.call('GET', 'd')).toBe('$6\r\n`bc\x00\x00\x00\r\n');
    expect(await c.call('OBJECT', 'ENCODING', 'd')).toBe('$3\r\nraw\r\n');
    expect(await c.call('BITOP', 'or', 'd', 'a', 'b')).toBe(':6\r\n');
    expect(await c.call('GET', 'd')).toBe('$6\r\ngoobar\r\n');
    expect(await c.call('BITOP', 'Xor', 'd', 'a', 'b')).toBe(':6\r\n');
    expect(await c.call('GET', 'd')).toBe('$6\r\n\x07\x0d\x0cbar\r\n');
    expect(await c.call('BITOP', 'NOT', 'd', 'b')).toBe(':3\r\n');
    expect(await c.call('GET', 'd')).toBe('$3\r\n\x9e\x9d\x9c\r\n');
    expect(await c.call('BITOP', 'AND', 'd', 'a', 'missing')).toBe(':6\r\n');
    expect(await c.call('GET', 'd')).toBe('$6\r\n\x00\x00\x00\x00\x00\x00\r\n');
    expect(await c.call('BITOP', 'OR', 'd', 'missing', 'b')).toBe(':3\r\n');
    expect(await c.call('GET', 'd')).toBe('$3\r\nabc\r\n');
    await c.call('SET', 'n', '12');
    expect(await c.call('BITOP', 'AND', 'd', 'n', 'n')).toBe(':2\r\n');
    expect(await c.call('GET', 'd')).toBe('$2\r\n12\r\n');
    // The destination may be a source.
    expect(await c.call('BITOP', 'XOR', 'a', 'a', 'a')).toBe(':6\r\n');
    expect(await c.call('GET', 'a')).toBe('$6\r\n\x00\x00\x00\x00\x00\x00\r\n');
  });

  it('an empty result deletes the destination; TTLs are dropped', async () => {
    await c.call('SET', 'd', 'v', 'EX', '100');
    await c.call('SET', 'x', 'abc');
    expect(await c.call('BITOP', 'OR', 'd', 'x')).toBe(':3\r\n');
    expect(await c.call('TTL', 'd')).toBe(':-1\r\n');
    expect(await c.call('BITOP', 'AND', 'd', 'missing', 'missing2')).toBe(':0\r\n');
    expect(await c.call('EXISTS', 'd')).toBe(':0\r\n');
    await c.call('SET', 'e', '');
    expect(await c.call('BITOP', 'NOT', 'd', 'e')).toBe(':0\r\n');
    expect(await c.call('EXISTS', 'd')).toBe(':0\r\n');
  });

  it('errors', async () => {
    await c.call('SET', 'a', 'x');
    expect(await c.call('BITOP', 'NOT', 'd', 'a', 'a')).toBe('-ERR BITOP NOT must be called with a single source key.\r\n');
    expect(await c.call('BITOP', 'NAND', 'd', 'a')).toBe(SYNTAX);
    expect(await c.call('BITOP', 'DIFF', 'd', 'a', 'a')).toBe(SYNTAX);
    expect(await c.call('BITOP', 'AND', 'd', 'a', 'lst')).toBe(WRONGTYPE);
    expect(await c.call('EXISTS', 'd')).toBe(':0\r\n');
    // The destination's old type does not matter.
    expect(await c.call('BITOP', 'AND', 'lst', 'a')).toBe(':1\r\n');
    expect(await c.call('TYPE', 'lst')).toBe('+string\r\n');
    expect(await c.call('BITOP', 'AND', 'd')).toBe("-ERR wrong number of arguments for 'bitop' command\r\n");
  });
});

describe('BITFIELD / BITFIELD_RO', () => {
  it('GET SET INCRBY at bit and # offsets', async () => {
    expect(await c.call('BITFIELD', 'b', 'SET', 'u8', '0', '200', 'GET', 'u8', '0', 'GET', 'i8', '0', 'GET', 'u4', '4')).toBe('*4\r\n:0\r\n:200\r\n:-56\r\n:8\r\n');
    expect(await c.call('BITFIELD', 'b', 'INCRBY', 'u8', '#1', '5', 'INCRBY', 'u8', '#1', '5', 'GET', 'u16', '0')).toBe('*3\r\n:5\r\n:10\r\n:51210\r\n');
    expect(await c.call('GET', 'b')).toBe('$2\r\n\xc8\x0a\r\n');
    expect(await c.call('BITFIELD', 'b', 'SET', 'i5', '3', '-1', 'GET', 'u8', '0')).toBe('*2\r\n:8\r\n:223\r\n');
    expect(await c.call('BITFIELD', 'b', 'GET', 'u8', '100')).toBe('*1\r\n:0\r\n');
    expect(await c.call('BITFIELD', 'b')).toBe('*0\r\n');
    expect(await c.call('BITFIELD', 'b', 'OVERFLOW', 'SAT')).toBe('*0\r\n');
  });

  it('64-bit fields: i64 and u63 exact', async () => {
    expect(await c.call('BITFIELD', 'w', 'SET', 'i64', '0', '-9223372036854775808', 'GET', 'i64', '0', 'GET', 'u63', '0', 'GET', 'u63', '1')).toBe(
      '*4\r\n:0\r\n:-9223372036854775808\r\n:4611686018427387904\r\n:0\r\n',
    );
    expect(await c.call('BITFIELD', 'w', 'INCRBY', 'i64', '0', '-1', 'OVERFLOW', 'SAT', 'INCRBY', 'i64', '0', '1', 'INCRBY', 'i64', '0', '9223372036854775807')).toBe(
      '*3\r\n:9223372036854775807\r\n:9223372036854775807\r\n:9223372036854775807\r\n',
    );
    expect(await c.call('BITFIELD', 'w', 'SET', 'u63', '1', '9223372036854775807', 'INCRBY', 'u63', '1', '1', 'GET', 'u63', '1')).toBe(
      '*3\r\n:9223372036854775807\r\n:0\r\n:0\r\n',
    );
  });

  it('OVERFLOW WRAP / SAT / FAIL, applying to the operations after it', async () => {
    expect(await c.call('BITFIELD', 'o', 'INCRBY', 'u2', '0', '5', 'OVERFLOW', 'SAT', 'INCRBY', 'u2', '0', '5', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '0', '1', 'GET', 'u2', '0')).toBe(
      '*4\r\n:1\r\n:3\r\n$-1\r\n:3\r\n',
    );
    expect(await c.call('BITFIELD', 'o', 'OVERFLOW', 'SAT', 'SET', 'i4', '8', '100', 'SET', 'i4', '8', '-100', 'OVERFLOW', 'WRAP', 'SET', 'i4', '8', '9', 'GET', 'i4', '8')).toBe(
      '*4\r\n:0\r\n:7\r\n:-8\r\n:-7\r\n',
    );
    // Redis's 64-bit wrap in the overflow test: a huge negative saturates high.
    expect(await c.call('BITFIELD', 'o', 'OVERFLOW', 'SAT', 'SET', 'i8', '16', '-9223372036854775808', 'GET', 'i8', '16')).toBe('*2\r\n:0\r\n:127\r\n');
    expect(await c.call('BITFIELD', 'o', 'OVERFLOW', 'SAT', 'SET', 'u8', '16', '-1', 'GET', 'u8', '16')).toBe('*2\r\n:127\r\n:255\r\n');
    expect(await c.call('HELLO', '3')).toMatch(/^%7\r\n/);
    expect(await c.call('BITFIELD', 'o', 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', '16', '1', 'GET', 'u8', '16')).toBe('*2\r\n_\r\n:255\r\n');
  });

  it('errors, checked over all operations before anything runs', async () => {
    await c.call('SET', 'k', 'x');
    expect(await c.call('BITFIELD', 'k', 'GET', 'u64', '0')).toBe(BAD_TYPE);
    expect(await c.call('BITFIELD', 'k', 'GET', 'i65', '0')).toBe(BAD_TYPE);
    expect(await c.call('BITFIELD', 'k', 'GET', 'u0', '0')).toBe(BAD_TYPE);
    expect(await c.call('BITFIELD', 'k', 'GET', 'U8', '0')).toBe(BAD_TYPE);
    expect(await c.call('BITFIELD', 'k', 'GET', 'u08', '0')).toBe(BAD_TYPE);
    expect(await c.call('BITFIELD', 'k', 'GET', 'u8', '-1')).toBe(BAD_OFFSET);
    expect(await c.call('BITFIELD', 'k', 'GET', 'u8', '#-1')).toBe(BAD_OFFSET);
    expect(await c.call('BITFIELD', 'k', 'GET', 'u8', '#1048576')).toBe(BAD_OFFSET);
    expect(await c.call('BITFIELD', 'k', 'GET', 'u8', '#1048575')).toBe('*1\r\n:0\r\n');
    // `#n` is multiplied in 64 bits with wrap-around, as Redis does: 2^61 * 8 is 0.
    expect(await c.call('BITFIELD', 'k', 'GET', 'u8', '#2305843009213693952')).toBe('*1\r\n:120\r\n');
    expect(await c.call('BITFIELD', 'k', 'SET', 'u8', '0', 'x')).toBe(NOT_INT);
    expect(await c.call('BITFIELD', 'k', 'SET', 'u8', '0')).toBe(SYNTAX);
    expect(await c.call('BITFIELD', 'k', 'GET', 'u8')).toBe(SYNTAX);
    expect(await c.call('BITFIELD', 'k', 'NOPE')).toBe(SYNTAX);
    expect(await c.call('BITFIELD', 'k', 'OVERFLOW')).toBe(SYNTAX);
    expect(await c.call('BITFIELD', 'k', 'OVERFLOW', 'MAX')).toBe('-ERR Invalid OVERFLOW type specified\r\n');
    expect(await c.call('BITFIELD', 'k', 'SET', 'u8', '0', '1', 'GET', 'u64', '0')).toBe(BAD_TYPE);
    expect(await c.call('GET', 'k')).toBe('$1\r\nx\r\n');
    expect(await c.call('BITFIELD', 'lst', 'GET', 'u8', '0')).toBe(WRONGTYPE);
    expect(await c.call('BITFIELD', 'lst', 'SET', 'u8', '0', '1')).toBe(WRONGTYPE);
    expect(await c.call('BITFIELD')).toBe("-ERR wrong number of arguments for 'bitfield' command\r\n");
  });

  it('missing keys: reads do not create; a write creates even when it fails', async () => {
    expect(await c.call('BITFIELD', 'nk', 'GET', 'u8', '0', 'GET', 'i64', '1000')).toBe('*2\r\n:0\r\n:0\r\n');
    expect(await c.call('EXISTS', 'nk')).toBe(':0\r\n');
    expect(await c.call('BITFIELD', 'nk', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '100', '9')).toBe('*1\r\n$-1\r\n');
    expect(await c.call('STRLEN', 'nk')).toBe(':13\r\n');
  });

  it('BITFIELD_RO only reads', async () => {
    await c.call('SET', 'r', 'hi');
    expect(await c.call('BITFIELD_RO', 'r', 'GET', 'u8', '0', 'GET', 'u8', '#1', 'GET', 'i4', '12')).toBe('*3\r\n:104\r\n:105\r\n:-7\r\n');
    expect(await c.call('BITFIELD_RO', 'r')).toBe('*0\r\n');
    expect(await c.call('BITFIELD_RO', 'r', 'GET', 'u8', '0', 'SET', 'u8', '0', '1')).toBe('-ERR BITFIELD_RO only supports the GET subcommand\r\n');
    expect(await c.call('BITFIELD_RO', 'r', 'INCRBY', 'u8', '0', 'x')).toBe(NOT_INT);
    expect(await c.call('BITFIELD_RO', 'r', 'GET', 'u64', '0')).toBe(BAD_TYPE);
    expect(await c.call('BITFIELD_RO', 'lst', 'GET', 'u8', '0')).toBe(WRONGTYPE);
    expect(await c.call('BITFIELD_RO', 'missing', 'GET', 'u8', '0')).toBe('*1\r\n:0\r\n');
    expect(await c.call('GET', 'r')).toBe('$2\r\nhi\r\n');
  });
});

describe('bookkeeping', () => {
  it('counts dirty like Redis: only real changes or growth', async () => {
    const s = petrel.server;
    const d0 = s.dirty;
    const delta = () => s.dirty - d0;
    await c.call('SETBIT', 'k', '3', '1');
    expect(delta()).toBe(1);
    await c.call('SETBIT', 'k', '3', '1');
    await c.call('SETBIT', 'k', '4', '0');
    expect(delta()).toBe(1);
    await c.call('SETBIT', 'k', '20', '0');
    expect(delta()).toBe(2);
    await c.call('GETBIT', 'k', '3');
    await c.call('BITCOUNT', 'k');
    await c.call('BITPOS', 'k', '1');
    await c.call('BITFIELD', 'k', 'GET', 'u8', '0');
    await c.call('BITFIELD_RO', 'k', 'GET', 'u8', '0');
    expect(delta()).toBe(2);
    // One per changed field; a field set to its current value counts nothing.
    await c.call('BITFIELD', 'k', 'SET', 'u8', '0', '16', 'SET', 'u8', '8', '1', 'INCRBY', 'u4', '16', '2', 'OVERFLOW', 'FAIL', 'INCRBY', 'u4', '16', '100');
    expect(delta()).toBe(4);
    // Growing counts every successful write.
    await c.call('BITFIELD', 'k', 'SET', 'u8', '0', '16', 'SET', 'u8', '40', '0');
    expect(delta()).toBe(6);
    await c.call('BITOP', 'NOT', 'd', 'k');
    expect(delta()).toBe(7);
    await c.call('BITOP', 'AND', 'd', 'missing');
    expect(delta()).toBe(8);
    await c.call('BITOP', 'AND', 'd', 'missing');
    expect(delta()).toBe(8);
  });

  it('propagates only the writes that changed something', async () => {
    const seen: string[][] = [];
    const sink = { feed: (cmds: PropagatedCommand[]) => cmds.forEach((x) => seen.push(x.argv)) };
    petrel.server.propagation.attach(sink);
    try {
      await c.call('SETBIT', 'k', '3', '1');
      await c.call('SETBIT', 'k', '3', '1');
      await c.call('BITFIELD', 'k', 'GET', 'u8', '0');
      await c.call('BITFIELD', 'k', 'SET', 'u4', '0', '1');
      await c.call('BITFIELD', 'k', 'INCRBY', 'u4', '0', '1');
      await c.call('BITOP', 'OR', 'd', 'k');
      await c.call('GETBIT', 'k', '3');
    } finally {
      petrel.server.propagation.detach(sink);
    }
    expect(seen).toEqual([
      ['SETBIT', 'k', '3', '1'],
      ['BITFIELD', 'k', 'INCRBY', 'u4', '0', '1'],
      ['BITOP', 'OR', 'd', 'k'],
    ]);
  });

  it('publishes setbit / set / del events', async () => {
    const sub = await RawClient.connect(petrel.port);
    try {
      await c.call('CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
      sub.send('SUBSCRIBE', '__keyevent@0__:setbit', '__keyevent@0__:set', '__keyevent@0__:del');
      await sub.read(3);
      await c.call('SETBIT', 'k', '1', '1');
      await c.call('SETBIT', 'k', '1', '1');
      await c.call('BITFIELD', 'k', 'GET', 'u8', '0');
      await c.call('BITFIELD', 'k', 'INCRBY', 'u8', '0', '1');
      await c.call('BITOP', 'NOT', 'd', 'k');
      await c.call('BITOP', 'NOT', 'd', 'missing');
      const msg = (ev: string, key: string) => `*3\r\n$7\r\nmessage\r\n$${15 + ev.length}\r\n__keyevent@0__:${ev}\r\n$${key.length}\r\n${key}\r\n`;
      expect(await sub.read(4)).toBe(msg('setbit', 'k') + msg('setbit', 'k') + msg('set', 'd') + msg('del', 'd'));
    } finally {
      await c.call('CONFIG', 'SET', 'notify-keyspace-events', '');
      sub.close();
    }
  });

  it('invalidates client-side caches once per write', async () => {
    const t = await RawClient.connect(petrel.port);
    try {
      await t.call('HELLO', '3');
      expect(await t.call('CLIENT', 'TRACKING', 'ON', 'BCAST')).toBe('+OK\r\n');
      await c.call('SETBIT', 'newbits', '9', '1');
      await c.call('SETBIT', 'newbits', '9', '1');
      await c.call('BITFIELD', 'newbits', 'INCRBY', 'u8', '0', '1');
      await c.call('BITFIELD', 'newfield', 'SET', 'u8', '0', '1');
      await c.call('SET', 'zzmarker', '1');
      let got = '';
      while (!got.includes('zzmarker')) got += await t.read();
      expect(got.split('newbits').length - 1).toBe(2);
      expect(got.split('newfield').length - 1).toBe(1);
    } finally {
      t.close();
    }
  });

  it('keeps the TTL of a bitmap written in place', async () => {
    await c.call('SET', 't', 'v', 'EX', '100');
    await c.call('SETBIT', 't', '100', '1');
    await c.call('BITFIELD', 't', 'SET', 'u8', '#20', '1');
    expect(await c.call('TTL', 't')).toBe(':100\r\n');
  });

  it('COPY and DUMP/RESTORE see the bits, not a shared buffer', async () => {
    await c.call('SETBIT', 'src', '9', '1');
    expect(await c.call('COPY', 'src', 'cp')).toBe(':1\r\n');
    await c.call('SETBIT', 'src', '0', '1');
    expect(await c.call('GET', 'cp')).toBe('$2\r\n\x00\x40\r\n');
    expect(await c.call('GET', 'src')).toBe('$2\r\n\x80\x40\r\n');
    const r = new Redis(petrel.port, '127.0.0.1');
    try {
      const payload = await r.dumpBuffer('src');
      expect(await r.restore('restored', 0, payload)).toBe('OK');
      expect(await r.getBuffer('restored')).toEqual(Buffer.from([0x80, 0x40]));
      expect(await r.bitcount('restored')).toBe(2);
    } finally {
      r.disconnect();
    }
  });
});

describe('ioredis', () => {
  it('drives the bitmap commands', async () => {
    const r = new Redis(petrel.port, '127.0.0.1');
    try {
      expect(await r.setbit('io', 5, 1)).toBe(0);
      expect(await r.getbit('io', 5)).toBe(1);
      expect(await r.bitcount('io')).toBe(1);
      expect(await r.bitpos('io', 1)).toBe(5);
      expect(await r.bitop('NOT', 'io2', 'io')).toBe(1);
      expect(await r.call('BITFIELD', 'io', 'INCRBY', 'i5', '100', '1', 'GET', 'u4', '0')).toEqual([1, 0]);
      expect(await r.bitfield('io', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', 0, 9)).toEqual([null]);
      expect(await r.call('BITFIELD_RO', 'io', 'GET', 'u8', '0')).toEqual([4]);
    } finally {
      r.disconnect();
    }
  });
});
