/**
 * No stale authentication (`CachingServiceAccountTokenStore`, `FileServiceAccountTokenStore`, `TransportDeleteServiceAccountTokenAction`), checked on the in-process cluster.
 *
 * The property. Once the removal of a token has been *applied* on a node, no authentication
 * that *starts* on that node afterwards may succeed from that token's store. "Applied" means:
 *   - file token: the node's `service_tokens` changed without it (the reload ran on that node
 *     and cleared its file cache, `FileServiceAccountTokenStore`);
 *   - index token: the document was deleted from `.security` AND afterwards a clear of the
 *     index cache covering that key reached the node (the delete's own clear-cache fan-out,
 *     `TransportDeleteServiceAccountTokenAction`, or any later one: exact key, account prefix, or everything).
 * Authentications that started before the removal was applied may still succeed — ES answers
 * requests already attached to an in-flight verification — but their result must never be put
 * back into the cache, or a later request would succeed from it (the `CachingServiceAccountTokenStore` race).
 * Two side properties keep the test honest: a wrong secret never succeeds, and the right
 * secret of a token that was never removed always succeeds (so the property is not vacuous).
 *
 * "Starts" is the moment the test sends the request (or calls the core directly); a sent
 * request reaches the node later, so this only makes the check stricter, never looser.
 * Time is logical: every start and every applied removal takes the next tick.
 *
 * How the race is exercised. Commands only *start* work (authenticate, delete + fan-out,
 * file edit, clear fan-out); between them the runner yields a chosen number of microtasks
 * (each command itself also costs a microtask or two), or settles everything. A verification's PBKDF2 runs on the thread pool and can only finish
 * when the runner yields to the event loop (settle), so with microtask-only yields a deletion
 * can land deterministically between a node's index GET and the end of its verification.
 * Replay a failure with the seed fast-check prints: `SIM_SEED=<seed> npx jest <this file>`.
 */
import fc from 'fast-check';
import { hashSecret } from '../../src/accounts';
import type { Cluster } from '../../src/coordinator/cluster';
import type { AuthenticateReply, CoordinatorRequest, PresentedToken } from '../../src/protocol';
import type { SimEvent } from '../../src/observe/events';
import { startTestCluster, until, type TestCluster } from '../support/in-process';

const NODES = ['node-1', 'node-2', 'node-3'] as const;
const FILE_CACHE = 'file_service_account_token';
const INDEX_CACHE = 'index_service_account_token';
const WRONG_SECRET = 'not-the-secret-0123456789';
/** Long enough that advancing the manual clock never times an authentication out. */
const AUTH_TIMEOUT_MS = 30 * 24 * 60 * 60 * 1000;
const MINUTE = 60 * 1000;

type Store = 'file' | 'index';

interface Credential {
  store: Store;
  key: string;
  secret: string;
}

/** `shared` exists in both stores with different secrets: either secret works (`ServiceAccountService`). */
const CREDENTIALS: readonly Credential[] = [
  { store: 'file', key: 'elastic/fleet-server/file-a', secret: 'file-a-secret-0123456789' },
  { store: 'file', key: 'elastic/kibana/file-b', secret: 'file-b-secret-0123456789' },
  { store: 'file', key: 'elastic/fleet-server/shared', secret: 'shared-file-secret-01234' },
  { store: 'index', key: 'elastic/fleet-server/index-a', secret: 'index-a-secret-012345678' },
  { store: 'index', key: 'elastic/kibana/index-b', secret: 'index-b-secret-012345678' },
  { store: 'index', key: 'elastic/fleet-server/shared', secret: 'shared-index-secret-0123' },
];
const FILE_CREDENTIALS = CREDENTIALS.filter((c) => c.store === 'file');
const INDEX_CREDENTIALS = CREDENTIALS.filter((c) => c.store === 'index');

/** Real PBKDF2 hashes, made once for the whole file (1000 iterations keeps it fast). */
let hashesOnce: Promise<Map<Credential, string>> | undefined;
function hashes(): Promise<Map<Credential, string>> {
  hashesOnce ??= Promise.all(CREDENTIALS.map(async (c) => [c, await hashSecret(c.secret, 'PBKDF2_STRETCH_1000')] as const)).then(
    (pairs) => new Map(pairs),
  );
  return hashesOnce;
}

function presented(key: string, secret: string): PresentedToken {
  const [namespace = '', service = '', tokenName = ''] = key.split('/');
  return { namespace, service, tokenName, secret };
}

