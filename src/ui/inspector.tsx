/**
 * The token inspector: for one token, each node's file and index cache entries (since
 * when, until when) and the invalidation it missed, if any.
 */
import { useState } from 'preact/hooks';
import type { ViewState } from './reducer';
import { view } from './store';

function knownTokens(s: ViewState): string[] {
  const all = new Set<string>([...s.index.tokens, ...Object.keys(s.index.deleted)]);
  for (const n of Object.values(s.nodes)) for (const c of [n.caches.file, n.caches.index]) for (const k of Object.keys(c.entries)) all.add(k);
  return [...all].sort();
}

const clock = (t: number) => new Date(t).toISOString().slice(11, 23);

export function TokenInspector() {
  const s = view.value;
  const tokens = knownTokens(s);
  const [picked, setPicked] = useState('');
  const token = picked !== '' ? picked : (tokens[0] ?? '');
  const deleted = s.index.deleted[token];
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
          {s.index.tokens.includes(token) ? 'in the security index' : deleted !== undefined ? `deleted at ${clock(deleted.time_ms)}` : 'not in the security index (a file token?)'}
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
              const missed = deleted?.staleOn.includes(name) ? `clear-cache at deletion${n.lostClear === null ? '' : `: ${n.lostClear}`}` : '';
              return (
                <tr key={name}><td>{name}</td><td>{cell('file')}</td><td>{cell('index')}</td><td>{missed}</td></tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
