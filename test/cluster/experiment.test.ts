/**
 * Experiments checked against mathematics, not against themselves: with independent faults
 * per node the probabilities have closed forms, and the measured fractions must fall within
 * a stated statistical tolerance of them (fixed seeds, so the test is deterministic). Also:
 * the same seed gives the same JSON, a planted bug shows up as violations, one run replays
 * alone into a journal the checker reads, and a bad experiment file says what is wrong.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCheckCli } from '../../src/check/check-cli';
import { runExperiment } from '../../src/check/experiment';
import { runExperimentCli } from '../../src/check/experiment-cli';
import { parseExperiment } from '../../src/check/experiment-file';
import { TokenCache } from '../../src/node/token-cache';

// Thousands of seeded runs take about a second alone; the bound only stops a stuck test on a busy machine.
jest.setTimeout(30_000);

/**
 * Tolerance: 4 standard errors of a binomial proportion, sqrt(p(1-p)/n). A correct
 * simulator falls outside it with probability ~6e-5 per comparison.
 */
function withinFourStandardErrors(measured: number, expected: number, runs: number): void {
  const se = Math.sqrt((expected * (1 - expected)) / runs);
  expect(Math.abs(measured - expected)).toBeLessThanOrEqual(Math.max(4 * se, 1 / runs));
}

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'experiments');
const experiment = (yaml: string) => parseExperiment(yaml, 'test');

describe('experiments against closed-form models', () => {
  it('independent loss of the clear (p per node): every node refuses before the TTL in (1-p)^N of runs', async () => {
    const p = 0.2;
    const N = 5;
    const runs = 1500;
    const exp = experiment(`
nodes: ${N}
runs: ${runs}
seed: 11
settings: { token_cache_ttl_ms: 30000, fan_out_timeout_ms: 1000 }
faults:
  - { type: drop, probability: ${p}, messages: [clear-cache] }
revoke: { action: delete-index-token }
probes_ms: [0, 29999, 30000]
`);
    const r = await runExperiment(exp);
    const [atZero, beforeTtl, atTtl] = r.t_visibility;
    withinFourStandardErrors(beforeTtl!.rejected_everywhere, (1 - p) ** N, runs);
    for (const f of Object.values(beforeTtl!.rejected_per_node)) withinFourStandardErrors(f, 1 - p, runs);
    expect(atZero!.rejected_everywhere).toBe(beforeTtl!.rejected_everywhere); // a lost clear is never made good
    expect(atTtl!.rejected_everywhere).toBe(1); // the TTL bounds every window
    withinFourStandardErrors(r.effective_before_ttl, (1 - p) ** N, runs);
    expect(r.violations).toBe(0);
  });

  it('independent exponential delays of the clear (mean m): P(all N applied by t) = (1 - e^(-t/m))^N', async () => {
    const m = 100;
    const N = 5;
    const runs = 1000;
    const probes = [25, 50, 100, 200, 400];
    const exp = experiment(`
nodes: ${N}
runs: ${runs}
seed: 5
faults:
  - { type: delay, distribution: exponential, mean_ms: ${m}, messages: [clear-cache] }
revoke: { action: delete-index-token }
probes_ms: [${probes.join(', ')}]
`);
    const r = await runExperiment(exp);
    probes.forEach((t, i) => {
      withinFourStandardErrors(r.t_visibility[i]!.rejected_everywhere, (1 - Math.exp(-t / m)) ** N, runs);
      withinFourStandardErrors(r.t_visibility[i]!.rejected_per_node['node-3']!, 1 - Math.exp(-t / m), runs);
    });
    // Convergence is measured from the events, not the probes: its median is the median of the max of N exponentials.
    const medianOfMax = -m * Math.log(1 - 0.5 ** (1 / N));
    expect(Math.abs(r.convergence_ms.p50! - medianOfMax) / medianOfMax).toBeLessThan(0.1);
  });
});

