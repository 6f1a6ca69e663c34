/** Ending benchmark child processes, so none outlives a run. */
import type { ChildProcess } from 'node:child_process';

/** Disconnects and SIGTERMs `child`, escalating to SIGKILL after 2 s; resolves on exit. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const escalate = setTimeout(() => child.kill('SIGKILL'), 2_000);
    child.once('exit', () => {
      clearTimeout(escalate);
      resolve();
    });
    if (child.connected) child.disconnect();
    child.kill('SIGTERM');
  });
}
