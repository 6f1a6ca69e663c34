/**
 * Cluster configuration: every default in one place, units in the names, validated once
 * and frozen. main.ts feeds it argv/env; library users pass an object.
 */
import { illegalArgument } from './errors';

export type FileWatchMode = 'native' | 'poll';

export interface ClusterConfig {
  readonly nodes: number;
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly clusterName: string;
  readonly fanOutTimeoutMs: number;
  readonly elasticPassword: string;
  readonly tokenCacheTtlMs: number;
  readonly tokenCacheMax: number;
  readonly fileWatch: FileWatchMode;
  readonly fileWatchIntervalMs: number;
  /** Seed of every random choice (fault draws, delays); none: a fresh one, printed at start. */
  readonly seed?: number;
  /** A file the event journal is appended to, as JSON lines. */
  readonly journal?: string;
  /** Events the in-memory journal keeps (`/_sim/events`); older ones are dropped first. */
  readonly journalSize: number;
  /** A `service_tokens` file whose content every node new to the data dir gets, instead of the sample. */
  readonly serviceTokensFile?: string;
  /** `npm start` only: a file to write the cluster's address and nodes to once it is ready (removed on exit). */
  readonly readyFile?: string;
}

export const DEFAULTS: ClusterConfig = Object.freeze({
  nodes: 3,
  host: '127.0.0.1',
  port: 9200,
  dataDir: './data',
  clusterName: 'elasticsearch',
  fanOutTimeoutMs: 10_000,
  elasticPassword: 'changeme',
  tokenCacheTtlMs: 20 * 60 * 1000,
  tokenCacheMax: 100_000,
  fileWatch: 'native',
  fileWatchIntervalMs: 5_000,
  journalSize: 10_000,
});

/** The largest cluster of node processes; inotify allows ~128 watcher processes per user. */
export const MAX_NODES = 100;
/** The largest in-process cluster (no processes, no watchers): experiments at scale. */
export const MAX_IN_PROCESS_NODES = 1000;

type Flag = {
  key: keyof ClusterConfig;
  kind: 'int' | 'string' | 'watch';
  /** What the value is, as help shows it: `--nodes <n>`. */
  value: string;
  /** One line: what the flag does. */
  help: string;
  min?: number;
  max?: number;
  /** Help's default when DEFAULTS has none. */
  unset?: string;
};

/** Every flag of `npm start`; parsing, validation and `--help` all read this one table. */
const FLAGS: Record<string, Flag> = {
  '--nodes': { key: 'nodes', kind: 'int', value: 'n', min: 1, max: MAX_NODES, help: `how many node processes to start (1 to ${MAX_NODES})` },
  '--port': { key: 'port', kind: 'int', value: 'port', min: 0, max: 65535, help: 'the HTTP port of the REST API; 0 picks a free one' },
  '--host': { key: 'host', kind: 'string', value: 'address', help: 'the address to listen on' },
  '--data-dir': { key: 'dataDir', kind: 'string', value: 'dir', help: 'node ids, service_tokens files and the .security index live here' },
  '--cluster-name': { key: 'clusterName', kind: 'string', value: 'name', help: 'the cluster name GET / reports' },
  '--fan-out-timeout-ms': { key: 'fanOutTimeoutMs', kind: 'int', value: 'ms', min: 1, help: 'how long the coordinator waits for each node\'s answer' },
  '--token-cache-ttl-ms': { key: 'tokenCacheTtlMs', kind: 'int', value: 'ms', help: 'how long a verified token stays cached (0 or less: no caching)' },
  '--token-cache-max': { key: 'tokenCacheMax', kind: 'int', value: 'n', min: 1, help: 'entries per token cache before the least recently used is evicted' },
  '--file-watch': { key: 'fileWatch', kind: 'watch', value: 'native|poll', help: 'how nodes notice service_tokens changes: OS events, or polling' },
  '--file-watch-interval-ms': { key: 'fileWatchIntervalMs', kind: 'int', value: 'ms', min: 1, help: 'the polling interval of --file-watch poll' },
  '--seed': { key: 'seed', kind: 'int', value: 'n', min: 0, max: 0x7fffffff, unset: 'a fresh one, printed', help: 'replays random choices; on a fresh data dir also node ids and the cluster UUID' },
  '--journal': { key: 'journal', kind: 'string', value: 'file', unset: 'none', help: 'append every event to this file as JSON lines' },
  '--journal-size': { key: 'journalSize', kind: 'int', value: 'n', min: 1, help: 'events the in-memory journal (/_sim/events) keeps' },
  '--service-tokens': { key: 'serviceTokensFile', kind: 'string', value: 'file', unset: 'the sample token', help: 'the service_tokens content every node of a fresh data dir starts with' },
  '--ready-file': { key: 'readyFile', kind: 'string', value: 'file', unset: 'none', help: 'write url, port, pid, seed, nodes and data_dir as JSON when ready; removed on exit' },
};

