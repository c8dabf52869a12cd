// Propagation: the stream of writes that the AOF (and, later, replicas) record.
//
// Redis's model, which Petrel follows: a command that changed the dataset
// (server.dirty moved) is propagated as it was sent, unless its handler says
// otherwise. A handler whose effect is not deterministic from its arguments
// emits the deterministic commands instead (SPOP → SREM, SET EX → SET PXAT,
// INCRBYFLOAT → SET KEEPTTL, BLPOP → LPOP, XADD * → XADD <id>...), by calling
// `propagateAs(c, argv)` once per command it wants logged (or
// `propagateNothing(c)` to log nothing). Keys deleted by expiry or eviction
// are logged as DEL when they go.
//
// Everything one top-level command produces (a whole EXEC, a script, a lazy
// expiry DEL followed by the command) is collected and handed to the sinks in
// one piece when it ends; more than one command is wrapped in MULTI/EXEC so
// that a reader applies all or nothing. Each entry carries its database:
// sinks emit SELECT when it changes.
//
// When no sink is attached (no AOF, no replica), `active` is false and a
// command pays one comparison.

import type { Client } from './client.js';

export interface PropagatedCommand {
  db: number;
  argv: string[];
}

/** Where propagated writes go (the AOF, a replica link). */
export interface PropagationSink {
  /** One top-level command's writes, already wrapped in MULTI/EXEC when several. */
  feed(commands: PropagatedCommand[]): void;
}

const MULTI = ['MULTI'];
const EXEC = ['EXEC'];

export class Propagation {
  /** True while some sink listens; nothing is recorded otherwise. */
  active = false;
  /** Nesting of call(): 0 outside any command (cron, eviction). */
  depth = 0;
  /** Set by propagateAs / propagateNothing during the running command. */
  replaced = false;
  /** Set by a script's redis.set_repl(redis.REPL_NONE): the commands it runs are not logged. */
  suppressed = false;
  pending: PropagatedCommand[] = [];
  private sinks: PropagationSink[] = [];

  attach(sink: PropagationSink): void {
    if (!this.sinks.includes(sink)) this.sinks.push(sink);
    this.active = true;
  }

  detach(sink: PropagationSink): void {
    const i = this.sinks.indexOf(sink);
    if (i >= 0) this.sinks.splice(i, 1);
    this.active = this.sinks.length !== 0;
  }

  /** Records one command; outside any command it is flushed at once. */
  add(db: number, argv: string[]): void {
    this.pending.push({ db, argv });
    if (this.depth === 0) this.flush();
  }

  /** Starts one call(); returns the caller's `replaced` flag for endPropagatedCall. */
  begin(): boolean {
    const before = this.replaced;
    this.replaced = false;
    this.depth++;
    return before;
  }

  /** Hands what the finished top-level command produced to the sinks. */
  flush(): void {
    const pending = this.pending;
    if (pending.length === 0) return;
    this.pending = [];
    let out = pending;
    if (pending.length > 1) {
      out = [{ db: pending[0].db, argv: MULTI }];
      for (const p of pending) out.push(p);
      out.push({ db: pending[pending.length - 1].db, argv: EXEC });
    }
    for (const sink of this.sinks) sink.feed(out);
  }
}

/**
 * Logs `argv` (in the client's current database) in place of the running
 * command. Call once per command to log; the command's own argv is then not
 * logged. Cheap no-op when nothing listens.
 */
export function propagateAs(c: Client, argv: string[]): void {
  const p = c.server.propagation;
  if (!p.active) return;
  p.replaced = true;
  if (!p.suppressed) p.add(c.db.id, argv);
}

/** The running command changed data but must not be logged itself (EXEC: its parts are). */
export function propagateNothing(c: Client): void {
  c.server.propagation.replaced = true;
}

/**
 * Ends one call() of a command that started while propagation was active:
 * logs its argv when it changed data and did not log something else itself,
 * and hands everything to the sinks once the top-level command is over.
 */
export function endPropagatedCall(
  p: Propagation,
  changed: boolean,
  db: number,
  argv: string[],
  replacedBefore: boolean,
): void {
  p.depth--;
  if (changed && !p.replaced && !p.suppressed) p.pending.push({ db, argv });
  p.replaced = replacedBefore;
  if (p.depth === 0) p.flush();
}
