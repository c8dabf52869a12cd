// Expected texts below were checked against a real redis-server (7.0.15 oracle;
// 7.2 values where 7.2 differs: set-max-listpack-*, loglevel "nothing", save accumulation).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Config, ConfigError, ConfigFileError, parseCommandLine } from '../../src/config/config.js';
import { DIRECTIVES, lookupDirective } from '../../src/config/directives.js';
import { parseMemory, repr, splitArgs } from '../../src/config/parse.js';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'petrel-config-'));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function setErr(c: Config, ...pairs: string[]): string {
  const p: Array<[string, string]> = [];
  for (let i = 0; i < pairs.length; i += 2) p.push([pairs[i]!, pairs[i + 1]!]);
  try {
    c.setMany(p);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

function loadErr(c: Config, text: string): ConfigFileError {
  try {
    c.loadText(text);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigFileError);
    return e as ConfigFileError;
  }
  throw new Error('expected an error');
}

describe('defaults', () => {
  it('match Redis 7.2 CONFIG GET output', () => {
    const c = new Config();
    expect(c.get('port')).toBe('6379');
    expect(c.get('bind')).toBe('127.0.0.1 -::1');
    expect(c.get('save')).toBe('3600 1 300 100 60 10000');
    expect(c.get('client-output-buffer-limit')).toBe(
      'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60',
    );
    expect(c.get('proto-max-bulk-len')).toBe('536870912');
    expect(c.get('client-query-buffer-limit')).toBe('1073741824');
    expect(c.get('maxmemory-policy')).toBe('noeviction');
    expect(c.get('loglevel')).toBe('notice');
    expect(c.get('databases')).toBe('16');
    expect(c.get('set-max-listpack-entries')).toBe('128');
    expect(c.get('latency-tracking-info-percentiles')).toBe('50 99 99.9');
    expect(c.get('oom-score-adj-values')).toBe('0 200 800');
    expect(c.get('notify-keyspace-events')).toBe('');
    expect(c.get('replicaof')).toBe('');
    expect(c.get('unixsocketperm')).toBe('0');
    expect(c.get('dir')).toBe(process.cwd());
    expect(c.get('nosuch')).toBeUndefined();
  });

  it('typed getters, aliases and case-insensitive names', () => {
    const c = new Config();
    expect(c.num('port')).toBe(6379);
    expect(c.num('PORT')).toBe(6379);
    expect(c.bool('appendonly')).toBe(false);
    expect(c.bool('replica-read-only')).toBe(true);
    expect(c.bool('slave-read-only')).toBe(true);
    expect(c.str('appendfsync')).toBe('everysec');
    expect(c.num('hash-max-ziplist-entries')).toBe(512);
    expect(c.get('Hash-Max-Ziplist-Entries')).toBe('512');
    expect(c.savePoints()).toEqual([
      { seconds: 3600, changes: 1 },
      { seconds: 300, changes: 100 },
      { seconds: 60, changes: 10000 },
    ]);
    expect(c.bindAddresses()).toEqual(['127.0.0.1', '-::1']);
    expect(c.outputBufferLimits().pubsub).toEqual({ hard: 33554432, soft: 8388608, softSeconds: 60 });
  });

  it('every directive has a well-formed entry', () => {
    const names = new Set<string>();
    for (const d of DIRECTIVES) {
      expect(d.name).toBe(d.name.toLowerCase());
      expect(names.has(d.name)).toBe(false);
      names.add(d.name);
      if (d.alias) names.add(d.alias);
      expect(lookupDirective(d.name)).toBe(d);
    }
    expect(DIRECTIVES.length).toBeGreaterThan(180);
  });
});

describe('CONFIG SET', () => {
  it('memory units', () => {
    const c = new Config();
    const cases: Array<[string, string]> = [
      ['10MB', '10485760'],
      ['5KB', '5120'],
      ['10k', '10000'],
      ['1g', '1000000000'],
      ['1G', '1000000000'],
      ['1gb', '1073741824'],
      ['1B', '1'],
      ['01', '1'],
      ['kb', '0'],
      ['18446744073709551616', '18446744073709551615'],
      ['20000000000gb', '3028092406290448384'],
    ];
    for (const [v, want] of cases) {
      c.set('maxmemory', v);
      expect(c.get('maxmemory')).toBe(want);
    }
    c.set('maxmemory', '100mb');
    expect(c.num('maxmemory')).toBe(104857600);
    for (const bad of ['1.5gb', '-1', '+5', ' 1', '1x']) {
      expect(setErr(c, 'maxmemory', bad)).toBe(
        "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value",
      );
    }
  });

  it('error texts', () => {
    const c = new Config();
    expect(setErr(c, 'foo', '1')).toBe("ERR Unknown option or number of arguments for CONFIG SET - 'foo'");
    expect(setErr(c, 'databases', '3')).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config",
    );
    expect(setErr(c, 'slaveof', 'no one')).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'slaveof') - can't set immutable config",
    );
    expect(setErr(c, 'port', 'abc')).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'port') - argument couldn't be parsed into an integer",
    );
    expect(setErr(c, 'port', '99999')).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'port') - argument must be between 0 and 65535 inclusive",
    );
    for (const bad of ['010', '+1', '-0', ' 1', '1.0', '00']) {
      expect(setErr(c, 'hz', bad)).toContain("argument couldn't be parsed into an integer");
    }
    expect(setErr(c, 'appendonly', 'maybe')).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'appendonly') - argument must be 'yes' or 'no'",
    );
    expect(setErr(c, 'rdbcompression', '1')).toContain("argument must be 'yes' or 'no'");
    expect(setErr(c, 'loglevel', 'bad')).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'loglevel') - argument(s) must be one of the following: debug, verbose, notice, warning, nothing",
    );
    expect(setErr(c, 'hash-max-ziplist-entries', '-1')).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'hash-max-ziplist-entries') - argument must be between 0 and 9223372036854775807 inclusive",
    );
    expect(setErr(c, 'maxclients', '0')).toContain('argument must be between 1 and 4294967295 inclusive');
    expect(setErr(c, 'timeout', '-1')).toContain('argument must be between 0 and 2147483647 inclusive');
    expect(setErr(c, 'list-max-listpack-size', '99999999999')).toContain(
      'argument must be between -2147483648 and 2147483647 inclusive',
    );
    expect(setErr(c, 'save', '100 1 50')).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters",
    );
    for (const bad of ['0 1', 'abc 1', '1 -1', '1', '100  1']) {
      expect(setErr(c, 'save', bad)).toContain('Invalid save parameters');
    }
    expect(setErr(c, 'notify-keyspace-events', 'Q')).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'notify-keyspace-events') - Invalid event class character. Use 'Ag$lshzxeKEtmdn'.",
    );
    expect(setErr(c, 'dir', '/nonexistent')).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config",
    );
    expect(setErr(c, 'dbfilename', 'a/b')).toContain("can't set protected config");
    expect(setErr(c, 'client-output-buffer-limit', 'normal 1 2')).toContain(
      '- Wrong number of arguments in buffer limit configuration.',
    );
    expect(setErr(c, 'client-output-buffer-limit', 'master 1 2 3')).toContain(
      '- Invalid client class specified in buffer limit configuration.',
    );
    expect(setErr(c, 'client-output-buffer-limit', 'normal 1x 0 0')).toContain(
      '- Error in hard, soft or soft_seconds setting in buffer limit configuration.',
    );
    expect(setErr(c, 'maxmemory-clients', '-1')).toContain('argument must be a memory or percent value');
    expect(setErr(c, 'maxmemory-clients', '200%')).toContain('percentage argument must be less or equal to 100');
    expect(setErr(c, 'shutdown-on-sigint', 'bogus')).toContain(
      'argument(s) must be one of the following: default, save, nosave, now, force',
    );
    expect(setErr(c, 'shutdown-on-sigint', 'force save nosave now')).toContain(
      "shutdown options SAVE and NOSAVE can't be used simultaneously",
    );
    expect(setErr(c, 'latency-tracking-info-percentiles', 'abc')).toContain(
      'Invalid latency-tracking-info-percentiles parameters',
    );
    expect(setErr(c, 'latency-tracking-info-percentiles', '101')).toContain(
      'latency-tracking-info-percentiles parameters should sit between [0.0,100.0]',
    );
    expect(setErr(c, 'oom-score-adj-values', '1 2')).toContain('- wrong number of arguments');
    expect(setErr(c, 'oom-score-adj-values', '1 2 3000')).toContain(
      'Invalid oom-score-adj-values, elements must be between -2000 and 2000.',
    );
    expect(setErr(c, 'cluster-announce-hostname', 'a b')).toContain(
      'Hostnames may only contain alphanumeric characters, hyphens or dots',
    );
    expect(setErr(c, 'proc-title-template', '{bogus}')).toContain(
      'template format is invalid or contains unknown variables',
    );
  });

  it('special value formats', () => {
    const c = new Config();
    c.set('notify-keyspace-events', 'Kx');
    expect(c.get('notify-keyspace-events')).toBe('xK');
    c.set('notify-keyspace-events', 'KEA');
    expect(c.get('notify-keyspace-events')).toBe('AKE');
    c.set('save', '');
    expect(c.get('save')).toBe('');
    expect(c.savePoints()).toEqual([]);
    c.set('save', '10 1 20 2');
    expect(c.get('save')).toBe('10 1 20 2');
    c.set('client-output-buffer-limit', 'pubsub 1mb 2kb 3');
    expect(c.get('client-output-buffer-limit')).toBe('normal 0 0 0 slave 268435456 67108864 60 pubsub 1048576 2048 3');
    c.set('hz', '1000');
    expect(c.get('hz')).toBe('500');
    c.set('hz', '0');
    expect(c.get('hz')).toBe('1');
    c.set('maxmemory-clients', '10%');
    expect(c.get('maxmemory-clients')).toBe('10%');
    expect(c.num('maxmemory-clients')).toBe(-10);
    c.set('shutdown-on-sigint', 'now nosave');
    expect(c.get('shutdown-on-sigint')).toBe('nosave now');
    c.set('shutdown-on-sigint', 'default save');
    expect(c.get('shutdown-on-sigint')).toBe('save');
    c.set('latency-tracking-info-percentiles', '50 99.99 100.0');
    expect(c.get('latency-tracking-info-percentiles')).toBe('50 99.99 100');
    c.set('bind', '');
    expect(c.get('bind')).toBe('');
    c.set('loglevel', 'WARNING');
    expect(c.get('loglevel')).toBe('warning');
    c.set('rdbcompression', 'NO');
    expect(c.get('rdbcompression')).toBe('no');
  });

  it('protected configs need enable-protected-configs', () => {
    const c = new Config();
    c.set('enable-protected-configs', 'local', { startup: true });
    expect(setErr(c, 'dir', tmp)).toContain("can't set protected config");
    c.set('dir', tmp, { isLocalClient: true });
    expect(c.get('dir')).toBe(tmp);
    fs.mkdirSync(path.join(tmp, 'sub'));
    c.set('dir', 'sub', { isLocalClient: true }); // relative to the current dir, like chdir
    expect(c.dir()).toBe(path.join(tmp, 'sub'));
    try {
      c.set('dir', '/nonexistent', { isLocalClient: true });
      throw new Error('expected');
    } catch (e) {
      expect((e as Error).message).toBe(
        "ERR CONFIG SET failed (possibly related to argument 'dir') - No such file or directory",
      );
    }
    try {
      c.set('dbfilename', 'a/b', { isLocalClient: true });
      throw new Error('expected');
    } catch (e) {
      expect((e as Error).message).toContain("dbfilename can't be a path, just a filename");
    }
  });

  it('startup may set immutable configs; loading refuses denyLoading ones', () => {
    const c = new Config();
    c.set('databases', '4', { startup: true });
    expect(c.num('databases')).toBe(4);
    c.set('replicaof', '127.0.0.1 6380', { startup: true });
    expect(c.replicaOf()).toEqual({ host: '127.0.0.1', port: 6380 });
    expect(c.get('slaveof')).toBe('127.0.0.1 6380');
    expect(() => c.set('appendonly', 'yes', { loading: true })).toThrow('LOADING Redis is loading the dataset in memory');
  });

  it('multi-set is atomic and reports the first error', () => {
    const c = new Config();
    expect(setErr(c, 'maxmemory', '10mb', 'hz', 'x')).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'hz') - argument couldn't be parsed into an integer",
    );
    expect(c.get('maxmemory')).toBe('0');
    expect(setErr(c, 'maxmemory', '1', 'MAXMEMORY', '2')).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'MAXMEMORY') - duplicate parameter",
    );
    expect(setErr(c, 'save', '1 1', 'bogus', '2', 'databases', '3')).toBe(
      "ERR Unknown option or number of arguments for CONFIG SET - 'bogus'",
    );
    expect(setErr(c, 'databases', '3', 'bogus', '2')).toContain("'databases') - can't set immutable config");
    expect(c.get('save')).toBe('3600 1 300 100 60 10000');
    c.setMany([
      ['maxmemory', '10mb'],
      ['hz', '5'],
    ]);
    expect(c.get('maxmemory')).toBe('10485760');
    expect(c.get('hz')).toBe('5');
  });

  it('onChange fires on real changes; a throwing listener aborts and restores', () => {
    const c = new Config();
    const seen: unknown[] = [];
    c.onChange('maxclients', (v) => seen.push(v));
    c.set('maxclients', '100');
    c.set('maxclients', '100');
    expect(seen).toEqual([100]);
    c.onChange('port', (v) => {
      if (v === 1) throw new Error('Unable to listen on this port. Check server logs.');
    });
    expect(setErr(c, 'maxclients', '50', 'port', '1')).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port. Check server logs.",
    );
    expect(c.get('port')).toBe('6379');
    expect(c.get('maxclients')).toBe('100');
    // maxclients listener saw the change, then the restore.
    expect(seen).toEqual([100, 50, 100]);
  });
});

