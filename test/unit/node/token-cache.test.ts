import { ManualClock } from '../../../src/sim/clock';
import type { RemovalReason } from '../../../src/protocol';
import { accountPrefixOf, TokenCache } from '../../../src/node/token-cache';

function cache(options: { ttlMs?: number; maxEntries?: number } = {}) {
  const clock = new ManualClock();
  const removed: [string, RemovalReason][] = [];
  const c = new TokenCache<string>({
    clock,
    ttlMs: options.ttlMs ?? 60_000,
    maxEntries: options.maxEntries ?? 100,
    onRemoved: (key, reason) => removed.push([key, reason]),
  });
  return { c, clock, removed };
}

const keysOf = (c: TokenCache<string>) => c.snapshot().map((e) => e.key).sort();

describe('token cache: invalidation by key', () => {
  it('removes exactly the named key and leaves the others', () => {
    const { c } = cache();
    c.insert('elastic/fleet-server/token1', 'a');
    c.insert('elastic/fleet-server/token2', 'b');
    expect(c.invalidate(['elastic/fleet-server/token1'], 'cleared')).toBe(1);
    expect(keysOf(c)).toEqual(['elastic/fleet-server/token2']);
  });

  it('treats an unknown key as a no-op', () => {
    const { c } = cache();
    c.insert('elastic/fleet-server/token1', 'a');
    expect(c.invalidate(['elastic/fleet-server/does-not-exist'], 'cleared')).toBe(0);
    expect(c.size).toBe(1);
  });

  it('matches keys case-sensitively', () => {
    const { c } = cache();
    c.insert('elastic/fleet-server/Token1', 'a');
    c.invalidate(['elastic/fleet-server/token1'], 'cleared');
    expect(c.size).toBe(1);
  });
});

describe('token cache: invalidation by account prefix', () => {
  it('evicts every token of the account and no other account', () => {
    const { c } = cache();
    c.insert('elastic/fleet-server/token1', 'a');
    c.insert('elastic/fleet-server/token2', 'b');
    c.insert('elastic/fleet-server-remote/token1', 'c');
    c.insert('elastic/kibana/token1', 'd');
    expect(c.invalidate(['elastic/fleet-server/'], 'cleared')).toBe(2);
    expect(keysOf(c)).toEqual(['elastic/fleet-server-remote/token1', 'elastic/kibana/token1']);
  });

  it('a namespace prefix evicts every account under it', () => {
    const { c } = cache();
    c.insert('elastic/fleet-server/token1', 'a');
    c.insert('elastic/kibana/token1', 'b');
    c.insert('other/svc/token1', 'c');
    expect(c.invalidate(['elastic/'], 'cleared')).toBe(2);
    expect(keysOf(c)).toEqual(['other/svc/token1']);
  });

  it('an empty key list empties the whole cache', () => {
    const { c } = cache();
    c.insert('elastic/fleet-server/token1', 'a');
    c.insert('elastic/kibana/token1', 'b');
    expect(c.invalidate([], 'cleared')).toBe(2);
    expect(c.size).toBe(0);
  });

  it('accountPrefixOf keeps the trailing slash', () => {
    expect(accountPrefixOf('elastic/fleet-server/token1')).toBe('elastic/fleet-server/');
  });
});

describe('token cache: every removal says why', () => {
  it('counts removals by reason and reports each one', () => {
    const { c, removed } = cache({ ttlMs: 1000, maxEntries: 1 });
    c.insert('a/b/1', 'x');
    c.insert('a/b/2', 'y'); // evicts a/b/1
    c.invalidate(['a/b/2'], 'cleared');
    c.insert('a/b/3', 'z');
    c.invalidateAll('file-changed');
    expect(removed).toEqual([
      ['a/b/1', 'evicted'],
      ['a/b/2', 'cleared'],
      ['a/b/3', 'file-changed'],
    ]);
    expect(c.stats().removed).toEqual({ cleared: 1, 'file-changed': 1, 'index-state': 0, expired: 0, evicted: 1, failed: 0 });
  });
});

describe('token cache: expiry and eviction', () => {
  it('expires an entry a TTL after it was written, even if it is read meanwhile', () => {
    const { c, clock, removed } = cache({ ttlMs: 20 * 60_000 });
    c.insert('elastic/fleet-server/token1', 'a');
    clock.advance(19 * 60_000);
    expect(c.get('elastic/fleet-server/token1')).toBeDefined();
    clock.advance(60_000);
    expect(c.get('elastic/fleet-server/token1')).toBeUndefined();
    expect(removed).toEqual([['elastic/fleet-server/token1', 'expired']]);
  });

  it('evicts the least recently used entry beyond the bound', () => {
    const { c } = cache({ maxEntries: 2 });
    c.insert('a/b/1', 'x');
    c.insert('a/b/2', 'y');
    c.get('a/b/1');
    c.insert('a/b/3', 'z');
    expect(keysOf(c)).toEqual(['a/b/1', 'a/b/3']);
  });

  it('stores nothing when the TTL is zero or less (caching disabled)', () => {
    const { c } = cache({ ttlMs: 0 });
    c.insert('a/b/1', 'x');
    expect(c.enabled).toBe(false);
    expect(c.size).toBe(0);
  });

  it('reports age, time left before expiry (not extended by hits) and hits of each entry', () => {
    const { c, clock } = cache();
    c.insert('a/b/1', 'x');
    clock.advance(250);
    c.get('a/b/1');
    c.get('a/b/1');
    expect(c.snapshot()).toEqual([{ key: 'a/b/1', age_ms: 250, expires_in_ms: 59_750, hits: 2 }]);
    expect(c.stats()).toMatchObject({ hits: 2, misses: 0 });
  });
});

describe('token cache: compare-and-delete', () => {
  it('removeIf removes only the entry it was given, never a newer one under the same key', () => {
    const { c } = cache();
    const old = c.insert('a/b/1', 'old');
    c.invalidate(['a/b/1'], 'cleared');
    c.insert('a/b/1', 'new');
    expect(c.removeIf('a/b/1', old, 'failed')).toBe(false);
    expect(c.peek('a/b/1')?.value).toBe('new');
  });
});

describe('token cache: prefix clear uses the account index', () => {
  it('clears 1,000 keys of one account among 100,000 without touching the rest', () => {
    const { c } = cache({ maxEntries: 200_000 });
    for (let i = 0; i < 99_000; i++) c.insert(`elastic/kibana/t${i}`, 'x');
    for (let i = 0; i < 1_000; i++) c.insert(`elastic/fleet-server/t${i}`, 'x');
    expect(c.invalidate(['elastic/fleet-server/'], 'cleared')).toBe(1_000);
    expect(c.size).toBe(99_000);
  });
});
