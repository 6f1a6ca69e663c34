/**
 * Simulator endpoints for faults and the event journal (superuser only, ES error shape):
 * add a fault under an id, list them, heal one or all; read the journal since a sequence
 * number, or follow it live as server-sent events.
 */
import type { Request, Response } from 'express';
import type { Cluster } from '../../coordinator/cluster';
import { illegalArgument } from '../../errors';
import type { ActiveFault } from '../../coordinator/cluster-faults';
import { parseFaultSpec, publicFaultSpec } from '../../transport/fault-spec';
import type { Endpoint, Route } from '../endpoint';
import { ok } from '../endpoint';
import { readJsonObject } from '../read-body';

const SUPERUSER_ONLY = ['all'];
const ID = /^[A-Za-z0-9_.-]{1,64}$/;

function faultId(raw: string | undefined): string {
  const id = raw ?? '';
  if (!ID.test(id)) throw illegalArgument(`fault id [${id}] must be 1 to 64 characters from [A-Za-z0-9_.-]`);
  return id;
}

const view = (f: ActiveFault) => ({ id: f.id, ...publicFaultSpec(f.spec), applied_at_ms: f.applied_at_ms });

const listFaults: Endpoint = {
  privileges: { action: 'cluster:monitor/sim/faults/get', grantedBy: SUPERUSER_ONLY },
  prepare: (_req, { cluster }) => async () => ok({ faults: cluster.faults.list().map(view) }),
};

const putFault: Endpoint = {
  privileges: { action: 'cluster:admin/sim/faults/put', grantedBy: SUPERUSER_ONLY },
  body: true,
  prepare: (req, { cluster }) => {
    const id = faultId(req.params.id);
    const spec = parseFaultSpec(readJsonObject(req), cluster.nodes().map((n) => n.info.name));
    return async () => {
      const fault = await cluster.faults.add(id, spec);
      return ok({ acknowledged: true, fault: view(fault) });
    };
  },
};

const healFault: Endpoint = {
  privileges: { action: 'cluster:admin/sim/faults/delete', grantedBy: SUPERUSER_ONLY },
  prepare: (req, { cluster }) => {
    const id = faultId(req.params.id);
    return async () => {
      await cluster.faults.heal(id);
      return ok({ acknowledged: true, healed: [id] });
    };
  },
};

const healAll: Endpoint = {
  privileges: { action: 'cluster:admin/sim/faults/delete', grantedBy: SUPERUSER_ONLY },
  prepare: (_req, { cluster }) => async () => ok({ acknowledged: true, healed: await cluster.faults.healAll() }),
};

function nonNegative(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw illegalArgument(`[${name}] must be a non-negative integer, got [${raw}]`);
  return Number(raw);
}

const events: Endpoint = {
  privileges: { action: 'cluster:monitor/sim/events/get', grantedBy: SUPERUSER_ONLY },
  prepare: (req, { cluster }) => {
    const since = nonNegative('since', req.param('since'), 0);
    const limit = nonNegative('limit', req.param('limit'), 1000);
    return async () => {
      const entries = cluster.journal.since(since, limit);
      const next = entries.length > 0 ? (entries[entries.length - 1] as { seq: number }).seq : Math.max(since, cluster.journal.next - 1);
      return ok({ events: entries, next_since: next, oldest_seq: cluster.journal.oldest });
    };
  },
};

/**
 * Server-sent events: each journal entry as one `data:` line, with its seq as the `id:`,
 * so a client that reconnects with Last-Event-ID misses nothing still in the journal.
 */
function streamEvents(cluster: Cluster, since: number, req: Request, res: Response): void {
  const lastEventId = req.header('last-event-id');
  const last = lastEventId !== undefined && /^\d+$/.test(lastEventId) ? Number(lastEventId) : since;
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream');
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('X-elastic-product', 'Elasticsearch');
  res.flushHeaders();
  const write = (e: { seq: number }) => res.write(`id: ${e.seq}\ndata: ${JSON.stringify(e)}\n\n`);
  for (const e of cluster.journal.since(last)) write(e);
  const unsubscribe = cluster.journal.subscribe(write);
  req.on('close', unsubscribe);
}

const stream: Endpoint = {
  privileges: { action: 'cluster:monitor/sim/events/get', grantedBy: SUPERUSER_ONLY },
  prepare: (req, { cluster }) => {
    const since = nonNegative('since', req.param('since'), 0);
    return async () => ({ status: 200, body: null, stream: (q, r) => streamEvents(cluster, since, q, r) });
  },
};

export function simFaultRoutes(): Route[] {
  return [
    { path: '/_sim/events/stream', methods: { GET: stream } },
    { path: '/_sim/faults', methods: { GET: listFaults, DELETE: healAll } },
    { path: '/_sim/faults/:id', methods: { PUT: putFault, DELETE: healFault } },
    { path: '/_sim/events', methods: { GET: events } },
  ];
}
