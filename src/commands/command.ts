// COMMAND and its subcommands: the command table described to clients.
// COMMAND INFO follows Redis 7's 10-field layout; COMMAND DOCS Redis 7.2's map
// (with display_text). Flags, ACL categories and key specs are derived from the
// table rows, the way Redis derives them from its JSON command files.

import type { Client } from '../server/client.js';
import type { Server } from '../server/server.js';
import type { AclCategory, ArgDoc, Command, CommandFlag, CommandSpec, KeySpec } from './types.js';
import { uniqueCommands } from './index.js';
import { knownKeySpecs } from './key-specs.js';
import { globMatch } from '../data/glob.js';
import { parseI64 } from '../protocol/numbers.js';
import type { ReplyWriter } from '../protocol/reply.js';
import { SYNTAX } from './errors.js';

/** Flags in the order Redis prints them; may_replicate, sentinel, only_sentinel and protected are hidden as in Redis. */
const FLAG_ORDER: readonly CommandFlag[] = [
  'write',
  'readonly',
  'denyoom',
  'module',
  'admin',
  'pubsub',
  'noscript',
  'blocking',
  'loading',
  'stale',
  'skip_monitor',
  'skip_slowlog',
  'asking',
  'fast',
  'no_auth',
  'no_mandatory_keys',
  'no_async_loading',
  'no_multi',
  'movablekeys',
  'allow_busy',
];

/** ACL categories in Redis's table order (COMMAND INFO lists them in this order). */
export const ACL_CATEGORIES: readonly AclCategory[] = [
  'keyspace',
  'read',
  'write',
  'set',
  'sortedset',
  'list',
  'hash',
  'string',
  'bitmap',
  'hyperloglog',
  'geo',
  'stream',
  'pubsub',
  'admin',
  'fast',
  'slow',
  'blocking',
  'dangerous',
  'connection',
  'transaction',
  'scripting',
];

/** Key spec flags in Redis's print order. */
const KEY_FLAG_ORDER = ['RO', 'RW', 'OW', 'RM', 'access', 'update', 'insert', 'delete', 'not_key', 'incomplete', 'variable_flags'];

/** Redis prints sorted_set as sorted-set in COMMAND DOCS. */
function groupName(g: string): string {
  return g === 'sorted_set' ? 'sorted-set' : g;
}

/**
 * A command's ACL categories: the row's own list plus those its flags imply
 * (write, read, admin+dangerous, pubsub, fast, blocking; @slow when not @fast).
 */
export function aclCategoriesOf(spec: CommandSpec): AclCategory[] {
  const set = new Set<AclCategory>(spec.acl ?? []);
  const f = spec.flags;
  if (f.includes('write')) set.add('write');
  if (f.includes('readonly') && !set.has('scripting')) set.add('read');
  if (f.includes('admin')) {
    set.add('admin');
    set.add('dangerous');
  }
  if (f.includes('pubsub')) set.add('pubsub');
  if (f.includes('fast')) set.add('fast');
  if (f.includes('blocking')) set.add('blocking');
  if (!set.has('fast')) set.add('slow');
  return ACL_CATEGORIES.filter((c) => set.has(c));
}

/** The key specs COMMAND INFO shows: the row's own, Redis's table, or derived from `keys` and flags. */
export function keySpecsOf(cmd: Command): KeySpec[] {
  const spec = cmd.spec;
  if (spec.keySpecs !== undefined) return spec.keySpecs;
  const known = knownKeySpecs(cmd.fullName);
  if (known !== undefined) return known;
  const k = spec.keys;
  if (k === undefined || k.first === 0) return [];
  const flags = spec.flags.includes('write') ? ['RW', 'update'] : spec.flags.includes('readonly') ? ['RO', 'access'] : ['RO'];
  return [
    {
      flags,
      beginSearch: { index: k.first },
      findKeys: { range: { lastKey: k.last < 0 ? k.last : k.last - k.first, step: k.step, limit: 0 } },
    },
  ];
}

function isSimpleSpec(s: KeySpec): boolean {
  return 'index' in s.beginSearch && 'range' in s.findKeys;
}

