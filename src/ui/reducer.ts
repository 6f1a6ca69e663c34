/**
 * The one reducer from journal entries to what the dashboard shows. The live page folds the
 * event stream into it (starting from /_sim/snapshot), the replay folds a `--journal` file
 * into it (starting from nothing), so a run replays to the same picture. Pure: it never
 * reads a clock or the network, and never changes a state it was given (a batch copies what
 * it touches once, then works on the copy).
 *
 * Which node accepted a revoked token, and why, is not decided here: every entry is also
 * folded into the staleness checker's view (src/check/journal-view.ts, `state.check`), and
 * an alarm is raised for each acceptance that view records, in the checker's words
 * (src/check/stale-sentence.ts). This file keeps the view concerns: cards, caches, timeline.
 */
import { cloneView, DEFAULT_TTL_MS, emptyView, reduce as reduceCheck, seedView, type Acceptance, type JournalView, type NodeWindow, type Revocation } from '../check/journal-view';
import { acceptanceSentence } from '../check/stale-sentence';
import type { JournalEntry } from './journal-types';

export type CacheKind = 'file' | 'index';
export type NodeStatus = 'up' | 'down' | 'paused';

export interface CacheEntryView {
  key: string;
  filledAt: number;
  expiresAt: number;
  hits: number;
}

export interface CacheView {
  entries: Record<string, CacheEntryView>;
  hits: number;
  misses: number;
  removed: Record<string, number>;
}

/** A node accepted a revoked token: the checker's record of it (its words: `alarmText`). */
export interface Alarm {
  seq: number;
  time_ms: number;
  node: string;
  token: string;
  acceptance: Acceptance;
}

export interface NodeView {
  name: string;
  status: NodeStatus;
  caches: Record<CacheKind, CacheView>;
  alarms: Alarm[];
}

export type MessageFate = 'pending' | 'delivered' | 'failed' | 'dropped' | 'timed_out';

/** A request from the coordinator to a node (or a node's lookup on the index), for the timeline. */
export interface MessageView {
  id: string;
  node: string;
  kind: string;
  sentAt: number;
  endAt: number | null;
  fate: MessageFate;
  delayed: boolean;
  /** What dropped or failed it: a fault id, or the reason. */
  by: string | null;
}

/** A point on a lane: a cache fill or removal, a file reload, an index state, an alarm. */
export interface Mark {
  seq: number;
  time_ms: number;
  lane: string;
  type: string;
  token: string | null;
  label: string;
}

export interface FaultInterval {
  id: string;
  spec: Record<string, unknown>;
  from: number;
  to: number | null;
}

export interface IndexView {
  health: string | null;
  uuid: string | null;
  upToDate: boolean;
  tokens: string[];
  users: string[];
  roles: string[];
}

export interface ViewState {
  seq: number;
  time_ms: number;
  ttlMs: number;
  nodes: Record<string, NodeView>;
  nodeOrder: string[];
  faults: Record<string, FaultInterval>;
  faultHistory: FaultInterval[];
  index: IndexView;
  messages: MessageView[];
  marks: Mark[];
  alarms: Alarm[];
  recent: JournalEntry[];
  /** The staleness checker's view of the same events: revocations, windows, acceptances. */
  check: JournalView;
}

/** How much history the timeline keeps; older items fall off (the journal itself is bounded too). */
export const LIMITS = { messages: 4000, marks: 4000, recent: 300, alarms: 200, faultHistory: 200 };
export { DEFAULT_TTL_MS };

export function emptyCache(): CacheView {
  return { entries: {}, hits: 0, misses: 0, removed: {} };
}

export function emptyNode(name: string, status: NodeStatus = 'down'): NodeView {
  return { name, status, caches: { file: emptyCache(), index: emptyCache() }, alarms: [] };
}

