/**
 * Matching a request path to a route, and decoding its path parameters, as Elasticsearch's
 * RestController does: the raw (undecoded) path is matched, so literal segments compare raw,
 * and each path parameter is then decoded with `RestUtils.decodeComponent` (PathTrie's
 * REST_DECODER). Express's router cannot do this (it decodes with decodeURIComponent, which
 * rejects `%%` and invalid UTF-8 that ES accepts, and answers a malformed escape with its own
 * 400), so the app matches routes here.
 *
 * A malformed escape in a parameter throws while RestController.tryAllHandlers looks for a
 * handler; it catches the IllegalArgumentException and answers with
 * handleUnsupportedHttpMethod: a 405 string error, the decoder's message followed by
 * `, allowed: [...]` (the methods of the path, in RestRequest.Method order) and an Allow header.
 */
import { RestPathError } from '../errors';
import type { HttpMethod, Route } from './endpoint';
import { decodeComponent, UrlDecodeError } from './rest-request';

/** The enum order ES lists allowed methods in (RestRequest.Method). */
export const METHOD_ORDER: HttpMethod[] = ['GET', 'POST', 'PUT', 'DELETE', 'HEAD'];

export interface CompiledRoute {
  route: Route;
  regexp: RegExp;
  names: string[];
}

/**
 * The patterns routes use, in path-to-regexp's syntax as Express reads it with case-sensitive
 * and strict routing: literal text, `:name` (one or more characters other than `/`), and an
 * optional group `{…}`. Anything else is refused, so a new kind of pattern cannot be
 * silently misread.
 */
export function compileRoute(route: Route): CompiledRoute {
  const names: string[] = [];
  let source = '';
  const pattern = route.path;
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i] as string;
    if (c === ':') {
      const name = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(pattern.slice(i + 1))?.[0];
      if (name === undefined) throw new Error(`route pattern ${pattern}: a parameter without a name at ${i}`);
      names.push(name);
      source += '([^/]+)';
      i += 1 + name.length;
    } else if (c === '{') {
      source += '(?:';
      i++;
    } else if (c === '}') {
      source += ')?';
      i++;
    } else if (/[()[\]?+*!\\]/.test(c)) {
      throw new Error(`route pattern ${pattern}: unsupported character ${c} at ${i}`);
    } else {
      source += c.replace(/[.^$|]/g, '\\$&');
      i++;
    }
  }
  return { route, regexp: new RegExp(`^${source}$`), names };
}

/**
 * The first route whose pattern matches the raw path, with its parameters decoded (an
 * optional parameter that is absent is left out); undefined when none matches.
 */
export function matchRoute(routes: readonly CompiledRoute[], rawPath: string): { route: Route; params: Record<string, string> } | undefined {
  for (const { route, regexp, names } of routes) {
    const m = regexp.exec(rawPath);
    if (m === null) continue;
    const params: Record<string, string> = {};
    names.forEach((name, i) => {
      const raw = m[i + 1];
      if (raw === undefined) return;
      try {
        params[name] = decodeComponent(raw);
      } catch (err) {
        if (!(err instanceof UrlDecodeError)) throw err;
        throw unsupportedMethod(route, err.message);
      }
    });
    return { route, params };
  }
  return undefined;
}

function unsupportedMethod(route: Route, message: string): RestPathError {
  const allowed = METHOD_ORDER.filter((m) => route.methods[m] !== undefined);
  if (allowed.length === 0) return new RestPathError(405, message);
  return new RestPathError(405, `${message}, allowed: [${allowed.join(', ')}]`, { Allow: allowed.join(',') });
}