/** Redis marks a command movablekeys when key positions depend on the arguments. */
function isMovable(cmd: Command, specs: KeySpec[]): boolean {
  if (cmd.spec.flags.includes('movablekeys') || cmd.spec.getKeys !== undefined) return true;
  for (const s of specs) if (!isSimpleSpec(s)) return true;
  return false;
}

function flagsOf(cmd: Command, specs: KeySpec[]): string[] {
  const f = cmd.spec.flags;
  const movable = isMovable(cmd, specs);
  const out: string[] = [];
  for (const flag of FLAG_ORDER) {
    if (flag === 'movablekeys' ? movable : f.includes(flag)) out.push(flag);
  }
  return out;
}

/** Looks a command up by full name (`get`, `config|get`), case-insensitively. */
export function lookupFullName(server: Server, name: string): Command | null {
  const bar = name.indexOf('|');
  const base = server.commands.get((bar < 0 ? name : name.slice(0, bar)).toLowerCase());
  if (base === undefined) return null;
  if (bar < 0) return base;
  const rest = name.slice(bar + 1);
  if (rest.includes('|') || base.subcommands === null) return null;
  return base.subcommands.get(rest.toLowerCase()) ?? null;
}

/** Looks up the command an argv would run (subcommand included), or null. */
function lookupArgv(server: Server, argv: string[]): Command | null {
  const base = server.commands.get(argv[0].toLowerCase());
  if (base === undefined) return null;
  if (base.subcommands === null || argv.length < 2) return base;
  return base.subcommands.get(argv[1].toLowerCase()) ?? null;
}

function statusSet(w: ReplyWriter, items: readonly string[]): void {
  w.set(items.length);
  for (const it of items) w.simple(it);
}

function replyKeySpec(w: ReplyWriter, s: KeySpec): void {
  w.map(s.notes !== undefined ? 4 : 3);
  if (s.notes !== undefined) {
    w.bulk('notes');
    w.bulk(s.notes);
  }
  w.bulk('flags');
  statusSet(
    w,
    KEY_FLAG_ORDER.filter((f) => s.flags.includes(f)),
  );
  w.bulk('begin_search');
  w.map(2);
  w.bulk('type');
  const bs = s.beginSearch;
  if ('index' in bs) {
    w.bulk('index');
    w.bulk('spec');
    w.map(1);
    w.bulk('index');
    w.integer(bs.index);
  } else if ('keyword' in bs) {
    w.bulk('keyword');
    w.bulk('spec');
    w.map(2);
    w.bulk('keyword');
    w.bulk(bs.keyword);
    w.bulk('startfrom');
    w.integer(bs.startFrom);
  } else {
    w.bulk('unknown');
    w.bulk('spec');
    w.map(0);
  }
  w.bulk('find_keys');
  w.map(2);
  w.bulk('type');
  const fk = s.findKeys;
  if ('range' in fk) {
    w.bulk('range');
    w.bulk('spec');
    w.map(3);
    w.bulk('lastkey');
    w.integer(fk.range.lastKey);
    w.bulk('keystep');
    w.integer(fk.range.step);
    w.bulk('limit');
    w.integer(fk.range.limit);
  } else if ('keynum' in fk) {
    w.bulk('keynum');
    w.bulk('spec');
    w.map(3);
    w.bulk('keynumidx');
    w.integer(fk.keynum.keyNumIdx);
    w.bulk('firstkey');
    w.integer(fk.keynum.firstKey);
    w.bulk('keystep');
    w.integer(fk.keynum.step);
  } else {
    w.bulk('unknown');
    w.bulk('spec');
    w.map(0);
  }
}

