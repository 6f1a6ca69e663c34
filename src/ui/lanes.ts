/**
 * The timeline's lanes: the coordinator, each node, the security index. Past
 * MAX_NODE_LANES nodes, neighbours share a lane (labelled first…last), so 100 nodes stay
 * readable.
 */
export const COORDINATOR = 'coordinator';
export const INDEX_LANE = 'security index';
/** Up to this many node lanes; past it, nodes are grouped. */
const MAX_NODE_LANES = 24;

/** Lane labels, and the lane of each node (grouped past MAX_NODE_LANES). */
export function lanes(nodeOrder: readonly string[]): { labels: string[]; laneOf: (node: string) => number } {
  const per = Math.max(1, Math.ceil(nodeOrder.length / MAX_NODE_LANES));
  const index = new Map<string, number>();
  const labels = [COORDINATOR];
  nodeOrder.forEach((n, i) => {
    const lane = 1 + Math.floor(i / per);
    index.set(n, lane);
    if (labels.length <= lane) labels.push(per === 1 ? n : `${n}…${nodeOrder[Math.min(nodeOrder.length - 1, i + per - 1)]}`);
  });
  const indexLane = labels.length;
  labels.push(INDEX_LANE);
  return { labels, laneOf: (node) => (node === COORDINATOR ? 0 : node === INDEX_LANE ? indexLane : (index.get(node) ?? 0)) };
}