describe('CONFIG GET patterns', () => {
  it('globs, aliases, multiple patterns, exact names echoed', () => {
    const c = new Config();
    expect(c.getMatching(['hash-max-*-entries'])).toEqual([
      ['hash-max-listpack-entries', '512'],
      ['hash-max-ziplist-entries', '512'],
    ]);
    expect(c.getMatching(['HZ'])).toEqual([['HZ', '10']]);
    expect(c.getMatching(['port', 'PORT'])).toEqual([['port', '6379']]);
    const mm = c.getMatching(['maxmemory*', 'maxmemory-policy']).map(([k]) => k);
    expect(mm.sort()).toEqual(['maxmemory', 'maxmemory-clients', 'maxmemory-eviction-tenacity', 'maxmemory-policy', 'maxmemory-samples']);
    expect(c.getMatching(['[a-b]ind'])).toEqual([['bind', '127.0.0.1 -::1']]);
    expect(c.getMatching(['nosuch'])).toEqual([]);
    // Hidden configs: exact name only.
    expect(c.getMatching(['rdb-key-save-delay'])).toEqual([['rdb-key-save-delay', '0']]);
    expect(c.getMatching(['rdb-key-save*'])).toEqual([]);
    const all = c.getMatching(['*']);
    expect(new Set(all.map(([k]) => k)).size).toBe(all.length);
    expect(all.some(([k]) => k === 'slave-read-only')).toBe(true);
  });
});

