/**
 * The fault types, in one table: for each, its kind (where it acts), the fields of its
 * definition and how they are read and checked, and the `sim fault add` options that set
 * them. One vocabulary for the API, the CLI and tests.
 *
 *   network (applied where messages cross, by the transport's fault plan): partition,
 *     drop, delay, duplicate, error — scoped to nodes and message kinds;
 *   process: kill, restart, pause — the node process really stops (SIGKILL, SIGSTOP);
 *   file: a node's service_tokens written, touched, corrupted, truncated, deleted, or its
 *     watcher made blind;
 *   index: the security index's health, deletion, re-creation, format flag;
 *   rest: the HTTP front door itself (an error, a delay, a reset, a hang), before
 *     authentication and routing, as a proxy in front of Elasticsearch would; carried out
 *     by the rest fault plan (rest-fault-plan.ts) the app consults first.
 *
 * Every type also takes `duration_ms` (heals itself that long after it was added); the
 * types that act on requests or messages (network and rest) take `count` (heals itself
 * once it acted on that many).
 *
 * Adding a fault type is an entry here and, unless it is a network fault, the code that
 * carries it out and undoes it in cluster-faults.ts.
 */
import { errorOf, number, oneOf, requireNodes, bad, type Body } from './fault-fields';
import { restFault, type RestFault } from './rest-fault-fields';

