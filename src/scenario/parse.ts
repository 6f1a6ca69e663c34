/**
 * Reads a scenario file: Elasticsearch's YAML REST-test dialect (documents of `setup`,
 * `teardown` and named tests, each a list of one-key steps) into plain step records that
 * keep their line and column. Anything the runner cannot run is a ScenarioSyntaxError
 * naming the file, line, column and what is allowed — before a single request is sent.
 */
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';

export const ASSERTIONS = ['match', 'is_true', 'is_false', 'exists', 'length', 'gt', 'gte', 'lt', 'lte', 'contains', 'close_to', 'is_after'] as const;
export type AssertionOp = (typeof ASSERTIONS)[number];
const STEP_KINDS = ['do', 'set', 'skip', 'requires', ...ASSERTIONS];
/** Keys of a `do` besides the API name (ES's DoSection). */
const DO_OPTIONS = ['catch', 'headers', 'warnings', 'allowed_warnings', 'warnings_regex', 'allowed_warnings_regex', 'node_selector'];

/** A YAML value that may be one item or a list of them (`features: x` or `features: [x, y]`), as strings. */
export function asList(v: unknown): string[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)];
}

export interface Where {
  line: number;
  column: number;
}

export type Step = Where & { section: Section; index: number; source: string } & (
    | { kind: 'do'; api: string; params: Record<string, unknown>; catch?: string; headers: Record<string, unknown>; ignore: number[]; options: Record<string, unknown> }
    | { kind: 'set'; pairs: [string, string][] }
    | { kind: 'assert'; op: AssertionOp; path: string; expected: unknown }
    | { kind: 'skip' | 'requires'; spec: Record<string, unknown> }
  );

export type Section = 'setup' | 'teardown' | 'test';

export interface ScenarioTest extends Where {
  name: string;
  steps: Step[];
}

export interface ScenarioFile {
  file: string;
  /** A clients-tests style top-level `requires: {stack, serverless, ...}` document. */
  topRequires?: Record<string, unknown>;
  setup: Step[];
  teardown: Step[];
  tests: ScenarioTest[];
}

export class ScenarioSyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly where: Where | undefined,
    readonly detail: string,
  ) {
    super(`${file}${where === undefined ? '' : `:${where.line}:${where.column}`}: ${detail}`);
    this.name = 'ScenarioSyntaxError';
  }
}

export function parseScenario(text: string, file: string): ScenarioFile {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true });
  const out: ScenarioFile = { file, setup: [], teardown: [], tests: [] };
  const at = (node: Node | null | undefined): Where | undefined => {
    if (node?.range === undefined || node.range === null) return undefined;
    const p = lines.linePos(node.range[0]);
    return { line: p.line, column: p.col };
  };
  const fail = (where: Where | undefined, detail: string): never => {
    throw new ScenarioSyntaxError(file, where, detail);
  };
  if (!Array.isArray(docs)) fail(undefined, 'not a YAML stream');
  for (const doc of docs as Document.Parsed[]) {
    const error = doc.errors[0];
    if (error !== undefined) {
      const pos = error.linePos?.[0];
      fail(pos === undefined ? undefined : { line: pos.line, column: pos.col }, `YAML: ${error.message.split('\n')[0]}`);
    }
    const root = doc.contents;
    if (root === null) continue; // an empty document, e.g. after a trailing `---`
    if (!isMap(root)) fail(at(root), 'each document must be a map: `setup:`, `teardown:` or `"test name":` with a list of steps');
    for (const pair of (root as { items: { key: unknown; value: unknown }[] }).items) {
      const keyNode = pair.key as Node;
      const name = isScalar(keyNode) ? String(keyNode.value) : fail(at(keyNode), 'a section name must be plain text');
      if (name === 'requires' && isMap(pair.value)) {
        out.topRequires = (pair.value as Node).toJS(doc) as Record<string, unknown>;
        continue;
      }
      const section: Section = name === 'setup' || name === 'teardown' ? name : 'test';
      const stepsNode = pair.value as Node;
      if (!isSeq(stepsNode)) fail(at(keyNode), `[${name}] must be a list of steps (- do: …, - match: …)`);
      const steps = (stepsNode as unknown as { items: Node[] }).items.map((n, i) => parseStep(n, doc, section, i + 1, at, fail));
      if (section === 'test') {
        if (out.tests.some((t) => t.name === name)) fail(at(keyNode), `test [${name}] is defined twice`);
        out.tests.push({ name, steps, ...(at(keyNode) as Where) });
      } else {
        out[section].push(...steps);
      }
    }
  }
  return out;
}

type At = (node: Node | null | undefined) => Where | undefined;
type Fail = (where: Where | undefined, detail: string) => never;

