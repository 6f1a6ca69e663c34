import { alarmText, LIMITS, fromSnapshot, initialState, parseJournal, reduce, reduceAll, revokedIndexTokens, type Snapshot } from '../../../src/ui/reducer';
import { checkJournal } from '../../../src/check/check-journal';
import type { JournalEntry, SimEvent } from '../../../src/ui/journal-types';

const TTL = 60_000;
const TOKEN = 'elastic/fleet-server/t1';

function journal(...events: [number, SimEvent][]): JournalEntry[] {
  return events.map(([time_ms, event], i) => ({ seq: i + 1, time_ms, event }));
}

/** A token filled on node-2's index cache, deleted while node-2 is cut off, then accepted there (a journal from before `token.revoked`). */
const REVOKED = journal(
  [0, { type: 'node.up', node: 'node-1', pid: null }],
  [0, { type: 'node.up', node: 'node-2', pid: null }],
  [10, { type: 'token.created', token: TOKEN }],
  [20, { type: 'cache.miss', node: 'node-2', cache: 'index', key: TOKEN }],
  [25, { type: 'cache.filled', node: 'node-2', cache: 'index', key: TOKEN }],
  [26, { type: 'token.authenticated', node: 'node-2', token: TOKEN, result: 'success', file: 'miss', index: 'miss' }],
  [30, { type: 'fault.added', id: 'cut', fault: { type: 'partition', nodes: ['node-2'], messages: ['clear-cache'], direction: 'both' } }],
  [40, { type: 'message.sent', node: 'node-1', kind: 'clear-cache', id: 'a' }],
  [40, { type: 'message.sent', node: 'node-2', kind: 'clear-cache', id: 'b' }],
  [40, { type: 'message.dropped', node: 'node-2', kind: 'clear-cache', leg: 'request', fault: 'cut', because: 'partition' }],
  [41, { type: 'message.delivered', node: 'node-1', kind: 'clear-cache', id: 'a', ok: true }],
  [540, { type: 'message.timed_out', node: 'node-2', kind: 'clear-cache', id: 'b', ms: 500 }],
  [541, { type: 'token.deleted', token: TOKEN, found: true, staleOn: ['node-2'] }],
  [600, { type: 'cache.hit', node: 'node-2', cache: 'index', key: TOKEN }],
  [600, { type: 'token.authenticated', node: 'node-2', token: TOKEN, result: 'success', file: 'miss', index: 'hit' }],
);

describe('dashboard reducer: caches', () => {
  it('puts a filled entry in the node cache with its expiry one TTL later', () => {
    const s = reduceAll(initialState(TTL), REVOKED.slice(0, 5));
    expect(s.nodes['node-2']?.caches.index.entries[TOKEN]).toEqual({ key: TOKEN, filledAt: 25, expiresAt: 25 + TTL, hits: 0 });
    expect(s.nodes['node-2']?.caches.index.misses).toBe(1);
  });

  it('drops a removed entry and counts the removal by its reason', () => {
    const s = reduceAll(initialState(TTL), [
      ...REVOKED.slice(0, 5),
      { seq: 6, time_ms: 70, event: { type: 'cache.removed', node: 'node-2', cache: 'index', key: TOKEN, reason: 'expired' } },
    ]);
    expect(s.nodes['node-2']?.caches.index.entries).toEqual({});
    expect(s.nodes['node-2']?.caches.index.removed).toEqual({ expired: 1 });
  });

  it('empties the caches of a node that goes down, and shows it down', () => {
    const s = reduceAll(initialState(TTL), [...REVOKED.slice(0, 5), { seq: 6, time_ms: 70, event: { type: 'node.down', node: 'node-2', reason: 'killed' } }]);
    expect(s.nodes['node-2']?.status).toBe('down');
    expect(s.nodes['node-2']?.caches.index.entries).toEqual({});
  });
});

