import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

export interface RawServer {
  url: string;
  requests: SeenRequest[];
  stop(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 answering with whatever the test says: for response shapes
 * the local API server does not produce (redirects, odd status codes, wrong field types).
 */
export async function startRawServer(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<RawServer> {
  const requests: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Handler answering every request with one fixed response. */
export function reply(status: number, body: string, headers: Record<string, string> = {}) {
  return (_req: http.IncomingMessage, res: http.ServerResponse): void => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(body);
  };
}
