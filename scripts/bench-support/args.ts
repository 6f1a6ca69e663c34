/**
 * Tiny flag parser for benchmark scripts: `--name value` or `--name=value`, unknown flags
 * are an error (a typo must not silently run the full, slow benchmark).
 */

/** A mistake in the command line: reported as one line, without a stack trace. */
export class UsageError extends Error {}

export type FlagValues = Record<string, string>;

export function parseArgs(argv: readonly string[], known: readonly string[]): FlagValues {
  const out: FlagValues = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!known.includes(name)) throw new UsageError(`unknown flag [${arg}]; known flags: ${known.join(', ')}`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`flag [${name}] needs a value`);
    out[name] = value;
  }
  return out;
}

export function positiveInt(name: string, value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`flag [${name}] must be a positive integer, got [${value}]`);
  return Number(value);
}

/** "3,10,50" → [3, 10, 50]. */
export function intList(name: string, value: string): number[] {
  return value.split(',').map((v) => positiveInt(name, v.trim()));
}
