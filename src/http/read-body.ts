/**
 * Request bodies of the endpoints that read one: a JSON object, or Elasticsearch's errors
 * for a missing or unparseable body.
 */
import { EsError } from '../errors';
import type { RestRequest } from './rest-request';

export function readJsonObject(request: RestRequest): Record<string, unknown> {
  if (!request.hasBody) throw new EsError(400, 'parse_exception', 'request body is required');
  const text = (request.body as Buffer).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw parseError(text, (err as Error).message);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw parseError(text, 'the request body must be a JSON object', 0);
  }
  return parsed as Record<string, unknown>;
}

/**
 * ES reads bodies with a streaming parser: a syntax error is an `x_content_parse_exception`
 * whose reason starts with `[line:column]`, caused by Jackson's `json_parse_exception`.
 * (Jackson's own wording cannot be reproduced; the position and the shape are ES's.)
 */
function parseError(text: string, message: string, at?: number): EsError {
  const position = at ?? Number(/position (\d+)/.exec(message)?.[1] ?? text.length);
  const before = text.slice(0, position).split('\n');
  const line = before.length;
  const column = (before[before.length - 1]?.length ?? 0) + 1;
  return new EsError(400, 'x_content_parse_exception', `[${line}:${column}] ${message}`, {
    cause: { type: 'json_parse_exception', reason: message },
  });
}