function fileContent(hashed: Map<Credential, string>, removed: ReadonlySet<string>): string {
  return FILE_CREDENTIALS.filter((c) => !removed.has(c.key))
    .map((c) => `${c.key}:${hashed.get(c)}`)
    .join('\n');
}

function createIndexToken(cluster: Cluster, c: Credential, hash: string): void {
  const [ns, svc, name = ''] = c.key.split('/');
  cluster.securityIndex.createToken(c.key, {
    username: `${ns}/${svc}`,
    name,
    creator: { principal: 'elastic', full_name: null, email: null, metadata: {}, realm: 'reserved', realm_type: 'reserved' },
    password: hash,
  });
}

async function startTokenCluster(): Promise<{ t: TestCluster; hashed: Map<Credential, string> }> {
  const hashed = await hashes();
  const t = await startTestCluster({ nodes: NODES.length, serviceTokens: fileContent(hashed, new Set()) });
  for (const c of INDEX_CREDENTIALS) createIndexToken(t.cluster, c, hashed.get(c) as string);
  await new Promise((r) => setImmediate(r)); // the index-created state reaches every node
  return { t, hashed };
}

// ---------------------------------------------------------------------------------------
// Commands: plain data, so fast-check can shrink a failing sequence to a readable one.

type Command =
  | { kind: 'authenticate'; node: number; credential: number; wrongSecret: boolean; direct: boolean }
  | { kind: 'delete-index-token'; credential: number }
  | { kind: 'remove-file-token'; node: number; credential: number }
  | { kind: 'clear-cache'; cacheName: string; keys: string[] }
  | { kind: 'advance'; ms: number }
  | { kind: 'yield'; microtasks: number }
  | { kind: 'settle' };

const nodeArb = fc.integer({ min: 0, max: NODES.length - 1 });
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('authenticate' as const),
      node: nodeArb,
      credential: fc.integer({ min: 0, max: CREDENTIALS.length - 1 }),
      wrongSecret: fc.integer({ min: 0, max: 4 }).map((n) => n === 0), // one in five
      direct: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete-index-token' as const), credential: fc.integer({ min: 0, max: INDEX_CREDENTIALS.length - 1 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('remove-file-token' as const), node: nodeArb, credential: fc.integer({ min: 0, max: FILE_CREDENTIALS.length - 1 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('clear-cache' as const),
      cacheName: fc.constantFrom('service', FILE_CACHE, INDEX_CACHE),
      // everything, one exact key, or one account prefix (`CachingServiceAccountTokenStore#invalidate`)
      keys: fc.constantFrom<string[]>([], ...CREDENTIALS.map((c) => [c.key]), ['elastic/fleet-server/'], ['elastic/kibana/']),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.constantFrom(1_000, 5 * MINUTE, 19 * MINUTE, 21 * MINUTE) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('yield' as const), microtasks: fc.integer({ min: 0, max: 30 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'settle' as const }) },
);

// ---------------------------------------------------------------------------------------
// The runner: starts each command, records logical times, checks every completed answer.

/** Does a clear of `cacheName` with `keys` (`CachingServiceAccountTokenStore#invalidate`: `/`-suffixed = prefix, none = all) cover the index entry `key`? */
function clearsIndexKey(cacheName: string, keys: readonly string[], key: string): boolean {
  if (cacheName !== 'service' && cacheName !== INDEX_CACHE) return false;
  return keys.length === 0 || keys.some((k) => (k.endsWith('/') ? key.startsWith(k) : k === key));
}

interface RunStats {
  authentications: number;
  /** Successes that started before their removal was applied on the node and finished after it: the `CachingServiceAccountTokenStore` race ran. */
  raced: number;
}

class Run {
  /** Logical time: every start and every applied removal takes the next tick. */
  private tick = 0;
  private readonly pending: Promise<unknown>[] = [];
  /** `${node}|${store}|${key}` → tick at which the removal was applied on that node. */
  private readonly applied = new Map<string, number>();
  /** Removals that happened somewhere in the cluster (the token may still be cached on some node). */
  private readonly deletedIndexKeys = new Set<string>();
  private readonly removedFileKeys = NODES.map(() => new Set<string>());
  readonly violations: string[] = [];

  constructor(
    private readonly t: TestCluster,
    private readonly hashed: Map<Credential, string>,
    private readonly stats: RunStats,
  ) {
    t.cluster.events.on('event', (e: SimEvent) => this.observe(e));
  }

