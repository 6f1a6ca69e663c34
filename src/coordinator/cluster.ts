/**
 * The coordinator's view of the cluster: its members (one NodeChannel each, whichever
 * host runs them), the fan-out that asks every member at once, and the event stream.
 * It never throws because one node failed: fan-out returns one result per node.
 */
import { EventEmitter } from 'eventemitter3';
import type { ClusterConfig } from '../config';
import { resourceNotFound } from '../errors';
import type { NodeRequest, ReplyOf } from '../node/node-requests';
import type { SimEvent } from '../observe/events';
import type { Clock } from '../sim/clock';
import type { Random } from '../sim/random';
import type { NodeChannel, NodeResult } from '../transport/node-channel';

export type HostKind = 'process' | 'in-process';

export interface ClusterEvents {
  event: (event: SimEvent) => void;
}

export class Cluster {
  readonly events = new EventEmitter<ClusterEvents>();
  private stopped = false;

  constructor(
    readonly config: ClusterConfig,
    readonly host: HostKind,
    readonly uuid: string,
    readonly clock: Clock,
    readonly random: Random,
    private readonly members: readonly NodeChannel[],
  ) {}

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
   * the order they arrived (spec §9.3). Down members fail at once, not by timeout.
   */
  async fanOut<R extends NodeRequest>(request: R): Promise<NodeResult<ReplyOf<R>>[]> {
    const arrived: NodeResult<ReplyOf<R>>[] = [];
    await Promise.all(
      this.members.map((n) => n.request(request, this.config.fanOutTimeoutMs).then((r) => void arrived.push(r))),
    );
    return arrived;
  }

  emit(event: SimEvent): void {
    this.events.emit('event', event);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await Promise.all(this.members.map((n) => n.stop()));
  }

  private fail(reason: string): never {
    throw resourceNotFound(reason);
  }
}
