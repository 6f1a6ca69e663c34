/**
 * Faults act on the real thing: with every node a real child process, a `pause` fault
 * really SIGSTOPs the process (the OS says so), a `file` fault really rewrites the node's
 * `service_tokens` on disk (and the node's real watcher reacts), and a `kill` fault really
 * kills it. Healing undoes each of them for real.
 *
 * Each test gets its own cluster and data dir, stopped and removed in afterEach even when
 * the test fails, and afterEach checks that no node process outlives the cluster.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { Cluster } from '../../src/coordinator/cluster';
import { startCoordinator } from '../../src/coordinator/start-coordinator';
import { buildApp } from '../../src/http/app';
import type { SimEvent } from '../../src/observe/events';
import { bearer, FILE_TOKEN, fileChangedOn, SUPERUSER_AUTH, waitForEvent } from '../support/in-process';
import { alive } from '../support/processes';

const CLEAR = '/_security/service/elastic/fleet-server/credential/token/*/_clear_cache';
const FAN_OUT_TIMEOUT_MS = 1_500;
/** Bound of every wait for the OS or a watcher; generous, never a timing assertion. */
const WAIT_MS = 10_000;


/** The process state letter as the OS reports it (`T` = stopped by a signal). */
function processState(pid: number): string {
  if (process.platform === 'linux') {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) S ...": comm may contain spaces and parentheses, so split after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] as string;
  }
  return execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim().charAt(0);
}

