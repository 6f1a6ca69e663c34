/**
 * Faults of a cluster: added under an id, listed, healed. Network faults go into the
 * fault plan the transport consults for every message; process, file and security-index
 * faults are carried out here at once on the real thing (a SIGSTOPped process, a
 * corrupted file, a red index) and know how to undo themselves when healed. Which kind a
 * fault type is, and its fields, is said in fault-table.ts.
 */
import { resourceNotFound, illegalState } from '../errors';
import type { SimEvent } from '../observe/events';
import type { IndexHealth } from '../protocol';
import { isNetworkFault, type FaultSpec, type NetworkFault } from './fault-table';
import { publicFaultSpec } from './parse-fault';

/** Where network faults go: the transport's fault plan, consulted for every message. */
export interface NetworkFaults {
  set(id: string, spec: NetworkFault): void;
  delete(id: string): boolean;
}

/** What security-index faults need from the index the coordinator keeps. */
export interface FaultableIndex {
  readonly exists: boolean;
  setHealth(health: IndexHealth): void;
  deleteIndex(): void;
  recreate(): void;
  setUpToDate(upToDate: boolean): void;
}

/** What faults need from a node: its process and its `service_tokens`. */
export interface FaultableNode {
  readonly name: string;
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

type Undo = () => Promise<void>;

/** A line no parser accepts: no `:` (`FileServiceAccountTokenStore`). */
const CORRUPT_LINE = 'this line is corrupt and has no colon';

export class ClusterFaults {
  readonly plan: NetworkFaults;
  private readonly active = new Map<string, { fault: ActiveFault; undo: Undo }>();

  constructor(
    private readonly deps: {
      plan: NetworkFaults;
      node: (name: string) => FaultableNode;
      index: FaultableIndex;
      now: () => number;
      emit: (event: SimEvent) => void;
    },
  ) {
    this.plan = deps.plan;
  }

  list(): ActiveFault[] {
    return [...this.active.values()].map((a) => a.fault);
  }

  /** Applies `spec` under `id`; an existing fault with that id is healed first. */
  async add(id: string, spec: FaultSpec): Promise<ActiveFault> {
    if (this.active.has(id)) await this.heal(id);
    const undo = await this.apply(id, spec);
    const fault: ActiveFault = { id, spec, applied_at_ms: Math.round(this.deps.now()) };
    this.active.set(id, { fault, undo });
    this.deps.emit({ type: 'fault.added', id, fault: publicFaultSpec(spec) });
    return fault;
  }

  async heal(id: string): Promise<void> {
    const entry = this.active.get(id);
    if (entry === undefined) {
      const known = [...this.active.keys()].join(', ');
      throw resourceNotFound(`no active fault [${id}]; active faults: [${known}]`);
    }
    this.active.delete(id);
    await entry.undo();
    this.deps.emit({ type: 'fault.healed', id });
  }

  async healAll(): Promise<string[]> {
    const ids = [...this.active.keys()];
    for (const id of [...ids].reverse()) await this.heal(id); // undo in reverse order of application
    return ids;
  }

  private async apply(id: string, spec: FaultSpec): Promise<Undo> {
    if (isNetworkFault(spec)) {
      this.plan.set(id, spec);
      return async () => void this.plan.delete(id);
    }
    if (spec.type === 'security-index') return this.applyIndex(spec.action);
    const nodes = spec.nodes.map(this.deps.node);
    const undos = await Promise.all(nodes.map((n) => this.applyToNode(n, spec)));
    return async () => void (await Promise.all(undos.map((u) => u())));
  }

  private async applyToNode(node: FaultableNode, spec: Exclude<FaultSpec, { type: 'security-index' }>): Promise<Undo> {
    switch (spec.type) {
      case 'kill':
        await node.kill();
        return () => node.start();
      case 'restart':
        await node.kill();
        await node.start();
        return async () => undefined;
      case 'pause':
        await node.pause();
        return () => node.resume();
      case 'watcher-blind':
        await node.setWatcherBlind(true);
        return () => node.setWatcherBlind(false);
      case 'file': {
        const before = node.readServiceTokens();
        await node.writeServiceTokens(fileContent(spec.action, before, spec.content));
        return () => node.writeServiceTokens(before);
      }
      default:
        throw illegalState(`[${spec.type}] is not a node fault`);
    }
  }

  private async applyIndex(action: Extract<FaultSpec, { type: 'security-index' }>['action']): Promise<Undo> {
    const index = this.deps.index;
    const none = async () => undefined;
    switch (action) {
      case 'red':
      case 'yellow':
        index.setHealth(action);
        return async () => void (index.exists && index.setHealth('green'));
      case 'green':
        index.setHealth('green');
        return none;
      case 'delete':
        index.deleteIndex();
        return none;
      case 'recreate':
        index.recreate();
        return none;
      case 'outdated':
        index.setUpToDate(false);
        return async () => index.setUpToDate(true);
      case 'up-to-date':
        index.setUpToDate(true);
        return none;
    }
  }
}

function fileContent(action: 'write' | 'touch' | 'corrupt' | 'truncate' | 'delete', before: string | null, content?: string): string | null {
  switch (action) {
    case 'write':
      return content ?? '';
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
