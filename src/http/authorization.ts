/**
 * Cluster-privilege checks (`ClusterPrivilegeResolver`). Each endpoint names its transport action and
 * the privileges that grant it, in the order ES prints them; a caller holding none of them
 * gets the exact 403.
 */
import { securityException } from '../errors';
import type { Authentication } from './authentication';

export interface ActionPrivileges {
  readonly action: string;
  /** The cluster privileges that grant the action, in ES's 403 order (`all` last). */
  readonly grantedBy: readonly string[];
}

/** Cluster privileges of a role; unknown roles grant nothing. */
export type RolePrivileges = (role: string) => readonly string[] | undefined;

const BUILT_IN_ROLES: Record<string, readonly string[]> = { superuser: ['all'] };

export function builtInRolePrivileges(role: string): readonly string[] | undefined {
  return BUILT_IN_ROLES[role];
}

export interface AuthorizationDeps {
  rolePrivileges: RolePrivileges;
  /** The cluster privileges of a service account's role descriptor. */
  serviceAccountPrivileges: (principal: string) => readonly string[];
}

export function authorize(auth: Authentication, required: ActionPrivileges, deps: AuthorizationDeps): void {
  const held = heldPrivileges(auth, deps);
  if (required.grantedBy.some((p) => held.has(p))) return;
  throw securityException(
    403,
    `action [${required.action}] is unauthorized for ${who(auth, deps)}, this action is granted by the cluster privileges [${required.grantedBy.join(',')}]`,
  );
}

function heldPrivileges(auth: Authentication, deps: AuthorizationDeps): Set<string> {
  if (auth.kind === 'service_account') return new Set(deps.serviceAccountPrivileges(auth.user.username));
  const held = new Set<string>();
  for (const role of auth.user.roles) for (const p of deps.rolePrivileges(role) ?? []) held.add(p);
  return held;
}

function who(auth: Authentication, deps: AuthorizationDeps): string {
  if (auth.kind === 'service_account') return `service account [${auth.user.username}]`;
  const roles = [...auth.user.roles].sort();
  const found = roles.filter((r) => deps.rolePrivileges(r) !== undefined);
  const missing = roles.filter((r) => deps.rolePrivileges(r) === undefined);
  const tail = missing.length > 0 ? ` (assigned roles [${missing.join(',')}] were not found)` : '';
  return `user [${auth.user.username}] with effective roles [${found.join(',')}]${tail}`;
}
