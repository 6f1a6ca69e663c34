/**
 * Ctrl-C for a benchmark: the first stops it between requests so every node and server is
 * cleaned up; a second one is the user insisting, and exits at once.
 */
export function abortOnInterrupt(): AbortSignal {
  const controller = new AbortController();
  process.once('SIGINT', () => {
    process.stdout.write('\ninterrupted: stopping every node and server…\n');
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  return controller.signal;
}
