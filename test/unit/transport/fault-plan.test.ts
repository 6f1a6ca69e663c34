import { EsError } from '../../../src/errors';
import { SeededRandom } from '../../../src/sim/random';
import { isNetworkFault, parseFaultSpec, type FaultSpec } from '../../../src/faults';
import { FaultPlan } from '../../../src/transport/fault-plan';

const NODES = ['node-1', 'node-2', 'node-3'];
const spec = (body: unknown) => parseFaultSpec(body, NODES);
const plan = (...faults: FaultSpec[]) => {
  const p = new FaultPlan(new SeededRandom(7));
  faults.forEach((f, i) => isNetworkFault(f) && p.set(`f${i}`, f));
  return p;
};
const reasonOf = (body: unknown) => {
  try {
    spec(body);
  } catch (e) {
    return (e as EsError).reason;
  }
  return 'accepted';
};

describe('fault definitions: bad ones are a 400 naming the field and what is allowed', () => {
  it.each([
    [{}, '[type] must be one of [partition, drop, delay, duplicate, error, kill, restart, pause, file, watcher-blind, security-index, rest] and is required'],
    [{ type: 'flood' }, '[type] must be one of [partition, drop, delay, duplicate, error, kill, restart, pause, file, watcher-blind, security-index, rest], got [flood]'],
    [{ type: 'partition', nodes: ['node-9'] }, '[nodes] must be a list of [node-1, node-2, node-3], got [node-9]'],
    [{ type: 'partition', nodes: ['node-1', 'node-9', 'node-8'] }, '[nodes] must be a list of [node-1, node-2, node-3], got [node-9, node-8]'],
    [{ type: 'partition', messages: ['gossip'] }, '[messages] must be a list of [clear-cache, index-state, token-lookup, authenticate, credentials], got [gossip]'],
    [{ type: 'partition', direction: 'sideways' }, '[direction] must be one of [both, requests, replies], got [sideways]'],
    [{ type: 'drop', probability: 2 }, '[probability] must be a number from 0 to 1, got [2]'],
    [{ type: 'delay' }, '[ms] must be a number from 0 to 3600000 and is required'],
    [{ type: 'delay', distribution: 'uniform', min_ms: 50, max_ms: 10 }, '[max_ms] must be a number from 50 to 3600000, got [10]'],
    [{ type: 'kill' }, '[nodes] is required for a [kill] fault: name the node(s) it applies to'],
    [{ type: 'kill', nodes: ['node-1'], messages: ['clear-cache'] }, 'unknown field [messages] for a [kill] fault; allowed fields: [type, nodes, duration_ms]'],
    [{ type: 'kill', nodes: ['node-1'], probability: 0.5 }, 'unknown field [probability] for a [kill] fault; allowed fields: [type, nodes, duration_ms]'],
    [{ type: 'delay', ms: 10, min_ms: 5 }, 'unknown field [min_ms] for a [delay] fault with [distribution] [fixed]; allowed fields: [type, nodes, messages, direction, count, duration_ms, distribution, ms, jitter_ms]'],
    [{ type: 'delay', distribution: 'uniform', min_ms: 1, max_ms: 5, ms: 3 }, 'unknown field [ms] for a [delay] fault with [distribution] [uniform]; allowed fields: [type, nodes, messages, direction, count, duration_ms, distribution, min_ms, max_ms, jitter_ms]'],
    [{ type: 'delay', distribution: 'exponential', mean_ms: 5, max_ms: 9 }, 'unknown field [max_ms] for a [delay] fault with [distribution] [exponential]; allowed fields: [type, nodes, messages, direction, count, duration_ms, distribution, mean_ms, jitter_ms]'],
    [{ type: 'file', nodes: ['node-1'], action: 'write' }, '[content] is required for [action] [write]'],
    [{ type: 'error', error: { type: 'Bad Type' } }, '[error] must be an object {"type": "<snake_case_exception>", "reason": "<text>"}'],
    [{ type: 'security-index', action: 'purple' }, '[action] must be one of [red, yellow, green, delete, recreate, outdated, up-to-date], got [purple]'],
  ])('%j → %s', (body, reason) => {
    expect(reasonOf(body)).toBe(reason);
  });

  it('accepts nodes and messages as comma lists (for the CLI) and fills defaults', () => {
    expect(spec({ type: 'partition', nodes: 'node-2', messages: 'clear-cache,index-state' })).toEqual({
      type: 'partition', direction: 'both', nodes: ['node-2'], messages: ['clear-cache', 'index-state'],
    });
  });
});

