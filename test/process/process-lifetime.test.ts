/**
 * Nothing outlives a cluster: `npm start`'s coordinator killed with SIGKILL while a node is
 * paused (SIGSTOP) leaves no process behind, even in a session of its own as a process
 * manager would start it; SIGTERM or SIGINT sent to the `npm start` process stops the
 * coordinator and every node and frees the port; a second cluster on a data dir in use
 * refuses to start. Linux only (reads /proc).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SUPERUSER_AUTH } from '../support/in-process';
import { alive, describeProcess, descendants, waitUntil } from '../support/processes';

const ROOT = path.resolve(__dirname, '..', '..');
const linux = process.platform === 'linux' ? describe : describe.skip;

interface Started {
  proc: ChildProcess;
  url: string;
  port: number;
  output: () => string;
}

/** Starts `command` and waits for the cluster's ready line. */
function startCluster(command: string, args: string[], options: { detached?: boolean } = {}): Promise<Started> {
  const proc = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: options.detached ?? false });
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = /is ready at (http:\/\/127\.0\.0\.1:(\d+))/.exec(out);
      if (m === null) return;
      proc.stdout?.off('data', check);
      resolve({ proc, url: m[1] as string, port: Number(m[2]), output: () => out });
    };
    proc.stdout?.on('data', check);
    proc.on('exit', (code) => reject(new Error(`exited (${code}) before ready:\n${out}`)));
  });
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(true));
  });
}

const processState = (pid: number) => {
  const r = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' });
  return r.stdout.trim().charAt(0);
};

linux('no process outlives the cluster', () => {
  let dataDir: string;
  const everyPid = new Set<number>();
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'sim-life-'));
  });
  afterEach(() => {
    const left = [...everyPid].filter(alive);
    if (left.length > 0) console.log(`left behind:\n${left.map(describeProcess).join('\n')}`);
    for (const pid of left) process.kill(pid, 'SIGKILL');
    everyPid.clear();
    rmSync(dataDir, { recursive: true, force: true });
    expect(left).toEqual([]);
  });

  const tsxMain = (...flags: string[]) => ['--require', 'tsx/cjs', 'src/main.ts', '--port', '0', '--nodes', '2', '--data-dir', dataDir, ...flags];

  it('the coordinator killed with SIGKILL while a node is paused, in a session of its own: every node and helper is gone', async () => {
    const c = await startCluster(process.execPath, tsxMain(), { detached: true });
    const coordinator = c.proc.pid as number;
    const children = descendants(coordinator);
    children.forEach((p) => everyPid.add(p));
    everyPid.add(coordinator);
    expect(children.length).toBeGreaterThanOrEqual(3); // two nodes and the watchdog (and tsx's esbuild)
    const put = await fetch(`${c.url}/_sim/faults/p`, {
      method: 'PUT',
      headers: { Authorization: SUPERUSER_AUTH, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'pause', nodes: ['node-2'] }),
    });
    expect(put.status).toBe(200);
    const paused = Number(/node-2 {2}id \S+ {2}pid (\d+)/.exec(c.output())?.[1]);
    await waitUntil(`node-2 (pid ${paused}) stopped`, () => processState(paused) === 'T');

    process.kill(coordinator, 'SIGKILL');
    await waitUntil('every process of the cluster gone', () => [...everyPid].filter(alive).length === 0);
  }, 60_000);

  it.each(['SIGTERM', 'SIGINT', 'SIGKILL'] as const)('%s sent to the npm start process stops the coordinator and every node, and frees the port', async (signal) => {
    const c = await startCluster('npm', ['start', '--', '--port', '0', '--nodes', '2', '--data-dir', dataDir]);
    const npm = c.proc.pid as number;
    descendants(npm).forEach((p) => everyPid.add(p));
    expect(everyPid.size).toBeGreaterThanOrEqual(4); // sh, coordinator, two nodes (and the watchdog)
    process.kill(npm, signal);
    await waitUntil('every process under npm gone', () => [...everyPid].filter(alive).length === 0);
    await waitUntil(`port ${c.port} free`, () => portFree(c.port));
  }, 120_000);

  it('a second cluster on a data dir in use exits non-zero, naming the dir and the pid that holds it', async () => {
    const first = await startCluster(process.execPath, tsxMain());
    const coordinator = first.proc.pid as number;
    descendants(coordinator).forEach((p) => everyPid.add(p));
    everyPid.add(coordinator);
    const second = spawnSync(process.execPath, tsxMain(), { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(`data dir [${dataDir}] is in use by the cluster of pid ${coordinator}`);
    first.proc.kill('SIGTERM');
    await waitUntil('the first cluster gone', () => [...everyPid].filter(alive).length === 0);
  }, 60_000);
});
