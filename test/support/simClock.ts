/**
 * A Clock for the Refresher whose time moves only when told, and which moves the local API
 * server's manual clock along with it, so the extension's policy and the simulated organization
 * live on one timeline. Real HTTP still happens (to 127.0.0.1); `settle` waits for it.
 */
import { FakeClock } from './fakeClock';

export class SimClock extends FakeClock {
  constructor(
    start: number,
    private readonly server?: { advance(ms: number): void },
  ) {
    super(start);
  }

  protected override moveTo(t: number): void {
    const from = this.now();
    if (t <= from) return;
    this.server?.advance(t - from);
    super.moveTo(t);
  }
}

/** Resolves once the refresher has no request in flight (real I/O gets to run meanwhile). */
export async function untilIdle(isLoading: () => boolean): Promise<void> {
  while (isLoading()) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Resolves once the refresher's state says it is not loading, by its event (no busy wait). */
export function settled(refresher: { state: { loading: boolean }; onDidChange(listener: (state: { loading: boolean }) => void): { dispose(): void } }): Promise<void> {
  if (!refresher.state.loading) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const listener = refresher.onDidChange((state) => {
      if (state.loading) return;
      listener.dispose();
      resolve();
    });
  });
}
