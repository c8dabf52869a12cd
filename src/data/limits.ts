// Thresholds that decide when a collection leaves its compact encoding
// (Redis's listpack/intset) for the general one (quicklist/hashtable/skiplist).
// One object per keyspace, shared by every value, kept in step with CONFIG SET
// by the server. Redis never converts back when a threshold is raised later,
// except lists (quicklist → listpack when small again); values decide that
// themselves when they change.

export interface EncodingLimits {
  /** list-max-listpack-size: >0 entries per node, -1..-5 = 4/8/16/32/64 KiB per node. */
  listMaxListpackSize: number;
  hashMaxListpackEntries: number;
  hashMaxListpackValue: number;
  setMaxIntsetEntries: number;
  setMaxListpackEntries: number;
  setMaxListpackValue: number;
  zsetMaxListpackEntries: number;
  zsetMaxListpackValue: number;
}

/** Redis 7.2's defaults. */
export function defaultLimits(): EncodingLimits {
  return {
    listMaxListpackSize: -2,
    hashMaxListpackEntries: 512,
    hashMaxListpackValue: 64,
    setMaxIntsetEntries: 512,
    setMaxListpackEntries: 128,
    setMaxListpackValue: 64,
    zsetMaxListpackEntries: 128,
    zsetMaxListpackValue: 64,
  };
}

/** Config directive → field, for the server's CONFIG SET wiring. */
export const LIMIT_DIRECTIVES: ReadonlyArray<[string, keyof EncodingLimits]> = [
  ['list-max-listpack-size', 'listMaxListpackSize'],
  ['hash-max-listpack-entries', 'hashMaxListpackEntries'],
  ['hash-max-listpack-value', 'hashMaxListpackValue'],
  ['set-max-intset-entries', 'setMaxIntsetEntries'],
  ['set-max-listpack-entries', 'setMaxListpackEntries'],
  ['set-max-listpack-value', 'setMaxListpackValue'],
  ['zset-max-listpack-entries', 'zsetMaxListpackEntries'],
  ['zset-max-listpack-value', 'zsetMaxListpackValue'],
];