/** One COMMAND INFO entry (the 10-field array), subcommands nested. */
export function replyCommandInfo(w: ReplyWriter, cmd: Command | null): void {
  if (cmd === null) {
    w.nil();
    return;
  }
  const spec = cmd.spec;
  const specs = keySpecsOf(cmd);
  w.array(10);
  w.bulk(cmd.fullName);
  w.integer(spec.arity);
  statusSet(w, flagsOf(cmd, specs));
  const k = spec.keys;
  w.integer(k?.first ?? 0);
  w.integer(k?.last ?? 0);
  w.integer(k?.step ?? 0);
  const cats = aclCategoriesOf(spec);
  w.set(cats.length);
  for (const c of cats) w.simple('@' + c);
  const tips = spec.tips ?? [];
  w.set(tips.length);
  for (const t of tips) w.bulk(t);
  w.set(specs.length);
  for (const s of specs) replyKeySpec(w, s);
  if (cmd.subcommands === null) w.set(0);
  else {
    w.array(cmd.subcommands.size);
    for (const sub of cmd.subcommands.values()) replyCommandInfo(w, sub);
  }
}

function argFlags(a: ArgDoc): string[] {
  const out: string[] = [];
  if (a.optional) out.push('optional');
  if (a.multiple) out.push('multiple');
  if (a.multipleToken) out.push('multiple_token');
  return out;
}

function replyArgs(w: ReplyWriter, args: readonly ArgDoc[]): void {
  w.array(args.length);
  for (const a of args) {
    const nested = a.type === 'oneof' || a.type === 'block';
    const flags = argFlags(a);
    const keyIdx = a.type === 'key' ? (a.keySpecIndex ?? 0) : a.keySpecIndex;
    let n = 2;
    if (!nested) n++;
    if (keyIdx !== undefined) n++;
    if (a.token !== undefined) n++;
    if (a.since !== undefined) n++;
    if (flags.length > 0) n++;
    if (nested) n++;
    w.map(n);
    w.bulk('name');
    w.bulk(a.name);
    w.bulk('type');
    w.bulk(a.type);
    if (!nested) {
      w.bulk('display_text');
      w.bulk(a.displayText ?? a.name);
    }
    if (keyIdx !== undefined) {
      w.bulk('key_spec_index');
      w.integer(keyIdx);
    }
    if (a.token !== undefined) {
      w.bulk('token');
      w.bulk(a.token);
    }
    if (a.since !== undefined) {
      w.bulk('since');
      w.bulk(a.since);
    }
    if (flags.length > 0) {
      w.bulk('flags');
      statusSet(w, flags);
    }
    if (nested) {
      w.bulk('arguments');
      replyArgs(w, a.arguments ?? []);
    }
  }
}

/** One COMMAND DOCS value (a map), subcommands nested. */
export function replyCommandDocs(w: ReplyWriter, cmd: Command): void {
  const s = cmd.spec;
  let n = 3; // summary, since, group
  if (s.complexity !== undefined) n++;
  const deprecated = s.deprecatedSince !== undefined;
  if (deprecated) n += 2; // doc_flags, deprecated_since
  if (s.replacedBy !== undefined) n++;
  if (s.history !== undefined && s.history.length > 0) n++;
  if (s.args !== undefined && s.args.length > 0) n++;
  if (cmd.subcommands !== null) n++;
  w.map(n);
  w.bulk('summary');
  w.bulk(s.summary);
  w.bulk('since');
  w.bulk(s.since);
  w.bulk('group');
  w.bulk(groupName(s.group));
  if (s.complexity !== undefined) {
    w.bulk('complexity');
    w.bulk(s.complexity);
  }
  if (deprecated) {
    w.bulk('doc_flags');
    statusSet(w, ['deprecated']);
    w.bulk('deprecated_since');
    w.bulk(s.deprecatedSince!);
  }
  if (s.replacedBy !== undefined) {
    w.bulk('replaced_by');
    w.bulk(s.replacedBy);
  }
  if (s.history !== undefined && s.history.length > 0) {
    w.bulk('history');
    w.set(s.history.length);
    for (const [v, text] of s.history) {
      w.array(2);
      w.bulk(v);
      w.bulk(text);
    }
  }
  if (s.args !== undefined && s.args.length > 0) {
    w.bulk('arguments');
    replyArgs(w, s.args);
  }
  if (cmd.subcommands !== null) {
    w.bulk('subcommands');
    w.map(cmd.subcommands.size);
    for (const sub of cmd.subcommands.values()) {
      w.bulk(sub.fullName);
      replyCommandDocs(w, sub);
    }
  }
}

