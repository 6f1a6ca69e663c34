/**
 * Simulator endpoints for nodes (superuser only, ES error shape): list them, kill one for
 * real, start it again (same id and name, empty caches), and look inside its caches.
 */
import type { Cluster } from '../../coordinator/cluster';
import { EsError } from '../../errors';
import type { NodeChannel } from '../../transport/node-channel';
import type { Endpoint, Route } from '../endpoint';
import { ok } from '../endpoint';

const SUPERUSER_ONLY = ['all'];

export function nodeView(node: NodeChannel): { id: string; name: string; pid: number | null; status: string } {
  return { id: node.info.id, name: node.info.name, pid: node.pid, status: node.status };
}

/** Transport failures reaching the top level: connect-type → 502, timeout → 500 (as ES). */
const TRANSPORT_STATUS: Record<string, number> = {
  node_not_connected_exception: 502,
  node_disconnected_exception: 502,
  receive_timeout_transport_exception: 500,
};

const list: Endpoint = {
  privileges: { action: 'cluster:monitor/sim/nodes/get', grantedBy: SUPERUSER_ONLY },
  prepare: (_req, { cluster }) => async () => ok({ nodes: cluster.nodes().map(nodeView) }),
};

function lifecycle(action: 'kill' | 'start'): Endpoint {
  return {
    privileges: { action: `cluster:admin/sim/nodes/${action}`, grantedBy: SUPERUSER_ONLY },
    prepare: (req, { cluster }) => {
      const node = cluster.requireNode(req.params.node ?? '');
      return async () => {
        await (action === 'kill' ? node.kill() : cluster.startNode(node));
        return ok({ acknowledged: true, node: nodeView(node) });
      };
    },
  };
}

const caches: Endpoint = {
  privileges: { action: 'cluster:monitor/sim/nodes/caches', grantedBy: SUPERUSER_ONLY },
  prepare: (req, { cluster }) => {
    const node = cluster.requireNode(req.params.node ?? '');
    return async () => ok(await cacheView(cluster, node));
  },
};

async function cacheView(cluster: Cluster, node: NodeChannel): Promise<unknown> {
  const result = await node.request({ type: 'cache-snapshot' }, cluster.config.fanOutTimeoutMs);
  if (result.ok) return result.value;
  throw EsError.fromData(TRANSPORT_STATUS[result.error.type] ?? 500, result.error);
}

export function simNodeRoutes(): Route[] {
  return [
    { path: '/_sim/nodes', methods: { GET: list } },
    { path: '/_sim/nodes/:node/_kill', methods: { POST: lifecycle('kill') } },
    { path: '/_sim/nodes/:node/_start', methods: { POST: lifecycle('start') } },
    { path: '/_sim/nodes/:node/caches', methods: { GET: caches } },
  ];
}
