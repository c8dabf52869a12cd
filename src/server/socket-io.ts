// Client socket input and output without Node's stream machinery.
//
// A net.Socket normally hands each read to JS as a new Buffer (a 64 KiB
// allocation cut down to size) pushed through Readable, and each write goes
// through Writable's bookkeeping; both schedule a process.nextTick per call,
// and draining the tick queue allocates on every turn. For a server that
// answers millions of tiny requests that is most of its garbage (heap-sampling
// profile of redis-benchmark SET -P 1), and garbage means scavenges: pauses
// that land on every connection at once and show up in p99 latency.
//
// Reads: Node has a leaner mode for exactly this case, the `onread` option of
// net.Socket (documented for client sockets): reads land in one reusable
// buffer and a function gets the byte count. net.Server cannot ask for it, so
// `readInto` switches an accepted socket into that mode through the fields the
// option sets.
// Writes: `writeLatin1` hands the string straight to the socket's handle, the
// call net.Socket makes underneath (libuv tries the write at once and queues
// what the kernel does not take, in order).
//
// Both lean on Node internals. Where they are missing (another Node major), the
// functions fall back to 'data' events and socket.write, which are correct,
// just slower.

import net, { type Socket } from 'node:net';
import { nativeWriteAvailable, writeToHandle, type WritableHandle } from './native-write.js';

/**
 * One read buffer for every connection, raw TCP handles and net.Sockets alike:
 * each read is parsed before the next one lands.
 */
export const SHARED_READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

type ReadCallback = (this: Socket, nread: number, buf: Buffer) => unknown;

interface StreamHandle {
  useUserBuffer?(buf: Buffer): void;
  writeLatin1String?: WritableHandle['writeLatin1String'];
  writeQueueSize?: number;
}

function handleOf(socket: Socket): StreamHandle | null {
  return (socket as unknown as { _handle: StreamHandle | null })._handle;
}

/** The fields behind net.Socket's `onread` option, found by name on a fresh socket. */
const readSymbols = ((): { buffer: symbol; callback: symbol } | null => {
  const own = Object.getOwnPropertySymbols(new net.Socket());
  const buffer = own.find((s) => s.description === 'kBuffer');
  const callback = own.find((s) => s.description === 'kBufferCb');
  return buffer === undefined || callback === undefined ? null : { buffer, callback };
})();

/**
 * Makes `socket` deliver its input to `onRead` (called with the socket as
 * `this`, the byte count and the shared buffer, whose first `nread` bytes are
 * valid only during the call). Returns false when this Node cannot do it.
 */
export function readInto(socket: Socket, onRead: ReadCallback): boolean {
  const handle = handleOf(socket);
  if (readSymbols === null || handle === null || typeof handle.useUserBuffer !== 'function') return false;
  const fields = socket as unknown as Record<symbol, unknown>;
  if (fields[readSymbols.buffer] !== null) return false;
  fields[readSymbols.buffer] = SHARED_READ_BUFFER;
  fields[readSymbols.callback] = onRead;
  handle.useUserBuffer(SHARED_READ_BUFFER);
  return true;
}

/** Writes `data` (one char per byte) to the socket, after anything already queued. */
export function writeLatin1(socket: Socket, data: string): void {
  const handle = handleOf(socket);
  // Anything still inside Writable (its own queue) must go first: use the same path then.
  if (!nativeWriteAvailable || handle === null || socket.writableLength !== 0 || handle.writeLatin1String === undefined) {
    socket.write(data, 'latin1');
    return;
  }
  if (writeToHandle(handle as WritableHandle, socket, data) !== 0) socket.destroy();
}

/** Output bytes accepted from us that the peer has not taken yet. */
export function pendingOutput(socket: Socket): number {
  // Writable counts its in-flight write too, so without direct writes its figure is the whole.
  const own = socket.writableLength || 0;
  return nativeWriteAvailable ? own + (handleOf(socket)?.writeQueueSize ?? 0) : own;
}

/** Which lean paths this Node allows (the rest falls back to the stream API). */
export function socketIoMode(): { sharedReadBuffer: boolean; directWrites: boolean } {
  return { sharedReadBuffer: readSymbols !== null, directWrites: nativeWriteAvailable };
}