/** `ttlMs` when known; otherwise Elasticsearch's default until a `cluster.started` says. */
export function initialState(ttlMs?: number): ViewState {
  return {
    seq: 0,
    time_ms: 0,
    ttlMs: ttlMs ?? DEFAULT_TTL_MS,
    nodes: {},
    nodeOrder: [],
    faults: {},
    faultHistory: [],
    index: { health: null, uuid: null, upToDate: true, tokens: [], users: [], roles: [] },
    messages: [],
    marks: [],
    alarms: [],
    recent: [],
    check: emptyView(ttlMs === undefined ? {} : { ttlMs }),
  };
}

/** The alarm's cause, in the checker's words, told with all the view knows now. */
export function alarmText(s: ViewState, a: Alarm): string {
  return acceptanceSentence(s.check, a.acceptance);
}

/** The latest revocation of `token` that reached `node`, with that node's window, if any. */
export function revocationOn(s: ViewState, token: string, node: string): { rev: Revocation; w: NodeWindow } | null {
  const revs = s.check.revocations;
  for (let i = revs.length - 1; i >= 0; i--) {
    const rev = revs[i] as Revocation;
    const w = rev.token === token ? rev.windows.get(node) : undefined;
    if (w !== undefined) return { rev, w };
  }
  return null;
}

/** Index tokens revoked (deleted, or gone with the index) and not created again. */
export function revokedIndexTokens(s: ViewState): string[] {
  const out = new Set<string>();
  for (const r of s.check.revocations) if (r.store === 'index' && r.recreated === null && !s.check.indexTokens.has(r.token)) out.add(r.token);
  return [...out].sort();
}

export function reduce(state: ViewState, entry: JournalEntry): ViewState {
  return reduceAll(state, [entry]);
}

/** Folds many entries at once: one copy per batch, not per event (the live page gets ~1,000/s). */
export function reduceAll(state: ViewState, entries: readonly JournalEntry[]): ViewState {
  const fresh = entries.filter((e) => e.seq > state.seq);
  if (fresh.length === 0) return state;
  const draft = new Draft(state);
  for (const entry of fresh) draft.apply(entry);
  return draft.finish();
}

/** A copy-on-write working state for one batch. */
class Draft {
  private readonly s: ViewState;
  private readonly copied = new Set<string>();

  constructor(base: ViewState) {
    this.s = {
      ...base,
      nodes: { ...base.nodes },
      nodeOrder: base.nodeOrder,
      faults: { ...base.faults },
      faultHistory: base.faultHistory.slice(),
      index: { ...base.index },
      messages: base.messages.slice(),
      marks: base.marks.slice(),
      alarms: base.alarms.slice(),
      recent: base.recent.slice(),
      check: cloneView(base.check),
    };
  }

  finish(): ViewState {
    const s = this.s;
    trim(s.messages, LIMITS.messages);
    trim(s.marks, LIMITS.marks);
    trim(s.recent, LIMITS.recent);
    trim(s.alarms, LIMITS.alarms);
    trim(s.faultHistory, LIMITS.faultHistory);
    // The page needs only the acceptances it has not raised yet (an alarm keeps its own);
    // a long live session must not copy every one it ever saw on each frame.
    trim(s.check.acceptances, LIMITS.alarms);
    return s;
  }

  /** The node, copied once in this batch (and created when first named). */
  private node(name: string): NodeView {
    if (!this.copied.has(name)) {
      this.copied.add(name);
      const old = this.s.nodes[name];
      if (old === undefined) {
        this.s.nodeOrder = [...this.s.nodeOrder, name].sort(byNodeName);
        this.s.nodes[name] = emptyNode(name, 'up');
      } else {
        this.s.nodes[name] = {
          ...old,
          caches: { file: copyCache(old.caches.file), index: copyCache(old.caches.index) },
          alarms: old.alarms.slice(),
        };
      }
    }
    return this.s.nodes[name] as NodeView;
  }

  private mark(entry: JournalEntry, lane: string, type: string, token: string | null, label: string): void {
    this.s.marks.push({ seq: entry.seq, time_ms: entry.time_ms, lane, type, token, label });
  }

