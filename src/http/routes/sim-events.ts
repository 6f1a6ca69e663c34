/**
 * Simulator endpoints for the event journal (superuser only, ES error shape): read it page
 * by page since a sequence number, or follow it live as server-sent events; both take the
 * filters `type`, `node` and `token` (observe/event-filter.ts).
 */
import { nodeName } from '../../coordinator/node-admin';
import type { Request, Response } from 'express';
import type { Cluster } from '../../coordinator/cluster';
import { illegalArgument, rejectedExecution } from '../../errors';
import { eventFilter, type EventPredicate } from '../../observe/event-filter';
import type { JournalEntry } from '../../observe/journal';
import type { Endpoint, Route } from '../endpoint';
import { ok } from '../endpoint';
import type { RestRequest } from '../rest-request';

const SUPERUSER_ONLY = ['all'];

/**
 * What a stream may hold unsent for a reader that does not keep up. Beyond it the reader
 * is disconnected rather than followed by an ever-growing buffer; it reconnects with
 * Last-Event-ID and gets what it missed from the journal.
 */
export const SSE_MAX_BUFFERED_BYTES = 1024 * 1024;
/**
 * Readers following the journal at once. Each may hold up to the buffer above, so their
 * number is bounded too: one more is refused as a full queue is in Elasticsearch (429).
 * A dashboard tab is one reader.
 */
export const SSE_MAX_READERS = 64;
const readers = new WeakMap<Cluster, number>();

function nonNegative(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw illegalArgument(`[${name}] must be a non-negative integer, got [${raw}]`);
  return Number(raw);
}

/** The `type`, `node` and `token` filters; a node may be named by its id too. */
function filterOf(req: RestRequest, cluster: Cluster): EventPredicate {
  const node = req.param('node');
  const names = node?.split(',').map((n) => n.trim()).filter((n) => n.length > 0).map((n) => nodeName(cluster, n)).join(',');
  try {
    return eventFilter({ type: req.param('type'), node: names, token: req.param('token') });
  } catch (err) {
    throw illegalArgument((err as Error).message);
  }
}

const events: Endpoint = {
  privileges: { action: 'cluster:monitor/sim/events/get', grantedBy: SUPERUSER_ONLY },
  prepare: (req, { cluster }) => {
    const since = nonNegative('since', req.param('since'), 0);
    const limit = nonNegative('limit', req.param('limit'), 1000);
    const keep = filterOf(req, cluster);
    return async () => {
      // limit=0 asks where the journal ends: a reader that starts following now continues there.
      if (limit === 0) return ok({ events: [], next_since: cluster.journal.next - 1, oldest_seq: cluster.journal.oldest });
      const { entries, lastSeq } = cluster.journal.scan(since, limit, keep);
      // A full page continues after its last entry; a short one has looked at everything.
      const next = entries.length === limit ? (entries[entries.length - 1] as JournalEntry).seq : lastSeq;
      return ok({ events: entries, next_since: next, oldest_seq: cluster.journal.oldest });
    };
  },
};

/**
 * Server-sent events: each journal entry as one `data:` line, with its seq as the `id:`,
 * so a client that reconnects with Last-Event-ID misses nothing still in the journal.
 */
function streamEvents(cluster: Cluster, since: number, keep: EventPredicate, req: Request, res: Response): void {
  const lastEventId = req.header('last-event-id');
  const last = lastEventId !== undefined && /^\d+$/.test(lastEventId) ? Number(lastEventId) : since;
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream');
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('X-elastic-product', 'Elasticsearch');
  res.flushHeaders();
  let unsubscribe: () => unknown = () => undefined;
  const write = (e: JournalEntry) => {
    if (!keep(e) || res.destroyed) return;
    res.write(`id: ${e.seq}\ndata: ${JSON.stringify(e)}\n\n`);
    // write() keeps whatever the socket cannot take; a reader that stopped reading would
    // grow that without bound, so it is cut off at the bound.
    if (res.writableLength > SSE_MAX_BUFFERED_BYTES) {
      unsubscribe();
      res.destroy();
    }
  };
  // Its place was taken when the request was accepted (stream's run); it is given back once,
  // when the response closes — or now, if the client left before the stream began.
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    readers.set(cluster, (readers.get(cluster) ?? 1) - 1);
  };
  res.once('close', release);
  if (res.destroyed || res.socket === null || res.socket.destroyed) release();
  for (const e of cluster.journal.since(last)) write(e);
  if (res.destroyed) return;
  unsubscribe = cluster.journal.subscribe(write);
  req.on('close', unsubscribe);
}

const stream: Endpoint = {
  privileges: { action: 'cluster:monitor/sim/events/get', grantedBy: SUPERUSER_ONLY },
  prepare: (req, { cluster }) => {
    const since = nonNegative('since', req.param('since'), 0);
    const keep = filterOf(req, cluster);
    return async () => {
      // Checked and taken in one step: two readers accepted in the same turn cannot both take the last place.
      const active = readers.get(cluster) ?? 0;
      if (active >= SSE_MAX_READERS) {
        throw rejectedExecution(`rejected execution of [events/stream]: [${SSE_MAX_READERS}] readers are already following the journal; close one, or read pages with GET /_sim/events`);
      }
      readers.set(cluster, active + 1);
      return { status: 200, body: null, stream: (q, r) => streamEvents(cluster, since, keep, q, r) };
    };
  },
};

export function simEventRoutes(): Route[] {
  return [
    { path: '/_sim/events/stream', methods: { GET: stream } },
    { path: '/_sim/events', methods: { GET: events } },
  ];
}
