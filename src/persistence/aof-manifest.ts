// Redis 7's multi-part AOF layout: a directory (`appenddirname`) holding one
// base file (`<appendfilename>.<seq>.base.rdb` or `.base.aof`), incremental
// files (`<appendfilename>.<seq>.incr.aof`) applied in order after it, and a
// manifest (`<appendfilename>.manifest`) naming them, one line per file:
//
//   file appendonly.aof.1.base.rdb seq 1 type b
//   file appendonly.aof.1.incr.aof seq 1 type i
//
// Type `h` marks history files (an old base or incrs) waiting for deletion.

import fs from 'node:fs';
import path from 'node:path';
import { writeFileDurable } from './rdb-writer.js';

export interface AofFileInfo {
  name: string;
  seq: number;
  type: 'b' | 'i' | 'h';
}

export interface AofManifest {
  base: AofFileInfo | null;
  incrs: AofFileInfo[];
  history: AofFileInfo[];
}

export class ManifestError extends Error {}

export function emptyManifest(): AofManifest {
  return { base: null, incrs: [], history: [] };
}

export function manifestName(appendfilename: string): string {
  return `${appendfilename}.manifest`;
}

export function baseName(appendfilename: string, seq: number, rdb: boolean): string {
  return `${appendfilename}.${seq}.base.${rdb ? 'rdb' : 'aof'}`;
}

export function incrName(appendfilename: string, seq: number): string {
  return `${appendfilename}.${seq}.incr.aof`;
}

/** Parses manifest text; throws ManifestError with Redis's wording on bad input. */
export function parseManifest(text: string): AofManifest {
  const m = emptyManifest();
  let lastIncrSeq = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const words = line.split(/\s+/);
    if (words.length % 2 !== 0) throw new ManifestError('Invalid AOF manifest file format');
    const fields = new Map<string, string>();
    for (let i = 0; i < words.length; i += 2) fields.set(words[i], words[i + 1]);
    const name = fields.get('file');
    const seqText = fields.get('seq');
    const type = fields.get('type');
    if (name === undefined || seqText === undefined || type === undefined || !/^\d+$/.test(seqText)) {
      throw new ManifestError('Invalid AOF manifest file format');
    }
    if (name.includes('/')) throw new ManifestError('Invalid AOF manifest file format');
    const info: AofFileInfo = { name, seq: Number(seqText), type: type as AofFileInfo['type'] };
    if (type === 'b') {
      if (m.base !== null) throw new ManifestError('Found duplicate base file information');
      m.base = info;
    } else if (type === 'i') {
      if (info.seq <= lastIncrSeq) throw new ManifestError('Found a non-monotonic sequence number');
      lastIncrSeq = info.seq;
      m.incrs.push(info);
    } else if (type === 'h') {
      m.history.push(info);
    } else throw new ManifestError('Unknown AOF file type');
  }
  if (m.base === null && m.incrs.length === 0) throw new ManifestError('Found an empty AOF manifest');
  return m;
}

export function formatManifest(m: AofManifest): string {
  let s = '';
  const line = (f: AofFileInfo): string => `file ${f.name} seq ${f.seq} type ${f.type}\n`;
  if (m.base !== null) s += line(m.base);
  for (const f of m.history) s += line(f);
  for (const f of m.incrs) s += line(f);
  return s;
}

/** Reads the manifest in `dir`, or null when there is none. */
export function readManifest(dir: string, appendfilename: string): AofManifest | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, manifestName(appendfilename)), 'latin1');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  return parseManifest(text);
}

/** Writes the manifest crash-safely (temp file, fsync, rename, directory fsync). */
export function writeManifest(dir: string, appendfilename: string, m: AofManifest): void {
  writeFileDurable(path.join(dir, manifestName(appendfilename)), Buffer.from(formatManifest(m), 'latin1'));
}

/** The files to load, in order: base first, then the incrs. */
export function loadOrder(m: AofManifest): AofFileInfo[] {
  return m.base === null ? [...m.incrs] : [m.base, ...m.incrs];
}
