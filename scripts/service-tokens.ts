/**
 * `npm run service-tokens -- <command> ...` — Elasticsearch's bin/elasticsearch-service-tokens
 * for the simulator's nodes. The logic is runServiceTokensCli (service-tokens/cli.ts), which
 * tests call in-process; this entry only connects it to the process.
 */
import { exitWith } from './exit-with';
import { runServiceTokensCli } from './service-tokens/cli';

exitWith(
  runServiceTokensCli(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
  }),
);
