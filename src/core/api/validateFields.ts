/**
 * The checks every response body is validated with (validate.ts, validateExecutions.ts): each reads
 * one field and throws Invalid naming the place (`record_count: expected a non-negative number, got
 * "12"`); run() turns that into one ApiError('malformed') for a body unusable as a whole.
 */
import { spellOutDirectionControls } from '../view/bidi';
import { ApiError } from './errors';

/** A value that breaks the contract; the message names the place and what it got. */
export class Invalid extends Error {}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string': {
      const shown = value.length > 40 ? value.slice(0, 39) + '…' : value;
      // quoted in messages shown as plain text: a direction control would reorder the message
      return spellOutDirectionControls(JSON.stringify(shown));
    }
    case 'number':
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

export function fail(path: string, expected: string, value: unknown): never {
  throw new Invalid(`${path}: expected ${expected}, got ${describe(value)}`);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function optString(obj: Record<string, unknown>, key: string, path: string): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') fail(`${path}.${key}`, 'a string', value);
  return value;
}

export function requiredId(obj: Record<string, unknown>, key: string, path: string): string {
  const value = obj[key];
  if (value === undefined || value === null) throw new Invalid(`${path}.${key}: missing`);
  if (typeof value !== 'string') fail(`${path}.${key}`, 'a string', value);
  if (value.trim() === '') fail(`${path}.${key}`, 'a non-empty string', value);
  return value;
}

export function optCount(obj: Record<string, unknown>, key: string, path: string): number | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    fail(`${path}.${key}`, 'a non-negative number', value);
  }
  return value;
}

export function optBool(obj: Record<string, unknown>, key: string, path: string): boolean | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') fail(`${path}.${key}`, 'true or false', value);
  return value;
}

/**
 * What the API sends for almost every date: `2025-03-10T09:00:00.000Z`, or without milliseconds
 * (nextExecutionTime), every part in range. Days stop at 28 (every month has them) and the year is
 * after 0001, so such a value is a valid, set date and optDate returns it in canonical form without
 * Date.parse (two dates per schema, 100,000 schemas per refresh). Anything else takes the general path.
 */
const PLAIN_DATE = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{3})?Z$/;

// Dates are re-emitted as ISO strings so comparisons between snapshots do not depend on formatting.
const YEAR_2 = Date.parse('0002-01-01T00:00:00Z');
const CANONICAL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export function optDate(obj: Record<string, unknown>, key: string, path: string): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') fail(`${path}.${key}`, 'a date string', value);
  // what new Date(ms).toISOString() gives for it
  if (value >= '0002' && PLAIN_DATE.test(value)) return value.length === 24 ? value : value.slice(0, 19) + '.000Z';
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) fail(`${path}.${key}`, 'a date', value);
  if (ms < YEAR_2) return undefined; // Go zero time (0001-01-01): not set
  return CANONICAL_ISO.test(value) ? value : new Date(ms).toISOString();
}

export function optStatus(obj: Record<string, unknown>, key: string, path: string): string | undefined {
  const value = optString(obj, key, path);
  return value === '' ? undefined : value;
}

export function dataArray(body: unknown): unknown[] {
  if (!isRecord(body)) fail('response', 'an object', body);
  if (!('data' in body)) throw new Invalid('response.data: missing');
  const data = body.data;
  if (data === null) return [];
  if (!Array.isArray(data)) fail('data', 'an array', data);
  return data;
}

export function run<T>(what: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof Invalid) {
      throw new ApiError('malformed', `Unexpected response from ${what}: ${err.message}`);
    }
    throw err;
  }
}

export function dataObject(body: unknown): Record<string, unknown> {
  if (!isRecord(body)) fail('response', 'an object', body);
  const data = body.data;
  if (!isRecord(data)) fail('data', 'an object', data);
  return data;
}

/** `pagination.next_page_token` of a paged list body (2025-09-18 sync list, executions); undefined when absent. */
export function nextPageToken(body: unknown): string | undefined {
  const pagination = (body as Record<string, unknown>).pagination;
  if (pagination === undefined || pagination === null) return undefined;
  if (!isRecord(pagination)) fail('pagination', 'an object', pagination);
  return optString(pagination, 'next_page_token', 'pagination') || undefined;
}
