/**
 * Hostile values for the REST fuzzer, each drawn from a seeded Random: paths, query
 * parameters (filter_path above all), header values and bodies. Sizes are bounded (the
 * largest body is just over the 10 MB limit) so a soak's traffic stays bounded too.
 */
import type { Random } from '../../src/sim/random';

export const pick = <T>(random: Random, xs: readonly T[]): T => xs[random.int(xs.length)] as T;
const repeat = (s: string, n: number) => s.repeat(Math.max(0, n));

/** Valid paths of every route family (some with fuzz-owned names), to be mutated. */
export const PATHS = [
  '/', '/_cluster/health', '/_cluster/health/.security', '/_security/_authenticate',
  '/_security/service', '/_security/service/elastic', '/_security/service/elastic/fleet-server',
  '/_security/service/elastic/fleet-server/credential', '/_security/service/elastic/fleet-server/credential/token',
  '/_security/service/elastic/fleet-server/credential/token/fuzz-1', '/_security/service/elastic/fleet-server/credential/token/*/_clear_cache',
  '/_security/service/elastic/fleet-server/credential/token/token1,fuzz-2/_clear_cache', '/_security/user', '/_security/user/fuzz-user',
  '/_security/role', '/_security/role/fuzz-role', '/_sim/nodes', '/_sim/nodes/node-1/caches', '/_sim/faults', '/_sim/events',
  '/_sim/faults/fuzz-fault', '/_sim/nodes/node-9/_kill',
];

const SEGMENTS = ['..', '.', '', '%00', '%zz', '%E0%A4%A', '%2F', '*', '_all', '__proto__', 'constructor', '%F0%9F%92%A9', '~', ';', ':', "'", '"', '<x>', '{}', '\u00e9'];

/** A path from PATHS, mutated 0–3 times (segments swapped, inserted, grown long, encoded badly). */
export function fuzzPath(random: Random): string {
  const segs = pick(random, PATHS).split('/');
  const edits = random.int(4);
  for (let i = 0; i < edits; i++) {
    const at = 1 + random.int(Math.max(1, segs.length - 1));
    switch (random.int(5)) {
      case 0: segs[at] = pick(random, SEGMENTS); break;
      case 1: segs.splice(at, 0, pick(random, SEGMENTS)); break;
      case 2: segs[at] = repeat(pick(random, ['a', '*', '%41', '.', '-']), 1 + random.int(random.next() < 0.1 ? 20_000 : 300)); break;
      case 3: segs.splice(at, 1); break;
      default: segs[at] = encodeURIComponent(random.id(1 + random.int(30)));
    }
  }
  const path = segs.join('/');
  return path.startsWith('/') ? path : `/${path}`;
}

/** filter_path values: ordinary, wildcard-heavy, deep, long lists, and the shapes known to blow up matchers. */
export function fuzzFilterPath(random: Random): string {
  switch (random.int(8)) {
    case 0: return pick(random, ['_nodes', '_nodes.failed', 'nodes.*.name', '-nodes', '**.name', 'error.type', '*', '**']);
    case 1: return repeat('**.', 1 + random.int(40)) + '**';
    case 2: return repeat('*', 1 + random.int(60)) + 'q';
    case 3: return Array.from({ length: 1 + random.int(2000) }, () => 'a').join('.');
    case 4: return Array.from({ length: 1 + random.int(500) }, () => random.id(3)).join(',');
    case 5: return repeat('-', random.int(5)) + repeat('*a', 1 + random.int(30));
    case 6: return repeat(',', 1 + random.int(1000));
    default: return repeat('*.', 1 + random.int(40)) + repeat('**.', random.int(10)) + 'x';
  }
}

const PARAMS = ['pretty', 'human', 'error_trace', 'filter_path', 'since', 'limit', 'refresh', 'wait_for_status', 'timeout', 'format', '__proto__', 'constructor', 'source', 'level'];
const PARAM_VALUES = ['', 'true', 'false', 'yes', '-1', '99999999999999999999', 'NaN', '1e400', '%00', '%zz', '[]', '{}', 'null', 'wait_for'];

export function fuzzQuery(random: Random): string {
  const n = random.int(4);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const name = random.next() < 0.05 ? encodeURIComponent(random.id(1 + random.int(20))) : pick(random, PARAMS);
    let value: string;
    if (name === 'filter_path') value = encodeURIComponent(fuzzFilterPath(random));
    else if (random.next() < 0.05) value = repeat('x', 1 + random.int(12_000));
    else value = pick(random, PARAM_VALUES);
    parts.push(random.next() < 0.1 ? name : `${name}=${value}`);
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

/** Nested `[[[…]]]` or `{"a":{"a":…}}`, `depth` levels. */
export function nested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? `${repeat('[', depth)}1${repeat(']', depth)}` : `${repeat('{"a":', depth)}1${repeat('}', depth)}`;
}

