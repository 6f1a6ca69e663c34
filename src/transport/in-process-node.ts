/**
 * The in-process host: the node core lives on the coordinator's event loop and messages
 * are direct calls, delivered asynchronously (a microtask later) so that ordering and
 * interleavings look like a real transport. Killing drops the core; starting makes a new
 * one with empty caches, as a restarted process would have.
 */
import { toErrorData } from '../errors';
import { NodeCore, type NodeSettings } from '../node/node-core';
import type { SimEvent } from '../observe/events';
import type { Clock } from '../sim/clock';
import { NodeChannel, type NodeInfo } from './node-channel';
import type { RequestEnvelope } from './protocol';

export class InProcessNodeChannel extends NodeChannel {
  private current: NodeCore | null = null;
  /** Envelopes received while paused, delivered in order on resume (a stopped process's socket buffer). */
  private held: RequestEnvelope[] | null = null;

  constructor(
    info: NodeInfo,
    clock: Clock,
    emit: (event: SimEvent) => void,
    private readonly settings: NodeSettings,
  ) {
    super(info, clock, emit);
  }

  get pid(): number | null {
    return null;
  }

  /** The running core, for tests that look inside a node; null while the node is down. */
  get core(): NodeCore | null {
    return this.current;
  }

  async start(): Promise<void> {
    if (this.current !== null) return;
    this.current = new NodeCore({ id: this.info.id, name: this.info.name }, { clock: this.clock, settings: this.settings, emit: this.emit });
    this.markUp();
  }

  get paused(): boolean {
    return this.held !== null;
  }

  async pause(): Promise<void> {
    if (this.current !== null && this.held === null) this.held = [];
  }

  async resume(): Promise<void> {
    const held = this.held ?? [];
    this.held = null;
    for (const envelope of held) this.send(envelope);
  }

  async kill(): Promise<void> {
    this.held = null;
    this.current = null;
    this.markDown('killed');
  }

  async stop(): Promise<void> {
    this.held = null;
    this.current = null;
    this.markDown('stopped');
  }

  protected send(envelope: RequestEnvelope): void {
    const core = this.current;
    if (core === null) return;
    if (this.held !== null) {
      this.held.push(envelope);
      return;
    }
    queueMicrotask(() => {
      core.handle(envelope.request).then(
        (value) => this.replyIfStillRunning(core, { kind: 'reply', inReplyTo: envelope.id, ok: true, value }),
        (err: unknown) => this.replyIfStillRunning(core, { kind: 'reply', inReplyTo: envelope.id, ok: false, error: toErrorData(err) }),
      );
    });
  }

  /** A core that was killed while working must not answer, as a dead process could not. */
  private replyIfStillRunning(core: NodeCore, reply: Parameters<NodeChannel['receive']>[0]): void {
    if (this.current === core) this.receive(reply);
  }
}