  /** The newest message to `node` of `kind` still in flight (drops and delays name no id). */
  private pending(node: string, kind: string): number {
    const m = this.s.messages;
    for (let i = m.length - 1; i >= 0 && i >= m.length - 200; i--) {
      const x = m[i] as MessageView;
      if (x.node === node && x.kind === kind && x.fate === 'pending') return i;
    }
    return -1;
  }

  private settle(index: number, change: Partial<MessageView>): void {
    if (index < 0) return;
    this.s.messages[index] = { ...(this.s.messages[index] as MessageView), ...change };
  }

  private byId(id: string): number {
    const m = this.s.messages;
    for (let i = m.length - 1; i >= 0 && i >= m.length - 2000; i--) if ((m[i] as MessageView).id === id) return i;
    return -1;
  }

  apply(entry: JournalEntry): void {
    const s = this.s;
    s.seq = entry.seq;
    s.time_ms = Math.max(s.time_ms, entry.time_ms);
    s.recent.push(entry);
    const accepted = s.check.acceptances.length;
    reduceCheck(s.check, entry);
    s.ttlMs = s.check.ttlMs;
    for (let i = accepted; i < s.check.acceptances.length; i++) this.alarm(entry, s.check.acceptances[i] as Acceptance);
    const e = entry.event;
    const t = entry.time_ms;
    switch (e.type) {
      case 'cluster.started':
        for (const n of e.nodes) this.node(n);
        return;
      case 'node.up':
        this.node(e.node).status = 'up';
        // A started node has empty caches.
        this.node(e.node).caches = { file: { ...emptyCache(), hits: this.node(e.node).caches.file.hits }, index: { ...emptyCache(), hits: this.node(e.node).caches.index.hits } };
        this.mark(entry, e.node, e.type, null, 'up');
        return;
      case 'node.down': {
        const n = this.node(e.node);
        n.status = 'down';
        n.caches = { file: { ...n.caches.file, entries: {} }, index: { ...n.caches.index, entries: {} } };
        this.mark(entry, e.node, e.type, null, `down (${e.reason})`);
        return;
      }
      case 'node.paused':
        this.node(e.node).status = 'paused';
        this.mark(entry, e.node, e.type, null, 'paused');
        return;
      case 'node.resumed':
        this.node(e.node).status = 'up';
        this.mark(entry, e.node, e.type, null, 'resumed');
        return;
      case 'cache.hit':
      case 'cache.miss': {
        const c = this.node(e.node).caches[e.cache];
        if (e.type === 'cache.miss') c.misses++;
        else {
          c.hits++;
          const old = c.entries[e.key];
          if (old !== undefined) c.entries[e.key] = { ...old, hits: old.hits + 1 };
        }
        return;
      }
      case 'cache.filled':
        this.node(e.node).caches[e.cache].entries[e.key] = { key: e.key, filledAt: t, expiresAt: t + s.ttlMs, hits: 0 };
        this.mark(entry, e.node, e.type, e.key, `${e.cache} cache filled: ${e.key}`);
        return;
      case 'cache.removed': {
        const c = this.node(e.node).caches[e.cache];
        delete c.entries[e.key];
        c.removed[e.reason] = (c.removed[e.reason] ?? 0) + 1;
        this.mark(entry, e.node, e.type, e.key, `${e.cache} cache removed (${e.reason}): ${e.key}`);
        return;
      }
      case 'cache.cleared':
        this.mark(entry, e.node, e.type, e.keys.length === 1 ? (e.keys[0] as string) : null, `cleared ${e.cacheName} [${e.keys.join(', ') || '*'}]: ${e.removed} removed`);
        return;
      case 'token.authenticated':
        this.mark(entry, e.node, e.type, e.token, `${e.token} ${e.result}`);
        return;
      case 'file.reloaded':
        this.mark(entry, e.node, e.type, null, e.parseError === undefined ? `file reloaded: ${e.tokens} tokens` : `file not parsed: ${e.parseError}`);
        return;
      case 'file.written':
        this.mark(entry, e.node, e.type, e.removed.length === 1 ? (e.removed[0] as string) : null, `file written: ${[...e.removed.map((x) => `-${x}`), ...e.added.map((x) => `+${x}`)].join(' ') || 'no token changed'}`);
        return;
      case 'file.missed':
        this.mark(entry, e.node, e.type, null, 'file change missed (blind watcher)');
        return;
      case 'message.sent':
        s.messages.push({ id: e.id, node: e.node, kind: e.kind, sentAt: t, endAt: null, fate: 'pending', delayed: false, by: null });
        return;
      case 'message.delivered':
        this.settle(this.byId(e.id), { endAt: t, fate: e.ok ? 'delivered' : 'failed' });
        return;
      case 'message.timed_out': {
        const i = this.byId(e.id);
        if (i < 0) s.messages.push({ id: e.id, node: e.node, kind: e.kind, sentAt: t - e.ms, endAt: t, fate: 'timed_out', delayed: false, by: 'timeout' });
        else this.settle(i, { endAt: t, fate: (s.messages[i] as MessageView).fate === 'dropped' ? 'dropped' : 'timed_out', by: (s.messages[i] as MessageView).by ?? 'timeout' });
        return;
      }
      case 'message.dropped':
        this.settle(this.pending(e.node, e.kind), { fate: 'dropped', endAt: t, by: e.fault });
        return;
      case 'message.delayed':
        this.settle(this.pending(e.node, e.kind), { delayed: true, by: e.faults.join(',') });
        return;
      case 'message.failed':
        this.settle(this.pending(e.node, e.kind), { fate: 'failed', endAt: t, by: e.fault });
        return;
      case 'message.duplicated':
        return;
      case 'index.state':
        s.index.health = e.health;
        s.index.uuid = e.uuid;
        s.index.upToDate = e.upToDate;
        if (e.rule !== null) this.mark(entry, e.node, e.type, null, `index state ${e.health ?? 'deleted'}: rule ${e.rule}, ${e.cleared} cleared`);
        return;
      case 'token.created':
        s.index.tokens = [...new Set([...s.index.tokens, e.token])].sort();
        this.mark(entry, 'security index', e.type, e.token, `token created: ${e.token}`);
        return;
      case 'token.deleted':
        s.index.tokens = s.index.tokens.filter((x) => x !== e.token);
        this.mark(entry, 'security index', e.type, e.token, `token deleted: ${e.token}${e.staleOn.length > 0 ? `; not confirmed by ${e.staleOn.join(', ')}` : ''}`);
        return;
      case 'fault.added': {
        const f: FaultInterval = { id: e.id, spec: (e.fault ?? {}) as Record<string, unknown>, from: t, to: null };
        s.faults[e.id] = f;
        s.faultHistory.push(f);
        return;
      }
      case 'fault.healed': {
        delete s.faults[e.id];
        const i = s.faultHistory.findLastIndex((f) => f.id === e.id && f.to === null);
        if (i >= 0) s.faultHistory[i] = { ...(s.faultHistory[i] as FaultInterval), to: t };
        return;
      }
      case 'rest.request':
        return;
      case 'rest.fault':
        // Caught at the front door, before any node: a mark on the coordinator's lane.
        this.mark(entry, 'coordinator', e.type, null, `rest fault ${e.fault}: ${e.action} ${e.method} ${e.path}`);
        return;
    }
  }

