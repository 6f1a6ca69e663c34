/**
 * `npm run scenario -- <file.yml>... [--url URL] [--seed N] [--nodes N] [--journal FILE]
 * [--json FILE]`: runs scenario files on a fresh seeded in-process cluster each (the
 * default) or against a running cluster, prints one line per test and a summary, and
 * exits 0 (nothing failed), 1 (a test failed) or 2 (a file could not be read, parsed or
 * names an unknown API; or the command line is wrong). scripts/scenario.ts is its entry.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { randomSeed } from '../sim/random';
import type { CreateClusterOptions } from '../library';
import { loadScenario, type LoadedScenario } from './load';
import { ScenarioSyntaxError } from './parse';
import { fileHeader, summaryLine, testLines, totals } from './report';
import { runFile, type FileResult } from './runner';
import { InProcessTarget, UrlTarget, type Credentials, type Target } from './targets';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
}

interface Options {
  files: string[];
  url?: string;
  seed?: number;
  nodes?: number;
  journal?: string;
  json?: string;
  user: string;
  password: string;
}

export const USAGE = `usage: npm run scenario -- <file.yml>... [--url URL] [--seed N] [--nodes N] [--journal FILE] [--json FILE] [--user U] [--password P]
  default: each file on a fresh in-process cluster with a manual clock (3 nodes, the seed printed)
  --url URL       run against a running cluster (npm start) or a real Elasticsearch instead
  --user/--password  its superuser (default elastic / $ELASTIC_PASSWORD or changeme)
  --journal FILE  the run's events as JSON lines;  --json FILE  the results as JSON
exit status: 0 nothing failed, 1 a test failed, 2 a file or the command line is wrong
`;

const VALUE_FLAGS = ['--url', '--seed', '--nodes', '--journal', '--json', '--user', '--password'];

function parseArgs(argv: string[], env: NodeJS.ProcessEnv): Options | string {
  const o: Options = { files: [], user: 'elastic', password: env.ELASTIC_PASSWORD ?? 'changeme' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) {
      o.files.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (!VALUE_FLAGS.includes(flag)) return `unknown option [${arg}]; options: ${VALUE_FLAGS.join(', ')}`;
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) return `option [${flag}] needs a value`;
    if (flag === '--seed' || flag === '--nodes') {
      const max = flag === '--seed' ? 0x7fffffff : 100;
      if (!/^\d+$/.test(value) || Number(value) > max || (flag === '--nodes' && Number(value) < 1)) return `option [${flag}] must be a whole number${flag === '--nodes' ? ' from 1 to 100' : ` from 0 to ${max}`}, got [${value}]`;
      o[flag === '--seed' ? 'seed' : 'nodes'] = Number(value);
    } else {
      o[flag.slice(2) as 'url' | 'journal' | 'json' | 'user' | 'password'] = value;
    }
  }
  if (o.files.length === 0) return 'no scenario file given';
  if (o.url !== undefined && (o.seed !== undefined || o.nodes !== undefined)) return '--seed and --nodes shape the in-process cluster; with --url the cluster is the one running there';
  return o;
}

export async function runScenarioCli(argv: string[], io: CliIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(USAGE);
    return 0;
  }
  const parsed = parseArgs(argv, io.env);
  if (typeof parsed === 'string') {
    io.stderr(`ERROR: ${parsed}\n${USAGE}`);
    return 2;
  }
  const loaded: LoadedScenario[] = [];
  for (const file of parsed.files) {
    try {
      loaded.push(loadScenario(file));
    } catch (err) {
      if (!(err instanceof ScenarioSyntaxError)) throw err;
      io.stderr(`ERROR: ${err.message}\n`);
      return 2;
    }
  }
  const credentials: Credentials = { user: parsed.user, password: parsed.password };
  const seed = parsed.seed ?? randomSeed();
  if (parsed.journal !== undefined) writeFileSync(parsed.journal, '');
  let remote: Target | undefined;
  if (parsed.url !== undefined) {
    try {
      remote = await UrlTarget.connect(parsed.url, credentials);
    } catch (err) {
      io.stderr(`ERROR: cannot reach [${parsed.url}]: ${(err as Error).cause ?? (err as Error).message}\n`);
      return 1;
    }
  } else {
    io.stdout(`seed: ${seed} (replay with --seed ${seed})\n`);
  }
  const results: FileResult[] = [];
  for (const { scenario, overrides } of loaded) {
    const options: CreateClusterOptions = { seed, ...(parsed.nodes === undefined ? {} : { nodes: parsed.nodes }), ...(overrides.cluster as CreateClusterOptions | undefined), journal: parsed.journal, elasticPassword: parsed.password };
    const target = remote ?? (await InProcessTarget.start(options, credentials));
    const before = remote !== undefined && parsed.journal !== undefined ? await remote.journalSeq() : 0;
    try {
      io.stdout(`${fileHeader({ file: scenario.file, target: target.description })}\n`);
      const result = await runFile(scenario, target, overrides);
      for (const t of result.tests) io.stdout(`${testLines(t).join('\n')}\n`);
      results.push(result);
      if (remote !== undefined && parsed.journal !== undefined) {
        for (const e of await remote.journalSince(before)) appendFileSync(parsed.journal, `${JSON.stringify(e)}\n`);
      }
    } finally {
      if (remote === undefined) await target.close();
    }
  }
  const sum = totals(results);
  io.stdout(`${summaryLine(sum)}\n`);
  if (parsed.json !== undefined) {
    const target = remote?.description ?? 'in-process';
    writeFileSync(parsed.json, `${JSON.stringify({ target, seed: remote === undefined ? seed : null, files: results, ...sum }, null, 2)}\n`);
  }
  return sum.failed > 0 ? 1 : 0;
}
