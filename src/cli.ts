// The `petrel-server` command: same arguments as redis-server,
//   petrel-server [config-file] [--directive value ...]
// Directives from the command line are applied after the file, as Redis does.

import { Config, ConfigFileError, parseCommandLine } from './config/config.js';
import { Server, PETREL_VERSION, REDIS_VERSION } from './server/server.js';

function usage(): string {
  return [
    'Usage: petrel-server [/path/to/redis.conf] [options] [-]',
    '       petrel-server - (read config from stdin)',
    '       petrel-server -v or --version',
    '       petrel-server -h or --help',
    '',
    'Examples:',
    '       petrel-server (run the server with default config)',
    '       petrel-server /etc/redis/6379.conf',
    '       petrel-server --port 7777',
    '       petrel-server /etc/myredis.conf --loglevel verbose',
    '',
  ].join('\n');
}

export async function main(args: string[]): Promise<void> {
  if (args[0] === '-v' || args[0] === '--version') {
    process.stdout.write(`Petrel server v=${PETREL_VERSION} (Redis-compatible ${REDIS_VERSION}) node=${process.version}\n`);
    return;
  }
  if (args[0] === '-h' || args[0] === '--help') {
    process.stdout.write(usage());
    return;
  }
  const config = new Config();
  try {
    const cmdline = parseCommandLine(args);
    if (cmdline.configFile !== undefined) config.loadFile(cmdline.configFile);
    if (cmdline.overrides !== '') config.loadText(cmdline.overrides, '(command line)');
  } catch (err) {
    if (err instanceof ConfigFileError) {
      process.stderr.write(err.message + '\n');
      process.exit(1);
    }
    throw err;
  }
  const server = new Server(config);
  server.log.info(
    { version: PETREL_VERSION, redisVersion: REDIS_VERSION, node: process.version, configFile: config.configFile ?? null },
    config.configFile === undefined ? 'Petrel starting; no config file specified, using the defaults' : 'Petrel starting',
  );
  for (const warning of config.warnings) server.log.warn(warning);
  try {
    await server.listen();
  } catch (err) {
    server.log.error({ err }, 'Failed listening');
    process.stderr.write(`Could not create server TCP listening socket: ${(err as Error).message}\n`);
    process.exit(1);
  }
  // Loading starts once the port is open: clients get -LOADING meanwhile, as with Redis.
  server.load().then(
    () => server.log.info('Ready to accept connections'),
    (err: Error) => {
      server.log.error({ err }, 'Fatal error loading the dataset');
      process.stderr.write(`Fatal error loading the dataset: ${err.message}\n`);
      process.exit(1);
    },
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.log.warn(`Received ${signal} scheduling shutdown...`);
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  server.onShutdown = () => process.exit(0);
}
