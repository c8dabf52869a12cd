// MONITOR: every command the server runs, as one line per command to each
// monitoring client, in Redis's format:
//   +1700000000.123456 [0 127.0.0.1:50000] "set" "k" "v"
// Commands flagged admin or skip_monitor are not shown; credentials are
// redacted, as Redis does.

import type { Client } from '../server/client.js';
import { repr } from '../config/parse.js';

/** Which arguments of a command carry secrets (AUTH's, HELLO AUTH's). */
function redacted(argv: string[]): string[] {
  const name = argv[0].toLowerCase();
  if (name === 'auth') return [argv[0], ...argv.slice(1).map(() => '(redacted)')];
  if (name === 'hello') {
    const out = argv.slice();
    for (let i = 2; i < out.length; i++) {
      if (out[i].toLowerCase() === 'auth' && i + 2 < out.length) {
        out[i + 1] = '(redacted)';
        out[i + 2] = '(redacted)';
        i += 2;
      }
    }
    return out;
  }
  return argv;
}

/** The MONITOR line for a command run by `c` that started at `startMs` (epoch ms, fractional). */
export function monitorLine(c: Client, argv: string[], startMs: number): string {
  const seconds = Math.floor(startMs / 1000);
  const micros = Math.floor((startMs - seconds * 1000) * 1000);
  const where = c.conn.remoteAddress === undefined ? `unix:${c.server.config.str('unixsocket')}` : c.addr;
  let line = `+${seconds}.${String(micros).padStart(6, '0')} [${c.db.id} ${where}] `;
  const args = redacted(argv);
  for (let i = 0; i < args.length; i++) {
    if (i > 0) line += ' ';
    line += repr(args[i]);
  }
  return line + '\r\n';
}

/** Sends the line to every monitor (their replies are flushed with the batch). */
export function feedMonitors(c: Client, argv: string[], startMs: number): void {
  const line = monitorLine(c, argv, startMs);
  for (const m of c.server.monitors) {
    if (m.closed) continue;
    m.w.raw(line);
    m.server.pubsub.scheduleFlush(m);
  }
}
