/**
 * Filters over journal entries, shared by `/_sim/events`, its stream and `npm run sim --
 * events` (live or from a `--journal` file), so the same filter picks the same events
 * everywhere:
 * - `type`: a comma list of event types or prefixes (`cache.*`; `*` is every type);
 * - `node`: a comma list of node names (the coordinator also accepts ids and turns them into names);
 * - `token`: a cache key (`elastic/fleet-server/token1`) or a bare token name (`token1`):
 *   the events about that token — authenticated, created, deleted, and its cache entries,
 *   and the clears that reached it (by key, by account prefix, or of everything).
 * Each filter answers a wrong value with a message that says what is allowed.
 */
import { EVENT_TYPES, type SimEvent } from './events';
import type { JournalEntry } from './journal';

export interface EventFilterSpec {
  type?: string;
  node?: string;
  token?: string;
}

export type EventPredicate = (entry: JournalEntry) => boolean;

const list = (raw: string) => raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0);

/** `cache.*,node.up` → a test on the event type; a pattern that matches no type is an error. */
function typeTest(raw: string): (type: string) => boolean {
  const patterns = list(raw);
  if (patterns.length === 0) throw new Error(`[type] must name event types, got [${raw}]; types: ${EVENT_TYPES.join(', ')}`);
  const tests = patterns.map((p) => {
    const test = p === '*' ? () => true : p.endsWith('.*') ? (t: string) => t.startsWith(p.slice(0, -1)) : (t: string) => t === p;
    if (!EVENT_TYPES.some(test)) throw new Error(`[type] pattern [${p}] matches no event type; types: ${EVENT_TYPES.join(', ')}, or a prefix like cache.*`);
    return test;
  });
  return (type) => tests.some((t) => t(type));
}

/** Whether a cache key (or an account prefix ending in `/`) concerns the token asked for. */
function tokenTest(raw: string): (event: SimEvent) => boolean {
  const wanted = raw.trim();
  if (wanted.length === 0) throw new Error('[token] must be a token name (token1) or a cache key (elastic/fleet-server/token1)');
  const isKey = wanted.includes('/');
  const keyMatches = (key: string) => {
    if (key.endsWith('/')) return isKey ? wanted.startsWith(key) : true; // an account-wide clear reaches every token of it
    return isKey ? key === wanted : key.slice(key.lastIndexOf('/') + 1) === wanted;
  };
  return (event) => {
    const e = event as { token?: unknown; key?: unknown; keys?: unknown };
    if (typeof e.token === 'string') return keyMatches(e.token);
    if (typeof e.key === 'string') return keyMatches(e.key);
    if (Array.isArray(e.keys)) return e.keys.length === 0 || (e.keys as string[]).some(keyMatches); // no keys: a clear of everything
    return false;
  };
}

/** One predicate for all the filters given; none given → every entry passes. */
export function eventFilter(spec: EventFilterSpec): EventPredicate {
  const tests: EventPredicate[] = [];
  if (spec.type !== undefined) {
    const test = typeTest(spec.type);
    tests.push((e) => test(e.event.type));
  }
  if (spec.node !== undefined) {
    const nodes = new Set(list(spec.node));
    if (nodes.size === 0) throw new Error(`[node] must name nodes, got [${spec.node}]`);
    tests.push((e) => nodes.has((e.event as { node?: string }).node ?? ''));
  }
  if (spec.token !== undefined) {
    const test = tokenTest(spec.token);
    tests.push((e) => test(e.event));
  }
  return (entry) => tests.every((t) => t(entry));
}
