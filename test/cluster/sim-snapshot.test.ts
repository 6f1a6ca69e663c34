import { buildUi } from '../../scripts/build-ui';
import { fillCache, startTestCluster, SUPERUSER_AUTH, type TestCluster } from '../support/in-process';

describe('/_sim/snapshot: the dashboard first paint', () => {
  let t: TestCluster;
  beforeEach(async () => {
    t = await startTestCluster({ tokenCacheTtlMs: 60_000 });
  });
  afterEach(() => t.stop());

  it('shows every node with its status and both caches, each entry with its age and time left', async () => {
    fillCache(t.core('node-1'), 'index', 'elastic/fleet-server/t1');
    t.clock.advance(1_500);
    await t.http.post('/_sim/nodes/node-3/_kill').set('Authorization', SUPERUSER_AUTH);
    const res = await t.http.get('/_sim/snapshot').set('Authorization', SUPERUSER_AUTH);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['cluster', 'journal', 'nodes', 'faults', 'security_index']);
    expect(res.body.cluster).toMatchObject({ host: 'in-process', token_cache_ttl_ms: 60_000 });
    expect(res.body.nodes.map((n: { name: string; status: string }) => [n.name, n.status])).toEqual([['node-1', 'up'], ['node-2', 'up'], ['node-3', 'down']]);
    expect(res.body.nodes[0].caches.index.entries).toEqual([{ key: 'elastic/fleet-server/t1', age_ms: 1_500, hits: 0, expires_in_ms: 58_500 }]);
    expect(res.body.nodes[2].caches).toBeNull();
  });

  it('lists active faults, the index health and its documents by name only, and where the journal goes on', async () => {
    await t.http.post('/_security/service/elastic/fleet-server/credential/token/t1').set('Authorization', SUPERUSER_AUTH);
    await t.http.put('/_sim/faults/slow').set('Authorization', SUPERUSER_AUTH).send({ type: 'delay', nodes: ['node-2'], ms: 100 });
    const res = await t.http.get('/_sim/snapshot').set('Authorization', SUPERUSER_AUTH);
    expect(res.body.faults).toEqual([expect.objectContaining({ id: 'slow', type: 'delay', nodes: ['node-2'] })]);
    expect(res.body.security_index).toMatchObject({ health: 'green', up_to_date: true, documents: { tokens: ['elastic/fleet-server/t1'], users: [], roles: [] } });
    expect(JSON.stringify(res.body)).not.toMatch(/\{PBKDF2|\$2[aby]\$|password/);
    expect(res.body.journal.next).toBe(t.cluster.journal.next - 1); // its own request is journaled after it answered
  });

  it('answers only the superuser', async () => {
    const res = await t.http.get('/_sim/snapshot');
    expect(res.status).toBe(401);
  });
});

describe('/_sim/ui/: the dashboard page', () => {
  let t: TestCluster;
  beforeAll(() => buildUi(), 60_000);
  beforeEach(async () => {
    t = await startTestCluster();
  });
  afterEach(() => t.stop());

  it('asks a browser without credentials for them with a Basic challenge', async () => {
    const res = await t.http.get('/_sim/ui/');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toContain('Basic realm="security", charset="UTF-8"');
  });

  it('serves the page, its script and its stylesheet to the superuser, with no external resource', async () => {
    const page = await t.http.get('/_sim/ui/').set('Authorization', SUPERUSER_AUTH);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=UTF-8');
    expect(page.text).not.toMatch(/https?:\/\//);
    const script = await t.http.get('/_sim/ui/app.js').set('Authorization', SUPERUSER_AUTH);
    expect(script.headers['content-type']).toBe('text/javascript; charset=UTF-8');
    expect((await t.http.get('/_sim/ui/app.css').set('Authorization', SUPERUSER_AUTH)).status).toBe(200);
  });

  it('answers a file it did not build with a 404 that lists the files it has', async () => {
    const res = await t.http.get('/_sim/ui/secret.txt').set('Authorization', SUPERUSER_AUTH);
    expect(res.status).toBe(404);
    expect(res.body.error.reason).toBe('no dashboard file [secret.txt]; files: [app.css, app.js, index.html]');
  });
});
