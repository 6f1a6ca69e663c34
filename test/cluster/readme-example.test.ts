/**
 * The library example of the README ("Using it in your own tests"), verbatim below the
 * marker, so the example users copy is known to pass.
 */
// ---- README example ----
import request from 'supertest';
import { createCluster, type SimCluster } from 'es-token-cache-sim';

const TOKEN = 'AAEAAWVsYXN0aWMvZmxlZXQtc2VydmVyL3Rva2VuMTpyNXdkYmRib1FTZTl2R09Ld2FKR0F3'; // the sample file token
let sim: SimCluster;
beforeEach(async () => {
  sim = await createCluster({ nodes: 5, seed: 7 }); // in-process, manual clock
});
afterEach(() => sim.stop());

it('a cached token expires on every node after 20 minutes', async () => {
  for (const node of sim.nodes) {
    await request(sim.app).get('/_security/_authenticate')
      .set('Authorization', `Bearer ${TOKEN}`).set('X-Sim-Node', node.name).expect(200);
  }
  sim.advance(20 * 60 * 1000); // no waiting: the clock moves
  for (const node of sim.nodes) expect((await node.caches()).file.stats.removed.expired).toBe(1);
});

it('a partitioned node misses the clear, and the response says so', async () => {
  await sim.faults.add('p', { type: 'partition', nodes: ['node-2'], messages: ['clear-cache'] });
  const dropped = sim.nextEvent('message.dropped');
  const clear = request(sim.app).post('/_security/service/elastic/fleet-server/credential/token/*/_clear_cache')
    .auth('elastic', 'changeme').then((res) => res);
  await dropped; // the clear is out; move past the fan-out timeout
  sim.advance(10_000);
  expect((await clear).body._nodes).toMatchObject({ total: 5, successful: 4, failed: 1 });
  expect(sim.journal.since(0).filter((e) => e.event.type === 'message.timed_out')).toHaveLength(1);
});
// ---- end of README example ----

it('the README shows exactly this example', () => {
  const { readFileSync } = require('node:fs') as typeof import('node:fs');
  const own = readFileSync(__filename, 'utf8');
  const example = own.slice(own.indexOf('\n', own.indexOf('// ---- README example ----')) + 1, own.indexOf('// ---- end of README example ----'));
  const readme = readFileSync(require.resolve('../../README.md'), 'utf8');
  expect(readme).toContain('```ts\n' + example + '```');
});