  async execute(command: Command): Promise<void> {
    switch (command.kind) {
      case 'authenticate':
        return this.authenticate(command);
      case 'delete-index-token': {
        // What ES does for DELETE .../token/<name> (`TransportDeleteServiceAccountTokenAction`): delete the document, then
        // fan out an exact-key clear of the index cache. The fan-out is started, not awaited.
        const key = (INDEX_CREDENTIALS[command.credential] as Credential).key;
        this.t.cluster.securityIndex.deleteToken(key);
        this.deletedIndexKeys.add(key);
        this.pending.push(this.t.cluster.fanOut({ type: 'clear-cache', cacheName: INDEX_CACHE, keys: [key] }));
        return;
      }
      case 'remove-file-token': {
        const node = NODES[command.node] as string;
        const removed = this.removedFileKeys[command.node] as Set<string>;
        const key = (FILE_CREDENTIALS[command.credential] as Credential).key;
        if (removed.has(key)) return;
        removed.add(key);
        this.t.channel(node).writeServiceTokens(fileContent(this.hashed, removed)); // reloads synchronously (`FileServiceAccountTokenStore`)
        this.applied.set(`${node}|file|${key}`, ++this.tick);
        return;
      }
      case 'clear-cache':
        this.pending.push(this.t.cluster.fanOut({ type: 'clear-cache', cacheName: command.cacheName, keys: command.keys }));
        return;
      case 'advance':
        this.t.clock.advance(command.ms);
        return;
      case 'yield':
        for (let i = 0; i < command.microtasks; i++) await Promise.resolve();
        return;
      case 'settle':
        return this.settle();
    }
  }

  async settle(): Promise<void> {
    while (this.pending.length > 0) await Promise.all(this.pending.splice(0));
  }

  /** Index removals are applied when a covering clear reaches the node after the delete. */
  private observe(e: SimEvent): void {
    if (e.type !== 'cache.cleared') return;
    for (const key of this.deletedIndexKeys) {
      const id = `${e.node}|index|${key}`;
      if (!this.applied.has(id) && clearsIndexKey(e.cacheName, e.keys, key)) this.applied.set(id, ++this.tick);
    }
  }

  private authenticate(command: Extract<Command, { kind: 'authenticate' }>): void {
    const node = NODES[command.node] as string;
    const credential = CREDENTIALS[command.credential] as Credential;
    const secret = command.wrongSecret ? WRONG_SECRET : credential.secret;
    const token = presented(credential.key, secret);
    const started = ++this.tick;
    const startedAtMs = this.t.clock.now();
    const reply: Promise<AuthenticateReply | { error: unknown }> = command.direct
      ? new Promise<AuthenticateReply>((resolve) => resolve(this.t.core(node).authenticate(token))).catch((error: unknown) => ({ error }))
      : this.t.channel(node).request({ type: 'authenticate', token }, AUTH_TIMEOUT_MS).then((r) => (r.ok ? r.value : { error: r.error }));
    this.stats.authentications++;
    this.pending.push(reply.then((r) => (this.lookupTimedOut(r, startedAtMs) ? undefined : this.check(node, credential, secret, started, r))));
  }

  /**
   * A clock move past the node's lookup timeout while the lookup was in flight makes the
   * node answer receive_timeout: a truthful answer, not a stale one, and not cached.
   */
  private lookupTimedOut(reply: AuthenticateReply | { error: unknown }, startedAtMs: number): boolean {
    const error = 'error' in reply ? (reply.error as { type?: string }) : undefined;
    return error?.type === 'receive_timeout_transport_exception' && this.t.clock.now() - startedAtMs >= this.t.cluster.config.fanOutTimeoutMs;
  }

  private check(node: string, presentedAs: Credential, secret: string, started: number, reply: AuthenticateReply | { error: unknown }): void {
    const what = `${node}: ${presentedAs.key} with ${secret === WRONG_SECRET ? 'a wrong secret' : `the ${presentedAs.store} secret`} (started at tick ${started})`;
    if ('error' in reply) {
      this.violations.push(`${what} answered an error: ${JSON.stringify(reply.error)}`);
      return;
    }
    if (reply.result === 'success') {
      // Which credential did the node accept? The store says; the secret must be that store's.
      const accepted = CREDENTIALS.find((c) => c.store === reply.store && c.key === presentedAs.key);
      if (accepted === undefined || accepted.secret !== secret) {
        this.violations.push(`${what} succeeded from the ${reply.store} store with a secret that is not that store's`);
        return;
      }
      const removedAt = this.applied.get(`${node}|${reply.store}|${presentedAs.key}`);
      if (removedAt !== undefined && started > removedAt) {
        this.violations.push(`${what} succeeded from the ${reply.store} store although its removal was applied on ${node} at tick ${removedAt}`);
      }
      if (removedAt !== undefined && started < removedAt) this.stats.raced++;
      return;
    }
    // Liveness: the right secret of a token never removed anywhere must work.
    const neverRemoved =
      secret !== WRONG_SECRET &&
      (presentedAs.store === 'file'
        ? !(this.removedFileKeys[NODES.indexOf(node as (typeof NODES)[number])] as Set<string>).has(presentedAs.key)
        : !this.deletedIndexKeys.has(presentedAs.key));
    if (neverRemoved) this.violations.push(`${what} failed although the token was never removed`);
  }
}

