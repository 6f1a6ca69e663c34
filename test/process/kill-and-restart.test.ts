/**
 * Real processes: the cluster forks one child per node. Killing a node is a real SIGKILL,
 * and the clear-cache answer tells the truth about it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { Cluster } from '../../src/coordinator/cluster';
import { startCoordinator } from '../../src/coordinator/start-coordinator';
import { buildApp } from '../../src/http/app';
import { SUPERUSER_AUTH } from '../support/in-process';
import { alive } from '../support/processes';

const CLEAR = '/_security/service/elastic/fleet-server/credential/token/*/_clear_cache';


describe('real node processes', () => {
  let cluster: Cluster;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'sim-process-'));
    cluster = await startCoordinator({ host: 'process', nodes: 3, dataDir });
  }, 30_000);
  afterAll(async () => {
    const pids = cluster.nodes().map((n) => n.pid).filter((p): p is number => p !== null);
    await cluster.stop();
    expect(pids.filter(alive)).toEqual([]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a killed node shows as one failure with node_not_connected_exception; restarted, all three succeed', async () => {
    const http = request(buildApp({ cluster }));
    const node2 = cluster.requireNode('node-2');
    const pid = node2.pid as number;
    expect(alive(pid)).toBe(true);

    await http.post('/_sim/nodes/node-2/_kill').set('Authorization', SUPERUSER_AUTH).expect(200);
    expect(alive(pid)).toBe(false);

    const partial = await http.post(CLEAR).set('Authorization', SUPERUSER_AUTH);
    expect(partial.status).toBe(200);
    expect(partial.body._nodes).toEqual({
      total: 3,
      successful: 2,
      failed: 1,
      failures: [
        {
          type: 'failed_node_exception',
          reason: `Failed node [${node2.info.id}]`,
          node_id: node2.info.id,
          caused_by: { type: 'node_not_connected_exception', reason: '[node-2][127.0.0.1:9302] Node not connected' },
        },
      ],
    });

    await http.post('/_sim/nodes/node-2/_start').set('Authorization', SUPERUSER_AUTH).expect(200);
    expect(node2.pid).not.toBe(pid);
    const full = await http.post(CLEAR).set('Authorization', SUPERUSER_AUTH);
    expect(full.body._nodes).toEqual({ total: 3, successful: 3, failed: 0 });
    expect(Object.values(full.body.nodes)).toHaveLength(3);
  }, 30_000);

  it('a node killed while it holds a request fails that request at once with node_disconnected_exception', async () => {
    const node3 = cluster.requireNode('node-3');
    await node3.pause(); // SIGSTOP: the request reaches the socket but is never answered
    const pending = cluster.fanOut({ type: 'clear-cache', cacheName: 'service', keys: [] });
    await node3.kill();
    const results = await pending;
    expect(results.find((r) => r.node.name === 'node-3')).toMatchObject({
      ok: false,
      error: { type: 'node_disconnected_exception', reason: '[node-3][127.0.0.1:9303][cluster:admin/xpack/security/cache/clear[n]] disconnected' },
    });
    await node3.start();
  }, 30_000);

  it('node ids are kept in the data dir, so a new cluster on it (after the first stopped) has the same ids', async () => {
    const ids = cluster.nodes().map((n) => n.info.id);
    const pids = cluster.nodes().map((n) => n.pid).filter((p): p is number => p !== null);
    const uuid = cluster.uuid;
    await cluster.stop();
    expect(pids.filter(alive)).toEqual([]);
    cluster = await startCoordinator({ host: 'in-process', nodes: 3, dataDir }); // stopped by afterAll
    expect(cluster.nodes().map((n) => n.info.id)).toEqual(ids);
    expect(cluster.uuid).toBe(uuid);
  });
});
