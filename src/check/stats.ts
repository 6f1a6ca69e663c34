/**
 * Percentiles of measured times, nearest-rank (a value that occurred, never an
 * interpolation), with null for "not within the run" sorting above every number.
 */
export interface Percentiles {
  p50: number | null;
  p90: number | null;
  p99: number | null;
  p999: number | null;
  max: number | null;
}

export function percentiles(values: readonly (number | null)[]): Percentiles {
  const sorted = [...values].sort((a, b) => (a ?? Infinity) - (b ?? Infinity));
  const at = (p: number) => (sorted.length === 0 ? null : (sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? null));
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), p999: at(0.999), max: at(1) };
}

/** The fraction of values at or below `x` (null counts as above everything). */
export function fractionAtMost(values: readonly (number | null)[], x: number): number {
  if (values.length === 0) return 0;
  return values.filter((v) => v !== null && v <= x).length / values.length;
}
