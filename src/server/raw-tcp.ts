// TCP listeners and connections on bare libuv handles, without net.Socket.
//
// Why: a net.Socket is a Duplex stream with two state objects, an event
// emitter and a dozen closures' worth of fields: about 3.5 KB per idle
// connection, where Redis spends about 1.4 KB on a whole client (measured:
// 10,000 idle connections, RSS after a forced GC). The handle underneath is
// about 1.2 KB. Reads land in one shared buffer (there is never more than one
// read being parsed), writes go to the handle directly, as net.Socket does
// underneath.
//
// This uses Node's internal bindings (process.binding('tcp_wrap') and
// ('stream_wrap')), the same ones net.js is built on. `rawTcpAvailable()`
// says whether this Node has them; the server falls back to net.Server when
// it does not.

import net from 'node:net';
import { getSystemErrorMap, getSystemErrorName } from 'node:util';
import type { Connection, ConnectionOwner } from './connection.js';
import { streamWrap, writeToHandle, type WritableHandle } from './native-write.js';
import { SHARED_READ_BUFFER } from './socket-io.js';

interface AddressOut {
  address?: string;
  port?: number;
  family?: string;
}

interface TcpHandle {
  fd: number;
  writeQueueSize: number;
  onread: ((this: TcpHandle, ab: ArrayBuffer | undefined) => void) | null;
  onconnection: ((status: number, client: TcpHandle | undefined) => void) | null;
  bind(address: string, port: number): number;
  bind6(address: string, port: number, flags: number): number;
  listen(backlog: number): number;
  getsockname(out: AddressOut): number;
  getpeername(out: AddressOut): number;
  readStart(): number;
  readStop(): number;
  useUserBuffer(buf: Buffer): void;
  setNoDelay(on: boolean): number;
  setKeepAlive(on: boolean, delaySeconds: number): number;
  writeLatin1String: WritableHandle['writeLatin1String'];
  shutdown(req: ShutdownReq): number;
  close(cb: () => void): void;
  /** Ours: the connection this handle carries. */
  conn?: RawConnection;
}

interface ShutdownReq {
  handle: TcpHandle;
  oncomplete: (this: ShutdownReq, status: number) => void;
  conn: RawConnection;
}

interface Bindings {
  TCP: new (type: number) => TcpHandle;
  serverType: number;
  ShutdownWrap: new () => ShutdownReq;
  state: Int32Array;
  kReadBytesOrError: number;
}

function loadBindings(): Bindings | null {
  try {
    const binding = (process as unknown as { binding(name: string): Record<string, unknown> }).binding;
    const tcp = binding('tcp_wrap') as { TCP?: Bindings['TCP']; constants?: { SERVER?: number } };
    const sw = binding('stream_wrap') as { ShutdownWrap?: Bindings['ShutdownWrap'] };
    if (typeof tcp.TCP !== 'function' || typeof tcp.constants?.SERVER !== 'number') return null;
    if (streamWrap === null || typeof sw.ShutdownWrap !== 'function') return null;
    const proto = tcp.TCP.prototype as Partial<TcpHandle>;
    for (const m of ['bind', 'bind6', 'listen', 'readStart', 'useUserBuffer', 'writeLatin1String', 'shutdown', 'close', 'getpeername'] as const) {
      if (typeof proto[m] !== 'function') return null;
    }
    return {
      TCP: tcp.TCP,
      serverType: tcp.constants.SERVER,
      ShutdownWrap: sw.ShutdownWrap,
      state: streamWrap.streamBaseState,
      kReadBytesOrError: streamWrap.kReadBytesOrError,
    };
  } catch {
    return null;
  }
}

const B = loadBindings();

/** Whether raw TCP handles can be used on this Node. */
export function rawTcpAvailable(): boolean {
  return B !== null;
}


function onHandleRead(this: TcpHandle): void {
  const conn = this.conn!;
  const nread = B!.state[B!.kReadBytesOrError];
  if (nread > 0) {
    if (conn.owner !== null && !conn.destroyed) conn.owner.onData(SHARED_READ_BUFFER, true, nread);
    return;
  }
  if (nread === 0) return;
  if (nread === UV_EOF) {
    // The peer is done sending: replies already due still go out, then close.
    this.readStop();
    if (conn.owner !== null && !conn.destroyed) conn.owner.onEnd();
    else conn.destroy();
    return;
  }
  conn.destroy(); // ECONNRESET and friends
}

const UV_EOF = -4095;

function onShutdownDone(this: ShutdownReq): void {
  this.conn.destroy();
}

