/**
 * Real processes: a node process gets a minimal environment, so secrets of the coordinator's
 * (ELASTIC_PASSWORD) are not copied into every node, where /proc/<pid>/environ shows them.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Cluster } from '../../src/coordinator/cluster';
import { startCoordinator } from '../../src/coordinator/start-coordinator';
import { alive } from '../support/processes';

describe('a node process environment', () => {
  let cluster: Cluster;
  let dataDir: string;
  const saved = process.env.ELASTIC_PASSWORD;
  beforeAll(async () => {
    process.env.ELASTIC_PASSWORD = 'coordinator-only-secret';
    dataDir = mkdtempSync(path.join(tmpdir(), 'sim-env-'));
    cluster = await startCoordinator({ host: 'process', nodes: 1, dataDir, elasticPassword: 'coordinator-only-secret' });
  }, 30_000);
  afterAll(async () => {
    if (saved === undefined) delete process.env.ELASTIC_PASSWORD;
    else process.env.ELASTIC_PASSWORD = saved;
    const pids = cluster.nodes().map((n) => n.pid).filter((p): p is number => p !== null);
    await cluster.stop();
    expect(pids.filter(alive)).toEqual([]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lacks ELASTIC_PASSWORD and anything else but what Node needs and the boot info', () => {
    const pid = cluster.requireNode('node-1').pid as number;
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
    expect(environ.join('\n')).not.toContain('coordinator-only-secret');
    const names = environ.map((e) => e.slice(0, e.indexOf('=')));
    expect(names).not.toContain('ELASTIC_PASSWORD');
    // fork adds NODE_CHANNEL_* for the IPC channel itself.
    const extra = names.filter((n) => !['PATH', 'TMPDIR', 'TZ', 'LANG', 'LC_ALL', 'NODE_OPTIONS'].includes(n) && !n.startsWith('NODE_CHANNEL_'));
    expect(extra).toEqual(['ES_TOKEN_CACHE_SIM_NODE']);
  });
});
