/**
 * Simulator endpoints that scenario files need beyond nodes and faults (superuser only, ES
 * error shape): move the clock, replace one node's `service_tokens`, and wait for a journal
 * event. On a manual clock, moving it fires every timer due on the way (TTLs, delayed
 * messages, timeouts); on a real clock, `_advance` waits that long in real time and says so.
 */
import { nodeName } from '../../coordinator/node-admin';
import type { Cluster } from '../../coordinator/cluster';
import { illegalArgument, rejectedExecution, timeoutException } from '../../errors';
import type { JournalEntry } from '../../observe/journal';
import type { Endpoint, Route } from '../endpoint';
import { ok } from '../endpoint';
import { readJsonObject } from '../read-body';
import type { RestRequest } from '../rest-request';

const SUPERUSER_ONLY = ['all'];
/** One day: a bound that catches a unit mistake (seconds typed as ms × 1000) before it runs. */
const MAX_ADVANCE_MS = 24 * 60 * 60 * 1000;
const DEFAULT_WAIT_MS = 30_000;

function integerParam(req: RestRequest, name: string, fallback: number | undefined, max: number): number {
  const raw = req.param(name);
  if (raw === undefined) {
    if (fallback === undefined) throw illegalArgument(`[${name}] is required: a whole number of milliseconds from 0 to ${max}`);
    return fallback;
  }
  if (!/^\d+$/.test(raw) || Number(raw) > max) throw illegalArgument(`[${name}] must be a whole number from 0 to ${max}, got [${raw}]`);
  return Number(raw);
}

const advance: Endpoint = {
  privileges: { action: 'cluster:admin/sim/clock/advance', grantedBy: SUPERUSER_ONLY },
  prepare: (req, { cluster, onClientGone }) => {
    const ms = integerParam(req, 'ms', undefined, MAX_ADVANCE_MS);
    return async () => {
      if (cluster.manualClock) {
        cluster.advance(ms);
      } else {
        // A real clock cannot be moved: the only honest way forward is to wait, held
        // like a _wait (bounded in number, ended when the client leaves).
        const release = hold(cluster, 'clock/_advance', '[ms]');
        await new Promise<void>((resolve) => {
          const timer = cluster.clock.setTimer(ms, () => {
            forget();
            release();
            resolve();
          });
          // Nobody to answer: the advance ends here, unanswered (and so unjournaled).
          const forget = onClientGone(() => {
            cluster.clock.clearTimer(timer);
            release();
          });
        });
      }
      const clock = cluster.manualClock ? 'manual' : 'system';
      return ok({ acknowledged: true, clock, advanced_ms: ms, now_ms: Math.round(cluster.clock.now()) });
    };
  },
};

const writeServiceTokens: Endpoint = {
  privileges: { action: 'cluster:admin/sim/nodes/service_tokens/put', grantedBy: SUPERUSER_ONLY },
  body: true,
  prepare: (req, { cluster }) => {
    const node = nodeName(cluster, req.params.node ?? '');
    const body = readJsonObject(req);
    const content = body.content;
    const extra = Object.keys(body).filter((k) => k !== 'content');
    if (extra.length > 0) throw illegalArgument(`unknown field [${extra[0]}]; the body is {"content": "<the whole file>"} (null deletes the file)`);
    if (content !== null && typeof content !== 'string') {
      throw illegalArgument(`[content] must be the whole file as a string, or null to delete it, got [${JSON.stringify(content)}]`);
    }
    return async () => {
      await cluster.writeServiceTokens(node, content);
      return ok({ acknowledged: true, node, chars: content === null ? null : content.length });
    };
  },
};

/** Does a journal event have this type and, for every field asked, that value (compared as text)? */
function matches(entry: JournalEntry, type: string, fields: Map<string, string>): boolean {
  const event = entry.event as unknown as Record<string, unknown>;
  if (event.type !== type) return false;
  for (const [k, want] of fields) {
    const have = event[k];
    const text = Array.isArray(have) ? have.join(',') : have === null || typeof have === 'object' ? JSON.stringify(have) : String(have);
    if (text !== want) return false;
  }
  return true;
}

/**
 * Requests held open — a wait for an event, an advance of a real clock — each keep a timer
 * and a listener until they end or their client leaves, so the number held at once is
 * bounded: past it, one more is refused as a full queue is in Elasticsearch (429), rather
 * than growing the coordinator without bound.
 */
export const MAX_WAITERS = 256;
const held = new WeakMap<Cluster, number>();

/** Counts one more held request, or throws the 429; returns its release (call it once). */
function hold(cluster: Cluster, action: string, shorter: string): () => void {
  const active = held.get(cluster) ?? 0;
  if (active >= MAX_WAITERS) {
    throw rejectedExecution(`rejected execution of [${action}]: [${MAX_WAITERS}] waits are already active; wait for one to end, or pass a shorter ${shorter}`);
  }
  held.set(cluster, active + 1);
  return () => held.set(cluster, (held.get(cluster) ?? 1) - 1);
}

function waitForEvent(cluster: Cluster, type: string, since: number, fields: Map<string, string>, timeoutMs: number, onClientGone: (gone: () => void) => () => void): Promise<JournalEntry> {
  const found = cluster.journal.since(since).find((e) => matches(e, type, fields));
  if (found !== undefined) return Promise.resolve(found);
  const release = hold(cluster, 'events/_wait', '[timeout_ms]');
  return new Promise<JournalEntry>((resolve, reject) => {
    const end = () => {
      unsubscribe();
      forget();
      cluster.clock.clearTimer(timer);
      release();
    };
    const unsubscribe = cluster.journal.subscribe((e) => {
      if (!matches(e, type, fields)) return;
      end();
      resolve(e);
    });
    const timer = cluster.clock.setTimer(timeoutMs, () => {
      end();
      const wanted = [...fields].map(([k, v]) => `${k}=${v}`).join(', ');
      reject(timeoutException(`no [${type}] event${wanted === '' ? '' : ` with ${wanted}`} after seq [${since}] within [${timeoutMs}ms]`));
    });
    // Nobody to answer: the wait ends now, unanswered (and so unjournaled), and its place with it.
    const forget = onClientGone(end);
  });
}

const RESERVED = new Set(['type', 'since', 'timeout_ms']);

const waitFor: Endpoint = {
  privileges: { action: 'cluster:monitor/sim/events/wait', grantedBy: SUPERUSER_ONLY },
  prepare: (req, { cluster, onClientGone }) => {
    const type = req.param('type');
    if (type === undefined || type === '') throw illegalArgument('[type] is required: the event type to wait for, e.g. [file.reloaded]');
    const since = integerParam(req, 'since', 0, Number.MAX_SAFE_INTEGER);
    const timeoutMs = integerParam(req, 'timeout_ms', DEFAULT_WAIT_MS, MAX_ADVANCE_MS);
    const fields = new Map<string, string>();
    // Every other parameter is an event field to match (node=node-2, reason=expired ...).
    for (const key of req.query.keys()) {
      if (RESERVED.has(key) || ['pretty', 'human', 'error_trace', 'filter_path', 'format'].includes(key)) continue;
      fields.set(key, req.param(key) as string);
    }
    return async () => ok({ found: true, entry: await waitForEvent(cluster, type, since, fields, timeoutMs, onClientGone) });
  },
};

export function simClockRoutes(): Route[] {
  return [
    { path: '/_sim/clock/_advance', methods: { POST: advance } },
    { path: '/_sim/nodes/:node/service_tokens', methods: { PUT: writeServiceTokens } },
    { path: '/_sim/events/_wait', methods: { GET: waitFor } },
  ];
}
