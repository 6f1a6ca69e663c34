/**
 * `nodes`, `kill`, `start`, `caches`, `auth` and `reset`: the node API of `/_sim/nodes`, a
 * bearer token tried on each node in turn (X-Sim-Node) to show which nodes still accept it
 * (the token is sent, never printed), and `/_sim/_reset`.
 */
import { usageError } from '../service-tokens/es-cli';
import type { Command, CommandInput } from './command-input';
import { columns } from './key-values';

interface NodeView {
  id: string;
  name: string;
  pid: number | null;
  status: string;
}

interface CacheView {
  size: number;
  entries: { key: string; age_ms: number; expires_in_ms: number; hits: number }[];
  stats: { hits: number; misses: number; removed: Record<string, number> };
}

/** Keys shown per cache; the rest are counted. */
const SHOWN_KEYS = 5;

const nodeRow = (n: NodeView) => [n.name, `id ${n.id}`, `pid ${n.pid ?? '-'}`, n.status];

function oneNode(command: string, args: readonly string[]): string {
  if (args.length !== 1) throw usageError(`[${command}] takes one node name or id, got [${args.join(', ')}]`);
  return args[0] as string;
}

const listNodes: Command = async ({ args, client, out }) => {
  if (args.length > 0) throw usageError(`[nodes] takes no arguments, got [${args.join(', ')}]`);
  const { nodes } = await client.json<{ nodes: NodeView[] }>('GET', '/_sim/nodes');
  for (const line of columns(nodes.map(nodeRow))) out(line);
};

function lifecycle(action: 'kill' | 'start'): Command {
  return async ({ args, client, out }) => {
    const name = oneNode(action, args);
    const answer = await client.json<{ node: NodeView; previous_status?: string }>('POST', `/_sim/nodes/${encodeURIComponent(name)}/_${action}`);
    const { node, previous_status: before } = answer;
    const row = columns([nodeRow(node).slice(1)])[0];
    if (action === 'start' && before !== 'down') return out(`${node.name} was already ${before ?? 'up'}: ${row}`);
    if (action === 'kill' && before === 'down') return out(`${node.name} was already down: ${row}`);
    out(`${action === 'kill' ? 'killed' : 'started'} ${node.name}: ${row}`);
  };
}

/** `950ms`, `42s`, `19m58s`: how long until an entry expires. */
export function duration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

/** `file   size 1  hits 3  misses 1  removed cleared=1  keys [elastic/fleet-server/token1]` */
export function describeCache(name: string, cache: CacheView): string {
  const parts = [name, `size ${cache.size}`, `hits ${cache.stats.hits}`, `misses ${cache.stats.misses}`];
  const removed = Object.entries(cache.stats.removed).filter(([, n]) => n > 0);
  if (removed.length > 0) parts.push(`removed ${removed.map(([why, n]) => `${why}=${n}`).join(' ')}`);
  if (cache.entries.length > 0) {
    const keys = cache.entries.slice(0, SHOWN_KEYS).map((e) => `${e.key} (expires in ${duration(e.expires_in_ms)})`);
    const more = cache.entries.length - keys.length;
    parts.push(`keys [${keys.join(', ')}${more > 0 ? `, … ${more} more` : ''}]`);
  }
  return parts.join('  ');
}

const caches: Command = async ({ args, client, out }) => {
  const name = oneNode('caches', args);
  const view = await client.json<Record<string, CacheView>>('GET', `/_sim/nodes/${encodeURIComponent(name)}/caches`);
  const width = Math.max(...Object.keys(view).map((k) => k.length));
  for (const [cacheName, cache] of Object.entries(view)) out(describeCache(cacheName.padEnd(width), cache));
};

async function authenticateOn({ client }: CommandInput, token: string, node: string): Promise<number> {
  const res = await client.send('GET', '/_security/_authenticate', { headers: { Authorization: `Bearer ${token}`, 'X-Sim-Node': node } });
  await res.arrayBuffer(); // the answer names the user, not the token; only the status is shown
  return res.status;
}

const auth: Command = async (input) => {
  const { args, options, client, out } = input;
  // Never echo the arguments here: one of them is a secret.
  if (args.length !== 1) throw usageError(`[auth] takes one bearer token, got ${args.length} arguments`);
  const token = args[0] as string;
  const names = options.list('--node', '--nodes') ?? (await client.json<{ nodes: NodeView[] }>('GET', '/_sim/nodes')).nodes.map((n) => n.name);
  // All at once: a paused node answers only after the fan-out timeout, and should not hold up the others.
  const statuses = await Promise.all(names.map((node) => authenticateOn(input, token, node)));
  names.forEach((node, i) => out(`${node} ${statuses[i]}`));
};

interface ResetAnswer {
  healed: unknown;
  restored: string[];
  started: string[];
  caches_cleared: string[];
  caches_not_cleared?: string[];
}

const listed = (names: readonly string[]) => (names.length === 0 ? 'none' : names.join(', '));

const reset: Command = async ({ args, client, out }) => {
  if (args.length > 0) throw usageError(`[reset] takes no arguments, got [${args.join(', ')}]`);
  const r = await client.json<ResetAnswer>('POST', '/_sim/_reset');
  out(`healed faults: ${Array.isArray(r.healed) ? listed(r.healed.map(String)) : JSON.stringify(r.healed)}`);
  out(`restored service_tokens: ${listed(r.restored)}`);
  out(`started nodes: ${listed(r.started)}`);
  out(`emptied caches and zeroed their statistics: ${listed(r.caches_cleared)}`);
  if (r.caches_not_cleared !== undefined) out(`could not reach the caches of: ${listed(r.caches_not_cleared)}`);
};

export const NODE_COMMANDS: Record<string, Command> = {
  nodes: listNodes,
  kill: lifecycle('kill'),
  start: lifecycle('start'),
  caches,
  auth,
  reset,
};
