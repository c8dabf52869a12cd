// CONFIG GET / SET / RESETSTAT / REWRITE / HELP, over the Config class
// (src/config/config.ts), which owns parsing, validation and Redis's error texts.

import type { Client } from '../server/client.js';
import type { CommandSpec } from './types.js';
import { ConfigError } from '../config/config.js';
import { resetStats } from '../observability/info.js';
import { replyHelp } from './command.js';
import { isLocalClient } from './server.js';
import { SYNTAX } from './errors.js';

function configGet(c: Client, argv: string[]): void {
  const pairs = c.server.config.getMatching(argv.slice(2));
  const w = c.w;
  w.map(pairs.length);
  for (const [name, value] of pairs) {
    w.bulk(name);
    w.bulk(value);
  }
}

function configSet(c: Client, argv: string[]): void {
  if (argv.length % 2 !== 0) {
    c.w.error(SYNTAX);
    return;
  }
  const pairs: Array<[string, string]> = [];
  for (let i = 2; i < argv.length; i += 2) pairs.push([argv[i], argv[i + 1]]);
  try {
    c.server.config.setMany(pairs, { isLocalClient: isLocalClient(c) });
  } catch (e) {
    if (e instanceof ConfigError) {
      c.w.error(e.message);
      return;
    }
    throw e;
  }
  c.w.ok();
}

function configResetStat(c: Client): void {
  resetStats(c.server);
  c.w.ok();
}

function configRewrite(c: Client): void {
  try {
    c.server.config.rewrite();
  } catch (e) {
    if (e instanceof ConfigError) {
      c.w.error(e.message);
      return;
    }
    throw e;
  }
  c.server.log.info('CONFIG REWRITE executed with success.');
  c.w.ok();
}

const HELP = [
  'GET <pattern>',
  '    Return parameters matching the glob-like <pattern> and their values.',
  'SET <directive> <value>',
  '    Set the configuration <directive> to <value>.',
  'RESETSTAT',
  '    Reset statistics reported by the INFO command.',
  'REWRITE',
  '    Rewrite the configuration file.',
];

const ADMIN = { flags: ['admin', 'noscript', 'loading', 'stale'] as CommandSpec['flags'], group: 'server' as const };

export const commands: CommandSpec[] = [
  {
    name: 'config',
    arity: -2,
    flags: [],
    group: 'server',
    since: '2.0.0',
    summary: 'Reads and changes the server configuration at run time.',
    complexity: 'Depends on subcommand.',
    run: () => {},
    subcommands: [
      {
        ...ADMIN,
        name: 'get',
        arity: -3,
        since: '2.0.0',
        summary: 'Returns the values of the configuration parameters matching the patterns.',
        complexity: 'O(N) when N is the number of configuration parameters provided',
        history: [['7.0.0', 'Added the ability to pass multiple pattern parameters in one call']],
        args: [{ name: 'parameter', type: 'string', multiple: true }],
        run: configGet,
      },
      {
        ...ADMIN,
        name: 'set',
        arity: -4,
        since: '2.0.0',
        summary: 'Sets one or more configuration parameters, all or none.',
        complexity: 'O(N) when N is the number of configuration parameters provided',
        tips: ['request_policy:all_nodes', 'response_policy:all_succeeded'],
        history: [['7.0.0', 'Added the ability to set multiple parameters in one call.']],
        args: [
          {
            name: 'data',
            type: 'block',
            multiple: true,
            arguments: [
              { name: 'parameter', type: 'string' },
              { name: 'value', type: 'string' },
            ],
          },
        ],
        run: configSet,
      },
      {
        ...ADMIN,
        name: 'resetstat',
        arity: 2,
        since: '2.0.0',
        summary: 'Zeroes the statistics INFO reports.',
        complexity: 'O(1)',
        run: configResetStat,
      },
      {
        ...ADMIN,
        name: 'rewrite',
        arity: 2,
        since: '2.8.0',
        summary: 'Writes the running configuration back to the config file.',
        complexity: 'O(1)',
        run: configRewrite,
      },
      {
        name: 'help',
        arity: 2,
        flags: ['loading', 'stale'],
        group: 'server',
        since: '5.0.0',
        summary: 'Lists the CONFIG subcommands.',
        complexity: 'O(1)',
        run: (c, argv) => replyHelp(c, argv[0], HELP),
      },
    ],
  },
];
