/**
 * One reducer from journal entries to a view of token revocations (the checker, the
 * experiments and the dashboard read a run through it): which node caches which key since
 * when, which revocations are still pending on which node, when each node stopped
 * accepting a revoked token, every time it accepted one anyway, and why it was late.
 * Pure and free of Node's modules, so the dashboard's browser bundle includes it.
 *
 * `reduce(view, entry)` folds one entry into the view in place (a run of thousands of
 * events stays linear); the view is a function of the entries alone, so any journal —
 * the in-memory one, `GET /_sim/events`, a `--journal` file — gives the same picture.
 * Journals written before `token.revoked`, `file.written`, `index.changed` and the
 * `added`/`removed` names of `file.reloaded` existed are read too: the commit of a
 * deletion is then its `token.deleted` (later than the truth), and file revocations
 * cannot be seen (`view.legacy` says which).
 */
import type { JournalEntry } from '../observe/journal';
import type { SimEvent } from '../observe/events';

/** Default TTL when the journal does not say (no `cluster.started`): Elasticsearch's 20 minutes. */
export const DEFAULT_TTL_MS = 20 * 60 * 1000;

export type RevocationKind = 'delete-index-token' | 'delete-security-index' | 'remove-file-token';

export interface At {
  seq: number;
  ms: number;
}

export interface Violation {
  kind: 'accepted-after-removal' | 'accepted-after-success';
  revocation: number;
  node: string;
  token: string;
  accepted: At;
  /** The first cache event of the authentication that accepted (when it began). */
  started: At;
  /** What it came after: the removal applied on that node, or the report of full success. */
  after: At & { what: string };
  /** Sequence numbers of the events that prove it. */
  evidence: number[];
}

/**
 * A node let a client in with a revoked token: an authentication that succeeded after the
 * revocation's commit (within the node's stale window, or after it: then a violation).
 * The dashboard raises its alarm on each; the checker describes each window's last one.
 */
export interface Acceptance {
  revocation: number;
  node: string;
  token: string;
  at: At;
  violation: Violation | null;
}

/** One node's side of one revocation. */
export interface NodeWindow {
  node: string;
  /** Since when the node's cache held the token at the commit (null: it did not). */
  heldSince: number | null;
  /** When the node stopped accepting the token, and how (null: not within the journal). */
  converged: (At & { how: string }) | null;
  /** The last acceptance after the commit (violations included). */
  lastAccept: At | null;
  causes: string[];
  /** The clear or index-state message sent to this node for this revocation. */
  message: { id: string; kind: string } | null;
  /**
   * When a delayed message reaches the node (`message.delayed`: sent + ms). A manual clock
   * runs the node's handling a turn after the timer, stamped with the time the clock was
   * moved to; the arrival is when the node really applied it.
   */
  arrivesAt: number | null;
}

export interface Revocation {
  id: number;
  kind: RevocationKind;
  token: string;
  store: 'index' | 'file';
  commit: At;
  /** True when the commit is only known from a later event (an old journal). */
  approximateCommit: boolean;
  /** A deletion's report once its clears answered: success when every node confirmed. */
  report: (At & { success: boolean; staleOn: string[] }) | null;
  /**
   * An index token created again under the same name, or a file token put back in the
   * node's `service_tokens` (once the node reloaded it, or before it applied the removal):
   * authentications that begin later are the new token's, not this revocation's.
   */
  recreated: At | null;
  windows: Map<string, NodeWindow>;
}

/**
 * When an authentication began (its first cache event), and the `authenticate` requests
 * (`node\0id`) open on its node at that moment: one of them is its own. An authentication
 * ends with its `token.authenticated`, or with an error that journals none (the security
 * index missing); once every one of those requests was answered, it is over either way and
 * its start is forgotten, so the next authentication of the token on that node begins at
 * its own first cache event, never at an earlier one's.
 */
export interface AuthStart {
  at: At;
  requests: readonly string[];
}

/**
 * An `authenticate` message sent to a node and not answered yet. `timedOut`: its sender gave
 * up, but the node may still be running it, so it keeps the starts that may be its own
 * (an authentication that began before a removal may still succeed after it) and is
 * forgotten with them; a start that begins later does not count it.
 */
export interface AuthRequest {
  sent: At;
  timedOut: boolean;
}

interface NodeState {
  status: 'up' | 'down' | 'paused';
  index: Map<string, number>;
  file: Map<string, number>;
}

