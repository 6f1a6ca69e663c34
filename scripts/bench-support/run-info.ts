/** What a figure in the README needs beside it: when, at which commit, on how busy a machine, and how to get it again. */
import { execFileSync } from 'node:child_process';
import os from 'node:os';

/** "1.31 0.83 0.82": the kernel's 1, 5 and 15 minute load averages. */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

/** True when the 1-minute load average of any reading is above the CPU count: runnable work waited for a CPU. */
export function overloaded(...readings: string[]): boolean {
  return readings.some((l) => Number(l.split(' ')[0]) > os.cpus().length);
}

/** The commit the figures belong to (with "+ uncommitted changes" when tracked files differ), or "unknown". */
export function commitOf(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const head = git('rev-parse', '--short', 'HEAD');
    return git('status', '--porcelain', '--untracked-files=no') === '' ? head : `${head} + uncommitted changes`;
  } catch {
    return 'unknown';
  }
}

/** "2026-11-30 14:17 UTC". */
export function utcMinute(): string {
  return `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The npm command that runs `script` with this process's flags. */
export function reproduce(script: string): string {
  const flags = process.argv.slice(2);
  return `npm run ${script}${flags.length > 0 ? ` -- ${flags.join(' ')}` : ''}`;
}
