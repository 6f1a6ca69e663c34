/**
 * Service tokens through the nodes' own caches: authenticate a bearer token on one node
 * (the one named, or live nodes taking turns), and clear cache keys on every node with
 * the Elasticsearch nodes response (`RestClearServiceAccountTokenStoreCacheAction`, `CachingServiceAccountTokenStore#invalidate`, `TransportClearSecurityCacheAction`).
 */
import { SERVICE_CACHE_ALIAS, type AuthenticateReply, type NodeResult, type PresentedToken } from '../protocol';
import { nodesResponse, type NodesResponse } from './aggregate';
import type { Cluster } from './cluster';

/**
 * In Elasticsearch authentication runs on the node the client reached; only its security
 * index GET crosses the transport, and when that GET fails the client gets the 401 of
 * IndexServiceAccountTokenStore's failure (`error attempting to authenticate request`).
 * Here the coordinator also waits for the node, so it waits out the node's own lookup
 * timeout (the fan-out timeout) and one fan-out timeout more for the hop itself: a lost
 * lookup then reaches the client as that 401, not as this simulator hop's timeout.
 */
function authenticateWaitMs(cluster: Cluster): number {
  return 2 * cluster.config.fanOutTimeoutMs;
}

/**
 * Authenticates `token` on the node named `nameOrId` (a 404 if there is none), or on the
 * next live node. Undefined when no node is live; otherwise the node's answer, or the
 * transport error that kept it from answering.
 */
export async function authenticateOnNode(
  cluster: Cluster,
  token: PresentedToken,
  nameOrId: string | undefined,
): Promise<NodeResult<AuthenticateReply> | undefined> {
  const node = cluster.authenticatingNode(nameOrId);
  if (node === undefined) return undefined;
  return node.request({ type: 'authenticate', token }, authenticateWaitMs(cluster));
}

/** Clears `keys` (prefixes end in `/`; none: everything) of both service-token caches on every node. */
export async function clearServiceTokenCaches(cluster: Cluster, keys: string[]): Promise<NodesResponse<{ name: string }>> {
  const results = await cluster.fanOut({ type: 'clear-cache', cacheName: SERVICE_CACHE_ALIAS, keys });
  return nodesResponse(results, cluster.config.clusterName);
}
