import { nodesResponse } from '../../../src/coordinator/aggregate';
import { nodeDisconnected, nodeNotConnected, receiveTimeout, type NodeInfo, type NodeResult } from '../../../src/protocol';

const node = (n: number): NodeInfo => ({ id: `id-${n}`, name: `node-${n}`, transportAddress: `127.0.0.1:930${n}` });
const okResult = (n: number): NodeResult => ({ node: node(n), ok: true, value: {} });
const ACTION = 'cluster:admin/xpack/security/cache/clear[n]';

describe('aggregate: nodes response', () => {
  it('with no failures: counts, no failures key, every node by id', () => {
    const body = nodesResponse([okResult(1), okResult(2), okResult(3)], 'elasticsearch');
    expect(JSON.stringify(body)).toBe(
      '{"_nodes":{"total":3,"successful":3,"failed":0},"cluster_name":"elasticsearch","nodes":{"id-1":{"name":"node-1"},"id-2":{"name":"node-2"},"id-3":{"name":"node-3"}}}',
    );
  });

  it('with some failures: failures after failed, failed nodes absent from nodes', () => {
    const body = nodesResponse(
      [okResult(1), { node: node(2), ok: false, error: nodeDisconnected(node(2), ACTION) }, okResult(3)],
      'elasticsearch',
    );
    expect(JSON.stringify(body)).toBe(
      '{"_nodes":{"total":3,"successful":2,"failed":1,"failures":[{"type":"failed_node_exception","reason":"Failed node [id-2]","node_id":"id-2","caused_by":{"type":"node_disconnected_exception","reason":"[node-2][127.0.0.1:9302][cluster:admin/xpack/security/cache/clear[n]] disconnected"}}]},"cluster_name":"elasticsearch","nodes":{"id-1":{"name":"node-1"},"id-3":{"name":"node-3"}}}',
    );
  });

  it('with every node failed: nodes is an empty object and failures keep arrival order', () => {
    const body = nodesResponse(
      [
        { node: node(3), ok: false, error: receiveTimeout(node(3), ACTION, 7, 10000) },
        { node: node(1), ok: false, error: nodeNotConnected(node(1)) },
      ],
      'my-cluster',
    );
    expect(body._nodes).toMatchObject({ total: 2, successful: 0, failed: 2 });
    expect(body._nodes.failures?.map((f) => f.node_id)).toEqual(['id-3', 'id-1']);
    expect(body._nodes.failures?.[0]?.caused_by).toEqual({
      type: 'receive_timeout_transport_exception',
      reason: '[node-3][127.0.0.1:9303][cluster:admin/xpack/security/cache/clear[n]] request_id [7] timed out after [10000ms]',
    });
    expect(body._nodes.failures?.[1]?.caused_by).toEqual({
      type: 'node_not_connected_exception',
      reason: '[node-1][127.0.0.1:9301] Node not connected',
    });
    expect(body.cluster_name).toBe('my-cluster');
    expect(body.nodes).toEqual({});
  });

  it('a node-side exception travels as its own type and reason', () => {
    const body = nodesResponse(
      [{ node: node(1), ok: false, error: { type: 'illegal_argument_exception', reason: 'No cache named [x] is found' } }],
      'elasticsearch',
    );
    expect(body._nodes.failures?.[0]?.caused_by).toEqual({ type: 'illegal_argument_exception', reason: 'No cache named [x] is found' });
  });
});
