/**
 * The simulator as a library, used the way the README shows: import the package by name,
 * build a cluster, drive its express app with supertest, move its clock, add faults and
 * read its journal.
 */
import request from 'supertest';
import { createCluster, EsError, type SimCluster } from 'es-token-cache-sim';

const TOKEN = 'AAEAAWVsYXN0aWMvZmxlZXQtc2VydmVyL3Rva2VuMTpyNXdkYmRib1FTZTl2R09Ld2FKR0F3';
const SUPERUSER = `Basic ${Buffer.from('elastic:changeme').toString('base64')}`;
const TWENTY_MINUTES = 20 * 60 * 1000;

describe('the package as a library', () => {
  let sim: SimCluster;
  afterEach(() => sim.stop());

  const authOn = (node: string, token = TOKEN) =>
    request(sim.app).get('/_security/_authenticate').set('Authorization', `Bearer ${token}`).set('X-Sim-Node', node);

  it('createCluster gives an in-process cluster with a manual clock, its app, and its nodes by name and id', async () => {
    sim = await createCluster({ nodes: 3, seed: 7 });
    expect(sim.nodes.map((n) => [n.name, n.status, n.pid])).toEqual([
      ['node-1', 'up', null],
      ['node-2', 'up', null],
      ['node-3', 'up', null],
    ]);
    expect(sim.node((sim.nodes[1] as { id: string }).id).name).toBe('node-2');
    expect(() => sim.node('node-9')).toThrow('no node with name or id [node-9] in this cluster; known nodes: [node-1, node-2, node-3]');
    const res = await authOn('node-2').expect(200);
    expect(res.body.token).toEqual({ name: 'token1', type: '_service_account_file', managed_by: 'elasticsearch' });
    expect((await sim.node('node-2').caches()).file.entries.map((e) => e.key)).toEqual(['elastic/fleet-server/token1']);
    expect((await sim.node('node-1').caches()).file.size).toBe(0);
  });

  it('an in-process cluster of 1,000 nodes is created, and a clear reaches every node; node processes stay capped at 100', async () => {
    sim = await createCluster({ nodes: 1000, seed: 3 });
    const res = await request(sim.app)
      .post('/_security/service/elastic/fleet-server/credential/token/*/_clear_cache?filter_path=_nodes')
      .set('Authorization', SUPERUSER)
      .expect(200);
    expect(res.body).toEqual({ _nodes: { total: 1000, successful: 1000, failed: 0 } });
    await expect(createCluster({ nodes: 1001 })).rejects.toThrow('[nodes] (--nodes) must be at most 1000, got [1001]');
    await expect(createCluster({ nodes: 101, host: 'process' })).rejects.toThrow('[nodes] (--nodes) must be at most 100, got [101]');
  });

  it('the same seed gives the same node ids', async () => {
    sim = await createCluster({ nodes: 2, seed: 99 });
    const ids = sim.nodes.map((n) => n.id);
    await sim.stop();
    sim = await createCluster({ nodes: 2, seed: 99 });
    expect(sim.nodes.map((n) => n.id)).toEqual(ids);
  });

  it('a 20-minute TTL expires on all 5 nodes by moving the clock, not by waiting', async () => {
    sim = await createCluster({ nodes: 5, seed: 7 });
    for (const node of sim.nodes) await authOn(node.name).expect(200);
    sim.advance(TWENTY_MINUTES - 1);
    for (const node of sim.nodes) expect((await node.caches()).file.size).toBe(1);
    sim.advance(1);
    for (const node of sim.nodes) {
      const { file } = await node.caches();
      expect([file.size, file.stats.removed.expired]).toEqual([0, 1]);
    }
    const expired = sim.journal.since(0).filter((e) => e.event.type === 'cache.removed' && e.event.reason === 'expired');
    expect(expired.map((e) => [e.time_ms, (e.event as { node: string }).node])).toEqual(
      sim.nodes.map((n) => [TWENTY_MINUTES, n.name]),
    );
  });

  it('faults are added with the REST definition, and a bad one throws the same 400', async () => {
    sim = await createCluster({ nodes: 3, seed: 7 });
    await sim.faults.add('p', { type: 'partition', nodes: ['node-2'], messages: ['clear-cache'] });
    expect(sim.faults.list().map((f) => f.id)).toEqual(['p']);
    const dropped = sim.nextEvent('message.dropped', (e) => e.node === 'node-2');
    const clear = request(sim.app).post('/_security/service/elastic/fleet-server/credential/token/*/_clear_cache').set('Authorization', SUPERUSER).then((r) => r);
    await dropped;
    sim.advance(10_000);
    expect((await clear).body._nodes).toMatchObject({ total: 3, successful: 2, failed: 1 });
    await expect(sim.faults.add('bad', { type: 'partition', nodes: ['node-9'] })).rejects.toThrow(EsError);
    await expect(sim.faults.add('bad', { type: 'drop', probability: 3 })).rejects.toThrow('[probability] must be a number from 0 to 1, got [3]');
    expect(await sim.faults.healAll()).toEqual(['p']);
  });

  it('a killed node is down until started again, with the same id and empty caches', async () => {
    sim = await createCluster({ nodes: 2, seed: 7 });
    const node = sim.node('node-2');
    await authOn('node-2').expect(200);
    await node.kill();
    expect(node.status).toBe('down');
    await expect(node.caches()).rejects.toMatchObject({ status: 502 });
    await node.start();
    expect([node.status, (await node.caches()).file.size]).toEqual(['up', 0]);
  });

  it('the journal can be followed as it is written', async () => {
    sim = await createCluster({ nodes: 2, seed: 7 });
    const seen: string[] = [];
    const unsubscribe = sim.journal.subscribe((e) => seen.push(e.event.type));
    await authOn('node-1').expect(200);
    unsubscribe();
    expect(seen).toContain('token.authenticated');
  });
});
