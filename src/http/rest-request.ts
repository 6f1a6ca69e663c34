/**
 * One REST request as Elasticsearch's handlers see it: path parameters (URL-decoded),
 * query parameters that must each be *consumed* by the endpoint or rejected (`BaseRestHandler`), and
 * the raw body, if any.
 */
import { illegalArgument } from '../errors';

/** Accepted on every endpoint (`BaseRestHandler`, `RestResponse`). */
export const COMMON_PARAMS = ['error_trace', 'filter_path', 'format', 'human', 'pretty'] as const;

export class RestRequest {
  private readonly consumed = new Set<string>(COMMON_PARAMS);
  /** The node that authenticated (or rejected) the caller, sent back as X-Sim-Node. */
  authenticatedBy: string | undefined;

  constructor(
    readonly method: string,
    /** The raw path without the query string, as ES prints it in messages. */
    readonly path: string,
    /** Path and query string as received. */
    readonly uri: string,
    readonly params: Readonly<Record<string, string>>,
    readonly query: ReadonlyMap<string, string>,
    readonly headers: Readonly<Record<string, string | string[] | undefined>>,
    readonly body: Buffer | null,
  ) {}

  static fromUrl(method: string, url: string, params: Record<string, string>, headers: RestRequest['headers'], body: Buffer | null): RestRequest {
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const query = new Map<string, string>();
    if (q >= 0) for (const [k, v] of new URLSearchParams(url.slice(q + 1))) query.set(k, v);
    return new RestRequest(method, path, url, params, query, headers, body);
  }

  /** The same request with the body read after authentication (what it has consumed so far are common parameters). */
  withBody(body: Buffer | null): RestRequest {
    const next = new RestRequest(this.method, this.path, this.uri, this.params, this.query, this.headers, body);
    next.authenticatedBy = this.authenticatedBy;
    return next;
  }

  /** Reads a query parameter and marks it as understood. */
  param(name: string): string | undefined {
    this.consumed.add(name);
    return this.query.get(name);
  }

  /** ES's paramAsBoolean: absent → fallback, `""`/`true` → true, `false` → false, else 400. */
  booleanParam(name: string, fallback: boolean): boolean {
    const v = this.param(name);
    if (v === undefined) return fallback;
    if (v === '' || v === 'true') return true;
    if (v === 'false') return false;
    throw illegalArgument(`Failed to parse value [${v}] as only [true] or [false] are allowed.`);
  }

  /** Every parameter the endpoint reads, path parameters included: the "did you mean" candidates. */
  consumedParams(): string[] {
    return [...this.consumed, ...Object.keys(this.params)];
  }

  /** Query parameters no one asked for, sorted as ES reports them. */
  unconsumedParams(): string[] {
    return [...this.query.keys()].filter((k) => !this.consumed.has(k)).sort();
  }

  get hasBody(): boolean {
    return this.body !== null && this.body.length > 0;
  }

  header(name: string): string | undefined {
    const v = this.headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  }
}
