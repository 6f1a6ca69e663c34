/**
 * CPU time per process from /proc (Linux), to say where the time of a request goes when
 * several processes share the machine: the load generator, the coordinator, the nodes.
 *
 * The source is the scheduler's own run time in ns, /proc/<pid>/task/<tid>/schedstat summed
 * over every thread (main, libuv pool: PBKDF2 and fs, V8 helpers): exact. /proc/<pid>/stat
 * is the fallback, in clock ticks (10 ms), which is sampled — a tick is charged to whoever
 * runs at that moment — and so too noisy for short bursts like one file reload. A thread
 * that ends between two snapshots takes its time with it (Node's threads live as long as
 * the process, so this does not happen here).
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // getconf CLK_TCK = 100 on Linux x86-64 and arm64

/** CPU of every thread of `pid` so far, in ms (exact); undefined if the process is gone or /proc is missing. */
export function cpuMs(pid: number): number | undefined {
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        /* a thread that just ended */
      }
    }
    return ns / 1e6;
  } catch {
    return statCpuMs(pid);
  }
}

/** user + system CPU of `pid` (all threads) from /proc/<pid>/stat, in ms, at clock-tick resolution. */
export function statCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; fields after it start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return (utime + stime) * TICK_MS;
  } catch {
    return undefined;
  }
}

export interface CpuGroups {
  readonly [group: string]: readonly number[];
}

export type CpuSnapshot = Record<string, number>;

/** Sum of CPU ms per group of pids. */
export function snapshot(groups: CpuGroups): CpuSnapshot {
  const out: CpuSnapshot = {};
  for (const [name, pids] of Object.entries(groups)) out[name] = pids.reduce((a, pid) => a + (cpuMs(pid) ?? 0), 0);
  return out;
}

/** CPU ms per group between two snapshots. */
export function delta(before: CpuSnapshot, after: CpuSnapshot): CpuSnapshot {
  const out: CpuSnapshot = {};
  for (const name of Object.keys(after)) out[name] = (after[name] ?? 0) - (before[name] ?? 0);
  return out;
}

/**
 * CPU the whole machine spent busy so far (all CPUs, every process, kernel included), in ms,
 * from the first line of /proc/stat, at clock-tick resolution; undefined without /proc.
 * Busy minus what a benchmark's own processes used is what *other* work took meanwhile:
 * a check that a run was not disturbed by something else on the machine.
 */
export function machineBusyMs(): number | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
    return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) * TICK_MS;
  } catch {
    return undefined;
  }
}
