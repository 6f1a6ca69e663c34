/**
 * A client that follows the event stream and then stops reading (its socket paused, never
 * resumed), as a stuck dashboard or a suspended laptop would. The coordinator must not buffer
 * for it without bound; the memory check says whether it did.
 */
import http from 'node:http';
import { SUPERUSER } from './http-client';

export class StalledReader {
  private req: http.ClientRequest | undefined;
  /** Whether the server ended the stream (what a bounded buffer does to a stalled reader). */
  disconnected = false;

  start(port: number): void {
    this.req = http.get({ host: '127.0.0.1', port, path: '/_sim/events/stream', headers: { Authorization: SUPERUSER }, agent: false });
    this.req.on('error', () => (this.disconnected = true));
    this.req.on('response', (res) => {
      res.pause(); // read nothing more, ever
      res.on('close', () => (this.disconnected = true));
    });
  }

  stop(): void {
    this.req?.destroy();
  }
}
