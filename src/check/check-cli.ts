/**
 * `npm run check -- <journal.jsonl | --url URL> [--json FILE] [--ttl-ms N]`: the checker
 * from the command line. Exit 0: no violation; 1: at least one; 2: the journal cannot be
 * read; 64: a usage error (as the other CLIs).
 */
import { writeFileSync } from 'node:fs';
import type { JournalEntry } from '../observe/journal';
import { checkJournal, formatCheck } from './check-journal';
import { EXIT_OK, parseCommandLine, UsageError, type CliIo } from './cli-io';
import { fetchJournal, JournalReadError, readJournalFile } from './read-journal';

export const EXIT_VIOLATION = 1;
export const EXIT_UNREADABLE = 2;

const USAGE = `Checks a journal for stale token acceptance: every revocation, each node's exposure and
convergence windows (from the revocation's commit), their causes and bounds, and violations.

Usage: npm run check -- <journal.jsonl> [--json FILE] [--ttl-ms N]
       npm run check -- --url http://127.0.0.1:9200 [--user elastic] [--json FILE]

  <journal.jsonl>   a --journal file (one entry per line), of a cluster, a scenario or a replay
  --url URL         read GET /_sim/events of a running cluster (password: $ELASTIC_PASSWORD or changeme)
  --json FILE       also write the whole report as JSON
  --ttl-ms N        the token cache TTL, when the journal does not say (default 1200000)

Exit status: 0 no violation, 1 violations found, 2 the journal cannot be read, 64 usage error.
`;

interface CheckArgs {
  file?: string;
  url?: string;
  user: string;
  json?: string;
  ttlMs?: number;
}


function parse(argv: readonly string[]): CheckArgs | 'help' {
  const args: CheckArgs = { user: 'elastic' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`option [${a}] needs a value`);
      return v;
    };
    if (a === '--help' || a === '-h') return 'help';
    else if (a === '--url') args.url = value();
    else if (a === '--user') args.user = value();
    else if (a === '--json') args.json = value();
    else if (a === '--ttl-ms') {
      const v = value();
      if (!/^\d+$/.test(v)) throw new UsageError(`[--ttl-ms] must be a non-negative integer, got [${v}]`);
      args.ttlMs = Number(v);
    } else if (a.startsWith('-')) throw new UsageError(`unknown option [${a}]; known options: --url, --user, --json, --ttl-ms, --help`);
    else if (args.file !== undefined) throw new UsageError(`one journal at a time; got [${args.file}] and [${a}]`);
    else args.file = a;
  }
  if ((args.file === undefined) === (args.url === undefined)) throw new UsageError('give one journal: a file, or --url of a running cluster');
  if (args.url !== undefined && /\/\/[^/]*@/.test(args.url)) throw new UsageError('the URL must not carry credentials; use --user and $ELASTIC_PASSWORD');
  return args;
}

export async function runCheckCli(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseCommandLine(parse, argv, io, USAGE);
  if (typeof args === 'number') return args;
  let entries: JournalEntry[];
  try {
    entries =
      args.file !== undefined
        ? readJournalFile(args.file)
        : await fetchJournal(args.url!, { user: args.user, password: io.env?.ELASTIC_PASSWORD ?? 'changeme' }, io.fetch);
  } catch (err) {
    if (!(err instanceof JournalReadError)) throw err;
    io.stderr(`ERROR: ${err.message}\n`);
    return EXIT_UNREADABLE;
  }
  const report = checkJournal(entries, { ttlMs: args.ttlMs });
  io.stdout(formatCheck(report));
  if (args.json !== undefined) writeFileSync(args.json, `${JSON.stringify(report, null, 2)}\n`);
  return report.counts.violations > 0 ? EXIT_VIOLATION : EXIT_OK;
}
