/**
 * A model of the cached authenticate path with nothing of ours in it, to split its cost:
 * an express GET route that sends one message to one of N echo children (taking turns,
 * as the coordinator picks the authenticating node), awaits the reply and answers `{}`.
 * Each request can also make the child send back the `token.authenticated` event a real
 * node records for every authentication: inside the reply (`in-reply`, as node-main.ts
 * does), or as a message of its own before the reply (`separate`), so the cost of carrying
 * it either way can be seen.
 *
 * Unlike EchoFleet (one round trip in flight per child), any number of requests may be in
 * flight per child here, matched by id, since C connections share N children.
 */
import { stopChild } from './child';
import { fork, type ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import path from 'node:path';
import express from 'express';
import { closeServer, listen } from './express-baseline';

export const IPC_ROUTE_PATH = '/ipc';

const ECHO_CHILD = path.join(__dirname, 'echo-child.js');
const START_TIMEOUT_MS = 30_000;

/** The payloads a real node exchanges for one cached authentication, so JSON costs match. */
const AUTH_REQUEST = {
  type: 'authenticate',
  token: { namespace: 'elastic', service: 'fleet-server', tokenName: 'token1', secret: 'r5wdbdboQSe9vGOKwaJGAw' },
};
const AUTH_REPLY = { result: 'success', store: 'file' };
const eventFor = (node: string) => ({ type: 'token.authenticated', node, token: 'elastic/fleet-server/token1', result: 'success', file: 'hit' });

export type EventCarriage = 'none' | 'in-reply' | 'separate';

export interface IpcRoute {
  readonly server: Server;
  readonly pids: number[];
  stop(): Promise<void>;
}

export async function startIpcRoute(children: number, options: { events: EventCarriage }): Promise<IpcRoute> {
  const forked: ChildProcess[] = [];
  const waiting = new Map<string, () => void>();
  let events = 0;
  const stop = async () => {
    await Promise.all(forked.map(stopChild));
  };
  try {
    await Promise.all(
      Array.from({ length: children }, () => {
        const child = fork(ECHO_CHILD, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: [] });
        forked.push(child);
        return new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('echo child did not start')), START_TIMEOUT_MS);
          child.on('message', (msg: { kind: string; inReplyTo?: string }) => {
            if (msg.kind === 'ready') {
              clearTimeout(timer);
              resolve();
            } else if (msg.kind === 'event') {
              events++; // what the coordinator does with one: receive and dispatch
            } else if (msg.kind === 'reply' && msg.inReplyTo !== undefined) {
              events += (msg as { events?: unknown[] }).events?.length ?? 0;
              const done = waiting.get(msg.inReplyTo);
              waiting.delete(msg.inReplyTo);
              done?.();
            }
          });
          child.on('exit', () => {
            clearTimeout(timer);
            reject(new Error('echo child exited'));
          });
          child.on('error', () => undefined);
        });
      }),
    );
  } catch (err) {
    await stop();
    throw err;
  }
  let turn = 0;
  let counter = 0;
  const app = express();
  app.get(IPC_ROUTE_PATH, (_req, res) => {
    const index = turn++ % forked.length;
    const child = forked[index] as ChildProcess;
    const id = String(++counter);
    waiting.set(id, () => res.json({}));
    const node = `node-${index + 1}`;
    const carriage =
      options.events === 'in-reply' ? { events: [eventFor(node)] } : options.events === 'separate' ? { notice: { kind: 'event', event: eventFor(node) } } : {};
    child.send({ kind: 'request', id, request: AUTH_REQUEST, value: AUTH_REPLY, ...carriage });
  });
  let server: Server;
  try {
    server = await listen(app, 0);
  } catch (err) {
    await stop();
    throw err;
  }
  void events;
  return {
    server,
    pids: forked.map((c) => c.pid ?? 0),
    stop: async () => {
      await closeServer(server);
      await stop();
    },
  };
}

