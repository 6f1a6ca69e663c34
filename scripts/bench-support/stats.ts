/**
 * Latency statistics for benchmarks. Samples are in microseconds (µs) everywhere, because
 * the things measured here (one HTTP request, one IPC round trip) take 40 µs – 10 ms and
 * whole milliseconds would hide the differences we care about.
 */

export interface LatencySummary {
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
}

/**
 * Nearest-rank percentile of an ascending array: no interpolation, so the value is always
 * a latency that was actually observed (interpolating p99 of 500 samples invents numbers).
 */
export function percentile(sortedUs: readonly number[], p: number): number {
  if (sortedUs.length === 0) throw new Error('percentile of no samples');
  const rank = Math.ceil((p / 100) * sortedUs.length);
  const index = Math.min(sortedUs.length - 1, Math.max(0, rank - 1));
  return sortedUs[index] as number;
}

export function summarize(samplesUs: readonly number[]): LatencySummary {
  const sorted = [...samplesUs].sort((a, b) => a - b);
  const sum = sorted.reduce((acc, v) => acc + v, 0);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: sum / sorted.length,
    min: sorted[0] ?? 0,
    max: sorted[sorted.length - 1] ?? 0,
  };
}

/** Microseconds since `startNs` (a process.hrtime.bigint() reading). */
export function elapsedUs(startNs: bigint): number {
  return Number(process.hrtime.bigint() - startNs) / 1000;
}

/** 123.4 µs → "123 µs"; 2345.6 µs → "2.35 ms": short enough for a table cell. */
export function formatUs(us: number): string {
  if (us < 1000) return `${us.toFixed(0)} µs`;
  return `${(us / 1000).toFixed(2)} ms`;
}
