/**
 * Every message that crosses between coordinator and node: requests go
 * down in envelopes with a correlation id; replies come back `inReplyTo` that id, carrying
 * a value or an error as plain data. A node asks the coordinator one thing (a real-time
 * GET on the security index), with the same envelope shapes going the other way.
 * Faults (a later layer) apply where these cross.
 */
import type { ErrorData } from '../errors';
import type { FileWatchMode } from '../config';
import type { NodeIdentity, NodeSettings } from './node-info';
import type { CoordinatorRequest, NodeRequest } from './node-requests';

export interface RequestEnvelope {
  kind: 'request';
  id: string;
  request: NodeRequest;
}

export type Outcome = { ok: true; value: unknown } | { ok: false; error: ErrorData };

/**
 * `events`: what the node recorded since its last message, carried with the reply so a
 * request costs one message back, not two (they are emitted before the reply is handled).
 * The event type is a parameter (observe/events.ts's SimEvent), so this leaf does not
 * import the journal's vocabulary.
 */
export type ReplyEnvelope<Event = unknown> = { kind: 'reply'; inReplyTo: string; events?: Event[] } & Outcome;

/** Node → coordinator: the node's own question (see node/lookup-client.ts). */
export interface LookupEnvelope {
  kind: 'lookup';
  id: string;
  request: CoordinatorRequest;
}

export type LookupReplyEnvelope = { kind: 'lookup-reply'; inReplyTo: string } & Outcome;

/** Messages a node process sends on its own. */
export type NodeNotice<Event = unknown> =
  | { kind: 'ready'; pid: number }
  | { kind: 'fatal'; message: string }
  | { kind: 'events'; events: Event[] };

export type CoordinatorToNode = RequestEnvelope | LookupReplyEnvelope;
export type NodeToCoordinator<Event = unknown> = ReplyEnvelope<Event> | LookupEnvelope | NodeNotice<Event>;

/** What a forked node process is told at start (passed in its environment). */
export interface NodeBootInfo {
  identity: NodeIdentity;
  settings: NodeSettings;
  serviceTokensFile: string;
  fileWatch: FileWatchMode;
  fileWatchIntervalMs: number;
}

export const BOOT_ENV_VAR = 'ES_TOKEN_CACHE_SIM_NODE';
