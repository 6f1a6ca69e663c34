/**
 * A token store seen through its cache (`CachingServiceAccountTokenStore`). The cache holds the *pending*
 * verification, inserted before the backing lookup starts; concurrent authentications of
 * one token share it; only successes stay; a cached success with another secret fails
 * without a lookup. Every removal is compare-and-delete, and completion writes into the
 * entry, never into the cache by key — so a lookup that began before an invalidation can
 * never put stale data back (`CachingServiceAccountTokenStore`).
 */
import { cacheHash, cacheHashMatches } from '../accounts';
import type { CacheEntry, TokenCache } from './token-cache';

/** A backing store: true/false for a plain answer; throws (EsError) when it cannot answer. */
export interface TokenStore {
  verify(key: string, secret: string): Promise<boolean>;
}

/** What the cache holds: the hash of the secret being checked, and its verdict to come. */
export interface PendingVerification {
  readonly hash: string;
  readonly verdict: Promise<boolean>;
  /** The verdict once known, so a hit on a settled entry need not wait a turn for the promise. */
  settled?: boolean;
}

export type CacheOutcome = 'hit' | 'miss' | 'uncached';

export interface StoreAnswer {
  ok: boolean;
  /** How the answer came: from an entry already there, from a new lookup, or with caching off. */
  via: CacheOutcome;
}

/** What a cache did for one authentication: had the entry, lacked it, kept a new success. */
export type CacheActivity = 'hit' | 'miss' | 'filled';

const isSettledSuccess = (v: PendingVerification) => v.settled === true;

export class CachingTokenStore {
  constructor(
    private readonly cache: TokenCache<PendingVerification>,
    private readonly store: TokenStore,
    private readonly observe: (activity: CacheActivity, key: string) => void = () => undefined,
  ) {}

  /**
   * The answer when it is known without waiting — a live entry whose verification has
   * succeeded, the common cached authentication — with the same bookkeeping as authenticate()
   * (a hit, the entry made most recent); otherwise undefined and nothing touched, so the
   * caller goes the asynchronous way. Saves every cached authentication its promise hops.
   */
  answerNow(key: string, secret: string): StoreAnswer | undefined {
    if (!this.cache.enabled) return undefined;
    const entry = this.cache.getIf(key, isSettledSuccess);
    if (entry === undefined) return undefined;
    this.observe('hit', key);
    return { ok: cacheHashMatches(secret, entry.value.hash), via: 'hit' };
  }

  async authenticate(key: string, secret: string): Promise<StoreAnswer> {
    if (!this.cache.enabled) return { ok: await this.store.verify(key, secret), via: 'uncached' };
    for (;;) {
      const existing = this.cache.get(key);
      if (existing === undefined) return { ok: await this.lead(key, secret), via: 'miss' };
      this.observe('hit', key);
      const verdict = existing.value.settled ?? (await existing.value.verdict); // an error here is every waiter's error
      const sameSecret = cacheHashMatches(secret, existing.value.hash);
      if (verdict) return { ok: sameSecret, via: 'hit' };
      if (sameSecret) return { ok: false, via: 'hit' };
      // Someone else's wrong secret failed; ours may be right: drop that entry and retry.
      this.cache.removeIf(key, existing, 'failed');
    }
  }

  /** The miss path: this request inserts the pending entry and does the one lookup. */
  private async lead(key: string, secret: string): Promise<boolean> {
    let settle!: { resolve: (v: boolean) => void; reject: (e: unknown) => void };
    const verdict = new Promise<boolean>((resolve, reject) => (settle = { resolve, reject }));
    verdict.catch(() => undefined); // followers observe the error; an unobserved copy must not crash
    const pending: PendingVerification = { hash: cacheHash(secret), verdict };
    const entry: CacheEntry<PendingVerification> = this.cache.insert(key, pending);
    this.observe('miss', key);
    let ok: boolean;
    try {
      ok = await this.store.verify(key, secret);
    } catch (err) {
      this.cache.removeIf(key, entry, 'failed');
      settle.reject(err);
      throw err;
    }
    if (!ok) this.cache.removeIf(key, entry, 'failed');
    else if (this.cache.peek(key) === entry) this.observe('filled', key); // not if a clear removed it meanwhile // not if a clear removed it meanwhile
    pending.settled = ok; // written into the entry object, never into the cache by key (`CachingServiceAccountTokenStore`)
    settle.resolve(ok);
    return ok;
  }
}
