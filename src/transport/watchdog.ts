/**
 * Nothing outlives a cluster of node processes, not even a paused one. A node exits by
 * itself when the coordinator goes away (its IPC channel closes), but a SIGSTOPped node
 * cannot notice anything: if the coordinator dies (SIGKILL, a crash) while a node is
 * paused, that node would stay stopped forever. So each process cluster has a watchdog: a
 * tiny, never-paused process connected to the coordinator over IPC, told every node pid.
 * When its channel closes (the coordinator is gone, or stopped the cluster) it SIGKILLs
 * every node pid it still knows (SIGKILL ends a stopped process too) and exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** The watchdog itself: plain JavaScript with no imports, so it starts in tens of ms under any runner. */
const WATCHDOG_SOURCE = `
const pids = new Map();
process.on('message', (m) => { if (m.pid === null) pids.delete(m.name); else pids.set(m.name, m.pid); });
process.on('disconnect', () => {
  for (const pid of pids.values()) { try { process.kill(pid, 'SIGKILL'); } catch {} }
  process.exit(0);
});
// Signals to the whole group (Ctrl-C) are the coordinator's to handle; the watchdog stays until its channel closes.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});
`;

export class Watchdog {
  private readonly child: ChildProcess;

  constructor() {
    this.child = spawn(process.execPath, ['-e', WATCHDOG_SOURCE], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    this.child.on('error', () => {
      /* a watchdog that cannot run leaves the nodes' own exit-on-disconnect; never crash the coordinator */
    });
    // It must not keep a library user's process (a test runner) alive by itself.
    this.child.unref();
    this.child.channel?.unref();
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Tells the watchdog the pid of a node (null: it has exited). */
  track(name: string, pid: number | null): void {
    if (this.child.connected) this.child.send({ name, pid }, () => undefined);
  }

  /** The cluster stopped its nodes: the watchdog exits (killing any node still known). */
  release(): Promise<void> {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      // Referenced again while we wait: an unreferenced child's exit would not keep the event
      // loop alive, so a script whose last step is `await cluster.stop()` would end before
      // stop() resolved (and never run what follows it).
      child.ref();
      child.channel?.ref();
      child.once('exit', () => resolve());
      if (child.connected) child.disconnect();
      else child.kill('SIGKILL');
    });
  }
}
