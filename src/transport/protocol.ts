/**
 * Every message that crosses between coordinator and node (DESIGN.md §4.8): requests go
 * down in envelopes with a correlation id; replies come back `inReplyTo` that id, carrying
 * a value or an error as plain data. Faults (a later layer) apply where these cross.
 */
import type { ErrorData } from '../errors';
import type { NodeRequest } from '../node/node-requests';
import type { NodeIdentity, NodeSettings } from '../node/node-core';
import type { SimEvent } from '../observe/events';

export type { NodeRequest } from '../node/node-requests';

export interface RequestEnvelope {
  kind: 'request';
  id: string;
  request: NodeRequest;
}

export type ReplyEnvelope =
  | { kind: 'reply'; inReplyTo: string; ok: true; value: unknown }
  | { kind: 'reply'; inReplyTo: string; ok: false; error: ErrorData };

/** Messages a node process sends on its own. */
export type NodeNotice =
  | { kind: 'ready'; pid: number }
  | { kind: 'fatal'; message: string }
  | { kind: 'event'; event: SimEvent };

export type CoordinatorToNode = RequestEnvelope;
export type NodeToCoordinator = ReplyEnvelope | NodeNotice;

/** What a forked node process is told at start (passed in its environment). */
export interface NodeBootInfo {
  identity: NodeIdentity;
  settings: NodeSettings;
  configDir: string;
}

export const BOOT_ENV_VAR = 'ES_TOKEN_CACHE_SIM_NODE';
