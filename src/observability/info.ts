// INFO: the section builders, in Redis 7.2's layout (`# Server\r\nkey:value\r\n`,
// a blank line between sections, sections always in Redis's order whatever
// order they were asked in). Fields Petrel has no counterpart for report what an
// idle Redis would (0, "ok", -1), so clients that parse INFO find every field.

import { scriptingOf } from '../scripting/runtime.js';
import os from 'node:os';
import type { Server } from '../server/server.js';
import { PETREL_VERSION, REDIS_VERSION } from '../server/server.js';
import type { Command } from '../commands/types.js';
import { uniqueCommands } from '../commands/index.js';

/** Sections INFO shows with no argument (or `default`), as Redis 7. */
const DEFAULT_SECTIONS = ['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'module_list', 'errorstats', 'cluster', 'keyspace'];

const SAMPLES = 16;
const SAMPLE_EVERY_MS = 100;

/** Per-server state INFO keeps: instantaneous metric samples, memory peak, replication id. */
interface InfoState {
  lastSample: number;
  lastCommands: number;
  lastIn: number;
  lastOut: number;
  ops: number[];
  inKbps: number[];
  outKbps: number[];
  idx: number;
  peakMemory: number;
  startupMemory: number;
  buildId: string;
}

const states = new WeakMap<Server, InfoState>();

function stateOf(server: Server): InfoState {
  let s = states.get(server);
  if (s === undefined) {
    const mem = process.memoryUsage();
    s = {
      lastSample: 0,
      lastCommands: 0,
      lastIn: 0,
      lastOut: 0,
      ops: new Array<number>(SAMPLES).fill(0),
      inKbps: new Array<number>(SAMPLES).fill(0),
      outKbps: new Array<number>(SAMPLES).fill(0),
      idx: 0,
      peakMemory: mem.heapUsed,
      startupMemory: mem.heapUsed,
      buildId: randomHex(16),
    };
    states.set(server, s);
  }
  return s;
}

/**
 * Called from the server cron: records commands/s and network kB/s every
 * 100 ms; INFO reports the mean of the last 16 samples (as Redis).
 */
export function sampleMetrics(server: Server, now: number = Date.now()): void {
  const s = stateOf(server);
  if (s.lastSample === 0) {
    s.lastSample = now;
    s.lastCommands = server.stats.totalCommands;
    s.lastIn = server.stats.netInputBytes;
    s.lastOut = server.stats.netOutputBytes;
    return;
  }
  const dt = now - s.lastSample;
  if (dt < SAMPLE_EVERY_MS) return;
  const st = server.stats;
  s.ops[s.idx] = ((st.totalCommands - s.lastCommands) * 1000) / dt;
  s.inKbps[s.idx] = ((st.netInputBytes - s.lastIn) * 1000) / dt / 1024;
  s.outKbps[s.idx] = ((st.netOutputBytes - s.lastOut) * 1000) / dt / 1024;
  s.idx = (s.idx + 1) % SAMPLES;
  s.lastSample = now;
  s.lastCommands = st.totalCommands;
  s.lastIn = st.netInputBytes;
  s.lastOut = st.netOutputBytes;
  const used = process.memoryUsage().heapUsed;
  if (used > s.peakMemory) s.peakMemory = used;
}

function mean(a: number[]): number {
  let t = 0;
  for (const x of a) t += x;
  return t / a.length;
}

/** Forgets the instantaneous samples and the memory peak (CONFIG RESETSTAT). */
export function resetInfoStats(server: Server): void {
  const s = stateOf(server);
  s.ops.fill(0);
  s.inKbps.fill(0);
  s.outKbps.fill(0);
  s.peakMemory = process.memoryUsage().heapUsed;
  s.lastSample = 0;
}

/** Redis's bytesToHuman: 100B, 1.50K, 2.00M... */
export function bytesToHuman(n: number): string {
  const units = ['K', 'M', 'G', 'T', 'P'];
  if (n < 1024) return `${n}B`;
  let d = n / 1024;
  for (const u of units) {
    if (d < 1024 || u === 'P') return `${d.toFixed(2)}${u}`;
    d /= 1024;
  }
  return `${n}B`;
}

function randomHex(n: number): string {
  let s = '';
  while (s.length < n) s += Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
  return s.slice(0, n);
}

function lines(title: string, fields: [string, string | number][]): string {
  let s = `# ${title}\r\n`;
  for (const [k, v] of fields) s += `${k}:${v}\r\n`;
  return s;
}

function pct(part: number, total: number): string {
  return (total === 0 ? 0 : (part * 100) / total).toFixed(2) + '%';
}

function secondsMicros(us: number): string {
  const sec = Math.floor(us / 1e6);
  return `${sec}.${String(Math.floor(us - sec * 1e6)).padStart(6, '0')}`;
}

function serverSection(server: Server, st: InfoState): string {
  const cfg = server.config;
  const now = Date.now();
  const uptime = Math.floor((now - server.startTime) / 1000);
  const hz = cfg.num('hz');
  const port = server.boundPort !== 0 ? server.boundPort : cfg.num('port');
  const binds = cfg.str('bind').split(/\s+/).filter((b) => b !== '');
  const plat = process.platform;
  return lines('Server', [
    ['redis_version', REDIS_VERSION],
    ['redis_git_sha1', '00000000'],
    ['redis_git_dirty', 0],
    ['redis_build_id', st.buildId],
    ['redis_mode', cfg.bool('cluster-enabled') ? 'cluster' : 'standalone'],
    ['os', `${os.type()} ${os.release()} ${os.machine()}`],
    ['arch_bits', 64],
    ['monotonic_clock', 'POSIX clock_gettime'],
    ['multiplexing_api', plat === 'linux' ? 'epoll' : plat === 'win32' ? 'iocp' : 'kqueue'],
    ['atomicvar_api', 'c11-builtin'],
    ['gcc_version', '0.0.0'],
    ['process_id', process.pid],
    ['process_supervised', 'no'],
    ['run_id', server.runId],
    ['tcp_port', port],
    ['server_time_usec', now * 1000],
    ['uptime_in_seconds', uptime],
    ['uptime_in_days', Math.floor(uptime / 86400)],
    ['hz', hz],
    ['configured_hz', hz],
    ['lru_clock', Math.floor(now / 1000) & 0xffffff],
    ['executable', process.argv[1] ?? process.execPath],
    ['config_file', cfg.configFile ?? ''],
    ['io_threads_active', 0],
    ['listener0', `name=tcp,${(binds.length > 0 ? binds : ['*']).map((b) => 'bind=' + b).join(',')},port=${port}`],
    ['petrel_version', PETREL_VERSION],
    ['node_version', process.versions.node],
  ]);
}

function clientsSection(server: Server): string {
  let maxIn = 0;
  let maxOut = 0;
  for (const c of server.clients.values()) {
    if (c.parser.buffered > maxIn) maxIn = c.parser.buffered;
    const out = c.outputPending();
    if (out > maxOut) maxOut = out;
  }
  return lines('Clients', [
    ['connected_clients', server.clients.size],
    ['cluster_connections', 0],
    ['maxclients', server.config.num('maxclients')],
    ['client_recent_max_input_buffer', maxIn],
    ['client_recent_max_output_buffer', maxOut],
    ['blocked_clients', server.blocking.blockedCount],
    ['tracking_clients', 0],
    ['pubsub_clients', 0],
    ['watching_clients', 0],
    ['clients_in_timeout_table', server.blocking.timedCount],
    ['total_watched_keys', 0],
    ['total_blocking_keys', server.blocking.waitingKeys],
    ['total_blocking_keys_on_nokey', 0],
  ]);
}

function memorySection(server: Server, st: InfoState): string {
  const mem = process.memoryUsage();
  const scripting = scriptingOf(server);
  let scriptBytes = 0;
  for (const r of scripting.scripts.values()) scriptBytes += r.body.length + 80;
  // While maxmemory is set, the figure eviction compares with it (server/evict.ts).
  const evictor = server.evictor;
  const used = evictor.maxmemory !== 0 ? evictor.used() : mem.heapUsed;
  if (used > st.peakMemory) st.peakMemory = used;
  const rss = mem.rss;
  const total = os.totalmem();
  const maxmemory = server.config.num('maxmemory');
  const overhead = Math.min(used, st.startupMemory);
  const dataset = used - overhead;
  const datasetBase = used - st.startupMemory;
  const fragBytes = rss - used;
  return lines('Memory', [
    ['used_memory', used],
    ['used_memory_human', bytesToHuman(used)],
    ['used_memory_rss', rss],
    ['used_memory_rss_human', bytesToHuman(rss)],
    ['used_memory_peak', st.peakMemory],
    ['used_memory_peak_human', bytesToHuman(st.peakMemory)],
    ['used_memory_peak_perc', pct(used, st.peakMemory)],
    ['used_memory_overhead', overhead],
    ['used_memory_startup', st.startupMemory],
    ['used_memory_dataset', dataset],
    ['used_memory_dataset_perc', pct(dataset, datasetBase > 0 ? datasetBase : used)],
    ['allocator_allocated', mem.heapUsed],
    ['allocator_active', mem.heapTotal],
    ['allocator_resident', rss],
    ['total_system_memory', total],
    ['total_system_memory_human', bytesToHuman(total)],
    ['used_memory_lua', 31744],
    ['used_memory_vm_eval', 31744],
    ['used_memory_lua_human', bytesToHuman(31744)],
    ['used_memory_scripts_eval', scriptBytes],
    ['number_of_cached_scripts', scripting.scripts.size],
    ['number_of_functions', scripting.functions.size],
    ['number_of_libraries', scripting.libraries.size],
    ['used_memory_vm_functions', 32768],
    ['used_memory_vm_total', 64512],
    ['used_memory_vm_total_human', bytesToHuman(64512)],
    ['used_memory_functions', 184],
    ['used_memory_scripts', 184],
    ['used_memory_scripts_human', bytesToHuman(184)],
    ['maxmemory', maxmemory],
    ['maxmemory_human', bytesToHuman(maxmemory)],
    ['maxmemory_policy', server.config.str('maxmemory-policy')],
    ['allocator_frag_ratio', (mem.heapTotal / Math.max(mem.heapUsed, 1)).toFixed(2)],
    ['allocator_frag_bytes', mem.heapTotal - mem.heapUsed],
    ['allocator_rss_ratio', (rss / Math.max(mem.heapTotal, 1)).toFixed(2)],
    ['allocator_rss_bytes', rss - mem.heapTotal],
    ['rss_overhead_ratio', '1.00'],
    ['rss_overhead_bytes', 0],
    ['mem_fragmentation_ratio', (rss / Math.max(used, 1)).toFixed(2)],
    ['mem_fragmentation_bytes', fragBytes],
    ['mem_not_counted_for_evict', 0],
    ['mem_replication_backlog', 0],
    ['mem_total_replication_buffers', 0],
    ['mem_clients_slaves', 0],
    ['mem_clients_normal', server.clients.size * 22000],
    ['mem_cluster_links', 0],
    ['mem_aof_buffer', 0],
    ['mem_allocator', `v8-${process.versions.v8}`],
    ['active_defrag_running', 0],
    ['lazyfree_pending_objects', 0],
    ['lazyfreed_objects', 0],
  ]);
}

function persistenceSection(server: Server): string {
  const aof = server.aof;
  const loadingFields: [string, string | number][] = [];
  if (server.loading) {
    const total = server.loadingTotalBytes;
    const done = server.loadingLoadedBytes;
    const elapsed = Math.max(1, Math.floor(Date.now() / 1000) - server.loadingStartTime);
    const perc = total > 0 ? (done / total) * 100 : 0;
    loadingFields.push(
      ['loading_start_time', server.loadingStartTime],
      ['loading_total_bytes', total],
      ['loading_rdb_used_mem', 0],
      ['loading_loaded_bytes', done],
      ['loading_loaded_perc', perc.toFixed(2)],
      ['loading_eta_seconds', done > 0 ? Math.floor(((total - done) * elapsed) / done) : 1],
    );
  }
  const fields: [string, string | number][] = [
    ['loading', server.loading ? 1 : 0],
    ['async_loading', 0],
    ['current_cow_peak', 0],
    ['current_cow_size', 0],
    ['current_cow_size_age', 0],
    ['current_fork_perc', '0.00'],
    ['current_save_keys_processed', 0],
    ['current_save_keys_total', 0],
    ['rdb_changes_since_last_save', server.dirty],
    ['rdb_bgsave_in_progress', server.bgsave !== null ? 1 : 0],
    ['rdb_last_save_time', server.lastSave],
    ['rdb_last_bgsave_status', server.lastSaveOk ? 'ok' : 'err'],
    ['rdb_last_bgsave_time_sec', server.lastBgsaveTimeSec],
    ['rdb_current_bgsave_time_sec', server.bgsave !== null ? Math.floor((Date.now() - server.bgsave.startedAt) / 1000) : -1],
    ['rdb_saves', server.rdbSaves],
    ['rdb_last_cow_size', 0],
    ['rdb_last_load_keys_expired', 0],
    ['rdb_last_load_keys_loaded', 0],
    ['aof_enabled', aof.state !== 'off' ? 1 : 0],
    ['aof_rewrite_in_progress', aof.rewriting ? 1 : 0],
    ['aof_rewrite_scheduled', aof.rewriteScheduled ? 1 : 0],
    ['aof_last_rewrite_time_sec', aof.lastRewriteSec],
    ['aof_current_rewrite_time_sec', aof.rewriteSeconds],
    ['aof_last_bgrewrite_status', aof.lastRewriteOk ? 'ok' : 'err'],
    ['aof_rewrites', aof.rewrites],
    ['aof_rewrites_consecutive_failures', aof.consecutiveFailures],
    ['aof_last_write_status', aof.lastWriteOk ? 'ok' : 'err'],
    ['aof_last_cow_size', 0],
    ['module_fork_in_progress', 0],
    ['module_fork_last_cow_size', 0],
  ];
  if (aof.state !== 'off') {
    fields.push(
      ['aof_current_size', aof.currentSize],
      ['aof_base_size', aof.baseSize],
      ['aof_pending_rewrite', aof.rewriteScheduled ? 1 : 0],
      ['aof_buffer_length', aof.bufferLength],
      ['aof_pending_bio_fsync', 0],
      ['aof_delayed_fsync', 0],
    );
  }
  // Redis lists the loading progress last.
  fields.push(...loadingFields);
  return lines('Persistence', fields);
}

/** Error replies sent since start (or the last CONFIG RESETSTAT). */
export function totalErrorReplies(server: Server): number {
  let t = 0;
  for (const n of server.stats.errors.values()) t += n;
  return t;
}

function statsSection(server: Server, st: InfoState): string {
  const s = server.stats;
  const ks = server.keyspace.stats;
  return lines('Stats', [
    ['total_connections_received', s.totalConnections],
    ['total_commands_processed', s.totalCommands],
    ['instantaneous_ops_per_sec', Math.round(mean(st.ops))],
    ['total_net_input_bytes', s.netInputBytes],
    ['total_net_output_bytes', s.netOutputBytes],
    ['total_net_repl_input_bytes', 0],
    ['total_net_repl_output_bytes', 0],
    ['instantaneous_input_kbps', mean(st.inKbps).toFixed(2)],
    ['instantaneous_output_kbps', mean(st.outKbps).toFixed(2)],
    ['instantaneous_input_repl_kbps', '0.00'],
    ['instantaneous_output_repl_kbps', '0.00'],
    ['rejected_connections', s.rejectedConnections],
    ['sync_full', server.replication.syncFull],
    ['sync_partial_ok', server.replication.syncPartialOk],
    ['sync_partial_err', server.replication.syncPartialErr],
    ['expired_keys', ks.expiredKeys],
    ['expired_stale_perc', '0.00'],
    ['expired_time_cap_reached_count', 0],
    ['expire_cycle_cpu_milliseconds', 0],
    ['evicted_keys', ks.evictedKeys],
    ['evicted_clients', 0],
    ['total_eviction_exceeded_time', 0],
    ['current_eviction_exceeded_time', 0],
    ['keyspace_hits', ks.keyspaceHits],
    ['keyspace_misses', ks.keyspaceMisses],
    ['pubsub_channels', 0],
    ['pubsub_patterns', 0],
    ['pubsubshard_channels', 0],
    ['latest_fork_usec', 0],
    ['total_forks', 0],
    ['migrate_cached_sockets', 0],
    ['slave_expires_tracked_keys', 0],
    ['active_defrag_hits', 0],
    ['active_defrag_misses', 0],
    ['active_defrag_key_hits', 0],
    ['active_defrag_key_misses', 0],
    ['total_active_defrag_time', 0],
    ['current_active_defrag_time', 0],
    ['tracking_total_keys', 0],
    ['tracking_total_items', 0],
    ['tracking_total_prefixes', 0],
    ['unexpected_error_replies', 0],
    ['total_error_replies', totalErrorReplies(server)],
    ['dump_payload_sanitizations', 0],
    ['total_reads_processed', s.totalCommands],
    ['total_writes_processed', s.totalCommands],
    ['io_threaded_reads_processed', 0],
    ['io_threaded_writes_processed', 0],
    ['client_query_buffer_limit_disconnections', s.queryLimitDisconnections],
    ['client_output_buffer_limit_disconnections', s.outputLimitDisconnections],
    ['reply_buffer_shrinks', 0],
    ['reply_buffer_expands', 0],
    ['eventloop_cycles', 0],
    ['eventloop_duration_sum', 0],
    ['eventloop_duration_cmd_sum', 0],
    ['instantaneous_eventloop_cycles_per_sec', 0],
    ['instantaneous_eventloop_duration_usec', 0],
    ['acl_access_denied_auth', 0],
    ['acl_access_denied_cmd', 0],
    ['acl_access_denied_key', 0],
    ['acl_access_denied_channel', 0],
  ]);
}

function replicationSection(server: Server): string {
  const r = server.replication;
  const fields: [string, string | number][] = [
    ['role', 'master'],
    ['connected_slaves', r.replicas.size],
  ];
  let i = 0;
  const now = Date.now();
  for (const l of r.replicas) {
    const state = l.state === 'online' ? 'online' : l.state === 'send-bulk' ? 'send_bulk' : 'wait_bgsave';
    fields.push([`slave${i++}`, `ip=${l.ip()},port=${l.listeningPort},state=${state},offset=${l.ackOffset},lag=${Math.floor((now - l.ackTime) / 1000)}`]);
  }
  fields.push(
    ['master_failover_state', 'no-failover'],
    ['master_replid', r.replid],
    ['master_replid2', r.replid2],
    ['master_repl_offset', r.offset],
    ['second_repl_offset', r.secondReplOffset],
    ['repl_backlog_active', r.backlogActive ? 1 : 0],
    ['repl_backlog_size', r.backlogSize],
    ['repl_backlog_first_byte_offset', r.backlogFirstByte],
    ['repl_backlog_histlen', r.backlogHistlen],
  );
  return lines('Replication', fields);
}

function cpuSection(): string {
  const u = process.cpuUsage();
  return lines('CPU', [
    ['used_cpu_sys', secondsMicros(u.system)],
    ['used_cpu_user', secondsMicros(u.user)],
    ['used_cpu_sys_children', '0.000000'],
    ['used_cpu_user_children', '0.000000'],
    ['used_cpu_sys_main_thread', secondsMicros(u.system)],
    ['used_cpu_user_main_thread', secondsMicros(u.user)],
  ]);
}

function commandStatsLine(cmd: Command): string {
  const usec = Math.floor(cmd.usec);
  const per = cmd.calls === 0 ? 0 : usec / cmd.calls;
  return `cmdstat_${cmd.fullName}:calls=${cmd.calls},usec=${usec},usec_per_call=${per.toFixed(2)},rejected_calls=${cmd.rejectedCalls},failed_calls=${cmd.failedCalls}\r\n`;
}

function commandStatsSection(server: Server): string {
  let s = '# Commandstats\r\n';
  const visit = (cmd: Command): void => {
    if (cmd.calls !== 0 || cmd.failedCalls !== 0 || cmd.rejectedCalls !== 0) s += commandStatsLine(cmd);
    if (cmd.subcommands !== null) for (const sub of cmd.subcommands.values()) visit(sub);
  };
  for (const cmd of uniqueCommands(server.commands)) visit(cmd);
  return s;
}

function errorStatsSection(server: Server): string {
  let s = '# Errorstats\r\n';
  const names = [...server.stats.errors.keys()].sort();
  for (const n of names) s += `errorstat_${n.replace(/[#:\r\n]/g, '_')}:count=${server.stats.errors.get(n)}\r\n`;
  return s;
}

function keyspaceSection(server: Server): string {
  let s = '# Keyspace\r\n';
  for (const db of server.keyspace.dbs) {
    const keys = db.size;
    if (keys === 0) continue;
    s += `db${db.id}:keys=${keys},expires=${db.expires.size},avg_ttl=${Math.round(db.avgTtl)}\r\n`;
  }
  return s;
}

/** The INFO text for the given section arguments (none = default sections). */
export function buildInfo(server: Server, args: readonly string[]): string {
  const want = new Set<string>();
  let all = false;
  if (args.length === 0) for (const s of DEFAULT_SECTIONS) want.add(s);
  for (const a of args) {
    const s = a.toLowerCase();
    if (s === 'default') for (const d of DEFAULT_SECTIONS) want.add(d);
    else if (s === 'all' || s === 'everything') all = true;
    else want.add(s);
  }
  const has = (name: string): boolean => all || want.has(name);
  const st = stateOf(server);
  const parts: string[] = [];
  if (has('server')) parts.push(serverSection(server, st));
  if (has('clients')) parts.push(clientsSection(server));
  if (has('memory')) parts.push(memorySection(server, st));
  if (has('persistence')) parts.push(persistenceSection(server));
  if (has('stats')) parts.push(statsSection(server, st));
  if (has('replication')) parts.push(replicationSection(server));
  if (has('cpu')) parts.push(cpuSection());
  if (all || want.has('module_list') || want.has('modules')) parts.push('# Modules\r\n');
  if (has('commandstats')) parts.push(commandStatsSection(server));
  if (has('errorstats')) parts.push(errorStatsSection(server));
  if (has('latencystats')) parts.push('# Latencystats\r\n');
  if (has('cluster')) parts.push(lines('Cluster', [['cluster_enabled', server.config.bool('cluster-enabled') ? 1 : 0]]));
  if (has('keyspace')) parts.push(keyspaceSection(server));
  return parts.join('\r\n');
}

/** CONFIG RESETSTAT: zero the counters INFO stats, commandstats and errorstats report. */
export function resetStats(server: Server): void {
  const s = server.stats;
  s.totalConnections = 0;
  s.rejectedConnections = 0;
  s.totalCommands = 0;
  s.rejectedCommands = 0;
  s.netInputBytes = 0;
  s.netOutputBytes = 0;
  s.outputLimitDisconnections = 0;
  s.queryLimitDisconnections = 0;
  s.errors.clear();
  const ks = server.keyspace.stats;
  ks.expiredKeys = 0;
  ks.keyspaceHits = 0;
  ks.keyspaceMisses = 0;
  const visit = (cmd: Command): void => {
    cmd.calls = 0;
    cmd.usec = 0;
    cmd.rejectedCalls = 0;
    cmd.failedCalls = 0;
    if (cmd.subcommands !== null) for (const sub of cmd.subcommands.values()) visit(sub);
  };
  for (const cmd of uniqueCommands(server.commands)) visit(cmd);
  resetInfoStats(server);
}
