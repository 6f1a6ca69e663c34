/**
 * The stash of a scenario test: values saved with `set` and used as `$name` or `${name}` in
 * parameters, headers, expected values, object keys and response paths. `$body` is the
 * last response's text. A name never set is an error that lists the names that are set.
 */
export class StashError extends Error {
  constructor(
    readonly missing: string,
    readonly known: string[],
  ) {
    super(`stash name [$${missing}] was never set; set so far: [${known.join(', ')}] (use - set: {<response path>: ${missing}} first)`);
    this.name = 'StashError';
  }
}

const WHOLE = /^\$(?:\{([A-Za-z0-9_.-]+)\}|([A-Za-z0-9_]+))$/;
const EMBEDDED = /\$\{([A-Za-z0-9_.-]+)\}/g;

export class Stash {
  private readonly values = new Map<string, unknown>();

  set(name: string, value: unknown): void {
    this.values.set(name, value);
  }

  get(name: string): unknown {
    if (!this.values.has(name)) throw new StashError(name, [...this.values.keys()]);
    return this.values.get(name);
  }

  clear(): void {
    this.values.clear();
  }

  /**
   * A string that is exactly `$name` / `${name}` becomes the stashed value (any type);
   * `${name}` inside a longer string is replaced by its text. Maps and lists are replaced
   * throughout, keys included.
   */
  resolve(value: unknown): unknown {
    if (typeof value === 'string') return this.resolveString(value);
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [String(this.resolveString(k)), this.resolve(v)]));
    }
    return value;
  }

  /** A response path with stashed segments: `nodes.$master.name`, `a.e${x}b`. */
  resolvePath(path: string): string[] {
    return splitPath(path).map((segment) => {
      const resolved = this.resolveString(segment);
      return typeof resolved === 'string' ? resolved : JSON.stringify(resolved);
    });
  }

  private resolveString(text: string): unknown {
    const whole = WHOLE.exec(text);
    if (whole !== null) return this.get((whole[1] ?? whole[2]) as string);
    if (!text.includes('${')) return text;
    return text.replace(EMBEDDED, (_, name: string) => {
      const v = this.get(name);
      return typeof v === 'string' ? v : JSON.stringify(v);
    });
  }
}

/** Splits a dot path; `\.` is a dot inside a key; `''` is the whole body (no segments). */
export function splitPath(path: string): string[] {
  if (path === '' || path === '$body') return path === '' ? [] : ['$body'];
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < path.length; i++) {
    const c = path[i] as string;
    if (c === '\\' && path[i + 1] === '.') {
      current += '.';
      i++;
    } else if (c === '.') {
      out.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  out.push(current);
  return out;
}

/** The value at `segments` in a response body (list indexes are numbers); undefined if absent. */
export function valueAt(body: unknown, segments: string[]): unknown {
  let v = body;
  for (const s of segments) {
    if (Array.isArray(v)) {
      if (!/^\d+$/.test(s)) return undefined;
      v = v[Number(s)];
    } else if (v !== null && typeof v === 'object') {
      if (s === '_arbitrary_key_') {
        v = Object.keys(v)[0];
        continue;
      }
      if (!Object.hasOwn(v, s)) return undefined;
      v = (v as Record<string, unknown>)[s];
    } else {
      return undefined;
    }
  }
  return v;
}
