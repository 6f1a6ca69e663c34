/**
 * `npm run bench:clear` — clear-cache latency through HTTP at several cluster sizes, next
 * to two baselines measured in the same run on the same machine:
 *   A. an express 5 route that does nothing (the HTTP + express floor), and
 *   B. a raw IPC fan-out to N echo children (the fan-out floor).
 * Target (per size): clear p50 ≤ 2 × (A p50 + B p50). Exit code 1 if any size misses it.
 *
 * The cluster is real node processes running compiled code (dist/, built by prebench), so
 * the numbers are the ones `npm start` would give, not tsx's.
 *
 * Flags: --sizes 3,10,50   --requests N (all sizes)   --warmup N   --rounds N
 */
import { runBench } from './bench-support/run-bench';
import { abortOnInterrupt } from './bench-support/interrupt';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type * as Sim from '../src/index';
import { intList, parseArgs, positiveInt } from './bench-support/args';
import { closeServer, EXPRESS_BASELINE_PATH, listen, portOf, startExpressBaseline } from './bench-support/express-baseline';
import { EchoFleet, runFanOutLoop } from './bench-support/fan-out';
import { keepAliveAgent, runHttpLoop, type HttpResponseData, type HttpTarget } from './bench-support/http-loop';
import { formatUs, summarize, type LatencySummary } from './bench-support/stats';
import { markdownTable, textTable } from './bench-support/table';

// Compiled code, typed by the sources it was compiled from: a .ts import would run through tsx.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sim = require(path.join(__dirname, '..', 'dist', 'index.js')) as typeof Sim;

const CLEAR_PATH = '/_security/service/elastic/fleet-server/credential/token/token1/_clear_cache';
const AUTH = `Basic ${Buffer.from('elastic:changeme').toString('base64')}`;
/** What a node receives for that clear; the echo baseline sends the same, for equal JSON cost. */
const CLEAR_REQUEST = { type: 'clear-cache', cacheName: 'service', keys: ['elastic/fleet-server/token1'] };
const TARGET_FACTOR = 2;

interface Plan {
  sizes: number[];
  warmup: number;
  /** Measured requests per size; undefined = the default for that size. */
  requests: number | undefined;
  /** Measurement is split into this many rounds of A, B, clear, so drift hits all three alike. */
  rounds: number;
}

interface SizeResult {
  nodes: number;
  clear: LatencySummary;
  express: LatencySummary;
  fanOut: LatencySummary;
  target: number;
  ratio: number;
  pass: boolean;
}

/** 2000 samples keep p99 honest at small sizes; 500 at 50 nodes keeps the run near a minute. */
function defaultRequests(nodes: number): number {
  return nodes >= 50 ? 500 : 2000;
}

function parsePlan(argv: readonly string[]): Plan {
  const flags = parseArgs(argv, ['--sizes', '--requests', '--warmup', '--rounds']);
  return {
    sizes: flags['--sizes'] === undefined ? [3, 10, 50] : intList('--sizes', flags['--sizes']),
    requests: flags['--requests'] === undefined ? undefined : positiveInt('--requests', flags['--requests']),
    warmup: flags['--warmup'] === undefined ? 200 : positiveInt('--warmup', flags['--warmup']),
    rounds: flags['--rounds'] === undefined ? 4 : positiveInt('--rounds', flags['--rounds']),
  };
}

/** The clear must succeed on every node, or its latency means nothing. */
function checkClear(nodes: number): (r: HttpResponseData) => string | undefined {
  return (r) => {
    let header: { total?: unknown; failed?: unknown } | undefined;
    try {
      header = (JSON.parse(r.body) as { _nodes?: { total?: unknown; failed?: unknown } })._nodes;
    } catch {
      return `body is not JSON: ${r.body.slice(0, 200)}`;
    }
    if (header?.failed !== 0 || header.total !== nodes) return `_nodes is ${JSON.stringify(header)}, want ${nodes} nodes and 0 failed`;
    return undefined;
  };
}

/** Splits `total` into `rounds` near-equal positive parts. */
function split(total: number, rounds: number): number[] {
  const n = Math.min(rounds, total);
  return Array.from({ length: n }, (_, i) => Math.floor(total / n) + (i < total % n ? 1 : 0));
}

