/**
 * Request bodies of the endpoints that read one: a JSON object, or Elasticsearch's errors
 * for a missing or unparseable body.
 */
import { parseException, streamConstraints, xContentParseException, type EsError } from '../errors';
import type { RestRequest } from './rest-request';

export function readJsonObject(request: RestRequest): Record<string, unknown> {
  if (!request.hasBody) throw parseException('request body is required');
  const text = (request.body as Buffer).toString('utf8');
  checkNestingDepth(text);
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
  return xContentParseException(`[${line}:${column}] ${message}`, { type: 'json_parse_exception', reason: message });
}

/** Jackson's StreamReadConstraints default, which Elasticsearch's JSON parser keeps (XContentImplUtils). */
export const MAX_NESTING_DEPTH = 1000;

/**
 * Refuses a body nested deeper than Jackson allows before anything reads it recursively
 * (JSON.parse, validation, serializing it to the index): one pass over the text, counting
 * open objects and arrays outside strings. Jackson stops at the first container past the
 * limit with a StreamConstraintsException, which Elasticsearch's parser does not wrap, so
 * the answer carries Jackson's type and message.
 */
export function checkNestingDepth(text: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_NESTING_DEPTH) {
        throw streamConstraints(
          `Document nesting depth (${depth}) exceeds the maximum allowed (${MAX_NESTING_DEPTH}, from \`StreamReadConstraints.getMaxNestingDepth()\`)`,
        );
      }
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
}
