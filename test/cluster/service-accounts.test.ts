/**
 * The service-account API as Elasticsearch's own tests use it: the YAML REST test
 * the YAML REST test `service_accounts/10_basic.yml` and Elasticsearch's `ServiceAccountIT`.
 */
import { bearer, FILE_TOKEN, startTestCluster, SUPERUSER_AUTH, until, type TestCluster } from '../support/in-process';

const MUST = 'service account token name must have at least 1 character and at most 256 characters that are alphanumeric (A-Z, a-z, 0-9) or hyphen (-) or underscore (_). It must not begin with an underscore (_).';
const TOKEN_PATH = '/_security/service/elastic/fleet-server/credential/token';

describe('service accounts: the YAML REST test service_accounts/10_basic.yml', () => {
  let t: TestCluster;
  beforeAll(async () => {
    t = await startTestCluster({ nodes: 2 });
  });
  afterAll(() => t.stop());
  const su = (r: ReturnType<TestCluster['http']['get']>) => r.set('Authorization', SUPERUSER_AUTH);
  let value = '';

  it('1. GET /_security/service lists exactly the 4 built-in accounts', async () => {
    const res = await su(t.http.get('/_security/service'));
    expect(Object.keys(res.body).sort()).toEqual(['elastic/auto-ops', 'elastic/fleet-server', 'elastic/fleet-server-remote', 'elastic/kibana']);
    expect(Object.keys(res.body['elastic/fleet-server'].role_descriptor)).toEqual(
      expect.arrayContaining(['cluster', 'indices', 'applications', 'run_as', 'metadata', 'transient_metadata']),
    );
  });

  it('2–3. by namespace, and by namespace and service', async () => {
    expect(Object.keys((await su(t.http.get('/_security/service/elastic'))).body)).toHaveLength(4);
    expect(Object.keys((await su(t.http.get('/_security/service/elastic/fleet-server'))).body)).toEqual(['elastic/fleet-server']);
  });

  it.each(['foo', 'elastic/foo', 'foo/bar'])('11. no match (%s) is 200 {}', async (p) => {
    const res = await su(t.http.get(`/_security/service/${p}`));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
  });

  it('4. create api-token-1: 200, created true, the name, a bearer value', async () => {
    const res = await su(t.http.post(`${TOKEN_PATH}/api-token-1`));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['created', 'token']);
    expect(res.body.created).toBe(true);
    expect(res.body.token.name).toBe('api-token-1');
    expect(res.body.token.value).toMatch(/^AAEAAWVsYXN0aWMv/);
    value = res.body.token.value;
  });

  it('5. authenticate with it', async () => {
    const res = await t.http.get('/_security/_authenticate').set('Authorization', bearer(value));
    expect(res.body).toMatchObject({ username: 'elastic/fleet-server', roles: [], full_name: 'Service account - elastic/fleet-server', token: { name: 'api-token-1' } });
  });

  it('6. the service token lacks privileges (newest wording)', async () => {
    const res = await t.http.get('/_security/service').set('Authorization', bearer(value));
    expect(res.status).toBe(403);
    expect(res.body.error.reason).toBe(
      'action [cluster:admin/xpack/security/service_account/get] is unauthorized for service account [elastic/fleet-server], this action is granted by the cluster privileges [manage_service_account,read_security,manage_security,all]',
    );
  });

  it('7. credentials: count 2, the index token, and the file token on every node', async () => {
    const res = await su(t.http.get('/_security/service/elastic/fleet-server/credential'));
    expect(res.body).toEqual({
      service_account: 'elastic/fleet-server',
      count: 2,
      tokens: { 'api-token-1': {} },
      nodes_credentials: { _nodes: { total: 2, successful: 2, failed: 0 }, file_tokens: { token1: { nodes: ['node-1', 'node-2'] } } },
    });
  });

  it.each(['api-token-1', 'api-token-1,does-not-exist'])('8–9. clear cache %s: 200, no failed nodes', async (names) => {
    const res = await su(t.http.post(`${TOKEN_PATH}/${names}/_clear_cache`));
    expect(res.status).toBe(200);
    expect(res.body._nodes.failed).toBe(0);
  });

  it('10. the same flow for elastic/kibana', async () => {
    const created = await su(t.http.put('/_security/service/elastic/kibana/credential/token/api-token-kibana'));
    expect(created.body.created).toBe(true);
    const who = await t.http.get('/_security/_authenticate').set('Authorization', bearer(created.body.token.value));
    expect(who.body.username).toBe('elastic/kibana');
    expect((await su(t.http.post('/_security/service/elastic/kibana/credential/token/api-token-kibana/_clear_cache'))).status).toBe(200);
    expect((await su(t.http.delete('/_security/service/elastic/kibana/credential/token/api-token-kibana'))).body).toEqual({ found: true });
  });
});

