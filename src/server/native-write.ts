// Writing a latin1 string straight to a libuv stream handle: the call
// net.Socket makes underneath its Writable, without the Writable. Shared by
// raw TCP connections (raw-tcp.ts) and net.Socket connections (socket-io.ts).
// libuv tries the write at once and queues, in order, what the kernel does not
// take; the handle's `writeQueueSize` counts the queued bytes.
//
// Uses process.binding('stream_wrap') (Node's internal binding, the one
// net.js is built on); `nativeWriteAvailable` is false where it is missing.

/** A stream handle as the binding sees it (TCP or pipe). */
export interface WritableHandle {
  writeLatin1String(req: WriteReq, data: string): number;
  writeQueueSize: number;
}

/** What a failed queued write closes. */
export interface WriteOwner {
  destroy(): void;
}

interface WriteReq {
  handle: WritableHandle;
  oncomplete: (this: WriteReq, status: number) => void;
  async: boolean;
  bytes: number;
  buffer: null;
  owner: WriteOwner;
}

interface StreamWrap {
  WriteWrap: new () => WriteReq;
  /** The native side fills it in after each write: was it queued (async)? */
  streamBaseState: Int32Array;
  kLastWriteWasAsync: number;
  kReadBytesOrError: number;
}

function load(): StreamWrap | null {
  try {
    const b = (process as unknown as { binding(name: string): Partial<StreamWrap> }).binding('stream_wrap');
    const ok =
      typeof b.WriteWrap === 'function' &&
      b.streamBaseState instanceof Int32Array &&
      typeof b.kLastWriteWasAsync === 'number' &&
      typeof b.kReadBytesOrError === 'number';
    return ok ? (b as StreamWrap) : null;
  } catch {
    return null;
  }
}

/** The stream_wrap binding, or null on a Node without it. */
export const streamWrap = load();

export const nativeWriteAvailable = streamWrap !== null;

function onWriteDone(this: WriteReq, status: number): void {
  // A queued write failed (peer reset): the connection is finished.
  if (status < 0) this.owner.destroy();
}

/**
 * A write request the native side did not keep: a write the kernel took whole
 * never binds its request, so the next write reuses it (no allocation). One
 * that got queued belongs to libuv until it completes.
 */
let spare: WriteReq | null = null;

/** Writes `data` to `handle`; returns the libuv error (0 = written or queued). Needs `nativeWriteAvailable`. */
export function writeToHandle(handle: WritableHandle, owner: WriteOwner, data: string): number {
  const b = streamWrap!;
  let req = spare;
  if (req === null) {
    req = new b.WriteWrap();
    req.oncomplete = onWriteDone;
    req.async = false;
    req.bytes = 0;
    req.buffer = null;
  }
  req.handle = handle;
  req.owner = owner;
  const err = handle.writeLatin1String(req, data);
  // Queued, or failed after the native side bound a request to it: not reusable.
  spare = err === 0 && b.streamBaseState[b.kLastWriteWasAsync] === 0 ? req : null;
  return err;
}
