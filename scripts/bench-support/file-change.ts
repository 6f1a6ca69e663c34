/**
 * File change → cache cleared, as the coordinator sees it: write new content to every
 * node's `service_tokens`, then wait for each node's `file.reloaded` event with
 * `changed: true` (the node clears its file cache in the same synchronous step that emits
 * it, node-core.ts reloadServiceTokens). The clock starts just before the first write and
 * stops at the arrival, in the coordinator, of the last node's event.
 *
 * Two arrival times per node are kept:
 *  - cleared: the node's first `changed: true` event after the write. That is the moment its
 *    file cache was emptied, whatever content the node read. (One exception: a node already
 *    stale with an empty file that reads the new write half-written, i.e. empty, again says
 *    `changed: false`; its file cache is empty anyway, so that event counts as its reaction.)
 *  - settled: the first `changed: true` event whose token count is the written content's,
 *    i.e. the node now holds the new tokens. It differs from `cleared` only if a node read
 *    the file half-written (an in-place write truncates first), which is counted as a
 *    partial read.
 * Any `changed: true` event outside a sample (in the gap between samples) is a stray and
 * counted: it would mean a late or duplicate reload that the sample boundaries hid.
 *
 * A sample ends when every node has cleared (timeout: an error) and then either every node
 * has settled or `settleMs` has passed. A node that cleared but never settled is *stale*: it
 * read the file half-written and missed the rest of the write, so it now holds the wrong
 * tokens. That is counted and described, not thrown: the next sample's write (a different
 * content) repairs it, and the latency of clearing is still measured.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type * as Sim from '../../src/index';
import { elapsedUs } from './stats';

export type WriteMode = 'in-place' | 'rename';

export interface FileVersion {
  readonly content: string;
  readonly tokens: number;
}

export interface FileChangeOptions {
  /** node name → that node's `service_tokens` path. */
  readonly files: ReadonlyMap<string, string>;
  /** Written in turn, starting with the one that differs from the first file's content now; they must differ. */
  readonly versions: readonly [FileVersion, FileVersion];
  readonly samples: number;
  readonly mode: WriteMode;
  /** Random pause between samples, so writes do not fall into a rhythm with any timer. */
  readonly gapMs: readonly [number, number];
  /** A sample in which some node has not cleared by then fails the run. */
  readonly timeoutMs: number;
  /** How long after the last node cleared to wait for every node to settle; longer than chokidar's 50 ms change throttle. */
  readonly settleMs: number;
  readonly signal?: AbortSignal;
}

export interface FileChangeSample {
  /** All writes issued and awaited. */
  readonly writtenUs: number;
  /** First node's cache cleared. */
  readonly firstClearedUs: number;
  /** Every node's cache cleared (the metric). */
  readonly clearedUs: number;
  /** Every node holds the new tokens; undefined if some node stayed stale. */
  readonly settledUs: number | undefined;
  /** Nodes that cleared but still held other tokens `settleMs` later. */
  readonly stale: number;
}

export interface FileChangeResult {
  readonly samples: FileChangeSample[];
  /** `changed: true` events whose token count was not the written content's. */
  readonly partialReads: number;
  /** `changed: true` events that arrived between samples. */
  readonly strays: number;
  /** `file.reloaded` events with changed: false (a duplicate notification, or a stale node's re-read). */
  readonly unchanged: number;
  /** Up to 5 stale samples, each with every changed event it saw, for the report. */
  readonly staleExamples: string[];
}

interface Open {
  readonly start: bigint;
  readonly tokens: number;
  readonly cleared: Map<string, number>;
  readonly settled: Map<string, number>;
  /** Every changed event of this sample, for the error message of one that never settles. */
  readonly seen: string[];
  clearedAll: () => void;
  settledAll: () => void;
}

let tempCounter = 0;

