/**
 * The active network faults, and for each message crossing between coordinator and node
 * what happens to it: delivered, delivered late, delivered twice, answered with an error,
 * or lost. Every random choice comes from the cluster's seeded Random, so the same seed
 * and the same steps lose, delay and duplicate the same messages.
 */
import type { Random } from '../sim/random';
import type { DelaySpec, MessageKind, NetworkFault } from '../faults';

/** One message about to cross: the node at the far end, its kind, and which leg it is. */
export interface Crossing {
  node: string;
  kind: MessageKind;
  leg: 'request' | 'reply';
}

export type Verdict =
  | { deliver: false; by: string; because: 'partition' | 'drop' }
  | { deliver: true; delayMs: number; copies: number; error?: { type: string; reason: string; by: string }; by: string[] };

export class FaultPlan {
  private readonly active = new Map<string, NetworkFault>();

  constructor(private readonly random: Random) {}

  set(id: string, spec: NetworkFault): void {
    this.active.set(id, spec);
  }

  delete(id: string): boolean {
    return this.active.delete(id);
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
    for (const [id, f] of this.active) {
      if (!applies(f, crossing)) continue;
      switch (f.type) {
        case 'partition':
          if (onLeg(f.direction, crossing)) return { deliver: false, by: id, because: 'partition' };
          break;
        case 'drop':
          if (onLeg(f.direction, crossing) && this.chance(f.probability)) return { deliver: false, by: id, because: 'drop' };
          break;
        case 'delay':
          if (onLeg(f.direction, crossing)) {
            delayMs += this.sample(f.delay);
            by.push(id);
          }
          break;
        case 'duplicate':
          if (crossing.leg === 'request' && this.chance(f.probability)) {
            copies += 1;
            by.push(id);
          }
          break;
        case 'error':
          if (crossing.leg === 'request' && error === undefined && this.chance(f.probability)) error = { ...f.error, by: id };
          break;
      }
    }
    return { deliver: true, delayMs, copies, by, ...(error === undefined ? {} : { error }) };
  }

  private chance(probability: number): boolean {
    return probability >= 1 || (probability > 0 && this.random.next() < probability);
  }

  private sample(d: DelaySpec): number {
    const jitter = d.jitter_ms > 0 ? this.random.next() * d.jitter_ms : 0;
    switch (d.distribution) {
      case 'fixed':
        return d.ms + jitter;
      case 'uniform':
        return d.min_ms + this.random.next() * (d.max_ms - d.min_ms) + jitter;
      case 'exponential':
        return -d.mean_ms * Math.log(1 - this.random.next()) + jitter;
    }
  }
}

function applies(f: NetworkFault, c: Crossing): boolean {
  return (f.nodes.length === 0 || f.nodes.includes(c.node)) && (f.messages.length === 0 || f.messages.includes(c.kind));
}

function onLeg(direction: 'both' | 'requests' | 'replies', c: Crossing): boolean {
  return direction === 'both' || (direction === 'requests') === (c.leg === 'request');
}
