/**
 * `GET /_security/_authenticate` (`RestAuthenticateAction`): who the caller is, as the node that
 * authenticated it saw it. Any authenticated caller may ask.
 */
import type { Authentication } from '../authentication';
import type { Endpoint, Route } from '../endpoint';
import { ok } from '../endpoint';

const SERVICE_ACCOUNT_REALM = { name: '_service_account', type: '_service_account' };

export function authenticateBody(auth: Authentication): Record<string, unknown> {
  const { username, roles, full_name, email, metadata, enabled } = auth.user;
  if (auth.kind === 'service_account') {
    return {
      username, roles, full_name, email,
      // Elasticsearch 9.4 says who manages the credential (elasticsearch-specification,
      // security/authenticate/types.ts: Token.managed_by); for a service token, Elasticsearch.
      token: { ...auth.token, managed_by: 'elasticsearch' },
      metadata, enabled,
      authentication_realm: SERVICE_ACCOUNT_REALM,
      lookup_realm: SERVICE_ACCOUNT_REALM,
      authentication_type: 'token',
    };
  }
  return {
    username, roles, full_name, email, metadata, enabled,
    authentication_realm: auth.realm,
    lookup_realm: auth.realm,
    authentication_type: 'realm',
  };
}

const whoAmI: Endpoint = {
  privileges: null,
  prepare: (_req, { auth }) => async () => ok(authenticateBody(auth)),
};

export function authenticateRoutes(): Route[] {
  return [{ path: '/_security/_authenticate', methods: { GET: whoAmI } }];
}