export interface JournalView {
  ttlMs: number;
  ttlKnown: boolean;
  nodes: Map<string, NodeState>;
  /** Index tokens known to exist (created and not deleted). */
  indexTokens: Set<string>;
  revocations: Revocation[];
  violations: Violation[];
  /** Every acceptance of a revoked token, oldest first. */
  acceptances: Acceptance[];
  /** Per `node\0token`: the first cache event of an authentication still running, and the requests that may be its own. */
  authStart: Map<string, AuthStart>;
  /** Per `node\0id`: the `authenticate` messages sent to a node and not answered yet. */
  authRequests: Map<string, AuthRequest>;
  /** Per `node\0kind`: the last clear, index-state or authenticate message sent (for fault attribution). */
  lastSent: Map<string, string>;
  sawIndexChanged: boolean;
  legacy: Set<string>;
  first: At | null;
  last: At | null;
  indexHealth: string | null | undefined;
}

export function emptyView(options: { ttlMs?: number } = {}): JournalView {
  return {
    ttlMs: options.ttlMs ?? DEFAULT_TTL_MS,
    ttlKnown: options.ttlMs !== undefined,
    nodes: new Map(),
    indexTokens: new Set(),
    revocations: [],
    violations: [],
    acceptances: [],
    authStart: new Map(),
    authRequests: new Map(),
    lastSent: new Map(),
    sawIndexChanged: false,
    legacy: new Set(),
    first: null,
    last: null,
    indexHealth: undefined,
  };
}

/** Folds every entry into a new view. */
export function viewOf(entries: Iterable<JournalEntry>, options: { ttlMs?: number } = {}): JournalView {
  const view = emptyView(options);
  for (const entry of entries) reduce(view, entry);
  return view;
}

/** Folds one entry into `view` (in place) and returns it. */
export function reduce(view: JournalView, entry: JournalEntry): JournalView {
  const at: At = { seq: entry.seq, ms: entry.time_ms };
  view.first ??= at;
  view.last = at;
  const e = entry.event;
  switch (e.type) {
    case 'cluster.started':
      if (!view.ttlKnown) view.ttlMs = e.token_cache_ttl_ms;
      for (const n of e.nodes) nodeOf(view, n);
      break;
    case 'node.up':
      nodeOf(view, e.node).status = 'up';
      break;
    case 'node.down':
      nodeDown(view, e.node, at);
      break;
    case 'node.paused':
      nodeOf(view, e.node).status = 'paused';
      break;
    case 'node.resumed':
      nodeOf(view, e.node).status = 'up';
      break;
    case 'cache.hit':
    case 'cache.miss':
      startAuth(view, e.node, e.key, at);
      if (e.type === 'cache.miss') nodeOf(view, e.node)[e.cache].set(e.key, at.ms);
      break;
    case 'cache.filled': {
      const cache = nodeOf(view, e.node)[e.cache];
      if (!cache.has(e.key)) cache.set(e.key, at.ms);
      break;
    }
    case 'cache.removed':
      nodeOf(view, e.node)[e.cache].delete(e.key);
      if (e.cache === 'index') convergeIndex(view, e.node, (t) => t === e.key, at, `cache entry removed (${e.reason})`);
      break;
    case 'cache.cleared':
      if (e.cacheName === 'index_service_account_token' || e.cacheName === 'service') {
        convergeIndex(view, e.node, (t) => covers(e.keys, t), at, 'cache cleared');
      }
      break;
    case 'index.state':
      if (e.health === null) convergeIndex(view, e.node, () => true, at, 'index-state applied (index gone)', 'delete-security-index');
      break;
    case 'token.created':
      view.indexTokens.add(e.token);
      for (const rev of view.revocations) if (rev.store === 'index' && rev.token === e.token) rev.recreated ??= at;
      break;
    case 'token.revoked':
      view.indexTokens.delete(e.token);
      commitIndexRevocation(view, 'delete-index-token', e.token, at, false);
      break;
    case 'token.deleted':
      reportDeletion(view, e.token, e.staleOn, at);
      break;
    case 'index.changed':
      view.sawIndexChanged = true;
      if (e.health === null && view.indexHealth !== null) deleteSecurityIndex(view, at, false);
      view.indexHealth = e.health;
      break;
    case 'fault.added': {
      const f = e.fault as { type?: string; action?: string } | null;
      if (!view.sawIndexChanged && f?.type === 'security-index' && f.action === 'delete') deleteSecurityIndex(view, at, true);
      break;
    }
    case 'file.written':
      for (const token of e.added) putBackBeforeApplied(view, e.node, token, at);
      for (const token of e.removed) commitFileRevocation(view, e.node, token, at, false);
      break;
    case 'file.reloaded':
      fileReloaded(view, e, at);
      break;
    case 'file.missed':
      for (const { w } of openWindows(view, e.node, 'file')) addCause(w, 'watcher missed the file change');
      break;
    case 'message.sent':
      messageSent(view, e.node, e.kind, e.id, at);
      break;
    case 'message.delivered':
      if (e.kind === 'authenticate') authRequestOver(view, e.node, e.id);
      break;
    case 'message.dropped':
    case 'message.delayed':
    case 'message.failed':
      messageFault(view, e);
      break;
    case 'message.timed_out':
      if (e.kind === 'authenticate') authRequestTimedOut(view, e.node, e.id);
      for (const w of windowsOfMessage(view, e.node, e.id)) addCause(w, `${w.message?.kind} message timed out after ${e.ms} ms`);
      break;
    case 'token.authenticated':
      if (e.result === 'success') accepted(view, e.node, e.token, e.index !== undefined ? 'index' : 'file', at);
      endAuth(view, `${e.node}\0${e.token}`);
      break;
    default:
      break;
  }
  return view;
}

