/**
 * `npm run bench:clear` — clear-cache latency through HTTP at several cluster sizes, next
 * to two baselines measured in the same run on the same machine:
 *   A. an express 5 route that does nothing (the HTTP + express floor), and
 *   B. a raw IPC fan-out to N echo children (the fan-out floor).
 * Target (per size): clear p50 ≤ 1.5 × (A p50 + B p50), the floor. Exit code 1 if any size misses it.
 * Two diagnostics, not in the ratio: C, the cluster's own fan-out without HTTP, to tell our
 * fan-out from our HTTP layer; D, A and B in one request (an express route that makes the
 * raw fan-out and answers a body as big as the clear's), the floor of a clear's pattern.
 * D / (A + B) is what that pattern costs over the floor with no layer of ours: where it is
 * near 1.5, no implementation can meet the target on that machine.
 *
 * The cluster is real node processes running compiled code (dist/, built by prebench), so
 * the numbers are the ones `npm start` would give, not tsx's.
 *
 * Where the time goes (per size, after the timed rounds, unless --breakdown never):
 *   - CPU per request of each subject, from /proc schedstat over the timed rounds: this
 *     process (server and client alike), the nodes, the echo children;
 *   - a CPU profile of this process over --breakdown-requests more clears (not timed), each
 *     sample charged to the layer of ours innermost on its stack (profile-breakdown.ts).
 * A busy machine (load average, or other processes' share of the CPU during the timed
 * rounds ≥ 10%) is reported with a WARNING: its figures are not for the README.
 *
 * Warm-up: each subject runs blocks of requests until its p50 stops improving (warm-up.ts:
 * V8 optimizes a node's per-message code only after thousands of clears); `--warmup N`
 * runs a fixed N instead. The clear's first block, a fresh cluster's, is reported too.
 *
 * Flags: --sizes 3,10,50   --requests N (all sizes)   --warmup steady|N   --rounds N
 *        --breakdown always|never   --breakdown-requests N
 */
import { runBench } from './bench-support/run-bench';
import { abortOnInterrupt } from './bench-support/interrupt';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type * as Sim from '../src/index';
import type { NodeRequest } from '../src/protocol';
import { intList, parseArgs, positiveInt, UsageError } from './bench-support/args';
import { closeServer, EXPRESS_BASELINE_PATH, EXPRESS_FAN_OUT_PATH, listen, portOf, startExpressBaseline, startExpressFanOut } from './bench-support/express-baseline';
import { EchoFleet, runFanOutLoop, runTimedLoop } from './bench-support/fan-out';
import { keepAliveAgent, runHttpLoop, type HttpResponseData, type HttpTarget } from './bench-support/http-loop';
import { formatUs, summarize, type LatencySummary } from './bench-support/stats';
import { markdownTable, textTable } from './bench-support/table';
import { delta, machineBusyMs, snapshot, type CpuSnapshot } from './bench-support/cpu';
import { profileBreakdown, type Breakdown } from './bench-support/profile-breakdown';
import { DEFAULT_WARM_UP, warmUntilSteady, type WarmUpResult } from './bench-support/warm-up';
import { commitOf, loadAverage, overloaded, reproduce, utcMinute } from './bench-support/run-info';

// Compiled code, typed by the sources it was compiled from: a .ts import would run through tsx.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sim = require(path.join(__dirname, '..', 'dist', 'index.js')) as typeof Sim;

const CLEAR_PATH = '/_security/service/elastic/fleet-server/credential/token/token1/_clear_cache';
const AUTH = `Basic ${Buffer.from('elastic:changeme').toString('base64')}`;
/** What a node receives for that clear; the echo baseline sends the same, for equal JSON cost. */
const CLEAR_REQUEST: NodeRequest = { type: 'clear-cache', cacheName: 'service', keys: ['elastic/fleet-server/token1'] };
const TARGET_FACTOR = 1.5;
/** Other processes above this share of the machine's CPU during the timed rounds make the figures suspect. */
const DISTURBED_SHARE = 0.1;

