import { fillCache, startTestCluster, SUPERUSER_AUTH, type TestCluster } from '../support/in-process';

describe('/_sim/nodes', () => {
  let t: TestCluster;
  beforeEach(async () => {
    t = await startTestCluster();
  });
  afterEach(() => t.stop());

  it('lists every node with id, name, pid and status', async () => {
    const res = await t.http.get('/_sim/nodes').set('Authorization', SUPERUSER_AUTH);
    expect(res.status).toBe(200);
    expect(res.body.nodes.map((n: { name: string; status: string }) => [n.name, n.status])).toEqual([
      ['node-1', 'up'],
      ['node-2', 'up'],
      ['node-3', 'up'],
    ]);
    for (const n of res.body.nodes) expect(n.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('kills and starts a node by name or by id', async () => {
    const id = t.cluster.requireNode('node-2').info.id;
    const killed = await t.http.post(`/_sim/nodes/${id}/_kill`).set('Authorization', SUPERUSER_AUTH);
    expect(killed.body).toMatchObject({ acknowledged: true, node: { name: 'node-2', status: 'down' } });
    const started = await t.http.post('/_sim/nodes/node-2/_start').set('Authorization', SUPERUSER_AUTH);
    expect(started.body).toMatchObject({ acknowledged: true, node: { id, name: 'node-2', status: 'up' } });
  });

  it('shows a node\'s two caches with entries and stats', async () => {
    fillCache(t.core('node-1'), 'file', 'elastic/fleet-server/token1');
    t.clock.advance(1500);
    const res = await t.http.get('/_sim/nodes/node-1/caches').set('Authorization', SUPERUSER_AUTH);
    expect(res.body.file).toEqual({
      size: 1,
      entries: [{ key: 'elastic/fleet-server/token1', age_ms: 1500, expires_in_ms: 1_198_500, hits: 0 }],
      stats: { hits: 0, misses: 0, removed: { cleared: 0, 'file-changed': 0, 'index-state': 0, expired: 0, evicted: 0, failed: 0 } },
    });
    expect(res.body.index.size).toBe(0);
  });

  it('an unknown node is a 404 that names it and lists the known ones', async () => {
    const res = await t.http.post('/_sim/nodes/node-9/_kill').set('Authorization', SUPERUSER_AUTH);
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({
      type: 'resource_not_found_exception',
      reason: 'no node with name or id [node-9] in this cluster; known nodes: [node-1, node-2, node-3]',
    });
  });

  it('the caches of a node that is down: the transport error, in ES shape', async () => {
    await t.channel('node-3').kill();
    const res = await t.http.get('/_sim/nodes/node-3/caches').set('Authorization', SUPERUSER_AUTH);
    expect(res.status).toBe(502);
    expect(res.body.error).toMatchObject({ type: 'node_not_connected_exception', reason: '[node-3][127.0.0.1:9303] Node not connected' });
  });
});
