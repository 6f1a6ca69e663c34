/**
 * Builds a cluster: resolves the configuration, gives every node its stable identity and
 * its `service_tokens`, picks the host (real processes over IPC, or cores in this process
 * with a manual or system clock), and starts every node.
 */
import { existsSync, mkdirSync, promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { nanoid } from 'nanoid';
import { writeFileAtomicSync } from '../atomic-write';
import { resolveConfig, type ClusterConfig } from '../config';
import type { SimEvent } from '../observe/events';
import { ManualClock, SystemClock, type Clock } from '../sim/clock';
import { randomSeed, SeededRandom } from '../sim/random';
import { InProcessNodeChannel } from '../transport/in-process-node';
import { IpcNodeChannel } from '../transport/ipc-node';
import { Watchdog } from '../transport/watchdog';
import type { ChannelContext, NodeChannel, NodeInfo } from '../transport/node-channel';
import { readServiceTokensSync } from '../node/service-tokens-source';
import { FaultPlan } from '../transport/fault-plan';
import { lockDataDir } from './data-dir-lock';
import { Cluster, type HostKind, type ServiceTokensAccess } from './cluster';
import { loadOrCreateId, nodeConfigDir, nodeDir } from './node-identity';
import { SecurityIndex } from './security-index';

/** The sample file every fresh node gets: `elastic/fleet-server/token1` (secret in the README). */
export const SAMPLE_SERVICE_TOKENS = path.resolve(__dirname, '..', '..', 'fixtures', 'service_tokens');

export interface CreateClusterOptions extends Partial<ClusterConfig> {
  /** `process` forks a real child per node; `in-process` (default) runs the cores here. */
  host?: HostKind;
  /** `manual` (default in-process) moves only on advance(); `system` is real time. */
  clock?: 'manual' | 'system' | Clock;
  /**
   * In-process only: keep ids, `service_tokens` files and the security index on disk.
   * Defaults to true when a dataDir is given; otherwise everything is in memory and ids
   * come from the seed. The process host always uses the disk.
   */
  persist?: boolean;
  /** In-memory `service_tokens` content for every node (default: the sample token). */
  serviceTokens?: string | null;
}

export async function createCluster(options: CreateClusterOptions = {}): Promise<Cluster> {
  const { host = 'in-process', clock: clockOption, persist, serviceTokens, ...rest } = options;
  const config = resolveConfig(rest);
  const seed = config.seed ?? randomSeed();
  const journal = config.journal;
  const random = new SeededRandom(seed);
  const clock = pickClock(clockOption ?? (host === 'process' ? 'system' : 'manual'));
  const onDisk = host === 'process' || (persist ?? options.dataDir !== undefined);
  const newId = onDisk ? () => nanoid(22) : () => random.id(22);
  const dataDir = path.resolve(config.dataDir);
  if (onDisk) mkdirSync(dataDir, { recursive: true });
  const lock = onDisk ? lockDataDir(dataDir) : undefined;
  const watchdog = host === 'process' ? new Watchdog() : undefined;
  const release = async () => {
    await watchdog?.release();
    lock?.release();
  };
  try {
    return await build();
  } catch (err) {
    await release();
    throw err;
  }

  async function build(): Promise<Cluster> {
    const uuid = onDisk ? loadOrCreateId(path.join(dataDir, 'cluster_uuid'), newId) : newId();
    const securityIndex = new SecurityIndex({
      file: onDisk ? path.join(dataDir, 'security-index.json') : undefined,
      newUuid: newId,
      now: () => Math.round(clock.now()),
    });

    let cluster: Cluster | undefined;
    const faults = new FaultPlan(random);
    const context: ChannelContext = {
      clock,
      emit: (event: SimEvent) => cluster?.emit(event),
      coordinator: { serve: (request) => (cluster as Cluster).serve(request) },
      faults,
    };
    const tokensAccess = new Map<string, ServiceTokensAccess>();
    const memoryContent = serviceTokens === undefined ? readFileSync(SAMPLE_SERVICE_TOKENS, 'utf8') : serviceTokens;
    const members: NodeChannel[] = [];
    for (let i = 1; i <= config.nodes; i++) {
      const name = `node-${i}`;
      const fresh = onDisk && !existsSync(path.join(nodeDir(dataDir, name), 'node_id'));
      const id = onDisk ? loadOrCreateId(path.join(nodeDir(dataDir, name), 'node_id'), newId) : newId();
      const info: NodeInfo = { id, name, transportAddress: `127.0.0.1:${9300 + i}` };
      const settings = { tokenCacheTtlMs: config.tokenCacheTtlMs, tokenCacheMax: config.tokenCacheMax, lookupTimeoutMs: config.fanOutTimeoutMs };
      const file = path.join(nodeConfigDir(dataDir, name), 'service_tokens');
      if (onDisk) seedConfigDir(file, fresh);
      const watch = { mode: config.fileWatch, intervalMs: config.fileWatchIntervalMs };
      if (host === 'process') {
        members.push(new IpcNodeChannel(info, context, { settings, serviceTokensFile: file, fileWatch: watch.mode, fileWatchIntervalMs: watch.intervalMs }, watchdog));
      } else {
        const origin = onDisk ? ({ kind: 'file', file, ...watch } as const) : ({ kind: 'memory', content: memoryContent } as const);
        const channel = new InProcessNodeChannel(info, context, settings, origin);
        members.push(channel);
        if (!onDisk) tokensAccess.set(name, memoryAccess(channel));
      }
      if (onDisk) tokensAccess.set(name, fileAccess(file));
    }
    cluster = new Cluster(config, host, uuid, clock, random, securityIndex, faults, journal);
    cluster.adopt(members, tokensAccess, release);
    try {
      await cluster.startAll();
    } catch (err) {
      await cluster.stop();
      throw err;
    }
    return cluster;
  }
}

/** A node's config dir exists; a node new to this data dir gets the sample `service_tokens`. */
function seedConfigDir(file: string, fresh: boolean): void {
  mkdirSync(path.dirname(file), { recursive: true });
  if (fresh && !existsSync(file)) writeFileAtomicSync(file, readFileSync(SAMPLE_SERVICE_TOKENS, 'utf8'), 0o600);
}

function fileAccess(file: string): ServiceTokensAccess {
  return {
    read: () => readServiceTokensSync(file),
    write: async (content) => {
      if (content === null) await fs.rm(file, { force: true });
      else await fs.writeFile(file, content, { mode: 0o600 });
    },
  };
}

function memoryAccess(channel: InProcessNodeChannel): ServiceTokensAccess {
  return {
    read: () => channel.serviceTokensContent(),
    write: async (content) => channel.writeServiceTokens(content),
  };
}

function pickClock(option: 'manual' | 'system' | Clock): Clock {
  if (option === 'manual') return new ManualClock();
  if (option === 'system') return new SystemClock();
  return option;
}
