/**
 * API name → HTTP request, as Elasticsearch's REST API spec maps them
 * (rest-api-spec/src/main/resources/rest-api-spec/api/<name>.json): the paths each API may
 * take with their parts, methods and query parameters, for every endpoint this simulator
 * serves, plus the simulator's own `sim.*` APIs. A client picks the path whose parts are
 * all given, preferring the one with the most parts; everything else is a query parameter
 * the spec must list, or the request is refused before it is sent (catch: param).
 */
import { SIM_APIS } from './sim-steps';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';

export interface ApiPath {
  path: string;
  methods: HttpMethod[];
}

export interface ApiSpec {
  paths: ApiPath[];
  params: string[];
  body?: 'required' | 'optional';
  /** Simulator APIs only: parameters sent as fields of a JSON body, not in the query. */
  bodyFields?: string[];
  /** Simulator APIs only: parameter renames (`event` → `type`), and whether any other name is allowed. */
  rename?: Record<string, string>;
  anyParams?: boolean;
}

/** Accepted by every API (rest-api-spec/api/_common.json). */
export const COMMON_PARAMS = ['pretty', 'human', 'error_trace', 'source', 'filter_path'];

const SERVICE = '/_security/service/{namespace}/{service}';
const refresh = ['refresh'];

export const ES_APIS: Record<string, ApiSpec> = {
  info: { paths: [{ path: '/', methods: ['GET'] }], params: [] },
  ping: { paths: [{ path: '/', methods: ['HEAD'] }], params: [] },
  'cluster.health': {
    paths: [
      { path: '/_cluster/health', methods: ['GET'] },
      { path: '/_cluster/health/{index}', methods: ['GET'] },
    ],
    params: [
      'expand_wildcards', 'level', 'local', 'master_timeout', 'timeout', 'wait_for_active_shards', 'wait_for_nodes',
      'wait_for_events', 'wait_for_no_relocating_shards', 'wait_for_no_initializing_shards', 'wait_for_status',
    ],
  },
  'security.authenticate': { paths: [{ path: '/_security/_authenticate', methods: ['GET'] }], params: [] },
  'security.clear_cached_service_tokens': { paths: [{ path: `${SERVICE}/credential/token/{name}/_clear_cache`, methods: ['POST'] }], params: [] },
  'security.create_service_token': {
    paths: [
      { path: `${SERVICE}/credential/token/{name}`, methods: ['PUT', 'POST'] },
      { path: `${SERVICE}/credential/token`, methods: ['POST'] },
    ],
    params: refresh,
  },
  'security.delete_service_token': { paths: [{ path: `${SERVICE}/credential/token/{name}`, methods: ['DELETE'] }], params: refresh },
  'security.get_service_accounts': {
    paths: [
      { path: SERVICE, methods: ['GET'] },
      { path: '/_security/service/{namespace}', methods: ['GET'] },
      { path: '/_security/service', methods: ['GET'] },
    ],
    params: ['type'],
  },
  'security.get_service_credentials': { paths: [{ path: `${SERVICE}/credential`, methods: ['GET'] }], params: [] },
  'security.put_user': { paths: [{ path: '/_security/user/{username}', methods: ['PUT', 'POST'] }], params: refresh, body: 'required' },
  'security.get_user': {
    paths: [
      { path: '/_security/user/{username}', methods: ['GET'] },
      { path: '/_security/user', methods: ['GET'] },
    ],
    params: ['with_profile_uid'],
  },
  'security.delete_user': { paths: [{ path: '/_security/user/{username}', methods: ['DELETE'] }], params: refresh },
  'security.put_role': { paths: [{ path: '/_security/role/{name}', methods: ['PUT', 'POST'] }], params: refresh, body: 'required' },
  'security.get_role': {
    paths: [
      { path: '/_security/role/{name}', methods: ['GET'] },
      { path: '/_security/role', methods: ['GET'] },
    ],
    params: [],
  },
  'security.delete_role': { paths: [{ path: '/_security/role/{name}', methods: ['DELETE'] }], params: refresh },
};

