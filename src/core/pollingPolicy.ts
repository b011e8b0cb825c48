/**
 * When to refresh next: a pure function of one input record, so it can grow (adaptive polling)
 * without touching the refresher, and be tested exhaustively without timers.
 */
import type { ApiErrorKind } from './contract';

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
}

export const DEFAULT_BACKOFF_CAP_MS = 5 * 60_000;
export const DEFAULT_MAX_RETRY_AFTER_MS = 60 * 60_000;

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

/**
 * Milliseconds until the next automatic refresh, or undefined for none.
 * - success: the interval (none in manual mode);
 * - 429/503 with Retry-After: exactly what the server asked (at least), also in manual mode,
 *   because the user's own refresh was what got deferred;
 * - unauthorized / forbidden / insecure / config / notFound: none, until credentials or settings change;
 * - anything else (network, timeout, 5xx, malformed, 429/503 without Retry-After…): the interval
 *   doubled per consecutive failure, capped; none in manual mode (the user refreshes by hand).
 */
export function nextRefreshDelay(input: RefreshPolicyInput): number | undefined {
  const interval = Number.isFinite(input.intervalMs) && input.intervalMs > 0 ? input.intervalMs : 0;
  const failures = Math.max(0, Math.floor(input.consecutiveFailures || 0));
  if (failures === 0) return interval > 0 ? interval : undefined;

  const kind = input.lastErrorKind;
  if (kind !== undefined && NO_AUTOMATIC_RETRY.has(kind)) return undefined;

  const retryAfter = input.retryAfterMs;
  if ((kind === 'rateLimited' || kind === 'unavailable') && retryAfter !== undefined && Number.isFinite(retryAfter) && retryAfter >= 0) {
    const honoured = Math.min(retryAfter, input.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS);
    return Math.max(honoured, interval);
  }

  if (interval === 0) return undefined;
  const cap = Math.max(input.backoffCapMs ?? DEFAULT_BACKOFF_CAP_MS, interval);
  const exponent = Math.min(failures - 1, 30);
  return Math.min(interval * 2 ** exponent, cap);
}
