/**
 * Warm-up until steady, for every subject of a latency benchmark.
 *
 * V8 compiles a function with its optimizing tier only after it has run many times, and a
 * node process runs its per-message code once per clear: a fresh 50-node cluster's clears
 * take about three times their steady latency for the first ~2,000 (measured on 2 cores:
 * p50 6.1 → 2.0 ms and each node's CPU per clear 172 → 49 µs over 5,000 clears, in blocks
 * of 500). A fixed warm-up of 200 requests therefore measured the compiler, not the code,
 * and the echo children of the fan-out baseline warm up faster than real nodes (their
 * per-message code is a few lines), which made the gap look like ours. So each subject runs
 * blocks of requests until its p50 stops improving, and the first block is kept as the
 * "fresh" figure.
 */
import { summarize } from './stats';

export interface WarmUpPlan {
  /** Requests per block; one p50 per block. */
  readonly blockSize: number;
  /** Never stop before this many requests. */
  readonly minRequests: number;
  /** Stop here even if the p50 still improves (reported as not settled). */
  readonly maxRequests: number;
  /** Steady: the median p50 of the last `stableBlocks` blocks is not below that of the `stableBlocks` before them by more than `tolerance`. */
  readonly stableBlocks: number;
  readonly tolerance: number;
}

/**
 * At least 5,000 requests: in the measurements above steady state came after 3,000–5,000
 * clears at 3, 10 and 50 nodes alike (V8 counts a node's messages, not the cluster's), and
 * a p50 still falling by a few percent per block can look flat to any test over a few noisy blocks.
 */
export const DEFAULT_WARM_UP: WarmUpPlan = { blockSize: 250, minRequests: 5000, maxRequests: 20_000, stableBlocks: 4, tolerance: 0.03 };

export interface WarmUpResult {
  /** Requests run before measuring. */
  readonly requests: number;
  /** p50 of each block, µs, in order. */
  readonly blockP50s: readonly number[];
  /** False when maxRequests ended the warm-up. */
  readonly settled: boolean;
}

/**
 * Whether a series of block p50s has stopped improving: the median of the last
 * `stableBlocks` is not below (1 - tolerance) × the median of the `stableBlocks` before them
 * (medians, so one lucky or unlucky block decides nothing).
 */
export function isSteady(blockP50s: readonly number[], stableBlocks: number, tolerance: number): boolean {
  if (blockP50s.length < 2 * stableBlocks) return false;
  const recent = blockP50s.slice(-stableBlocks);
  const before = blockP50s.slice(-2 * stableBlocks, -stableBlocks);
  return summarize(recent).p50 >= summarize(before).p50 * (1 - tolerance);
}

/** Runs `runBlock(blockSize)` (which returns its µs samples) until the subject is steady. */
export async function warmUntilSteady(runBlock: (requests: number) => Promise<readonly number[]>, plan: WarmUpPlan = DEFAULT_WARM_UP): Promise<WarmUpResult> {
  const blockP50s: number[] = [];
  let requests = 0;
  while (requests < plan.maxRequests) {
    const samples = await runBlock(plan.blockSize);
    requests += samples.length;
    blockP50s.push(summarize(samples).p50);
    if (requests >= plan.minRequests && isSteady(blockP50s, plan.stableBlocks, plan.tolerance)) return { requests, blockP50s, settled: true };
  }
  return { requests, blockP50s, settled: false };
}

