/**
 * The simulator steps scenario files need, as REST endpoints: move the clock, rewrite a
 * node's service_tokens, and wait for a journal event — with their bad input and bounds.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_WAITERS } from '../../src/http/routes/sim-clock';
import { createCluster } from '../../src/index';
import { waitUntil } from '../support/processes';
import { bearer, FILE_TOKEN, startTestCluster, SUPERUSER_AUTH, until, type TestCluster } from '../support/in-process';

describe('sim steps over REST: clock, service_tokens, waiting for an event', () => {
  let t: TestCluster;
  beforeEach(async () => {
    t = await startTestCluster();
  });
  afterEach(() => t.stop());

  const as = <T extends { set(k: string, v: string): T }>(r: T) => r.set('Authorization', SUPERUSER_AUTH);

  it('_advance moves the manual clock and says so; a bad ms names what is allowed', async () => {
    const before = t.clock.now();
    const res = await as(t.http.post('/_sim/clock/_advance?ms=1500')).expect(200);
    expect(res.body).toEqual({ acknowledged: true, clock: 'manual', advanced_ms: 1500, now_ms: before + 1500 });
    const bad = await as(t.http.post('/_sim/clock/_advance?ms=-1')).expect(400);
    expect(bad.body.error.reason).toMatch(/^\[ms\] must be a whole number from 0 to \d+, got \[-1\]$/);
  });

  it('PUT service_tokens replaces a node\'s file: the token stops working there only', async () => {
    await as(t.http.put('/_sim/nodes/node-2/service_tokens')).send({ content: '# none\n' }).expect(200);
    const statuses = [];
    for (const n of ['node-1', 'node-2', 'node-3']) {
      statuses.push((await t.http.get('/_security/_authenticate').set('Authorization', bearer(FILE_TOKEN)).set('X-Sim-Node', n)).status);
    }
    expect(statuses).toEqual([200, 401, 200]);
  });

  it('_wait answers the first matching event after since, or 408 when the (manual) clock passes the timeout', async () => {
    await t.http.get('/_security/_authenticate').set('Authorization', bearer(FILE_TOKEN)).set('X-Sim-Node', 'node-3').expect(200);
    const found = await as(t.http.get('/_sim/events/_wait?type=cache.filled&node=node-3&timeout_ms=10')).expect(200);
    expect(found.body.entry.event).toMatchObject({ type: 'cache.filled', node: 'node-3' });

    const timers = t.clock.pendingTimers();
    const pending = as(t.http.get(`/_sim/events/_wait?type=cache.removed&reason=expired&since=${t.cluster.journal.next - 1}&timeout_ms=5000`)).then((r) => r);
    await until(() => t.clock.pendingTimers() > timers); // the wait has begun
    t.clock.advance(5000);
    const timedOut = await pending;
    expect(timedOut.status).toBe(408);
    expect(timedOut.body.error.type).toBe('timeout_exception');
    expect(timedOut.body.error.reason).toMatch(/^no \[cache\.removed\] event with reason=expired after seq \[\d+\] within \[5000ms\]$/);
  });

  it(`at most ${MAX_WAITERS} waits at once: one more is a 429 es_rejected_execution_exception, and a finished wait frees its place`, async () => {
    const since = t.cluster.journal.next - 1;
    const waits = Array.from({ length: MAX_WAITERS }, () => as(t.http.get(`/_sim/events/_wait?type=node.down&since=${since}&timeout_ms=60000`)).then((r) => r));
    await until(() => t.clock.pendingTimers() >= MAX_WAITERS, 100_000);
    const refused = await as(t.http.get(`/_sim/events/_wait?type=node.down&since=${since}&timeout_ms=60000`));
    expect(refused.status).toBe(429);
    expect(refused.body.error.type).toBe('es_rejected_execution_exception');
    t.clock.advance(60_000);
    expect(new Set((await Promise.all(waits)).map((r) => r.status))).toEqual(new Set([408]));
    await as(t.http.get(`/_sim/events/_wait?type=cluster.started&timeout_ms=1`)).expect(200);
  });

  it(`a wait whose client leaves ends at once: its timer and its place are freed, and nothing answers it`, async () => {
    const server = t.sim.app.listen(0, '127.0.0.1');
    try {
      await new Promise((resolve) => server.once('listening', resolve));
      const port = (server.address() as AddressInfo).port;
      const timers = t.clock.pendingTimers();
      const events = t.cluster.journal.next;
      const since = t.cluster.journal.next - 1;
      const requests = Array.from({ length: MAX_WAITERS }, () =>
        http.get({ host: '127.0.0.1', port, path: `/_sim/events/_wait?type=node.down&since=${since}&timeout_ms=60000`, headers: { authorization: SUPERUSER_AUTH } }).on('error', () => undefined),
      );
      await waitUntil('every wait has begun', () => t.clock.pendingTimers() >= timers + MAX_WAITERS);
      for (const r of requests) r.destroy();
      await waitUntil('every wait has ended', () => t.clock.pendingTimers() === timers);
      // Every place is free again, and no answer to a gone client was journaled.
      const next = as(t.http.get(`/_sim/events/_wait?type=node.down&since=${since}&timeout_ms=5`)).then((r) => r);
      await until(() => t.clock.pendingTimers() > timers);
      t.clock.advance(5);
      expect((await next).status).toBe(408);
      expect(t.cluster.journal.since(events - 1).filter((e) => e.event.type === 'rest.request' && e.event.path === '/_sim/events/_wait')).toEqual([]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('_advance on a real clock', () => {
  it(`waits in real time, at most ${MAX_WAITERS} at once; one whose client leaves ends at once and frees its place`, async () => {
    const sim = await createCluster({ nodes: 1, seed: 1, host: 'in-process', clock: 'system' });
    const server = sim.app.listen(0, '127.0.0.1');
    try {
      await new Promise((resolve) => server.once('listening', resolve));
      const port = (server.address() as AddressInfo).port;
      const post = (ms: number) =>
        new Promise<{ status: number; body: string; req: http.ClientRequest }>((resolve) => {
          const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: `/_sim/clock/_advance?ms=${ms}`, headers: { authorization: SUPERUSER_AUTH } }, (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body, req }));
          });
          req.on('error', () => undefined);
          req.end();
          held.push(req);
        });
      const held: http.ClientRequest[] = [];
      const day = 24 * 60 * 60 * 1000;
      for (let i = 0; i < MAX_WAITERS; i++) void post(day);
      const refused = await (async () => {
        // The last of them has reached the server once one more is refused.
        for (;;) {
          const r = await post(day);
          if (r.status === 429) return r;
        }
      })();
      expect(JSON.parse(refused.body).error.type).toBe('es_rejected_execution_exception');
      for (const r of held) r.destroy();
      // Their places are freed as their connections close: a short advance goes through.
      let next: { status: number; body: string };
      do next = await post(1);
      while (next.status === 429);
      expect(next.status).toBe(200);
      expect(JSON.parse(next.body)).toMatchObject({ acknowledged: true, clock: 'system', advanced_ms: 1 });
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await sim.stop();
    }
  });
});
