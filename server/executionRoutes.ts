/**
 * The local server's execution endpoints: POST (start a run, with the request body checked as
 * the service checks it, per API version) and GET (the list, newest first, paged by `seq`).
 */
import { decodeToken, encodeToken, HttpError, parseBool, parseJsonObject, parseLimit, truncate, type ApiResponse } from './http';
import type { FetchMode, Organization, ResyncMode, Sync } from './simulation';
import { executionView, type ApiVersion } from './views';

export function startExecution(org: Organization, sync: Sync, bodyText: string, t: number, version: ApiVersion): ApiResponse {
  const body = parseJsonObject(bodyText);
  const fetchModes: FetchMode[] = ['none', 'incremental', 'full'];
  const resyncModes: ResyncMode[] = ['refetch', 'resync', 'rebuild'];
  if (body.fetch_mode !== undefined && body.fetch_mode !== null && !fetchModes.includes(body.fetch_mode as FetchMode)) {
    throw new HttpError(400, `fetch_mode must be one of ${fetchModes.join(', ')}`, 'fetch_mode');
  }
  // resync_mode exists from 2025-09-18 on. Older definitions do not have it, and a JSON decoder
  // drops fields it does not know: there it is ignored, and the run is a normal one.
  const resyncModeKnown = version === '2025-09-18';
  if (resyncModeKnown && body.resync_mode !== undefined && body.resync_mode !== null && !resyncModes.includes(body.resync_mode as ResyncMode)) {
    throw new HttpError(400, `resync_mode must be one of ${resyncModes.join(', ')}`, 'resync_mode');
  }
  if (body.resync !== undefined && body.resync !== null && typeof body.resync !== 'boolean') throw new HttpError(400, 'resync must be a boolean', 'resync');
  if (body.test !== undefined && body.test !== null && typeof body.test !== 'boolean') throw new HttpError(400, 'test must be a boolean', 'test');
  // The legacy flag: "Deprecated: use resync_mode instead. Equivalent to resync_mode=rebuild."
  const resyncMode = (resyncModeKnown && body.resync_mode ? (body.resync_mode as ResyncMode) : undefined) ?? (body.resync === true ? 'rebuild' : undefined);
  if (body.test === true && resyncMode) throw new HttpError(400, `test cannot be combined with ${body.resync === true ? 'resync' : 'resync_mode'}`, body.resync === true ? 'resync' : 'resync_mode');
  let schemas: string[] | undefined;
  if (body.schemas !== undefined && body.schemas !== null) {
    if (!Array.isArray(body.schemas) || !body.schemas.every((s) => typeof s === 'string')) throw new HttpError(400, 'schemas must be a list of schema names', 'schemas');
    const unknown = body.schemas.filter((s: string) => !sync.schemas.includes(s));
    if (unknown.length > 0) throw new HttpError(400, `unknown schemas for this sync: ${unknown.slice(0, 5).map(truncate).join(', ')}`, 'schemas');
    schemas = [...new Set(body.schemas as string[])];
  }
  const exec = org.startExecution(sync, t, {
    type: 'manual',
    schemas,
    isTest: body.test === true,
    fetchMode: (body.fetch_mode as FetchMode | undefined) ?? undefined,
    resyncMode,
  });
  if (exec === 'conflict') throw new HttpError(409, 'an execution of this sync is already running');
  return { status: 200, body: { data: executionView(exec, t) } };
}

export function listExecutions(sync: Sync, q: URLSearchParams, t: number): ApiResponse {
  const limit = parseLimit(q, 50, 100);
  const ascending = parseBool(q, 'ascending');
  const onlyTerminal = parseBool(q, 'only_terminal');
  const token = q.get('page_token');
  const after = token === null ? undefined : decodeToken(token, 's');
  let list = sync.executions.filter((e) => e.createdAt <= t && (!onlyTerminal || e.endAt <= t));
  if (!ascending) list = [...list].reverse();
  if (after !== undefined) list = list.filter((e) => (ascending ? e.seq > after : e.seq < after));
  const page = list.slice(0, limit);
  const pagination: Record<string, string> = {};
  if (list.length > limit) pagination.next_page_token = encodeToken({ s: page[page.length - 1].seq });
  return { status: 200, body: { data: page.map((e) => executionView(e, t)), pagination } };
}
