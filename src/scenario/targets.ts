/**
 * Where a scenario runs. `InProcessTarget`: a fresh in-process cluster with the manual
 * clock, driven without sockets, where time never waits: whenever the request in flight
 * is blocked on timers only (a fan-out timeout, a delayed message, a TTL), the clock jumps
 * to the next timer — a discrete-event simulation, as Elasticsearch's
 * DeterministicTaskQueue runs its cluster tests. `UrlTarget`: a running cluster or a real
 * Elasticsearch over HTTP, with a real clock.
 */
import type { JournalEntry } from '../observe/journal';
import { ManualClock } from '../sim/clock';
import { realWorkInFlight, whenRealWorkIdle } from '../sim/real-work';
import { createCluster, type CreateClusterOptions, type SimCluster } from '../library';
import type { ApiRequest } from './api-spec';
import { inject } from './inject';
import type { VersionContext } from './version-range';
import { ES_VERSION } from '../http/routes/root';

export interface TargetRequest extends ApiRequest {
  headers: Record<string, string>;
}

export interface TargetResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

export interface Target {
  /** For the report: what ran the file. */
  readonly description: string;
  /** Whether the target serves `/_sim` (false for a real Elasticsearch). */
  readonly hasSim: boolean;
  send(request: TargetRequest): Promise<TargetResponse>;
  /** Node versions and the runner's own version, for `skip: version` (`VersionRange`). */
  versions(): Promise<VersionContext>;
  /** The journal's newest sequence number (0 when empty). */
  journalSeq(): Promise<number>;
  /** Journal entries after `seq`, oldest first. */
  journalSince(seq: number): Promise<JournalEntry[]>;
  close(): Promise<void>;
}

/** The superuser's Basic credentials, sent unless a step gives its own Authorization. */
export interface Credentials {
  user: string;
  password: string;
}

function basic({ user, password }: Credentials): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

function withDefaults(request: TargetRequest, credentials: Credentials): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.headers)) headers[k.toLowerCase()] = v;
  headers.authorization ??= basic(credentials);
  if (request.body !== undefined) headers['content-type'] ??= 'application/json';
  return headers;
}

function urlOf(request: ApiRequest): string {
  const q = new URLSearchParams(request.query).toString();
  return q === '' ? request.path : `${request.path}?${q}`;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Turns with nothing to do before a request that never answers is reported stuck. */
const STUCK_AFTER_TURNS = 100;

export class InProcessTarget implements Target {
  readonly hasSim = true;

  private constructor(
    readonly sim: SimCluster,
    private readonly clock: ManualClock,
    readonly description: string,
    private readonly credentials: Credentials,
  ) {}

  static async start(options: CreateClusterOptions, credentials: Credentials = { user: 'elastic', password: options.elasticPassword ?? 'changeme' }): Promise<InProcessTarget> {
    const clock = new ManualClock();
    const sim = await createCluster({ ...options, host: 'in-process', clock });
    const names = sim.nodes.map((n) => n.name).join(', ');
    return new InProcessTarget(sim, clock, `in-process cluster [${sim.cluster.config.clusterName}], nodes [${names}], seed ${sim.cluster.config.seed}`, credentials);
  }

  async send(request: TargetRequest): Promise<TargetResponse> {
    let settled = false;
    const answer = inject(this.sim.app, {
      method: request.method,
      url: urlOf(request),
      headers: withDefaults(request, this.credentials),
      body: request.body === undefined ? undefined : Buffer.from(request.body),
    }).finally(() => {
      settled = true;
    });
    await this.runUntil(() => settled);
    return answer;
  }

  /**
   * Lets the system run until `done()`: settle every microtask and turn; wait for real work
   * (a hash on the thread pool); when only timers are left, jump to the next one.
   */
  private async runUntil(done: () => boolean): Promise<void> {
    let idle = 0;
    for (;;) {
      await turn();
      await turn();
      if (done()) return;
      if (realWorkInFlight() > 0) {
        await whenRealWorkIdle();
        idle = 0;
      } else if (this.clock.advanceToNext()) {
        idle = 0;
      } else if (++idle > STUCK_AFTER_TURNS) {
        throw new Error('the request is still unanswered, with no timer pending and nothing in flight: the simulator is stuck (a bug; please report it with this file and seed)');
      }
    }
  }

  /** Every simulated node reports the one version the simulator implements. */
  async versions(): Promise<VersionContext> {
    return { nodeVersions: this.sim.nodes.map(() => ES_VERSION.number), current: ES_VERSION.number };
  }

  async journalSeq(): Promise<number> {
    return this.sim.journal.next - 1;
  }

  async journalSince(seq: number): Promise<JournalEntry[]> {
    return this.sim.journal.since(seq);
  }

  close(): Promise<void> {
    return this.sim.stop();
  }
}

export class UrlTarget implements Target {
  private constructor(
    private readonly base: string,
    private readonly credentials: Credentials,
    readonly hasSim: boolean,
  ) {}

  get description(): string {
    return `${this.base}${this.hasSim ? '' : ' (no /_sim: simulator steps are skipped)'}`;
  }

  static async connect(url: string, credentials: Credentials): Promise<UrlTarget> {
    const base = url.replace(/\/+$/, '');
    const probe = new UrlTarget(base, credentials, false);
    const res = await probe.send({ method: 'GET', path: '/_sim/nodes', query: [], headers: {} });
    return new UrlTarget(base, credentials, res.status === 200);
  }

  async send(request: TargetRequest): Promise<TargetResponse> {
    const res = await fetch(`${this.base}${urlOf(request)}`, {
      method: request.method,
      headers: withDefaults(request, this.credentials),
      body: request.body,
    });
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      headers[k] = v;
    });
    return { status: res.status, headers, text: await res.text() };
  }

  /**
   * The version of the node that answers `GET /` (Elasticsearch's runner takes the lowest of
   * every node's; one node stands for them here). None known when it does not answer 200.
   */
  async versions(): Promise<VersionContext> {
    const res = await this.send({ method: 'GET', path: '/', query: [], headers: {} });
    let number: unknown;
    try {
      number = res.status === 200 ? (JSON.parse(res.text) as { version?: { number?: unknown } }).version?.number : undefined;
    } catch {
      number = undefined;
    }
    return { nodeVersions: typeof number === 'string' ? [number] : [], current: ES_VERSION.number };
  }

  async journalSeq(): Promise<number> {
    if (!this.hasSim) return 0;
    const res = await this.send({ method: 'GET', path: '/_sim/events', query: [['limit', '0']], headers: {} });
    return (JSON.parse(res.text) as { next_since: number }).next_since;
  }

  async journalSince(seq: number): Promise<JournalEntry[]> {
    if (!this.hasSim) return [];
    const out: JournalEntry[] = [];
    for (let since = seq; ; ) {
      const res = await this.send({ method: 'GET', path: '/_sim/events', query: [['since', String(since)], ['limit', '1000']], headers: {} });
      const page = JSON.parse(res.text) as { events: JournalEntry[]; next_since: number };
      if (page.events.length === 0) return out;
      out.push(...page.events);
      since = page.next_since;
    }
  }

  async close(): Promise<void> {}
}
