// What a Client needs from its transport, and the net.Socket-backed transport.
//
// TCP clients normally sit on bare libuv handles (raw-tcp.ts): a net.Socket
// costs about 3.5 KB per idle connection, the handle about 1.2 KB, and Redis
// about 1.4 KB for a whole client. Unix-socket clients, hostnames that need a
// lookup and Node versions without the internals raw-tcp.ts uses get a
// net.Socket behind the same interface (SocketConnection).

import type { Socket } from 'node:net';
import { pendingOutput, readInto, writeLatin1 } from './socket-io.js';

/** The side that consumes a connection's input (a Client). */
export interface ConnectionOwner {
  /** Input: the first `length` bytes of `chunk`; a borrowed chunk is valid only during the call. */
  onData(chunk: Buffer, borrowed: boolean, length: number): void;
  /** The peer finished sending (EOF): replies still pending may go out, then close. */
  onEnd(): void;
  /** The connection is closed (either side, or an error); called once. */
  onClose(): void;
}

export interface Connection {
  /** Peer address as Node reports it (IPv4-mapped IPv6 kept); undefined on a unix socket. */
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;
  readonly localAddress: string | undefined;
  readonly localPort: number | undefined;
  /** The socket file of a unix-socket connection (Redis shows it as the address). */
  readonly unixPath?: string;
  readonly fd: number;
  /** Starts delivering input to `owner`. */
  start(owner: ConnectionOwner): void;
  /** Queues `data` (one char per byte) after any output already queued. */
  write(data: string): void;
  /** Bytes written but not yet taken by the peer. */
  pendingOutput(): number;
  /** Closes once queued output is sent (optionally sending `data` last). */
  end(data?: string): void;
  /** Closes now; queued output is dropped. */
  destroy(): void;
  /** TCP_NODELAY / SO_KEEPALIVE (no-ops where they do not apply). */
  setNoDelay(on: boolean): void;
  setKeepAlive(on: boolean, delaySeconds: number): void;
}

const OWNER = Symbol('petrel.owner');
type OwnedSocket = Socket & { [OWNER]: ConnectionOwner };

function onSharedRead(this: Socket, nread: number, buf: Buffer): void {
  (this as OwnedSocket)[OWNER].onData(buf, true, nread);
}

function onDataEvent(this: Socket, chunk: Buffer): void {
  (this as OwnedSocket)[OWNER].onData(chunk, false, chunk.length);
}

/** A connection carried by a net.Socket. */
export class SocketConnection implements Connection {
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;
  readonly localAddress: string | undefined;
  readonly localPort: number | undefined;
  readonly unixPath?: string;
  readonly fd: number;

  constructor(readonly socket: Socket) {
    this.remoteAddress = socket.remoteAddress;
    this.remotePort = socket.remotePort;
    this.localAddress = socket.localAddress;
    this.localPort = socket.localPort;
    // A unix socket has no addresses; its listener's address is the file path.
    const listening = (socket as Socket & { server?: { address(): unknown } }).server?.address();
    if (socket.remoteAddress === undefined && typeof listening === 'string') this.unixPath = listening;
    this.fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd ?? -1;
  }

  start(owner: ConnectionOwner): void {
    const socket = this.socket as OwnedSocket;
    socket[OWNER] = owner;
    if (!readInto(socket, onSharedRead)) socket.on('data', onDataEvent);
    socket.on('end', () => owner.onEnd());
    socket.on('error', () => socket.destroy());
    socket.on('close', () => owner.onClose());
  }

  write(data: string): void {
    if (!this.socket.destroyed && this.socket.writable) writeLatin1(this.socket, data);
  }

  pendingOutput(): number {
    return pendingOutput(this.socket);
  }

  end(data?: string): void {
    if (data !== undefined) this.socket.end(data, 'latin1');
    else this.socket.end();
    this.socket.destroySoon();
  }

  destroy(): void {
    this.socket.destroy();
  }

  setNoDelay(on: boolean): void {
    this.socket.setNoDelay(on);
  }

  setKeepAlive(on: boolean, delaySeconds: number): void {
    this.socket.setKeepAlive(on, delaySeconds * 1000);
  }
}

/** Stand-in for clients with no connection (AOF loader, scripts): output goes nowhere. */
export const NO_CONNECTION: Connection = {
  remoteAddress: undefined,
  remotePort: undefined,
  localAddress: undefined,
  localPort: undefined,
  fd: -1,
  start() {},
  write() {},
  pendingOutput: () => 0,
  end() {},
  destroy() {},
  setNoDelay() {},
  setKeepAlive() {},
};
