/**
 * `filter_path` (common to every endpoint): comma-separated dotted paths; `*` matches one
 * key, `**` any depth, a leading `-` excludes. Arrays are transparent. When nothing is
 * kept the answer is `{}`, as in Elasticsearch.
 */

type Pattern = string[];

function compile(filter: string): { include: Pattern[]; exclude: Pattern[] } {
  const include: Pattern[] = [];
  const exclude: Pattern[] = [];
  for (const raw of filter.split(',').map((s) => s.trim()).filter((s) => s.length > 0)) {
    if (raw.startsWith('-')) exclude.push(raw.slice(1).split('.'));
    else include.push(raw.split('.'));
  }
  return { include, exclude };
}

function segmentMatches(pattern: string, key: string): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*')) return pattern === key;
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(key);
}

/** The patterns that still apply below `key`, and whether one of them ends here. */
function step(patterns: Pattern[], key: string): { rest: Pattern[]; complete: boolean } {
  const rest: Pattern[] = [];
  let complete = false;
  for (const p of patterns) {
    const [head, ...tail] = p;
    if (head === undefined) continue;
    if (head === '**') {
      rest.push(p);
      const after = step([tail], key);
      rest.push(...after.rest);
      complete ||= after.complete;
    } else if (segmentMatches(head, key)) {
      if (tail.length === 0) complete = true;
      else rest.push(tail);
    }
  }
  return { rest, complete };
}

function include(value: unknown, patterns: Pattern[]): unknown {
  if (Array.isArray(value)) {
    const kept = value.map((v) => include(v, patterns)).filter((v) => v !== undefined);
    return kept.length > 0 ? kept : undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const { rest, complete } = step(patterns, k);
    const kept = complete ? v : rest.length > 0 ? include(v, rest) : undefined;
    if (kept !== undefined) out[k] = kept;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function exclude(value: unknown, patterns: Pattern[]): unknown {
  if (Array.isArray(value)) return value.map((v) => exclude(v, patterns));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const { rest, complete } = step(patterns, k);
    if (complete) continue;
    out[k] = rest.length > 0 ? exclude(v, rest) : v;
  }
  return out;
}

export function applyFilterPath(body: unknown, filter: string | undefined): unknown {
  if (filter === undefined || filter.length === 0) return body;
  const { include: inc, exclude: exc } = compile(filter);
  let out = body;
  if (inc.length > 0) out = include(out, inc) ?? {};
  if (exc.length > 0) out = exclude(out, exc);
  return out;
}
