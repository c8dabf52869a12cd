// Memory estimates for keys and values (MEMORY USAGE, maxmemory accounting).
//
// Redis asks its allocator how much a value takes. A JS heap has no such
// answer: bytes are freed only when the garbage collector runs, and an
// embedded server shares its heap with the host program. So Petrel estimates
// what a value costs from its shape: the bytes of its strings plus a fixed
// overhead per element, measured once on V8 (Node 20, x64) for each
// representation. Large collections are sampled like Redis's MEMORY USAGE
// SAMPLES: the average of a few elements times the element count.

import type { Value } from './values.js';
import { MutableString } from './values.js';
import type { ListValue } from './list.js';
import type { RedisHash } from './hash.js';
import { ENC_HASHTABLE, ENC_INTSET, type SetValue } from './set.js';
import type { ZSet } from './zset.js';

/** A key in the keyspace Dict: Map entry, string header. */
export const KEY_OVERHEAD = 56;
/** A one-byte V8 string's header (length, hash, map). */
const STRING_HEADER = 16;
/** A collection element beyond its bytes: Map/Set entry, or array slot + string header. */
const ELEMENT_OVERHEAD = 40;
/** A collection object itself (class instance, backing store headers). */
const COLLECTION_OVERHEAD = 96;

function strBytes(s: string | number): number {
  return typeof s === 'number' ? 8 : STRING_HEADER + s.length;
}

/** Estimated bytes held by `key` and its value; `samples` elements of a collection are measured (0 = all). */
export function estimateKeyBytes(key: string, value: Value, samples = 5): number {
  return KEY_OVERHEAD + strBytes(key) + estimateValueBytes(value, samples);
}

export function estimateValueBytes(value: Value, samples = 5): number {
  if (typeof value === 'string') return strBytes(value);
  if (typeof value === 'number') return 8;
  if (value instanceof MutableString) return 32 + value.buf.length;
  const custom = (value as { estimateBytes?: (samples: number) => number }).estimateBytes;
  if (custom !== undefined) return custom.call(value, samples);
  switch (value.type) {
    case 'list': {
      const list = value as ListValue;
      return COLLECTION_OVERHEAD + sampled(list.length, samples, (i) => strBytes(list.at(i)) + 8);
    }
    case 'hash': {
      const h = value as RedisHash;
      if (h.index === null) return COLLECTION_OVERHEAD + STRING_HEADER + h.lp.length;
      const kv = h.pairs();
      const perPair = h.index === null ? 16 : ELEMENT_OVERHEAD + 16;
      return COLLECTION_OVERHEAD + sampled(h.size, samples, (i) => strBytes(kv[i * 2]) + strBytes(kv[i * 2 + 1]) + perPair);
    }
    case 'set': {
      const s = value as SetValue;
      if (s.enc === ENC_INTSET) return COLLECTION_OVERHEAD + 8 * s.size;
      if (s.enc === ENC_HASHTABLE) return COLLECTION_OVERHEAD + sampled(s.size, samples, () => strBytes(s.random()) + ELEMENT_OVERHEAD);
      return COLLECTION_OVERHEAD + sampled(s.size, samples, (i) => strBytes(s.at(i)) + 8);
    }
    case 'zset': {
      const z = value as ZSet;
      // listpack: member + score slots; skiplist: member map entry + node (score, level array).
      const perMember = z.encoding() === 'listpack' ? 24 : ELEMENT_OVERHEAD + 48;
      return COLLECTION_OVERHEAD + sampled(z.length, samples, (i) => strBytes(z.memberAt(i)) + perMember);
    }
    default:
      return COLLECTION_OVERHEAD;
  }
}

/** Average of `samples` evenly spread elements times the count (all of them when samples is 0). */
function sampled(count: number, samples: number, bytesAt: (i: number) => number): number {
  if (count === 0) return 0;
  const n = samples === 0 || samples >= count ? count : samples;
  let sum = 0;
  for (let j = 0; j < n; j++) sum += bytesAt(Math.floor((j * count) / n));
  return (sum / n) * count;
}