async function benchSize(nodes: number, plan: Plan, signal: AbortSignal): Promise<SizeResult> {
  const requests = plan.requests ?? defaultRequests(nodes);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-clear-'));
  let cluster: Sim.Cluster | undefined;
  let clusterServer: Server | undefined;
  let baselineServer: Server | undefined;
  let fleet: EchoFleet | undefined;
  const clearAgent = keepAliveAgent();
  const expressAgent = keepAliveAgent();
  try {
    const t0 = Date.now();
    const started = await sim.createCluster({ host: 'process', nodes, port: 0, dataDir });
    cluster = started.cluster;
    clusterServer = await listen(started.app, 0);
    fleet = await EchoFleet.start(nodes);
    baselineServer = await startExpressBaseline();
    process.stdout.write(`  ${nodes} nodes + ${nodes} echo children up in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);

    const clearTarget: HttpTarget = { host: '127.0.0.1', port: portOf(clusterServer), method: 'POST', path: CLEAR_PATH, headers: { authorization: AUTH } };
    const expressTarget: HttpTarget = { host: '127.0.0.1', port: portOf(baselineServer), method: 'POST', path: EXPRESS_BASELINE_PATH };
    const check = checkClear(nodes);
    const samples = { clear: [] as number[], express: [] as number[], fanOut: [] as number[] };
    let connections = { clear: 0, express: 0 };

    // Warm-up once per subject (JIT, connection, caches), then interleaved rounds.
    await runHttpLoop(expressTarget, { warmup: plan.warmup, requests: 0, agent: expressAgent, signal });
    await runFanOutLoop(fleet, { warmup: plan.warmup, requests: 0, request: CLEAR_REQUEST, signal });
    await runHttpLoop(clearTarget, { warmup: plan.warmup, requests: 0, agent: clearAgent, check, signal });
    for (const count of split(requests, plan.rounds)) {
      const a = await runHttpLoop(expressTarget, { warmup: 0, requests: count, agent: expressAgent, signal });
      samples.express.push(...a.samplesUs);
      samples.fanOut.push(...(await runFanOutLoop(fleet, { warmup: 0, requests: count, request: CLEAR_REQUEST, signal })));
      const c = await runHttpLoop(clearTarget, { warmup: 0, requests: count, agent: clearAgent, check, signal });
      samples.clear.push(...c.samplesUs);
      connections = { clear: connections.clear + c.connections, express: connections.express + a.connections };
    }
    // A reconnect inside the measurement would put a TCP handshake into a sample; say so.
    if (connections.clear + connections.express > 0) {
      process.stdout.write(`  note: ${connections.clear} clear / ${connections.express} express reconnects during measurement\n`);
    }

    const clear = summarize(samples.clear);
    const express = summarize(samples.express);
    const fanOut = summarize(samples.fanOut);
    const floor = express.p50 + fanOut.p50;
    return { nodes, clear, express, fanOut, target: TARGET_FACTOR * floor, ratio: clear.p50 / floor, pass: clear.p50 <= TARGET_FACTOR * floor };
  } finally {
    // Everything this size started, in reverse, even after a failure or Ctrl-C.
    clearAgent.destroy();
    expressAgent.destroy();
    if (baselineServer !== undefined) await closeServer(baselineServer);
    if (fleet !== undefined) await fleet.stop();
    if (clusterServer !== undefined) await closeServer(clusterServer);
    if (cluster !== undefined) await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function sizeReport(r: SizeResult): string {
  const row = (name: string, s: LatencySummary) => [name, formatUs(s.p50), formatUs(s.p99), formatUs(s.mean), String(s.n)];
  const table = textTable(
    ['', 'p50', 'p99', 'mean', 'n'],
    [row('clear (HTTP → N nodes)', r.clear), row('A: express no-op route', r.express), row('B: raw IPC fan-out', r.fanOut)],
  );
  const verdict = `target = ${TARGET_FACTOR} × (A p50 + B p50) = ${formatUs(r.target)};  ratio = clear p50 / (A p50 + B p50) = ${r.ratio.toFixed(2)}  → ${r.pass ? 'PASS' : 'FAIL'} (≤ ${TARGET_FACTOR.toFixed(2)})`;
  return `${table}\n${verdict}`;
}

function summaryTable(results: readonly SizeResult[]): string {
  return markdownTable(
    ['nodes', 'clear p50', 'clear p99', 'express p50', 'express p99', 'fan-out p50', 'fan-out p99', `target ${TARGET_FACTOR}×(A+B)`, 'ratio', 'result'],
    results.map((r) => [
      String(r.nodes),
      formatUs(r.clear.p50),
      formatUs(r.clear.p99),
      formatUs(r.express.p50),
      formatUs(r.express.p99),
      formatUs(r.fanOut.p50),
      formatUs(r.fanOut.p99),
      formatUs(r.target),
      r.ratio.toFixed(2),
      r.pass ? 'PASS' : 'FAIL',
    ]),
  );
}

async function main(): Promise<number> {
  const plan = parsePlan(process.argv.slice(2));
  const signal = abortOnInterrupt();
  const cpus = os.cpus();
  process.stdout.write(
    `bench:clear — node ${process.version}, ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'}), ` +
      `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}\n` +
      `sizes ${plan.sizes.join(', ')}; warm-up ${plan.warmup}; requests ${plan.requests ?? 'default (2000; 500 at ≥50 nodes)'}; ${plan.rounds} interleaved rounds\n` +
      `request: POST ${CLEAR_PATH}\n`,
  );
  const results: SizeResult[] = [];
  for (const nodes of plan.sizes) {
    process.stdout.write(`\n== ${nodes} nodes ==\n`);
    const result = await benchSize(nodes, plan, signal);
    process.stdout.write(`${sizeReport(result)}\n`);
    results.push(result);
  }
  process.stdout.write(`\nSummary (markdown; ${os.cpus().length} CPUs, node ${process.version}):\n\n${summaryTable(results)}\n`);
  const failed = results.filter((r) => !r.pass);
  process.stdout.write(failed.length === 0 ? '\nall sizes meet the target\n' : `\ntarget missed at ${failed.map((r) => r.nodes).join(', ')} nodes\n`);
  return failed.length === 0 ? 0 : 1;
}

runBench('bench:clear', main);
