/**
 * The staleness checker: a journal in, one report out — every revocation, each node's
 * exposure and convergence windows measured from the revocation's commit, the cause and
 * bound of each stale window, and the violations of the one safety property that matters
 * (a node never accepts a token after it applied that token's removal; a deletion that
 * reported every cache cleared is never followed by an acceptance).
 */
import type { JournalEntry } from '../observe/journal';
import { summarize, viewOf, type JournalView, type Revocation, type Violation, type WindowSummary } from './journal-view';
import { causeCell, explain, staleAcceptances } from './stale-sentence';

export { explain };

export interface CheckReport {
  ttlMs: number;
  revocations: { id: number; kind: string; token: string; commit_seq: number; commit_ms: number; approximate_commit: boolean; reported_success: boolean | null }[];
  windows: WindowSummary[];
  /** Per node window that let a client in after the revocation (violations aside): its last acceptance, in one sentence. */
  accepted: { revocation: number; node: string; token: string; seq: number; sentence: string }[];
  violations: (Violation & { explanation: string })[];
  notes: string[];
  counts: { events: number; revocations: number; windows: number; stale: number; open: number; violations: number; max_exposure_ms: number | null };
}

export function checkJournal(entries: readonly JournalEntry[], options: { ttlMs?: number } = {}): CheckReport {
  return reportOf(viewOf(entries, options), entries.length);
}

export function reportOf(view: JournalView, events: number): CheckReport {
  const windows = summarize(view);
  const exposures = windows.map((w) => w.exposureMs).filter((x): x is number => x !== null);
  return {
    ttlMs: view.ttlMs,
    revocations: view.revocations.map(revocationRow),
    windows,
    accepted: staleAcceptances(view),
    violations: view.violations.map((v) => ({ ...v, explanation: explain(v) })),
    notes: [...view.legacy],
    counts: {
      events,
      revocations: view.revocations.length,
      windows: windows.length,
      stale: windows.filter((w) => w.convergenceMs === null || w.convergenceMs > 0).length,
      open: windows.filter((w) => w.convergenceMs === null).length,
      violations: view.violations.length,
      max_exposure_ms: exposures.length === 0 ? null : Math.max(...exposures),
    },
  };
}

function revocationRow(r: Revocation): CheckReport['revocations'][number] {
  return {
    id: r.id,
    kind: r.kind,
    token: r.token,
    commit_seq: r.commit.seq,
    commit_ms: r.commit.ms,
    approximate_commit: r.approximateCommit,
    reported_success: r.report === null ? null : r.report.success,
  };
}

/** The short table, the violations, and a last line with the counts. */
export function formatCheck(report: CheckReport): string {
  const rows: string[][] = [['revocation', 'node', 'exposure', 'convergence', 'cause']];
  const quiet = new Map<number, number>();
  for (const w of report.windows) {
    const interesting = w.exposureMs !== null || w.convergenceMs === null || w.convergenceMs > 0;
    if (!interesting) {
      quiet.set(w.revocation, (quiet.get(w.revocation) ?? 0) + 1);
      continue;
    }
    rows.push([
      `#${w.revocation} ${w.kind} ${w.token}`,
      w.node,
      w.exposureMs === null ? '-' : `${w.exposureMs} ms`,
      w.convergenceMs === null ? `open${w.boundMs === null ? '' : ` (expires at ${w.boundMs} ms)`}` : `${w.convergenceMs} ms`,
      causeCell(w),
    ]);
  }
  const lines: string[] = [];
  if (rows.length > 1) lines.push(...table(rows));
  for (const r of report.revocations) {
    const n = quiet.get(r.id);
    if (n !== undefined) lines.push(`#${r.id} ${r.kind} ${r.token}: ${n} node(s) stopped accepting it at the commit`);
  }
  if (report.accepted.length > 0) lines.push('');
  for (const a of report.accepted) lines.push(`ACCEPTED ${a.sentence}`);
  for (const v of report.violations) lines.push('', `VIOLATION ${v.explanation}`);
  for (const note of report.notes) lines.push(`note: ${note}`);
  const c = report.counts;
  lines.push(
    `${c.revocations} revocations, ${c.windows} node windows (${c.stale} stale, ${c.open} still open), ` +
      `max exposure ${c.max_exposure_ms === null ? '-' : `${c.max_exposure_ms} ms`}, ${c.violations} violations`,
  );
  return `${lines.join('\n')}\n`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd());
}
