import { encodeBearer } from '../../src/accounts';
import { indexCacheClearRule } from '../../src/node/index-state';
import { NO_INDEX, type SecurityIndexState } from '../../src/protocol';
import { fillCache, startTestCluster, type TestCluster } from '../support/in-process';

const green = (uuid = 'u1'): SecurityIndexState => ({ health: 'green', uuid, upToDate: true });

describe('security index state: which transitions clear the index cache (`SecurityIndexManager`)', () => {
  it.each<[string, SecurityIndexState, SecurityIndexState, string | null]>([
    ['missing → green (created)', NO_INDEX, green(), 'red-to-non-red'],
    ['red → yellow (recovered)', { health: 'red', uuid: 'u1', upToDate: true }, { health: 'yellow', uuid: 'u1', upToDate: true }, 'red-to-non-red'],
    ['green → missing (deleted or closed)', green(), NO_INDEX, 'index-gone'],
    ['green → green with a new uuid (re-created)', green('u1'), green('u2'), 'index-uuid-changed'],
    ['missing → red with a uuid (created red)', NO_INDEX, { health: 'red', uuid: 'u1', upToDate: true }, 'index-uuid-changed'],
    ['format flag flipped', green(), { ...green(), upToDate: false }, 'format-flip'],
    ['green → yellow', green(), { ...green(), health: 'yellow' }, null],
    ['yellow → green', { ...green(), health: 'yellow' }, green(), null],
    ['green → red', green(), { ...green(), health: 'red' }, null],
    ['no change', green(), green(), null],
  ])('%s', (_name, prev, curr, rule) => {
    expect(indexCacheClearRule(prev, curr)).toBe(rule);
  });
});

describe('security index state changes reach every node as messages', () => {
  let t: TestCluster;
  const index = () => t.cluster.securityIndex;
  const CREATOR = { principal: 'elastic', full_name: null, email: null, metadata: {}, realm: 'reserved', realm_type: 'reserved' };
  beforeEach(async () => {
    t = await startTestCluster();
    index().createToken('elastic/fleet-server/a', { username: 'elastic/fleet-server', name: 'a', password: 'x', creator: CREATOR });
    await t.cluster.broadcastIndexState();
  });
  afterEach(() => t.stop());

  const fillEveryNode = () => {
    for (const n of ['node-1', 'node-2', 'node-3']) {
      fillCache(t.core(n), 'index', 'elastic/fleet-server/a');
      fillCache(t.core(n), 'file', 'elastic/fleet-server/token1');
    }
  };
  const sizes = () => ['node-1', 'node-2', 'node-3'].map((n) => [t.core(n).indexCache.size, t.core(n).fileCache.size]);

  it('red then green again: the recovery clears every node\'s index cache, not the file cache', async () => {
    index().setHealth('red');
    await t.cluster.broadcastIndexState();
    fillEveryNode();
    index().setHealth('green');
    await t.cluster.broadcastIndexState();
    expect(sizes()).toEqual([[0, 1], [0, 1], [0, 1]]);
    expect(t.core('node-2').indexCache.stats().removed['index-state']).toBe(1);
  });

  it('going red alone clears nothing', async () => {
    fillEveryNode();
    index().setHealth('red');
    await t.cluster.broadcastIndexState();
    expect(sizes()).toEqual([[1, 1], [1, 1], [1, 1]]);
  });

  it('green ↔ yellow clears nothing', async () => {
    fillEveryNode();
    index().setHealth('yellow');
    await t.cluster.broadcastIndexState();
    index().setHealth('green');
    await t.cluster.broadcastIndexState();
    expect(sizes()).toEqual([[1, 1], [1, 1], [1, 1]]);
  });

  it('deleting the index clears every index cache', async () => {
    fillEveryNode();
    index().deleteIndex();
    await t.cluster.broadcastIndexState();
    expect(sizes()).toEqual([[0, 1], [0, 1], [0, 1]]);
  });

  it('a format flip clears every index cache', async () => {
    fillEveryNode();
    index().setUpToDate(false);
    await t.cluster.broadcastIndexState();
    expect(sizes()).toEqual([[0, 1], [0, 1], [0, 1]]);
  });

  it('a node that was down hears the current state when it starts', async () => {
    await t.channel('node-2').kill();
    index().setHealth('red');
    await t.cluster.startNode(t.cluster.requireNode('node-2'));
    fillCache(t.core('node-2'), 'index', 'elastic/fleet-server/a');
    index().setHealth('green');
    await t.cluster.broadcastIndexState();
    expect(t.core('node-2').indexCache.size).toBe(0);
  });

  it('while red, an index token lookup fails with unavailable_shards_exception', async () => {
    index().setHealth('red');
    const res = await t.http.get('/_security/_authenticate').set('Authorization', `Bearer ${encodeBearer('elastic', 'fleet-server', 'a', 'abcdefghijklmnop')}`);
    expect(res.status).toBe(401);
    expect(res.body.error.caused_by).toEqual({
      type: 'unavailable_shards_exception',
      reason: 'at least one primary shard for the index [.security-7] is unavailable',
    });
  });
});
