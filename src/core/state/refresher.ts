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
import type {
  ApiErrorKind,
  AuthState,
  Clock,
  Disposable,
  Logger,
  RefreshReason,
  Snapshot,
  SnapshotDiff,
  SnapshotFetcher,
  ViewState,
  ViewStateListener,
} from '../api/contract';
import { capText, isApiError } from '../api/errors';
import { pollingFacts, refreshPlan, type RefreshPlan, type RefreshPlanReason } from './pollingPolicy';
import { diffSnapshots } from './snapshot';

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

interface Pending {
  promise: Promise<void>;
  resolve: () => void;
  reason: RefreshReason;
  manual: boolean;
}

export class Refresher implements Disposable {
  private current: ViewState;
  private readonly listeners = new Set<ViewStateListener>();
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly backoffCapMs?: number;
  private source?: SnapshotFetcher;
  private intervalMs: number;
  /** bumped when the source changes or on dispose: results of older requests are dropped */
  private generation = 0;
  private inFlight?: Promise<void>;
  private followUp?: Pending;
  private timer: unknown;
  private timerDue?: number;
  private started = false;
  private disposed = false;
  private failures = 0;
  private lastErrorKind?: ApiErrorKind;
  private retryAfterMs?: number;
  private focused = true;
  private viewVisible = true;
  private pauseWhenUnfocused: boolean;
  private readonly random: () => number;
  /** when the last request ended: the next automatic one is planned from here */
  private lastFinishedAt?: number;
  private lastPlanReason?: RefreshPlanReason;

  constructor(options: RefresherOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger;
    this.intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
    this.backoffCapMs = options.backoffCapMs;
    this.source = options.source;
    this.pauseWhenUnfocused = options.pauseWhenUnfocused ?? true;
    this.random = options.random ?? Math.random;
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
    if (this.inFlight) {
      if (!this.followUp) {
        let resolve!: () => void;
        const promise = new Promise<void>((r) => (resolve = r));
        this.followUp = { promise, resolve, reason, manual };
      } else if (manual) {
        this.followUp.manual = true;
        this.followUp.reason = 'manual';
      }
      return this.followUp.promise;
    }
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
    this.lastErrorKind = undefined;
    this.retryAfterMs = undefined;
    this.lastFinishedAt = undefined;
    this.clearTimer();
    // Data from another key, host or scope is not this source's data: start from nothing
    // (and therefore raise no alerts for what the new source shows first).
    this.setState({ auth: source ? 'signedIn' : 'signedOut', loading: this.inFlight !== undefined });
  }

  /**
   * For adapters that track sign-in separately: 'signedOut' drops the source (as setSource(undefined));
   * 'signedIn' / 'unauthorized' only relabel the state. setSource() already sets auth, so this is
   * usually a no-op.
   */
  setAuth(auth: AuthState): void {
    if (this.disposed || auth === this.current.auth) return;
    if (auth === 'signedOut') {
      this.setSource(undefined);
      return;
    }
    this.setState({ ...this.current, auth });
  }

  setInterval(intervalMs: number): void {
    if (this.disposed || intervalMs === this.intervalMs) return;
    this.intervalMs = intervalMs;
    this.replan();
  }

  /** The VS Code window gained or lost focus. */
  setFocused(focused: boolean): void {
    if (this.disposed || focused === this.focused) return;
    this.focused = focused;
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
    if (this.disposed || pause === this.pauseWhenUnfocused) return;
    this.pauseWhenUnfocused = pause;
    this.replan();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.generation++;
    this.clearTimer();
    this.listeners.clear();
    this.followUp?.resolve();
    this.followUp = undefined;
  }

  // ------------------------------------------------------------------------------------------

  private run(reason: RefreshReason, manual: boolean): Promise<void> {
    this.clearTimer();
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
    this.setState({ ...this.current, nextRefreshInMs: this.nextInMs() });
  }

  /**
   * Someone is looking again: refresh now if the data is older than one interval, unless the
   * policy says to wait (backoff, Retry-After) or not to poll at all (401, manual mode).
   */
  private refreshIfStale(reason: RefreshReason): void {
    if (!this.started || this.disposed || !this.source || this.inFlight) return;
    const plan = this.plan();
    if (plan.delayMs === undefined) {
      this.replan();
      return;
    }
    const now = this.clock.now();
    const dueNow =
      this.failures > 0
        ? (this.lastFinishedAt ?? now) + plan.delayMs <= now
        : this.lastSuccessAge(now) >= this.intervalMs;
    if (dueNow) {
      this.logger.debug(`Refreshing now (${reason}): the data is older than the refresh interval`);
      void this.refresh(reason);
    } else {
      this.replan();
    }
  }

