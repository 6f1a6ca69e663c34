/**
 * Work that runs outside the event loop's own turns (PBKDF2 on libuv's thread pool) and
 * that no simulated clock can hurry. A discrete-event driver of a manual clock asks
 * `realWorkInFlight()` before it jumps to the next timer: while a hash is being computed
 * the system is busy, not idle, and moving the clock then would time out a request that
 * was only waiting for a CPU. Process-wide on purpose: the thread pool is.
 */
let inFlight = 0;
let idleWaiters: (() => void)[] = [];

/** Counts `work` as in flight until it settles; returns it unchanged. */
export function trackRealWork<T>(work: Promise<T>): Promise<T> {
  inFlight++;
  const done = () => {
    inFlight--;
    if (inFlight > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  };
  work.then(done, done);
  return work;
}

/** How many tracked pieces of work have not settled yet. */
export function realWorkInFlight(): number {
  return inFlight;
}

/** Resolves when no tracked work is in flight (at once if none is). */
export function whenRealWorkIdle(): Promise<void> {
  if (inFlight === 0) return Promise.resolve();
  return new Promise((resolve) => idleWaiters.push(resolve));
}
