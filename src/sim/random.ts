/**
 * Seeded randomness: every random choice of the simulator (node picks,
 * drop probabilities, delays, in-process node ids) comes from one Random, so the same
 * seed replays the same run. Secrets are NOT drawn from here: they use crypto.
 */

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** `length` characters from the URL-safe Base64 alphabet. */
  id(length: number): string;
  readonly seed: number;
}

const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** mulberry32: tiny, fast, and good enough for simulation choices (not for secrets). */
export class SeededRandom implements Random {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  id(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += URL_SAFE[this.int(64)];
    return out;
  }
}

/** A fresh seed for runs that did not ask for one; printed so the run can be replayed. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 0x7fffffff);
}
