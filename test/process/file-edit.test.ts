/**
 * Real processes watching real files: editing one node's `service_tokens` makes the
 * sample token stop working on that node only.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { Cluster } from '../../src/coordinator/cluster';
import { startCoordinator } from '../../src/coordinator/start-coordinator';
import { buildApp } from '../../src/http/app';
import { bearer, FILE_TOKEN, fileChangedOn, waitForEvent } from '../support/in-process';

describe('real node processes and their service_tokens files', () => {
  let cluster: Cluster;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'sim-file-edit-'));
    cluster = await startCoordinator({ host: 'process', nodes: 3, dataDir });
  }, 30_000);
  afterAll(async () => {
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('emptying node-2\'s file makes the token fail on node-2 and still work on node-1 and node-3', async () => {
    const http = request(buildApp({ cluster }));
    const status = async (node: string) =>
      (await http.get('/_security/_authenticate').set('Authorization', bearer(FILE_TOKEN)).set('X-Sim-Node', node)).status;
    expect([await status('node-1'), await status('node-2'), await status('node-3')]).toEqual([200, 200, 200]);

    const changed = waitForEvent(cluster, fileChangedOn('node-2'), 10_000);
    writeFileSync(path.join(dataDir, 'nodes', 'node-2', 'config', 'service_tokens'), '# no tokens on this node\n');
    await changed;

    expect([await status('node-1'), await status('node-2'), await status('node-3')]).toEqual([200, 401, 200]);
  }, 30_000);
});
