/**
 * Index service tokens, cluster-wide (`TransportCreateServiceAccountTokenAction`, `TransportDeleteServiceAccountTokenAction`): create one in the security index
 * (never touching a cache), delete one and then clear its key from every node's index
 * cache. A node that misses that clear keeps its stale entry — the real behaviour, and
 * the lesson: it is reported as an event, since the ES response cannot say it. Also an
 * account's credentials: its index tokens plus each node's own file tokens (`TransportGetServiceAccountCredentialsAction`).
 */
import { encodeBearer, findServiceAccount, hashSecret, newSecret, newTokenName } from '../accounts';
import { EsError, illegalArgument, internalException } from '../errors';
import { INDEX_CACHE_NAME } from '../protocol';
import { nodesHeader } from './aggregate';
import type { Cluster } from './cluster';
import type { TokenCreator } from './security-index';

export interface CreatedToken {
  name: string;
  value: string;
}

export async function createIndexToken(
  cluster: Cluster,
  request: { namespace: string; service: string; name?: string; creator: TokenCreator },
): Promise<CreatedToken> {
  const principal = `${request.namespace}/${request.service}`;
  if (findServiceAccount(principal) === undefined) throw illegalArgument(`service account [${principal}] does not exist`);
  const name = request.name ?? newTokenName();
  const secret = newSecret();
  const password = await hashSecret(secret);
  cluster.securityIndex.createToken(`${principal}/${name}`, { username: principal, name, creator: request.creator, password });
  cluster.emit({ type: 'token.created', token: `${principal}/${name}` });
  return { name, value: encodeBearer(request.namespace, request.service, name, secret) };
}

/**
 * Deletes an index token; whether or not it existed, clears its exact key from every
 * node's index cache and answers after that fan-out. Returns whether a document was found.
 */
export async function deleteIndexToken(cluster: Cluster, namespace: string, service: string, name: string): Promise<boolean> {
  const key = `${namespace}/${service}/${name}`;
  const found = cluster.securityIndex.deleteToken(key);
  // The commit: from here a node that asks the index gets "no such token"; staleness is measured from it.
  cluster.emit({ type: 'token.revoked', token: key, found });
  let results;
  try {
    results = await cluster.fanOut({ type: 'clear-cache', cacheName: INDEX_CACHE_NAME, keys: [key] });
  } catch (err) {
    throw internalException(
      `clearing the cache for service token [${key}] failed. please clear the cache manually`,
      err instanceof EsError ? err.toData() : { type: 'exception', reason: String(err) },
    );
  }
  const missed = results.filter((r) => !r.ok).map((r) => r.node.name);
  cluster.emit({ type: 'token.deleted', token: key, found, staleOn: missed });
  return found;
}

/** `TransportGetServiceAccountCredentialsAction`: index tokens (sorted), then every node's file tokens by name with the nodes that have them. */
export async function serviceAccountCredentials(cluster: Cluster, principal: string): Promise<Record<string, unknown>> {
  const indexNames = cluster.securityIndex.tokenNames(principal);
  const results = await cluster.fanOut({ type: 'file-tokens', principal });
  const fileTokens = new Map<string, string[]>();
  for (const r of results) {
    if (!r.ok) continue;
    for (const name of r.value.names) fileTokens.set(name, [...(fileTokens.get(name) ?? []), r.node.name]);
  }
  return {
    service_account: principal,
    count: indexNames.length + fileTokens.size,
    tokens: Object.fromEntries(indexNames.map((n) => [n, {}])),
    nodes_credentials: {
      _nodes: nodesHeader(results),
      file_tokens: Object.fromEntries([...fileTokens].sort(([a], [b]) => (a < b ? -1 : 1)).map(([n, nodes]) => [n, { nodes: nodes.sort() }])),
    },
  };
}
