/**
 * `npm run scenario -- <file.yml>...` — runs scenario files (Elasticsearch's YAML REST-test
 * dialect plus sim.* steps). The logic is runScenarioCli (src/scenario/cli.ts), which tests
 * call in-process; this entry only connects it to argv, env and the output streams.
 */
import { runScenarioCli } from '../src/scenario/cli';
import { exitWith } from './exit-with';

exitWith(
  runScenarioCli(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    env: process.env,
  }),
);
