/**
 * The simulator's record: typed events, not log lines. Every layer emits
 * them; the journal, tests and /_sim/events read them. Events carry token *names*, never
 * secrets.
 */
import type { ClearRule, IndexHealth, RemovalReason } from '../protocol';

export type CacheKind = 'file' | 'index';

export type SimEvent =
  | { type: 'node.up'; node: string; pid: number | null }
  | { type: 'node.down'; node: string; reason: 'killed' | 'stopped' | 'exited' }
  /** One authentication's use of a cache: the entry was there, was not, or a success was kept. */
  | { type: 'cache.hit' | 'cache.miss' | 'cache.filled'; node: string; cache: CacheKind; key: string }
  | { type: 'cache.removed'; node: string; cache: CacheKind; key: string; reason: RemovalReason }
  | { type: 'cache.cleared'; node: string; cacheName: string; keys: string[]; removed: number }
  | {
      type: 'token.authenticated';
      node: string;
      token: string;
      result: 'success' | 'failure';
      /** How each cache answered: hit, miss, or uncached (caching disabled). */
      file?: string;
      index?: string;
      why?: string;
    }
  /**
   * `added`/`removed`: the token names (`ns/svc/name`) the reload put in or took out, when
   * it changed anything (absent in journals written before they existed).
   */
  | { type: 'file.reloaded'; node: string; changed: boolean; tokens: number; parseError?: string; added?: string[]; removed?: string[] }
  /**
   * The simulator wrote a node's `service_tokens` (a file fault, an experiment): the commit of
   * a file change, before the node's watcher has seen it. Token names added and removed.
   */
  | { type: 'file.written'; node: string; added: string[]; removed: string[] }
  /** A blind watcher (fault `watcher-blind`) saw a change and did not apply it. */
  | { type: 'file.missed'; node: string }
  /** A request left the coordinator for a node (faults are applied after this). */
  | { type: 'message.sent'; node: string; kind: string; id: string }
  /** Its reply reached the coordinator (`ok: false`: the node answered with an error). */
  | { type: 'message.delivered'; node: string; kind: string; id: string; ok: boolean }
  /** No reply within the timeout: the caller gets receive_timeout_transport_exception. */
  | { type: 'message.timed_out'; node: string; kind: string; id: string; ms: number }
  | { type: 'message.dropped'; node: string; kind: string; leg: 'request' | 'reply'; fault: string; because: 'partition' | 'drop' }
  | { type: 'message.delayed'; node: string; kind: string; leg: 'request' | 'reply'; ms: number; faults: string[] }
  | { type: 'message.duplicated'; node: string; kind: string; copies: number; faults: string[] }
  | { type: 'message.failed'; node: string; kind: string; fault: string; error: string }
  | { type: 'node.paused'; node: string }
  | { type: 'node.resumed'; node: string }
  | { type: 'index.state'; node: string; health: IndexHealth | null; uuid: string | null; upToDate: boolean; rule: ClearRule | null; cleared: number }
  | { type: 'token.created'; token: string }
  /**
   * The token document is gone from the security index: the commit of a deletion, before
   * any cache clear is sent (`token.deleted` follows once the clears answered).
   */
  | { type: 'token.revoked'; token: string; found: boolean }
  /** `staleOn`: nodes that did not confirm the index-cache clear and may still accept the token. */
  | { type: 'token.deleted'; token: string; found: boolean; staleOn: string[] }
  /** The coordinator's security index changed state (health null: deleted); each node hears it as an `index-state` message. */
  | { type: 'index.changed'; health: IndexHealth | null; uuid: string | null; upToDate: boolean }
  /** A cluster was built: its nodes and the settings a journal reader needs (cache TTL, fan-out timeout). */
  | { type: 'cluster.started'; nodes: string[]; token_cache_ttl_ms: number; fan_out_timeout_ms: number; seed: number }
  | { type: 'fault.added'; id: string; fault: unknown }
  /** `reason`: how a fault that healed itself ended (its `count` used up, its `duration_ms` over); absent for a heal asked for. */
  | { type: 'fault.healed'; id: string; reason?: 'count' | 'duration' }
  /** A `rest` fault caught a request at the front door, before authentication: what it did to it. */
  | { type: 'rest.fault'; fault: string; action: 'error' | 'delay' | 'reset' | 'hang'; method: string; path: string }
  /** One REST request answered: its path (no query string) and status, and the node that authenticated it. */
  | { type: 'rest.request'; method: string; path: string; status: number; node: string };

export type SimEventType = SimEvent['type'];

/** Every event type, for filters that check what they are given (kept complete by the type below). */
export const EVENT_TYPES = [
  'node.up', 'node.down', 'node.paused', 'node.resumed',
  'cache.hit', 'cache.miss', 'cache.filled', 'cache.removed', 'cache.cleared',
  'token.authenticated', 'token.created', 'token.revoked', 'token.deleted',
  'file.written', 'file.reloaded', 'file.missed',
  'message.sent', 'message.delivered', 'message.timed_out', 'message.dropped', 'message.delayed', 'message.duplicated', 'message.failed',
  'index.state', 'index.changed', 'cluster.started', 'fault.added', 'fault.healed', 'rest.request', 'rest.fault',
] as const satisfies readonly SimEventType[];

// Fails to compile when an event type is missing from EVENT_TYPES.
const everyType: Record<SimEventType, true> = Object.fromEntries(EVENT_TYPES.map((t) => [t, true])) as Record<(typeof EVENT_TYPES)[number], true>;
void everyType;
