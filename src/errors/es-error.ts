/**
 * Elasticsearch errors, typed once. Code throws EsError with the exact ES
 * `type`, HTTP `status` and `reason`, built by the constructors of catalogue.ts; the one
 * renderer in http/render-error.ts turns it into the ES body (`ElasticsearchException#generateThrowableXContent`). Across IPC an
 * error travels as plain ErrorData.
 */

/** An error as plain data: what crosses the transport and what the renderer reads. */
export interface ErrorData {
  type: string;
  reason: string | null;
  /** Exception-specific fields, rendered after `reason` in insertion order (`ElasticsearchException#generateThrowableXContent`). */
  metadata?: Record<string, unknown>;
  /** Response headers carried by the exception (e.g. WWW-Authenticate), rendered as `header`. */
  headers?: Record<string, string[]>;
  caused_by?: ErrorData;
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
 * e.g. 405 wrong method or 400 no handler (`RestController`).
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
