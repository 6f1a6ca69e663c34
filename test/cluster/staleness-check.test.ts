/**
 * The staleness checker over journals of the in-process cluster: revocations found, each
 * node's windows measured from the commit with their cause and bound, violations reported
 * (a planted bug), and journals of today's events read as well as older ones.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cacheHash, decodeBearer } from '../../src/accounts';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../src/http/app';
import { runCheckCli } from '../../src/check/check-cli';
import { checkJournal } from '../../src/check/check-journal';
import type { JournalEntry } from '../../src/observe/journal';
import { parseFaultSpec } from '../../src/faults';
import { startTestCluster, SUPERUSER_AUTH, until, type TestCluster } from '../support/in-process';

const TOKENS = '/_security/service/elastic/fleet-server/credential/token';
const TTL = 30_000;

describe('staleness checker', () => {
  let t: TestCluster;
  let dir: string;
  beforeEach(async () => {
    t = await startTestCluster({ tokenCacheTtlMs: TTL, fanOutTimeoutMs: 3000 });
    dir = mkdtempSync(path.join(os.tmpdir(), 'check-'));
  });
  afterEach(async () => {
    await t.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const su = <R extends { set(k: string, v: string): R }>(r: R) => r.set('Authorization', SUPERUSER_AUTH);
  const create = async (name: string) => (await su(t.http.post(`${TOKENS}/${name}`))).body.token.value as string;
  const authOn = (node: string, token: string) =>
    t.http.get('/_security/_authenticate').set('Authorization', `Bearer ${token}`).set('X-Sim-Node', node).then((r) => r.status);
  const authEverywhere = async (token: string) => {
    const out: number[] = [];
    for (const n of ['node-1', 'node-2', 'node-3']) out.push(await authOn(n, token));
    return out;
  };
  const journal = (): JournalEntry[] => t.cluster.journal.since(0);
  const cli = async (argv: string[]) => {
    let out = '';
    let err = '';
    const code = await runCheckCli(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
    return { code, out, err };
  };

  it('a deletion whose clears all arrived: every node stops accepting at the commit, no violation', async () => {
    const token = await create('clean');
    expect(await authEverywhere(token)).toEqual([200, 200, 200]);
    await su(t.http.delete(`${TOKENS}/clean`)).expect(200);
    expect(await authEverywhere(token)).toEqual([401, 401, 401]);
    const report = checkJournal(journal());
    expect(report.revocations).toEqual([expect.objectContaining({ kind: 'delete-index-token', token: 'elastic/fleet-server/clean', approximate_commit: false, reported_success: true })]);
    expect(report.windows.map((w) => [w.node, w.convergenceMs, w.exposureMs, w.boundMs])).toEqual([
      ['node-1', 0, null, TTL],
      ['node-2', 0, null, TTL],
      ['node-3', 0, null, TTL],
    ]);
    expect(report.counts).toMatchObject({ revocations: 1, stale: 0, violations: 0 });
  });

  it('a dropped clear leaves one node accepting until its entry expires: the window, its cause and its bound', async () => {
    const token = await create('lesson-b');
    await authEverywhere(token);
    t.clock.advance(1000); // the entries were filled at 0; the commit is at 1000
    await t.cluster.faults.add('drop-1', parseFaultSpec({ type: 'drop', nodes: ['node-3'], messages: ['clear-cache'] }, ['node-1', 'node-2', 'node-3']));
    const deleting = su(t.http.delete(`${TOKENS}/lesson-b`)).then((r) => r);
    await until(() => journal().some((e) => e.event.type === 'message.dropped'));
    t.clock.advance(3000);
    await deleting;
    await t.cluster.faults.heal('drop-1');
    t.clock.advance(1000);
    expect(await authEverywhere(token)).toEqual([401, 401, 200]);
    t.clock.advance(TTL);
    expect(await authEverywhere(token)).toEqual([401, 401, 401]);

    const report = checkJournal(journal());
    const node3 = report.windows.find((w) => w.node === 'node-3')!;
    expect(node3).toMatchObject({ exposureMs: 4000, convergenceMs: TTL - 1000, boundMs: TTL - 1000, how: 'cache entry expired (TTL)' });
    expect(node3.causes).toEqual(['clear-cache message dropped by fault [drop-1]', 'clear-cache message timed out after 3000 ms']);
    expect(report.revocations[0]!.reported_success).toBe(false);
    expect(report.counts).toMatchObject({ stale: 1, violations: 0, max_exposure_ms: 4000 });
  });

  it('a planted bug — a cache that re-fills after removal — is reported as a violation with the events that prove it', async () => {
    const token = await create('refill');
    await authEverywhere(token);
    await su(t.http.delete(`${TOKENS}/refill`)).expect(200);
    // The bug: the entry is back, with the right secret, after the clear removed it.
    const secret = decodeBearer(token)!.secret;
    t.core('node-2').indexCache.insert('elastic/fleet-server/refill', { hash: cacheHash(secret), verdict: Promise.resolve(true), settled: true });
    t.clock.advance(10);
    expect(await authOn('node-2', token)).toBe(200);
    const report = checkJournal(journal());
    expect(report.violations).toHaveLength(1);
    const v = report.violations[0]!;
    expect(v).toMatchObject({ kind: 'accepted-after-removal', node: 'node-2', token: 'elastic/fleet-server/refill' });
    expect(v.explanation).toMatch(/^\(a\) node-2 accepted elastic\/fleet-server\/refill at 10 ms \(#\d+\), in an authentication that began at #\d+, after it had applied the token's removal at 0 ms/);
    const file = path.join(dir, 'journal.jsonl');
    writeFileSync(file, journal().map((e) => JSON.stringify(e)).join('\n'));
    const { code, out } = await cli([file]);
    expect(code).toBe(1);
    expect(out).toContain('VIOLATION (a) node-2 accepted');
    expect(out.trimEnd().split('\n').pop()).toBe('1 revocations, 3 node windows (0 stale, 0 still open), max exposure 10 ms, 1 violations');
  });

  it('an acceptance after a deletion reported every cache cleared is a violation of its own kind', async () => {
    const token = await create('reported');
    await authEverywhere(token);
    await t.cluster.faults.add('late', parseFaultSpec({ type: 'delay', ms: 50, nodes: ['node-1'], messages: ['clear-cache'], direction: 'replies' }, ['node-1', 'node-2', 'node-3']));
    const deleting = su(t.http.delete(`${TOKENS}/reported`)).then((r) => r);
    await until(() => journal().some((e) => e.event.type === 'message.delayed'));
    t.clock.advance(50);
    await deleting;
    const entries = journal();
    // A journal in which node-1 answers from its cache after the report (its clear never applied).
    const forged = entries.filter((e) => !(e.event.type === 'cache.cleared' && e.event.node === 'node-1') && !(e.event.type === 'cache.removed' && e.event.node === 'node-1'));
    const last = forged[forged.length - 1]!;
    forged.push(
      { seq: last.seq + 1, time_ms: 60, event: { type: 'cache.hit', node: 'node-1', cache: 'index', key: 'elastic/fleet-server/reported' } },
      { seq: last.seq + 2, time_ms: 60, event: { type: 'token.authenticated', node: 'node-1', token: 'elastic/fleet-server/reported', result: 'success', file: 'miss', index: 'hit' } },
    );
    const report = checkJournal(forged);
    expect(report.violations.map((v) => [v.kind, v.node])).toEqual([['accepted-after-success', 'node-1']]);
    expect(report.violations[0]!.explanation).toContain('after the deletion reported full success');
  });

  it('a deleted security index revokes every index token; a node whose index-state message is late converges when it arrives', async () => {
    const token = await create('index-gone');
    await authEverywhere(token);
    const names = ['node-1', 'node-2', 'node-3'];
    await t.cluster.faults.add('late', parseFaultSpec({ type: 'delay', ms: 20_000, nodes: ['node-2'], messages: ['index-state'] }, names));
    await t.cluster.faults.add('gone', parseFaultSpec({ type: 'security-index', action: 'delete' }, names));
    await until(() => journal().some((e) => e.event.type === 'index.state' && e.event.node === 'node-1'));
    t.clock.advance(5000);
    expect(await authEverywhere(token)).toEqual([401, 200, 401]);
    t.clock.advance(15_000);
    await until(() => journal().some((e) => e.event.type === 'index.state' && e.event.node === 'node-2'));
    expect(await authEverywhere(token)).toEqual([401, 401, 401]);
    const report = checkJournal(journal());
    expect(report.revocations.map((r) => [r.kind, r.token])).toEqual([['delete-security-index', 'elastic/fleet-server/index-gone']]);
    const node2 = report.windows.find((w) => w.node === 'node-2')!;
    expect(node2).toMatchObject({ exposureMs: 5000, convergenceMs: 20_000 });
    expect(node2.causes[0]).toBe('late index-state message: index-state message delayed 20000 ms by fault [late]');
    expect(report.counts.violations).toBe(0);
  });

  it('a file change that removes a token: measured from the write, closed by the node\'s reload', async () => {
    await t.cluster.writeServiceTokens('node-1', '');
    const report = checkJournal(journal());
    expect(report.revocations.map((r) => [r.kind, r.token])).toEqual([['remove-file-token', 'elastic/fleet-server/token1']]);
    expect(report.windows.map((w) => [w.node, w.convergenceMs, w.how])).toEqual([['node-1', 0, 'file reloaded without it']]);
  });

  it('a blind watcher: the node keeps accepting the removed file token, and the cause says why', async () => {
    const FILE_TOKEN = 'AAEAAWVsYXN0aWMvZmxlZXQtc2VydmVyL3Rva2VuMTpyNXdkYmRib1FTZTl2R09Ld2FKR0F3';
    await authOn('node-1', FILE_TOKEN);
    await t.cluster.faults.add('blind', parseFaultSpec({ type: 'watcher-blind', nodes: ['node-1'] }, ['node-1', 'node-2', 'node-3']));
    t.clock.advance(100);
    await t.cluster.writeServiceTokens('node-1', '');
    t.clock.advance(200);
    expect(await authOn('node-1', FILE_TOKEN)).toBe(200);
    const report = checkJournal(journal());
    expect(report.windows).toEqual([
      expect.objectContaining({ node: 'node-1', exposureMs: 200, convergenceMs: null, boundMs: null, causes: ['watcher missed the file change'] }),
    ]);
  });

  describe('a file token put back (the README\'s "One node\'s file changes", then POST /_sim/_reset)', () => {
    const FILE_TOKEN = 'AAEAAWVsYXN0aWMvZmxlZXQtc2VydmVyL3Rva2VuMTpyNXdkYmRib1FTZTl2R09Ld2FKR0F3';
    const TOKEN1 = 'elastic/fleet-server/token1';
    const seqOf = (entries: JournalEntry[], match: (e: JournalEntry['event']) => boolean) => entries.find((e) => match(e.event))!.seq;
    /** Emptied by hand (a plain write, no `file.written`), a failed authentication, the reset, an accepted one. */
    const emptyThenReset = async () => {
      t.channel('node-3').writeServiceTokens('# none\n');
      expect(await authOn('node-3', FILE_TOKEN)).toBe(401);
      await su(t.http.post('/_sim/_reset')).expect(200);
      expect(await authOn('node-3', FILE_TOKEN)).toBe(200);
      return journal();
    };

    it('the events are those of the real run: a removal applied by a reload, a failed authentication that ends with an error, the reload that puts it back', async () => {
      const entries = await emptyThenReset();
      const types = entries.filter((e) => 'node' in e.event && e.event.node === 'node-3' && /^(file|cache\.(hit|miss|filled)|token|message\.(sent|delivered))/.test(e.event.type) && !(e.event.type.startsWith('message.') && (e.event as { kind: string }).kind !== 'authenticate'));
      expect(types.map((e) => e.event)).toEqual([
        expect.objectContaining({ type: 'file.reloaded', changed: true, added: [], removed: [TOKEN1] }),
        expect.objectContaining({ type: 'message.sent', kind: 'authenticate' }),
        expect.objectContaining({ type: 'cache.miss', cache: 'file', key: TOKEN1 }),
        expect.objectContaining({ type: 'cache.miss', cache: 'index', key: TOKEN1 }),
        // the security index is missing: the request ends with an error, no token.authenticated
        expect.objectContaining({ type: 'message.delivered', kind: 'authenticate', ok: false }),
        expect.objectContaining({ type: 'file.reloaded', changed: true, added: [TOKEN1], removed: [] }),
        expect.objectContaining({ type: 'message.sent', kind: 'authenticate' }),
        expect.objectContaining({ type: 'cache.miss', cache: 'file', key: TOKEN1 }),
        expect.objectContaining({ type: 'cache.filled', cache: 'file', key: TOKEN1 }),
        expect.objectContaining({ type: 'token.authenticated', token: TOKEN1, result: 'success' }),
        expect.objectContaining({ type: 'message.delivered', kind: 'authenticate', ok: true }),
      ]);
    });

    it('is no violation: node-3 applied the reload that put the token back before it accepted it', async () => {
      const entries = await emptyThenReset();
      const report = checkJournal(entries);
      expect(report.revocations.map((r) => [r.kind, r.token])).toEqual([['remove-file-token', TOKEN1]]);
      expect(report.violations).toEqual([]);
      expect(report.accepted).toEqual([]);
      expect(report.windows).toEqual([expect.objectContaining({ node: 'node-3', convergenceMs: 0, exposureMs: null, how: 'file reloaded without it' })]);
      const file = path.join(dir, 'reset.jsonl');
      writeFileSync(file, entries.map((e) => JSON.stringify(e)).join('\n'));
      const { code, out } = await cli([file]);
      expect(out).not.toContain('VIOLATION');
      expect(code).toBe(0);
    });

    it('an acceptance after the removal was applied and before the reload that puts it back is still a violation', async () => {
      const entries = await emptyThenReset();
      const putBack = entries.findIndex((e) => e.event.type === 'file.reloaded' && e.event.added?.includes(TOKEN1) === true);
      // A node that let the client in from a file it had reloaded without the token.
      const forged = [
        ...entries.slice(0, putBack),
        { seq: 0, time_ms: entries[putBack]!.time_ms, event: { type: 'cache.hit', node: 'node-3', cache: 'file', key: TOKEN1 } },
        { seq: 0, time_ms: entries[putBack]!.time_ms, event: { type: 'token.authenticated', node: 'node-3', token: TOKEN1, result: 'success', file: 'hit' } },
        ...entries.slice(putBack),
      ].map((e, i) => ({ ...e, seq: i + 1 })) as JournalEntry[];
      const report = checkJournal(forged);
      expect(report.violations.map((v) => [v.kind, v.node, v.started.seq, v.accepted.seq, v.after.what])).toEqual([
        ['accepted-after-removal', 'node-3', putBack + 1, putBack + 2, 'file reloaded without it'],
      ]);
    });

    it("an accepted authentication begins with its own request: a failed one that ended with an error does not lend it its start", async () => {
      await t.cluster.writeServiceTokens('node-1', ''); // file.written, then node-1 reloads without token1
      t.clock.advance(10);
      expect(await authOn('node-1', FILE_TOKEN)).toBe(401); // ends with an error: no token.authenticated
      t.clock.advance(10);
      // The planted bug: the removed token is back in node-1's file cache.
      const secret = decodeBearer(FILE_TOKEN)!.secret;
      t.core('node-1').fileCache.insert(TOKEN1, { hash: cacheHash(secret), verdict: Promise.resolve(true), settled: true });
      expect(await authOn('node-1', FILE_TOKEN)).toBe(200);
      const entries = journal();
      const report = checkJournal(entries);
      expect(report.violations).toHaveLength(1);
      const v = report.violations[0]!;
      const hit = seqOf(entries, (e) => e.type === 'cache.hit' && e.node === 'node-1');
      expect(v).toMatchObject({ kind: 'accepted-after-removal', node: 'node-1', started: { seq: hit, ms: 20 }, accepted: { ms: 20 } });
      expect(v.explanation).toContain(`in an authentication that began at #${hit},`);
    });

    it('a token put back before a blind node applied its removal ends the revocation there: later acceptances are no longer stale', async () => {
      const SAMPLE = t.channel('node-1').serviceTokensContent();
      await authOn('node-1', FILE_TOKEN);
      await t.cluster.faults.add('blind', parseFaultSpec({ type: 'watcher-blind', nodes: ['node-1'] }, ['node-1', 'node-2', 'node-3']));
      t.clock.advance(100);
      await t.cluster.writeServiceTokens('node-1', '');
      t.clock.advance(200);
      expect(await authOn('node-1', FILE_TOKEN)).toBe(200); // stale: the node missed the removal
      t.clock.advance(300);
      await t.cluster.writeServiceTokens('node-1', SAMPLE);
      t.clock.advance(400);
      expect(await authOn('node-1', FILE_TOKEN)).toBe(200); // the token is in the file again
      const report = checkJournal(journal());
      expect(report.windows).toEqual([
        expect.objectContaining({ node: 'node-1', exposureMs: 200, convergenceMs: 500, how: 'token put back in the file before the node applied its removal', causes: ['watcher missed the file change'] }),
      ]);
      expect(report.violations).toEqual([]);
    });
  });

  it('a journal of events written before the checker existed is read: the deletion is measured from its report', async () => {
    const token = await create('old');
    await authEverywhere(token);
    await su(t.http.delete(`${TOKENS}/old`)).expect(200);
    const NEW = new Set(['token.revoked', 'cluster.started', 'index.changed', 'file.written']);
    const old = journal()
      .filter((e) => !NEW.has(e.event.type))
      .map((e) => (e.event.type === 'file.reloaded' ? { ...e, event: { ...e.event, added: undefined, removed: undefined } } : e));
    const report = checkJournal(old);
    expect(report.revocations).toEqual([expect.objectContaining({ token: 'elastic/fleet-server/old', approximate_commit: true })]);
    expect(report.notes).toEqual(['no token.revoked events: a deletion is measured from its token.deleted, after its clears']);
    expect(report.counts.violations).toBe(0);
  });

  it('--url reads the journal of a running cluster through GET /_sim/events', async () => {
    const token = await create('over-http');
    await authEverywhere(token);
    await su(t.http.delete(`${TOKENS}/over-http`)).expect(200);
    const server = buildApp({ cluster: t.cluster }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const { code, out } = await cli(['--url', `http://127.0.0.1:${port}`]);
      expect(code).toBe(0);
      expect(out).toContain('#1 delete-index-token elastic/fleet-server/over-http: 3 node(s) stopped accepting it at the commit');
      const refused = await runCheckCli(['--url', `http://127.0.0.1:${port}`], { stdout: () => undefined, stderr: () => undefined, env: { ELASTIC_PASSWORD: 'wrong' } });
      expect(refused).toBe(2);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('the CLI: exit 0 for a clean journal, 2 for one it cannot read, 64 for a usage error; --json writes the report', async () => {
    const token = await create('cli');
    await authEverywhere(token);
    await su(t.http.delete(`${TOKENS}/cli`)).expect(200);
    const file = path.join(dir, 'clean.jsonl');
    writeFileSync(file, `${journal().map((e) => JSON.stringify(e)).join('\n')}\n`);
    const json = path.join(dir, 'report.json');
    const clean = await cli([file, '--json', json]);
    expect(clean.code).toBe(0);
    expect(clean.out).toContain('#1 delete-index-token elastic/fleet-server/cli: 3 node(s) stopped accepting it at the commit');
    expect(JSON.parse(require('node:fs').readFileSync(json, 'utf8')).counts).toMatchObject({ revocations: 1, violations: 0 });

    writeFileSync(path.join(dir, 'bad.jsonl'), '{"seq":1,"time_ms":0,"event":{"type":"node.up"}}\nnot json\n');
    const bad = await cli([path.join(dir, 'bad.jsonl')]);
    expect([bad.code, bad.err]).toEqual([2, expect.stringContaining('bad.jsonl line 2 is not JSON')]);
    expect((await cli([path.join(dir, 'missing.jsonl')])).code).toBe(2);
    expect((await cli([])).code).toBe(64);
    expect((await cli(['--url', 'http://u:p@localhost:9200'])).err).toContain('must not carry credentials');
  });
});
