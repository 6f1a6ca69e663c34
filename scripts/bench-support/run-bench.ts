/** The shared ending of a benchmark entry point: its exit code, or a terse or full error. */
import { UsageError } from './args';

/** Runs `main`; exit code 0/1 from it, 2 on error (usage errors and Ctrl-C need no stack). */
export function runBench(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      const terse = err instanceof UsageError || (err instanceof Error && err.message === 'aborted');
      process.stderr.write(`${name} failed: ${err instanceof Error ? (terse ? err.message : (err.stack ?? err.message)) : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