function nodeOf(view: JournalView, name: string): NodeState {
  let node = view.nodes.get(name);
  if (node === undefined) {
    node = { status: 'up', index: new Map(), file: new Map() };
    view.nodes.set(name, node);
  }
  return node;
}

function startAuth(view: JournalView, node: string, key: string, at: At): void {
  const k = `${node}\0${key}`;
  if (view.authStart.has(k)) return;
  const prefix = `${node}\0`;
  const requests: string[] = [];
  for (const [r, req] of view.authRequests) if (!req.timedOut && r.startsWith(prefix)) requests.push(r);
  view.authStart.set(k, { at, requests });
}

/** An authentication is over: its start goes, and the timed-out requests that only it could own. */
function endAuth(view: JournalView, k: string): void {
  const start = view.authStart.get(k);
  if (start === undefined) return;
  view.authStart.delete(k);
  for (const r of start.requests) if (view.authRequests.get(r)?.timedOut === true && !owns(view, r)) view.authRequests.delete(r);
}

function owns(view: JournalView, request: string): boolean {
  for (const start of view.authStart.values()) if (start.requests.includes(request)) return true;
  return false;
}

/**
 * The `authenticate` request `id` to `node` is over (answered, or lost before it reached the
 * node): an authentication that only requests now over could own is over too.
 */
function authRequestOver(view: JournalView, node: string, id: string): void {
  if (!view.authRequests.delete(`${node}\0${id}`)) return;
  const prefix = `${node}\0`;
  for (const [k, start] of view.authStart) {
    if (!k.startsWith(prefix) || start.requests.length === 0) continue;
    if (start.requests.every((r) => !view.authRequests.has(r))) endAuth(view, k);
  }
}

function authRequestTimedOut(view: JournalView, node: string, id: string): void {
  const r = `${node}\0${id}`;
  const req = view.authRequests.get(r);
  if (req === undefined) return;
  if (owns(view, r)) view.authRequests.set(r, { sent: req.sent, timedOut: true });
  else view.authRequests.delete(r);
}

/** Every authentication of a node that went down is over, answered or not. */
function forgetAuthentications(view: JournalView, node: string): void {
  const prefix = `${node}\0`;
  for (const k of view.authStart.keys()) if (k.startsWith(prefix)) view.authStart.delete(k);
  for (const r of view.authRequests.keys()) if (r.startsWith(prefix)) view.authRequests.delete(r);
}

/** Keys ending in `/` are prefixes; an empty list is every key (as a clear-cache request). */
function covers(keys: readonly string[], token: string): boolean {
  return keys.length === 0 || keys.some((k) => (k.endsWith('/') ? token.startsWith(k) : k === token));
}

/** The windows of `node` still open (the node may still accept), each with its revocation. */
function openWindows(view: JournalView, node: string, store: 'index' | 'file', kind?: RevocationKind): { w: NodeWindow; rev: Revocation }[] {
  const out: { w: NodeWindow; rev: Revocation }[] = [];
  for (const rev of view.revocations) {
    if (rev.store !== store || (kind !== undefined && rev.kind !== kind)) continue;
    const w = rev.windows.get(node);
    if (w !== undefined && w.converged === null) out.push({ w, rev });
  }
  return out;
}

