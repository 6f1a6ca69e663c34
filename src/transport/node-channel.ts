/**
 * The coordinator's end of one node: sends requests, matches replies by correlation id,
 * and turns every way a node can fail to answer into a result, never a throw
 * (DESIGN.md §4.5): down before sending → node_not_connected; gone while waiting →
 * node_disconnected (at once, never by timeout); silent too long → receive_timeout.
 * Hosts (ipc-node.ts, in-process-node.ts) only say how a message reaches the node.
 */
import { toErrorData, type ErrorData } from '../errors';
import type { CoordinatorReplies, CoordinatorRequest, NodeRequest, ReplyOf } from '../node/node-requests';
import { ACTION_NAMES } from '../node/node-requests';
import type { SimEvent } from '../observe/events';
import type { Clock, TimerHandle } from '../sim/clock';
import type { LookupEnvelope, LookupReplyEnvelope, ReplyEnvelope, RequestEnvelope } from './protocol';
import { nodeDisconnected, nodeNotConnected, receiveTimeout, type NodeAddress } from './transport-errors';

export type NodeStatus = 'up' | 'down';

export interface NodeInfo extends NodeAddress {
  readonly id: string;
  readonly name: string;
  readonly transportAddress: string;
}

export type NodeResult<T = unknown> =
  | { node: NodeInfo; ok: true; value: T }
  | { node: NodeInfo; ok: false; error: ErrorData };

/** What the coordinator does for nodes that ask it something (the security index GET). */
export interface CoordinatorServices {
  serve<R extends CoordinatorRequest>(request: R, from: NodeInfo): Promise<CoordinatorReplies[R['type']]>;
}

/** What every channel gets from the cluster it belongs to. */
export interface ChannelContext {
  clock: Clock;
  emit: (event: SimEvent) => void;
  coordinator: CoordinatorServices;
}

type Pending = {
  action: string;
  timer: TimerHandle;
  resolve: (result: NodeResult) => void;
};

export abstract class NodeChannel {
  private readonly pending = new Map<string, Pending>();
  private requestCounter = 0;
  protected currentStatus: NodeStatus = 'down';

  protected readonly clock: Clock;
  protected readonly emit: (event: SimEvent) => void;

  constructor(
    readonly info: NodeInfo,
    protected readonly context: ChannelContext,
  ) {
    this.clock = context.clock;
    this.emit = context.emit;
  }

  get status(): NodeStatus {
    return this.currentStatus;
  }

  abstract get pid(): number | null;
  /** Starts the node (a fresh process or core: same id and name, empty caches). */
  abstract start(): Promise<void>;
  /** Kills the node for real (SIGKILL for a process); in-flight requests fail at once. */
  abstract kill(): Promise<void>;
  /** Stops the node gracefully; used when the cluster shuts down. */
  abstract stop(): Promise<void>;
  /** Freezes the node without killing it (SIGSTOP for a process): it is connected but silent. */
  abstract pause(): Promise<void>;
  /** Lets a paused node run again; it then answers what it received meanwhile. */
  abstract resume(): Promise<void>;
  abstract get paused(): boolean;
  /** Hands one envelope to the node. */
  protected abstract send(envelope: RequestEnvelope): void;

  /** Sends `request` and resolves with its result; never rejects. */
  request<R extends NodeRequest>(request: R, timeoutMs: number): Promise<NodeResult<ReplyOf<R>>> {
    const action = ACTION_NAMES[request.type];
    if (this.currentStatus !== 'up') {
      return Promise.resolve({ node: this.info, ok: false, error: nodeNotConnected(this.info) });
    }
    const requestId = ++this.requestCounter;
    const id = String(requestId);
    return new Promise((resolve) => {
      const timer = this.clock.setTimer(timeoutMs, () => {
        if (!this.pending.delete(id)) return;
        resolve({ node: this.info, ok: false, error: receiveTimeout(this.info, action, requestId, timeoutMs) });
      });
      // The result is built once, where the reply is read (no intermediate object and spread).
      this.pending.set(id, { action, timer, resolve: resolve as (result: NodeResult) => void });
      this.send({ kind: 'request', id, request });
    });
  }

  protected markUp(): void {
    this.currentStatus = 'up';
    this.emit({ type: 'node.up', node: this.info.name, pid: this.pid });
  }

  /** Number of requests still waiting for an answer. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** A host calls this with each reply; late replies (after a timeout) are ignored. */
  protected receive(reply: ReplyEnvelope): void {
    const p = this.pending.get(reply.inReplyTo);
    if (p === undefined) return;
    this.pending.delete(reply.inReplyTo);
    this.clock.clearTimer(p.timer);
    p.resolve(reply.ok ? { node: this.info, ok: true, value: reply.value } : { node: this.info, ok: false, error: reply.error });
  }

  /** A host calls this with a node's own request; the answer goes back through `reply`. */
  protected answerLookup(lookup: LookupEnvelope, reply: (envelope: LookupReplyEnvelope) => void): void {
    this.context.coordinator.serve(lookup.request, this.info).then(
      (value) => reply({ kind: 'lookup-reply', inReplyTo: lookup.id, ok: true, value }),
      (err: unknown) => reply({ kind: 'lookup-reply', inReplyTo: lookup.id, ok: false, error: toErrorData(err) }),
    );
  }

  /** A host calls this when the node is gone: every waiting request fails now. */
  protected markDown(reason: 'killed' | 'stopped' | 'exited'): void {
    if (this.currentStatus === 'down') return;
    this.currentStatus = 'down';
    this.emit({ type: 'node.down', node: this.info.name, reason });
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const p of waiting) {
      this.clock.clearTimer(p.timer);
      p.resolve({ node: this.info, ok: false, error: nodeDisconnected(this.info, p.action) });
    }
  }
}
