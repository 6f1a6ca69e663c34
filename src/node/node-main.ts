/**
 * Entry point of a node process (the only node file that touches process.*): builds the
 * node core from the boot info the coordinator put in the environment, answers requests
 * over IPC, and exits as soon as the coordinator goes away so no node outlives its cluster.
 */
import { toErrorData } from '../errors';
import type { SimEvent } from '../observe/events';
import { SystemClock } from '../sim/clock';
// This file is the child end of the IPC transport, so it speaks the transport's protocol;
// the node core itself never imports transport/.
import { BOOT_ENV_VAR, type CoordinatorToNode, type NodeBootInfo, type NodeToCoordinator } from '../transport/protocol';
import { NodeCore } from './node-core';

function send(message: NodeToCoordinator): void {
  if (process.connected) process.send?.(message);
}

function main(): void {
  if (process.send === undefined) {
    process.stderr.write('node-main is started by the coordinator (npm start), not directly\n');
    process.exit(2);
  }
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
  const boot = JSON.parse(process.env[BOOT_ENV_VAR] ?? 'null') as NodeBootInfo | null;
  if (boot === null) {
    send({ kind: 'fatal', message: `${BOOT_ENV_VAR} is not set` });
    process.exit(2);
  }
  const emit = (event: SimEvent) => send({ kind: 'event', event });
  const core = new NodeCore(boot.identity, { clock: new SystemClock(), settings: boot.settings, emit });
  process.on('message', (msg: CoordinatorToNode) => {
    if (msg?.kind !== 'request') return;
    core.handle(msg.request).then(
      (value) => send({ kind: 'reply', inReplyTo: msg.id, ok: true, value }),
      (err: unknown) => send({ kind: 'reply', inReplyTo: msg.id, ok: false, error: toErrorData(err) }),
    );
  });
  send({ kind: 'ready', pid: process.pid });
}

main();
