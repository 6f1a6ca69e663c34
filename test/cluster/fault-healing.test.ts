/**
 * Healing is exact, whatever the combination and the order: on an in-process cluster with
 * real files in a temporary data dir, every node ends up with its `service_tokens`
 * byte-identical to before the faults, up and running, and no fault is left listed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { Cluster } from '../../src/coordinator/cluster';
import { startCoordinator } from '../../src/coordinator/start-coordinator';
import { buildApp } from '../../src/http/app';
import { SeededRandom } from '../../src/sim/random';
import type { FaultSpec } from '../../src/faults';
import { SUPERUSER_AUTH, until } from '../support/in-process';

const ORIGINAL = 'elastic/fleet-server/token1:{PBKDF2_STRETCH}10000$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2g=\n# no trailing newline next';

/** The node faults a heal must undo, each applied to node-1. */
const NODE_FAULTS: Record<string, FaultSpec> = {
  kill: { type: 'kill', nodes: ['node-1'] },
  pause: { type: 'pause', nodes: ['node-1'] },
  blind: { type: 'watcher-blind', nodes: ['node-1'] },
  write: { type: 'file', nodes: ['node-1'], action: 'write', content: 'elastic/fleet-server/other:{noop}x\n' },
  corrupt: { type: 'file', nodes: ['node-1'], action: 'corrupt' },
  truncate: { type: 'file', nodes: ['node-1'], action: 'truncate' },
  delete: { type: 'file', nodes: ['node-1'], action: 'delete' },
  touch: { type: 'file', nodes: ['node-1'], action: 'touch' },
};

