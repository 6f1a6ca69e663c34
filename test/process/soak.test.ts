/**
 * The short soak: the reliability suite of `npm run soak`, for a few seconds with a fixed
 * seed and two nodes, against a real process cluster started from the sources. Every check
 * must pass; a failure prints the soak's whole report (with its replay command).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const ARGS = ['--seconds', '4', '--seed', '20261130', '--nodes', '2', '--fan-out-timeout-ms', '1000', '--entry', 'source'];

describe('soak (short): fuzz and faults against a real cluster', () => {
  let soak: ChildProcess | undefined;
  afterAll(() => {
    if (soak !== undefined && soak.exitCode === null && soak.signalCode === null) soak.kill('SIGTERM'); // it kills what it started
  });

  it('ends with "0 failed" and exit code 0: nodes up, files exact, tokens right, no hang, no bad 5xx, no process left', async () => {
    soak = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(ROOT, 'scripts', 'soak.ts'), ...ARGS], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    soak.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    soak.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => soak?.once('exit', (c) => resolve(c)));
    const last = out.trim().split('\n').pop() ?? '';
    if (!/ 0 failed$/.test(last) || code !== 0) throw new Error(`the soak failed (exit code ${code}):\n${out}`);
    expect(last).toMatch(/^\d+ passed, 0 failed$/);
  }, 180_000);
});
