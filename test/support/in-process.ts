/**
 * Test support, a thin layer over the public library (`createCluster` of src/index.ts): an
 * in-process cluster with a manual clock and a supertest agent over its app, plus what
 * only tests need — a node's core and channel to look inside, and helpers to fill caches
 * and wait for events.
 */
import request from 'supertest';
import { cacheHash } from '../../src/accounts';
import { createCluster, type Cluster, type CreateClusterOptions, type SimCluster } from '../../src/index';
import type { ManualClock } from '../../src/sim/clock';
import { InProcessNodeChannel } from '../../src/transport/in-process-node';
import type { NodeCore } from '../../src/node/node-core';

export const SUPERUSER_AUTH = `Basic ${Buffer.from('elastic:changeme').toString('base64')}`;

export interface TestCluster {
  /** The library's handle, as a user of the package gets it. */
  sim: SimCluster;
  cluster: Cluster;
  clock: ManualClock;
  http: ReturnType<typeof request>;
  core(name: string): NodeCore;
  channel(name: string): InProcessNodeChannel;
  stop(): Promise<void>;
}

export async function startTestCluster(options: CreateClusterOptions = {}): Promise<TestCluster> {
  const sim = await createCluster({ nodes: 3, seed: 42, ...options, host: 'in-process', clock: 'manual' });
  const cluster = sim.cluster;
  const channel = (name: string) => {
    const ch = cluster.requireNode(name);
    if (!(ch instanceof InProcessNodeChannel)) throw new Error('not an in-process node');
    return ch;
  };
  return {
    sim,
    cluster,
    clock: sim.clock as ManualClock,
    http: request(sim.app),
    channel,
    core(name: string) {
      const core = channel(name).core;
      if (core === null) throw new Error(`${name} is down`);
      return core;
    },
    stop: () => sim.stop(),
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

/** The `index_not_found_exception` of the missing `.security` index, as Elasticsearch renders it. */
export const SECURITY_INDEX_NOT_FOUND = {
  type: 'index_not_found_exception',
  reason: 'no such index [.security]',
  'resource.type': 'index_or_alias',
  'resource.id': '.security',
  index_uuid: '_na_',
  index: '.security',
};

/** The sample file token every fresh node has, and its bearer value (`ServiceAccountToken` vectors). */
export const FILE_TOKEN = 'AAEAAWVsYXN0aWMvZmxlZXQtc2VydmVyL3Rva2VuMTpyNXdkYmRib1FTZTl2R09Ld2FKR0F3';
export const WRONG_SECRET_TOKEN = 'AAEAAWVsYXN0aWMvZmxlZXQtc2VydmVyL3Rva2VuMTozYUpDTGFRV1JOMnNYbE9kdHhBMFNR';
export const bearer = (value: string) => `Bearer ${value}`;

/**
 * Resolves with the first event matching `predicate`; rejects after `timeoutMs`, so a test
 * that waits for something that never comes fails and still runs its cleanup.
 */
export function waitForEvent<E extends import('../../src/observe/events').SimEvent>(
  cluster: Cluster,
  predicate: (e: import('../../src/observe/events').SimEvent) => e is E,
  timeoutMs?: number,
): Promise<E>;
export function waitForEvent(
  cluster: Cluster,
  predicate: (e: import('../../src/observe/events').SimEvent) => boolean,
  timeoutMs?: number,
): Promise<import('../../src/observe/events').SimEvent>;
export function waitForEvent(
  cluster: Cluster,
  predicate: (e: import('../../src/observe/events').SimEvent) => boolean,
  timeoutMs = 4_000,
): Promise<import('../../src/observe/events').SimEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cluster.events.off('event', listener);
      reject(new Error(`no matching event within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (e: import('../../src/observe/events').SimEvent) => {
      if (!predicate(e)) return;
      clearTimeout(timer);
      cluster.events.off('event', listener);
      resolve(e);
    };
    cluster.events.on('event', listener);
  });
}

/** The predicate for "node `name` reloaded its service_tokens and they changed". */
export const fileChangedOn = (name: string) => (e: import('../../src/observe/events').SimEvent) =>
  e.type === 'file.reloaded' && e.node === name && e.changed;
