/**
 * The simulator's record (DESIGN.md §4.9): typed events, not log lines. Every layer emits
 * them; the journal, tests and /_sim/events read them. Events carry token *names*, never
 * secrets.
 */
import type { RemovalReason } from '../node/token-cache';

export type CacheKind = 'file' | 'index';

export type SimEvent =
  | { type: 'node.up'; node: string; pid: number | null }
  | { type: 'node.down'; node: string; reason: 'killed' | 'stopped' | 'exited' }
  | { type: 'cache.removed'; node: string; cache: CacheKind; key: string; reason: RemovalReason }
  | { type: 'cache.cleared'; node: string; cacheName: string; keys: string[]; removed: number }
  | { type: 'rest.request'; method: string; path: string; status: number };

export type SimEventType = SimEvent['type'];
