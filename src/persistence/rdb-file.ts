// RDB files on disk: save a keyspace crash-safely, load one at start-up.

import fs from 'node:fs';
import type { Keyspace } from '../data/keyspace.js';
import { encodeRdb, writeFileDurable, type RdbWriteOptions } from './rdb-writer.js';
import { loadRdb, type RdbLoadResult } from './rdb-reader.js';

/** Serializes `ks` and writes it to `file` (temp file, fsync, rename, fsync dir). Returns the byte size. */
export function saveRdbFile(file: string, ks: Keyspace, opts: RdbWriteOptions = {}): number {
  const data = encodeRdb(ks, opts);
  writeFileDurable(file, data);
  return data.length;
}

/**
 * Loads `file` into `ks` when it exists; returns null when there is no file.
 * Throws RdbError on a corrupt file (start-up must stop, as Redis does).
 */
export function loadRdbFile(file: string, ks: Keyspace, warn?: (m: string) => void): RdbLoadResult | null {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  return loadRdb(buf, ks, { warn });
}
