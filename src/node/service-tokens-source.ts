/**
 * Where a node's `service_tokens` content comes from, for the hosts: read once strictly at
 * start (a file that cannot be parsed stops the node, spec §6.3), then watched with
 * chokidar. The node's config directory is watched, not the file, so editors'
 * write-to-temp-then-rename saves, deletes and re-creates are all seen; `poll` mode
 * behaves like Elasticsearch's 5-second resource watcher.
 */
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { FileWatchMode } from '../config';
import { parseServiceTokens } from './service-tokens-file';

export function readServiceTokensSync(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Strict start-up parse; the message says which file and what to fix. */
export function loadServiceTokensAtStart(file: string): ReadonlyMap<string, string> {
  const content = readServiceTokensSync(file);
  if (content === null) return new Map();
  try {
    return parseServiceTokens(content).tokens;
  } catch (err) {
    throw new Error(`failed to parse service tokens file [${file}]: ${(err as Error).message}`);
  }
}

export interface ServiceTokensWatcher {
  close(): Promise<void>;
}

/**
 * Calls `onContent` with the file's content (null when deleted) after every change.
 * Reads are serialized so a slow read never overtakes a newer one.
 */
export async function watchServiceTokens(
  file: string,
  options: { mode: FileWatchMode; intervalMs: number },
  onContent: (content: string | null) => void,
): Promise<ServiceTokensWatcher> {
  const dir = path.dirname(file);
  const target = path.resolve(file);
  const watcher: FSWatcher = watch(dir, {
    depth: 0,
    ignoreInitial: true,
    usePolling: options.mode === 'poll',
    interval: options.intervalMs,
    ignored: (p: string) => path.resolve(p) !== target && path.resolve(p) !== path.resolve(dir),
  });
  let chain = Promise.resolve();
  const reread = () => {
    chain = chain.then(async () => {
      const content = await fs.readFile(target, 'utf8').catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return null;
        throw err;
      });
      onContent(content);
    }).catch(() => undefined); // an unreadable file is retried on its next event
  };
  watcher.on('add', reread).on('change', reread).on('unlink', reread);
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return { close: () => watcher.close() };
}
