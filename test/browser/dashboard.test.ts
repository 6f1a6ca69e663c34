import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createCluster, type SimCluster } from 'es-token-cache-sim';
import { buildUi } from '../../scripts/build-ui';
import { checkJournal } from '../../src/check/check-journal';
import { runExperimentCli } from '../../src/check/experiment-cli';
import { readJournalFile } from '../../src/check/read-journal';
import { describeInBrowser, launchChromium } from './browser';

const ELASTIC = { username: 'elastic', password: 'changeme' };
const BASIC = `Basic ${Buffer.from('elastic:changeme').toString('base64')}`;
const FILE_TOKEN = 'AAEAAWVsYXN0aWMvZmxlZXQtc2VydmVyL3Rva2VuMTpyNXdkYmRib1FTZTl2R09Ld2FKR0F3';
/**
 * The README's screenshot is taken by this test. It is rewritten only on request
 * (`npm run screenshots`), so a test run leaves the work tree as it found it.
 */
const SCREENSHOT = process.env.UPDATE_SCREENSHOTS === '1'
  ? path.resolve(__dirname, '..', '..', 'fixtures', 'screenshots', 'dashboard.png')
  : path.join(os.tmpdir(), `es-token-cache-sim-dashboard-${process.pid}.png`);
/** Generous bounds on waiting for the page: they stop a broken test, they do not measure. */
const WAIT = { timeout: 10_000 };

