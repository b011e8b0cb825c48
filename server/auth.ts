/**
 * Who is calling the local server: a Bearer API key (a user) or Basic organization id and
 * deployment key (the organization itself). Compared in constant time.
 */
import { createHash } from 'node:crypto';
import type http from 'node:http';
import { header } from './http';

export type Identity = { kind: 'apiKey' } | { kind: 'deploymentKey' };

export interface Credentials {
  apiKey: string;
  deploymentKey: string;
  organizationId: string;
}

export function authenticate(req: http.IncomingMessage, config: Credentials): Identity | undefined {
  const value = header(req, 'authorization');
  if (!value) return undefined;
  const bearer = /^Bearer\s+(\S.*)$/i.exec(value);
  if (bearer) return safeEqual(bearer[1].trim(), config.apiKey) ? { kind: 'apiKey' } : undefined;
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(value);
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const org = decoded.slice(0, colon);
    const key = decoded.slice(colon + 1);
    return safeEqual(org, config.organizationId) && safeEqual(key, config.deploymentKey) ? { kind: 'deploymentKey' } : undefined;
  }
  return undefined;
}

function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return ha.equals(hb) && a === b;
}
