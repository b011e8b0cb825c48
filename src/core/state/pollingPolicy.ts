/**
 * When to refresh next: a pure function of one input record, so it can grow (adaptive polling)
 * without touching the refresher, and be tested exhaustively without timers.
 *
 * What happens when (the README's table is generated from this list, keep them in step):
 * - something is in progress: every `intervalMs` (polytomic.refreshInterval);
 * - everything finished: every max(4 × interval, 2 min), at most 10 min, but wake up 5 s after the
 *   earliest `nextExecutionTime` of an active sync when that comes sooner;
 * - window unfocused and nothing in progress (pauseWhenUnfocused): no polling, but wake up 5 s
 *   after the earliest `nextExecutionTime` of an active sync (however far off), so a scheduled run
 *   that starts and fails while nobody looks is still seen: once it shows as in progress the
 *   interval applies until it ends; with no scheduled run known, no requests at all;
 * - 429/503 with Retry-After: exactly what the server asked (at least 1 s, at most 1 h), even when
 *   that is sooner than the interval: the refresh it deferred is still owed;
 * - other transient errors: the interval doubled per failure, capped at 5 min, ±15 % jitter;
 * - 401/403/404, insecure URL, bad config: none until the key or settings change, or a manual refresh;
 * - interval 0: manual refresh only (Retry-After still honoured for the deferred manual refresh).
 * Which syncs a refresh asks for (the whole scope, or only the followed ones) is SnapshotSource's
 * choice, not this policy's: see followedSyncs.ts.
 */
import type { ApiErrorKind, Snapshot } from '../api/contract';
import { MotionTracker } from './motion';

export interface RefreshPolicyInput {
  /** the configured interval; 0 = manual refresh only */
  intervalMs: number;
  /** failed refreshes since the last success (0 after a success) */
  consecutiveFailures: number;
  lastErrorKind?: ApiErrorKind;
  /** what the server asked for with Retry-After (429/503) */
  retryAfterMs?: number;
  /** ceiling for exponential backoff; default 5 min (never below the interval itself) */
  backoffCapMs?: number;
  /** ceiling for an absurd Retry-After; default 1 h */
  maxRetryAfterMs?: number;
  /**
   * anything running or queued in the last good data; undefined (nothing known yet, or a caller
   * that does not track it) counts as in progress, so the fast interval is the fallback
   */
  anyInProgress?: boolean;
  /** epoch ms of the soonest scheduled run of an active sync (see pollingFacts) */
  earliestNextExecutionMs?: number;
  /** epoch ms the returned delay counts from (the refresher: when its last request ended); needed with earliestNextExecutionMs */
  now?: number;
  /** the VS Code window has focus; default true */
  focused?: boolean;
  /** polytomic.pauseWhenUnfocused; default true */
  pauseWhenUnfocused?: boolean;
  /** [0, 1) source for backoff jitter; without it there is no jitter (deterministic) */
  random?: () => number;
}

export const DEFAULT_BACKOFF_CAP_MS = 5 * 60_000;
export const DEFAULT_MAX_RETRY_AFTER_MS = 60 * 60_000;
/** `Retry-After: 0` must not become a busy loop */
export const MIN_RETRY_AFTER_MS = 1_000;
/** idle polling: at least this often… */
export const IDLE_MIN_MS = 2 * 60_000;
/** …and never slower than this */
export const IDLE_MAX_MS = 10 * 60_000;
export const IDLE_FACTOR = 4;
/** how long after a scheduled run's start time to look: the run has usually started by then */
export const SCHEDULE_GRACE_MS = 5_000;
/** backoff delays vary by ±this fraction, so many windows that failed together do not retry together */
export const JITTER = 0.15;

/**
 * Errors that another identical request cannot fix: wait until the user changes the key or the
 * settings (the refresher gets a new source then) or refreshes by hand.
 */
const NO_AUTOMATIC_RETRY: ReadonlySet<ApiErrorKind> = new Set<ApiErrorKind>([
  'unauthorized',
  'forbidden',
  'insecure',
  'config',
  'notFound',
]);

export type RefreshPlanReason =
  | 'inProgress' // something is running: the configured interval
  | 'idle' // all finished: the slow interval
  | 'scheduled' // all finished, a scheduled run starts before the slow interval is up
  | 'paused' // unfocused with nothing running and no scheduled run known
  | 'pausedUntilScheduled' // unfocused with nothing running: wake for the next scheduled run
  | 'retryAfter' // the server said when
  | 'backoff' // transient error
  | 'stopped' // an error another request cannot fix
  | 'manual'; // interval 0

export interface RefreshPlan {
  /** ms until the next automatic refresh; undefined = none */
  delayMs?: number;
  reason: RefreshPlanReason;
}

/** The slow interval used while nothing runs. */
export function idleIntervalMs(intervalMs: number): number {
  return Math.min(Math.max(intervalMs * IDLE_FACTOR, IDLE_MIN_MS), Math.max(IDLE_MAX_MS, intervalMs));
}

/** Milliseconds until the next automatic refresh, or undefined for none. See refreshPlan(). */
export function nextRefreshDelay(input: RefreshPolicyInput): number | undefined {
  return refreshPlan(input).delayMs;
}