describe('fault plan: what happens to a message', () => {
  const clear = (node: string, leg: 'request' | 'reply' = 'request') => ({ node, kind: 'clear-cache' as const, leg });

  it('a partition loses every message of its nodes and kinds, both ways, and nothing else', () => {
    const p = plan(spec({ type: 'partition', nodes: ['node-2'], messages: ['clear-cache'] }));
    expect(p.decide(clear('node-2'))).toMatchObject({ deliver: false, because: 'partition' });
    expect(p.decide(clear('node-2', 'reply'))).toMatchObject({ deliver: false });
    expect(p.decide(clear('node-1')).deliver).toBe(true);
    expect(p.decide({ node: 'node-2', kind: 'authenticate', leg: 'request' }).deliver).toBe(true);
  });

  it('a one-way partition loses only requests, or only replies', () => {
    expect(plan(spec({ type: 'partition', direction: 'replies' })).decide(clear('node-1')).deliver).toBe(true);
    expect(plan(spec({ type: 'partition', direction: 'replies' })).decide(clear('node-1', 'reply')).deliver).toBe(false);
    expect(plan(spec({ type: 'partition', direction: 'requests' })).decide(clear('node-1', 'reply')).deliver).toBe(true);
  });

  it('drop with a probability loses about that share, the same ones for the same seed', () => {
    const run = () => {
      const p = plan(spec({ type: 'drop', probability: 0.3 }));
      return Array.from({ length: 1000 }, () => p.decide(clear('node-1')).deliver);
    };
    const first = run();
    expect(run()).toEqual(first);
    const lost = first.filter((d) => !d).length;
    expect(lost).toBeGreaterThan(250);
    expect(lost).toBeLessThan(350);
  });

  it('delays add up; fixed, uniform within bounds, exponential around its mean', () => {
    expect(plan(spec({ type: 'delay', ms: 100 }), spec({ type: 'delay', ms: 50 })).decide(clear('node-1'))).toMatchObject({ delayMs: 150 });
    const u = plan(spec({ type: 'delay', distribution: 'uniform', min_ms: 10, max_ms: 20 }));
    for (let i = 0; i < 100; i++) {
      const v = u.decide(clear('node-1'));
      expect(v.deliver && v.delayMs >= 10 && v.delayMs <= 20).toBe(true);
    }
    const e = plan(spec({ type: 'delay', distribution: 'exponential', mean_ms: 100 }));
    const samples = Array.from({ length: 4000 }, () => (e.decide(clear('node-1')) as { delayMs: number }).delayMs);
    expect(samples.reduce((a, b) => a + b, 0) / samples.length).toBeGreaterThan(90);
    expect(samples.reduce((a, b) => a + b, 0) / samples.length).toBeLessThan(110);
  });

  it('duplicate and error apply to requests only', () => {
    const p = plan(spec({ type: 'duplicate' }), spec({ type: 'error', error: { type: 'illegal_state_exception', reason: 'boom' } }));
    expect(p.decide(clear('node-1'))).toMatchObject({ deliver: true, copies: 2, error: { type: 'illegal_state_exception', reason: 'boom' } });
    expect(p.decide(clear('node-1', 'reply'))).toEqual({ deliver: true, delayMs: 0, copies: 1, by: [] });
  });

  it('healing (deleting) a fault restores delivery', () => {
    const p = plan(spec({ type: 'partition' }));
    p.delete('f0');
    expect(p.decide(clear('node-3')).deliver).toBe(true);
  });
});
