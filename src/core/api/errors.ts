import { stripDirectionControls } from '../view/bidi';
import type { ApiErrorKind } from './contract';

/**
 * The one error type the core throws. `message` is safe to show and log: it never carries a key,
 * an Authorization header or a full URL, only method + path and (capped) server text.
 */
export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly status?: number;
  readonly retryAfterMs?: number;
  /** for 404 on a selected scope: the requested ids the server said it could not find */
  readonly notFoundIds?: string[];

  constructor(
    kind: ApiErrorKind,
    message: string,
    extra: { status?: number; retryAfterMs?: number; notFoundIds?: string[] } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    if (extra.status !== undefined) this.status = extra.status;
    if (extra.retryAfterMs !== undefined) this.retryAfterMs = extra.retryAfterMs;
    if (extra.notFoundIds !== undefined) this.notFoundIds = extra.notFoundIds;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

/**
 * Untrusted text made fit for a plain-text message (notifications, errors, the log): one line,
 * at most `max` characters, and no `[label](target)`: VS Code's notifications turn that into a
 * clickable link, `command:` targets included, so a space goes between `]` and `(`. Direction
 * controls are removed: they would reorder the message around the text (bidi.ts).
 */
export function capText(text: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  const oneLine = stripDirectionControls(text).replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\]\s*\(/g, '] (').trim();
  return oneLine.length > max ? oneLine.slice(0, max - 1) + '…' : oneLine;
}
