/**
 * Every request the soak sends goes through here: sent with its timeout, judged (a hang, a
 * 5xx that is not allowed, a wrong answer to a request with an expected status), counted by
 * kind and status. Failures keep a few samples each, with enough to replay them by hand.
 */
import { isAllowed5xx } from './allowed-5xx';
import { send, type Outcome, type SoakRequest } from './http-client';

export interface FailureSample {
  what: string;
  request: string;
  answer: string;
}

export class Recorder {
  readonly byKind = new Map<string, { sent: number; statuses: Map<string, number> }>();
  sent = 0;
  hung = 0;
  allowed5xx = 0;
  bad5xx = 0;
  unexpected = 0;
  resets = 0;
  maxMs = 0;
  /** failure category → count and the first samples. */
  readonly failures = new Map<string, { count: number; samples: FailureSample[] }>();

  constructor(private readonly port: number) {}

  /** Sends `r`; `expect` (a status, or a predicate) makes any other answer a failure. */
  async request(r: SoakRequest, expect?: number | ((o: Outcome) => boolean)): Promise<Outcome> {
    const o = await send(this.port, r);
    this.note(r, o, expect);
    return o;
  }

  note(r: SoakRequest, o: Outcome, expect?: number | ((o: Outcome) => boolean)): void {
    this.sent++;
    this.maxMs = Math.max(this.maxMs, o.ms);
    const kind = this.byKind.get(r.kind) ?? { sent: 0, statuses: new Map<string, number>() };
    this.byKind.set(r.kind, kind);
    kind.sent++;
    const label = o.timedOut ? 'timeout' : o.status !== null ? String(o.status) : (o.error ?? 'no-answer');
    kind.statuses.set(label, (kind.statuses.get(label) ?? 0) + 1);
    if (o.timedOut) {
      this.hung++;
      this.fail(`request hung past its ${r.timeoutMs} ms timeout`, r, o);
    } else if (o.status !== null && o.status >= 500) {
      if (isAllowed5xx(r, o)) this.allowed5xx++;
      else {
        this.bad5xx++;
        this.fail(`${o.status} ${o.errorType ?? ''} (a 5xx Elasticsearch would not answer)`.replace('  ', ' '), r, o);
      }
    } else if (o.status === null && (o.error === 'ECONNRESET' || o.error === 'EPIPE')) {
      this.resets++;
    } else if (o.status === null && o.error === 'ECONNREFUSED') {
      this.fail('connection refused: the coordinator is not listening', r, o);
    }
    if (expect !== undefined && !o.timedOut && !(typeof expect === 'number' ? o.status === expect : expect(o))) {
      this.unexpected++;
      this.fail(`${r.kind}: ${typeof expect === 'number' ? `want ${expect}` : 'unexpected answer'}`, r, o);
    }
  }

  fail(what: string, r: SoakRequest, o: Outcome): void {
    const entry = this.failures.get(what) ?? { count: 0, samples: [] };
    this.failures.set(what, entry);
    entry.count++;
    if (entry.samples.length < 3) entry.samples.push({ what, request: describe(r), answer: describeOutcome(o) });
  }
}

export function describe(r: SoakRequest): string {
  const headers = Object.entries(r.headers ?? {})
    .map(([k, v]) => `${k}: ${clip(v, 60)}`)
    .join('; ');
  const body = r.body === undefined ? '' : ` body ${Buffer.byteLength(r.body)} bytes: ${clip(r.body.toString(), 80)}`;
  return `[${r.kind}] ${r.method} ${clip(r.path, 160)}${headers === '' ? '' : ` {${headers}}`}${body}`;
}

export function describeOutcome(o: Outcome): string {
  if (o.timedOut) return `no answer after ${Math.round(o.ms)} ms`;
  if (o.status === null) return `no answer: ${o.error ?? '?'}`;
  return `${o.status} ${o.errorType ?? ''} ${clip(o.reason ?? o.body, 160)} (${Math.round(o.ms)} ms)`;
}

export function clip(s: string, n: number): string {
  const flat = s.replace(/[\r\n]+/g, ' ');
  return flat.length <= n ? flat : `${flat.slice(0, n)}… (${flat.length} chars)`;
}