describe('dashboard reducer: messages and faults', () => {
  it('ends a dropped request at its drop, and keeps it dropped when it later times out', () => {
    const s = reduceAll(initialState(TTL), REVOKED);
    const byId = Object.fromEntries(s.messages.map((m) => [m.id, m]));
    expect(byId.a).toMatchObject({ fate: 'delivered', sentAt: 40, endAt: 41 });
    expect(byId.b).toMatchObject({ fate: 'dropped', by: 'cut' });
  });

  it('keeps a fault interval open until it is healed', () => {
    const open = reduceAll(initialState(TTL), REVOKED);
    expect(open.faults.cut).toMatchObject({ from: 30, to: null });
    const healed = reduce(open, { seq: 99, time_ms: 900, event: { type: 'fault.healed', id: 'cut' } });
    expect(healed.faults).toEqual({});
    expect(healed.faultHistory).toEqual([expect.objectContaining({ id: 'cut', from: 30, to: 900 })]);
  });
});

/** The same run as today's journals record it: the commit (`token.revoked`) comes before the clears. */
const DROPPED_CLEAR = journal(
  [0, { type: 'cluster.started', nodes: ['node-1', 'node-2'], token_cache_ttl_ms: TTL, fan_out_timeout_ms: 500, seed: 1 }],
  ...(REVOKED.slice(2, 7).map((e) => [e.time_ms, e.event]) as [number, SimEvent][]),
  [39, { type: 'token.revoked', token: TOKEN, found: true }],
  ...(REVOKED.slice(7).map((e) => [e.time_ms, e.event]) as [number, SimEvent][]),
);

const FILE_TOKEN = 'elastic/fleet-server/token1';
/** node-1's watcher is blind: the token is taken out of its file, and node-1 still lets it in. */
const FILE_REMOVED = journal(
  [0, { type: 'cluster.started', nodes: ['node-1', 'node-2'], token_cache_ttl_ms: TTL, fan_out_timeout_ms: 500, seed: 1 }],
  [10, { type: 'cache.miss', node: 'node-1', cache: 'file', key: FILE_TOKEN }],
  [11, { type: 'cache.filled', node: 'node-1', cache: 'file', key: FILE_TOKEN }],
  [11, { type: 'token.authenticated', node: 'node-1', token: FILE_TOKEN, result: 'success', file: 'miss' }],
  [20, { type: 'fault.added', id: 'blind', fault: { type: 'watcher-blind', nodes: ['node-1'] } }],
  [100, { type: 'file.written', node: 'node-1', added: [], removed: [FILE_TOKEN] }],
  [101, { type: 'file.missed', node: 'node-1' }],
  [300, { type: 'cache.hit', node: 'node-1', cache: 'file', key: FILE_TOKEN }],
  [300, { type: 'token.authenticated', node: 'node-1', token: FILE_TOKEN, result: 'success', file: 'hit' }],
);

