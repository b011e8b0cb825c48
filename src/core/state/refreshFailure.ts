import type { ApiErrorKind, ViewState } from '../api/contract';
import { capText, isApiError } from '../api/errors';

export interface RefreshFailure {
  kind: ApiErrorKind;
  message: string;
  /** what the server asked for with Retry-After (429/503) */
  retryAfterMs?: number;
  /** not an ApiError: a bug somewhere below, reported plainly rather than crashing the views */
  unexpected: boolean;
}

/** What a failed refresh means for the state and the polling policy. */
export function refreshFailure(err: unknown): RefreshFailure {
  if (isApiError(err)) return { kind: err.kind, message: err.message, retryAfterMs: err.retryAfterMs, unexpected: false };
  const message = `Unexpected error: ${err instanceof Error ? capText(err.message) : capText(String(err))}`;
  return { kind: 'network', message, unexpected: true };
}

/** The state after a failed refresh: the last good snapshot stays; a 401 marks the key rejected. */
export function stateAfterFailure(current: ViewState, failure: RefreshFailure, at: number): ViewState {
  const { kind, message } = failure;
  const auth = kind === 'unauthorized' ? 'unauthorized' : current.auth === 'signedOut' ? 'signedOut' : 'signedIn';
  return { ...current, auth, lastError: { kind, message, at } };
}
