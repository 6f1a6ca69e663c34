// The descriptor of elastic/kibana: ES gives this account the built-in `kibana_system`
// role under the account's name. Facts taken from ES's KibanaOwnedReservedRoleDescriptors
// (9.x main).
//
// Faithful: the cluster privileges, the `global` (configurable) privileges, and the
// reserved-role metadata. Representative only: the real role has about 70 `indices`
// entries (Fleet package upgrades, Security Solution, transforms...); we keep 38 of them,
// covering each family, because nothing in this simulator authorizes index access and
// tests only check presence. Left out entirely: remote_indices, remote_cluster and the
// role's description text, which the simulator never renders.

import { indices, roleDescriptor, type RoleDescriptor } from './role-descriptor';

const KIBANA_CLUSTER_PRIVILEGES = [
  'monitor',
  'manage_index_templates',
  'manage_inference',
  'cluster:admin/xpack/monitoring/bulk',
  'manage_saml',
  'manage_token',
  'manage_oidc',
  'manage_enrich',
  'manage_pipeline',
  'manage_ilm',
  'monitor_connector',
  'manage_transform',
  'cluster:admin/xpack/security/api_key/invalidate',
  'grant_api_key',
  'manage_own_api_key',
  'cluster:admin/xpack/security/privilege/builtin/get',
  'delegate_pki',
  'cluster:admin/xpack/security/profile/get',
  'cluster:admin/xpack/security/profile/activate',
  'cluster:admin/xpack/security/profile/suggest',
  'cluster:admin/xpack/security/profile/has_privileges',
  'write_fleet_secrets',
  'manage_ml',
  'cluster:admin/analyze',
  'monitor_text_structure',
  'cancel_task',
];

const READ_CCS = ['read', 'read_cross_cluster'];
const FLEET_SYSTEM_INDICES = [
  '.fleet-actions*',
  '.fleet-agents*',
  '.fleet-artifacts*',
  '.fleet-enrollment-api-keys*',
  '.fleet-policies*',
  '.fleet-policies-leader*',
  '.fleet-servers*',
  '.fleet-fileds*',
  '.fleet-file-data-*',
  '.fleet-files-*',
  '.fleet-filedelivery-data-*',
  '.fleet-filedelivery-meta-*',
];

export function kibanaSystemRole(): RoleDescriptor {
  return roleDescriptor({
    cluster: KIBANA_CLUSTER_PRIVILEGES,
    global: {
      application: { manage: { applications: ['kibana-*'] } },
      profile: { write: { applications: ['kibana*'] } },
    },
    indices: [
      indices(['.kibana*', '.reporting-*'], ['all'], true),
      indices(['.monitoring-*'], READ_CCS),
      indices(['.management-beats'], ['create_index', 'read', 'write']),
      indices(['.ml-anomalies*', '.ml-stats-*'], ['read']),
      indices(['.ml-annotations*', '.ml-notifications*'], ['read', 'write']),
      indices(['.apm-agent-configuration'], ['all'], true),
      indices(['.apm-custom-link'], ['all'], true),
      indices(['.apm-source-map'], ['all'], true),
      ...['apm-*', 'logs-apm.*', 'metrics-apm.*', 'traces-apm.*', 'traces-apm-*'].map((name) => indices([name], READ_CCS)),
      indices(['metrics-logstash.*'], ['read']),
      indices(['*'], ['view_index_metadata', 'monitor']),
      indices(['.logs-endpoint.diagnostic.collection-*'], ['read', 'create_index']),
      indices(['.fleet-secrets*'], ['write', 'delete', 'create_index'], true),
      ...FLEET_SYSTEM_INDICES.map((name) => indices([name], ['all'], true)),
      indices(['logs-elastic_agent*'], ['read']),
      indices(['metrics-fleet_server*'], ['all']),
      indices(['logs-fleet_server*'], ['read', 'delete_index']),
      indices(['metrics-endpoint.policy-*'], ['read']),
      indices(['metrics-endpoint.metrics-*'], ['read']),
      indices(['logs-endpoint.events.*'], ['read']),
      indices(['.slo-observability.*'], ['all']),
      indices(['.logs-endpoint.heartbeat-*'], ['read', 'create_index']),
      indices(['.elastic-connectors*'], ['read']),
    ],
    // Reserved roles carry this marker; the account inherits it with the descriptor.
    metadata: { _reserved: true },
  });
}
