#!/usr/bin/env node
// PUBLISH fan-out: 1 publisher, 50 subscribers on one channel, against a real
// redis-server and Petrel in alternation. Reports delivered messages per second
// (messages x subscribers / time until every subscriber has them all).
//
//   node bench/pubsub.js                       # 5 rounds x 20,000 messages
//   node bench/pubsub.js --rounds 3 --messages 5000 --subscribers 50
//
// Servers run on CPU 0 and the load generator (this script re-run with
// --load, under taskset) on CPU 1 when possible, as in bench/run.js.

import net from 'node:net';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median, pinning, startPetrel, startRedis, table } from './lib.js';

const SELF = fileURLToPath(import.meta.url);
const PAYLOAD = 'x'.repeat(16);
const CHANNEL = 'bench:fanout';

function parseArgs(argv) {
  const o = { rounds: 5, messages: 20000, subscribers: 50, noPin: false, load: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--rounds') o.rounds = Number(argv[++i]);
    else if (a === '--messages') o.messages = Number(argv[++i]);
    else if (a === '--subscribers') o.subscribers = Number(argv[++i]);
    else if (a === '--no-pin') o.noPin = true;
    else if (a === '--load') o.load = Number(argv[++i]);
    else if (a === '-h' || a === '--help') {
      process.stdout.write('Usage: node bench/pubsub.js [--rounds N] [--messages N] [--subscribers N] [--no-pin]\n');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  return o;
}

function connect(port) {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port, host: '127.0.0.1' }, () => resolve(s));
    s.once('error', reject);
  });
}

/** The load generator: runs one measurement against `port`, prints JSON. */
async function load(port, messages, subscribers) {
  const frame = `*3\r\n$7\r\nmessage\r\n$${CHANNEL.length}\r\n${CHANNEL}\r\n$${PAYLOAD.length}\r\n${PAYLOAD}\r\n`;
  const expected = frame.length * messages;
  const subs = [];
  let subscribed = 0;
  let done = 0;
  let finish;
  const allDone = new Promise((r) => (finish = r));
  for (let i = 0; i < subscribers; i++) {
    const s = await connect(port);
    let state = 'subscribing';
    let got = 0;
    let pending = '';
    s.on('data', (d) => {
      if (state === 'subscribing') {
        pending += d.toString('latin1');
        const end = pending.indexOf(':1\r\n');
        if (end < 0) return;
        state = 'receiving';
        subscribed++;
        got = Buffer.byteLength(pending.slice(end + 4), 'latin1');
      } else got += d.length;
      if (got >= expected && state === 'receiving') {
        state = 'done';
        if (++done === subscribers) finish();
      }
    });
    s.write(`SUBSCRIBE ${CHANNEL}\r\n`);
    subs.push(s);
  }
  while (subscribed < subscribers) await new Promise((r) => setTimeout(r, 5));
  const pub = await connect(port);
  const cmd = `*3\r\n$7\r\nPUBLISH\r\n$${CHANNEL.length}\r\n${CHANNEL}\r\n$${PAYLOAD.length}\r\n${PAYLOAD}\r\n`;
  const reply = `:${subscribers}\r\n`;
  const batch = 100;
  let acked = 0;
  let sent = 0;
  let buf = '';
  const start = process.hrtime.bigint();
  await new Promise((resolve) => {
    const sendBatch = () => {
      const n = Math.min(batch, messages - sent);
      if (n <= 0) return;
      pub.write(cmd.repeat(n));
      sent += n;
    };
    pub.on('data', (d) => {
      buf += d.toString('latin1');
      const n = Math.floor(buf.length / reply.length);
      buf = buf.slice(n * reply.length);
      acked += n;
      // Keep two batches in flight.
      while (sent - acked < 2 * batch && sent < messages) sendBatch();
      if (acked >= messages) resolve();
    });
    sendBatch();
    sendBatch();
  });
  await allDone;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  for (const s of subs) s.destroy();
  pub.destroy();
  process.stdout.write(JSON.stringify({ deliveriesPerSec: (messages * subscribers) / seconds, publishesPerSec: messages / seconds }) + '\n');
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.load !== null) {
    await load(o.load, o.messages, o.subscribers);
    return;
  }
  const pin = pinning(o.noPin);
  if (pin.warning) process.stderr.write(`warning: ${pin.warning}\n`);
  const redis = await startRedis(pin.server);
  const petrel = await startPetrel(pin.server);
  const results = { redis: [], petrel: [] };
  try {
    for (let round = 0; round < o.rounds; round++) {
      const order = round % 2 === 0 ? [redis, petrel] : [petrel, redis];
      for (const srv of order) {
        const argv = [...pin.client, process.execPath, SELF, '--load', String(srv.port), '--messages', String(o.messages), '--subscribers', String(o.subscribers)];
        const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout: 300_000 });
        if (r.status !== 0) throw new Error(`load generator failed: ${r.stderr}`);
        const { deliveriesPerSec } = JSON.parse(r.stdout.trim());
        results[srv.name].push(deliveriesPerSec);
        process.stdout.write(`  round ${round + 1}/${o.rounds} ${srv.name.padEnd(6)} ${Math.round(deliveriesPerSec).toLocaleString('en-US')} deliveries/s\n`);
      }
    }
  } finally {
    await redis.stop();
    await petrel.stop();
  }
  const r = median(results.redis);
  const p = median(results.petrel);
  process.stdout.write('\n');
  process.stdout.write(
    table(
      ['test', 'subscribers', 'Redis deliveries/s', 'Petrel deliveries/s', 'Petrel/Redis'],
      [['PUBLISH fan-out', o.subscribers, Math.round(r).toLocaleString('en-US'), Math.round(p).toLocaleString('en-US'), (p / r).toFixed(2)]],
    ) + '\n',
  );
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
