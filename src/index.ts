// Public embedding API: start a Petrel server inside a Node process (tests,
// tools). `createServer({ port: 0 })` binds a free port on 127.0.0.1.
//
//   const petrel = await createServer({ port: 0 });
//   const redis = new Redis(petrel.port);
//   ...
//   await petrel.close();

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Config } from './config/config.js';
import { Server } from './server/server.js';

export { Server } from './server/server.js';
export { Config } from './config/config.js';

/** Any redis.conf directive, by its name (`port`, `requirepass`, `maxmemory`...). */
export type ServerOptions = Record<string, string | number | boolean | undefined> & {
  /** Path of a redis.conf file to load before the other options. */
  configFile?: string;
};

export interface PetrelServer {
  /** The TCP port actually bound (useful with port 0). */
  readonly port: number;
  /** The host the server listens on first. */
  readonly host: string;
  /** The underlying server, for direct access to data and stats in tests. */
  readonly server: Server;
  /** Stops accepting connections, flushes replies and closes every client. */
  close(): Promise<void>;
}

/** Turns an option value into redis.conf text form. */
function optionText(v: string | number | boolean): string {
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

/**
 * Starts a server. Options are config directives; embedded servers default to
 * 127.0.0.1, a quiet log (`warning`), no save points and a private temp `dir`,
 * unless told otherwise.
 */
export async function createServer(options: ServerOptions = {}): Promise<PetrelServer> {
  const config = new Config();
  if (options.configFile !== undefined) config.loadFile(options.configFile);
  const embeddedDefaults: Record<string, string> = { loglevel: 'warning', save: '', bind: '127.0.0.1' };
  for (const [name, value] of Object.entries(embeddedDefaults)) {
    if (options[name] === undefined && options.configFile === undefined) config.set(name, value, { startup: true });
  }
  for (const [name, value] of Object.entries(options)) {
    if (name === 'configFile' || value === undefined) continue;
    config.set(name, optionText(value), { startup: true });
  }
  // Without a `dir` of its own an embedded server works in a fresh temp
  // directory (removed on close), so it never picks up or leaves a dump.rdb in
  // the caller's working directory. Pass `dir` to persist across restarts.
  let tempDir: string | null = null;
  if (options.dir === undefined && options.configFile === undefined) {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'petrel-'));
    config.set('dir', tempDir, { startup: true });
  }
  let server: Server;
  try {
    server = new Server(config);
  } catch (err) {
    if (tempDir !== null) fs.rmSync(tempDir, { recursive: true, force: true });
    throw err;
  }
  const port = await server.listen();
  try {
    await server.load();
  } catch (err) {
    await server.close();
    if (tempDir !== null) fs.rmSync(tempDir, { recursive: true, force: true });
    throw err;
  }
  const host = config.str('bind').split(/\s+/).filter((b) => b !== '')[0]?.replace(/^-/, '') ?? '127.0.0.1';
  return {
    port,
    host,
    server,
    close: async () => {
      await server.close();
      if (tempDir !== null) fs.rmSync(tempDir, { recursive: true, force: true });
    },
  };
}
