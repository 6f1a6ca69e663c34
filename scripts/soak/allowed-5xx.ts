/**
 * The only 5xx answers the soak accepts: those Elasticsearch itself gives in that situation,
 * and the simulator's own answer when a node cannot start; every other 5xx is a failure.
 *
 * - `GET /_sim/nodes/{node}/caches` asks one node; when that node cannot answer, the
 *   answer is its transport error with ES's status for it: 502 `node_not_connected_exception`
 *   / `node_disconnected_exception` (ES maps ConnectTransportException to 502), 500
 *   `receive_timeout_transport_exception` (a paused or partitioned node), or, under an
 *   `error` fault, 500 with the error the fault injected.
 * - Requests that read or write the `.security` index (index tokens, the credentials list,
 *   users, roles) while a `security-index red` fault holds its primary shard unassigned:
 *   503 `unavailable_shards_exception` (SecurityIndexManager's "at least one primary shard
 *   for the index [.security-7] is unavailable").
 * - A fault heal or `restart` that leaves a node unable to start on a file another fault made
 *   unparseable: the simulator's 500 naming the node (not an Elasticsearch answer; README, Faults).
 */
import type { SoakRequest, Outcome } from './http-client';

/** The error types the soak's `error` faults inject (real ES errors a node can answer with). */
export const INJECTED_ERROR_TYPES = ['es_rejected_execution_exception', 'circuit_breaking_exception', 'illegal_state_exception'];

const TRANSPORT: Record<string, number> = {
  node_not_connected_exception: 502,
  node_disconnected_exception: 502,
  receive_timeout_transport_exception: 500,
};

const CACHES = /^\/_sim\/nodes\/[^/?]+\/caches(\?|$)/;
const SECURITY_INDEX = /^\/_security\/(service\/[^/?]+\/[^/?]+\/credential|user|role)(\/|\?|$)/;

/**
 * Healing a kill, or restarting a node, while a file fault keeps the node's file unparseable:
 * the heal or restart is done, and the 500 says which node did not start (README, Faults).
 */
export function nodeCannotStart(o: { status: number | null; reason?: string }): boolean {
  return o.status === 500 && (o.reason ?? '').includes('did not start');
}

export function isAllowed5xx(r: SoakRequest, o: Outcome): boolean {
  const status = o.status ?? 0;
  const type = o.errorType ?? '';
  if (r.method === 'GET' && CACHES.test(r.path)) {
    if (TRANSPORT[type] === status) return true;
    if (status === 500 && INJECTED_ERROR_TYPES.includes(type)) return true;
  }
  if (status === 503 && type === 'unavailable_shards_exception' && SECURITY_INDEX.test(r.path)) return true;
  if (type === 'exception' && r.path.startsWith('/_sim/faults/') && nodeCannotStart(o)) {
    if (r.method === 'DELETE') return true;
    if (r.method === 'PUT' && String(r.body ?? '').includes('"type":"restart"')) return true;
  }
  return false;
}
