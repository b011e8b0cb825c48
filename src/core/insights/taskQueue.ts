/** Tasks by key, at most `limit` at once (the service's backfills: two syncs at a time). */
export class TaskQueue {
  private readonly pending = new Map<string, Promise<void>>();
  private readonly waiting: Array<() => void> = [];
  private running = 0;

  constructor(private readonly limit: number) {}

  /** Runs `task` when a place is free; a key already queued or running shares that one. Never rejects if `task` does not. */
  run(key: string, task: () => Promise<void>): Promise<void> {
    const pending = this.pending.get(key);
    if (pending) return pending;
    const done = new Promise<void>((resolve) => {
      this.waiting.push(() => {
        void task()
          .finally(() => {
            this.running--;
            this.pump();
          })
          .finally(resolve);
      });
    }).finally(() => this.pending.delete(key));
    this.pending.set(key, done);
    this.pump();
    return done;
  }

  /** Forgets what has not started (their promises never settle). */
  clear(): void {
    this.waiting.length = 0;
  }

  private pump(): void {
    while (this.running < this.limit && this.waiting.length > 0) {
      this.running++;
      this.waiting.shift()?.();
    }
  }
}
