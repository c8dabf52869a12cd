// Differential testing: the same commands go to Petrel and to a real
// redis-server; the raw reply bytes must match.
//
//   const pair = await startPair();          // null when redis-server is absent
//   await pair.same([['SET', 'k', 'v'], ['GET', 'k']]);
//   await pair.close();
//
// When redis-server is not installed the suites skip with a loud message; CI
// installs it (.ci/run), so CI always runs them.

import { RawClient } from './raw.js';
import { startPetrel } from './server.js';
import { startRealRedis, redisServerPath, type RealRedis } from './redis.js';
import type { PetrelServer, ServerOptions } from '../../src/index.js';

export const HAVE_REDIS = redisServerPath() !== null;
if (!HAVE_REDIS) {
  // eslint-disable-next-line no-console
  console.warn('\n*** redis-server not found: differential tests are SKIPPED. Install Debian\'s redis-server (CI does). ***\n');
}

export type Cmd = (string | number | Buffer)[];

export interface Reply {
  petrel: string;
  redis: string;
}

export class Pair {
  constructor(
    readonly petrel: PetrelServer,
    readonly redis: RealRedis,
    public p: RawClient,
    public r: RawClient,
  ) {}

  /** Opens fresh connections to both servers (after QUIT or a protocol error closed them). */
  async reconnect(): Promise<void> {
    this.p.close();
    this.r.close();
    this.p = await RawClient.connect(this.petrel.port);
    this.r = await RawClient.connect(this.redis.port);
  }

  /** Sends one command to both and returns both raw replies. */
  async both(...argv: Cmd): Promise<Reply> {
    this.p.send(...argv);
    this.r.send(...argv);
    const [petrel, redis] = await Promise.all([this.p.read(1), this.r.read(1)]);
    return { petrel, redis };
  }

  /**
   * Runs the commands in order on both servers and returns the first reply
   * that differs as a readable report, or null when every reply is identical.
   */
  async firstDifference(cmds: Cmd[]): Promise<string | null> {
    for (const cmd of cmds) {
      const { petrel, redis } = await this.both(...cmd);
      if (petrel !== redis) {
        return `command ${JSON.stringify(cmd.map(String))}\n  redis : ${JSON.stringify(redis)}\n  petrel: ${JSON.stringify(petrel)}`;
      }
    }
    return null;
  }

  /** Asserts every reply matches byte for byte (throws with a readable diff). */
  async same(cmds: Cmd[]): Promise<void> {
    const diff = await this.firstDifference(cmds);
    if (diff !== null) throw new Error(`Petrel and Redis differ:\n${diff}`);
  }

  /** Empties both servers and returns both connections to RESP2 / db 0. */
  async reset(): Promise<void> {
    await this.both('HELLO', '2');
    await this.both('SELECT', '0');
    await this.both('FLUSHALL');
  }

  async close(): Promise<void> {
    this.p.close();
    this.r.close();
    await Promise.all([this.petrel.close(), this.redis.close()]);
  }
}

/** Starts Petrel and redis-server side by side with one raw connection each. */
export async function startPair(options: { petrel?: ServerOptions; redisArgs?: string[] } = {}): Promise<Pair | null> {
  const redis = await startRealRedis(options.redisArgs ?? []);
  if (redis === null) return null;
  const petrel = await startPetrel(options.petrel ?? {});
  const p = await RawClient.connect(petrel.port);
  const r = await RawClient.connect(redis.port);
  return new Pair(petrel, redis, p, r);
}