  /** The revoked-token alarm, on the node's card and its lane, for one acceptance the checker recorded. */
  private alarm(entry: JournalEntry, a: Acceptance): void {
    const alarm: Alarm = { seq: entry.seq, time_ms: entry.time_ms, node: a.node, token: a.token, acceptance: a };
    const n = this.node(a.node);
    n.alarms.push(alarm);
    trim(n.alarms, 20);
    this.s.alarms.push(alarm);
    this.mark(entry, a.node, 'alarm', a.token, a.violation === null ? `revoked token accepted: ${a.token}` : `violation: ${a.token}`);
  }
}

function copyCache(c: CacheView): CacheView {
  return { entries: { ...c.entries }, hits: c.hits, misses: c.misses, removed: { ...c.removed } };
}

function trim<T>(list: T[], max: number): void {
  if (list.length > max) list.splice(0, list.length - max);
}

/** node-2 before node-10. */
export function byNodeName(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** The state /_sim/snapshot describes, as the reducer's starting point for the live page. */
export interface Snapshot {
  cluster: { uuid: string; host: string; time_ms: number; token_cache_ttl_ms: number };
  journal: { next: number; oldest: number };
  nodes: {
    name: string;
    status: NodeStatus;
    pid: number | null;
    caches: null | Record<CacheKind, { entries: { key: string; age_ms: number; hits: number; expires_in_ms?: number }[]; stats: { hits: number; misses: number; removed: Record<string, number> } }>;
  }[];
  faults: ({ id: string; type: string; applied_at_ms: number } & Record<string, unknown>)[];
  security_index: { health: string | null; uuid: string | null; up_to_date: boolean; documents: { tokens: string[]; users: string[]; roles: string[] } };
}

export function fromSnapshot(snap: Snapshot): ViewState {
  const s = initialState(snap.cluster.token_cache_ttl_ms);
  const now = snap.cluster.time_ms;
  s.seq = snap.journal.next - 1;
  s.time_ms = now;
  for (const n of snap.nodes) {
    const node = emptyNode(n.name, n.status);
    for (const kind of ['file', 'index'] as const) {
      const c = n.caches?.[kind];
      if (c === undefined) continue;
      const entries: Record<string, CacheEntryView> = {};
      for (const x of c.entries) {
        entries[x.key] = { key: x.key, filledAt: now - x.age_ms, expiresAt: now + (x.expires_in_ms ?? s.ttlMs - x.age_ms), hits: x.hits };
      }
      node.caches[kind] = { entries, hits: c.stats.hits, misses: c.stats.misses, removed: { ...c.stats.removed } };
    }
    s.nodes[n.name] = node;
  }
  s.nodeOrder = Object.keys(s.nodes).sort(byNodeName);
  for (const f of snap.faults) {
    const { id, applied_at_ms, ...spec } = f;
    s.faults[id] = { id, spec, from: applied_at_ms, to: null };
    s.faultHistory.push(s.faults[id] as FaultInterval);
  }
  const idx = snap.security_index;
  s.index = { health: idx.health, uuid: idx.uuid, upToDate: idx.up_to_date, tokens: idx.documents.tokens, users: idx.documents.users, roles: idx.documents.roles };
  const since = (kind: CacheKind, n: NodeView) => Object.values(n.caches[kind].entries).map((e): [string, number] => [e.key, e.filledAt]);
  seedView(s.check, {
    at: { seq: s.seq, ms: now },
    nodes: s.nodeOrder.map((name) => ({ name, status: (s.nodes[name] as NodeView).status, index: since('index', s.nodes[name] as NodeView), file: since('file', s.nodes[name] as NodeView) })),
    indexTokens: idx.documents.tokens,
    indexHealth: idx.health,
  });
  return s;
}

/** Parses a `--journal` file: one JSON entry a line; blank lines skipped, a bad line named. */
export function parseJournal(text: string): JournalEntry[] {
  const out: JournalEntry[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new Error(`line ${i + 1} of the journal is not JSON: ${line.slice(0, 80)}`);
    }
    const e = v as JournalEntry;
    if (typeof e?.seq !== 'number' || typeof e.time_ms !== 'number' || typeof e.event?.type !== 'string') {
      throw new Error(`line ${i + 1} of the journal is not an entry {seq, time_ms, event}: ${line.slice(0, 80)}`);
    }
    out.push(e);
  });
  return out;
}
