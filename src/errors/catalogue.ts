/**
 * Every Elasticsearch error type the simulator answers with, and its HTTP status: the
 * status each exception class reports in Elasticsearch (`ElasticsearchException#status`,
 * e.g. `IndexNotFoundException` → 404, `VersionConflictEngineException` → 409). Each type
 * has one constructor here, so a type is always built with the same status and the same
 * shape (metadata, the `Validation Failed` text); nothing else calls `new EsError`.
 */
import { EsError, type ErrorData } from './es-error';

export const ERROR_STATUS = {
  illegal_argument_exception: 400,
  bad_parameter_exception: 400,
  too_long_http_line_exception: 400,
  too_long_http_header_exception: 400,
  number_format_exception: 400,
  parse_exception: 400,
  x_content_parse_exception: 400,
  stream_constraints_exception: 400,
  media_type_header_exception: 400,
  validation_exception: 400,
  action_request_validation_exception: 400,
  resource_not_found_exception: 404,
  index_not_found_exception: 404,
  timeout_exception: 408,
  version_conflict_engine_exception: 409,
  content_too_long_exception: 413,
  es_rejected_execution_exception: 429,
  exception: 500,
  illegal_state_exception: 500,
  receive_timeout_transport_exception: 500,
  node_not_connected_exception: 502,
  node_disconnected_exception: 502,
  unavailable_shards_exception: 503,
  cluster_block_exception: 503,
} as const;

export type CataloguedType = keyof typeof ERROR_STATUS;

type Options = { metadata?: Record<string, unknown>; cause?: ErrorData };

function build(type: CataloguedType, reason: string, options: Options = {}): EsError {
  return new EsError(ERROR_STATUS[type], type, reason, options);
}

/** A bad value in a request (Java's IllegalArgumentException). */
export function illegalArgument(reason: string): EsError {
  return build('illegal_argument_exception', reason);
}

/**
 * `RestRequest.BadParameterException`: the query string could not be decoded. It wraps the
 * IllegalArgumentException of `RestUtils.decodeComponent` (`super(cause)`), so its reason is
 * the cause's `toString()`, and the cause is rendered as `caused_by`.
 */
export function badParameter(message: string): EsError {
  return build('bad_parameter_exception', `java.lang.IllegalArgumentException: ${message}`, { cause: { type: 'illegal_argument_exception', reason: message } });
}

/**
 * Netty's TooLongHttpLineException: the request line is longer than
 * `http.max_initial_line_length` (4kb). The decoder fails before the headers are read, so
 * RestController#dispatchBadRequest answers it as a 400 with no authentication.
 */
export function tooLongHttpLine(maxBytes: number): EsError {
  return build('too_long_http_line_exception', `An HTTP line is larger than ${maxBytes} bytes.`);
}

/** Netty's TooLongHttpHeaderException: the headers are longer than `http.max_header_size` (16kb); a 400 as above. */
export function tooLongHttpHeader(maxBytes: number): EsError {
  return build('too_long_http_header_exception', `HTTP header is larger than ${maxBytes} bytes.`);
}

/** Java's NumberFormatException (an IllegalArgumentException, so a 400: `ExceptionsHelper.status`). */
export function numberFormat(reason: string): EsError {
  return build('number_format_exception', reason);
}

/** Something that cannot happen did (Java's IllegalStateException): a bug of ours. */
export function illegalState(reason: string): EsError {
  return build('illegal_state_exception', reason);
}

/** For simulator-only endpoints: same shape as ES, saying what was wrong and what is allowed. */
export function resourceNotFound(reason: string): EsError {
  return build('resource_not_found_exception', reason);
}

/** `IndexNotFoundException`: `no such index [name]`, with the resource and index metadata it always carries. */
export function indexNotFound(index: string): EsError {
  return build('index_not_found_exception', `no such index [${index}]`, {
    metadata: { 'resource.type': 'index_or_alias', 'resource.id': index, index_uuid: '_na_', index },
  });
}

/** `ValidationException#getMessage`: `Validation Failed: 1: …;2: …;`, numbered in the order found. */
export function validationFailed(type: 'validation_exception' | 'action_request_validation_exception', problems: readonly string[]): EsError {
  return build(type, `Validation Failed: ${problems.map((p, i) => `${i + 1}: ${p};`).join('')}`);
}

/** `ElasticsearchParseException`, e.g. a missing body or a field of the wrong type. */
export function parseException(reason: string, cause?: ErrorData): EsError {
  return build('parse_exception', reason, cause === undefined ? {} : { cause });
}

/** `XContentParseException`: a body that is not valid JSON, `[line:column] …`. */
export function xContentParseException(reason: string, cause: ErrorData): EsError {
  return build('x_content_parse_exception', reason, { cause });
}

/** Jackson's `StreamConstraintsException`, which Elasticsearch's parser does not wrap. */
export function streamConstraints(reason: string): EsError {
  return build('stream_constraints_exception', reason);
}

/** `MediaTypeHeaderException`: an Accept or Content-Type Elasticsearch does not serve. */
export function mediaTypeHeader(reason: string, cause: ErrorData): EsError {
  return build('media_type_header_exception', reason, { cause });
}

/**
 * `ElasticsearchSecurityException`: 401 when the caller is not authenticated (with the
 * `WWW-Authenticate` challenges as headers), 403 when an authenticated caller may not act.
 */
export function securityException(
  status: 401 | 403,
  reason: string,
  options: Options & { headers?: Record<string, string[]> } = {},
): EsError {
  return new EsError(status, 'security_exception', reason, options);
}

/** `VersionConflictEngineException` of a create-only write. */
export function versionConflict(reason: string, metadata: Record<string, unknown>): EsError {
  return build('version_conflict_engine_exception', reason, { metadata });
}

/** `UnavailableShardsException`: the shards a request needs are not there (a red index). */
export function unavailableShards(reason: string): EsError {
  return build('unavailable_shards_exception', reason);
}

/** `EsRejectedExecutionException`: more work than a bounded queue takes (429). */
export function rejectedExecution(reason: string): EsError {
  return build('es_rejected_execution_exception', reason);
}

/** `ElasticsearchTimeoutException`: a wait that ran out. */
export function timeoutException(reason: string): EsError {
  return build('timeout_exception', reason);
}

/** A plain 500 `exception`: an unexpected failure (ours, or one ES reports without a class of its own). */
export function internalException(reason: string, cause?: ErrorData, metadata?: Record<string, unknown>): EsError {
  return build('exception', reason, { ...(cause === undefined ? {} : { cause }), ...(metadata === undefined ? {} : { metadata }) });
}

/** A request refused before it reached a route (express: body too large, malformed URI). */
export function requestRejected(status: number, reason: string): EsError {
  return status === 413 ? build('content_too_long_exception', reason) : new EsError(status, 'illegal_argument_exception', reason);
}

/**
 * The error a `rest` fault answers with, in front of everything else: the status and the
 * Elasticsearch error the fault names (its defaults come from this catalogue's statuses).
 */
export function injectedError(status: number, error: { type: string; reason: string }): EsError {
  return new EsError(status, error.type, error.reason);
}

/**
 * A node's transport failure (see protocol/transport-errors.ts) reaching the top level:
 * connect-type → 502, timeout → 500, as Elasticsearch answers them.
 */
export function transportFailure(data: ErrorData): EsError {
  return EsError.fromData(ERROR_STATUS[data.type as CataloguedType] ?? 500, data);
}
