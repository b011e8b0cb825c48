import type { RefreshReason } from '../api/contract';

export interface PendingRefresh {
  promise: Promise<void>;
  resolve: () => void;
  reason: RefreshReason;
  manual: boolean;
}

/**
 * Refreshes asked for while one is in flight: coalesced into exactly one follow-up (manual if
 * any of them was), whose promise resolves once data fetched after every such call is in.
 */
export class FollowUp {
  private pending?: PendingRefresh;

  join(reason: RefreshReason, manual: boolean): Promise<void> {
    if (!this.pending) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.pending = { promise, resolve, reason, manual };
    } else if (manual) {
      this.pending.manual = true;
      this.pending.reason = 'manual';
    }
    return this.pending.promise;
  }

  /** The pending follow-up, handed over (and forgotten here). */
  take(): PendingRefresh | undefined {
    const pending = this.pending;
    this.pending = undefined;
    return pending;
  }
}
