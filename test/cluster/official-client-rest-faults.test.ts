/**
 * The official @elastic/elasticsearch client (9.4.3, default retry policy) against `rest`
 * faults, through a listening app. What its transport (@elastic/transport 9.4.0,
 * Transport.js) does by default: `maxRetries` 3; a 502, 503 or 504 marks the connection
 * dead and is retried at once; a connection error is retried too, after a backoff once
 * every node was tried; a timeout is not retried (`retryOnTimeout` false) and surfaces
 * as its TimeoutError.
 */
import { Client, errors } from '@elastic/elasticsearch';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCluster, type SimCluster } from '../../src/index';
import { FILE_TOKEN } from '../support/in-process';

async function listen(sim: SimCluster): Promise<{ server: Server; url: string }> {
  const server = sim.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('the official client through rest faults', () => {
  let sim: SimCluster;
  let server: Server;
  let url: string;
  const clients: Client[] = [];
  const client = (options: Partial<ConstructorParameters<typeof Client>[0]> = {}) => {
    const c = new Client({ node: url, auth: { bearer: FILE_TOKEN }, ...options });
    clients.push(c);
    return c;
  };
  const start = async (clock: 'manual' | 'system') => {
    sim = await createCluster({ nodes: 3, seed: 3, clock });
    ({ server, url } = await listen(sim));
  };
  const caught = () => sim.journal.since(0).filter((e) => e.event.type === 'rest.fault').length;

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await sim.stop();
  });

  it('authenticates through error 503 with count 2: its default retries succeed on the third attempt', async () => {
    await start('manual');
    await sim.faults.add('flaky', { type: 'rest', action: 'error', status: 503, paths: ['/_security/_authenticate'], count: 2 });
    const result = await client().security.authenticate(undefined, { meta: true });
    expect(result.statusCode).toBe(200);
    expect(result.body.username).toBe('elastic/fleet-server');
    expect(result.meta.attempts).toBe(2); // retries after the first attempt
    expect(caught()).toBe(2);
    expect(sim.journal.since(0).map((e) => e.event)).toContainEqual({ type: 'fault.healed', id: 'flaky', reason: 'count' });
  });

  it('a 503 that outlasts its retries surfaces as its ResponseError, with Elasticsearch\'s error body', async () => {
    await start('manual');
    await sim.faults.add('down', { type: 'rest', action: 'error' });
    const failure = await client().security.authenticate().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(errors.ResponseError);
    const e = failure as InstanceType<typeof errors.ResponseError>;
    expect(e.statusCode).toBe(503);
    expect(e.body).toMatchObject({ error: { type: 'cluster_block_exception' }, status: 503 });
    expect(e.meta.meta.attempts).toBe(3);
    expect(caught()).toBe(4); // the first attempt and its 3 retries
  });

  it('reset surfaces as its ConnectionError', async () => {
    await start('manual');
    await sim.faults.add('reset', { type: 'rest', action: 'reset' });
    // maxRetries 0: its retries of a connection error wait a real backoff of seconds.
    const failure = await client({ maxRetries: 0 }).security.authenticate().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(errors.ConnectionError);
    expect(caught()).toBe(1);
  });

  it('a delay longer than its requestTimeout surfaces as its TimeoutError (system clock)', async () => {
    await start('system');
    await sim.faults.add('slow', { type: 'rest', action: 'delay', ms: 5000 });
    const failure = await client({ requestTimeout: 200 }).security.authenticate().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(errors.TimeoutError);
    expect(caught()).toBe(1); // a timeout is not retried by default
  });
});
