/**
 * Filtering the journal: `type` (comma list, `cache.*` prefixes), `node` (name or id) and
 * `token` (name or cache key) on /_sim/events and its stream, and a reader of the stream
 * that stops reading is cut off at a bounded buffer instead of growing the coordinator.
 */
import { connect, type Socket } from 'node:net';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../src/http/app';
import { SSE_MAX_BUFFERED_BYTES, SSE_MAX_READERS } from '../../src/http/routes/sim-events';
import { waitUntil } from '../support/processes';
import { bearer, FILE_TOKEN, startTestCluster, SUPERUSER_AUTH, type TestCluster } from '../support/in-process';

type Entry = { seq: number; event: { type: string; [k: string]: unknown } };

describe('journal filters (GET /_sim/events)', () => {
  let t: TestCluster;
  beforeEach(async () => {
    t = await startTestCluster();
  });
  afterEach(() => t.stop());

  const su = (path: string) => t.http.get(path).set('Authorization', SUPERUSER_AUTH);
  const events = async (query: string): Promise<Entry['event'][]> => ((await su(`/_sim/events?${query}`).expect(200)).body.events as Entry[]).map((e) => e.event);
  const authOn = (node: string) => t.http.get('/_security/_authenticate').set('Authorization', bearer(FILE_TOKEN)).set('X-Sim-Node', node).expect(200);

  it('type takes a comma list of types and prefixes like cache.*', async () => {
    await authOn('node-2');
    const types = (await events('type=cache.*,rest.request')).map((e) => e.type);
    expect(types).toEqual(['cache.miss', 'cache.filled', 'rest.request']);
  });

  it('node takes a node name or its id; events of no node are left out', async () => {
    await authOn('node-1');
    await authOn('node-2');
    const id = t.cluster.requireNode('node-2').info.id;
    const byName = await events('node=node-2&type=token.authenticated');
    expect(byName).toEqual([expect.objectContaining({ node: 'node-2', token: 'elastic/fleet-server/token1' })]);
    expect(await events(`node=${id}&type=token.authenticated`)).toEqual(byName);
  });

  it('token takes a token name or its cache key, and keeps the clears that reached it', async () => {
    await authOn('node-1');
    await t.http.post('/_security/service/elastic/fleet-server/credential/token/token1/_clear_cache').set('Authorization', SUPERUSER_AUTH).expect(200);
    await t.http.post('/_security/service/elastic/kibana/credential/token/other/_clear_cache').set('Authorization', SUPERUSER_AUTH).expect(200);
    const byKey = (await events('token=elastic/fleet-server/token1&node=node-1')).map((e) => e.type);
    expect(byKey).toEqual(['cache.miss', 'cache.filled', 'token.authenticated', 'cache.removed', 'cache.cleared']);
    expect((await events('token=token1&node=node-1')).map((e) => e.type)).toEqual(byKey);
  });

  it('a filtered page continues after the last event it looked at', async () => {
    await authOn('node-1');
    const page = (await su('/_sim/events?type=fault.added').expect(200)).body;
    expect(page.events).toEqual([]);
    expect(page.next_since).toBe(t.cluster.journal.next - 1);
  });

  it('limit=0 answers where the journal ends, whatever since says: where a reader that starts now continues', async () => {
    await authOn('node-1');
    await authOn('node-2');
    const newest = t.cluster.journal.next - 1;
    for (const query of ['limit=0', 'limit=0&since=0', 'limit=0&since=3&type=fault.added']) {
      expect((await su(`/_sim/events?${query}`).expect(200)).body).toEqual({ events: [], next_since: newest, oldest_seq: 1 });
    }
  });

  it('a type that matches nothing, or an unknown node, is an error that says what is allowed', async () => {
    const bad = await su('/_sim/events?type=cache.hat').expect(400);
    expect(bad.body.error.reason).toMatch(/^\[type\] pattern \[cache.hat\] matches no event type; types: node.up, /);
    const unknown = await su('/_sim/events?node=node-9').expect(404);
    expect(unknown.body.error.reason).toBe('no node with name or id [node-9] in this cluster; known nodes: [node-1, node-2, node-3]');
  });
});

