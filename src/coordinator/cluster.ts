/**
 * The coordinator's view of the cluster: its members (one NodeChannel each, whichever
 * host runs them), the fan-out that asks every member at once, and the event stream.
 * It never throws because one node failed: fan-out returns one result per node.
 */
import { EventEmitter } from 'eventemitter3';
import type { ClusterConfig } from '../config';
import { resourceNotFound, transportFailure } from '../errors';
import { SERVICE_CACHE_ALIAS, type CoordinatorReplies, type CoordinatorRequest, type IndexHealth, type NodeRequest, type NodeResult, type ReplyOf } from '../protocol';
import type { SimEvent } from '../observe/events';
import type { Clock } from '../sim/clock';
import type { Random } from '../sim/random';
import { SharedDeadline, type CoordinatorServices, type NodeChannel } from '../transport/node-channel';
import { Journal } from '../observe/journal';
import { tokenDiff } from '../node/file-token-store';
import { parseServiceTokens } from '../node/service-tokens-file';
import type { FaultPlan } from '../transport/fault-plan';
import { ClusterFaults, RestFaultPlan, type FaultableNode } from '../faults';
import { NativeRealm } from './native-realm';
import type { SecurityIndex } from './security-index';

export type HostKind = 'process' | 'in-process';

export interface ClusterEvents {
  event: (event: SimEvent) => void;
}

/** How the simulator reaches a node's `service_tokens` (a real file, or content in memory). */
export interface ServiceTokensAccess {
  read(): string | null;
  /** Writes like a plain, non-atomic writer would (null deletes the file). */
  write(content: string | null): Promise<void>;
}

/** What reset() did, in the order it did it (node names). */
export interface ResetReport {
  /** What faults.healAll() answered: the faults healed. */
  healed: Awaited<ReturnType<ClusterFaults['healAll']>>;
  restored: string[];
  started: string[];
  caches_cleared: string[];
  caches_not_cleared?: string[];
}

export class Cluster implements CoordinatorServices {
  readonly events = new EventEmitter<ClusterEvents>();
  private stopped = false;
  private members: readonly NodeChannel[] = [];
  private tokensAccess = new Map<string, ServiceTokensAccess>();
  private turn = 0;
  /** Each node's `service_tokens` content when the cluster started (null: no file), restored by reset(). */
  private initialTokens = new Map<string, string | null>();
  /** Releases what the cluster holds besides its nodes (the data dir lock, the watchdog). */
  private onStopped: () => void | Promise<void> = () => undefined;
  /** Every event, numbered and timed. */
  readonly journal: Journal;
  /** Faults added, listed and healed through /_sim/faults, the CLI, or tests. */
  readonly faults: ClusterFaults;
  /** The active `rest` faults, which the HTTP app consults before anything else. */
  readonly restFaults: RestFaultPlan;
  /** Users of the security index, authenticated with Basic credentials. */
  readonly nativeRealm: NativeRealm;

  constructor(
    readonly config: ClusterConfig,
    readonly host: HostKind,
    readonly uuid: string,
    readonly clock: Clock,
    readonly random: Random,
    readonly securityIndex: SecurityIndex,
    plan: FaultPlan,
    journalFile?: string,
  ) {
    this.nativeRealm = new NativeRealm(securityIndex);
    this.journal = new Journal({ clock, file: journalFile, capacity: config.journalSize });
    this.restFaults = new RestFaultPlan(random, (e) => this.emit(e));
    this.faults = new ClusterFaults({
      plan,
      rest: this.restFaults,
      node: (name) => this.faultable(name),
      index: securityIndex,
      clock,
      emit: (e) => this.emit(e),
    });
    // Every state change of the index travels to every node as a message, so a node that misses one
    // visibly keeps a stale cache (README, Architecture).
    securityIndex.onStateChange((state) => {
      this.emit({ type: 'index.changed', health: state.health, uuid: state.uuid, upToDate: state.upToDate });
      void this.broadcastIndexState();
    });
  }

  /** Called once by createCluster, after the channels were built with this cluster as their coordinator. */
  adopt(members: readonly NodeChannel[], tokensAccess: Map<string, ServiceTokensAccess>, onStopped: () => void | Promise<void> = () => undefined): void {
    this.members = members;
    this.tokensAccess = tokensAccess;
    this.onStopped = onStopped;
  }

