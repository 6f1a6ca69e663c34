/**
 * What a route family declares for each method: the action it performs (for the privilege
 * check), the query parameters it reads, whether it takes a body, and a `prepare` step
 * that validates the request and returns the work to run once the caller is authorized.
 * The order of checks is Elasticsearch's (see app.ts).
 */
import type { Cluster } from '../coordinator/cluster';
import type { Authentication } from './authentication';
import type { ActionPrivileges } from './authorization';
import type { RestRequest } from './rest-request';

export interface RestResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Instead of a body: takes over the response (server-sent events). */
  stream?: (req: import('express').Request, res: import('express').Response) => void;
}

export interface HandlerContext {
  cluster: Cluster;
  auth: Authentication;
  /**
   * Calls `gone` if the client goes away before the response is sent; returns the way to
   * stop listening. For work held open for a client (a wait, a real-clock advance), which
   * must not outlive it.
   */
  onClientGone(gone: () => void): () => void;
}

export interface Endpoint {
  /** Null: any authenticated caller may call it (e.g. _authenticate). */
  privileges: ActionPrivileges | null;
  /** Whether a request body is read; endpoints that read none reject one (`RestController`). */
  body?: boolean;
  /** Validates path and query (throwing ES errors) and returns the work to do. */
  prepare(request: RestRequest, ctx: HandlerContext): () => Promise<RestResponse>;
  /**
   * What ES's RestChannelConsumer reads when it builds the transport request: after the
   * unrecognized-parameter and body checks (`BaseRestHandler#handleRequest`), before the
   * action is authorized. E.g. the `refresh` of the delete APIs (RestDeleteUserAction).
   */
  accept?(request: RestRequest): void;
}

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';

export interface Route {
  /** Express path pattern, e.g. `/_security/service/:namespace/:service/credential/token/{:name}/_clear_cache`. */
  path: string;
  methods: Partial<Record<HttpMethod, Endpoint>>;
}

/** The common shape of a JSON answer. */
export function ok(body: unknown, status = 200): RestResponse {
  return { status, body };
}
