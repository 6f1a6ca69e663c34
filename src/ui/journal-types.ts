/**
 * The journal's entry and event types, shared with the server at the type level only (the
 * bundle imports nothing from the server: the page talks to it over HTTP).
 */
import type { SimEvent } from '../observe/events';

export type { SimEvent };

/** One line of a `--journal` file, one message of /_sim/events/stream (as src/observe/journal.ts). */
export interface JournalEntry {
  seq: number;
  time_ms: number;
  event: SimEvent;
}