async function writeOne(file: string, content: string, mode: WriteMode): Promise<void> {
  if (mode === 'in-place') {
    // Truncate and write through the same inode, as an editor without atomic save does.
    await fs.writeFile(file, content);
    return;
  }
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.bench.${process.pid}.${++tempCounter}.tmp`);
  await fs.writeFile(temp, content, { mode: 0o600 });
  await fs.rename(temp, file);
}

export async function measureFileChange(cluster: Sim.Cluster, options: FileChangeOptions): Promise<FileChangeResult> {
  const nodes = [...options.files.keys()];
  let open: Open | undefined;
  let partialReads = 0;
  let strays = 0;
  let unchanged = 0;
  const staleExamples: string[] = [];
  /** What each node said it holds at its last changed reload (undefined: the start content). */
  const holds = new Map<string, number>();
  const listener = (event: Sim.SimEvent) => {
    if (event.type !== 'file.reloaded') return;
    const sample = open;
    const us = sample === undefined ? 0 : elapsedUs(sample.start);
    sample?.seen.push(`${event.node}: ${event.changed ? '' : 'unchanged, '}${event.tokens} tokens${event.parseError === undefined ? '' : ` (${event.parseError})`} at ${(us / 1000).toFixed(1)} ms`);
    // A node left stale holding an empty file that reads the next write half-written (empty)
    // again reports "unchanged": it did react, and its file cache has nothing to clear.
    const staleReaction = !event.changed && sample !== undefined && holds.get(event.node) !== undefined && holds.get(event.node) !== sample.tokens;
    if (!event.changed) unchanged++;
    if (!event.changed && !staleReaction) return;
    holds.set(event.node, event.tokens);
    if (sample === undefined) {
      strays++;
      return;
    }
    if (!sample.cleared.has(event.node)) sample.cleared.set(event.node, us);
    if (sample.cleared.size === nodes.length) sample.clearedAll();
    if (event.tokens !== sample.tokens || event.parseError !== undefined) {
      partialReads++;
      return;
    }
    if (!sample.settled.has(event.node)) sample.settled.set(event.node, us);
    if (sample.settled.size === nodes.length) sample.settledAll();
  };
  cluster.events.on('event', listener);
  const samples: FileChangeSample[] = [];
  // Every write must be a real change, also when an earlier run left the files at either version.
  const now = await fs.readFile(options.files.get(nodes[0] as string) as string, 'utf8').catch(() => null);
  const first = now === options.versions[0].content ? 1 : 0;
  try {
    for (let i = 0; i < options.samples; i++) {
      if (options.signal?.aborted) throw new Error('aborted');
      const version = options.versions[(first + i) % 2] as FileVersion;
      let timer: NodeJS.Timeout | undefined;
      let clearedAll!: () => void;
      let settledAll!: () => void;
      const cleared = new Promise<void>((resolve, reject) => {
        clearedAll = resolve;
        timer = setTimeout(() => {
          const missing = nodes.filter((n) => !sample.cleared.has(n));
          reject(
            new Error(
              `file change sample ${i} (${options.mode}, wrote ${version.tokens} tokens): ${missing.join(', ')} did not reload within ${options.timeoutMs} ms; ` +
                `reload events: [${sample.seen.join('; ')}]; ${strays} stray changed events so far`,
            ),
          );
        }, options.timeoutMs);
      });
      cleared.catch(() => undefined); // awaited below; a timeout during the writes must not go unhandled
      const settled = new Promise<void>((resolve) => (settledAll = resolve));
      const sample: Open = {
        start: process.hrtime.bigint(),
        tokens: version.tokens,
        cleared: new Map(),
        settled: new Map(),
        seen: [],
        clearedAll,
        settledAll,
      };
      open = sample;
      try {
        await Promise.all(nodes.map((n) => writeOne(options.files.get(n) as string, version.content, options.mode)));
        const writtenUs = elapsedUs(sample.start);
        await cleared;
        clearTimeout(timer);
        await Promise.race([settled, new Promise((resolve) => (timer = setTimeout(resolve, options.settleMs)))]);
        const stale = nodes.filter((n) => !sample.settled.has(n));
        if (stale.length > 0 && staleExamples.length < 5) {
          staleExamples.push(`sample ${i} (${options.mode}, wrote ${version.tokens} tokens): ${stale.join(', ')} stale; changed events: [${sample.seen.join('; ')}]`);
        }
        const clearedUs = [...sample.cleared.values()];
        samples.push({
          writtenUs,
          firstClearedUs: Math.min(...clearedUs),
          clearedUs: Math.max(...clearedUs),
          settledUs: stale.length > 0 ? undefined : Math.max(...sample.settled.values()),
          stale: stale.length,
        });
      } finally {
        clearTimeout(timer);
        open = undefined;
      }
      const [lo, hi] = options.gapMs;
      await new Promise((resolve) => setTimeout(resolve, lo + Math.random() * (hi - lo)));
    }
  } finally {
    cluster.events.off('event', listener);
  }
  return { samples, partialReads, strays, unchanged, staleExamples };
}
