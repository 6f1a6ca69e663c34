/**
 * One picture of the whole cluster, for the dashboard's first paint: every node with its
 * status and both caches, the active faults, the security index's health and the names of
 * its documents, and the journal position to follow the event stream from. Names only: no
 * hash, no secret.
 */
import { serviceAccountPrincipals } from '../accounts/service-accounts';
import { publicFaultSpec } from '../faults';
import type { CacheView, NodeView } from '../protocol';
import type { NodeChannel } from '../transport/node-channel';
import type { Cluster } from './cluster';
import { nodeView } from './node-admin';

/**
 * A snapshot must not wait a whole fan-out timeout for a node that cannot answer (a paused
 * one, a partition): the page shows such a node's caches as unknown instead.
 */
const SNAPSHOT_NODE_TIMEOUT_MS = 1_000;

type NodeSnapshot = NodeView & { caches: { file: CacheView; index: CacheView } | null; caches_error?: unknown };

async function nodeSnapshot(cluster: Cluster, node: NodeChannel): Promise<NodeSnapshot> {
  const base = nodeView(node);
  if (node.displayStatus !== 'up') return { ...base, caches: null };
  const result = await node.request({ type: 'cache-snapshot' }, Math.min(SNAPSHOT_NODE_TIMEOUT_MS, cluster.config.fanOutTimeoutMs));
  if (!result.ok) return { ...base, caches: null, caches_error: result.error };
  return { ...base, caches: result.value };
}

/** Token, user and role names; an index that cannot be searched (red) lists none and says why. */
function indexDocuments(cluster: Cluster): { tokens: string[]; users: string[]; roles: string[]; error?: string } {
  const index = cluster.securityIndex;
  try {
    const tokens = serviceAccountPrincipals().flatMap((p) => index.tokenNames(p).map((name) => `${p}/${name}`));
    return { tokens, users: index.allUsers().map((u) => u.username), roles: index.allRoles().map(([name]) => name) };
  } catch (err) {
    return { tokens: [], users: [], roles: [], error: err instanceof Error ? err.message : String(err) };
  }
}

export async function clusterSnapshot(cluster: Cluster): Promise<Record<string, unknown>> {
  // The journal position first: an event recorded while the nodes answer is then both in
  // the snapshot and in the stream, and the page's reducer applies it idempotently.
  const next = cluster.journal.next;
  const nodes = await Promise.all(cluster.nodes().map((n) => nodeSnapshot(cluster, n)));
  const state = cluster.securityIndex.state();
  return {
    cluster: { uuid: cluster.uuid, host: cluster.host, time_ms: Math.round(cluster.clock.now()), token_cache_ttl_ms: cluster.config.tokenCacheTtlMs },
    journal: { next, oldest: cluster.journal.oldest },
    nodes,
    faults: cluster.faults.list().map((f) => ({ id: f.id, ...publicFaultSpec(f.spec), applied_at_ms: f.applied_at_ms })),
    security_index: { health: state.health, uuid: state.uuid, up_to_date: state.upToDate, documents: indexDocuments(cluster) },
  };
}
