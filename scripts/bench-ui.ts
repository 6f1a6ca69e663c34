/**
 * `npm run bench:ui` — the dashboard's budgets, measured in Chromium (Debian's, driven by
 * playwright-core) against an in-process cluster of 16 nodes on the system clock:
 *   first render   from navigation to all 16 node cards on screen      budget < 1 s
 *   JavaScript     every script the page loads, gzipped                 budget < 100 KB
 *   event latency  journal → painted page, at 1,000 events/s for 5 s    budget p99 < 250 ms
 * The load is events recorded into the cluster's journal (cache hits and fills, requests
 * and replies, authentications) at the rate asked; they reach the page through
 * /_sim/events/stream like any other. Exit code 1 if a budget is missed.
 */
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import type * as Sim from '../src/index';
import type { SimEvent } from '../src/observe/events';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const sim = require(path.join(__dirname, '..', 'dist', 'index.js')) as typeof Sim;

const NODES = 16;
const RATE = 1_000;
const SECONDS = 5;
const BUDGET = { firstRenderMs: 1_000, jsGzipBytes: 100 * 1024, p99Ms: 250 };

function loadEvent(i: number): SimEvent {
  const node = `node-${(i % NODES) + 1}`;
  const key = `elastic/fleet-server/t${i % 20}`;
  switch (i % 5) {
    case 0: return { type: 'message.sent', node, kind: 'authenticate', id: `b${i}` };
    case 1: return { type: 'message.delivered', node, kind: 'authenticate', id: `b${i - 1}`, ok: true };
    case 2: return { type: 'cache.hit', node, cache: 'index', key };
    case 3: return { type: 'token.authenticated', node, token: key, result: 'success', file: 'miss', index: 'hit' };
    default: return { type: 'cache.filled', node, cache: 'file', key };
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const cluster = await sim.createCluster({ clock: 'system', nodes: NODES, seed: 1 });
  const server = cluster.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const context = await browser.newContext({ httpCredentials: { username: 'elastic', password: 'changeme' } });
    const page = await context.newPage();
    const scripts: Promise<number>[] = [];
    page.on('response', (res) => {
      if (res.request().resourceType() === 'script') scripts.push(res.body().then((b) => gzipSync(b).length));
    });
    const start = performance.now();
    await page.goto(`${base}/_sim/ui/`);
    await page.locator('[role=group]').nth(NODES - 1).waitFor();
    const firstRenderMs = performance.now() - start;
    const jsGzipBytes = (await Promise.all(scripts)).reduce((a, b) => a + b, 0);
    await page.locator('.conn', { hasText: 'live' }).waitFor();
    await page.evaluate(() => ((globalThis as unknown as { __uiLatencies: number[] }).__uiLatencies.length = 0));

    // Paced by elapsed time, not by timer ticks: a late tick emits what it owes.
    let sent = 0;
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const due = Math.min(RATE * SECONDS, Math.floor(((performance.now() - t0) / 1000) * RATE));
        while (sent < due) cluster.cluster.emit(loadEvent(sent++));
        if (sent >= RATE * SECONDS) {
          clearInterval(timer);
          resolve();
        }
      }, 5);
    });
    const rate = sent / ((performance.now() - t0) / 1000);
    await page.waitForFunction((n) => (globalThis as unknown as { __uiLatencies: number[] }).__uiLatencies.length >= n, sent, { timeout: 30_000 });
    const lat = (await page.evaluate(() => (globalThis as unknown as { __uiLatencies: number[] }).__uiLatencies.slice())).sort((a, b) => a - b);
    const p50 = percentile(lat, 50);
    const p99 = percentile(lat, 99);
    const rows: [string, string, string, boolean][] = [
      ['first render (16 node cards)', `${firstRenderMs.toFixed(0)} ms`, `< ${BUDGET.firstRenderMs} ms`, firstRenderMs < BUDGET.firstRenderMs],
      ['JavaScript loaded, gzipped', `${(jsGzipBytes / 1024).toFixed(1)} KB`, `< ${BUDGET.jsGzipBytes / 1024} KB`, jsGzipBytes < BUDGET.jsGzipBytes],
      [`event → page at ${rate.toFixed(0)} events/s, p99 (p50 ${p50.toFixed(0)}, max ${lat[lat.length - 1]?.toFixed(0)} ms, n=${lat.length})`, `${p99.toFixed(0)} ms`, `< ${BUDGET.p99Ms} ms`, p99 < BUDGET.p99Ms],
    ];
    console.log(`bench:ui — Chromium ${browser.version()}, ${NODES} nodes, ${SECONDS} s at ${RATE} events/s\n`);
    for (const [what, value, budget, ok] of rows) console.log(`${ok ? 'ok  ' : 'MISS'}  ${what.padEnd(78)} ${value.padStart(9)}  (budget ${budget})`);
    if (rows.some((r) => !r[3])) process.exitCode = 1;
  } finally {
    await browser.close();
    await new Promise((r) => server.close(r));
    await cluster.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
