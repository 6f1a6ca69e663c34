import { fromSnapshot, initialState, parseJournal, reduce, reduceAll, type Snapshot } from '../../../src/ui/reducer';
import type { JournalEntry, SimEvent } from '../../../src/ui/journal-types';

const TTL = 60_000;
const TOKEN = 'elastic/fleet-server/t1';

function journal(...events: [number, SimEvent][]): JournalEntry[] {
  return events.map(([time_ms, event], i) => ({ seq: i + 1, time_ms, event }));
}

/** A token filled on node-2's index cache, deleted while node-2 is cut off, then accepted there. */
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

describe('dashboard reducer: the revoked-token alarm', () => {
  it('raises it when a node accepts a deleted token from its index cache, naming the clear-cache it missed', () => {
    const s = reduceAll(initialState(TTL), REVOKED);
    expect(s.alarms).toHaveLength(1);
    expect(s.nodes['node-2']?.alarms[0]?.cause).toBe(
      'node-2 accepted elastic/fleet-server/t1, deleted 59 ms earlier, from its index cache because the clear-cache sent when it was deleted never reached node-2: the request was dropped by fault [cut] (partition), so it stays valid there until the entry expires.',
    );
    expect(s.nodes['node-1']?.alarms).toEqual([]);
  });

  it('raises none for a token created again after its deletion', () => {
    const again = [...REVOKED.slice(0, 13), { seq: 14, time_ms: 550, event: { type: 'token.created', token: TOKEN } as SimEvent }, ...REVOKED.slice(13).map((e) => ({ ...e, seq: e.seq + 1 }))];
    expect(reduceAll(initialState(TTL), again).alarms).toEqual([]);
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
