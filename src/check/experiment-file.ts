/**
 * An experiment file (YAML): the cluster, the faults, the revocation and when to probe.
 *
 *   nodes: 5
 *   runs: 2000
 *   seed: 7
 *   settings: { token_cache_ttl_ms: 1200000 }      # optional
 *   faults:                                        # as for PUT /_sim/faults
 *     - { type: delay, distribution: exponential, mean_ms: 100, messages: [clear-cache] }
 *   revoke: { action: delete-index-token }         # or remove-file-token (nodes: all | [..]), delete-security-index
 *   probes_ms: [0, 50, 100, 200, 400, 1000, 60000]
 *   workload: { auth_per_node_per_s: 10 }          # optional
 *
 * Parsed once and checked whole: a bad file is an ExperimentFileError that names the field
 * and what is allowed, before any run starts.
 */
import { parse } from 'yaml';
import { parseFaultSpec } from '../faults';
import { EsError } from '../errors';
import { MAX_IN_PROCESS_NODES } from '../config';

export const REVOKE_ACTIONS = ['delete-index-token', 'remove-file-token', 'delete-security-index'] as const;
export type RevokeAction = (typeof REVOKE_ACTIONS)[number];

/** Cluster settings an experiment may set, by their snake_case names. */
const SETTINGS = { token_cache_ttl_ms: 'tokenCacheTtlMs', token_cache_max: 'tokenCacheMax', fan_out_timeout_ms: 'fanOutTimeoutMs' } as const;
type SettingName = keyof typeof SETTINGS;

export interface Experiment {
  name: string;
  nodes: number;
  runs: number;
  seed: number;
  settings: { tokenCacheTtlMs?: number; tokenCacheMax?: number; fanOutTimeoutMs?: number };
  faults: Record<string, unknown>[];
  revoke: { action: RevokeAction; nodes: string[] };
  probesMs: number[];
  workload: { authPerNodePerS: number } | null;
  /** The file as written, for the report. */
  source: string;
}

export class ExperimentFileError extends Error {}

const TOP_LEVEL = ['name', 'description', 'nodes', 'runs', 'seed', 'settings', 'faults', 'revoke', 'probes_ms', 'workload'];

export function parseExperiment(text: string, name = 'experiment'): Experiment {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new ExperimentFileError(`not valid YAML: ${(err as Error).message}`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new ExperimentFileError('an experiment is a YAML mapping with at least [nodes], [revoke] and [probes_ms]');
  const d = doc as Record<string, unknown>;
  const unknown = Object.keys(d).filter((k) => !TOP_LEVEL.includes(k));
  if (unknown.length > 0) throw new ExperimentFileError(`unknown field [${unknown[0]}]; allowed fields: [${TOP_LEVEL.join(', ')}]`);
  // The cluster's own limit (config.ts); in-process clusters could go further, but share it for now.
  const nodes = int(d, 'nodes', 1, MAX_IN_PROCESS_NODES);
  const nodeNames = Array.from({ length: nodes }, (_, i) => `node-${i + 1}`);
  return {
    name: typeof d.name === 'string' ? d.name : name,
    nodes,
    runs: int(d, 'runs', 1, 10_000_000, 1000),
    seed: int(d, 'seed', 0, 0x7fffffff, 1),
    settings: settingsOf(d.settings),
    faults: faultsOf(d.faults, nodeNames),
    revoke: revokeOf(d.revoke, nodeNames),
    probesMs: probesOf(d.probes_ms),
    workload: workloadOf(d.workload),
    source: text,
  };
}

function int(d: Record<string, unknown>, field: string, min: number, max: number, fallback?: number): number {
  const v = d[field] ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new ExperimentFileError(`[${field}] must be an integer from ${min} to ${max}${v === undefined ? ' and is required' : `, got [${JSON.stringify(v)}]`}`);
  }
  return v;
}

function settingsOf(v: unknown): Experiment['settings'] {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new ExperimentFileError(`[settings] is a mapping of [${Object.keys(SETTINGS).join(', ')}]`);
  const out: Record<string, number> = {};
  for (const [k, value] of Object.entries(v)) {
    if (!(k in SETTINGS)) throw new ExperimentFileError(`unknown setting [${k}]; allowed settings: [${Object.keys(SETTINGS).join(', ')}]`);
    out[SETTINGS[k as SettingName]] = int(v as Record<string, unknown>, k, k === 'token_cache_ttl_ms' ? 0 : 1, 2 ** 31);
  }
  return out;
}

function faultsOf(v: unknown, nodeNames: string[]): Record<string, unknown>[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new ExperimentFileError('[faults] is a list of fault definitions, as for PUT /_sim/faults');
  return v.map((f, i) => {
    try {
      parseFaultSpec(f, nodeNames);
    } catch (err) {
      if (err instanceof EsError) throw new ExperimentFileError(`[faults][${i}]: ${err.message}`);
      throw err;
    }
    return f as Record<string, unknown>;
  });
}

function revokeOf(v: unknown, nodeNames: string[]): Experiment['revoke'] {
  const r = (v ?? {}) as Record<string, unknown>;
  const action = r.action;
  if (typeof action !== 'string' || !(REVOKE_ACTIONS as readonly string[]).includes(action)) {
    throw new ExperimentFileError(`[revoke.action] must be one of [${REVOKE_ACTIONS.join(', ')}]${action === undefined ? ' and is required' : `, got [${String(action)}]`}`);
  }
  const n = r.nodes ?? 'all';
  const nodes = n === 'all' ? nodeNames : n;
  if (!Array.isArray(nodes) || nodes.length === 0 || nodes.some((x) => typeof x !== 'string' || !nodeNames.includes(x))) {
    throw new ExperimentFileError(`[revoke.nodes] must be [all] or a list of [${nodeNames.slice(0, 5).join(', ')}${nodeNames.length > 5 ? ', …' : ''}], got [${JSON.stringify(n)}]`);
  }
  return { action: action as RevokeAction, nodes: nodes as string[] };
}

function probesOf(v: unknown): number[] {
  if (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== 'number' || !Number.isFinite(x) || x < 0)) {
    throw new ExperimentFileError('[probes_ms] is a non-empty list of times (ms, ≥ 0) after the commit of the revocation');
  }
  return [...new Set(v as number[])].sort((a, b) => a - b);
}

function workloadOf(v: unknown): Experiment['workload'] {
  if (v === undefined || v === null) return null;
  const rate = (v as Record<string, unknown>).auth_per_node_per_s;
  if (typeof rate !== 'number' || !(rate > 0) || rate > 1000) throw new ExperimentFileError('[workload.auth_per_node_per_s] must be a number above 0 and at most 1000');
  return { authPerNodePerS: rate };
}
