/**
 * Who is calling. Basic credentials are checked here against the superuser (and, later,
 * the users of the security index); a Bearer service token is authenticated on a node,
 * through that node's caches, by the resolver the app is given.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import { EsError, type ErrorData, securityException } from '../errors';
import type { RestRequest } from './rest-request';
import type { PublicUser } from '../coordinator/users-and-roles';

/** A user as the API shows it (the reserved `elastic` or a native user of the security index). */
export type AuthenticatedUser = PublicUser;

export type TokenSource = '_service_account_file' | '_service_account_index';

export type Authentication =
  | { kind: 'realm'; user: AuthenticatedUser; realm: { name: string; type: string } }
  | { kind: 'service_account'; user: AuthenticatedUser; token: { name: string; type: TokenSource }; node: string };

/** Values of WWW-Authenticate on every 401 (`DefaultAuthenticationFailureHandler`), in ES's order. */
export const WWW_AUTHENTICATE = ['Basic realm="security", charset="UTF-8"', 'Bearer realm="security"', 'ApiKey'];

export function authenticationError(reason: string, extra: { metadata?: Record<string, unknown>; cause?: ErrorData } = {}): EsError {
  return securityException(401, reason, { ...extra, headers: { 'WWW-Authenticate': WWW_AUTHENTICATE } });
}

export const SUPERUSER: AuthenticatedUser = Object.freeze({
  username: 'elastic',
  roles: ['superuser'],
  full_name: null,
  email: null,
  metadata: { _reserved: true },
  enabled: true,
});

export interface AuthenticatorDeps {
  superuserPassword: string;
  /** Authenticates a bearer value on a node; undefined when bearer tokens are not wired yet. */
  bearer?: (value: string, request: RestRequest) => Promise<Authentication>;
  /** Other users (the native realm): the user, or undefined for wrong credentials. */
  users?: (username: string, password: string) => Promise<AuthenticatedUser | undefined>;
}

/**
 * Not async itself: the bearer path returns its resolver's promise as is, rather than through
 * an async wrapper's extra microtask hops on every request; a synchronous throw still
 * arrives as a rejection.
 */
export function authenticate(request: RestRequest, deps: AuthenticatorDeps): Promise<Authentication> {
  try {
    return resolveCredentials(request, deps);
  } catch (err) {
    return Promise.reject(err);
  }
}

function resolveCredentials(request: RestRequest, deps: AuthenticatorDeps): Promise<Authentication> {
  const header = request.header('authorization');
  const space = header?.indexOf(' ') ?? -1;
  const scheme = header === undefined || space < 0 ? '' : header.slice(0, space).toLowerCase();
  const value = header === undefined || space < 0 ? '' : header.slice(space + 1).trim();
  if (scheme === 'basic') return basic(value, request, deps);
  if (scheme === 'bearer' && value.length > 0) {
    if (deps.bearer !== undefined) return deps.bearer(value, request);
    throw unableToAuthenticate();
  }
  throw authenticationError(`missing authentication credentials for REST request [${request.uri}]`);
}

/** A bearer value that is neither a service token nor a valid access token (`DefaultAuthenticationFailureHandler`). */
export function unableToAuthenticate(): EsError {
  return authenticationError('unable to authenticate with provided credentials and anonymous access is not allowed for this request', {
    metadata: { additional_unsuccessful_credentials: 'oauth2 token: invalid token' },
  });
}

/**
 * The last Basic header that authenticated the superuser, per authenticator: a repeated
 * header is then recognised by one constant-time comparison instead of a decode and two
 * SHA-256 digests per request (as Elasticsearch's realms cache a verified user's
 * credentials, CachingUsernamePasswordRealm). Tied to the password it was verified
 * against, so a different password never matches it.
 */
const verifiedSuperuser = new WeakMap<AuthenticatorDeps, { password: string; header: Buffer }>();

function superuser(): Authentication {
  return { kind: 'realm', user: SUPERUSER, realm: { name: 'reserved', type: 'reserved' } };
}

function basic(value: string, request: RestRequest, deps: AuthenticatorDeps): Promise<Authentication> {
  const cached = verifiedSuperuser.get(deps);
  if (cached !== undefined && cached.password === deps.superuserPassword && cached.header.length === Buffer.byteLength(value)) {
    if (timingSafeEqual(Buffer.from(value), cached.header)) return Promise.resolve(superuser());
  }
  return verifyBasic(value, request, deps);
}

async function verifyBasic(value: string, request: RestRequest, deps: AuthenticatorDeps): Promise<Authentication> {
  const decoded = decodeBasic(value);
  const colon = decoded.indexOf(':');
  if (colon < 0) throw authenticationError('invalid basic authentication header value');
  const username = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  if (username === SUPERUSER.username) {
    if (sameSecret(password, deps.superuserPassword)) {
      verifiedSuperuser.set(deps, { password: deps.superuserPassword, header: Buffer.from(value) });
      return superuser();
    }
  } else {
    const user = await deps.users?.(username, password);
    if (user !== undefined) return { kind: 'realm', user, realm: { name: 'default_native', type: 'native' } };
  }
  throw authenticationError(`unable to authenticate user [${username}] for REST request [${request.uri}]`);
}

function decodeBasic(value: string): string {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value)) throw authenticationError('invalid basic authentication header encoding');
  return Buffer.from(value, 'base64').toString('utf8');
}

/** Constant-time comparison of two secrets of any length (hash first so lengths match). */
function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}
