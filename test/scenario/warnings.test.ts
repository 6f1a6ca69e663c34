/**
 * `warnings` and its kin on a `do` step, checked as Elasticsearch's runner checks a
 * response's Warning headers (DoSection#checkWarningHeaders).
 */
import { parseScenario } from '../../src/scenario/parse';
import { runFile } from '../../src/scenario/runner';
import { realEsTarget } from '../support/real-es-target';
import { checkWarnings } from '../../src/scenario/warnings';

const DEPRECATED = '299 Elasticsearch-9.4.4-abc123 "[xyz] is deprecated, use [abc]"';
const OTHER = '299 Elasticsearch-9.4.4-abc123 "the \\"old\\" way is going away" "Mon, 30 Nov 2026 10:00:00 GMT"';
const none = { expected: [], allowed: [], expectedRegex: [], allowedRegex: [] };

describe('warnings on a do step', () => {
  it('no warnings and none expected is fine; any warning not expected or allowed fails the step', () => {
    expect(checkWarnings(undefined, none)).toBeNull();
    expect(checkWarnings(DEPRECATED, none)).toBe(`got unexpected warning header [\n\t${DEPRECATED}\n]`);
  });

  it('an expected warning must come; quotes in it compare escaped, as Elasticsearch encodes them', () => {
    expect(checkWarnings(`${DEPRECATED}, ${OTHER}`, { ...none, expected: ['[xyz] is deprecated, use [abc]', 'the "old" way is going away'] })).toBeNull();
    expect(checkWarnings(undefined, { ...none, expected: ['[xyz] is deprecated, use [abc]'] })).toBe('did not get expected warning header [\n\t[xyz] is deprecated, use [abc]\n]');
  });

  it('allowed warnings may come or not; regexes must match the whole text', () => {
    expect(checkWarnings(DEPRECATED, { ...none, allowed: ['[xyz] is deprecated, use [abc]'] })).toBeNull();
    expect(checkWarnings(undefined, { ...none, allowed: ['[xyz] is deprecated, use [abc]'] })).toBeNull();
    expect(checkWarnings(DEPRECATED, { ...none, allowedRegex: ['\\[xyz\\] is deprecated.*'] })).toBeNull();
    expect(checkWarnings(DEPRECATED, { ...none, allowedRegex: ['xyz'] })).toContain('got unexpected warning header');
    expect(checkWarnings(undefined, { ...none, expectedRegex: ['.*deprecated.*'] })).toBe('the following regular expression did not match any warning header [\n\t.*deprecated.*\n]');
  });

  it('an invalid warnings_regex is a file error naming the step, before anything runs', () => {
    expect(() => parseScenario('---\n"t":\n  - do:\n      warnings_regex: ["(unclosed"]\n      info: {}\n', 'w.yml')).toThrow(
      /w\.yml:3:5: .*\[warnings_regex\] has an invalid regular expression \[\(unclosed\]/,
    );
  });

  it('a header that is not a warning value is reported as unmatched', () => {
    expect(checkWarnings('something else', none)).toBe('got unmatched warning header [\n\tsomething else\n]');
  });

  it('a scenario step fails on an unexpected warning and passes when it is expected; a failed request is not checked', async () => {
    const target = realEsTarget((r) =>
      r.path === '/_cluster/health'
        ? { status: 503, headers: { 'content-type': 'application/json', warning: DEPRECATED }, text: '{"error":{"type":"x","reason":"y"},"status":503}' }
        : { status: 200, headers: { 'content-type': 'application/json', warning: DEPRECATED }, text: '{}' },
    );
    const yaml = [
      '---',
      '"unexpected":',
      '  - do: {info: {}}',
      '---',
      '"expected":',
      '  - skip: {features: warnings}',
      '  - do:',
      '      warnings: ["[xyz] is deprecated, use [abc]"]',
      '      info: {}',
      '---',
      '"caught":',
      '  - do:',
      '      catch: unavailable',
      '      cluster.health: {}',
      '',
    ].join('\n');
    const result = await runFile(parseScenario(yaml, 'w.yml'), target);
    expect(result.tests.map((t) => [t.name, t.status])).toEqual([
      ['unexpected', 'failed'],
      ['expected', 'passed'],
      ['caught', 'passed'],
    ]);
    expect(JSON.stringify(result.tests[0])).toContain('got unexpected warning header');
  });
});
