/**
 * The simulator steps scenario files need, as REST endpoints: move the clock, rewrite a
 * node's service_tokens, and wait for a journal event — with their bad input and bounds.
 */
import { MAX_WAITERS } from '../../src/http/routes/sim-clock';
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
});
