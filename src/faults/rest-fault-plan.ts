/**
 * The active `rest` faults, and for each request at the front door what happens to it:
 * nothing, an error, a delay, a reset connection, or a hang. The app asks first, before
 * authentication, the body and routing; with no rest fault active that is one size check.
 * The simulator's own API (`/_sim`, the dashboard) is never caught, so a fault can always
 * be healed. Every caught request is journaled as `rest.fault`; probabilities and delays
 * come from the cluster's seeded Random.
 *
 * A request held by a `hang` is served normally when its fault is healed (by hand or by
 * `duration_ms`), or dropped when its client gives up. A hang fault that healed itself by
 * `count` stops catching requests, but what it holds stays held until the client gives
 * up: "the next N requests hang" is what `count` means for it.
 */
import type { SimEvent } from '../observe/events';
import type { Random } from '../sim/random';
import type { Lifetime } from './fault-table';
import { SIM_PATH, restFaultCatches, type RestFault } from './rest-fault-fields';
import { sampleDelay } from './sample-delay';

/** A request a hang fault holds: serve it (the fault was healed) or drop it (the cluster stops). */
export interface HeldRequest {
  serve(): void;
  drop(): void;
}

export type RestVerdict =
  | { action: 'error'; fault: string; status: number; error: { type: string; reason: string } }
  | { action: 'delay'; fault: string; ms: number }
  | { action: 'reset'; fault: string }
  /** `hold` registers the request; the function it answers forgets it (its client gave up). */
  | { action: 'hang'; fault: string; hold(request: HeldRequest): () => void };

interface ActiveRestFault {
  spec: RestFault;
  /** Requests left before it heals itself (undefined: no count). */
  remaining: number | undefined;
  exhausted: () => void;
  held: Set<HeldRequest>;
}

export class RestFaultPlan {
  private readonly active = new Map<string, ActiveRestFault>();
  /** Requests held by hang faults that healed themselves by count: held until their clients give up. */
  private readonly orphans = new Set<HeldRequest>();

  constructor(
    private readonly random: Random,
    private readonly emit: (event: SimEvent) => void,
  ) {}

  get size(): number {
    return this.active.size;
  }

  /** Activates `spec` under `id`; `exhausted` is called once it has acted `count` times (it is already inactive then). */
  set(id: string, spec: RestFault & Lifetime, exhausted: () => void = () => undefined): void {
    this.delete(id);
    this.active.set(id, { spec, remaining: spec.count, exhausted, held: new Set() });
  }

  /** Deactivates a fault; the requests its hang holds are served now. */
  delete(id: string): boolean {
    const f = this.active.get(id);
    if (f === undefined) return false;
    this.active.delete(id);
    for (const request of f.held) request.serve();
    return true;
  }

  /** The cluster stops: every held request's connection is dropped, so the server can close. */
  stop(): void {
    for (const f of this.active.values()) for (const request of f.held) request.drop();
    for (const request of this.orphans) request.drop();
    this.active.clear();
    this.orphans.clear();
  }

  /** What happens to this request: the first active fault (in the order added) that catches it acts; undefined: nothing. */
  decide(method: string, path: string): RestVerdict | undefined {
    if (this.active.size === 0 || path === SIM_PATH || path.startsWith(`${SIM_PATH}/`)) return undefined;
    for (const [id, f] of this.active) {
      if (!restFaultCatches(f.spec, method, path) || !this.chance(f.spec.probability)) continue;
      const verdict = this.verdict(id, f);
      this.emit({ type: 'rest.fault', fault: id, action: f.spec.action, method, path });
      if (f.remaining !== undefined && --f.remaining <= 0) {
        // Used up: inactive from now on; what a hang holds stays held (see above).
        this.active.delete(id);
        for (const request of f.held) this.orphans.add(request);
        f.held = this.orphans;
        f.exhausted();
      }
      return verdict;
    }
    return undefined;
  }

  private verdict(id: string, f: ActiveRestFault): RestVerdict {
    const spec = f.spec;
    switch (spec.action) {
      case 'error':
        return { action: 'error', fault: id, status: spec.status, error: spec.error };
      case 'delay':
        return { action: 'delay', fault: id, ms: sampleDelay(spec.delay, this.random) };
      case 'reset':
        return { action: 'reset', fault: id };
      case 'hang':
        return {
          action: 'hang',
          fault: id,
          hold: (request) => {
            // Registered after the count may have run out: then the fault's set is the orphans.
            const set = f.held;
            set.add(request);
            return () => {
              set.delete(request);
              this.orphans.delete(request);
            };
          },
        };
    }
  }

  private chance(probability: number): boolean {
    return probability >= 1 || (probability > 0 && this.random.next() < probability);
  }
}
