/**
 * Faults that shape an /api response (server/faults.ts decides when each fires): the gateway's
 * answers in front of the API (an HTML page, 5xx, 429, 503), and changed 200 bodies (a status
 * entry malformed or left out, unknown status values, a truncated body). Called in the order
 * the app always used, so a seeded fault config fires the same way.
 */
import type http from 'node:http';
import { faultyStatusBody, type FaultInjector } from './faults';
import { sendJson, type ApiResponse } from './http';

const BAD_GATEWAY_HTML = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
const LOGIN_PAGE_HTML = '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Sign in - Corporate Network</title></head>\n<body>\n<h1>Sign in to continue</h1>\n<p>Your session with the network gateway has expired.</p>\n<form method="post" action="/login"><input name="user"><input name="password" type="password"><button>Sign in</button></form>\n</body>\n</html>\n';

/** A gateway fault, if one fires (checked in this order); true when it answered the request. */
export function sendGatewayFault(faults: FaultInjector, res: http.ServerResponse, versionHeader: Record<string, string>): boolean {
  if (faults.fires('nonJsonBody')) {
    const status = faults.rule('nonJsonBody')?.status ?? 502;
    res.writeHead(status, { 'Content-Type': 'text/html', 'Content-Length': String(Buffer.byteLength(status === 200 ? LOGIN_PAGE_HTML : BAD_GATEWAY_HTML)) });
    res.end(status === 200 ? LOGIN_PAGE_HTML : BAD_GATEWAY_HTML);
    return true;
  }
  if (faults.fires('serverError')) {
    const status = faults.rule('serverError')?.status ?? 500;
    sendJson(res, status, { status, message: 'internal server error' }, versionHeader);
    return true;
  }
  if (faults.fires('rateLimit')) {
    const retry = faults.rule('rateLimit')?.retryAfterSeconds ?? 1;
    sendJson(res, 429, { status: 429, message: 'too many requests; retry later' }, { ...versionHeader, 'Retry-After': String(retry) });
    return true;
  }
  if (faults.fires('unavailable')) {
    const retry = faults.rule('unavailable')?.retryAfterSeconds ?? 1;
    sendJson(res, 503, { status: 503, message: 'service unavailable' }, { ...versionHeader, 'Retry-After': String(retry) });
    return true;
  }
  return false;
}

/** malformedEntry / omitFromStatus: one entry of a status body changed, the rest intact. */
export function statusFaults(faults: FaultInjector, response: ApiResponse): ApiResponse {
  let body = response.body as { data?: unknown };
  for (const fault of ['malformedEntry', 'omitFromStatus'] as const) {
    if (faults.fires(fault)) body = faultyStatusBody(body, fault, faults.rule(fault)?.syncId);
  }
  return body === response.body ? response : { ...response, body };
}

/** The JSON text of a response, with unknownStatus and truncatedBody applied when they fire. */
export function faultyBodyText(faults: FaultInjector, response: ApiResponse): string {
  let body = response.body;
  if (response.status === 200 && body && typeof body === 'object' && hasStatusField((body as { data?: unknown }).data)) {
    if (faults.fires('unknownStatus')) {
      const value = faults.rule('unknownStatus')?.value ?? 'reticulating';
      body = JSON.parse(JSON.stringify(body));
      replaceStatuses((body as { data?: unknown }).data, value);
    }
  }
  let text = JSON.stringify(body);
  if (response.status === 200 && faults.fires('truncatedBody')) {
    text = text.slice(0, Math.floor(text.length / 2));
  }
  return text;
}

function hasStatusField(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasStatusField);
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'status' && typeof v === 'string') return true;
      if (typeof v === 'object' && hasStatusField(v)) return true;
    }
  }
  return false;
}

function replaceStatuses(value: unknown, replacement: string): void {
  if (Array.isArray(value)) {
    for (const item of value) replaceStatuses(item, replacement);
  } else if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    for (const [k, v] of Object.entries(obj)) {
      if (k === 'status' && typeof v === 'string') obj[k] = replacement;
      else if (typeof v === 'object') replaceStatuses(v, replacement);
    }
  }
}
