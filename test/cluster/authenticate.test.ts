import { encodeBearer } from '../../src/accounts';
import { createIndexToken, deleteIndexToken } from '../../src/coordinator/index-tokens';
import { bearer, FILE_TOKEN, SECURITY_INDEX_NOT_FOUND, startTestCluster, SUPERUSER_AUTH, WRONG_SECRET_TOKEN, type TestCluster } from '../support/in-process';

const WWW = ['Basic realm="security", charset="UTF-8"', 'Bearer realm="security"', 'ApiKey'];
const CREATOR = { principal: 'elastic', full_name: null, email: null, metadata: { _reserved: true }, realm: 'reserved', realm_type: 'reserved' };

describe('GET /_security/_authenticate with a service token', () => {
  let t: TestCluster;
  beforeEach(async () => {
    t = await startTestCluster();
  });
  afterEach(() => t.stop());

  const auth = (token: string, node?: string) => {
    const r = t.http.get('/_security/_authenticate').set('Authorization', bearer(token));
    return node === undefined ? r : r.set('X-Sim-Node', node);
  };

  it('the file token: the exact body of RestAuthenticateAction, keys in order (ServiceAccountIT)', async () => {
    const res = await auth(FILE_TOKEN);
    expect(res.status).toBe(200);
    expect(res.text).toBe(
      '{"username":"elastic/fleet-server","roles":[],"full_name":"Service account - elastic/fleet-server","email":null,' +
        '"token":{"name":"token1","type":"_service_account_file","managed_by":"elasticsearch"},"metadata":{"_elastic_service_account":true},"enabled":true,' +
        '"authentication_realm":{"name":"_service_account","type":"_service_account"},' +
        '"lookup_realm":{"name":"_service_account","type":"_service_account"},"authentication_type":"token"}',
    );
    expect(res.headers['x-elastic-product']).toBe('Elasticsearch');
  });

  it('live nodes take turns, and X-Sim-Node names the node that authenticated', async () => {
    const names = [];
    for (let i = 0; i < 4; i++) names.push((await auth(FILE_TOKEN)).headers['x-sim-node']);
    expect(names).toEqual(['node-1', 'node-2', 'node-3', 'node-1']);
  });

  it('X-Sim-Node picks the node (by name or id), and that node\'s file cache fills', async () => {
    const id = t.cluster.requireNode('node-3').info.id;
    const res = await auth(FILE_TOKEN, id);
    expect(res.headers['x-sim-node']).toBe('node-3');
    expect(t.core('node-3').fileCache.snapshot().map((e) => e.key)).toEqual(['elastic/fleet-server/token1']);
    expect(t.core('node-1').fileCache.size).toBe(0);
  });

  it('X-Sim-Node sent twice with the same name (as the official client does) names that node', async () => {
    const res = await t.http.get('/_security/_authenticate').set('Authorization', bearer(FILE_TOKEN)).set('X-Sim-Node', 'node-2, node-2');
    expect(res.headers['x-sim-node']).toBe('node-2');
  });

  it('X-Sim-Node with two different names is a 400 that says so', async () => {
    const res = await auth(FILE_TOKEN, 'node-1,node-2');
    expect(res.status).toBe(400);
    expect(res.body.error.reason).toBe('header [X-Sim-Node] names more than one node [node-1, node-2]; name one node, by name or id');
  });

  it('an unknown X-Sim-Node is a 404 naming the known nodes', async () => {
    const res = await auth(FILE_TOKEN, 'node-7');
    expect(res.status).toBe(404);
    expect(res.body.error.reason).toBe('no node with name or id [node-7] in this cluster; known nodes: [node-1, node-2, node-3]');
  });

  it('the wrong secret while no security index exists: 401 caused by no such index [.security] (ServiceAccountIT)', async () => {
    const res = await auth(WRONG_SECRET_TOKEN, 'node-1');
    expect(res.status).toBe(401);
    const notFound = SECURITY_INDEX_NOT_FOUND;
    expect(res.body).toEqual({
      error: {
        root_cause: [notFound],
        type: 'security_exception',
        reason: 'error attempting to authenticate request',
        caused_by: notFound,
        header: { 'WWW-Authenticate': WWW },
      },
      status: 401,
    });
    expect(res.headers['x-elastic-product']).toBeUndefined();
    expect(res.headers['x-sim-node']).toBe('node-1');
  });

  it('the wrong secret once the index exists: failed to authenticate service account … with token name …', async () => {
    await createIndexToken(t.cluster, { namespace: 'elastic', service: 'fleet-server', name: 'api-token-1', creator: CREATOR });
    const res = await auth(WRONG_SECRET_TOKEN);
    expect(res.status).toBe(401);
    const reason = 'failed to authenticate service account [elastic/fleet-server] with token name [token1]';
    const error = { type: 'security_exception', reason, header: { 'WWW-Authenticate': WWW } };
    expect(res.body).toEqual({ error: { root_cause: [error], ...error }, status: 401 });
  });

  it('an index token authenticates as _service_account_index (ServiceAccountIT)', async () => {
    const created = await createIndexToken(t.cluster, { namespace: 'elastic', service: 'fleet-server', name: 'api-token-1', creator: CREATOR });
    const res = await auth(created.value);
    expect(res.status).toBe(200);
    expect(res.body.token).toEqual({ name: 'api-token-1', type: '_service_account_index', managed_by: 'elasticsearch' });
  });

  it('an index token named like the file token: both secrets work (ServiceAccountIT)', async () => {
    const created = await createIndexToken(t.cluster, { namespace: 'elastic', service: 'fleet-server', name: 'token1', creator: CREATOR });
    expect((await auth(created.value)).body.token).toEqual({ name: 'token1', type: '_service_account_index', managed_by: 'elasticsearch' });
    expect((await auth(FILE_TOKEN)).body.token).toEqual({ name: 'token1', type: '_service_account_file', managed_by: 'elasticsearch' });
  });

  it('a deleted index token is rejected on every node once its cache clear has reached them', async () => {
    const created = await createIndexToken(t.cluster, { namespace: 'elastic', service: 'fleet-server', name: 'api-token-1', creator: CREATOR });
    for (const n of ['node-1', 'node-2', 'node-3']) expect((await auth(created.value, n)).status).toBe(200);
    expect(await deleteIndexToken(t.cluster, 'elastic', 'fleet-server', 'api-token-1')).toBe(true);
    for (const n of ['node-1', 'node-2', 'node-3']) {
      expect(t.core(n).indexCache.size).toBe(0);
      expect((await auth(created.value, n)).status).toBe(401);
    }
  });

  it.each([
    ['a namespace other than elastic', 'other', 'fleet-server', 'token1', 'r5wdbdboQSe9vGOKwaJGAw'],
    ['an account that is not built in', 'elastic', 'no-such-service', 'token1', 'r5wdbdboQSe9vGOKwaJGAw'],
    ['a secret shorter than 10 characters', 'elastic', 'fleet-server', 'token1', 'short'],
  ])('%s fails before any store is asked', async (_what, ns, svc, name, secret) => {
    const res = await auth(encodeBearer(ns, svc, name, secret), 'node-2');
    expect(res.status).toBe(401);
    expect(res.body.error.reason).toBe(`failed to authenticate service account [${ns}/${svc}] with token name [${name}]`);
    expect(t.core('node-2').fileCache.stats().misses).toBe(0);
  });

  it('a cached token with another secret fails from the cache, without evicting the good entry', async () => {
    await auth(FILE_TOKEN, 'node-1');
    await auth(WRONG_SECRET_TOKEN, 'node-1');
    const cache = t.core('node-1').fileCache;
    expect(cache.snapshot().map((e) => e.key)).toEqual(['elastic/fleet-server/token1']);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1 });
    expect((await auth(FILE_TOKEN, 'node-1')).status).toBe(200);
  });

  it('the superuser authenticates with Basic and gets its realm body', async () => {
    const res = await t.http.get('/_security/_authenticate').set('Authorization', SUPERUSER_AUTH);
    expect(res.body).toEqual({
      username: 'elastic',
      roles: ['superuser'],
      full_name: null,
      email: null,
      metadata: { _reserved: true },
      enabled: true,
      authentication_realm: { name: 'reserved', type: 'reserved' },
      lookup_realm: { name: 'reserved', type: 'reserved' },
      authentication_type: 'realm',
    });
    expect(res.headers['x-sim-node']).toBe('coordinator');
  });

  it('a service account calling clear-cache gets the exact 403 (and no X-elastic-product)', async () => {
    const res = await t.http.post('/_security/service/elastic/fleet-server/credential/token/*/_clear_cache').set('Authorization', bearer(FILE_TOKEN));
    expect(res.status).toBe(403);
    const reason =
      'action [cluster:admin/xpack/security/cache/clear] is unauthorized for service account [elastic/fleet-server], this action is granted by the cluster privileges [manage_security,all]';
    expect(res.body).toEqual({ error: { root_cause: [{ type: 'security_exception', reason }], type: 'security_exception', reason }, status: 403 });
    expect(res.headers['x-elastic-product']).toBeUndefined();
  });

  it('but token-name validation comes before the privilege check', async () => {
    const res = await t.http.post('/_security/service/elastic/fleet-server/credential/token/_bad/_clear_cache').set('Authorization', bearer(FILE_TOKEN));
    expect(res.status).toBe(400);
  });

  it('a service account with monitor may read GET /', async () => {
    expect((await t.http.get('/').set('Authorization', bearer(FILE_TOKEN))).status).toBe(200);
  });

  it('no response, header or event ever carries the secret', async () => {
    const events: string[] = [];
    t.cluster.events.on('event', (e) => events.push(JSON.stringify(e)));
    const res = await auth(FILE_TOKEN);
    const caches = await t.http.get('/_sim/nodes/node-1/caches').set('Authorization', SUPERUSER_AUTH);
    const everything = [res.text, JSON.stringify(res.headers), caches.text, ...events].join('\n');
    expect(everything).not.toContain('r5wdbdboQSe9vGOKwaJGAw');
    expect(events.some((e) => e.includes('elastic/fleet-server/token1'))).toBe(true);
  });
});
