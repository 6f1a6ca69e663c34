/**
 * The simulator as a library, for your own tests: `createCluster()` builds a cluster
 * (in-process with a manual clock unless told otherwise) and hands back its express app
 * for supertest, its nodes, `advance(ms)`, its faults and its journal. It sits above both
 * the coordinator and the HTTP layer, so neither has to know about the other's wrapper.
 */
import type { Express } from 'express';
import type { Cluster, ResetReport } from './coordinator/cluster';
import { parseFaultSpec, type ActiveFault } from './faults';
import { startCoordinator, type CreateClusterOptions } from './coordinator/start-coordinator';
import { buildApp } from './http/app';
import type { CacheView } from './protocol';
import type { SimEvent } from './observe/events';
import type { Journal } from './observe/journal';
import type { Clock } from './sim/clock';
import type { NodeChannel } from './transport/node-channel';

/** One node as a test sees it; `status` and `pid` are read live. */
export interface SimNode {
  readonly id: string;
  readonly name: string;
  /** `paused`: up but silent (SIGSTOP), until resumed. */
  readonly status: 'up' | 'down' | 'paused';
  /** The child's pid (host `process`); null in-process. */
  readonly pid: number | null;
  /** What its two caches hold: the same body as `GET /_sim/nodes/{name}/caches`. */
  caches(): Promise<{ file: CacheView; index: CacheView }>;
  /** Kills it for real (SIGKILL for a process); requests to it fail at once. */
  kill(): Promise<void>;
  /** Starts it again: same id and name, empty caches. */
  start(): Promise<void>;
}

/** Faults, defined exactly as for `PUT /_sim/faults/{id}` (a bad one throws the same 400 EsError). */
export interface SimFaults {
  add(id: string, definition: Record<string, unknown>): Promise<ActiveFault>;
  heal(id: string): Promise<void>;
  healAll(): Promise<string[]>;
  list(): ActiveFault[];
}

export interface SimCluster {
  /** The Elasticsearch REST API (and /_sim), not listening: `supertest(sim.app)` or `sim.app.listen(0)`. */
  readonly app: Express;
  readonly nodes: readonly SimNode[];
  /** A node by name or id; throws a 404 EsError naming the known nodes. */
  node(nameOrId: string): SimNode;
  /** Moves the manual clock: TTLs expire, delayed messages arrive, timeouts fire. */
  advance(ms: number): void;
  readonly clock: Clock;
  readonly faults: SimFaults;
  /** Every event, numbered and timed: `journal.since(seq)`, `journal.subscribe(fn)`. */
  readonly journal: Journal;
  /**
   * The next event of `type` (matching `predicate`), a turn after it happened. With a manual
   * clock, wait for the message to be dropped or sent before you advance past a timeout: a
   * request made over HTTP reaches the nodes only after some real I/O.
   */
  nextEvent<T extends SimEvent['type']>(type: T, predicate?: (event: Extract<SimEvent, { type: T }>) => boolean): Promise<Extract<SimEvent, { type: T }>>;
  /** Heals every fault, restores every node's service_tokens, starts stopped nodes, empties caches and zeroes their stats (POST /_sim/_reset). */
  reset(): Promise<ResetReport>;
  /** The coordinator itself, for anything not wrapped here. */
  readonly cluster: Cluster;
  /** Stops every node (child processes exit); call it in afterEach/afterAll. */
  stop(): Promise<void>;
}

export type { CreateClusterOptions };

export async function createCluster(options: CreateClusterOptions = {}): Promise<SimCluster> {
  const cluster = await startCoordinator(options);
  const nodes = cluster.nodes().map((channel) => simNode(cluster, channel));
  const names = nodes.map((n) => n.name);
  return {
    app: buildApp({ cluster }),
    nodes,
    node: (nameOrId) => nodes[cluster.nodes().indexOf(cluster.requireNode(nameOrId))] as SimNode,
    advance: (ms) => cluster.advance(ms),
    clock: cluster.clock,
    faults: {
      add: async (id, definition) => cluster.faults.add(id, parseFaultSpec(definition, names)),
      heal: (id) => cluster.faults.heal(id),
      healAll: () => cluster.faults.healAll(),
      list: () => cluster.faults.list(),
    },
    journal: cluster.journal,
    nextEvent: (type, predicate) =>
      new Promise((resolve) => {
        const unsubscribe = cluster.journal.subscribe(({ event }) => {
          if (event.type !== type) return;
          const match = event as Extract<SimEvent, { type: typeof type }>;
          if (predicate !== undefined && !predicate(match)) return;
          unsubscribe();
          // A turn later: in-process nodes answer in microtasks, so by then every message
          // that can arrive without the clock moving has arrived.
          setImmediate(() => resolve(match));
        });
      }),
    reset: () => cluster.reset(),
    cluster,
    stop: () => cluster.stop(),
  };
}

function simNode(cluster: Cluster, channel: NodeChannel): SimNode {
  return {
    id: channel.info.id,
    name: channel.info.name,
    get status() {
      return channel.displayStatus;
    },
    get pid() {
      return channel.pid;
    },
    caches: () => cluster.cacheSnapshot(channel.info.id),
    kill: () => channel.kill(),
    start: () => cluster.startNode(channel),
  };
}
