import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { startCoordinator } from '../../src/coordinator/start-coordinator';
import { createIndexToken } from '../../src/coordinator/index-tokens';
import { buildApp } from '../../src/http/app';
import { bearer, fileChangedOn, waitForEvent } from '../support/in-process';

const CREATOR = { principal: 'elastic', full_name: null, email: null, metadata: {}, realm: 'reserved', realm_type: 'reserved' };

describe('the data dir', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'sim-persist-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps index tokens across a cluster restart, in a file only its owner can read', async () => {
    const first = await startCoordinator({ nodes: 2, dataDir });
    const token = await createIndexToken(first, { namespace: 'elastic', service: 'fleet-server', name: 'api-token-1', creator: CREATOR });
    await first.stop();
    expect(statSync(path.join(dataDir, 'security-index.json')).mode & 0o777).toBe(0o600);

    const second = await startCoordinator({ nodes: 2, dataDir });
    const res = await request(buildApp({ cluster: second })).get('/_security/_authenticate').set('Authorization', bearer(token.value));
    expect(res.status).toBe(200);
    expect(res.body.token).toEqual({ name: 'api-token-1', type: '_service_account_index', managed_by: 'elasticsearch' });
    expect(second.securityIndex.state().health).toBe('green');
    await second.stop();
  });
});

describe('temp files of an interrupted save', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'sim-temp-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('are named for the simulator and their writer, and removed when a cluster starts on the data dir', async () => {
    const first = await startCoordinator({ nodes: 2, dataDir });
    await createIndexToken(first, { namespace: 'elastic', service: 'fleet-server', name: 'api-token-1', creator: CREATOR });
    await first.stop();
    const config = path.join(dataDir, 'nodes', 'node-2', 'config');
    // What a writer killed between write and rename leaves (pid 99999999 cannot be running).
    const stale = [path.join(dataDir, '.security-index.json.sim-tmp-99999999-7'), path.join(config, '.service_tokens.sim-tmp-99999999-1')];
    // One being written right now by a live process, and a user's own dotfile: both kept.
    const live = path.join(dataDir, `.security-index.json.sim-tmp-${process.pid}-999`);
    const mine = path.join(config, '.service_tokens.swp');
    mkdirSync(config, { recursive: true });
    for (const f of [...stale, live, mine]) writeFileSync(f, 'partial');

    const second = await startCoordinator({ nodes: 2, dataDir });
    await second.stop();
    expect(stale.filter((f) => existsSync(f))).toEqual([]);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(mine)).toBe(true);
    expect(readdirSync(dataDir).filter((n) => n.includes('sim-tmp') && !n.includes(String(process.pid)))).toEqual([]);
  });
});

describe('--file-watch poll', () => {
  it('notices a change within the polling interval, like Elasticsearch\'s resource watcher', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'sim-poll-'));
    const cluster = await startCoordinator({ nodes: 1, dataDir, clock: 'system', fileWatch: 'poll', fileWatchIntervalMs: 50 });
    try {
      const reloaded = waitForEvent(cluster, fileChangedOn('node-1'));
      writeFileSync(path.join(dataDir, 'nodes', 'node-1', 'config', 'service_tokens'), '# nothing\n');
      await expect(reloaded).resolves.toMatchObject({ node: 'node-1', tokens: 0 });
    } finally {
      await cluster.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
