/**
 * Failure injection through /_sim/faults, and the teaching scenarios it exists for, on the
 * in-process cluster with a manual clock (deterministic: the clock moves only when told).
 */
import { SECURITY_INDEX_NOT_FOUND, startTestCluster, SUPERUSER_AUTH, until, type TestCluster } from '../support/in-process';

const TOKENS = '/_security/service/elastic/fleet-server/credential/token';
const CLEAR = (names: string) => `${TOKENS}/${names}/_clear_cache`;

describe('/_sim/faults', () => {
  let t: TestCluster;
  beforeEach(async () => {
    t = await startTestCluster();
  });
  afterEach(() => t.stop());
  const su = (r: ReturnType<TestCluster['http']['get']>) => r.set('Authorization', SUPERUSER_AUTH);
  const put = (id: string, body: object) => su(t.http.put(`/_sim/faults/${id}`)).send(body);

  it('a bad definition is a 400 that names the field and the allowed values', async () => {
    const res = await put('p1', { type: 'partition', nodes: ['node-7'] });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ type: 'illegal_argument_exception', reason: '[nodes] must be a list of [node-1, node-2, node-3], got [node-7]' });
    expect((await put('bad id!', { type: 'partition' })).body.error.reason).toBe('fault id [bad id!] must be 1 to 64 characters from [A-Za-z0-9_.-]');
  });

  it('turning a missing security index red is a 404 index_not_found_exception in Elasticsearch\'s shape', async () => {
    const res = await put('red', { type: 'security-index', action: 'red' });
    expect(res.status).toBe(404);
    expect(res.body.error).toEqual({ root_cause: [SECURITY_INDEX_NOT_FOUND], ...SECURITY_INDEX_NOT_FOUND });
  });

  it('faults are listed with their definition, healed one by one or all at once', async () => {
    await put('p1', { type: 'partition', nodes: ['node-2'], messages: ['clear-cache'] }).expect(200);
    await put('d1', { type: 'delay', ms: 100 }).expect(200);
    const list = await su(t.http.get('/_sim/faults'));
    expect(list.body.faults).toEqual([
      { id: 'p1', type: 'partition', direction: 'both', nodes: ['node-2'], messages: ['clear-cache'], applied_at_ms: 0 },
      { id: 'd1', type: 'delay', direction: 'both', delay: { distribution: 'fixed', ms: 100, jitter_ms: 0 }, nodes: [], messages: [], applied_at_ms: 0 },
    ]);
    expect((await su(t.http.delete('/_sim/faults/p1'))).body).toEqual({ acknowledged: true, healed: ['p1'] });
    expect((await su(t.http.delete('/_sim/faults/p1'))).status).toBe(404);
    expect((await su(t.http.delete('/_sim/faults'))).body).toEqual({ acknowledged: true, healed: ['d1'] });
    expect((await su(t.http.get('/_sim/faults'))).body).toEqual({ faults: [] });
  });

  it('a file fault\'s new content is counted, never shown, in the API and the journal', async () => {
    const content = 'elastic/fleet-server/plain:{noop}a-plain-text-secret\n';
    const added = await put('w', { type: 'file', nodes: ['node-1'], action: 'write', content }).expect(200);
    expect(added.body.fault).toEqual({ id: 'w', type: 'file', nodes: ['node-1'], action: 'write', content_chars: content.length, applied_at_ms: 0 });
    const everything = JSON.stringify((await su(t.http.get('/_sim/faults'))).body) + JSON.stringify((await su(t.http.get('/_sim/events'))).body);
    expect(everything).toContain(`"content_chars":${content.length}`);
    expect(everything).not.toContain('a-plain-text-secret');
  });

  it('an injected error comes back as that node\'s failure, with its type and reason', async () => {
    await put('e1', { type: 'error', nodes: ['node-1'], error: { type: 'circuit_breaking_exception', reason: '[parent] Data too large' } });
    const res = await su(t.http.post(CLEAR('*')));
    expect(res.body._nodes.failures).toEqual([
      expect.objectContaining({ node_id: t.cluster.requireNode('node-1').info.id, caused_by: { type: 'circuit_breaking_exception', reason: '[parent] Data too large' } }),
    ]);
  });

  it('a lost token lookup fails that authentication after the timeout and caches nothing: healed, the token works there at once', async () => {
    const token = (await su(t.http.post('/_security/service/elastic/fleet-server/credential/token/looked-up'))).body.token.value as string;
    await put('lost', { type: 'partition', nodes: ['node-1'], messages: ['token-lookup'] }).expect(200);
    const authOnNode1 = () => t.http.get('/_security/_authenticate').set('Authorization', `Bearer ${token}`).set('X-Sim-Node', 'node-1');
    const pending = authOnNode1().then((r) => r);
    await until(() => t.core('node-1').indexCache.size === 1); // the pending verification
    t.clock.advance(10_000);
    const failed = await pending;
    expect(failed.status).toBe(401);
    expect(failed.body.error).toMatchObject({ reason: 'error attempting to authenticate request', caused_by: { type: 'receive_timeout_transport_exception' } });
    expect(t.core('node-1').indexCache.size).toBe(0);
    expect(t.core('node-1').indexCache.stats().removed.failed).toBe(1);
    const lookupEvents = t.cluster.journal.since(0).map((e) => e.event).filter((e) => 'kind' in e && e.kind === 'token-lookup');
    expect(lookupEvents.map((e) => e.type)).toEqual(['message.dropped', 'message.timed_out']);
    await su(t.http.delete('/_sim/faults/lost')).expect(200);
    expect((await authOnNode1()).status).toBe(200);
  });

  it('every fault and what it did is in the journal', async () => {
    await put('p1', { type: 'partition', nodes: ['node-2'] });
    const pending = su(t.http.post(CLEAR('*'))).then((r) => r);
    await until(() => t.channel('node-2').inFlight === 1);
    t.clock.advance(10_000);
    await pending;
    const events = (await su(t.http.get('/_sim/events'))).body.events.map((e: { event: { type: string } }) => e.event.type);
    expect(events).toEqual(expect.arrayContaining(['fault.added', 'message.dropped', 'cache.cleared']));
  });
});

