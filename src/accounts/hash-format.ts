// Recognising stored hashes by their prefix (`Hasher`). ES never stores which algorithm
// made a hash; it reads it back from the hash text. This file holds those reading rules,
// including which malformed hashes ES rejects up front (the file parser needs that, `FileServiceAccountTokenStore`).

export type HashKind = 'pbkdf2_stretch' | 'pbkdf2' | 'ssha256' | 'bcrypt' | 'noop';

/** A hash with a recognised prefix that ES would refuse to resolve to a hasher. */
export class HashFormatError extends Error {
  constructor(
    message: string,
    /** The Java exception ES throws, as its REST type (`Integer.parseInt`'s is a NumberFormatException). */
    readonly javaType: 'illegal_argument_exception' | 'number_format_exception' = 'illegal_argument_exception',
  ) {
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
 * Throws HashFormatError where ES's hasher lookup (`Hasher.resolveFromHash`) throws: a PBKDF2
 * hash whose iteration count is missing, not an integer, or not one ES supports; a bcrypt
 * hash whose cost cannot be read or is outside 4..14. Salt and key are only checked at
 * verify time, as in ES, so a hash with a bad salt loads fine and then never verifies.
 */
export function checkHashFormat(hash: string): void {
  hasherNameOfHash(hash);
}

/**
 * `Hasher.resolveFromHash`: the name of the Hasher ES reads from a hash (its enum constant,
 * which is how ES prints it): BCRYPT (cost 10) or BCRYPT<cost>, PBKDF2_STRETCH (10000
 * iterations) or PBKDF2_STRETCH_<n>, PBKDF2 or PBKDF2_<n>, SHA1 (`{SHA}`), MD5 (`{MD5}`),
 * SSHA256, and NOOP for anything else (taken as plain text). Throws HashFormatError with
 * ES's own exception where the lookup fails: an unreadable or unsupported iteration count or
 * bcrypt cost (`unknown hash function [...]`), a bcrypt cost that is not an int
 * (NumberFormatException), a bcrypt hash too short to hold one (`Arrays.copyOfRange`'s `4 > n`).
 */
export function hasherNameOfHash(hash: string): string {
  if (isBcryptPrefix(hash)) {
    const to = hash.length - BCRYPT_TAIL_LENGTH;
    if (to < 4) throw new HashFormatError(`4 > ${to}`);
    const digits = hash.slice(4, to);
    const cost = parseJavaInt(digits);
    if (cost === null) throw new HashFormatError(`For input string: "${digits}"`, 'number_format_exception');
    if (cost === 10) return 'BCRYPT';
    if (cost < BCRYPT_MIN_COST || cost > BCRYPT_MAX_COST) throw new HashFormatError(`unknown hash function [bcrypt${cost}]`);
    return `BCRYPT${cost}`;
  }
  for (const [prefix, name] of [[PBKDF2_STRETCH_PREFIX, 'PBKDF2_STRETCH'], [PBKDF2_PREFIX, 'PBKDF2']] as const) {
    if (!hash.startsWith(prefix)) continue;
    const iterations = pbkdf2Iterations(hash, prefix);
    return iterations === PBKDF2_DEFAULT_ITERATIONS ? name : `${name}_${iterations}`;
  }
  if (hash.startsWith('{SHA}')) return 'SHA1';
  if (hash.startsWith('{MD5}')) return 'MD5';
  if (hash.startsWith(SSHA256_PREFIX)) return 'SSHA256';
  return 'NOOP';
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