export const ALL_APIS: Record<string, ApiSpec> = { ...ES_APIS, ...SIM_APIS };

export interface ApiRequest {
  method: HttpMethod;
  /** Path with parts filled in and URL-encoded. */
  path: string;
  query: [string, string][];
  body?: string;
}

/** A request that cannot be built from these parameters (ES's runners call it a client-side `param` error). */
export class ApiParamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiParamError';
  }
}

const partsOf = (path: string): string[] => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);

function paramText(api: string, name: string, v: unknown): string {
  if (Array.isArray(v)) return v.map((x) => paramText(api, name, x)).join(',');
  if (v !== null && typeof v === 'object') throw new ApiParamError(`[${name}] of [${api}] must be a value or a list, got ${JSON.stringify(v)}`);
  return String(v);
}

export function buildRequest(api: string, params: Record<string, unknown>): ApiRequest {
  const spec = ALL_APIS[api];
  if (spec === undefined) throw new ApiParamError(unknownApiMessage(api));
  const given = new Map(Object.entries(params).map(([k, v]) => [spec.rename?.[k] ?? k, v] as [string, unknown]));
  const usable = spec.paths.filter((p) => partsOf(p.path).every((part) => given.has(part)));
  const chosen = usable.sort((a, b) => partsOf(b.path).length - partsOf(a.path).length)[0];
  if (chosen === undefined) {
    const needs = spec.paths.map((p) => `[${partsOf(p.path).join(', ')}]`).join(' or ');
    throw new ApiParamError(`[${api}] needs the path parts ${needs}; got [${[...given.keys()].join(', ')}]`);
  }
  const parts = new Set(partsOf(chosen.path));
  const path = chosen.path.replace(/\{(\w+)\}/g, (_, part: string) =>
    paramText(api, part, given.get(part)).split(',').map(encodeURIComponent).join(','),
  );
  const query: [string, string][] = [];
  const bodyFields: Record<string, unknown> = {};
  let body: string | undefined;
  for (const [name, value] of given) {
    if (parts.has(name)) continue;
    if (name === 'body') {
      if (spec.body === undefined) throw new ApiParamError(`[${api}] takes no body`);
      body = typeof value === 'string' ? value : JSON.stringify(value);
    } else if (spec.bodyFields?.includes(name)) {
      bodyFields[name] = value;
    } else if (spec.params.includes(name) || COMMON_PARAMS.includes(name) || spec.anyParams === true) {
      query.push([name, paramText(api, name, value)]);
    } else {
      const allowed = [...new Set([...spec.paths.flatMap((p) => partsOf(p.path)), ...spec.params, ...(spec.bodyFields ?? []), ...(spec.body ? ['body'] : []), ...COMMON_PARAMS])];
      throw new ApiParamError(`unknown parameter [${name}] for [${api}]; allowed: [${allowed.join(', ')}]`);
    }
  }
  if (spec.bodyFields !== undefined) {
    const missing = spec.bodyFields.filter((f) => !(f in bodyFields));
    if (missing.length > 0) throw new ApiParamError(`[${api}] needs [${missing.join(', ')}]`);
    body = JSON.stringify(bodyFields);
  }
  if (spec.body === 'required' && body === undefined) throw new ApiParamError(`[${api}] needs a [body]`);
  return { method: chosen.methods[0] as HttpMethod, path, query, body };
}

export function unknownApiMessage(api: string): string {
  const near = closest(api, Object.keys(ALL_APIS));
  return `unknown API [${api}]${near === undefined ? '' : `; did you mean [${near}]?`} (known: ${Object.keys(ALL_APIS).join(', ')})`;
}

/** The known name with the smallest edit distance (ties: the first in table order). */
export function closest(name: string, names: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const n of names) {
    const d = editDistance(name, n);
    if (d < bestDistance) {
      best = n;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length] as number;
}
