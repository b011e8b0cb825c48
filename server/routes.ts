/**
 * The local server's /api routes: who am I, the sync list and statuses, one sync, activation,
 * cancellation, executions and their log URLs. Called once auth, version and faults have passed;
 * returns the response (an HttpError becomes its JSON error body).
 */
import type http from 'node:http';
import type { ServerConfig } from './app';
import type { Identity } from './auth';
import { listExecutions, startExecution } from './executionRoutes';
import { decodeToken, encodeToken, HttpError, parseBool, parseJsonObject, parseLimit, truncate, type ApiResponse } from './http';
import { LOG_URL_TTL_MS, logFiles, type LogSigner } from './logs';
import type { Organization, Sync } from './simulation';
import { executionView, isoTime, syncExecutionStatus, syncStatusEntry, syncView, type ApiVersion } from './views';

const ORGANIZATION_NAME = 'Acme Analytics (demo)';
const DEMO_USER = { id: 'b1a7e2c4-5d6f-4a8b-9c0d-1e2f3a4b5c6d', email: 'demo.user@example.com', role: 'admin' };

/** What the routes read and change: the organization, the config, the log-URL signer and the clock. */
export interface ApiContext {
  readonly org: Organization;
  readonly config: ServerConfig;
  readonly signer: LogSigner;
  /** 'http://127.0.0.1:<port>' */
  baseUrl(): string;
  /** simulated now, with schedules processed up to it */
  tick(): number;
}

export function route(ctx: ApiContext, req: http.IncomingMessage, url: URL, bodyText: string, version: ApiVersion, identity: Identity): ApiResponse {
  try {
    return routeOrThrow(ctx, req.method ?? 'GET', url, bodyText, version, identity);
  } catch (err) {
    if (err instanceof HttpError) {
      const body: Record<string, unknown> = { status: err.status, message: err.message };
      if (err.key) body.key = err.key;
      return { status: err.status, body };
    }
    throw err;
  }
}

