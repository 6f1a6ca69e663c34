/**
 * Ends a command-line entry: the exit code its run resolved with, or, for an error nobody
 * expected, its stack on stderr and exit code 1. Shared by the service-tokens and sim CLIs.
 */
export function exitWith(run: Promise<number>): void {
  run.then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
