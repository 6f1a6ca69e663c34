/**
 * The checker's words for "a node accepted a revoked token, and why": one sentence per
 * acceptance, one paragraph per violation, and the cause cell of the checker's table. The
 * `npm run check` report and the dashboard's revoked-token alarm and token inspector all
 * call these, on the same view (`journal-view.ts`), so for one journal they say the same
 * thing. Pure and free of Node's modules: the dashboard's browser bundle includes it.
 */
import { summarizeWindow, type Acceptance, type JournalView, type RevocationKind, type Violation, type WindowSummary } from './journal-view';

/** One paragraph per violation, naming the events that prove it. */
export function explain(v: Violation): string {
  const rule =
    v.kind === 'accepted-after-removal'
      ? `after it had applied the token's removal at ${v.after.ms} ms (#${v.after.seq}: ${v.after.what}). A node must never accept a token once it applied its removal`
      : `after the deletion reported full success at ${v.after.ms} ms (#${v.after.seq}: ${v.after.what}). Once a revocation says every cache was cleared, no node may accept the token`;
  return (
    `${v.kind === 'accepted-after-removal' ? '(a)' : '(b)'} ${v.node} accepted ${v.token} at ${v.accepted.ms} ms (#${v.accepted.seq}), ` +
    `in an authentication that began at #${v.started.seq}, ${rule}. Events: ${v.evidence.map((s) => `#${s}`).join(', ')}.`
  );
}

/** The cause column of the checker's table: why the window was stale, and what ended it. */
export function causeCell(w: WindowSummary): string {
  return [...w.causes, ...(w.how === null || w.convergenceMs === 0 ? [] : [`ended: ${w.how}`])].join('; ') || '-';
}

function revoked(kind: RevocationKind, node: string): string {
  switch (kind) {
    case 'delete-index-token':
      return 'its deletion from the security index';
    case 'delete-security-index':
      return 'the security index was deleted';
    case 'remove-file-token':
      return `it was removed from ${node}'s service_tokens file`;
  }
}

/**
 * The sentence for one acceptance of a revoked token, told with everything the view knows
 * now (a cause or an end that came later is in it): who accepted what, how long after the
 * revocation, why the node still held it, and what bounds it. A violation is its paragraph.
 */
export function acceptanceSentence(view: JournalView, a: Acceptance): string {
  if (a.violation !== null) return explain(a.violation);
  const rev = view.revocations[a.revocation - 1];
  const w = rev?.windows.get(a.node);
  if (rev === undefined || w === undefined) return `${a.node} accepted ${a.token}, revoked, at ${a.at.ms} ms (#${a.at.seq}).`;
  const s = summarizeWindow(view, rev, w);
  const causes = s.causes.length === 0 ? 'no cause found in the journal' : s.causes.join('; ');
  const bound =
    s.convergenceMs !== null
      ? `it stayed valid there for ${s.convergenceMs} ms (ended: ${s.how})`
      : s.boundMs !== null
        ? `it stays valid there until its cache entry expires, ${s.boundMs} ms after the revocation`
        : rev.store === 'file'
          ? `it stays valid there until ${a.node} reloads its file or restarts`
          : `it stays valid there until ${a.node} drops it`;
  return `${a.node} accepted ${a.token} ${Math.max(0, a.at.ms - rev.commit.ms)} ms after ${revoked(rev.kind, a.node)} (${causes}), so ${bound}.`;
}

/** Per node window that let a client in (and is no violation), the sentence for its last acceptance. */
export function staleAcceptances(view: JournalView): { revocation: number; node: string; token: string; seq: number; sentence: string }[] {
  const last = new Map<string, Acceptance>();
  for (const a of view.acceptances) last.set(`${a.revocation}\0${a.node}`, a);
  return [...last.values()]
    .filter((a) => a.violation === null)
    .map((a) => ({ revocation: a.revocation, node: a.node, token: a.token, seq: a.at.seq, sentence: acceptanceSentence(view, a) }));
}