function convergeIndex(view: JournalView, node: string, matches: (token: string) => boolean, at: At, how: string, kind?: RevocationKind): void {
  for (const { w, rev } of openWindows(view, node, 'index', kind)) {
    if (!matches(rev.token)) continue;
    const ms = w.arrivesAt !== null && w.arrivesAt < at.ms ? Math.max(rev.commit.ms, w.arrivesAt) : at.ms;
    w.converged = { seq: at.seq, ms, how };
  }
}

function nodeDown(view: JournalView, name: string, at: At): void {
  const node = nodeOf(view, name);
  node.status = 'down';
  node.index.clear();
  node.file.clear();
  forgetAuthentications(view, name);
  for (const store of ['index', 'file'] as const) {
    for (const { w } of openWindows(view, name, store)) w.converged = { ...at, how: 'node down (caches gone)' };
  }
}

function newWindow(view: JournalView, node: string, store: 'index' | 'file', token: string, at: At): NodeWindow {
  const state = nodeOf(view, node);
  const held = state.status === 'down' ? undefined : state[store].get(token);
  const w: NodeWindow = { node, heldSince: held ?? null, converged: null, lastAccept: null, causes: [], message: null, arrivesAt: null };
  if (state.status === 'down') w.converged = { ...at, how: 'node down' };
  else if (held === undefined && store === 'index') w.converged = { ...at, how: 'not cached' };
  else if (state.status === 'paused') w.causes.push('node paused');
  return w;
}

function commitIndexRevocation(view: JournalView, kind: RevocationKind, token: string, at: At, approximate: boolean): Revocation {
  const rev: Revocation = { id: view.revocations.length + 1, kind, token, store: 'index', commit: at, approximateCommit: approximate, report: null, recreated: null, windows: new Map() };
  for (const name of view.nodes.keys()) rev.windows.set(name, newWindow(view, name, 'index', token, at));
  view.revocations.push(rev);
  return rev;
}

function reportDeletion(view: JournalView, token: string, staleOn: string[], at: At): void {
  let rev = [...view.revocations].reverse().find((r) => r.kind === 'delete-index-token' && r.token === token && r.report === null);
  if (rev === undefined) {
    view.legacy.add('no token.revoked events: a deletion is measured from its token.deleted, after its clears');
    view.indexTokens.delete(token);
    rev = commitIndexRevocation(view, 'delete-index-token', token, at, true);
  }
  rev.report = { ...at, success: staleOn.length === 0, staleOn };
}

function deleteSecurityIndex(view: JournalView, at: At, approximate: boolean): void {
  const tokens = new Set(view.indexTokens);
  for (const node of view.nodes.values()) for (const key of node.index.keys()) tokens.add(key);
  view.indexTokens.clear();
  for (const token of [...tokens].sort()) commitIndexRevocation(view, 'delete-security-index', token, at, approximate);
}

function commitFileRevocation(view: JournalView, node: string, token: string, at: At, approximate: boolean): NodeWindow {
  const rev: Revocation = { id: view.revocations.length + 1, kind: 'remove-file-token', token, store: 'file', commit: at, approximateCommit: approximate, report: null, recreated: null, windows: new Map() };
  const w = newWindow(view, node, 'file', token, at);
  rev.windows.set(node, w);
  view.revocations.push(rev);
  return w;
}

function fileReloaded(view: JournalView, e: Extract<SimEvent, { type: 'file.reloaded' }>, at: At): void {
  if (!e.changed) return;
  if (e.removed === undefined) {
    view.legacy.add('file.reloaded without token names: file revocations cannot be seen');
    return;
  }
  for (const token of e.removed) {
    const open = openWindows(view, e.node, 'file').find((o) => o.rev.token === token)?.w;
    const w = open ?? commitFileRevocation(view, e.node, token, at, true);
    w.converged = { ...at, how: 'file reloaded without it' };
  }
  // The node applied a file with the token again: its removal there is over (a later removal is a new revocation).
  for (const token of e.added ?? []) {
    for (const rev of fileRevocations(view, e.node, token)) rev.recreated = at;
  }
}

