/** The coordinator's RSS (VmRSS from /proc/<pid>/status), sampled on an interval. */
import { rssBytes } from './procfs';

export class MemorySampler {
  readonly samples: number[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly pid: number) {}

  start(everyMs: number): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  sample(): void {
    const rss = rssBytes(this.pid);
    if (rss !== null) this.samples.push(rss);
  }

  get first(): number {
    return this.samples[0] ?? 0;
  }

  get last(): number {
    return this.samples[this.samples.length - 1] ?? 0;
  }

  get max(): number {
    return this.samples.reduce((a, b) => Math.max(a, b), 0);
  }
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
