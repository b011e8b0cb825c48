/**
 * The Polytomic API client (axios: it honours http(s)_proxy / no_proxy, which corporate users need).
 *
 * Every failure becomes an ApiError with a kind the UI can act on and a message that is safe to
 * show and log: method + path, never the key, the Authorization header or a full URL.
 */
import type { AxiosResponse } from 'axios';
import { loadAxios } from './httpLoader';
import type { Readable } from 'node:stream';
import type { Execution, ExecutionPage, LogUrls, StartExecutionRequest } from '../actions/actionsContract';
import type { ApiVersion, BulkSyncSummary, Credentials, Logger, Scope, SyncStatus } from './contract';
import { ApiError, capText } from './errors';
import { originOf } from './origin';
import { pathSegment } from './pathSegment';
import {
  parseActivation,
  parseExecution,
  parseExecutionPage,
  parseLogUrls,
  parseMe,
  parseMessage,
  parseStatusResponse,
  parseSyncList,
  type MeInfo,
} from './validate';

export { ApiError } from './errors';
export type { MeInfo } from './validate';

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
/** 5,000 syncs x 20 schemas is ~30 MB of JSON; anything far bigger is not a status response */
const MAX_BODY_BYTES = 200 * 1024 * 1024;

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENETDOWN: 'network down',
  EPIPE: 'connection closed',
  ECONNABORTED: 'connection aborted',
  ERR_SOCKET_CONNECTION_TIMEOUT: 'connection timed out',
  CERT_HAS_EXPIRED: 'TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS certificate chain contains a self-signed certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate could not be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not match the host',
};

/**
 * 127.0.0.0/8, ::1 and `localhost` exactly: the only hosts credentials may reach over plain http,
 * and the hosts reached without any proxy. (`*.localhost` names are not trusted by name: a resolver
 * or proxy may send them anywhere.)
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  if (/^::ffff:127\.\d+\.\d+\.\d+$/.test(host)) return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Retry-After: delta-seconds or an HTTP-date. Returns ms from `now`, or undefined when unusable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

function headerValue(headers: AxiosResponse['headers'], name: string): string | undefined {
  const value = (headers as Record<string, unknown>)[name];
  if (Array.isArray(value)) return value.length ? String(value[0]) : undefined;
  return value === undefined || value === null ? undefined : String(value);
}

interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  query: Array<[string, string]>;
  /** JSON body (POST) */
  body?: unknown;
  idempotencyKey?: string;
}

/** `GET /api/bulk/syncs/{id}/executions` caps `limit` at 100 */
const EXECUTIONS_PAGE_LIMIT = 100;
/** one log file read at most this many bytes; the rest is dropped and reported as truncated */
export const DEFAULT_LOG_MAX_BYTES = 16 * 1024 * 1024;
/** how much of an error document (S3-style XML) is read to explain a refused log link */
const LOG_ERROR_PEEK_BYTES = 4096;

/**
 * A pre-signed log link the object store refused. `expired` is set when it said so (S3 answers
 * 403 `Request has expired`): the fix is to ask the API for fresh links, not to sign in again.
 */
export class LogLinkError extends ApiError {
  readonly expired: boolean;
  constructor(message: string, status: number, expired: boolean) {
    super(status === 404 ? 'notFound' : 'forbidden', message, { status });
    this.name = 'LogLinkError';
    this.expired = expired;
  }
}

export interface LogText {
  text: string;
  /** bytes received (of the part kept) */
  bytes: number;
  /** the file was longer than maxBytes; `text` is its beginning */
  truncated: boolean;
}

const encode = (id: string): string => pathSegment(id);

export class PolytomicClient {
  private readonly baseUrl: string;
  private readonly apiVersion: ApiVersion;
  private readonly authorization: string;
  private readonly secrets: string[];
  private readonly timeoutMs: number;
  private readonly logger?: Logger;
  private readonly userAgent: string;
  private readonly now: () => number;
  private readonly credentialsOrigin?: string;
  /** the last status response's warnings (dropped entries), so a bad entry is logged once, not every poll */
  private lastStatusWarnings = '';

