/**
 * One authenticated request to the Polytomic API (axios: it honours http(s)_proxy / no_proxy, which
 * corporate users need): the base URL checked, the key sent only to the origin it was verified
 * against and never across a redirect, the body parsed as JSON, a failure classified (httpErrors.ts).
 */
import type { AxiosResponse } from 'axios';
import type { Readable } from 'node:stream';
import { readBody, type BodyMemory } from './bodyRead';
import { loadHttp } from './httpLoader';
import type { ApiVersion, Credentials, Logger } from './contract';
import { ApiError, capText } from './errors';
import { classifyStatus, classifyTransportError, MAX_BODY_BYTES } from './httpErrors';
import { originOf } from './origin';
import { bodyText, jsonText } from './bodyText';

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

export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  query: Array<[string, string]>;
  /** JSON body (POST) */
  body?: unknown;
  idempotencyKey?: string;
}

export interface TransportOptions {
  baseUrl: string;
  apiVersion: ApiVersion;
  credentials: Credentials;
  timeoutMs: number;
  logger?: Logger;
  userAgent: string;
  now: () => number;
  credentialsOrigin?: string;
}

export class Transport {
  readonly baseUrl: string;
  readonly apiVersion: ApiVersion;
  private readonly authorization: string;
  private readonly secrets: string[];
  readonly timeoutMs: number;
  readonly logger?: Logger;
  readonly userAgent: string;
  readonly now: () => number;
  private readonly credentialsOrigin?: string;

  constructor(options: TransportOptions) {
    this.credentialsOrigin = options.credentialsOrigin;
    this.baseUrl = options.baseUrl.trim().replace(/\/+$/, '');
    this.apiVersion = options.apiVersion;
    this.timeoutMs = options.timeoutMs;
    this.logger = options.logger;
    this.userAgent = options.userAgent;
    this.now = options.now;
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

  /** The request's answer, parsed as JSON (see `bytes` for the failures). */
  async request(spec: RequestSpec, selectedIds?: string[]): Promise<unknown> {
    return this.json(await this.bytes(spec, selectedIds), `${spec.method} ${spec.path}`);
  }

  /**
   * The body of a 2xx answer as bytes; any other answer, or none, is thrown as an ApiError. With
   * `memory`, the body is written into it (bodyRead.ts) and is valid until the memory is used again.
   */
  async bytes(spec: RequestSpec, selectedIds?: string[], memory?: BodyMemory): Promise<Buffer> {
    const base = this.checkBaseUrl();
    const search = new URLSearchParams(spec.query).toString();
    const pathAndQuery = search ? `${spec.path}?${search}` : spec.path;
    // Keeps an on-premises base URL's own path prefix (e.g. https://host/polytomic).
    const url = base.origin + base.pathname.replace(/\/+$/, '') + pathAndQuery;
    const what = `${spec.method} ${spec.path}`;
    const started = this.now();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    let response: AxiosResponse<Readable>;
    let bytes: Buffer;
    try {
      response = await (await loadHttp())<Readable>({
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
        // bytes, read by readBody (capped at MAX_BODY_BYTES); a JSON body is turned into text by
        // jsonText (bodyText.ts), not decoded the slow way
        responseType: 'stream',
        validateStatus: () => true,
        decompress: true,
      });
      // the timeout still runs: it covers the body too
      bytes = (await readBody(response.data, MAX_BODY_BYTES, memory)).bytes;
    } catch (err) {
      const error = classifyTransportError(err, what, controller.signal.aborted, this.timeoutMs);
      this.logger?.warn(`${spec.method} ${pathAndQuery} → ${error.kind} after ${this.now() - started} ms: ${error.message}`);
      throw error;
    } finally {
      clearTimeout(timer);
    }
    const status = response.status;
    this.logger?.info(`${spec.method} ${pathAndQuery} → ${status} in ${this.now() - started} ms`);
    if (status >= 200 && status < 300) return bytes;
    throw classifyStatus(response, bodyText(bytes), what, { baseUrl: this.baseUrl, now: this.now, redact: (t) => this.redact(t) }, selectedIds);
  }

  baseIsLoopback(): boolean {
    try {
      return isLoopbackHost(new URL(this.baseUrl).hostname);
    } catch {
      return false;
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

  /** A 2xx body as JSON; an empty body or one that is not JSON is ApiError('malformed') saying what it is. */
  json(bytes: Buffer, what: string): unknown {
    const json = jsonText(bytes);
    if (json.trim() === '') throw new ApiError('malformed', `Unexpected response from ${what}: the body is empty.`);
    try {
      return JSON.parse(json);
    } catch {
      const text = bodyText(bytes);
      const looksHtml = /^\s*</.test(text);
      const hint = looksHtml ? 'an HTML page (a proxy or gateway answered?)' : `not JSON (starts with ${JSON.stringify(capText(this.redact(text), 40))})`;
      throw new ApiError('malformed', `Unexpected response from ${what}: the body is ${hint}.`);
    }
  }
}
