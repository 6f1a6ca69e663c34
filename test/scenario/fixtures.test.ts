/**
 * The scenario files in fixtures/ run as tests: Elasticsearch's own service-account YAML
 * test and the five teaching scenarios, each on a fresh in-process cluster with the manual
 * clock (time never waits), plus replay from a seed.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runScenarioCli } from '../../src/scenario/cli';
import { loadScenario } from '../../src/scenario/load';
import { runFile } from '../../src/scenario/runner';
import { InProcessTarget } from '../../src/scenario/targets';

async function run(file: string) {
  const { scenario, overrides } = loadScenario(file);
  const target = await InProcessTarget.start({ seed: 11, ...(overrides.cluster ?? {}) });
  try {
    return await runFile(scenario, target, overrides);
  } finally {
    await target.close();
  }
}

const statuses = (r: Awaited<ReturnType<typeof run>>) => r.tests.map((t) => `${t.status} ${t.name}${t.failure ? `: ${JSON.stringify(t.failure)}` : ''}`);

describe('scenario fixtures, in-process', () => {
  it.each(['a-partition', 'b-ttl', 'c-corrupt-file', 'd-red-index', 'e-paused-node'])('teaching scenario %s passes', async (name) => {
    const result = await run(`fixtures/scenarios/${name}.yml`);
    expect(result.tests.length).toBeGreaterThan(0);
    for (const line of statuses(result)) expect(line).toMatch(/^passed /);
  });

  it("Elasticsearch's service_accounts/10_basic.yml passes on nodes named as its test cluster; the test for an older account list is skipped with the reason", async () => {
    const result = await run('fixtures/es-yaml/10_basic.yml');
    expect(statuses(result)).toEqual([
      expect.stringMatching(/^skipped Test get service accounts$/),
      'passed Test service account tokens',
    ]);
    expect(result.tests[0]?.reason).toContain('exactly one built-in service account');
    expect(result.tests[1]?.notes).toEqual([expect.stringContaining("adjusted match [error.reason] (line 68)")]);
  });

  it('without its settings file, 10_basic.yml fails exactly where the file targets another version or naming, never silently', async () => {
    const { scenario } = loadScenario('fixtures/es-yaml/10_basic.yml');
    const target = await InProcessTarget.start({ seed: 11 });
    try {
      const result = await runFile(scenario, target, {});
      expect(result.tests.map((t) => [t.status, t.failure?.message])).toEqual([
        ['failed', "length [''] has another length"],
        ['failed', 'match [error.reason] does not match'],
      ]);
    } finally {
      await target.close();
    }
  });

  it("the clients' security/90_service_accounts.yml passes: the four built-in accounts, a token created, listed and cleared on every node", async () => {
    expect(statuses(await run('fixtures/es-yaml/90_service_accounts.yml'))).toEqual(['passed Service accounts']);
  });

  it("the clients' security/20_authenticate.yml passes", async () => {
    expect(statuses(await run('fixtures/es-yaml/20_authenticate.yml'))).toEqual(['passed security.authenticate']);
  });
});

describe('scenario replay', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'scenario-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the same seed gives a byte-identical journal', async () => {
    const files = ['fixtures/scenarios/a-partition.yml', 'fixtures/scenarios/b-ttl.yml', 'fixtures/scenarios/d-red-index.yml'];
    const io = { stdout: () => {}, stderr: () => {}, env: {} };
    const journal = async (name: string) => {
      const file = path.join(dir, name);
      expect(await runScenarioCli([...files, '--seed', '99', '--journal', file], io)).toBe(0);
      return readFileSync(file, 'utf8');
    };
    const first = await journal('one.jsonl');
    expect(first.split('\n').length).toBeGreaterThan(100);
    expect(first).toContain('"type":"message.timed_out"');
    expect(await journal('two.jsonl')).toBe(first);
  });
});
