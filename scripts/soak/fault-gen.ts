/**
 * Random fault definitions covering every type of the README's "Faults" table and
 * src/faults/fault-table.ts, with every field each type takes. Node choices lean on one
 * "hot" node so several faults often pile up on the same node.
 */
import { DIRECTIONS, FAULT_TYPES, FILE_ACTIONS, INDEX_ACTIONS, MESSAGE_KINDS, type FaultType } from '../../src/faults';
import type { Random } from '../../src/sim/random';
import { INJECTED_ERROR_TYPES } from './allowed-5xx';
import { pick } from './fuzz-values';

function someNodes(random: Random, names: readonly string[], hot: string): string[] {
  if (random.next() < 0.5) return [hot];
  const out = names.filter(() => random.next() < 0.5);
  return out.length > 0 ? out : [pick(random, names)];
}

function scope(random: Random, names: readonly string[], hot: string): Record<string, unknown> {
  const s: Record<string, unknown> = {};
  if (random.next() < 0.7) s.nodes = someNodes(random, names, hot);
  if (random.next() < 0.6) s.messages = MESSAGE_KINDS.filter(() => random.next() < 0.5);
  if ((s.messages as string[] | undefined)?.length === 0) delete s.messages;
  return s;
}

function delay(random: Random, maxMs: number): Record<string, unknown> {
  const jitter = random.next() < 0.3 ? { jitter_ms: random.int(maxMs / 4) } : {};
  switch (random.int(3)) {
    case 0: return { distribution: 'fixed', ms: random.int(maxMs), ...jitter };
    case 1: {
      const min = random.int(maxMs / 2);
      return { distribution: 'uniform', min_ms: min, max_ms: min + random.int(maxMs / 2), ...jitter };
    }
    default: return { distribution: 'exponential', mean_ms: 1 + random.int(maxMs / 4), ...jitter };
  }
}

const REST_PATHS = ['/_security/_authenticate', '/_security/service/*', '/'];

const FILE_LINES = ['elastic/fleet-server/token1:{PBKDF2_STRETCH}10000$bm90LXRoZS1zYWx0$bm90LXRoZS1oYXNo', '# a comment', 'no-colon-here', '', 'elastic/fleet-server/x:'];

/** One fault of `type` (random if not given); delays stay under half the fan-out timeout. */
export function randomFault(random: Random, names: readonly string[], hot: string, fanOutTimeoutMs: number, type?: FaultType): Record<string, unknown> {
  const t = type ?? pick(random, FAULT_TYPES);
  const direction = random.next() < 0.5 ? { direction: pick(random, DIRECTIONS) } : {};
  const probability = random.next() < 0.5 ? { probability: Math.round(random.next() * 100) / 100 } : {};
  switch (t) {
    case 'partition': return { type: t, ...scope(random, names, hot), ...direction };
    case 'drop': return { type: t, ...scope(random, names, hot), ...direction, ...probability };
    case 'delay': return { type: t, ...scope(random, names, hot), ...direction, ...delay(random, fanOutTimeoutMs / 2) };
    case 'duplicate': return { type: t, ...scope(random, names, hot), ...probability };
    case 'error': return { type: t, ...scope(random, names, hot), ...probability, error: { type: pick(random, INJECTED_ERROR_TYPES), reason: `soak ${random.id(6)}` } };
    case 'kill': case 'restart': case 'pause': case 'watcher-blind':
      return { type: t, nodes: someNodes(random, names, hot) };
    case 'file': {
      const action = pick(random, FILE_ACTIONS);
      const content = Array.from({ length: random.int(4) }, () => pick(random, FILE_LINES)).join('\n');
      return { type: t, nodes: someNodes(random, names, hot), action, ...(action === 'write' ? { content } : {}) };
    }
    case 'security-index': return { type: t, action: pick(random, INDEX_ACTIONS) };
    // Only short delays at the front door: the load judges every answer, and an injected
    // error, reset or hang would be a failure it cannot tell from a real one. No `count` or
    // `duration_ms` on any type: chaos heals each fault it added by id, and a fault that
    // healed itself answers that with a 404.
    case 'rest': return { type: t, action: 'delay', ...delay(random, fanOutTimeoutMs / 10), ...(random.next() < 0.5 ? { paths: [pick(random, REST_PATHS)] } : {}), ...(random.next() < 0.3 ? { methods: ['GET'] } : {}), ...probability };
    default: throw new Error(`the soak has no generator for fault type [${String(t)}]: add one`);
  }
}
