/**
 * The REST fuzzer: random and mutated paths, query parameters, headers and bodies, as one
 * stream of requests from a seeded Random. With superuser credentials it never sends what
 * would change the run itself (stopping nodes, adding or healing faults, following the event
 * stream forever, touching the soak's own tokens): those go unauthenticated instead.
 */
import type { Random } from '../../src/sim/random';
import { SAMPLE_TOKEN, SUPERUSER, type SoakRequest } from './http-client';
import { fuzzBody, fuzzHeaders, fuzzPath, fuzzQuery, METHODS, pick } from './fuzz-values';

function decoded(path: string): string {
  try {
    return decodeURIComponent(path).toLowerCase();
  } catch {
    return path.toLowerCase();
  }
}

/** Would this request, authenticated as the superuser, change what the soak itself controls? */
function touchesTheRun(method: string, path: string): boolean {
  const p = decoded(path);
  if (p.includes('soak-')) return true;
  if (p.includes('/_sim/events/stream') || p.includes('/_sim/events//stream')) return true;
  return p.includes('_sim') && !['GET', 'HEAD', 'OPTIONS'].includes(method);
}

export function fuzzRequest(random: Random, timeoutMs: number): SoakRequest {
  const method = pick(random, METHODS);
  const path = fuzzPath(random) + fuzzQuery(random);
  const headers = fuzzHeaders(random, SUPERUSER, SAMPLE_TOKEN);
  if (headers.Authorization === SUPERUSER && touchesTheRun(method, path)) delete headers.Authorization;
  const body = ['GET', 'HEAD', 'OPTIONS'].includes(method) && random.next() < 0.7 ? undefined : fuzzBody(random);
  return { kind: 'fuzz', method, path, headers, body, timeoutMs };
}
