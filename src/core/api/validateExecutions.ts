/**
 * The sync actions' responses (start, cancel, activate, executions, log links), validated as in
 * validate.ts: a body that breaks the contract is one ApiError('malformed') naming the bad place.
 */
import type { Execution, ExecutionPage, ExecutionSchema, LogUrls } from '../actions/actionsContract';
import { parseSchema } from './validate';
import { dataArray, dataObject, fail, Invalid, isRecord, nextPageToken, optBool, optCount, optDate, optStatus, optString, requiredId, run } from './validateFields';

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
    const token = nextPageToken(body);
    if (token) page.nextPageToken = token;
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
