/**
 * The HTTP side of `npm run sim`: requests to a running cluster with global `fetch`, as the
 * superuser (Basic) unless the caller brings its own Authorization. An Elasticsearch error
 * answer becomes `<status> <type>: <reason>`; a cluster that cannot be reached says how to
 * start one. Either is a CliError with exit code 1, printed once by the CLI as `ERROR: ...`.
 */
import { CliError, EXIT } from '../service-tokens/es-cli';

/** Any failure that is not a usage error ends the command with status 1 (as ES's CLI). */
export const FAILURE = EXIT.UNCAUGHT;

export interface SimClientOptions {
  /** The cluster's base URL, without a trailing slash. */
  url: string;
  user: string;
  password: string;
  /** Aborts every request (Ctrl-C while following events). */
  signal?: AbortSignal;
}

export interface SendOptions {
  body?: unknown;
  /** Extra headers; an `Authorization` here replaces the superuser's. */
  headers?: Record<string, string>;
}

export class SimClient {
  private readonly basic: string;

  constructor(private readonly options: SimClientOptions) {
    this.basic = `Basic ${Buffer.from(`${options.user}:${options.password}`).toString('base64')}`;
  }

  get url(): string {
    return this.options.url;
  }

  /** One request; resolves with the response whatever its status. */
  async send(method: string, path: string, { body, headers = {} }: SendOptions = {}): Promise<Response> {
    const all: Record<string, string> = { Authorization: this.basic, Accept: 'application/json', ...headers };
    if (body !== undefined) all['Content-Type'] = 'application/json';
    try {
      return await fetch(`${this.options.url}${path}`, {
        method,
        headers: all,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: this.options.signal,
      });
    } catch (err) {
      if (this.options.signal?.aborted === true) throw err;
      throw new CliError(FAILURE, `cannot reach ${this.options.url} — is the cluster running? (npm start; for a cluster elsewhere: --url <url> or export ES_URL=<url>)`);
    }
  }

  /** A request whose 2xx answer is JSON; any other answer throws its ES error. */
  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.send(method, path, { body });
    const text = await res.text();
    if (!res.ok) throw new CliError(FAILURE, describeErrorAnswer(res.status, text));
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new CliError(FAILURE, `${res.status} answer from ${this.options.url}${path} is not JSON: ${text.slice(0, 200)}`);
    }
  }
}

/** `{"error":{"type","reason",...},"status"}` → `<status> <type>: <reason>`; anything else as it came. */
export function describeErrorAnswer(status: number, text: string): string {
  try {
    const error = (JSON.parse(text) as { error?: unknown }).error;
    if (typeof error === 'object' && error !== null) {
      const { type, reason } = error as { type?: unknown; reason?: unknown };
      if (typeof type === 'string') return `${status} ${type}: ${typeof reason === 'string' ? reason : ''}`;
    }
    if (typeof error === 'string') return `${status} ${error}`;
  } catch {
    // not JSON: show the start of the text
  }
  return `${status} ${text.slice(0, 200)}`.trimEnd();
}
