/**
 * Test support: an in-process cluster on a fresh temporary data dir (real files, real
 * chokidar, system clock), its event log, a bounded wait for file reloads, and cleanup.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { Cluster } from '../../src/coordinator/cluster';
import { startCoordinator, type CreateClusterOptions } from '../../src/coordinator/start-coordinator';
import { buildApp } from '../../src/http/app';
import type { SimEvent } from '../../src/observe/events';
import { fileChangedOn, waitForEvent } from './in-process';

export interface DiskCluster {
  cluster: Cluster;
  dataDir: string;
  /** Every event since start (or since the last restart()). */
  events: SimEvent[];
  serviceTokensFile(node: string): string;
  /** Waits (at most 4 s each) until `node` has reloaded changed tokens `count` times in all. */
  reloaded(node: string, count: number): Promise<void>;
  /** Authenticates `bearer` on `node` through the REST API. */
  authenticate(node: string, bearer: string): Promise<request.Response>;
  /** Stops the cluster and starts a new one on the same data dir. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startDiskCluster(options: CreateClusterOptions = {}): Promise<DiskCluster> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sim-disk-'));
  const start = () => startCoordinator({ host: 'in-process', clock: 'system', nodes: 2, ...options, dataDir });
  const d: DiskCluster = {
    cluster: await start(),
    dataDir,
    events: [],
    serviceTokensFile: (node) => path.join(dataDir, 'nodes', node, 'config', 'service_tokens'),
    async reloaded(node, count) {
      for (let seen = d.events.filter(fileChangedOn(node)).length; seen < count; seen++) await waitForEvent(d.cluster, fileChangedOn(node));
    },
    authenticate: (node, bearer) =>
      request(buildApp({ cluster: d.cluster })).get('/_security/_authenticate').set('Authorization', `Bearer ${bearer}`).set('X-Sim-Node', node),
    async restart() {
      await d.cluster.stop();
      d.cluster = await start();
      listen();
    },
    async stop() {
      await d.cluster.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  const listen = () => {
    d.events = [];
    d.cluster.events.on('event', (e) => d.events.push(e));
  };
  listen();
  return d;
}
