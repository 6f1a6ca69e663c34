/**
 * A fault definition (the body of `PUT /_sim/faults/{id}`, the library's `faults.add`)
 * checked against the fault table and the cluster's node names.
 */
import { bad, names, oneOf, type Body } from './fault-fields';
import { FAULT_TABLE, FAULT_TYPES, MESSAGE_KINDS, type FaultSpec, type MessageKind, type Scope } from './fault-table';

/** Validates a fault definition against the cluster's node names. */
export function parseFaultSpec(body: unknown, nodeNames: readonly string[]): FaultSpec {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw bad('a fault is a JSON object with at least [type]');
  const b = body as Body;
  const type = oneOf(b, 'type', FAULT_TYPES);
  const entry = FAULT_TABLE[type];
  const allowedFields = ['type', ...(entry.kind === 'index' ? [] : ['nodes']), ...(entry.kind === 'network' ? ['messages'] : []), ...entry.fields];
  const unknown = Object.keys(b).filter((k) => !allowedFields.includes(k));
  if (unknown.length > 0) throw bad(`unknown field [${unknown[0]}] for a [${type}] fault; allowed fields: [${allowedFields.join(', ')}]`);
  if (entry.kind === 'index') return entry.parse(b, [], { nodes: [], messages: [] });
  const nodes = names(b, 'nodes', nodeNames);
  const scope: Scope = { nodes, messages: names(b, 'messages', MESSAGE_KINDS) as MessageKind[] };
  return entry.parse(b, nodes, scope);
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