  constructor(options: PolytomicClientOptions) {
    this.credentialsOrigin = options.credentialsOrigin;
    this.baseUrl = options.baseUrl.trim().replace(/\/+$/, '');
    this.apiVersion = options.apiVersion;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.logger = options.logger;
    this.userAgent = options.userAgent ?? 'polytomic-bulk-syncs-vscode';
    this.now = options.now ?? Date.now;
    const credentials = options.credentials;
    if (credentials.kind === 'apiKey') {
      this.authorization = `Bearer ${credentials.apiKey}`;
      this.secrets = [credentials.apiKey];
    } else {
      // How Polytomic's Terraform provider builds it: Basic base64("<org id>:<deployment key>").
      const token = Buffer.from(`${credentials.organizationId}:${credentials.deploymentKey}`, 'utf8').toString('base64');
      this.authorization = `Basic ${token}`;
      this.secrets = [credentials.deploymentKey, token];
    }
    this.secrets = this.secrets.filter((s) => s.length >= 4);
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
    const body = await this.request(spec, scope.kind === 'selected' ? scope.syncIds : undefined);
    const warnings: string[] = [];
    const statuses = parseStatusResponse(body, (warning) => warnings.push(warning));
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

  /**
   * Reads one pre-signed log URL. It is fetched WITHOUT the Authorization header: the signature in
   * the URL is the credential, and the host is usually an object store, not Polytomic, so the API
   * key must never go there. Plain http is refused except to loopback (the signature would travel
   * in clear). Redirects are not followed. At most `maxBytes` are read (streamed, so a huge log
   * cannot exhaust memory); the rest is dropped and `truncated` set.
   * Errors name the link by its position (`what`), never by its URL: the URL is a bearer secret.
   */
  async fetchLogText(url: string, options: { maxBytes?: number; what?: string } = {}): Promise<LogText> {
    const what = options.what ?? 'the log file';
    const maxBytes = options.maxBytes ?? DEFAULT_LOG_MAX_BYTES;
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw new ApiError('malformed', `The server gave an invalid link for ${what}.`);
    }
    if (target.protocol !== 'https:' && target.protocol !== 'http:') {
      throw new ApiError('malformed', `The server gave a ${target.protocol} link for ${what}; only https links are opened.`);
    }
    // Plain http only between loopback ends: a remote API must not make us GET a local service.
    if (target.protocol === 'http:' && !(isLoopbackHost(target.hostname) && this.baseIsLoopback())) {
      throw new ApiError('insecure', `Refusing to fetch ${what} over plain http from ${target.hostname}: its link must use https.`);
    }
    const started = this.now();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      let response: AxiosResponse<Readable>;
      try {
        response = await (await loadAxios()).request<Readable>({
          url: target.toString(),
          method: 'GET',
          // Only these headers: no Authorization, no X-Polytomic-Version (see above).
          headers: { Accept: 'text/plain, */*', 'User-Agent': this.userAgent },
          timeout: this.timeoutMs,
          signal: controller.signal,
          maxRedirects: 0,
          proxy: isLoopbackHost(target.hostname) ? false : undefined,
          responseType: 'stream',
          validateStatus: () => true,
          decompress: true,
        });
      } catch (err) {
        throw this.classifyTransportError(err, `GET ${what}`, controller.signal.aborted);
      }
      const status = response.status;
      const ok = status >= 200 && status < 300;
      const { buffer, truncated } = await readCapped(response.data, ok ? maxBytes : LOG_ERROR_PEEK_BYTES).catch((err: unknown) => {
        throw this.classifyTransportError(err, `GET ${what}`, controller.signal.aborted);
      });
      this.logger?.info(`GET log link (${target.host}) → ${status}, ${buffer.length} bytes${truncated && ok ? ' (truncated)' : ''} in ${this.now() - started} ms`);
      if (ok) return { text: buffer.toString('utf8'), bytes: buffer.length, truncated };
      const body = buffer.toString('utf8');
      const expired = status === 403 && /expired/i.test(body);
      if (expired) throw new LogLinkError(`The link for ${what} has expired (403): log links are only valid for a short time.`, status, true);
      if (status === 403) throw new LogLinkError(`The link for ${what} was refused (403)${s3Message(body)}.`, status, false);
      if (status === 404) throw new LogLinkError(`${capitalize(what)} was not found where the link points (404).`, status, false);
      if (status >= 300 && status < 400) throw new ApiError('config', `The link for ${what} was redirected (${status}); redirects are not followed.`, { status });
      throw new ApiError(status >= 500 ? 'server' : 'client', `GET ${what}: HTTP ${status}${s3Message(body)}`, { status });
    } finally {
      clearTimeout(timer);
    }
  }

  private redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join('[redacted]');
    return out;
  }

  private checkBaseUrl(): URL {
    let url: URL;
    try {
      url = new URL(this.baseUrl);
    } catch {
      throw new ApiError('config', 'The base URL is not a valid URL (polytomic.baseUrl).');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new ApiError('config', `The base URL must start with https:// (got ${url.protocol}).`);
    }
    if (url.username || url.password) {
      throw new ApiError('config', 'The base URL must not contain a user name or password; sign in with a key instead.');
    }
    if (url.search || url.hash) {
      throw new ApiError('config', 'The base URL must not contain a query or fragment.');
    }
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
      throw new ApiError(
        'insecure',
        `Refusing to send credentials over plain http to ${url.hostname}: use https:// (plain http is allowed only for localhost).`,
      );
    }
    if (this.credentialsOrigin !== undefined && originOf(this.credentialsOrigin) !== url.origin) {
      throw new ApiError(
        'config',
        `The key was verified with ${originOf(this.credentialsOrigin) ?? 'another host'}, not ${url.origin}: nothing was sent. Sign in for ${url.host} to use it.`,
      );
    }
    return url;
  }

  private baseIsLoopback(): boolean {
    try {
      return isLoopbackHost(new URL(this.baseUrl).hostname);
    } catch {
      return false;
    }
  }

  private async request(spec: RequestSpec, selectedIds?: string[]): Promise<unknown> {
    const base = this.checkBaseUrl();
    const search = new URLSearchParams(spec.query).toString();
    const pathAndQuery = search ? `${spec.path}?${search}` : spec.path;
    // Keeps an on-premises base URL's own path prefix (e.g. https://host/polytomic).
    const url = base.origin + base.pathname.replace(/\/+$/, '') + pathAndQuery;
    const what = `${spec.method} ${spec.path}`;
    const started = this.now();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    let response: AxiosResponse<string>;
    try {
      response = await (await loadAxios()).request<string>({
        url,
        method: spec.method,
        headers: {
          Authorization: this.authorization,
          'X-Polytomic-Version': this.apiVersion,
          Accept: 'application/json',
          'User-Agent': this.userAgent,
          ...(spec.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...(spec.idempotencyKey !== undefined ? { 'Idempotency-Key': spec.idempotencyKey } : {}),
        },
        data: spec.body !== undefined ? JSON.stringify(spec.body) : undefined,
        timeout: this.timeoutMs,
        signal: controller.signal,
        // Credentials must never follow a redirect to another place; a 3xx is reported instead.
        maxRedirects: 0,
        // A proxy (http_proxy) would see a plain-http request, key included: loopback goes direct.
        proxy: isLoopbackHost(base.hostname) ? false : undefined,
        responseType: 'text',
        transformResponse: [(data: unknown) => data],
        validateStatus: () => true,
        maxContentLength: MAX_BODY_BYTES,
        decompress: true,
      });
    } catch (err) {
      const error = this.classifyTransportError(err, what, controller.signal.aborted);
      this.logger?.warn(`${spec.method} ${pathAndQuery} → ${error.kind} after ${this.now() - started} ms: ${error.message}`);
      throw error;
    } finally {
      clearTimeout(timer);
    }
    const status = response.status;
    this.logger?.info(`${spec.method} ${pathAndQuery} → ${status} in ${this.now() - started} ms`);
    const text = typeof response.data === 'string' ? response.data : String(response.data ?? '');
    if (status >= 200 && status < 300) {
      return this.parseJson(text, what);
    }
    throw this.classifyStatus(response, text, what, selectedIds);
  }

  private parseJson(text: string, what: string): unknown {
    if (text.trim() === '') throw new ApiError('malformed', `Unexpected response from ${what}: the body is empty.`);
    try {
      return JSON.parse(text);
    } catch {
      const looksHtml = /^\s*</.test(text);
      const hint = looksHtml ? 'an HTML page (a proxy or gateway answered?)' : `not JSON (starts with ${JSON.stringify(capText(this.redact(text), 40))})`;
      throw new ApiError('malformed', `Unexpected response from ${what}: the body is ${hint}.`);
    }
  }

  /** The server's own explanation from either error body shape, capped and scrubbed. */
  private serverMessage(text: string): string | undefined {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return undefined; // a gateway's HTML page says nothing useful
    }
    if (typeof body !== 'object' || body === null) return undefined;
    const record = body as Record<string, unknown>;
    // 2024-02-08 401: { status: "<string>", error: "..." }; everything else: { status: <n>, message: "..." }
    const raw = typeof record.message === 'string' ? record.message : typeof record.error === 'string' ? record.error : undefined;
    return raw ? capText(this.redact(raw)) : undefined;
  }

  private classifyStatus(response: AxiosResponse<string>, text: string, what: string, selectedIds?: string[]): ApiError {
    const status = response.status;
    const serverMessage = this.serverMessage(text);
    const said = serverMessage ? `: ${serverMessage}` : '';
    if (status >= 300 && status < 400) {
      const location = headerValue(response.headers, 'location');
      let where = '';
      if (location) {
        try {
          const target = new URL(location, this.baseUrl);
          where = ` to ${target.protocol}//${target.host}${target.pathname}`;
        } catch {
          where = '';
        }
      }
      return new ApiError(
        'config',
        `${what} was redirected (${status})${where}; credentials are not sent across redirects. Check polytomic.baseUrl (https, exact host).`,
        { status },
      );
    }
    switch (status) {
      case 401:
        return new ApiError('unauthorized', `${what}: the API key was rejected (401)${said}`, { status });
      case 403:
        return new ApiError('forbidden', `${what}: access denied (403)${said}`, { status });
      case 404: {
        const missing = selectedIds ? this.idsMentioned(selectedIds, text) : [];
        if (missing.length > 0) {
          return new ApiError('notFound', `${what}: selected sync(s) not found: ${missing.map((id) => capText(id, 60)).join(', ')} (404)`, {
            status,
            notFoundIds: missing,
          });
        }
        const hint = selectedIds ? ' (one of the selected sync ids may not exist)' : '';
        return new ApiError('notFound', `${what}: not found (404)${said}${hint}`, { status });
      }
      case 409:
        return new ApiError('conflict', `${what}: conflict (409)${said}`, { status });
      case 429:
      case 503: {
        const retryAfterMs = parseRetryAfter(headerValue(response.headers, 'retry-after'), this.now());
        const wait = retryAfterMs !== undefined ? `; retry after ${Math.ceil(retryAfterMs / 1000)} s` : '';
        const kind = status === 429 ? 'rateLimited' : 'unavailable';
        const label = status === 429 ? 'rate limited (429)' : 'service unavailable (503)';
        return new ApiError(kind, `${what}: ${label}${said}${wait}`, { status, retryAfterMs });
      }
    }
    if (status >= 500) return new ApiError('server', `${what}: server error (${status})${said}`, { status });
    if (status >= 400) return new ApiError('client', `${what}: request refused (${status})${said}`, { status });
    return new ApiError('malformed', `${what}: unexpected HTTP status ${status}`, { status });
  }

  /** Which of the requested ids the 404 body names (message, metadata, anywhere in it). */
  private idsMentioned(ids: string[], text: string): string[] {
    const found: string[] = [];
    for (const id of new Set(ids)) if (id && text.includes(id)) found.push(id);
    return found;
  }

  private classifyTransportError(err: unknown, what: string, aborted: boolean): ApiError {
    if (err instanceof ApiError) return err;
    const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
    const seconds = Math.round(this.timeoutMs / 100) / 10;
    if (aborted || code === 'ETIMEDOUT' || (code === 'ECONNABORTED' && /timeout/i.test(String((err as Error).message)))) {
      return new ApiError('timeout', `${what}: no complete response within ${seconds} s`);
    }
    if (code === 'ERR_BAD_RESPONSE' && /maxContentLength/i.test(String((err as Error).message))) {
      return new ApiError('malformed', `Unexpected response from ${what}: the body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB.`);
    }
    if (code === 'ERR_INVALID_URL') return new ApiError('config', 'The base URL is not a valid URL (polytomic.baseUrl).');
    if (code && NETWORK_CODES[code]) return new ApiError('network', `${what}: ${NETWORK_CODES[code]} (${code})`);
    const message = err instanceof Error ? err.message : '';
    if (/aborted|socket hang up|premature|stream has been aborted/i.test(message) || code === 'ERR_BAD_RESPONSE') {
      return new ApiError('network', `${what}: the connection closed before the response was complete${code ? ` (${code})` : ''}`);
    }
    // Fall back to the code only: a library message might someday include the URL.
    return new ApiError('network', `${what}: request failed${code ? ` (${code})` : ''}`);
  }
}

/** Reads a stream up to `maxBytes`, then stops it. */
function readCapped(stream: Readable, maxBytes: number): Promise<{ buffer: Buffer; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (truncated: boolean): void => {
      if (settled) return;
      settled = true;
      resolve({ buffer: Buffer.concat(chunks, size), truncated });
    };
    stream.on('data', (chunk: Buffer) => {
      if (settled) return;
      const room = maxBytes - size;
      if (chunk.length > room) {
        if (room > 0) chunks.push(chunk.subarray(0, room));
        size += Math.max(0, room);
        stream.destroy();
        finish(true);
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    stream.on('end', () => finish(false));
    stream.on('error', (err) => {
      if (!settled) {
        settled = true;
        reject(err);
      }
    });
  });
}

/** The `<Message>` of an S3-style error document, capped; '' when there is none. */
function s3Message(body: string): string {
  const m = /<Message>([^<]{1,300})<\/Message>/.exec(body);
  return m ? `: ${capText(m[1], 120)}` : '';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