/** The file revocations of `token` on `node` not yet ended by the token coming back. */
function fileRevocations(view: JournalView, node: string, token: string): Revocation[] {
  return view.revocations.filter((r) => r.store === 'file' && r.token === token && r.recreated === null && r.windows.has(node));
}

/**
 * The token written back into a node's file before the node applied its removal (a blind
 * watcher, or a reload not yet run): the revocation is withdrawn there at the write, as the
 * node never stopped accepting a token that is valid again. A node that did apply the
 * removal still refuses it until it reloads the file with it (fileReloaded).
 */
function putBackBeforeApplied(view: JournalView, node: string, token: string, at: At): void {
  for (const rev of fileRevocations(view, node, token)) {
    const w = rev.windows.get(node)!;
    if (w.converged !== null) continue;
    w.converged = { ...at, how: 'token put back in the file before the node applied its removal' };
    rev.recreated = at;
  }
}

function messageSent(view: JournalView, node: string, kind: string, id: string, at: At): void {
  if (kind === 'authenticate') {
    view.authRequests.set(`${node}\0${id}`, { sent: at, timedOut: false });
    view.lastSent.set(`${node}\0${kind}`, id);
    return;
  }
  if (kind !== 'clear-cache' && kind !== 'index-state') return;
  view.lastSent.set(`${node}\0${kind}`, id);
  const revKind: RevocationKind = kind === 'clear-cache' ? 'delete-index-token' : 'delete-security-index';
  const paused = view.nodes.get(node)?.status === 'paused';
  for (const { w } of openWindows(view, node, 'index', revKind)) {
    if (w.message !== null) continue;
    w.message = { id, kind };
    if (paused) addCause(w, 'node paused');
  }
}

function windowsOfMessage(view: JournalView, node: string, id: string): NodeWindow[] {
  const out: NodeWindow[] = [];
  for (const { w } of openWindows(view, node, 'index')) if (w.message?.id === id) out.push(w);
  return out;
}

function messageFault(view: JournalView, e: Extract<SimEvent, { type: 'message.dropped' | 'message.delayed' | 'message.failed' }>): void {
  if ('leg' in e && e.leg !== 'request') return; // a lost reply: the node applied it
  const id = view.lastSent.get(`${e.node}\0${e.kind}`);
  if (id === undefined) return;
  if (e.kind === 'authenticate') {
    // Lost, or failed instead of being sent: journaled right after its message.sent (a
    // failure after a delay cannot be told from the requests sent since, and stays open).
    const sent = view.authRequests.get(`${e.node}\0${id}`)?.sent;
    if (e.type !== 'message.delayed' && sent !== undefined && sent.seq === view.last!.seq - 1) authRequestOver(view, e.node, id);
    return;
  }
  const what =
    e.type === 'message.dropped'
      ? `${e.kind} message ${e.because === 'partition' ? 'lost in partition' : 'dropped'} by fault [${e.fault}]`
      : e.type === 'message.delayed'
        ? `${e.kind} message delayed ${e.ms} ms by fault [${e.faults.join(', ')}]`
        : `${e.kind} message failed with ${e.error} by fault [${e.fault}]`;
  const cause = e.kind === 'index-state' ? `late index-state message: ${what}` : what;
  for (const w of windowsOfMessage(view, e.node, id)) {
    addCause(w, cause);
    if (e.type === 'message.delayed') w.arrivesAt = view.last!.ms + e.ms;
  }
}

function addCause(w: NodeWindow, cause: string): void {
  if (!w.causes.includes(cause)) w.causes.push(cause);
}

function accepted(view: JournalView, node: string, token: string, store: 'index' | 'file', at: At): void {
  const started = view.authStart.get(`${node}\0${token}`)?.at ?? at;
  for (const rev of view.revocations) {
    if (rev.token !== token || rev.store !== store) continue;
    if (rev.recreated !== null && started.seq > rev.recreated.seq) continue;
    const w = rev.windows.get(node);
    if (w === undefined) continue;
    const evidence = (after: At) => [rev.commit.seq, after.seq, started.seq, at.seq].filter((s, i, all) => all.indexOf(s) === i).sort((a, b) => a - b);
    let violation: Violation | null = null;
    if (w.converged !== null && started.seq > w.converged.seq) {
      const after = { seq: w.converged.seq, ms: w.converged.ms, what: w.converged.how };
      violation = { kind: 'accepted-after-removal', revocation: rev.id, node, token, accepted: at, started, after, evidence: evidence(after) };
    } else if (rev.report?.success === true && started.seq > rev.report.seq) {
      const after = { seq: rev.report.seq, ms: rev.report.ms, what: 'the deletion reported every cache cleared' };
      violation = { kind: 'accepted-after-success', revocation: rev.id, node, token, accepted: at, started, after, evidence: evidence(after) };
    }
    if (violation !== null) view.violations.push(violation);
    w.lastAccept = at; // a violation is exposure too: a client was let in
    view.acceptances.push({ revocation: rev.id, node, token, at, violation });
  }
}