async function listen(sim: SimCluster): Promise<{ server: Server; base: string }> {
  const server = sim.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function rest(base: string, method: string, url: string, init: { body?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { Authorization: BASIC, ...init.headers };
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(base + url, { method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  return { status: res.status, body: await res.json() };
}

const card = (page: Page, node: string) => page.getByRole('group', { name: node, exact: true });
const statusOf = (page: Page, node: string) => card(page, node).locator('.status');

/** What `npm run check` says about each node window that let a client in, by node. */
function checkerSentences(journal: string): Map<string, string> {
  return new Map(checkJournal(readJournalFile(journal)).accepted.map((a) => [a.node, a.sentence]));
}

describeInBrowser('dashboard in Chromium: the live cluster', () => {
  let sim: SimCluster;
  let server: Server;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    await buildUi();
    sim = await createCluster({ clock: 'system', nodes: 3, seed: 7 });
    ({ server, base } = await listen(sim));
    browser = await launchChromium();
    context = await browser.newContext({ httpCredentials: ELASTIC, viewport: { width: 1400, height: 1000 } });
    page = await context.newPage();
    await page.goto(`${base}/_sim/ui/`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    await sim?.stop();
  });

  it('shows one card per node, named for it, with its status and its file and index caches', async () => {
    for (const node of ['node-1', 'node-2', 'node-3']) {
      await statusOf(page, node).filter({ hasText: /^up$/ }).waitFor(WAIT);
      expect(await card(page, node).getByRole('region', { name: 'file' }).count()).toBe(1);
      expect(await card(page, node).getByRole('region', { name: 'index' }).count()).toBe(1);
      for (const button of ['Kill', 'Start', 'Pause', 'Resume']) expect(await card(page, node).getByRole('button', { name: button }).count()).toBe(1);
    }
  });

  it('shows a token authenticated outside the page in that node file cache', async () => {
    const res = await rest(base, 'GET', '/_security/_authenticate', { headers: { Authorization: `Bearer ${FILE_TOKEN}`, 'X-Sim-Node': 'node-1' } });
    expect(res.status).toBe(200);
    await card(page, 'node-1').getByRole('region', { name: 'file' }).getByRole('meter', { name: 'time left for elastic/fleet-server/token1' }).waitFor(WAIT);
  });

  it('shows a node killed outside the page as down', async () => {
    expect((await rest(base, 'POST', '/_sim/nodes/node-2/_kill')).status).toBe(200);
    await statusOf(page, 'node-2').filter({ hasText: /^down$/ }).waitFor(WAIT);
  });

  it('starts a node with its Start button, through the REST API, and shows the answer', async () => {
    await card(page, 'node-2').getByRole('button', { name: 'Start' }).click();
    const answer = page.getByRole('region', { name: 'Response' });
    await answer.getByText('POST /_sim/nodes/node-2/_start').waitFor(WAIT);
    await answer.getByTestId('status').filter({ hasText: '200' }).waitFor(WAIT);
    await statusOf(page, 'node-2').filter({ hasText: /^up$/ }).waitFor(WAIT);
    expect(sim.node('node-2').status).toBe('up');
  });

  it('pauses and resumes a node with a pause fault, and heals a fault from its Heal button', async () => {
    await card(page, 'node-3').getByRole('button', { name: 'Pause' }).click();
    await statusOf(page, 'node-3').filter({ hasText: /^paused$/ }).waitFor(WAIT);
    await page.getByRole('region', { name: 'Faults' }).getByRole('button', { name: 'Heal pause-node-3' }).waitFor(WAIT);
    await card(page, 'node-3').getByRole('button', { name: 'Resume' }).click();
    await statusOf(page, 'node-3').filter({ hasText: /^up$/ }).waitFor(WAIT);
    expect(sim.faults.list()).toEqual([]);
  });
});

describeInBrowser('dashboard in Chromium: replaying a journal', () => {
  let dir: string;
  let browser: Browser;
  // The page needs a live cluster to load from; a replay then uses the file alone.
  let host: SimCluster;
  let hostServer: Server;
  let hostBase: string;

  beforeAll(async () => {
    await buildUi();
    browser = await launchChromium();
    dir = mkdtempSync(path.join(os.tmpdir(), 'ui-replay-'));
    host = await createCluster({ clock: 'system', nodes: 3, seed: 12 });
    ({ server: hostServer, base: hostBase } = await listen(host));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => hostServer?.close(r));
    await host?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh page on the host cluster with `journal` opened in it. */
  async function openReplay(journal: string): Promise<{ page: Page; context: BrowserContext }> {
    const context = await browser.newContext({ httpCredentials: ELASTIC, viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${hostBase}/_sim/ui/`);
    await statusOf(page, 'node-1').waitFor(WAIT);
    await page.getByLabel('Open journal').setInputFiles(journal);
    return { page, context };
  }

  /** Moves the replay's time slider to the journal's end. */
  async function toTheEnd(page: Page, journal: string): Promise<void> {
    const lines = readFileSync(journal, 'utf8').trim().split('\n').length;
    await page.getByRole('slider', { name: 'time' }).fill(String(lines));
    await page.getByRole('region', { name: 'Replay' }).getByText(`event ${lines} of ${lines}`).waitFor(WAIT);
  }

  /** A partition fault named `cut`: a token deleted while node-2 cannot hear the clear-cache, then accepted by node-2. */
  async function recordRevokedTokenRun(journal: string): Promise<SimCluster> {
    const sim = await createCluster({ clock: 'system', nodes: 3, seed: 11, fanOutTimeoutMs: 200, journal });
    const { server, base } = await listen(sim);
    try {
      const created = await rest(base, 'POST', '/_security/service/elastic/fleet-server/credential/token/lesson');
      const bearer = { Authorization: `Bearer ${created.body.token.value}`, 'X-Sim-Node': 'node-2' };
      expect((await rest(base, 'GET', '/_security/_authenticate', { headers: bearer })).status).toBe(200);
      await rest(base, 'PUT', '/_sim/faults/cut', { body: { type: 'partition', nodes: ['node-2'], messages: ['clear-cache'] } });
      await rest(base, 'DELETE', '/_security/service/elastic/fleet-server/credential/token/lesson');
      expect((await rest(base, 'GET', '/_security/_authenticate', { headers: bearer })).status).toBe(200);
    } finally {
      await new Promise((r) => server.close(r));
    }
    return sim;
  }

  it('steps to the next violation and raises the revoked-token alarm on the node that accepted the token, in the checker\'s words', async () => {
    const journal = path.join(dir, 'run.jsonl');
    const recorder = await recordRevokedTokenRun(journal);
    await recorder.stop();
    const { page, context } = await openReplay(journal);
    try {
      await page.getByRole('button', { name: 'Next violation' }).click();
      const alarm = card(page, 'node-2').getByRole('alert');
      await alarm.waitFor(WAIT);
      expect(await alarm.textContent()).toMatch(
        /^Revoked token accepted\. node-2 accepted elastic\/fleet-server\/lesson \d+ ms after its deletion from the security index \(clear-cache message lost in partition by fault \[cut\]; clear-cache message timed out after 200 ms\), so it stays valid there until its cache entry expires, \d+ ms after the revocation\.$/,
      );
      expect(await card(page, 'node-1').getByRole('alert').count()).toBe(0);
      const lines = readFileSync(journal, 'utf8').trim().split('\n').length;
      expect(await page.getByRole('region', { name: 'Replay' }).textContent()).toContain(`of ${lines}`);
      const png = await page.screenshot({ path: SCREENSHOT, fullPage: true });
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      if (process.env.UPDATE_SCREENSHOTS !== '1') rmSync(SCREENSHOT, { force: true });
      // At the journal's end the page knows what the checker knows (here: the cluster stopped), and says the same.
      await toTheEnd(page, journal);
      expect(await alarm.textContent()).toBe(`Revoked token accepted. ${checkerSentences(journal).get('node-2')}`);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('raises the alarm on a node that accepted a token removed from its own file (a blind watcher)', async () => {
    const journal = path.join(dir, 'file.jsonl');
    const sim = await createCluster({ clock: 'system', nodes: 3, seed: 13, journal });
    try {
      const { server, base } = await listen(sim);
      try {
        const onNode1 = { Authorization: `Bearer ${FILE_TOKEN}`, 'X-Sim-Node': 'node-1' };
        expect((await rest(base, 'GET', '/_security/_authenticate', { headers: onNode1 })).status).toBe(200);
        await rest(base, 'PUT', '/_sim/faults/blind', { body: { type: 'watcher-blind', nodes: ['node-1'] } });
        await sim.cluster.writeServiceTokens('node-1', '');
        expect((await rest(base, 'GET', '/_security/_authenticate', { headers: onNode1 })).status).toBe(200);
      } finally {
        await new Promise((r) => server.close(r));
      }
    } finally {
      await sim.stop();
    }
    const { page, context } = await openReplay(journal);
    try {
      await page.getByRole('button', { name: 'Next violation' }).click();
      const alarm = card(page, 'node-1').getByRole('alert');
      await alarm.waitFor(WAIT);
      expect(await alarm.textContent()).toMatch(/^Revoked token accepted\. node-1 accepted elastic\/fleet-server\/token1 \d+ ms after it was removed from node-1's service_tokens file \(watcher missed the file change\)/);
      await toTheEnd(page, journal);
      expect(await alarm.textContent()).toBe(`Revoked token accepted. ${checkerSentences(journal).get('node-1')}`);
    } finally {
      await context.close();
    }
  }, 60_000);

  it("opens an experiment's replayed worst run (npm run experiment -- --replay) and reaches the alarm on the node that missed its clear", async () => {
    const journal = path.join(dir, 'experiment-run.jsonl');
    const io = { stdout: () => undefined, stderr: () => undefined };
    // Run 1414116 of scenario b's experiment: node-2 lost its clear and accepts the token until the TTL.
    expect(await runExperimentCli(['fixtures/experiments/b-deleted-token-dropped-clear.yml', '--replay', '1414116', '--journal', journal], io)).toBe(0);
    const stale = checkerSentences(journal);
    expect([...stale.keys()]).toEqual(['node-2']);
    const { page, context } = await openReplay(journal);
    try {
      await page.getByRole('button', { name: 'Next violation' }).click();
      const alarm = card(page, 'node-2').getByRole('alert');
      await alarm.waitFor(WAIT);
      expect(await alarm.textContent()).toMatch(/^Revoked token accepted\. node-2 accepted elastic\/fleet-server\/experiment \d+ ms after its deletion from the security index \(clear-cache message dropped by fault \[fault-1\]/);
      await toTheEnd(page, journal);
      expect(await alarm.textContent()).toBe(`Revoked token accepted. ${stale.get('node-2')}`);
      for (const other of ['node-1', 'node-3', 'node-4', 'node-5']) expect(await card(page, other).getByRole('alert').count()).toBe(0);
    } finally {
      await context.close();
    }
  }, 60_000);
});

describeInBrowser('dashboard in Chromium: real node processes', () => {
  let dataDir: string;
  let sim: SimCluster;
  let server: Server;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    await buildUi();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ui-process-'));
    sim = await createCluster({ host: 'process', nodes: 2, dataDir });
    ({ server, base } = await listen(sim));
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    await sim?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows a node process killed from a shell (SIGKILL, not the REST API) as down', async () => {
    const context = await browser.newContext({ httpCredentials: ELASTIC, viewport: { width: 1400, height: 1000 } });
    try {
      const page = await context.newPage();
      await page.goto(`${base}/_sim/ui/`);
      await page.locator('.conn', { hasText: 'live' }).waitFor(WAIT);
      await statusOf(page, 'node-2').filter({ hasText: /^up$/ }).waitFor(WAIT);
      const pid = sim.node('node-2').pid;
      expect(pid).toEqual(expect.any(Number));
      process.kill(pid as number, 'SIGKILL');
      await statusOf(page, 'node-2').filter({ hasText: /^down$/ }).waitFor(WAIT);
      expect(await statusOf(page, 'node-1').textContent()).toBe('up');
    } finally {
      await context.close();
    }
  }, 60_000);
});