/** A key found by COMMAND GETKEYS: its argv position and key spec flags. */
export interface FoundKey {
  pos: number;
  flags: string[];
}

/**
 * Key flags that depend on the arguments (key specs marked variable_flags), as
 * Redis's per-command getkeys procs report them: SET without GET only
 * overwrites; BITFIELD with only GET subcommands only reads.
 */
function resolveVariableFlags(argv: string[], flags: string[]): string[] {
  const name = argv[0].toLowerCase();
  if (name === 'set') {
    for (let i = 3; i < argv.length; i++) if (argv[i].toLowerCase() === 'get') return ['RW', 'access', 'update'];
    return ['OW', 'update'];
  }
  if (name === 'bitfield') {
    for (let i = 2; i < argv.length; i++) {
      const op = argv[i].toLowerCase();
      if (op === 'set' || op === 'incrby') return ['RW', 'access', 'update'];
    }
    return ['RO', 'access'];
  }
  return flags.filter((f) => f !== 'variable_flags');
}

/**
 * Finds the keys of argv (argv[0] = command name) from key specs, as Redis's
 * getKeysUsingKeySpecs. Returns null when a spec cannot be applied (invalid
 * numkeys, keys past the end, unknown positions).
 */
function keysFromSpecs(specs: KeySpec[], argv: string[]): FoundKey[] | null {
  const out: FoundKey[] = [];
  const argc = argv.length;
  for (const s of specs) {
    let first: number;
    const bs = s.beginSearch;
    if ('index' in bs) first = bs.index;
    else if ('keyword' in bs) {
      let found = -1;
      if (bs.startFrom >= 0) {
        for (let i = bs.startFrom; i < argc; i++) {
          if (argv[i].toLowerCase() === bs.keyword.toLowerCase()) {
            found = i;
            break;
          }
        }
      } else {
        for (let i = argc + bs.startFrom; i > 0; i--) {
          if (argv[i].toLowerCase() === bs.keyword.toLowerCase()) {
            found = i;
            break;
          }
        }
      }
      if (found < 0) continue;
      first = found + 1;
    } else {
      if (s.flags.includes('incomplete')) continue;
      return null;
    }
    if (first >= argc) continue;
    let last: number;
    let step: number;
    const fk = s.findKeys;
    if ('range' in fk) {
      const r = fk.range;
      step = r.step;
      if (r.lastKey >= 0) last = first + r.lastKey;
      else if (r.limit <= 1) last = argc + r.lastKey;
      else last = first + (Math.floor((argc - first) / r.limit) + r.lastKey);
    } else if ('keynum' in fk) {
      const idx = first + fk.keynum.keyNumIdx;
      if (idx >= argc) return null;
      const num = parseI64(argv[idx]);
      if (num === null || typeof num === 'bigint' || num < 0) return null;
      if (num === 0) continue;
      step = fk.keynum.step;
      first += fk.keynum.firstKey;
      last = first + (num - 1) * step;
    } else return null;
    if (last >= argc || last < first) {
      if (s.flags.includes('incomplete')) continue;
      return null;
    }
    const flags = s.flags.includes('variable_flags') ? resolveVariableFlags(argv, s.flags) : s.flags;
    for (let i = first; i <= last; i += step) out.push({ pos: i, flags });
  }
  return out;
}

/**
 * The keys a command line would touch (positions in argv), as COMMAND GETKEYS
 * finds them. null means the arguments are invalid for key extraction.
 */
export function findKeys(cmd: Command, argv: string[]): FoundKey[] | null {
  const spec = cmd.spec;
  const specs = keySpecsOf(cmd);
  if (specs.length > 0) {
    const r = keysFromSpecs(specs, argv);
    if (r !== null) return r;
  }
  if (spec.getKeys !== undefined) {
    const flags = (specs[0]?.flags ?? ['RW', 'access', 'update']).filter((f) => f !== 'variable_flags');
    // getKeys sees the argv of the command itself; for subcommands argv[0] is still the container name.
    return spec.getKeys(argv).map((pos) => ({ pos, flags }));
  }
  return specs.length > 0 ? null : [];
}

