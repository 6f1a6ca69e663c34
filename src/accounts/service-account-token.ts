// The service token credential and its bearer wire form (`ServiceAccountToken`, `ServiceAccountToken#newToken`).
// Decoding answers one question: is this bearer string a service token at all? A null
// answer lets the HTTP layer try the string as an OAuth2 token instead (`ServiceAccountAuthenticator`).

import { randomBytes } from 'node:crypto';
import { nanoid } from 'nanoid';
import { decodeBase64Strict, encodeBase64NoPadding } from './base64';
import { isBlank } from './java-text';
import { isValidTokenName } from './token-name';

export interface ServiceAccountToken {
  readonly namespace: string;
  readonly service: string;
  readonly tokenName: string;
  readonly secret: string;
}

/** Source of secure random bytes; injectable so tests can fix a secret. */
export type RandomBytes = (size: number) => Buffer;

// magic 0x00, token type 0x01, reserved 0x00, format version 0x01
const MAGIC = Buffer.from([0x00, 0x01, 0x00, 0x01]);

/** `<namespace>/<service>/<token_name>`: the cache key and the file-store key. */
export function qualifiedName(namespace: string, service: string, tokenName: string): string {
  return `${namespace}/${service}/${tokenName}`;
}

/** Standard Base64, no padding, of MAGIC ‖ "<qualified name>:<secret>" (UTF-8). */
export function encodeBearer(namespace: string, service: string, tokenName: string, secret: string): string {
  const text = Buffer.from(`${qualifiedName(namespace, service, tokenName)}:${secret}`, 'utf8');
  return encodeBase64NoPadding(Buffer.concat([MAGIC, text]));
}

/** Parses a bearer string per `ServiceAccountToken`; null means "not a service token" (never throws). */
export function decodeBearer(value: string): ServiceAccountToken | null {
  const bytes = decodeBase64Strict(value);
  if (bytes === null || bytes.length < MAGIC.length) return null;
  if (!bytes.subarray(0, MAGIC.length).equals(MAGIC)) return null;

  const content = bytes.subarray(MAGIC.length).toString('utf8');
  const colon = content.indexOf(':');
  if (colon < 0) return null;

  const parts = content.slice(0, colon).split('/');
  if (parts.length !== 3) return null;
  const [namespace, service, tokenName] = parts as [string, string, string];
  if (isBlank(namespace) || isBlank(service) || !isValidTokenName(tokenName)) return null;

  // Everything after the first colon is the secret, further colons included.
  return { namespace, service, tokenName, secret: content.slice(colon + 1) };
}

/**
 * A new secret: 16 random bytes shaped as a version-4 UUID, URL-safe Base64 without
 * padding, so always 22 characters of `A-Z a-z 0-9 - _`.
 */
export function newSecret(random: RandomBytes = randomBytes): string {
  const bytes = Buffer.from(random(16));
  bytes.writeUInt8((bytes.readUInt8(6) & 0x0f) | 0x40, 6); // version 4
  bytes.writeUInt8((bytes.readUInt8(8) & 0x3f) | 0x80, 8); // IETF variant
  return bytes.toString('base64url');
}

/**
 * The name the create endpoint picks when none is given. ES uses its 20-character
 * time-based id; a 20-character URL-safe random id has the same shape, and is always
 * valid under `Validation` because it follows the `token_` prefix.
 */
export function newTokenName(): string {
  return `token_${nanoid(20)}`;
}
