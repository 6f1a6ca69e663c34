/**
 * What every `npm run sim` command gets: its positionals, its options, a client for the
 * cluster, and where to print. Commands print whole lines and throw CliError to fail.
 */
import type { Options } from './parse-args';
import type { SimClient } from './sim-client';

export interface CommandInput {
  /** Positional arguments after the command's name. */
  args: readonly string[];
  options: Options;
  client: SimClient;
  /** One line of standard output, without its newline. */
  out(line: string): void;
  /** Aborted when the user interrupts (Ctrl-C); `events --follow` then ends normally. */
  signal?: AbortSignal;
}

export type Command = (input: CommandInput) => Promise<void>;
