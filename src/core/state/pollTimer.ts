/**
 * The Refresher's one pending automatic refresh: armed from a RefreshPlan, counted from the end
 * of the last request (so re-planning on focus or settings changes never postpones it), and
 * logged once each time the plan's reason changes.
 */
import type { Clock, Logger } from '../api/contract';
import type { RefreshPlan, RefreshPlanReason } from './pollingPolicy';

export class PollTimer {
  private handle: unknown;
  private due?: number;
  private lastReason?: RefreshPlanReason;

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Replaces any pending refresh with `plan`'s, `plan.delayMs` after `from`; `fire` runs when due. */
  arm(plan: RefreshPlan, from: number, fire: () => void): void {
    this.clear();
    this.log(plan.reason);
    if (plan.delayMs === undefined) return;
    const now = this.clock.now();
    const delay = Math.max(0, from + plan.delayMs - now);
    this.due = now + delay;
    this.handle = this.clock.setTimeout(() => {
      this.handle = undefined;
      this.due = undefined;
      fire();
    }, delay);
  }

  clear(): void {
    if (this.handle !== undefined) this.clock.clearTimeout(this.handle);
    this.handle = undefined;
    this.due = undefined;
  }

  /** ms until the pending refresh, or undefined for none */
  inMs(): number | undefined {
    return this.due === undefined ? undefined : Math.max(0, this.due - this.clock.now());
  }

  private log(reason: RefreshPlanReason): void {
    if (reason === this.lastReason) return;
    this.lastReason = reason;
    if (reason === 'stopped') this.logger.info('Automatic refresh paused until the key or settings change, or a manual refresh.');
    else if (reason === 'paused') this.logger.debug('Automatic refresh paused: the window is not focused and nothing is running.');
    else if (reason === 'pausedUntilScheduled') this.logger.debug('Automatic refresh paused until the next scheduled run: the window is not focused and nothing is running.');
    else this.logger.debug(`Polling: ${reason}`);
  }
}
