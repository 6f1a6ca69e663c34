/**
 * `npm run service-tokens -- <command> ...`: the simulator's `bin/elasticsearch-service-tokens`.
 * It edits the `service_tokens` file of one node (`--node`) or of every node (`--all-nodes`)
 * of a data dir; a running node sees the change through its file watcher, as an ES node
 * does. Output, error texts and exit codes are Elasticsearch's (es-cli.ts); this file parses
 * the command line, dispatches, and prints errors the way ES's CLI does.
 */
import { DEFAULTS } from '../../src/config';
import { createCommand, deleteCommand, listCommand, type CommandInput } from './commands';
import { CliError, esPrincipalOrder, EXIT, usageError } from './es-cli';

export interface CliIo {
  /** Receives whole lines of standard output, each ending in `\n`. */
  stdout(s: string): void;
  /** Receives whole lines of standard error, each ending in `\n`. */
  stderr(s: string): void;
  /** The data dir when `--data-dir` is not given (default `./data`, as `npm start`). */
  dataDir?: string;
}

const COMMANDS: Record<string, (input: CommandInput) => Promise<void>> = {
  create: createCommand,
  delete: deleteCommand,
  list: listCommand,
};

interface ParsedArgs {
  help: boolean;
  node: string | undefined;
  allNodes: boolean;
  dataDir: string | undefined;
  positionals: string[];
}

const OPTIONS = ['--node', '--all-nodes', '--data-dir', '-h', '--help'];

/** Options may come anywhere; `--` ends them (a token name may begin with `-`). */
function parseArgs(argv: readonly string[]): ParsedArgs {
  const parsed: ParsedArgs = { help: false, node: undefined, allNodes: false, dataDir: undefined, positionals: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      parsed.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      parsed.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = () => {
      const v = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (v === undefined || v === '') throw usageError(`option [${name}] needs a value`);
      return v;
    };
    if (name === '-h' || name === '--help') parsed.help = true;
    else if (name === '--all-nodes' && eq < 0) parsed.allNodes = true;
    else if (name === '--node') parsed.node = value();
    else if (name === '--data-dir') parsed.dataDir = value();
    else throw usageError(`${arg} is not a recognized option; options are ${OPTIONS.join(', ')} (put \`--\` before a token name that begins with -)`);
  }
  return parsed;
}

export function usage(): string {
  return [
    "Manages the service_tokens files of the simulator's nodes, like Elasticsearch's bin/elasticsearch-service-tokens.",
    '',
    'Usage: npm run service-tokens -- <command> [arguments] [--node <name> | --all-nodes] [--data-dir <dir>]',
    '',
    'Commands',
    '--------',
    'create <principal> <token_name>   add a token; prints  SERVICE_TOKEN <ns>/<svc>/<name> = <bearer value>',
    'list [<principal>]                print the token keys (sorted), all of them or one account\'s',
    'delete <principal> <token_name>   remove a token',
    '',
    'Options',
    '-------',
    '--node <name>      work on <data-dir>/nodes/<name>/config/service_tokens only',
    '--all-nodes        work on every node under <data-dir>/nodes/ (create: the same token on each;',
    '                   list: lines are "<node>: <key>", also the default for list without --node)',
    '--data-dir <dir>   the data dir of the cluster (default ./data, as npm start)',
    '-h, --help         show this help',
    '',
    'create and delete need --node or --all-nodes. A running node reloads its file when it changes.',
    'The file is rewritten sorted by key, mode 0600; comments and blank lines are not kept (as in ES).',
    `Principals: ${esPrincipalOrder().join(', ')}`,
    '',
    'Example: npm run service-tokens -- create elastic/fleet-server my-token --node node-1',
  ].join('\n');
}

const lines = (text: string) => `${text}\n`;

/** Runs one command line (argv without node and script); resolves to the exit code. */
export async function runServiceTokensCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const parsed = parseArgs(argv);
    if (parsed.help) {
      io.stdout(lines(usage()));
      return EXIT.OK;
    }
    const [command, ...args] = parsed.positionals;
    if (command === undefined) throw usageError('Missing required command');
    const run = COMMANDS[command];
    if (run === undefined) throw usageError(`Unknown command [${command}]`);
    const dataDir = parsed.dataDir ?? io.dataDir ?? DEFAULTS.dataDir;
    await run({ args, dataDir, node: parsed.node, allNodes: parsed.allNodes, out: (line) => io.stdout(lines(line)) });
    return EXIT.OK;
  } catch (err) {
    const error = err instanceof CliError ? err : new CliError(EXIT.UNCAUGHT, err instanceof Error ? err.message : String(err));
    // ES prints its help to stderr before a usage error, then a blank line and `ERROR: ...`.
    if (error.exitCode === EXIT.USAGE) io.stderr(lines(usage()));
    io.stderr(lines(`\nERROR: ${error.message}`));
    return error.exitCode;
  }
}
