/**
 * Pure: per-node results → the Elasticsearch nodes response (`RestActions#buildNodesHeader`). Successes and
 * failures keep their arrival order; failed nodes are absent from `nodes`; the HTTP status
 * is 200 whatever failed — that is the caller's business, not this function's.
 */
import { exceptionJson, type ErrorData } from '../errors';
import type { NodeInfo, NodeResult } from '../protocol';

export interface FailedNodeItem {
  type: 'failed_node_exception';
  reason: string;
  node_id: string;
  caused_by?: Record<string, unknown>;
}

export interface NodesHeader {
  total: number;
  successful: number;
  failed: number;
  failures?: FailedNodeItem[];
}

export interface NodesResponse<T> {
  _nodes: NodesHeader;
  cluster_name: string;
  nodes: Record<string, T>;
}

export function failedNodeItem(nodeId: string, cause: ErrorData | undefined): FailedNodeItem {
  const item: FailedNodeItem = { type: 'failed_node_exception', reason: `Failed node [${nodeId}]`, node_id: nodeId };
  if (cause !== undefined) item.caused_by = exceptionJson(cause);
  return item;
}

export function nodesHeader(results: readonly NodeResult[]): NodesHeader {
  const failures = results.filter((r) => !r.ok).map((r) => failedNodeItem(r.node.id, r.ok ? undefined : r.error));
  const header: NodesHeader = { total: results.length, successful: results.length - failures.length, failed: failures.length };
  if (failures.length > 0) header.failures = failures;
  return header;
}

export function nodesResponse<V, T = { name: string }>(
  results: readonly NodeResult<V>[],
  clusterName: string,
  render: (node: NodeInfo, value: V) => T = (node) => ({ name: node.name }) as T,
): NodesResponse<T> {
  const nodes: Record<string, T> = {};
  for (const r of results) if (r.ok) nodes[r.node.id] = render(r.node, r.value);
  return { _nodes: nodesHeader(results), cluster_name: clusterName, nodes };
}
