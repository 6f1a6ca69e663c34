/**
 * The four rules (Elasticsearch's `SecurityIndexManager` state, as `IndexServiceAccountTokenStore` listens to it) that decide when a change of the security index clears a
 * node's whole index cache (never the file cache).
 */
import type { ClearRule, SecurityIndexState } from '../protocol';

/** Which rule (if any) says the index cache must be cleared going from `prev` to `curr`. */
export function indexCacheClearRule(prev: SecurityIndexState, curr: SecurityIndexState): ClearRule | null {
  const wasRedOrAbsent = prev.health === null || prev.health === 'red';
  if (wasRedOrAbsent && (curr.health === 'green' || curr.health === 'yellow')) return 'red-to-non-red';
  if (prev.health !== null && curr.health === null) return 'index-gone';
  // ES compares with Objects.equals, so a UUID appearing (an index created red) counts too.
  if (prev.uuid !== curr.uuid) return 'index-uuid-changed';
  if (prev.upToDate !== curr.upToDate) return 'format-flip';
  return null;
}
