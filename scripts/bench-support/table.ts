/**
 * Plain-text and markdown tables for benchmark output: the text one to read in a
 * terminal, the markdown one to paste into the README unchanged.
 */

export type Row = readonly string[];

/** Columns padded to their widest cell: the first (labels) left-aligned, numbers right-aligned. */
export function textTable(header: Row, rows: readonly Row[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, col) => Math.max(...all.map((r) => (r[col] ?? '').length)));
  const line = (r: Row) => r.map((cell, col) => (col === 0 ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}

export function markdownTable(header: Row, rows: readonly Row[]): string {
  const line = (r: Row) => `| ${r.join(' | ')} |`;
  return [line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}
