/**
 * Entry point of a node process (the only node file that touches process.*): loads the
 * node's `service_tokens` strictly (a bad file stops the node with a clear message),
 * watches it, answers the coordinator's requests over IPC, asks the coordinator for
 * security-index documents, and exits as soon as the coordinator goes away so no node
 * outlives its cluster.
 */
import { toErrorData } from '../errors';
import type { SimEvent } from '../observe/events';
import { SystemClock } from '../sim/clock';
// This file is the child end of the IPC transport: it speaks the wire protocol, as the
// coordinator's ipc-node.ts does.
import { BOOT_ENV_VAR, type CoordinatorToNode, type NodeBootInfo, type NodeToCoordinator, type ReplyEnvelope } from '../protocol';
import { lookupClient } from './lookup-client';
import { NodeCore } from './node-core';
import { loadServiceTokensAtStart, watchServiceTokens } from './service-tokens-watcher';

function send(message: NodeToCoordinator<SimEvent>): void {
  if (process.connected) process.send?.(message);
}

/**
 * Events ride on the next reply; any left once the current turn's callbacks and promise
 * jobs have run go on their own, so an event caused by a file change (no request involved)
 * is not held back. A cached authentication records its event and replies in the same turn,
 * so its check finds the outbox empty. (process.nextTick, not setImmediate: it runs after
 * this turn's promise jobs just the same, and costs no Immediate object and no two native
 * ref toggles on every request.)
 */
const outbox: SimEvent[] = [];
let flushQueued = false;

function record(event: SimEvent): void {
  outbox.push(event);
  if (flushQueued) return;
  flushQueued = true;
  process.nextTick(flushOutbox);
}

function flushOutbox(): void {
  flushQueued = false;
  if (outbox.length > 0) send({ kind: 'events', events: outbox.splice(0) });
}

function reply(inReplyTo: string, outcome: { ok: true; value: unknown } | { ok: false; error: ReturnType<typeof toErrorData> }): void {
  // Built field by field (same keys, same order as a spread would give): one per request.
  const message: ReplyEnvelope<SimEvent> = outcome.ok
    ? { kind: 'reply', inReplyTo, ok: true, value: outcome.value }
    : { kind: 'reply', inReplyTo, ok: false, error: outcome.error };
  if (outbox.length > 0) message.events = outbox.splice(0);
  send(message);
}

function fatal(message: string): never {
  send({ kind: 'fatal', message });
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  if (process.send === undefined) {
    process.stderr.write('node-main is started by the coordinator (npm start), not directly\n');
    process.exit(2);
  }
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
  const boot = JSON.parse(process.env[BOOT_ENV_VAR] ?? 'null') as NodeBootInfo | null;
  if (boot === null) fatal(`${BOOT_ENV_VAR} is not set`);
  const clock = new SystemClock();
  const index = lookupClient(send, {
    clock,
    timeoutMs: boot.settings.lookupTimeoutMs,
    onTimeout: (id) => record({ type: 'message.timed_out', node: boot.identity.name, kind: 'token-lookup', id, ms: boot.settings.lookupTimeoutMs }),
  });
  let core: NodeCore | null = null;
  // Watch first, then read: a change made in between is then seen by the watcher.
  await watchServiceTokens(boot.serviceTokensFile, { mode: boot.fileWatch, intervalMs: boot.fileWatchIntervalMs }, clock, (content) =>
    core?.reloadServiceTokens(content),
  );
  let fileTokens: ReadonlyMap<string, string>;
  try {
    fileTokens = loadServiceTokensAtStart(boot.serviceTokensFile);
  } catch (err) {
    fatal(`node [${boot.identity.name}] cannot start: ${(err as Error).message}`);
  }
  const running = new NodeCore(boot.identity, { clock, settings: boot.settings, fileTokens, securityIndex: index.client, emit: record });
  core = running;
  process.on('message', (msg: CoordinatorToNode) => {
    if (msg?.kind === 'lookup-reply') return index.settle(msg);
    if (msg?.kind !== 'request') return;
    running.handle(msg.request).then(
      (value) => reply(msg.id, { ok: true, value }),
      (err: unknown) => reply(msg.id, { ok: false, error: toErrorData(err) }),
    );
  });
  send({ kind: 'ready', pid: process.pid });
}

main().catch((err: unknown) => fatal(`node failed: ${(err as Error).message}`));
