/**
 * The fault vocabulary (one for the API, the CLI and tests) and its validation. A bad
 * definition is a 400 in Elasticsearch's shape that names the field and what is allowed.
 *
 *   network (applied where messages cross): partition, drop, delay,
 *     duplicate, error — scoped to nodes and message kinds;
 *   process: kill, restart, pause — the node process really stops (SIGKILL, SIGSTOP);
 *   file: a node's service_tokens written, touched, corrupted, truncated, deleted, or its
 *     watcher made blind;
 *   security index: health, delete, recreate, format flag.
 */
import { illegalArgument } from '../errors';

export const MESSAGE_KINDS = ['clear-cache', 'index-state', 'token-lookup', 'authenticate', 'credentials'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const FAULT_TYPES = [
  'partition', 'drop', 'delay', 'duplicate', 'error',
  'kill', 'restart', 'pause',
  'file', 'watcher-blind',
  'security-index',
] as const;
export type FaultType = (typeof FAULT_TYPES)[number];

export const DIRECTIONS = ['both', 'requests', 'replies'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const DISTRIBUTIONS = ['fixed', 'uniform', 'exponential'] as const;
export const FILE_ACTIONS = ['write', 'touch', 'corrupt', 'truncate', 'delete'] as const;
export const INDEX_ACTIONS = ['red', 'yellow', 'green', 'delete', 'recreate', 'outdated', 'up-to-date'] as const;

export type DelaySpec =
  | { distribution: 'fixed'; ms: number; jitter_ms: number }
  | { distribution: 'uniform'; min_ms: number; max_ms: number; jitter_ms: number }
  | { distribution: 'exponential'; mean_ms: number; jitter_ms: number };

/** Which messages a network fault touches: these nodes (all if empty), these kinds (all if empty). */
export interface Scope {
  nodes: string[];
  messages: MessageKind[];
}

export type FaultSpec =
  | ({ type: 'partition'; direction: Direction } & Scope)
  | ({ type: 'drop'; direction: Direction; probability: number } & Scope)
  | ({ type: 'delay'; direction: Direction; delay: DelaySpec } & Scope)
  | ({ type: 'duplicate'; probability: number } & Scope)
  | ({ type: 'error'; probability: number; error: { type: string; reason: string } } & Scope)
  | { type: 'kill' | 'restart' | 'pause' | 'watcher-blind'; nodes: string[] }
  | { type: 'file'; nodes: string[]; action: (typeof FILE_ACTIONS)[number]; content?: string }
  | { type: 'security-index'; action: (typeof INDEX_ACTIONS)[number] };

type Body = Record<string, unknown>;

const bad = illegalArgument;

function oneOf<T extends string>(body: Body, field: string, allowed: readonly T[], fallback?: T): T {
  const v = body[field] ?? fallback;
  if (typeof v !== 'string' || !allowed.includes(v as T)) {
    throw bad(`[${field}] must be one of [${allowed.join(', ')}]${v === undefined ? ' and is required' : `, got [${String(v)}]`}`);
  }
  return v as T;
}

function number(body: Body, field: string, min: number, max: number, fallback?: number): number {
  const v = body[field] ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    throw bad(`[${field}] must be a number from ${min} to ${max}${v === undefined ? ' and is required' : `, got [${JSON.stringify(v)}]`}`);
  }
  return v;
}

function names(body: Body, field: string, allowed: readonly string[]): string[] {
  const v = body[field];
  if (v === undefined) return [];
  const list = typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v;
  if (!Array.isArray(list)) throw bad(`[${field}] must be a list of [${allowed.join(', ')}], got [${JSON.stringify(v)}]`);
  const wrong = list.filter((x) => typeof x !== 'string' || !allowed.includes(x));
  if (wrong.length > 0) {
    throw bad(`[${field}] must be a list of [${allowed.join(', ')}], got [${wrong.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(', ')}]`);
  }
  return [...new Set(list as string[])];
}

/** The fields of each delay distribution; a field of another one is a mistake, not a no-op. */
const DISTRIBUTION_FIELDS: Record<(typeof DISTRIBUTIONS)[number], string[]> = {
  fixed: ['ms', 'jitter_ms'],
  uniform: ['min_ms', 'max_ms', 'jitter_ms'],
  exponential: ['mean_ms', 'jitter_ms'],
};

function delay(body: Body, common: string[]): DelaySpec {
  const distribution = oneOf(body, 'distribution', DISTRIBUTIONS, 'fixed');
  const allowed = [...common, 'distribution', ...DISTRIBUTION_FIELDS[distribution]];
  const foreign = Object.keys(body).find((k) => !allowed.includes(k));
  if (foreign !== undefined) {
    throw bad(`unknown field [${foreign}] for a [delay] fault with [distribution] [${distribution}]; allowed fields: [${allowed.join(', ')}]`);
  }
  const jitter_ms = number(body, 'jitter_ms', 0, 3_600_000, 0);
  if (distribution === 'fixed') return { distribution, ms: number(body, 'ms', 0, 3_600_000), jitter_ms };
  if (distribution === 'exponential') return { distribution, mean_ms: number(body, 'mean_ms', 0, 3_600_000), jitter_ms };
  const min_ms = number(body, 'min_ms', 0, 3_600_000);
  return { distribution, min_ms, max_ms: number(body, 'max_ms', min_ms, 3_600_000), jitter_ms };
}

const FIELDS: Record<FaultType, string[]> = {
  partition: ['direction'],
  drop: ['direction', 'probability'],
  delay: ['direction', 'distribution', 'ms', 'min_ms', 'max_ms', 'mean_ms', 'jitter_ms'],
  duplicate: ['probability'],
  error: ['probability', 'error'],
  kill: [], restart: [], pause: [], 'watcher-blind': [],
  file: ['action', 'content'],
  'security-index': ['action'],
};
const NETWORK: FaultType[] = ['partition', 'drop', 'delay', 'duplicate', 'error'];

/** Validates a fault definition against the cluster's node names. */
export function parseFaultSpec(body: unknown, nodeNames: readonly string[]): FaultSpec {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw bad('a fault is a JSON object with at least [type]');
  const b = body as Body;
  const type = oneOf(b, 'type', FAULT_TYPES);
  const allowedFields = ['type', ...(type === 'security-index' ? [] : ['nodes']), ...(NETWORK.includes(type) ? ['messages'] : []), ...FIELDS[type]];
  const unknown = Object.keys(b).filter((k) => !allowedFields.includes(k));
  if (unknown.length > 0) throw bad(`unknown field [${unknown[0]}] for a [${type}] fault; allowed fields: [${allowedFields.join(', ')}]`);
  if (type === 'security-index') return { type, action: oneOf(b, 'action', INDEX_ACTIONS) };
  const nodes = names(b, 'nodes', nodeNames);
  const scope: Scope = { nodes, messages: names(b, 'messages', MESSAGE_KINDS) as MessageKind[] };
  switch (type) {
    case 'partition':
      return { type, direction: oneOf(b, 'direction', DIRECTIONS, 'both'), ...scope };
    case 'drop':
      return { type, direction: oneOf(b, 'direction', DIRECTIONS, 'both'), probability: number(b, 'probability', 0, 1, 1), ...scope };
    case 'delay':
      return { type, direction: oneOf(b, 'direction', DIRECTIONS, 'both'), delay: delay(b, ['type', 'nodes', 'messages', 'direction']), ...scope };
    case 'duplicate':
      return { type, probability: number(b, 'probability', 0, 1, 1), ...scope };
    case 'error':
      return { type, probability: number(b, 'probability', 0, 1, 1), error: errorOf(b), ...scope };
    case 'file': {
      const action = oneOf(b, 'action', FILE_ACTIONS);
      const content = b.content;
      if (content !== undefined && (typeof content !== 'string' || action !== 'write')) throw bad('[content] is a string, for [action] [write] only');
      if (action === 'write' && content === undefined) throw bad('[content] is required for [action] [write]');
      return { type, nodes: requireNodes(nodes, type), action, ...(content === undefined ? {} : { content: content as string }) };
    }
    default:
      return { type, nodes: requireNodes(nodes, type) };
  }
}

/**
 * A fault as responses and events show it: a file fault's new content is counted, not
 * shown (it may hold a plain-text token line), like every secret the simulator handles.
 */
export function publicFaultSpec(spec: FaultSpec): object {
  if (spec.type !== 'file' || spec.content === undefined) return spec;
  const { content, ...rest } = spec;
  return { ...rest, content_chars: content.length };
}

function requireNodes(nodes: string[], type: string): string[] {
  if (nodes.length === 0) throw bad(`[nodes] is required for a [${type}] fault: name the node(s) it applies to`);
  return nodes;
}

function errorOf(b: Body): { type: string; reason: string } {
  const e = b.error as Body | undefined;
  if (e === undefined || typeof e !== 'object' || typeof e.type !== 'string' || typeof e.reason !== 'string' || !/^[a-z_]+$/.test(e.type)) {
    throw bad('[error] must be an object {"type": "<snake_case_exception>", "reason": "<text>"}');
  }
  return { type: e.type, reason: e.reason };
}
