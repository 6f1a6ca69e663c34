/**
 * What the checker's and the experiments' command lines share: their input and output, the
 * exit codes, and how a bad command line or `--help` ends a run before any work.
 */
export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
  env?: Readonly<Record<string, string | undefined>>;
  fetch?: typeof fetch;
}

export const EXIT_OK = 0;
export const EXIT_USAGE = 64;

/** A command line that cannot be run: its message says what was wrong and what is allowed. */
export class UsageError extends Error {}

/**
 * Parses `argv`; a UsageError is printed with the usage (exit 64), `--help` prints the usage
 * (exit 0). Returns the arguments, or the exit code when the run ends here.
 */
export function parseCommandLine<T>(parse: (argv: readonly string[]) => T | 'help', argv: readonly string[], io: CliIo, usage: string): T | number {
  let args: T | 'help';
  try {
    args = parse(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`ERROR: ${err.message}\n\n${usage}`);
    return EXIT_USAGE;
  }
  if (args === 'help') {
    io.stdout(usage);
    return EXIT_OK;
  }
  return args;
}
