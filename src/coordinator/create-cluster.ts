/**
 * Builds a cluster: resolves the configuration, gives every node its stable identity,
 * picks the host (real processes over IPC, or cores in this process with a manual or
 * system clock), and starts every node.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { nanoid } from 'nanoid';
import { resolveConfig, type ClusterConfig } from '../config';
import type { SimEvent } from '../observe/events';
import { ManualClock, SystemClock, type Clock } from '../sim/clock';
import { randomSeed, SeededRandom, type Random } from '../sim/random';
import { InProcessNodeChannel } from '../transport/in-process-node';
import { IpcNodeChannel } from '../transport/ipc-node';
import type { NodeChannel, NodeInfo } from '../transport/node-channel';
import { Cluster, type HostKind } from './cluster';
import { loadOrCreateId, nodeConfigDir, nodeDir } from './node-identity';

export interface CreateClusterOptions extends Partial<ClusterConfig> {
  /** `process` forks a real child per node; `in-process` (default) runs the cores here. */
  host?: HostKind;
  /** `manual` (default in-process) moves only on advance(); `system` is real time. */
  clock?: 'manual' | 'system' | Clock;
  /** Seed for every random choice; printed so a run can be replayed. */
  seed?: number;
  /**
   * Keep node ids and state on disk. Always true for the process host; for in-process,
   * only when a dataDir is given (otherwise ids come from the seed and nothing is written).
   */
  persist?: boolean;
}

export async function createCluster(options: CreateClusterOptions = {}): Promise<Cluster> {
  const { host = 'in-process', clock: clockOption, seed = randomSeed(), persist, ...rest } = options;
  const config = resolveConfig(rest);
  const random = new SeededRandom(seed);
  const clock = pickClock(clockOption ?? (host === 'process' ? 'system' : 'manual'));
  const onDisk = host === 'process' || (persist ?? options.dataDir !== undefined);
  const newId = onDisk ? () => nanoid(22) : () => random.id(22);
  const dataDir = path.resolve(config.dataDir);
  const uuid = onDisk ? loadOrCreateId(path.join(dataDir, 'cluster_uuid'), newId) : newId();

  let cluster: Cluster | undefined;
  const emit = (event: SimEvent) => cluster?.emit(event);
  const members: NodeChannel[] = [];
  for (let i = 1; i <= config.nodes; i++) {
    const name = `node-${i}`;
    const id = onDisk ? loadOrCreateId(path.join(nodeDir(dataDir, name), 'node_id'), newId) : newId();
    const info: NodeInfo = { id, name, transportAddress: `127.0.0.1:${9300 + i}` };
    const settings = { tokenCacheTtlMs: config.tokenCacheTtlMs, tokenCacheMax: config.tokenCacheMax };
    if (host === 'process') {
      const configDir = nodeConfigDir(dataDir, name);
      mkdirSync(configDir, { recursive: true });
      members.push(new IpcNodeChannel(info, clock, emit, { settings, configDir }));
    } else {
      members.push(new InProcessNodeChannel(info, clock, emit, settings));
    }
  }
  cluster = new Cluster(config, host, uuid, clock, random, members);
  try {
    await Promise.all(members.map((m) => m.start()));
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  return cluster;
}

function pickClock(option: 'manual' | 'system' | Clock): Clock {
  if (option === 'manual') return new ManualClock();
  if (option === 'system') return new SystemClock();
  return option;
}
