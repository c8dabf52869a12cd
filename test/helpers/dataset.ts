// A mixed dataset written through any server, and a canonical read-back of
// every key of every database, to compare two servers' contents (AOF and
// replication tests against real Redis).

import type Redis from 'ioredis';

/** Writes the same mixed dataset (every type, TTLs, two databases, a transaction) through any server. */
export async function populate(r: Redis, phase: string): Promise<void> {
  await r.select(0);
  await r.set(`str:${phase}`, 'hello');
  await r.set(`int:${phase}`, '12345');
  await r.set(`ttl:${phase}`, 'x', 'PX', 3_600_000);
  await r.incrbyfloat(`float:${phase}`, '3.25');
  await r.rpush(`list:${phase}`, 'a', 'b', 'c', ...Array.from({ length: 200 }, (_, i) => `item${i}`));
  await r.lpop(`list:${phase}`);
  await r.hset(`hash:${phase}`, 'f1', 'v1', 'f2', '2');
  await r.hincrbyfloat(`hash:${phase}`, 'f3', '1.5');
  await r.sadd(`set:${phase}`, 'm1', 'm2', 'm3', '42');
  await r.sadd(`intset:${phase}`, '1', '2', '3');
  await r.zadd(`zset:${phase}`, '1', 'one', '2.5', 'two', '-3', 'neg');
  await r.zadd(`bigz:${phase}`, ...Array.from({ length: 300 }, (_, i) => [String(i / 4), `m${i}`]).flat());
  await r.expire(`hash:${phase}`, 7200);
  await r.select(7);
  await r.set(`db7:${phase}`, 'seven');
  await r.multi().incr(`counter:${phase}`).incr(`counter:${phase}`).exec();
  await r.select(0);
}

/** Every key of every database with its type, value and TTL (to the minute), in a canonical form. */
export async function dataset(r: Redis): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (let db = 0; db < 16; db++) {
    await r.select(db);
    const keys = (await r.keys('*')).sort();
    for (const k of keys) {
      const type = await r.type(k);
      let value: unknown;
      if (type === 'string') value = await r.get(k);
      else if (type === 'list') value = await r.lrange(k, 0, -1);
      else if (type === 'hash') value = Object.entries(await r.hgetall(k)).sort();
      else if (type === 'set') value = (await r.smembers(k)).sort();
      else if (type === 'zset') value = await r.zrange(k, 0, -1, 'WITHSCORES');
      const pttl = await r.pttl(k);
      // TTLs compared to the minute: the two servers read them at slightly different instants.
      out[`${db}/${k}`] = { type, value, ttl: pttl < 0 ? pttl : Math.round(pttl / 60000) };
    }
  }
  await r.select(0);
  return out;
}