  private lastSuccessAge(now: number): number {
    const at = this.current.lastSuccessAt;
    return at === undefined ? Infinity : now - at;
  }

  private finish(diff: SnapshotDiff | undefined): void {
    this.inFlight = undefined;
    this.lastFinishedAt = this.clock.now();
    if (this.disposed) return;
    const next = this.followUp;
    this.followUp = undefined;
    if (next && this.source) {
      this.emit({ ...this.current, loading: true, nextRefreshInMs: undefined }, diff);
      void this.run(next.reason, next.manual).then(next.resolve);
      return;
    }
    next?.resolve();
    this.schedule();
    this.emit({ ...this.current, loading: false, nextRefreshInMs: this.nextInMs() }, diff);
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
      snapshot = await source.fetch(manual, { reason, intervalMs: this.intervalMs });
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
    this.lastErrorKind = undefined;
    this.retryAfterMs = undefined;
    const count = snapshot.syncs.length;
    this.logger.debug(`Refresh (${reason}) ok: ${count} sync${count === 1 ? '' : 's'} in ${this.clock.now() - started} ms`);
    const state: ViewState = { auth: 'signedIn', loading: true, snapshot, lastSuccessAt: this.clock.now() };
    this.current = state;
    return diff;
  }

  private recordFailure(reason: RefreshReason, err: unknown): void {
    this.failures++;
    let kind: ApiErrorKind;
    let message: string;
    if (isApiError(err)) {
      kind = err.kind;
      message = err.message;
      this.retryAfterMs = err.retryAfterMs;
    } else {
      // Not an ApiError: a bug somewhere below. Report it plainly rather than crash the views.
      kind = 'network';
      message = `Unexpected error: ${err instanceof Error ? capText(err.message) : capText(String(err))}`;
      this.retryAfterMs = undefined;
      this.logger.error(`Refresh (${reason}) failed unexpectedly: ${message}`);
    }
    this.lastErrorKind = kind;
    this.logger.warn(`Refresh (${reason}) failed (${kind}, ${this.failures} in a row): ${message}`);
    this.current = {
      ...this.current,
      auth: kind === 'unauthorized' ? 'unauthorized' : this.current.auth === 'signedOut' ? 'signedOut' : 'signedIn',
      lastError: { kind, message, at: this.clock.now() },
    };
  }

  private plan(): RefreshPlan {
    const now = this.clock.now();
    const facts = pollingFacts(this.current.snapshot, now);
    return refreshPlan({
      intervalMs: this.intervalMs,
      consecutiveFailures: this.failures,
      lastErrorKind: this.lastErrorKind,
      retryAfterMs: this.retryAfterMs,
      backoffCapMs: this.backoffCapMs,
      anyInProgress: facts.anyInProgress,
      earliestNextExecutionMs: facts.earliestNextExecutionMs,
      // schedule() counts the delay from the end of the last request, so a wake-up at a fixed time
      // (a scheduled run) must be measured from there too, or a re-plan later on would come early.
      now: this.lastFinishedAt ?? now,
      focused: this.focused,
      pauseWhenUnfocused: this.pauseWhenUnfocused,
      random: this.random,
    });
  }

  private schedule(): void {
    this.clearTimer();
    if (!this.started || this.disposed || !this.source) return;
    const plan = this.plan();
    if (plan.reason !== this.lastPlanReason) {
      this.lastPlanReason = plan.reason;
      if (plan.reason === 'stopped') this.logger.info('Automatic refresh paused until the key or settings change, or a manual refresh.');
      else if (plan.reason === 'paused') this.logger.debug('Automatic refresh paused: the window is not focused and nothing is running.');
      else if (plan.reason === 'pausedUntilScheduled') this.logger.debug('Automatic refresh paused until the next scheduled run: the window is not focused and nothing is running.');
      else this.logger.debug(`Polling: ${plan.reason}`);
    }
    if (plan.delayMs === undefined) return;
    const now = this.clock.now();
    const delay = Math.max(0, (this.lastFinishedAt ?? now) + plan.delayMs - now);
    this.timerDue = now + delay;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.timerDue = undefined;
      void this.refresh('timer');
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDue = undefined;
  }

  private nextInMs(): number | undefined {
    return this.timerDue === undefined ? undefined : Math.max(0, this.timerDue - this.clock.now());
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
