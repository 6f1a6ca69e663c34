/**
 * Runs the throughput loop either here (same process as the servers) or in a forked load
 * generator (load-child.ts), behind one function so a benchmark can offer both.
 */
import { stopChild } from './child';
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { CheckName } from './checks';
import { CHECKS } from './checks';
import type { HttpTarget } from './http-loop';
import { runThroughput, type ThroughputOptions, type ThroughputResult } from './throughput';

export type ClientPlacement = 'child' | 'same';

type PlainOptions = Omit<ThroughputOptions, 'check' | 'signal'>;

export interface LoadRequest {
  id: number;
  target: HttpTarget;
  options: PlainOptions;
  check?: CheckName;
}

export type LoadResponse =
  | { id: number; ok: true; ready: true }
  | { id: number; ok: true; result: ThroughputResult }
  | { id: number; ok: false; message: string; errors: number };

const START_TIMEOUT_MS = 30_000;

export class LoadClient {
  private counter = 0;
  private waiting: { id: number; resolve: (r: ThroughputResult) => void; reject: (e: Error) => void } | null = null;

  private constructor(private readonly child: ChildProcess | null) {}

  /** 'same' runs the loop in this process; 'child' forks the load generator and waits until it is ready. */
  static async start(placement: ClientPlacement): Promise<LoadClient> {
    if (placement === 'same') return new LoadClient(null);
    const child = fork(path.join(__dirname, 'load-child.ts'), [], { execArgv: ['--require', 'tsx/cjs'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const client = new LoadClient(child);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('load generator did not start')), START_TIMEOUT_MS);
      child.on('message', (msg: LoadResponse) => {
        if ('ready' in msg) {
          clearTimeout(timer);
          resolve();
          return;
        }
        const w = client.waiting;
        if (w === null || w.id !== msg.id) return;
        client.waiting = null;
        if (msg.ok) w.resolve(msg.result);
        else w.reject(Object.assign(new Error(msg.message), { errors: msg.errors }));
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        const err = new Error(`load generator exited (code ${code}, signal ${signal})`);
        client.waiting?.reject(err);
        client.waiting = null;
        reject(err); // no-op once started
      });
      child.on('error', () => {
        /* 'exit' follows */
      });
    });
    return client;
  }

  /** The process the load loop runs in (this one for 'same'). */
  get pid(): number {
    return this.child?.pid ?? process.pid;
  }

  get placement(): ClientPlacement {
    return this.child === null ? 'same' : 'child';
  }

  /** One throughput run; a Ctrl-C (signal) here stops it at the run's end in the child. */
  run(target: HttpTarget, options: ThroughputOptions & { checkName?: CheckName }): Promise<ThroughputResult> {
    const { checkName, signal, check, ...plain } = options;
    if (this.child === null) return runThroughput(target, { ...plain, signal, check: check ?? (checkName === undefined ? undefined : CHECKS[checkName]) });
    if (signal?.aborted) return Promise.reject(new Error('aborted'));
    const id = ++this.counter;
    const child = this.child;
    return new Promise((resolve, reject) => {
      this.waiting = { id, resolve, reject };
      const request: LoadRequest = { id, target, options: plain, ...(checkName === undefined ? {} : { check: checkName }) };
      child.send(request);
    });
  }

  async stop(): Promise<void> {
    if (this.child !== null) await stopChild(this.child);
  }

}
