/**
 * The timeline, drawn on a canvas (thousands of items redrawn each frame would be slow as
 * SVG): a lane for the coordinator, each node and the security index; requests as arrows
 * from the coordinator to a node (a dropped one ends in ×, a delayed one is drawn dashed and
 * stretches to its late arrival); fault intervals shaded; cache fills and removals marked;
 * alarms in red. With many nodes, neighbouring nodes share a lane.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { alarmText, type Mark, type MessageView, type ViewState } from './reducer';
import { INDEX_LANE, lanes } from './lanes';
import { serverNow, tick, view } from './store';

export interface Filters {
  token: string;
  node: string;
  type: string;
}

export const EVENT_GROUPS: Record<string, (type: string) => boolean> = {
  all: () => true,
  messages: (t) => t.startsWith('message.'),
  cache: (t) => t.startsWith('cache.'),
  authentication: (t) => t === 'token.authenticated',
  tokens: (t) => t === 'token.created' || t === 'token.deleted',
  nodes: (t) => t.startsWith('node.') || t.startsWith('file.') || t === 'index.state',
  faults: (t) => t.startsWith('fault.') || t === 'rest.fault',
  alarms: (t) => t === 'alarm',
};

const COLORS: Record<string, string> = { 'cache.filled': '#2e7d32', 'cache.removed': '#c62828', 'cache.cleared': '#ef6c00', 'token.authenticated': '#1565c0', alarm: '#d50000' };

function draw(canvas: HTMLCanvasElement, s: ViewState, f: Filters, windowMs: number, now: number): void {
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  const { labels, laneOf } = lanes(f.node === '' ? s.nodeOrder : [f.node]);
  const dpr = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const laneH = labels.length > 12 ? 16 : 28;
  const height = labels.length * laneH + 20;
  if (canvas.width !== width * dpr || canvas.height !== height * dpr) {
    canvas.width = width * dpr;
    canvas.height = height * dpr;
    canvas.style.height = `${height}px`;
  }
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const left = 130;
  const from = now - windowMs;
  const x = (t: number) => left + ((t - from) / windowMs) * (width - left - 10);
  const y = (lane: number) => 10 + lane * laneH + laneH / 2;
  ctx.font = '11px system-ui, sans-serif';
  labels.forEach((label, i) => {
    ctx.fillStyle = '#555';
    ctx.fillText(label.length > 20 ? `${label.slice(0, 19)}…` : label, 4, y(i) + 4);
    ctx.strokeStyle = '#ddd';
    ctx.beginPath();
    ctx.moveTo(left, y(i));
    ctx.lineTo(width - 10, y(i));
    ctx.stroke();
  });
  const nodeOk = (n: string) => f.node === '' || n === f.node;
  if (f.type === 'all' || f.type === 'faults') {
    for (const fault of s.faultHistory) {
      const to = fault.to ?? now;
      if (to < from) continue;
      const nodes = (fault.spec.nodes as string[] | undefined) ?? [];
      const target = fault.spec.type === 'security-index' ? [INDEX_LANE] : nodes.length === 0 ? s.nodeOrder : nodes;
      ctx.fillStyle = 'rgba(255, 160, 0, 0.18)';
      for (const n of target.filter(nodeOk)) ctx.fillRect(x(Math.max(from, fault.from)), y(laneOf(n)) - laneH / 2, x(to) - x(Math.max(from, fault.from)), laneH);
    }
  }
  const typeOk = EVENT_GROUPS[f.type] ?? EVENT_GROUPS.all!;
  if (f.token === '' && typeOk('message.sent')) {
    for (const m of s.messages) drawMessage(ctx, m, from, now, x, y, laneOf, nodeOk);
  }
  for (const m of s.marks) {
    if (m.time_ms < from || !typeOk(m.type) || !nodeOk(m.lane) && m.lane !== INDEX_LANE) continue;
    if (f.token !== '' && !(m.token ?? '').includes(f.token)) continue;
    drawMark(ctx, m, x(m.time_ms), y(laneOf(m.lane)));
  }
}

function drawMessage(ctx: CanvasRenderingContext2D, m: MessageView, from: number, now: number, x: (t: number) => number, y: (l: number) => number, laneOf: (n: string) => number, nodeOk: (n: string) => boolean): void {
  const end = m.endAt ?? now;
  if (end < from || !nodeOk(m.node)) return;
  const [a, b] = m.kind === 'token-lookup' ? [laneOf(m.node), laneOf(INDEX_LANE)] : [0, laneOf(m.node)];
  const x0 = x(m.sentAt);
  const y0 = y(a);
  let x1 = x(end);
  let y1 = y(b);
  if (m.fate === 'dropped') {
    // Lost on the way: the arrow stops short of its lane.
    x1 = Math.max(x1, x0 + 8);
    y1 = y0 + (y1 - y0) * 0.6;
  }
  ctx.strokeStyle = m.fate === 'dropped' || m.fate === 'timed_out' ? '#c62828' : m.fate === 'failed' ? '#ad1457' : m.delayed ? '#ef6c00' : '#90a4ae';
  ctx.setLineDash(m.delayed ? [4, 3] : []);
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
  ctx.setLineDash([]);
  if (m.fate === 'dropped') {
    ctx.beginPath();
    ctx.moveTo(x1 - 4, y1 - 4);
    ctx.lineTo(x1 + 4, y1 + 4);
    ctx.moveTo(x1 + 4, y1 - 4);
    ctx.lineTo(x1 - 4, y1 + 4);
    ctx.stroke();
  } else if (m.fate !== 'pending') {
    ctx.fillStyle = ctx.strokeStyle;
    ctx.beginPath();
    ctx.arc(x1, y1, 2, 0, Math.PI * 2);
    ctx.fill();
  }
}

function drawMark(ctx: CanvasRenderingContext2D, m: Mark, x: number, y: number): void {
  ctx.fillStyle = COLORS[m.type] ?? '#6d4c41';
  if (m.type === 'alarm') {
    ctx.beginPath();
    ctx.moveTo(x, y - 9);
    ctx.lineTo(x + 7, y + 5);
    ctx.lineTo(x - 7, y + 5);
    ctx.fill();
    return;
  }
  ctx.fillRect(x - 1.5, y - 6, 3, 12);
}

export function Timeline() {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [filters, setFilters] = useState<Filters>({ token: '', node: '', type: 'all' });
  const [windowMs, setWindowMs] = useState(10_000);
  const s = view.value;
  void tick.value;
  const now = serverNow();
  useEffect(() => {
    if (canvas.current !== null) draw(canvas.current, s, filters, windowMs, now);
  });
  const set = (k: keyof Filters) => (e: Event) => setFilters({ ...filters, [k]: (e.currentTarget as HTMLInputElement).value });
  const typeOk = EVENT_GROUPS[filters.type] ?? (() => true);
  const recent = s.recent
    .filter((e) => typeOk(e.event.type))
    .filter((e) => filters.node === '' || (e.event as { node?: string }).node === filters.node)
    .filter((e) => filters.token === '' || JSON.stringify(e.event).includes(filters.token))
    .slice(-12)
    .reverse();
  return (
    <section aria-label="Timeline" class="panel timeline">
      <h3>Timeline</h3>
      <div class="filters">
        <label>token <input value={filters.token} onInput={set('token')} placeholder="name" size={16} /></label>{' '}
        <label>
          node{' '}
          <select value={filters.node} onChange={set('node')}>
            <option value="">all</option>
            {s.nodeOrder.map((n) => <option key={n}>{n}</option>)}
          </select>
        </label>{' '}
        <label>
          events{' '}
          <select value={filters.type} onChange={set('type')}>
            {Object.keys(EVENT_GROUPS).map((g) => <option key={g}>{g}</option>)}
          </select>
        </label>{' '}
        <label>
          window{' '}
          <select value={windowMs} onChange={(e) => setWindowMs(Number(e.currentTarget.value))}>
            {[2_000, 10_000, 60_000, 600_000].map((w) => <option key={w} value={w}>{w / 1000} s</option>)}
          </select>
        </label>
      </div>
      <canvas ref={canvas} role="img" aria-label={`timeline of the last ${windowMs / 1000} s: ${s.alarms.length} alarms`} style={{ width: '100%' }} />
      {s.alarms.length > 0 && (
        <ul aria-label="Alarms" class="alarms">
          {s.alarms.slice(-5).reverse().map((a) => <li key={`${a.seq} ${a.acceptance.revocation}`}>#{a.seq} {alarmText(s, a)}</li>)}
        </ul>
      )}
      <ol aria-label="Recent events" class="recent">
        {recent.map((e) => (
          <li key={e.seq} data-seq={e.seq}>
            #{e.seq} {e.event.type} {Object.entries(e.event).filter(([k]) => k !== 'type').map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ')}
          </li>
        ))}
      </ol>
    </section>
  );
}
