/**
 * The cluster under test: the coordinator as its own process (`dist/main.js`, or
 * `src/main.ts` through tsx), started on `--port 0` with a temp data dir, exactly as a user
 * starts it. Its start summary gives the port and the node pids; /proc gives its children
 * later. Every pid ever seen is kept, so nothing it started is lost track of.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { childrenOf, commandLine, isAlive, isStopped } from './procfs';

const ROOT = path.resolve(__dirname, '..', '..');
const READY = /is ready at http:\/\/127\.0\.0\.1:(\d+)/;
const NODE_LINE = /^\s+(node-\d+)\s+id \S+\s+pid (\d+)/gm;

export interface StartOptions {
  entry: 'dist' | 'source';
  dataDir: string;
  nodes: number;
  seed: number;
  fanOutTimeoutMs: number;
  heapMb: number;
  /** Its own session and process group, as a process manager starts a service. */
  detached?: boolean;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export function coordinatorArgs(o: StartOptions): string[] {
  const entry = o.entry === 'dist' ? [path.join(ROOT, 'dist', 'main.js')] : ['--require', 'tsx/cjs', path.join(ROOT, 'src', 'main.ts')];
  return [
    `--max-old-space-size=${o.heapMb}`, ...entry,
    '--port', '0', '--host', '127.0.0.1', '--data-dir', o.dataDir, '--nodes', String(o.nodes),
    '--seed', String(o.seed), '--fan-out-timeout-ms', String(o.fanOutTimeoutMs),
  ];
}

export class CoordinatorProcess {
  /** Every coordinator this run started, so Ctrl-C can end them all (and their nodes). */
  static readonly started: CoordinatorProcess[] = [];
  /** Every node pid seen: in the start summary, in /_sim/nodes, or as a child in /proc. */
  readonly nodePids = new Set<number>();
  exit: Exit | null = null;
  /** Set once the soak itself asked it to stop; an exit before that is a crash. */
  stopping = false;
  private stderr = '';
  private readonly exited: Promise<Exit>;

  private constructor(readonly child: ChildProcess, readonly port: number) {
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
      child.once('exit', (code, signal) => resolve({ code, signal }));
    });
    void this.exited.then((e) => (this.exit = e));
    child.stderr?.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-4000)));
  }

  get pid(): number {
    return this.child.pid as number;
  }

  get stderrTail(): string {
    return this.stderr.trim().split('\n').slice(-5).join('\n');
  }

  /** Starts it and waits for its summary (up to `timeoutMs`). */
  static start(o: StartOptions, timeoutMs = 60_000): Promise<CoordinatorProcess> {
    const child = spawn(process.execPath, coordinatorArgs(o), {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: o.detached ?? false,
      env: { ...process.env, ELASTIC_PASSWORD: 'changeme' },
    });
    return new Promise((resolve, reject) => {
      let out = '';
      let err = '';
      const fail = (why: string) => {
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(new Error(`the cluster did not start: ${why}${err === '' ? '' : `\n${err.trim()}`}`));
      };
      const timer = setTimeout(() => fail(`no "is ready" line within ${timeoutMs} ms`), timeoutMs);
      child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
      child.once('exit', (code, signal) => fail(`the coordinator exited (code ${code}, signal ${signal})`));
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const ready = READY.exec(out);
        if (ready === null || !out.includes('Ctrl-C stops the cluster.')) return;
        clearTimeout(timer);
        child.removeAllListeners('exit');
        const proc = new CoordinatorProcess(child, Number(ready[1]));
        CoordinatorProcess.started.push(proc);
        for (const m of out.matchAll(NODE_LINE)) proc.nodePids.add(Number(m[2]));
        child.stdout?.resume();
        resolve(proc);
      });
    });
  }

  /** Adds the coordinator's current children (node processes) to the pids it is known to have started. */
  scanChildren(): void {
    if (this.exit !== null) return;
    for (const pid of childrenOf(this.pid)) this.nodePids.add(pid);
  }

  /** Node pids still alive and still node processes (a pid may have been reused by now). */
  leftovers(): number[] {
    return [...this.nodePids].filter((pid) => isAlive(pid) && commandLine(pid).includes('node-main'));
  }

  /** SIGTERM, as a process manager stops it; after `graceMs`, SIGKILL. Says whether SIGTERM was enough. */
  async stop(graceMs: number): Promise<{ graceful: boolean; exit: Exit }> {
    this.scanChildren();
    this.stopping = true;
    if (this.exit !== null) return { graceful: true, exit: this.exit };
    this.child.kill('SIGTERM');
    const graceful = await Promise.race([this.exited.then(() => true), sleep(graceMs).then(() => false)]);
    if (!graceful) this.child.kill('SIGKILL');
    return { graceful, exit: await this.exited };
  }

  /** SIGKILL, as a crash or the OOM killer would. */
  async kill(): Promise<Exit> {
    this.scanChildren();
    this.stopping = true;
    if (this.exit === null) this.child.kill('SIGKILL');
    return this.exited;
  }

  /** Waits until `pids` are gone (or `ms` passed); returns those still there. */
  static async waitGone(pids: () => number[], ms: number): Promise<number[]> {
    const until = performance.now() + ms;
    while (pids().length > 0 && performance.now() < until) await sleep(100);
    return pids();
  }

  /** Last resort on exit: everything it started, by pid (a stopped one is woken so it can die). */
  killEverything(): void {
    for (const pid of [...this.leftovers(), ...(this.exit === null ? [this.pid] : [])]) {
      if (!isAlive(pid)) continue;
      try {
        if (isStopped(pid)) process.kill(pid, 'SIGCONT');
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
