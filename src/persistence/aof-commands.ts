// RESP command encoding for the AOF: the commands that re-create a value
// (a rewrite's base file when aof-use-rdb-preamble is off), and the RESP
// framing of logged commands.

import type { Value } from '../data/values.js';
import { isString, stringOf } from '../data/values.js';
import type { ListValue } from '../data/list.js';
import type { SetValue } from '../data/set.js';
import type { ZSet } from '../data/zset.js';
import type { RedisHash } from '../data/hash.js';
import { formatDouble } from '../protocol/numbers.js';
import type { RdbWriteOptions } from './rdb-writer.js';
import type { SnapshotEncoder } from './snapshot.js';

/** Elements per rewritten command (Redis's AOF_REWRITE_ITEMS_PER_CMD). */
const ITEMS_PER_CMD = 64;

/** One command as RESP (a latin1 string: one char per byte). */
export function respCommand(argv: readonly string[]): string {
  let s = `*${argv.length}\r\n`;
  for (const a of argv) s += `$${a.length}\r\n${a}\r\n`;
  return s;
}

/** Commands that re-create `key` holding `value` (without its TTL). */
export function valueCommands(key: string, value: Value): string[][] {
  if (isString(value)) return [['SET', key, stringOf(value)]];
  const out: string[][] = [];
  const batch = (cmd: string, items: string[], per: number): void => {
    for (let i = 0; i < items.length; i += ITEMS_PER_CMD * per) out.push([cmd, key, ...items.slice(i, i + ITEMS_PER_CMD * per)]);
  };
  switch (value.type) {
    case 'list':
      batch('RPUSH', (value as ListValue).toArray().map(String), 1);
      break;
    case 'set':
      batch('SADD', (value as SetValue).toArray(), 1);
      break;
    case 'zset': {
      const ms: string[] = [];
      const ss: number[] = [];
      (value as ZSet).entries(ms, ss);
      const items: string[] = [];
      for (let i = 0; i < ms.length; i++) items.push(formatDouble(ss[i]), ms[i]);
      batch('ZADD', items, 2);
      break;
    }
    case 'hash': {
      const kv = (value as RedisHash).pairs();
      batch('HSET', kv.map(String), 2);
      break;
    }
    default: {
      const custom = (value as { rewriteCommands?: (key: string) => string[][] }).rewriteCommands;
      if (custom === undefined) throw new Error(`AOF rewrite: no command form for type ${value.type}`);
      return custom.call(value, key);
    }
  }
  return out;
}

/** The snapshot walk's encoder for an AOF base made of commands. */
export class AofCommandEncoder implements SnapshotEncoder {
  private parts: string[] = [];
  private bytes = 0;

  get pending(): number {
    return this.bytes;
  }

  /** The base starts with the function libraries (Redis's rewriteFunctions). */
  header(opts: RdbWriteOptions): void {
    for (const code of opts.functions ?? []) this.add(respCommand(['FUNCTION', 'LOAD', code]));
  }

  selectDb(id: number): void {
    this.add(respCommand(['SELECT', String(id)]));
  }

  encodeKeyValue(key: string, value: Value, when: number | bigint | undefined): void {
    for (const argv of valueCommands(key, value)) this.add(respCommand(argv));
    if (when !== undefined) this.add(respCommand(['PEXPIREAT', key, String(when)]));
  }

  eof(): void {}

  footer(_crc: bigint): void {}

  take(): Buffer {
    const b = Buffer.from(this.parts.join(''), 'latin1');
    this.parts = [];
    this.bytes = 0;
    return b;
  }

  private add(s: string): void {
    this.parts.push(s);
    this.bytes += s.length;
  }
}
