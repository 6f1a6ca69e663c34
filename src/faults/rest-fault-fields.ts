/**
 * The fields of a `rest` fault: what it does at the front door (`action`), which requests
 * it catches (`paths`, `methods`, `probability`), and per action its `status` and `error`
 * or its delay. The error a fault answers with defaults to what Elasticsearch itself
 * answers with for that status.
 */
import { ERROR_STATUS } from '../errors';
import { bad, errorOf, names, number, oneOf, type Body } from './fault-fields';
import { delay, type DelaySpec } from './fault-table';

export const REST_ACTIONS = ['error', 'delay', 'reset', 'hang'] as const;
export type RestAction = (typeof REST_ACTIONS)[number];
/** RestRequest.Method, the methods Elasticsearch's REST layer knows. */
export const REST_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH'] as const;
export type RestMethod = (typeof REST_METHODS)[number];

/** Which requests a rest fault catches: these paths (all if empty), these methods (all if empty), with this probability. */
export interface RestScope {
  paths: string[];
  methods: RestMethod[];
  probability: number;
}

export type RestFault =
  | ({ type: 'rest'; action: 'error'; status: number; error: { type: string; reason: string } } & RestScope)
  | ({ type: 'rest'; action: 'delay'; delay: DelaySpec } & RestScope)
  | ({ type: 'rest'; action: 'reset' | 'hang' } & RestScope);

/** The path of the simulator's own API (and the dashboard), which no rest fault touches. */
export const SIM_PATH = '/_sim';

/**
 * What Elasticsearch answers with for a status when the fault names no error:
 * - 429: a full thread pool queue, `EsRejectedExecutionException` as
 *   `EsRejectedExecutionHandler#newRejectedException` words it ("rejected execution of
 *   <task> on <EsThreadPoolExecutor#toString>"): what a node under load answers;
 * - 503: a node that lost its elected master, `ClusterBlockException` over
 *   `NoMasterBlockService.NO_MASTER_BLOCK_WRITES` ("blocked by: [<status>/<id>/<description>];").
 */
const DEFAULT_ERRORS: Record<number, (node: string) => { type: string; reason: string }> = {
  429: (node) => ({
    type: 'es_rejected_execution_exception',
    reason:
      `rejected execution of org.elasticsearch.common.util.concurrent.TimedRunnable@6a4e9ac0 on EsThreadPoolExecutor[name = ${node}/search, ` +
      'queue capacity = 1000, org.elasticsearch.common.util.concurrent.EsThreadPoolExecutor@2d5c6e1b[Running, pool size = 13, ' +
      'active threads = 13, queued tasks = 1000, completed tasks = 48213]]',
  }),
  503: () => ({ type: 'cluster_block_exception', reason: 'blocked by: [SERVICE_UNAVAILABLE/2/no master];' }),
};

export const DEFAULT_ERROR_STATUSES = Object.keys(DEFAULT_ERRORS).map(Number);

const DELAY_FIELDS = ['distribution', 'ms', 'min_ms', 'max_ms', 'mean_ms', 'jitter_ms'];

export function restFault(b: Body, nodeNames: readonly string[]): RestFault {
  const action = oneOf(b, 'action', REST_ACTIONS);
  const scope: RestScope = {
    paths: paths(b),
    methods: names(b, 'methods', REST_METHODS) as RestMethod[],
    probability: number(b, 'probability', 0, 1, 1),
  };
  const only = (fields: string[], forAction: RestAction) => {
    const misplaced = fields.find((f) => b[f] !== undefined);
    if (misplaced !== undefined && action !== forAction) throw bad(`[${misplaced}] is for a [rest] fault with [action] [${forAction}] only, got [action] [${action}]`);
  };
  only(['status', 'error'], 'error');
  only(DELAY_FIELDS, 'delay');
  switch (action) {
    case 'error': {
      const status = number(b, 'status', 400, 599, 503);
      if (!Number.isInteger(status)) throw bad(`[status] must be a whole number from 400 to 599, got [${status}]`);
      return { type: 'rest', action, ...scope, status, error: errorFor(b, status, nodeNames[0] ?? 'node-1') };
    }
    case 'delay':
      return { type: 'rest', action, ...scope, delay: delay(b, ['type', 'action', 'paths', 'methods', 'probability', 'count', 'duration_ms']) };
    default:
      return { type: 'rest', action, ...scope };
  }
}

function errorFor(b: Body, status: number, node: string): { type: string; reason: string } {
  if (b.error !== undefined) return errorOf(b);
  const fallback = DEFAULT_ERRORS[status];
  if (fallback === undefined) {
    const known = Object.entries(ERROR_STATUS).filter(([, s]) => s === status).map(([t]) => t);
    throw bad(
      `[error] is required for [status] [${status}]: name the Elasticsearch error to answer, {"type": "<snake_case_exception>", "reason": "<text>"}` +
        `${known.length > 0 ? ` (Elasticsearch answers [${status}] with e.g. [${known.join(', ')}])` : ''}; statuses with a default error: [${DEFAULT_ERROR_STATUSES.join(', ')}]`,
    );
  }
  return fallback(node);
}

/** Request paths, each exact or ending in `*` (a prefix); never the simulator's own API. */
function paths(b: Body): string[] {
  const v = b.paths;
  if (v === undefined) return [];
  const list = typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v;
  const shape = '[paths] must be a list of request paths, each starting with [/] and exact or ending in [*] (e.g. [/_security/_authenticate, /_security/*])';
  if (!Array.isArray(list)) throw bad(`${shape}, got [${JSON.stringify(v)}]`);
  for (const p of list) {
    if (typeof p !== 'string' || !p.startsWith('/') || p.slice(0, -1).includes('*')) throw bad(`${shape}, got [${typeof p === 'string' ? p : JSON.stringify(p)}]`);
    if (p === SIM_PATH || p.startsWith(`${SIM_PATH}/`)) throw bad(`[paths] cannot name the simulator's API [${p}]: ${SIM_PATH} is never affected, so a fault can always be healed`);
  }
  return [...new Set(list as string[])];
}

/** Whether a rest fault's paths and methods catch this request (probability aside). */
export function restFaultCatches(f: RestScope, method: string, path: string): boolean {
  if (f.methods.length > 0 && !f.methods.includes(method as RestMethod)) return false;
  if (f.paths.length === 0) return true;
  return f.paths.some((p) => (p.endsWith('*') ? path.startsWith(p.slice(0, -1)) : path === p));
}
