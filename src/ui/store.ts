/**
 * The page's state: one ViewState signal, fed either by the live cluster (snapshot, then the
 * event stream) or by a replayed journal, always through the same reducer. Live events are
 * queued and folded once per animation frame, so 1,000 events a second cost one render
 * each frame, not one per event.
 */
import { signal } from '@preact/signals';
import { fromSnapshot, initialState, reduceAll, type Snapshot, type ViewState } from './reducer';
import type { JournalEntry } from './journal-types';

export const view = signal<ViewState>(initialState());
export const mode = signal<'live' | 'replay'>('live');
export const connection = signal<'connecting' | 'live' | 'reconnecting' | 'closed'>('connecting');
/** Server time minus page time, learned from the snapshot (the journal is stamped by the server's clock). */
export const clockOffset = signal(0);
/** Ticks a few times a second so the time-left bars shrink between events. */
export const tick = signal(0);

/** The page's own time source (real time is inherent to a live dashboard). */
export const pageNow = (): number => Date.now();
export const serverNow = (): number => (mode.value === 'live' ? pageNow() + clockOffset.value : view.value.time_ms);

/**
 * For bench:ui: how long each event took from the server's journal to the painted page, by
 * the page's own clock (the bench runs server and browser on one machine, one clock).
 */
export const latencies: number[] = [];
(globalThis as { __uiLatencies?: number[] }).__uiLatencies = latencies;

let queue: JournalEntry[] = [];
let frame = 0;
let source: EventSource | null = null;

function flush(): void {
  frame = 0;
  const batch = queue;
  queue = [];
  if (mode.value !== 'live') return;
  view.value = reduceAll(view.value, batch);
  // Measured after the frame is painted: the next frame starts once this one is on screen.
  requestAnimationFrame(() => {
    const now = pageNow();
    for (const e of batch) latencies.push(now - e.time_ms);
    if (latencies.length > 100_000) latencies.splice(0, latencies.length - 100_000);
  });
}

function enqueue(entry: JournalEntry): void {
  queue.push(entry);
  if (frame === 0) frame = requestAnimationFrame(flush);
}

export async function startLive(): Promise<void> {
  stopLive();
  mode.value = 'live';
  connection.value = 'connecting';
  const res = await fetch('/_sim/snapshot', { credentials: 'same-origin' });
  if (!res.ok) {
    connection.value = 'closed';
    throw new Error(`GET /_sim/snapshot answered ${res.status}: ${await res.text()}`);
  }
  const snap = (await res.json()) as Snapshot;
  clockOffset.value = snap.cluster.time_ms - pageNow();
  view.value = fromSnapshot(snap);
  source = new EventSource(`/_sim/events/stream?since=${snap.journal.next - 1}`);
  source.onopen = () => (connection.value = 'live');
  source.onerror = () => (connection.value = source?.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
  source.onmessage = (m) => enqueue(JSON.parse(m.data as string) as JournalEntry);
}

export function stopLive(): void {
  source?.close();
  source = null;
  queue = [];
  connection.value = 'closed';
}

setInterval(() => (tick.value = tick.value + 1), 250);
