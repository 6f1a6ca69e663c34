/**
 * The front door: `GET /` (who is this cluster) and `GET /_cluster/health`. The REST layer
 * is the coordinator, which plays a coordinating-only node: it holds no caches itself and
 * fans work out to the data nodes (`node-1` … `node-N`).
 */
import { illegalArgument } from '../../errors';
import type { Endpoint, Route } from '../endpoint';
import { ok } from '../endpoint';
import { JsonDouble } from '../json-format';

/** The Elasticsearch release this simulator answers as (a real 9.4.4 build's identity). */
export const ES_VERSION = Object.freeze({
  number: '9.4.4',
  build_flavor: 'default',
  build_type: 'tar',
  build_hash: '77cd231096e56b56ac1d24445a9430a252622e6d',
  build_date: '2026-07-15T22:13:42.125968334Z',
  build_snapshot: false,
  lucene_version: '10.4.0',
  minimum_wire_compatibility_version: '8.19.0',
  minimum_index_compatibility_version: '8.0.0',
});

export const COORDINATOR_NAME = 'coordinator';

const MONITOR = ['monitor', 'manage', 'all'];

const main: Endpoint = {
  privileges: { action: 'cluster:monitor/main', grantedBy: MONITOR },
  prepare: (_req, { cluster }) => async () =>
    ok({
      name: COORDINATOR_NAME,
      cluster_name: cluster.config.clusterName,
      cluster_uuid: cluster.uuid,
      version: ES_VERSION,
      tagline: 'You Know, for Search',
    }),
};

const HEALTH_PARAMS = [
  'expand_wildcards', 'level', 'local', 'master_timeout', 'timeout', 'wait_for_active_shards', 'wait_for_events',
  'wait_for_nodes', 'wait_for_no_initializing_shards', 'wait_for_no_relocating_shards',
] as const;
const STATUS_RANK = { green: 0, yellow: 1, red: 2 } as const;
type Health = keyof typeof STATUS_RANK;

const health: Endpoint = {
  privileges: { action: 'cluster:monitor/health', grantedBy: MONITOR },
  prepare: (req, { cluster }) => {
    for (const p of HEALTH_PARAMS) req.param(p);
    const waitFor = req.param('wait_for_status');
    if (waitFor !== undefined && !(waitFor in STATUS_RANK)) {
      throw illegalArgument(`unknown cluster health status [${waitFor}]`);
    }
    return async () => {
      // The only index is .security; its health is the cluster's. Waiting is not
      // simulated: an unmet wait times out at once.
      const live = cluster.liveNodes().length;
      const shards = securityIndexShards(cluster.securityIndexHealth(), live);
      const status: Health = shards.status;
      const timedOut = waitFor !== undefined && STATUS_RANK[status] > STATUS_RANK[waitFor as Health];
      return ok(
        {
          cluster_name: cluster.config.clusterName,
          status,
          timed_out: timedOut,
          number_of_nodes: live,
          number_of_data_nodes: live,
          active_primary_shards: shards.activePrimary,
          active_shards: shards.active,
          relocating_shards: 0,
          initializing_shards: 0,
          unassigned_shards: shards.unassigned,
          unassigned_primary_shards: shards.unassignedPrimary,
          delayed_unassigned_shards: 0,
          number_of_pending_tasks: 0,
          number_of_in_flight_fetch: 0,
          task_max_waiting_in_queue_millis: 0,
          active_shards_percent_as_number: new JsonDouble(shards.total === 0 ? 100 : (100 * shards.active) / shards.total),
        },
        timedOut ? 408 : 200,
      );
    };
  },
};

/**
 * The shards of `.security` (one primary; `auto_expand_replicas: 0-1`, so one replica when
 * there are two nodes or more) for its health: yellow is an unassigned replica, red an
 * unassigned primary. No index: no shards, green.
 */
function securityIndexShards(health: Health | null, liveNodes: number) {
  if (health === null) return { status: 'green' as Health, activePrimary: 0, active: 0, unassigned: 0, unassignedPrimary: 0, total: 0 };
  const total = liveNodes >= 2 ? 2 : 1;
  if (health === 'green') return { status: health, activePrimary: 1, active: total, unassigned: 0, unassignedPrimary: 0, total };
  if (health === 'yellow') return { status: health, activePrimary: 1, active: 1, unassigned: 1, unassignedPrimary: 0, total: 2 };
  return { status: health, activePrimary: 0, active: 0, unassigned: total, unassignedPrimary: 1, total };
}

export function rootRoutes(): Route[] {
  return [
    { path: '/', methods: { GET: main, HEAD: main } },
    { path: '/_cluster/health', methods: { GET: health } },
    { path: '/_cluster/health/:index', methods: { GET: health } },
  ];
}
