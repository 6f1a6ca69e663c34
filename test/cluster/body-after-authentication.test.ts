/**
 * The body is read after authentication: a caller without credentials gets the 401 on its
 * headers alone, before the rest of a large body has been sent (so none of it is buffered).
 */
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../src/http/app';
import { startTestCluster, SUPERUSER_AUTH, type TestCluster } from '../support/in-process';

describe('authentication before the body', () => {
  let t: TestCluster;
  let server: Server;
  let port: number;
  beforeAll(async () => {
    t = await startTestCluster({ nodes: 1 });
    server = createServer(buildApp({ cluster: t.cluster }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await t.stop();
  });

  /** Sends the headers and the first KB of a 10 MB body, then waits (at most 5 s) for the first bytes of an answer. */
  function answerBeforeBody(headers: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      const giveUp = setTimeout(() => {
        socket.destroy();
        reject(new Error('no answer before the body was sent'));
      }, 5000);
      let answer = '';
      socket.on('data', (chunk) => {
        answer += chunk.toString('latin1');
        if (answer.includes('\r\n\r\n') && /\r\n\r\n[\s\S]*\}$/.test(answer)) {
          clearTimeout(giveUp);
          socket.destroy();
          resolve(answer);
        }
      });
      socket.on('error', () => undefined);
      socket.write(`PUT /_security/user/bob HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n${headers}\r\n`);
      socket.write(`{"password":"${'x'.repeat(1000)}`);
    });
  }

  it('no credentials: the 401 comes while 99.99% of a 10 MB body is still unsent', async () => {
    const answer = await answerBeforeBody('');
    expect(answer.startsWith('HTTP/1.1 401 ')).toBe(true);
    expect(answer).toContain('missing authentication credentials for REST request [/_security/user/bob]');
  });

  it('wrong credentials: the same, with the 401 of a failed login', async () => {
    const answer = await answerBeforeBody(`Authorization: Basic ${Buffer.from('elastic:wrong').toString('base64')}\r\n`);
    expect(answer.startsWith('HTTP/1.1 401 ')).toBe(true);
    expect(answer).toContain('unable to authenticate user [elastic]');
  });

  it('an authenticated caller\'s body is still read and checked as before', async () => {
    const res = await t.http.put('/_security/user/bob').set('Authorization', SUPERUSER_AUTH).set('Content-Type', 'text/plain').send('x');
    expect(res.status).toBe(406);
    const big = await t.http.put('/_security/user/bob').set('Authorization', SUPERUSER_AUTH).set('Content-Type', 'application/json').send(`"${'x'.repeat(10_500_000)}"`);
    expect(big.status).toBe(413);
  });
});