describe('experiments: reproducible, replayable, and they catch a planted bug', () => {
  const YAML = `
nodes: 3
runs: 20
seed: 3
settings: { token_cache_ttl_ms: 60000, fan_out_timeout_ms: 1000 }
faults:
  - { type: delay, distribution: exponential, mean_ms: 50, messages: [clear-cache] }
  - { type: drop, probability: 0.1, nodes: [node-2], messages: [clear-cache] }
revoke: { action: delete-index-token }
probes_ms: [0, 50, 100, 1000, 60000]
workload: { auth_per_node_per_s: 2 }
`;
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'experiment-'));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });
  const io = () => {
    const out = { stdout: '', stderr: '' };
    return { out, io: { stdout: (s: string) => (out.stdout += s), stderr: (s: string) => (out.stderr += s) } };
  };

  it('the same seed gives byte-identical JSON (but runs_per_second), with the fields the issue names, whatever the workers', async () => {
    const file = path.join(dir, 'e.yml');
    writeFileSync(file, YAML);
    const json = (name: string) => path.join(dir, name);
    const a = io();
    expect(await runExperimentCli([file, '--json', json('a.json'), '--workers', '1'], a.io)).toBe(0);
    expect(await runExperimentCli([file, '--json', json('b.json'), '--workers', '2'], io().io)).toBe(0);
    const strip = (f: string) => readFileSync(json(f), 'utf8').replace(/"runs_per_second": \d+/, '');
    expect(strip('a.json')).toBe(strip('b.json'));
    const result = JSON.parse(readFileSync(json('a.json'), 'utf8'));
    expect(Object.keys(result)).toEqual(expect.arrayContaining(['runs', 'seed', 'nodes', 't_visibility', 'exposure_ms', 'violations', 'runs_per_second']));
    expect([result.runs, result.seed, result.nodes]).toEqual([20, 3, 3]);
    expect(result.t_visibility[0]).toEqual({ t_ms: 0, rejected_everywhere: expect.any(Number), rejected_per_node: { 'node-1': expect.any(Number), 'node-2': expect.any(Number), 'node-3': expect.any(Number) } });
    expect(Object.keys(result.exposure_ms)).toEqual(['p50', 'p90', 'p99', 'p999', 'max']);
    expect(a.out.stdout).toContain('0 violations');
  });

  it('--replay writes one run\'s journal, which the checker reads and passes', async () => {
    const file = path.join(dir, 'e.yml');
    writeFileSync(file, YAML);
    const r = await runExperiment(experiment(YAML));
    const worst = r.worst_runs[0]!;
    const journal = path.join(dir, 'run.jsonl');
    const replay = io();
    expect(await runExperimentCli([file, '--replay', String(worst.seed), '--journal', journal], replay.io)).toBe(0);
    expect(replay.out.stdout).toContain(`run ${worst.seed} of ${file}: exposure ${worst.exposure_ms} ms`);
    const check = io();
    expect(await runCheckCli([journal], check.io)).toBe(0);
    expect(check.out.stdout).toMatch(/1 revocations, 3 node windows .*0 violations\n$/);
  });

  it('a planted bug — a cache that re-fills after a clear — makes the runs report violations', async () => {
    const invalidate = TokenCache.prototype.invalidate;
    jest.spyOn(TokenCache.prototype, 'invalidate').mockImplementation(function (this: TokenCache<unknown>, keys, reason) {
      const before = keys.map((k) => [k, this.peek(k)] as const);
      const removed = invalidate.call(this, keys, reason);
      for (const [k, entry] of before) if (entry !== undefined) this.insert(k, entry.value); // the bug
      return removed;
    });
    const r = await runExperiment(experiment(YAML), { runs: 5 });
    expect(r.violations).toBeGreaterThan(0);
  });

  it('--html writes one self-contained report: the curves with the TTL marked, the nines line, the worst runs to replay, the file', async () => {
    const file = path.join(dir, 'e.yml');
    writeFileSync(file, YAML);
    const html = path.join(dir, 'report.html');
    expect(await runExperimentCli([file, '--html', html, '--workers', '1', '--runs', '10'], io().io)).toBe(0);
    const text = readFileSync(html, 'utf8');
    expect(text.match(/<svg /g)).toHaveLength(2); // t-visibility, and the exposure/convergence ECDFs
    expect(text).toContain('>TTL</text>');
    expect(text).toMatch(/class="nines">\d+(\.\d)? % of revocations effective on every node within \d+ ms/);
    expect(text).toContain(`npm run experiment -- ${file} --replay `);
    expect(text).toContain('revoke: { action: delete-index-token }');
    expect(text).toContain('<th>node-2</th>');
    // Nothing is loaded from anywhere: no scripts, links, images, stylesheets or url()s.
    expect(text).not.toMatch(/<script|<link|<img|src=|href=|url\(|@import/);
  });

  it.each(readdirSync(FIXTURES).filter((f) => f.endsWith('.yml')))('the experiment file %s runs, with no violation', async (name) => {
    const exp = parseExperiment(readFileSync(path.join(FIXTURES, name), 'utf8'), name);
    const r = await runExperiment(exp, { runs: 5 });
    expect(r.violations).toBe(0);
    expect(r.t_visibility).toHaveLength(exp.probesMs.length);
  });

  it('a bad experiment file is exit 2 with what is wrong and what is allowed', async () => {
    const file = path.join(dir, 'bad.yml');
    writeFileSync(file, 'nodes: 3\nrevoke: { action: forget }\nprobes_ms: [0]\n');
    const bad = io();
    expect(await runExperimentCli([file], bad.io)).toBe(2);
    expect(bad.out.stderr).toBe(`ERROR: ${file}: [revoke.action] must be one of [delete-index-token, remove-file-token, delete-security-index], got [forget]\n`);
    writeFileSync(file, 'nodes: 3\nrevoke: { action: delete-index-token }\nprobes_ms: [0]\nfaults: [{ type: drop, probability: 2 }]\n');
    const fault = io();
    expect(await runExperimentCli([file], fault.io)).toBe(2);
    expect(fault.out.stderr).toContain('[faults][0]: [probability] must be a number from 0 to 1, got [2]');
    expect(await runExperimentCli([], io().io)).toBe(64);
  });
});
