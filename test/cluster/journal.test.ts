/**
 * The event journal as a user reads it through /_sim/events: what one authentication, a
 * clear and a lost message look like, step by step, on the in-process cluster.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { buildApp } from '../../src/http/app';
import { bearer, FILE_TOKEN, startTestCluster, SUPERUSER_AUTH, until, type TestCluster } from '../support/in-process';

type Entry = { seq: number; time_ms: number; event: { type: string; [k: string]: unknown } };

describe('the event journal', () => {
  let t: TestCluster;
  beforeEach(async () => {
    t = await startTestCluster();
  });
  afterEach(() => t.stop());

  const su = (r: ReturnType<TestCluster['http']['get']>) => r.set('Authorization', SUPERUSER_AUTH);
  const since = async (seq: number): Promise<Entry[]> => (await su(t.http.get(`/_sim/events?since=${seq}`))).body.events;
  const authOn = (node: string) => t.http.get('/_security/_authenticate').set('Authorization', bearer(FILE_TOKEN)).set('X-Sim-Node', node);
  const last = () => t.cluster.journal.next - 1;

  it('one authentication on a cold node: message sent, cache miss, cache filled, token authenticated, reply delivered, REST request', async () => {
    const from = last();
    await authOn('node-2').expect(200);
    const events = (await since(from)).map((e) => e.event);
    expect(events).toEqual([
      { type: 'message.sent', node: 'node-2', kind: 'authenticate', id: expect.any(String) },
      { type: 'cache.miss', node: 'node-2', cache: 'file', key: 'elastic/fleet-server/token1' },
      { type: 'cache.filled', node: 'node-2', cache: 'file', key: 'elastic/fleet-server/token1' },
      { type: 'token.authenticated', node: 'node-2', token: 'elastic/fleet-server/token1', result: 'success', file: 'miss' },
      { type: 'message.delivered', node: 'node-2', kind: 'authenticate', id: events[0]?.id, ok: true },
      { type: 'rest.request', method: 'GET', path: '/_security/_authenticate', status: 200, node: 'node-2' },
    ]);
  });

  it('the next authentication of the same token on that node is a cache hit', async () => {
    await authOn('node-1').expect(200);
    const from = last();
    await authOn('node-1').expect(200);
    const types = (await since(from)).map((e) => e.event.type);
    expect(types).toEqual(['message.sent', 'cache.hit', 'token.authenticated', 'message.delivered', 'rest.request']);
  });

  it('a failed verification is a miss whose entry is removed as failed, never filled', async () => {
    const from = last();
    await t.http.get('/_security/_authenticate').set('Authorization', bearer('AAEAAWVsYXN0aWMvZmxlZXQtc2VydmVyL3Rva2VuMTozYUpDTGFRV1JOMnNYbE9kdHhBMFNR')).set('X-Sim-Node', 'node-1').expect(401);
    const fileEvents = (await since(from)).map((e) => e.event).filter((e) => e.cache === 'file');
    expect(fileEvents).toEqual([
      { type: 'cache.miss', node: 'node-1', cache: 'file', key: 'elastic/fleet-server/token1' },
      { type: 'cache.removed', node: 'node-1', cache: 'file', key: 'elastic/fleet-server/token1', reason: 'failed' },
    ]);
  });

  it('a verification that a clear overtook is never journaled as filled (it is not in the cache)', async () => {
    const token = (await su(t.http.post('/_security/service/elastic/fleet-server/credential/token/overtaken'))).body.token.value as string;
    await su(t.http.put('/_sim/faults/slow')).send({ type: 'delay', nodes: ['node-1'], messages: ['token-lookup'], direction: 'replies', ms: 1_000 }).expect(200);
    const from = last();
    const pending = t.http.get('/_security/_authenticate').set('Authorization', bearer(token)).set('X-Sim-Node', 'node-1').then((r) => r);
    await until(() => t.core('node-1').indexCache.size === 1);
    await su(t.http.post('/_security/service/elastic/fleet-server/credential/token/overtaken/_clear_cache')).expect(200);
    t.clock.advance(1_000);
    expect((await pending).status).toBe(200); // the lookup answers its own request
    const index = (await since(from)).map((e) => e.event).filter((e) => e.cache === 'index').map((e) => `${e.type} ${String(e.reason ?? '')}`.trim());
    expect(index).toEqual(['cache.miss', 'cache.removed cleared']);
    expect(t.core('node-1').indexCache.size).toBe(0);
  });

  it('every REST request is journaled with its status and the node that authenticated it, but reading the journal is not', async () => {
    const from = last();
    await su(t.http.get('/_sim/events'));
    await su(t.http.get('/_nope'));
    await t.http.get('/');
    const requests = (await since(from)).map((e) => e.event);
    expect(requests).toEqual([
      { type: 'rest.request', method: 'GET', path: '/_nope', status: 400, node: 'coordinator' },
      { type: 'rest.request', method: 'GET', path: '/', status: 401, node: 'coordinator' },
    ]);
  });

  it('a clear shows each node\'s request and reply, numbered and timed on the cluster clock', async () => {
    t.clock.advance(1_500);
    const from = last();
    await su(t.http.post('/_security/service/elastic/fleet-server/credential/token/*/_clear_cache')).expect(200);
    const entries = await since(from);
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => from + 1 + i));
    expect(entries.every((e) => e.time_ms === 1_500)).toBe(true);
    const sent = entries.filter((e) => e.event.type === 'message.sent').map((e) => e.event.node);
    const delivered = entries.filter((e) => e.event.type === 'message.delivered').map((e) => e.event.node);
    expect(sent.sort()).toEqual(['node-1', 'node-2', 'node-3']);
    expect(delivered.sort()).toEqual(['node-1', 'node-2', 'node-3']);
  });

  it('a request no one answers is journaled as timed out, after the fan-out timeout', async () => {
    await su(t.http.put('/_sim/faults/p')).send({ type: 'partition', nodes: ['node-3'], messages: ['clear-cache'] }).expect(200);
    const from = last();
    const pending = su(t.http.post('/_security/service/elastic/fleet-server/credential/token/*/_clear_cache')).then((r) => r);
    await until(() => t.channel('node-3').inFlight === 1);
    t.clock.advance(10_000);
    await pending;
    const node3 = (await since(from)).map((e) => e.event).filter((e) => e.node === 'node-3').map((e) => e.type);
    expect(node3).toEqual(['message.sent', 'message.dropped', 'message.timed_out']);
  });
});

