/**
 * The dashboard's revoked-token alarm and `npm run check` read one journal with one reducer
 * (src/check/journal-view.ts) and tell it in one sentence (src/check/stale-sentence.ts):
 * for a journal of the in-process cluster, the alarm on the page and the checker's line are
 * the same string.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createCluster, type SimCluster } from 'es-token-cache-sim';
import { runCheckCli } from '../../src/check/check-cli';
import { checkJournal } from '../../src/check/check-journal';
import { alarmText, initialState, reduceAll } from '../../src/ui/reducer';

const TOKENS = '/_security/service/elastic/fleet-server/credential/token';
const NODES = ['node-1', 'node-2', 'node-3'];
const SUPERUSER_AUTH = `Basic ${Buffer.from('elastic:changeme').toString('base64')}`;
const FILE_TOKEN = 'AAEAAWVsYXN0aWMvZmxlZXQtc2VydmVyL3Rva2VuMTpyNXdkYmRib1FTZTl2R09Ld2FKR0F3';

describe('the dashboard alarm and the staleness checker: one sentence', () => {
  let sim: SimCluster;
  let http: ReturnType<typeof request>;
  let dir: string;
  beforeEach(async () => {
    sim = await createCluster({ nodes: 3, seed: 42, tokenCacheTtlMs: 30_000, fanOutTimeoutMs: 3000 });
    http = request(sim.app);
    dir = mkdtempSync(path.join(os.tmpdir(), 'alarm-'));
  });
  afterEach(async () => {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const authOn = (node: string, token: string) =>
    http.get('/_security/_authenticate').set('Authorization', `Bearer ${token}`).set('X-Sim-Node', node).then((r) => r.status);

  it('a dropped clear: the alarm on node-3 is the line npm run check prints for it', async () => {
    const token = (await http.post(`${TOKENS}/lesson`).set('Authorization', SUPERUSER_AUTH)).body.token.value as string;
    for (const n of NODES) expect(await authOn(n, token)).toBe(200);
    sim.advance(1000);
    await sim.faults.add('drop-1', { type: 'drop', nodes: ['node-3'], messages: ['clear-cache'] });
    const dropped = sim.nextEvent('message.dropped');
    const deleting = http.delete(`${TOKENS}/lesson`).set('Authorization', SUPERUSER_AUTH).then((r) => r);
    await dropped;
    sim.advance(3000);
    await deleting;
    expect(await authOn('node-3', token)).toBe(200);
    const journal = sim.journal.since(0);

    const page = reduceAll(initialState(), journal);
    const onCard = page.nodes['node-3']!.alarms.map((a) => alarmText(page, a));
    expect(onCard).toEqual([
      'node-3 accepted elastic/fleet-server/lesson 3000 ms after its deletion from the security index (clear-cache message dropped by fault [drop-1]; clear-cache message timed out after 3000 ms), so it stays valid there until its cache entry expires, 29000 ms after the revocation.',
    ]);
    expect(checkJournal(journal).accepted.map((a) => a.sentence)).toEqual(onCard);
    const file = path.join(dir, 'run.jsonl');
    writeFileSync(file, journal.map((e) => JSON.stringify(e)).join('\n'));
    let out = '';
    expect(await runCheckCli([file], { stdout: (s) => (out += s), stderr: () => undefined })).toBe(0);
    expect(out.split('\n')).toContain(`ACCEPTED ${onCard[0]}`);
  });

  it('a token removed from a node\'s own file and accepted there anyway raises the alarm on that node', async () => {
    expect(await authOn('node-1', FILE_TOKEN)).toBe(200);
    await sim.faults.add('blind', { type: 'watcher-blind', nodes: ['node-1'] });
    sim.advance(100);
    await sim.cluster.writeServiceTokens('node-1', '');
    sim.advance(200);
    expect(await authOn('node-1', FILE_TOKEN)).toBe(200);
    const journal = sim.journal.since(0);
    const page = reduceAll(initialState(), journal);
    expect(page.alarms.map((a) => [a.node, alarmText(page, a)])).toEqual([
      ['node-1', "node-1 accepted elastic/fleet-server/token1 200 ms after it was removed from node-1's service_tokens file (watcher missed the file change), so it stays valid there until node-1 reloads its file or restarts."],
    ]);
    expect(checkJournal(journal).accepted.map((a) => a.sentence)).toEqual([alarmText(page, page.alarms[0]!)]);
  });
});
