/**
 * The in-process host: the node core lives on the coordinator's event loop and messages
 * are direct calls, delivered asynchronously (a microtask later) so that ordering and
 * interleavings look like a real transport. Killing drops the core; starting makes a new
 * one with empty caches, as a restarted process would have. The node's `service_tokens`
 * is either a real file (watched like the process host does) or content held in memory
 * and changed with writeServiceTokens() — the same reload path either way.
 */
import { lookupClient } from '../node/lookup-client';
import { NodeCore } from '../node/node-core';
import type { SecurityIndexClient } from '../node/index-token-store';
import { parseServiceTokens } from '../node/service-tokens-file';
import { loadServiceTokensAtStart, watchServiceTokens, type ServiceTokensWatcher } from '../node/service-tokens-watcher';
import type { FileWatchMode } from '../config';
import type { Clock } from '../sim/clock';
import type { NodeInfo, NodeSettings, ReplyEnvelope, RequestEnvelope } from '../protocol';
import { NodeChannel, type ChannelContext } from './node-channel';

export type ServiceTokensOrigin =
  | { kind: 'memory'; content: string | null }
  /** `fileClock` times the watcher's re-reads: real time, as the file system works in it. */
  | { kind: 'file'; file: string; mode: FileWatchMode; intervalMs: number; fileClock: Clock };

export class InProcessNodeChannel extends NodeChannel {
  private current: NodeCore | null = null;
  /** Envelopes received while paused, delivered in order on resume (a stopped process's socket buffer). */
  private held: RequestEnvelope[] | null = null;
  private watcher: ServiceTokensWatcher | null = null;

  constructor(
    info: NodeInfo,
    context: ChannelContext,
    private readonly settings: NodeSettings,
    private readonly serviceTokens: ServiceTokensOrigin,
  ) {
    super(info, context);
  }

  get pid(): number | null {
    return null;
  }

  /** The running core, for tests that look inside a node; null while the node is down. */
  get core(): NodeCore | null {
    return this.current;
  }

  get paused(): boolean {
    return this.held !== null;
  }

  async start(): Promise<void> {
    if (this.current !== null) return;
    const origin = this.serviceTokens;
    if (origin.kind === 'file') {
      this.watcher = await watchServiceTokens(origin.file, origin, origin.fileClock, (content) => this.current?.reloadServiceTokens(content));
    }
    let fileTokens: ReadonlyMap<string, string>;
    try {
      fileTokens = origin.kind === 'file' ? loadServiceTokensAtStart(origin.file) : parseServiceTokens(origin.content ?? '').tokens;
    } catch (err) {
      // A node that cannot start keeps no watcher (it would keep the process alive).
      await this.watcher?.close();
      this.watcher = null;
      throw err;
    }
    this.current = new NodeCore(
      { id: this.info.id, name: this.info.name },
      { clock: this.clock, settings: this.settings, fileTokens, securityIndex: this.indexClient(), emit: this.emit },
    );
    this.markUp();
  }

  /**
   * For in-memory `service_tokens`: what a file edit would do, synchronously (null deletes
   * the file). The content is kept, so a restarted node reads it again.
   */
  writeServiceTokens(content: string | null): void {
    if (this.serviceTokens.kind !== 'memory') throw new Error(`${this.info.name} reads a real file; write that file instead`);
    this.serviceTokens.content = content;
    this.current?.reloadServiceTokens(content);
  }

  /** The in-memory `service_tokens` content (null: no file). */
  serviceTokensContent(): string | null {
    return this.serviceTokens.kind === 'memory' ? this.serviceTokens.content : null;
  }

  async pause(): Promise<void> {
    if (this.current === null || this.held !== null) return;
    this.held = [];
    this.emit({ type: 'node.paused', node: this.info.name });
  }

  async resume(): Promise<void> {
    if (this.held === null) return;
    const held = this.held;
    this.held = null;
    this.emit({ type: 'node.resumed', node: this.info.name });
    for (const envelope of held) this.send(envelope);
  }

  async kill(): Promise<void> {
    await this.shutDown('killed');
  }

  async stop(): Promise<void> {
    await this.shutDown('stopped');
  }

  private async shutDown(reason: 'killed' | 'stopped'): Promise<void> {
    this.held = null;
    this.current = null;
    this.markDown(reason);
    const watcher = this.watcher;
    this.watcher = null;
    await watcher?.close();
  }

  protected send(envelope: RequestEnvelope): void {
    const core = this.current;
    if (core === null) return;
    if (this.held !== null) {
      this.held.push(envelope);
      return;
    }
    queueMicrotask(() => {
      core.answer(envelope.request, (outcome) => this.replyIfStillRunning(core, { kind: 'reply', inReplyTo: envelope.id, ...outcome }));
    });
  }

  /** The node's lookups go to the coordinator through the same seam as in a process. */
  private indexClient(): SecurityIndexClient {
    const timeoutMs = this.settings.lookupTimeoutMs;
    const lookups = lookupClient((lookup) => this.answerLookup(lookup, (reply) => lookups.settle(reply)), {
      clock: this.clock,
      timeoutMs,
      onTimeout: (id) => this.emit({ type: 'message.timed_out', node: this.info.name, kind: 'token-lookup', id, ms: timeoutMs }),
    });
    return lookups.client;
  }

  /** A core that was killed while working must not answer, as a dead process could not. */
  private replyIfStillRunning(core: NodeCore, reply: ReplyEnvelope): void {
    if (this.current === core) this.receive(reply);
  }
}
