/**
 * How Elasticsearch writes an exception as JSON (`ElasticsearchException#generateThrowableXContent`): its fields in order, its
 * root cause, and a readable stack trace for `error_trace=true`.
 */
import type { ErrorData } from './es-error';

/**
 * Types that are plain Java exceptions in Elasticsearch, not ElasticsearchException
 * subclasses. The root-cause search stops descending at them (`ElasticsearchException#generateThrowableXContent`).
 */
const PLAIN_JAVA_TYPES = new Set([
  'illegal_argument_exception',
  'illegal_state_exception',
  'null_pointer_exception',
  'media_type_header_exception',
  'bad_parameter_exception',
  'number_format_exception',
]);

export function isElasticsearchType(type: string): boolean {
  return !PLAIN_JAVA_TYPES.has(type);
}

/**
 * One exception as ES renders it (`ElasticsearchException#generateThrowableXContent`): `type`, `reason`, metadata fields, `caused_by`
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

/** A readable, secret-free trace line for `error_trace=true` (the content is implementation-defined, `ElasticsearchException#generateThrowableXContent`). */
export function stackOf(data: ErrorData): string {
  const javaish = data.type.replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase());
  return `${javaish}[${data.reason ?? 'null'}]\n\tat es-token-cache-sim (simulated node)`;
}

/**
 * ES's root-cause guess (`ElasticsearchException#generateThrowableXContent`): descend `caused_by` while it is an Elasticsearch exception
 * and take the innermost; a plain Java cause stops the descent.
 */
export function rootCauseOf(data: ErrorData): ErrorData {
  let current = data;
  while (current.caused_by !== undefined && isElasticsearchType(current.type) && isElasticsearchType(current.caused_by.type)) {
    current = current.caused_by;
  }
  return current;
}
