/**
 * The simulator's node controls, as the `/_sim/nodes` routes and the library ask for them:
 * list the members, resolve a name or id, kill one for real, start it again (same id and
 * name, empty caches), and look inside its caches. Answers are plain views, so callers
 * never hold a node's channel.
 */
import type { CacheView, NodeView } from '../protocol';
import type { NodeChannel } from '../transport/node-channel';
import type { Cluster } from './cluster';

export function nodeView(node: NodeChannel): NodeView {
  return { id: node.info.id, name: node.info.name, pid: node.pid, status: node.displayStatus };
}

/** Every member in name order, up or down. */
export function listNodes(cluster: Cluster): NodeView[] {
  return cluster.nodes().map(nodeView);
}

/** The name of the member called or identified `nameOrId`; a 404 naming the known nodes otherwise. */
export function nodeName(cluster: Cluster, nameOrId: string): string {
  return cluster.requireNode(nameOrId).info.name;
}

/**
 * Kills (SIGKILL for a process) or starts a member. `previous_status` is said in the
 * answer, so `sim start` of a node that is up can say so rather than "started".
 */
export async function killOrStartNode(
  cluster: Cluster,
  nameOrId: string,
  action: 'kill' | 'start',
): Promise<{ previous_status: NodeView['status']; node: NodeView }> {
  const node = cluster.requireNode(nameOrId);
  const before = node.displayStatus;
  await (action === 'kill' ? node.kill() : cluster.startNode(node));
  return { previous_status: before, node: nodeView(node) };
}

/** What a member's two caches hold; a node that cannot answer is its transport error. */
export function nodeCaches(cluster: Cluster, nameOrId: string): Promise<{ file: CacheView; index: CacheView }> {
  return cluster.cacheSnapshot(nameOrId);
}
