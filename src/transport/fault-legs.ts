/**
 * What the active network faults do to one leg of one node's messages:
 * a request leg may be lost, answered with an injected error, late, or sent twice; a reply
 * leg may be lost or late. Every outcome is an event. The channel (node-channel.ts) asks
 * for a verdict first, so a message no fault touches takes no detour.
 */
import type { ErrorData } from '../errors';
import type { SimEvent } from '../observe/events';
import type { Clock } from '../sim/clock';
import type { FaultPlan, Verdict } from './fault-plan';
import type { MessageKind } from '../faults';

export class FaultLegs {
  constructor(
    private readonly node: string,
    private readonly clock: Clock,
    private readonly emit: (event: SimEvent) => void,
    private readonly faults: FaultPlan | undefined,
  ) {}

  /** What the active faults do to this leg of a message of `kind`; undefined: nothing. */
  verdict(kind: MessageKind | undefined, leg: 'request' | 'reply'): Verdict | undefined {
    if (kind === undefined || this.faults === undefined || this.faults.size === 0) return undefined;
    const v = this.faults.decide({ node: this.node, kind, leg });
    return v.deliver && v.delayMs === 0 && v.copies === 1 && v.error === undefined ? undefined : v;
  }

  /**
   * A request leg under `v`: lost (the sender's timeout will tell), failed with the
   * injected error instead of being sent, or sent late and/or `copies` times.
   */
  request(v: Verdict, kind: MessageKind, send: () => void, fail: (error: ErrorData) => void): void {
    const node = this.node;
    if (!v.deliver) {
      this.emit({ type: 'message.dropped', node, kind, leg: 'request', fault: v.by, because: v.because });
      return;
    }
    if (v.delayMs > 0) this.emit({ type: 'message.delayed', node, kind, leg: 'request', ms: Math.round(v.delayMs), faults: v.by });
    const go = () => {
      if (v.error !== undefined) {
        this.emit({ type: 'message.failed', node, kind, fault: v.error.by, error: v.error.type });
        fail({ type: v.error.type, reason: v.error.reason });
        return;
      }
      if (v.copies > 1) this.emit({ type: 'message.duplicated', node, kind, copies: v.copies, faults: v.by });
      for (let i = 0; i < v.copies; i++) send();
    };
    if (v.delayMs > 0) this.clock.setTimer(v.delayMs, go);
    else go();
  }

  /** A reply leg under `v`: lost, or delivered late. */
  reply(v: Verdict, kind: MessageKind, deliver: () => void): void {
    const node = this.node;
    if (!v.deliver) {
      this.emit({ type: 'message.dropped', node, kind, leg: 'reply', fault: v.by, because: v.because });
      return;
    }
    this.emit({ type: 'message.delayed', node, kind, leg: 'reply', ms: Math.round(v.delayMs), faults: v.by });
    this.clock.setTimer(v.delayMs, deliver);
  }
}
