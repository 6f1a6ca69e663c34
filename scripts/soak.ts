/**
 * `npm run soak` — the reliability suite: a seeded, bounded run against a real process
 * cluster (coordinator + node processes on loopback, temp data dir). It fuzzes the REST API
 * and raw HTTP and, under authentication and clear-cache load, adds and heals random
 * combinations of every fault type; then it heals everything and checks that every node is
 * up, every file is as before, every token authenticates as it should, nothing hung, no 5xx
 * Elasticsearch would not give, the coordinator's memory stayed bounded and it never
 * crashed, and no process is left. Ends with "N passed, M failed"; exit 0 iff all passed.
 *
 * `npm run soak -- --help` lists the flags. Every random choice comes from --seed (printed).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomSeed, SeededRandom } from '../src/sim/random';
import { UsageError } from './bench-support/args';
import { runChaos, SIM_TIMEOUT_MS, type ChaosFigures } from './soak/chaos';
import { check, type Check } from './soak/check';
import { CoordinatorProcess, sleep, type StartOptions } from './soak/coordinator-process';
import { finalChecks, snapshotFiles } from './soak/final-checks';
import { fuzzRequest } from './soak/fuzz';
import { SUPERUSER, TOKEN_PATH } from './soak/http-client';
import { authLoad, clearLoad, tokenLifecycle, type LoadContext } from './soak/load';
import { mb, MemorySampler } from './soak/memory';
import { HELP, parseSoakArgs, replayCommand, type SoakOptions } from './soak/options';
import { dataDirLockProbe, deepNestingProbe, filterPathProbes, killedCoordinatorProbe, typeProbes } from './soak/probes';
import { rawRound, slowloris } from './soak/raw-http';
import { Recorder } from './soak/recorder';
import { report } from './soak/report';
import { journalNext, StalledReader, streamedBytesSince } from './soak/stalled-reader';
import { TokenModel } from './soak/tokens';
import { SSE_MAX_BUFFERED_BYTES as STALLED_BOUND_BYTES } from '../src/http/routes/sim-events';

/** What loopback TCP send and receive buffers can absorb before the coordinator's own buffer grows. */
const KERNEL_SOCKET_BUFFERS_BYTES = 12 * 1024 * 1024;

/** A client gives a request the fan-out timeout plus this before calling it hung. */
const MARGIN_MS = 3_000;
const STOP_GRACE_MS = 10_000;

