/**
 * The HTTP server in front of the app, set up where Node's defaults differ from
 * Elasticsearch's: a request without a Host header is served (Node 20 refuses it with a bare
 * 400), and a header section over `http.max_header_size` (16kb) — Netty's
 * TooLongHttpHeaderException, which Elasticsearch answers through
 * RestController#dispatchBadRequest — is a 400 in Elasticsearch's error format, not Node's
 * bare 431. Anything else Node's parser refuses gets Node's own bare status line.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { tooLongHttpHeader } from '../errors';
import { renderError } from './render-error';

/** `http.max_header_size` (HttpTransportSettings), the same as Node's default `maxHeaderSize`. */
export const MAX_HEADER_BYTES = 16 * 1024;

export function createEsServer(app: RequestListener): Server {
  const server = createServer({ requireHostHeader: false, maxHeaderSize: MAX_HEADER_BYTES }, app);
  server.on('clientError', answerClientError);
  return server;
}

function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    const { status, body } = renderError(tooLongHttpHeader(MAX_HEADER_BYTES), false);
    const text = JSON.stringify(body);
    socket.end(
      `HTTP/1.1 ${status} Bad Request\r\nX-elastic-product: Elasticsearch\r\ncontent-type: application/json\r\n` +
        `content-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
    );
    return;
  }
  const timedOut = err.code === 'ERR_HTTP_REQUEST_TIMEOUT';
  socket.end(timedOut ? 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n' : 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
}
