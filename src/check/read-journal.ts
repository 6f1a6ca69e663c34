/**
 * Journals from wherever they were written: a `--journal` JSON-lines file (of a process
 * cluster, a scenario or an experiment replay), or a running cluster's `GET /_sim/events`,
 * paged with `?since=` until nothing is left. A journal that cannot be read is a
 * JournalReadError that says where and why.
 */
import { readFileSync } from 'node:fs';
import type { JournalEntry } from '../observe/journal';

export class JournalReadError extends Error {}

/** Parses JSON lines (blank lines skipped); each line must be `{seq, time_ms, event: {type}}`. */
export function parseJournalLines(text: string, source = 'journal'): JournalEntry[] {
  const out: JournalEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new JournalReadError(`${source} line ${i + 1} is not JSON (${(err as Error).message}); each line must be one journal entry`);
    }
    out.push(asEntry(value, `${source} line ${i + 1}`));
  }
  return out;
}

export function readJournalFile(file: string): JournalEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new JournalReadError(`cannot read journal [${file}]: ${(err as Error).message}`);
  }
  return parseJournalLines(text, file);
}

/**
 * Every entry still held by a running cluster, oldest first. Credentials come from
 * `user`/`password` (the superuser by default); the URL itself must not carry any.
 */
export async function fetchJournal(url: string, auth: { user: string; password: string }, fetchImpl: typeof fetch = fetch): Promise<JournalEntry[]> {
  const base = url.replace(/\/+$/, '');
  const headers = { Authorization: `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`, Accept: 'application/json' };
  const out: JournalEntry[] = [];
  let since = 0;
  for (;;) {
    let res: Response;
    try {
      res = await fetchImpl(`${base}/_sim/events?since=${since}&limit=10000`, { headers });
    } catch {
      throw new JournalReadError(`cannot reach ${base} — is the cluster running? (npm start)`);
    }
    const text = await res.text();
    if (!res.ok) throw new JournalReadError(`GET ${base}/_sim/events answered ${res.status}: ${text.slice(0, 200)}`);
    let page: { events?: unknown; next_since?: unknown };
    try {
      page = JSON.parse(text) as typeof page;
    } catch {
      throw new JournalReadError(`GET ${base}/_sim/events did not answer JSON: ${text.slice(0, 200)}`);
    }
    if (!Array.isArray(page.events)) throw new JournalReadError(`GET ${base}/_sim/events answered without [events]`);
    if (page.events.length === 0) return out;
    for (const e of page.events) out.push(asEntry(e, `${base}/_sim/events`));
    since = typeof page.next_since === 'number' ? page.next_since : out[out.length - 1]!.seq;
  }
}

function asEntry(value: unknown, where: string): JournalEntry {
  const v = value as Partial<JournalEntry> | null;
  if (
    v === null ||
    typeof v !== 'object' ||
    typeof v.seq !== 'number' ||
    typeof v.time_ms !== 'number' ||
    typeof v.event !== 'object' ||
    v.event === null ||
    typeof (v.event as { type?: unknown }).type !== 'string'
  ) {
    throw new JournalReadError(`${where} is not a journal entry: expected {"seq": <n>, "time_ms": <n>, "event": {"type": ...}}`);
  }
  return v as JournalEntry;
}
