/**
 * `skip: version` read as Elasticsearch's YAML runner reads it (VersionRange, test/yaml-rest-runner):
 * ranges of the lowest node version, both ends included, blank ends open; all, current, non_current, mixed.
 */
import { parseScenario } from '../../src/scenario/parse';
import { runFile } from '../../src/scenario/runner';
import { InProcessTarget } from '../../src/scenario/targets';
import { realEsTarget } from '../support/real-es-target';
import { versionSkips } from '../../src/scenario/version-range';

const on = (...nodeVersions: string[]) => ({ nodeVersions, current: '9.4.4' });

describe('skip: version ranges', () => {
  it('a range skips the versions between its ends, both included', () => {
    expect(versionSkips('8.0.0 - 8.10.99', on('8.0.0'))).toBe(true);
    expect(versionSkips('8.0.0 - 8.10.99', on('8.10.99'))).toBe(true);
    expect(versionSkips('8.0.0 - 8.10.99', on('8.11.0'))).toBe(false);
    expect(versionSkips('8.0.0 - 8.10.99', on('7.17.25'))).toBe(false);
  });

  it('a blank lower end starts at the first version; a blank upper end stops at the current one', () => {
    expect(versionSkips(' - 8.99.99', on('8.19.0'))).toBe(true);
    expect(versionSkips(' - 8.99.99', on('9.4.4'))).toBe(false);
    expect(versionSkips('9.0.0 - ', on('9.4.4'))).toBe(true);
    expect(versionSkips('9.0.0 - ', on('9.5.0'))).toBe(false);
  });

  it('several ranges skip what any of them covers', () => {
    expect(versionSkips('7.0.0 - 7.9.99, 9.4.0 - 9.4.99', on('9.4.4'))).toBe(true);
    expect(versionSkips('7.0.0 - 7.9.99, 9.4.0 - 9.4.99', on('8.1.0'))).toBe(false);
  });

  it('the lowest node version decides, and a qualifier is ignored', () => {
    expect(versionSkips(' - 8.99.99', on('9.4.4', '8.19.1'))).toBe(true);
    expect(versionSkips(' - 8.99.99', on('9.1.0-SNAPSHOT'))).toBe(false);
  });

  it('all, current, non_current and mixed', () => {
    expect(versionSkips('all', on('9.4.4'))).toBe(true);
    expect(versionSkips('current', on('9.4.4'))).toBe(true);
    expect(versionSkips('current', on('9.3.0'))).toBe(false);
    expect(versionSkips('non_current', on('9.3.0'))).toBe(true);
    expect(versionSkips('mixed', on('9.4.4', '9.4.4'))).toBe(false);
    expect(versionSkips('mixed', on('9.4.4', '9.3.0'))).toBe(true);
  });

  it('a malformed range or an unknown node version is an error that says what is wrong', () => {
    expect(() => versionSkips('8.0.0', on('9.4.4'))).toThrow('version range malformed: [8.0.0]');
    expect(() => versionSkips('8.0.0 - 8.x', on('9.4.4'))).toThrow('version range malformed: [8.0.0 - 8.x] (versions are x.y.z)');
    expect(() => versionSkips(' - 8.99.99', on())).toThrow('need every node version as x.y.z');
  });
});

describe('skip: version in scenario files', () => {
  const FILE = [
    '---',
    '"runs on 9.x":',
    '  - skip: {version: " - 8.99.99", reason: "needs 9.x"}',
    '  - do: {info: {}}',
    '  - match: {version.number: /^9\\./}',
    '---',
    '"skipped on 9.x":',
    '  - skip: {version: "9.0.0 - ", reason: "changed in 9.0"}',
    '  - do: {info: {}}',
    '',
  ].join('\n');

  it('the simulator (9.4.4) runs a test skipped only before 9.0, and skips one skipped from 9.0 on with the reason', async () => {
    const target = await InProcessTarget.start({ nodes: 2, seed: 1 });
    try {
      const result = await runFile(parseScenario(FILE, 'v.yml'), target);
      expect(result.tests.map((t) => [t.name, t.status, t.reason])).toEqual([
        ['runs on 9.x', 'passed', undefined],
        ['skipped on 9.x', 'skipped', 'skipped on version [9.4.4] by range [9.0.0 -]: changed in 9.0'],
      ]);
    } finally {
      await target.close();
    }
  });

  it("a cluster on 8.x gets the opposite: the target's version decides, asked once per file", async () => {
    let asked = 0;
    const target = realEsTarget(
      () => ({ status: 200, headers: { 'content-type': 'application/json' }, text: '{"version":{"number":"8.19.3"}}' }),
      '8.19.3',
      () => asked++,
    );
    const result = await runFile(parseScenario(FILE, 'v.yml'), target);
    expect(result.tests.map((t) => [t.status, t.reason])).toEqual([
      ['skipped', 'skipped on version [8.19.3] by range [- 8.99.99]: needs 9.x'],
      ['passed', undefined],
    ]);
    expect(asked).toBe(1);
  });

  it('a file without version ranges never asks the target for its versions', async () => {
    const target = await InProcessTarget.start({ nodes: 1, seed: 1 });
    const versions = jest.spyOn(target, 'versions');
    try {
      await runFile(parseScenario('---\n"t":\n  - skip: {version: all, reason: x}\n  - do: {info: {}}\n---\n"u":\n  - do: {info: {}}\n', 'v.yml'), target);
      expect(versions).not.toHaveBeenCalled();
    } finally {
      await target.close();
    }
  });
});
