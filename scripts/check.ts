/**
 * `npm run check -- <journal.jsonl | --url URL> [--json FILE]` — the staleness checker over
 * a journal. The logic is runCheckCli (src/check/check-cli.ts), which tests call in-process.
 */
import { runCheckCli } from '../src/check/check-cli';
import { exitWith } from './exit-with';

exitWith(
  runCheckCli(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    env: process.env,
  }),
);
