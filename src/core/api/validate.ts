/**
 * Validation at the boundary: every response body is checked here before anything renders it.
 *
 * Policy: a body unusable as a whole (not an object, `data` missing or not an array) is reported as
 * one clear 'malformed' error naming the bad place, and the refresher keeps showing the last good
 * data, marked stale. Inside a usable status body, each sync and schema entry is checked on its
 * own: one that breaks the contract becomes a row marked unreadable with the reason (which field,
 * what it got: `record_count: expected a non-negative number, got "12"`), the log says which
 * entries were dropped, and the rest is used. One odd row must not blind the user to the other
 * 1,999 syncs; a count shown as NaN or a sync silently missing would be worse than either.
 *
 * Lenient where the API documents or plausibly produces it:
 * - `data: null` is an empty list (2025-09-18 docs).
 * - Every field except the identities (`sync_id`, `schema`, `id`) is optional; `null` counts as absent.
 * - Go's zero time (`0001-01-01T00:00:00Z`) means "not set" (Polytomic's API is written in Go).
 * - Unknown fields are dropped; unknown status values are kept as they are (the status table
 *   renders them as "Unknown (<value>)").
 * - A repeated schema name inside one sync, or a repeated sync id, would break the tree's stable ids;
 *   the first entry is kept (the API says a running execution comes first) and a warning is reported.
 */
import type { Execution, ExecutionPage, ExecutionSchema, LogUrls } from '../actions/actionsContract';
import type { BulkSyncSummary, SchemaStatus, SyncStatus } from './contract';
import { spellOutDirectionControls } from '../view/bidi';
import { droppedReporter, readableId } from './droppedEntries';
import { ApiError } from './errors';

export type WarningSink = (message: string) => void;

class Invalid extends Error {}

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