/** The next automatic refresh and why (the reason goes to the log). */
export function refreshPlan(input: RefreshPolicyInput): RefreshPlan {
  const interval = Number.isFinite(input.intervalMs) && input.intervalMs > 0 ? input.intervalMs : 0;
  const failures = Math.max(0, Math.floor(input.consecutiveFailures || 0));
  const kind = failures > 0 ? input.lastErrorKind : undefined;
  if (kind !== undefined && NO_AUTOMATIC_RETRY.has(kind)) return { reason: 'stopped' };

  const inProgress = input.anyInProgress !== false;
  if (input.focused === false && input.pauseWhenUnfocused !== false && !inProgress) {
    // Nothing changes while nothing runs, and the window's focus brings a refresh. But a scheduled
    // run can start and fail before focus returns, and the next run would hide that failure: look
    // once it should have started (it then counts as in progress and is followed to its end).
    // After a failed refresh, the backoff or Retry-After still sets the earliest time to look.
    const wake = scheduledWakeMs(input);
    const awake = refreshPlan({ ...input, focused: true });
    if (wake === undefined || wake <= -SCHEDULE_GRACE_MS || awake.delayMs === undefined || interval === 0) return { reason: 'paused' };
    const soonest = awake.reason === 'retryAfter' || awake.reason === 'backoff' ? awake.delayMs : interval;
    return { delayMs: Math.max(wake, soonest), reason: 'pausedUntilScheduled' };
  }

  const retryAfter = input.retryAfterMs;
  if (failures > 0 && (kind === 'rateLimited' || kind === 'unavailable') && retryAfter !== undefined && Number.isFinite(retryAfter) && retryAfter >= 0) {
    const honoured = Math.min(retryAfter, input.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS);
    return { delayMs: Math.max(honoured, MIN_RETRY_AFTER_MS), reason: 'retryAfter' };
  }

  if (interval === 0) return { reason: 'manual' };

  if (failures > 0) {
    const cap = Math.max(input.backoffCapMs ?? DEFAULT_BACKOFF_CAP_MS, interval);
    const exponent = Math.min(failures - 1, 30);
    const base = Math.min(interval * 2 ** exponent, cap);
    return { delayMs: jitter(base, input.random), reason: 'backoff' };
  }

  if (inProgress) return { delayMs: interval, reason: 'inProgress' };

  const idle = idleIntervalMs(interval);
  const wake = scheduledWakeMs(input);
  if (wake !== undefined) {
    // A run due within the idle period (or overdue by less than one, i.e. about to be picked up):
    // look soon after it should have started, never sooner than the fast interval.
    if (wake < idle && wake > -idle) return { delayMs: Math.max(wake, interval), reason: 'scheduled' };
  }
  return { delayMs: idle, reason: 'idle' };
}

/** ms from `now` until SCHEDULE_GRACE_MS after the earliest scheduled run, or undefined when unknown */
function scheduledWakeMs(input: RefreshPolicyInput): number | undefined {
  const next = input.earliestNextExecutionMs;
  if (next === undefined || input.now === undefined || !Number.isFinite(next) || !Number.isFinite(input.now)) return undefined;
  return next + SCHEDULE_GRACE_MS - input.now;
}

function jitter(ms: number, random: (() => number) | undefined): number {
  if (!random) return ms;
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0.5;
  return Math.round(ms * (1 + JITTER * (2 * unit - 1)));
}

/**
 * Someone looks again (window focused, view shown): refresh now? Not when the policy says not to
 * poll (401, manual mode) or to wait (backoff, Retry-After, counted from the last request's end);
 * otherwise when the data is older than one interval.
 */
export function refreshOnReturn(input: { plan: RefreshPlan; intervalMs: number; failures: number; lastFinishedAt?: number; lastSuccessAt?: number; now: number }): boolean {
  const { plan, now } = input;
  if (plan.delayMs === undefined) return false;
  if (input.failures > 0) return (input.lastFinishedAt ?? now) + plan.delayMs <= now;
  return input.lastSuccessAt === undefined || now - input.lastSuccessAt >= input.intervalMs;
}

export interface PollingFacts {
  anyInProgress: boolean;
  earliestNextExecutionMs?: number;
}

/**
 * What the policy needs from the last good data: is anything (a sync or one of its schemas)
 * running or queued, and when is the soonest scheduled run of a sync that is not deactivated.
 * Times more than SCHEDULE_GRACE_MS before `now` are ignored: that run has started (and shows as
 * in progress) or the value is stale, and it must not hide a later one. No data counts as in progress.
 * `motion`: the caller's tracker kept from poll to poll (the refresher's), so a poll costs the rows
 * it changed; a fresh one reads the whole snapshot.
 */
export function pollingFacts(snapshot: Snapshot | undefined, now: number, motion: MotionTracker = new MotionTracker()): PollingFacts {
  if (!snapshot) return { anyInProgress: true };
  const anyInProgress = motion.anyInProgress(snapshot);
  const earliest = motion.earliestFrom(snapshot, now - SCHEDULE_GRACE_MS);
  return earliest === undefined ? { anyInProgress } : { anyInProgress, earliestNextExecutionMs: earliest };
}
