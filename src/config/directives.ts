/**
 * The directive table: every configuration parameter Redis 7.2 knows, with its
 * type, default, bounds and flags, in one place. Everything else in `config/`
 * (redis.conf parsing, CONFIG GET/SET/REWRITE) is driven by this table.
 *
 * `honoured: true` means Petrel acts on the value (or is designed to, by the
 * folder that owns the feature); `false` means the value is accepted, validated,
 * stored and reported by CONFIG GET, but has no effect in Petrel.
 *
 * Defaults are the strings CONFIG GET shows on a fresh Redis 7.2 server
 * (Petrel differs only where noted: `bind`).
 */

export type DirectiveType =
  | 'bool' // yes / no
  | 'int' // plain integer
  | 'memory' // integer with optional k/kb/m/mb/g/gb unit; CONFIG GET shows bytes
  | 'memory-percent' // memory value or "N%" (stored as -N)
  | 'octal' // integer written in octal
  | 'enum' // one of `values` (case-insensitive)
  | 'flags' // one or more of `values` (bit flags; e.g. shutdown-on-sigint)
  | 'string' // free text
  | 'special'; // own parser/formatter in config.ts (save, bind, ...)

/** C integer type behind a numeric directive: decides signed vs unsigned bound checks. */
export type IntKind = 'signed' | 'unsigned';

export type SpecialKind =
  | 'save'
  | 'bind'
  | 'dir'
  | 'client-output-buffer-limit'
  | 'oom-score-adj-values'
  | 'notify-keyspace-events'
  | 'replicaof'
  | 'latency-tracking-info-percentiles';

export interface Directive {
  /** Canonical lower-case name. */
  name: string;
  /** Second accepted name (e.g. the old `slave-*` / `*-ziplist-*` spellings). */
  alias?: string;
  type: DirectiveType;
  /** Default, as CONFIG GET prints it. */
  default: string;
  /** Can CONFIG SET change it at runtime? */
  mutable: boolean;
  /** Does Petrel act on this value (true) or merely store it (false)? */
  honoured: boolean;
  /** Inclusive bounds for numeric types (bigint: 64-bit ranges). */
  min?: bigint;
  max?: bigint;
  intKind?: IntKind;
  /** Allowed values for enum / flags types, in Redis's order. Flags: bit i is values[i+1]; values[0] means 0. */
  values?: readonly string[];
  special?: SpecialKind;
  /** Takes several arguments on a config line / space-separated on CONFIG SET. */
  multiArg?: boolean;
  /** CONFIG SET needs enable-protected-configs (dir, dbfilename). */
  protected?: boolean;
  /** Value must be redacted from SLOWLOG / MONITOR (passwords). */
  sensitive?: boolean;
  /** CONFIG SET refused while the dataset is loading. */
  denyLoading?: boolean;
  /** Not listed by CONFIG GET patterns, only by exact name (test/debug knobs). */
  hidden?: boolean;
  /** String configs that Redis keeps as NULL when empty: not written by CONFIG REWRITE when empty. */
  emptyIsNull?: boolean;
  /** Extra validation; returns Redis's error text or null. */
  validate?: (value: string) => string | null;
  /** One-line description (used by redis.conf.example / docs). */
  doc?: string;
}

const INT_MAX = 2147483647n;
const INT_MIN = -2147483648n;
const UINT_MAX = 4294967295n;
const LONG_MAX = 9223372036854775807n;
const LLONG_MAX = LONG_MAX;
const ULLONG_MAX = 18446744073709551615n;
const SSIZE_MAX = LONG_MAX;

type Opts = Partial<Omit<Directive, 'name' | 'type' | 'default' | 'mutable' | 'honoured'>> & {
  honoured?: boolean;
  immutable?: boolean;
};

function d(name: string, type: DirectiveType, def: string, o: Opts = {}): Directive {
  const { immutable, honoured, ...rest } = o;
  return { name, type, default: def, mutable: !immutable, honoured: honoured ?? false, ...rest };
}