/** Polls `condition` until it holds; throws (with `what`) after `timeoutMs`. */
async function waitUntil(what: string, condition: () => boolean, timeoutMs = WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not true within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('faults on real node processes', () => {
  let cluster: Cluster | undefined;
  let dataDir: string | undefined;
  /** Every node pid seen during the test, restarted ones included. */
  const pids = new Set<number>();
  const trackPids = () => cluster?.nodes().forEach((n) => n.pid !== null && pids.add(n.pid));

  async function startCluster(nodes: number): Promise<{ cluster: Cluster; http: ReturnType<typeof request>; dataDir: string }> {
    dataDir = mkdtempSync(path.join(tmpdir(), 'sim-faults-'));
    cluster = await startCoordinator({ host: 'process', nodes, dataDir, fanOutTimeoutMs: FAN_OUT_TIMEOUT_MS });
    trackPids();
    return { cluster, http: request(buildApp({ cluster })), dataDir };
  }

  afterEach(async () => {
    try {
      trackPids();
      await cluster?.stop();
    } finally {
      if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
      cluster = undefined;
      dataDir = undefined;
    }
    const leftBehind = [...pids].filter(alive);
    pids.clear();
    expect(leftBehind).toEqual([]);
  });

  const addFault = (http: ReturnType<typeof request>, id: string, body: object) =>
    http.put(`/_sim/faults/${id}`).set('Authorization', SUPERUSER_AUTH).send(body).expect(200);
  const healFault = (http: ReturnType<typeof request>, id: string) =>
    http.delete(`/_sim/faults/${id}`).set('Authorization', SUPERUSER_AUTH).expect(200);
  const clear = (http: ReturnType<typeof request>) => http.post(CLEAR).set('Authorization', SUPERUSER_AUTH);

  it('pause SIGSTOPs node-2 for real (state T): a clear times out on it with receive_timeout_transport_exception; healed, it runs again and the next clear has no failure', async () => {
    const { cluster, http } = await startCluster(2);
    const node2 = cluster.requireNode('node-2');
    const pid = node2.pid as number;
    expect(processState(pid)).not.toBe('T');

    const added = await addFault(http, 'pause-2', { type: 'pause', nodes: ['node-2'] });
    expect(added.body).toMatchObject({ acknowledged: true, fault: { id: 'pause-2', type: 'pause', nodes: ['node-2'] } });
    await waitUntil(`node-2 (pid ${pid}) stopped`, () => processState(pid) === 'T');
    expect(node2.pid).toBe(pid); // paused, not replaced

    const partial = await clear(http);
    expect(partial.status).toBe(200);
    expect(partial.body._nodes).toMatchObject({ total: 2, successful: 1, failed: 1 });
    expect(partial.body._nodes.failures).toEqual([
      {
        type: 'failed_node_exception',
        reason: `Failed node [${node2.info.id}]`,
        node_id: node2.info.id,
        caused_by: {
          type: 'receive_timeout_transport_exception',
          reason: expect.stringMatching(
            new RegExp(`^\\[node-2\\]\\[127\\.0\\.0\\.1:9302\\]\\[.+\\] request_id \\[\\d+\\] timed out after \\[${FAN_OUT_TIMEOUT_MS}ms\\]$`),
          ),
        },
      },
    ]);
    expect(Object.values(partial.body.nodes)).toEqual([{ name: 'node-1' }]);
    expect(processState(pid)).toBe('T'); // still stopped: nothing resumed it behind our back

    await healFault(http, 'pause-2');
    await waitUntil(`node-2 (pid ${pid}) running again`, () => processState(pid) !== 'T');
    expect(node2.pid).toBe(pid); // the same process, resumed

    const full = await clear(http);
    expect(full.status).toBe(200);
    expect(full.body._nodes).toEqual({ total: 2, successful: 2, failed: 0 });
    expect(Object.values(full.body.nodes).map((n) => (n as { name: string }).name).sort()).toEqual(['node-1', 'node-2']);
  }, 30_000);

  it('file corrupt rewrites node-1\'s service_tokens on disk: node-1 rejects the file token, node-2 still accepts it; healed, the file is restored byte for byte and node-1 accepts it again', async () => {
    const { cluster, http, dataDir } = await startCluster(2);
    const file = path.join(dataDir, 'nodes', 'node-1', 'config', 'service_tokens');
    const node2File = path.join(dataDir, 'nodes', 'node-2', 'config', 'service_tokens');
    const original = readFileSync(file);
    const node2Original = readFileSync(node2File);
    const status = async (node: string) =>
      (await http.get('/_security/_authenticate').set('Authorization', bearer(FILE_TOKEN)).set('X-Sim-Node', node)).status;
    const authenticatedBy = async (node: string) =>
      (await http.get('/_security/_authenticate').set('Authorization', bearer(FILE_TOKEN)).set('X-Sim-Node', node)).headers['x-sim-node'];
    expect([await status('node-1'), await status('node-2')]).toEqual([200, 200]);

    // The non-atomic write may be seen first as an empty file, then as the corrupt one:
    // either way node-1's tokens changed (to none), and that is the event to wait for.
    const dropped = waitForEvent(cluster, (e: SimEvent) => fileChangedOn('node-1')(e) && e.type === 'file.reloaded' && e.tokens === 0, WAIT_MS);
    await addFault(http, 'corrupt-1', { type: 'file', nodes: ['node-1'], action: 'corrupt' });
    await dropped;

    const corrupted = readFileSync(file, 'utf8');
    expect(corrupted.startsWith(original.toString('utf8'))).toBe(true);
    const lines = corrupted.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(lines.some((l) => !l.includes(':'))).toBe(true); // a line no parser accepts
    expect(readFileSync(node2File).equals(node2Original)).toBe(true); // node-2's file untouched

    const rejected = await http.get('/_security/_authenticate').set('Authorization', bearer(FILE_TOKEN)).set('X-Sim-Node', 'node-1');
    expect(rejected.status).toBe(401);
    expect(rejected.headers['x-sim-node']).toBe('node-1');
    expect(await status('node-2')).toBe(200);
    expect(await authenticatedBy('node-2')).toBe('node-2');

    const restored = waitForEvent(cluster, (e: SimEvent) => fileChangedOn('node-1')(e) && e.type === 'file.reloaded' && e.tokens === 1, WAIT_MS);
    await healFault(http, 'corrupt-1');
    await restored;
    expect(readFileSync(file).equals(original)).toBe(true);

    const accepted = await http.get('/_security/_authenticate').set('Authorization', bearer(FILE_TOKEN)).set('X-Sim-Node', 'node-1');
    expect(accepted.status).toBe(200);
    expect(accepted.headers['x-sim-node']).toBe('node-1');
    expect(accepted.body).toMatchObject({ username: 'elastic/fleet-server', token: { name: 'token1', type: '_service_account_file' } });
  }, 30_000);

  it('kill leaves node-2\'s process really dead (ESRCH); healed, a new process runs as the same node id and answers', async () => {
    const { cluster, http } = await startCluster(2);
    const node2 = cluster.requireNode('node-2');
    const pid = node2.pid as number;
    const id = node2.info.id;
    expect(alive(pid)).toBe(true);

    await addFault(http, 'kill-2', { type: 'kill', nodes: ['node-2'] });
    let error: NodeJS.ErrnoException | undefined;
    try {
      process.kill(pid, 0);
    } catch (err) {
      error = err as NodeJS.ErrnoException;
    }
    expect(error?.code).toBe('ESRCH');
    const listed = await http.get('/_sim/nodes').set('Authorization', SUPERUSER_AUTH).expect(200);
    expect(listed.body.nodes.find((n: { name: string }) => n.name === 'node-2')).toMatchObject({ id, status: 'down' });

    const partial = await clear(http);
    expect(partial.status).toBe(200);
    expect(partial.body._nodes).toMatchObject({ total: 2, successful: 1, failed: 1 });
    expect(partial.body._nodes.failures[0]).toMatchObject({ node_id: id, caused_by: { type: 'node_not_connected_exception' } });

    await healFault(http, 'kill-2');
    trackPids();
    const newPid = node2.pid as number;
    expect(typeof newPid).toBe('number');
    expect(newPid).not.toBe(pid);
    expect(alive(newPid)).toBe(true);
    expect(node2.info.id).toBe(id);
    const relisted = await http.get('/_sim/nodes').set('Authorization', SUPERUSER_AUTH).expect(200);
    expect(relisted.body.nodes.find((n: { name: string }) => n.name === 'node-2')).toEqual({ id, name: 'node-2', pid: newPid, status: 'up' });

    const full = await clear(http);
    expect(full.body._nodes).toEqual({ total: 2, successful: 2, failed: 0 });
    expect(full.body.nodes[id]).toEqual({ name: 'node-2' });
    const auth = await http.get('/_security/_authenticate').set('Authorization', bearer(FILE_TOKEN)).set('X-Sim-Node', 'node-2');
    expect(auth.status).toBe(200);
    expect(auth.headers['x-sim-node']).toBe('node-2');
  }, 30_000);

  it('file corrupt then kill on node-2, healed all at once: 200, no fault left, node-2 runs again on its original bytes', async () => {
    const { cluster, http, dataDir } = await startCluster(2);
    const file = path.join(dataDir, 'nodes', 'node-2', 'config', 'service_tokens');
    const before = readFileSync(file);
    await addFault(http, 'c', { type: 'file', nodes: ['node-2'], action: 'corrupt' });
    await addFault(http, 'k', { type: 'kill', nodes: ['node-2'] });
    const healed = await http.delete('/_sim/faults').set('Authorization', SUPERUSER_AUTH);
    trackPids();
    expect(healed.status).toBe(200);
    expect(healed.body).toEqual({ acknowledged: true, healed: ['c', 'k'] });
    expect((await http.get('/_sim/faults').set('Authorization', SUPERUSER_AUTH)).body).toEqual({ faults: [] });
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(cluster.requireNode('node-2').status).toBe('up');
    expect(alive(cluster.requireNode('node-2').pid as number)).toBe(true);
    const auth = await http.get('/_security/_authenticate').set('Authorization', bearer(FILE_TOKEN)).set('X-Sim-Node', 'node-2');
    expect(auth.status).toBe(200);
  }, 30_000);
});
