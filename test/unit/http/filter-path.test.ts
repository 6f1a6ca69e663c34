/**
 * filter_path as Elasticsearch's FilterPath reads it, in time linear in filter × body.
 * The property tests compare the linear matchers with plain references on small inputs;
 * replay a failure with the seed fast-check prints: `SIM_SEED=<seed> npx jest <this file>`.
 */
import fc from 'fast-check';
import { applyFilterPath, compileGlob, globMatches } from '../../../src/http/filter-path';

const seed = process.env.SIM_SEED === undefined ? undefined : Number(process.env.SIM_SEED);

const ROOT = {
  name: 'coordinator',
  cluster_name: 'elasticsearch',
  version: { number: '9.4.4', build_flavor: 'default' },
  tagline: 'You Know, for Search',
};

describe('filter_path', () => {
  it('keeps named paths, globs over one key, and drops what is not asked for', () => {
    expect(applyFilterPath(ROOT, 'name,version.number')).toEqual({ name: 'coordinator', version: { number: '9.4.4' } });
    expect(applyFilterPath(ROOT, '*name')).toEqual({ name: 'coordinator', cluster_name: 'elasticsearch' });
    expect(applyFilterPath(ROOT, 'version.b*_fl*r')).toEqual({ version: { build_flavor: 'default' } });
    expect(applyFilterPath(ROOT, 'nothing')).toEqual({});
  });

  it('** stands for one or more levels, and a trailing ** keeps everything below', () => {
    const body = { a: { x: { b: 1 }, b: 2 }, b: 3 };
    expect(applyFilterPath(body, '**.b')).toEqual({ a: { x: { b: 1 }, b: 2 } });
    expect(applyFilterPath(body, 'a.**')).toEqual({ a: { x: { b: 1 }, b: 2 } });
    expect(applyFilterPath(body, '**')).toEqual(body);
  });

  it('a shorter path wins over a longer one under it, whichever comes first', () => {
    const body = { a: { b: 1, c: 2 } };
    expect(applyFilterPath(body, 'a.b,a')).toEqual(body);
    expect(applyFilterPath(body, 'a,a.b')).toEqual(body);
  });

  it('\\. is a dot inside a key; a leading - excludes', () => {
    expect(applyFilterPath({ 'a.b': 1, a: { b: 2 } }, 'a\\.b')).toEqual({ 'a.b': 1 });
    expect(applyFilterPath(ROOT, '-version,-tagline')).toEqual({ name: 'coordinator', cluster_name: 'elasticsearch' });
    expect(applyFilterPath(ROOT, 'version,-version.number')).toEqual({ version: { build_flavor: 'default' } });
  });

  it('arrays are transparent', () => {
    expect(applyFilterPath({ hits: [{ a: 1, b: 2 }, { b: 3 }] }, 'hits.b')).toEqual({ hits: [{ b: 2 }, { b: 3 }] });
  });

  // The two inputs measured in issue 9: memory without bound and a minute of regex backtracking.
  it('200 × "**." then "**" (600 bytes) answers at once, and exactly', () => {
    const deep = { l1: { l2: { l3: { l4: 'x' } } } };
    expect(applyFilterPath(ROOT, `${'**.'.repeat(200)}**`)).toEqual({});
    expect(applyFilterPath(deep, `${'**.'.repeat(4)}**`)).toEqual({});
    expect(applyFilterPath(deep, `${'**.'.repeat(3)}**`)).toEqual(deep);
  });

  it('100 × "*" then a letter answers at once, and exactly', () => {
    expect(applyFilterPath(ROOT, `${'*'.repeat(100)}q`)).toEqual({});
    expect(applyFilterPath(ROOT, `${'*'.repeat(100)}e`)).toEqual({ name: 'coordinator', cluster_name: 'elasticsearch', tagline: 'You Know, for Search' });
  });
});

// ---- references: obviously right, exponential, for small inputs only ----