const WRONG = ['"no"', '1', '-1', '1e400', 'null', 'true', '[]', '{}', '[1,"a",null]', '"' + 'x'.repeat(100) + '"', '{"__proto__":{"x":1}}'];

/** A body: valid-ish JSON with wrong types, malformed, deeply nested, huge, not UTF-8, or empty. */
export function fuzzBody(random: Random): Buffer | string | undefined {
  switch (random.int(9)) {
    case 0: return undefined;
    case 1: return '';
    case 2: return `{"password":${pick(random, WRONG)},"roles":${pick(random, WRONG)},"enabled":${pick(random, WRONG)},"metadata":${pick(random, WRONG)}}`;
    case 3: return `{"cluster":${pick(random, WRONG)},"indices":${pick(random, WRONG)},"metadata":${pick(random, WRONG)},"run_as":${pick(random, WRONG)}}`;
    case 4: return pick(random, ['{', '{"a":', '{"a":1,}', "{'a':1}", '[1,2', '"unterminated', '{"a":1}{"b":2}', 'null', '42', 'NaN', '\u0000\u0001']);
    case 5: {
      const depth = 1 + random.int(random.next() < 0.3 ? 20_000 : 200);
      const inner = nested(depth, random.next() < 0.5 ? 'array' : 'object');
      return random.next() < 0.5 ? `{"password":"fuzz-secret","roles":[],"metadata":{"deep":${inner}}}` : inner;
    }
    case 6: return `{"type":${pick(random, ['"delay"', '"drop"', '"file"', '"kill"', '"nope"', '1'])},"nodes":${pick(random, WRONG)},"probability":${pick(random, WRONG)},"ms":${pick(random, WRONG)},"min_ms":${pick(random, WRONG)}}`;
    case 7: return Buffer.from(Array.from({ length: 1 + random.int(200) }, () => random.int(256)));
    default: {
      const mb = random.next() < 0.2 ? 10 + random.next() : random.next() * 2;
      return `{"metadata":{"big":"${'x'.repeat(Math.floor(mb * 1024 * 1024))}"}}`;
    }
  }
}

const MEDIA = ['application/json', 'application/json; charset=UTF-8', 'text/plain', 'application/x-ndjson', 'application/yaml', 'application/cbor',
  'application/vnd.elasticsearch+json; compatible-with=8', 'application/vnd.elasticsearch+json; compatible-with=7', 'application/vnd.elasticsearch+json; compatible-with=99',
  'application/vnd.elasticsearch+json', 'garbage', '*/*', ';;;', 'application/json; charset=EBCDIC', 'multipart/form-data; boundary=x'];

/** Headers: the Authorization (none, superuser, wrong, huge, malformed, a token), media types, X-Sim-Node. */
export function fuzzHeaders(random: Random, superuser: string, bearer: string): Record<string, string> {
  const h: Record<string, string> = {};
  const auth = random.int(10);
  if (auth <= 3) h.Authorization = superuser;
  else if (auth === 4) h.Authorization = `Bearer ${bearer}`;
  else if (auth === 5) h.Authorization = `Basic ${Buffer.from(`elastic:${random.id(8)}`).toString('base64')}`;
  else if (auth === 6) h.Authorization = `${pick(random, ['Bearer ', 'Basic ', 'ApiKey ', '', 'Negotiate '])}${repeat('A', random.int(random.next() < 0.3 ? 40_000 : 2_000))}`;
  else if (auth === 7) h.Authorization = pick(random, ['Basic !!!', 'Basic ZWxhc3RpYw==', 'Bearer', 'Bearer AAEAAQ', 'Basic Og==', `Bearer ${bearer}x`, 'Basic ' + Buffer.from(':').toString('base64')]);
  if (random.next() < 0.5) h['Content-Type'] = pick(random, MEDIA);
  if (random.next() < 0.3) h.Accept = pick(random, MEDIA);
  if (random.next() < 0.2) h['X-Sim-Node'] = pick(random, ['node-1', 'node-2', 'node-9', 'node-1, node-2', '', random.id(22), repeat('x', 5000)]);
  if (random.next() < 0.05) h['Last-Event-ID'] = pick(random, ['-1', '99999999999999999999', 'x']);
  return h;
}

export const METHODS = ['GET', 'GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH'];
