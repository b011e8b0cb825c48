/**
 * Fault injection for reliability tests. A rule fires for the next `count` /api requests, then
 * (or instead) with probability `rate`. The dice come from a seeded generator so a test run
 * with the same requests sees the same faults.
 */
import { Random } from './prng';

export interface FaultRule {
  /** 0..1 probability per /api request */
  rate?: number;
  /** the next N /api requests */
  count?: number;
}

export interface Faults {
  /** added to every /api response */
  latencyMs?: number;
  /** 500 default, JSON error body */
  serverError?: FaultRule & { status?: number };
  /** 429 + Retry-After header */
  rateLimit?: FaultRule & { retryAfterSeconds?: number };
  /** 503 + Retry-After header */
  unavailable?: FaultRule & { retryAfterSeconds?: number };
  /** key revoked: every /api request 401 */
  unauthorized?: boolean;
  /** 200, valid headers, JSON cut in half */
  truncatedBody?: FaultRule;
  /** an HTML page (like a proxy); status 502 by default, `status: 200` for the sneaky kind */
  nonJsonBody?: FaultRule & { status?: number };
  /** socket destroyed before any response */
  connectionReset?: FaultRule;
  /** status values in data replaced by a value no client knows */
  unknownStatus?: FaultRule & { value?: string };
  /**
   * GET /api/bulk/syncs/status only: one schema entry breaks the contract (`record_count: "12"`),
   * the first schema of `syncId` (default: the first sync that has schemas); the rest is intact.
   */
  malformedEntry?: FaultRule & { syncId?: string };
  /** GET /api/bulk/syncs/status only: `syncId` is left out (as a sync that never ran could be); still listed */
  omitFromStatus?: FaultRule & { syncId?: string };
}

export type RuleName = 'serverError' | 'rateLimit' | 'unavailable' | 'truncatedBody' | 'nonJsonBody' | 'connectionReset' | 'unknownStatus' | 'malformedEntry' | 'omitFromStatus';
const RULE_NAMES: RuleName[] = ['serverError', 'rateLimit', 'unavailable', 'truncatedBody', 'nonJsonBody', 'connectionReset', 'unknownStatus', 'malformedEntry', 'omitFromStatus'];

export class FaultConfigError extends Error {}

/** Checks a Faults object from the outside (HTTP control endpoint, CLI) and returns a clean copy. */
export function validateFaults(input: unknown): Faults {
  if (input === null || input === undefined) return {};
  if (typeof input !== 'object' || Array.isArray(input)) throw new FaultConfigError('faults must be a JSON object');
  const raw = input as Record<string, unknown>;
  const known = new Set<string>(['latencyMs', 'unauthorized', ...RULE_NAMES]);
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) throw new FaultConfigError(`unknown fault "${key}"; known: ${[...known].join(', ')}`);
  }
  const out: Faults = {};
  if (raw.latencyMs !== undefined) {
    if (typeof raw.latencyMs !== 'number' || !(raw.latencyMs >= 0) || raw.latencyMs > 600_000) throw new FaultConfigError('latencyMs must be a number from 0 to 600000');
    out.latencyMs = raw.latencyMs;
  }
  if (raw.unauthorized !== undefined) {
    if (typeof raw.unauthorized !== 'boolean') throw new FaultConfigError('unauthorized must be true or false');
    out.unauthorized = raw.unauthorized;
  }
  for (const name of RULE_NAMES) {
    const value = raw[name];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'object' || Array.isArray(value)) throw new FaultConfigError(`${name} must be an object like {"rate":0.5} or {"count":3}`);
    const rule = value as Record<string, unknown>;
    const clean: Record<string, number | string> = {};
    for (const [key, v] of Object.entries(rule)) {
      if (key === 'rate') {
        if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new FaultConfigError(`${name}.rate must be a number from 0 to 1`);
        clean.rate = v;
      } else if (key === 'count') {
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new FaultConfigError(`${name}.count must be a whole number >= 0`);
        clean.count = v;
      } else if (key === 'status' && (name === 'serverError' || name === 'nonJsonBody')) {
        const ok = name === 'serverError' ? typeof v === 'number' && Number.isInteger(v) && v >= 500 && v <= 599
          : v === 200 || (typeof v === 'number' && Number.isInteger(v) && v >= 500 && v <= 599);
        if (!ok) throw new FaultConfigError(`${name}.status must be ${name === 'serverError' ? 'a 5xx code' : '200 or a 5xx code'}`);
        clean.status = v as number;
      } else if (key === 'retryAfterSeconds' && (name === 'rateLimit' || name === 'unavailable')) {
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 86_400) throw new FaultConfigError(`${name}.retryAfterSeconds must be a whole number from 0 to 86400`);
        clean.retryAfterSeconds = v;
      } else if (key === 'syncId' && (name === 'malformedEntry' || name === 'omitFromStatus')) {
        if (typeof v !== 'string' || v.length === 0 || v.length > 200) throw new FaultConfigError(`${name}.syncId must be a sync id`);
        clean.syncId = v;
      } else if (key === 'value' && name === 'unknownStatus') {
        if (typeof v !== 'string' || v.length === 0 || v.length > 64) throw new FaultConfigError('unknownStatus.value must be a short string');
        clean.value = v;
      } else {
        throw new FaultConfigError(`unknown field ${name}.${key}`);
      }
    }
    (out as Record<string, unknown>)[name] = clean;
  }
  return out;
}

export class FaultInjector {
  private faults: Faults = {};
  private readonly random: Random;

  constructor(seed: number) {
    this.random = new Random(seed ^ 0xfa017);
  }

  set(faults: Faults): void {
    this.faults = validateFaults(faults);
  }

  /** The current configuration, with counts that show how many forced faults remain. */
  get(): Faults {
    return JSON.parse(JSON.stringify(this.faults)) as Faults;
  }

  latencyMs(): number {
    return this.faults.latencyMs ?? 0;
  }

  unauthorized(): boolean {
    return this.faults.unauthorized === true;
  }

  rule<N extends RuleName>(name: N): Faults[N] {
    return this.faults[name];
  }

  /** Decides whether the rule fires for this request; a forced count is used up first. */
  fires(name: RuleName): boolean {
    const rule = this.faults[name];
    if (!rule) return false;
    if (rule.count !== undefined && rule.count > 0) {
      rule.count--;
      return true;
    }
    return rule.rate !== undefined && rule.rate > 0 && this.random.float() < rule.rate;
  }
}

interface StatusEntry {
  sync_id?: unknown;
  schemas?: Array<Record<string, unknown>> | null;
}

/**
 * A status body (`{ data: [...] }`) with one entry changed by malformedEntry / omitFromStatus:
 * a copy, so the simulation's own state is untouched. Unchanged when the sync is not in it.
 */
export function faultyStatusBody(body: { data?: unknown }, fault: 'malformedEntry' | 'omitFromStatus', syncId: string | undefined): { data?: unknown } {
  if (!Array.isArray(body.data)) return body;
  const data = JSON.parse(JSON.stringify(body.data)) as StatusEntry[];
  const index = data.findIndex((e) => (syncId === undefined ? fault === 'omitFromStatus' || (e.schemas ?? []).length > 0 : e.sync_id === syncId));
  if (index < 0) return body;
  if (fault === 'omitFromStatus') data.splice(index, 1);
  else {
    const schema = data[index].schemas?.[0];
    if (!schema) return body;
    schema.record_count = '12';
  }
  return { ...body, data };
}
