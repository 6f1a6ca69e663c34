/**
 * `events`: the cluster's event journal, one line per event (`#<seq> <time> <type>
 * key=value ...`), read page by page from `/_sim/events`, or followed live from the
 * server-sent events of `/_sim/events/stream` until interrupted, or read from a file that
 * `npm start -- --journal` wrote (no cluster needed). The filters --type, --node and
 * --token are the server's `type`, `node` and `token`; on a file the same code applies them.
 */
import { readFileSync } from 'node:fs';
import { eventFilter } from '../../src/observe/event-filter';
import type { JournalEntry as FullEntry } from '../../src/observe/journal';
import { CliError, usageError } from '../service-tokens/es-cli';
import type { Command, CommandInput } from './command-input';
import { keyValues } from './key-values';
import { describeErrorAnswer, FAILURE } from './sim-client';

interface JournalEntry {
  seq: number;
  time_ms: number;
  event: { type: string } & Record<string, unknown>;
}

/** The server's largest page when no `limit` is given. */
const PAGE = 1000;

/** Times of a system clock are epoch milliseconds; a manual clock starts at 0. */
const EPOCH_MS = 1e12;

/** `12:03:04.567` (UTC) for wall-clock times, `1500ms` for a manual clock's. */
function describeTime(timeMs: number): string {
  return timeMs >= EPOCH_MS ? new Date(timeMs).toISOString().slice(11, 23) : `${timeMs}ms`;
}

export function describeEvent({ seq, time_ms, event }: JournalEntry): string {
  const { type, ...fields } = event;
  return [`#${seq}`, describeTime(time_ms), type, ...keyValues(fields)].join(' ');
}

const FILTERS = [['--type', 'type'], ['--node', 'node'], ['--token', 'token']] as const;

/** `&type=...&node=...&token=...` for the filters given. */
function filterQuery(options: CommandInput['options']): string {
  return FILTERS.map(([option, param]) => {
    const value = options.one(option);
    return value === undefined ? '' : `&${param}=${encodeURIComponent(value)}`;
  }).join('');
}

/** Without --limit, every event after --since, page by page; with it, one page of that size. */
async function readEvents({ options, client, out }: CommandInput): Promise<void> {
  const limit = options.one('--limit');
  let since = options.one('--since') ?? '0';
  const filters = filterQuery(options);
  for (;;) {
    const query = `since=${encodeURIComponent(since)}&limit=${encodeURIComponent(limit ?? String(PAGE))}${filters}`;
    const page = await client.json<{ events: JournalEntry[]; next_since: number }>('GET', `/_sim/events?${query}`);
    for (const entry of page.events) out(describeEvent(entry));
    if (limit !== undefined || page.events.length < PAGE || page.next_since <= Number(since)) return;
    since = String(page.next_since);
  }
}

/** Splits a server-sent-events body into messages; yields the `data:` of each one. */
export async function* serverSentData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const lines = buffer.slice(0, end).split('\n');
        buffer = buffer.slice(end + 2);
        // `id:` repeats the seq that the data carries too; `:` lines are comments.
        const data = lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).replace(/^ /, ''));
        if (data.length > 0) yield data.join('\n');
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined); // closes the connection when the reader stops early
  }
}

/** Prints events as they come until interrupted (or until --limit of them). */
async function followEvents({ options, client, out, signal }: CommandInput): Promise<void> {
  const rawLimit = options.one('--limit');
  if (rawLimit !== undefined && !/^\d+$/.test(rawLimit)) throw usageError(`[--limit] must be a non-negative integer, got [${rawLimit}]`);
  const limit = rawLimit === undefined ? Infinity : Number(rawLimit);
  const since = options.one('--since');
  if (limit === 0) return;
  try {
    const query = `${since === undefined ? '' : `&since=${encodeURIComponent(since)}`}${filterQuery(options)}`.replace(/^&/, '?');
    const res = await client.send('GET', `/_sim/events/stream${query}`, {
      headers: { Accept: 'text/event-stream' },
    });
    if (!res.ok || res.body === null) throw new CliError(FAILURE, describeErrorAnswer(res.status, await res.text()));
    let printed = 0;
    for await (const data of serverSentData(res.body)) {
      out(describeEvent(JSON.parse(data) as JournalEntry));
      if (++printed >= limit) break;
    }
  } catch (err) {
    if (signal?.aborted === true) return; // Ctrl-C is how following ends
    throw err;
  }
}

function nonNegative(option: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw usageError(`[${option}] must be a non-negative integer, got [${raw}]`);
  return Number(raw);
}

/** `--file`: a journal file's events (one JSON entry per line), with the same filters and output. */
function readEventFile({ options, out }: CommandInput, file: string): void {
  if (options.has('--follow')) throw usageError('[events] reads a --file or follows a cluster (--follow), not both');
  const since = nonNegative('--since', options.one('--since')) ?? 0;
  const limit = nonNegative('--limit', options.one('--limit')) ?? Infinity;
  let keep: (entry: FullEntry) => boolean;
  try {
    keep = eventFilter({ type: options.one('--type'), node: options.one('--node'), token: options.one('--token') });
  } catch (err) {
    throw usageError((err as Error).message);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(FAILURE, `cannot read the journal file [${file}]: ${(err as Error).message}`);
  }
  let printed = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && printed < limit; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    let entry: FullEntry;
    try {
      entry = JSON.parse(line) as FullEntry;
    } catch {
      throw new CliError(FAILURE, `line ${i + 1} of [${file}] is not a journal entry (JSON): ${line.slice(0, 80)}`);
    }
    if (entry.seq <= since || !keep(entry)) continue;
    out(describeEvent(entry as JournalEntry));
    printed++;
  }
}

const events: Command = async (input) => {
  if (input.args.length > 0) throw usageError(`[events] takes no arguments, got [${input.args.join(', ')}]`);
  const file = input.options.one('--file');
  if (file !== undefined) return readEventFile(input, file);
  await (input.options.has('--follow') ? followEvents(input) : readEvents(input));
};

export const EVENT_COMMANDS: Record<string, Command> = { events };
