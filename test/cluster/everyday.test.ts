/**
 * Everyday helpers of the simulator API on the in-process cluster: a reset between
 * experiments, when cache entries expire, seeded ids on a fresh data dir, and
 * `token.managed_by` in a service token's _authenticate.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCoordinator } from '../../src/coordinator/start-coordinator';
import { bearer, FILE_TOKEN, startTestCluster, SUPERUSER_AUTH, type TestCluster } from '../support/in-process';

describe('POST /_sim/_reset', () => {
  let t: TestCluster;
  beforeEach(async () => {
    t = await startTestCluster();
  });
  afterEach(() => t.stop());

  const su = <R extends { set(k: string, v: string): R }>(r: R) => r.set('Authorization', SUPERUSER_AUTH);
  const authOn = (node: string) => t.http.get('/_security/_authenticate').set('Authorization', bearer(FILE_TOKEN)).set('X-Sim-Node', node);

  it('heals every fault, restores each node\'s service_tokens, starts stopped nodes, empties caches and zeroes stats, and answers with what it did', async () => {
    const original = t.channel('node-2').serviceTokensContent();
    await su(t.http.put('/_sim/faults/cut')).send({ type: 'partition', nodes: ['node-1'] }).expect(200);
    await t.channel('node-2').writeServiceTokens('');
    await su(t.http.post('/_sim/nodes/node-3/_kill')).expect(200);
    await authOn('node-2').expect(401);
    const res = await su(t.http.post('/_sim/_reset')).expect(200);
    expect(res.body).toEqual({
      acknowledged: true,
      healed: ['cut'],
      restored: ['node-2'],
      started: ['node-3'],
      caches_cleared: ['node-1', 'node-2', 'node-3'],
    });
    expect(t.cluster.faults.list()).toEqual([]);
    expect(t.channel('node-2').serviceTokensContent()).toBe(original);
    expect(t.cluster.nodes().map((n) => n.status)).toEqual(['up', 'up', 'up']);
    const caches = (await su(t.http.get('/_sim/nodes/node-2/caches')).expect(200)).body;
    expect(caches.file).toEqual({ size: 0, entries: [], stats: { hits: 0, misses: 0, removed: { cleared: 0, 'file-changed': 0, 'index-state': 0, expired: 0, evicted: 0, failed: 0 } } });
    await authOn('node-2').expect(200);
  });

  it('on a clean cluster it does nothing but empty the caches', async () => {
    const res = await su(t.http.post('/_sim/_reset')).expect(200);
    expect(res.body).toEqual({ acknowledged: true, healed: [], restored: [], started: [], caches_cleared: ['node-1', 'node-2', 'node-3'] });
  });

  it('is for the superuser only', async () => {
    await t.http.post('/_sim/_reset').expect(401);
  });
});

describe('cache entries say when they expire', () => {
  it('expires_in_ms counts down from the TTL with the clock, and hits do not extend it', async () => {
    const t = await startTestCluster({ tokenCacheTtlMs: 60_000 });
    try {
      await t.http.get('/_security/_authenticate').set('Authorization', bearer(FILE_TOKEN)).set('X-Sim-Node', 'node-1').expect(200);
      t.clock.advance(15_000);
      await t.http.get('/_security/_authenticate').set('Authorization', bearer(FILE_TOKEN)).set('X-Sim-Node', 'node-1').expect(200);
      const { file } = (await t.http.get('/_sim/nodes/node-1/caches').set('Authorization', SUPERUSER_AUTH).expect(200)).body;
      expect(file.entries).toEqual([{ key: 'elastic/fleet-server/token1', age_ms: 15_000, expires_in_ms: 45_000, hits: 1 }]);
    } finally {
      await t.stop();
    }
  });
});

describe('a seed on a fresh data dir', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const fresh = () => {
    const d = mkdtempSync(path.join(tmpdir(), 'sim-seed-'));
    dirs.push(d);
    return d;
  };
  const idsOf = async (seed: number, dataDir: string) => {
    const c = await startCoordinator({ nodes: 3, seed, dataDir, host: 'in-process', clock: 'manual' });
    const ids = { uuid: c.uuid, nodes: c.nodes().map((n) => n.info.id) };
    await c.stop();
    return ids;
  };

  it('gives the same node ids and cluster UUID again; another seed gives others', async () => {
    const first = await idsOf(7, fresh());
    expect(await idsOf(7, fresh())).toEqual(first);
    expect((await idsOf(8, fresh())).nodes).not.toEqual(first.nodes);
  });

  it('a data dir in use keeps its ids whatever the seed', async () => {
    const dir = fresh();
    const first = await idsOf(7, dir);
    expect(await idsOf(9, dir)).toEqual(first);
  });
});

describe('_authenticate with a service token', () => {
  it('says the credential is managed by elasticsearch (token.managed_by, Elasticsearch 9.4)', async () => {
    const t = await startTestCluster();
    try {
      const res = await t.http.get('/_security/_authenticate').set('Authorization', bearer(FILE_TOKEN)).expect(200);
      expect(res.body.token).toEqual({ name: 'token1', type: '_service_account_file', managed_by: 'elasticsearch' });
    } finally {
      await t.stop();
    }
  });
});

describe('--journal-size', () => {
  it('sets how many events the in-memory journal keeps; oldest_seq says what a reader missed', async () => {
    const t = await startTestCluster({ journalSize: 5 });
    try {
      for (let i = 0; i < 3; i++) await t.http.get('/_sim/faults').set('Authorization', SUPERUSER_AUTH).expect(200);
      const page = (await t.http.get('/_sim/events').set('Authorization', SUPERUSER_AUTH).expect(200)).body;
      expect(page.events).toHaveLength(5);
      expect(page.oldest_seq).toBe(t.cluster.journal.next - 5);
    } finally {
      await t.stop();
    }
  });
});
