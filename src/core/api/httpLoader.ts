/**
 * HTTP through axios's Node adapter (axios/lib/adapters/http.js), loaded on the first request
 * rather than at activation: with Node's http, https, http2, stream and crypto modules it takes
 * about half of `require` + `activate` (see `npm run bench`), and a signed-out window, or one whose
 * first refresh comes later, does not need it yet. esbuild turns the dynamic import into a lazy
 * require of the bundled copy (no file is read).
 *
 * The adapter is called directly, not through axios.request(): what our requests rely on lives in
 * the adapter (http(s)_proxy and no_proxy, CONNECT tunnels for https through a proxy, VS Code's
 * patched agents, the timeout, decompression, no redirects; the body is read from a stream and capped
 * by bodyRead.ts and logDownload.ts), while axios's pipeline
 * around it (merging with axios's defaults, interceptors, request and response transforms, method
 * aliases) has nothing to do for requests that set every option themselves, send a JSON string
 * and read a stream; it was about 16 KB of the bundle. The one difference on the wire: a
 * POST without a body (cancel) no longer carries the `Content-Type:
 * application/x-www-form-urlencoded` the pipeline added to every POST (Content-Length: 0 is still
 * sent). esbuild.js fails the build if the pipeline (axios's main entry) is bundled again, and
 * scripts/axiosStandIns.js pins the adapter's file by its hash (and cuts its code for options we
 * never set: lookup, HTTP/2, data: URLs, form bodies, Unix sockets, redirects, bodies read whole), so a new axios is
 * reviewed against the list below before it ships.
 */
import type { AxiosResponse } from 'axios';

/** What the adapter reads from a request (axios's config names): every option our requests use. */
export interface HttpRequest {
  url: string;
  method: 'GET' | 'POST';
  /** sent as given, plus the adapter's Accept-Encoding and Content-Length */
  headers: Record<string, string>;
  data?: string;
  /** whole request, in ms */
  timeout: number;
  signal: AbortSignal;
  /** credentials never follow a redirect: a 3xx is answered, not followed */
  maxRedirects: 0;
  /** false: no proxy (loopback hosts); undefined: http(s)_proxy and no_proxy decide */
  proxy: false | undefined;
  /** the body as a stream, read (and capped) by bodyRead.ts or logDownload.ts */
  responseType: 'stream';
  /** whether a status resolves (true) or rejects; ours resolve every status and classify it */
  validateStatus: (status: number) => boolean;
  decompress: boolean;
}

export type HttpAdapter = <T>(request: HttpRequest) => Promise<AxiosResponse<T>>;

export async function loadHttp(): Promise<HttpAdapter> {
  return (await import('axios/lib/adapters/http.js')).default;
}
