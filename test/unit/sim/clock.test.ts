/**
 * The manual clock as a discrete-event scheduler: timers fire in (due, creation) order,
 * cleared ones never, and nextDue/advanceToNext jump straight to the next one.
 */
import { ManualClock } from '../../../src/sim/clock';
import { SeededRandom } from '../../../src/sim/random';

describe('ManualClock', () => {
  it('fires timers in due order, ties in creation order, at their own due time', () => {
    const clock = new ManualClock();
    const fired: string[] = [];
    const random = new SeededRandom(5);
    const expected: { due: number; id: number }[] = [];
    for (let i = 0; i < 500; i++) {
      const due = Math.floor(random.next() * 50);
      expected.push({ due, id: i });
      clock.setTimer(due, () => fired.push(`${i}@${clock.now()}`));
    }
    const cleared = clock.setTimer(10, () => fired.push('cleared'));
    clock.clearTimer(cleared);
    clock.advance(100);
    expect(fired).toEqual(expected.sort((a, b) => a.due - b.due || a.id - b.id).map((t) => `${t.id}@${t.due}`));
    expect(clock.pendingTimers()).toBe(0);
  });

  it('nextDue and advanceToNext jump to the earliest live timer, including ones scheduled while firing', () => {
    const clock = new ManualClock();
    const log: number[] = [];
    const late = clock.setTimer(5, () => log.push(-1));
    clock.setTimer(30, () => {
      log.push(clock.now());
      clock.setTimer(0, () => log.push(clock.now() + 0.5));
    });
    clock.clearTimer(late);
    expect(clock.nextDue()).toBe(30);
    expect(clock.advanceToNext()).toBe(true);
    expect(log).toEqual([30, 30.5]);
    expect(clock.now()).toBe(30);
    expect(clock.nextDue()).toBeUndefined();
    expect(clock.advanceToNext()).toBe(false);
  });
});