describe('service tokens: ServiceAccountIT', () => {
  let t: TestCluster;
  beforeEach(async () => {
    t = await startTestCluster({ nodes: 2 });
  });
  afterEach(() => t.stop());
  const su = (r: ReturnType<TestCluster['http']['get']>) => r.set('Authorization', SUPERUSER_AUTH);
  const credentials = async () => (await su(t.http.get('/_security/service/elastic/fleet-server/credential'))).body;

  it('16. the same name twice: 409 version_conflict_engine_exception with its metadata', async () => {
    await su(t.http.post(`${TOKEN_PATH}/api-token-1`)).expect(200);
    const res = await su(t.http.post(`${TOKEN_PATH}/api-token-1`));
    expect(res.status).toBe(409);
    const uuid = t.cluster.securityIndex.state().uuid;
    const error = {
      type: 'version_conflict_engine_exception',
      reason: '[service_account_token-elastic/fleet-server/api-token-1]: version conflict, document already exists (current version [1])',
      index_uuid: uuid,
      shard: '0',
      index: '.security-7',
    };
    expect(res.body).toEqual({ error: { root_cause: [error], ...error }, status: 409 });
  });

  it('15. a file token of the same name does not conflict', async () => {
    expect((await su(t.http.post(`${TOKEN_PATH}/token1`))).status).toBe(200);
  });

  it('17. credentials lifecycle: count 1 → 3 → 2; delete found / not found', async () => {
    expect(await credentials()).toMatchObject({ count: 1, tokens: {} });
    await su(t.http.post(`${TOKEN_PATH}/api-token-1`)).expect(200);
    await su(t.http.post(`${TOKEN_PATH}/api-token-2`)).expect(200);
    expect(await credentials()).toMatchObject({ count: 3, tokens: { 'api-token-1': {}, 'api-token-2': {} } });
    const deleted = await su(t.http.delete(`${TOKEN_PATH}/api-token-2`));
    expect(deleted.status).toBe(200);
    expect(deleted.text).toBe('{"found":true}');
    const body = await credentials();
    expect(body).toMatchObject({ count: 2, tokens: { 'api-token-1': {} } });
    expect(body.nodes_credentials._nodes).toEqual({ total: 2, successful: 2, failed: 0 });
    expect(body.nodes_credentials.file_tokens.token1.nodes).toEqual(['node-1', 'node-2']);
    const missing = await su(t.http.delete(`${TOKEN_PATH}/non-such-thing`));
    expect(missing.status).toBe(404);
    expect(missing.text).toBe('{"found":false}');
  });

  it('create without a name generates token_ + 20 characters', async () => {
    const res = await su(t.http.post(TOKEN_PATH));
    expect(res.body.token.name).toMatch(/^token_[A-Za-z0-9_-]{20}$/);
  });

  it('PUT without a name is a 405 allowing POST', async () => {
    const res = await su(t.http.put(TOKEN_PATH));
    expect(res.status).toBe(405);
    expect(res.body.error).toBe(`Incorrect HTTP method for uri [${TOKEN_PATH}] and method [PUT], allowed: [POST]`);
  });

  it('an invalid name is a 400 action_request_validation_exception, even for a caller without privileges', async () => {
    const res = await t.http.post(`${TOKEN_PATH}/_bad`).set('Authorization', bearer(FILE_TOKEN));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ type: 'action_request_validation_exception', reason: `Validation Failed: 1: invalid service token name [_bad]. ${MUST};` });
  });

  it('an unknown account is a 400 after the privilege check', async () => {
    const res = await su(t.http.post('/_security/service/elastic/foo/credential/token/t1'));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ type: 'illegal_argument_exception', reason: 'service account [elastic/foo] does not exist' });
  });

  it('refresh accepts true, false, wait_for and empty; anything else is a 400', async () => {
    for (const v of ['true', 'false', 'wait_for', '']) expect((await su(t.http.post(`${TOKEN_PATH}/t-${v || 'empty'}?refresh=${v}`))).status).toBe(200);
    const res = await su(t.http.post(`${TOKEN_PATH}/t-x?refresh=soon`));
    expect(res.body.error.reason).toBe('Unknown value for refresh: [soon].');
  });

  it('creating a token never touches a cache', async () => {
    await t.http.get('/_security/_authenticate').set('Authorization', bearer(FILE_TOKEN)).set('X-Sim-Node', 'node-1');
    await su(t.http.post(`${TOKEN_PATH}/api-token-1`)).expect(200);
    expect(t.core('node-1').fileCache.size).toBe(1);
    expect(t.core('node-1').indexCache.size).toBe(0);
  });

  it('a delete while a node is down: 200 found, and the event names the node that may still accept the token', async () => {
    const created = (await su(t.http.post(`${TOKEN_PATH}/api-token-1`))).body.token.value;
    await t.http.get('/_security/_authenticate').set('Authorization', bearer(created)).set('X-Sim-Node', 'node-2');
    const events: unknown[] = [];
    t.cluster.events.on('event', (e) => e.type === 'token.deleted' && events.push(e));
    await t.channel('node-2').pause();
    const deleting = su(t.http.delete(`${TOKEN_PATH}/api-token-1`)).then((r) => r);
    await until(() => t.channel('node-2').inFlight === 1);
    t.clock.advance(10_000);
    expect((await deleting).body).toEqual({ found: true });
    expect(events).toEqual([{ type: 'token.deleted', token: 'elastic/fleet-server/api-token-1', found: true, staleOn: ['node-2'] }]);
    await t.channel('node-2').resume();
  });

  it('credentials with a node down: its failure in nodes_credentials._nodes, its file tokens missing', async () => {
    await t.channel('node-2').kill();
    const body = await credentials();
    expect(body.nodes_credentials._nodes).toMatchObject({ total: 2, successful: 1, failed: 1 });
    expect(body.nodes_credentials.file_tokens).toEqual({ token1: { nodes: ['node-1'] } });
  });
});
