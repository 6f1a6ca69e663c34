// The built-in service accounts (`ElasticServiceAccounts`). They are defined in code, never stored, and
// cannot be created through the API; a token is only useful if its principal is here.
// Privilege facts are from ES's ElasticServiceAccounts (9.x main).

import { kibanaSystemRole } from './kibana-system-role';
import { application, indices, roleDescriptor, type RoleDescriptor } from './role-descriptor';

export interface ServiceAccount {
  /** `<namespace>/<service>`, also the role descriptor's name. */
  readonly principal: string;
  readonly namespace: string;
  readonly service: string;
  readonly roleDescriptor: RoleDescriptor;
}

/** How an authenticated service account is presented as a user (fields in ES order). */
export interface ServiceAccountUser {
  username: string;
  roles: string[];
  full_name: string;
  email: null;
  metadata: { _elastic_service_account: true };
  enabled: true;
}

const NAMESPACE = 'elastic';

// Fleet Server reads, writes and refreshes its own system indices.
const FLEET_SYSTEM_PRIVILEGES = ['read', 'write', 'monitor', 'create_index', 'auto_configure', 'maintenance'];
const FLEET_SYSTEM_INDICES = [
  '.fleet-actions*',
  '.fleet-agents*',
  '.fleet-artifacts*',
  '.fleet-enrollment-api-keys*',
  '.fleet-policies*',
  '.fleet-policies-leader*',
  '.fleet-servers*',
  '.fleet-fileds*',
];
// Connectors and agentless integrations run through Fleet Server's API keys.
const INTEGRATION_PRIVILEGES = [...FLEET_SYSTEM_PRIVILEGES, 'view_index_metadata'];
const DATA_STREAM_WRITE = ['write', 'create_index', 'auto_configure'];

function autoOpsRole(): RoleDescriptor {
  return roleDescriptor({
    cluster: ['monitor', 'read_ilm', 'read_slm'],
    indices: [indices(['*'], ['monitor', 'view_index_metadata'], true)],
  });
}

function fleetServerRole(): RoleDescriptor {
  return roleDescriptor({
    cluster: ['monitor', 'manage_own_api_key', 'read_fleet_secrets', 'cluster:admin/xpack/connector/*'],
    indices: [
      indices(
        [
          'logs-*',
          'metrics-*',
          'traces-*',
          '.logs-endpoint.diagnostic.collection-*',
          '.logs-endpoint.action.responses-*',
          '.logs-endpoint.heartbeat-*',
        ],
        DATA_STREAM_WRITE,
      ),
      indices(['profiling-*'], ['read', 'write']),
      indices(['traces-apm.sampled-*'], ['read', 'monitor', 'maintenance']),
      indices(['.fleet-secrets*'], ['read'], true),
      ...FLEET_SYSTEM_INDICES.map((name) => indices([name], FLEET_SYSTEM_PRIVILEGES, true)),
      indices(['synthetics-*'], ['read', 'write', 'create_index', 'auto_configure']),
      indices(['.elastic-connectors*'], INTEGRATION_PRIVILEGES),
      indices(['content-*', '.search-acl-filter-*'], INTEGRATION_PRIVILEGES),
      indices(['agentless-*'], INTEGRATION_PRIVILEGES),
    ],
    applications: [application('kibana-*', ['reserved_fleet-setup'], ['*'])],
  });
}

function fleetServerRemoteRole(): RoleDescriptor {
  return roleDescriptor({
    cluster: ['monitor', 'manage_own_api_key'],
    indices: [indices(['logs-*', 'metrics-*', 'traces-*'], DATA_STREAM_WRITE)],
  });
}

function account(service: string, descriptor: RoleDescriptor): [string, ServiceAccount] {
  const principal = `${NAMESPACE}/${service}`;
  return [principal, Object.freeze({ principal, namespace: NAMESPACE, service, roleDescriptor: descriptor })];
}

/** Principal → account. ES leaves map order unspecified; ours is sorted by principal. */
export const SERVICE_ACCOUNTS: ReadonlyMap<string, ServiceAccount> = new Map([
  account('auto-ops', autoOpsRole()),
  account('fleet-server', fleetServerRole()),
  account('fleet-server-remote', fleetServerRemoteRole()),
  account('kibana', kibanaSystemRole()),
]);

export function findServiceAccount(principal: string): ServiceAccount | undefined {
  return SERVICE_ACCOUNTS.get(principal);
}

/** All principals, sorted. (The CLI lists them in Java HashMap order, as ES does: scripts/service-tokens/es-cli.ts.) */
export function serviceAccountPrincipals(): string[] {
  return [...SERVICE_ACCOUNTS.keys()].sort();
}

/** The user an authenticated token of this account becomes; undefined for an unknown principal. */
export function serviceAccountUser(principal: string): ServiceAccountUser | undefined {
  if (!SERVICE_ACCOUNTS.has(principal)) return undefined;
  // A fresh object each time: callers put it into responses and may extend it.
  return {
    username: principal,
    roles: [],
    full_name: `Service account - ${principal}`,
    email: null,
    metadata: { _elastic_service_account: true },
    enabled: true,
  };
}
