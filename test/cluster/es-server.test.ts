/**
 * The server `npm start` listens with, where Node's defaults differ from Elasticsearch's:
 * raw requests that Node's parser sees first.
 */
import type { Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { buildApp } from '../../src/http/app';
import { createEsServer } from '../../src/http/es-server';
import { startTestCluster, SUPERUSER_AUTH, type TestCluster } from '../support/in-process';

describe('the server in front of the app', () => {
  let t: TestCluster;
  let server: Server;
  let port: number;
  beforeAll(async () => {
    t = await startTestCluster({ nodes: 1 });
    server = createEsServer(buildApp({ cluster: t.cluster }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await t.stop();
  });

  /** Sends raw bytes and reads everything until the server closes the connection. */
  function raw(request: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
      socket.end(request);
    });
  }

  it('serves an HTTP/1.1 request without a Host header, as Elasticsearch does', async () => {
    const res = await raw(`GET /_security/_authenticate HTTP/1.1\r\nAuthorization: ${SUPERUSER_AUTH}\r\nConnection: close\r\n\r\n`);
    expect(res.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    expect(res).toContain('"username":"elastic"');
  });

  it("headers over 16 KB are Elasticsearch's 400 too_long_http_header_exception, not Node's bare 431", async () => {
    const res = await raw(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    const [head, body] = res.split('\r\n\r\n');
    expect(head?.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(head).toContain('X-elastic-product: Elasticsearch');
    const reason = 'HTTP header is larger than 16384 bytes.';
    expect(JSON.parse(body ?? '')).toEqual({ error: { root_cause: [{ type: 'too_long_http_header_exception', reason }], type: 'too_long_http_header_exception', reason }, status: 400 });
  });

  it("other bytes Node's parser refuses get its bare 400, and the server goes on serving", async () => {
    expect((await raw('GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n')).split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    const res = await raw(`GET / HTTP/1.1\r\nHost: x\r\nAuthorization: ${SUPERUSER_AUTH}\r\nConnection: close\r\n\r\n`);
    expect(res.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
  });
});
