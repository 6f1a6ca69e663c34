/**
 * One cluster per data dir: a second cluster on the same dir refuses to start and names the
 * dir and the pid that holds it; a lock left by a cluster that died is taken over; stopping
 * a cluster releases its dir.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Cluster } from '../../src/coordinator/cluster';
import { startCoordinator } from '../../src/coordinator/start-coordinator';

describe('the data dir lock', () => {
  let dataDir: string;
  const clusters: Cluster[] = [];
  const start = async () => {
    const c = await startCoordinator({ host: 'in-process', clock: 'manual', nodes: 1, dataDir });
    clusters.push(c);
    return c;
  };
  const lockFile = () => path.join(dataDir, 'cluster.lock');

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'sim-lock-'));
  });
  afterEach(async () => {
    await Promise.all(clusters.splice(0).map((c) => c.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a second cluster on the same data dir refuses to start, naming the dir and the pid of the cluster that holds it', async () => {
    await start();
    expect(readFileSync(lockFile(), 'utf8')).toBe(`${process.pid}\n`);
    await expect(start()).rejects.toThrow(
      `data dir [${dataDir}] is in use by the cluster of pid ${process.pid}; stop that cluster first, or pass --data-dir with another directory`,
    );
    expect(existsSync(lockFile())).toBe(true); // the refused start did not take the first one's lock away
  });

  it('a lock left by a cluster whose process is gone is taken over', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(lockFile(), `${gone.stdout}\n`);
    await start();
    expect(readFileSync(lockFile(), 'utf8')).toBe(`${process.pid}\n`);
  });

  it('stopping a cluster releases the data dir: the lock file is gone and a new cluster starts there', async () => {
    const first = await start();
    await first.stop();
    expect(existsSync(lockFile())).toBe(false);
    await start();
  });
});
