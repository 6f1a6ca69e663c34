import { isSteady, warmUntilSteady, type WarmUpPlan } from '../../../scripts/bench-support/warm-up';

const plan: WarmUpPlan = { blockSize: 10, minRequests: 40, maxRequests: 400, stableBlocks: 3, tolerance: 0.05 };

/** A subject whose requests in block b (0, 1, …) each take `latency(b)` µs. */
function subject(latency: (block: number) => number): { runBlock: (n: number) => Promise<number[]> } {
  let block = 0;
  return { runBlock: async (n) => new Array<number>(n).fill(latency(block++)) };
}

describe('bench warm-up until steady', () => {
  test('a p50 that stopped falling is steady; one still falling is not', () => {
    expect(isSteady([900, 700, 500, 400, 400, 401, 399, 400], 3, 0.03)).toBe(true);
    expect(isSteady([900, 800, 700, 650, 600, 560, 520, 490], 3, 0.03)).toBe(false);
  });

  test('one lucky block does not end the warm-up', () => {
    // Before the last three: 600, 580, 560 (median 580); the last three 300 (lucky), 540, 530 → median 530 < 0.97 × 580.
    expect(isSteady([700, 600, 580, 560, 300, 540, 530], 3, 0.03)).toBe(false);
  });

  test('too few blocks to compare are not steady', () => {
    expect(isSteady([100, 100, 100, 100, 100], 3, 0.03)).toBe(false);
  });

  test('a subject that is fast at once runs the minimum and is settled', async () => {
    const s = subject(() => 100);
    const result = await warmUntilSteady(s.runBlock, plan);
    expect(result).toMatchObject({ requests: 60, settled: true });
    expect(result.blockP50s).toEqual([100, 100, 100, 100, 100, 100]);
  });

  test('a subject that keeps compiling runs until its p50 flattens', async () => {
    // 1000 µs, falling 10% a block until block 12, flat after.
    const s = subject((b) => 1000 * 0.9 ** Math.min(b, 12));
    const result = await warmUntilSteady(s.runBlock, plan);
    expect(result.settled).toBe(true);
    expect(result.blockP50s.length).toBeGreaterThanOrEqual(13 + 3);
    expect(result.blockP50s[0]).toBe(1000);
  });

  test('a subject that never settles stops at the maximum and says so', async () => {
    const s = subject((b) => 1000 * 0.9 ** b);
    const result = await warmUntilSteady(s.runBlock, plan);
    expect(result).toMatchObject({ requests: 400, settled: false });
  });
});
