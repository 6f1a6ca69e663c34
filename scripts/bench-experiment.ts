/**
 * `npm run bench:experiment` — how fast experiments run: 1,000 runs of a 5-node deletion
 * experiment with an exponential delay on every clear (fixtures/experiments/
 * delay-exponential.yml), on worker threads (default: every core) and on one thread, and
 * where one run's time goes (cluster creation and stop, against the whole run).
 * Target: 1,000 runs in ≤ 10 s. Exit code 1 if missed.
 *
 * Compiled code (dist/, built by prebench), so workers start without tsx.
 * Flags: --runs N (default 1000)   --workers N (default: cores)
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type * as ExperimentModule from '../src/check/experiment';
import type * as FileModule from '../src/check/experiment-file';
import type * as RunModule from '../src/check/run-once';
import type * as CoordinatorModule from '../src/coordinator/start-coordinator';
import { parseArgs, positiveInt } from './bench-support/args';

// Compiled code, typed by the sources it was compiled from: a .ts import would run through tsx.
const dist = (file: string) => require(path.join(__dirname, '..', 'dist', file)) as unknown;
const { runExperiment } = dist('check/experiment.js') as typeof ExperimentModule;
const { parseExperiment } = dist('check/experiment-file.js') as typeof FileModule;
const { runOnce, prepareExperimentProcess } = dist('check/run-once.js') as typeof RunModule;
const { startCoordinator } = dist('coordinator/start-coordinator.js') as typeof CoordinatorModule;

const FILE = path.join(__dirname, '..', 'fixtures', 'experiments', 'delay-exponential.yml');
const TARGET_S = 10;

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2), ['--runs', '--workers']);
  const runs = args['--runs'] === undefined ? 1000 : positiveInt('--runs', args['--runs']);
  const workers = args['--workers'] === undefined ? availableParallelism() : positiveInt('--workers', args['--workers']);
  const exp = parseExperiment(readFileSync(FILE, 'utf8'), 'delay-exponential');
  process.stdout.write(`${runs} runs of ${path.relative(process.cwd(), FILE)} (${exp.nodes} nodes, delete-index-token, exponential delay on clears)\n\n`);

  const breakdown = await whereTimeGoes(exp, 200);
  process.stdout.write(
    `one run (one thread, mean of 200): ${breakdown.runMs.toFixed(2)} ms, of which cluster create + stop ${breakdown.clusterMs.toFixed(2)} ms\n`,
  );
  const timed = async (w: number) => {
    const t0 = performance.now();
    const result = await runExperiment(exp, { runs, workers: w });
    return { seconds: (performance.now() - t0) / 1000, result };
  };
  const one = await timed(1);
  const many = await timed(workers);
  const same = JSON.stringify({ ...one.result, runs_per_second: 0 }) === JSON.stringify({ ...many.result, runs_per_second: 0 });
  process.stdout.write(
    [
      '',
      `| threads | ${runs} runs | runs/s | target |`,
      '|---|---|---|---|',
      `| 1 | ${one.seconds.toFixed(2)} s | ${Math.round(runs / one.seconds)} | |`,
      `| ${workers} (worker threads) | ${many.seconds.toFixed(2)} s | ${Math.round(runs / many.seconds)} | ≤ ${TARGET_S} s: ${many.seconds <= TARGET_S ? 'PASS' : 'FAIL'} |`,
      '',
      `results identical across thread counts: ${same ? 'yes' : 'NO'}`,
      '',
    ].join('\n'),
  );
  return many.seconds <= TARGET_S && same ? 0 : 1;
}

async function whereTimeGoes(exp: FileModule.Experiment, n: number): Promise<{ runMs: number; clusterMs: number }> {
  await prepareExperimentProcess();
  for (let i = 0; i < 20; i++) await runOnce(exp, i); // warm up
  let t0 = performance.now();
  for (let i = 0; i < n; i++) await runOnce(exp, i);
  const runMs = (performance.now() - t0) / n;
  t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const cluster = await startCoordinator({ nodes: exp.nodes, seed: i });
    await cluster.stop();
  }
  return { runMs, clusterMs: (performance.now() - t0) / n };
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
