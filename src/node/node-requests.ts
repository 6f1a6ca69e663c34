/**
 * What a node understands: the requests the coordinator may send it and their replies.
 * transport/protocol.ts wraps these in envelopes; this file stays in node/ so that the
 * node core never imports the transport (imports point http → coordinator → transport → node).
 */
import type { CacheEntrySnapshot, CacheStats } from './token-cache';

/** Cache names registered on every node (spec §0), and the alias that means both. */
export const FILE_CACHE_NAME = 'file_service_account_token';
export const INDEX_CACHE_NAME = 'index_service_account_token';
export const SERVICE_CACHE_ALIAS = 'service';

export interface ClearCacheRequest {
  type: 'clear-cache';
  cacheName: string;
  /** Keys ending in `/` are prefixes; an empty list clears everything (spec §4). */
  keys: string[];
}

export interface CacheSnapshotRequest {
  type: 'cache-snapshot';
}

export type NodeRequest = ClearCacheRequest | CacheSnapshotRequest;

export interface CacheView {
  size: number;
  entries: CacheEntrySnapshot[];
  stats: CacheStats;
}

export interface NodeReplies {
  'clear-cache': Record<string, never>;
  'cache-snapshot': { file: CacheView; index: CacheView };
}

export type ReplyOf<R extends NodeRequest> = NodeReplies[R['type']];

/** The transport action name of each request, as Elasticsearch names it in errors (§9.3). */
export const ACTION_NAMES: Record<NodeRequest['type'], string> = {
  'clear-cache': 'cluster:admin/xpack/security/cache/clear[n]',
  'cache-snapshot': 'cluster:monitor/sim/caches[n]',
};
