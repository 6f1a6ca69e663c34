/**
 * The Elasticsearch front door (build, don't listen). One pipeline serves every route, in
 * Elasticsearch's order of checks, after the `rest` faults that sit in front of it all:
 *   rest faults (rest-faults.ts; never /_sim) → authenticate on the headers (401, before routing and before the body is read) → the
 *   body (413 past 10 MB) → a query string that does not decode (400) → media types (400/406) → route:
 *   a path parameter that does not decode (405), no handler (400) or wrong method (405) → endpoint.prepare:
 *   path/query validation (400) → unrecognized parameters (400) → body not supported (400) →
 *   endpoint.accept (400) → privileges (403) → the work.
 * Every failure is rendered once, by render-error.ts.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Cluster } from '../coordinator/cluster';
import { EsError, illegalArgument, RestPathError, requestRejected, tooLongHttpLine } from '../errors';
import { findServiceAccount } from '../accounts';
import { authenticate, type Authentication, type AuthenticatorDeps } from './authentication';
import { authenticateBearer, SIM_NODE_HEADER } from './bearer';
import { authorize, builtInRolePrivileges, type AuthorizationDeps } from './authorization';
import type { Endpoint, HttpMethod, Route } from './endpoint';
import { applyFilterPath } from './filter-path';
import { formatJson } from './json-format';
import { checkMediaTypes, responseContentType } from './media-type';
import { renderError } from './render-error';
import { decodeComponent, RestRequest } from './rest-request';
import { compileRoute, matchRoute, METHOD_ORDER } from './route-path';
import { unrecognizedParams } from './unrecognized-params';
import { COORDINATOR_NAME, rootRoutes } from './routes/root';
import { clearCacheRoutes } from './routes/clear-cache';
import { simNodeRoutes } from './routes/sim-nodes';
import { authenticateRoutes } from './routes/authenticate';
import { serviceAccountRoutes } from './routes/service-accounts';
import { userAndRoleRoutes } from './routes/users-roles';
import { authenticateUser, storedRolePrivileges } from '../coordinator/users-and-roles';
import { simFaultRoutes } from './routes/sim-faults';
import { simClockRoutes } from './routes/sim-clock';
import { simEventRoutes } from './routes/sim-events';
import { simSnapshotRoutes } from './routes/sim-snapshot';
import { simUiRoutes } from './routes/sim-ui';
import { restFaults } from './rest-faults';

export interface AppDeps {
  cluster: Cluster;
  authenticator?: Partial<AuthenticatorDeps>;
  authorization?: Partial<AuthorizationDeps>;
}

/** `http.max_initial_line_length`: 4kb (HttpTransportSettings). */
export const MAX_INITIAL_LINE_BYTES = 4096;
/** `HTTP/1.1`: the rest of the request line after the method, the URI and two spaces. */
const HTTP_VERSION_LENGTH = 8;

type Locals = { rest: RestRequest; pretty: boolean; errorTrace: boolean; auth?: Authentication; cluster: Cluster };

