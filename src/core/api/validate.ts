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
import type { BulkSyncSummary, SchemaStatus, SyncStatus } from './contract';
import { droppedReporter, readableId } from './droppedEntries';
import { dataArray, fail, Invalid, isRecord, nextPageToken, optBool, optCount, optDate, optStatus, optString, requiredId, run } from './validateFields';

export type WarningSink = (message: string) => void;

/** One schema entry of a status (or execution) body; throws Invalid naming the bad field. */
export function parseSchema(raw: unknown, path: string): SchemaStatus {
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
 * What one entry of a status body's `data` gave: the validated status, and what the log is told about
 * it (dropped entries and repeated schemas, in order). It depends on the entry and its index alone, so
 * an entry whose bytes are the same as last time at the same index gives the same result
 * (statusReuse.ts keeps it); what depends on the other entries (repeated sync ids, the cap on the
 * drops logged) is joinStatusEntries's.
 */
export interface StatusEntry {
  readonly sync: SyncStatus;
  /** a warning as it is, or a dropped entry's place and reason (for droppedReporter) */
  readonly notes?: ReadonlyArray<string | [place: string, reason: string]>;
}

/** `data[index]` of a status body as a StatusEntry; never throws Invalid (a bad entry is a row marked unreadable). */
export function parseStatusEntry(raw: unknown, index: number): StatusEntry {
  const path = `data[${index}]`;
  const readable = readableId(raw, 'sync_id');
  const syncId = readable ?? path;
  const sync: SyncStatus = { syncId, schemas: [] };
  let notes: Array<string | [string, string]> | undefined;
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
    (notes ??= []).push([readable === undefined ? path : `${path} (sync ${JSON.stringify(syncId)})`, reason]);
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
        (notes ??= []).push([`${path}.schemas[${j}] (sync ${JSON.stringify(syncId)}${name === undefined ? '' : `, schema ${JSON.stringify(name)}`})`, reason]);
      }
      if (seenSchemas.has(schema.schema)) {
        (notes ??= []).push(`${path}.schemas[${j}]: schema ${JSON.stringify(schema.schema)} repeated; kept the first entry`);
        continue;
      }
      seenSchemas.add(schema.schema);
      sync.schemas.push(schema);
    }
  }
  return { sync, notes };
}

/**
 * The statuses of a status body's entries, in order (`entries[i]` from `data[i]`): a repeated sync id
 * keeps its first entry, and the log (onWarning) hears each entry's notes, the drops capped.
 */
export function joinStatusEntries(entries: readonly StatusEntry[], onWarning?: WarningSink): SyncStatus[] {
  const out: SyncStatus[] = [];
  const seenSyncs = new Set<string>();
  const report = droppedReporter('GET /api/bulk/syncs/status', 'shown as unreadable', onWarning);
  for (let i = 0; i < entries.length; i++) {
    const { sync, notes } = entries[i];
    for (const note of notes ?? []) {
      if (typeof note === 'string') onWarning?.(note);
      else report.drop(note[0], note[1]);
    }
    if (seenSyncs.has(sync.syncId)) {
      onWarning?.(`data[${i}]: sync ${JSON.stringify(sync.syncId)} repeated; kept the first entry`);
      continue;
    }
    seenSyncs.add(sync.syncId);
    out.push(sync);
  }
  report.done();
  return out;
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
    // Array.from: a hole in a sparse array is an entry too (undefined), as it was for the loop before
    return joinStatusEntries(Array.from(data, parseStatusEntry), onWarning);
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
    const token = nextPageToken(body);
    if (token) result.nextPageToken = token;
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
