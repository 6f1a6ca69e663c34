/**
 * `rest` faults: the HTTP front door misbehaving as Elasticsearch (or a proxy in front of
 * it) does in production, before authentication and routing; and faults that end by
 * themselves (`count`, `duration_ms`). In-process cluster, manual clock.
 */
import type { SimEvent } from '../../src/observe/events';
import { bearer, FILE_TOKEN, startTestCluster, SUPERUSER_AUTH, until, type TestCluster } from '../support/in-process';

const AUTHENTICATE = '/_security/_authenticate';

describe('rest faults', () => {
  let t: TestCluster;
  beforeEach(async () => {
    t = await startTestCluster();
  });
  afterEach(() => t.stop());
  const su = (r: ReturnType<TestCluster['http']['get']>) => r.set('Authorization', SUPERUSER_AUTH);
  const put = (id: string, body: object) => su(t.http.put(`/_sim/faults/${id}`)).send(body);
  const authenticate = () => t.http.get(AUTHENTICATE).set('Authorization', bearer(FILE_TOKEN));
  const events = <T extends SimEvent['type']>(type: T) =>
    t.sim.journal.since(0).map((e) => e.event).filter((e): e is Extract<SimEvent, { type: T }> => e.type === type);

  describe('error', () => {
    it('503 answers the cluster block of a node without a master, in Elasticsearch\'s body and headers, before authentication', async () => {
      await put('e', { type: 'rest', action: 'error' }).expect(200);
      const res = await t.http.get(AUTHENTICATE); // no credentials: the fault answers first
      expect(res.status).toBe(503);
      const error = { type: 'cluster_block_exception', reason: 'blocked by: [SERVICE_UNAVAILABLE/2/no master];' };
      expect(res.body).toEqual({ error: { root_cause: [error], ...error }, status: 503 });
      expect(res.headers['x-elastic-product']).toBe('Elasticsearch');
      expect(res.headers['content-type']).toBe('application/json');
      expect((await t.http.get(`${AUTHENTICATE}?pretty`)).text).toMatch(/^\{\n {2}"error" : \{\n/);
    });

    it('429 answers the rejected execution of a full search queue', async () => {
      await put('e', { type: 'rest', action: 'error', status: 429 }).expect(200);
      const res = await authenticate();
      expect(res.status).toBe(429);
      expect(res.body.error.type).toBe('es_rejected_execution_exception');
      expect(res.body.error.reason).toMatch(/^rejected execution of .+ on EsThreadPoolExecutor\[name = node-1\/search, queue capacity = 1000, .+\]$/);
    });

    it('answers the error it names, and a status with no default error needs one', async () => {
      await put('e', { type: 'rest', action: 'error', status: 500, error: { type: 'illegal_state_exception', reason: 'boom' } }).expect(200);
      expect((await authenticate()).body).toMatchObject({ error: { type: 'illegal_state_exception', reason: 'boom' }, status: 500 });
      const res = await put('f', { type: 'rest', action: 'error', status: 502 });
      expect(res.status).toBe(400);
      expect(res.body.error.reason).toBe(
        '[error] is required for [status] [502]: name the Elasticsearch error to answer, {"type": "<snake_case_exception>", "reason": "<text>"} ' +
          '(Elasticsearch answers [502] with e.g. [node_not_connected_exception, node_disconnected_exception]); statuses with a default error: [429, 503]',
      );
    });
  });

  describe('which requests it catches', () => {
    it('paths exact or ending in *, and methods; every other request is served', async () => {
      await put('e', { type: 'rest', action: 'error', paths: ['/_security/service/*'], methods: ['POST'] }).expect(200);
      await authenticate().expect(200);
      await su(t.http.get('/_security/service/elastic/fleet-server/credential')).expect(200);
      await su(t.http.post('/_security/service/elastic/fleet-server/credential/token/x/_clear_cache')).expect(503);
      await put('e', { type: 'rest', action: 'error', paths: [AUTHENTICATE] }).expect(200);
      await authenticate().expect(503);
      await su(t.http.get('/')).expect(200);
    });

    it('never catches /_sim or the dashboard, so a fault can always be healed', async () => {
      await put('e', { type: 'rest', action: 'reset' }).expect(200);
      await su(t.http.get('/_sim/faults')).expect(200);
      await su(t.http.get('/_sim/ui/')).expect(200);
      await su(t.http.delete('/_sim/faults/e')).expect(200);
      await authenticate().expect(200);
      const res = await put('f', { type: 'rest', action: 'reset', paths: ['/_sim/*'] });
      expect(res.body.error.reason).toBe("[paths] cannot name the simulator's API [/_sim/*]: /_sim is never affected, so a fault can always be healed");
    });

    it('journals every request it catches as rest.fault, with the fault, action, method and path', async () => {
      await put('e', { type: 'rest', action: 'error', count: 1 }).expect(200);
      await authenticate().expect(503);
      await authenticate().expect(200);
      expect(events('rest.fault')).toEqual([{ type: 'rest.fault', fault: 'e', action: 'error', method: 'GET', path: AUTHENTICATE }]);
    });

    it('fields of another action are a 400 that says which action they belong to', async () => {
      const res = await put('d', { type: 'rest', action: 'reset', ms: 10 });
      expect(res.body.error.reason).toBe('[ms] is for a [rest] fault with [action] [delay] only, got [action] [reset]');
    });
  });

  describe('delay, reset, hang', () => {
    it('delay holds the response until the manual clock moves past it', async () => {
      await put('d', { type: 'rest', action: 'delay', ms: 5000 }).expect(200);
      let status = 0;
      const pending = authenticate().then((r) => (status = r.status));
      await t.sim.nextEvent('rest.fault');
      t.clock.advance(4999);
      await new Promise((r) => setImmediate(r));
      expect(status).toBe(0);
      t.clock.advance(1);
      await pending;
      expect(status).toBe(200);
    });

    it('reset destroys the connection without a response', async () => {
      await put('r', { type: 'rest', action: 'reset' }).expect(200);
      await expect(authenticate()).rejects.toThrow(/socket hang up|ECONNRESET/);
      expect(events('rest.request').filter((e) => e.path === AUTHENTICATE)).toEqual([]);
    });

    it('hang holds requests until the fault is healed, then serves them normally', async () => {
      await put('h', { type: 'rest', action: 'hang' }).expect(200);
      const statuses: number[] = [];
      const held = [authenticate(), authenticate()].map((r) => r.then((res) => statuses.push(res.status)));
      await until(() => events('rest.fault').length === 2);
      t.clock.advance(60_000);
      await new Promise((r) => setImmediate(r));
      expect(statuses).toEqual([]);
      await su(t.http.delete('/_sim/faults/h')).expect(200);
      await Promise.all(held);
      expect(statuses).toEqual([200, 200]);
    });
  });

  describe('faults that end by themselves', () => {
    it('count: 2 answers the next two requests, then heals itself: journaled with reason count, no longer listed', async () => {
      await put('e', { type: 'rest', action: 'error', count: 2 }).expect(200);
      expect((await su(t.http.get('/_sim/faults'))).body.faults[0]).toMatchObject({ id: 'e', count: 2 });
      await authenticate().expect(503);
      await authenticate().expect(503);
      await authenticate().expect(200);
      expect(events('fault.healed')).toEqual([{ type: 'fault.healed', id: 'e', reason: 'count' }]);
      expect((await su(t.http.get('/_sim/faults'))).body).toEqual({ faults: [] });
    });

    it('duration_ms heals it that long after it was added, on the cluster\'s clock', async () => {
      await put('e', { type: 'rest', action: 'error', duration_ms: 1000 }).expect(200);
      t.clock.advance(999);
      await authenticate().expect(503);
      t.clock.advance(1);
      expect(t.sim.faults.list()).toEqual([]);
      await authenticate().expect(200);
      expect(events('fault.healed')).toEqual([{ type: 'fault.healed', id: 'e', reason: 'duration' }]);
    });

    it('a hang that heals by duration serves what it held', async () => {
      await put('h', { type: 'rest', action: 'hang', duration_ms: 1000 }).expect(200);
      const pending = authenticate();
      const done = pending.then((r) => r.status);
      await t.sim.nextEvent('rest.fault');
      t.clock.advance(1000);
      expect(await done).toBe(200);
    });

    it('a manual heal is journaled without a reason, and stops the duration timer', async () => {
      await put('e', { type: 'rest', action: 'error', duration_ms: 1000 }).expect(200);
      await su(t.http.delete('/_sim/faults/e')).expect(200);
      t.clock.advance(1000);
      expect(events('fault.healed')).toEqual([{ type: 'fault.healed', id: 'e' }]);
    });

    it('a re-added fault is not healed by the duration of the one it replaced', async () => {
      await put('e', { type: 'rest', action: 'error', duration_ms: 1000 }).expect(200);
      t.clock.advance(500);
      await put('e', { type: 'rest', action: 'error' }).expect(200);
      t.clock.advance(1000);
      expect(t.sim.faults.list().map((f) => f.id)).toEqual(['e']);
    });

    it('count on a network fault: a drop with count 1 loses one message, then heals itself', async () => {
      await put('d', { type: 'drop', nodes: ['node-2'], messages: ['authenticate'], count: 1 }).expect(200);
      const first = t.http.get(AUTHENTICATE).set('Authorization', bearer(FILE_TOKEN)).set('X-Sim-Node', 'node-2').then((r) => r.status);
      await t.sim.nextEvent('message.dropped');
      await until(() => events('fault.healed').length === 1);
      expect(events('fault.healed')).toEqual([{ type: 'fault.healed', id: 'd', reason: 'count' }]);
      t.clock.advance(20_000); // the lost one times out (an authentication waits twice the fan-out timeout)
      expect(await first).not.toBe(200);
      await t.http.get(AUTHENTICATE).set('Authorization', bearer(FILE_TOKEN)).set('X-Sim-Node', 'node-2').expect(200);
    });

    it('duration_ms heals a kill fault: the node is started again', async () => {
      await put('k', { type: 'kill', nodes: ['node-2'], duration_ms: 30_000 }).expect(200);
      expect(t.sim.node('node-2').status).toBe('down');
      const healed = t.sim.nextEvent('fault.healed');
      t.clock.advance(30_000);
      expect(await healed).toEqual({ type: 'fault.healed', id: 'k', reason: 'duration' });
      expect(t.sim.node('node-2').status).toBe('up');
    });

    it('count is refused for a fault applied once, naming the types it applies to', async () => {
      const res = await put('k', { type: 'kill', nodes: ['node-2'], count: 1 });
      expect(res.status).toBe(400);
      expect(res.body.error.reason).toBe(
        '[count] is for the faults that act on requests or messages one by one: [partition, drop, delay, duplicate, error, rest]; a [kill] fault is applied once: use [duration_ms] to have it heal itself',
      );
      expect((await put('r', { type: 'restart', nodes: ['node-2'], duration_ms: 5 })).body.error.reason).toMatch(/^\[duration_ms\] does not apply to a \[restart\] fault/);
      expect((await put('c', { type: 'rest', action: 'reset', count: 1.5 })).body.error.reason).toBe('[count] must be a whole number from 1 to 1000000000, got [1.5]');
    });
  });
});
