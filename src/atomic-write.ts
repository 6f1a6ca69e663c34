/**
 * Write-to-temp-then-rename: a reader (a node's file watcher, a restarted cluster) sees the
 * old file or the new one, never half of one.
 */
import { promises as fs, readdirSync, writeFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { processAlive } from './process-alive';

let counter = 0;

/**
 * `.<name>.sim-tmp-<pid>-<n>`: unique per process and call, in the same folder so rename()
 * stays on one file system, and recognisable, with the writer's pid, so one a crash left
 * behind can be told from one being written now (removeStaleTempFiles).
 */
const TEMP_NAME = /^\..+\.sim-tmp-(\d+)-\d+$/;

function tempNameFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.sim-tmp-${process.pid}-${++counter}`);
}

/**
 * Removes the temp files of interrupted saves (the writer died between write and rename)
 * in `dirs`: only ours by name, and only when the process that wrote one is gone.
 * Returns the paths removed.
 */
export function removeStaleTempFiles(dirs: readonly string[]): string[] {
  const removed: string[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const pid = TEMP_NAME.exec(name)?.[1];
      if (pid === undefined || processAlive(Number(pid))) continue;
      rmSync(path.join(dir, name), { force: true });
      removed.push(path.join(dir, name));
    }
  }
  return removed;
}

export async function writeFileAtomic(file: string, content: string, mode = 0o600): Promise<void> {
  const temp = tempNameFor(file);
  try {
    await fs.writeFile(temp, content, { mode });
    await fs.rename(temp, file);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
}

export function writeFileAtomicSync(file: string, content: string, mode = 0o600): void {
  const temp = tempNameFor(file);
  try {
    writeFileSync(temp, content, { mode });
    renameSync(temp, file);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}
