/**
 * A Clock for the Refresher whose time moves only when told, and which moves the local API
 * server's manual clock along with it, so the extension's policy and the simulated organization
 * live on one timeline. Real HTTP still happens (to 127.0.0.1); `settle` waits for it.
 */
import type { Clock } from '../src/core/contract';

interface Timer {
  id: number;
  due: number;
  fn: () => void;
}

export class SimClock implements Clock {
  private time: number;
  private nextId = 1;
  private timers: Timer[] = [];

  constructor(
    start: number,
    private readonly server?: { advance(ms: number): void },
  ) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const timer = { id: this.nextId++, due: this.time + Math.max(0, ms), fn };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** when the soonest timer is due, or undefined */
  nextDue(): number | undefined {
    let due: number | undefined;
    for (const t of this.timers) if (due === undefined || t.due < due) due = t.due;
    return due;
  }

  /** Moves to `target`, firing due timers in order; after each, awaits `settle` (the request it started). */
  async advanceTo(target: number, settle: () => Promise<void>): Promise<void> {
    for (;;) {
      const due = this.timers.filter((t) => t.due <= target).sort((a, b) => a.due - b.due || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.moveTo(due.due);
      due.fn();
      await settle();
    }
    this.moveTo(target);
  }

  private moveTo(t: number): void {
    if (t <= this.time) return;
    this.server?.advance(t - this.time);
    this.time = t;
  }
}

/** Resolves once the refresher has no request in flight (real I/O gets to run meanwhile). */
export async function untilIdle(isLoading: () => boolean): Promise<void> {
  while (isLoading()) await new Promise<void>((resolve) => setImmediate(resolve));
}
