/**
 * The errors a transport produces by itself, in Elasticsearch's wording (`NodeNotConnectedException`, `NodeDisconnectedException`, `ReceiveTimeoutTransportException`), so a
 * failure item tells the truth about *why* a node did not answer. A leaf: the coordinator's
 * channels use it, and so does a node waiting on its own lookups.
 */
import type { ErrorData } from '../errors';
import type { NodeAddress } from './node-info';

/** The node was already down when the request was to be sent. */
export function nodeNotConnected(node: NodeAddress): ErrorData {
  return { type: 'node_not_connected_exception', reason: `[${node.name}][${node.transportAddress}] Node not connected` };
}

/** The node went away while the request was in flight. */
export function nodeDisconnected(node: NodeAddress, action: string): ErrorData {
  return { type: 'node_disconnected_exception', reason: `[${node.name}][${node.transportAddress}][${action}] disconnected` };
}

/** No answer within the fan-out timeout. */
export function receiveTimeout(node: NodeAddress, action: string, requestId: number, timeoutMs: number): ErrorData {
  return {
    type: 'receive_timeout_transport_exception',
    reason: `[${node.name}][${node.transportAddress}][${action}] request_id [${requestId}] timed out after [${timeoutMs}ms]`,
  };
}
