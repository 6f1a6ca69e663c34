/**
 * `npm run sim -- <command> ...`: the simulator API (`/_sim`) of a running cluster from the
 * command line — add and heal faults, kill and start nodes, look into caches, try a token
 * on each node, read or follow the event journal. This file parses the command line,
 * dispatches to the commands (fault-, node-, event-commands.ts), and prints errors once:
 * `ERROR: ...` with exit code 1, or the usage and exit code 64 (ES's CLI conventions, as
 * the service-tokens CLI).
 */
import { DEFAULTS } from '../../src/config';
import { DIRECTIONS, DISTRIBUTIONS, FAULT_TYPES, FILE_ACTIONS, INDEX_ACTIONS, MESSAGE_KINDS, REST_ACTIONS } from '../../src/faults';
import { CliError, EXIT, usageError } from '../service-tokens/es-cli';
import type { Command } from './command-input';
import { EVENT_COMMANDS } from './event-commands';
import { FAULT_COMMANDS } from './fault-commands';
import { NODE_COMMANDS } from './node-commands';
import { checkOptions, Options, parseArgs, splitCommand } from './parse-args';
import { FAILURE, SimClient } from './sim-client';

export interface SimCliIo {
  /** Receives whole lines of standard output, each ending in `\n`. */
  stdout(s: string): void;
  /** Receives whole lines of standard error, each ending in `\n`. */
  stderr(s: string): void;
  /** Where ES_URL and ELASTIC_PASSWORD are read (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Aborted on Ctrl-C: `events --follow` ends with status 0, anything else with 130. */
  signal?: AbortSignal;
}

const COMMANDS: Record<string, Command> = { ...FAULT_COMMANDS, ...NODE_COMMANDS, ...EVENT_COMMANDS };

export const DEFAULT_URL = `http://${DEFAULTS.host}:${DEFAULTS.port}`;
const INTERRUPTED = 130;

export function usage(): string {
  return [
    'Drives a running cluster (npm start) through its simulator API: faults, nodes, caches, events.',
    '',
    'Usage: npm run sim -- <command> [arguments] [options] [--url <url>] [--user <name>]',
    '',
    'Commands',
    '--------',
    'fault add <type> [fault options]   add a fault; prints its id and what it does',
    'fault list                         the active faults, one per line',
    'fault heal <id>... | --all         heal faults: undo what they did',
    'nodes                              every node: name, id, pid, up, down or paused',
    'kill <node>                        SIGKILL a node\'s process',
    'start <node>                       start a killed node again (same id and name, empty caches)',
    'caches <node>                      a node\'s token caches: size, hits, misses, removals, keys and when they expire',
    'reset                              heal every fault, restore every service_tokens file, start every node,',
    '                                   empty every cache and zero its statistics: a clean slate between experiments',
    'auth <bearer-token> [--node <n>]   GET /_security/_authenticate on every node (or the given ones),',
    '                                   one "<node> <status>" line each; the token is never printed',
    'events [--since <seq>] [--limit <n>] [--follow] [--type <t,...>] [--node <n,...>] [--token <t>]',
    '                                   the event journal, one line per event; --follow: live until Ctrl-C;',
    '                                   --type takes types and prefixes (cache.*), --token a name or cache key',
    'events --file <journal.jsonl> [--since] [--limit] [--type] [--node] [--token]',
    '                                   the same, from a file written by npm start -- --journal (no cluster needed)',
    '',
    'Fault options (each sets the field of the fault definition; the server checks them)',
    '-------------',
    `<type>                       ${FAULT_TYPES.join(', ')}`,
    '--id <id>                    the fault\'s id (default <type>-<n>, the smallest n not in use)',
    '--node <name>, --nodes a,b   the nodes it applies to (repeatable; default all nodes)',
    `--messages k1,k2             message kinds (default all): ${MESSAGE_KINDS.join(', ')}`,
    `--direction <d>              ${DIRECTIONS.join(', ')}`,
    '--probability <p>            from 0 to 1',
    `--distribution <d>           ${DISTRIBUTIONS.join(', ')}: with --ms, --min-ms and --max-ms, --mean-ms`,
    '--jitter-ms <ms>             added to each delay',
    `--action <a>                 file: ${FILE_ACTIONS.join(', ')}`,
    `                             security-index: ${INDEX_ACTIONS.join(', ')}`,
    `                             rest: ${REST_ACTIONS.join(', ')}`,
    '--content <text>             the new service_tokens content, for file --action write',
    '--paths p1,p2 --methods m,n  rest: the requests it catches (paths exact or ending in *; default all)',
    '--status <code>              rest --action error: the HTTP status it answers with (default 503)',
    '--error-type <t> --error-reason <r>   the Elasticsearch error an error fault answers with',
    '--count <n>                  network and rest: heals itself after acting on n requests or messages',
    '--duration-ms <ms>           heals itself that long after it was added (not restart)',
    '',
    'Options',
    '-------',
    `--url <url>      the cluster (default $ES_URL, else ${DEFAULT_URL}); host:port means http://host:port`,
    `--user <name>    the user to call as (default elastic); password from $ELASTIC_PASSWORD (default ${DEFAULTS.elasticPassword})`,
    '-h, --help       show this help',
    '',
    'Exit status: 0 done; 1 the cluster answered with an error, or cannot be reached; 64 usage error.',
    '',
    'Examples: npm run sim -- fault add partition --node node-2 --messages clear-cache',
    '          npm run sim -- auth "$TOKEN"',
  ].join('\n');
}

