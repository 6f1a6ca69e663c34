/** Test support for real node processes: is a pid still alive? The product's own answer. */
export { processAlive as alive } from '../../src/process-alive';

/** Every process whose parent chain leads to `root` (Linux /proc), deepest last. */
export function descendants(root: number): number[] {
  const { readdirSync, readFileSync } = require('node:fs') as typeof import('node:fs');
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* exited meanwhile */
    }
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    for (const [child, parent] of parentOf) if (parent === pid) (out.push(child), walk(child));
  };
  walk(root);
  return out;
}

/** Polls until `condition` holds; throws (with `what`) after `timeoutMs`. A bound, never a timing assertion. */
export async function waitUntil(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not true within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** `pid: command line (state, parent)`, for a failure message about a process left behind. */
export function describeProcess(pid: number): string {
  const { readFileSync } = require('node:fs') as typeof import('node:fs');
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim().slice(0, 160);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state, parent] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return `${pid}: ${cmdline} (state ${state}, parent ${parent})`;
  } catch {
    return `${pid}: (gone)`;
  }
}