export function flagNames(): string[] {
  return Object.keys(FLAGS);
}

/** `npm start -- --help`: every flag with its value, default and meaning, from the flag table. */
export function helpText(): string {
  const rows = Object.entries(FLAGS).map(([name, f]) => {
    const fallback = DEFAULTS[f.key];
    return { flag: `${name} <${f.value}>`, text: `${f.help} (default: ${fallback === undefined ? f.unset ?? 'none' : String(fallback)})` };
  });
  rows.push({ flag: '-h, --help', text: 'show this help and exit' });
  const width = Math.max(...rows.map((r) => r.flag.length)) + 2;
  return [
    'Starts a simulated Elasticsearch cluster: one process per node, the REST API on one port.',
    '',
    'Usage: npm start -- [flags]',
    '',
    'Flags (--flag value or --flag=value):',
    ...rows.map((r) => `  ${r.flag.padEnd(width)}${r.text}`),
    '',
    'Environment: ELASTIC_PASSWORD, the password of the superuser elastic (default: changeme).',
  ].join('\n');
}

/** Parses `--flag value` / `--flag=value` pairs; throws with a message that says what is allowed. */
export function parseFlags(argv: readonly string[]): Partial<ClusterConfig> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const flag = FLAGS[name];
    if (flag === undefined) throw new Error(`unknown flag [${arg}]; known flags: ${flagNames().join(', ')}`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new Error(`flag [${name}] needs a value`);
    out[flag.key] = parseValue(name, flag, value);
  }
  return out as Partial<ClusterConfig>;
}

function parseValue(name: string, flag: Flag, value: string): unknown {
  if (flag.kind === 'string') return value;
  if (flag.kind === 'watch') {
    if (value !== 'native' && value !== 'poll') throw new Error(`flag [${name}] must be [native] or [poll], got [${value}]`);
    return value;
  }
  if (!/^-?\d+$/.test(value)) throw new Error(`flag [${name}] must be an integer, got [${value}]`);
  return Number(value);
}

/** Merges over DEFAULTS, checks every bound, and freezes. */
export function resolveConfig(partial: Partial<ClusterConfig> = {}, limits: { maxNodes: number } = { maxNodes: MAX_NODES }): ClusterConfig {
  const merged: ClusterConfig = { ...DEFAULTS, ...stripUndefined(partial) };
  for (const [flagName, flag] of Object.entries(FLAGS)) {
    const v = merged[flag.key];
    if (flag.kind !== 'int' || v === undefined) continue; // undefined: an optional flag not given
    const max = flag.key === 'nodes' ? limits.maxNodes : flag.max;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw illegalArgument(`[${flag.key}] (${flagName}) must be an integer, got [${String(v)}]`);
    if (flag.min !== undefined && v < flag.min) throw illegalArgument(`[${flag.key}] (${flagName}) must be at least ${flag.min}, got [${v}]`);
    if (max !== undefined && v > max) throw illegalArgument(`[${flag.key}] (${flagName}) must be at most ${max}, got [${v}]`);
  }
  if (merged.clusterName.length === 0) throw illegalArgument('[clusterName] (--cluster-name) must not be empty');
  return Object.freeze(merged);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