function baseUrl(raw: string): string {
  let url: URL;
  try {
    // `127.0.0.1:9200` or `localhost:9200`, as people type it: http is meant.
    url = new URL(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(raw) ? raw : `http://${raw}`);
  } catch {
    throw usageError(`[--url] must be a URL like ${DEFAULT_URL}${raw.includes('@') ? '' : `, got [${raw}]`}`);
  }
  // Never echo a URL that carries a password; credentials come from --user and $ELASTIC_PASSWORD.
  if (url.username !== '' || url.password !== '') throw usageError('[--url] must not contain credentials; use --user and $ELASTIC_PASSWORD');
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw usageError(`[--url] must be an http or https URL, got [${raw}]`);
  return url.href.replace(/\/+$/, '');
}

// A mistyped command may be a pasted token: name it only when it looks like a word.
const shown = (command: string) => (/^[a-z][a-z -]{0,30}$/.test(command) ? `[${command}]` : '(not shown)');

const lines = (text: string) => `${text}\n`;

/** Runs one command line (argv without node and script); resolves to the exit code. */
export async function runSimCli(argv: string[], io: SimCliIo): Promise<number> {
  const env = io.env ?? process.env;
  try {
    const parsed = parseArgs(argv);
    if (parsed.options.has('--help') || parsed.options.has('-h')) {
      io.stdout(lines(usage()));
      return EXIT.OK;
    }
    const split = splitCommand(parsed.positionals);
    if (split === undefined) throw usageError('Missing required command');
    const run = COMMANDS[split.command];
    if (run === undefined) throw usageError(`Unknown command ${shown(split.command)}; commands: ${Object.keys(COMMANDS).join(', ')}`);
    checkOptions(split.command, parsed.options);
    const options = new Options(parsed.options);
    const client = new SimClient({
      url: baseUrl(options.one('--url') ?? env.ES_URL ?? DEFAULT_URL),
      user: options.one('--user') ?? 'elastic',
      password: env.ELASTIC_PASSWORD ?? DEFAULTS.elasticPassword,
      signal: io.signal,
    });
    await run({ args: split.args, options, client, out: (line) => io.stdout(lines(line)), signal: io.signal });
    return EXIT.OK;
  } catch (err) {
    if (io.signal?.aborted === true) return INTERRUPTED;
    const error = err instanceof CliError ? err : new CliError(FAILURE, err instanceof Error ? err.message : String(err));
    if (error.exitCode === EXIT.USAGE) io.stderr(lines(`${usage()}\n`));
    io.stderr(lines(`ERROR: ${error.message}`));
    return error.exitCode;
  }
}