function fcParameters(): fc.Parameters<[Command[]]> {
  const seed = process.env.SIM_SEED;
  return {
    numRuns: 100,
    ...(seed !== undefined && seed !== '' ? { seed: Number(seed) } : {}),
  };
}

describe('no stale authentication (`CachingServiceAccountTokenStore`): removed tokens stop working on every node that applied the removal', () => {
  beforeAll(() => hashes());

  it('holds for random interleavings of authentications, deletions, file edits, clears and clock moves', async () => {
    const stats: RunStats = { authentications: 0, raced: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(commandArb, { minLength: 1, maxLength: 60, size: 'max' }), async (commands) => {
        const { t, hashed } = await startTokenCluster();
        try {
          const run = new Run(t, hashed, stats);
          for (const command of commands) await run.execute(command);
          await run.settle();
          expect(run.violations).toEqual([]);
        } finally {
          await t.stop();
        }
      }),
      fcParameters(),
    );
    // Not a correctness check: makes sure the generator really reaches the `CachingServiceAccountTokenStore` race.
    expect(stats.authentications).toBeGreaterThan(0);
    expect(stats.raced).toBeGreaterThan(0);
  });
});

describe('no stale authentication (`CachingServiceAccountTokenStore`): regression', () => {
  let t: TestCluster;
  afterEach(() => t.stop());

  it('a lookup in flight across a token delete + cache clear answers its own request, is not cached, and the next authentication fails', async () => {
    const hashed = await hashes();
    t = await startTestCluster({ nodes: NODES.length, serviceTokens: '' });
    const credential = INDEX_CREDENTIALS[0] as Credential;
    createIndexToken(t.cluster, credential, hashed.get(credential) as string);
    await new Promise((r) => setImmediate(r));

    // Hold node-2's first real-time GET in flight: it reads the document now (before the
    // delete) and its answer arrives only when the test releases it, as a slow reply would.
    const serve = t.cluster.serve.bind(t.cluster);
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let gets = 0;
    jest.spyOn(t.cluster, 'serve').mockImplementation((async (request: CoordinatorRequest) => {
      const answer = await serve(request);
      if (++gets === 1) await released;
      return answer;
    }) as Cluster['serve']);

    const node2 = t.core('node-2');
    const inFlight = t.channel('node-2').request({ type: 'authenticate', token: presented(credential.key, credential.secret) }, AUTH_TIMEOUT_MS);
    await until(() => gets === 1);
    expect(node2.indexCache.peek(credential.key)).toBeDefined(); // the pending entry, inserted before the GET

    expect(t.cluster.securityIndex.deleteToken(credential.key)).toBe(true);
    const cleared = await t.cluster.fanOut({ type: 'clear-cache', cacheName: INDEX_CACHE, keys: [credential.key] });
    expect(cleared.map((r) => r.ok)).toEqual([true, true, true]);
    expect(node2.indexCache.peek(credential.key)).toBeUndefined();

    release();
    // It started before the delete, so (as in ES) it gets the answer of its own lookup …
    expect(await inFlight).toMatchObject({ ok: true, value: { result: 'success', store: 'index' } });
    // … but that answer was written into the orphaned entry, never back into the cache.
    expect(node2.indexCache.peek(credential.key)).toBeUndefined();
    expect(node2.indexCache.size).toBe(0);

    const next = await t.channel('node-2').request({ type: 'authenticate', token: presented(credential.key, credential.secret) }, AUTH_TIMEOUT_MS);
    expect(next).toMatchObject({ ok: true, value: { result: 'failure' } });
    expect(gets).toBe(2); // a fresh lookup, which found no document
    expect(node2.indexCache.size).toBe(0);
  });
});
