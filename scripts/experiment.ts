/**
 * `npm run experiment -- <experiment.yml> [--runs N] [--seed S] [--json FILE] [--html FILE]`
 * — many seeded runs of an experiment. The logic is runExperimentCli
 * (src/check/experiment-cli.ts), which tests call in-process.
 */
import { runExperimentCli } from '../src/check/experiment-cli';
import { exitWith } from './exit-with';

exitWith(
  runExperimentCli(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    env: process.env,
  }),
);
