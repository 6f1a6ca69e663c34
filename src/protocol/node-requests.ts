/**
 * What a node understands: the requests the coordinator may send it and their replies,
 * and the one request a node sends the coordinator (a real-time GET on the security
 * index). envelopes.ts wraps these for the wire.
 */
import type { CacheView } from './cache-types';
import type { SecurityIndexState } from './index-state';

/** Cache names registered on every node (`CacheInvalidatorRegistry`), and the alias that means both. */
export const FILE_CACHE_NAME = 'file_service_account_token';
export const INDEX_CACHE_NAME = 'index_service_account_token';
export const SERVICE_CACHE_ALIAS = 'service';

export interface ClearCacheRequest {
  type: 'clear-cache';
  cacheName: string;
  /** Keys ending in `/` are prefixes; an empty list clears everything (`CachingServiceAccountTokenStore#invalidate`). */
  keys: string[];
  /** Simulator reset: also zero the hit, miss and removal counters once the caches are empty. */
  resetStats?: boolean;
}

export interface CacheSnapshotRequest {
  type: 'cache-snapshot';
}

/** A decoded bearer token. The secret crosses the transport but never reaches an event. */
export interface PresentedToken {
  namespace: string;
  service: string;
  tokenName: string;
  secret: string;
}

export interface AuthenticateRequest {
  type: 'authenticate';
  token: PresentedToken;
}

export interface IndexStateRequest {
  type: 'security-index-state';
  state: SecurityIndexState;
}

export interface FileTokensRequest {
  type: 'file-tokens';
  /** `namespace/service` */
  principal: string;
}

/** Simulator control: make this node's file watcher miss changes (until told otherwise). */
export interface WatcherRequest {
  type: 'watcher';
  blind: boolean;
}

export type NodeRequest = ClearCacheRequest | CacheSnapshotRequest | AuthenticateRequest | IndexStateRequest | FileTokensRequest | WatcherRequest;

export type AuthenticateReply = { result: 'success'; store: 'file' | 'index' } | { result: 'failure' };

export interface NodeReplies {
  'clear-cache': Record<string, never>;
  'cache-snapshot': { file: CacheView; index: CacheView };
  authenticate: AuthenticateReply;
  'security-index-state': { cleared: number };
  'file-tokens': { names: string[] };
  watcher: { blind: boolean };
}

export type ReplyOf<R extends NodeRequest> = NodeReplies[R['type']];

/** The transport action name of each request, as Elasticsearch names it in errors (`ActionTransportException`). */
export const ACTION_NAMES: Record<NodeRequest['type'], string> = {
  'clear-cache': 'cluster:admin/xpack/security/cache/clear[n]',
  'cache-snapshot': 'cluster:monitor/sim/caches[n]',
  authenticate: 'cluster:internal/sim/authenticate[n]',
  'security-index-state': 'internal:cluster/coordination/publish_state[n]',
  'file-tokens': 'cluster:admin/xpack/security/service_account/credential/get[n]',
  watcher: 'internal:sim/watcher[n]',
};

/** Node → coordinator: the real-time GET of a token document (`IndexServiceAccountTokenStore`). */
export interface GetTokenHashRequest {
  type: 'get-token-hash';
  key: string;
}

export type CoordinatorRequest = GetTokenHashRequest;

export interface CoordinatorReplies {
  'get-token-hash': { hash: string | null };
}
