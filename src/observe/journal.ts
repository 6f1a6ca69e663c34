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
  /** A file to append every entry to, one JSON object per line. */
  file?: string;
}

export const DEFAULT_JOURNAL_CAPACITY = 10_000;

export class Journal {
  /** A ring: entry `seq` lives at `(seq - 1) % capacity` while it is among the newest `capacity`. */
  private readonly ring: JournalEntry[] = [];
  private nextSeq = 1;
  private readonly listeners = new Set<(entry: JournalEntry) => void>();
  private readonly capacity: number;

  constructor(private readonly options: JournalOptions) {
    this.capacity = options.capacity ?? DEFAULT_JOURNAL_CAPACITY;
  }

  record(event: SimEvent): JournalEntry {
    const entry: JournalEntry = { seq: this.nextSeq++, time_ms: Math.round(this.options.clock.now()), event };
    this.ring[(entry.seq - 1) % this.capacity] = entry; // overwrites the oldest once full: O(1)
    if (this.options.file !== undefined) appendFileSync(this.options.file, `${JSON.stringify(entry)}\n`);
    for (const l of this.listeners) l(entry);
    return entry;
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
    return Math.max(1, this.nextSeq - this.capacity);
  }

  subscribe(listener: (entry: JournalEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
