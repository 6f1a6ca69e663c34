/**
 * Stable identities kept in the data dir, so a restarted node (or cluster) keeps its id:
 * `<data-dir>/cluster_uuid` and `<data-dir>/nodes/<name>/node_id`, each a 22-character
 * URL-safe id as Elasticsearch uses.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from '../atomic-write';

const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export function nodeDir(dataDir: string, name: string): string {
  return path.join(dataDir, 'nodes', name);
}

export function nodeConfigDir(dataDir: string, name: string): string {
  return path.join(nodeDir(dataDir, name), 'config');
}

/** Reads the id in `file`, or writes a new one from `generate` if there is none (or it is damaged). */
export function loadOrCreateId(file: string, generate: () => string): string {
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (ID_PATTERN.test(existing)) return existing;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const id = generate();
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomicSync(file, `${id}\n`, 0o644);
  return id;
}
