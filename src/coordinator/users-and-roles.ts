/**
 * Users and roles of the native realm, kept in the simulated `.security` index: what the
 * `/_security/user` and `/_security/role` routes and the REST layer's authentication and
 * authorization ask of the coordinator. A change takes effect on the next request, on
 * every node, since the REST layer resolves users and roles for each request.
 */
import { type HashAlgorithm, hashSecret } from '../accounts';
import { validationFailed } from '../errors';
import type { Cluster } from './cluster';
import type { RoleDocument, UserDocument } from './security-index';

/** A user as the API shows it: everything but the password hash. */
export interface PublicUser {
  username: string;
  roles: string[];
  full_name: string | null;
  email: string | null;
  metadata: Record<string, unknown>;
  enabled: boolean;
}

/**
 * The simulator's `xpack.security.authc.password_hashing.algorithm`: the hasher passwords
 * are stored with and the only one a given `password_hash` may use (PutUserRequestBuilder).
 * Elasticsearch's default is BCRYPT (PBKDF2_STRETCH in FIPS mode, XPackSettings); the
 * simulator cannot verify bcrypt, so it behaves as a node configured with PBKDF2_STRETCH.
 */
export const PASSWORD_HASHING_ALGORITHM: HashAlgorithm = 'PBKDF2_STRETCH';

/** A user's fields as a PUT request gives them; a missing password (or hash) keeps the stored one. */
export interface UserFields {
  password?: string;
  /** A ready hash (`password_hash`), stored as given; checked by the REST layer. */
  passwordHash?: string;
  roles: string[];
  full_name: string | null;
  email: string | null;
  metadata?: Record<string, unknown>;
  enabled?: boolean;
}

export function publicUser(user: UserDocument): PublicUser {
  const { username, roles, full_name, email, metadata, enabled } = user;
  return { username, roles, full_name, email, metadata, enabled };
}

/** The built-in `superuser` role, listed first by GET /_security/role. */
const SUPERUSER_ROLE: RoleDocument = {
  cluster: ['all'],
  indices: [{ names: ['*'], privileges: ['all'], allow_restricted_indices: false }],
  applications: [{ application: '*', privileges: ['*'], resources: ['*'] }],
  run_as: ['*'],
  metadata: { _reserved: true },
  transient_metadata: { enabled: true },
};

/** Creates or updates a user; true when it was created. A new user needs a password. */
export async function putUser(cluster: Cluster, username: string, fields: UserFields): Promise<boolean> {
  const existing = cluster.securityIndex.getUser(username);
  if (fields.password === undefined && fields.passwordHash === undefined && existing === undefined) {
    throw validationFailed('validation_exception', ['password must be specified unless you are updating an existing user']);
  }
  const user: UserDocument = {
    username,
    password:
      fields.passwordHash ??
      (fields.password !== undefined ? await hashSecret(fields.password, PASSWORD_HASHING_ALGORITHM) : (existing as UserDocument).password),
    roles: fields.roles,
    full_name: fields.full_name,
    email: fields.email,
    metadata: fields.metadata ?? {},
    enabled: fields.enabled ?? true,
  };
  const created = cluster.securityIndex.putUser(user);
  cluster.nativeRealm.forget(username);
  return created;
}

/** The users of the security index (not the reserved ones). */
export function indexUsers(cluster: Cluster): PublicUser[] {
  return cluster.securityIndex.allUsers().map(publicUser);
}

/** Deletes a user; whether it existed. A deleted user's cached password is forgotten. */
export function deleteUser(cluster: Cluster, username: string): boolean {
  const found = cluster.securityIndex.deleteUser(username);
  cluster.nativeRealm.forget(username);
  return found;
}

/** A native user whose password is right and who is enabled; undefined otherwise. */
export async function authenticateUser(cluster: Cluster, username: string, password: string): Promise<PublicUser | undefined> {
  const user = await cluster.nativeRealm.authenticate(username, password);
  return user === undefined ? undefined : publicUser(user);
}

/** Creates or replaces a role; true when it was created. */
export function putRole(cluster: Cluster, name: string, role: RoleDocument): boolean {
  return cluster.securityIndex.putRole(name, role);
}

/** Every role: `superuser`, then those of the security index. */
export function allRoles(cluster: Cluster): [string, RoleDocument][] {
  return [['superuser', SUPERUSER_ROLE], ...cluster.securityIndex.allRoles()];
}

/** The cluster privileges of a role stored in the security index (undefined: no such role). */
export function storedRolePrivileges(cluster: Cluster, role: string): string[] | undefined {
  return cluster.securityIndex.getRole(role)?.cluster;
}

export function deleteRole(cluster: Cluster, name: string): boolean {
  return cluster.securityIndex.deleteRole(name);
}
