/**
 * A scenario run against a URL (`npm run scenario -- --url …`) on a cluster that already has
 * a history: its journal reads start where the journal ends, so `sim.wait_for` sees only what
 * happened since the step before, as it does in-process.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseScenario } from '../../src/scenario/parse';
import { runFile } from '../../src/scenario/runner';
import { UrlTarget } from '../../src/scenario/targets';
import { createCluster, type SimCluster } from '../../src/index';
import { SUPERUSER_AUTH } from '../support/in-process';

const CLEAR = '/_security/service/elastic/fleet-server/credential/token/token1/_clear_cache';

describe('a scenario run against a URL, on a cluster with a history', () => {
  let sim: SimCluster;
  let server: Server;
  let url: string;
  beforeEach(async () => {
    // A real clock, as behind `npm start`: a wait times out by itself.
    sim = await createCluster({ nodes: 3, seed: 42, host: 'in-process', clock: 'system' });
    server = sim.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // History: every node has cleared its caches before the scenario starts.
    expect((await fetch(`${url}${CLEAR}`, { method: 'POST', headers: { authorization: SUPERUSER_AUTH } })).status).toBe(200);
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
    await sim.stop();
  });

  it('starts reading the journal where it ends', async () => {
    const target = await UrlTarget.connect(url, { user: 'elastic', password: 'changeme' });
    expect(await target.journalSeq()).toBe(sim.cluster.journal.next - 1);
  });

  it('sim.wait_for does not take an event from before the step before it', async () => {
    const scenario = parseScenario(
      [
        '"an old clear is not a new one":',
        '  - do: { sim.get_nodes: {} }',
        '  - do: { catch: request_timeout, sim.wait_for: { event: cache.cleared, node: node-1, timeout_ms: 100 } }',
        '  - do: { security.clear_cached_service_tokens: { namespace: elastic, service: fleet-server, name: token1 } }',
        '  - do: { sim.wait_for: { event: cache.cleared, node: node-1 } }',
        '  - match: { entry.event.cacheName: service }',
      ].join('\n'),
      'history.yml',
    );
    const target = await UrlTarget.connect(url, { user: 'elastic', password: 'changeme' });
    const result = await runFile(scenario, target);
    expect(result.tests.map((r) => [r.status, r.failure?.message])).toEqual([['passed', undefined]]);
  });
});
