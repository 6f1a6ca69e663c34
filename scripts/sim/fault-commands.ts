/**
 * `fault add | list | heal`: the fault API of `/_sim/faults` from the command line. The
 * options map one to one onto the fields of a fault definition (the table of
 * src/faults/fault-table.ts); the server validates the definition, so a bad one fails with
 * the server's own 400.
 */
import { FAULT_FIELD_OPTIONS, FAULT_LIST_OPTIONS } from '../../src/faults/fault-table';
import { usageError } from '../service-tokens/es-cli';
import type { Command, CommandInput } from './command-input';
import { columns, keyValues } from './key-values';

type Fault = Record<string, unknown> & { id: string; type: string };

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** The JSON definition for `fault add <type>`: only the fields whose options were given. */
export function faultBody(type: string, { options }: Pick<CommandInput, 'options'>): Record<string, unknown> {
  const body: Record<string, unknown> = { type };
  const nodes = options.list('--node', '--nodes');
  if (nodes !== undefined) body.nodes = nodes;
  for (const { option, field } of FAULT_LIST_OPTIONS) {
    const list = options.list(option);
    if (list !== undefined) body[field] = list;
  }
  for (const { option, field, numeric } of FAULT_FIELD_OPTIONS) {
    const value = options.one(option);
    if (value !== undefined) body[field] = numeric && NUMBER.test(value) ? Number(value) : value;
  }
  const errorType = options.one('--error-type');
  const errorReason = options.one('--error-reason');
  if (errorType !== undefined || errorReason !== undefined) body.error = { type: errorType, reason: errorReason };
  return body;
}

/** `<type>-<n>` with the smallest n ≥ 1 that no active fault uses. */
async function freeId({ client }: CommandInput, type: string): Promise<string> {
  const { faults } = await client.json<{ faults: Fault[] }>('GET', '/_sim/faults');
  const used = new Set(faults.map((f) => f.id));
  let n = 1;
  while (used.has(`${type}-${n}`)) n++;
  return `${type}-${n}`;
}

function describeDelay(delay: Record<string, unknown>): string {
  const { distribution, ms, min_ms, max_ms, mean_ms, jitter_ms } = delay;
  const base =
    distribution === 'fixed' ? `fixed ${String(ms)}ms`
    : distribution === 'uniform' ? `uniform ${String(min_ms)}-${String(max_ms)}ms`
    : distribution === 'exponential' ? `exponential mean ${String(mean_ms)}ms`
    : keyValues(delay).join(' ');
  return typeof jitter_ms === 'number' && jitter_ms > 0 ? `${base} jitter ${jitter_ms}ms` : base;
}

/**
 * One readable phrase for a fault as the server resolved it: its scope (`[all]` when a list
 * is empty), then what it does; settings at their no-op value (direction both, probability
 * 1, no jitter) are left out. Content is counted, not shown.
 */
export function describeFault(fault: Fault): string {
  const { id: _id, type, applied_at_ms: _at, nodes, messages, paths, methods, direction, probability, delay, error, action, content, ...rest } = fault;
  // A rest fault is its action first ("rest error paths [...]"); the others name their action last.
  const words = type === 'rest' && action !== undefined ? [type, String(action)] : [type];
  const scope = (name: string, list: unknown) => Array.isArray(list) && words.push(`${name} [${list.length === 0 ? 'all' : list.join(', ')}]`);
  scope('nodes', nodes);
  scope('messages', messages);
  scope('paths', paths);
  scope('methods', methods);
  if (direction !== undefined && direction !== 'both') words.push(`direction ${String(direction)}`);
  if (probability !== undefined && probability !== 1) words.push(`probability ${String(probability)}`);
  if (typeof delay === 'object' && delay !== null) words.push(describeDelay(delay as Record<string, unknown>));
  if (typeof error === 'object' && error !== null) {
    const e = error as { type?: unknown; reason?: unknown };
    words.push(`answering ${String(e.type)}: ${String(e.reason)}`);
  }
  if (action !== undefined && type !== 'rest') words.push(`action ${String(action)}`);
  if (typeof content === 'string') words.push(`content (${content.length} characters)`);
  words.push(...keyValues(rest));
  return words.join(' ');
}

const faultAdd: Command = async (input) => {
  const [type, ...extra] = input.args;
  if (type === undefined) throw usageError('[fault add] needs a fault type, e.g. fault add partition --node node-2');
  if (extra.length > 0) throw usageError(`[fault add] takes one fault type, got [${input.args.join(', ')}]`);
  const body = faultBody(type, input);
  const id = input.options.one('--id') ?? (await freeId(input, type));
  const { fault } = await input.client.json<{ fault: Fault }>('PUT', `/_sim/faults/${encodeURIComponent(id)}`, body);
  input.out(`added fault ${fault.id}: ${describeFault(fault)}`);
};

/** A delay's settings are flat fields of the definition (`ms`, `jitter_ms`): show them so, in place. */
function flatDelay(fields: Record<string, unknown>): Record<string, unknown> {
  const entries = Object.entries(fields).flatMap(([key, value]) =>
    key === 'delay' && typeof value === 'object' && value !== null ? Object.entries(value) : [[key, value] as const],
  );
  return Object.fromEntries(entries);
}

const faultList: Command = async ({ args, client, out }) => {
  if (args.length > 0) throw usageError(`[fault list] takes no arguments, got [${args.join(', ')}]`);
  const { faults } = await client.json<{ faults: Fault[] }>('GET', '/_sim/faults');
  if (faults.length === 0) return out('no active faults');
  // An empty scope means everything: say so rather than show an empty list.
  const readable = (kv: string) => (kv === 'nodes=[]' ? 'nodes=[all]' : kv === 'messages=[]' ? 'messages=[all kinds]' : kv);
  const rows = faults.map(({ id, type, ...fields }) => [id, type, keyValues(flatDelay(fields)).map(readable).join(' ')]);
  for (const line of columns(rows)) out(line);
};

const faultHeal: Command = async ({ args, options, client, out }) => {
  const all = options.has('--all');
  if (all === (args.length > 0)) throw usageError('[fault heal] needs fault ids or --all (not both)');
  const healed: string[] = [];
  if (all) healed.push(...(await client.json<{ healed: string[] }>('DELETE', '/_sim/faults')).healed);
  for (const id of args) {
    try {
      healed.push(...(await client.json<{ healed: string[] }>('DELETE', `/_sim/faults/${encodeURIComponent(id)}`)).healed);
    } catch (err) {
      if (healed.length > 0) out(`healed ${healed.join(', ')}`); // say what did happen before the error
      throw err;
    }
  }
  out(healed.length === 0 ? 'no active faults to heal' : `healed ${healed.join(', ')}`);
};

export const FAULT_COMMANDS: Record<string, Command> = {
  'fault add': faultAdd,
  'fault list': faultList,
  'fault heal': faultHeal,
};
