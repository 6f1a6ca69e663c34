/**
 * What Linux says about a process, from /proc: is it alive (a zombie is not), its RSS, its
 * children, its command line. The soak watches processes it did not fork itself (the
 * coordinator's nodes), so it asks the kernel, not the cluster.
 */
import { readdirSync, readFileSync } from 'node:fs';

function read(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** `/proc/<pid>/stat` split after the command name (which may hold spaces and parentheses). */
function statFields(pid: number): string[] | null {
  const stat = read(`/proc/${pid}/stat`);
  if (stat === null) return null;
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** Running, sleeping or stopped (SIGSTOP) — anything but gone or a zombie waiting to be reaped. */
export function isAlive(pid: number): boolean {
  const fields = statFields(pid);
  return fields !== null && fields[0] !== 'Z' && fields[0] !== 'X';
}

export function isStopped(pid: number): boolean {
  const fields = statFields(pid);
  return fields !== null && (fields[0] === 'T' || fields[0] === 't');
}

/** VmRSS in bytes, or null when the process is gone. */
export function rssBytes(pid: number): number | null {
  const status = read(`/proc/${pid}/status`);
  const m = status === null ? null : /^VmRSS:\s+(\d+) kB/m.exec(status);
  return m === null ? null : Number(m[1]) * 1024;
}

export function commandLine(pid: number): string {
  return (read(`/proc/${pid}/cmdline`) ?? '').split('\0').join(' ').trim();
}

/** Every live process whose parent is `pid`. */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    if (fields !== null && Number(fields[1]) === pid && fields[0] !== 'Z') out.push(Number(entry));
  }
  return out;
}
