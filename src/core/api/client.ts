/**
 * The Polytomic API client: one method per endpoint, each validating what it gets (validate.ts).
 * Requests go through Transport (transport.ts); the unauthenticated log download is logDownload.ts.
 *
 * Every failure becomes an ApiError with a kind the UI can act on and a message that is safe to
 * show and log: method + path, never the key, the Authorization header or a full URL.
 */
import type { Execution, ExecutionPage, LogUrls, StartExecutionRequest } from '../actions/actionsContract';
import type { ApiVersion, BulkSyncSummary, Credentials, Logger, Scope, SyncStatus } from './contract';
import { ApiError } from './errors';
import { fetchLogText, type LogText } from './logDownload';
import { Transport, type RequestSpec } from './transport';
import { pathSegment } from './pathSegment';
import { joinStatusEntries, parseMe, parseStatusResponse, parseSyncList, type MeInfo } from './validate';
import { StatusReuse } from './statusReuse';
import { parseActivation, parseExecution, parseExecutionPage, parseLogUrls, parseMessage } from './validateExecutions';

export interface PolytomicClientOptions {
  baseUrl: string;
  apiVersion: ApiVersion;
  credentials: Credentials;
  /** whole-request limit, connect to last byte; default 15 s */
  timeoutMs?: number;
  logger?: Logger;
  userAgent?: string;
  /** clock for Retry-After HTTP-dates and durations; default Date.now */
  now?: () => number;
  /**
   * The origin the credentials were verified against. When set, a request to any other origin is
   * refused before it is sent (the key goes only where its owner sent it).
   */
  credentialsOrigin?: string;
}

const DEFAULT_TIMEOUT_MS = 15_000;
/** 2025-09-18 caps `limit` at 50 for GET /api/bulk/syncs */
const PAGE_LIMIT = 50;
/** a guard against a server that hands out page tokens forever */
const MAX_PAGES = 1000;
/** `GET /api/bulk/syncs/{id}/executions` caps `limit` at 100 */
const EXECUTIONS_PAGE_LIMIT = 100;

const encode = (id: string): string => pathSegment(id);

export class PolytomicClient {
  private readonly transport: Transport;
  private readonly apiVersion: ApiVersion;
  private readonly logger?: Logger;
  /** the last status response's warnings (dropped entries), so a bad entry is logged once, not every poll */
  private lastStatusWarnings = '';
  /**
   * The last whole-scope status body (`all` or `active`), read again only where it changed
   * (statusReuse.ts). A new key, base URL or scope is a new client.
   */
  private readonly wholeScope = new StatusReuse();

  constructor(options: PolytomicClientOptions) {
    this.transport = new Transport({
      baseUrl: options.baseUrl,
      apiVersion: options.apiVersion,
      credentials: options.credentials,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      logger: options.logger,
      userAgent: options.userAgent ?? 'polytomic-bulk-syncs-vscode',
      now: options.now ?? Date.now,
      credentialsOrigin: options.credentialsOrigin,
    });
    this.apiVersion = options.apiVersion;
    this.logger = options.logger;
  }

  /** GET /api/bulk/syncs/status: exactly one request for any scope. */
  async getStatuses(scope: Scope): Promise<SyncStatus[]> {
    const query: Array<[string, string]> = [];
    if (scope.kind === 'all') query.push(['all', 'true']);
    else if (scope.kind === 'active') query.push(['active', 'true']);
    else {
      const ids = [...new Set(scope.syncIds.map((id) => id.trim()).filter((id) => id !== ''))];
      // Without any parameter the server's behaviour is undocumented; never send an empty selection.
      if (ids.length === 0) throw new ApiError('config', 'No syncs are selected (polytomic.scope is "selected" but the list of sync ids is empty).');
      for (const id of ids) query.push(['sync_id', id]);
    }
    const spec: RequestSpec = { method: 'GET', path: '/api/bulk/syncs/status', query };
    const selected = scope.kind === 'selected' ? scope.syncIds : undefined;
    const reuse = selected ? undefined : this.wholeScope;
    const memory = reuse?.lend();
    let bytes: Buffer;
    try {
      bytes = await this.transport.bytes(spec, selected, memory);
    } catch (err) {
      reuse?.giveBack(memory);
      throw err;
    }
    const warnings: string[] = [];
    const onWarning = (warning: string) => warnings.push(warning);
    const entries = reuse?.read(bytes, memory);
    const statuses = entries
      ? joinStatusEntries(entries, onWarning)
      : parseStatusResponse(this.transport.json(bytes, 'GET /api/bulk/syncs/status'), onWarning);
    const key = warnings.join('\n');
    if (key !== this.lastStatusWarnings) for (const warning of warnings) this.logger?.warn(warning);
    else if (warnings.length > 0) this.logger?.debug(`GET /api/bulk/syncs/status: the same ${warnings.length} warning(s) as the last response`);
    this.lastStatusWarnings = key;
    return statuses;
  }