describe('redis.conf loading', () => {
  it('quotes, escapes, comments, case-insensitive names, units', () => {
    const c = new Config();
    c.loadText(
      [
        '# comment',
        '',
        '   PORT 7000   ',
        "masterauth 'it\\'s'",
        'requirepass "a\\x41b\\tc"',
        'maxmemory 5KB',
        'proto-max-bulk-len 2MB',
        'appendonly YES',
        'bind 1.2.3.4 5.6.7.8',
        'hash-max-ziplist-entries 100',
        'slave-read-only no',
        'notify-keyspace-events "Ex"',
        'save ""',
      ].join('\r\n'),
    );
    expect(c.num('port')).toBe(7000);
    expect(c.str('masterauth')).toBe("it's");
    expect(c.str('requirepass')).toBe('aAb\tc');
    expect(c.get('maxmemory')).toBe('5120');
    expect(c.get('proto-max-bulk-len')).toBe('2097152');
    expect(c.bool('appendonly')).toBe(true);
    expect(c.bindAddresses()).toEqual(['1.2.3.4', '5.6.7.8']);
    expect(c.num('hash-max-listpack-entries')).toBe(100);
    expect(c.bool('replica-read-only')).toBe(false);
    expect(c.get('notify-keyspace-events')).toBe('xE');
    expect(c.get('save')).toBe('');
  });

  it('repeated directives: last wins, save lines accumulate', () => {
    const c = new Config();
    c.loadText('port 1\nport 2\nsave 900 1\nsave 300 10\nsave 60 10000 30 5\n');
    expect(c.num('port')).toBe(2);
    expect(c.get('save')).toBe('900 1 300 10 60 10000 30 5');
  });

  it('include (relative to the working directory), rename-command, user, deprecated', () => {
    fs.writeFileSync(path.join(tmp, 'inc.conf'), 'hz 20\nmaxmemory 1mb\n');
    fs.mkdirSync(path.join(tmp, 'conf.d'));
    fs.writeFileSync(path.join(tmp, 'conf.d', 'a.conf'), 'timeout 5\n');
    fs.writeFileSync(path.join(tmp, 'conf.d', 'b.conf'), 'timeout 7\n');
    const c = new Config();
    c.commandExists = (n) => ['debug', 'flushall', 'get'].includes(n);
    c.loadText(
      [
        `dir ${tmp}`,
        'include inc.conf',
        `include ${path.join(tmp, 'conf.d', '*.conf')}`,
        `include ${path.join(tmp, 'empty.d', '*.conf')}`,
        'rename-command DEBUG ""',
        'rename-command flushall myflush',
        'user alice on >pw ~* +@all',
        'list-max-ziplist-entries 5',
        'lua-replicate-commands yes',
      ].join('\n'),
    );
    expect(c.num('hz')).toBe(20);
    expect(c.get('maxmemory')).toBe('1048576');
    expect(c.num('timeout')).toBe(7);
    expect(c.renamedCommands).toEqual([
      ['debug', ''],
      ['flushall', 'myflush'],
    ]);
    expect(c.users).toEqual([['alice', 'on', '>pw', '~*', '+@all']]);
    expect(loadErr(c, 'rename-command NOSUCH foo').reason).toBe('No such command in rename-command');
    expect(loadErr(c, 'rename-command get myflush').reason).toBe('Target command name already exists');
  });

  it('missing include is fatal', () => {
    const e = loadErr(new Config(), 'include /nonexistent.conf');
    expect(e.message).toBe("Fatal error, can't open config file '/nonexistent.conf': No such file or directory");
  });

  it('errors carry the exact Redis block with line numbers', () => {
    const c = new Config();
    const e = loadErr(c, 'port 0\nport "abc"\n');
    expect(e.message).toBe(
      "\n*** FATAL CONFIG FILE ERROR (Redis 7.2.4) ***\nReading the configuration file, at line 2\n>>> 'port \"abc\"'\nargument couldn't be parsed into an integer",
    );
    expect(e.line).toBe(2);
    const cases: Array<[string, string]> = [
      ['appendonly maybe', "argument must be 'yes' or 'no'"],
      ['loglevel bad', 'argument(s) must be one of the following: debug, verbose, notice, warning, nothing'],
      ['foo bar', 'Bad directive or wrong number of arguments'],
      ['port 1 2', 'wrong number of arguments'],
      ['port', 'wrong number of arguments'],
      ['loglevel', 'wrong number of arguments'],
      ['port "abc', 'Unbalanced quotes in configuration line'],
      ['port "1"2', 'Unbalanced quotes in configuration line'],
      ['maxmemory 1x', 'argument must be a memory value'],
      ['save 1', 'Invalid save parameters'],
      ['notify-keyspace-events Q', "Invalid event class character. Use 'Ag$lshzxeKEtmdn'."],
      ['dir /nonexistent', 'No such file or directory'],
      ['dbfilename a/b', "dbfilename can't be a path, just a filename"],
      ['client-output-buffer-limit normal 1 2', 'Wrong number of arguments in buffer limit configuration.'],
      ['replicaof localhost', 'wrong number of arguments'],
      ['slaveof a b', 'Invalid master port'],
      ['shutdown-on-sigint save nosave', "shutdown options SAVE and NOSAVE can't be used simultaneously"],
      ['foo.bar', 'Module config specified without value'],
      ['sentinel monitor x', 'sentinel directive while not in sentinel mode'],
    ];
    for (const [line, reason] of cases) {
      const err = loadErr(new Config(), `# header\n\n  ${line}\n`);
      expect(err.reason).toBe(reason);
      expect(err.message).toBe(
        `\n*** FATAL CONFIG FILE ERROR (Redis 7.2.4) ***\nReading the configuration file, at line 3\n>>> '${line}'\n${reason}`,
      );
    }
  });

  it('empty bind/save lines are accepted', () => {
    const c = new Config();
    c.loadText('bind\nsave\n');
    expect(c.get('bind')).toBe('');
    expect(c.get('save')).toBe('');
  });

  it('real Redis directives Petrel ignores load with a warning', () => {
    const c = new Config();
    c.loadText('activedefrag yes\nio-threads 4\nloadmodule /x/y.so\njemalloc-bg-thread yes\nfoo.bar 1\n');
    expect(c.get('io-threads')).toBe('4');
    expect(c.warnings.length).toBe(4); // activedefrag, io-threads, loadmodule, module config (jemalloc: default value)
    expect(c.warnings[0]).toContain("'activedefrag' is accepted but has no effect in Petrel");
    expect(c.modules).toEqual([['/x/y.so']]);
  });

  it('post-load checks', () => {
    const e = loadErr(new Config(), 'cluster-enabled yes\nreplicaof 127.0.0.1 6379\n');
    expect(e.message).toBe(
      '\n*** FATAL CONFIG FILE ERROR (Redis 7.2.4) ***\nreplicaof directive not allowed in cluster mode',
    );
    const e2 = loadErr(new Config(), 'logfile /nonexistent/dir/x.log\n');
    expect(e2.reason).toBe("Can't open the log file: No such file or directory");
  });

  it('stock redis.conf-like content loads', () => {
    const c = new Config();
    c.loadText(
      [
        'bind 127.0.0.1 -::1',
        'protected-mode yes',
        'port 6379',
        'tcp-backlog 511',
        'timeout 0',
        'tcp-keepalive 300',
        'daemonize no',
        'pidfile /var/run/redis_6379.pid',
        'loglevel notice',
        'logfile ""',
        'databases 16',
        'always-show-logo no',
        'set-proc-title yes',
        'proc-title-template "{title} {listen-addr} {server-mode}"',
        'stop-writes-on-bgsave-error yes',
        'rdbcompression yes',
        'rdbchecksum yes',
        'dbfilename dump.rdb',
        'rdb-del-sync-files no',
        'dir ./',
        'replica-serve-stale-data yes',
        'replica-read-only yes',
        'repl-diskless-sync yes',
        'repl-diskless-sync-delay 5',
        'repl-diskless-sync-max-replicas 0',
        'repl-diskless-load disabled',
        'repl-disable-tcp-nodelay no',
        'replica-priority 100',
        'acllog-max-len 128',
        'lazyfree-lazy-eviction no',
        'oom-score-adj no',
        'oom-score-adj-values 0 200 800',
        'disable-thp yes',
        'appendonly no',
        'appendfilename "appendonly.aof"',
        'appenddirname "appendonlydir"',
        'appendfsync everysec',
        'no-appendfsync-on-rewrite no',
        'auto-aof-rewrite-percentage 100',
        'auto-aof-rewrite-min-size 64mb',
        'aof-load-truncated yes',
        'aof-use-rdb-preamble yes',
        'aof-timestamp-enabled no',
        'slowlog-log-slower-than 10000',
        'slowlog-max-len 128',
        'latency-monitor-threshold 0',
        'notify-keyspace-events ""',
        'hash-max-listpack-entries 512',
        'hash-max-listpack-value 64',
        'list-max-listpack-size -2',
        'list-compress-depth 0',
        'set-max-intset-entries 512',
        'set-max-listpack-entries 128',
        'set-max-listpack-value 64',
        'zset-max-listpack-entries 128',
        'zset-max-listpack-value 64',
        'hll-sparse-max-bytes 3000',
        'stream-node-max-bytes 4096',
        'stream-node-max-entries 100',
        'activerehashing yes',
        'client-output-buffer-limit normal 0 0 0',
        'client-output-buffer-limit replica 256mb 64mb 60',
        'client-output-buffer-limit pubsub 32mb 8mb 60',
        'hz 10',
        'dynamic-hz yes',
        'aof-rewrite-incremental-fsync yes',
        'rdb-save-incremental-fsync yes',
        'jemalloc-bg-thread yes',
      ].join('\n'),
    );
    expect(c.warnings).toEqual([]);
    expect(c.get('client-output-buffer-limit')).toBe(
      'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60',
    );
    expect(c.get('pidfile')).toBe('/var/run/redis_6379.pid');
  });
});

