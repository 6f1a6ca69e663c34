// Strict standard Base64 decoding. Node's Buffer.from(s, 'base64') silently skips
// characters outside the alphabet and accepts URL-safe ones; Java's decoder (which ES
// uses) rejects them. A bearer string that Java cannot decode is "not a service token",
// so we must reject exactly what Java rejects.

const STANDARD_ALPHABET = /^[A-Za-z0-9+/]*$/;
const EQUALS = 0x3d;

/**
 * Decodes standard Base64 (`A-Z a-z 0-9 + /`). Padding is optional, but if present it must
 * be 1 or 2 `=` that complete the last 4-character group. Returns null on any error.
 */
export function decodeBase64Strict(value: string): Buffer | null {
  // Up to two trailing `=` stripped by hand, as /={1,2}$/ would: this runs on every bearer
  // request and every cache hit, and a regex replace costs more than the decode itself.
  let end = value.length;
  if (end > 0 && value.charCodeAt(end - 1) === EQUALS) end--;
  if (end > 0 && end < value.length && value.charCodeAt(end - 1) === EQUALS) end--;
  const body = end === value.length ? value : value.slice(0, end);
  const padding = value.length - body.length;
  if (!STANDARD_ALPHABET.test(body)) return null; // also catches `=` in the middle or a third `=`
  if (padding > 0 && value.length % 4 !== 0) return null;
  // A single dangling character carries only 6 bits: not even one byte.
  if (body.length % 4 === 1) return null;
  return Buffer.from(body, 'base64');
}

/** Standard Base64 without `=` padding (how ES writes bearer tokens). */
export function encodeBase64NoPadding(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64').replace(/=+$/, '');
}
