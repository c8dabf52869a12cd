import { describe, expect, it } from 'vitest';
import { ReplyWriter, bulkArrayEnd, bulkArrayItem, bulkArrayStart } from '../../src/protocol/reply.js';

/** The RESP of an array of bulk strings, built the plain way. */
function expected(items: string[]): string {
  return `*${items.length}\r\n` + items.map((s) => `$${s.length}\r\n${s}\r\n`).join('');
}

describe('bulk array encoder (scratch buffer)', () => {
  const allBytes = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');

  it('encodes binary elements of every length around the copy threshold', () => {
    const items: string[] = [];
    for (let len = 0; len <= 70; len++) items.push(allBytes.slice(len, len + len) + '\xff'.repeat(Math.max(0, len - (256 - len))));
    bulkArrayStart(items.length);
    for (const s of items) bulkArrayItem(s);
    expect(bulkArrayEnd()).toBe(expected(items));
  });

  it('grows past its buffer for a large reply and is clean for the next one', () => {
    const items = Array.from({ length: 3000 }, (_, i) => `element:${i}:` + allBytes.slice(i % 200, (i % 200) + (i % 57)));
    items.push('x'.repeat(2_000_000));
    bulkArrayStart(items.length);
    for (const s of items) bulkArrayItem(s);
    expect(bulkArrayEnd()).toBe(expected(items));
    bulkArrayStart(2);
    bulkArrayItem('a');
    bulkArrayItem('');
    expect(bulkArrayEnd()).toBe('*2\r\n$1\r\na\r\n$0\r\n\r\n');
  });

  it('starts RESP3 sets and maps with their own headers, RESP2 with arrays', () => {
    const w = new ReplyWriter();
    for (const resp of [2, 3] as const) {
      w.resp = resp;
      w.startBulkSet(2);
      bulkArrayItem('a');
      bulkArrayItem('b');
      w.raw(bulkArrayEnd());
      w.startBulkMap(1);
      bulkArrayItem('f');
      bulkArrayItem('v');
      w.raw(bulkArrayEnd());
    }
    expect(w.take()).toBe('*2\r\n$1\r\na\r\n$1\r\nb\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n' + '~2\r\n$1\r\na\r\n$1\r\nb\r\n%1\r\n$1\r\nf\r\n$1\r\nv\r\n');
  });

  it('backs ReplyWriter.bulkArray, which honours CLIENT REPLY OFF', () => {
    const w = new ReplyWriter();
    w.bulkArray(['k1', allBytes, '']);
    expect(w.take()).toBe(expected(['k1', allBytes, '']));
    w.enabled = false;
    w.bulkArray(['k1']);
    expect(w.take()).toBe('');
  });
});