export function buildApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  const authn: AuthenticatorDeps = {
    superuserPassword: deps.cluster.config.elasticPassword,
    bearer: (value, request) => authenticateBearer(deps.cluster, value, request),
    users: async (username, password) => {
      return authenticateUser(deps.cluster, username, password);
    },
    ...deps.authenticator,
  };
  const authz: AuthorizationDeps = {
    rolePrivileges: (role) => builtInRolePrivileges(role) ?? storedRolePrivileges(deps.cluster, role),
    serviceAccountPrivileges: (principal) => findServiceAccount(principal)?.roleDescriptor.cluster ?? [],
    ...deps.authorization,
  };

  // Netty's decoder refuses a request line over `http.max_initial_line_length` before any
  // handler, header or parameter is looked at (so not even `pretty` applies).
  app.use((req, res, next) => {
    if (req.method.length + req.url.length + 2 + HTTP_VERSION_LENGTH <= MAX_INITIAL_LINE_BYTES) {
      next();
      return;
    }
    // The journal gets the path's start: its whole is what the limit is there to refuse.
    const path = `${req.path.slice(0, 256)}…`;
    const rest = new RestRequest(req.method, path, path, {}, new Map(), req.headers, null);
    const locals: Locals = { rest, pretty: false, errorTrace: false, cluster: deps.cluster };
    res.locals.sim = locals;
    next(tooLongHttpLine(MAX_INITIAL_LINE_BYTES));
  });
  app.use(restFaults(deps.cluster));
  // Authentication reads the headers only; the body is read after it, so a caller without
  // credentials gets the 401 before a byte of a large body is buffered (as Elasticsearch
  // validates headers before aggregating content, Netty4HttpHeaderValidator).
  app.use((req, res, next) => {
    const rest = RestRequest.fromUrl(req.method, req.originalUrl, {}, req.headers, null);
    const locals: Locals = { rest, pretty: false, errorTrace: false, cluster: deps.cluster };
    res.locals.sim = locals;
    locals.pretty = safeFlag(rest, 'pretty');
    locals.errorTrace = safeFlag(rest, 'error_trace');
    authenticate(rest, authn).then((auth) => {
      locals.auth = auth;
      next();
    }).catch(next);
  });
  app.use(skipEmptyBody(express.raw({ type: () => true, limit: '10mb' })));
  app.use((req, res, next) => {
    const locals = localsOf(res) as Locals;
    locals.rest = locals.rest.withBody(Buffer.isBuffer(req.body) ? req.body : null);
    // A query string that could not be decoded: answered as a bad request once the caller is
    // authenticated, before anything else reads the request (AbstractHttpServerTransport).
    if (locals.rest.badParameter !== undefined) throw locals.rest.badParameter;
    checkMediaTypes(locals.rest);
    next();
  });

  const routes: Route[] = [...rootRoutes(), ...authenticateRoutes(), ...clearCacheRoutes(), ...serviceAccountRoutes(), ...userAndRoleRoutes(), ...simNodeRoutes(), ...simFaultRoutes(), ...simEventRoutes(), ...simClockRoutes(), ...simSnapshotRoutes(), ...simUiRoutes()];
  // Routed here, not by express's router: path parameters are decoded as ES decodes them (route-path.ts).
  const compiled = routes.map(compileRoute);
  app.use((req, res, next) => {
    let found: ReturnType<typeof matchRoute>;
    try {
      found = matchRoute(compiled, req.path);
    } catch (err) {
      next(err);
      return;
    }
    if (found === undefined) next();
    else serve(found.route, found.params, req, res, deps.cluster, authz).catch(next);
  });

  app.use((req, _res, next) => next(new RestPathError(400, `no handler found for uri [${req.originalUrl}] and method [${req.method}]`, {}, false)));
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const locals = localsOf(res) ?? earlyLocals(req, deps.cluster);
    const rendered = renderError(expressError(err), locals.errorTrace);
    send(res, locals, rendered.status, rendered.body, rendered.headers, false);
  });
  return app;
}

async function serve(route: Route, params: Record<string, string>, req: Request, res: Response, cluster: Cluster, authz: AuthorizationDeps): Promise<void> {
  const locals = localsOf(res) as Locals;
  const method = req.method as HttpMethod;
  // Computed only when an answer needs it (OPTIONS, 405), not on every request.
  const allowed = () => METHOD_ORDER.filter((m) => route.methods[m] !== undefined);
  if (req.method === 'OPTIONS') {
    res.status(200).setHeader('Allow', allowed().join(','));
    res.setHeader('Content-Type', 'text/plain; charset=UTF-8');
    res.end();
    journalRequest(locals, 200);
    return;
  }
  const endpoint: Endpoint | undefined = route.methods[method];
  if (endpoint === undefined) {
    const names = allowed();
    throw new RestPathError(405, `Incorrect HTTP method for uri [${req.originalUrl}] and method [${req.method}], allowed: [${names.join(', ')}]`, {
      Allow: names.join(','),
    });
  }
  const rest = withParams(locals.rest, params);
  locals.rest = rest;
  const auth = locals.auth as Authentication;
  const run = endpoint.prepare(rest, { cluster, auth, onClientGone: (gone) => onClientGone(res, gone) });
  const unknown = rest.unconsumedParams();
  // request.path(): the raw path decoded by RestUtils.decodeComponent.
  if (unknown.length > 0) throw unrecognizedParams(decodeComponent(rest.path), unknown, rest.consumedParams());
  if (rest.hasBody && endpoint.body !== true) {
    throw illegalArgument(`request [${rest.method} ${decodeComponent(rest.path)}] does not support having a body`);
  }
  // The channel consumer builds the transport request (e.g. RefreshPolicy.parse) before it is authorized.
  endpoint.accept?.(rest);
  if (endpoint.privileges !== null) authorize(auth, endpoint.privileges, authz);
  const response = await run();
  if (response.stream !== undefined) return response.stream(req, res);
  send(res, locals, response.status, response.body, response.headers ?? {});
}

