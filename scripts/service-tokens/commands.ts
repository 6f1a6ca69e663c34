/**
 * The three commands of `elasticsearch-service-tokens`, over one node's file or every
 * node's. Every target file is read and checked before any is written, so a command that
 * fails on one node changes no node's file.
 */
import { encodeBearer, hashSecret, newSecret, qualifiedName } from '../../src/accounts';
import { alreadyExists, CliError, doesNotExist, EXIT, listPrincipal, principalAndTokenName } from './es-cli';
import { readTokens, requireTarget, resolveTargets, writeTokens, type NodeFile, type Target } from './node-files';

export interface CommandInput {
  /** Positional arguments after the command name. */
  args: readonly string[];
  dataDir: string;
  node: string | undefined;
  allNodes: boolean;
  /** One line of standard output, without its newline. */
  out(line: string): void;
}

interface LoadedFile extends NodeFile {
  tokens: Map<string, string>;
}

async function load(dataDir: string, target: Target): Promise<LoadedFile[]> {
  const files: LoadedFile[] = [];
  for (const nodeFile of await resolveTargets(dataDir, target)) files.push({ ...nodeFile, tokens: await readTokens(nodeFile) });
  return files;
}

/** `elastic/fleet-server` → namespace and service (the principal is known to be valid). */
function splitPrincipal(principal: string): [string, string] {
  const slash = principal.indexOf('/');
  return [principal.slice(0, slash), principal.slice(slash + 1)];
}

// With --all-nodes the ES sentence stays intact on the ERROR line; where it applies follows.
function onNodes(message: string, target: Target, nodes: LoadedFile[], hint: string): string {
  if (target.kind === 'node') return message;
  return `${message}\n  on ${nodes.map((f) => f.node).join(', ')}; no node's service_tokens file was changed. ${hint}`;
}

async function writeAll(files: LoadedFile[], beforeFailure: (written: string[]) => void): Promise<void> {
  const written: string[] = [];
  for (const file of files) {
    try {
      await writeTokens(file, file.tokens);
    } catch (err) {
      if (written.length === 0 || !(err instanceof CliError)) throw err;
      beforeFailure(written);
      throw new CliError(err.exitCode, `${err.message}\n  the change was written to ${written.join(', ')} only`);
    }
    written.push(file.node);
  }
}

export async function createCommand(input: CommandInput): Promise<void> {
  const { principal, tokenName } = principalAndTokenName(input.args);
  const target = requireTarget(input.node, input.allNodes);
  const files = await load(input.dataDir, target);
  const [namespace, service] = splitPrincipal(principal);
  const qualified = qualifiedName(namespace, service, tokenName);
  const holders = files.filter((f) => f.tokens.has(qualified));
  if (holders.length > 0) {
    throw new CliError(EXIT.CODE_ERROR, onNodes(alreadyExists(qualified), target, holders, 'Pick another token name, or create it node by node with --node <name>.'));
  }
  // One secret for every node: the same bearer value authenticates on each of them.
  const secret = newSecret();
  const hash = await hashSecret(secret);
  for (const file of files) file.tokens.set(qualified, hash);
  const line = `SERVICE_TOKEN ${qualified} = ${encodeBearer(namespace, service, tokenName, secret)}`;
  // If a later node's write fails, the nodes already written hold the token: print it anyway.
  await writeAll(files, () => input.out(line));
  input.out(line);
}

export async function deleteCommand(input: CommandInput): Promise<void> {
  const { principal, tokenName } = principalAndTokenName(input.args);
  const target = requireTarget(input.node, input.allNodes);
  const files = await load(input.dataDir, target);
  const [namespace, service] = splitPrincipal(principal);
  const qualified = qualifiedName(namespace, service, tokenName);
  const lacking = files.filter((f) => !f.tokens.has(qualified));
  if (lacking.length > 0) {
    throw new CliError(EXIT.CODE_ERROR, onNodes(doesNotExist(qualified), target, lacking, 'Delete it node by node with --node <name>.'));
  }
  for (const file of files) file.tokens.delete(qualified);
  await writeAll(files, () => undefined);
}

/** With --node, exactly ES's output; otherwise (--all-nodes, or no target) `<node>: <key>` lines. */
export async function listCommand(input: CommandInput): Promise<void> {
  const principal = listPrincipal(input.args);
  const target: Target = input.node === undefined && !input.allNodes ? { kind: 'all-nodes' } : requireTarget(input.node, input.allNodes);
  const files = await load(input.dataDir, target);
  const matches = (key: string) => principal === undefined || key.startsWith(`${principal}/`);
  for (const file of files) {
    for (const key of file.tokens.keys()) {
      if (matches(key)) input.out(target.kind === 'node' ? key : `${file.node}: ${key}`);
    }
  }
}
