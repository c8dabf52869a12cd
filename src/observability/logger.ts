// Structured logs with pino. Redis's levels map onto pino's; nothing on the
// per-command path logs.

import pino from 'pino';

export type Logger = pino.Logger;

/** Redis loglevel → pino level. */
const LEVELS: Record<string, pino.LevelWithSilent> = {
  debug: 'trace',
  verbose: 'debug',
  notice: 'info',
  warning: 'warn',
  nothing: 'silent',
};

/** A logger writing to stdout (logfile "") or appending to a file. */
export function createLogger(level: string, logfile: string): Logger {
  const destination = logfile === '' ? pino.destination({ fd: 1, sync: false }) : pino.destination({ dest: logfile, append: true, mkdir: true, sync: false });
  return pino({ level: LEVELS[level] ?? 'info', base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}
