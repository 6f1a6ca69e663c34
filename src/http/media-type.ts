/**
 * Media types (research of ES RestCompatibleVersionHelper / AbstractRestChannel):
 * official clients send `application/vnd.elasticsearch+json; compatible-with=N`. ES 9
 * accepts N = 8 or 9 and answers in the vendor type; an Accept value that is a list
 * (contains `,`) is a media range and is ignored. A body needs a JSON-family Content-Type.
 */
import { RestPathError, mediaTypeHeader } from '../errors';
import type { RestRequest } from './rest-request';

export const CURRENT_MAJOR = 9;
const MINIMUM_MAJOR = 8;

const VENDOR_JSON = 'application/vnd.elasticsearch+json';
const BODY_TYPES = new Set(['application/json', 'application/x-ndjson', VENDOR_JSON, 'application/vnd.elasticsearch+x-ndjson']);

type Parsed = { type: string; version: number | undefined };

function parse(header: string | undefined): Parsed | undefined {
  if (header === undefined || header.includes(',')) return undefined;
  const [type = '', ...params] = header.split(';').map((p) => p.trim());
  let version: number | undefined;
  for (const p of params) {
    const [k, v] = p.split('=').map((s) => s.trim());
    if (k?.toLowerCase() === 'compatible-with' && v !== undefined && /^\d+$/.test(v)) version = Number(v);
  }
  return { type: type.toLowerCase(), version };
}

function checkVersion(parsed: Parsed | undefined, name: 'Accept' | 'Content-Type', raw: string | undefined): void {
  const v = parsed?.version;
  if (v === undefined || (v >= MINIMUM_MAJOR && v <= CURRENT_MAJOR)) return;
  throw mediaTypeHeader('Invalid media-type value on headers [Accept, Content-Type]', {
    type: 'status_exception',
    reason: `${name} version must be either version ${CURRENT_MAJOR} or ${MINIMUM_MAJOR}, but found ${v}. ${name}=${raw}`,
  });
}

/** Rejects an unsupported compatible-with version and a body of a type ES does not read. */
export function checkMediaTypes(request: RestRequest): void {
  const accept = request.header('accept');
  const contentType = request.header('content-type');
  checkVersion(parse(accept), 'Accept', accept);
  if (!request.hasBody) return;
  if (contentType === undefined) throw new RestPathError(406, 'Content-Type header is missing');
  const parsed = parse(contentType);
  if (parsed === undefined || !BODY_TYPES.has(parsed.type)) {
    throw new RestPathError(406, `Content-Type header [${contentType}] is not supported`);
  }
  checkVersion(parsed, 'Content-Type', contentType);
}

/** The Content-Type of the response: the vendor type when Accept asked for it. */
export function responseContentType(request: RestRequest): string {
  const accept = parse(request.header('accept'));
  if (accept?.type === VENDOR_JSON && accept.version !== undefined) return `${VENDOR_JSON};compatible-with=${accept.version}`;
  return 'application/json';
}
