/**
 * The simulator's steps, as APIs in the same dialect: each `/_sim` endpoint under a
 * `sim.*` name (documented in the README's /_sim table). A file that uses one needs a target
 * that has `/_sim`; against a real Elasticsearch the test is skipped, with that reason.
 */
import type { ApiSpec } from './api-spec';

export const SIM_APIS: Record<string, ApiSpec> = {
  'sim.get_nodes': { paths: [{ path: '/_sim/nodes', methods: ['GET'] }], params: [] },
  'sim.reset': { paths: [{ path: '/_sim/_reset', methods: ['POST'] }], params: [] },
  'sim.kill_node': { paths: [{ path: '/_sim/nodes/{node}/_kill', methods: ['POST'] }], params: [] },
  'sim.start_node': { paths: [{ path: '/_sim/nodes/{node}/_start', methods: ['POST'] }], params: [] },
  'sim.get_caches': { paths: [{ path: '/_sim/nodes/{node}/caches', methods: ['GET'] }], params: [] },
  'sim.put_fault': { paths: [{ path: '/_sim/faults/{id}', methods: ['PUT'] }], params: [], body: 'required' },
  'sim.delete_fault': { paths: [{ path: '/_sim/faults/{id}', methods: ['DELETE'] }], params: [] },
  'sim.delete_faults': { paths: [{ path: '/_sim/faults', methods: ['DELETE'] }], params: [] },
  'sim.get_faults': { paths: [{ path: '/_sim/faults', methods: ['GET'] }], params: [] },
  'sim.get_events': { paths: [{ path: '/_sim/events', methods: ['GET'] }], params: ['since', 'limit'] },
  'sim.advance': { paths: [{ path: '/_sim/clock/_advance', methods: ['POST'] }], params: ['ms'] },
  'sim.write_file': { paths: [{ path: '/_sim/nodes/{node}/service_tokens', methods: ['PUT'] }], params: [], bodyFields: ['content'] },
  // Any other parameter is an event field to match: {event: file.reloaded, node: node-2}.
  'sim.wait_for': { paths: [{ path: '/_sim/events/_wait', methods: ['GET'] }], params: ['type', 'since', 'timeout_ms'], rename: { event: 'type' }, anyParams: true },
};

export function isSimApi(api: string): boolean {
  return api.startsWith('sim.');
}