/** Redis's `<CMD> <subcommand> ...` help reply (status lines, header and footer added). */
export function replyHelp(c: Client, argv0: string, lines: readonly string[]): void {
  const w = c.w;
  w.array(lines.length + 3);
  w.simple(`${argv0.toUpperCase()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`);
  for (const l of lines) w.simple(l);
  w.simple('HELP');
  w.simple('    Prints this help.');
}

function topLevel(server: Server): Command[] {
  return uniqueCommands(server.commands);
}

function commandAll(c: Client): void {
  const cmds = topLevel(c.server);
  c.w.array(cmds.length);
  for (const cmd of cmds) replyCommandInfo(c.w, cmd);
}

function commandCount(c: Client): void {
  c.w.integer(topLevel(c.server).length);
}

function commandInfo(c: Client, argv: string[]): void {
  if (argv.length === 2) {
    commandAll(c);
    return;
  }
  c.w.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) replyCommandInfo(c.w, lookupFullName(c.server, argv[i]));
}

function commandDocs(c: Client, argv: string[]): void {
  const w = c.w;
  let cmds: Command[];
  if (argv.length === 2) cmds = topLevel(c.server);
  else {
    cmds = [];
    for (let i = 2; i < argv.length; i++) {
      const cmd = lookupFullName(c.server, argv[i]);
      if (cmd !== null) cmds.push(cmd);
    }
  }
  w.map(cmds.length);
  for (const cmd of cmds) {
    w.bulk(cmd.fullName);
    replyCommandDocs(w, cmd);
  }
}

function commandList(c: Client, argv: string[]): void {
  let filter: ((cmd: Command) => boolean) | null = null;
  for (let i = 2; i < argv.length; i++) {
    const more = argv.length - 1 - i;
    if (argv[i].toLowerCase() === 'filterby' && more === 2) {
      const type = argv[i + 1].toLowerCase();
      const arg = argv[i + 2];
      if (type === 'module') filter = () => false;
      else if (type === 'aclcat') {
        const cat = arg.toLowerCase() as AclCategory;
        const valid = ACL_CATEGORIES.includes(cat);
        filter = (cmd) => valid && aclCategoriesOf(cmd.spec).includes(cat);
      } else if (type === 'pattern') filter = (cmd) => globMatch(arg, cmd.fullName, true);
      else {
        c.w.error(SYNTAX);
        return;
      }
      i += 2;
    } else {
      c.w.error(SYNTAX);
      return;
    }
  }
  const names: string[] = [];
  const visit = (cmd: Command): void => {
    if (filter === null || filter(cmd)) names.push(cmd.fullName);
    if (cmd.subcommands !== null) for (const sub of cmd.subcommands.values()) visit(sub);
  };
  for (const cmd of topLevel(c.server)) visit(cmd);
  c.w.bulkArray(names);
}

function getKeysImpl(c: Client, argv: string[], withFlags: boolean): void {
  const target = argv.slice(2);
  const cmd = lookupArgv(c.server, target);
  if (cmd === null) {
    c.w.error('ERR Invalid command specified');
    return;
  }
  if (keySpecsOf(cmd).length === 0 && cmd.spec.getKeys === undefined) {
    c.w.error('ERR The command has no key arguments');
    return;
  }
  const arity = cmd.spec.arity;
  if ((arity > 0 && arity !== target.length) || target.length < -arity) {
    c.w.error('ERR Invalid number of arguments specified for command');
    return;
  }
  const keys = findKeys(cmd, target);
  if (keys === null || keys.length === 0) {
    if (cmd.spec.flags.includes('no_mandatory_keys')) c.w.array(0);
    else c.w.error('ERR Invalid arguments specified for command');
    return;
  }
  const w = c.w;
  w.array(keys.length);
  for (const k of keys) {
    if (!withFlags) w.bulk(target[k.pos]);
    else {
      w.array(2);
      w.bulk(target[k.pos]);
      statusSet(
        w,
        KEY_FLAG_ORDER.filter((f) => k.flags.includes(f)),
      );
    }
  }
}

