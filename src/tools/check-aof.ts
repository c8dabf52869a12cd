// `petrel-check-aof [--fix] <file.manifest | file.aof>`: checks an AOF the way
// the server would load it — the manifest, the base (RDB or commands) and each
// incr file — without loading it, like redis-check-aof. With --fix, a file
// whose last command is torn (or ends inside MULTI) is truncated at the last
// whole command; damage elsewhere cannot be fixed and is reported.

import fs from 'node:fs';
import path from 'node:path';
import { AofCursor } from '../persistence/aof-reader.js';
import { loadOrder, parseManifest } from '../persistence/aof-manifest.js';
import { readRdb } from '../persistence/rdb-reader.js';
import { defaultLimits } from '../data/limits.js';

export interface AofCheck {
  ok: boolean;
  lines: string[];
}

interface FileVerdict {
  ok: boolean;
  /** Offset the file is valid up to (truncate here to fix). */
  validUpTo: number;
  /** True when only the tail is damaged (fixable). */
  fixable: boolean;
  commands: number;
  message: string;
}

/** Checks one AOF file's commands (or RDB image, for a base). */
export function checkAofFile(buf: Buffer): FileVerdict {
  if (buf.latin1Slice(0, 5) === 'REDIS') {
    try {
      const r = readRdb(buf, { limits: defaultLimits(), onKey() {} });
      return { ok: true, validUpTo: buf.length, fixable: false, commands: 0, message: `RDB preamble: ${r.keys} keys, RDB version ${r.version}` };
    } catch (e) {
      return { ok: false, validUpTo: 0, fixable: false, commands: 0, message: `RDB preamble is damaged: ${(e as Error).message}` };
    }
  }
  const cursor = new AofCursor(buf);
  let commands = 0;
  let inMulti = false;
  let multiStart = 0;
  for (;;) {
    const at = cursor.offset;
    const step = cursor.next();
    if (step.kind === 'end') break;
    if (step.kind === 'bad') {
      return { ok: false, validUpTo: inMulti ? multiStart : at, fixable: false, commands, message: `Bad file format at offset ${at}: ${step.reason}` };
    }
    if (step.kind === 'truncated') {
      const cut = inMulti ? multiStart : at;
      return { ok: false, validUpTo: cut, fixable: true, commands, message: `Unexpected end of file at offset ${at}: the last command is incomplete` };
    }
    commands++;
    const name = step.argv[0].toLowerCase();
    if (name === 'multi') {
      if (inMulti) return { ok: false, validUpTo: multiStart, fixable: false, commands, message: `Unexpected MULTI at offset ${at}` };
      inMulti = true;
      multiStart = at;
    } else if (name === 'exec') {
      if (!inMulti) return { ok: false, validUpTo: at, fixable: false, commands, message: `Unexpected EXEC at offset ${at}` };
      inMulti = false;
    }
  }
  if (inMulti) {
    return { ok: false, validUpTo: multiStart, fixable: true, commands, message: `Reached EOF before reading EXEC for MULTI at offset ${multiStart}` };
  }
  return { ok: true, validUpTo: buf.length, fixable: false, commands, message: `${commands} commands` };
}

/** Checks a manifest (and its files) or a single AOF file; fixes the last file when asked. */
export function checkAof(target: string, fix: boolean): AofCheck {
  const lines: string[] = [];
  let files: { file: string; last: boolean }[];
  if (target.endsWith('.manifest')) {
    let manifest;
    try {
      manifest = parseManifest(fs.readFileSync(target, 'latin1'));
    } catch (e) {
      return { ok: false, lines: [`Cannot read the AOF manifest ${target}: ${(e as Error).message}`] };
    }
    lines.push(`Start checking Multi Part AOF`);
    const order = loadOrder(manifest);
    files = order.map((f, i) => ({ file: path.join(path.dirname(target), f.name), last: i === order.length - 1 }));
  } else files = [{ file: target, last: true }];
  let ok = true;
  for (const { file, last } of files) {
    let buf: Buffer;
    try {
      buf = fs.readFileSync(file);
    } catch (e) {
      lines.push(`Cannot open ${file}: ${(e as Error).message}`);
      return { ok: false, lines };
    }
    const v = checkAofFile(buf);
    const name = path.basename(file);
    if (v.ok) {
      lines.push(`${name} is valid (${v.message})`);
      continue;
    }
    lines.push(`${name}: ${v.message}`);
    if (fix && v.fixable && last) {
      fs.truncateSync(file, v.validUpTo);
      lines.push(`Successfully truncated AOF ${name} to ${v.validUpTo} bytes (${buf.length - v.validUpTo} bytes removed)`);
      continue;
    }
    ok = false;
    if (v.fixable && last) lines.push(`AOF ${name} can be fixed: run with --fix to truncate it at offset ${v.validUpTo}`);
    else lines.push(`AOF ${name} is not valid and cannot be fixed automatically (damage before the end, or not the last file)`);
    break;
  }
  lines.push(ok ? 'AOF analyzed: looks OK' : 'AOF analyzed: NOT OK');
  return { ok, lines };
}

export function main(args: string[]): void {
  const fix = args[0] === '--fix';
  const rest = fix ? args.slice(1) : args;
  if (rest.length !== 1 || rest[0] === '-h' || rest[0] === '--help') {
    process.stderr.write('Usage: petrel-check-aof [--fix] <file.manifest|file.aof>\n');
    process.exit(rest.length === 1 ? 0 : 1);
  }
  const r = checkAof(rest[0], fix);
  process.stdout.write(r.lines.join('\n') + '\n');
  process.exit(r.ok ? 0 : 1);
}
