/**
 * The local server's /__control endpoints (no auth; tests and the demo only): the fault
 * config, the state, the clock, and the levers (fail a sync, force a schema status, plant an
 * anomaly, rename a sync).
 */
import type http from 'node:http';
import { ANOMALY_KINDS, makeAnomaly, type AnomalyKind } from './anomalies';
import { FaultConfigError, validateFaults, type FaultInjector } from './faults';
import { HttpError, parseJsonObject, readBody, sendJson } from './http';
import { LeverError, type Organization, type Sync } from './simulation';
import { executionView, isoTime, syncStatusEntry } from './views';

/** What the levers act on; ApiServerApp provides it. */
export interface ControlContext {
  readonly org: Organization;
  readonly faults: FaultInjector;
  /** simulated now, with schedules processed up to it */
  tick(): number;
  now(): number;
  advance(ms: number): void;
  state(): Record<string, unknown>;
  /** throws LeverError for an unknown id */
  syncOrThrow(id: string): Sync;
}

export async function handleControl(ctx: ControlContext, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
  const bodyText = await readBody(req).catch(() => '');
  const path = url.pathname.replace(/\/+$/, '');
  const method = req.method ?? 'GET';
  const reply = (status: number, body: unknown): void => sendJson(res, status, body);
  try {
    if (path === '/__control/faults') {
      if (method === 'GET') return reply(200, ctx.faults.get());
      if (method === 'PUT') {
        ctx.faults.set(validateFaults(parseJsonObject(bodyText)));
        return reply(200, ctx.faults.get());
      }
      if (method === 'DELETE') {
        ctx.faults.set({});
        return reply(200, ctx.faults.get());
      }
      return reply(405, { status: 405, message: 'use GET, PUT or DELETE' });
    }
    if (path === '/__control/state' && method === 'GET') return reply(200, ctx.state());
    if (path === '/__control/clock/advance' && method === 'POST') {
      const body = parseJsonObject(bodyText);
      if (typeof body.ms !== 'number' || !Number.isFinite(body.ms) || body.ms < 0) throw new HttpError(400, 'body must be {"ms": <number >= 0>}');
      ctx.advance(body.ms);
      const now = ctx.now();
      return reply(200, { now, nowIso: isoTime(now) });
    }
    let m = /^\/__control\/syncs\/([^/]+)\/fail$/.exec(path);
    if (m && method === 'POST') {
      const body = parseJsonObject(bodyText);
      if (body.schemas !== undefined && (!Array.isArray(body.schemas) || !body.schemas.every((s) => typeof s === 'string'))) throw new HttpError(400, 'schemas must be a list of names');
      if (body.message !== undefined && typeof body.message !== 'string') throw new HttpError(400, 'message must be a string');
      const sync = ctx.syncOrThrow(decodeURIComponent(m[1]));
      const t = ctx.tick();
      const exec = ctx.org.failSync(sync, t, body.schemas as string[] | undefined, body.message as string | undefined);
      return reply(200, { data: executionView(exec, t) });
    }
    m = /^\/__control\/syncs\/([^/]+)\/schemas\/([^/]+)\/status$/.exec(path);
    if (m && method === 'POST') {
      const body = parseJsonObject(bodyText);
      if (typeof body.status !== 'string' || body.status.length === 0) throw new HttpError(400, 'body must be {"status": "<value>", "message"?: "..."}');
      if (body.message !== undefined && typeof body.message !== 'string') throw new HttpError(400, 'message must be a string');
      const sync = ctx.syncOrThrow(decodeURIComponent(m[1]));
      ctx.org.setSchemaStatus(sync, decodeURIComponent(m[2]), body.status, body.message as string | undefined, ctx.tick());
      return reply(200, { data: syncStatusEntry(ctx.org, sync, ctx.now()) });
    }
    m = /^\/__control\/syncs\/([^/]+)\/anomaly$/.exec(path);
    if (m && method === 'POST') {
      const body = parseJsonObject(bodyText);
      if (!ANOMALY_KINDS.includes(body.kind as AnomalyKind)) throw new HttpError(400, `body must be {"kind": "${ANOMALY_KINDS.join('" | "')}", "schema"?: "...", "baseline"?: N}`);
      if (body.schema !== undefined && typeof body.schema !== 'string') throw new HttpError(400, 'schema must be a string');
      if (body.baseline !== undefined && (typeof body.baseline !== 'number' || !Number.isInteger(body.baseline) || body.baseline < 0 || body.baseline > 60)) throw new HttpError(400, 'baseline must be a whole number from 0 to 60');
      const sync = ctx.syncOrThrow(decodeURIComponent(m[1]));
      const result = makeAnomaly(ctx.org, sync, body.kind as AnomalyKind, ctx.tick(), { schema: body.schema as string | undefined, baseline: body.baseline as number | undefined });
      return reply(200, { data: result });
    }
    m = /^\/__control\/syncs\/([^/]+)\/rename$/.exec(path);
    if (m && method === 'POST') {
      const body = parseJsonObject(bodyText);
      if (typeof body.name !== 'string') throw new HttpError(400, 'body must be {"name": "..."}');
      const sync = ctx.syncOrThrow(decodeURIComponent(m[1]));
      ctx.org.rename(sync, body.name, ctx.tick());
      return reply(200, { data: { id: sync.id, name: sync.name } });
    }
    return reply(404, { status: 404, message: `no such control endpoint: ${method} ${url.pathname}` });
  } catch (err) {
    if (err instanceof HttpError) return reply(err.status, { status: err.status, message: err.message });
    if (err instanceof FaultConfigError) return reply(400, { status: 400, message: err.message });
    if (err instanceof LeverError) return reply(404, { status: 404, message: err.message });
    throw err;
  }
}