describe('teaching scenarios', () => {
  let t: TestCluster;
  beforeEach(async () => {
    t = await startTestCluster({ fanOutTimeoutMs: 10_000 });
  });
  afterEach(() => t.stop());
  const su = (r: ReturnType<TestCluster['http']['get']>) => r.set('Authorization', SUPERUSER_AUTH);
  const put = (id: string, body: object) => su(t.http.put(`/_sim/faults/${id}`)).send(body).expect(200);
  const authOn = (token: string, node: string) => t.http.get('/_security/_authenticate').set('Authorization', `Bearer ${token}`).set('X-Sim-Node', node);
  const statuses = async (token: string) => Promise.all(['node-1', 'node-2', 'node-3'].map(async (n) => (await authOn(token, n)).status));
  /** Sends a request that some node will not answer, moves the clock past the timeout, and returns the response. */
  const pastTimeout = async <T>(request: PromiseLike<T>, node: string): Promise<T> => {
    const pending = Promise.resolve(request);
    await until(() => t.channel(node).inFlight >= 1);
    t.clock.advance(10_000);
    return pending;
  };
  const newToken = async (name: string) => (await su(t.http.post(`${TOKENS}/${name}`))).body.token.value as string;

  /*
   * a. A partition between the coordinator and node-2 loses node-2's clear. The response says
   * so (still a 200, `_nodes.failed: 1`), and the token deleted afterwards keeps working on
   * node-2, whose copy of the delete's own clear was lost too, until the partition heals and
   * a new clear gets through. (README: Teaching scenarios, a.)
   */
  it('a. clear-cache during a partition: _nodes.failed 1; the partitioned node still accepts a deleted token until healed and cleared', async () => {
    const token = await newToken('partitioned');
    expect(await statuses(token)).toEqual([200, 200, 200]);
    await put('p', { type: 'partition', nodes: ['node-2'], messages: ['clear-cache'] });
    const cleared = await pastTimeout(su(t.http.post(CLEAR('partitioned'))), 'node-2');
    expect(cleared.body._nodes).toMatchObject({ total: 3, successful: 2, failed: 1 });
    expect(cleared.body._nodes.failures[0].caused_by.type).toBe('receive_timeout_transport_exception');
    // The delete's own clear is lost on node-2 too: it keeps accepting the token.
    const deleted = await pastTimeout(su(t.http.delete(`${TOKENS}/partitioned`)), 'node-2');
    expect(deleted.body).toEqual({ found: true });
    expect(await statuses(token)).toEqual([401, 200, 401]);
    await su(t.http.delete('/_sim/faults/p')).expect(200);
    expect((await su(t.http.post(CLEAR('partitioned')))).body._nodes.failed).toBe(0);
    expect(await statuses(token)).toEqual([401, 401, 401]);
  });

  /*
   * b. A delete answers {"found":true} whatever happened to its cache clear. node-3 lost it,
   * so it keeps accepting the deleted token from its cache until the entry expires 20 minutes
   * after it was written; then every node rejects it. (README: Teaching scenarios, b.)
   */
  it('b. a deleted index token keeps working on a node that missed the delete\'s cache clear, until the TTL', async () => {
    const token = await newToken('lingering');
    await statuses(token);
    await put('drop', { type: 'drop', nodes: ['node-3'], messages: ['clear-cache'] });
    await pastTimeout(su(t.http.delete(`${TOKENS}/lingering`)), 'node-3');
    await su(t.http.delete('/_sim/faults/drop'));
    expect(await statuses(token)).toEqual([401, 401, 200]);
    t.clock.advance(20 * 60 * 1000);
    expect(await statuses(token)).toEqual([401, 401, 401]);
    expect(t.core('node-3').indexCache.stats().removed.expired).toBe(1);
  });

  /*
   * c. An unparseable line written into node-1's service_tokens leaves node-1 with no file
   * tokens at all (a file that cannot be parsed means none, not "the lines before the bad
   * one"); the other nodes, with their own files, still accept the token. Healing writes the
   * file back and node-1 accepts it again. (README: Teaching scenarios, c.)
   */
  it('c. a corrupt service_tokens write on one node drops all its file tokens; fixing the file restores them', async () => {
    const FILE_TOKEN = 'AAEAAWVsYXN0aWMvZmxlZXQtc2VydmVyL3Rva2VuMTpyNXdkYmRib1FTZTl2R09Ld2FKR0F3';
    expect(await statuses(FILE_TOKEN)).toEqual([200, 200, 200]);
    await put('corrupt', { type: 'file', nodes: ['node-1'], action: 'corrupt' });
    expect((await authOn(FILE_TOKEN, 'node-1')).status).toBe(401);
    expect(await statuses(FILE_TOKEN)).toEqual([401, 200, 200]);
    await su(t.http.delete('/_sim/faults/corrupt')); // heals by restoring the file as it was
    expect(await statuses(FILE_TOKEN)).toEqual([200, 200, 200]);
  });

  /*
   * d. Every security-index state change travels to each node as a message. Going back from
   * red to green clears every node's index cache (`SecurityIndexManager`), except node-2's, whose state messages
   * are delayed: in between, node-2 answers from what it cached before the index went red
   * while the others ask the index again; when the late message arrives, node-2 clears too.
   * (README: Teaching scenarios, d.)
   */
  it('d. a red security index that recovers clears every index cache; a node whose state message is delayed serves stale results in between', async () => {
    const token = await newToken('red-green');
    expect(await statuses(token)).toEqual([200, 200, 200]);
    await put('slow-state', { type: 'delay', nodes: ['node-2'], messages: ['index-state'], ms: 5_000 });
    await put('index', { type: 'security-index', action: 'red' });
    await su(t.http.delete('/_sim/faults/index')); // heal: green again
    // node-1 and node-3 cleared their index caches at once; node-2 has not heard yet.
    expect(t.core('node-1').indexCache.size).toBe(0);
    expect(t.core('node-2').indexCache.size).toBe(1);
    // In between, node-2 answers from what it cached before the index went red; the others ask the index again.
    const from = t.cluster.journal.next - 1;
    expect(await statuses(token)).toEqual([200, 200, 200]);
    const indexCacheUse = () =>
      t.cluster.journal.since(from).flatMap(({ event: e }) => (e.type.startsWith('cache.') && 'cache' in e && e.cache === 'index' ? [`${e.node} ${e.type}`] : []));
    expect(indexCacheUse().sort()).toEqual(['node-1 cache.filled', 'node-1 cache.miss', 'node-2 cache.hit', 'node-3 cache.filled', 'node-3 cache.miss']);
    t.clock.advance(5_000);
    await until(() => t.core('node-2').indexCache.size === 0);
    expect(t.core('node-2').indexCache.stats().removed['index-state']).toBe(1);
  });

  /*
   * e. A paused node (SIGSTOP for a real process) is connected but silent: a clear waits the
   * whole fan-out timeout for it, and the response names the node and the timeout. Resumed,
   * it answers again. (README: Teaching scenarios, e.)
   */
  it('e. a paused node makes the clear wait for the fan-out timeout, and the response says so', async () => {
    await put('pause', { type: 'pause', nodes: ['node-3'] });
    const listed = (await su(t.http.get('/_sim/nodes'))).body.nodes.map((n: { name: string; status: string }) => `${n.name} ${n.status}`);
    expect(listed).toEqual(['node-1 up', 'node-2 up', 'node-3 paused']);
    const res = await pastTimeout(su(t.http.post(CLEAR('*'))), 'node-3');
    expect(res.status).toBe(200);
    expect(res.body._nodes.failures[0].caused_by.reason).toMatch(/^\[node-3\]\[127\.0\.0\.1:9303\]\[cluster:admin\/xpack\/security\/cache\/clear\[n\]\] request_id \[\d+\] timed out after \[10000ms\]$/);
    await su(t.http.delete('/_sim/faults/pause'));
    expect((await su(t.http.post(CLEAR('*')))).body._nodes.failed).toBe(0);
  });
});

describe('seeded replay', () => {
  it('the same seed and the same steps give the same journal, event for event', async () => {
    const run = async () => {
      const t = await startTestCluster({ seed: 1234 });
      await t.http.put('/_sim/faults/d').set('Authorization', SUPERUSER_AUTH).send({ type: 'drop', probability: 0.5, messages: ['clear-cache'] });
      for (let i = 0; i < 5; i++) {
        // Fault decisions are made as each message is sent; in-process replies are
        // microtasks, done after one turn. Then only the dropped ones are still waiting.
        const pending = t.cluster.fanOut({ type: 'clear-cache', cacheName: 'service', keys: ['elastic/fleet-server/'] });
        await new Promise((r) => setImmediate(r));
        t.clock.advance(10_000);
        await pending;
      }
      const journal = t.cluster.journal.since(0).map((e) => JSON.stringify(e));
      await t.stop();
      return journal;
    };
    const first = await run();
    expect(first.some((e) => e.includes('message.dropped'))).toBe(true);
    expect(first.some((e) => e.includes('"cache.cleared"'))).toBe(true);
    expect(await run()).toEqual(first);
  });
});
