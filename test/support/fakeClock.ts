import type { Clock } from '../../src/core/api/contract';

interface Timer {
  id: number;
  due: number;
  fn: () => void;
}

/**
 * A Clock whose time only moves when the test says so. The benchmark's simulated day extends it
 * (simClock.ts) to move the local API server's clock along.
 */
export class FakeClock implements Clock {
  private time: number;
  private nextId = 1;
  private timers: Timer[] = [];

  constructor(start = Date.UTC(2024, 0, 15, 9, 0, 0)) {
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

  /** delays (from now) of the timers still pending, soonest first */
  pending(): number[] {
    return this.timers.map((t) => t.due - this.time).sort((a, b) => a - b);
  }

  /** when the soonest timer is due, or undefined */
  nextDue(): number | undefined {
    let due: number | undefined;
    for (const t of this.timers) if (due === undefined || t.due < due) due = t.due;
    return due;
  }

  /** Move time forward, firing due timers in order (each gets its microtasks flushed). */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.time + ms, flush);
    await flush();
  }

  /** Moves to `target`, firing due timers in order; after each, awaits `settle` (what it started). */
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

  /** The one place time moves forward (subclasses move other clocks along). */
  protected moveTo(t: number): void {
    if (t > this.time) this.time = t;
  }
}

/** Let pending promise callbacks run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * For tests where real I/O (the local API server) runs beside the fake clock: waits, in real
 * time, until `condition` holds.
 */
export async function waitFor(condition: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await flush();
    await new Promise((r) => setTimeout(r, 5));
  }
}
