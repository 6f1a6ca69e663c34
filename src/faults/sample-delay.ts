/**
 * One delay drawn from a fault's delay distribution, with the cluster's seeded Random: the
 * same seed and the same steps give the same delays, for messages and requests alike.
 */
import type { Random } from '../sim/random';
import type { DelaySpec } from './fault-table';

export function sampleDelay(d: DelaySpec, random: Random): number {
  const jitter = d.jitter_ms > 0 ? random.next() * d.jitter_ms : 0;
  switch (d.distribution) {
    case 'fixed':
      return d.ms + jitter;
    case 'uniform':
      return d.min_ms + random.next() * (d.max_ms - d.min_ms) + jitter;
    case 'exponential':
      return -d.mean_ms * Math.log(1 - random.next()) + jitter;
  }
}
