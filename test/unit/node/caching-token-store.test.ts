/**
 * CachingTokenStore (`CachingServiceAccountTokenStore`) on a TokenCache with a ManualClock, in front of a fake
 * backing store whose lookups are deferred promises the test settles by hand. Every rule of
 * the spec gets its own case; names read like a table of contents.
 */
import { cacheHashMatches } from '../../../src/accounts';
import { CachingTokenStore, type PendingVerification, type StoreAnswer, type TokenStore } from '../../../src/node/caching-token-store';
import type { RemovalReason } from '../../../src/protocol';
import { TokenCache } from '../../../src/node/token-cache';
import { ManualClock } from '../../../src/sim/clock';

const KEY = 'elastic/fleet-server/token1';
const OTHER_KEY = 'elastic/fleet-server/token2';
const OTHER_ACCOUNT_KEY = 'elastic/kibana/token1';
const RIGHT = 'right-secret-0123456789';
const WRONG = 'wrong-secret-0123456789';
const ALSO_WRONG = 'another-wrong-secret-42';
const TWENTY_MINUTES = 20 * 60 * 1000;

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(err: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

interface Lookup extends Deferred<boolean> {
  key: string;
  secret: string;
  /** Was an entry for the key already in the cache when the lookup started? */
  entryPresentAtStart: boolean;
}

/** A backing store whose every lookup waits until the test answers it. */
class FakeStore implements TokenStore {
  readonly lookups: Lookup[] = [];
  cache?: TokenCache<PendingVerification>;

  verify(key: string, secret: string): Promise<boolean> {
    const d = deferred<boolean>();
    this.lookups.push({ ...d, key, secret, entryPresentAtStart: this.cache?.peek(key) !== undefined });
    return d.promise;
  }

  /** The n-th lookup (0-based); fails the test if it never started. */
  lookup(n: number): Lookup {
    const l = this.lookups[n];
    if (l === undefined) throw new Error(`lookup #${n} never started (only ${this.lookups.length})`);
    return l;
  }
}

function setup(options: { ttlMs?: number; maxEntries?: number } = {}) {
  const clock = new ManualClock();
  const removed: [string, RemovalReason][] = [];
  const cache = new TokenCache<PendingVerification>({
    clock,
    ttlMs: options.ttlMs ?? TWENTY_MINUTES,
    maxEntries: options.maxEntries ?? 100,
    onRemoved: (key, reason) => removed.push([key, reason]),
  });
  const store = new FakeStore();
  store.cache = cache;
  const caching = new CachingTokenStore(cache, store);
  return { clock, cache, store, caching, removed };
}

/** Lets every queued promise continuation run (no real time passes). */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** KEY authenticated once with the right secret, its lookup answered: the cache then holds a settled success. */
async function verifyOnce(caching: CachingTokenStore, store: FakeStore): Promise<void> {
  const a = start(caching, KEY, RIGHT);
  await flush();
  store.lookup(0).resolve(true);
  await a.promise;
}

/** Starts an authentication and keeps its outcome observable without awaiting it. */
function start(caching: CachingTokenStore, key: string, secret: string) {
  const outcome: { answer?: StoreAnswer; error?: unknown; done: boolean } = { done: false };
  const promise = caching.authenticate(key, secret).then(
    (answer) => {
      outcome.answer = answer;
      outcome.done = true;
      return answer;
    },
    (err: unknown) => {
      outcome.error = err;
      outcome.done = true;
      throw err;
    },
  );
  promise.catch(() => undefined);
  return Object.assign(outcome, { promise });
}

describe('caching token store: a miss makes this request the leader (`CachingServiceAccountTokenStore`)', () => {
  it('inserts the pending entry before the lookup starts (cache size 1 while the lookup is pending)', async () => {
    const { cache, store, caching } = setup();
    const a = start(caching, KEY, RIGHT);
    await flush();
    expect(store.lookups).toHaveLength(1);
    expect(store.lookup(0).entryPresentAtStart).toBe(true);
    expect(cache.size).toBe(1);
    expect(a.done).toBe(false);
    store.lookup(0).resolve(true);
    await a.promise;
  });

  it('a store success answers success (via miss) and the entry stays cached', async () => {
    const { cache, store, caching, removed } = setup();
    const a = start(caching, KEY, RIGHT);
    await flush();
    store.lookup(0).resolve(true);
    expect(await a.promise).toEqual({ ok: true, via: 'miss' });
    expect(cache.size).toBe(1);
    expect(removed).toEqual([]);
  });

  it('the entry keeps a salted hash of the checked secret, never the secret itself', async () => {
    const { cache, store, caching } = setup();
    await verifyOnce(caching, store);
    const hash = cache.peek(KEY)?.value.hash ?? '';
    expect(hash).not.toContain(RIGHT);
    expect(cacheHashMatches(RIGHT, hash)).toBe(true);
    expect(cacheHashMatches(WRONG, hash)).toBe(false);
  });

  it('a store failure answers failure and removes the entry when it completes (reason failed)', async () => {
    const { cache, store, caching, removed } = setup();
    const a = start(caching, KEY, WRONG);
    await flush();
    expect(cache.size).toBe(1);
    store.lookup(0).resolve(false);
    expect(await a.promise).toEqual({ ok: false, via: 'miss' });
    expect(cache.size).toBe(0);
    expect(removed).toEqual([[KEY, 'failed']]);
  });

  it('a store error reaches the leader and removes the entry (reason failed)', async () => {
    const { cache, store, caching, removed } = setup();
    const a = start(caching, KEY, RIGHT);
    await flush();
    const boom = new Error('index unavailable');
    store.lookup(0).reject(boom);
    await expect(a.promise).rejects.toBe(boom);
    expect(cache.size).toBe(0);
    expect(removed).toEqual([[KEY, 'failed']]);
  });

  it('different keys are independent: each has its own entry and its own lookup', async () => {
    const { cache, store, caching } = setup();
    const a = start(caching, KEY, RIGHT);
    const b = start(caching, OTHER_KEY, RIGHT);
    await flush();
    expect(store.lookups.map((l) => l.key)).toEqual([KEY, OTHER_KEY]);
    store.lookup(0).resolve(true);
    store.lookup(1).resolve(false);
    expect(await a.promise).toEqual({ ok: true, via: 'miss' });
    expect(await b.promise).toEqual({ ok: false, via: 'miss' });
    expect(cache.snapshot().map((e) => e.key)).toEqual([KEY]);
  });
});

describe('caching token store: a hit makes this request a follower (`CachingServiceAccountTokenStore`)', () => {
  it('concurrent authentications of one token share a single lookup (5 callers, 1 lookup)', async () => {
    const { store, caching } = setup();
    const callers = Array.from({ length: 5 }, () => start(caching, KEY, RIGHT));
    await flush();
    expect(store.lookups).toHaveLength(1);
    expect(callers.some((c) => c.done)).toBe(false);
    store.lookup(0).resolve(true);
    const answers = await Promise.all(callers.map((c) => c.promise));
    expect(answers).toEqual([{ ok: true, via: 'miss' }, ...Array(4).fill({ ok: true, via: 'hit' })]);
    expect(store.lookups).toHaveLength(1);
  });

  it('a cached success with the same secret answers success without a lookup (via hit)', async () => {
    const { store, caching } = setup();
    await verifyOnce(caching, store);
    expect(await caching.authenticate(KEY, RIGHT)).toEqual({ ok: true, via: 'hit' });
    expect(store.lookups).toHaveLength(1);
  });

  it('a cached success with a different secret fails without a lookup and without evicting the entry', async () => {
    const { cache, store, caching, removed } = setup();
    await verifyOnce(caching, store);
    const entry = cache.peek(KEY);
    expect(await caching.authenticate(KEY, WRONG)).toEqual({ ok: false, via: 'hit' });
    expect(store.lookups).toHaveLength(1);
    expect(cache.peek(KEY)).toBe(entry);
    expect(removed).toEqual([]);
    expect(await caching.authenticate(KEY, RIGHT)).toEqual({ ok: true, via: 'hit' });
  });

  it('a follower with a different secret than a succeeding pending leader waits, then fails without a lookup', async () => {
    const { cache, store, caching } = setup();
    const leader = start(caching, KEY, RIGHT);
    const follower = start(caching, KEY, WRONG);
    await flush();
    expect(follower.done).toBe(false);
    store.lookup(0).resolve(true);
    expect(await leader.promise).toEqual({ ok: true, via: 'miss' });
    expect(await follower.promise).toEqual({ ok: false, via: 'hit' });
    expect(store.lookups).toHaveLength(1);
    expect(cache.size).toBe(1);
  });

  it('only successes stay: a failure is removed when it completes (reason failed), yet waiting followers with the same secret get the failure', async () => {
    const { cache, store, caching, removed } = setup();
    const callers = Array.from({ length: 3 }, () => start(caching, KEY, WRONG));
    await flush();
    expect(cache.size).toBe(1);
    store.lookup(0).resolve(false);
    const answers = await Promise.all(callers.map((c) => c.promise));
    expect(answers).toEqual([{ ok: false, via: 'miss' }, { ok: false, via: 'hit' }, { ok: false, via: 'hit' }]);
    expect(store.lookups).toHaveLength(1); // same wrong secret: no retry
    expect(cache.size).toBe(0);
    expect(removed).toEqual([[KEY, 'failed']]);
  });

  it('after a failure the next request with the same secret does a fresh lookup', async () => {
    const { store, caching } = setup();
    const a = start(caching, KEY, WRONG);
    await flush();
    store.lookup(0).resolve(false);
    await a.promise;
    const b = start(caching, KEY, WRONG);
    await flush();
    expect(store.lookups).toHaveLength(2);
    store.lookup(1).resolve(false);
    expect(await b.promise).toEqual({ ok: false, via: 'miss' });
  });

  it('a follower with a different secret than a failed leader retries and becomes the new leader', async () => {
    const { cache, store, caching } = setup();
    const leader = start(caching, KEY, WRONG);
    const follower = start(caching, KEY, RIGHT);
    await flush();
    expect(store.lookups).toHaveLength(1);
    store.lookup(0).resolve(false);
    expect(await leader.promise).toEqual({ ok: false, via: 'miss' });
    await flush();
    expect(store.lookups).toHaveLength(2);
    expect(store.lookup(1)).toMatchObject({ key: KEY, secret: RIGHT, entryPresentAtStart: true });
    expect(follower.done).toBe(false);
    store.lookup(1).resolve(true);
    expect(await follower.promise).toEqual({ ok: true, via: 'miss' });
    expect(cacheHashMatches(RIGHT, cache.peek(KEY)?.value.hash ?? '')).toBe(true);
  });

  it('several followers with a different secret than a failed leader: one leads the retry, the others follow it', async () => {
    const { store, caching } = setup();
    const leader = start(caching, KEY, WRONG);
    const followers = [start(caching, KEY, RIGHT), start(caching, KEY, RIGHT)];
    await flush();
    store.lookup(0).resolve(false);
    await leader.promise;
    await flush();
    expect(store.lookups).toHaveLength(2);
    store.lookup(1).resolve(true);
    expect(await Promise.all(followers.map((f) => f.promise))).toEqual([
      { ok: true, via: 'miss' },
      { ok: true, via: 'hit' },
    ]);
  });

  it('a follower with yet another wrong secret retries, and its own failure is not cached either', async () => {
    const { cache, store, caching } = setup();
    const leader = start(caching, KEY, WRONG);
    const follower = start(caching, KEY, ALSO_WRONG);
    await flush();
    store.lookup(0).resolve(false);
    await leader.promise;
    await flush();
    store.lookup(1).resolve(false);
    expect(await follower.promise).toEqual({ ok: false, via: 'miss' });
    expect(store.lookups).toHaveLength(2);
    expect(cache.size).toBe(0);
  });

  it('a store error reaches every waiter and leaves nothing cached', async () => {
    const { cache, store, caching, removed } = setup();
    const callers = [start(caching, KEY, RIGHT), start(caching, KEY, RIGHT), start(caching, KEY, WRONG)];
    await flush();
    const boom = new Error('index unavailable');
    store.lookup(0).reject(boom);
    for (const c of callers) await expect(c.promise).rejects.toBe(boom);
    expect(store.lookups).toHaveLength(1); // an error is not retried, whatever the secret
    expect(cache.size).toBe(0);
    expect(removed).toEqual([[KEY, 'failed']]);
  });

  it('after a store error the next request does a fresh lookup', async () => {
    const { store, caching } = setup();
    const a = start(caching, KEY, RIGHT);
    await flush();
    store.lookup(0).reject(new Error('index unavailable'));
    await expect(a.promise).rejects.toThrow('index unavailable');
    const b = start(caching, KEY, RIGHT);
    await flush();
    expect(store.lookups).toHaveLength(2);
    store.lookup(1).resolve(true);
    expect(await b.promise).toEqual({ ok: true, via: 'miss' });
  });
});

describe('caching token store: the answer known at once (a settled success in the cache)', () => {
  it('is given without waiting, counted as one hit, for the right secret and the wrong one', async () => {
    const { cache, store, caching } = setup();
    await verifyOnce(caching, store);
    const before = cache.stats().hits;
    expect(caching.answerNow(KEY, RIGHT)).toEqual({ ok: true, via: 'hit' });
    expect(caching.answerNow(KEY, WRONG)).toEqual({ ok: false, via: 'hit' });
    expect(cache.stats().hits).toBe(before + 2);
    expect(store.lookups).toHaveLength(1);
  });

  it('is not given while the verification is pending, and nothing is counted or touched', async () => {
    const { cache, store, caching } = setup();
    const a = start(caching, KEY, RIGHT);
    await flush();
    const stats = cache.stats();
    expect(caching.answerNow(KEY, RIGHT)).toBeUndefined();
    expect(cache.stats()).toEqual(stats);
    store.lookup(0).resolve(true);
    await a.promise;
  });

  it('is not given for a missing, expired or cleared entry, nor with caching off', async () => {
    const { clock, cache, store, caching } = setup();
    expect(caching.answerNow(KEY, RIGHT)).toBeUndefined();
    await verifyOnce(caching, store);
    cache.invalidate([KEY], 'cleared');
    expect(caching.answerNow(KEY, RIGHT)).toBeUndefined();
    const b = start(caching, KEY, RIGHT);
    await flush();
    store.lookup(1).resolve(true);
    await b.promise;
    clock.advance(TWENTY_MINUTES + 1);
    expect(caching.answerNow(KEY, RIGHT)).toBeUndefined();
    expect(setup({ ttlMs: 0 }).caching.answerNow(KEY, RIGHT)).toBeUndefined();
  });
});

describe('caching token store: invalidation (`CachingServiceAccountTokenStore`)', () => {
  async function cached(caching: CachingTokenStore, store: FakeStore, ...keys: string[]) {
    for (const key of keys) {
      const a = start(caching, key, RIGHT);
      await flush();
      store.lookups[store.lookups.length - 1]?.resolve(true);
      await a.promise;
    }
  }

  it('an exact key removes a cached success at once; the next request looks the token up again', async () => {
    const { cache, store, caching, removed } = setup();
    await cached(caching, store, KEY, OTHER_KEY);
    expect(cache.invalidate([KEY], 'cleared')).toBe(1);
    expect(cache.snapshot().map((e) => e.key)).toEqual([OTHER_KEY]);
    expect(removed).toEqual([[KEY, 'cleared']]);
    const again = start(caching, KEY, RIGHT);
    await flush();
    expect(store.lookups).toHaveLength(3);
    store.lookup(2).resolve(true);
    expect(await again.promise).toEqual({ ok: true, via: 'miss' });
  });

  it('a key ending in / is an account prefix: every token of that account, no other account', async () => {
    const { cache, store, caching } = setup();
    await cached(caching, store, KEY, OTHER_KEY, OTHER_ACCOUNT_KEY);
    expect(cache.invalidate(['elastic/fleet-server/'], 'cleared')).toBe(2);
    expect(cache.snapshot().map((e) => e.key)).toEqual([OTHER_ACCOUNT_KEY]);
  });

  it('invalidateAll empties the cache', async () => {
    const { cache, store, caching } = setup();
    await cached(caching, store, KEY, OTHER_KEY, OTHER_ACCOUNT_KEY);
    expect(cache.invalidateAll('cleared')).toBe(3);
    expect(cache.size).toBe(0);
  });

  it('removal of a pending entry is immediate: it does not wait for the lookup', async () => {
    const { cache, store, caching } = setup();
    const a = start(caching, KEY, RIGHT);
    await flush();
    expect(cache.invalidate([KEY], 'cleared')).toBe(1);
    expect(cache.size).toBe(0);
    expect(a.done).toBe(false);
    store.lookup(0).resolve(true);
    await a.promise;
  });
});

describe('caching token store: no stale re-population (`CachingServiceAccountTokenStore`)', () => {
  it("an invalidation while the lookup is pending: the old lookup's success is not put back (cache stays empty; next request does a fresh lookup)", async () => {
    const { cache, store, caching } = setup();
    const stale = start(caching, KEY, RIGHT);
    await flush();
    cache.invalidate([KEY], 'cleared');
    store.lookup(0).resolve(true);
    // The request that started before the invalidation still gets its own answer …
    expect(await stale.promise).toEqual({ ok: true, via: 'miss' });
    // … but the answer never reaches the cache.
    await flush();
    expect(cache.size).toBe(0);
    const next = start(caching, KEY, RIGHT);
    await flush();
    expect(store.lookups).toHaveLength(2);
    store.lookup(1).resolve(false); // the token is gone now
    expect(await next.promise).toEqual({ ok: false, via: 'miss' });
    expect(cache.size).toBe(0);
  });

  it('the same holds for invalidateAll and for an account prefix', async () => {
    for (const invalidate of [
      (c: TokenCache<PendingVerification>) => c.invalidateAll('file-changed'),
      (c: TokenCache<PendingVerification>) => c.invalidate(['elastic/fleet-server/'], 'cleared'),
    ]) {
      const { cache, store, caching } = setup();
      const stale = start(caching, KEY, RIGHT);
      await flush();
      invalidate(cache);
      store.lookup(0).resolve(true);
      await stale.promise;
      expect(cache.size).toBe(0);
    }
  });

  it('followers attached before the invalidation get the orphaned result; requests after it do not join it', async () => {
    const { cache, store, caching } = setup();
    const leader = start(caching, KEY, RIGHT);
    const earlyFollower = start(caching, KEY, RIGHT);
    await flush();
    cache.invalidate([KEY], 'cleared');
    const late = start(caching, KEY, RIGHT);
    await flush();
    expect(store.lookups).toHaveLength(2); // the late request did its own lookup
    store.lookup(0).resolve(true);
    expect(await leader.promise).toEqual({ ok: true, via: 'miss' });
    expect(await earlyFollower.promise).toEqual({ ok: true, via: 'hit' });
    expect(late.done).toBe(false);
    store.lookup(1).resolve(false);
    expect(await late.promise).toEqual({ ok: false, via: 'miss' });
    expect(cache.size).toBe(0);
  });

  it('a stale leader failing after an invalidation + new insert does not evict the newer entry (compare-and-delete)', async () => {
    const { cache, store, caching, removed } = setup();
    const stale = start(caching, KEY, WRONG);
    await flush();
    cache.invalidate([KEY], 'cleared');
    const fresh = start(caching, KEY, RIGHT);
    await flush();
    const newer = cache.peek(KEY);
    expect(newer).toBeDefined();
    store.lookup(0).resolve(false);
    expect(await stale.promise).toEqual({ ok: false, via: 'miss' });
    expect(cache.peek(KEY)).toBe(newer);
    expect(removed).toEqual([[KEY, 'cleared']]); // no 'failed' removal of the newer entry
    store.lookup(1).resolve(true);
    expect(await fresh.promise).toEqual({ ok: true, via: 'miss' });
    expect(cache.peek(KEY)).toBe(newer);
  });

  it('a stale leader erroring after an invalidation + new insert does not evict the newer entry', async () => {
    const { cache, store, caching } = setup();
    const stale = start(caching, KEY, RIGHT);
    await flush();
    cache.invalidate([KEY], 'cleared');
    const fresh = start(caching, KEY, RIGHT);
    await flush();
    const newer = cache.peek(KEY);
    store.lookup(0).reject(new Error('index unavailable'));
    await expect(stale.promise).rejects.toThrow('index unavailable');
    expect(cache.peek(KEY)).toBe(newer);
    store.lookup(1).resolve(true);
    expect(await fresh.promise).toEqual({ ok: true, via: 'miss' });
  });

  it('a stale follower retrying after its failed leader does not evict a newer entry; it follows it', async () => {
    const { cache, store, caching, removed } = setup();
    const staleLeader = start(caching, KEY, WRONG);
    const staleFollower = start(caching, KEY, RIGHT);
    await flush();
    cache.invalidate([KEY], 'cleared');
    const fresh = start(caching, KEY, RIGHT);
    await flush();
    const newer = cache.peek(KEY);
    store.lookup(0).resolve(false);
    await staleLeader.promise;
    await flush();
    expect(store.lookups).toHaveLength(2); // the follower joined the newer entry instead of a third lookup
    expect(cache.peek(KEY)).toBe(newer);
    store.lookup(1).resolve(true);
    expect(await fresh.promise).toEqual({ ok: true, via: 'miss' });
    expect(await staleFollower.promise).toEqual({ ok: true, via: 'hit' });
    expect(removed).toEqual([[KEY, 'cleared']]);
  });
});

describe('caching token store: time to live (`CachingServiceAccountTokenStore`)', () => {
  it('an entry expires 20 minutes after it was written, whatever its use (expire-after-write, reason expired)', async () => {
    const { clock, store, caching, removed } = setup();
    await verifyOnce(caching, store);
    clock.advance(TWENTY_MINUTES - 1);
    expect(await caching.authenticate(KEY, RIGHT)).toEqual({ ok: true, via: 'hit' }); // a read does not extend it
    expect(store.lookups).toHaveLength(1);
    clock.advance(2);
    const b = start(caching, KEY, RIGHT);
    await flush();
    expect(removed).toEqual([[KEY, 'expired']]);
    expect(store.lookups).toHaveLength(2);
    store.lookup(1).resolve(true);
    expect(await b.promise).toEqual({ ok: true, via: 'miss' });
  });

  it('age counts from when the pending entry was inserted, not from when its lookup completed', async () => {
    const { clock, store, caching } = setup();
    const a = start(caching, KEY, RIGHT);
    await flush();
    clock.advance(5 * 60 * 1000);
    store.lookup(0).resolve(true);
    await a.promise;
    clock.advance(TWENTY_MINUTES - 5 * 60 * 1000 + 1);
    const b = start(caching, KEY, RIGHT);
    await flush();
    expect(store.lookups).toHaveLength(2);
    store.lookup(1).resolve(true);
    await b.promise;
  });

  it('a pending entry that outlives the TTL is expired too: the next request starts its own lookup', async () => {
    const { clock, store, caching } = setup();
    const a = start(caching, KEY, RIGHT);
    await flush();
    clock.advance(TWENTY_MINUTES + 1);
    const b = start(caching, KEY, RIGHT);
    await flush();
    expect(store.lookups).toHaveLength(2);
    store.lookup(0).resolve(true);
    store.lookup(1).resolve(true);
    await Promise.all([a.promise, b.promise]);
  });

  it.each([0, -1])('TTL %d disables caching: every request goes to the store and nothing is cached', async (ttlMs) => {
    const { cache, store, caching } = setup({ ttlMs });
    const callers = Array.from({ length: 3 }, () => start(caching, KEY, RIGHT));
    await flush();
    expect(store.lookups).toHaveLength(3); // no sharing either
    expect(cache.size).toBe(0);
    for (const l of store.lookups) l.resolve(true);
    expect(await Promise.all(callers.map((c) => c.promise))).toEqual(Array(3).fill({ ok: true, via: 'uncached' }));
    expect(cache.size).toBe(0);
    const wrong = start(caching, KEY, WRONG);
    await flush();
    store.lookup(3).resolve(false);
    expect(await wrong.promise).toEqual({ ok: false, via: 'uncached' });
    expect(cache.invalidate([KEY], 'cleared')).toBe(0);
    expect(cache.invalidateAll('cleared')).toBe(0);
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 0 });
  });

  it('TTL ≤ 0: a store error still reaches the caller', async () => {
    const { store, caching } = setup({ ttlMs: 0 });
    const a = start(caching, KEY, RIGHT);
    await flush();
    store.lookup(0).reject(new Error('index unavailable'));
    await expect(a.promise).rejects.toThrow('index unavailable');
  });
});

