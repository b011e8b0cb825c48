/**
 * The one request made without the API key: reading a pre-signed log link (an object store's URL,
 * whose signature is the credential). Streamed and capped; errors never show the URL.
 */
import type { AxiosResponse } from 'axios';
import { loadHttp } from './httpLoader';
import type { Readable } from 'node:stream';
import type { Logger } from './contract';
import { ApiError, capText } from './errors';
import { classifyTransportError } from './httpErrors';
import { readBody } from './bodyRead';
import { isLoopbackHost } from './transport';

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

/** What a log download needs of the client: no credentials. */
export interface LogDownloadDeps {
  timeoutMs: number;
  userAgent: string;
  now: () => number;
  logger?: Logger;
  /** whether the API itself is on loopback (only then may a log link be plain http, to loopback) */
  baseIsLoopback: boolean;
}

/**
 * Reads one pre-signed log URL. It is fetched WITHOUT the Authorization header: the signature in
 * the URL is the credential, and the host is usually an object store, not Polytomic, so the API
 * key must never go there. Plain http is refused except to loopback (the signature would travel
 * in clear). Redirects are not followed. At most `maxBytes` are read (streamed, so a huge log
 * cannot exhaust memory); the rest is dropped and `truncated` set.
 * Errors name the link by its position (`what`), never by its URL: the URL is a bearer secret.
 */
export async function fetchLogText(url: string, options: { maxBytes?: number; what?: string }, deps: LogDownloadDeps): Promise<LogText> {
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
  if (target.protocol === 'http:' && !(isLoopbackHost(target.hostname) && deps.baseIsLoopback)) {
    throw new ApiError('insecure', `Refusing to fetch ${what} over plain http from ${target.hostname}: its link must use https.`);
  }
  const started = deps.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), deps.timeoutMs);
  try {
    let response: AxiosResponse<Readable>;
    try {
      response = await (await loadHttp())<Readable>({
        url: target.toString(),
        method: 'GET',
        // Only these headers: no Authorization, no X-Polytomic-Version (see above).
        headers: { Accept: 'text/plain, */*', 'User-Agent': deps.userAgent },
        timeout: deps.timeoutMs,
        signal: controller.signal,
        maxRedirects: 0,
        proxy: isLoopbackHost(target.hostname) ? false : undefined,
        responseType: 'stream',
        validateStatus: () => true,
        decompress: true,
      });
    } catch (err) {
      throw classifyTransportError(err, `GET ${what}`, controller.signal.aborted, deps.timeoutMs);
    }
    const status = response.status;
    const ok = status >= 200 && status < 300;
    const { bytes: buffer, truncated } = await readBody(response.data, ok ? maxBytes : LOG_ERROR_PEEK_BYTES, undefined, true).catch((err: unknown) => {
      throw classifyTransportError(err, `GET ${what}`, controller.signal.aborted, deps.timeoutMs);
    });
    deps.logger?.info(`GET log link (${target.host}) → ${status}, ${buffer.length} bytes${truncated && ok ? ' (truncated)' : ''} in ${deps.now() - started} ms`);
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


/** The `<Message>` of an S3-style error document, capped; '' when there is none. */
function s3Message(body: string): string {
  const m = /<Message>([^<]{1,300})<\/Message>/.exec(body);
  return m ? `: ${capText(m[1], 120)}` : '';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
