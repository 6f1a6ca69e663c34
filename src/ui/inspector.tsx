/**
 * The token inspector: for one token, each node's file and index cache entries (since
 * when, until when) and the invalidation it missed, in the staleness checker's words (the
 * cause column of `npm run check`), from the checker's view of the same events.
 */
import { useState } from 'preact/hooks';
import { summarizeWindow } from '../check/journal-view';
import { causeCell } from '../check/stale-sentence';
import { revocationOn, type ViewState } from './reducer';
import { view } from './store';

function knownTokens(s: ViewState): string[] {
  const all = new Set<string>(s.index.tokens);
  for (const r of s.check.revocations) all.add(r.token);
  for (const n of Object.values(s.nodes)) for (const c of [n.caches.file, n.caches.index]) for (const k of Object.keys(c.entries)) all.add(k);
  return [...all].sort();
}

const clock = (t: number) => new Date(t).toISOString().slice(11, 23);

const REVOKED: Record<string, string> = {
  'delete-index-token': 'deleted',
  'delete-security-index': 'gone with the security index',
  'remove-file-token': 'removed from the file',
};

/** What the node missed: the checker's causes while it stayed stale, nothing once it stopped at the commit. */
function missed(s: ViewState, token: string, node: string): string {
  const found = revocationOn(s, token, node);
  if (found === null) return '';
  const w = summarizeWindow(s.check, found.rev, found.w);
  if (w.convergenceMs === 0) return '';
  return `${REVOKED[found.rev.kind]} at ${clock(found.rev.commit.ms)}: ${causeCell(w)}`;
}

export function TokenInspector() {
  const s = view.value;
  const tokens = knownTokens(s);
  const [picked, setPicked] = useState('');
  const token = picked !== '' ? picked : (tokens[0] ?? '');
  const last = [...s.check.revocations].reverse().find((r) => r.token === token);
  return (
    <section aria-label="Token inspector" class="panel">
      <h3>Token inspector</h3>
      <label>
        token{' '}
        <select value={token} onChange={(e) => setPicked(e.currentTarget.value)}>
          {tokens.map((t) => <option key={t}>{t}</option>)}
        </select>
      </label>
      {token !== '' && (
        <p class="muted">
          {s.index.tokens.includes(token)
            ? 'in the security index'
            : last !== undefined
              ? `${REVOKED[last.kind]}${last.kind === 'remove-file-token' ? ` of ${[...last.windows.keys()].join(', ')}` : ''} at ${clock(last.commit.ms)}`
              : 'not in the security index (a file token?)'}
        </p>
      )}
      {token !== '' && (
        <table>
          <thead>
            <tr><th>node</th><th>file cache</th><th>index cache</th><th>missed invalidation</th></tr>
          </thead>
          <tbody>
            {s.nodeOrder.map((name) => {
              const n = s.nodes[name]!;
              const cell = (kind: 'file' | 'index') => {
                const e = n.caches[kind].entries[token];
                return e === undefined ? '—' : `since ${clock(e.filledAt)} until ${clock(e.expiresAt)}`;
              };
              return (
                <tr key={name}><td>{name}</td><td>{cell('file')}</td><td>{cell('index')}</td><td>{missed(s, token, name)}</td></tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
