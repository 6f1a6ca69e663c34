/**
 * The dialect's assertions on the last response, as pure functions: each returns null when
 * it holds, or what was expected and what was there. Semantics follow Elasticsearch's YAML
 * test README (rest-api-spec/test/README.asciidoc) and its Java runner's assertion classes
 * (MatchAssertion, IsTrueAssertion, LengthAssertion, ContainsAssertion ...).
 */
import type { AssertionOp } from './parse';

export interface AssertionFailure {
  expected: string;
  actual: string;
  message: string;
}

/** `/…/` is a regular expression with Java's COMMENTS flag: whitespace and `#…` comments ignored. */
export function asRegex(expected: unknown): RegExp | null {
  if (typeof expected !== 'string') return null;
  const t = expected.trim();
  if (t.length < 2 || !t.startsWith('/') || !t.endsWith('/')) return null;
  return new RegExp(stripComments(t.slice(1, -1)));
}

/** The x flag: drop unescaped whitespace and `#` comments outside character classes. */
function stripComments(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c === '\\') {
      out += c + (source[i + 1] ?? '');
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === '#') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (!/\s/.test(c)) {
      out += c;
    }
  }
  return out;
}

export function show(v: unknown): string {
  if (v === undefined) return '(nothing: the path does not exist)';
  return JSON.stringify(v);
}

/** Java's toString of a parsed JSON value, which is what the regex and truthiness checks read. */
function text(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/** Java's Instant.parse: `2023-05-25T12:30:00Z`, optional fraction up to nanoseconds, `Z` or an offset. */
const INSTANT = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** [epoch seconds, nanoseconds], or undefined when not an instant. */
function instant(v: unknown): [number, number] | undefined {
  const m = INSTANT.exec(String(v));
  if (m === null) return undefined;
  const ms = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(ms)) return undefined;
  return [ms / 1000, Number((m[2] ?? '').padEnd(9, '0'))];
}

function compareInstants(a: [number, number], b: [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

function isFalsy(v: unknown): boolean {
  if (v === undefined || v === null || v === false) return true;
  const t = text(v);
  return t === '' || t.toLowerCase() === 'false' || t === '0';
}

function fail(expected: string, actual: unknown, message: string): AssertionFailure {
  return { expected, actual: show(actual), message };
}

function lengthOf(v: unknown): number | undefined {
  if (typeof v === 'string' || Array.isArray(v)) return v.length;
  if (v !== null && typeof v === 'object') return Object.keys(v).length;
  return undefined;
}

/** Does `element` contain everything `expected` asks for (a map: these entries; else equal)? */
function containsEntries(element: unknown, expected: unknown): boolean {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    if (element === null || typeof element !== 'object' || Array.isArray(element)) return false;
    return Object.entries(expected).every(([k, v]) => Object.hasOwn(element, k) && deepEqual((element as Record<string, unknown>)[k], v));
  }
  return deepEqual(element, expected);
}

export function check(op: AssertionOp, actual: unknown, expected: unknown): AssertionFailure | null {
  switch (op) {
    case 'is_true':
      return isFalsy(actual) ? fail('a true value (not missing, null, false, "", "false" or 0)', actual, 'is not true') : null;
    case 'is_false':
      return isFalsy(actual) ? null : fail('missing, null, false, "", "false" or 0', actual, 'is not false');
    case 'exists':
      return actual === undefined || actual === null ? fail('any value', actual, 'does not exist') : null;
    case 'match': {
      const re = asRegex(expected);
      if (re !== null) return actual !== undefined && re.test(text(actual)) ? null : fail(`to match ${String(expected).trim()}`, actual, 'does not match the regular expression');
      return deepEqual(actual, expected) ? null : fail(show(expected), actual, 'does not match');
    }
    case 'length': {
      const n = lengthOf(actual);
      return n === Number(expected) ? null : fail(`length ${show(expected)}`, n === undefined ? actual : `${show(actual)} (length ${n})`, 'has another length');
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const a = Number(actual);
      const e = Number(expected);
      if (typeof actual !== 'number' && typeof actual !== 'string') return fail(`a number ${op} ${show(expected)}`, actual, 'is not a number');
      if (Number.isNaN(a) || Number.isNaN(e)) return fail(`a number ${op} ${show(expected)}`, actual, 'is not a number');
      const holds = op === 'gt' ? a > e : op === 'gte' ? a >= e : op === 'lt' ? a < e : a <= e;
      return holds ? null : fail(`${{ gt: '>', gte: '>=', lt: '<', lte: '<=' }[op]} ${show(expected)}`, actual, `is not ${op} ${show(expected)}`);
    }
    case 'close_to': {
      // CloseToAssertion: |actual - value| <= error, on numbers only.
      const { value, error } = expected as { value: unknown; error: number };
      const target = typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
      if (typeof target !== 'number') return fail(`a number`, value, 'expected value should be a number, but it is not');
      if (typeof actual !== 'number') return fail(`a value close to ${target} (± ${error})`, actual, 'is not a number');
      return Math.abs(actual - target) <= error ? null : fail(`${target} ± ${error}`, actual, `is not within ${error} of ${target}`);
    }
    case 'is_after': {
      // IsAfterAssertion: both sides are ISO-8601 instants; the field must be strictly later.
      if (actual === undefined || actual === null) return fail(`an instant after ${show(expected)}`, actual, 'is null');
      const field = instant(actual);
      const bound = instant(expected);
      if (bound === undefined) return fail('an ISO-8601 instant such as "2023-05-25T12:30:00.000Z"', expected, 'the value to test against cannot be parsed to Instant');
      if (field === undefined) return fail(`an instant after ${show(expected)}`, actual, 'cannot be parsed to Instant');
      return compareInstants(field, bound) > 0 ? null : fail(`an instant after ${show(expected)}`, actual, 'is not after it');
    }
    case 'contains': {
      if (typeof actual === 'string') return actual.includes(text(expected)) ? null : fail(`a string containing ${show(expected)}`, actual, 'does not contain it');
      if (Array.isArray(actual)) return actual.some((el) => containsEntries(el, expected)) ? null : fail(`a list with an element like ${show(expected)}`, actual, 'has no such element');
      return fail(`a list or a string containing ${show(expected)}`, actual, 'is not a list or a string');
    }
  }
}
