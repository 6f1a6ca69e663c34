/**
 * One REST request as Elasticsearch's handlers see it: path parameters (URL-decoded),
 * query parameters that must each be *consumed* by the endpoint or rejected (`BaseRestHandler`), and
 * the raw body, if any. The decoding is Elasticsearch's own (`RestUtils`), not the WHATWG
 * URL rules: it differs on `%%`, `;`, invalid UTF-8 and, above all, on malformed escapes.
 */
import { badParameter, type EsError, illegalArgument } from '../errors';

/** Accepted on every endpoint (`BaseRestHandler`, `RestResponse`). */
export const COMMON_PARAMS = ['error_trace', 'filter_path', 'format', 'human', 'pretty'] as const;

/** Java's IllegalArgumentException from `RestUtils.decodeComponent` / `decodeQueryString`. */
export class UrlDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UrlDecodeError';
  }
}

/** Parameters end users may never set (`RestRequest.INTERNAL_MARKER_REQUEST_PARAMETERS`). */
const INTERNAL_MARKER_REQUEST_PARAMETERS = ['serverlessRequest', 'operatorRequest'];

/**
 * `RestUtils.decodeComponent`: `%XX` escapes to bytes, read as UTF-8 (a malformed sequence
 * becomes U+FFFD, as Java's `new String(bytes, UTF_8)` does); `%%` is a `%`; `+` is a space
 * only where asked (query strings; path parameters keep it, `es.rest.url_plus_as_space`
 * being false). A string without `%` (or `+` to decode) is returned as it is. A malformed
 * escape throws UrlDecodeError with ES's exact message.
 */
export function decodeComponent(s: string, plusAsSpace = false): string {
  if (!s.includes('%') && !(plusAsSpace && s.includes('+'))) return s;
  const size = s.length;
  const buf = Buffer.allocUnsafe(size);
  let pos = 0;
  for (let i = 0; i < size; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2b) {
      buf[pos++] = plusAsSpace ? 0x20 : 0x2b;
    } else if (c === 0x25) {
      if (i === size - 1) throw new UrlDecodeError(`unterminated escape sequence at end of string: ${s}`);
      const next = s.charCodeAt(++i);
      if (next === 0x25) {
        buf[pos++] = 0x25;
        continue;
      }
      if (i === size - 1) throw new UrlDecodeError(`partial escape sequence at end of string: ${s}`);
      const high = hexNibble(next);
      const low = hexNibble(s.charCodeAt(++i));
      if (high < 0 || low < 0) throw new UrlDecodeError(`invalid escape sequence \`%${s[i - 1]}${s[i]}' at index ${i - 2} of: ${s}`);
      buf[pos++] = high * 16 + low;
    } else {
      // Java's `(byte) c`: the low byte of the UTF-16 unit (a latin-1 request line's raw byte).
      buf[pos++] = c & 0xff;
    }
  }
  return buf.toString('utf8', 0, pos);
}

function hexNibble(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/**
 * `RestUtils.decodeQueryString` from `fromIndex` (one past the `?`): `&` and `;` separate
 * parameters, the query ends at the first `#` of the whole URI, a name without `=` has the
 * value `""`, names and values are decoded with `+` as a space, and an internal marker
 * parameter is refused. The last of repeated names wins. Throws UrlDecodeError.
 */
export function decodeQueryString(s: string, fromIndex: number): Map<string, string> {
  const params = new Map<string, string>();
  if (fromIndex < 0 || fromIndex >= s.length) return params;
  const hash = s.indexOf('#');
  const length = hash >= 0 ? hash : s.length;
  const decode = (part: string) => decodeComponent(part, true);
  const add = (name: string, value: string) => {
    const reserved = INTERNAL_MARKER_REQUEST_PARAMETERS.find((p) => p.toLowerCase() === name.toLowerCase());
    if (reserved !== undefined) throw new UrlDecodeError(`parameter [${name}] is reserved and may not be set`);
    params.set(name, value);
  };
  let name: string | null = null;
  let pos = fromIndex;
  let i = fromIndex;
  for (; i < length; i++) {
    const c = s[i];
    if (c === '=' && name === null) {
      if (pos !== i) name = decode(s.slice(pos, i));
      pos = i + 1;
    } else if (c === '&' || c === ';') {
      if (name === null && pos !== i) add(decode(s.slice(pos, i)), '');
      else if (name !== null) {
        add(name, decode(s.slice(pos, i)));
        name = null;
      }
      pos = i + 1;
    }
  }
  if (pos !== i) {
    if (name === null) add(decode(s.slice(pos, i)), '');
    else add(name, decode(s.slice(pos, i)));
  } else if (name !== null) {
    add(name, '');
  }
  return params;
}

export class RestRequest {
  private readonly consumed = new Set<string>(COMMON_PARAMS);
  /** The node that authenticated (or rejected) the caller, sent back as X-Sim-Node. */
  authenticatedBy: string | undefined;
  /**
   * Set when the query string could not be decoded (`RestRequest.BadParameterException`).
   * Elasticsearch then builds the request without parameters (`requestWithoutParameters`,
   * so `pretty` and `error_trace` do not apply) and, once the caller is authenticated,
   * answers it as a bad request (`AbstractHttpServerTransport#handleIncomingRequest`).
   */
  badParameter: EsError | undefined;

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
    let query = new Map<string, string>();
    let bad: EsError | undefined;
    if (q >= 0) {
      try {
        query = decodeQueryString(url, q + 1);
      } catch (err) {
        if (!(err instanceof UrlDecodeError)) throw err;
        bad = badParameter(err.message);
      }
    }
    const request = new RestRequest(method, path, url, params, query, headers, body);
    request.badParameter = bad;
    return request;
  }

  /** The same request with the body read after authentication (what it has consumed so far are common parameters). */
  withBody(body: Buffer | null): RestRequest {
    const next = new RestRequest(this.method, this.path, this.uri, this.params, this.query, this.headers, body);
    next.authenticatedBy = this.authenticatedBy;
    next.badParameter = this.badParameter;
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
