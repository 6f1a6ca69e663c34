/**
 * Builds a cluster: resolves the configuration, gives every node its stable identity and
 * its `service_tokens`, picks the host (real processes over IPC, or cores in this process
 * with a manual or system clock), and starts every node.
 */
import { existsSync, mkdirSync, promises as fs, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { nanoid } from 'nanoid';
import { removeStaleTempFiles, writeFileAtomicSync } from '../atomic-write';
import { MAX_IN_PROCESS_NODES, MAX_NODES, resolveConfig, type ClusterConfig } from '../config';
import { illegalArgument } from '../errors';
import type { SimEvent } from '../observe/events';
import { ManualClock, SystemClock, type Clock } from '../sim/clock';
import { randomSeed, SeededRandom } from '../sim/random';
import { InProcessNodeChannel } from '../transport/in-process-node';
import { IpcNodeChannel } from '../transport/ipc-node';
import type { NodeInfo } from '../protocol';
import type { ChannelContext, NodeChannel } from '../transport/node-channel';
import { Watchdog } from '../transport/watchdog';
import { readServiceTokensSync } from '../node/service-tokens-watcher';
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
  /**
   * The nodes' names, in order (default `node-1` … `node-N`); sets the node count. For
   * tests written against another naming, e.g. Elasticsearch's `yamlRestTest-0`.
   */
  nodeNames?: readonly string[];
  /** Called as each node is up: progress for large clusters. */
  onNodeStarted?: (started: number, total: number) => void;
}

export async function startCoordinator(options: CreateClusterOptions = {}): Promise<Cluster> {
  const { host = 'in-process', clock: clockOption, persist, serviceTokens, nodeNames, onNodeStarted, ...rest } = options;
  const limits = { maxNodes: host === 'process' ? MAX_NODES : MAX_IN_PROCESS_NODES };
  const config = resolveConfig(nodeNames === undefined ? rest : { ...rest, nodes: nodeNames.length }, limits);
  const names = nodeNames ?? Array.from({ length: config.nodes }, (_, i) => `node-${i + 1}`);
  checkNodeNames(names);
  const seed = config.seed ?? randomSeed();
  const journal = config.journal;
  const random = new SeededRandom(seed);
  const clock = pickClock(clockOption ?? (host === 'process' ? 'system' : 'manual'));
  const onDisk = host === 'process' || (persist ?? options.dataDir !== undefined);
  // A seeded cluster draws the ids it creates (node ids, cluster and index UUIDs) from its
  // own stream of the seed, so a fresh data dir gets the same ids again, and reusing a data
  // dir (no new ids) leaves the fault draws of `random` as they were.
  const idRandom = new SeededRandom((seed ^ 0x5eed1d5) >>> 0);
  const newId = !onDisk ? () => random.id(22) : config.seed !== undefined ? () => idRandom.id(22) : () => nanoid(22);
  const dataDir = path.resolve(config.dataDir);
  if (onDisk) mkdirSync(dataDir, { recursive: true });
  const lock = onDisk ? lockDataDir(dataDir) : undefined;
  if (onDisk) removeStaleTempFiles(dataFileDirs(dataDir));
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
    const initialContent = readInitialServiceTokens(config.serviceTokensFile);
    const memoryContent = serviceTokens === undefined ? initialContent : serviceTokens;
    const members: NodeChannel[] = [];
    // File-system events arrive in real time, whatever clock the cluster runs on.
    const fileClock = new SystemClock();
    for (let i = 1; i <= config.nodes; i++) {
      const name = names[i - 1] as string;
      const fresh = onDisk && !existsSync(path.join(nodeDir(dataDir, name), 'node_id'));
      const id = onDisk ? loadOrCreateId(path.join(nodeDir(dataDir, name), 'node_id'), newId) : newId();
      const info: NodeInfo = { id, name, transportAddress: `127.0.0.1:${9300 + i}` };
      const settings = { tokenCacheTtlMs: config.tokenCacheTtlMs, tokenCacheMax: config.tokenCacheMax, lookupTimeoutMs: config.fanOutTimeoutMs };
      const file = path.join(nodeConfigDir(dataDir, name), 'service_tokens');
      if (onDisk) seedConfigDir(file, fresh, initialContent);
      const watch = { mode: config.fileWatch, intervalMs: config.fileWatchIntervalMs };
      if (host === 'process') {
        members.push(new IpcNodeChannel(info, context, { settings, serviceTokensFile: file, fileWatch: watch.mode, fileWatchIntervalMs: watch.intervalMs }, watchdog));
      } else {
        const origin = onDisk ? ({ kind: 'file', file, ...watch, fileClock } as const) : ({ kind: 'memory', content: memoryContent } as const);
        const channel = new InProcessNodeChannel(info, context, settings, origin);
        members.push(channel);
        if (!onDisk) tokensAccess.set(name, memoryAccess(channel));
      }
      if (onDisk) tokensAccess.set(name, fileAccess(file));
    }
    cluster = new Cluster(config, host, uuid, clock, random, securityIndex, faults, journal);
    cluster.adopt(members, tokensAccess, release);
    cluster.emit({
      type: 'cluster.started',
      nodes: members.map((m) => m.info.name),
      token_cache_ttl_ms: config.tokenCacheTtlMs,
      fan_out_timeout_ms: config.fanOutTimeoutMs,
      seed,
    });
    try {
      await cluster.startAll(onNodeStarted);
    } catch (err) {
      await cluster.stop();
      throw err;
    }
    return cluster;
  }
}

/** Every folder a cluster saves files in: the data dir, and the dir and config dir of every node it has held. */
function dataFileDirs(dataDir: string): string[] {
  const dirs = [dataDir];
  let names: string[] = [];
  try {
    names = readdirSync(path.join(dataDir, 'nodes'));
  } catch {
    // a fresh data dir has no nodes yet
  }
  for (const name of names) dirs.push(nodeDir(dataDir, name), nodeConfigDir(dataDir, name));
  return dirs;
}

/** Names become directory names and URL path segments: keep them plain and distinct. */
function checkNodeNames(names: readonly string[]): void {
  for (const name of names) {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name) || name === '.' || name === '..') {
      throw illegalArgument(`node name [${name}] must be 1 to 64 characters from [A-Za-z0-9_.-]`);
    }
  }
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw illegalArgument(`node name [${dup}] is given twice; node names must be distinct`);
}

/** A node's config dir exists; a node new to this data dir gets the initial `service_tokens` (the sample unless --service-tokens). */
function seedConfigDir(file: string, fresh: boolean, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  if (fresh && !existsSync(file)) writeFileAtomicSync(file, content, 0o600);
}

function readInitialServiceTokens(file: string | undefined): string {
  if (file === undefined) return readFileSync(SAMPLE_SERVICE_TOKENS, 'utf8');
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw illegalArgument(`[serviceTokensFile] (--service-tokens) cannot be read: ${(err as Error).message}`);
  }
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
