/**
 * A script using the library with real node processes runs to its end: `await stop()`
 * resolves even when nothing else keeps the script's event loop alive (the cluster's
 * watchdog helper is unreferenced, so waiting for its exit must reference it again).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

describe('library with real node processes', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'library-stop-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('a script whose last step is await stop() runs the code after it and exits 0', () => {
    const script = `
      const { createCluster } = require('./src/index.ts');
      (async () => {
        const sim = await createCluster({ host: 'process', nodes: 1, dataDir: ${JSON.stringify(dataDir)} });
        await sim.stop();
        process.stdout.write('after stop\\n');
      })();
    `;
    const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect({ status: r.status, stdout: r.stdout }).toEqual({ status: 0, stdout: 'after stop\n' });
  });
});
