/**
 * Replay of a `--journal` file: the picture at any point is the reducer folded over the
 * events up to it, nothing else. Play moves through journal time at 0.1× to 100×; step and
 * "next violation" move by events; the slider jumps anywhere (from the nearest checkpoint).
 */
import { signal } from '@preact/signals';
import { initialState, parseJournal, reduceAll, type ViewState } from './reducer';
import type { JournalEntry } from './journal-types';
import { mode, pageNow, startLive, stopLive, view } from './store';

const CHECKPOINT_EVERY = 500;

export const replay = signal<{ name: string; entries: JournalEntry[]; at: number; playing: boolean; speed: number; error: string | null } | null>(null);
let checkpoints: ViewState[] = [];
let timer = 0;

/** The state after the first `at` entries. */
function stateAt(entries: JournalEntry[], at: number): ViewState {
  const k = Math.min(Math.floor(at / CHECKPOINT_EVERY), checkpoints.length - 1);
  return reduceAll(checkpoints[k] as ViewState, entries.slice(k * CHECKPOINT_EVERY, at));
}

export function openJournal(name: string, text: string): void {
  stopLive();
  let entries: JournalEntry[];
  try {
    entries = parseJournal(text);
  } catch (err) {
    replay.value = { name, entries: [], at: 0, playing: false, speed: 1, error: String(err instanceof Error ? err.message : err) };
    return;
  }
  checkpoints = [initialState()];
  for (let i = CHECKPOINT_EVERY; i <= entries.length; i += CHECKPOINT_EVERY) {
    checkpoints.push(reduceAll(checkpoints[checkpoints.length - 1] as ViewState, entries.slice(i - CHECKPOINT_EVERY, i)));
  }
  mode.value = 'replay';
  replay.value = { name, entries, at: 0, playing: false, speed: 1, error: null };
  seek(0);
}

export function seek(at: number): void {
  const r = replay.value;
  if (r === null) return;
  const clamped = Math.max(0, Math.min(r.entries.length, at));
  replay.value = { ...r, at: clamped };
  view.value = stateAt(r.entries, clamped);
}

export function nextViolation(): void {
  const r = replay.value;
  if (r === null) return;
  let s = view.value;
  for (let i = r.at; i < r.entries.length; i++) {
    const before = s.alarms.length;
    s = reduceAll(s, [r.entries[i] as JournalEntry]);
    if (s.alarms.length > before) {
      replay.value = { ...r, at: i + 1, playing: false };
      view.value = s;
      return;
    }
  }
  seek(r.entries.length);
}

export function setPlaying(playing: boolean): void {
  const r = replay.value;
  if (r === null) return;
  replay.value = { ...r, playing };
  cancelAnimationFrame(timer);
  if (!playing) return;
  let last = pageNow();
  let cursor = r.entries[r.at - 1]?.time_ms ?? r.entries[0]?.time_ms ?? 0;
  const step = () => {
    const cur = replay.value;
    if (cur === null || !cur.playing) return;
    const now = pageNow();
    cursor += (now - last) * cur.speed;
    last = now;
    let at = cur.at;
    while (at < cur.entries.length && (cur.entries[at] as JournalEntry).time_ms <= cursor) at++;
    if (at !== cur.at) {
      replay.value = { ...cur, at };
      view.value = reduceAll(view.value, cur.entries.slice(cur.at, at));
    }
    if (at >= cur.entries.length) replay.value = { ...replay.value!, playing: false };
    else timer = requestAnimationFrame(step);
  };
  timer = requestAnimationFrame(step);
}

export function backToLive(): void {
  setPlaying(false);
  replay.value = null;
  void startLive();
}

const SPEEDS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 25, 50, 100];

export function ReplayBar() {
  const r = replay.value;
  const onFile = async (e: Event) => {
    const file = (e.currentTarget as HTMLInputElement).files?.[0];
    if (file !== undefined) openJournal(file.name, await file.text());
  };
  return (
    <section aria-label="Replay" class="panel replay">
      <label>
        Open journal <input type="file" accept=".jsonl,.json,.log,.txt,application/json" onChange={onFile} />
      </label>
      {r?.error != null && <span role="alert" class="alarm"> {r.error}</span>}
      {r !== null && r.error === null && (
        <span class="controls">
          {' '}
          <strong>{r.name}</strong> event {r.at} of {r.entries.length}
          {r.at > 0 && ` (#${(r.entries[r.at - 1] as JournalEntry).seq})`}{' '}
          <button onClick={() => setPlaying(!r.playing)}>{r.playing ? 'Pause' : 'Play'}</button>{' '}
          <button onClick={() => seek(r.at + 1)}>Step</button>{' '}
          <button onClick={nextViolation}>Next violation</button>{' '}
          <label>
            speed{' '}
            <select value={r.speed} onChange={(e) => (replay.value = { ...r, speed: Number(e.currentTarget.value) })}>
              {SPEEDS.map((s) => <option key={s} value={s}>{s}×</option>)}
            </select>
          </label>{' '}
          <label>
            time <input type="range" min={0} max={r.entries.length} value={r.at} onInput={(e) => seek(Number(e.currentTarget.value))} style={{ width: '260px' }} />
          </label>{' '}
          <button onClick={backToLive}>Back to live</button>
        </span>
      )}
    </section>
  );
}
