/**
 * Elasticsearch's `ServiceAccountSingleNodeTests`, on a one-node
 * in-process cluster: the index cache's size through create, authenticate, delete and clear.
 */
import { createIndexToken, deleteIndexToken } from '../../src/coordinator/index-tokens';
import { bearer, startTestCluster, SUPERUSER_AUTH, type TestCluster } from '../support/in-process';

const CREATOR = { principal: 'elastic', full_name: null, email: null, metadata: { _reserved: true }, realm: 'reserved', realm_type: 'reserved' };

describe('single-node reference cases (ServiceAccountSingleNodeTests)', () => {
  let t: TestCluster;
  beforeEach(async () => {
    t = await startTestCluster({ nodes: 1 });
  });
  afterEach(() => t.stop());

  const indexCacheSize = () => t.core('node-1').indexCache.size;
  const create = (name: string) => createIndexToken(t.cluster, { namespace: 'elastic', service: 'fleet-server', name, creator: CREATOR });
  const authenticate = async (value: string) => expect((await t.http.get('/_security/_authenticate').set('Authorization', bearer(value))).status).toBe(200);
  const clear = (names: string) =>
    t.http.post(`/_security/service/elastic/fleet-server/credential/token/${names}/_clear_cache`).set('Authorization', SUPERUSER_AUTH).expect(200);

  it('item 20: create → 0 entries; one authenticate → 1; delete (found) → 0', async () => {
    const token = await create('api-token-1');
    expect(indexCacheSize()).toBe(0);
    await authenticate(token.value);
    expect(indexCacheSize()).toBe(1);
    expect(await deleteIndexToken(t.cluster, 'elastic', 'fleet-server', 'api-token-1')).toBe(true);
    expect(indexCacheSize()).toBe(0);
  });

  it.each(['*', '_all', ''])('item 21: two tokens → 2 entries; clearing %j (the prefix key) → 0, no failures', async (names) => {
    const [a, b] = [await create('api-token-1'), await create('api-token-2')];
    await authenticate(a.value);
    await authenticate(b.value);
    expect(indexCacheSize()).toBe(2);
    const res = await clear(names);
    expect(res.body._nodes).toEqual({ total: 1, successful: 1, failed: 0 });
    expect(indexCacheSize()).toBe(0);
  });

  it.each(['api-token-1', 'api-token-2'])('item 21: clearing the exact key %s leaves 1 entry', async (name) => {
    const [a, b] = [await create('api-token-1'), await create('api-token-2')];
    await authenticate(a.value);
    await authenticate(b.value);
    await clear(name);
    expect(t.core('node-1').indexCache.snapshot().map((e) => e.key)).toEqual([
      `elastic/fleet-server/${name === 'api-token-1' ? 'api-token-2' : 'api-token-1'}`,
    ]);
  });
});
