/**
 * What a node's token caches report: why an entry left, the counters, and one entry as a
 * snapshot. Shared by the node core (which keeps the caches), the coordinator (which
 * carries snapshots to /_sim/nodes/{name}/caches) and the events (`cache.removed`).
 */

export const REMOVAL_REASONS = ['cleared', 'file-changed', 'index-state', 'expired', 'evicted', 'failed'] as const;
export type RemovalReason = (typeof REMOVAL_REASONS)[number];

export interface CacheStats {
  hits: number;
  misses: number;
  removed: Record<RemovalReason, number>;
}

export interface CacheEntrySnapshot {
  key: string;
  age_ms: number;
  /** Time left before the entry expires (expire-after-write: hits do not extend it). */
  expires_in_ms: number;
  hits: number;
}

/** One cache as `GET /_sim/nodes/{name}/caches` shows it. */
export interface CacheView {
  size: number;
  entries: CacheEntrySnapshot[];
  stats: CacheStats;
}
