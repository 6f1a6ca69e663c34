/**
 * Who a node is, what it is configured with, and what one node answered: the node
 * vocabulary the coordinator, the transport and the hosts share.
 */
import type { ErrorData } from '../errors';

/** What a node core knows of itself. */
export interface NodeIdentity {
  readonly id: string;
  readonly name: string;
}

export interface NodeSettings {
  readonly tokenCacheTtlMs: number;
  readonly tokenCacheMax: number;
  /** How long the node waits for its GET on the security index (the cluster's fan-out timeout). */
  readonly lookupTimeoutMs: number;
}

/** Where a node is reached, as transport errors name it. */
export interface NodeAddress {
  readonly name: string;
  /** Simulated transport address, e.g. `127.0.0.1:9301`. */
  readonly transportAddress: string;
}

/** A member as the coordinator knows it. */
export interface NodeInfo extends NodeAddress {
  readonly id: string;
  readonly name: string;
  readonly transportAddress: string;
}

/** What one node answered to a request: a value, or why it did not (never a throw). */
export type NodeResult<T = unknown> =
  | { node: NodeInfo; ok: true; value: T }
  | { node: NodeInfo; ok: false; error: ErrorData };

/** A node's status as users see it: a paused node is up (connected) but silent. */
export type NodeStatus = 'up' | 'down';
export type DisplayStatus = NodeStatus | 'paused';

/** One node in /_sim/nodes and the library's node list. */
export interface NodeView {
  id: string;
  name: string;
  pid: number | null;
  status: DisplayStatus;
}
