/**
 * Request bodies of the endpoints that read one: a JSON object, or Elasticsearch's errors
 * for a missing or unparseable body.
 */
import { EsError } from '../errors';
import type { RestRequest } from './rest-request';

export function readJsonObject(request: RestRequest): Record<string, unknown> {
  if (!request.hasBody) throw new EsError(400, 'parse_exception', 'request body is required');
  let parsed: unknown;
  try {
    parsed = JSON.parse((request.body as Buffer).toString('utf8'));
  } catch {
    throw new EsError(400, 'parse_exception', 'Failed to parse content to map');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new EsError(400, 'parse_exception', 'Failed to parse content to map');
  }
  return parsed as Record<string, unknown>;
}
