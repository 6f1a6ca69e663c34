/**
 * A client that follows the event stream and then stops reading (its socket paused), as a
 * stuck dashboard or a suspended laptop would. The coordinator must not buffer for it
 * without bound: past its bound it drops the connection. A stalled client cannot see that
 * (the close waits behind the unread bytes in its socket), so at the end it wakes up and
 * reads what reached it: a stream the coordinator cut off ends once that is drained, with
 * far fewer bytes than were produced; one it kept feeding goes on.
 */
import http from 'node:http';
import { SUPERUSER } from './http-client';

export class StalledReader {
  private req: http.ClientRequest | undefined;
  private res: http.IncomingMessage | undefined;
  /** Whether the stream ended (what a bounded buffer does to a stalled reader). */
  disconnected = false;
  /** Bytes received once woken. */
  received = 0;

  start(port: number): void {
    this.req = http.get({ host: '127.0.0.1', port, path: '/_sim/events/stream', headers: { Authorization: SUPERUSER }, agent: false });
    this.req.on('error', () => (this.disconnected = true));
    this.req.on('response', (res) => {
      this.res = res;
      res.pause(); // read nothing more, until wake()
      res.on('close', () => (this.disconnected = true));
      res.on('error', () => (this.disconnected = true));
    });
  }

  /** Reads what reached this client; resolves when the stream ended, or after `ms` if it did not. */
  async wake(ms: number): Promise<void> {
    const res = this.res;
    if (res === undefined || this.disconnected) return;
    res.on('data', (chunk: Buffer) => (this.received += chunk.length));
    res.resume();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      res.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  stop(): void {
    this.req?.destroy();
  }
}

/**
 * Roughly how many bytes of server-sent events the coordinator had to send a reader between
 * two journal positions: the number of events times the average size of the newest ones
 * (plus the `id:`/`data:` framing). A short soak may never produce enough to exceed the
 * bound plus what the kernel's socket buffers absorb, and then a stalled reader rightly
 * stays connected.
 */
export async function journalNext(port: number): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/_sim/events?since=0&limit=0`, { headers: { Authorization: SUPERUSER } });
  return ((await res.json()) as { next_since: number }).next_since + 1;
}

export async function streamedBytesSince(port: number, fromNext: number): Promise<number> {
  const toNext = await journalNext(port);
  const since = Math.max(fromNext - 1, toNext - 201);
  const res = await fetch(`http://127.0.0.1:${port}/_sim/events?since=${since}&limit=200`, { headers: { Authorization: SUPERUSER } });
  const { events } = (await res.json()) as { events: { seq: number }[] };
  if (events.length === 0) return 0;
  const average = events.reduce((sum, e) => sum + JSON.stringify(e).length + `id: ${e.seq}\ndata: \n\n`.length, 0) / events.length;
  return Math.round((toNext - fromNext) * average);
}