function parseStep(node: Node, doc: Document.Parsed, section: Section, index: number, at: At, fail: Fail): Step {
  const where = at(node) as Where;
  if (!isMap(node) || node.items.length !== 1) fail(where, `a step is a map with one key, one of: ${STEP_KINDS.join(', ')}`);
  const js = node.toJS(doc) as Record<string, unknown>;
  const [kind, value] = Object.entries(js)[0] as [string, unknown];
  const base = { ...where, section, index, source: oneLine(kind, value) };
  if (kind === 'do') return { ...base, ...parseDo(value, where, fail) };
  if (kind === 'skip' || kind === 'requires') {
    if (!isObject(value)) fail(where, `[${kind}] takes a map, e.g. {features: headers} or {cluster_features: x, reason: y}`);
    return { ...base, kind, spec: value as Record<string, unknown> };
  }
  if (kind === 'set') {
    if (!isObject(value)) fail(where, '[set] takes a map of {response path: stash name}');
    const pairs = Object.entries(value as object).map(([k, v]) => [k, String(v)] as [string, string]);
    return { ...base, kind: 'set', pairs };
  }
  if ((ASSERTIONS as readonly string[]).includes(kind)) {
    const op = kind as AssertionOp;
    if (op === 'is_true' || op === 'is_false' || op === 'exists') {
      if (value !== null && typeof value === 'object') fail(where, `[${op}] takes a response path, e.g. ${op}: token.name`);
      return { ...base, kind: 'assert', op, path: value === null ? '' : String(value), expected: undefined };
    }
    if (!isObject(value) || Object.keys(value as object).length !== 1) fail(where, `[${op}] takes a map with one {response path: expected value}`);
    const [path, expected] = Object.entries(value as object)[0] as [string, unknown];
    if (op === 'close_to') closeToShape(expected, where, fail);
    return { ...base, kind: 'assert', op, path, expected };
  }
  return fail(where, `unknown step [${kind}]; allowed: ${STEP_KINDS.join(', ')}`);
}

export type DoStep = Extract<Step, { kind: 'do' }>;

function parseDo(value: unknown, where: Where, fail: Fail): Omit<DoStep, keyof Where | 'section' | 'index' | 'source'> {
  if (!isObject(value)) fail(where, '[do] takes a map: an API name with its parameters, and optionally catch, headers, warnings');
  const entries = Object.entries(value as object);
  const apis = entries.filter(([k]) => !DO_OPTIONS.includes(k));
  if (apis.length !== 1) {
    fail(where, apis.length === 0 ? '[do] names no API' : `[do] names ${apis.length} APIs [${apis.map(([k]) => k).join(', ')}]; one per step (the other keys allowed: ${DO_OPTIONS.join(', ')})`);
  }
  const [api, rawParams] = apis[0] as [string, unknown];
  if (rawParams !== null && !isObject(rawParams)) fail(where, `the parameters of [${api}] must be a map (or {} for none)`);
  const params = { ...((rawParams ?? {}) as Record<string, unknown>) };
  const ignoreRaw = params.ignore;
  delete params.ignore;
  const ignore = (Array.isArray(ignoreRaw) ? ignoreRaw : ignoreRaw === undefined ? [] : [ignoreRaw]).map(Number);
  if (ignore.some((n) => !Number.isInteger(n))) fail(where, `[ignore] takes HTTP status codes, e.g. ignore: 404, got [${String(ignoreRaw)}]`);
  const opts = Object.fromEntries(entries.filter(([k]) => DO_OPTIONS.includes(k)));
  const headers = opts.headers ?? {};
  if (!isObject(headers)) fail(where, '[headers] takes a map of header name to value');
  for (const key of ['warnings_regex', 'allowed_warnings_regex']) {
    for (const source of asList(opts[key])) {
      try {
        new RegExp(source);
      } catch (err) {
        fail(where, `[${key}] has an invalid regular expression [${source}]: ${(err as Error).message}`);
      }
    }
  }
  const catchValue = opts.catch === undefined ? undefined : String(opts.catch);
  return { kind: 'do', api, params, catch: catchValue, headers: headers as Record<string, unknown>, ignore, options: opts };
}

/** `close_to: {path: {value: 5.1, error: 0.001}}`, checked as Elasticsearch's CloseToAssertion parses it. */
function closeToShape(expected: unknown, where: Where, fail: Fail): void {
  if (!isObject(expected)) fail(where, `[close_to] expected a map with value and error but got ${JSON.stringify(expected) ?? String(expected)}`);
  const map = expected as Record<string, unknown>;
  const size = Object.keys(map).length;
  if (size !== 2) fail(where, `[close_to] expected a map with value and error but got a map with ${size} fields`);
  if (map.value === undefined || map.value === null) fail(where, '[close_to] value is missing');
  if (typeof map.error !== 'number') fail(where, '[close_to] error is missing or not a number');
}

function isObject(v: unknown): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The step as one short line, for reports: `match: {"token.name":"api-token-1"}`. */
function oneLine(kind: string, value: unknown): string {
  const text = `${kind}: ${JSON.stringify(value)}`;
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}
