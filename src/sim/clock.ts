/**
 * Time, injected. Everything that waits or stamps goes through a Clock,
 * so the in-process cluster can run a 20-minute TTL in microseconds with a ManualClock,
 * and a real cluster uses the SystemClock. Only src/sim/ may touch Date.now/setTimeout.
 */

export type TimerHandle = { readonly id: number };

export interface Clock {
  /** Milliseconds since an arbitrary origin; only differences are meaningful. */
  now(): number;
  setTimer(delayMs: number, fn: () => void): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

/** A real timer's handle carries its Timeout, so clearing needs no lookup table. */
type SystemTimerHandle = { readonly id: number; readonly timeout: NodeJS.Timeout };

export class SystemClock implements Clock {
  private nextId = 1;
  /** Read once: the getter costs about as much as performance.now(), and every journal event reads the clock. */
  private readonly origin = performance.timeOrigin;

  now(): number {
    return this.origin + performance.now();
  }

  setTimer(delayMs: number, fn: () => void): TimerHandle {
    // One per request a node is sent: no closure and no Map entry besides the Timeout itself.
    const handle: SystemTimerHandle = { id: this.nextId++, timeout: setTimeout(fn, Math.max(0, delayMs)) };
    return handle;
  }

  clearTimer(handle: TimerHandle): void {
    clearTimeout((handle as SystemTimerHandle).timeout);
  }
}

type ManualTimer = { id: number; due: number; fn: () => void };

/** Earlier due first; among equal due times, the one created first (lower id). */
function before(a: ManualTimer, b: ManualTimer): boolean {
  return a.due < b.due || (a.due === b.due && a.id < b.id);
}

/**
 * A binary min-heap of timers keyed (due, id): the earliest is found in O(1) and taken in
 * O(log n), so a run with thousands of pending TTL timers stays cheap. A cleared timer is
 * only forgotten in `live`; its heap slot is skipped when it reaches the top.
 */
class TimerHeap {
  private readonly items: ManualTimer[] = [];

  push(t: ManualTimer): void {
    const a = this.items;
    a.push(t);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(a[i] as ManualTimer, a[parent] as ManualTimer)) break;
      [a[i], a[parent]] = [a[parent] as ManualTimer, a[i] as ManualTimer];
      i = parent;
    }
  }

  peek(): ManualTimer | undefined {
    return this.items[0];
  }

  pop(): ManualTimer | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && before(a[l] as ManualTimer, a[m] as ManualTimer)) m = l;
        if (r < a.length && before(a[r] as ManualTimer, a[m] as ManualTimer)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m] as ManualTimer, a[i] as ManualTimer];
        i = m;
      }
    }
    return top;
  }
}

/**
 * A clock that only moves when told to. Timers fire in due order (ties in creation
 * order), each at its own due time, so a timer that schedules another one inside the
 * advanced window also fires. `nextDue()` and `advanceToNext()` let a driver run it as a
 * discrete-event simulation: when everything waits on a timer, jump to the next one.
 */
export class ManualClock implements Clock {
  private current: number;
  private readonly live = new Map<number, ManualTimer>();
  private readonly heap = new TimerHeap();
  private nextId = 1;

  constructor(startMs = 0) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimer(delayMs: number, fn: () => void): TimerHandle {
    const id = this.nextId++;
    const timer = { id, due: this.current + Math.max(0, delayMs), fn };
    this.live.set(id, timer);
    this.heap.push(timer);
    return { id };
  }

  clearTimer(handle: TimerHandle): void {
    this.live.delete(handle.id);
  }

  /** Number of timers still waiting; useful to assert nothing was left behind. */
  pendingTimers(): number {
    return this.live.size;
  }

  /** When the earliest pending timer falls due (undefined: none pending). */
  nextDue(): number | undefined {
    return this.earliest()?.due;
  }

  /**
   * Jumps to the earliest pending timer's due time and fires every timer due then (and any
   * they schedule for that same instant). False when no timer is pending: nothing moved.
   */
  advanceToNext(): boolean {
    const due = this.nextDue();
    if (due === undefined) return false;
    this.advance(due - this.current);
    return true;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`advance() needs a non-negative number of ms, got ${ms}`);
    const target = this.current + ms;
    for (;;) {
      const next = this.earliest();
      if (next === undefined || next.due > target) break;
      this.heap.pop();
      this.live.delete(next.id);
      this.current = next.due;
      next.fn();
    }
    this.current = target;
  }

  /** The earliest live timer, dropping cleared ones that reached the top of the heap. */
  private earliest(): ManualTimer | undefined {
    for (;;) {
      const top = this.heap.peek();
      if (top === undefined || this.live.has(top.id)) return top;
      this.heap.pop();
    }
  }
}