describe('command line', () => {
  it('builds config lines from --options like redis-server', () => {
    const cl = parseCommandLine(['a.conf', '--port', '7000', '--save', '--loglevel', 'debug', '--bind', '1.1.1.1', '2.2.2.2'], '/x');
    expect(cl.configFile).toBe('/x/a.conf');
    expect(cl.overrides).toBe('port "7000" \nsave ""\nloglevel "debug" \nbind "1.1.1.1" "2.2.2.2" ');
    expect(parseCommandLine(['--save']).overrides).toBe('save ""');
    expect(parseCommandLine(['--port 7000', '--hz', '5']).overrides).toBe('port 7000 \nhz "5" ');
    expect(parseCommandLine(['-']).fromStdin).toBe(true);
    expect(parseCommandLine(['--version']).version).toBe(true);
    expect(parseCommandLine([]).configFile).toBeUndefined();
  });

  it('applyArgs loads the file then the overrides (errors count lines across both)', () => {
    const file = path.join(tmp, 'r.conf');
    fs.writeFileSync(file, 'port 7000\nhz 20\n');
    const c = new Config();
    c.applyArgs([file, '--port', '7001', '--save', '']);
    expect(c.num('port')).toBe(7001);
    expect(c.num('hz')).toBe(20);
    expect(c.get('save')).toBe('');
    expect(c.configFile).toBe(file);
    const c2 = new Config();
    try {
      c2.applyArgs([file, '--port', 'x']);
      throw new Error('expected');
    } catch (e) {
      expect((e as ConfigFileError).line).toBe(4);
      expect((e as Error).message).toContain(">>> 'port \"x\"'");
    }
    const c3 = new Config();
    c3.applyArgs(['--maxmemory', '1gb']);
    expect(c3.get('maxmemory')).toBe('1073741824');
    expect(c3.configFile).toBeUndefined();
  });
});

