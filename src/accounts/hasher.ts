// Hashing and verifying token secrets (`Hasher`), and the per-entry cache hash (`CachingServiceAccountTokenStore`).
// PBKDF2 costs ~6 ms of CPU per call (measured), so the async forms run it on the
// libuv threadpool; the sync forms exist for benchmarks and tests.

import { createHash, hash as oneShotHash, pbkdf2, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { trackRealWork } from '../sim/real-work';
import { decodeBase64Strict } from './base64';
import {
  hashKind,
  pbkdf2Iterations,
  PBKDF2_DEFAULT_ITERATIONS,
  PBKDF2_ITERATION_VARIANTS,
  PBKDF2_PREFIX,
  PBKDF2_STRETCH_PREFIX,
  splitPbkdf2Hash,
  SSHA256_PREFIX,
} from './hash-format';

type Iterations = (typeof PBKDF2_ITERATION_VARIANTS)[number];

/** Algorithms we can hash with (the names of `xpack.security.authc.service_token_hashing.algorithm`). */
export type HashAlgorithm =
  | 'PBKDF2_STRETCH'
  | `PBKDF2_STRETCH_${Iterations}`
  | 'PBKDF2'
  | `PBKDF2_${Iterations}`
  | 'SSHA256';

export const HASH_ALGORITHMS: readonly HashAlgorithm[] = Object.freeze([
  'PBKDF2_STRETCH',
  ...PBKDF2_ITERATION_VARIANTS.map((n) => `PBKDF2_STRETCH_${n}` as const),
  'PBKDF2',
  ...PBKDF2_ITERATION_VARIANTS.map((n) => `PBKDF2_${n}` as const),
  'SSHA256',
]);

const pbkdf2OnPool = promisify(pbkdf2);
// Counted as real work, so a manual-clock driver never mistakes a hash in progress for idleness.
const pbkdf2Async = (...args: Parameters<typeof pbkdf2OnPool>) => trackRealWork(pbkdf2OnPool(...args));
const PBKDF2_SALT_BYTES = 32;
const PBKDF2_KEY_BYTES = 32; // 256-bit key
const PBKDF2_MIN_SALT_BYTES = 8;
const SSHA256_SALT_BYTES = 8;
const SSHA256_SALT_CHARS = 12; // Base64 of 8 bytes, one `=` included

/** Case-insensitive, like ES settings; throws `unknown hash function [<name>]` otherwise. */
export function resolveHashAlgorithm(name: string): HashAlgorithm {
  const found = HASH_ALGORITHMS.find((algorithm) => algorithm === name.toUpperCase());
  if (found === undefined) throw new Error(`unknown hash function [${name}]`);
  return found;
}

/** Hashes a secret for storage (file line or index document). */
export async function hashSecret(secret: string, algorithm: HashAlgorithm = 'PBKDF2_STRETCH'): Promise<string> {
  if (algorithm === 'SSHA256') return ssha256(secret, randomBytes(SSHA256_SALT_BYTES));
  const stretch = algorithm.startsWith('PBKDF2_STRETCH');
  const iterations = Number(/_(\d+)$/.exec(algorithm)?.[1] ?? PBKDF2_DEFAULT_ITERATIONS);
  const salt = randomBytes(PBKDF2_SALT_BYTES);
  const key = await pbkdf2Async(pbkdf2Password(secret, stretch), salt, iterations, PBKDF2_KEY_BYTES, 'sha512');
  const prefix = stretch ? PBKDF2_STRETCH_PREFIX : PBKDF2_PREFIX;
  return `${prefix}${iterations}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/**
 * Off by default: a verification is a pure function of (hash, secret), so an experiment that
 * checks the same token thousands of times may remember the answers instead of paying ~6 ms
 * of PBKDF2 for each. Never on in a cluster serving clients: the uncached cost is what
 * Elasticsearch pays, and what `--token-cache-ttl-ms 0` is meant to show.
 */
let remembered: Map<string, boolean> | null = null;
const REMEMBERED_MAX = 10_000;

/** Turns remembering verifications on (for this process) or off again. */
export function rememberVerifications(on: boolean): void {
  remembered = on ? (remembered ?? new Map()) : null;
}

/** Verifies a secret against a stored hash, detecting the algorithm from its prefix. */
export async function verifySecret(secret: string, hash: string): Promise<boolean> {
  if (remembered === null) return computeVerification(secret, hash);
  const key = `${hash}\n${secret}`;
  const known = remembered.get(key);
  if (known !== undefined) return known;
  const ok = await computeVerification(secret, hash);
  if (remembered !== null) {
    if (remembered.size >= REMEMBERED_MAX) remembered.clear();
    remembered.set(key, ok);
  }
  return ok;
}

async function computeVerification(secret: string, hash: string): Promise<boolean> {
  const job = pbkdf2Job(secret, hash);
  if (job === undefined) return verifyWithoutPbkdf2(secret, hash);
  if (job === null) return false;
  const key = await pbkdf2Async(job.password, job.salt, job.iterations, job.keyBytes, 'sha512');
  return constantTimeEquals(key.toString('base64'), job.expected);
}

/** Same answer as verifySecret, computed on the calling thread. */
export function verifySecretSync(secret: string, hash: string): boolean {
  const job = pbkdf2Job(secret, hash);
  if (job === undefined) return verifyWithoutPbkdf2(secret, hash);
  if (job === null) return false;
  const key = pbkdf2Sync(job.password, job.salt, job.iterations, job.keyBytes, 'sha512');
  return constantTimeEquals(key.toString('base64'), job.expected);
}

/**
 * The hash a cache entry keeps of the secret it checked: SSHA256 with a fresh 8-byte salt,
 * so the cache never holds a secret. `salt` is injectable for the test vector.
 */
export function cacheHash(secret: string, salt: Buffer = cacheSalt()): string {
  // The verifier reads the salt back as exactly 12 Base64 characters, i.e. 8 bytes.
  if (salt.length !== SSHA256_SALT_BYTES) throw new RangeError(`cache hash salt must be ${SSHA256_SALT_BYTES} bytes`);
  return ssha256(secret, salt);
}

/** Does this secret match a cache entry's hash? Sync, constant-time; about 1 µs for SSHA256. */
export function cacheHashMatches(secret: string, hash: string): boolean {
  // Every cache hit lands here, and a cache hash is always SSHA256: go straight to it rather
  // than through verifySecretSync's prefix detection (hashKind twice, a bcrypt regex). Same
  // answer: a `{SSHA256}` hash is never bcrypt or PBKDF2 (hashKind would say 'ssha256').
  if (hash.startsWith(SSHA256_PREFIX)) return ssha256Matches(secret, hash);
  return verifySecretSync(secret, hash);
}

/**
 * Salts for cache hashes, cut from a pooled block of secure random bytes: every cache miss
 * needs 8 bytes, and one randomBytes call per miss cost more than the rest of the miss.
 */
let saltPool = Buffer.alloc(0);
let saltOffset = 0;
function cacheSalt(): Buffer {
  if (saltOffset + SSHA256_SALT_BYTES > saltPool.length) {
    saltPool = randomBytes(SSHA256_SALT_BYTES * 512);
    saltOffset = 0;
  }
  const salt = saltPool.subarray(saltOffset, saltOffset + SSHA256_SALT_BYTES);
  saltOffset += SSHA256_SALT_BYTES;
  return salt;
}

interface Pbkdf2Job {
  password: string;
  salt: Buffer;
  iterations: number;
  keyBytes: number;
  expected: string;
}

// undefined: not a PBKDF2 hash. null: a PBKDF2 hash that cannot match (malformed; ES
// would throw while verifying, we answer "no").
function pbkdf2Job(secret: string, hash: string): Pbkdf2Job | null | undefined {
  const kind = hashKind(hash);
  if (kind !== 'pbkdf2_stretch' && kind !== 'pbkdf2') return undefined;
  const prefix = kind === 'pbkdf2_stretch' ? PBKDF2_STRETCH_PREFIX : PBKDF2_PREFIX;
  let iterations: number;
  try {
    iterations = pbkdf2Iterations(hash, prefix);
  } catch {
    return null;
  }
  const parts = splitPbkdf2Hash(hash, prefix);
  if (parts === null) return null;
  // ES derives the key length from the stored key: Base64 length → bytes, whole 16-byte blocks.
  const keyBytes = Math.floor((parts.key.length * 3) / 64) * 16;
  const salt = decodeBase64Strict(parts.salt);
  if (keyBytes <= 0 || salt === null || salt.length < PBKDF2_MIN_SALT_BYTES) return null;
  return { password: pbkdf2Password(secret, kind === 'pbkdf2_stretch'), salt, iterations, keyBytes, expected: parts.key };
}

function verifyWithoutPbkdf2(secret: string, hash: string): boolean {
  switch (hashKind(hash)) {
    case 'ssha256':
      return ssha256Matches(secret, hash);
    case 'bcrypt':
      // Not supported: bcrypt needs Blowfish's 4 KiB of S-box constants and its
      // expensive key schedule, which node:crypto does not expose (OpenSSL 3 keeps
      // Blowfish in the legacy provider). That is not "a small amount of clean code",
      // and no store here writes bcrypt, so such a hash never verifies.
      return false;
    default:
      // NOOP: the "hash" is the secret itself.
      return constantTimeEquals(secret, hash);
  }
}

// PBKDF2_STRETCH feeds PBKDF2 the lower-case hex SHA-512 of the secret, not the secret.
function pbkdf2Password(secret: string, stretch: boolean): string {
  return stretch ? createHash('sha512').update(secret, 'utf8').digest('hex') : secret;
}

function ssha256(secret: string, salt: Buffer): string {
  return `${SSHA256_PREFIX}${salt.toString('base64')}${ssha256Digest(secret, salt)}`;
}

/**
 * Base64 SHA-256 of UTF-8(secret) ‖ salt. One-shot crypto.hash rather than createHash: it runs
 * on every cache hit, and each createHash allocates a Hash object around a native handle that
 * the GC must then finalize — measurable per request in a node process (bench:auth).
 */
function ssha256Digest(secret: string, salt: Buffer): string {
  const text = Buffer.from(secret, 'utf8');
  return oneShotHash('sha256', Buffer.concat([text, salt], text.length + salt.length), 'base64');
}

function ssha256Matches(secret: string, hash: string): boolean {
  const body = hash.slice(SSHA256_PREFIX.length);
  if (body.length < SSHA256_SALT_CHARS) return false;
  const salt = decodeBase64Strict(body.slice(0, SSHA256_SALT_CHARS));
  if (salt === null) return false;
  return constantTimeEquals(ssha256Digest(secret, salt), body.slice(SSHA256_SALT_CHARS));
}

// Only the length can leak, as in ES's own constant-time comparison.
function constantTimeEquals(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