describe('the event stream with filters, and a reader that stops reading', () => {
  let t: TestCluster;
  let server: Server;
  let port: number;
  const sockets: Socket[] = [];
  beforeEach(async () => {
    t = await startTestCluster();
    server = await new Promise<Server>((resolve) => {
      const s = buildApp({ cluster: t.cluster }).listen(0, '127.0.0.1', () => resolve(s));
    });
    server.on('connection', (s) => sockets.push(s));
    port = (server.address() as AddressInfo).port;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    sockets.length = 0;
    await t.stop();
  });

  /** A raw client: sends the request, waits for the headers, then never reads again. */
  async function stalledReader(path: string): Promise<Socket> {
    const client = connect(port, '127.0.0.1');
    client.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: ${SUPERUSER_AUTH}\r\n\r\n`);
    await new Promise((r) => client.once('data', r));
    client.pause();
    return client;
  }

  it('filters the stream like the page', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/_sim/events/stream?type=token.*`, { headers: { Authorization: SUPERUSER_AUTH } });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await t.http.get('/_security/_authenticate').set('Authorization', bearer(FILE_TOKEN)).set('X-Sim-Node', 'node-3').expect(200);
    const { value } = await reader.read();
    await reader.cancel();
    const data = JSON.parse(/^data: (.*)$/m.exec(new TextDecoder().decode(value))?.[1] ?? 'null') as Entry;
    expect(data.event).toMatchObject({ type: 'token.authenticated', node: 'node-3' });
  });

  it('a stalled reader is disconnected once its buffer passes the bound, and the buffer never grows past it', async () => {
    const client = await stalledReader('/_sim/events/stream');
    const serverSide = sockets[sockets.length - 1] as Socket;
    let maxBuffered = 0;
    t.cluster.events.on('event', () => {
      maxBuffered = Math.max(maxBuffered, serverSide.writableLength);
    });
    const closed = new Promise((r) => serverSide.once('close', r));
    const padding = 'x'.repeat(1000);
    // ~50 MB of events: far beyond what the kernel's socket buffers take for a reader that does not read.
    for (let i = 0; i < 50_000 && !serverSide.destroyed; i++) t.cluster.emit({ type: 'file.reloaded', node: 'node-1', changed: false, tokens: 0, parseError: padding });
    await closed;
    expect(serverSide.destroyed).toBe(true);
    expect(maxBuffered).toBeLessThanOrEqual(SSE_MAX_BUFFERED_BYTES + 2_000);
    expect(maxBuffered).toBeGreaterThan(0);
    client.destroy();
  });

  it(`at most ${SSE_MAX_READERS} readers follow at once: one more is a 429, and a reader that leaves frees its place`, async () => {
    const readers = await Promise.all(Array.from({ length: SSE_MAX_READERS }, () => stalledReader('/_sim/events/stream?type=fault.*')));
    const refused = await fetch(`http://127.0.0.1:${port}/_sim/events/stream`, { headers: { Authorization: SUPERUSER_AUTH } });
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { type: string; reason: string } }).error).toMatchObject({
      type: 'es_rejected_execution_exception',
      reason: `rejected execution of [events/stream]: [${SSE_MAX_READERS}] readers are already following the journal; close one, or read pages with GET /_sim/events`,
    });
    (readers[0] as Socket).destroy();
    await waitUntil('the place it held is free', async () => {
      const res = await fetch(`http://127.0.0.1:${port}/_sim/events/stream`, { headers: { Authorization: SUPERUSER_AUTH } });
      await res.body?.cancel();
      return res.status === 200;
    });
    for (const r of readers) r.destroy();
  });

  it(`${SSE_MAX_READERS + 6} readers asking at once: exactly ${SSE_MAX_READERS} follow, the rest get the 429`, async () => {
    const asked = await Promise.all(
      Array.from({ length: SSE_MAX_READERS + 6 }, async () => {
        const client = connect(port, '127.0.0.1');
        client.write(`GET /_sim/events/stream?type=fault.* HTTP/1.1\r\nHost: x\r\nAuthorization: ${SUPERUSER_AUTH}\r\n\r\n`);
        const first = await new Promise<Buffer>((r) => client.once('data', r));
        return { client, status: first.toString('latin1').split(' ')[1] };
      }),
    );
    expect(asked.filter((a) => a.status === '200')).toHaveLength(SSE_MAX_READERS);
    expect(asked.filter((a) => a.status === '429')).toHaveLength(6);
    for (const a of asked) a.client.destroy();
  });
});
