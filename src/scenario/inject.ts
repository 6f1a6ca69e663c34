/**
 * Drives an express app with one request and no socket: a real IncomingMessage fed from a
 * buffer and a real ServerResponse whose bytes are captured instead of written. No real
 * I/O is involved, so an in-process run depends only on its seed and the manual clock.
 */
import { IncomingMessage, ServerResponse, type RequestListener } from 'node:http';
import { Socket } from 'node:net';

export interface InjectRequest {
  method: string;
  /** Path and query string. */
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface InjectResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

export function inject(app: RequestListener, request: InjectRequest): Promise<InjectResponse> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    const req = new IncomingMessage(socket);
    req.method = request.method;
    req.url = request.url;
    req.httpVersionMajor = 1;
    req.httpVersionMinor = 1;
    req.httpVersion = '1.1';
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(request.headers)) headers[k.toLowerCase()] = v;
    if (request.body !== undefined && request.body.length > 0) {
      headers['content-length'] = String(request.body.length);
      req.push(request.body);
    }
    req.headers = headers;
    req.push(null);
    req.complete = true;

    const res = new ServerResponse(req);
    const chunks: Buffer[] = [];
    const capture = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
    };
    res.write = ((chunk: unknown, encoding?: unknown) => {
      capture(chunk, encoding);
      return true;
    }) as ServerResponse['write'];
    res.end = ((chunk?: unknown, encoding?: unknown) => {
      capture(chunk, encoding);
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.getHeaders())) out[k] = Array.isArray(v) ? v.join(', ') : String(v);
      (res as unknown as { finished: boolean }).finished = true;
      res.emit('finish');
      resolve({ status: res.statusCode, headers: out, text: Buffer.concat(chunks).toString('utf8') });
      return res;
    }) as ServerResponse['end'];
    try {
      app(req, res);
    } catch (err) {
      reject(err);
    }
  });
}
