/**
 * A small "service" that holds a service-account token and asks Elasticsearch who it is,
 * retrying sensibly: the kind of code a Fleet-Server-like agent or a Kibana plugin has,
 * and that `rest` faults exist to test (see token-service.test.ts, the pattern to copy).
 *
 * Its retry policy is its own (the client's is turned off, so the two do not multiply):
 * a 429, 502, 503 or 504, a connection error and a timeout are retried with exponential
 * backoff; anything else (a 401 for a revoked token, a 403) is final at once.
 */
import { Client, errors } from '@elastic/elasticsearch';

export interface TokenServiceOptions {
  /** Elasticsearch's URL. */
  node: string;
  /** The service token (`AAEAA…`), sent as `Authorization: Bearer`. */
  token: string;
  /** Attempts in all, the first included (default 6). */
  attempts?: number;
  /** The first backoff; each next one doubles (default 100 ms: 100, 200, 400, 800, 1600). */
  backoffMs?: number;
  /** How long one attempt may take (default 10 s). */
  requestTimeoutMs?: number;
  /** How the service waits between attempts; a test passes the simulator's clock. */
  sleep?: (ms: number) => Promise<void>;
}

export interface Identity {
  username: string;
  token: string | undefined;
  /** How many attempts it took. */
  attempts: number;
}

const RETRIED_STATUSES = new Set([429, 502, 503, 504]);

/** Whether a failed attempt is worth another one. */
export function retriable(err: unknown): boolean {
  if (err instanceof errors.ResponseError) return RETRIED_STATUSES.has(err.statusCode ?? 0);
  return err instanceof errors.ConnectionError || err instanceof errors.TimeoutError;
}

export class TokenService {
  private readonly client: Client;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: TokenServiceOptions) {
    this.client = new Client({ node: options.node, auth: { bearer: options.token }, maxRetries: 0, requestTimeout: options.requestTimeoutMs ?? 10_000 });
    this.attempts = options.attempts ?? 6;
    this.backoffMs = options.backoffMs ?? 100;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Who the token is, retried as the policy above says; the last error when it never got through. */
  async whoAmI(): Promise<Identity> {
    for (let attempt = 1; ; attempt++) {
      try {
        const me = await this.client.security.authenticate();
        return { username: me.username, token: me.token?.name, attempts: attempt };
      } catch (err) {
        if (!retriable(err) || attempt >= this.attempts) throw err;
        await this.sleep(this.backoffMs * 2 ** (attempt - 1));
      }
    }
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
