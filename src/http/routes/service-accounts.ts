/**
 * The rest of the service-account family (`TransportCreateServiceAccountTokenAction`, `TransportGetServiceAccountCredentialsAction`): create and delete index
 * tokens, list the built-in accounts, and list an account's credentials — index tokens
 * from the security index plus each node's own file tokens, gathered by a fan-out.
 */
import { invalidTokenNameMessage, isValidTokenName, SERVICE_ACCOUNTS } from '../../accounts';
import { createIndexToken, deleteIndexToken, serviceAccountCredentials } from '../../coordinator/index-tokens';
import { illegalArgument, validationFailed } from '../../errors';
import type { Authentication } from '../authentication';
import type { ActionPrivileges } from '../authorization';
import type { Endpoint, Route } from '../endpoint';
import { ok } from '../endpoint';
import type { RestRequest } from '../rest-request';

const ACTION = 'cluster:admin/xpack/security/service_account';
const WRITE = ['manage_service_account', 'manage_security', 'all'];
const READ = ['manage_service_account', 'read_security', 'manage_security', 'all'];
const privileges = (action: string, grantedBy: string[]): ActionPrivileges => ({ action: `${ACTION}/${action}`, grantedBy });

/** `refresh` of create and delete (`TransportCreateServiceAccountTokenAction`): absent means wait_for; anything unknown is a 400. */
function readRefresh(req: RestRequest): void {
  const v = req.param('refresh');
  if (v !== undefined && !['', 'true', 'false', 'wait_for'].includes(v)) throw illegalArgument(`Unknown value for refresh: [${v}].`);
}

/** Request validation (`Validation`): runs before the privilege check, numbered like ES's. */
function validate(namespace: string, service: string, name: string | undefined): void {
  const problems: string[] = [];
  // Strings.isNullOrEmpty in ES: a blank value passes.
  if (namespace === '') problems.push('service account namespace is required');
  if (service === '') problems.push('service account service-name is required');
  if (name !== undefined && !isValidTokenName(name)) problems.push(invalidTokenNameMessage(name));
  if (problems.length === 0) return;
  throw validationFailed('action_request_validation_exception', problems);
}

function creatorOf(auth: Authentication) {
  const realm = auth.kind === 'realm' ? auth.realm : { name: '_service_account', type: '_service_account' };
  const { username, full_name, email, metadata } = auth.user;
  return { principal: username, full_name, email, metadata, realm: realm.name, realm_type: realm.type };
}

function create(withName: boolean): Endpoint {
  return {
    privileges: privileges('token/create', WRITE),
    prepare: (req, { cluster, auth }) => {
      const { namespace = '', service = '' } = req.params;
      const name = withName ? (req.params.name ?? '') : undefined;
      validate(namespace, service, name);
      readRefresh(req);
      return async () => {
        const token = await createIndexToken(cluster, { namespace, service, name, creator: creatorOf(auth) });
        return ok({ created: true, token });
      };
    },
  };
}

const remove: Endpoint = {
  privileges: privileges('token/delete', WRITE),
  prepare: (req, { cluster }) => {
    const { namespace = '', service = '', name = '' } = req.params;
    validate(namespace, service, name);
    readRefresh(req);
    return async () => {
      const found = await deleteIndexToken(cluster, namespace, service, name);
      return ok({ found }, found ? 200 : 404);
    };
  },
};

const accounts: Endpoint = {
  privileges: privileges('get', READ),
  prepare: (req) => {
    const { namespace, service } = req.params;
    return async () => {
      const body: Record<string, unknown> = {};
      for (const account of SERVICE_ACCOUNTS.values()) {
        if (namespace !== undefined && account.namespace !== namespace) continue;
        if (service !== undefined && account.service !== service) continue;
        body[account.principal] = { role_descriptor: account.roleDescriptor };
      }
      return ok(body);
    };
  },
};

const credentials: Endpoint = {
  privileges: privileges('credential/get', READ),
  prepare: (req, { cluster }) => {
    const principal = `${req.params.namespace ?? ''}/${req.params.service ?? ''}`;
    return async () => ok(await serviceAccountCredentials(cluster, principal));
  },
};

export function serviceAccountRoutes(): Route[] {
  const base = '/_security/service';
  return [
    { path: base, methods: { GET: accounts } },
    { path: `${base}/:namespace`, methods: { GET: accounts } },
    { path: `${base}/:namespace/:service`, methods: { GET: accounts } },
    { path: `${base}/:namespace/:service/credential`, methods: { GET: credentials } },
    { path: `${base}/:namespace/:service/credential/token`, methods: { POST: create(false) } },
    { path: `${base}/:namespace/:service/credential/token/:name`, methods: { POST: create(true), PUT: create(true), DELETE: remove } },
  ];
}

