/**
 * The node core: one simulated Elasticsearch node's stores and caches, and the rules that
 * invalidate them. Pure: it never touches the clock, files or network directly; a host
 * (node-main.ts in a child process, transport/in-process-node.ts in tests) feeds it
 * requests, file contents and a Clock. Both hosts run this same code.
 */
import { findServiceAccount } from '../accounts';
import { illegalArgument, toErrorData } from '../errors';
import type { CacheKind, SimEvent } from '../observe/events';
import type { Clock } from '../sim/clock';
import { CachingTokenStore, type CacheActivity, type PendingVerification, type StoreAnswer } from './caching-token-store';
import { FileTokenStore, type ReloadResult } from './file-token-store';
import { indexCacheClearRule } from './index-state';
import { IndexTokenStore, type SecurityIndexClient } from './index-token-store';
import {
  FILE_CACHE_NAME,
  INDEX_CACHE_NAME,
  NO_INDEX,
  SERVICE_CACHE_ALIAS,
  type AuthenticateReply,
  type CacheView,
  type ClearCacheRequest,
  type NodeIdentity,
  type NodeRequest,
  type NodeSettings,
  type Outcome,
  type PresentedToken,
  type ReplyOf,
  type SecurityIndexState,
} from '../protocol';
import { TokenCache } from './token-cache';

export interface NodeCoreDeps {
  clock: Clock;
  settings: NodeSettings;
  /** The node's `service_tokens`, already parsed strictly by the host at start. */
  fileTokens: ReadonlyMap<string, string>;
  securityIndex: SecurityIndexClient;
  emit?: (event: SimEvent) => void;
}

/** Event types by activity, spelled out once (not built per event on the authentication path). */
const CACHE_EVENT = { hit: 'cache.hit', miss: 'cache.miss', filled: 'cache.filled' } as const;

/** Secrets shorter than this are rejected before any store is asked (`ServiceAccountService`). */
const MIN_SECRET_LENGTH = 10;

export class NodeCore {
  readonly fileCache: TokenCache<PendingVerification>;
  readonly indexCache: TokenCache<PendingVerification>;
  private readonly fileStore: FileTokenStore;
  private readonly fileTokens: CachingTokenStore;
  private readonly indexTokens: CachingTokenStore;
  private indexState: SecurityIndexState = NO_INDEX;
  /** While the watcher is blind: the latest content it saw and did not apply (undefined: none). */
  private blind: { missed: string | null | undefined } | null = null;

  constructor(
    readonly identity: NodeIdentity,
    private readonly deps: NodeCoreDeps,
  ) {
    this.fileCache = this.newCache('file');
    this.indexCache = this.newCache('index');
    this.fileStore = new FileTokenStore(deps.fileTokens);
    this.fileTokens = new CachingTokenStore(this.fileCache, this.fileStore, this.cacheActivity('file'));
    this.indexTokens = new CachingTokenStore(this.indexCache, new IndexTokenStore(deps.securityIndex), this.cacheActivity('index'));
  }

  /**
   * Answers one coordinator request through `done`, exactly once: at once when the answer
   * needs no I/O (a clear, a snapshot, an index state), later when it does (authentication
   * may wait for a hash or the security index). Node-side failures (EsError) are outcomes,
   * never throws. No promise wraps what is already known: a fan-out wakes every node, and on
   * a small machine each node's promise hops are work the clear waits for.
   */
  answer<R extends NodeRequest>(request: R, done: (outcome: Outcome) => void): void {
    let value: unknown;
    try {
      value = request?.type === 'authenticate' ? this.authenticate(request.token) : this.answerAtOnce(request);
    } catch (err) {
      done({ ok: false, error: toErrorData(err) });
      return;
    }
    if (value instanceof Promise) {
      value.then(
        (later: unknown) => done({ ok: true, value: later }),
        (err: unknown) => done({ ok: false, error: toErrorData(err) }),
      );
      return;
    }
    done({ ok: true, value });
  }

  private answerAtOnce(request: Exclude<NodeRequest, { type: 'authenticate' }>): unknown {
    switch (request.type) {
      case 'clear-cache':
        return this.clearCache(request);
      case 'cache-snapshot':
        return { file: view(this.fileCache), index: view(this.indexCache) };
      case 'security-index-state':
        return { cleared: this.applyIndexState(request.state) };
      case 'file-tokens':
        return { names: this.fileStore.names(request.principal) };
      case 'watcher':
        this.setWatcherBlind(request.blind);
        return { blind: request.blind };
    }
  }

