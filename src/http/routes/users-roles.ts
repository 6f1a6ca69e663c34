/**
 * Users and roles of the native realm, the minimum that makes authorization real through
 * the API (`/_security/user`, `/_security/role`). They live in the simulated `.security`
 * index; a change takes effect on the next request, on every node, since the REST layer
 * resolves them for each request.
 */
import type { RoleDocument } from '../../coordinator/security-index';
import {
  allRoles,
  deleteRole as deleteStoredRole,
  deleteUser as deleteStoredUser,
  indexUsers,
  PASSWORD_HASHING_ALGORITHM,
  putRole as putStoredRole,
  putUser as putStoredUser,
} from '../../coordinator/users-and-roles';
import { illegalArgument, validationFailed } from '../../errors';
import type { AuthenticatedUser } from '../authentication';
import { SUPERUSER } from '../authentication';
import type { Endpoint, Route } from '../endpoint';
import { ok } from '../endpoint';
import { readJsonObject } from '../read-body';
import { parseRoleBody, parseUserBody, type RoleBody } from '../security-bodies';
import type { RestRequest } from '../rest-request';

const MANAGE = ['manage_security', 'all'];
const READ = ['read_security', 'manage_security', 'all'];
const act = (what: string) => `cluster:admin/xpack/security/${what}`;
const MIN_PASSWORD = 6;

/** The cluster privileges a role may name (ES's predefined names); action patterns (with `:`) pass too. */
export const CLUSTER_PRIVILEGES = [
  'all', 'cancel_task', 'create_snapshot', 'cross_cluster_replication', 'cross_cluster_search', 'grant_api_key',
  'manage', 'manage_api_key', 'manage_autoscaling', 'manage_ccr', 'manage_enrich', 'manage_ilm', 'manage_index_templates',
  'manage_inference', 'manage_ingest_pipelines', 'manage_logstash_pipelines', 'manage_ml', 'manage_oidc',
  'manage_own_api_key', 'manage_pipeline', 'manage_rollup', 'manage_saml', 'manage_search_application',
  'manage_security', 'manage_service_account', 'manage_slm', 'manage_token', 'manage_transform', 'manage_watcher',
  'monitor', 'monitor_enrich', 'monitor_inference', 'monitor_ml', 'monitor_rollup', 'monitor_snapshot', 'monitor_text_structure',
  'monitor_transform', 'monitor_watcher', 'none', 'read_ccr', 'read_fleet_secrets', 'read_ilm', 'read_pipeline',
  'read_security', 'read_slm', 'transport_client',
];

/**
 * `refresh` as the request builders read it: WriteRequest#setRefreshPolicy(String) skips an
 * absent value and otherwise calls WriteRequest.RefreshPolicy.parse, which knows `true`,
 * `false`, `wait_for` and `""` (IMMEDIATE) and throws an IllegalArgumentException for the rest.
 */
function parseRefresh(req: RestRequest): void {
  const v = req.param('refresh');
  if (v !== undefined && !['true', 'false', 'wait_for', ''].includes(v)) throw illegalArgument(`Unknown value for refresh: [${v}].`);
}

function names(req: RestRequest, param: string): string[] | undefined {
  const v = req.params[param];
  return v === undefined || v === '' ? undefined : v.split(',').filter((n) => n.length > 0);
}

const putUser: Endpoint = {
  privileges: { action: act('user/put'), grantedBy: MANAGE },
  body: true,
  prepare: (req, { cluster }) => {
    const username = req.params.username ?? '';
    // ES's order (RestPutUserAction): each field while the body is parsed (its type; the
    // password's length and the password hash's algorithm as soon as they are read), then
    // `refresh`, then the request's own validation; once the caller is authorized, the
    // reserved-user check (TransportPutUserAction#doExecute), then (on the store) a new user
    // without a password.
    const body = parseUserBody(
      username,
      readJsonObject(req),
      (password) => {
        if (password.length < MIN_PASSWORD) throw validationFailed('validation_exception', [`passwords must be at least [${MIN_PASSWORD}] characters long`]);
      },
      PASSWORD_HASHING_ALGORITHM,
    );
    parseRefresh(req);
    const { password, passwordHash, roles } = body;
    if (roles === undefined) throw validationFailed('action_request_validation_exception', ['roles are missing']);
    const fields = { password, passwordHash, roles, full_name: body.full_name, email: body.email, metadata: body.metadata, enabled: body.enabled };
    return async () => {
      if (username === SUPERUSER.username) {
        throw validationFailed('action_request_validation_exception', [`user [${username}] is reserved and only the password can be changed`]);
      }
      return ok({ created: await putStoredUser(cluster, username, fields) });
    };
  },
};