describe('dashboard reducer: the revoked-token alarm, in the checker\'s words', () => {
  it('raises it when a node accepts a deleted token from its index cache, naming the clear-cache it missed', () => {
    const s = reduceAll(initialState(), DROPPED_CLEAR);
    expect(s.alarms).toHaveLength(1);
    expect(alarmText(s, s.nodes['node-2']!.alarms[0]!)).toBe(
      'node-2 accepted elastic/fleet-server/t1 561 ms after its deletion from the security index (clear-cache message lost in partition by fault [cut]; clear-cache message timed out after 500 ms), so it stays valid there until its cache entry expires, 59981 ms after the revocation.',
    );
    expect(s.nodes['node-1']?.alarms).toEqual([]);
  });

  it('says exactly what npm run check says for the same journal (a dropped clear)', () => {
    const s = reduceAll(initialState(), DROPPED_CLEAR);
    const report = checkJournal(DROPPED_CLEAR);
    expect(report.accepted.map((a) => [a.node, a.sentence])).toEqual([['node-2', alarmText(s, s.alarms[0]!)]]);
  });

  it('tells an alarm with what was learned after it (a timeout that came later)', () => {
    const early = journal(...(DROPPED_CLEAR.map((e) => [e.time_ms, e.event]) as [number, SimEvent][]).filter(([, e]) => e.type !== 'message.timed_out' && e.type !== 'token.deleted'));
    const before = reduceAll(initialState(), early);
    expect(alarmText(before, before.alarms[0]!)).toContain('(clear-cache message lost in partition by fault [cut]), so');
    const after = reduce(before, { seq: 99, time_ms: 700, event: { type: 'message.timed_out', node: 'node-2', kind: 'clear-cache', id: 'b', ms: 500 } });
    expect(alarmText(after, after.alarms[0]!)).toContain('(clear-cache message lost in partition by fault [cut]; clear-cache message timed out after 500 ms), so');
    expect(alarmText(before, before.alarms[0]!)).not.toContain('timed out');
  });

  it('raises it when a node accepts a token removed from its own service_tokens file (a blind watcher)', () => {
    const s = reduceAll(initialState(), FILE_REMOVED);
    expect(s.alarms.map((a) => [a.node, a.token])).toEqual([['node-1', FILE_TOKEN]]);
    expect(alarmText(s, s.alarms[0]!)).toBe(
      "node-1 accepted elastic/fleet-server/token1 200 ms after it was removed from node-1's service_tokens file (watcher missed the file change), so it stays valid there until node-1 reloads its file or restarts.",
    );
    expect(checkJournal(FILE_REMOVED).accepted.map((a) => a.sentence)).toEqual([alarmText(s, s.alarms[0]!)]);
    expect(s.marks.filter((m) => m.type === 'alarm').map((m) => m.lane)).toEqual(['node-1']);
  });

  it('raises a violation, as the checker explains it, when a node accepts after it reloaded its file without the token', () => {
    const reloaded = journal(
      ...(FILE_REMOVED.slice(0, 6).map((e) => [e.time_ms, e.event]) as [number, SimEvent][]),
      [120, { type: 'file.reloaded', node: 'node-1', changed: true, tokens: 0, added: [], removed: [FILE_TOKEN] }],
      [300, { type: 'cache.hit', node: 'node-1', cache: 'file', key: FILE_TOKEN }],
      [300, { type: 'token.authenticated', node: 'node-1', token: FILE_TOKEN, result: 'success', file: 'hit' }],
    );
    const s = reduceAll(initialState(), reloaded);
    expect(alarmText(s, s.alarms[0]!)).toBe(checkJournal(reloaded).violations[0]!.explanation);
    expect(alarmText(s, s.alarms[0]!)).toMatch(/^\(a\) node-1 accepted elastic\/fleet-server\/token1 at 300 ms \(#9\)/);
  });

  it('keeps a long run of alarms bounded: the newest are kept, each with its own sentence', () => {
    const base = reduceAll(initialState(), FILE_REMOVED);
    const more: JournalEntry[] = [];
    for (let i = 0; i < 2 * LIMITS.alarms; i++) {
      more.push({ seq: 100 + 2 * i, time_ms: 400 + i, event: { type: 'cache.hit', node: 'node-1', cache: 'file', key: FILE_TOKEN } });
      more.push({ seq: 101 + 2 * i, time_ms: 400 + i, event: { type: 'token.authenticated', node: 'node-1', token: FILE_TOKEN, result: 'success', file: 'hit' } });
    }
    const s = reduceAll(base, more);
    expect(s.alarms).toHaveLength(LIMITS.alarms);
    expect(s.check.acceptances.length).toBeLessThanOrEqual(LIMITS.alarms);
    expect(alarmText(s, s.alarms[s.alarms.length - 1]!)).toContain(`accepted elastic/fleet-server/token1 ${400 + 2 * LIMITS.alarms - 1 - 100} ms after`);
  });

  it('raises none for a token created again after its deletion', () => {
    const again = [...REVOKED.slice(0, 13), { seq: 14, time_ms: 550, event: { type: 'token.created', token: TOKEN } as SimEvent }, ...REVOKED.slice(13).map((e) => ({ ...e, seq: e.seq + 1 }))];
    expect(reduceAll(initialState(TTL), again).alarms).toEqual([]);
  });

  it('lists a deleted token as revoked until it is created again', () => {
    const s = reduceAll(initialState(), DROPPED_CLEAR);
    expect(revokedIndexTokens(s)).toEqual([TOKEN]);
    const again = reduce(s, { seq: 99, time_ms: 700, event: { type: 'token.created', token: TOKEN } });
    expect(revokedIndexTokens(again)).toEqual([]);
  });

  it('knows what a snapshot said was cached: a deletion after the page opened finds the token on the node', () => {
    const snap: Snapshot = {
      cluster: { uuid: 'u', host: 'in-process', time_ms: 1_000, token_cache_ttl_ms: TTL },
      journal: { next: 10, oldest: 1 },
      nodes: [{ name: 'node-1', status: 'up', pid: null, caches: { file: { entries: [], stats: { hits: 0, misses: 0, removed: {} } }, index: { entries: [{ key: TOKEN, age_ms: 500, hits: 1 }], stats: { hits: 1, misses: 1, removed: {} } } } }],
      faults: [],
      security_index: { health: 'green', uuid: 'x', up_to_date: true, documents: { tokens: [TOKEN], users: [], roles: [] } },
    };
    const s = reduceAll(fromSnapshot(snap), [
      { seq: 10, time_ms: 1_100, event: { type: 'token.revoked', token: TOKEN, found: true } },
      { seq: 11, time_ms: 1_200, event: { type: 'cache.hit', node: 'node-1', cache: 'index', key: TOKEN } },
      { seq: 12, time_ms: 1_200, event: { type: 'token.authenticated', node: 'node-1', token: TOKEN, result: 'success', file: 'miss', index: 'hit' } },
    ]);
    expect(alarmText(s, s.alarms[0]!)).toBe(
      'node-1 accepted elastic/fleet-server/t1 100 ms after its deletion from the security index (no cause found in the journal), so it stays valid there until its cache entry expires, 59400 ms after the revocation.',
    );
  });
});

describe('dashboard reducer: one picture however it is fed', () => {
  it('gives the same state event by event as in one batch', () => {
    const oneByOne = REVOKED.reduce(reduce, initialState(TTL));
    expect(oneByOne).toEqual(reduceAll(initialState(TTL), REVOKED));
  });

  it('ignores entries it has already applied (the stream may repeat what the snapshot held)', () => {
    const s = reduceAll(initialState(TTL), REVOKED);
    expect(reduceAll(s, REVOKED.slice(5))).toBe(s);
  });

  it('never changes the state it was given', () => {
    const before = reduceAll(initialState(TTL), REVOKED.slice(0, 6));
    const copy = structuredClone(before);
    reduceAll(before, REVOKED.slice(6));
    expect(before).toEqual(copy);
  });

  it('reads a --journal file back, line by line, and names a bad line', () => {
    const text = `${REVOKED.map((e) => JSON.stringify(e)).join('\n')}\n`;
    expect(parseJournal(text)).toEqual(REVOKED);
    expect(() => parseJournal('{"seq":1}\nnot json')).toThrow('line 1 of the journal is not an entry {seq, time_ms, event}: {"seq":1}');
  });
});

describe('dashboard reducer: from a snapshot', () => {
  const snapshot: Snapshot = {
    cluster: { uuid: 'u', host: 'in-process', time_ms: 10_000, token_cache_ttl_ms: TTL },
    journal: { next: 42, oldest: 1 },
    nodes: [
      {
        name: 'node-1',
        status: 'up',
        pid: null,
        caches: {
          file: { entries: [{ key: TOKEN, age_ms: 4_000, hits: 2 }], stats: { hits: 2, misses: 1, removed: { cleared: 3 } } },
          index: { entries: [{ key: 'elastic/fleet-server/t2', age_ms: 1_000, hits: 0, expires_in_ms: 5_000 }], stats: { hits: 0, misses: 1, removed: {} } },
        },
      },
      { name: 'node-2', status: 'down', pid: null, caches: null },
    ],
    faults: [{ id: 'f', type: 'pause', nodes: ['node-2'], applied_at_ms: 9_000 }],
    security_index: { health: 'green', uuid: 'x', up_to_date: true, documents: { tokens: ['elastic/fleet-server/t2'], users: [], roles: [] } },
  };

  it('computes each entry expiry from its age and the TTL, unless the snapshot gives the time left', () => {
    const s = fromSnapshot(snapshot);
    expect(s.seq).toBe(41);
    expect(s.nodes['node-1']?.caches.file.entries[TOKEN]).toEqual({ key: TOKEN, filledAt: 6_000, expiresAt: 6_000 + TTL, hits: 2 });
    expect(s.nodes['node-1']?.caches.index.entries['elastic/fleet-server/t2']?.expiresAt).toBe(15_000);
    expect(s.nodes['node-2']?.status).toBe('down');
    expect(s.faults.f).toEqual({ id: 'f', spec: { type: 'pause', nodes: ['node-2'] }, from: 9_000, to: null });
  });
});
