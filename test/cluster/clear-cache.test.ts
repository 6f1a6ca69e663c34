import { fillCache, startTestCluster, SUPERUSER_AUTH, until, type TestCluster } from '../support/in-process';

const CLEAR = (names: string) => `/_security/service/elastic/fleet-server/credential/token/${names}/_clear_cache`;

describe('clear cache through the REST API (in-process cluster)', () => {
  let t: TestCluster;
  beforeEach(async () => {
    t = await startTestCluster();
    for (const name of ['node-1', 'node-2', 'node-3']) {
      fillCache(t.core(name), 'file', 'elastic/fleet-server/token1', 'elastic/fleet-server-remote/token1');
      fillCache(t.core(name), 'index', 'elastic/fleet-server/api-token-1', 'elastic/fleet-server/api-token-2');
    }
  });
  afterEach(() => t.stop());

  const keys = (name: string, cache: 'fileCache' | 'indexCache') => t.core(name)[cache].snapshot().map((e) => e.key).sort();

  it('answers 200 with one entry per node, keyed by node id, in the documented shape', async () => {
    const res = await t.http.post(CLEAR('token1')).set('Authorization', SUPERUSER_AUTH);
    expect(res.status).toBe(200);
    const nodes = t.cluster.nodes();
    expect(res.body).toEqual({
      _nodes: { total: 3, successful: 3, failed: 0 },
      cluster_name: 'elasticsearch',
      nodes: Object.fromEntries(nodes.map((n) => [n.info.id, { name: n.info.name }])),
    });
    expect(Object.keys(res.body)).toEqual(['_nodes', 'cluster_name', 'nodes']);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['x-elastic-product']).toBe('Elasticsearch');
  });

  it('an exact name evicts that token from both caches on every node, and nothing else', async () => {
    await t.http.post(CLEAR('token1,api-token-1')).set('Authorization', SUPERUSER_AUTH).expect(200);
    for (const name of ['node-1', 'node-2', 'node-3']) {
      expect(keys(name, 'fileCache')).toEqual(['elastic/fleet-server-remote/token1']);
      expect(keys(name, 'indexCache')).toEqual(['elastic/fleet-server/api-token-2']);
    }
  });

  it.each(['*', '_all', ''])('%j evicts every token of the account on every node, and no other account', async (names) => {
    await t.http.post(CLEAR(names)).set('Authorization', SUPERUSER_AUTH).expect(200);
    for (const name of ['node-1', 'node-2', 'node-3']) {
      expect(keys(name, 'fileCache')).toEqual(['elastic/fleet-server-remote/token1']);
      expect(keys(name, 'indexCache')).toEqual([]);
      expect(t.core(name).indexCache.stats().removed.cleared).toBe(2);
    }
  });

  it('a list with an unknown name succeeds on every node', async () => {
    const res = await t.http.post(CLEAR('api-token-1,does-not-exist')).set('Authorization', SUPERUSER_AUTH);
    expect(res.status).toBe(200);
    expect(res.body._nodes).toEqual({ total: 3, successful: 3, failed: 0 });
  });

  it('an invalid name is a 400 and nothing reaches any node', async () => {
    const res = await t.http.post(CLEAR('token1,*')).set('Authorization', SUPERUSER_AUTH);
    expect(res.status).toBe(400);
    expect(res.body.error.type).toBe('illegal_argument_exception');
    expect(res.body.error.reason).toMatch(/^invalid service token name \[\*\]\. service account token name must/);
    expect(res.body.error.root_cause).toEqual([{ type: 'illegal_argument_exception', reason: res.body.error.reason }]);
    expect(keys('node-1', 'fileCache')).toHaveLength(2);
  });

  it('a URL-encoded comma list is decoded before it is split', async () => {
    await t.http.post(CLEAR('token1%2Capi-token-1')).set('Authorization', SUPERUSER_AUTH).expect(200);
    expect(keys('node-2', 'indexCache')).toEqual(['elastic/fleet-server/api-token-2']);
  });
});

