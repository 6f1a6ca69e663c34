/**
 * The "nines" line (after Meta's Polaris: the fraction of invalidations that converged within
 * a bound, counted in nines): how many revocations took effect on every node within how
 * long, and how many lasted until the cache TTL or beyond.
 */
import type { ExperimentResult } from './experiment';

export function nines(r: Pick<ExperimentResult, 'convergence_ms' | 'effective_before_ttl' | 'effective_within_ms' | 'ttl_ms'>): string {
  const eff = r.effective_before_ttl;
  const rest = eff === 1 ? 'none lasted until the TTL' : `${formatPct(1 - eff)} lasted until the TTL (${r.ttl_ms} ms) or longer`;
  if (r.effective_within_ms === null) return `no revocation took effect on every node before the TTL (${r.ttl_ms} ms)`;
  if (eff >= 0.999 && r.convergence_ms.p999 !== null) {
    const all = eff === 1 ? ` (all within ${r.effective_within_ms} ms)` : '';
    return `99.9 % of revocations effective on every node within ${r.convergence_ms.p999} ms${all}; ${rest}`;
  }
  return `${formatPct(eff)} of revocations effective on every node within ${r.effective_within_ms} ms; ${rest}`;
}

function formatPct(f: number): string {
  const p = f * 100;
  return `${p === 0 || p >= 1 ? p.toFixed(1) : p.toPrecision(2)} %`;
}
