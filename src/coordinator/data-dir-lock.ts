/**
 * One cluster per data dir: two clusters on one dir would each overwrite the other's
 * `.security` index and node files. A cluster on disk holds `<dataDir>/cluster.lock`
 * (its pid) from start to stop; a second cluster refuses to start and names the holder.
 * A lock whose pid is no longer alive was left by a crashed cluster and is taken over.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { processAlive as alive } from '../process-alive';

export const LOCK_FILE = 'cluster.lock';

export interface DataDirLock {
  readonly file: string;
  release(): void;
}

/** Dirs locked by clusters of this process (a pid check cannot tell two of them apart). */
const heldHere = new Set<string>();

export function lockDataDir(dataDir: string): DataDirLock {
  const dir = path.resolve(dataDir);
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    const holder = tryCreate(file);
    if (holder === undefined) break;
    const inUse = holder === process.pid ? heldHere.has(dir) : holder !== null && alive(holder);
    if (inUse || attempt > 0) {
      throw new Error(
        `data dir [${dir}] is in use by the cluster of pid ${holder ?? 'unknown'}; stop that cluster first, or pass --data-dir with another directory`,
      );
    }
    unlinkSync(file); // left by a cluster that is gone: take it over
  }
  heldHere.add(dir);
  let released = false;
  return {
    file,
    release() {
      if (released) return;
      released = true;
      heldHere.delete(dir);
      try {
        if (readHolder(file) === process.pid) unlinkSync(file);
      } catch {
        /* already gone */
      }
    },
  };
}

/** Creates the lock with our pid; answers undefined when created, else the holder's pid (null: unreadable). */
function tryCreate(file: string): number | null | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return readHolder(file);
  }
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  return undefined;
}

function readHolder(file: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}
