/**
 * Experiments by the thousand: many seeded runs of one experiment (each run its own seed,
 * derived from the experiment's seed), spread over worker threads and merged in run order,
 * then aggregated into the probabilities people ask about — the fraction of runs in which
 * the revoked token is refused everywhere t ms after the commit (Bailis et al.'s
 * probabilistically bounded staleness, as a curve over t), per node, and the distribution
 * of exposure and convergence. The same seed gives the same JSON, whatever the workers.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { SeededRandom } from '../sim/random';
import type { Experiment } from './experiment-file';
import { runOnce, type RunResult } from './run-once';
import { percentiles, type Percentiles } from './stats';

export interface ExperimentResult {
  experiment: string;
  runs: number;
  seed: number;
  nodes: number;
  ttl_ms: number;
  t_visibility: { t_ms: number; rejected_everywhere: number; rejected_per_node: Record<string, number> }[];
  exposure_ms: Percentiles;
  /** When the last node stopped accepting; null where a run had not converged by its last probe. */
  convergence_ms: Percentiles;
  /** Fraction of runs in which every node stopped accepting before the cache TTL. */
  effective_before_ttl: number;
  /** The longest convergence among those runs (null: none). */
  effective_within_ms: number | null;
  violations: number;
  /** The runs with the longest exposure, to replay alone. */
  worst_runs: { seed: number; exposure_ms: number; convergence_ms: number | null; violations: number; replay: string }[];
  runs_per_second: number;
}

/** The seed of run i (0-based) of an experiment seeded `seed`. */
export function runSeeds(seed: number, runs: number): number[] {
  const random = new SeededRandom(seed);
  return Array.from({ length: runs }, () => random.int(0x7fffffff));
}

export interface ExperimentOptions {
  runs?: number;
  seed?: number;
  /** Worker threads (default 1: this thread). Results do not depend on it. */
  workers?: number;
  /** The file name shown in replay commands. */
  file?: string;
  now?: () => number;
}

export async function runExperiment(exp: Experiment, options: ExperimentOptions = {}): Promise<ExperimentResult> {
  return (await runExperimentWithRuns(exp, options)).result;
}

/** The aggregate, and every run's own result in run order (for the report's ECDFs). */
export async function runExperimentWithRuns(exp: Experiment, options: ExperimentOptions = {}): Promise<{ result: ExperimentResult; runs: RunResult[] }> {
  const runs = options.runs ?? exp.runs;
  const seed = options.seed ?? exp.seed;
  const now = options.now ?? (() => performance.now());
  const started = now();
  const seeds = runSeeds(seed, runs);
  const workers = Math.max(1, Math.min(options.workers ?? 1, runs));
  const results = workers === 1 ? await runSeedsHere(exp, seeds) : await runSeedsInWorkers(exp, seeds, workers);
  const seconds = (now() - started) / 1000;
  const result = aggregate(exp, results, { runs, seed, file: options.file ?? `${exp.name}.yml`, runsPerSecond: seconds > 0 ? Math.round(runs / seconds) : runs });
  return { result, runs: results };
}

export async function runSeedsHere(exp: Experiment, seeds: readonly number[]): Promise<RunResult[]> {
  const out: RunResult[] = [];
  for (const s of seeds) out.push(await runOnce(exp, s));
  return out;
}

/** Contiguous slices of the seeds, one per worker; concatenated back in order. */
async function runSeedsInWorkers(exp: Experiment, seeds: number[], workers: number): Promise<RunResult[]> {
  const size = Math.ceil(seeds.length / workers);
  const slices = Array.from({ length: workers }, (_, i) => seeds.slice(i * size, (i + 1) * size)).filter((s) => s.length > 0);
  const parts = await Promise.all(slices.map((slice) => inWorker(exp, slice)));
  return parts.flat();
}

function inWorker(exp: Experiment, seeds: number[]): Promise<RunResult[]> {
  const ext = path.extname(__filename);
  const entry = path.join(__dirname, `experiment-worker${ext}`);
  const execArgv = ext === '.ts' ? ['--require', 'tsx/cjs'] : [];
  return new Promise((resolve, reject) => {
    const worker = new Worker(entry, { workerData: { exp, seeds }, execArgv });
    worker.once('message', (results: RunResult[]) => resolve(results));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`experiment worker exited with code ${code}`));
    });
  });
}

export function aggregate(exp: Experiment, results: readonly RunResult[], meta: { runs: number; seed: number; file: string; runsPerSecond: number }): ExperimentResult {
  const names = Array.from({ length: exp.nodes }, (_, i) => `node-${i + 1}`);
  const n = results.length;
  const fraction = (count: number) => (n === 0 ? 0 : round6(count / n));
  const t_visibility = exp.probesMs.map((t_ms, p) => ({
    t_ms,
    rejected_everywhere: fraction(results.filter((r) => r.rejected[p]!.every(Boolean)).length),
    rejected_per_node: Object.fromEntries(names.map((name, i) => [name, fraction(results.filter((r) => r.rejected[p]![i]).length)])),
  }));
  const ttl = exp.settings.tokenCacheTtlMs ?? 20 * 60 * 1000;
  const effective = results.map((r) => r.convergenceMs).filter((c): c is number => c !== null && c < ttl);
  const worst = [...results].sort((a, b) => b.exposureMs - a.exposureMs || (b.convergenceMs ?? Infinity) - (a.convergenceMs ?? Infinity) || a.seed - b.seed).slice(0, 5);
  return {
    experiment: exp.name,
    runs: meta.runs,
    seed: meta.seed,
    nodes: exp.nodes,
    ttl_ms: ttl,
    t_visibility,
    exposure_ms: percentiles(results.map((r) => r.exposureMs)),
    convergence_ms: percentiles(results.map((r) => r.convergenceMs)),
    effective_before_ttl: fraction(effective.length),
    effective_within_ms: effective.length === 0 ? null : effective.reduce((a, b) => Math.max(a, b), 0),
    violations: results.reduce((sum, r) => sum + r.violations, 0),
    worst_runs: worst.map((r) => ({
      seed: r.seed,
      exposure_ms: r.exposureMs,
      convergence_ms: r.convergenceMs,
      violations: r.violations,
      replay: `npm run experiment -- ${meta.file} --replay ${r.seed} --journal run-${r.seed}.jsonl`,
    })),
    runs_per_second: meta.runsPerSecond,
  };
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
