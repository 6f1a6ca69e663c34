/**
 * Write-to-temp-then-rename: a reader (a node's file watcher, a restarted cluster) sees the
 * old file or the new one, never half of one.
 */
import { promises as fs, writeFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';

let counter = 0;

/** Unique per process and call; in the same folder so rename() stays on one file system. */
function tempNameFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${++counter}.tmp`);
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
