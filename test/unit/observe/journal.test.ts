import { Journal } from '../../../src/observe/journal';
import { ManualClock } from '../../../src/sim/clock';

describe('event journal', () => {
  const event = (n: number) => ({ type: 'node.up' as const, node: `node-${n}`, pid: null });

  it('numbers entries from 1 and stamps them with the cluster clock', () => {
    const clock = new ManualClock();
    const j = new Journal({ clock });
    j.record(event(1));
    clock.advance(250);
    j.record(event(2));
    expect(j.since(0)).toEqual([
      { seq: 1, time_ms: 0, event: event(1) },
      { seq: 2, time_ms: 250, event: event(2) },
    ]);
    expect(j.since(1).map((e) => e.seq)).toEqual([2]);
  });

  it('keeps only the newest entries beyond its capacity, oldest first, and says where it starts', () => {
    const j = new Journal({ clock: new ManualClock(), capacity: 3 });
    for (let i = 1; i <= 7; i++) j.record(event(i));
    expect(j.oldest).toBe(5);
    expect(j.since(0).map((e) => e.seq)).toEqual([5, 6, 7]);
    expect(j.since(5).map((e) => e.seq)).toEqual([6, 7]);
    expect(j.since(0, 2).map((e) => e.seq)).toEqual([5, 6]);
    expect(j.since(7)).toEqual([]);
  });

  it('also drops the oldest entries first when the events it keeps would hold more than its byte bound: a client-made event cannot fill the memory', () => {
    const j = new Journal({ clock: new ManualClock(), maxBytes: 10_000 });
    const written = (n: number, nameLength: number) => ({ type: 'file.written' as const, node: 'node-1', added: [`${n}`.padEnd(nameLength, 'a')], removed: [] });
    for (let i = 1; i <= 5; i++) j.record(written(i, 3_000));
    // Each is counted for its 3,000-character name and a little more: three fit in 10,000 bytes.
    expect(j.since(0).map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(j.oldest).toBe(3);
    for (let i = 6; i <= 50; i++) j.record(event(i));
    expect(j.since(0).length).toBeLessThan(50);
    expect(j.since(0).at(-1)?.seq).toBe(50);
  });

  it('keeps the newest event even when it alone is bigger than the bound', () => {
    const j = new Journal({ clock: new ManualClock(), maxBytes: 1_000 });
    j.record(event(1));
    j.record({ type: 'rest.request', method: 'GET', path: `/${'x'.repeat(5_000)}`, status: 400, node: 'coordinator' });
    expect(j.since(0).map((e) => e.seq)).toEqual([2]);
    j.record(event(3));
    expect(j.since(0).map((e) => e.seq)).toEqual([3]);
  });

  it('tells subscribers about each entry as it is recorded', () => {
    const j = new Journal({ clock: new ManualClock() });
    const seen: number[] = [];
    const off = j.subscribe((e) => seen.push(e.seq));
    j.record(event(1));
    off();
    j.record(event(2));
    expect(seen).toEqual([1]);
  });
});
