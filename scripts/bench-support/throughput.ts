/**
 * Closed-loop throughput: C keep-alive connections (one agent with maxSockets 1 each, so
 * exactly C sockets), each sending its next request as soon as the previous response body
 * has arrived, for a warm-up and then a fixed measured window. This is what autocannon
 * -c C -d D does, written with node:http so the project needs no load-generator dependency.
 *
 * A request counts if its response completes inside the measured window; its latency is
 * kept too (mean latency ≈ C / req/s, a sanity check). Every response's status is checked;
 * the first failure stops all connections and the run throws after they have drained, so a
 * broken server cannot produce a fast-looking number.
 */
import http from 'node:http';
import { oneRequest, type HttpResponseData, type HttpTarget } from './http-loop';
import { summarize, type LatencySummary } from './stats';

export interface ThroughputOptions {
  readonly connections: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  /** Extra check on a response that already has status 200; return an error message, or undefined. */
  readonly check?: (response: HttpResponseData) => string | undefined;
  /** Check only every k-th response of a connection with `check` (status is always checked). Default 1. */
  readonly checkEvery?: number;
  readonly signal?: AbortSignal;
}

export interface ThroughputResult {
  /** Responses completed inside the measured window, per second of that window. */
  readonly rps: number;
  readonly requests: number;
  readonly seconds: number;
  readonly latency: LatencySummary;
  /** Latency of every counted response, µs, so rounds can be merged exactly. */
  readonly samplesUs: readonly number[];
  /** Responses that were not 200 or failed `check`, over warm-up and window together. */
  readonly errors: number;
  /** Sockets opened; more than `connections` means keep-alive did not hold. */
  readonly sockets: number;
}

export async function runThroughput(target: HttpTarget, options: ThroughputOptions): Promise<ThroughputResult> {
  const checkEvery = options.checkEvery ?? 1;
  const agents = Array.from({ length: options.connections }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
  const samplesUs: number[] = [];
  let errors = 0;
  let sockets = 0;
  let firstError: Error | undefined;
  let stop = false;
  const t0 = process.hrtime.bigint();
  const windowStart = t0 + BigInt(Math.round(options.warmupMs * 1e6));
  const windowEnd = windowStart + BigInt(Math.round(options.durationMs * 1e6));

  const worker = async (agent: http.Agent) => {
    for (let i = 0; !stop; i++) {
      if (options.signal?.aborted) {
        stop = true;
        firstError ??= new Error('aborted');
        return;
      }
      let result: Awaited<ReturnType<typeof oneRequest>>;
      try {
        result = await oneRequest(agent, target);
      } catch (err) {
        errors++;
        stop = true;
        firstError ??= err instanceof Error ? err : new Error(String(err));
        return;
      }
      const now = process.hrtime.bigint();
      if (!result.reused) sockets++;
      const { response } = result;
      const problem =
        response.status !== 200
          ? `HTTP ${response.status}: ${response.body.slice(0, 300)}`
          : i % checkEvery === 0
            ? options.check?.(response)
            : undefined;
      if (problem !== undefined) {
        errors++;
        stop = true;
        firstError ??= new Error(`${target.method} ${target.path} failed: ${problem}`);
        return;
      }
      if (now > windowEnd) {
        stop = true;
        return;
      }
      if (now >= windowStart) samplesUs.push(result.us);
    }
  };

  try {
    await Promise.all(agents.map(worker));
  } finally {
    for (const agent of agents) agent.destroy();
  }
  if (firstError !== undefined) throw Object.assign(firstError, { errors });
  const seconds = options.durationMs / 1000;
  return { rps: samplesUs.length / seconds, requests: samplesUs.length, seconds, latency: summarize(samplesUs), samplesUs, errors, sockets };
}
