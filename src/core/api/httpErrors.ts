/**
 * How a failed request becomes an ApiError with a kind the UI can act on and a message that is safe
 * to show and log: method + path, never the key, the Authorization header or a full URL.
 */
import type { AxiosResponse } from 'axios';
import { ApiError, capText } from './errors';

/** 5,000 syncs x 20 schemas is ~30 MB of JSON; anything far bigger is not a status response */
export const MAX_BODY_BYTES = 200 * 1024 * 1024;

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

export interface StatusContext {
  baseUrl: string;
  now: () => number;
  redact: (text: string) => string;
}

/** The server's own explanation from either error body shape, capped and scrubbed. */
function serverMessage(text: string, redact: (text: string) => string): string | undefined {
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
  return raw ? capText(redact(raw)) : undefined;
}


/**
 * A non-2xx answer as an ApiError whose kind the UI can act on. `redact` scrubs the caller's secrets
 * from the server's text; `baseUrl` resolves a redirect's Location; `now` reads Retry-After dates.
 */
export function classifyStatus(response: Pick<AxiosResponse, 'status' | 'headers'>, text: string, what: string, ctx: StatusContext, selectedIds?: string[]): ApiError {
  const status = response.status;
  const message = serverMessage(text, ctx.redact);
  const said = message ? `: ${message}` : '';
  if (status >= 300 && status < 400) {
    const location = headerValue(response.headers, 'location');
    let where = '';
    if (location) {
      try {
        const target = new URL(location, ctx.baseUrl);
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
      const missing = selectedIds ? idsMentioned(selectedIds, text) : [];
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
      const retryAfterMs = parseRetryAfter(headerValue(response.headers, 'retry-after'), ctx.now());
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
function idsMentioned(ids: string[], text: string): string[] {
  const found: string[] = [];
  for (const id of new Set(ids)) if (id && text.includes(id)) found.push(id);
  return found;
}


/** A request that got no usable response (timeout, network, TLS, too large) as an ApiError. */
export function classifyTransportError(err: unknown, what: string, aborted: boolean, timeoutMs: number): ApiError {
  if (err instanceof ApiError) return err;
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
  const seconds = Math.round(timeoutMs / 100) / 10;
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
