/**
 * ES's "unrecognized parameter" error (BaseRestHandler): names sorted, each bracketed, with
 * "did you mean" hints from the parameters the endpoint does read (Lucene Levenshtein
 * similarity above 0.5, best first, then by name).
 */
import { illegalArgument, type EsError } from '../errors';

/** Lucene's LevenshteinDistance.getDistance: 1 − edits / longer length. */
export function similarity(a: string, b: string): number {
  if (a.length === 0 && b.length === 0) return 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((cur[j - 1] as number) + 1, (prev[j] as number) + 1, (prev[j - 1] as number) + cost);
    }
    prev = cur;
  }
  return 1 - (prev[b.length] as number) / Math.max(a.length, b.length);
}

/**
 * At least |a| − |b| edits are needed, so when the lengths alone put the similarity at or
 * below 0.5 the distance is not computed: a 15 KB parameter name costs nothing.
 */
function mayBeClose(a: string, b: string): boolean {
  const longer = Math.max(a.length, b.length);
  return longer === 0 || 1 - Math.abs(a.length - b.length) / longer > 0.5;
}

function describe(name: string, candidates: readonly string[]): string {
  const close = candidates
    .filter((c) => mayBeClose(name, c))
    .map((c) => ({ c, s: similarity(name, c) }))
    .filter((x) => x.s > 0.5)
    .sort((x, y) => y.s - x.s || (x.c < y.c ? -1 : 1))
    .map((x) => x.c);
  if (close.length === 0) return `[${name}]`;
  if (close.length === 1) return `[${name}] -> did you mean [${close[0]}]?`;
  return `[${name}] -> did you mean any of [${close.join(', ')}]?`;
}

export function unrecognizedParams(path: string, unknown: readonly string[], candidates: readonly string[]): EsError {
  const noun = unknown.length === 1 ? 'parameter' : 'parameters';
  return illegalArgument(`request [${path}] contains unrecognized ${noun}: ${unknown.map((u) => describe(u, candidates)).join(', ')}`);
}