function bool(name: string, def: boolean, o: Opts = {}): Directive {
  return d(name, 'bool', def ? 'yes' : 'no', o);
}
function int(name: string, def: number, min: bigint, max: bigint, o: Opts = {}): Directive {
  return d(name, 'int', String(def), { min, max, intKind: 'signed', ...o });
}
function uint(name: string, def: number, min: bigint, max: bigint, o: Opts = {}): Directive {
  return d(name, 'int', String(def), { min, max, intKind: 'unsigned', ...o });
}
function mem(name: string, def: number | bigint, min: bigint, max: bigint, kind: IntKind, o: Opts = {}): Directive {
  return d(name, 'memory', String(def), { min, max, intKind: kind, ...o });
}
function str(name: string, def: string, o: Opts = {}): Directive {
  return d(name, 'string', def, o);
}
function enm(name: string, def: string, values: readonly string[], o: Opts = {}): Directive {
  return d(name, 'enum', def, { values, ...o });
}
function special(name: string, kind: SpecialKind, def: string, o: Opts = {}): Directive {
  return d(name, 'special', def, { special: kind, ...o });
}

// ---- validators (error texts are Redis's) ----

function isBaseName(v: string): boolean {
  return !v.includes('/');
}
const validDbFilename = (v: string): string | null =>
  isBaseName(v) ? null : "dbfilename can't be a path, just a filename";
const validAofFilename = (v: string): string | null => {
  if (v === '') return "appendfilename can't be empty";
  return isBaseName(v) ? null : "appendfilename can't be a path, just a filename";
};
const validAofDirname = (v: string): string | null => {
  if (v === '') return "appenddirname can't be empty";
  return isBaseName(v) ? null : "appenddirname can't be a path, just a dirname";
};
const validHostname = (v: string): string | null => {
  if (v.length >= 256) return 'Hostnames must be less than 256 characters';
  if (!/^[A-Za-z0-9.-]*$/.test(v)) return 'Hostnames may only contain alphanumeric characters, hyphens or dots';
  return null;
};
const PROC_TITLE_VARS = ['{title}', '{listen-addr}', '{server-mode}', '{port}', '{tls-port}', '{unixsocket}', '{config-file}'];
const validProcTitle = (v: string): string | null => {
  // Every {...} must be a known variable, braces balanced, and the result non-empty.
  let rest = v;
  for (const k of PROC_TITLE_VARS) rest = rest.split(k).join('');
  const bad = 'template format is invalid or contains unknown variables';
  if (rest.includes('{') || rest.includes('}')) return bad;
  if (v.trim() === '') return bad;
  return null;
};

const LOGLEVELS = ['debug', 'verbose', 'notice', 'warning', 'nothing'] as const;
const MAXMEMORY_POLICIES = [
  'volatile-lru',
  'volatile-lfu',
  'volatile-random',
  'volatile-ttl',
  'allkeys-lru',
  'allkeys-lfu',
  'allkeys-random',
  'noeviction',
] as const;
const PROTECTED_ACTION = ['no', 'yes', 'local'] as const;
const SHUTDOWN_FLAGS = ['default', 'save', 'nosave', 'now', 'force'] as const;

/** Petrel's default listen addresses (Redis's is "* -::*"; Petrel is loopback-only by default). */
export const PETREL_DEFAULT_BIND = '127.0.0.1 -::1';
export const DEFAULT_SAVE = '3600 1 300 100 60 10000';
export const DEFAULT_CLIENT_OUTPUT_BUFFER_LIMIT = 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60';

