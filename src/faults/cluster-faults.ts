/**
 * Faults of a cluster: added under an id, listed, healed. Network faults go into the
 * fault plan the transport consults for every message; process, file and security-index
 * faults are carried out at once on the real thing (a SIGSTOPped process, a corrupted
 * file, a red index).
 *
 * Healing is exact whatever the order: a node's state is never "undone" step by step
 * (two file faults healed in the other order would restore a corrupted file), it is
 * recomputed from the faults that remain. The first file fault on a node keeps the file's
 * original bytes; every heal rewrites the file as the remaining file faults, in the order
 * they were added, make it from those bytes (none left: the original). A node stays down
 * while a kill fault on it remains, paused while a pause remains, blind while a
 * watcher-blind remains. A node's file is restored before the node is started, and a
 * node that still cannot start is reported after everything else was healed. Which kind a
 * fault type is, and its fields, is said in fault-table.ts.
 *
 * A fault may heal itself: `duration_ms` after it was added (a timer on the cluster's
 * clock), or once it acted `count` times (the plan that carries it out says so). It is
 * then unlisted at once and journaled as `fault.healed` with that `reason`; a fault with
 * node or index state is then recomputed like any heal, in turn with adds and heals.
 */
import { illegalState, internalException, resourceNotFound, toErrorData, type EsError, type ErrorData } from '../errors';
import type { SimEvent } from '../observe/events';
import type { IndexHealth } from '../protocol';
import type { Clock, TimerHandle } from '../sim/clock';
import { isNetworkFault, type FaultSpec, type Lifetime, type NetworkFault } from './fault-table';
import { publicFaultSpec } from './parse-fault';
import type { RestFault } from './rest-fault-fields';

/** Where network faults go: the transport's fault plan, consulted for every message. */
export interface NetworkFaults {
  /** `exhausted`: called when a fault with a `count` has used it up (it is inactive by then). */
  set(id: string, spec: NetworkFault, exhausted: () => void): void;
  delete(id: string): boolean;
}

/** Where rest faults go: the plan the HTTP app consults first for every request. */
export interface RestFaults {
  set(id: string, spec: RestFault & Lifetime, exhausted: () => void): void;
  delete(id: string): boolean;
  /** The cluster stops: drop every request a hang holds. */
  stop(): void;
}

/** Why a fault healed itself. */
export type SelfHealReason = 'count' | 'duration';

/** What security-index faults need from the index the coordinator keeps. */
export interface FaultableIndex {
  readonly exists: boolean;
  state(): { health: IndexHealth | null; upToDate: boolean };
  setHealth(health: IndexHealth): void;
  deleteIndex(): void;
  recreate(): void;
  setUpToDate(upToDate: boolean): void;
}

/** What faults need from a node: its process and its `service_tokens`. */
export interface FaultableNode {
  readonly name: string;
  readonly down: boolean;
  readonly paused: boolean;
  kill(): Promise<void>;
  start(): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  readServiceTokens(): string | null;
  /** Writes the node's file as a non-atomic writer would (null deletes it). */
  writeServiceTokens(content: string | null): Promise<void>;
  setWatcherBlind(blind: boolean): Promise<void>;
}

export interface ActiveFault {
  id: string;
  spec: FaultSpec;
  applied_at_ms: number;
}

/** A node that a heal could not bring back up, and why. */
export interface HealFailure {
  node: string;
  error: ErrorData;
}

type NodeFault = Exclude<FaultSpec, { type: 'security-index' } | { type: 'rest' }>;
type FileFault = Extract<FaultSpec, { type: 'file' }>;
type IndexAction = Extract<FaultSpec, { type: 'security-index' }>['action'];

/** Index faults that last until healed; the others (green, delete, recreate, up-to-date) are done once. */
const LASTING_INDEX_ACTIONS = new Set<IndexAction>(['red', 'yellow', 'outdated']);

/** A line no parser accepts: no `:` (`FileServiceAccountTokenStore`). */
const CORRUPT_LINE = 'this line is corrupt and has no colon';

