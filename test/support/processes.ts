/** Test support for real node processes: is a pid still alive (signal 0 only asks)? */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
