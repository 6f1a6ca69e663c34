/**
 * The event journal: every SimEvent gets a sequence number and a time (from the cluster's
 * clock) and is kept in a bounded ring, so `/_sim/events?since=<seq>` can page through
 * what happened and a stream can follow it live. Optionally each entry is appended to a
 * JSON-lines file. Events carry token names only, never secrets, so the journal may be
 * shared as it is.
 */
import { appendFileSync } from 'node:fs';
import type { Clock } from '../sim/clock';
import type { SimEvent } from './events';

export interface JournalEntry {
  seq: number;
  time_ms: number;
  event: SimEvent;
}

export interface JournalOptions {
  clock: Clock;
  /** Entries kept in memory; older ones are dropped first. */
  capacity?: number;
  /** About how many bytes of events the memory may hold; older entries are dropped first to stay under it. */
  maxBytes?: number;
  /** A file to append every entry to, one JSON object per line. */
  file?: string;
}

export const DEFAULT_JOURNAL_CAPACITY = 10_000;
/**
 * Events are small (a few hundred bytes), but some carry what a client chose: a request's
 * path, the token names of a `service_tokens` file. Counting entries alone, 10,000 events
 * naming an 8 MB token name each would fill the heap; this bound drops the oldest first.
 */
export const DEFAULT_JOURNAL_MAX_BYTES = 64 * 1024 * 1024;

/** Bytes an entry is counted for, beyond its strings: the entry, the event and their fields. */
const ENTRY_OVERHEAD = 128;

/**
 * About how much memory an event holds: its strings (2 bytes a character at most, counted
 * as 1: a bound on what a client can make it hold, not a measurement) and lists of strings,
 * one level deep, which is every event's shape. Cheap enough for every event.
 */
function approxBytes(event: SimEvent): number {
  let bytes = ENTRY_OVERHEAD;
  const fields = event as unknown as Record<string, unknown>;
  for (const key in fields) {
    const v = fields[key];
    if (typeof v === 'string') bytes += v.length;
    else if (Array.isArray(v)) for (const item of v) bytes += typeof item === 'string' ? item.length + 16 : 16;
    else bytes += 16;
  }
  return bytes;
}

export class Journal {
  /** A ring: entry `seq` lives at `(seq - 1) % capacity` while it is kept. */
  private readonly ring: (JournalEntry | undefined)[] = [];
  /** The bytes each kept entry was counted for, at the same index as the entry. */
  private readonly sizes: number[] = [];
  private bytes = 0;
  private nextSeq = 1;
  private oldestSeq = 1;
  private readonly listeners = new Set<(entry: JournalEntry) => void>();
  private readonly capacity: number;
  private readonly maxBytes: number;

  constructor(private readonly options: JournalOptions) {
    this.capacity = options.capacity ?? DEFAULT_JOURNAL_CAPACITY;
    this.maxBytes = options.maxBytes ?? DEFAULT_JOURNAL_MAX_BYTES;
  }

  record(event: SimEvent): JournalEntry {
    const entry: JournalEntry = { seq: this.nextSeq++, time_ms: Math.round(this.options.clock.now()), event };
    const size = approxBytes(event);
    // Make room: the slot this entry takes (once full), then as many of the oldest as the bytes need.
    if (entry.seq - this.oldestSeq >= this.capacity) this.dropOldest();
    while (this.bytes + size > this.maxBytes && this.oldestSeq < entry.seq) this.dropOldest();
    const slot = (entry.seq - 1) % this.capacity;
    this.ring[slot] = entry;
    this.sizes[slot] = size;
    this.bytes += size;
    if (this.options.file !== undefined) appendFileSync(this.options.file, `${JSON.stringify(entry)}\n`);
    for (const l of this.listeners) l(entry);
    return entry;
  }

  private dropOldest(): void {
    const slot = (this.oldestSeq - 1) % this.capacity;
    this.bytes -= this.sizes[slot] ?? 0;
    this.ring[slot] = undefined;
    this.sizes[slot] = 0;
    this.oldestSeq++;
  }

  /** Entries with seq > `since` that pass `keep`, oldest first, at most `limit`. */
  since(since = 0, limit = this.capacity, keep?: (entry: JournalEntry) => boolean): JournalEntry[] {
    return this.scan(since, limit, keep).entries;
  }

  /**
   * Like since(), and also the last seq looked at: a filtered reader continues after it,
   * not after the last entry it kept, so it does not look at the same entries again.
   */
  scan(since: number, limit: number, keep: (entry: JournalEntry) => boolean = () => true): { entries: JournalEntry[]; lastSeq: number } {
    const entries: JournalEntry[] = [];
    let seq = Math.max(since + 1, this.oldest);
    for (; seq < this.nextSeq && entries.length < limit; seq++) {
      const entry = this.ring[(seq - 1) % this.capacity] as JournalEntry;
      if (keep(entry)) entries.push(entry);
    }
    return { entries, lastSeq: Math.max(since, seq - 1) };
  }

  /** The sequence number the next entry will get. */
  get next(): number {
    return this.nextSeq;
  }

  /** The oldest sequence number still kept (entries before it were dropped). */
  get oldest(): number {
    return this.oldestSeq;
  }

  subscribe(listener: (entry: JournalEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
