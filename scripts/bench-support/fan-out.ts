/**
 * Baseline for anything that asks every node: N minimal echo children (echo-child.js) and
 * a Promise.all over one send → reply per child. This is the floor a coordinator's
 * fan-out can reach with Node IPC; the gap between it and a real fan-out is our overhead.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { stopChild } from './child';
import { elapsedUs } from './stats';

const ECHO_CHILD = path.join(__dirname, 'echo-child.js');
const START_TIMEOUT_MS = 30_000;

type Reply = { kind: string; inReplyTo?: string };

interface Echo {
  readonly child: ChildProcess;
  /** At most one round trip is in flight per child, so one slot is enough. */
  waiting: { id: string; resolve: () => void; reject: (err: Error) => void } | null;
}

export class EchoFleet {
  private constructor(private readonly echoes: readonly Echo[]) {}

  /** Forks `n` echo children in parallel and waits until every one has said ready. */
  static async start(n: number): Promise<EchoFleet> {
    const echoes: Echo[] = [];
    const fleet = new EchoFleet(echoes);
    try {
      await Promise.all(Array.from({ length: n }, () => startOne(echoes)));
    } catch (err) {
      await fleet.stop();
      throw err;
    }
    return fleet;
  }

  /** The children's pids, to read their CPU time. */
  get pids(): number[] {
    return this.echoes.flatMap((e) => (e.child.pid === undefined ? [] : [e.child.pid]));
  }

  /** One fan-out: the same envelope to every child, resolved when all have replied. */
  roundTrip(id: string, request: unknown): Promise<void> {
    return Promise.all(
      this.echoes.map(
        (echo) =>
          new Promise<void>((resolve, reject) => {
            echo.waiting = { id, resolve, reject };
            echo.child.send({ kind: 'request', id, request });
          }),
      ),
    ).then(() => undefined);
  }

  /** Ends every child and waits for its exit, so no process outlives the benchmark. */
  async stop(): Promise<void> {
    await Promise.all(this.echoes.map((e) => stopChild(e.child)));
  }
}

function startOne(echoes: Echo[]): Promise<void> {
  // stdio 'ignore' + ipc: the children have nothing to say, and no inherited pipes to keep alive.
  const child = fork(ECHO_CHILD, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: [] });
  const echo: Echo = { child, waiting: null };
  echoes.push(echo);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('echo child did not start')), START_TIMEOUT_MS);
    child.on('message', (msg: Reply) => {
      if (msg.kind === 'ready') {
        clearTimeout(timer);
        resolve();
        return;
      }
      const waiting = echo.waiting;
      if (waiting === null || msg.inReplyTo !== waiting.id) return;
      echo.waiting = null;
      waiting.resolve();
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const err = new Error(`echo child ${child.pid} exited (code ${code}, signal ${signal})`);
      echo.waiting?.reject(err);
      echo.waiting = null;
      reject(err); // no-op once started
    });
    child.on('error', () => {
      /* 'exit' follows; without a listener an EPIPE would crash the benchmark */
    });
  });
}


export interface FanOutLoopOptions {
  readonly warmup: number;
  readonly requests: number;
  /** The payload each child receives, shaped like the real request so JSON cost is similar. */
  readonly request: unknown;
  readonly signal?: AbortSignal;
}

/** Sequential fan-outs, timed like the HTTP loop: warm-up discarded, one µs sample per round. */
export function runFanOutLoop(fleet: EchoFleet, options: FanOutLoopOptions): Promise<number[]> {
  return runTimedLoop(options.warmup, options.requests, (i) => fleet.roundTrip(String(i + 1), options.request), options.signal);
}

/** `warmup + requests` sequential calls of `once(i)`, one µs sample per measured call. */
export async function runTimedLoop(warmup: number, requests: number, once: (i: number) => Promise<unknown>, signal?: AbortSignal): Promise<number[]> {
  const samplesUs: number[] = [];
  for (let i = 0; i < warmup + requests; i++) {
    if (signal?.aborted) throw new Error('aborted');
    const start = process.hrtime.bigint();
    await once(i);
    const us = elapsedUs(start);
    if (i >= warmup) samplesUs.push(us);
  }
  return samplesUs;
}
