/**
 * The node core: one simulated Elasticsearch node's stores and caches, and the rules that
 * invalidate them. Pure: it never touches the clock, files or network directly; a host
 * (transport/ipc-node.ts in a child process, transport/in-process-node.ts in tests) feeds
 * it requests and gives it a Clock. Both hosts run this same code.
 */
import { illegalArgument } from '../errors';
import type { CacheKind, SimEvent } from '../observe/events';
import type { Clock } from '../sim/clock';
import {
  FILE_CACHE_NAME,
  INDEX_CACHE_NAME,
  SERVICE_CACHE_ALIAS,
  type CacheView,
  type ClearCacheRequest,
  type NodeRequest,
  type ReplyOf,
} from './node-requests';
import { TokenCache } from './token-cache';

export interface NodeIdentity {
  readonly id: string;
  readonly name: string;
}

export interface NodeSettings {
  readonly tokenCacheTtlMs: number;
  readonly tokenCacheMax: number;
}

export interface NodeCoreDeps {
  clock: Clock;
  settings: NodeSettings;
  emit?: (event: SimEvent) => void;
}

/** What a cache entry holds until the caching store lands: anything the tests put there. */
export type CachedVerification = unknown;

export class NodeCore {
  readonly fileCache: TokenCache<CachedVerification>;
  readonly indexCache: TokenCache<CachedVerification>;

  constructor(
    readonly identity: NodeIdentity,
    private readonly deps: NodeCoreDeps,
  ) {
    this.fileCache = this.newCache('file');
    this.indexCache = this.newCache('index');
  }

  /** Answers one coordinator request; throws EsError for node-side failures. */
  async handle<R extends NodeRequest>(request: R): Promise<ReplyOf<R>> {
    switch (request.type) {
      case 'clear-cache':
        return this.clearCache(request) as ReplyOf<R>;
      case 'cache-snapshot':
        return { file: view(this.fileCache), index: view(this.indexCache) } as ReplyOf<R>;
    }
  }

  /** Spec §9.2: each cache behind the name (or alias) invalidates the keys; unknown name → 400. */
  clearCache(request: ClearCacheRequest): Record<string, never> {
    const caches = this.cachesNamed(request.cacheName);
    let removed = 0;
    for (const cache of caches) removed += cache.invalidate(request.keys, 'cleared');
    this.emit({ type: 'cache.cleared', node: this.identity.name, cacheName: request.cacheName, keys: request.keys, removed });
    return {};
  }

  private cachesNamed(name: string): TokenCache<CachedVerification>[] {
    if (name === SERVICE_CACHE_ALIAS) return [this.fileCache, this.indexCache];
    if (name === FILE_CACHE_NAME) return [this.fileCache];
    if (name === INDEX_CACHE_NAME) return [this.indexCache];
    throw illegalArgument(`No cache named [${name}] is found`);
  }

  private newCache(kind: CacheKind): TokenCache<CachedVerification> {
    const { settings, clock } = this.deps;
    return new TokenCache({
      clock,
      ttlMs: settings.tokenCacheTtlMs,
      maxEntries: settings.tokenCacheMax,
      onRemoved: (key, reason) => this.emit({ type: 'cache.removed', node: this.identity.name, cache: kind, key, reason }),
    });
  }

  private emit(event: SimEvent): void {
    this.deps.emit?.(event);
  }
}

function view(cache: TokenCache<CachedVerification>): CacheView {
  const entries = cache.snapshot();
  return { size: entries.length, entries, stats: cache.stats() };
}
