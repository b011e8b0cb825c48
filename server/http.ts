/**
 * Small HTTP helpers of the local server: the error and response shapes, headers, request
 * bodies, query parsing (booleans, limits, page tokens) and plain JSON replies.
 */
import type http from 'node:http';

export interface ApiResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Thrown by a route: becomes `{status, message, key?}` with that status. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly key?: string) {
    super(message);
  }
}

const MAX_BODY_BYTES = 1_000_000;

export function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(payload.length), ...headers });
  res.end(payload);
}

export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function parseJsonObject(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'request body is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new HttpError(400, 'request body must be a JSON object');
  return value as Record<string, unknown>;
}

/** Go's strconv.ParseBool, which is what the service's query parsing most plausibly uses. */
export function parseBool(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  if (v === null || v === '') return false;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  throw new HttpError(400, `invalid boolean for ${name}: ${truncate(v)}`, name);
}

export function parseLimit(q: URLSearchParams, fallback: number, max: number): number {
  const v = q.get('limit');
  if (v === null || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new HttpError(400, `limit must be a whole number from 1 to ${max}`, 'limit');
  return n;
}

export function encodeToken(value: Record<string, number>): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeToken(token: string | null, field: string): number {
  if (token === null || token === '') return 0;
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<string, unknown>;
    const n = value[field];
    if (typeof n === 'number' && Number.isInteger(n) && n >= 0) return n;
  } catch {
    // fall through to the error below
  }
  throw new HttpError(400, 'invalid page_token', 'page_token');
}

export function truncate(s: string): string {
  return s.length > 64 ? `${s.slice(0, 64)}…` : s;
}
