/**
 * A fault definition (the body of `PUT /_sim/faults/{id}`, the library's `faults.add`)
 * checked against the fault table and the cluster's node names.
 */
import { bad, names, number, oneOf, type Body } from './fault-fields';
import { COUNTED_KINDS, FAULT_TABLE, FAULT_TYPES, LIFETIME_FIELDS, MESSAGE_KINDS, type FaultSpec, type Lifetime, type MessageKind, type Scope } from './fault-table';

/** A fault that heals itself after a duration: up to 30 days, which no test outlives. */
const MAX_DURATION_MS = 30 * 24 * 3_600_000;

/** Validates a fault definition against the cluster's node names. */
export function parseFaultSpec(body: unknown, nodeNames: readonly string[]): FaultSpec {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw bad('a fault is a JSON object with at least [type]');
  const b = body as Body;
  const type = oneOf(b, 'type', FAULT_TYPES);
  const entry = FAULT_TABLE[type];
  const counted = COUNTED_KINDS.includes(entry.kind);
  const allowedFields = [
    'type',
    ...(entry.kind === 'index' || entry.kind === 'rest' ? [] : ['nodes']),
    ...(entry.kind === 'network' ? ['messages'] : []),
    ...entry.fields,
    ...LIFETIME_FIELDS.filter((f) => f !== 'count' || counted),
  ];
  if (b.count !== undefined && !counted) {
    const countedTypes = FAULT_TYPES.filter((t) => COUNTED_KINDS.includes(FAULT_TABLE[t].kind));
    throw bad(`[count] is for the faults that act on requests or messages one by one: [${countedTypes.join(', ')}]; a [${type}] fault is applied once: use [duration_ms] to have it heal itself`);
  }
  if (b.duration_ms !== undefined && type === 'restart') throw bad('[duration_ms] does not apply to a [restart] fault, which is over at once: for a node down for a while use [kill] with [duration_ms]');
  const unknown = Object.keys(b).filter((k) => !allowedFields.includes(k));
  if (unknown.length > 0) throw bad(`unknown field [${unknown[0]}] for a [${type}] fault; allowed fields: [${allowedFields.join(', ')}]`);
  const lifetime = lifetimeOf(b);
  if (entry.kind === 'index' || entry.kind === 'rest') return { ...entry.parse(b, [], { nodes: [], messages: [] }, nodeNames), ...lifetime };
  const nodes = names(b, 'nodes', nodeNames);
  const scope: Scope = { nodes, messages: names(b, 'messages', MESSAGE_KINDS) as MessageKind[] };
  return { ...entry.parse(b, nodes, scope, nodeNames), ...lifetime };
}

function lifetimeOf(b: Body): Lifetime {
  const lifetime: Lifetime = {};
  if (b.count !== undefined) {
    const count = number(b, 'count', 1, 1_000_000_000);
    if (!Number.isInteger(count)) throw bad(`[count] must be a whole number from 1 to 1000000000, got [${count}]`);
    lifetime.count = count;
  }
  if (b.duration_ms !== undefined) lifetime.duration_ms = number(b, 'duration_ms', 1, MAX_DURATION_MS);
  return lifetime;
}

/**
 * A fault as responses and events show it: a file fault's new content is counted, not
 * shown (it may hold a plain-text token line), like every secret the simulator handles.
 */
export function publicFaultSpec(spec: FaultSpec): object {
  if (spec.type !== 'file' || spec.content === undefined) return spec;
  const { content, ...rest } = spec;
  return { ...rest, content_chars: content.length };
}