describe('healing faults is exact', () => {
  let cluster: Cluster;
  let dataDir: string;
  let http: ReturnType<typeof request>;
  const file = (node: string) => path.join(dataDir, 'nodes', node, 'config', 'service_tokens');
  const su = <T extends { set: (k: string, v: string) => T }>(r: T) => r.set('Authorization', SUPERUSER_AUTH);

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'sim-heal-'));
    cluster = await startCoordinator({ host: 'in-process', clock: 'manual', nodes: 2, dataDir, seed: 7 });
    http = request(buildApp({ cluster }));
    writeFileSync(file('node-1'), ORIGINAL);
  });
  afterEach(async () => {
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const node1 = () => cluster.requireNode('node-1');
  const expectRestored = () => {
    expect(readFileSync(file('node-1'), 'utf8')).toBe(ORIGINAL);
    expect(cluster.faults.list()).toEqual([]);
    expect(cluster.nodes().map((n) => n.displayStatus)).toEqual(['up', 'up']);
  };

  it('two file faults on one node healed in the other order leave the file byte-identical', async () => {
    await cluster.faults.add('w', NODE_FAULTS.write as FaultSpec);
    await cluster.faults.add('c', NODE_FAULTS.corrupt as FaultSpec);
    await cluster.faults.heal('w');
    // What remains is a corrupt fault alone: the original bytes plus the corrupt line.
    expect(readFileSync(file('node-1'), 'utf8')).toBe(`${ORIGINAL}\nthis line is corrupt and has no colon\n`);
    await cluster.faults.heal('c');
    expectRestored();
  });

  it('kill and file corrupt on one node, then DELETE /_sim/faults: 200, nothing left listed, the node up on its original file', async () => {
    await su(http.put('/_sim/faults/c')).send({ type: 'file', nodes: ['node-1'], action: 'corrupt' }).expect(200);
    await su(http.put('/_sim/faults/k')).send({ type: 'kill', nodes: ['node-1'] }).expect(200);
    const res = await su(http.delete('/_sim/faults'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ acknowledged: true, healed: ['c', 'k'] });
    expectRestored();
  });

  it('a node stays down while a kill fault on it remains, and paused while a pause remains', async () => {
    await cluster.faults.add('k1', NODE_FAULTS.kill as FaultSpec);
    await cluster.faults.add('k2', NODE_FAULTS.kill as FaultSpec);
    await cluster.faults.add('p', NODE_FAULTS.pause as FaultSpec);
    await cluster.faults.heal('k1');
    expect(node1().displayStatus).toBe('down');
    await cluster.faults.heal('k2');
    expect(node1().displayStatus).toBe('paused');
    await cluster.faults.heal('p');
    expectRestored();
  });

  it('every pair and a seeded sample of triples of node faults, healed one by one in every order or all at once, restore the node exactly', async () => {
    const names = Object.keys(NODE_FAULTS);
    const cases: string[][] = [];
    for (const a of names) for (const b of names) cases.push([a, b]);
    const random = new SeededRandom(2024);
    const pick = () => names[Math.floor(random.next() * names.length)] as string;
    for (let i = 0; i < 40; i++) cases.push([pick(), pick(), pick()]);
    for (const [n, faults] of cases.entries()) {
      const ids = faults.map((f, i) => `${f}-${i}`);
      for (const [i, id] of ids.entries()) await cluster.faults.add(id, NODE_FAULTS[faults[i] as string] as FaultSpec);
      const how = n % 3;
      if (how === 0) await cluster.faults.healAll();
      else {
        const order = how === 1 ? [...ids] : shuffle(ids, random);
        for (const id of order) {
          // A node cannot start on a file a remaining corrupt fault wrote: that heal says so, and a later heal starts it.
          const error = await cluster.faults.heal(id).then(() => undefined, (e: Error) => e.message);
          const left = cluster.faults.list().map((f) => f.spec);
          const corrupt = left.some((f) => f.type === 'file' && f.action === 'corrupt');
          const expected = left.some((f) => f.type === 'kill') ? 'down' : error !== undefined && corrupt ? 'down' : left.some((f) => f.type === 'pause') ? 'paused' : 'up';
          expect([faults, order, id, error === undefined || /did not start/.test(error), node1().displayStatus]).toEqual([faults, order, id, true, expected]);
        }
      }
      expect([faults, readFileSync(file('node-1'), 'utf8')]).toEqual([faults, ORIGINAL]);
      expectRestored();
    }
  }, 60_000);

  it('heal-all always finishes: a node that cannot start is reported in ES shape, the others are healed, no fault is left listed', async () => {
    await cluster.faults.add('k1', NODE_FAULTS.kill as FaultSpec);
    await cluster.faults.add('k2', { type: 'kill', nodes: ['node-2'] });
    writeFileSync(file('node-1'), 'edited by hand while the node was down, and unparseable\n');
    const res = await su(http.delete('/_sim/faults'));
    expect(res.status).toBe(500);
    expect(res.body.error).toMatchObject({
      type: 'exception',
      reason: expect.stringMatching(/^healed faults \[k1, k2\], but a node did not start: \[node-1\]: failed to parse service tokens file .*; fix the cause, then start it with POST \/_sim\/nodes\/\{node\}\/_start$/),
      healed: ['k1', 'k2'],
      failed_nodes: ['node-1'],
    });
    expect(cluster.faults.list()).toEqual([]);
    expect(cluster.nodes().map((n) => n.displayStatus)).toEqual(['down', 'up']);
  });

  it('a restart fault happens at once and is over: journaled as added and healed, never listed', async () => {
    const res = await su(http.put('/_sim/faults/r')).send({ type: 'restart', nodes: ['node-1'] }).expect(200);
    expect(res.body.fault).toMatchObject({ id: 'r', type: 'restart', nodes: ['node-1'] });
    expect((await su(http.get('/_sim/faults'))).body).toEqual({ faults: [] });
    const types = cluster.journal.since(0).map((e) => e.event.type);
    expect(types.filter((t) => t.startsWith('fault.') || t.startsWith('node.'))).toEqual(
      expect.arrayContaining(['node.down', 'node.up', 'fault.added', 'fault.healed']),
    );
    expect(node1().displayStatus).toBe('up');
  });

  it('a restart of a node a kill fault keeps down leaves it down', async () => {
    await cluster.faults.add('k', NODE_FAULTS.kill as FaultSpec);
    await cluster.faults.add('r', { type: 'restart', nodes: ['node-1'] });
    expect(node1().displayStatus).toBe('down');
    await cluster.faults.heal('k');
    expectRestored();
  });

  it('a restart of a node a file fault made unparseable answers 500 naming it, the other node restarts; the first starts again when that fault is healed', async () => {
    await cluster.faults.add('c', NODE_FAULTS.corrupt as FaultSpec);
    const res = await su(http.put('/_sim/faults/r')).send({ type: 'restart', nodes: ['node-1', 'node-2'] });
    expect(res.status).toBe(500);
    expect(res.body.error).toMatchObject({ type: 'exception', reason: expect.stringMatching(/^a node did not start: \[node-1\]: failed to parse service tokens file /) });
    expect(res.body.error.failed_nodes).toEqual(['node-1']);
    expect(node1().displayStatus).toBe('down');
    expect(cluster.requireNode('node-2').displayStatus).toBe('up');
    expect(cluster.journal.since(0).filter((e) => e.event.type === 'node.down' && e.event.node === 'node-2')).toHaveLength(1);
    expect(cluster.faults.list().map((f) => f.id)).toEqual(['c']);
    await cluster.faults.heal('c');
    expectRestored();
  });

  it('a token-lookup partition reaches the client as the 401 of a failed security index GET, not as an authenticate timeout', async () => {
    const created = await su(http.post('/_security/service/elastic/fleet-server/credential/token/looked-up'));
    const token = created.body.token.value as string;
    await cluster.faults.add('lost', { type: 'partition', direction: 'both', nodes: ['node-1'], messages: ['token-lookup'] });
    const pending = http.get('/_security/_authenticate').set('Authorization', `Bearer ${token}`).set('X-Sim-Node', 'node-1').then((r) => r);
    await until(() => cluster.journal.since(0).some((e) => e.event.type === 'message.dropped'));
    cluster.advance(cluster.config.fanOutTimeoutMs);
    const res = await pending;
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({
      type: 'security_exception',
      reason: 'error attempting to authenticate request',
      caused_by: {
        type: 'receive_timeout_transport_exception',
        reason: expect.stringMatching(/^\[coordinator\]\[127\.0\.0\.1:9300\]\[indices:data\/read\/get\[s\]\] request_id \[\d+\] timed out after \[\d+ms\]$/),
      },
    });
  });
});

function shuffle<T>(items: readonly T[], random: SeededRandom): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
