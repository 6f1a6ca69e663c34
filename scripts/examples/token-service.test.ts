/**
 * The token service against an Elasticsearch that misbehaves: `rest` faults from the
 * simulator's library, on a manual clock. The service's backoff moves the cluster's clock
 * instead of waiting, so "503 for 2 seconds" costs no time. Copy this into your own suite.
 * Run it: `npm run example:service-faults`.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errors } from '@elastic/elasticsearch';
import { createCluster, type SimCluster } from 'es-token-cache-sim';
import { TokenService, type TokenServiceOptions } from './token-service';

const TOKEN = 'AAEAAWVsYXN0aWMvZmxlZXQtc2VydmVyL3Rva2VuMTpyNXdkYmRib1FTZTl2R09Ld2FKR0F3'; // the sample file token

let sim: SimCluster;
let server: Server;
let service: TokenService;
/** Every backoff the service waited, on the cluster's clock. */
let waited: number[];

function startService(options: Partial<TokenServiceOptions> = {}): TokenService {
  const { port } = server.address() as AddressInfo;
  service = new TokenService({
    node: `http://127.0.0.1:${port}`,
    token: TOKEN,
    // Waiting moves the simulated time: faults with duration_ms heal during the backoff.
    sleep: async (ms) => {
      waited.push(ms);
      sim.advance(ms);
    },
    ...options,
  });
  return service;
}

/** What the front door did to each request, from the journal. */
const restFaults = () => sim.journal.since(0).flatMap(({ event }) => (event.type === 'rest.fault' ? [`${event.action} ${event.method} ${event.path}`] : []));

beforeEach(async () => {
  sim = await createCluster({ nodes: 3, seed: 7 }); // in-process, manual clock
  server = sim.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  waited = [];
});

afterEach(async () => {
  await service.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await sim.stop();
});

describe('the token service when Elasticsearch misbehaves', () => {
  it('gets through two 503s in a row on its third attempt', async () => {
    await sim.faults.add('flaky', { type: 'rest', action: 'error', status: 503, paths: ['/_security/_authenticate'], count: 2 });
    const me = await startService().whoAmI();
    expect(me).toEqual({ username: 'elastic/fleet-server', token: 'token1', attempts: 3 });
    expect(waited).toEqual([100, 200]);
    expect(restFaults()).toEqual(['error GET /_security/_authenticate', 'error GET /_security/_authenticate']);
  });

  it('backs off through 2 seconds of 429s and recovers when the load is gone', async () => {
    await sim.faults.add('overloaded', { type: 'rest', action: 'error', status: 429, duration_ms: 2000 });
    const me = await startService().whoAmI();
    expect(me.attempts).toBe(6);
    expect(waited).toEqual([100, 200, 400, 800, 1600]); // 3.1 s of backoff on the cluster's clock, none real
  });

  it('retries a reset connection', async () => {
    await sim.faults.add('reset', { type: 'rest', action: 'reset', count: 1 });
    expect((await startService().whoAmI()).attempts).toBe(2);
  });

  it('gives up on a request that hangs after its timeout, and the retry gets through', async () => {
    await sim.faults.add('stuck', { type: 'rest', action: 'hang', count: 1 });
    expect((await startService({ requestTimeoutMs: 100 }).whoAmI()).attempts).toBe(2);
  });

  it('gives up after its attempts when Elasticsearch stays unavailable, with the last error', async () => {
    await sim.faults.add('down', { type: 'rest', action: 'error', status: 503 });
    const failure = await startService({ attempts: 3 }).whoAmI().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(errors.ResponseError);
    expect((failure as InstanceType<typeof errors.ResponseError>).body).toMatchObject({ error: { type: 'cluster_block_exception' } });
    expect(restFaults()).toHaveLength(3);
  });

  it('never retries a 401: a token Elasticsearch refuses is final', async () => {
    await sim.faults.add('revoked', {
      type: 'rest', action: 'error', status: 401, count: 1,
      error: { type: 'security_exception', reason: 'unable to authenticate with provided credentials and anonymous access is not allowed for this request' },
    });
    const failure = await startService().whoAmI().catch((e: unknown) => e);
    expect((failure as InstanceType<typeof errors.ResponseError>).statusCode).toBe(401);
    expect(waited).toEqual([]);
  });
});
