/**
 * One refresher, one state: the only thing that talks to the API on a schedule. Every view
 * renders `state`; `onDidChange` tells them when (and, via the diff, what) to re-render.
 *
 * Guarantees:
 * - never two requests at once: refreshes asked for during one are coalesced into exactly one
 *   follow-up, and each caller's promise resolves once data fetched after its call is in;
 * - never throws and never rejects: failures become `state.lastError` (logged), the last good
 *   snapshot stays, marked stale;
 * - 401 sets auth 'unauthorized' and stops automatic polling until the source changes
 *   (new key / settings) or the user refreshes by hand;
 * - the next automatic refresh is chosen by refreshPlan() on the injected Clock, counted from
 *   the end of the last request (so re-planning on focus or settings changes never postpones it);
 * - setFocused(false) pauses polling while nothing runs (pauseWhenUnfocused), except for one look
 *   just after the next scheduled run should have started; setFocused(true) and
 *   setViewVisible(true) refresh at once when the data is older than one interval, unless a
 *   backoff or Retry-After says to wait, in which case the wait is kept.
 */
import type { Clock, Disposable, Logger, RefreshReason, Snapshot, SnapshotDiff, SnapshotFetcher, ViewState, ViewStateListener } from '../api/contract';
import { capText } from '../api/errors';
import { pollingFacts, refreshOnReturn, refreshPlan, type RefreshPlan, type RefreshPolicyInput } from './pollingPolicy';
import { MotionTracker } from './motion';
import { FollowUp } from './followUp';
import { PollTimer } from './pollTimer';
import { refreshFailure, stateAfterFailure, type RefreshFailure } from './refreshFailure';
import { diffSnapshots } from './snapshot';
import { systemClock } from './systemClock';

export interface RefresherOptions {
  /** default: the real clock */
  clock?: Clock;
  logger: Logger;
  /** 0 = manual refresh only; default 60 s (adapters call setInterval() from the settings) */
  intervalMs?: number;
  /** undefined = signed out */
  source?: SnapshotFetcher;
  backoffCapMs?: number;
  /** stop polling while the window is unfocused and nothing runs; default true */
  pauseWhenUnfocused?: boolean;
  /** [0, 1) source for backoff jitter; default Math.random */
  random?: () => number;
}

export const DEFAULT_INTERVAL_MS = 60_000;

export class Refresher implements Disposable {
  private current: ViewState;
  private readonly listeners = new Set<ViewStateListener>();
  private readonly clock: Clock;
  private readonly logger: Logger;
  private source?: SnapshotFetcher;
  /** the policy's settings and attention inputs (refreshPlan) */
  private readonly policy: Pick<RefreshPolicyInput, 'backoffCapMs' | 'random'> & { intervalMs: number; focused: boolean; pauseWhenUnfocused: boolean };
  /** bumped when the source changes or on dispose: results of older requests are dropped */
  private generation = 0;
  private inFlight?: Promise<void>;
  private readonly followUp = new FollowUp();
  private readonly timer: PollTimer;
  private started = false;
  private disposed = false;
  private failures = 0;
  /** the last failure, while failures > 0 */
  private lastFailure?: RefreshFailure;
  private viewVisible = true;
  /** when the last request ended: the next automatic one is planned from here */
  private lastFinishedAt?: number;
  /** what runs or is due in the current snapshot (pollingFacts, kept from the rows each poll changed) */
  private readonly motion = new MotionTracker();

  constructor(options: RefresherOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger;
    this.source = options.source;
    this.policy = {
      intervalMs: options.intervalMs ?? DEFAULT_INTERVAL_MS,
      backoffCapMs: options.backoffCapMs,
      focused: true,
      pauseWhenUnfocused: options.pauseWhenUnfocused ?? true,
      random: options.random ?? Math.random,
    };
    this.timer = new PollTimer(this.clock, this.logger);
    this.current = { auth: this.source ? 'signedIn' : 'signedOut', loading: false };
  }

  get state(): ViewState {
    return this.current;
  }

  /** failed refreshes since the last success */
  get consecutiveFailures(): number {
    return this.failures;
  }

  onDidChange(listener: ViewStateListener): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Begin: one refresh now, then on the schedule. Idempotent. */
  start(): void {
    if (this.started || this.disposed) return;
    this.started = true;
    void this.refresh('startup');
  }

