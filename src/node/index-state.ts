/**
 * The security index as one node sees it, and the four rules of spec §7.4 that decide
 * when a change of it clears that node's whole index cache (never the file cache).
 */

export type IndexHealth = 'green' | 'yellow' | 'red';

export interface SecurityIndexState {
  /** null: the index is missing (or closed). */
  health: IndexHealth | null;
  /** The concrete index's UUID; null when missing. */
  uuid: string | null;
  /** Whether the index format is up to date. */
  upToDate: boolean;
}

/** What a node assumes before it has heard anything: no index. */
export const NO_INDEX: SecurityIndexState = Object.freeze({ health: null, uuid: null, upToDate: true });

export type ClearRule = 'red-to-non-red' | 'index-gone' | 'index-uuid-changed' | 'format-flip';

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
