/**
 * Idempotency-Key on POST requests: a key seen before replays the first response (for 24
 * simulated hours), is refused while that request is still in flight, or when it was used on
 * another route. Keys are scoped to the caller's credentials (hashed, never kept).
 */
import { createHash } from 'node:crypto';
import type http from 'node:http';
import { header, type ApiResponse } from './http';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,255}$/;
const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

export type IdempotencyOutcome =
  | { kind: 'new'; complete: (r: ApiResponse) => void; release: () => void }
  | { kind: 'replay'; response: ApiResponse }
  | { kind: 'conflict' | 'invalid' | 'mismatch' }
  | undefined;

interface Entry {
  inFlight: boolean;
  route: string;
  response?: ApiResponse;
  expiresAt: number;
}

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  /** `now`: simulated epoch ms (expiry follows the simulated clock) */
  constructor(private readonly now: () => number) {}

  /** undefined: not a POST, or no key; 'new': run the request, then complete() (unless 5xx) and release(). */
  begin(req: http.IncomingMessage, url: URL): IdempotencyOutcome {
    if (req.method !== 'POST') return undefined;
    const key = header(req, 'idempotency-key');
    if (key === undefined) return undefined;
    if (!IDEMPOTENCY_KEY.test(key)) return { kind: 'invalid' };
    const now = this.now();
    for (const [k, entry] of this.entries) if (!entry.inFlight && entry.expiresAt <= now) this.entries.delete(k);
    // keys are scoped to the caller: hash the credentials rather than keep them
    const scope = createHash('sha256').update(header(req, 'authorization') ?? '').digest('hex').slice(0, 16);
    const mapKey = `${scope}:${key}`;
    const route = `${req.method} ${url.pathname}`;
    const existing = this.entries.get(mapKey);
    if (existing) {
      if (existing.inFlight) return { kind: 'conflict' };
      if (existing.route !== route) return { kind: 'mismatch' };
      if (existing.response) return { kind: 'replay', response: existing.response };
    }
    const entry: Entry = { inFlight: true, route, response: undefined, expiresAt: now + IDEMPOTENCY_TTL_MS };
    this.entries.set(mapKey, entry);
    return {
      kind: 'new',
      complete: (response) => {
        entry.response = response;
        entry.expiresAt = this.now() + IDEMPOTENCY_TTL_MS;
      },
      release: () => {
        entry.inFlight = false;
        // nothing was executed (fault, auth failure, 5xx): the key may be used again
        if (!entry.response) this.entries.delete(mapKey);
      },
    };
  }
}
