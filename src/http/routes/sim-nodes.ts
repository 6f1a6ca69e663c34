/**
 * Simulator endpoints for nodes (superuser only, ES error shape): list them, kill one for
 * real, start it again (same id and name, empty caches), look inside its caches, and reset
 * the whole cluster between experiments.
 */
import { killOrStartNode, listNodes, nodeCaches, nodeName } from '../../coordinator/node-admin';
import type { Endpoint, Route } from '../endpoint';
import { ok } from '../endpoint';

const SUPERUSER_ONLY = ['all'];

const list: Endpoint = {
  privileges: { action: 'cluster:monitor/sim/nodes/get', grantedBy: SUPERUSER_ONLY },
  prepare: (_req, { cluster }) => async () => ok({ nodes: listNodes(cluster) }),
};

function lifecycle(action: 'kill' | 'start'): Endpoint {
  return {
    privileges: { action: `cluster:admin/sim/nodes/${action}`, grantedBy: SUPERUSER_ONLY },
    prepare: (req, { cluster }) => {
      const node = nodeName(cluster, req.params.node ?? '');
      return async () => ok({ acknowledged: true, ...(await killOrStartNode(cluster, node, action)) });
    },
  };
}

/** Heal every fault, restore every file, start every node, empty every cache: one call. */
const reset: Endpoint = {
  privileges: { action: 'cluster:admin/sim/reset', grantedBy: SUPERUSER_ONLY },
  prepare: (_req, { cluster }) => async () => ok({ acknowledged: true, ...(await cluster.reset()) }),
};

const caches: Endpoint = {
  privileges: { action: 'cluster:monitor/sim/nodes/caches', grantedBy: SUPERUSER_ONLY },
  prepare: (req, { cluster }) => {
    const node = nodeName(cluster, req.params.node ?? '');
    return async () => ok(await nodeCaches(cluster, node));
  },
};

export function simNodeRoutes(): Route[] {
  return [
    { path: '/_sim/nodes', methods: { GET: list } },
    { path: '/_sim/_reset', methods: { POST: reset } },
    { path: '/_sim/nodes/:node/_kill', methods: { POST: lifecycle('kill') } },
    { path: '/_sim/nodes/:node/_start', methods: { POST: lifecycle('start') } },
    { path: '/_sim/nodes/:node/caches', methods: { GET: caches } },
  ];
}