export class RawConnection implements Connection {
  owner: ConnectionOwner | null = null;
  destroyed = false;
  private ending = false;
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;
  readonly localAddress: string | undefined;
  readonly localPort: number | undefined;
  readonly fd: number;

  constructor(
    private readonly handle: TcpHandle,
    private readonly listener: RawTcpListener,
  ) {
    handle.conn = this;
    const out: AddressOut = {};
    handle.getpeername(out);
    this.remoteAddress = out.address;
    this.remotePort = out.port;
    const local: AddressOut = {};
    handle.getsockname(local);
    this.localAddress = local.address;
    this.localPort = local.port;
    this.fd = handle.fd;
  }

  start(owner: ConnectionOwner): void {
    this.owner = owner;
    const h = this.handle;
    h.onread = onHandleRead;
    h.useUserBuffer(SHARED_READ_BUFFER);
    if (h.readStart() !== 0) this.destroy();
  }

  write(data: string): void {
    if (this.destroyed || this.ending) return;
    if (writeToHandle(this.handle, this, data) !== 0) this.destroy();
  }

  pendingOutput(): number {
    return this.destroyed ? 0 : this.handle.writeQueueSize;
  }

  end(data?: string): void {
    if (data !== undefined) this.write(data);
    if (this.destroyed || this.ending) return;
    this.ending = true;
    // shutdown() completes once libuv has written everything queued before it.
    const req = new B!.ShutdownWrap();
    req.oncomplete = onShutdownDone;
    req.handle = this.handle;
    req.conn = this;
    if (this.handle.shutdown(req) !== 0) this.destroy();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.handle.close(() => {
      this.handle.conn = undefined;
      this.listener.connectionClosed();
      const owner = this.owner;
      this.owner = null;
      if (owner !== null) owner.onClose();
    });
  }

  setNoDelay(on: boolean): void {
    if (!this.destroyed) this.handle.setNoDelay(on);
  }

  setKeepAlive(on: boolean, delaySeconds: number): void {
    if (!this.destroyed) this.handle.setKeepAlive(on, delaySeconds);
  }
}

/** A listening TCP socket; `close(cb)` calls back once it and all its connections are closed. */
export class RawTcpListener {
  private connections = 0;
  private handleClosed = false;
  private closeWaiters: (() => void)[] = [];
  readonly port: number;

  private constructor(
    private readonly handle: TcpHandle,
    onConnection: (conn: RawConnection) => void,
  ) {
    const out: AddressOut = {};
    handle.getsockname(out);
    this.port = out.port ?? 0;
    handle.onconnection = (status, client) => {
      if (status !== 0 || client === undefined) return; // EMFILE etc.: nothing to serve
      this.connections++;
      onConnection(new RawConnection(client, this));
    };
  }

  /**
   * Binds and listens; throws Node-style errors (code EADDRINUSE...). Returns
   * null for a host that is not an IP address (the caller resolves it with net).
   */
  static listen(host: string | undefined, port: number, backlog: number, onConnection: (conn: RawConnection) => void): RawTcpListener | null {
    if (B === null) return null;
    if (host !== undefined && net.isIP(host) === 0) return null;
    const handle = new B.TCP(B.serverType);
    let err: number;
    if (host === undefined) {
      // Every address: IPv6 any with dual stack, or IPv4 any where IPv6 is off.
      err = handle.bind6('::', port, 0);
      if (err !== 0) err = handle.bind('0.0.0.0', port);
    } else if (net.isIPv6(host)) err = handle.bind6(host, port, 0);
    else err = handle.bind(host, port);
    if (err === 0) err = handle.listen(backlog);
    if (err !== 0) {
      handle.close(() => {});
      const code = getSystemErrorName(err);
      const text = getSystemErrorMap().get(err)?.[1] ?? 'error';
      const e = new Error(`listen ${code}: ${text} ${host ?? '::'}:${port}`) as NodeJS.ErrnoException;
      e.code = code;
      e.errno = err;
      e.syscall = 'listen';
      throw e;
    }
    return new RawTcpListener(handle, onConnection);
  }

  connectionClosed(): void {
    this.connections--;
    this.maybeDone();
  }

  /** Stops accepting; `cb` runs when the listener and every connection it accepted are closed. */
  close(cb: () => void): void {
    this.closeWaiters.push(cb);
    if (this.closeWaiters.length > 1) return;
    this.handle.close(() => {
      this.handleClosed = true;
      this.maybeDone();
    });
  }

  private maybeDone(): void {
    if (!this.handleClosed || this.connections > 0) return;
    const waiters = this.closeWaiters;
    this.closeWaiters = [];
    for (const w of waiters) w();
  }
}
