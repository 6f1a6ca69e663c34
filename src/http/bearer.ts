/**
 * Bearer service tokens (spec §8): decode the token here, then authenticate it on one
 * node — the one named by `X-Sim-Node`, or live nodes taking turns — through that node's
 * own caches. A value that is not a service token falls to the OAuth2 path, which this
 * simulator does not serve.
 */
import { decodeBearer, serviceAccountUser } from '../accounts';
import type { Cluster } from '../coordinator/cluster';
import { EsError, illegalArgument } from '../errors';
import { authenticationError, unableToAuthenticate, type Authentication } from './authentication';
import type { RestRequest } from './rest-request';

export const SIM_NODE_HEADER = 'X-Sim-Node';

/**
 * The node named by X-Sim-Node, if any. Clients may send the header twice (the official
 * client adds a lowercased copy), which arrives joined as `node-1, node-1`: repeats of
 * one name are one name; two different names are a mistake worth saying so.
 */
function pickedNode(request: RestRequest): string | undefined {
  const raw = request.header(SIM_NODE_HEADER);
  if (raw === undefined) return undefined;
  const names = [...new Set(raw.split(',').map((n) => n.trim()).filter((n) => n.length > 0))];
  if (names.length > 1) throw illegalArgument(`header [${SIM_NODE_HEADER}] names more than one node [${names.join(', ')}]; name one node, by name or id`);
  return names[0];
}

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

export async function authenticateBearer(cluster: Cluster, value: string, request: RestRequest): Promise<Authentication> {
  const token = decodeBearer(value);
  if (token === null) throw unableToAuthenticate();
  const node = cluster.authenticatingNode(pickedNode(request));
  if (node === undefined) throw authenticationError('error attempting to authenticate request', { cause: { type: 'no_node_available_exception', reason: 'None of the configured nodes are available' } });
  request.authenticatedBy = node.info.name;
  const principal = `${token.namespace}/${token.service}`;
  const result = await node.request({ type: 'authenticate', token }, authenticateWaitMs(cluster));
  if (!result.ok) throw authenticationError('error attempting to authenticate request', { cause: result.error });
  if (result.value.result === 'failure') {
    throw authenticationError(`failed to authenticate service account [${principal}] with token name [${token.tokenName}]`);
  }
  const user = serviceAccountUser(principal);
  if (user === undefined) throw new EsError(500, 'illegal_state_exception', `node accepted unknown service account [${principal}]`);
  const type = result.value.store === 'file' ? '_service_account_file' : '_service_account_index';
  return { kind: 'service_account', user, token: { name: token.tokenName, type }, node: node.info.name };
}
