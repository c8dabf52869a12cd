// A synchronous message channel between the main thread and the scripting
// worker, over one SharedArrayBuffer. Strictly request/response: exactly one
// side owns the data area at a time, so a single area serves both directions.
//
// Each side has a 32-bit "doorbell" counter in `ctl`: the sender writes its
// message into the data area, bumps the receiver's counter and notifies; the
// receiver waits on its counter (Atomics.wait, or Atomics.waitAsync on the main
// thread while a script is past busy-reply-threshold) and reads. Messages
// larger than the data area travel through a MessagePort and are taken with
// receiveMessageOnPort, still synchronously.
//
// Strings are latin1 (one char per byte), written and read with Buffer's
// latin1 methods; a message is [u8 type][u32 count] then per item [u32 len][bytes].

import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';

/** ctl slots. */
export const TO_WORKER = 0;
export const TO_MAIN = 1;
/** Worker state: 0 booting, 1 ready, 2 failed to start. */
export const STATE = 2;

/** Message types. */
export const M_JOB = 1; // main → worker: a job for the dispatch loop (strings)
export const M_REPLY = 2; // main → worker: a redis.call reply (one RESP string)
export const M_CALL = 3; // worker → main: redis.call / pcall (flags, resp, argv...)
export const M_RESULT = 4; // worker → main: a job's encoded result
export const M_FATAL = 5; // worker → main: the VM died (message)

const HEADER = 5;
/**
 * Loads of the doorbell before sleeping on it. 0: spinning made things worse
 * where it was measured (docs/scripting.md), the futex wake is the cheaper path.
 */
const SPIN = 0;
const OVERFLOW = 0xffffffff;

export interface ChannelBuffers {
  ctl: SharedArrayBuffer;
  data: SharedArrayBuffer;
}

export function createBuffers(size = 1 << 20): ChannelBuffers {
  return { ctl: new SharedArrayBuffer(16), data: new SharedArrayBuffer(size) };
}

export class Channel {
  readonly ctl: Int32Array;
  readonly data: Buffer;

  constructor(
    buffers: ChannelBuffers,
    /** Where messages too large for the data area go (the other end of the pair). */
    private readonly port: MessagePort,
  ) {
    this.ctl = new Int32Array(buffers.ctl);
    this.data = Buffer.from(buffers.data);
  }

  /** Writes a message of strings and rings the other side's doorbell. */
  send(slot: number, type: number, items: readonly string[]): void {
    const data = this.data;
    let size = HEADER;
    for (let i = 0; i < items.length; i++) size += 4 + items[i].length;
    data[0] = type;
    if (size > data.length) {
      data.writeUInt32LE(OVERFLOW, 1);
      this.port.postMessage(items);
    } else {
      data.writeUInt32LE(items.length, 1);
      let o = HEADER;
      for (let i = 0; i < items.length; i++) {
        const s = items[i];
        data.writeUInt32LE(s.length, o);
        if (s.length !== 0) data.latin1Write(s, o + 4);
        o += 4 + s.length;
      }
    }
    Atomics.add(this.ctl, slot, 1);
    Atomics.notify(this.ctl, slot);
  }

  /** The type of the message just received. */
  type(): number {
    return this.data[0];
  }

  /** The items of the message just received. */
  items(): string[] {
    const data = this.data;
    const n = data.readUInt32LE(1);
    if (n === OVERFLOW) {
      const m = receiveMessageOnPort(this.port);
      if (m === undefined) throw new Error('scripting channel: large message missing');
      return m.message as string[];
    }
    const out: string[] = new Array(n);
    let o = HEADER;
    for (let i = 0; i < n; i++) {
      const len = data.readUInt32LE(o);
      out[i] = len === 0 ? '' : data.latin1Slice(o + 4, o + 4 + len);
      o += 4 + len;
    }
    return out;
  }

  /**
   * Blocks until the counter at `slot` moves past `seen`, or `timeoutMs`
   * passes; returns the counter (equal to `seen` on timeout).
   */
  wait(slot: number, seen: number, timeoutMs = Infinity): number {
    const ctl = this.ctl;
    let v = Atomics.load(ctl, slot);
    if (v !== seen) return v;
    // A short spin first: the other side usually answers within microseconds,
    // and waking from a futex costs more than that.
    for (let i = 0; i < SPIN; i++) {
      v = Atomics.load(ctl, slot);
      if (v !== seen) return v;
    }
    Atomics.wait(ctl, slot, seen, timeoutMs);
    return Atomics.load(ctl, slot);
  }
}