interface Plan {
  sizes: number[];
  /** Fixed warm-up requests per subject; undefined: until steady (warm-up.ts). */
  warmup: number | undefined;
  /** Measured requests per size; undefined = the default for that size. */
  requests: number | undefined;
  /** Measurement is split into this many rounds of A, B, clear, so drift hits all three alike. */
  rounds: number;
  breakdown: boolean;
  breakdownRequests: number;
}

/** CPU µs per request over the timed rounds: this process (server + client), and the children involved. */
interface CpuPerRequest {
  clear: { here: number; nodes: number };
  channels: { here: number; nodes: number };
  oneRequest: { here: number; echoes: number };
  express: { here: number };
  fanOut: { here: number; echoes: number };
  /** Share of the machine's CPU that processes not ours took during the timed rounds. */
  othersShare: number;
}

interface SizeResult {
  nodes: number;
  clear: LatencySummary;
  express: LatencySummary;
  fanOut: LatencySummary;
  /** The ratio of each interleaved round on its own, in round order: its spread is the figure's uncertainty. */
  roundRatios: number[];
  /** Diagnostic, not in the ratio: the same fan-out through the cluster's own channels and nodes, without HTTP. */
  channels: LatencySummary;
  /** Diagnostic, not in the ratio: express route → raw fan-out → a response as big as the clear's, in one request (D). */
  oneRequest: LatencySummary;
  target: number;
  ratio: number;
  pass: boolean;
  cpu: CpuPerRequest;
  breakdown: Breakdown | undefined;
  /** Per subject: requests run before measuring, whether they reached a steady p50, and the first block's p50 (a fresh cluster's). */
  warmUp: { clear: WarmUpResult; express: WarmUpResult; fanOut: WarmUpResult; channels: WarmUpResult; oneRequest: WarmUpResult };
}

/** 2000 samples keep p99 honest at small sizes; 1000 at 50 nodes keeps the run near two minutes. */
function defaultRequests(nodes: number): number {
  return nodes >= 50 ? 1000 : 2000;
}