/** A node window measured: times from the commit (ms), the bound, and the causes. */
export interface WindowSummary {
  revocation: number;
  kind: RevocationKind;
  token: string;
  node: string;
  /** Last acceptance after the commit; null: none. */
  exposureMs: number | null;
  /** When the node stopped accepting; null: not by the end of the journal (see `boundMs`). */
  convergenceMs: number | null;
  how: string | null;
  /** When its cache entry expires, from the commit (index tokens: the latest the window can last). */
  boundMs: number | null;
  causes: string[];
}

/** Each node window of each revocation, measured up to the journal's last event (or `endMs`). */
export function summarize(view: JournalView, endMs = view.last?.ms ?? 0): WindowSummary[] {
  const out: WindowSummary[] = [];
  for (const rev of view.revocations) for (const w of rev.windows.values()) out.push(summarizeWindow(view, rev, w, endMs));
  return out;
}

/** One node window measured up to `endMs` (the journal's last event by default). */
export function summarizeWindow(view: JournalView, rev: Revocation, w: NodeWindow, endMs = view.last?.ms ?? 0): WindowSummary {
  const boundAbs = rev.store === 'index' && w.heldSince !== null ? w.heldSince + view.ttlMs : null;
  let converged = w.converged === null ? null : { ms: w.converged.ms, how: w.converged.how };
  if (boundAbs !== null && (converged === null ? boundAbs <= endMs : boundAbs < converged.ms)) converged = { ms: boundAbs, how: 'cache entry expired (TTL)' };
  const late = converged === null || converged.ms > rev.commit.ms;
  const causes = late && w.causes.length === 0 && w.heldSince !== null ? ['no cause found in the journal'] : late ? w.causes : [];
  return {
    revocation: rev.id,
    kind: rev.kind,
    token: rev.token,
    node: w.node,
    exposureMs: w.lastAccept === null ? null : Math.max(0, w.lastAccept.ms - rev.commit.ms),
    convergenceMs: converged === null ? null : Math.max(0, converged.ms - rev.commit.ms),
    how: converged?.how ?? null,
    boundMs: boundAbs === null ? null : boundAbs - rev.commit.ms,
    causes,
  };
}

/**
 * A copy that shares nothing the reducer changes in place: the dashboard folds each batch
 * of events into a copy, so a state it was given (a replay checkpoint) never changes.
 */
export function cloneView(v: JournalView): JournalView {
  return {
    ...v,
    nodes: new Map([...v.nodes].map(([name, n]) => [name, { status: n.status, index: new Map(n.index), file: new Map(n.file) }])),
    indexTokens: new Set(v.indexTokens),
    revocations: v.revocations.map((r) => ({ ...r, windows: new Map([...r.windows].map(([name, w]) => [name, { ...w, causes: w.causes.slice() }])) })),
    violations: v.violations.slice(),
    acceptances: v.acceptances.slice(),
    authStart: new Map(v.authStart),
    authRequests: new Map(v.authRequests),
    lastSent: new Map(v.lastSent),
    legacy: new Set(v.legacy),
  };
}

/**
 * What a reader starting mid-run already knows (the dashboard's /_sim/snapshot): each node's
 * status and cached keys (since when), the security index's tokens and health, and where
 * the journal stands. Without it a deletion right after the page opened would find no
 * node holding the token.
 */
export function seedView(
  view: JournalView,
  known: { at: At; nodes: { name: string; status: 'up' | 'down' | 'paused'; index: [string, number][]; file: [string, number][] }[]; indexTokens: string[]; indexHealth: string | null },
): JournalView {
  for (const n of known.nodes) view.nodes.set(n.name, { status: n.status, index: new Map(n.index), file: new Map(n.file) });
  for (const t of known.indexTokens) view.indexTokens.add(t);
  view.indexHealth = known.indexHealth;
  view.first = known.at;
  view.last = known.at;
  return view;
}
