/**
 * The "nines" line (after Meta's Polaris: the fraction of invalidations that converged within
 * a bound, counted in nines): how many revocations took effect on every node within how
 * long, and how many lasted until the cache TTL or beyond.
 */
import type { ExperimentResult } from './experiment';

const LEVELS = [['99.9', 'p999', 0.999], ['99', 'p99', 0.99], ['90', 'p90', 0.9], ['50', 'p50', 0.5]] as const;

export function nines(r: Pick<ExperimentResult, 'convergence_ms' | 'effective_before_ttl' | 'ttl_ms'>): string {
  const rest = `${formatPct(1 - r.effective_before_ttl)} lasted until the TTL (${r.ttl_ms} ms) or longer`;
  for (const [label, key, level] of LEVELS) {
    const ms = r.convergence_ms[key];
    if (ms !== null && r.effective_before_ttl >= level) return `${label} % of revocations effective on every node within ${ms} ms; ${rest}`;
  }
  return `fewer than half of revocations effective on every node before the TTL; ${rest}`;
}

function formatPct(f: number): string {
  const p = f * 100;
  return `${p === 0 || p >= 1 ? p.toFixed(1) : p.toPrecision(2)} %`;
}
