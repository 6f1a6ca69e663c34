/**
 * The command line of `npm run sim`: positionals, and options that may come anywhere
 * (`--name value` or `--name=value`; `--` ends them; `-h` is the one short option). Each
 * command accepts the global options plus its own; any other option is a usage error that
 * lists the accepted ones.
 * Values are not checked here: the server validates what it is sent, and says why.
 */
import { FAULT_ADD_OPTIONS } from '../../src/faults/fault-table';
import { usageError } from '../service-tokens/es-cli';

/** Options that take no value. */
const SWITCHES = new Set(['-h', '--help', '--all', '--follow']);

export const GLOBAL_OPTIONS = ['--url', '--user', '--help'] as const;

/** The options of each command (beyond the global ones), in the order usage shows them. */
export const COMMAND_OPTIONS: Record<string, readonly string[]> = {
  'fault add': FAULT_ADD_OPTIONS,
  'fault list': [],
  'fault heal': ['--all'],
  nodes: [],
  kill: [],
  start: [],
  caches: [],
  auth: ['--node', '--nodes'],
  events: ['--since', '--limit', '--follow', '--type', '--node', '--token', '--file'],
  reset: [],
};

export interface ParsedArgs {
  positionals: string[];
  /** Every occurrence of each valued option, in order; switches map to `['']`. */
  options: Map<string, string[]>;
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const parsed: ParsedArgs = { positionals: [], options: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      parsed.positionals.push(...argv.slice(i + 1));
      break;
    }
    // Options are long (`--name`) but for -h: a node id is base64url and may begin with `-`.
    if (!arg.startsWith('--') && arg !== '-h') {
      parsed.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    let value = '';
    if (eq > 0) value = arg.slice(eq + 1);
    else if (!SWITCHES.has(name)) {
      const next = argv[i + 1];
      // `--node --messages x` forgot a value; a value that starts with `--` can use `=`.
      if (next === undefined || next.startsWith('--')) throw usageError(`option [${name}] needs a value`);
      value = next;
      i++;
    }
    parsed.options.set(name, [...(parsed.options.get(name) ?? []), value]);
  }
  return parsed;
}

/** The command's name (`fault add` is two words) and its remaining positionals. */
export function splitCommand(positionals: readonly string[]): { command: string; args: string[] } | undefined {
  const [first, ...rest] = positionals;
  if (first === undefined) return undefined;
  if (first !== 'fault') return { command: first, args: rest };
  const [sub, ...args] = rest;
  if (sub === undefined) throw usageError('[fault] needs a subcommand: add, list or heal');
  return { command: `fault ${sub}`, args };
}

/** Throws a usage error for the first option `command` does not accept. */
export function checkOptions(command: string, options: ReadonlyMap<string, string[]>): void {
  const own = COMMAND_OPTIONS[command] ?? [];
  const accepted = [...own, ...GLOBAL_OPTIONS];
  for (const name of options.keys()) {
    if (name === '-h' || accepted.includes(name)) continue;
    throw usageError(`[${command}] has no option [${name}]; its options are ${accepted.join(', ')}`);
  }
}

/** Reads the options of one parsed command line. */
export class Options {
  constructor(private readonly options: ReadonlyMap<string, string[]>) {}

  has(name: string): boolean {
    return this.options.has(name);
  }

  /** The value of an option given at most once. */
  one(name: string): string | undefined {
    const values = this.options.get(name);
    if (values === undefined) return undefined;
    if (values.length > 1) throw usageError(`option [${name}] is given ${values.length} times; give it once`);
    return values[0];
  }

  /** Every value of the given options, each split at commas: `--node a --nodes b,c` → [a, b, c]. */
  list(...names: string[]): string[] | undefined {
    const values = names.flatMap((n) => this.options.get(n) ?? []);
    if (values.length === 0) return undefined;
    return values.flatMap((v) => v.split(',')).map((s) => s.trim()).filter((s) => s.length > 0);
  }
}
