/**
 * Raw, malformed HTTP over plain TCP sockets: garbage request lines, bad chunked encoding,
 * conflicting lengths, truncated requests, a request line far beyond any limit, HTTP/2's
 * preface. Each must be answered (a 4xx) or closed within the timeout — never a 5xx, never
 * left hanging. Slowloris: headers trickled in for a bounded time while an ordinary request
 * on another connection must still be served.
 */
import net from 'node:net';
import type { Random } from '../../src/sim/random';
import { send, SUPERUSER } from './http-client';
import { pick } from './fuzz-values';
import type { Recorder } from './recorder';

export interface RawCase {
  name: string;
  bytes: Buffer;
  /** Half-close after sending (the client has nothing more to say). */
  end: boolean;
}

const AUTH = `Authorization: ${SUPERUSER}\r\n`;

export function rawCase(random: Random): RawCase {
  const garbage = Buffer.from(Array.from({ length: 1 + random.int(300) }, () => random.int(256)));
  const cases: Array<() => RawCase> = [
    () => ({ name: 'garbage bytes', bytes: Buffer.concat([garbage, Buffer.from('\r\n\r\n')]), end: false }),
    () => ({ name: 'garbage request line', bytes: Buffer.from(`${random.id(5)} ${random.id(9)} ${random.id(4)}\r\nHost: x\r\n\r\n`), end: false }),
    () => ({ name: 'header without colon', bytes: Buffer.from(`GET / HTTP/1.1\r\nHost x\r\n${AUTH}\r\n`), end: false }),
    () => ({ name: 'bad chunk size', bytes: Buffer.from(`POST /_security/user/fuzz-raw HTTP/1.1\r\nHost: x\r\n${AUTH}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n`), end: false }),
    () => ({ name: 'chunk longer than said', bytes: Buffer.from(`PUT /_security/role/fuzz-raw HTTP/1.1\r\nHost: x\r\n${AUTH}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{"cluster":[]}\r\n0\r\n\r\n`), end: false }),
    () => ({ name: 'chunked and content-length', bytes: Buffer.from(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`), end: false }),
    () => ({ name: 'two content-lengths', bytes: Buffer.from(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab`), end: false }),
    () => ({ name: 'negative content-length', bytes: Buffer.from(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n`), end: false }),
    () => ({ name: 'truncated body', bytes: Buffer.from(`PUT /_security/role/fuzz-raw HTTP/1.1\r\nHost: x\r\n${AUTH}Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"clu`), end: true }),
    () => ({ name: 'truncated headers', bytes: Buffer.from(`GET /_security/_authenticate HTTP/1.1\r\nHost: x\r\nAuthoriza`), end: true }),
    () => ({ name: 'huge request line', bytes: Buffer.from(`GET /${'a'.repeat(70_000 + random.int(50_000))} HTTP/1.1\r\nHost: x\r\n\r\n`), end: false }),
    () => ({ name: 'huge header', bytes: Buffer.from(`GET / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${'A'.repeat(100_000)}\r\n\r\n`), end: false }),
    () => ({ name: 'http/2 preface', bytes: Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), end: false }),
    () => ({ name: 'http/0.9', bytes: Buffer.from('GET /\r\n\r\n'), end: false }),
    () => ({ name: 'bad version', bytes: Buffer.from(`GET / HTTP/9.9\r\nHost: x\r\n${AUTH}\r\n`), end: false }),
    () => ({ name: 'nul in path', bytes: Buffer.from(`GET /_sim\u0000/nodes HTTP/1.1\r\nHost: x\r\n${AUTH}\r\n`), end: false }),
    () => ({ name: 'pipelined, second bad', bytes: Buffer.from(`GET / HTTP/1.1\r\nHost: x\r\n${AUTH}\r\n${garbage.toString('latin1')}\r\n\r\n`), end: false }),
  ];
  return pick(random, cases)();
}

/** Sends one raw case; the first status line seen, if any, or null when closed without one. */
export function sendRaw(port: number, c: RawCase, timeoutMs: number): Promise<{ status: number | null; closed: boolean; timedOut: boolean; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    let data = '';
    let settled = false;
    const socket = net.connect({ host: '127.0.0.1', port });
    const finish = (closed: boolean, timedOut: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(data);
      resolve({ status: m === null ? null : Number(m[1]), closed, timedOut, ms: performance.now() - started });
    };
    const timer = setTimeout(() => finish(false, true), timeoutMs);
    socket.on('error', () => finish(true, false));
    socket.on('close', () => finish(true, false));
    socket.on('data', (d: Buffer) => {
      data += d.toString('latin1');
      if (/\r\n\r\n/.test(data)) finish(false, false); // a status line and headers: answered
    });
    socket.on('connect', () => {
      socket.write(c.bytes);
      if (c.end) socket.end();
    });
  });
}

/** One raw case, judged into the recorder (a 5xx or a hang is a failure). */
export async function rawRound(port: number, random: Random, timeoutMs: number, recorder: Recorder): Promise<void> {
  const c = rawCase(random);
  const r = await sendRaw(port, c, timeoutMs);
  const request = { kind: `raw: ${c.name}`, method: 'RAW', path: c.bytes.subarray(0, 120).toString('latin1'), timeoutMs };
  recorder.note(request, { status: r.status, timedOut: r.timedOut, ms: r.ms, body: '', error: r.status === null ? 'closed' : undefined });
}

/**
 * Slowloris: a header line every `everyMs`, for `holdMs`, never finishing; meanwhile an
 * ordinary request on a fresh connection must be answered 200.
 */
export async function slowloris(port: number, holdMs: number, everyMs: number, recorder: Recorder, timeoutMs: number): Promise<void> {
  const socket = net.connect({ host: '127.0.0.1', port });
  socket.on('error', () => undefined);
  socket.write('GET /_security/_authenticate HTTP/1.1\r\nHost: x\r\n');
  let n = 0;
  const trickle = setInterval(() => socket.write(`X-Slow-${n++}: ${'y'.repeat(10)}\r\n`), everyMs);
  const until = performance.now() + holdMs;
  try {
    while (performance.now() < until) {
      const r = { kind: 'liveness during slowloris', method: 'GET', path: '/', headers: { Authorization: SUPERUSER }, timeoutMs };
      recorder.note(r, await send(port, r), 200);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  } finally {
    clearInterval(trickle);
    socket.destroy();
  }
}
