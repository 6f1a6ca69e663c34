/**
 * Simulator endpoints for faults (superuser only, ES error shape): add a fault under an
 * id, list them, heal one or all.
 */
import { listNodes } from '../../coordinator/node-admin';
import { illegalArgument } from '../../errors';
import { parseFaultSpec, publicFaultSpec, type ActiveFault } from '../../faults';
import type { Endpoint, Route } from '../endpoint';
import { ok } from '../endpoint';
import { readJsonObject } from '../read-body';

const SUPERUSER_ONLY = ['all'];
const ID = /^[A-Za-z0-9_.-]{1,64}$/;

function faultId(raw: string | undefined): string {
  const id = raw ?? '';
  if (!ID.test(id)) throw illegalArgument(`fault id [${id}] must be 1 to 64 characters from [A-Za-z0-9_.-]`);
  return id;
}

const view = (f: ActiveFault) => ({ id: f.id, ...publicFaultSpec(f.spec), applied_at_ms: f.applied_at_ms });

const listFaults: Endpoint = {
  privileges: { action: 'cluster:monitor/sim/faults/get', grantedBy: SUPERUSER_ONLY },
  prepare: (_req, { cluster }) => async () => ok({ faults: cluster.faults.list().map(view) }),
};

const putFault: Endpoint = {
  privileges: { action: 'cluster:admin/sim/faults/put', grantedBy: SUPERUSER_ONLY },
  body: true,
  prepare: (req, { cluster }) => {
    const id = faultId(req.params.id);
    const spec = parseFaultSpec(readJsonObject(req), listNodes(cluster).map((n) => n.name));
    return async () => {
      const fault = await cluster.faults.add(id, spec);
      return ok({ acknowledged: true, fault: view(fault) });
    };
  },
};

const healFault: Endpoint = {
  privileges: { action: 'cluster:admin/sim/faults/delete', grantedBy: SUPERUSER_ONLY },
  prepare: (req, { cluster }) => {
    const id = faultId(req.params.id);
    return async () => {
      await cluster.faults.heal(id);
      return ok({ acknowledged: true, healed: [id] });
    };
  },
};

const healAll: Endpoint = {
  privileges: { action: 'cluster:admin/sim/faults/delete', grantedBy: SUPERUSER_ONLY },
  prepare: (_req, { cluster }) => async () => ok({ acknowledged: true, healed: await cluster.faults.healAll() }),
};

export function simFaultRoutes(): Route[] {
  return [
    { path: '/_sim/faults', methods: { GET: listFaults, DELETE: healAll } },
    { path: '/_sim/faults/:id', methods: { PUT: putFault, DELETE: healFault } },
  ];
}