export const MESSAGE_KINDS = ['clear-cache', 'index-state', 'token-lookup', 'authenticate', 'credentials'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

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

/** How a fault ends by itself: after acting `count` times, or `duration_ms` after it was added. */
export interface Lifetime {
  count?: number;
  duration_ms?: number;
}

export type FaultSpec = (
  | ({ type: 'partition'; direction: Direction } & Scope)
  | ({ type: 'drop'; direction: Direction; probability: number } & Scope)
  | ({ type: 'delay'; direction: Direction; delay: DelaySpec } & Scope)
  | ({ type: 'duplicate'; probability: number } & Scope)
  | ({ type: 'error'; probability: number; error: { type: string; reason: string } } & Scope)
  | { type: 'kill' | 'restart' | 'pause' | 'watcher-blind'; nodes: string[] }
  | { type: 'file'; nodes: string[]; action: (typeof FILE_ACTIONS)[number]; content?: string }
  | { type: 'security-index'; action: (typeof INDEX_ACTIONS)[number] }
  | RestFault
) & Lifetime;

/** The faults the transport applies to messages: those scoped to message kinds. */
export type NetworkFault = Extract<FaultSpec, Scope>;

export type FaultKind = 'network' | 'process' | 'file' | 'index' | 'rest';

/** The kinds whose faults act on requests or messages one by one, so `count` means something. */
export const COUNTED_KINDS: readonly FaultKind[] = ['network', 'rest'];

interface FaultTypeEntry {
  kind: FaultKind;
  /** The definition's own fields, beyond `type` and the `nodes` (and, for network faults, `messages`) every kind but index takes. */
  fields: readonly string[];
  /** Reads the definition once its fields are known to be allowed; `nodes` and `scope` are read already. */
  parse(body: Body, nodes: string[], scope: Scope, nodeNames: readonly string[]): FaultSpec;
}

/** The fields of each delay distribution; a field of another one is a mistake, not a no-op. */
const DISTRIBUTION_FIELDS: Record<(typeof DISTRIBUTIONS)[number], string[]> = {
  fixed: ['ms', 'jitter_ms'],
  uniform: ['min_ms', 'max_ms', 'jitter_ms'],
  exponential: ['mean_ms', 'jitter_ms'],
};

/** Reads a delay from the definition's flat fields; `common`: the other fields allowed with it. */
export function delay(body: Body, common: string[]): DelaySpec {
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

const nodeFault = (type: 'kill' | 'restart' | 'pause' | 'watcher-blind'): FaultTypeEntry => ({
  kind: type === 'watcher-blind' ? 'file' : 'process',
  fields: [],
  parse: (_b, nodes) => ({ type, nodes: requireNodes(nodes, type) }),
});

/** Every fault type, in the order the API and the CLI list them. */
export const FAULT_TABLE = {
  partition: {
    kind: 'network',
    fields: ['direction'],
    parse: (b, _nodes, scope) => ({ type: 'partition', direction: oneOf(b, 'direction', DIRECTIONS, 'both'), ...scope }),
  },
  drop: {
    kind: 'network',
    fields: ['direction', 'probability'],
    parse: (b, _nodes, scope) => ({ type: 'drop', direction: oneOf(b, 'direction', DIRECTIONS, 'both'), probability: number(b, 'probability', 0, 1, 1), ...scope }),
  },
  delay: {
    kind: 'network',
    fields: ['direction', 'distribution', 'ms', 'min_ms', 'max_ms', 'mean_ms', 'jitter_ms'],
    parse: (b, _nodes, scope) => ({
      type: 'delay',
      direction: oneOf(b, 'direction', DIRECTIONS, 'both'),
      delay: delay(b, ['type', 'nodes', 'messages', 'direction', ...LIFETIME_FIELDS]),
      ...scope,
    }),
  },
  duplicate: {
    kind: 'network',
    fields: ['probability'],
    parse: (b, _nodes, scope) => ({ type: 'duplicate', probability: number(b, 'probability', 0, 1, 1), ...scope }),
  },
  error: {
    kind: 'network',
    fields: ['probability', 'error'],
    parse: (b, _nodes, scope) => ({ type: 'error', probability: number(b, 'probability', 0, 1, 1), error: errorOf(b), ...scope }),
  },
  kill: nodeFault('kill'),
  restart: nodeFault('restart'),
  pause: nodeFault('pause'),
  file: {
    kind: 'file',
    fields: ['action', 'content'],
    parse: (b, nodes) => {
      const action = oneOf(b, 'action', FILE_ACTIONS);
      const content = b.content;
      if (content !== undefined && (typeof content !== 'string' || action !== 'write')) throw bad('[content] is a string, for [action] [write] only');
      if (action === 'write' && content === undefined) throw bad('[content] is required for [action] [write]');
      return { type: 'file', nodes: requireNodes(nodes, 'file'), action, ...(content === undefined ? {} : { content: content as string }) };
    },
  },
  'watcher-blind': nodeFault('watcher-blind'),
  'security-index': {
    kind: 'index',
    fields: ['action'],
    parse: (b) => ({ type: 'security-index', action: oneOf(b, 'action', INDEX_ACTIONS) }),
  },
  rest: {
    kind: 'rest',
    fields: ['action', 'paths', 'methods', 'probability', 'status', 'error', 'distribution', 'ms', 'min_ms', 'max_ms', 'mean_ms', 'jitter_ms'],
    parse: (b, _nodes, _scope, nodeNames) => restFault(b, nodeNames),
  },
} satisfies Record<FaultSpec['type'], FaultTypeEntry>;

/** The fields every fault type takes (`count` only where COUNTED_KINDS says). */
export const LIFETIME_FIELDS = ['count', 'duration_ms'] as const;

export type FaultType = keyof typeof FAULT_TABLE;
export const FAULT_TYPES = Object.keys(FAULT_TABLE) as FaultType[];

export function isNetworkFault(spec: FaultSpec): spec is NetworkFault {
  return FAULT_TABLE[spec.type].kind === 'network';
}

/**
 * The `sim fault add` options that set one field of the definition each, in the order
 * usage lists them; numeric ones go out as JSON numbers. (`--node`/`--nodes` and
 * `--messages` set the scope lists; `--error-type` and `--error-reason` the `error` object.)
 */
export const FAULT_FIELD_OPTIONS: readonly { option: string; field: string; numeric: boolean }[] = [
  { option: '--direction', field: 'direction', numeric: false },
  { option: '--probability', field: 'probability', numeric: true },
  { option: '--distribution', field: 'distribution', numeric: false },
  { option: '--ms', field: 'ms', numeric: true },
  { option: '--min-ms', field: 'min_ms', numeric: true },
  { option: '--max-ms', field: 'max_ms', numeric: true },
  { option: '--mean-ms', field: 'mean_ms', numeric: true },
  { option: '--jitter-ms', field: 'jitter_ms', numeric: true },
  { option: '--action', field: 'action', numeric: false },
  { option: '--content', field: 'content', numeric: false },
  { option: '--status', field: 'status', numeric: true },
  { option: '--count', field: 'count', numeric: true },
  { option: '--duration-ms', field: 'duration_ms', numeric: true },
];

/** The `sim fault add` options that set a list field (comma-separated or repeated). */
export const FAULT_LIST_OPTIONS: readonly { option: string; field: string }[] = [
  { option: '--messages', field: 'messages' },
  { option: '--paths', field: 'paths' },
  { option: '--methods', field: 'methods' },
];

/** Every option of `sim fault add`, in usage order. */
export const FAULT_ADD_OPTIONS: readonly string[] = [
  '--id', '--node', '--nodes',
  ...FAULT_LIST_OPTIONS.map((o) => o.option),
  ...FAULT_FIELD_OPTIONS.map((o) => o.option),
  '--error-type', '--error-reason',
];
