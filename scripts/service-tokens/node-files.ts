/**
 * The nodes of a data dir and their `service_tokens` files, as the CLI sees them: which
 * nodes exist (`<data-dir>/nodes/<name>/config/`), reading a file strictly (a file that does
 * not parse is an error and is never overwritten), and writing one atomically, mode 0600, so
 * a running node's watcher reads the old file or the new one, never half of one.
 */
import { promises as fs, type Dirent } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../src/atomic-write';
import { nodeConfigDir } from '../../src/coordinator/node-identity';
import { formatServiceTokens, parseServiceTokens, ServiceTokensParseError } from '../../src/node/service-tokens-file';
import { CliError, EXIT, usageError } from './es-cli';

export interface NodeFile {
  readonly node: string;
  readonly file: string;
}

/** How the command picked its nodes: one by name, or every node of the data dir. */
export type Target = { kind: 'node'; name: string } | { kind: 'all-nodes' };

/** Node names that have a config dir, in natural order (node-2 before node-10). */
export async function discoverNodes(dataDir: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(path.join(dataDir, 'nodes'), { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const names: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory() && (await isDirectory(nodeConfigDir(dataDir, entry.name)))) names.push(entry.name);
  }
  return names.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await fs.stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

/** The files the command works on; an unknown node (or a data dir with none) says what exists. */
export async function resolveTargets(dataDir: string, target: Target): Promise<NodeFile[]> {
  const known = await discoverNodes(dataDir);
  const nodesDir = path.join(path.resolve(dataDir), 'nodes');
  if (known.length === 0) {
    throw new CliError(
      EXIT.NO_HOST,
      `no nodes found under [${nodesDir}]: start the cluster once with this data dir (npm start -- --data-dir ${dataDir}), or pass the right --data-dir`,
    );
  }
  const names = target.kind === 'all-nodes' ? known : [target.name];
  if (target.kind === 'node' && !known.includes(target.name)) {
    throw new CliError(EXIT.NO_HOST, `unknown node [${target.name}] in [${nodesDir}]; known nodes: [${known.join(', ')}]`);
  }
  return names.map((node) => ({ node, file: path.join(path.resolve(nodeConfigDir(dataDir, node)), 'service_tokens') }));
}

export function requireTarget(node: string | undefined, allNodes: boolean): Target {
  if (node !== undefined && allNodes) throw usageError('pass either --node <name> or --all-nodes, not both');
  if (node !== undefined) return { kind: 'node', name: node };
  if (allNodes) return { kind: 'all-nodes' };
  throw usageError('which node\'s service_tokens file? pass --node <name> (e.g. --node node-1) or --all-nodes');
}

/**
 * The file's tokens, sorted by key as ES's CLI keeps them. A missing file has none (as in ES).
 * Comments, blank lines and plain-text lines are not kept: ES's CLI rewrites the file from
 * the parsed map, and so does this one.
 */
export async function readTokens(target: NodeFile): Promise<Map<string, string>> {
  let content: string;
  try {
    content = await fs.readFile(target.file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw new CliError(EXIT.UNCAUGHT, `could not read file [${target.file}]: ${(err as Error).message}`);
  }
  try {
    const { tokens } = parseServiceTokens(content);
    return new Map([...tokens].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  } catch (err) {
    if (!(err instanceof ServiceTokensParseError)) throw err;
    throw new CliError(
      EXIT.UNCAUGHT,
      `failed to parse service tokens file [${target.file}]: ${err.message.replace(/\.$/, '')}. The file was left unchanged; fix it, then run the command again`,
    );
  }
}

export async function writeTokens(target: NodeFile, tokens: ReadonlyMap<string, string>): Promise<void> {
  try {
    await writeFileAtomic(target.file, formatServiceTokens(tokens), 0o600);
  } catch (err) {
    throw new CliError(EXIT.UNCAUGHT, `could not write file [${target.file}]: ${(err as Error).message}`);
  }
}
