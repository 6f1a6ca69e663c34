/**
 * The process host: each node is a real child process (child_process.fork) talking JSON
 * over IPC. A killed node is really killed (SIGKILL) and its in-flight requests fail at
 * once when the process exits; the child exits by itself when the coordinator goes away.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { BOOT_ENV_VAR, type CoordinatorToNode, type NodeBootInfo, type NodeInfo, type NodeToCoordinator, type RequestEnvelope } from '../protocol';
import type { SimEvent } from '../observe/events';
import { SystemClock } from '../sim/clock';
import { NodeChannel, type ChannelContext } from './node-channel';
import type { Watchdog } from './watchdog';

/** How long a node process may take to say it is ready before start() gives up. */
const START_TIMEOUT_MS = 30_000;
/** How long a graceful stop waits before it escalates to SIGKILL. */
const STOP_GRACE_MS = 2_000;
/** Processes start and exit in real time, whatever clock the cluster's messages run on. */
const processClock = new SystemClock();

/** The child entry: compiled .js under dist/, or the .ts source under jest/tsx. */
function nodeEntry(): { file: string; execArgv: string[] } {
  const ext = path.extname(__filename);
  const file = path.join(__dirname, '..', 'node', `node-main${ext}`);
  return { file, execArgv: ext === '.ts' ? ['--require', 'tsx/cjs'] : [] };
}

export class IpcNodeChannel extends NodeChannel {
  private child: ChildProcess | null = null;
  private stopped = false;
  private readonly exits = new WeakMap<ChildProcess, Promise<void>>();

  constructor(
    info: NodeInfo,
    context: ChannelContext,
    private readonly boot: Omit<NodeBootInfo, 'identity'>,
    /** Told every pid, so that even a paused node is killed if the coordinator dies. */
    private readonly watchdog?: Watchdog,
  ) {
    super(info, context);
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  start(): Promise<void> {
    if (this.child !== null) return Promise.resolve();
    const { file, execArgv } = nodeEntry();
    const bootInfo: NodeBootInfo = { identity: { id: this.info.id, name: this.info.name }, ...this.boot };
    const child = fork(file, [], {
      execArgv,
      env: nodeEnv(process.env, JSON.stringify(bootInfo)),
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child = child;
    if (child.pid !== undefined) this.watchdog?.track(this.info.name, child.pid);
    return new Promise((resolve, reject) => {
      const timer = processClock.setTimer(START_TIMEOUT_MS, () => fail(new Error(`node [${this.info.name}] did not start within ${START_TIMEOUT_MS}ms`)));
      let fatal = '';
      const fail = (err: Error) => {
        processClock.clearTimer(timer);
        child.kill('SIGKILL');
        reject(err);
      };
      child.on('message', (msg: NodeToCoordinator<SimEvent>) => {
        if (msg.kind === 'ready') {
          processClock.clearTimer(timer);
          this.markUp();
          resolve();
        } else if (msg.kind === 'fatal') fatal = msg.message;
        else if (msg.kind === 'events') msg.events.forEach(this.emit);
        else if (msg.kind === 'lookup') this.answerLookup(msg, (reply) => this.sendToChild(child, reply));
        else {
          msg.events?.forEach(this.emit);
          this.receive(msg);
        }
      });
      child.on('exit', (code, signal) => {
        this.watchdog?.track(this.info.name, null);
        if (this.child === child) {
          this.child = null;
          this.stopped = false;
        }
        if (this.status === 'up') this.markDown(signal === 'SIGKILL' ? 'killed' : 'exited');
        else fail(new Error(fatal || `node [${this.info.name}] exited during start (code ${code}, signal ${signal})`));
      });
      child.on('error', (err: NodeJS.ErrnoException) => {
        // A channel that cannot carry a message (sent without a callback, whose per-send
        // nextTick every fan-out would pay) is a dead node; 'exit' follows and reports it.
        // Without a listener an EPIPE would crash the coordinator. A failed kill is itself an
        // 'error': answering it with another kill would never end.
        if (err.syscall === 'kill') return;
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      });
    });
  }

  get paused(): boolean {
    return this.stopped && this.child !== null;
  }

  async pause(): Promise<void> {
    if (this.child === null || this.stopped) return;
    this.child.kill('SIGSTOP');
    this.stopped = true;
    this.emit({ type: 'node.paused', node: this.info.name });
  }

  async resume(): Promise<void> {
    if (this.child === null || !this.stopped) return;
    this.child.kill('SIGCONT');
    this.stopped = false;
    this.emit({ type: 'node.resumed', node: this.info.name });
  }

  kill(): Promise<void> {
    return this.terminate('SIGKILL', 'killed');
  }

  stop(): Promise<void> {
    return this.terminate('SIGTERM', 'stopped');
  }

  protected send(envelope: RequestEnvelope): void {
    if (this.child !== null) this.sendToChild(this.child, envelope);
  }

  private sendToChild(child: ChildProcess, message: CoordinatorToNode): void {
    if (!child.connected) return; // its exit will fail whatever waits on it
    child.send(message); // a failure is an 'error' event: see start()
  }

  private terminate(signal: NodeJS.Signals, reason: 'killed' | 'stopped'): Promise<void> {
    const child = this.child;
    if (child === null) return Promise.resolve();
    // Mark down first so the reason is the one we chose and in-flight requests fail now.
    this.markDown(reason);
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    const exited = this.exitOf(child);
    const escalate = processClock.setTimer(STOP_GRACE_MS, () => child.kill('SIGKILL'));
    child.kill(signal);
    // A stopped process cannot act on SIGTERM until it runs again.
    if (this.stopped && signal !== 'SIGKILL') child.kill('SIGCONT');
    return exited.then(() => processClock.clearTimer(escalate));
  }

  /**
   * One promise of a child's exit, however many kills and stops wait for it at once (one
   * 'exit' listener each would pass Node's listener bound under a burst of kill requests).
   */
  private exitOf(child: ChildProcess): Promise<void> {
    let exited = this.exits.get(child);
    if (exited === undefined) {
      exited = new Promise((resolve) => child.once('exit', () => resolve()));
      this.exits.set(child, exited);
    }
    return exited;
  }
}

/**
 * What a node process inherits: what Node itself reads, nothing else. The coordinator's
 * environment may hold secrets (ELASTIC_PASSWORD) that a node has no use for; it gets its
 * settings from the boot info.
 */
const INHERITED_ENV = ['PATH', 'TMPDIR', 'TZ', 'LANG', 'LC_ALL', 'NODE_OPTIONS'];

export function nodeEnv(parent: NodeJS.ProcessEnv, bootInfo: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of INHERITED_ENV) if (parent[name] !== undefined) env[name] = parent[name];
  env[BOOT_ENV_VAR] = bootInfo;
  return env;
}