/** Each worker draws from its own stream of the seed, so its choices replay whatever the timing. */
function stream(seed: number, worker: number): SeededRandom {
  return new SeededRandom((seed ^ Math.imul(worker + 1, 0x9e3779b9)) >>> 0);
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function soak(o: SoakOptions): Promise<number> {
  const timeoutMs = o.fanOutTimeoutMs + MARGIN_MS;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'soak-'));
  const base: StartOptions = { entry: o.entry, dataDir, nodes: o.nodes, seed: o.seed, fanOutTimeoutMs: o.fanOutTimeoutMs, heapMb: o.heapMb };
  say(`soak: seed ${o.seed} (replay: ${replayCommand(o)})`);
  say(`soak: ${o.seconds} s of fuzz + faults on ${o.nodes} node processes (${o.entry}), fan-out timeout ${o.fanOutTimeoutMs} ms, client timeout ${timeoutMs} ms, data dir ${dataDir}`);
  const coordinator = await CoordinatorProcess.start(base);
  say(`soak: coordinator pid ${coordinator.pid} on port ${coordinator.port}, nodes ${[...coordinator.nodePids].join(', ')}`);
  const names = Array.from({ length: o.nodes }, (_, i) => `node-${i + 1}`);
  const recorder = new Recorder(coordinator.port);
  const memory = new MemorySampler(coordinator.pid);
  memory.start(250);
  const scan = setInterval(() => coordinator.scanChildren(), 500);
  const checks: Check[] = [];
  const tokens = new TokenModel();
  const stalled = new StalledReader();
  let chaos: ChaosFigures | undefined;
  let stalledDisconnected = false;
  const started = performance.now();
  try {
    const before = snapshotFiles(dataDir, names);
    // An index token first, so the security index exists for security-index faults.
    const first = await recorder.request({ kind: 'setup: create token', method: 'POST', path: `${TOKEN_PATH}/soak-0`, headers: { Authorization: SUPERUSER }, timeoutMs }, 200);
    if (first.status === 200) tokens.created('soak-0', (JSON.parse(first.body) as { token: { value: string } }).token.value, tokens.begin());
    say('soak: probes before the chaos (data-dir lock, wrong types, deep nesting)');
    checks.push(await dataDirLockProbe(base, coordinator.pid));
    checks.push(...(await typeProbes(recorder, timeoutMs)));
    checks.push(...(await deepNestingProbe(recorder, timeoutMs)));

    stalled.start(coordinator.port);
    const stalledFrom = await journalNext(coordinator.port);
    const deadline = performance.now() + o.seconds * 1000;
    const until = () => performance.now() >= deadline || coordinator.exit !== null;
    say(`soak: fuzz + faults for ${o.seconds} s`);
    const ctx = (worker: number): LoadContext => ({ random: stream(o.seed, worker), recorder, tokens, names, timeoutMs, until, sleep });
    const fuzz = async (worker: number) => {
      const random = stream(o.seed, worker);
      while (!until()) await recorder.request(fuzzRequest(random, timeoutMs));
    };
    const raw = async (worker: number) => {
      const random = stream(o.seed, worker);
      while (!until()) {
        if (random.next() < 0.03) await slowloris(coordinator.port, 2_000, 400, recorder, timeoutMs);
        else await rawRound(coordinator.port, random, timeoutMs, recorder);
      }
    };
    const [chaosFigures] = await Promise.all([
      runChaos({ ...ctx(0), fanOutTimeoutMs: o.fanOutTimeoutMs }),
      authLoad(ctx(1)), authLoad(ctx(2)), clearLoad(ctx(3)), tokenLifecycle(ctx(4)),
      fuzz(5), fuzz(6), raw(7),
    ]);
    chaos = chaosFigures;
    const crashedInChaos = coordinator.exit !== null;

    say('soak: heal everything, then check');
    if (!crashedInChaos) checks.push(...(await finalChecks({ recorder, names, dataDir, before, tokens, timeoutMs, simTimeoutMs: SIM_TIMEOUT_MS })));
    // Memory and the stalled reader are judged on the load phase and the checks, before the
    // hostile filter_path probes (which, if they blow up, are failures of their own).
    memory.stop();
    await stalled.wake(5_000);
    stalledDisconnected = stalled.disconnected;
    stalled.stop();
    const stalledBytes = coordinator.exit === null ? await streamedBytesSince(coordinator.port, stalledFrom) : Number.POSITIVE_INFINITY;
    if (coordinator.exit === null) checks.push(...(await filterPathProbes(recorder, timeoutMs)));
    const crashed = coordinator.exit;
    checks.push(check('the coordinator never crashed', crashed === null, crashed === null ? `pid ${coordinator.pid} up throughout` : `exited (code ${crashed.code}, signal ${crashed.signal}) after ${((performance.now() - started) / 1000).toFixed(1)} s${crashedInChaos ? ', during the fuzz + fault phase' : ''}: ${coordinator.stderrTail || 'nothing on stderr'}`));
    checks.push(check('no request hung past its client-side timeout', recorder.hung === 0, `${recorder.hung} of ${recorder.sent}`));
    checks.push(check('no 5xx except transport failures Elasticsearch answers with 5xx', recorder.bad5xx === 0, `${recorder.bad5xx} not allowed, ${recorder.allowed5xx} allowed`));
    checks.push(check('every answer was one its request allows', recorder.unexpected === 0, `${recorder.unexpected} unexpected`));
    // Below the coordinator's bound plus what loopback socket buffers hold (several MB), a
    // stalled reader is rightly still connected: there was nothing to bound.
    const unbounded = STALLED_BOUND_BYTES + KERNEL_SOCKET_BUFFERS_BYTES;
    const stalledOk = stalledDisconnected || stalledBytes < unbounded;
    checks.push(check('a stalled event-stream reader is disconnected once its buffer passes the bound', stalledOk,
      stalledDisconnected ? `disconnected by the coordinator: ${mb(stalled.received)} had reached it of ${mb(stalledBytes)} of events while stalled`
        : stalledBytes < unbounded ? `still connected: only ${mb(stalledBytes)} of events while stalled, under the ${mb(STALLED_BOUND_BYTES)} bound plus ${mb(KERNEL_SOCKET_BUFFERS_BYTES)} of socket buffers`
          : `still connected after ${mb(stalledBytes)} of events: they are buffered in the coordinator`));
    const growth = memory.max - memory.first;
    checks.push(check(`the coordinator's RSS grew by at most ${o.maxRssGrowthMb} MB`, growth <= o.maxRssGrowthMb * 1024 * 1024, `first ${mb(memory.first)}, max ${mb(memory.max)}, growth ${mb(growth)}`));

    say('soak: stop the cluster (SIGTERM)');
    const stop = await coordinator.stop(STOP_GRACE_MS);
    if (crashed === null) checks.push(check(`the coordinator exits cleanly (code 0) on SIGTERM within ${STOP_GRACE_MS / 1000} s`, stop.graceful && stop.exit.code === 0, stop.graceful ? `exit code ${stop.exit.code}, signal ${stop.exit.signal}` : 'it had to be killed (SIGKILL)'));
    const left = await CoordinatorProcess.waitGone(() => coordinator.leftovers(), 5_000);
    checks.push(check('no node process is left after the cluster stopped', left.length === 0, left.length === 0 ? `${coordinator.nodePids.size} node pids seen, all gone` : `left: ${left.join(', ')} (killed by the soak now)`));
    coordinator.killEverything();
    say('soak: a coordinator killed with SIGKILL while a node is paused');
    checks.push(await killedCoordinatorProbe(base, timeoutMs));
  } finally {
    clearInterval(scan);
    memory.stop();
    stalled.stop();
    for (const c of CoordinatorProcess.started) c.killEverything();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const { text, failed } = report({ seconds: (performance.now() - started) / 1000, recorder, memory, chaos, tokens, stalledDisconnected }, checks, replayCommand(o));
  say(text);
  return failed === 0 ? 0 : 1;
}

function main(): void {
  let options: SoakOptions | null;
  try {
    options = parseSoakArgs(process.argv.slice(2), randomSeed);
  } catch (err) {
    process.stderr.write(`soak: ${(err as Error).message}\n`);
    process.exitCode = 64;
    return;
  }
  if (options === null) {
    process.stdout.write(HELP);
    return;
  }
  const interrupted = () => {
    process.stdout.write('\nsoak: interrupted; killing every process it started\n');
    for (const c of CoordinatorProcess.started) c.killEverything();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  soak(options).then(
    (code) => process.exit(code),
    (err: unknown) => {
      for (const c of CoordinatorProcess.started) c.killEverything();
      process.stderr.write(`soak failed: ${err instanceof UsageError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(2);
    },
  );
}

main();
