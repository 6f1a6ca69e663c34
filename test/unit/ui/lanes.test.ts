import { lanes } from '../../../src/ui/lanes';

const nodes = (n: number) => Array.from({ length: n }, (_, i) => `node-${i + 1}`);

describe('dashboard timeline lanes', () => {
  it('gives the coordinator, each node and the security index a lane of their own', () => {
    const { labels, laneOf } = lanes(nodes(3));
    expect(labels).toEqual(['coordinator', 'node-1', 'node-2', 'node-3', 'security index']);
    expect([laneOf('coordinator'), laneOf('node-3'), laneOf('security index')]).toEqual([0, 3, 4]);
  });

  it('collapses 100 nodes into at most 24 shared lanes, each named for its first and last node', () => {
    const { labels, laneOf } = lanes(nodes(100));
    expect(labels).toHaveLength(2 + 20);
    expect(labels[1]).toBe('node-1…node-5');
    expect(labels[20]).toBe('node-96…node-100');
    expect(laneOf('node-7')).toBe(2);
    expect(laneOf('security index')).toBe(21);
  });
});
