/**
 * Compact `key=value` text for objects from the server (faults, events): nested objects
 * become dotted keys, arrays `[a,b]`, and a string is quoted only when it would not read
 * as one word.
 */

function scalar(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"]+$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

/** `{a: 1, b: {c: 'x'}, d: ['p', 'q']}` → `['a=1', 'b.c=x', 'd=[p,q]']`; undefined fields are left out. */
export function keyValues(object: Record<string, unknown>, prefix = ''): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(object)) {
    if (value === undefined) continue;
    const name = `${prefix}${key}`;
    if (Array.isArray(value)) out.push(`${name}=[${value.map(scalar).join(',')}]`);
    else if (typeof value === 'object' && value !== null) out.push(...keyValues(value as Record<string, unknown>, `${name}.`));
    else out.push(`${name}=${scalar(value)}`);
  }
  return out;
}

/** Pads every column but the last to the width of its widest cell, two spaces apart. */
export function columns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd());
}
