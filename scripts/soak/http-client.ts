/**
 * One HTTP request to the cluster with a client-side timeout: the soak's only way to tell
 * an answer from a hang. A fresh connection per request (no agent), so one bad request
 * cannot poison the next one's socket.
 */
import http from 'node:http';

export interface SoakRequest {
  /** What produced it (fuzz class, load kind, check): how failures and figures are grouped. */
  kind: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  timeoutMs: number;
}

export interface Outcome {
  /** null: no answer (timeout, reset, refused, or the client refused to send it). */
  status: number | null;
  /** The ES error `type`, when the body is an ES error. */
  errorType?: string;
  reason?: string;
  ms: number;
  timedOut: boolean;
  /** A socket error code (ECONNRESET, ECONNREFUSED, ...) or the client's own refusal. */
  error?: string;
  /** The start of the body (at most 64 KB kept). */
  body: string;
}

const KEEP = 64 * 1024;

export function send(port: number, r: SoakRequest): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const done = (o: Omit<Outcome, 'ms'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...o, ms: performance.now() - started });
    };
    let req: http.ClientRequest;
    const timer = setTimeout(() => {
      done({ status: null, timedOut: true, body: '' });
      req?.destroy();
    }, r.timeoutMs);
    try {
      req = http.request({ host: '127.0.0.1', port, method: r.method, path: r.path, headers: r.headers, agent: false });
    } catch (err) {
      done({ status: null, timedOut: false, error: `client-refused: ${(err as Error).message.slice(0, 80)}`, body: '' });
      return;
    }
    req.on('error', (err: NodeJS.ErrnoException) => done({ status: null, timedOut: false, error: err.code ?? err.message, body: '' }));
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d: Buffer) => {
        if (body.length < KEEP) body += d.toString('utf8');
      });
      res.on('error', () => undefined);
      res.on('end', () => done({ status: res.statusCode ?? null, timedOut: false, body, ...esError(body) }));
      res.on('aborted', () => done({ status: res.statusCode ?? null, timedOut: false, body, error: 'aborted' }));
    });
    if (r.body !== undefined) req.end(r.body);
    else req.end();
  });
}

function esError(body: string): { errorType?: string; reason?: string } {
  try {
    const parsed = JSON.parse(body) as { error?: { type?: unknown; reason?: unknown } | string };
    const e = parsed.error;
    if (typeof e === 'string') return { reason: e };
    if (e !== undefined && typeof e.type === 'string') return { errorType: e.type, reason: String(e.reason) };
  } catch {
    // not JSON: no ES error to read
  }
  return {};
}

export const SUPERUSER = `Basic ${Buffer.from('elastic:changeme').toString('base64')}`;
/** The sample file token every fresh node has (README). */
export const SAMPLE_TOKEN = 'AAEAAWVsYXN0aWMvZmxlZXQtc2VydmVyL3Rva2VuMTpyNXdkYmRib1FTZTl2R09Ld2FKR0F3';
export const TOKEN_PATH = '/_security/service/elastic/fleet-server/credential/token';
