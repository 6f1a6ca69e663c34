/**
 * The security index as one node sees it: what the coordinator publishes with every state
 * change, and the names of the rules (Elasticsearch's `SecurityIndexManager` state
 * listeners) that decide when a change clears a node's index cache.
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
