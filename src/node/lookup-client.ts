/**
 * The node's side of its one question to the coordinator — a real-time GET of a token's
 * hash (spec §7.2): lookups go out with correlation ids and are settled by the replies.
 * Both hosts use it; only how a lookup travels differs (IPC, or a call in this process).
 */
import { EsError, type ErrorData } from '../errors';
import type { SecurityIndexClient } from './index-token-store';
import type { CoordinatorRequest } from './node-requests';

export interface LookupEnvelope {
  kind: 'lookup';
  id: string;
  request: CoordinatorRequest;
}

export type LookupReplyEnvelope = { kind: 'lookup-reply'; inReplyTo: string } & ({ ok: true; value: unknown } | { ok: false; error: ErrorData });

export function lookupClient(send: (lookup: LookupEnvelope) => void): { client: SecurityIndexClient; settle: (reply: LookupReplyEnvelope) => void } {
  const waiting = new Map<string, { resolve: (hash: string | null) => void; reject: (e: unknown) => void }>();
  let counter = 0;
  return {
    client: {
      getTokenHash: (key) =>
        new Promise((resolve, reject) => {
          const id = String(++counter);
          waiting.set(id, { resolve, reject });
          send({ kind: 'lookup', id, request: { type: 'get-token-hash', key } });
        }),
    },
    settle: (reply) => {
      const w = waiting.get(reply.inReplyTo);
      waiting.delete(reply.inReplyTo);
      if (reply.ok) w?.resolve((reply.value as { hash: string | null }).hash);
      else w?.reject(EsError.fromData(500, reply.error));
    },
  };
}