  refresh(reason: RefreshReason): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (!this.source) {
      this.logger.debug(`Refresh (${reason}) skipped: not signed in`);
      return Promise.resolve();
    }
    const manual = reason === 'manual';
    if (this.inFlight) return this.followUp.join(reason, manual);
    return this.run(reason, manual);
  }

  /**
   * New credentials / base URL / scope (a new source), or undefined when signed out.
   * Drops the old data and any request in flight; does not fetch by itself: call
   * refresh('config') (or start()) next, so a caller that does both sends one request.
   */
  setSource(source: SnapshotFetcher | undefined): void {
    if (this.disposed) return;
    this.generation++;
    this.source = source;
    this.failures = 0;
    this.lastFailure = undefined;
    this.lastFinishedAt = undefined;
    this.timer.clear();
    // Data from another key, host or scope is not this source's data: start from nothing
    // (and therefore raise no alerts for what the new source shows first).
    this.setState({ auth: source ? 'signedIn' : 'signedOut', loading: this.inFlight !== undefined });
  }

  setInterval(intervalMs: number): void {
    if (this.disposed || intervalMs === this.policy.intervalMs) return;
    this.policy.intervalMs = intervalMs;
    this.replan();
  }

  /** The VS Code window gained or lost focus. */
  setFocused(focused: boolean): void {
    if (this.disposed || focused === this.policy.focused) return;
    this.policy.focused = focused;
    if (focused) this.refreshIfStale('focus');
    else this.replan();
  }

  /** The view was shown or hidden. Hiding changes nothing: the status bar and alerts still need data. */
  setViewVisible(visible: boolean): void {
    if (this.disposed || visible === this.viewVisible) return;
    this.viewVisible = visible;
    if (visible) this.refreshIfStale('visible');
  }

  setPauseWhenUnfocused(pause: boolean): void {
    if (this.disposed || pause === this.policy.pauseWhenUnfocused) return;
    this.policy.pauseWhenUnfocused = pause;
    this.replan();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.generation++;
    this.timer.clear();
    this.listeners.clear();
    this.followUp.take()?.resolve();
  }

  // ------------------------------------------------------------------------------------------

  private run(reason: RefreshReason, manual: boolean): Promise<void> {
    this.timer.clear();
    const done = this.fetchOnce(reason, manual).then(
      (diff) => this.finish(diff),
      (err: unknown) => {
        // fetchOnce catches everything; this is a last line of defence against a bug.
        this.logger.error(`Refresh (${reason}) crashed: ${err instanceof Error ? capText(err.message) : String(err)}`);
        this.finish(undefined);
      },
    );
    this.inFlight = done;
    return done;
  }

  /** Re-plan the pending automatic refresh after an input of the policy changed. */
  private replan(): void {
    if (!this.started || this.disposed || this.inFlight) return;
    this.schedule();
    this.setState({ ...this.current, nextRefreshInMs: this.timer.inMs() });
  }

  /** Someone is looking again: refresh now if the policy says so (refreshOnReturn), else re-plan. */
  private refreshIfStale(reason: RefreshReason): void {
    if (!this.started || this.disposed || !this.source || this.inFlight) return;
    const due = refreshOnReturn({
      plan: this.plan(),
      intervalMs: this.policy.intervalMs,
      failures: this.failures,
      lastFinishedAt: this.lastFinishedAt,
      lastSuccessAt: this.current.lastSuccessAt,
      now: this.clock.now(),
    });
    if (!due) return this.replan();
    this.logger.debug(`Refreshing now (${reason}): the data is older than the refresh interval`);
    void this.refresh(reason);
  }

  private finish(diff: SnapshotDiff | undefined): void {
    this.inFlight = undefined;
    this.lastFinishedAt = this.clock.now();
    if (this.disposed) return;
    const next = this.followUp.take();
    if (next && this.source) {
      this.emit({ ...this.current, loading: true, nextRefreshInMs: undefined }, diff);
      void this.run(next.reason, next.manual).then(next.resolve);
      return;
    }
    next?.resolve();
    this.schedule();
    this.emit({ ...this.current, loading: false, nextRefreshInMs: this.timer.inMs() }, diff);
  }

  /** One request. Resolves with the diff on success, undefined on failure; never rejects. */
  private async fetchOnce(reason: RefreshReason, manual: boolean): Promise<SnapshotDiff | undefined> {
    const source = this.source;
    if (!source) return undefined;
    const generation = this.generation;
    this.setState({ ...this.current, loading: true });
    const started = this.clock.now();
    let snapshot: Snapshot;
    try {
      snapshot = await source.fetch(manual, { reason });
    } catch (err) {
      if (generation !== this.generation) return undefined;
      this.recordFailure(reason, err);
      return undefined;
    }
    if (generation !== this.generation) {
      this.logger.debug(`Refresh (${reason}) result dropped: the source changed meanwhile`);
      return undefined;
    }
    const diff = diffSnapshots(this.current.snapshot, snapshot);
    this.failures = 0;
    this.lastFailure = undefined;
    const count = snapshot.syncs.length;
    this.logger.debug(`Refresh (${reason}) ok: ${count} sync${count === 1 ? '' : 's'} in ${this.clock.now() - started} ms`);
    this.current = { auth: 'signedIn', loading: true, snapshot, lastSuccessAt: this.clock.now() };
    return diff;
  }

  private recordFailure(reason: RefreshReason, err: unknown): void {
    this.failures++;
    const failure = (this.lastFailure = refreshFailure(err));
    if (failure.unexpected) this.logger.error(`Refresh (${reason}) failed unexpectedly: ${failure.message}`);
    this.logger.warn(`Refresh (${reason}) failed (${failure.kind}, ${this.failures} in a row): ${failure.message}`);
    this.current = stateAfterFailure(this.current, failure, this.clock.now());
  }

  private plan(): RefreshPlan {
    const now = this.clock.now();
    return refreshPlan({
      ...this.policy,
      ...pollingFacts(this.current.snapshot, now, this.motion),
      consecutiveFailures: this.failures,
      lastErrorKind: this.lastFailure?.kind,
      retryAfterMs: this.lastFailure?.retryAfterMs,
      // schedule() counts the delay from the end of the last request, so a wake-up at a fixed time
      // (a scheduled run) must be measured from there too, or a re-plan later on would come early.
      now: this.lastFinishedAt ?? now,
    });
  }

  private schedule(): void {
    this.timer.clear();
    if (!this.started || this.disposed || !this.source) return;
    this.timer.arm(this.plan(), this.lastFinishedAt ?? this.clock.now(), () => void this.refresh('timer'));
  }

  private setState(state: ViewState): void {
    this.emit(state, undefined);
  }

  private emit(state: ViewState, diff: SnapshotDiff | undefined): void {
    this.current = state;
    for (const listener of [...this.listeners]) {
      try {
        listener(state, diff);
      } catch (err) {
        this.logger.error(`A view failed to update: ${err instanceof Error ? capText(err.message) : String(err)}`);
      }
    }
  }
}
