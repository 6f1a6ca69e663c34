/**
 * A `do` step's `warnings`, `allowed_warnings`, `warnings_regex` and `allowed_warnings_regex`,
 * checked as Elasticsearch's runner checks a successful response's `Warning` headers
 * (DoSection#checkWarningHeaders): every expected warning must come, every regex must
 * match one, and any other warning fails the step unless allowed. The simulator sends no
 * warnings; a real Elasticsearch behind `--url` does (deprecations).
 */
import { asList } from './parse';

/** RFC 7234 warning values as Elasticsearch writes them: `299 Elasticsearch-9.4.4-<hash> "text"` and an optional date. */
const WARNING = /(\d{3}) (\S+) "((?:[^"\\]|\\.)*)"(?: "[^"]*")?/g;

/** Elasticsearch's HeaderWarning#escapeAndEncode: quotes and backslashes escaped, other unsafe characters percent-encoded. */
function escapeAndEncode(text: string): string {
  const escaped = text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  return [...escaped].map((c) => (/^[\t\x20-\x24\x26-\x7e]$/.test(c) ? c : encodeURIComponent(c))).join('');
}


/** A step's warning options, each a list (empty when not given). */
export interface WarningRules {
  expected: string[];
  allowed: string[];
  expectedRegex: string[];
  allowedRegex: string[];
}

export function warningRules(options: Record<string, unknown>): WarningRules {
  return {
    expected: asList(options.warnings),
    allowed: asList(options.allowed_warnings),
    expectedRegex: asList(options.warnings_regex),
    allowedRegex: asList(options.allowed_warnings_regex),
  };
}

/**
 * What is wrong with the warnings of a response (`header`: the `Warning` header(s) as
 * received, joined by commas), in the words of Elasticsearch's runner; null when nothing is.
 */
export function checkWarnings(header: string | undefined, rules: WarningRules): string | null {
  const allowed = new Set(rules.allowed.map(escapeAndEncode));
  const expected = new Set(rules.expected.map(escapeAndEncode));
  const expectedRegex = new Set(rules.expectedRegex);
  const unexpected: string[] = [];
  const unmatched: string[] = [];
  let rest = header ?? '';
  for (const m of (header ?? '').matchAll(WARNING)) {
    rest = rest.replace(m[0], '');
    const message = m[3] as string;
    if (allowed.has(message) || expected.delete(message)) continue;
    const regex = [...expectedRegex].find((r) => new RegExp(`^(?:${r})$`).test(message));
    if (regex !== undefined) {
      expectedRegex.delete(regex);
      continue;
    }
    if (rules.allowedRegex.some((r) => new RegExp(`^(?:${r})$`).test(message))) continue;
    unexpected.push(m[0]);
  }
  for (const left of rest.split(',').map((s) => s.trim())) if (left !== '') unmatched.push(left);
  const parts: string[] = [];
  const bad = (items: readonly string[], what: string) => {
    if (items.length > 0) parts.push(`${what}${items.length > 1 ? 's' : ''} [\n${items.map((i) => `\t${i}\n`).join('')}]`);
  };
  bad(unexpected, 'got unexpected warning header');
  bad(unmatched, 'got unmatched warning header');
  bad([...expected], 'did not get expected warning header');
  if (expectedRegex.size > 0) parts.push(`the following regular expression${expectedRegex.size > 1 ? 's' : ''} did not match any warning header [\n${[...expectedRegex].map((r) => `\t${r}\n`).join('')}]`);
  return parts.length === 0 ? null : parts.join('\n');
}