function onClientGone(res: Response, gone: () => void): () => void {
  const closed = () => {
    if (!res.writableFinished) gone();
  };
  res.once('close', closed);
  return () => res.off('close', closed);
}

function withParams(rest: RestRequest, params: Record<string, string>): RestRequest {
  // A route without path parameters (e.g. _authenticate) gets the request as it is: it was
  // built with no params, and what it has consumed so far (pretty, error_trace) are common
  // parameters a fresh copy would list as consumed anyway.
  let any = false;
  for (const _ in params) {
    any = true;
    break;
  }
  if (!any) return rest;
  const next = new RestRequest(rest.method, rest.path, rest.uri, params, rest.query, rest.headers, rest.body);
  next.authenticatedBy = rest.authenticatedBy;
  return next;
}

/**
 * Error bodies are never filtered: Elasticsearch builds them with filtering off
 * (AbstractRestChannel.newErrorBuilder), so `filter_path` does no work before authentication.
 */
function send(res: Response, locals: Locals, status: number, body: unknown, headers: Record<string, string | string[]>, filter = true): void {
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader(SIM_NODE_HEADER, locals.rest.authenticatedBy ?? COORDINATOR_NAME);
  if (status !== 401 && status !== 403) res.setHeader('X-elastic-product', 'Elasticsearch');
  const filtered = filter ? applyFilterPath(body, locals.rest.param('filter_path')) : body;
  const text = formatJson(filtered, locals.pretty);
  res.status(status);
  res.setHeader('Content-Type', responseContentType(locals.rest));
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(locals.rest.method === 'HEAD' ? undefined : text);
  journalRequest(locals, status);
}

/** Reading the journal is not itself journaled: following it must not feed it. */
const JOURNAL_PATH = '/_sim/events';

function journalRequest({ rest, cluster }: Locals, status: number): void {
  if (rest.path.startsWith(JOURNAL_PATH)) return;
  cluster.emit({ type: 'rest.request', method: rest.method, path: rest.path, status, node: rest.authenticatedBy ?? COORDINATOR_NAME });
}

/**
 * A request that says it has no body (`Content-Length: 0`, as every bodiless POST from a
 * client does) skips the body parser: reading an empty stream costs a turn and a raw-body
 * reader per request, and an empty body and none are the same to every route (hasBody).
 */
function skipEmptyBody(parse: express.RequestHandler): express.RequestHandler {
  return (req, res, next) => {
    if (req.headers['content-length'] === '0' && req.headers['transfer-encoding'] === undefined) next();
    else void parse(req, res, next);
  };
}

/** For an error before the request was read (a rest fault, express itself): its flags still count. */
function earlyLocals(req: Request, cluster: Cluster): Locals {
  const rest = RestRequest.fromUrl(req.method, req.originalUrl, {}, req.headers, null);
  return { rest, pretty: safeFlag(rest, 'pretty'), errorTrace: safeFlag(rest, 'error_trace'), cluster };
}

function localsOf(res: Response): Locals | undefined {
  return res.locals.sim as Locals | undefined;
}

/** ES's flags must not stop an error from being rendered; an invalid value means "off". */
function safeFlag(rest: RestRequest, name: string): boolean {
  try {
    return rest.booleanParam(name, false);
  } catch {
    return false;
  }
}

/** Errors from express itself (malformed URI, body too large) in ES shape. */
function expressError(err: unknown): unknown {
  if (err instanceof EsError || err instanceof RestPathError) return err;
  const status = (err as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return requestRejected(status, err instanceof Error ? err.message : 'bad request');
  }
  return err;
}