function parsePlan(argv: readonly string[]): Plan {
  const flags = parseArgs(argv, ['--sizes', '--requests', '--warmup', '--rounds', '--breakdown', '--breakdown-requests']);
  const breakdown = flags['--breakdown'] ?? 'always';
  if (breakdown !== 'always' && breakdown !== 'never') throw new UsageError(`flag [--breakdown] must be [always] or [never], got [${breakdown}]`);
  return {
    breakdown: breakdown === 'always',
    breakdownRequests: flags['--breakdown-requests'] === undefined ? 1000 : positiveInt('--breakdown-requests', flags['--breakdown-requests']),
    sizes: flags['--sizes'] === undefined ? [3, 10, 50] : intList('--sizes', flags['--sizes']),
    requests: flags['--requests'] === undefined ? undefined : positiveInt('--requests', flags['--requests']),
    warmup: flags['--warmup'] === undefined || flags['--warmup'] === 'steady' ? undefined : positiveInt('--warmup', flags['--warmup']),
    rounds: flags['--rounds'] === undefined ? 10 : positiveInt('--rounds', flags['--rounds']),
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
  let oneRequestServer: Server | undefined;
  let fleet: EchoFleet | undefined;
  const clearAgent = keepAliveAgent();
  const expressAgent = keepAliveAgent();
  const oneRequestAgent = keepAliveAgent();
  try {
    const t0 = Date.now();
    const started = await sim.createCluster({ host: 'process', nodes, port: 0, dataDir });
    cluster = started.cluster;
    clusterServer = await listen(started.app, 0);
    fleet = await EchoFleet.start(nodes);
    baselineServer = await startExpressBaseline();
    const echoes = fleet;
    oneRequestServer = await startExpressFanOut((id) => echoes.roundTrip(id, CLEAR_REQUEST), nodesBodyLike(nodes));
    process.stdout.write(`  ${nodes} nodes + ${nodes} echo children up in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);

    const clearTarget: HttpTarget = { host: '127.0.0.1', port: portOf(clusterServer), method: 'POST', path: CLEAR_PATH, headers: { authorization: AUTH } };
    const expressTarget: HttpTarget = { host: '127.0.0.1', port: portOf(baselineServer), method: 'POST', path: EXPRESS_BASELINE_PATH };
    const oneRequestTarget: HttpTarget = { host: '127.0.0.1', port: portOf(oneRequestServer), method: 'POST', path: EXPRESS_FAN_OUT_PATH };
    const oneRequestLoop = async (n: number) => (await runHttpLoop(oneRequestTarget, { warmup: 0, requests: n, agent: oneRequestAgent, signal })).samplesUs;
    const check = checkClear(nodes);
    const samples = { clear: [] as number[], express: [] as number[], fanOut: [] as number[], channels: [] as number[], oneRequest: [] as number[] };
    const simCluster = started.cluster;
    const channelsLoop = (n: number) => runTimedLoop(0, n, () => simCluster.fanOut(CLEAR_REQUEST), signal);
    let connections = { clear: 0, express: 0 };
    const nodePids = cluster.nodes().flatMap((n) => (n.pid === null ? [] : [n.pid]));
    const groups = { here: [process.pid], nodes: nodePids, echoes: fleet.pids };
    const take = (): CpuSnapshot => ({ ...snapshot(groups), machine: machineBusyMs() ?? 0 });
    const spent = { clear: zeroCpu(), express: zeroCpu(), fanOut: zeroCpu(), channels: zeroCpu(), oneRequest: zeroCpu() };
    const timed = async <T>(into: CpuSnapshot, run: () => Promise<T>): Promise<T> => {
      const before = take();
      const result = await run();
      for (const [k, v] of Object.entries(delta(before, take()))) into[k] = (into[k] ?? 0) + v;
      return result;
    };
    let elapsedMs = 0;

    // Warm-up per subject (JIT above all: see warm-up.ts), then interleaved rounds.
    const warm = (block: (n: number) => Promise<readonly number[]>) => (plan.warmup === undefined ? warmUntilSteady(block) : block(plan.warmup).then(fixedWarmUp));
    const warmFleet = fleet;
    const warmUp = {
      express: await warm(async (n) => (await runHttpLoop(expressTarget, { warmup: 0, requests: n, agent: expressAgent, signal })).samplesUs),
      fanOut: await warm((n) => runFanOutLoop(warmFleet, { warmup: 0, requests: n, request: CLEAR_REQUEST, signal })),
      clear: await warm(async (n) => (await runHttpLoop(clearTarget, { warmup: 0, requests: n, agent: clearAgent, check, signal })).samplesUs),
      channels: await warm(channelsLoop),
      oneRequest: await warm(oneRequestLoop),
    };
    process.stdout.write(`  ${warmUpReport(warmUp)}\n`);
    const roundsStarted = Date.now();
    const roundRatios: number[] = [];
    for (const count of split(requests, plan.rounds)) {
      const a = await timed(spent.express, () => runHttpLoop(expressTarget, { warmup: 0, requests: count, agent: expressAgent, signal }));
      samples.express.push(...a.samplesUs);
      const b = await timed(spent.fanOut, () => runFanOutLoop(fleet as EchoFleet, { warmup: 0, requests: count, request: CLEAR_REQUEST, signal }));
      samples.fanOut.push(...b);
      const c = await timed(spent.clear, () => runHttpLoop(clearTarget, { warmup: 0, requests: count, agent: clearAgent, check, signal }));
      samples.clear.push(...c.samplesUs);
      // The same ratio within one round: how far the machine's drift moves it.
      roundRatios.push(summarize(c.samplesUs).p50 / (summarize(a.samplesUs).p50 + summarize(b).p50));
      samples.channels.push(...(await timed(spent.channels, () => channelsLoop(count))));
      samples.oneRequest.push(...(await timed(spent.oneRequest, () => oneRequestLoop(count))));
      connections = { clear: connections.clear + c.connections, express: connections.express + a.connections };
    }
    // A reconnect inside the measurement would put a TCP handshake into a sample; say so.
    if (connections.clear + connections.express > 0) {
      process.stdout.write(`  note: ${connections.clear} clear / ${connections.express} express reconnects during measurement\n`);
    }

    elapsedMs = Date.now() - roundsStarted;
    const perRequest = (ms: number | undefined) => ((ms ?? 0) * 1000) / requests;
    const ours = (c: CpuSnapshot) => Object.entries(c).reduce((a, [k, v]) => (k === 'machine' ? a : a + v), 0);
    const others = [spent.clear, spent.express, spent.fanOut, spent.channels, spent.oneRequest].reduce((a, c) => a + Math.max(0, (c.machine ?? 0) - ours(c)), 0);
    const cpu: CpuPerRequest = {
      clear: { here: perRequest(spent.clear.here), nodes: perRequest(spent.clear.nodes) },
      channels: { here: perRequest(spent.channels.here), nodes: perRequest(spent.channels.nodes) },
      oneRequest: { here: perRequest(spent.oneRequest.here), echoes: perRequest(spent.oneRequest.echoes) },
      express: { here: perRequest(spent.express.here) },
      fanOut: { here: perRequest(spent.fanOut.here), echoes: perRequest(spent.fanOut.echoes) },
      othersShare: others / (elapsedMs * os.cpus().length),
    };
    const breakdown = plan.breakdown
      ? await profileBreakdown(plan.breakdownRequests, async () => void (await runHttpLoop(clearTarget, { warmup: 0, requests: plan.breakdownRequests, agent: clearAgent, check, signal })))
      : undefined;

    const clear = summarize(samples.clear);
    const express = summarize(samples.express);
    const fanOut = summarize(samples.fanOut);
    const channels = summarize(samples.channels);
    const oneRequest = summarize(samples.oneRequest);
    const floor = express.p50 + fanOut.p50;
    return { nodes, roundRatios, clear, express, fanOut, channels, oneRequest, target: TARGET_FACTOR * floor, ratio: clear.p50 / floor, pass: clear.p50 <= TARGET_FACTOR * floor, cpu, breakdown, warmUp };
  } finally {
    // Everything this size started, in reverse, even after a failure or Ctrl-C.
    clearAgent.destroy();
    expressAgent.destroy();
    oneRequestAgent.destroy();
    if (oneRequestServer !== undefined) await closeServer(oneRequestServer);
    if (baselineServer !== undefined) await closeServer(baselineServer);
    if (fleet !== undefined) await fleet.stop();
    if (clusterServer !== undefined) await closeServer(clusterServer);
    if (cluster !== undefined) await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * A body shaped and sized like the clear's response for `nodes` nodes (ids as long as
 * NanoId's 22 characters), so D renders and sends as many bytes as the clear does.
 */
function nodesBodyLike(nodes: number): unknown {
  const entries = Array.from({ length: nodes }, (_, i) => [`${'x'.repeat(20)}${String(i).padStart(2, '0')}`, { name: `node-${i + 1}` }]);
  return { _nodes: { total: nodes, successful: nodes, failed: 0 }, cluster_name: 'elasticsearch', nodes: Object.fromEntries(entries) };
}

/** A fixed warm-up (--warmup N) as a WarmUpResult: its first block's p50 and its whole p50, settled by decree. */
function fixedWarmUp(samples: readonly number[]): WarmUpResult {
  const first = samples.slice(0, DEFAULT_WARM_UP.blockSize);
  return { requests: samples.length, blockP50s: samples.length === 0 ? [] : [summarize(first).p50, summarize(samples).p50], settled: true };
}

function warmUpReport(w: SizeResult['warmUp']): string {
  const one = (name: string, r: WarmUpResult) =>
    `${name} ${r.requests}${r.settled ? '' : ' (p50 still improving: not settled)'}, first ${DEFAULT_WARM_UP.blockSize} p50 ${formatUs(r.blockP50s[0] ?? 0)} → last ${formatUs(r.blockP50s[r.blockP50s.length - 1] ?? 0)}`;
  return `warm-up until steady: ${one('clear', w.clear)}; ${one('A', w.express)}; ${one('B', w.fanOut)}; ${one('C', w.channels)}; ${one('D', w.oneRequest)}`;
}

function zeroCpu(): CpuSnapshot {
  return {};
}

function spread(xs: readonly number[]): string {
  const sorted = [...xs].sort((a, b) => a - b);
  return `median ${(summarize(sorted).p50).toFixed(2)}, min ${(sorted[0] ?? 0).toFixed(2)}, max ${(sorted[sorted.length - 1] ?? 0).toFixed(2)}`;
}

function cpuReport(r: SizeResult): string {
  const c = r.cpu;
  const f = (us: number) => us.toFixed(0);
  return [
    `CPU per request (schedstat, timed rounds): this process ${f(c.clear.here)} µs for a clear vs ${f(c.express.here)} (A) + ${f(c.fanOut.here)} (B) = ${f(c.express.here + c.fanOut.here)} µs;`,
    `  each node ${f(c.clear.nodes / r.nodes)} µs per clear vs each echo child ${f(c.fanOut.echoes / r.nodes)} µs per round trip; others on the machine: ${(c.othersShare * 100).toFixed(0)}% of its CPU`,
    `  C (cluster.fanOut(), no HTTP): this process ${f(c.channels.here)} µs vs B's ${f(c.fanOut.here)}, each node ${f(c.channels.nodes / r.nodes)} µs`,
    `  D (express route → raw fan-out, one request): this process ${f(c.oneRequest.here)} µs, each echo child ${f(c.oneRequest.echoes / r.nodes)} µs`,
  ].join('\n');
}

function breakdownReport(b: Breakdown, nodes: number): string {
  const rows = b.rows.map((row) => [row.layer, row.usPerRequest.toFixed(0), `${(row.share * 100).toFixed(1)}%`]);
  const total = b.rows.reduce((a, row) => a + row.usPerRequest, 0);
  rows.push(['= wall time per clear, profiled', total.toFixed(0), '100%']);
  return `where a clear's time goes in this process (${nodes} nodes; CPU profile over ${b.requests} clears, one sample per ~${b.samplingUs.toFixed(0)} µs; client included, profiling slows it):\n${textTable(['layer', 'µs/clear', 'share'], rows)}`;
}

function sizeReport(r: SizeResult): string {
  const row = (name: string, s: LatencySummary) => [name, formatUs(s.p50), formatUs(s.p99), formatUs(s.mean), String(s.n)];
  const table = textTable(
    ['', 'p50', 'p99', 'mean', 'n'],
    [
      row('clear (HTTP → N nodes)', r.clear),
      row('A: express no-op route', r.express),
      row('B: raw IPC fan-out', r.fanOut),
      row('C: cluster.fanOut(), no HTTP', r.channels),
      row('D: express route → raw fan-out', r.oneRequest),
    ],
  );
  const verdict =
    `target = ${TARGET_FACTOR} × (A p50 + B p50) = ${formatUs(r.target)};  ratio = clear p50 / (A p50 + B p50) = ${r.ratio.toFixed(2)}  → ${r.pass ? 'PASS' : 'FAIL'} (≤ ${TARGET_FACTOR.toFixed(2)})\n` +
    `  the same ratio round by round: ${r.roundRatios.map((x) => x.toFixed(2)).join(' ')} (${spread(r.roundRatios)})\n` +
    `  D / (A + B) = ${(r.oneRequest.p50 / (r.express.p50 + r.fanOut.p50)).toFixed(2)}: what HTTP and a fan-out in one request cost over the floor with no layer of ours; clear / D = ${(r.clear.p50 / r.oneRequest.p50).toFixed(2)}`;
  const parts = [table, verdict, cpuReport(r)];
  if (r.cpu.othersShare >= DISTURBED_SHARE) parts.push(`WARNING: other processes took ${(r.cpu.othersShare * 100).toFixed(0)}% of the machine's CPU during these rounds: the ratio is suspect; rerun on a quiet machine`);
  if (r.breakdown !== undefined) parts.push(breakdownReport(r.breakdown, r.nodes));
  return parts.join('\n');
}

function summaryTable(results: readonly SizeResult[]): string {
  return markdownTable(
    ['nodes', `fresh cluster: first ${DEFAULT_WARM_UP.blockSize} clears p50`, 'clear p50', 'clear p99', 'express p50 (A)', 'fan-out p50 (B)', 'floor A + B', 'ratio clear / floor', 'ratio by round: min–max', `target ≤ ${TARGET_FACTOR}`, 'one request (D) p50', 'D / floor', 'clear / D'],
    results.map((r) => [
      String(r.nodes),
      formatUs(r.warmUp.clear.blockP50s[0] ?? 0),
      formatUs(r.clear.p50),
      formatUs(r.clear.p99),
      formatUs(r.express.p50),
      formatUs(r.fanOut.p50),
      formatUs(r.express.p50 + r.fanOut.p50),
      r.ratio.toFixed(2),
      `${Math.min(...r.roundRatios).toFixed(2)}–${Math.max(...r.roundRatios).toFixed(2)}`,
      r.pass ? 'PASS' : 'FAIL',
      formatUs(r.oneRequest.p50),
      (r.oneRequest.p50 / (r.express.p50 + r.fanOut.p50)).toFixed(2),
      (r.clear.p50 / r.oneRequest.p50).toFixed(2),
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
      `sizes ${plan.sizes.join(', ')}; warm-up ${plan.warmup ?? 'until steady'}; requests ${plan.requests ?? 'default (2000; 1000 at ≥50 nodes)'}; ${plan.rounds} interleaved rounds\n` +
      `request: POST ${CLEAR_PATH}\n`,
  );
  const commit = commitOf();
  const loadBefore = loadAverage();
  const date = utcMinute();
  process.stdout.write(`commit ${commit}; ${date}; load average before: ${loadBefore}\n`);
  const results: SizeResult[] = [];
  for (const nodes of plan.sizes) {
    process.stdout.write(`\n== ${nodes} nodes ==\n`);
    const result = await benchSize(nodes, plan, signal);
    process.stdout.write(`${sizeReport(result)}\n`);
    results.push(result);
  }
  const loadAfter = loadAverage();
  const busy = results.filter((r) => r.cpu.othersShare >= DISTURBED_SHARE);
  // Before only: the load average after counts this bench's own node and echo processes.
  const loaded = overloaded(loadBefore);
  const loadNote = `load average ${loadBefore} before, ${loadAfter} after; others took ${results.map((r) => `${(r.cpu.othersShare * 100).toFixed(0)}%`).join(' / ')} of the CPU (at ${results.map((r) => r.nodes).join(' / ')} nodes)`;
  process.stdout.write(
    `\nSummary (markdown, for the README; ${os.cpus().length} CPUs, node ${process.version}):\n\n` +
      `${summaryTable(results)}\n\n` +
      `${date}, commit ${commit}; ${loadNote}. Reproduce: \`${reproduce('bench:clear')}\`\n`,
  );
  if (busy.length > 0 || loaded) {
    process.stdout.write(`\nWARNING: the machine was busy (${loadNote}): these figures are not a quiet machine's; do not paste them as such\n`);
  }
  const failed = results.filter((r) => !r.pass);
  process.stdout.write(failed.length === 0 ? '\nall sizes meet the target\n' : `\ntarget missed at ${failed.map((r) => r.nodes).join(', ')} nodes\n`);
  return failed.length === 0 ? 0 : 1;
}

runBench('bench:clear', main);
