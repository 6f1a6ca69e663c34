/**
 * Bad input and targets that cannot run a step: each a clear message naming the file, the
 * test, the step and what is allowed, or a skip with its reason — never a crash or a pass.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildRequest } from '../../src/scenario/api-spec';
import { check } from '../../src/scenario/assertions';
import { runScenarioCli } from '../../src/scenario/cli';
import { parseScenario } from '../../src/scenario/parse';
import { runFile } from '../../src/scenario/runner';
import { realEsTarget } from '../support/real-es-target';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'scenario-errors-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function cli(yaml: string, ...args: string[]) {
  const file = path.join(dir, 'x.yml');
  writeFileSync(file, yaml);
  let out = '';
  let err = '';
  const code = await runScenarioCli([file, '--seed', '1', ...args], { stdout: (s) => (out += s), stderr: (s) => (err += s), env: {} });
  return { code, out, err, file };
}

describe('scenario files: bad input', () => {
  it('unparseable YAML exits 2 with the file, line and column', async () => {
    const r = await cli('---\n"t":\n  - match: {a: [1, 2}\n');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`^ERROR: ${r.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:\\d+: YAML: `));
  });

  it('an unknown API exits 2 naming the closest known one, before anything runs', async () => {
    const r = await cli('---\n"t":\n  - do:\n      security.authentcate: {}\n');
    expect(r.code).toBe(2);
    expect(r.err).toContain(':3:5: test [t] step 1: unknown API [security.authentcate]; did you mean [security.authenticate]?');
    expect(r.out).toBe('');
  });

  it('an unknown step kind exits 2 listing the allowed ones', async () => {
    const r = await cli('---\n"t":\n  - transform_and_set: {a: 1}\n');
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown step [transform_and_set]; allowed: do, set, skip, requires, match');
  });

  it('a wrong parameter fails the test with the step and the allowed parameters', async () => {
    const r = await cli('---\n"t":\n  - do:\n      security.get_user: {usernme: bob}\n');
    expect(r.code).toBe(1);
    expect(r.out).toContain('not ok t\n  at test step 1 (line 3, column 5): do: {"security.get_user":{"usernme":"bob"}}\n');
    expect(r.out).toContain('unknown parameter [usernme] for [security.get_user]; allowed: [username, with_profile_uid, pretty');
    expect(r.out).toMatch(/0 passed, 1 failed, 0 skipped\n$/);
  });

  it('a stash name never set fails the test and says which names are set', async () => {
    const r = await cli('---\n"t":\n  - do: {info: {}}\n  - set: {cluster_name: cn}\n  - match: {cluster_name: $nme}\n');
    expect(r.code).toBe(1);
    expect(r.out).toContain('at test step 3 (line 5, column 5)');
    expect(r.out).toContain('stash name [$nme] was never set; set so far: [body, cn]');
  });

  it('a failed match prints what was expected and what was there', async () => {
    const r = await cli('---\n"t":\n  - do: {cluster.health: {}}\n  - match: {status: red}\n');
    expect(r.out).toContain('    match [status] does not match\n    expected: "red"\n    actual:   "green"\n');
  });

  it('catch: param passes when the request cannot be built, and skip features the runner lacks skip the test', async () => {
    const r = await cli('---\n"a":\n  - do:\n      catch: param\n      info: {nope: 1}\n---\n"b":\n  - skip:\n      features: node_selector\n  - do: {info: {}}\n');
    expect(r.out).toContain('ok a\n');
    expect(r.out).toContain('skip b (needs runner feature [node_selector], which this runner lacks');
    expect(r.code).toBe(0);
  });

  it('a bad command line exits 2 with the usage', async () => {
    const r = await cli('---\n"t":\n  - do: {info: {}}\n', '--nodes', 'many');
    expect(r.code).toBe(2);
    expect(r.err).toContain('option [--nodes] must be a whole number from 1 to 100, got [many]');
  });
});

describe('scenario targets without /_sim', () => {
  it('a test with a sim.* step is skipped with the reason, and no request is sent for it', async () => {
    const sent: string[] = [];
    const target = realEsTarget((r) => {
      sent.push(r.path);
      return { status: 200, headers: { 'content-type': 'application/json' }, text: '{"tagline":"You Know, for Search"}' };
    });
    const file = parseScenario('---\n"plain":\n  - do: {info: {}}\n---\n"with sim":\n  - do: {info: {}}\n  - do:\n      sim.advance: {ms: 1000}\n', 'x.yml');
    const result = await runFile(file, target);
    expect(result.tests.map((t) => [t.status, t.reason])).toEqual([
      ['passed', undefined],
      ['skipped', 'uses simulator steps (sim.*), and http://real-es:9200 has no /_sim API'],
    ]);
    expect(sent).toEqual(['/']);
  });
});

describe('scenario dialect pieces', () => {
  it('API names map to the REST spec path with the most parts given; lists join with commas', () => {
    expect(buildRequest('security.clear_cached_service_tokens', { namespace: 'elastic', service: 'fleet-server', name: ['a', 'b c'] })).toEqual({
      method: 'POST', path: '/_security/service/elastic/fleet-server/credential/token/a,b%20c/_clear_cache', query: [], body: undefined,
    });
    expect(buildRequest('security.create_service_token', { namespace: 'elastic', service: 'fleet-server', refresh: true }).path).toBe('/_security/service/elastic/fleet-server/credential/token');
    expect(buildRequest('sim.wait_for', { event: 'file.reloaded', node: 'node-2' }).query).toEqual([['type', 'file.reloaded'], ['node', 'node-2']]);
    expect(() => buildRequest('security.delete_service_token', { namespace: 'elastic' })).toThrow('[security.delete_service_token] needs the path parts [namespace, service, name]; got [namespace]');
  });

  it('match with /regex/ ignores whitespace and # comments (the x flag); contains looks into lists and strings', () => {
    expect(check('match', 'node-12 timed out', '/^ node-\\d+ \\s timed # a comment\n \\s out $/')).toBeNull();
    expect(check('match', { a: 1 }, { a: 1, b: 2 })).not.toBeNull();
    expect(check('contains', [{ name: 'x', v: 1 }], { name: 'x' })).toBeNull();
    expect(check('contains', 'must be mapped', 'be mapped')).toBeNull();
    expect(check('is_true', '0', undefined)).not.toBeNull();
    expect(check('length', { a: 1, b: 2 }, 2)).toBeNull();
  });

  it('close_to holds within the error on numbers only (CloseToAssertion)', () => {
    expect(check('close_to', 5.1000001, { value: 5.1, error: 0.00001 })).toBeNull();
    expect(check('close_to', 5.2, { value: 5.1, error: 0.05 })).toMatchObject({ message: 'is not within 0.05 of 5.1' });
    expect(check('close_to', '5.1', { value: 5.1, error: 1 })).toMatchObject({ message: 'is not a number' });
  });

  it('is_after compares ISO-8601 instants to the nanosecond and needs both sides to be one (IsAfterAssertion)', () => {
    expect(check('is_after', '2023-05-25T12:30:00.000000002Z', '2023-05-25T12:30:00.000000001Z')).toBeNull();
    expect(check('is_after', '2023-05-25T14:30:00+02:00', '2023-05-25T12:30:00Z')).toMatchObject({ message: 'is not after it' });
    expect(check('is_after', '2023-05-25', '2023-05-25T12:30:00Z')).toMatchObject({ message: 'cannot be parsed to Instant' });
    expect(check('is_after', null, '2023-05-25T12:30:00Z')).toMatchObject({ message: 'is null' });
  });

  it('a close_to without value and error is a file error, in the words of Elasticsearch\'s parser', async () => {
    const r = await cli('---\n"t":\n  - do: {info: {}}\n  - close_to: {a: {value: 1}}\n');
    expect(r.code).toBe(2);
    expect(r.err).toContain('[close_to] expected a map with value and error but got a map with 1 fields');
  });

  it('close_to on a real response: the cluster health of a 3-node cluster', async () => {
    const r = await cli('---\n"t":\n  - do: {cluster.health: {}}\n  - close_to: {number_of_nodes: {value: 3.2, error: 0.5}}\n  - close_to: {active_shards_percent_as_number: {value: 100, error: 0.001}}\n');
    expect(r.code).toBe(0);
  });
});
