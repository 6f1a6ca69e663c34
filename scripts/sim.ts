/**
 * `npm run sim -- <command> ...` — the simulator API of a running cluster from the command
 * line. The logic is runSimCli (sim/cli.ts), which tests call in-process; this entry only
 * connects it to the process: argv, env, output, and Ctrl-C (which ends `events --follow`).
 */
import { exitWith } from './exit-with';
import { runSimCli } from './sim/cli';

const interrupt = new AbortController();
process.once('SIGINT', () => interrupt.abort());

exitWith(
  runSimCli(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    env: process.env,
    signal: interrupt.signal,
  }),
);