function fail(path: string, expected: string, value: unknown): never {
  throw new Invalid(`${path}: expected ${expected}, got ${describe(value)}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optString(obj: Record<string, unknown>, key: string, path: string): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') fail(`${path}.${key}`, 'a string', value);
  return value;
}

function requiredId(obj: Record<string, unknown>, key: string, path: string): string {
  const value = obj[key];
  if (value === undefined || value === null) throw new Invalid(`${path}.${key}: missing`);
  if (typeof value !== 'string') fail(`${path}.${key}`, 'a string', value);
  if (value.trim() === '') fail(`${path}.${key}`, 'a non-empty string', value);
  return value;
}

function optCount(obj: Record<string, unknown>, key: string, path: string): number | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    fail(`${path}.${key}`, 'a non-negative number', value);
  }
  return value;
}

function optBool(obj: Record<string, unknown>, key: string, path: string): boolean | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') fail(`${path}.${key}`, 'true or false', value);
  return value;
}

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digits(value: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * `2025-03-10T09:00:00.000Z` with every part in range and a year after 0001: what the API sends
 * for almost every date. Such a value is valid, set and canonical, so optDate returns it as is
 * without Date.parse and the regex (two dates per schema, 100,000 schemas per refresh). Anything
 * else (Feb 29, hour 24, other formats) takes the general path.
 */
function plainCanonicalDate(v: string): boolean {
  return v.length === 24 && v.charCodeAt(19) === 46 && v.charCodeAt(23) === 90 && plainDateTime(v) && digits(v, 20, 23) >= 0;
}

/** The same without milliseconds, `2025-03-10T09:35:00Z` (how the API sends nextExecutionTime). */
function plainDateWithoutMillis(v: string): boolean {
  return v.length === 20 && v.charCodeAt(19) === 90 && plainDateTime(v);
}

/** `YYYY-MM-DDTHH:MM:SS` at the start of `v`, every part in range, year after 0001. */
function plainDateTime(v: string): boolean {
  if (
    v.charCodeAt(4) !== 45 ||
    v.charCodeAt(7) !== 45 ||
    v.charCodeAt(10) !== 84 ||
    v.charCodeAt(13) !== 58 ||
    v.charCodeAt(16) !== 58
  ) {
    return false;
  }
  const month = digits(v, 5, 7);
  const day = digits(v, 8, 10);
  return (
    digits(v, 0, 4) >= 2 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= DAYS_IN_MONTH[month] &&
    digits(v, 11, 13) >= 0 &&
    digits(v, 11, 13) < 24 &&
    digits(v, 14, 16) >= 0 &&
    digits(v, 14, 16) < 60 &&
    digits(v, 17, 19) >= 0 &&
    digits(v, 17, 19) < 60
  );
}

// Dates are re-emitted as ISO strings so comparisons between snapshots do not depend on formatting.
const YEAR_2 = Date.parse('0002-01-01T00:00:00Z');
const CANONICAL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
function optDate(obj: Record<string, unknown>, key: string, path: string): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') fail(`${path}.${key}`, 'a date string', value);
  if (plainCanonicalDate(value)) return value;
  // what new Date(ms).toISOString() gives for it (4-digit year, no rollover: parts in range)
  if (plainDateWithoutMillis(value)) return value.slice(0, 19) + '.000Z';
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) fail(`${path}.${key}`, 'a date', value);
  if (ms < YEAR_2) return undefined; // Go zero time (0001-01-01): not set
  return CANONICAL_ISO.test(value) ? value : new Date(ms).toISOString();
}

function optStatus(obj: Record<string, unknown>, key: string, path: string): string | undefined {
  const value = optString(obj, key, path);
  return value === '' ? undefined : value;
}

function dataArray(body: unknown): unknown[] {
  if (!isRecord(body)) fail('response', 'an object', body);
  if (!('data' in body)) throw new Invalid('response.data: missing');
  const data = body.data;
  if (data === null) return [];
  if (!Array.isArray(data)) fail('data', 'an array', data);
  return data;
}

function run<T>(what: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof Invalid) {
      throw new ApiError('malformed', `Unexpected response from ${what}: ${err.message}`);
    }
    throw err;
  }
}

function parseSchema(raw: unknown, path: string): SchemaStatus {
  if (!isRecord(raw)) fail(path, 'an object', raw);
  const name = requiredId(raw, 'schema', path);
  const executionId = optString(raw, 'execution_id', path);
  const status = optStatus(raw, 'status', path);
  const statusMessage = optString(raw, 'status_message', path);
  const startedAt = optDate(raw, 'started_at', path);
  const completedAt = optDate(raw, 'completed_at', path);
  const recordCount = optCount(raw, 'record_count', path);
  const errorCount = optCount(raw, 'error_count', path);
  const warningCount = optCount(raw, 'warning_count', path);
  const schema: SchemaStatus = { schema: name };
  if (executionId) schema.executionId = executionId;
  if (status !== undefined) schema.status = status;
  if (statusMessage) schema.statusMessage = statusMessage;
  if (startedAt) schema.startedAt = startedAt;
  if (completedAt) schema.completedAt = completedAt;
  if (recordCount !== undefined) schema.recordCount = recordCount;
  if (errorCount !== undefined) schema.errorCount = errorCount;
  if (warningCount !== undefined) schema.warningCount = warningCount;
  return schema;
}

/** Where a bad entry's own message starts: `.record_count: expected …` → `record_count: expected …`. */
function entryReason(err: Invalid): string {
  const message = err.message;
  return message.startsWith('.') ? message.slice(1) : `entry${message}`;
}



/**
 * `GET /api/bulk/syncs/status` body → validated statuses. Throws ApiError('malformed') only when
 * the body as a whole is unusable (not an object, `data` missing or not an array). An entry that
 * breaks the contract (a sync's own fields, or one schema) becomes a row marked `unreadable` with
 * the reason, and the log (onWarning) says which entries were dropped and why.
 */
export function parseStatusResponse(body: unknown, onWarning?: WarningSink): SyncStatus[] {
  return run('GET /api/bulk/syncs/status', () => {
    const data = dataArray(body);
    const out: SyncStatus[] = [];
    const seenSyncs = new Set<string>();
    const report = droppedReporter('GET /api/bulk/syncs/status', 'shown as unreadable', onWarning);
    for (let i = 0; i < data.length; i++) {
      const raw = data[i];
      const path = `data[${i}]`;
      const readable = readableId(raw, 'sync_id');
      const syncId = readable ?? path;
      const sync: SyncStatus = { syncId, schemas: [] };
      let schemas: unknown[] | undefined;
      try {
        if (!isRecord(raw)) fail('', 'an object', raw);
        if (readable === undefined) requiredId(raw, 'sync_id', '');
        const status = optStatus(raw, 'status', '');
        if (status !== undefined) sync.status = status;
        const next = optDate(raw, 'nextExecutionTime', '');
        if (next) sync.nextExecutionTime = next;
        if (raw.schemas !== undefined && raw.schemas !== null) {
          if (!Array.isArray(raw.schemas)) fail('.schemas', 'an array', raw.schemas);
          schemas = raw.schemas;
        }
      } catch (err) {
        if (!(err instanceof Invalid)) throw err;
        // The sync's own fields are unusable: none of them is shown, but its schemas still are.
        delete sync.status;
        delete sync.nextExecutionTime;
        const reason = entryReason(err);
        sync.unreadable = reason;
        if (readable === undefined) sync.noId = true;
        report.drop(readable === undefined ? path : `${path} (sync ${JSON.stringify(syncId)})`, reason);
        if (isRecord(raw) && Array.isArray(raw.schemas)) schemas = raw.schemas;
      }
      if (schemas) {
        const seenSchemas = new Set<string>();
        for (let j = 0; j < schemas.length; j++) {
          let schema: SchemaStatus;
          try {
            // No path string per schema (100,000 per refresh): a bad entry's message starts at its field.
            schema = parseSchema(schemas[j], '');
          } catch (err) {
            if (!(err instanceof Invalid)) throw err;
            const name = readableId(schemas[j], 'schema');
            const reason = entryReason(err);
            schema = { schema: name ?? `schemas[${j}]`, unreadable: reason };
            if (name === undefined) schema.noId = true;
            report.drop(`${path}.schemas[${j}] (sync ${JSON.stringify(syncId)}${name === undefined ? '' : `, schema ${JSON.stringify(name)}`})`, reason);
          }
          if (seenSchemas.has(schema.schema)) {
            onWarning?.(`${path}.schemas[${j}]: schema ${JSON.stringify(schema.schema)} repeated; kept the first entry`);
            continue;
          }
          seenSchemas.add(schema.schema);
          sync.schemas.push(schema);
        }
      }
      if (seenSyncs.has(syncId)) {
        onWarning?.(`${path}: sync ${JSON.stringify(syncId)} repeated; kept the first entry`);
        continue;
      }
      seenSyncs.add(syncId);
      out.push(sync);
    }
    report.done();
    return out;
  });
}

/** `GET /api/bulk/syncs` body → the fields we use, plus the 2025-09-18 page token. */
export function parseSyncList(body: unknown, onWarning?: WarningSink): { syncs: BulkSyncSummary[]; nextPageToken?: string } {
  return run('GET /api/bulk/syncs', () => {
    const data = dataArray(body);
    const syncs: BulkSyncSummary[] = [];
    const seen = new Set<string>();
    const report = droppedReporter('GET /api/bulk/syncs', 'its name is not shown', onWarning);
    for (let i = 0; i < data.length; i++) {
      const raw = data[i];
      const path = `data[${i}]`;
      const id = readableId(raw, 'id');
      // An entry without a usable id names nothing; one with a bad name or flag keeps its id (the
      // status rows then show the id) and only loses the fields that broke the contract.
      if (id === undefined) {
        try {
          if (!isRecord(raw)) fail(path, 'an object', raw);
          requiredId(raw, 'id', path);
        } catch (err) {
          if (!(err instanceof Invalid)) throw err;
          report.drop(path, err.message);
        }
        continue;
      }
      const entry = raw as Record<string, unknown>;
      const summary: BulkSyncSummary = { id };
      try {
        const name = optString(entry, 'name', path);
        if (name !== undefined && name.trim() !== '') summary.name = name;
        const active = optBool(entry, 'active', path);
        if (active !== undefined) summary.active = active;
      } catch (err) {
        if (!(err instanceof Invalid)) throw err;
        report.drop(`${path} (sync ${JSON.stringify(id)})`, err.message);
      }
      if (seen.has(summary.id)) {
        onWarning?.(`${path}: sync ${JSON.stringify(summary.id)} repeated; kept the first entry`);
        continue;
      }
      seen.add(summary.id);
      syncs.push(summary);
    }
    report.done();
    const result: { syncs: BulkSyncSummary[]; nextPageToken?: string } = { syncs };
    const pagination = (body as Record<string, unknown>).pagination;
    if (pagination !== undefined && pagination !== null) {
      if (!isRecord(pagination)) fail('pagination', 'an object', pagination);
      const token = optString(pagination, 'next_page_token', 'pagination');
      if (token) result.nextPageToken = token;
    }
    return result;
  });
}

export interface MeInfo {
  organizationName?: string;
  organizationId?: string;
  userEmail?: string;
}

/**
 * `GET /api/me` body. The reference does not pin its fields down; the SDK's type has
 * `{ data: { id, email, organization_id, organization_name, role } }`. Only `data` being an
 * object is required: the call's purpose is to prove the key works.
 */
export function parseMe(body: unknown): MeInfo {
  return run('GET /api/me', () => {
    if (!isRecord(body)) fail('response', 'an object', body);
    const data = body.data;
    if (!isRecord(data)) fail('data', 'an object', data);
    const me: MeInfo = {};
    const organizationName = optString(data, 'organization_name', 'data');
    if (organizationName) me.organizationName = organizationName;
    const organizationId = optString(data, 'organization_id', 'data');
    if (organizationId) me.organizationId = organizationId;
    const userEmail = optString(data, 'email', 'data');
    if (userEmail) me.userEmail = userEmail;
    return me;
  });
}

// ---- Sync actions ------------------------------------------------------------------------------

function dataObject(body: unknown): Record<string, unknown> {
  if (!isRecord(body)) fail('response', 'an object', body);
  const data = body.data;
  if (!isRecord(data)) fail('data', 'an object', data);
  return data;
}

function parseExecutionSchema(raw: unknown, path: string): ExecutionSchema {
  const schema: ExecutionSchema = parseSchema(raw, path);
  const outputName = optString(raw as Record<string, unknown>, 'output_name', path);
  if (outputName) schema.outputName = outputName;
  return schema;
}

function parseExecutionAt(raw: unknown, path: string): Execution {
  if (!isRecord(raw)) fail(path, 'an object', raw);
  const exec: Execution = { id: requiredId(raw, 'id', path), schemas: [] };
  const strings = [['status', 'status'], ['statusMessage', 'status_message'], ['type', 'type'], ['fetchMode', 'fetch_mode']] as const;
  for (const [field, key] of strings) {
    const value = key === 'status' ? optStatus(raw, key, path) : optString(raw, key, path);
    if (value) exec[field] = value;
  }
  const dates = [['createdAt', 'created_at'], ['startedAt', 'started_at'], ['completedAt', 'completed_at'], ['updatedAt', 'updated_at']] as const;
  for (const [field, key] of dates) {
    const value = optDate(raw, key, path);
    if (value) exec[field] = value;
  }
  const counts = [['recordCount', 'record_count'], ['errorCount', 'error_count'], ['warningCount', 'warning_count']] as const;
  for (const [field, key] of counts) {
    const value = optCount(raw, key, path);
    if (value !== undefined) exec[field] = value;
  }
  const flags = [['isTest', 'is_test'], ['isResync', 'is_resync'], ['isPartial', 'is_partial']] as const;
  for (const [field, key] of flags) {
    const value = optBool(raw, key, path);
    if (value !== undefined) exec[field] = value;
  }
  const schemas = raw.schemas;
  if (schemas !== undefined && schemas !== null) {
    if (!Array.isArray(schemas)) fail(`${path}.schemas`, 'an array', schemas);
    for (let j = 0; j < schemas.length; j++) exec.schemas.push(parseExecutionSchema(schemas[j], `${path}.schemas[${j}]`));
  }
  return exec;
}

/** `{ data: Execution }` (start, get one). */
export function parseExecution(body: unknown, what: string): Execution {
  return run(what, () => parseExecutionAt(dataObject(body), 'data'));
}

/** `GET /api/bulk/syncs/{id}/executions`: `{ data: Execution[], pagination: { next_page_token } }`. */
export function parseExecutionPage(body: unknown, what: string): ExecutionPage {
  return run(what, () => {
    const data = dataArray(body);
    const page: ExecutionPage = { executions: data.map((raw, i) => parseExecutionAt(raw, `data[${i}]`)) };
    const pagination = (body as Record<string, unknown>).pagination;
    if (pagination !== undefined && pagination !== null) {
      if (!isRecord(pagination)) fail('pagination', 'an object', pagination);
      const token = optString(pagination, 'next_page_token', 'pagination');
      if (token) page.nextPageToken = token;
    }
    return page;
  });
}

/** Cancel answers `{ data: { message } }`; the message is optional (the 200 is what counts). */
export function parseMessage(body: unknown, what: string): string | undefined {
  return run(what, () => optString(dataObject(body), 'message', 'data'));
}

/** Activate answers `{ data: { id, active } }`. */
export function parseActivation(body: unknown, what: string): { id?: string; active: boolean } {
  return run(what, () => {
    const data = dataObject(body);
    const active = optBool(data, 'active', 'data');
    if (active === undefined) throw new Invalid('data.active: missing');
    const id = optString(data, 'id', 'data');
    return id ? { id, active } : { active };
  });
}

/**
 * Logs answer `{ data: { URLs: string[], Expires } }` (capitals, as documented). Lower-case
 * spellings are accepted too: the capitals look like an accident of Go's encoder that a later
 * version may fix. `URLs: null` means no logs.
 */
export function parseLogUrls(body: unknown, what: string): LogUrls {
  return run(what, () => {
    const data = dataObject(body);
    const key = 'URLs' in data ? 'URLs' : 'urls';
    const raw = data[key];
    const urls: string[] = [];
    if (raw !== undefined && raw !== null) {
      if (!Array.isArray(raw)) fail(`data.${key}`, 'an array', raw);
      raw.forEach((url, i) => {
        if (typeof url !== 'string' || url.trim() === '') fail(`data.${key}[${i}]`, 'a URL', url);
        urls.push(url);
      });
    }
    const expires = optDate(data, 'Expires' in data ? 'Expires' : 'expires', 'data');
    return expires ? { urls, expires } : { urls };
  });
}
