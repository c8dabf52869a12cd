// CLIENT PAUSE / UNPAUSE: for a while, commands from normal clients are held
// back — every command (ALL) or only those that may write (WRITE) — and run in
// arrival order when the pause ends. A held client stops reading further
// commands until its held one has run, like a blocked client.

import type { Client } from './client.js';
import type { Server } from './server.js';
import type { Command } from '../commands/types.js';
import { dispatch } from './dispatcher.js';

export type PauseMode = 'all' | 'write';

/** What CLIENT PAUSE WRITE holds back: writes and commands that may replicate (PUBLISH, EVAL...). */
function mayWrite(cmd: Command): boolean {
  return cmd.isWrite || cmd.spec.flags.includes('may_replicate');
}

export class PauseManager {
  /** When the current pause ends (epoch ms), 0 when not paused. */
  until = 0;
  mode: PauseMode = 'all';
  private timer: NodeJS.Timeout | null = null;
  /** Clients whose next command waits for the pause to end, in arrival order. */
  private readonly held: Client[] = [];

  constructor(private readonly server: Server) {}

  get active(): boolean {
    return this.until !== 0;
  }

  /** Starts or extends a pause (Redis keeps the later end and the stricter mode). */
  pause(ms: number, mode: PauseMode): void {
    const wasActive = this.until !== 0;
    const until = Date.now() + ms;
    if (!wasActive || until > this.until) this.until = until;
    // Of two overlapping pauses the stricter mode wins.
    this.mode = wasActive && this.mode === 'all' ? 'all' : mode;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.unpause(), Math.max(0, this.until - Date.now()));
  }

  /** Whether this command from this client must wait now. */
  mustHold(c: Client, cmd: Command): boolean {
    if (this.until === 0) return false;
    if (Date.now() >= this.until) {
      this.unpause();
      return false;
    }
    // The CLIENT command itself (UNPAUSE above all) is never held, nor are replicas (none yet).
    if (cmd.fullName.startsWith('client|')) return false;
    if (this.mode === 'all') return true;
    if (cmd.fullName === 'exec') return c.multi !== null && c.multi.queue.some((q) => mayWrite(q.cmd));
    return mayWrite(cmd);
  }

  hold(c: Client, argv: string[]): void {
    c.heldArgv = argv;
    this.held.push(c);
  }

  /** Ends the pause and runs the held commands in the order they came. */
  unpause(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.until = 0;
    const held = this.held.splice(0);
    for (const c of held) {
      const argv = c.heldArgv;
      c.heldArgv = null;
      if (argv === null || c.closed) continue;
      this.server.lastTick = performance.now();
      dispatch(c, argv);
      c.resumeInput();
    }
    if (this.server.blocking.pending) this.server.blocking.serveReady();
  }

  forget(c: Client): void {
    const i = this.held.indexOf(c);
    if (i >= 0) this.held.splice(i, 1);
  }
}
