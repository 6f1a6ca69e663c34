/**
 * The node's side of its one question to the coordinator — a real-time GET of a token's
 * hash (`IndexServiceAccountTokenStore`): lookups go out with correlation ids and are settled by the replies.
 * Both hosts use it; only how a lookup travels differs (IPC, or a call in this process).
 */
import { EsError } from '../errors';
import { receiveTimeout, type LookupEnvelope, type LookupReplyEnvelope } from '../protocol';
import type { SecurityIndexClient } from './index-token-store';
import type { Clock, TimerHandle } from '../sim/clock';

/** Where the simulated `.security` shard lives: the coordinator (for error texts). */
const INDEX_HOLDER = { name: 'coordinator', transportAddress: '127.0.0.1:9300' };
const GET_ACTION = 'indices:data/read/get[s]';

/**
 * A lookup whose request or reply is lost fails after `timeoutMs` on the node's clock, as
 * the transport would fail it once the connection is found dead. Without this its pending
 * cache entry would make every later authentication of that token on that node wait on
 * an answer that never comes, until the entry's TTL.
 */
export interface LookupTiming {
  clock: Clock;
  timeoutMs: number;
  /** Told of each lookup that timed out (its id), for the journal. */
  onTimeout: (id: string) => void;
}

export function lookupClient(
  send: (lookup: LookupEnvelope) => void,
  { clock, timeoutMs, onTimeout }: LookupTiming,
): { client: SecurityIndexClient; settle: (reply: LookupReplyEnvelope) => void } {
  const waiting = new Map<string, { resolve: (hash: string | null) => void; reject: (e: unknown) => void; timer: TimerHandle }>();
  let counter = 0;
  return {
    client: {
      getTokenHash: (key) =>
        new Promise((resolve, reject) => {
          const requestId = ++counter;
          const id = String(requestId);
          const timer = clock.setTimer(timeoutMs, () => {
            if (!waiting.delete(id)) return;
            onTimeout(id);
            reject(EsError.fromData(500, receiveTimeout(INDEX_HOLDER, GET_ACTION, requestId, timeoutMs)));
          });
          waiting.set(id, { resolve, reject, timer });
          send({ kind: 'lookup', id, request: { type: 'get-token-hash', key } });
        }),
    },
    settle: (reply) => {
      const w = waiting.get(reply.inReplyTo);
      if (w === undefined) return; // timed out already, or a duplicate
      waiting.delete(reply.inReplyTo);
      clock.clearTimer(w.timer);
      if (reply.ok) w.resolve((reply.value as { hash: string | null }).hash);
      else w.reject(EsError.fromData(500, reply.error));
    },
  };
}
