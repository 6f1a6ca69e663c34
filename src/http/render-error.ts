/**
 * The one error renderer: anything thrown while serving a request becomes
 * the Elasticsearch error body (`ElasticsearchException#generateThrowableXContent`, `RestResponse`), with the exception's headers copied to the
 * response. 401s never carry a stack trace.
 */
import { EsError, exceptionJson, RestPathError, rootCauseOf, stackOf, type ErrorData, internalException } from '../errors';

export interface RenderedError {
  status: number;
  body: unknown;
  headers: Record<string, string | string[]>;
}

export function renderError(err: unknown, errorTrace: boolean): RenderedError {
  if (err instanceof RestPathError) {
    const body = err.statusInBody ? { error: err.message, status: err.status } : { error: err.message };
    return { status: err.status, body, headers: err.headers };
  }
  const es = err instanceof EsError ? err : internalError(err);
  const data = es.toData();
  const trace = errorTrace && es.status !== 401;
  const root = rootCauseOf(data);
  const error = {
    root_cause: [exceptionJson(root, { withCause: false, stackTrace: trace ? stackOf(root) : undefined })],
    ...exceptionJson(data, { stackTrace: trace ? stackOf(data) : undefined }),
  };
  return { status: es.status, body: { error, status: es.status }, headers: { ...es.headers } };
}

/** A bug of ours still answers in ES shape (500 `exception`), never as an HTML page. */
function internalError(err: unknown): EsError {
  const reason = err instanceof Error ? err.message : String(err);
  return internalException(reason);
}

export type { ErrorData };
