/**
 * Results as text: one line per test starting `ok`, `not ok` or `skip` (with the reason),
 * the failing step with what was expected and what was there, notes (adjusted assertions,
 * real-time waits), and the final `N passed, M failed, K skipped`.
 */
import type { FileResult, TestResult } from './runner';

export function fileHeader(result: Pick<FileResult, 'file' | 'target'>): string {
  return `# ${result.file} (${result.target})`;
}

export function testLines(t: TestResult): string[] {
  if (t.status === 'skipped') return [`skip ${t.name} (${t.reason ?? 'no reason given'})`];
  const lines = [`${t.status === 'passed' ? 'ok' : 'not ok'} ${t.name}`];
  for (const note of t.notes) lines.push(`  note: ${note}`);
  const f = t.failure;
  if (f !== undefined) {
    lines.push(`  at ${f.section} step ${f.step} (line ${f.line}, column ${f.column}): ${f.source}`);
    lines.push(`    ${f.message}`);
    if (f.expected !== undefined) lines.push(`    expected: ${f.expected}`);
    if (f.actual !== undefined) lines.push(`    actual:   ${f.actual}`);
  }
  return lines;
}

export interface Totals {
  passed: number;
  failed: number;
  skipped: number;
}

export function totals(results: FileResult[]): Totals {
  const all = results.flatMap((r) => r.tests);
  return {
    passed: all.filter((t) => t.status === 'passed').length,
    failed: all.filter((t) => t.status === 'failed').length,
    skipped: all.filter((t) => t.status === 'skipped').length,
  };
}

export function summaryLine({ passed, failed, skipped }: Totals): string {
  return `${passed} passed, ${failed} failed, ${skipped} skipped`;
}
