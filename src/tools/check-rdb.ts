// `petrel-check-rdb <file>`: reads an RDB file the way the server would load
// it (every opcode, every encoding, the CRC64 footer) without loading it into a
// server, and says whether it is sound — Petrel's redis-check-rdb.

import fs from 'node:fs';
import { readRdb, RdbError } from '../persistence/rdb-reader.js';
import { defaultLimits } from '../data/limits.js';
import { typeOf } from '../data/values.js';

export interface CheckResult {
  ok: boolean;
  lines: string[];
}

/** Checks an RDB image; the lines are what the command prints. */
export function checkRdb(buf: Buffer, name: string, now = Date.now()): CheckResult {
  const lines = [`Checking RDB file ${name} (${buf.length} bytes)`];
  const perType = new Map<string, number>();
  let expires = 0;
  let expired = 0;
  const dbs = new Set<number>();
  try {
    const r = readRdb(buf, {
      limits: defaultLimits(),
      onKey(k) {
        dbs.add(k.db);
        const t = typeOf(k.value);
        perType.set(t, (perType.get(t) ?? 0) + 1);
        if (k.expireMs !== undefined) {
          expires++;
          if (Number(k.expireMs) <= now) expired++;
        }
      },
      warn: (m) => lines.push(`[warning] ${m}`),
    });
    lines.push(`RDB version ${r.version}`);
    for (const [k, v] of r.aux) lines.push(`AUX ${k} = '${v}'`);
    if (r.functions.length > 0) lines.push(`${r.functions.length} function libraries`);
    lines.push(r.checksum === 'ok' ? 'Checksum OK' : 'No checksum (rdbchecksum no)');
    lines.push(`${r.keys} keys read in ${dbs.size} database(s): ${[...perType].map(([t, n]) => `${n} ${t}`).join(', ') || 'none'}`);
    lines.push(`${expires} expires, ${expired} already expired`);
    lines.push('RDB looks OK!');
    return { ok: true, lines };
  } catch (err) {
    lines.push('--- RDB ERROR DETECTED ---');
    lines.push(err instanceof RdbError ? err.message : String((err as Error).message ?? err));
    return { ok: false, lines };
  }
}

export function main(args: string[]): void {
  if (args.length !== 1 || args[0] === '-h' || args[0] === '--help') {
    process.stderr.write('Usage: petrel-check-rdb <rdb-file-name>\n');
    process.exit(args.length === 1 ? 0 : 1);
  }
  let buf: Buffer;
  try {
    buf = fs.readFileSync(args[0]);
  } catch (err) {
    process.stderr.write(`Cannot open ${args[0]}: ${(err as Error).message}\n`);
    process.exit(1);
  }
  const r = checkRdb(buf, args[0]);
  process.stdout.write(r.lines.join('\n') + '\n');
  process.exit(r.ok ? 0 : 1);
}