const getUsers: Endpoint = {
  privileges: { action: act('user/get'), grantedBy: READ },
  prepare: (req, { cluster }) => {
    const wanted = names(req, 'username');
    req.param('with_profile_uid');
    return async () => {
      const all: AuthenticatedUser[] = [SUPERUSER, ...indexUsers(cluster)];
      const found = all.filter((u) => wanted === undefined || wanted.includes(u.username));
      const body = Object.fromEntries(found.map((u) => [u.username, u]));
      return ok(body, wanted !== undefined && found.length === 0 ? 404 : 200);
    };
  },
};

const deleteUser: Endpoint = {
  privileges: { action: act('user/delete'), grantedBy: MANAGE },
  // RestDeleteUserAction reads `refresh` in prepare but parses it in its channel consumer.
  accept: parseRefresh,
  prepare: (req, { cluster }) => {
    const username = req.params.username ?? '';
    req.param('refresh');
    return async () => {
      // TransportDeleteUserAction#doExecute: once the caller is authorized.
      if (username === SUPERUSER.username) throw illegalArgument(`user [${username}] is reserved and cannot be deleted`);
      const found = deleteStoredUser(cluster, username);
      return ok({ found }, found ? 200 : 404);
    };
  },
};

function roleFrom(name: string, body: RoleBody): RoleDocument {
  const cluster = body.cluster;
  const problems: string[] = [];
  if (name === 'superuser') problems.push(`Role [${name}] is reserved and may not be used.`);
  const unknown = cluster.find((p) => !CLUSTER_PRIVILEGES.includes(p) && !p.includes(':'));
  if (unknown !== undefined) {
    problems.push(
      `unknown cluster privilege [${unknown}]. a privilege must be either one of the predefined cluster privilege names [${CLUSTER_PRIVILEGES.join(',')}] or a pattern over one of the available cluster actions`,
    );
  }
  if (problems.length > 0) throw validationFailed('action_request_validation_exception', problems);
  return {
    cluster,
    indices: body.indices,
    applications: body.applications,
    run_as: body.run_as,
    metadata: body.metadata,
    transient_metadata: { enabled: true },
  };
}

const putRole: Endpoint = {
  privileges: { action: act('role/put'), grantedBy: MANAGE },
  body: true,
  prepare: (req, { cluster }) => {
    const name = req.params.name ?? '';
    // RestPutRoleAction: the body is parsed, then `refresh`, then the request validated.
    const body = parseRoleBody(name, readJsonObject(req));
    parseRefresh(req);
    const role = roleFrom(name, body);
    return async () => ok({ role: { created: putStoredRole(cluster, name, role) } });
  },
};

const getRoles: Endpoint = {
  privileges: { action: act('role/get'), grantedBy: READ },
  prepare: (req, { cluster }) => {
    const wanted = names(req, 'name');
    return async () => {
      const found = allRoles(cluster).filter(([n]) => wanted === undefined || wanted.includes(n));
      return ok(Object.fromEntries(found), wanted !== undefined && found.length === 0 ? 404 : 200);
    };
  },
};

const deleteRole: Endpoint = {
  privileges: { action: act('role/delete'), grantedBy: MANAGE },
  // RestDeleteRoleAction reads `refresh` in prepare but parses it in its channel consumer.
  accept: parseRefresh,
  prepare: (req, { cluster }) => {
    const name = req.params.name ?? '';
    req.param('refresh');
    return async () => {
      // TransportDeleteRoleAction#doExecute: once the caller is authorized.
      if (name === 'superuser') throw illegalArgument(`role [${name}] is reserved and cannot be deleted`);
      const found = deleteStoredRole(cluster, name);
      return ok({ found }, found ? 200 : 404);
    };
  },
};

export function userAndRoleRoutes(): Route[] {
  return [
    { path: '/_security/user', methods: { GET: getUsers } },
    { path: '/_security/user/:username', methods: { GET: getUsers, PUT: putUser, POST: putUser, DELETE: deleteUser } },
    { path: '/_security/role', methods: { GET: getRoles } },
    { path: '/_security/role/:name', methods: { GET: getRoles, PUT: putRole, POST: putRole, DELETE: deleteRole } },
  ];
}
