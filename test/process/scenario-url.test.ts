/**
 * A scenario file unchanged against real node processes over HTTP (`--url`): teaching
 * scenario e, a paused (SIGSTOP) node, on a listening cluster with a short fan-out timeout.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCluster, type SimCluster } from '../../src/library';
import { runScenarioCli } from '../../src/scenario/cli';

describe('scenario files with --url', () => {
  let sim: SimCluster;
  let server: Server;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'scenario-url-'));
    sim = await createCluster({ host: 'process', nodes: 3, dataDir, fanOutTimeoutMs: 1000 });
    server = await new Promise<Server>((resolve) => {
      const s = sim.app.listen(0, '127.0.0.1', () => resolve(s));
    });
  }, 30_000);
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await sim.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('teaching scenario e passes against real node processes, the paused node really SIGSTOPped', async () => {
    let out = '';
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const code = await runScenarioCli(['fixtures/scenarios/e-paused-node.yml', '--url', url], { stdout: (s) => (out += s), stderr: (s) => (out += s), env: {} });
    expect(out).toContain('ok a paused node makes the clear wait');
    expect(out).toMatch(/1 passed, 0 failed, 0 skipped\n$/);
    expect(code).toBe(0);
  }, 30_000);
});