  /**
   * `ServiceAccountService`: built-in `elastic` account, long enough secret, then file store,
   * then index store. Answered at once when the stores can (a settled cache entry), so a
   * cached authentication costs no promise at all.
   */
  authenticate(token: PresentedToken): AuthenticateReply | Promise<AuthenticateReply> {
    const principal = `${token.namespace}/${token.service}`;
    const key = `${principal}/${token.tokenName}`;
    // Events written out in full (same keys, same order as ever) rather than built by a
    // closure and spreads: this runs on every authentication.
    if (token.namespace !== 'elastic' || findServiceAccount(principal) === undefined || token.secret.length < MIN_SECRET_LENGTH) {
      this.emit({ type: 'token.authenticated', node: this.identity.name, token: key, result: 'failure', why: 'not a usable service token' });
      return { result: 'failure' };
    }
    const file = this.fileTokens.answerNow(key, token.secret);
    if (file === undefined) return this.authenticateLater(key, token.secret);
    if (file.ok) return this.fileSuccess(key, file);
    return this.fromIndex(key, token.secret, file);
  }

  private async authenticateLater(key: string, secret: string): Promise<AuthenticateReply> {
    const file = await this.fileTokens.authenticate(key, secret);
    if (file.ok) return this.fileSuccess(key, file);
    return this.fromIndex(key, secret, file);
  }

  private fileSuccess(key: string, file: StoreAnswer): AuthenticateReply {
    this.emit({ type: 'token.authenticated', node: this.identity.name, token: key, result: 'success', file: file.via });
    return { result: 'success', store: 'file' };
  }

  private async fromIndex(key: string, secret: string, file: StoreAnswer): Promise<AuthenticateReply> {
    const index = await this.indexTokens.authenticate(key, secret);
    const result = index.ok ? 'success' : 'failure';
    this.emit({ type: 'token.authenticated', node: this.identity.name, token: key, result, file: file.via, index: index.via });
    return index.ok ? { result: 'success', store: 'index' } : { result: 'failure' };
  }

  /** `TransportClearSecurityCacheAction`: each cache behind the name (or alias) invalidates the keys; unknown name → 400. */
  clearCache(request: ClearCacheRequest): Record<string, never> {
    const caches = this.cachesNamed(request.cacheName);
    let removed = 0;
    for (const cache of caches) removed += cache.invalidate(request.keys, 'cleared');
    if (request.resetStats === true) for (const cache of caches) cache.resetStats();
    this.emit({ type: 'cache.cleared', node: this.identity.name, cacheName: request.cacheName, keys: request.keys, removed });
    return {};
  }

  /**
   * A blind watcher misses every change; healed, it catches up with the latest content it
   * missed, as Elasticsearch's next poll of the file would.
   */
  setWatcherBlind(blind: boolean): void {
    if (blind) {
      this.blind ??= { missed: undefined };
      return;
    }
    const missed = this.blind?.missed;
    this.blind = null;
    if (missed !== undefined) this.reloadServiceTokens(missed);
  }

  /** `FileServiceAccountTokenStore`: the host saw the file change (null: deleted). Only a real change clears the file cache. */
  reloadServiceTokens(content: string | null): ReloadResult | undefined {
    if (this.blind !== null) {
      this.blind.missed = content;
      this.emit({ type: 'file.missed', node: this.identity.name });
      return undefined;
    }
    const result = this.fileStore.reload(content);
    if (result.changed) this.fileCache.invalidateAll('file-changed');
    const diff = result.changed ? { added: result.added, removed: result.removed } : {};
    this.emit({ type: 'file.reloaded', node: this.identity.name, changed: result.changed, tokens: result.tokens, ...(result.parseError === undefined ? {} : { parseError: result.parseError }), ...diff });
    return result;
  }

  /** `SecurityIndexManager`: compare this node's previous view of the security index with the new one. */
  applyIndexState(state: SecurityIndexState): number {
    const rule = indexCacheClearRule(this.indexState, state);
    this.indexState = state;
    const cleared = rule === null ? 0 : this.indexCache.invalidateAll('index-state');
    this.emit({ type: 'index.state', node: this.identity.name, health: state.health, uuid: state.uuid, upToDate: state.upToDate, rule, cleared });
    return cleared;
  }

  private cachesNamed(name: string): TokenCache<PendingVerification>[] {
    if (name === SERVICE_CACHE_ALIAS) return [this.fileCache, this.indexCache];
    if (name === FILE_CACHE_NAME) return [this.fileCache];
    if (name === INDEX_CACHE_NAME) return [this.indexCache];
    throw illegalArgument(`No cache named [${name}] is found`);
  }

  private newCache(kind: CacheKind): TokenCache<PendingVerification> {
    const { settings, clock } = this.deps;
    return new TokenCache({
      clock,
      ttlMs: settings.tokenCacheTtlMs,
      maxEntries: settings.tokenCacheMax,
      onRemoved: (key, reason) => this.emit({ type: 'cache.removed', node: this.identity.name, cache: kind, key, reason }),
    });
  }

  private cacheActivity(cache: CacheKind): (activity: CacheActivity, key: string) => void {
    const node = this.identity.name;
    return (activity, key) => this.emit({ type: CACHE_EVENT[activity], node, cache, key });
  }

  private emit(event: SimEvent): void {
    this.deps.emit?.(event);
  }
}

function view(cache: TokenCache<PendingVerification>): CacheView {
  const entries = cache.snapshot();
  return { size: entries.length, entries, stats: cache.stats() };
}