function referenceGlob(pattern: string, s: string): boolean {
  if (pattern.length === 0) return s.length === 0;
  if (pattern[0] === '*') {
    for (let i = 0; i <= s.length; i++) if (referenceGlob(pattern.slice(1), s.slice(i))) return true;
    return false;
  }
  return s.length > 0 && s[0] === pattern[0] && referenceGlob(pattern.slice(1), s.slice(1));
}

/** Whether `keys` is matched by a prefix-closed reading of `segs` ("**" = one or more keys). */
function fullMatch(segs: string[], keys: string[]): boolean {
  if (segs.length === 0) return keys.length === 0;
  if (keys.length === 0) return false;
  const [s, ...rest] = segs as [string, ...string[]];
  if (s === '**') {
    if (rest.length === 0) return true; // a final ** keeps everything below it
    for (let i = 1; i <= keys.length; i++) if (fullMatch(rest, keys.slice(i))) return true;
    return false;
  }
  return referenceGlob(s, keys[0] as string) && fullMatch(rest, keys.slice(1));
}

/** Whether some path could still match below `keys`. */
function couldContinue(segs: string[], keys: string[]): boolean {
  if (keys.length === 0) return segs.length > 0;
  if (segs.length === 0) return false;
  const [s, ...rest] = segs as [string, ...string[]];
  if (s === '**') {
    if (rest.length === 0) return false;
    for (let i = 1; i <= keys.length; i++) if (couldContinue(rest, keys.slice(i))) return true;
    return true; // ** may still be consuming
  }
  return referenceGlob(s, keys[0] as string) && couldContinue(rest, keys.slice(1));
}

function referenceInclude(value: unknown, filters: string[][], path: string[]): unknown {
  if (Array.isArray(value)) {
    const kept = value.map((v) => referenceInclude(v, filters, path)).filter((v) => v !== undefined);
    return kept.length > 0 ? kept : undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const p = [...path, k];
    // A path also ends where a prefix of it matches a whole filter (shorter wins).
    const ends = filters.some((f) => p.some((_, i) => fullMatch(f, p.slice(0, i + 1))));
    const kept = ends ? v : filters.some((f) => couldContinue(f, p)) ? referenceInclude(v, filters, p) : undefined;
    if (kept !== undefined) out[k] = kept;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

const letter = fc.constantFrom('a', 'b', 'c');
const key = fc.string({ unit: letter, minLength: 1, maxLength: 3 });
const globPattern = fc.string({ unit: fc.constantFrom('a', 'b', '*'), minLength: 0, maxLength: 6 });
const segment = fc.oneof(key, fc.constant('*'), fc.constant('**'), fc.string({ unit: fc.constantFrom('a', 'b', '*'), minLength: 1, maxLength: 3 }));
const filterArb = fc.array(fc.array(segment, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 });
const bodyArb = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.integer({ min: 0, max: 9 }), tie('object'), fc.array(tie('object'), { maxLength: 2 })),
  object: fc.dictionary(key, tie('value'), { maxKeys: 3 }),
})).object;

describe('filter_path matchers against references (property)', () => {
  it('the linear glob agrees with a backtracking one', () => {
    fc.assert(
      fc.property(globPattern, fc.string({ unit: fc.constantFrom('a', 'b'), maxLength: 8 }), (p, s) => globMatches(compileGlob(p), s) === referenceGlob(p, s)),
      { seed, numRuns: 2000 },
    );
  });

  it('the deduplicated tree walk keeps exactly what the path-by-path reference keeps', () => {
    fc.assert(
      fc.property(filterArb, bodyArb, (filters, body) => {
        const expected = referenceInclude(body, filters, []) ?? {};
        expect(applyFilterPath(body, filters.map((f) => f.join('.')).join(','))).toEqual(expected);
      }),
      { seed, numRuns: 1000 },
    );
  });
});