describe('CONFIG REWRITE', () => {
  it('needs a config file', () => {
    expect(() => new Config().rewrite()).toThrow('ERR The server is running without a config file');
  });

  it('keeps lines and comments, rewrites in place, appends the rest', () => {
    const file = path.join(tmp, 'redis.conf');
    fs.writeFileSync(
      file,
      [
        '# top comment',
        'port 0',
        'rename-command DEBUG ""',
        'hash-max-ziplist-entries 100',
        'slave-read-only no',
        'save 900 1',
        'save 300 10',
        '',
        '',
        '# another',
        'dbfilename dump.rdb',
        'hz 10',
        'maxmemory 1mb',
        'daemonize no',
        '',
      ].join('\n'),
    );
    const c = new Config();
    c.loadFile(file);
    expect(c.configFile).toBe(file);
    c.set('maxmemory', '2mb');
    c.set('timeout', '30');
    c.set('save', '300 10');
    c.set('notify-keyspace-events', 'Ex');
    c.set('client-output-buffer-limit', 'pubsub 1mb 2kb 3');
    c.set('masterauth', 'a"b c\x01');
    c.rewrite();
    const text = fs.readFileSync(file, 'latin1');
    const [head, tail] = text.split('# Generated by CONFIG REWRITE\n');
    expect(head).toBe(
      [
        '# top comment',
        'port 0',
        'rename-command DEBUG ""',
        'hash-max-listpack-entries 100',
        'replica-read-only no',
        'save 300 10',
        '',
        '# another',
        'dbfilename "dump.rdb"',
        'hz 10',
        'maxmemory 2mb',
        'daemonize no',
        '',
        '',
      ].join('\n'),
    );
    expect(tail!.split('\n').sort()).toEqual(
      [
        `dir ${repr(c.dir())}`,
        'timeout 30',
        'client-output-buffer-limit pubsub 1mb 2kb 3',
        'latency-tracking-info-percentiles 50 99 99.9',
        'notify-keyspace-events "xE"',
        'masterauth "a\\"b c\\x01"',
        '',
      ].sort(),
    );
    // Round trip: the rewritten file loads to the same values.
    const again = new Config();
    again.loadFile(file);
    expect(again.toObject()).toEqual(c.toObject());
    // Further rewrites keep the values (like Redis, client-output-buffer-limit lines may
    // move: the first class reuses the first existing line) and a single marker.
    again.rewrite();
    again.rewrite();
    const third = new Config();
    third.loadFile(file);
    expect(third.toObject()).toEqual(c.toObject());
    expect(fs.readFileSync(file, 'latin1').match(/# Generated by CONFIG REWRITE/g)!.length).toBe(1);
    expect(fs.readdirSync(tmp)).toEqual(['redis.conf']);
  });

  it('writes save "" and default-valued save lines, bind only when not default', () => {
    const file = path.join(tmp, 'm.conf');
    fs.writeFileSync(file, 'port 0\n');
    const c = new Config();
    c.loadFile(file);
    c.rewrite();
    let text = fs.readFileSync(file, 'latin1');
    expect(text.startsWith('port 0\n\n# Generated by CONFIG REWRITE\n')).toBe(true);
    expect(text).toContain('save 3600 1\nsave 300 100\nsave 60 10000\n');
    expect(text).not.toContain('bind');
    c.set('save', '');
    c.set('bind', '0.0.0.0');
    c.set('maxmemory-clients', '5%');
    c.set('proto-max-bulk-len', '1000000000');
    c.rewrite();
    text = fs.readFileSync(file, 'latin1');
    expect(text).toContain('save ""\n');
    expect(text).not.toContain('save 3600');
    expect(text).toContain('bind 0.0.0.0\n');
    expect(text).toContain('maxmemory-clients 5%\n');
    expect(text).toContain('proto-max-bulk-len 1000000000\n');
    expect(text.match(/# Generated by CONFIG REWRITE/g)!.length).toBe(1);
  });

  it('comments out unparsable lines and uses a user provider', () => {
    const file = path.join(tmp, 'u.conf');
    fs.writeFileSync(file, 'port 0\nuser alice on\n');
    const c = new Config();
    c.loadFile(file);
    fs.appendFileSync(file, 'bogus-directive 1\nport "x\n');
    c.setRewriteProvider('user', () => ['user default on nopass ~* &* +@all']);
    c.rewrite();
    const text = fs.readFileSync(file, 'latin1');
    expect(text).toContain('# ??? bogus-directive 1\n# ??? port "x\n');
    expect(text).toContain('user default on nopass ~* &* +@all\n');
    expect(text).not.toContain('user alice');
  });
});

describe('parse helpers', () => {
  it('splitArgs follows sdssplitargs', () => {
    expect(splitArgs('  a  "b c"  \'d e\'')).toEqual(['a', 'b c', 'd e']);
    expect(splitArgs('"\\x41\\n\\t\\\\\\"z"')).toEqual(['A\n\t\\"z']);
    expect(splitArgs("'it\\'s'")).toEqual(["it's"]);
    expect(splitArgs('ab"cd"')).toEqual(['abcd']);
    expect(splitArgs('"ab"cd')).toBeNull();
    expect(splitArgs('"ab')).toBeNull();
    expect(splitArgs('')).toEqual([]);
    expect(splitArgs('""')).toEqual(['']);
  });

  it('parseMemory and repr', () => {
    expect(parseMemory('1kb')).toBe(1024n);
    expect(parseMemory('1KB')).toBe(1024n);
    expect(parseMemory('3m')).toBe(3000000n);
    expect(parseMemory('1.5')).toBeNull();
    expect(repr('a"b\\c\x01\xff')).toBe('"a\\"b\\\\c\\x01\\xff"');
  });
});

describe('redis.conf.example', () => {
  it('loads cleanly and only restates defaults', () => {
    const file = path.join(__dirname, '..', '..', 'redis.conf.example');
    const c = new Config();
    c.loadFile(file);
    expect(c.warnings).toEqual([]);
    const defaults = new Config().toObject();
    expect(c.toObject()).toEqual(defaults);
  });
});
