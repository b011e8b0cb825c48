import type { Clock } from '../../../src/core/contract';

interface Timer {
  id: number;
  due: number;
  fn: () => void;
}

/** A Clock whose time only moves when the test says so. */
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

  /** Move time forward, firing due timers in order (each gets its microtasks flushed). */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.due <= end).sort((a, b) => a.due - b.due || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.due;
      due.fn();
      await flush();
    }
    this.time = end;
    await flush();
  }
}

/** Let pending promise callbacks run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
