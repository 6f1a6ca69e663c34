/**
 * Entry point of a node process (the only node file that touches process.*): loads the
 * node's `service_tokens` strictly (a bad file stops the node with a clear message),
 * watches it, answers the coordinator's requests over IPC, asks the coordinator for
 * security-index documents, and exits as soon as the coordinator goes away so no node
 * outlives its cluster.
 */
import type { SimEvent } from '../observe/events';
import { SystemClock } from '../sim/clock';
// This file is the child end of the IPC transport: it speaks the wire protocol, as the
// coordinator's ipc-node.ts does.
import { BOOT_ENV_VAR, type CoordinatorToNode, type NodeBootInfo, type NodeToCoordinator, type Outcome, type ReplyEnvelope } from '../protocol';
import { lookupClient } from './lookup-client';
import { NodeCore } from './node-core';
import { loadServiceTokensAtStart, watchServiceTokens } from './service-tokens-watcher';

function send(message: NodeToCoordinator<SimEvent>): void {
  if (process.connected) process.send?.(message);
}

/**
 * Events ride on the next reply, so a request costs one message back, not two: on 2 cores
 * each message wakes the coordinator, and a separate `events` message before every reply
 * doubled the messages of every clear and every authentication (measured: 100 of 100).
 * While a request is being handled its reply is near — usually after a few promise jobs of
 * this turn, which a plain process.nextTick would run before — so the flush is queued from a
 * promise job: it then runs once every promise job of the turn has run, the reply has left
 * with the events, and only what a reply still waiting on I/O (a lookup, a hash) did not take
 * goes on its own. With no request in hand (a file change) they go after this turn's
 * callbacks. Either way no event is held back past the current turn. While the core is
 * inside answer() nothing is queued: an answer known at once (a clear) has taken the events
 * with it when answer() returns, and only what is left then needs a flush.
 */
const outbox: SimEvent[] = [];
let flushQueued = false;
/** Requests received and not yet answered. */
let handling = 0;
/** True while the core runs answer() for a request. */
let answering = false;

function record(event: SimEvent): void {
  outbox.push(event);
  if (!answering) queueFlushOnce();
}

function queueFlushOnce(): void {
  if (flushQueued) return;
  flushQueued = true;
  if (handling > 0) queueMicrotask(queueFlush);
  else process.nextTick(flushOutbox);
}

function queueFlush(): void {
  process.nextTick(flushOutbox);
}

function flushOutbox(): void {
  flushQueued = false;
  if (outbox.length > 0) send({ kind: 'events', events: outbox.splice(0) });
}

function reply(inReplyTo: string, outcome: Outcome): void {
  handling--;
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
    handling++;
    answering = true;
    try {
      running.answer(msg.request, (outcome) => reply(msg.id, outcome));
    } finally {
      answering = false;
    }
    if (outbox.length > 0) queueFlushOnce();
  });
  send({ kind: 'ready', pid: process.pid });
}

main().catch((err: unknown) => fatal(`node failed: ${(err as Error).message}`));
