/**
 * The soak's command line: how long, which seed, how many nodes. Every flag has a default,
 * so `npm run soak` alone runs the full, about two-minute soak.
 */
import { UsageError } from '../bench-support/args';

export interface SoakOptions {
  seconds: number;
  seed: number;
  nodes: number;
  /** The cluster's --fan-out-timeout-ms; a request's client-side timeout is this plus a margin. */
  fanOutTimeoutMs: number;
  /** `dist`: the compiled coordinator (`npm run soak` builds it first); `source`: src/main.ts through tsx. */
  entry: 'dist' | 'source';
  /** The coordinator's RSS may grow by at most this much over its first sample. */
  maxRssGrowthMb: number;
  /** The coordinator's V8 heap limit, so a runaway allocation ends as a crash rather than eating the machine. */
  heapMb: number;
}

export const HELP = `npm run soak -- [flags]

A seeded, bounded reliability run against a real process cluster (loopback only): it fuzzes
the REST API and raw HTTP, adds and heals random combinations of every fault type under
authentication and clear-cache load, then heals everything and checks the cluster. It ends
with "N passed, M failed"; exit code 0 iff every check passed.

  --seconds N             how long the fuzz + fault phase runs (default 120)
  --seed N                seed of every random choice (default: a fresh one, printed)
  --nodes N               node processes (default 3, at most 10)
  --fan-out-timeout-ms N  the cluster's fan-out timeout (default 2000)
  --entry dist|source     run dist/main.js (default; built by npm run soak) or src/main.ts via tsx
  --max-rss-growth-mb N   allowed growth of the coordinator's RSS (default 128)
  --heap-mb N             the coordinator's --max-old-space-size (default 1024)
  --help                  this text
`;

const KNOWN = ['--seconds', '--seed', '--nodes', '--fan-out-timeout-ms', '--entry', '--max-rss-growth-mb', '--heap-mb'];

function int(name: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`flag [${name}] must be an integer from ${min} to ${max}, got [${value}]`);
  }
  return Number(value);
}

/** Parses argv; `null` means --help was asked for. `freshSeed` is used only when --seed is not given. */
export function parseSoakArgs(argv: readonly string[], freshSeed: () => number): SoakOptions | null {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') return null;
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!KNOWN.includes(name)) throw new UsageError(`unknown flag [${arg}]; known flags: ${KNOWN.join(', ')}, --help`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`flag [${name}] needs a value`);
    flags[name] = value;
  }
  const entry = flags['--entry'] ?? 'dist';
  if (entry !== 'dist' && entry !== 'source') throw new UsageError(`flag [--entry] must be [dist] or [source], got [${entry}]`);
  return {
    seconds: int('--seconds', flags['--seconds'] ?? '120', 1, 3600),
    seed: flags['--seed'] === undefined ? freshSeed() : int('--seed', flags['--seed'], 0, 0x7fffffff),
    nodes: int('--nodes', flags['--nodes'] ?? '3', 1, 10),
    fanOutTimeoutMs: int('--fan-out-timeout-ms', flags['--fan-out-timeout-ms'] ?? '2000', 100, 60_000),
    entry,
    maxRssGrowthMb: int('--max-rss-growth-mb', flags['--max-rss-growth-mb'] ?? '128', 1, 100_000),
    heapMb: int('--heap-mb', flags['--heap-mb'] ?? '1024', 64, 100_000),
  };
}

/** The command that replays this run's random choices. */
export function replayCommand(o: SoakOptions): string {
  const entry = o.entry === 'dist' ? '' : ' --entry source';
  return `npm run soak -- --seed ${o.seed} --seconds ${o.seconds} --nodes ${o.nodes} --fan-out-timeout-ms ${o.fanOutTimeoutMs}${entry}`;
}
