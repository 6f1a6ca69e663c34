/**
 * A load generator in its own process: runs one runThroughput() per request from its
 * parent and sends the result back. With the client outside the server's process, the
 * server's event loop does only server work, as with `autocannon` against a server (the
 * usual method for measuring express); in the same process the client would take about half of it.
 *
 * Forked by LoadClient (load-client.ts) with `--require tsx/cjs`; exits when the parent
 * goes away, so it never outlives a benchmark.
 */
import { CHECKS } from './checks';
import type { LoadRequest, LoadResponse } from './load-client';
import { runThroughput } from './throughput';

function send(message: LoadResponse): void {
  if (process.connected) process.send?.(message);
}

process.on('disconnect', () => process.exit(0));
process.on('message', (msg: LoadRequest) => {
  const check = msg.check === undefined ? undefined : CHECKS[msg.check];
  runThroughput(msg.target, { ...msg.options, check }).then(
    (result) => send({ id: msg.id, ok: true, result }),
    (err: unknown) => send({ id: msg.id, ok: false, message: err instanceof Error ? err.message : String(err), errors: (err as { errors?: number }).errors ?? 0 }),
  );
});
send({ id: 0, ok: true, ready: true });
