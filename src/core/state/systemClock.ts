import type { Clock } from '../api/contract';

/** The real clock, for the Refresher (tests and the benchmark pass their own). */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    // A pending poll must not keep a Node process (tests, CLI) alive.
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