  /** A node as faults see it: its process, its file, its watcher. */
  private faultable(name: string): FaultableNode {
    const node = this.requireNode(name);
    const access = this.tokensAccess.get(node.info.name) as ServiceTokensAccess;
    const watcher = async (blind: boolean) => void (await node.request({ type: 'watcher', blind }, this.config.fanOutTimeoutMs));
    return {
      name: node.info.name,
      get down() {
        return node.status === 'down';
      },
      get paused() {
        return node.paused;
      },
      kill: () => node.kill(),
      start: () => this.startNode(node),
      pause: () => node.pause(),
      resume: () => node.resume(),
      readServiceTokens: () => access.read(),
      writeServiceTokens: async (content) => void (await this.writeServiceTokens(node.info.name, content)),
      setWatcherBlind: watcher,
    };
  }

  /**
   * Replaces a node's `service_tokens` (null deletes it) as a plain writer would — a real
   * file for the process host (its watcher reloads it), the content in memory otherwise —
   * after journaling the write with the token names it adds and removes: the commit of a
   * file change, which the node's watcher applies (or misses) afterwards.
   */
  async writeServiceTokens(nameOrId: string, content: string | null): Promise<NodeChannel> {
    const node = this.requireNode(nameOrId);
    const access = this.tokensAccess.get(node.info.name) as ServiceTokensAccess;
    const { added, removed } = tokenDiff(lenientTokens(access.read()), lenientTokens(content));
    this.emit({ type: 'file.written', node: node.info.name, added, removed });
    await access.write(content);
    return node;
  }

  /** Whether the clock moves only when told (an in-process cluster's manual clock). */
  get manualClock(): boolean {
    return typeof (this.clock as { advance?: unknown }).advance === 'function';
  }

  /** Moves a manual clock (in-process clusters); a system clock cannot be moved. */
  advance(ms: number): void {
    const clock = this.clock as { advance?: (ms: number) => void };
    if (clock.advance === undefined) throw new Error('advance() needs a cluster with a manual clock (clock: "manual")');
    clock.advance(ms);
  }

  /** Starts every member; each learns the security index state as its first message. */
  async startAll(onStarted?: (started: number, total: number) => void): Promise<void> {
    for (const [name, access] of this.tokensAccess) this.initialTokens.set(name, access.read());
    let started = 0;
    await Promise.all(this.members.map((m) => this.startNode(m).then(() => onStarted?.(++started, this.members.length))));
  }

  /**
   * Back to a clean slate between experiments: heals every fault, gives every node back the
   * `service_tokens` it started with, starts every stopped node, then empties every cache
   * and zeroes its statistics. Index tokens, users and roles are left as they are.
   */
  async reset(): Promise<ResetReport> {
    const healed = await this.faults.healAll();
    const restored: string[] = [];
    for (const [name, content] of this.initialTokens) {
      const access = this.tokensAccess.get(name) as ServiceTokensAccess;
      if (access.read() === content) continue;
      await access.write(content);
      restored.push(name);
    }
    const started: string[] = [];
    for (const node of this.members.filter((n) => n.status === 'down')) {
      await this.startNode(node);
      started.push(node.info.name);
    }
    const results = await this.fanOut({ type: 'clear-cache', cacheName: SERVICE_CACHE_ALIAS, keys: [], resetStats: true });
    const names = (ok: boolean) => results.filter((r) => r.ok === ok).map((r) => r.node.name).sort();
    const failed = names(false);
    return { healed, restored, started, caches_cleared: names(true), ...(failed.length > 0 ? { caches_not_cleared: failed.sort() } : {}) };
  }

  /** Starts a member (same id and name, empty caches) and tells it the security index state. */
  async startNode(node: NodeChannel): Promise<void> {
    await node.start();
    await node.request({ type: 'security-index-state', state: this.securityIndex.state() }, this.config.fanOutTimeoutMs);
  }

  /** Sends the current security index state to every node; each applies `SecurityIndexManager` on its own. */
  broadcastIndexState(): Promise<NodeResult<{ cleared: number }>[]> {
    return this.fanOut({ type: 'security-index-state', state: this.securityIndex.state() });
  }

