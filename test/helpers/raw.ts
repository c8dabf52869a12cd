// A raw socket client for byte-exact reply assertions.

import net from 'node:net';
import { encodeCommand, replyEnd } from './resp.js';

export class RawClient {
  private buf = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  closed = false;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (d) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => {});
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ port, host }, () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private waitMore(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timeout waiting for reply; have ${JSON.stringify(this.buf.latin1Slice(0, this.buf.length))}`)), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  /** Sends raw bytes. */
  write(data: string | Buffer): void {
    this.socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  /** Sends a command as multibulk. */
  send(...argv: (string | Buffer | number)[]): void {
    this.write(encodeCommand(argv));
  }

  /** Reads exactly n complete replies, returning their bytes as one latin1 string. */
  async read(n = 1, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let p = 0;
      let count = 0;
      while (count < n) {
        const e = replyEnd(this.buf, p);
        if (e < 0) break;
        p = e;
        count++;
      }
      if (count === n) {
        const out = this.buf.latin1Slice(0, p);
        this.buf = this.buf.subarray(p);
        return out;
      }
      if (this.closed) throw new Error(`connection closed; have ${JSON.stringify(this.buf.latin1Slice(0, this.buf.length))}`);
      await this.waitMore(Math.max(1, deadline - Date.now()));
    }
  }

  /** Sends one command and returns its reply bytes. */
  async call(...argv: (string | Buffer | number)[]): Promise<string> {
    this.send(...argv);
    return this.read(1);
  }

  /** Waits for the server to close the connection; returns whatever arrived before. */
  async waitClosed(timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) await this.waitMore(Math.max(1, deadline - Date.now()));
    const out = this.buf.latin1Slice(0, this.buf.length);
    this.buf = Buffer.alloc(0);
    return out;
  }

  close(): void {
    this.socket.destroy();
  }
}
