/**
 * Request bodies of the endpoints that read one: a JSON object, or Elasticsearch's errors
 * for a missing or unparseable body.
 */
import { parseException, streamConstraints, xContentParseException, type EsError } from '../errors';
import type { RestRequest } from './rest-request';

export function readJsonObject(request: RestRequest): Record<string, unknown> {
  if (!request.hasBody) throw parseException('request body is required');
  const bytes = request.body as Buffer;
  const invalid = firstInvalidUtf8(bytes);
  if (invalid !== undefined) {
    // Jackson reads bytes, not text: a malformed sequence is its parse error, not a U+FFFD
    // that would be stored (UTF8StreamJsonParser#_reportInvalidInitial / _reportInvalidOther).
    // Its position in bytes, as Jackson counts a byte stream: line, and 1-based column of the byte.
    const message = `Invalid UTF-8 ${invalid.start ? 'start' : 'middle'} byte 0x${(bytes[invalid.index] as number).toString(16)}`;
    // (lastIndexOf takes a negative offset from the end: at index 0 there is no line before.)
    const lineStart = invalid.index === 0 ? 0 : bytes.lastIndexOf(0x0a, invalid.index - 1) + 1;
    let line = 1;
    for (let i = bytes.indexOf(0x0a); i >= 0 && i < invalid.index; i = bytes.indexOf(0x0a, i + 1)) line++;
    throw xContentParseException(`[${line}:${invalid.index - lineStart + 1}] ${message}`, { type: 'json_parse_exception', reason: message });
  }
  const text = bytes.toString('utf8');
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

/**
 * The first byte that breaks UTF-8 in `bytes`, and whether it is a sequence's first byte
 * (a continuation byte where a character should start, or a byte no sequence starts with)
 * or one of its continuation bytes.
 */
export function firstInvalidUtf8(bytes: Uint8Array): { index: number; start: boolean } | undefined {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    const continuations = (b & 0xe0) === 0xc0 ? 1 : (b & 0xf0) === 0xe0 ? 2 : (b & 0xf8) === 0xf0 ? 3 : -1;
    if (continuations < 0) return { index: i, start: true };
    for (let k = 1; k <= continuations; k++) {
      // Cut short by the end: so is the JSON (a string never closes), which JSON.parse reports.
      if (i + k >= bytes.length) return undefined;
      if (((bytes[i + k] as number) & 0xc0) !== 0x80) return { index: i + k, start: false };
    }
    i += continuations + 1;
  }
  return undefined;
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
