/**
 * `npm run experiment -- <experiment.yml> [--runs N] [--seed S] [--json FILE] [--html FILE]
 * [--workers N] [--replay <run seed> [--journal FILE]]`. Exit 0: no violation; 1: at
 * least one; 2: the experiment file cannot be read; 64: a usage error.
 */
import { availableParallelism } from 'node:os';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseExperiment, ExperimentFileError, type Experiment } from './experiment-file';
import { runExperimentWithRuns, type ExperimentResult } from './experiment';
import { htmlReport } from './html-report';
import { nines } from './nines';
import { runOnce } from './run-once';
import { parseCommandLine, UsageError, type CliIo } from './cli-io';

const USAGE = `Runs an experiment file many times (seeded in-process clusters on a manual clock) and
reports how long a revoked token stays usable: the t-visibility curve, exposure, violations.

Usage: npm run experiment -- <experiment.yml> [--runs N] [--seed S] [--json FILE] [--html FILE] [--workers N]
       npm run experiment -- <experiment.yml> --replay <run seed> [--journal FILE]

  --runs N, --seed S   override the file's runs and seed (run i's seed is derived from S)
  --json FILE          the results as JSON (same seed: same bytes, but runs_per_second)
  --html FILE          a self-contained report to open in a browser
  --workers N          worker threads (default: one per 2,000 runs, up to the cores); results do not depend on it
  --replay SEED        run only the run with that seed and write its journal (default run-SEED.jsonl)

Exit status: 0 no violation, 1 violations found, 2 the experiment file cannot be read, 64 usage error.
`;

interface Args {
  file: string;
  runs?: number;
  seed?: number;
  json?: string;
  html?: string;
  workers?: number;
  replay?: number;
  journal?: string;
}


function parse(argv: readonly string[]): Args | 'help' {
  const out: Partial<Args> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`option [${a}] needs a value`);
      return v;
    };
    const int = (min: number) => {
      const v = value();
      if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > 0x7fffffff) throw new UsageError(`[${a}] must be an integer from ${min} to ${0x7fffffff}, got [${v}]`);
      return Number(v);
    };
    if (a === '--help' || a === '-h') return 'help';
    else if (a === '--runs') out.runs = int(1);
    else if (a === '--seed') out.seed = int(0);
    else if (a === '--workers') out.workers = int(1);
    else if (a === '--replay') out.replay = int(0);
    else if (a === '--json') out.json = value();
    else if (a === '--html') out.html = value();
    else if (a === '--journal') out.journal = value();
    else if (a.startsWith('-')) throw new UsageError(`unknown option [${a}]; known options: --runs, --seed, --json, --html, --workers, --replay, --journal, --help`);
    else if (out.file !== undefined) throw new UsageError(`one experiment file at a time; got [${out.file}] and [${a}]`);
    else out.file = a;
  }
  if (out.file === undefined) throw new UsageError('name an experiment file, e.g. fixtures/experiments/b-deleted-token-dropped-clear.yml');
  if (out.journal !== undefined && out.replay === undefined) throw new UsageError('[--journal] goes with [--replay]');
  return out as Args;
}

export async function runExperimentCli(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseCommandLine(parse, argv, io, USAGE);
  if (typeof args === 'number') return args;
  let exp: Experiment;
  try {
    exp = parseExperiment(readFileSync(args.file, 'utf8'), path.basename(args.file).replace(/\.ya?ml$/, ''));
  } catch (err) {
    if (err instanceof ExperimentFileError || (err as NodeJS.ErrnoException).code !== undefined) {
      io.stderr(`ERROR: ${args.file}: ${(err as Error).message}\n`);
      return 2;
    }
    throw err;
  }
  if (args.replay !== undefined) return replay(exp, args.file, args.replay, args.journal ?? `run-${args.replay}.jsonl`, io);
  const runCount = args.runs ?? exp.runs;
  const workers = args.workers ?? defaultWorkers(runCount);
  const { result, runs } = await runExperimentWithRuns(exp, { runs: runCount, seed: args.seed, workers, file: args.file });
  io.stdout(formatResult(result));
  if (args.json !== undefined) writeFileSync(args.json, `${JSON.stringify(result, null, 2)}\n`);
  if (args.html !== undefined) writeFileSync(args.html, htmlReport(result, exp, runs));
  return result.violations > 0 ? 1 : 0;
}

async function replay(exp: Experiment, file: string, seed: number, journal: string, io: CliIo): Promise<number> {
  rmSync(journal, { force: true }); // the journal appends; a replay starts a fresh file
  const r = await runOnce(exp, seed, { journal });
  io.stdout(
    `run ${seed} of ${file}: exposure ${r.exposureMs} ms, convergence ${r.convergenceMs === null ? 'not by the last probe' : `${r.convergenceMs} ms`}, ${r.violations} violations\n` +
      `journal written to ${journal}; check it with: npm run check -- ${journal}\n`,
  );
  return r.violations > 0 ? 1 : 0;
}

/**
 * A worker thread costs its start-up and a cold JIT (about a second under tsx, measured),
 * while a run costs about a millisecond: more threads pay off only with thousands of runs.
 */
function defaultWorkers(runs: number): number {
  return Math.max(1, Math.min(availableParallelism(), Math.floor(runs / 2000)));
}

export function formatResult(r: ExperimentResult): string {
  const lines = [`${r.experiment}: ${r.runs} runs, seed ${r.seed}, ${r.nodes} nodes, TTL ${r.ttl_ms} ms`, '', 't after commit   rejected everywhere   per node'];
  for (const p of r.t_visibility) {
    const per = Object.values(p.rejected_per_node).map((f) => pct(f)).join(' ');
    lines.push(`${`${p.t_ms} ms`.padEnd(17)}${pct(p.rejected_everywhere).padEnd(22)}${per}`);
  }
  const ms = (x: number | null) => (x === null ? 'open' : `${x} ms`);
  const e = r.exposure_ms;
  const c = r.convergence_ms;
  lines.push(
    '',
    `exposure     p50 ${ms(e.p50)}  p90 ${ms(e.p90)}  p99 ${ms(e.p99)}  p99.9 ${ms(e.p999)}  max ${ms(e.max)}`,
    `convergence  p50 ${ms(c.p50)}  p90 ${ms(c.p90)}  p99 ${ms(c.p99)}  p99.9 ${ms(c.p999)}  max ${ms(c.max)}`,
    nines(r),
    `${r.violations} violations, ${r.runs_per_second} runs/s`,
  );
  return `${lines.join('\n')}\n`;
}

function pct(f: number): string {
  return `${(f * 100).toFixed(1)} %`;
}
