/**
 * Writes JSON the way Elasticsearch does: compact by default; with `pretty`, Jackson's
 * layout as ES configures it (`"key" : value`, two-space indent, arrays one item a line,
 * `[ ]` and `{ }` when empty, and a newline at the end). Doubles that happen to be whole
 * (e.g. `active_shards_percent_as_number`) keep their `.0`, so they are wrapped in JsonDouble.
 */

export class JsonDouble {
  constructor(readonly value: number) {}
}

export function formatJson(value: unknown, pretty: boolean): string {
  return pretty ? `${writePretty(value, '')}\n` : writeCompact(value);
}

function scalar(value: unknown): string | undefined {
  if (value === null || value === undefined) return 'null';
  if (value instanceof JsonDouble) return Number.isInteger(value.value) ? `${value.value}.0` : String(value.value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  return undefined;
}

function fields(value: object): [string, unknown][] {
  return Object.entries(value).filter(([, v]) => v !== undefined);
}

function writeCompact(value: unknown): string {
  const s = scalar(value);
  if (s !== undefined) return s;
  if (Array.isArray(value)) return `[${value.map(writeCompact).join(',')}]`;
  return `{${fields(value as object).map(([k, v]) => `${JSON.stringify(k)}:${writeCompact(v)}`).join(',')}}`;
}

function writePretty(value: unknown, indent: string): string {
  const s = scalar(value);
  if (s !== undefined) return s;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[ ]';
    return `[\n${value.map((v) => inner + writePretty(v, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = fields(value as object);
  if (entries.length === 0) return '{ }';
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)} : ${writePretty(v, inner)}`).join(',\n')}\n${indent}}`;
}