export class ClusterFaults {
  readonly plan: NetworkFaults;
  /** In the order they were added (a re-added id goes to the end). */
  private readonly active = new Map<string, ActiveFault>();
  /** Per node, its `service_tokens` as it was before the first file fault that is still active. */
  private readonly originals = new Map<string, string | null>();
  /** Adds and heals run one at a time: each recomputes node state from the whole fault list. */
  private queue: Promise<unknown> = Promise.resolve();
  /** The `duration_ms` timer of each active fault that has one. */
  private readonly timers = new Map<ActiveFault, TimerHandle>();

  constructor(
    private readonly deps: {
      plan: NetworkFaults;
      rest: RestFaults;
      node: (name: string) => FaultableNode;
      index: FaultableIndex;
      clock: Clock;
      emit: (event: SimEvent) => void;
    },
  ) {
    this.plan = deps.plan;
  }

  /** The cluster stops: no fault heals itself any more, and requests held by a hang are dropped. */
  stop(): void {
    for (const handle of this.timers.values()) this.deps.clock.clearTimer(handle);
    this.timers.clear();
    this.deps.rest.stop();
  }

  list(): ActiveFault[] {
    return [...this.active.values()];
  }

  /**
   * Applies `spec` under `id`; an existing fault with that id is healed first. A `restart`
   * happens at once and is over: it is journaled as added and healed, and never listed.
   */
  add(id: string, spec: FaultSpec): Promise<ActiveFault> {
    return this.serially(async () => {
      if (this.active.has(id)) await this.healNow([id]);
      const fault: ActiveFault = { id, spec, applied_at_ms: Math.round(this.deps.clock.now()) };
      if (spec.type === 'restart') {
        await this.restart(spec.nodes);
        this.deps.emit({ type: 'fault.added', id, fault: publicFaultSpec(spec) });
        this.deps.emit({ type: 'fault.healed', id });
        return fault;
      }
      this.active.set(id, fault);
      try {
        await this.apply(fault);
      } catch (err) {
        // Not applied: forget it and put back whatever part of it was done.
        this.active.delete(id);
        await this.reconcile(affected([fault]));
        throw err;
      }
      this.deps.emit({ type: 'fault.added', id, fault: publicFaultSpec(spec) });
      if (spec.duration_ms !== undefined) {
        this.timers.set(fault, this.deps.clock.setTimer(spec.duration_ms, () => this.selfHeal(fault, 'duration')));
      }
      return fault;
    });
  }

  /**
   * A fault ends by itself (its count used up, its duration over): unlisted at once; what
   * it did to nodes or the index is recomputed in turn with adds and heals, then journaled.
   */
  private selfHeal(fault: ActiveFault, reason: SelfHealReason): void {
    if (this.active.get(fault.id) !== fault) return; // healed meanwhile, or replaced under its id
    this.detach([fault]);
    if (isNetworkFault(fault.spec) || fault.spec.type === 'rest') {
      this.deps.emit({ type: 'fault.healed', id: fault.id, reason });
      return;
    }
    void this.serially(async () => {
      await this.settle([fault]);
      this.deps.emit({ type: 'fault.healed', id: fault.id, reason });
    });
  }

  /** Heals one fault; if a node it kept down cannot start, the fault is healed all the same and that is the error. */
  heal(id: string): Promise<void> {
    return this.serially(async () => {
      if (!this.active.has(id)) {
        const known = [...this.active.keys()].join(', ');
        throw resourceNotFound(`no active fault [${id}]; active faults: [${known}]`);
      }
      const failures = await this.healNow([id]);
      if (failures.length > 0) throw healError([id], failures);
    });
  }

  /**
   * Heals every fault and answers their ids. Always finishes: every fault is removed and
   * every node that can start is started; nodes that cannot are then reported as one error
   * (in Elasticsearch's shape, naming each node and its cause).
   */
  async healAll(): Promise<string[]> {
    const { healed, failures } = await this.healAllReport();
    if (failures.length > 0) throw healError(healed, failures);
    return healed;
  }