describe('the event stream (/_sim/events/stream)', () => {
  let t: TestCluster;
  let server: Server;
  let base: string;
  beforeEach(async () => {
    t = await startTestCluster();
    const app = buildApp({ cluster: t.cluster });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await t.stop();
  });

  /** Reads server-sent events until `count` have come; returns their ids and event types. */
  async function read(path: string, count: number, headers: Record<string, string> = {}, during?: () => Promise<unknown>): Promise<string[]> {
    const controller = new AbortController();
    const res = await fetch(`${base}${path}`, { headers: { Authorization: SUPERUSER_AUTH, ...headers }, signal: controller.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    void during?.();
    while ((text.match(/\n\n/g) ?? []).length < count) text += decoder.decode((await reader.read()).value);
    controller.abort();
    return text.split('\n\n').filter(Boolean).slice(0, count).map((message) => {
      const id = /^id: (\d+)$/m.exec(message)?.[1];
      const data = JSON.parse(/^data: (.*)$/m.exec(message)?.[1] ?? 'null') as Entry;
      expect(String(data.seq)).toBe(id);
      return `${id} ${data.event.type}`;
    });
  }

  it('replays what is still in the journal after ?since, then follows live', async () => {
    const from = t.cluster.journal.next - 1;
    await su(t).get('/_sim/faults').expect(200); // one rest.request to replay
    const authOnNode1 = () => request(base).get('/_security/_authenticate').set('Authorization', bearer(FILE_TOKEN)).set('X-Sim-Node', 'node-1').then((r) => r);
    const lines = await read(`/_sim/events/stream?since=${from}`, 4, {}, authOnNode1);
    expect(lines).toEqual([`${from + 1} rest.request`, `${from + 2} message.sent`, `${from + 3} cache.miss`, `${from + 4} cache.filled`]);
  });

  it('Last-Event-ID resumes after the last event the client saw', async () => {
    await su(t).get('/_sim/faults');
    await su(t).get('/_sim/faults');
    const last = t.cluster.journal.next - 1;
    expect(await read('/_sim/events/stream', 1, { 'Last-Event-ID': String(last - 1) })).toEqual([`${last} rest.request`]);
  });

  it('a bad since is a 400 that says what is allowed', async () => {
    const res = await su(t).get('/_sim/events/stream?since=abc');
    expect(res.status).toBe(400);
    expect(res.body.error.reason).toBe('[since] must be a non-negative integer, got [abc]');
  });

  const su = (c: TestCluster) => ({ get: (path: string) => c.http.get(path).set('Authorization', SUPERUSER_AUTH) });
});
