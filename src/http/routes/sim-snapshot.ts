/**
 * `GET /_sim/snapshot` (superuser only): one picture of the whole cluster for the
 * dashboard's first paint; see coordinator/cluster-snapshot.ts for what it holds.
 */
import { clusterSnapshot } from '../../coordinator/cluster-snapshot';
import type { Endpoint, Route } from '../endpoint';
import { ok } from '../endpoint';

const SUPERUSER_ONLY = ['all'];

const snapshot: Endpoint = {
  privileges: { action: 'cluster:monitor/sim/snapshot/get', grantedBy: SUPERUSER_ONLY },
  prepare: (_req, { cluster }) => async () => ok(await clusterSnapshot(cluster)),
};

export function simSnapshotRoutes(): Route[] {
  return [{ path: '/_sim/snapshot', methods: { GET: snapshot } }];
}
