/**
 * What a node process sends back for a request: one message, the reply, carrying the
 * events the request caused. A separate `events` message before each reply would double
 * the messages of every clear-cache and every authentication (each one a wake-up of the
 * coordinator), while a file change, with no request in hand, is still reported at once.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BOOT_ENV_VAR, type NodeBootInfo } from '../../src/protocol';

const ROOT = path.resolve(__dirname, '..', '..');
type Message = { kind: string; inReplyTo?: string; events?: { type: string }[] };

describe('a node process answers a request', () => {
  let dir: string;
  let child: ChildProcess;
  const received: Message[] = [];
  let waiters: (() => void)[] = [];
  /** Resolves once a received message passes `found`. */
  const until = (found: (m: Message) => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => (received.some(found) ? resolve() : waiters.push(check));
      check();
    });
  const replyTo = (id: string) => until((m) => m.kind === 'reply' && m.inReplyTo === id);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'node-messages-'));
    const file = path.join(dir, 'service_tokens');
    copyFileSync(path.join(ROOT, 'fixtures', 'service_tokens'), file);
    const boot: NodeBootInfo = {
      identity: { id: 'node-id-1', name: 'node-1' },
      settings: { tokenCacheTtlMs: 60_000, tokenCacheMax: 100, lookupTimeoutMs: 3_000 },
      serviceTokensFile: file,
      fileWatch: 'native',
      fileWatchIntervalMs: 5_000,
    };
    child = fork(path.join(ROOT, 'src', 'node', 'node-main.ts'), [], {
      execArgv: ['--require', 'tsx/cjs'],
      env: { PATH: process.env.PATH, [BOOT_ENV_VAR]: JSON.stringify(boot) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (m: Message) => {
      received.push(m);
      const w = waiters;
      waiters = [];
      w.forEach((f) => f());
    });
    await until((m) => m.kind === 'ready');
  }, 30_000);

  afterAll(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('with one message, the reply, that carries the events of a clear-cache', async () => {
    received.length = 0;
    child.send({ kind: 'request', id: '1', request: { type: 'clear-cache', cacheName: 'service', keys: ['elastic/fleet-server/token1'] } });
    await replyTo('1');
    // Anything sent separately would have arrived by a later turn of ours.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received.map((m) => ({ kind: m.kind, inReplyTo: m.inReplyTo, events: m.events?.map((e) => e.type) }))).toEqual([
      { kind: 'reply', inReplyTo: '1', events: ['cache.cleared'] },
    ]);
  });

  it('with one message, the reply, that carries the events of a cached authentication', async () => {
    const token = { namespace: 'elastic', service: 'fleet-server', tokenName: 'token1', secret: 'r5wdbdboQSe9vGOKwaJGAw' };
    // The first one misses and verifies the hash: its events go before its reply, which waits on the hash.
    child.send({ kind: 'request', id: '2', request: { type: 'authenticate', token } });
    await replyTo('2');
    await new Promise((resolve) => setTimeout(resolve, 200));
    received.length = 0;
    child.send({ kind: 'request', id: '3', request: { type: 'authenticate', token } });
    await replyTo('3');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received.map((m) => ({ kind: m.kind, inReplyTo: m.inReplyTo, events: m.events?.map((e) => e.type) }))).toEqual([
      { kind: 'reply', inReplyTo: '3', events: ['cache.hit', 'token.authenticated'] },
    ]);
  });

  it('and reports a file change, with no request in hand, in a message of its own', async () => {
    received.length = 0;
    writeFileSync(path.join(dir, 'service_tokens'), '');
    await until((m) => m.kind === 'events' && m.events?.some((e) => e.type === 'file.reloaded') === true);
    expect(received.map((m) => m.kind)).toEqual(['events']);
  });
});
