import assert from 'node:assert/strict';
import type { Logger } from '../../../src/core/api/contract';
import { ApiError } from '../../../src/core/api/errors';

/**
 * Every line any test logger received, across all test files: the secrets test at the end of the
 * run asserts that no key ever reached a log line.
 */
export const ALL_LOG_LINES: string[] = [];
/** Every ApiError message the tests saw (pushed by the tests that catch them). */
export const ALL_ERROR_MESSAGES: string[] = [];

export class MemoryLogger implements Logger {
  readonly lines: string[] = [];
  private push(level: string, message: string): void {
    const line = `[${level}] ${message}`;
    this.lines.push(line);
    ALL_LOG_LINES.push(line);
  }
  trace(message: string): void {
    this.push('trace', message);
  }
  debug(message: string): void {
    this.push('debug', message);
  }
  info(message: string): void {
    this.push('info', message);
  }
  warn(message: string): void {
    this.push('warn', message);
  }
  error(message: string): void {
    this.push('error', message);
  }
}

/** Run `fn`, expect it to reject, record the message for the secrets check, return the error. */
export async function rejection<T = Error>(promise: Promise<unknown>): Promise<T> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof Error) ALL_ERROR_MESSAGES.push(err.message);
    return err as T;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/** Every credential any test used; the secrets check asserts none leaked into logs or errors. */
export const SECRETS = new Set<string>();
export function secret<T extends string>(value: T): T {
  SECRETS.add(value);
  return value;
}

/** As rejection(), and the error must be the core's ApiError. */
export async function apiError(promise: Promise<unknown>): Promise<ApiError> {
  const err = await rejection(promise);
  assert.ok(err instanceof ApiError, `expected ApiError, got ${String(err)}`);
  return err;
}
