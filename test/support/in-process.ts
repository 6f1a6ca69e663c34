/**
 * Test support: an in-process cluster with a manual clock, its express app, and a
 * supertest agent that calls it as the superuser.
 */
import request from 'supertest';
import { cacheHash } from '../../src/accounts';
import type { Cluster } from '../../src/coordinator/cluster';
import { createCluster, type CreateClusterOptions } from '../../src/coordinator/create-cluster';
import { buildApp } from '../../src/http/app';
import type { ManualClock } from '../../src/sim/clock';
import { InProcessNodeChannel } from '../../src/transport/in-process-node';
import type { NodeCore } from '../../src/node/node-core';

export const SUPERUSER_AUTH = `Basic ${Buffer.from('elastic:changeme').toString('base64')}`;

export interface TestCluster {
  cluster: Cluster;
  clock: ManualClock;
  http: ReturnType<typeof request>;
  core(name: string): NodeCore;
  channel(name: string): InProcessNodeChannel;
  stop(): Promise<void>;
}

export async function startTestCluster(options: CreateClusterOptions = {}): Promise<TestCluster> {
  const cluster = await createCluster({ nodes: 3, seed: 42, ...options, host: 'in-process', clock: 'manual' });
  const app = buildApp({ cluster });
  const channel = (name: string) => {
    const ch = cluster.requireNode(name);
    if (!(ch instanceof InProcessNodeChannel)) throw new Error('not an in-process node');
    return ch;
  };
  return {
    cluster,
    clock: cluster.clock as ManualClock,
    http: request(app),
    channel,
    core(name: string) {
      const core = channel(name).core;
      if (core === null) throw new Error(`${name} is down`);
      return core;
    },
    stop: () => cluster.stop(),
  };
}

/** Puts a token entry in a node's cache, as a successful authentication would. */
export function fillCache(core: NodeCore, cache: 'file' | 'index', ...keys: string[]): void {
  for (const key of keys) {
    (cache === 'file' ? core.fileCache : core.indexCache).insert(key, { hash: cacheHash('filled-by-test'), verdict: Promise.resolve(true) });
  }
}

/** Lets real I/O (supertest's socket) progress until `condition` holds; fails after `maxTurns`. */
export async function until(condition: () => boolean, maxTurns = 10_000): Promise<void> {
  for (let i = 0; i < maxTurns; i++) {
    if (condition()) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error('condition never became true');
}

/** The sample file token every fresh node has, and its bearer value (spec §2.3 vectors). */
export const FILE_TOKEN = 'AAEAAWVsYXN0aWMvZmxlZXQtc2VydmVyL3Rva2VuMTpyNXdkYmRib1FTZTl2R09Ld2FKR0F3';
export const WRONG_SECRET_TOKEN = 'AAEAAWVsYXN0aWMvZmxlZXQtc2VydmVyL3Rva2VuMTozYUpDTGFRV1JOMnNYbE9kdHhBMFNR';
export const bearer = (value: string) => `Bearer ${value}`;
