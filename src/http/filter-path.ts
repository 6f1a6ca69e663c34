/**
 * `filter_path` (common to every endpoint), as Elasticsearch's FilterPath and
 * FilterPathBasedFilter (libs/x-content) read it: comma-separated dotted paths (`\.` is a
 * dot inside a name); a segment with `*` is a glob over one key, and a segment that is
 * exactly `**` stands for one or more levels; a leading `-` excludes. Paths are merged into
 * one tree where a shorter path wins over a longer one under it. Arrays are transparent.
 * When nothing is kept the answer is `{}`.
 *
 * Cost: the filter is a tree with at most one node per segment, and walking the body keeps
 * a *set* of tree nodes per level (never a list that multiplies at every `**`), so work is
 * at most (keys in the body) × (segments in the filter) glob tests, each linear in the key.
 */

interface FilterNode {
  final: boolean;
  terms: Map<string, FilterNode>;
  wildcards: { glob: Glob; node: FilterNode }[];
  doubleWildcard: boolean;
}

interface BuildNode {
  final: boolean;
  children: Map<string, BuildNode>;
}

/** Splits at the first unescaped `.` the way FilterPath's builder does (a dot at 0 does not split). */
function insert(filter: string, node: BuildNode): void {
  for (;;) {
    let split = -1;
    let escapes = false;
    for (let i = 0; i < filter.length; i++) {
      const c = filter[i];
      if (c === '.') {
        split = i;
        break;
      }
      if (c === '\\' && filter[i + 1] === '.') {
        i++;
        escapes = true;
      }
    }
    if (split <= 0) {
      const field = escapes ? filter.replaceAll('\\.', '.') : filter;
      node.children.set(field, { final: true, children: new Map() });
      return;
    }
    const head = filter.slice(0, split);
    const field = escapes ? head.replaceAll('\\.', '.') : head;
    let child = node.children.get(field);
    if (child === undefined) {
      child = { final: false, children: new Map() };
      node.children.set(field, child);
    }
    if (child.final) return;
    node = child;
    filter = filter.slice(split + 1);
  }
}

/** Turns the build tree into the matching tree, without recursion (a filter can be thousands of segments deep). */
function freeze(root: BuildNode): FilterNode {
  const made = new Map<BuildNode, FilterNode>();
  const make = (b: BuildNode, name: string): FilterNode => {
    const n: FilterNode = { final: b.final, terms: new Map(), wildcards: [], doubleWildcard: name === '**' };
    made.set(b, n);
    return n;
  };
  const out = make(root, '');
  const stack: BuildNode[] = [root];
  while (stack.length > 0) {
    const b = stack.pop() as BuildNode;
    const n = made.get(b) as FilterNode;
    for (const [name, child] of b.children) {
      const c = make(child, name);
      if (name.includes('*')) n.wildcards.push({ glob: compileGlob(name), node: c });
      else n.terms.set(name, c);
      stack.push(child);
    }
  }
  return out;
}

function compileTree(filters: string[]): FilterNode | undefined {
  if (filters.length === 0) return undefined;
  const root: BuildNode = { final: false, children: new Map() };
  for (const f of filters) insert(f, root);
  return freeze(root);
}

/** A `*` glob split at its stars: matched greedily, left to right, in linear time (no RegExp, no backtracking). */
export type Glob = { exact: string } | { parts: string[] };

export function compileGlob(pattern: string): Glob {
  return pattern.includes('*') ? { parts: pattern.split('*') } : { exact: pattern };
}

export function globMatches(glob: Glob, s: string): boolean {
  if ('exact' in glob) return glob.exact === s;
  const parts = glob.parts;
  const first = parts[0] as string;
  const last = parts[parts.length - 1] as string;
  if (s.length < first.length + last.length || !s.startsWith(first) || !s.endsWith(last)) return false;
  // Each middle part at its leftmost place after the previous one: if any placement works,
  // this one does, since it leaves the most room for the rest.
  let at = first.length;
  const end = s.length - last.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const part = parts[i] as string;
    if (part.length === 0) continue;
    const found = s.indexOf(part, at);
    if (found < 0 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}

const MATCH = 'match' as const;

/** The tree nodes that apply below `key`, or MATCH when a path ends here (FilterPath.matches over a set). */
function step(states: readonly FilterNode[], key: string): FilterNode[] | typeof MATCH {
  const next = new Set<FilterNode>();
  for (const state of states) {
    const term = state.terms.get(key);
    if (term !== undefined) {
      if (term.final) return MATCH;
      next.add(term);
    }
    for (const { glob, node } of state.wildcards) {
      if (!globMatches(glob, key)) continue;
      if (node.final) return MATCH;
      next.add(node);
    }
    if (state.doubleWildcard) next.add(state);
  }
  return [...next];
}

function include(value: unknown, states: FilterNode[]): unknown {
  if (Array.isArray(value)) {
    const kept = value.map((v) => include(v, states)).filter((v) => v !== undefined);
    return kept.length > 0 ? kept : undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const next = step(states, k);
    const kept = next === MATCH ? v : next.length > 0 ? include(v, next) : undefined;
    if (kept !== undefined) out[k] = kept;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function exclude(value: unknown, states: FilterNode[]): unknown {
  if (Array.isArray(value)) return value.map((v) => exclude(v, states));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const next = step(states, k);
    if (next === MATCH) continue;
    out[k] = next.length > 0 ? exclude(v, next) : v;
  }
  return out;
}

export function applyFilterPath(body: unknown, filter: string | undefined): unknown {
  if (filter === undefined || filter.length === 0) return body;
  const paths = filter.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  const inc = compileTree(paths.filter((p) => !p.startsWith('-')));
  const exc = compileTree(paths.filter((p) => p.startsWith('-')).map((p) => p.slice(1).trim()).filter((p) => p.length > 0));
  let out = body;
  if (inc !== undefined) out = include(out, [inc]) ?? {};
  if (exc !== undefined) out = exclude(out, [exc]);
  return out;
}