  /** Heals every fault; answers what was healed and each node that could not start. */
  healAllReport(): Promise<{ healed: string[]; failures: HealFailure[] }> {
    return this.serially(async () => {
      const healed = [...this.active.keys()];
      return { healed, failures: await this.healNow(healed) };
    });
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Removes the faults, then brings everything they touched to what the remaining faults say. */
  private async healNow(ids: string[]): Promise<HealFailure[]> {
    const faults = ids.map((id) => this.active.get(id)).filter((f): f is ActiveFault => f !== undefined);
    this.detach(faults);
    const failures = await this.settle(faults);
    for (const f of faults) this.deps.emit({ type: 'fault.healed', id: f.id });
    return failures;
  }

  /** Unlists the faults and takes them out of the plans (a hang's held requests are served); no timer of theirs fires. */
  private detach(faults: readonly ActiveFault[]): void {
    for (const f of faults) {
      this.active.delete(f.id);
      if (isNetworkFault(f.spec)) this.plan.delete(f.id);
      if (f.spec.type === 'rest') this.deps.rest.delete(f.id);
      const timer = this.timers.get(f);
      if (timer !== undefined) this.deps.clock.clearTimer(timer);
      this.timers.delete(f);
    }
  }

  /** Brings the index and the nodes the detached faults touched to what the remaining faults say. */
  private async settle(faults: readonly ActiveFault[]): Promise<HealFailure[]> {
    if (faults.some((f) => f.spec.type === 'security-index' && LASTING_INDEX_ACTIONS.has(f.spec.action))) this.reconcileIndex();
    return this.reconcile(affected(faults), faults);
  }

  private async apply(fault: ActiveFault): Promise<void> {
    const { id, spec } = fault;
    if (isNetworkFault(spec)) {
      this.plan.set(id, spec, () => this.selfHeal(fault, 'count'));
      return;
    }
    if (spec.type === 'rest') {
      this.deps.rest.set(id, spec, () => this.selfHeal(fault, 'count'));
      return;
    }
    if (spec.type === 'security-index') return this.applyIndex(spec.action);
    await Promise.all(spec.nodes.map((name) => this.applyToNode(this.deps.node(name), spec)));
  }

  private async applyToNode(node: FaultableNode, spec: NodeFault): Promise<void> {
    switch (spec.type) {
      case 'kill':
        return node.kill();
      case 'pause':
        return node.pause();
      case 'watcher-blind': {
        // A paused node reads the message when it runs again; waiting for it here would hang the API.
        const told = node.setWatcherBlind(true);
        return node.paused ? undefined : told;
      }
      case 'file': {
        const before = node.readServiceTokens();
        if (!this.originals.has(node.name)) this.originals.set(node.name, before);
        return node.writeServiceTokens(fileContent(spec, before));
      }
      default:
        throw illegalState(`[${spec.type}] is not a node fault`);
    }
  }

  /** Kill, then whatever the remaining faults say (started, unless a kill fault keeps it down; paused if a pause remains). */
  private async restart(names: string[]): Promise<void> {
    await Promise.all(names.map((name) => this.deps.node(name).kill()));
    const failures = await this.reconcile(new Set(names));
    if (failures.length > 0) throw healError([], failures);
  }

  /**
   * Brings each named node to the state the active faults describe: its file first (a node
   * must not start on a file a healed fault corrupted), then its process, then its watcher
   * (told only when that changes: a freshly started node watches, so a remaining blind
   * fault is applied again; a paused node gets the message when it runs again).
   */
  private async reconcile(names: Set<string>, healed: readonly ActiveFault[] = []): Promise<HealFailure[]> {
    const failures: HealFailure[] = [];
    await Promise.all(
      [...names].map(async (name) => {
        const node = this.deps.node(name);
        try {
          await this.reconcileFile(node);
          const started = await this.reconcileProcess(node);
          const blind = this.onNode(name, 'watcher-blind').length > 0;
          const unblinded = !blind && healed.some((f) => f.spec.type === 'watcher-blind' && f.spec.nodes.includes(name));
          if (!node.down && ((blind && started) || unblinded)) {
            const told = node.setWatcherBlind(blind);
            if (!node.paused) await told;
          }
        } catch (err) {
          failures.push({ node: name, error: toErrorData(err) });
        }
      }),
    );
    return failures.sort((a, b) => a.node.localeCompare(b.node));
  }

  private async reconcileFile(node: FaultableNode): Promise<void> {
    if (!this.originals.has(node.name)) return;
    const original = this.originals.get(node.name) as string | null;
    const remaining = this.onNode(node.name, 'file') as FileFault[];
    if (remaining.length === 0) this.originals.delete(node.name);
    const wanted = remaining.reduce<string | null>((content, f) => fileContent(f, content), original);
    if (node.readServiceTokens() !== wanted) await node.writeServiceTokens(wanted);
  }

  /** Down while a kill fault remains, paused while a pause remains, else running; true if it was started. */
  private async reconcileProcess(node: FaultableNode): Promise<boolean> {
    if (this.onNode(node.name, 'kill').length > 0) {
      if (!node.down) await node.kill();
      return false;
    }
    const started = node.down;
    if (started) await node.start();
    const pause = this.onNode(node.name, 'pause').length > 0;
    if (pause && !node.paused) await node.pause();
    if (!pause && node.paused) await node.resume();
    return started;
  }

  private onNode(name: string, type: NodeFault['type']): NodeFault[] {
    return this.list()
      .map((f) => f.spec)
      .filter((s): s is NodeFault => s.type === type && 'nodes' in s && s.nodes.includes(name));
  }

  private applyIndex(action: IndexAction): void {
    const index = this.deps.index;
    switch (action) {
      case 'red':
      case 'yellow':
      case 'green':
        return index.setHealth(action);
      case 'delete':
        return index.deleteIndex();
      case 'recreate':
        return index.recreate();
      case 'outdated':
        return index.setUpToDate(false);
      case 'up-to-date':
        return index.setUpToDate(true);
    }
  }

  /**
   * After an index fault is healed: health is that of the latest remaining red/yellow
   * fault, else green; the format is outdated while an `outdated` fault remains. The
   * one-shot actions (green, delete, recreate, up-to-date) have nothing to heal.
   */
  private reconcileIndex(): void {
    const index = this.deps.index;
    const actions = this.list().flatMap((f) => (f.spec.type === 'security-index' ? [f.spec.action] : []));
    const health = actions.filter((a): a is 'red' | 'yellow' => a === 'red' || a === 'yellow').pop() ?? 'green';
    if (index.exists && index.state().health !== health) index.setHealth(health);
    const upToDate = !actions.includes('outdated');
    if (index.state().upToDate !== upToDate) index.setUpToDate(upToDate);
  }
}

/** The nodes whose state the given faults touched. */
function affected(faults: readonly ActiveFault[]): Set<string> {
  const names = new Set<string>();
  for (const { spec } of faults) if (!isNetworkFault(spec) && spec.type !== 'security-index' && spec.type !== 'rest') spec.nodes.forEach((n) => names.add(n));
  return names;
}

function healError(healed: string[], failures: HealFailure[]): EsError {
  const nodes = failures.map((f) => `[${f.node}]: ${f.error.reason ?? f.error.type}`).join('; ');
  const names = [...new Set(failures.map((f) => f.node))];
  return internalException(
    `${healed.length > 0 ? `healed faults [${healed.join(', ')}], but ` : ''}${names.length === 1 ? 'a node' : 'nodes'} did not start: ${nodes}; ` +
      `fix the cause, then start ${names.length === 1 ? 'it' : 'them'} with POST /_sim/nodes/{node}/_start`,
    failures[0]?.error,
    { healed, failed_nodes: names },
  );
}

function fileContent(spec: FileFault, before: string | null): string | null {
  switch (spec.action) {
    case 'write':
      return spec.content ?? '';
    case 'touch':
      return before ?? '';
    case 'corrupt':
      return `${before ?? ''}${before === null || before.endsWith('\n') || before === '' ? '' : '\n'}${CORRUPT_LINE}\n`;
    case 'truncate':
      return '';
    case 'delete':
      return null;
  }
}