export const DIRECTIVES: readonly Directive[] = [
  // ---------------- network ----------------
  int('port', 6379, 0n, 65535n, { honoured: true, doc: 'TCP port to listen on (0 = no TCP listener)' }),
  special('bind', 'bind', PETREL_DEFAULT_BIND, {
    multiArg: true,
    honoured: true,
    doc: 'addresses to listen on; a leading "-" means optional (skip if unavailable)',
  }),
  str('bind-source-addr', '', { emptyIsNull: true }),
  bool('protected-mode', true, { honoured: true, doc: 'refuse non-loopback clients when no password and no bind is set' }),
  int('tcp-backlog', 511, 0n, INT_MAX, { immutable: true, honoured: true, doc: 'listen() backlog' }),
  str('unixsocket', '', { immutable: true, emptyIsNull: true, honoured: true, doc: 'path of a unix socket to listen on ("" = none)' }),
  d('unixsocketperm', 'octal', '0', { immutable: true, min: 0n, max: 0o777n, intKind: 'unsigned', honoured: true, doc: 'permissions of the unix socket (octal)' }),
  int('timeout', 0, 0n, INT_MAX, { honoured: true, doc: 'close idle clients after this many seconds (0 = never)' }),
  int('tcp-keepalive', 300, 0n, INT_MAX, { honoured: true, doc: 'TCP keepalive interval in seconds (0 = off)' }),
  int('socket-mark-id', 0, 0n, UINT_MAX),

  // ---------------- TLS ----------------
  int('tls-port', 0, 0n, 65535n, { honoured: true, doc: 'TLS port (0 = no TLS listener)' }),
  str('tls-cert-file', '', { emptyIsNull: true, honoured: true, doc: 'server certificate (PEM)' }),
  str('tls-key-file', '', { emptyIsNull: true, honoured: true, doc: 'server private key (PEM)' }),
  str('tls-key-file-pass', '', { emptyIsNull: true, sensitive: true, honoured: true, doc: 'passphrase of the TLS private key' }),
  str('tls-client-cert-file', '', { emptyIsNull: true }),
  str('tls-client-key-file', '', { emptyIsNull: true }),
  str('tls-client-key-file-pass', '', { emptyIsNull: true, sensitive: true }),
  str('tls-dh-params-file', '', { emptyIsNull: true }),
  str('tls-ca-cert-file', '', { emptyIsNull: true, honoured: true, doc: 'CA bundle used to verify client certificates' }),
  str('tls-ca-cert-dir', '', { emptyIsNull: true }),
  enm('tls-auth-clients', 'yes', ['no', 'yes', 'optional'], { honoured: true, doc: 'require client certificates: yes, no or optional' }),
  str('tls-protocols', '', { emptyIsNull: true }),
  str('tls-ciphers', '', { emptyIsNull: true }),
  str('tls-ciphersuites', '', { emptyIsNull: true }),
  bool('tls-prefer-server-ciphers', false),
  bool('tls-session-caching', true),
  int('tls-session-cache-size', 20480, 0n, INT_MAX),
  int('tls-session-cache-timeout', 300, 0n, INT_MAX),
  bool('tls-replication', false),
  bool('tls-cluster', false),

  // ---------------- general ----------------
  bool('daemonize', false, { immutable: true }),
  enm('supervised', 'no', ['upstart', 'systemd', 'auto', 'no'], { immutable: true }),
  str('pidfile', '', { immutable: true, emptyIsNull: true, honoured: true, doc: 'write the process id to this file ("" = none)' }),
  enm('loglevel', 'notice', LOGLEVELS, { honoured: true, doc: 'debug, verbose, notice, warning or nothing' }),
  str('logfile', '', { immutable: true, honoured: true, doc: 'log file path ("" = standard output)' }),
  bool('syslog-enabled', false, { immutable: true }),
  str('syslog-ident', 'redis', { immutable: true }),
  enm('syslog-facility', 'local0', ['user', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'], {
    immutable: true,
  }),
  bool('crash-log-enabled', true),
  bool('crash-memcheck-enabled', true),
  int('databases', 16, 1n, INT_MAX, { immutable: true, honoured: true, doc: 'number of logical databases (SELECT 0..n-1)' }),
  bool('always-show-logo', false, { immutable: true }),
  bool('set-proc-title', true, { immutable: true }),
  str('proc-title-template', '{title} {listen-addr} {server-mode}', { validate: validProcTitle }),
  str('locale-collate', '', {}),
  enm('enable-protected-configs', 'no', PROTECTED_ACTION, { immutable: true, honoured: true, doc: 'allow CONFIG SET of dir/dbfilename: no, yes or local' }),
  enm('enable-debug-command', 'no', PROTECTED_ACTION, { immutable: true, honoured: true, doc: 'allow the DEBUG command: no, yes or local' }),
  enm('enable-module-command', 'no', PROTECTED_ACTION, { immutable: true }),
  str('ignore-warnings', '', {}),
  bool('disable-thp', true, { immutable: true }),
  str('server_cpulist', '', { immutable: true, emptyIsNull: true }),
  str('bio_cpulist', '', { immutable: true, emptyIsNull: true }),
  str('aof_rewrite_cpulist', '', { immutable: true, emptyIsNull: true }),
  str('bgsave_cpulist', '', { immutable: true, emptyIsNull: true }),
  d('shutdown-on-sigint', 'flags', 'default', { values: SHUTDOWN_FLAGS, multiArg: true, honoured: true, doc: 'on SIGINT: default, save, nosave, now, force' }),
  d('shutdown-on-sigterm', 'flags', 'default', { values: SHUTDOWN_FLAGS, multiArg: true, honoured: true, doc: 'on SIGTERM: default, save, nosave, now, force' }),
  int('shutdown-timeout', 10, 0n, INT_MAX, { honoured: true, doc: 'seconds SHUTDOWN waits for replicas to catch up' }),

  // ---------------- snapshotting ----------------
  special('save', 'save', DEFAULT_SAVE, { multiArg: true, honoured: true, doc: 'snapshot after <seconds> if at least <changes> writes ("" = never)' }),
  bool('stop-writes-on-bgsave-error', true, { honoured: true, doc: 'refuse writes while the last background save failed' }),
  bool('rdbcompression', true, { honoured: true, doc: 'LZF-compress strings in RDB files' }),
  bool('rdbchecksum', true, { immutable: true, honoured: true, doc: 'write and check the CRC64 footer of RDB files' }),
  enm('sanitize-dump-payload', 'no', ['no', 'yes', 'clients'], { honoured: true, doc: 'deep-check RESTORE payloads: no, yes or clients' }),
  str('dbfilename', 'dump.rdb', { protected: true, validate: validDbFilename, honoured: true, doc: 'RDB file name, inside dir' }),
  bool('rdb-del-sync-files', false),
  // Petrel's own: RDB version SAVE writes. 11 is Redis 7.2's; 10 makes files Redis 7.0 loads.
  // Hidden so CONFIG GET * lists the same names as Redis.
  int('rdb-version', 11, 10n, 11n, { hidden: true, honoured: true, doc: 'RDB format version written: 11 (Redis 7.2) or 10 (Redis 7.0)' }),
  special('dir', 'dir', '', { protected: true, denyLoading: true, honoured: true, doc: 'working directory for RDB/AOF/cluster files' }),
  bool('rdb-save-incremental-fsync', true),

  // ---------------- replication ----------------
  special('replicaof', 'replicaof', '', { alias: 'slaveof', immutable: true, multiArg: true, honoured: true, doc: 'replicate from <host> <port>' }),
  str('masterauth', '', { emptyIsNull: true, sensitive: true, honoured: true, doc: 'password used to authenticate to the primary' }),
  str('masteruser', '', { emptyIsNull: true, sensitive: true, honoured: true, doc: 'user name used to authenticate to the primary' }),
  bool('replica-serve-stale-data', true, { alias: 'slave-serve-stale-data', honoured: true, doc: 'answer queries while the link to the primary is down' }),
  bool('replica-read-only', true, { alias: 'slave-read-only', honoured: true, doc: 'reject writes from normal clients on a replica' }),
  bool('repl-diskless-sync', true, { honoured: true, doc: 'stream the snapshot to replicas without a disk file' }),
  int('repl-diskless-sync-delay', 5, 0n, INT_MAX, { honoured: true, doc: 'seconds to wait for more replicas before a diskless sync' }),
  int('repl-diskless-sync-max-replicas', 0, 0n, INT_MAX),
  enm('repl-diskless-load', 'disabled', ['disabled', 'on-empty-db', 'swapdb'], { denyLoading: true }),
  int('repl-ping-replica-period', 10, 1n, INT_MAX, { alias: 'repl-ping-slave-period', honoured: true, doc: 'seconds between pings to replicas' }),
  int('repl-timeout', 60, 1n, INT_MAX, { honoured: true, doc: 'replication link timeout in seconds' }),
  bool('repl-disable-tcp-nodelay', false),
  mem('repl-backlog-size', 1048576, 1n, LLONG_MAX, 'signed', { honoured: true, doc: 'size of the replication backlog for partial resyncs' }),
  d('repl-backlog-ttl', 'int', '3600', { min: 0n, max: LONG_MAX, intKind: 'signed', honoured: true, doc: 'free the backlog after this many seconds without replicas' }),
  int('replica-priority', 100, 0n, INT_MAX, { alias: 'slave-priority' }),
  bool('replica-announced', true),
  int('min-replicas-to-write', 0, 0n, INT_MAX, { alias: 'min-slaves-to-write', honoured: true, doc: 'refuse writes with fewer good replicas than this' }),
  int('min-replicas-max-lag', 10, 0n, INT_MAX, { alias: 'min-slaves-max-lag', honoured: true, doc: 'lag in seconds under which a replica counts as good' }),
  str('replica-announce-ip', '', { alias: 'slave-announce-ip', emptyIsNull: true, honoured: true, doc: 'address a replica reports to its primary (behind NAT)' }),
  int('replica-announce-port', 0, 0n, 65535n, { alias: 'slave-announce-port', honoured: true, doc: 'port a replica reports to its primary (0 = the real one)' }),
  bool('replica-lazy-flush', false, { alias: 'slave-lazy-flush' }),
  bool('replica-ignore-maxmemory', true, { alias: 'slave-ignore-maxmemory', honoured: true, doc: 'replicas do not evict on their own' }),
  bool('replica-ignore-disk-write-errors', false),
  enm('propagation-error-behavior', 'ignore', ['ignore', 'panic', 'panic-on-replicas']),

  // ---------------- security ----------------
  str('requirepass', '', { emptyIsNull: true, sensitive: true, honoured: true, doc: "password of the 'default' user" }),
  str('aclfile', '', { immutable: true, honoured: true, doc: 'external ACL users file' }),
  uint('acllog-max-len', 128, 0n, LONG_MAX, { honoured: true, doc: 'entries kept by ACL LOG' }),
  enm('acl-pubsub-default', 'resetchannels', ['allchannels', 'resetchannels'], { honoured: true, doc: 'channel permissions of new users' }),

  // ---------------- clients & memory ----------------
  uint('maxclients', 10000, 1n, UINT_MAX, { honoured: true, doc: 'maximum number of connected clients' }),
  mem('maxmemory', 0, 0n, ULLONG_MAX, 'unsigned', { honoured: true, doc: 'memory limit in bytes (0 = none)' }),
  enm('maxmemory-policy', 'noeviction', MAXMEMORY_POLICIES, { honoured: true, doc: 'what to evict when maxmemory is reached' }),
  int('maxmemory-samples', 5, 1n, INT_MAX, { honoured: true, doc: 'keys sampled per eviction round' }),
  int('maxmemory-eviction-tenacity', 10, 0n, 100n),
  d('maxmemory-clients', 'memory-percent', '0', { min: -100n, max: SSIZE_MAX, intKind: 'signed' }),
  bool('lazyfree-lazy-eviction', false),
  bool('lazyfree-lazy-expire', false),
  bool('lazyfree-lazy-server-del', false),
  bool('lazyfree-lazy-user-del', false),
  bool('lazyfree-lazy-user-flush', false),
  int('lfu-log-factor', 10, 0n, INT_MAX, { honoured: true, doc: 'LFU counter logarithm factor' }),
  int('lfu-decay-time', 1, 0n, INT_MAX, { honoured: true, doc: 'minutes for the LFU counter to halve' }),
  int('active-expire-effort', 1, 1n, 10n, { honoured: true, doc: 'active expiry effort, 1..10' }),
  bool('activerehashing', true),
  bool('jemalloc-bg-thread', true),
  int('io-threads', 1, 1n, 128n, { immutable: true }),
  bool('io-threads-do-reads', false, { immutable: true }),
  enm('oom-score-adj', 'no', ['no', 'yes', 'relative', 'absolute']),
  special('oom-score-adj-values', 'oom-score-adj-values', '0 200 800', { multiArg: true }),
  mem('proto-max-bulk-len', 536870912, 1048576n, LONG_MAX, 'signed', { honoured: true, doc: 'largest bulk string a client may send' }),
  mem('client-query-buffer-limit', 1073741824, 1048576n, LONG_MAX, 'unsigned', { honoured: true, doc: 'largest query buffer per client' }),
  special('client-output-buffer-limit', 'client-output-buffer-limit', DEFAULT_CLIENT_OUTPUT_BUFFER_LIMIT, {
    multiArg: true,
    honoured: true,
    doc: '<class> <hard> <soft> <soft-seconds>: disconnect clients whose output buffer grows too large',
  }),
  int('hz', 10, 0n, INT_MAX, { honoured: true, doc: 'background task frequency per second (1..500)' }),
  bool('dynamic-hz', true, { honoured: true, doc: 'raise hz temporarily when many clients are connected' }),
  uint('tracking-table-max-keys', 1000000, 0n, LONG_MAX, { honoured: true, doc: 'keys remembered for client-side caching' }),

  // ---------------- append only file ----------------
  bool('appendonly', false, { denyLoading: true, honoured: true, doc: 'log every write to the append only file' }),
  str('appendfilename', 'appendonly.aof', { immutable: true, validate: validAofFilename, honoured: true, doc: 'base name of the AOF files' }),
  str('appenddirname', 'appendonlydir', { immutable: true, validate: validAofDirname, honoured: true, doc: 'directory (inside dir) holding the AOF files' }),
  enm('appendfsync', 'everysec', ['everysec', 'always', 'no'], { honoured: true, doc: 'AOF fsync policy: always, everysec or no' }),
  bool('no-appendfsync-on-rewrite', false, { honoured: true, doc: 'skip AOF fsyncs while a rewrite or snapshot is running' }),
  int('auto-aof-rewrite-percentage', 100, 0n, INT_MAX, { honoured: true, doc: 'rewrite the AOF when it grew by this percentage (0 = off)' }),
  mem('auto-aof-rewrite-min-size', 67108864, 0n, LLONG_MAX, 'signed', { honoured: true, doc: 'smallest AOF size that triggers an automatic rewrite' }),
  bool('aof-load-truncated', true, { honoured: true, doc: 'load a truncated AOF instead of refusing to start' }),
  bool('aof-use-rdb-preamble', true, { honoured: true, doc: 'AOF rewrite writes an RDB base file' }),
  bool('aof-timestamp-enabled', false),
  bool('aof-rewrite-incremental-fsync', true),
  bool('aof-disable-auto-gc', false),

  // ---------------- scripting & latency ----------------
  d('busy-reply-threshold', 'int', '5000', {
    alias: 'lua-time-limit',
    min: 0n,
    max: LONG_MAX,
    intKind: 'signed',
    honoured: true,
    doc: 'milliseconds after which a running script gets BUSY replies for other clients',
  }),
  d('slowlog-log-slower-than', 'int', '10000', { min: -1n, max: LLONG_MAX, intKind: 'signed', honoured: true, doc: 'microseconds; slower commands go to the slow log (-1 = off)' }),
  uint('slowlog-max-len', 128, 0n, LONG_MAX, { honoured: true, doc: 'entries kept by the slow log' }),
  d('latency-monitor-threshold', 'int', '0', { min: 0n, max: LLONG_MAX, intKind: 'signed', honoured: true, doc: 'milliseconds; latency events at or above are recorded (0 = off)' }),
  bool('latency-tracking', true, { honoured: true, doc: 'per-command latency histograms in INFO latencystats' }),
  special('latency-tracking-info-percentiles', 'latency-tracking-info-percentiles', '50 99 99.9', { multiArg: true, honoured: true, doc: 'percentiles shown by INFO latencystats' }),
  special('notify-keyspace-events', 'notify-keyspace-events', '', { honoured: true, doc: 'keyspace notification classes, e.g. "Ex" (empty = off)' }),

  // ---------------- encodings ----------------
  uint('hash-max-listpack-entries', 512, 0n, LONG_MAX, { alias: 'hash-max-ziplist-entries', honoured: true, doc: 'hashes up to this many fields use the compact encoding' }),
  mem('hash-max-listpack-value', 64, 0n, LONG_MAX, 'unsigned', { alias: 'hash-max-ziplist-value', honoured: true, doc: 'and fields/values up to this many bytes' }),
  int('list-max-listpack-size', -2, INT_MIN, INT_MAX, { alias: 'list-max-ziplist-size', honoured: true, doc: 'list node size: >0 entries, -1..-5 = 4kb..64kb' }),
  int('list-compress-depth', 0, 0n, INT_MAX, { doc: 'list nodes kept uncompressed at each end (stored only)' }),
  uint('set-max-intset-entries', 512, 0n, LONG_MAX, { honoured: true, doc: 'integer sets up to this size use the intset encoding' }),
  uint('set-max-listpack-entries', 128, 0n, LONG_MAX, { honoured: true, doc: 'small sets up to this many members use listpack' }),
  mem('set-max-listpack-value', 64, 0n, LONG_MAX, 'unsigned', { honoured: true, doc: 'and members up to this many bytes' }),
  uint('zset-max-listpack-entries', 128, 0n, LONG_MAX, { alias: 'zset-max-ziplist-entries', honoured: true, doc: 'sorted sets up to this many members use listpack' }),
  mem('zset-max-listpack-value', 64, 0n, LONG_MAX, 'unsigned', { alias: 'zset-max-ziplist-value', honoured: true, doc: 'and members up to this many bytes' }),
  mem('hll-sparse-max-bytes', 3000, 0n, LONG_MAX, 'unsigned', { honoured: true, doc: 'HyperLogLog sparse representation size limit' }),
  mem('stream-node-max-bytes', 4096, 0n, LONG_MAX, 'unsigned', { honoured: true, doc: 'stream radix node size limit in bytes' }),
  d('stream-node-max-entries', 'int', '100', { min: 0n, max: LLONG_MAX, intKind: 'signed', honoured: true, doc: 'stream radix node size limit in entries' }),

  // ---------------- active defrag (stored only) ----------------
  bool('activedefrag', false),
  mem('active-defrag-ignore-bytes', 104857600, 1n, LLONG_MAX, 'unsigned'),
  int('active-defrag-threshold-lower', 10, 0n, 1000n),
  int('active-defrag-threshold-upper', 100, 0n, 1000n),
  int('active-defrag-cycle-min', 1, 1n, 99n),
  int('active-defrag-cycle-max', 25, 1n, 99n),
  uint('active-defrag-max-scan-fields', 1000, 1n, LONG_MAX),

  // ---------------- cluster ----------------
  bool('cluster-enabled', false, { immutable: true, honoured: true, doc: 'run as a Redis Cluster node' }),
  str('cluster-config-file', 'nodes.conf', { immutable: true, honoured: true, doc: 'cluster state file, owned by the server' }),
  d('cluster-node-timeout', 'int', '15000', { min: 0n, max: LLONG_MAX, intKind: 'signed', honoured: true, doc: 'milliseconds before a node is considered failing' }),
  int('cluster-port', 0, 0n, 65535n, { immutable: true, honoured: true, doc: 'cluster bus port (0 = port + 10000)' }),
  int('cluster-replica-validity-factor', 10, 0n, INT_MAX, { alias: 'cluster-slave-validity-factor' }),
  int('cluster-migration-barrier', 1, 0n, INT_MAX),
  bool('cluster-allow-replica-migration', true),
  bool('cluster-require-full-coverage', true, { honoured: true, doc: 'stop serving when some slots are uncovered' }),
  bool('cluster-replica-no-failover', false, { alias: 'cluster-slave-no-failover' }),
  bool('cluster-allow-reads-when-down', false, { honoured: true, doc: 'keep serving reads while the cluster is down' }),
  bool('cluster-allow-pubsubshard-when-down', true),
  mem('cluster-link-sendbuf-limit', 0, 0n, ULLONG_MAX, 'unsigned'),
  str('cluster-announce-ip', '', { emptyIsNull: true, honoured: true, doc: 'address this node announces to the cluster' }),
  str('cluster-announce-hostname', '', { emptyIsNull: true, validate: validHostname, honoured: true, doc: 'hostname this node announces to the cluster' }),
  str('cluster-announce-human-nodename', '', { emptyIsNull: true }),
  int('cluster-announce-port', 0, 0n, 65535n, { honoured: true, doc: 'client port announced to the cluster (0 = port)' }),
  int('cluster-announce-bus-port', 0, 0n, 65535n, { honoured: true, doc: 'bus port announced to the cluster (0 = cluster-port)' }),
  int('cluster-announce-tls-port', 0, 0n, 65535n),
  enm('cluster-preferred-endpoint-type', 'ip', ['ip', 'hostname', 'unknown-endpoint'], { honoured: true, doc: 'endpoint shown in redirections: ip, hostname or unknown-endpoint' }),

  // ---------------- hidden test/debug knobs ----------------
  int('rdb-key-save-delay', 0, INT_MIN, INT_MAX, { hidden: true }),
  int('key-load-delay', 0, INT_MIN, INT_MAX, { hidden: true }),
  int('watchdog-period', 0, 0n, INT_MAX, { hidden: true }),
  d('loading-process-events-interval-bytes', 'int', '2097152', { min: 1024n, max: INT_MAX, intKind: 'signed', hidden: true }),
  bool('use-exit-on-panic', false, { hidden: true }),
];

/**
 * Directive names accepted in a config file that are not CONFIG parameters:
 * handled specially by the loader (include, rename-command, user, loadmodule, sentinel)
 * or silently ignored deprecated ones. Lines with these names load without error.
 */
export const SPECIAL_FILE_DIRECTIVES: readonly string[] = ['include', 'rename-command', 'user', 'loadmodule', 'sentinel'];

/** Deprecated directives Redis 7.2 still accepts (and ignores) in a config file, with their argc range. */
export const DEPRECATED_FILE_DIRECTIVES: ReadonlyMap<string, [number, number]> = new Map([
  ['list-max-ziplist-entries', [2, 2]],
  ['list-max-ziplist-value', [2, 2]],
  ['lua-replicate-commands', [2, 2]],
]);

const byName = new Map<string, Directive>();
for (const dir of DIRECTIVES) {
  byName.set(dir.name, dir);
  if (dir.alias) byName.set(dir.alias, dir);
}

/** Find a directive by name or alias, case-insensitively. */
export function lookupDirective(name: string): Directive | undefined {
  return byName.get(name.toLowerCase());
}

/** All accepted names (canonical and aliases), lower-case. */
export function allDirectiveNames(): string[] {
  return [...byName.keys()];
}
