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
});

/** The largest cluster the simulator starts; inotify allows ~128 watcher processes per user. */
export const MAX_NODES = 100;

type Flag = { key: keyof ClusterConfig; kind: 'int' | 'string' | 'watch'; min?: number; max?: number };

const FLAGS: Record<string, Flag> = {
  '--nodes': { key: 'nodes', kind: 'int', min: 1, max: MAX_NODES },
  '--port': { key: 'port', kind: 'int', min: 0, max: 65535 },
  '--host': { key: 'host', kind: 'string' },
  '--data-dir': { key: 'dataDir', kind: 'string' },
  '--cluster-name': { key: 'clusterName', kind: 'string' },
  '--fan-out-timeout-ms': { key: 'fanOutTimeoutMs', kind: 'int', min: 1 },
  '--token-cache-ttl-ms': { key: 'tokenCacheTtlMs', kind: 'int' },
  '--token-cache-max': { key: 'tokenCacheMax', kind: 'int', min: 1 },
  '--file-watch': { key: 'fileWatch', kind: 'watch' },
  '--file-watch-interval-ms': { key: 'fileWatchIntervalMs', kind: 'int', min: 1 },
  '--seed': { key: 'seed', kind: 'int', min: 0, max: 0x7fffffff },
  '--journal': { key: 'journal', kind: 'string' },
};

export function flagNames(): string[] {
  return Object.keys(FLAGS);
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
export function resolveConfig(partial: Partial<ClusterConfig> = {}): ClusterConfig {
  const merged: ClusterConfig = { ...DEFAULTS, ...stripUndefined(partial) };
  for (const [flagName, flag] of Object.entries(FLAGS)) {
    const v = merged[flag.key];
    if (flag.kind !== 'int' || v === undefined) continue; // undefined: an optional flag not given
    if (typeof v !== 'number' || !Number.isInteger(v)) throw illegalArgument(`[${flag.key}] (${flagName}) must be an integer, got [${String(v)}]`);
    if (flag.min !== undefined && v < flag.min) throw illegalArgument(`[${flag.key}] (${flagName}) must be at least ${flag.min}, got [${v}]`);
    if (flag.max !== undefined && v > flag.max) throw illegalArgument(`[${flag.key}] (${flagName}) must be at most ${flag.max}, got [${v}]`);
  }
  if (merged.clusterName.length === 0) throw illegalArgument('[clusterName] (--cluster-name) must not be empty');
  return Object.freeze(merged);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