  /** The health of the `.security` index (null: missing), which is the cluster's health. */
  securityIndexHealth(): IndexHealth | null {
    return this.securityIndex.state().health;
  }

  /** Node → coordinator requests: the real-time GET on the security index. */
  async serve<R extends CoordinatorRequest>(request: R): Promise<CoordinatorReplies[R['type']]> {
    return { hash: this.securityIndex.getTokenHash(request.key) };
  }

  /** The node that authenticates a request: the one named, or live nodes taking turns. */
  authenticatingNode(nameOrId: string | undefined): NodeChannel | undefined {
    if (nameOrId !== undefined) return this.requireNode(nameOrId);
    const live = this.liveNodes();
    if (live.length === 0) return undefined;
    return live[this.turn++ % live.length];
  }

  /** All members in name order, up or down. */
  nodes(): readonly NodeChannel[] {
    return this.members;
  }

  liveNodes(): NodeChannel[] {
    return this.members.filter((n) => n.status === 'up');
  }

  /** The member whose name or id is `nameOrId`, or undefined. */
  node(nameOrId: string): NodeChannel | undefined {
    return this.members.find((n) => n.info.name === nameOrId || n.info.id === nameOrId);
  }

  /** Like node(), but a 404 in ES shape that names the node and lists the known ones. */
  requireNode(nameOrId: string): NodeChannel {
    const node = this.node(nameOrId);
    if (node !== undefined) return node;
    const known = this.members.map((n) => n.info.name).join(', ');
    return this.fail(`no node with name or id [${nameOrId}] in this cluster; known nodes: [${known}]`);
  }

  /**
   * Sends `request` to every member concurrently; resolves with one result per member, in
   * the order they arrived (`RestActions#buildNodesHeader`). Down members fail at once, not by timeout.
   */
  fanOut<R extends NodeRequest>(request: R): Promise<NodeResult<ReplyOf<R>>[]> {
    const arrived: NodeResult<ReplyOf<R>>[] = [];
    // adopt() replaces the array, never changes it: this one stays the fan-out's own.
    const members = this.members;
    if (members.length === 0) return Promise.resolve(arrived);
    // One promise and one timer for the whole fan-out, not one per node (measured at 50
    // nodes: per-node promises, reactions and timers are work the coordinator does while
    // the nodes wait). The timer is set before any node is enlisted: when every node is
    // down, the fan-out completes inside enlist(), and take() clears the timer there.
    return new Promise((resolve) => {
      const timeoutMs = this.config.fanOutTimeoutMs;
      const deadline = new SharedDeadline();
      const timer = this.clock.setTimer(timeoutMs, () => deadline.expire());
      const take = (r: NodeResult<ReplyOf<R>>) => {
        if (arrived.push(r) < members.length) return;
        this.clock.clearTimer(timer);
        resolve(arrived);
      };
      // Every node enlisted first, then every envelope posted back to back (see enlist()).
      const envelopes = members.map((n) => n.enlist(request, timeoutMs, take, deadline));
      for (let i = 0; i < members.length; i++) {
        const envelope = envelopes[i];
        if (envelope !== undefined) (members[i] as NodeChannel).post(envelope);
      }
    });
  }

  /** What a node's caches hold; a node that cannot answer is its transport error (502/500, as ES). */
  async cacheSnapshot(nameOrId: string): Promise<ReplyOf<{ type: 'cache-snapshot' }>> {
    const result = await this.requireNode(nameOrId).request({ type: 'cache-snapshot' }, this.config.fanOutTimeoutMs);
    if (result.ok) return result.value;
    throw transportFailure(result.error);
  }

  emit(event: SimEvent): void {
    this.journal.record(event);
    this.events.emit('event', event);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.faults.stop();
    try {
      await Promise.all(this.members.map((n) => n.stop()));
    } finally {
      await this.onStopped();
    }
  }

  private fail(reason: string): never {
    throw resourceNotFound(reason);
  }
}

/** A file's tokens as a reload would see them: none when missing or unparseable. */
function lenientTokens(content: string | null): ReadonlyMap<string, string> {
  if (content === null) return new Map();
  try {
    return parseServiceTokens(content).tokens;
  } catch {
    return new Map();
  }
}
