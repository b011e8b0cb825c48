import http from 'node:http';
import { startRawServer } from './rawServer';

export interface RecordedRequest {
  method: string;
  /** path and query as sent */
  url: string;
  version?: string;
  /** the body bytes as text ('' when none) */
  body: string;
}

export interface RecordingProxy {
  url: string;
  requests: RecordedRequest[];
  /**
   * Answer a request whose path and query are longer than this with `refusal` (default 414 URI Too
   * Long, as nginx does past its 8 KB request line) instead of forwarding it; recorded all the same.
   */
  refuse?: { longerThan: number; status?: number };
  stop(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 that records each request (method, path, version header, body)
 * and forwards it unchanged to `target` (the local API server), answering with its response: the
 * exact bytes a client sends, seen on the wire. Authorization is forwarded but never recorded.
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const requests: RecordedRequest[] = [];
  const proxy: { refuse?: RecordingProxy['refuse'] } = {};
  const server = await startRawServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const version = req.headers['x-polytomic-version'];
      requests.push({ method: req.method ?? '', url: req.url ?? '', version: typeof version === 'string' ? version : undefined, body: body.toString('utf8') });
      const refuse = proxy.refuse;
      if (refuse && (req.url ?? '').length > refuse.longerThan) {
        res.writeHead(refuse.status ?? 414, { 'Content-Type': 'text/html' }).end('<html><body><h1>Request-URI Too Large</h1></body></html>');
        return;
      }
      const headers = { ...req.headers };
      delete headers.host;
      const upstream = http.request(new URL(req.url ?? '/', target), { method: req.method, headers, agent: false }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  });
  return Object.assign(proxy, { url: server.url, requests, stop: () => server.stop() });
}