describe('caching token store: bound (`CachingServiceAccountTokenStore` max_tokens)', () => {
  it('beyond max entries the least recently used is evicted (reason evicted), and its next request looks up again', async () => {
    const { store, caching, removed } = setup({ maxEntries: 2 });
    for (const key of [KEY, OTHER_KEY]) {
      const a = start(caching, key, RIGHT);
      await flush();
      store.lookups[store.lookups.length - 1]?.resolve(true);
      await a.promise;
    }
    await caching.authenticate(KEY, RIGHT); // KEY is now the most recently used
    const c = start(caching, OTHER_ACCOUNT_KEY, RIGHT);
    await flush();
    expect(removed).toEqual([[OTHER_KEY, 'evicted']]);
    store.lookup(2).resolve(true);
    await c.promise;
    expect(await caching.authenticate(KEY, RIGHT)).toEqual({ ok: true, via: 'hit' });
    expect(store.lookups).toHaveLength(3);
  });
});

describe('caching token store: stats', () => {
  it('counts a miss for each leader and a hit for each follower or cached answer', async () => {
    const { cache, store, caching } = setup();
    const callers = [start(caching, KEY, RIGHT), start(caching, KEY, RIGHT), start(caching, KEY, WRONG)];
    await flush();
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 1 });
    store.lookup(0).resolve(true);
    await Promise.all(callers.map((c) => c.promise));
    await caching.authenticate(KEY, RIGHT);
    expect(cache.stats()).toMatchObject({ hits: 3, misses: 1 });
    expect(cache.peek(KEY)?.hits).toBe(3);
  });

  it('a follower that retries after a failed leader counts a hit, then a miss', async () => {
    const { cache, store, caching } = setup();
    const leader = start(caching, KEY, WRONG);
    const follower = start(caching, KEY, RIGHT);
    await flush();
    store.lookup(0).resolve(false);
    await leader.promise;
    await flush();
    store.lookup(1).resolve(true);
    await follower.promise;
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 2 });
  });

  it('counts every removal by its reason', async () => {
    const { clock, cache, store, caching } = setup();
    const failed = start(caching, KEY, WRONG);
    await flush();
    store.lookup(0).resolve(false);
    await failed.promise;
    const ok = start(caching, KEY, RIGHT);
    await flush();
    store.lookup(1).resolve(true);
    await ok.promise;
    cache.invalidate([KEY], 'cleared');
    const again = start(caching, KEY, RIGHT);
    await flush();
    store.lookup(2).resolve(true);
    await again.promise;
    clock.advance(TWENTY_MINUTES + 1);
    expect(cache.peek(KEY)).toBeUndefined();
    expect(cache.stats().removed).toMatchObject({ failed: 1, cleared: 1, expired: 1, evicted: 0 });
  });
});
