/**
 * `npm start` as a person or a test harness runs it (the real entry, src/main.ts, as a
 * child process): --help, --ready-file, --service-tokens, and the ES_URL line.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeBearer, hashSecret } from '../../src/accounts';
import { flagNames } from '../../src/config';
import { alive } from '../support/processes';

const ROOT = path.resolve(__dirname, '..', '..');
const MAIN = ['--require', 'tsx/cjs', path.join(ROOT, 'src', 'main.ts')];

interface Ready {
  url: string;
  port: number;
  pid: number;
  seed: number;
  nodes: { name: string; id: string; pid: number }[];
  data_dir: string;
}

describe('npm start -- --help', () => {
  it('lists every flag with its default and meaning, and exits 0', () => {
    const run = spawnSync(process.execPath, [...MAIN, '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(0);
    for (const flag of flagNames()) expect(run.stdout).toMatch(new RegExp(`^  ${flag} <[^>]+> +\\S.*\\(default: [^)]+\\)$`, 'm'));
    expect(run.stdout).toContain('--nodes <n>');
    expect(run.stdout).toMatch(/--port <port> +the HTTP port of the REST API; 0 picks a free one \(default: 9200\)/);
  });

  it('an unknown flag exits 2 and points to --help', () => {
    const run = spawnSync(process.execPath, [...MAIN, '--nodez', '3'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unknown flag [--nodez]');
    expect(run.stderr).toContain('npm start -- --help');
  });
});

describe('npm start with --ready-file and --service-tokens (real processes)', () => {
  let dir: string;
  let child: ChildProcess;
  let stdout = '';
  let stderr = '';
  let ready: Ready;
  const readyFile = () => path.join(dir, 'ready.json');
  const secret = 'a-secret-the-test-knows-0123456789';

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sim-start-'));
    writeFileSync(path.join(dir, 'tokens'), `elastic/fleet-server/known:${await hashSecret(secret)}\n`);
    child = spawn(process.execPath, [...MAIN, '--port', '0', '--nodes', '2', '--seed', '7', '--data-dir', path.join(dir, 'data'),
      '--ready-file', readyFile(), '--service-tokens', path.join(dir, 'tokens')], { cwd: ROOT, env: { ...process.env, ELASTIC_PASSWORD: undefined } });
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    // Real processes start in real time: wait for the file the harness is told to wait for.
    for (let i = 0; i < 300 && !existsSync(readyFile()); i++) await new Promise((r) => setTimeout(r, 100));
    ready = JSON.parse(readFileSync(readyFile(), 'utf8')) as Ready;
  }, 40_000);

  afterAll(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes url, port, pid, seed, nodes and data_dir once the cluster answers', async () => {
    expect(Object.keys(ready)).toEqual(['url', 'port', 'pid', 'seed', 'nodes', 'data_dir']);
    expect(ready).toMatchObject({ url: `http://127.0.0.1:${ready.port}`, pid: child.pid, seed: 7, data_dir: path.join(dir, 'data') });
    expect(ready.nodes.map((n) => n.name)).toEqual(['node-1', 'node-2']);
    expect(ready.nodes.every((n) => alive(n.pid) && /^[A-Za-z0-9_-]{22}$/.test(n.id))).toBe(true);
    const root = await fetch(`${ready.url}/`, { headers: { Authorization: `Basic ${Buffer.from('elastic:changeme').toString('base64')}` } });
    expect(root.status).toBe(200);
  });

  it('the summary prints the export ES_URL line for the port it got', () => {
    expect(stdout).toContain(`  export ES_URL=${ready.url}\n`);
  });

  it('every node starts with the --service-tokens content, so a token whose secret the test knows works on each', async () => {
    const token = encodeBearer('elastic', 'fleet-server', 'known', secret);
    for (const node of ['node-1', 'node-2']) {
      const res = await fetch(`${ready.url}/_security/_authenticate`, { headers: { Authorization: `Bearer ${token}`, 'X-Sim-Node': node } });
      expect(res.status).toBe(200);
    }
  });

  it('30 kill requests for one node at once: every one answered, the node really gone, nothing on stderr', async () => {
    const auth = { Authorization: `Basic ${Buffer.from('elastic:changeme').toString('base64')}` };
    const node2 = ready.nodes.find((n) => n.name === 'node-2') as Ready['nodes'][number];
    const kills = await Promise.all(Array.from({ length: 30 }, () => fetch(`${ready.url}/_sim/nodes/node-2/_kill`, { method: 'POST', headers: auth })));
    expect(new Set(kills.map((r) => r.status))).toEqual(new Set([200]));
    expect(alive(node2.pid)).toBe(false);
    await new Promise((r) => setTimeout(r, 100));
    // Each waiting kill once added its own 'exit' listener: past ten, Node's MaxListenersExceededWarning.
    expect(stderr).toBe('');
  });

  it('the ready file is removed on exit, and no node is left', async () => {
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(readyFile())).toBe(false);
    expect(ready.nodes.filter((n) => alive(n.pid))).toEqual([]);
  });
});
