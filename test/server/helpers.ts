/** Shared helpers for the API server tests: real HTTP against a server started in-process. */
import http from 'node:http';
import { DEMO_API_KEY, DEMO_DEPLOYMENT_KEY, DEMO_ORGANIZATION_ID, startApiServer, type ApiServerOptions, type RunningApiServer } from '../../server/index';

/** A fixed start so manual-clock tests see the same organization on every run. */
export const START = Date.parse('2025-03-10T09:00:00Z');

export function startManual(options: ApiServerOptions = {}): Promise<RunningApiServer> {
  return startApiServer({ clock: 'manual', startTime: START, ...options });
}

export interface CallOptions {
  method?: string;
  /** 'bearer' (demo key), 'basic' (demo org + deployment key), 'none', or a full Authorization value */
  auth?: 'bearer' | 'basic' | 'none' | { header: string };
  /** undefined: 2024-02-08; null: no header */
  version?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export function basicHeader(org = DEMO_ORGANIZATION_ID, key = DEMO_DEPLOYMENT_KEY): string {
  return `Basic ${Buffer.from(`${org}:${key}`).toString('base64')}`;
}

export async function call(server: { url: string }, path: string, options: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...options.headers };
  const auth = options.auth ?? 'bearer';
  if (auth === 'bearer') headers.Authorization = `Bearer ${DEMO_API_KEY}`;
  else if (auth === 'basic') headers.Authorization = basicHeader();
  else if (auth !== 'none') headers.Authorization = auth.header;
  if (options.version !== null) headers['X-Polytomic-Version'] = options.version ?? '2024-02-08';
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(server.url + path, { method: options.method ?? 'GET', headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** A raw request with node:http, for what fetch hides (socket errors, exact bytes). */
export function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

export async function control(server: { url: string }, method: string, path: string, body?: unknown): Promise<CallResult> {
  return call(server, `/__control/${path}`, { method, auth: 'none', version: null, body });
}

/** Status entries of all syncs, keyed by sync id. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function statusById(server: { url: string }): Promise<Map<string, any>> {
  const res = await call(server, '/api/bulk/syncs/status?all=true');
  if (res.status !== 200) throw new Error(`status call failed: ${res.status} ${res.text}`);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return new Map(res.json.data.map((e: any) => [e.sync_id, e]));
}