function routeOrThrow(ctx: ApiContext, method: string, url: URL, bodyText: string, version: ApiVersion, identity: Identity): ApiResponse {
  const path = url.pathname.replace(/\/+$/, '');
  const q = url.searchParams;
  const t = ctx.tick();
  const ok = (data: unknown, extra: Record<string, unknown> = {}): ApiResponse => ({ status: 200, body: { data, ...extra } });
  const allow = (...methods: string[]): void => {
    if (!methods.includes(method)) throw new HttpError(405, `method ${method} not allowed here; use ${methods.join(' or ')}`);
  };

  if (path === '/api/me') {
    allow('GET');
    const org = { organization_id: ctx.config.organizationId, organization_name: ORGANIZATION_NAME };
    // The SDK's GetIdentityResponseSchema describes non-user callers with is_user / is_organization /
    // is_partner / is_system; the 2025-09-18 reference calls Basic auth an "organization-scoped API key".
    return ok(identity.kind === 'apiKey' ? { ...DEMO_USER, ...org, is_user: true } : { ...org, is_user: false, is_organization: true });
  }
  if (path === '/api/bulk/syncs/status') {
    allow('GET');
    const all = parseBool(q, 'all');
    const active = parseBool(q, 'active');
    let syncs: Sync[];
    if (all) syncs = ctx.org.syncs;
    else if (active) syncs = ctx.org.syncs.filter((s) => s.active);
    else {
      // Without all/active/sync_id nothing is selected (the service's behaviour here is undocumented).
      const ids = [...new Set(q.getAll('sync_id'))];
      syncs = ids.map((id) => findSync(ctx.org, id));
    }
    return ok(syncs.map((s) => syncStatusEntry(ctx.org, s, t)));
  }
  if (path === '/api/bulk/syncs') {
    allow('GET');
    const active = parseBool(q, 'active');
    // `active=false` means "no filter", like leaving it out.
    const syncs = active ? ctx.org.syncs.filter((s) => s.active) : ctx.org.syncs;
    // 2025-09-18 pages (limit <= 50, page_token). The SDK says 2024-02-08 returns one array; the docs
    // describe pages of 50 without naming a version, so legacySyncListPages makes older versions page
    // too (pages of 50; `limit` is not in their definition and is ignored there).
    const paged = version === '2025-09-18' || ctx.config.legacySyncListPages;
    if (!paged) return ok(syncs.map((s) => syncView(s, ctx.config.organizationId, version)));
    const limit = version === '2025-09-18' ? parseLimit(q, 50, 50) : 50;
    const offset = decodeToken(q.get('page_token'), 'o');
    const page = syncs.slice(offset, offset + limit);
    const pagination: Record<string, string> = {};
    if (offset + limit < syncs.length) pagination.next_page_token = encodeToken({ o: offset + limit });
    return ok(page.map((s) => syncView(s, ctx.config.organizationId, version)), { pagination });
  }
  let m = /^\/api\/bulk\/syncs\/([^/]+)$/.exec(path);
  if (m) {
    allow('GET');
    if (q.has('refresh_schemas')) parseBool(q, 'refresh_schemas');
    return ok(syncView(findSync(ctx.org, m[1]), ctx.config.organizationId, version));
  }
  m = /^\/api\/bulk\/syncs\/([^/]+)\/status$/.exec(path);
  if (m) {
    allow('GET');
    return ok(syncExecutionStatus(ctx.org, findSync(ctx.org, m[1]), t));
  }
  m = /^\/api\/bulk\/syncs\/([^/]+)\/cancel$/.exec(path);
  if (m) {
    allow('POST');
    const sync = findSync(ctx.org, m[1]);
    const exec = ctx.org.activeExecution(sync, t);
    if (!exec) throw new HttpError(409, 'no execution of this sync is in progress');
    const result = ctx.org.cancelExecution(exec, t, 'Canceled by user');
    return ok({ message: result === 'alreadyCanceling' ? 'cancellation already requested' : 'cancellation requested' });
  }
  m = /^\/api\/bulk\/syncs\/([^/]+)\/activate$/.exec(path);
  if (m) {
    allow('POST');
    const sync = findSync(ctx.org, m[1]);
    const body = parseJsonObject(bodyText);
    if (typeof body.active !== 'boolean') throw new HttpError(400, 'body must be {"active": true|false}', 'active');
    ctx.org.setActive(sync, body.active, t);
    return ok({ id: sync.id, active: sync.active });
  }
  m = /^\/api\/bulk\/syncs\/([^/]+)\/executions$/.exec(path);
  if (m) {
    allow('GET', 'POST');
    const sync = findSync(ctx.org, m[1]);
    if (method === 'POST') return startExecution(ctx.org, sync, bodyText, t, version);
    return listExecutions(sync, q, t);
  }
  m = /^\/api\/bulk\/syncs\/([^/]+)\/executions\/([^/]+)$/.exec(path);
  if (m) {
    allow('GET');
    const sync = findSync(ctx.org, m[1]);
    return ok(executionView(findExecution(ctx.org, sync, m[2]), t));
  }
  m = /^\/api\/bulk\/syncs\/([^/]+)\/executions\/([^/]+)\/cancel$/.exec(path);
  if (m) {
    allow('POST');
    const sync = findSync(ctx.org, m[1]);
    const exec = findExecution(ctx.org, sync, m[2]);
    const result = ctx.org.cancelExecution(exec, t, 'Canceled by user');
    if (result === 'finished') throw new HttpError(409, `execution already finished (${exec.outcome})`);
    return ok({ message: result === 'alreadyCanceling' ? 'cancellation already requested' : 'cancellation requested' });
  }
  m = /^\/api\/bulk\/syncs\/([^/]+)\/executions\/([^/]+)\/logs$/.exec(path);
  if (m) {
    allow('GET');
    const sync = findSync(ctx.org, m[1]);
    const exec = findExecution(ctx.org, sync, m[2]);
    const files = logFiles(exec, t);
    const expires = Math.floor((t + LOG_URL_TTL_MS) / 1000);
    const urls = files.map((_, i) => ctx.signer.url(ctx.baseUrl(), exec.id, i + 1, expires));
    return ok({ URLs: urls, Expires: isoTime(expires * 1000) });
  }
  throw new HttpError(404, `no such endpoint: ${method} ${url.pathname}`);
}

function findSync(org: Organization, id: string): Sync {
  const sync = org.sync(decodeURIComponent(id));
  if (!sync) throw new HttpError(404, `bulk sync ${truncate(id)} not found`);
  return sync;
}

function findExecution(org: Organization, sync: Sync, id: string) {
  const exec = org.execution(sync, decodeURIComponent(id));
  if (!exec) throw new HttpError(404, `execution ${truncate(id)} not found for bulk sync ${sync.id}`);
  return exec;
}
