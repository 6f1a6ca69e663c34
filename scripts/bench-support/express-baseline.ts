/**
 * Baseline for an HTTP route: express 5 (the same copy the app uses) with one route that
 * does nothing. Everything between the socket and a handler — express's router, the
 * response helpers, JSON — is in it; nothing of ours is.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';

export const EXPRESS_BASELINE_PATH = '/x';

export function startExpressBaseline(): Promise<Server> {
  const app = express();
  // POST for the clear-cache bench, GET for the authenticate bench: the same do-nothing handler.
  const nothing = (_req: express.Request, res: express.Response) => {
    res.json({});
  };
  app.post(EXPRESS_BASELINE_PATH, nothing);
  app.get(EXPRESS_BASELINE_PATH, nothing);
  return listen(app, 0);
}

/** listen(0) on loopback, resolved once bound (or rejected on error). */
export function listen(app: express.Express, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, '127.0.0.1');
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

export function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}

/** Closes the server and any keep-alive socket still open, so close() cannot hang. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export const EXPRESS_FAN_OUT_PATH = '/fan-out';

/**
 * The whole request with nothing of ours in it: an express POST route that makes one raw
 * fan-out (`fanOut`, e.g. EchoFleet.roundTrip) and answers `body`, rendered per request as
 * any implementation must send it. A clear pays HTTP and the fan-out in one request, one
 * after the other, and on a small machine the pattern costs more than the two measured
 * apart: this is the floor for that pattern.
 */
export function startExpressFanOut(fanOut: (id: string) => Promise<void>, body: unknown): Promise<Server> {
  const app = express();
  let counter = 0;
  app.post(EXPRESS_FAN_OUT_PATH, (_req, res, next) => {
    fanOut(String(++counter)).then(() => res.json(body), next);
  });
  return listen(app, 0);
}
