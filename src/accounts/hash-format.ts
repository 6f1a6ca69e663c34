// Recognising stored hashes by their prefix (`Hasher`). ES never stores which algorithm
// made a hash; it reads it back from the hash text. This file holds those reading rules,
// including which malformed hashes ES rejects up front (the file parser needs that, `FileServiceAccountTokenStore`).

export type HashKind = 'pbkdf2_stretch' | 'pbkdf2' | 'ssha256' | 'bcrypt' | 'noop';

/** A hash with a recognised prefix that ES would refuse to resolve to a hasher. */
export class HashFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HashFormatError';
  }
}

export const PBKDF2_STRETCH_PREFIX = '{PBKDF2_STRETCH}';
export const PBKDF2_PREFIX = '{PBKDF2}';
export const SSHA256_PREFIX = '{SSHA256}';

/** Iteration counts ES has a hasher for; any other count is "unknown hash function". */
export const PBKDF2_ITERATION_VARIANTS = [1000, 10000, 50000, 100000, 500000, 1000000] as const;
export const PBKDF2_DEFAULT_ITERATIONS = 10000;
const BCRYPT_MIN_COST = 4;
const BCRYPT_MAX_COST = 14;
// Cost digits sit between "$2a$" and the trailing "$" + 22 salt + 31 hash characters.
const BCRYPT_TAIL_LENGTH = 54;

const ITERATIONS_UNKNOWN = 'The number of iterations could not be determined from the provided PBKDF2 hash.';

/** Which hasher ES would pick for this hash; anything unrecognised is plain text. */
export function hashKind(hash: string): HashKind {
  if (isBcryptPrefix(hash)) return 'bcrypt';
  if (hash.startsWith(PBKDF2_STRETCH_PREFIX)) return 'pbkdf2_stretch';
  if (hash.startsWith(PBKDF2_PREFIX)) return 'pbkdf2';
  if (hash.startsWith(SSHA256_PREFIX)) return 'ssha256';
  return 'noop';
}

/**
 * Throws HashFormatError where ES's hasher lookup would throw: a PBKDF2 hash whose
 * iteration count is missing, not an integer, or not one ES supports; a bcrypt hash whose
 * cost cannot be read or is outside 4..14. Salt and key are only checked at verify time,
 * as in ES, so a hash with a bad salt loads fine and then never verifies.
 */
export function checkHashFormat(hash: string): void {
  switch (hashKind(hash)) {
    case 'pbkdf2_stretch':
      pbkdf2Iterations(hash, PBKDF2_STRETCH_PREFIX);
      return;
    case 'pbkdf2':
      pbkdf2Iterations(hash, PBKDF2_PREFIX);
      return;
    case 'bcrypt':
      bcryptCost(hash);
      return;
    default:
      return;
  }
}

/** The supported iteration count of a PBKDF2 hash, else throws HashFormatError. */
export function pbkdf2Iterations(hash: string, prefix: string): number {
  const separator = hash.indexOf('$', prefix.length);
  if (separator < 0) throw new HashFormatError(ITERATIONS_UNKNOWN);
  const iterations = parseJavaInt(hash.slice(prefix.length, separator));
  if (iterations === null) throw new HashFormatError(ITERATIONS_UNKNOWN);
  if (!(PBKDF2_ITERATION_VARIANTS as readonly number[]).includes(iterations)) {
    const family = prefix === PBKDF2_STRETCH_PREFIX ? 'pbkdf2_stretch' : 'pbkdf2';
    throw new HashFormatError(`unknown hash function [${family}_${iterations}]`);
  }
  return iterations;
}

/** The pieces of `<prefix><iterations>$<salt>$<key>`; null when a `$` is missing. */
export function splitPbkdf2Hash(hash: string, prefix: string): { salt: string; key: string } | null {
  const first = hash.indexOf('$', prefix.length);
  const second = first < 0 ? -1 : hash.indexOf('$', first + 1);
  if (second < 0) return null;
  // Like ES, the key is everything after the second `$`; a stray `$` in it just fails to match.
  return { salt: hash.slice(first + 1, second), key: hash.slice(second + 1) };
}

function bcryptCost(hash: string): number {
  const digits = hash.length - BCRYPT_TAIL_LENGTH >= 4 ? hash.slice(4, hash.length - BCRYPT_TAIL_LENGTH) : null;
  const cost = digits === null ? null : parseJavaInt(digits);
  if (cost === null) throw new HashFormatError(`the bcrypt cost could not be determined from the provided hash`);
  if (cost < BCRYPT_MIN_COST || cost > BCRYPT_MAX_COST) throw new HashFormatError(`unknown hash function [bcrypt${cost}]`);
  return cost;
}

// "$2a$", "$2b$" or "$2y$": the minor versions ES's bcrypt accepts.
function isBcryptPrefix(hash: string): boolean {
  return /^\$2[aby]\$/.test(hash);
}

// Java's Integer.parseInt for ASCII input: optional sign, digits, 32-bit range.
function parseJavaInt(text: string): number | null {
  if (!/^[+-]?[0-9]+$/.test(text)) return null;
  const value = Number(text);
  return value >= -2147483648 && value <= 2147483647 ? value : null;
}
