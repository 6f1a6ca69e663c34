/**
 * The active network faults, and for each message crossing between coordinator and node
 * what happens to it: delivered, delivered late, delivered twice, answered with an error,
 * or lost. Every random choice comes from the cluster's seeded Random, so the same seed
 * and the same steps lose, delay and duplicate the same messages.
 */
import type { Random } from '../sim/random';
import { sampleDelay, type MessageKind, type NetworkFault } from '../faults';

/** One message about to cross: the node at the far end, its kind, and which leg it is. */
export interface Crossing {
  node: string;
  kind: MessageKind;
  leg: 'request' | 'reply';
}

export type Verdict =
  | { deliver: false; by: string; because: 'partition' | 'drop' }
  | { deliver: true; delayMs: number; copies: number; error?: { type: string; reason: string; by: string }; by: string[] };

interface ActiveNetworkFault {
  spec: NetworkFault;
  /** Crossings left before it heals itself (undefined: no count). */
  remaining: number | undefined;
  exhausted: () => void;
}

export class FaultPlan {
  private readonly active = new Map<string, ActiveNetworkFault>();

  constructor(private readonly random: Random) {}

  /**
   * Activates `spec` under `id`. With a `count`, every crossing it acts on (a message lost,
   * late, sent twice or failed: each leg counts) uses one; the last one makes it inactive
   * at once and calls `exhausted` a microtask later, after the crossing's own events.
   */
  set(id: string, spec: NetworkFault, exhausted: () => void = () => undefined): void {
    this.active.set(id, { spec, remaining: spec.count, exhausted });
  }

  delete(id: string): boolean {
    return this.active.delete(id);
  }

  private used(id: string, f: ActiveNetworkFault): void {
    if (f.remaining === undefined || --f.remaining > 0) return;
    this.active.delete(id);
    queueMicrotask(f.exhausted);
  }

  get size(): number {
    return this.active.size;
  }

  /** What happens to this crossing under every active fault, in a fixed order. */
  decide(crossing: Crossing): Verdict {
    let delayMs = 0;
    let copies = 1;
    let error: { type: string; reason: string; by: string } | undefined;
    const by: string[] = [];
    for (const [id, active] of this.active) {
      const f = active.spec;
      if (!applies(f, crossing)) continue;
      switch (f.type) {
        case 'partition':
          if (onLeg(f.direction, crossing)) {
            this.used(id, active);
            return { deliver: false, by: id, because: 'partition' };
          }
          break;
        case 'drop':
          if (onLeg(f.direction, crossing) && this.chance(f.probability)) {
            this.used(id, active);
            return { deliver: false, by: id, because: 'drop' };
          }
          break;
        case 'delay':
          if (onLeg(f.direction, crossing)) {
            delayMs += sampleDelay(f.delay, this.random);
            by.push(id);
            this.used(id, active);
          }
          break;
        case 'duplicate':
          if (crossing.leg === 'request' && this.chance(f.probability)) {
            copies += 1;
            by.push(id);
            this.used(id, active);
          }
          break;
        case 'error':
          if (crossing.leg === 'request' && error === undefined && this.chance(f.probability)) {
            error = { ...f.error, by: id };
            this.used(id, active);
          }
          break;
      }
    }
    return { deliver: true, delayMs, copies, by, ...(error === undefined ? {} : { error }) };
  }

  private chance(probability: number): boolean {
    return probability >= 1 || (probability > 0 && this.random.next() < probability);
  }
}

function applies(f: NetworkFault, c: Crossing): boolean {
  return (f.nodes.length === 0 || f.nodes.includes(c.node)) && (f.messages.length === 0 || f.messages.includes(c.kind));
}

function onLeg(direction: 'both' | 'requests' | 'replies', c: Crossing): boolean {
  return direction === 'both' || (direction === 'requests') === (c.leg === 'request');
}
