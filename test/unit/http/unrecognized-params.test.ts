import { similarity, unrecognizedParams } from '../../../src/http/unrecognized-params';

describe('unrecognized parameters', () => {
  it('suggests close names, best first', () => {
    expect(unrecognizedParams('/', ['prety'], ['pretty', 'human']).reason).toBe('request [/] contains unrecognized parameter: [prety] -> did you mean [pretty]?');
  });

  it('a huge parameter name gets no hint, without computing a 15 KB edit distance', () => {
    const huge = 'p'.repeat(15_000);
    expect(unrecognizedParams('/', [huge], ['pretty']).reason).toBe(`request [/] contains unrecognized parameter: [${huge}]`);
  });

  it('the length shortcut never hides a hint the full distance would give', () => {
    const names = ['a', 'ab', 'abc', 'abcd', 'pretty', 'prett', 'filter_path', 'error_trace', 'x'.repeat(30)];
    for (const a of names) for (const b of names) {
      const shown = unrecognizedParams('/', [a], [b]).reason?.includes('did you mean') ?? false;
      expect(shown).toBe(similarity(a, b) > 0.5);
    }
  });
});