describe('clear cache when nodes fail (in-process cluster)', () => {
  let t: TestCluster;
  beforeEach(async () => {
    t = await startTestCluster({ fanOutTimeoutMs: 10_000 });
  });
  afterEach(() => t.stop());

  it('a node that is down fails at once with node_not_connected_exception, still HTTP 200', async () => {
    await t.channel('node-2').kill();
    const node2 = t.cluster.requireNode('node-2').info;
    const res = await t.http.post(CLEAR('*')).set('Authorization', SUPERUSER_AUTH);
    expect(res.status).toBe(200);
    expect(res.body._nodes).toEqual({
      total: 3,
      successful: 2,
      failed: 1,
      failures: [
        {
          type: 'failed_node_exception',
          reason: `Failed node [${node2.id}]`,
          node_id: node2.id,
          caused_by: { type: 'node_not_connected_exception', reason: '[node-2][127.0.0.1:9302] Node not connected' },
        },
      ],
    });
    expect(Object.values(res.body.nodes)).toEqual([{ name: 'node-1' }, { name: 'node-3' }]);
    expect(t.clock.pendingTimers()).toBe(0);
  });

  it('every node down: 200 with nodes {} and three failures', async () => {
    for (const n of ['node-1', 'node-2', 'node-3']) await t.channel(n).kill();
    const res = await t.http.post(CLEAR('token1')).set('Authorization', SUPERUSER_AUTH);
    expect(res.status).toBe(200);
    expect(res.body._nodes).toMatchObject({ total: 3, successful: 0, failed: 3 });
    expect(res.body.nodes).toEqual({});
    expect(t.clock.pendingTimers()).toBe(0);
  });

  it('a node that dies mid-request fails with node_disconnected_exception', async () => {
    const node3 = t.channel('node-3');
    await node3.pause();
    const pending = t.cluster.fanOut({ type: 'clear-cache', cacheName: 'service', keys: ['elastic/fleet-server/'] });
    await node3.kill();
    const results = await pending;
    const failure = results.find((r) => !r.ok);
    expect(failure).toMatchObject({
      node: { name: 'node-3' },
      ok: false,
      error: {
        type: 'node_disconnected_exception',
        reason: '[node-3][127.0.0.1:9303][cluster:admin/xpack/security/cache/clear[n]] disconnected',
      },
    });
  });

  it('a node that does not answer within the fan-out timeout fails with receive_timeout_transport_exception', async () => {
    await t.channel('node-1').pause();
    const response = t.http.post(CLEAR('token1')).set('Authorization', SUPERUSER_AUTH).then((r) => r);
    await until(() => t.channel('node-1').inFlight === 1);
    t.clock.advance(9_999);
    expect(t.channel('node-1').inFlight).toBe(1);
    t.clock.advance(1);
    const res = await response;
    expect(res.status).toBe(200);
    expect(res.body._nodes.failures[0].caused_by.type).toBe('receive_timeout_transport_exception');
    expect(res.body._nodes.failures[0].caused_by.reason).toMatch(
      /^\[node-1\]\[127\.0\.0\.1:9301\]\[cluster:admin\/xpack\/security\/cache\/clear\[n\]\] request_id \[\d+\] timed out after \[10000ms\]$/,
    );
    expect(res.body._nodes.failures[0].node_id).toBe(t.cluster.requireNode('node-1').info.id);
  });

  it('one timer times a fan-out out: two silent nodes fail together, in node order, each journaled, and no timer is left', async () => {
    await t.channel('node-1').pause();
    await t.channel('node-3').pause();
    const since = t.cluster.journal.next - 1;
    const pending = t.cluster.fanOut({ type: 'clear-cache', cacheName: 'service', keys: [] });
    await until(() => t.channel('node-2').inFlight === 0);
    expect(t.clock.pendingTimers()).toBe(1);
    t.clock.advance(10_000);
    const results = await pending;
    expect(results.map((r) => [r.node.name, r.ok ? 'ok' : r.error.type])).toEqual([
      ['node-2', 'ok'],
      ['node-1', 'receive_timeout_transport_exception'],
      ['node-3', 'receive_timeout_transport_exception'],
    ]);
    const timedOut = t.cluster.journal.since(since).filter((e) => e.event.type === 'message.timed_out');
    expect(timedOut.map((e) => e.event)).toEqual([
      expect.objectContaining({ node: 'node-1', kind: 'clear-cache', ms: 10_000 }),
      expect.objectContaining({ node: 'node-3', kind: 'clear-cache', ms: 10_000 }),
    ]);
    expect(t.clock.pendingTimers()).toBe(0);
  });

  it('two failures in one fan-out: a node killed mid-request and a silent one each fail their own way, and no timer is left', async () => {
    await t.channel('node-1').pause();
    await t.channel('node-3').pause();
    const pending = t.cluster.fanOut({ type: 'clear-cache', cacheName: 'service', keys: [] });
    await until(() => t.channel('node-2').inFlight === 0);
    await t.channel('node-3').kill();
    t.clock.advance(10_000);
    const results = await pending;
    expect(results.map((r) => [r.node.name, r.ok ? 'ok' : r.error.type])).toEqual([
      ['node-2', 'ok'],
      ['node-3', 'node_disconnected_exception'],
      ['node-1', 'receive_timeout_transport_exception'],
    ]);
    expect(t.clock.pendingTimers()).toBe(0);
  });

  it('a request delayed by exactly the fan-out timeout arrives too late: the timeout wins the tie', async () => {
    const su = (r: import('supertest').Test) => r.set('Authorization', SUPERUSER_AUTH);
    await su(t.http.put('/_sim/faults/slow').send({ type: 'delay', nodes: ['node-1'], messages: ['clear-cache'], direction: 'requests', ms: 10_000 })).expect(200);
    const pending = t.cluster.fanOut({ type: 'clear-cache', cacheName: 'service', keys: [] });
    await until(() => t.channel('node-2').inFlight === 0 && t.channel('node-3').inFlight === 0);
    t.clock.advance(10_000);
    const results = await pending;
    expect(results.filter((r) => !r.ok).map((r) => [r.node.name, r.ok ? '' : r.error.type])).toEqual([['node-1', 'receive_timeout_transport_exception']]);
  });

  it('a fan-out every node answers leaves no timer behind, and a late reply changes nothing', async () => {
    await t.cluster.fanOut({ type: 'clear-cache', cacheName: 'service', keys: [] });
    expect(t.clock.pendingTimers()).toBe(0);
    await t.channel('node-2').pause();
    const pending = t.cluster.fanOut({ type: 'clear-cache', cacheName: 'service', keys: [] });
    await until(() => t.channel('node-1').inFlight === 0 && t.channel('node-3').inFlight === 0);
    t.clock.advance(10_000);
    const results = await pending;
    await t.channel('node-2').resume();
    await until(() => t.channel('node-2').inFlight === 0);
    expect(results.filter((r) => !r.ok).map((r) => r.node.name)).toEqual(['node-2']);
    expect(t.clock.pendingTimers()).toBe(0);
  });

  it('a node restarted after a kill answers again, with the same id and empty caches', async () => {
    const before = t.cluster.requireNode('node-2').info.id;
    fillCache(t.core('node-2'), 'file', 'elastic/fleet-server/token1');
    await t.channel('node-2').kill();
    await t.channel('node-2').start();
    expect(t.cluster.requireNode('node-2').info.id).toBe(before);
    expect(t.core('node-2').fileCache.size).toBe(0);
    const res = await t.http.post(CLEAR('*')).set('Authorization', SUPERUSER_AUTH);
    expect(res.body._nodes).toEqual({ total: 3, successful: 3, failed: 0 });
  });

  it('a node asked to clear a cache it does not know answers with its own error', async () => {
    const results = await t.cluster.fanOut({ type: 'clear-cache', cacheName: 'no-such-cache', keys: [] });
    expect(results.every((r) => !r.ok && r.error.type === 'illegal_argument_exception' && r.error.reason === 'No cache named [no-such-cache] is found')).toBe(true);
  });
});
