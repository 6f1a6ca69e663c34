/**
 * Elasticsearch errors, typed once (DESIGN.md §4.4). Code throws EsError with the exact ES
 * `type`, HTTP `status` and `reason`; the one renderer in http/render-error.ts turns it
 * into the ES body of spec §1.1. Across IPC an error travels as plain ErrorData.
 */

/** An error as plain data: what crosses the transport and what the renderer reads. */
export interface ErrorData {
  type: string;
  reason: string | null;
  /** Exception-specific fields, rendered after `reason` in insertion order (§1.1). */
  metadata?: Record<string, unknown>;
  /** Response headers carried by the exception (e.g. WWW-Authenticate), rendered as `header`. */
  headers?: Record<string, string[]>;
  caused_by?: ErrorData;
}

/**
 * Types that are plain Java exceptions in Elasticsearch, not ElasticsearchException
 * subclasses. The root-cause search stops descending at them (§1.1).
 */
const PLAIN_JAVA_TYPES = new Set([
  'illegal_argument_exception',
  'illegal_state_exception',
  'null_pointer_exception',
  'media_type_header_exception',
]);

export function isElasticsearchType(type: string): boolean {
  return !PLAIN_JAVA_TYPES.has(type);
}

export class EsError extends Error {
  readonly status: number;
  readonly type: string;
  readonly reason: string | null;
  readonly metadata: Record<string, unknown>;
  readonly headers: Record<string, string[]>;
  readonly causedBy: ErrorData | undefined;

  constructor(
    status: number,
    type: string,
    reason: string | null,
    options: { metadata?: Record<string, unknown>; headers?: Record<string, string[]>; cause?: ErrorData } = {},
  ) {
    super(reason ?? type);
    this.name = 'EsError';
    this.status = status;
    this.type = type;
    this.reason = reason;
    this.metadata = options.metadata ?? {};
    this.headers = options.headers ?? {};
    this.causedBy = options.cause;
  }

  toData(): ErrorData {
    const data: ErrorData = { type: this.type, reason: this.reason };
    if (Object.keys(this.metadata).length > 0) data.metadata = this.metadata;
    if (Object.keys(this.headers).length > 0) data.headers = this.headers;
    if (this.causedBy !== undefined) data.caused_by = this.causedBy;
    return data;
  }

  static fromData(status: number, data: ErrorData): EsError {
    return new EsError(status, data.type, data.reason, {
      metadata: data.metadata,
      headers: data.headers,
      cause: data.caused_by,
    });
  }
}

/** Anything thrown, as ErrorData; a non-EsError becomes a 500-style `exception`. */
export function toErrorData(err: unknown): ErrorData {
  if (err instanceof EsError) return err.toData();
  const message = err instanceof Error ? err.message : String(err);
  return { type: 'exception', reason: message };
}

/**
 * A request-path failure that ES renders as a *string* error (`{"error":"...","status":N}`),
 * e.g. 405 wrong method or 400 no handler (§1.1).
 */
export class RestPathError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
    /** ES omits `status` from the body of some of these (no handler found). */
    readonly statusInBody = true,
  ) {
    super(message);
    this.name = 'RestPathError';
  }
}

export function illegalArgument(reason: string): EsError {
  return new EsError(400, 'illegal_argument_exception', reason);
}

/** For simulator-only endpoints: same shape as ES, saying what was wrong and what is allowed. */
export function resourceNotFound(reason: string): EsError {
  return new EsError(404, 'resource_not_found_exception', reason);
}

/**
 * One exception as ES renders it (§1.1): `type`, `reason`, metadata fields, `caused_by`
 * (recursively), then `header`. Used for top-level errors, root causes (without
 * `caused_by`) and the failure items of nodes responses.
 */
export function exceptionJson(
  data: ErrorData,
  options: { withCause?: boolean; stackTrace?: string } = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = { type: data.type, reason: data.reason };
  for (const [k, v] of Object.entries(data.metadata ?? {})) out[k] = v;
  if ((options.withCause ?? true) && data.caused_by !== undefined) {
    out.caused_by = exceptionJson(data.caused_by, { stackTrace: options.stackTrace === undefined ? undefined : stackOf(data.caused_by) });
  }
  if (data.headers !== undefined && Object.keys(data.headers).length > 0) out.header = data.headers;
  if (options.stackTrace !== undefined) out.stack_trace = options.stackTrace;
  return out;
}

/** A readable, secret-free trace line for `error_trace=true` (the content is implementation-defined, §1.1). */
export function stackOf(data: ErrorData): string {
  const javaish = data.type.replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase());
  return `${javaish}[${data.reason ?? 'null'}]\n\tat es-token-cache-sim (simulated node)`;
}

/**
 * ES's root-cause guess (§1.1): descend `caused_by` while it is an Elasticsearch exception
 * and take the innermost; a plain Java cause stops the descent.
 */
export function rootCauseOf(data: ErrorData): ErrorData {
  let current = data;
  while (current.caused_by !== undefined && isElasticsearchType(current.type) && isElasticsearchType(current.caused_by.type)) {
    current = current.caused_by;
  }
  return current;
}
