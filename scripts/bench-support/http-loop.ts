/**
 * The client loop every HTTP benchmark uses, so baselines and the system under test are
 * measured the same way: one keep-alive connection (maxSockets 1), strictly sequential
 * requests, a warm-up that is thrown away, then one hrtime sample per request.
 *
 * The timer stops when the response body has fully arrived; checking the response
 * (status, JSON parse) happens after the sample is taken, so validation never inflates
 * the numbers of the server being measured.
 */
import http, { type OutgoingHttpHeaders } from 'node:http';
import { elapsedUs } from './stats';

export interface HttpTarget {
  readonly host: string;
  readonly port: number;
  readonly method: string;
  readonly path: string;
  readonly headers?: OutgoingHttpHeaders;
}

export interface HttpResponseData {
  readonly status: number;
  readonly body: string;
}

export interface LoopOptions {
  readonly warmup: number;
  readonly requests: number;
  /** Returns an error message to abort the run, or undefined if the response is fine. */
  readonly check?: (response: HttpResponseData) => string | undefined;
  readonly signal?: AbortSignal;
  /**
   * A keep-alive agent (maxSockets 1) to reuse across calls, so a benchmark can run the
   * loop in several blocks on one connection; without it the loop makes and destroys its own.
   */
  readonly agent?: http.Agent;
}

export interface LoopResult {
  /** One latency per measured request, µs, in request order. */
  readonly samplesUs: number[];
  /** TCP connections opened; more than 1 means keep-alive did not hold and samples include connects. */
  readonly connections: number;
}

export async function runHttpLoop(target: HttpTarget, options: LoopOptions): Promise<LoopResult> {
  const agent = options.agent ?? keepAliveAgent();
  let connections = 0;
  const samplesUs: number[] = [];
  try {
    const total = options.warmup + options.requests;
    for (let i = 0; i < total; i++) {
      if (options.signal?.aborted) throw new Error('aborted');
      const { response, us, reused } = await oneRequest(agent, target);
      if (!reused) connections++;
      const problem = response.status === 200 ? options.check?.(response) : `HTTP ${response.status}: ${response.body.slice(0, 300)}`;
      if (problem !== undefined) throw new Error(`request ${i} to ${target.method} ${target.path} failed: ${problem}`);
      if (i >= options.warmup) samplesUs.push(us);
    }
  } finally {
    // Without this the idle keep-alive socket would hold the server's close() open.
    if (options.agent === undefined) agent.destroy();
  }
  return { samplesUs, connections };
}

/** One connection, reused: the loop measures request latency, not TCP set-up. */
export function keepAliveAgent(): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: 1 });
}

/** One request on `agent`, timed until its body has fully arrived; also used by throughput.ts. */
export function oneRequest(agent: http.Agent, target: HttpTarget): Promise<{ response: HttpResponseData; us: number; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const req = http.request(
      {
        agent,
        host: target.host,
        port: target.port,
        method: target.method,
        path: target.path,
        // POST & co.: an explicit zero length (no chunked encoding; the server sees "no body").
        // GET/HEAD: no length header at all, as curl and HTTP clients send them; a
        // `content-length: 0` on a GET makes body parsers read an empty body.
        headers: { ...(target.method === 'GET' || target.method === 'HEAD' ? {} : { 'content-length': 0 }), ...target.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const us = elapsedUs(start);
          resolve({ response: { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }, us, reused: req.reusedSocket });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}
