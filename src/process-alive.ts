/**
 * Whether a process exists, asked with signal 0 (which only asks): EPERM means it exists but
 * belongs to someone else. One answer for the data dir lock, stale temp files and the tests.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