  /**
   * GET /api/bulk/syncs, every page. 2025-09-18 documents `limit` (<= 50) and `page_token`; the
   * docs also describe pages of 50 without naming a version, so `pagination.next_page_token` is
   * followed whenever a server returns one, on any version (`limit` is sent only where documented).
   */
  async listSyncs(): Promise<BulkSyncSummary[]> {
    const sendsLimit = this.apiVersion === '2025-09-18';
    const all: BulkSyncSummary[] = [];
    const seen = new Set<string>();
    let token: string | undefined;
    const tokensSeen = new Set<string>();
    for (let page = 0; page < MAX_PAGES; page++) {
      const query: Array<[string, string]> = [];
      if (sendsLimit) query.push(['limit', String(PAGE_LIMIT)]);
      if (token) query.push(['page_token', token]);
      const body = await this.request({ method: 'GET', path: '/api/bulk/syncs', query });
      const { syncs, nextPageToken } = parseSyncList(body, (warning) => this.logger?.warn(warning));
      for (const sync of syncs) {
        if (!seen.has(sync.id)) {
          seen.add(sync.id);
          all.push(sync);
        }
      }
      if (!nextPageToken) return all;
      if (tokensSeen.has(nextPageToken)) {
        throw new ApiError('malformed', 'Unexpected response from GET /api/bulk/syncs: the server repeated a page token (pagination loop).');
      }
      tokensSeen.add(nextPageToken);
      token = nextPageToken;
    }
    throw new ApiError('malformed', `Unexpected response from GET /api/bulk/syncs: more than ${MAX_PAGES} pages.`);
  }

  /** GET /api/me: a cheap call that proves the key works (used before saving a key). */
  async me(): Promise<MeInfo> {
    const body = await this.request({ method: 'GET', path: '/api/me', query: [] });
    return parseMe(body);
  }

  /**
   * POST /api/bulk/syncs/{id}/executions. The idempotency key makes a retry safe: after a network
   * error or timeout the same request is sent once more with the same key, and the server answers
   * with the execution the first attempt created (or creates it now) instead of a 409.
   */
  async startExecution(syncId: string, request: StartExecutionRequest, idempotencyKey: string): Promise<Execution> {
    const spec: RequestSpec = { method: 'POST', path: `/api/bulk/syncs/${encode(syncId)}/executions`, query: [], body: request, idempotencyKey };
    let body: unknown;
    try {
      body = await this.request(spec);
    } catch (err) {
      if (!(err instanceof ApiError) || (err.kind !== 'network' && err.kind !== 'timeout')) throw err;
      this.logger?.info(`${spec.method} ${spec.path}: retrying once with the same Idempotency-Key after ${err.kind}`);
      body = await this.request(spec);
    }
    return parseExecution(body, `${spec.method} ${spec.path}`);
  }

  /** POST /api/bulk/syncs/{id}/cancel: asks to stop the running execution; it ends `canceled` later. */
  async cancelSync(syncId: string): Promise<string | undefined> {
    const path = `/api/bulk/syncs/${encode(syncId)}/cancel`;
    return parseMessage(await this.request({ method: 'POST', path, query: [] }), `POST ${path}`);
  }

  /** POST /api/bulk/syncs/{id}/executions/{exec_id}/cancel (409 when it has already finished). */
  async cancelExecution(syncId: string, executionId: string): Promise<string | undefined> {
    const path = `/api/bulk/syncs/${encode(syncId)}/executions/${encode(executionId)}/cancel`;
    return parseMessage(await this.request({ method: 'POST', path, query: [] }), `POST ${path}`);
  }

  /** POST /api/bulk/syncs/{id}/activate; deactivating also cancels a running execution. */
  async activate(syncId: string, active: boolean): Promise<{ id?: string; active: boolean }> {
    const path = `/api/bulk/syncs/${encode(syncId)}/activate`;
    return parseActivation(await this.request({ method: 'POST', path, query: [], body: { active } }), `POST ${path}`);
  }

  /** GET /api/bulk/syncs/{id}/executions: one page, newest first. */
  async listExecutions(syncId: string, options: { pageToken?: string; limit?: number } = {}): Promise<ExecutionPage> {
    const path = `/api/bulk/syncs/${encode(syncId)}/executions`;
    const limit = Math.max(1, Math.min(EXECUTIONS_PAGE_LIMIT, Math.floor(options.limit ?? 20)));
    const query: Array<[string, string]> = [['limit', String(limit)]];
    if (options.pageToken) query.push(['page_token', options.pageToken]);
    return parseExecutionPage(await this.request({ method: 'GET', path, query }), `GET ${path}`);
  }

  /** GET /api/bulk/syncs/{id}/executions/{exec_id} */
  async getExecution(syncId: string, executionId: string): Promise<Execution> {
    const path = `/api/bulk/syncs/${encode(syncId)}/executions/${encode(executionId)}`;
    return parseExecution(await this.request({ method: 'GET', path, query: [] }), `GET ${path}`);
  }

  /** GET .../executions/{exec_id}/logs: short-lived pre-signed URLs (fetch them with fetchLogText). */
  async getLogUrls(syncId: string, executionId: string): Promise<LogUrls> {
    const path = `/api/bulk/syncs/${encode(syncId)}/executions/${encode(executionId)}/logs`;
    return parseLogUrls(await this.request({ method: 'GET', path, query: [] }), `GET ${path}`);
  }

  /** Reads one pre-signed log URL, WITHOUT the API key (see logDownload.ts). */
  fetchLogText(url: string, options: { maxBytes?: number; what?: string } = {}): Promise<LogText> {
    const t = this.transport;
    return fetchLogText(url, options, { timeoutMs: t.timeoutMs, userAgent: t.userAgent, now: t.now, logger: t.logger, baseIsLoopback: t.baseIsLoopback() });
  }

  private request(spec: RequestSpec, selectedIds?: string[]): Promise<unknown> {
    return this.transport.request(spec, selectedIds);
  }
}
