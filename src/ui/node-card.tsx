/**
 * One node at a glance: its status, its two caches (every entry's key, age and a bar that
 * shrinks as its time runs out), hits and removals by reason, any revoked-token alarm, and
 * the buttons that act on it through the REST API.
 */
import { call } from './api';
import { alarmText, type CacheKind, type CacheView, type NodeView } from './reducer';
import { serverNow, tick, view } from './store';

function seconds(ms: number): string {
  return ms >= 60_000 ? `${Math.floor(ms / 60_000)}m${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}s` : `${(ms / 1000).toFixed(1)}s`;
}

function CacheTable({ kind, cache, now }: { kind: CacheKind; cache: CacheView; now: number }) {
  const entries = Object.values(cache.entries).sort((a, b) => (a.key < b.key ? -1 : 1));
  const removed = Object.entries(cache.removed).filter(([, n]) => n > 0);
  return (
    <section class="cache" aria-label={kind}>
      <h4>
        {kind} <span class="muted">{entries.length} entries · {cache.hits} hits · {cache.misses} misses</span>
      </h4>
      {removed.length > 0 && <div class="muted">removed: {removed.map(([r, n]) => `${r} ${n}`).join(', ')}</div>}
      <ul class="entries">
        {entries.map((e) => {
          const total = Math.max(1, e.expiresAt - e.filledAt);
          const left = Math.max(0, e.expiresAt - now);
          return (
            <li key={e.key} title={`${e.key}: filled ${seconds(now - e.filledAt)} ago, ${seconds(left)} left, ${e.hits} hits`}>
              <span class="key">{e.key.split('/').slice(2).join('/') || e.key}</span>
              <span class="age">{seconds(Math.max(0, now - e.filledAt))}</span>
              <span class="bar" role="meter" aria-label={`time left for ${e.key}`} aria-valuemin={0} aria-valuemax={total} aria-valuenow={left}>
                <span style={{ width: `${(100 * left) / total}%` }} />
              </span>
              <span class="left">{seconds(left)}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function NodeCard({ node, compact }: { node: NodeView; compact: boolean }) {
  void tick.value; // re-render as time passes, so the bars shrink
  const now = serverNow();
  const name = node.name;
  const pause = () => call('PUT', `/_sim/faults/pause-${name}`, { type: 'pause', nodes: [name] });
  // Resume heals whichever pause fault holds this node (added here or elsewhere).
  const resume = () => {
    const held = Object.values(view.value.faults).find((f) => f.spec.type === 'pause' && (f.spec.nodes as string[] | undefined)?.includes(name));
    return call('DELETE', `/_sim/faults/${held?.id ?? `pause-${name}`}`);
  };
  return (
    <div role="group" aria-label={name} class={`card ${node.status} ${node.alarms.length > 0 ? 'alarmed' : ''}`}>
      <header>
        <strong>{name}</strong> <span class={`status ${node.status}`}>{node.status}</span>
      </header>
      {node.alarms.length > 0 && (
        <div role="alert" class="alarm">
          <strong>Revoked token accepted.</strong> {alarmText(view.value, node.alarms[node.alarms.length - 1] as NodeView['alarms'][number])}
        </div>
      )}
      {!compact && (['file', 'index'] as const).map((k) => <CacheTable key={k} kind={k} cache={node.caches[k]} now={now} />)}
      {compact && (
        <div class="muted">
          file {Object.keys(node.caches.file.entries).length} · index {Object.keys(node.caches.index.entries).length}
        </div>
      )}
      <div class="buttons">
        <button onClick={() => call('POST', `/_sim/nodes/${name}/_kill`)}>Kill</button>
        <button onClick={() => call('POST', `/_sim/nodes/${name}/_start`)}>Start</button>
        <button onClick={pause}>Pause</button>
        <button onClick={resume}>Resume</button>
      </div>
    </div>
  );
}