const HELP = [
  '(no subcommand)',
  '    Return details about all Redis commands.',
  'COUNT',
  '    Return the total number of commands in this Redis server.',
  'LIST',
  '    Return a list of all commands in this Redis server.',
  'INFO [<command-name> ...]',
  '    Return details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'DOCS [<command-name> ...]',
  '    Return documentation details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'GETKEYS <full-command>',
  '    Return the keys from a full Redis command.',
  'GETKEYSANDFLAGS <full-command>',
  '    Return the keys and the access flags from a full Redis command.',
];

const SUB = { flags: ['loading', 'stale'] as CommandFlag[], group: 'server' as const, acl: ['connection'] as AclCategory[] };

export const commands: CommandSpec[] = [
  {
    name: 'command',
    arity: -1,
    flags: ['loading', 'stale'],
    group: 'server',
    since: '2.8.13',
    summary: 'Describes every command the server knows.',
    complexity: 'O(N) where N is the total number of Redis commands',
    acl: ['connection'],
    tips: ['nondeterministic_output_order'],
    run: commandAll,
    subcommands: [
      {
        ...SUB,
        name: 'count',
        arity: 2,
        since: '2.8.13',
        summary: 'Counts the commands the server knows.',
        complexity: 'O(1)',
        run: commandCount,
      },
      {
        ...SUB,
        name: 'docs',
        arity: -2,
        since: '7.0.0',
        summary: 'Documents one, several or all commands.',
        complexity: 'O(N) where N is the number of commands to look up',
        tips: ['nondeterministic_output_order'],
        args: [{ name: 'command-name', type: 'string', optional: true, multiple: true }],
        run: commandDocs,
      },
      {
        ...SUB,
        name: 'getkeys',
        arity: -4,
        since: '2.8.13',
        summary: 'Extracts the key names from an arbitrary command line.',
        complexity: 'O(N) where N is the number of arguments to the command',
        args: [
          { name: 'command', type: 'string' },
          { name: 'arg', type: 'string', optional: true, multiple: true },
        ],
        run: (c, argv) => getKeysImpl(c, argv, false),
      },
      {
        ...SUB,
        name: 'getkeysandflags',
        arity: -4,
        since: '7.0.0',
        summary: 'Extracts the key names and their access flags from an arbitrary command line.',
        complexity: 'O(N) where N is the number of arguments to the command',
        args: [
          { name: 'command', type: 'string' },
          { name: 'arg', type: 'string', optional: true, multiple: true },
        ],
        run: (c, argv) => getKeysImpl(c, argv, true),
      },
      {
        ...SUB,
        name: 'help',
        arity: 2,
        since: '5.0.0',
        summary: 'Lists the COMMAND subcommands.',
        complexity: 'O(1)',
        run: (c, argv) => replyHelp(c, argv[0], HELP),
      },
      {
        ...SUB,
        name: 'info',
        arity: -2,
        since: '2.8.13',
        summary: 'Describes one, several or all commands.',
        complexity: 'O(N) where N is the number of commands to look up',
        tips: ['nondeterministic_output_order'],
        history: [['7.0.0', 'Allowed to be called with no argument to get info on all commands.']],
        args: [{ name: 'command-name', type: 'string', optional: true, multiple: true }],
        run: commandInfo,
      },
      {
        ...SUB,
        name: 'list',
        arity: -2,
        since: '7.0.0',
        summary: 'Lists command names, optionally filtered.',
        complexity: 'O(N) where N is the total number of Redis commands',
        tips: ['nondeterministic_output_order'],
        args: [
          {
            name: 'filterby',
            type: 'oneof',
            token: 'FILTERBY',
            optional: true,
            arguments: [
              { name: 'module-name', type: 'string', token: 'MODULE' },
              { name: 'category', type: 'string', token: 'ACLCAT' },
              { name: 'pattern', type: 'pattern', token: 'PATTERN' },
            ],
          },
        ],
        run: commandList,
      },
    ],
  },
];
