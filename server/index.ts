/**
 * Local Polytomic-compatible API server: a real HTTP server on 127.0.0.1 that behaves like
 * Polytomic's bulk-sync API (see docs/polytomic-api.md) over a seeded, simulated
 * organization. Used by unit tests (in-process), the demo (`npm run api-server`), the VS Code
 * and browser suites (child process) and benchmarks. Dev-only: never bundled into the extension.
 */
import { ApiServerApp } from './app';
import type { Faults } from './faults';
import { LeverError, schemaState, type ScheduleMix } from './simulation';
import { makeAnomaly, plantAnomalies, type AnomalyKind, type AnomalyOptions, type AnomalyResult } from './anomalies';

export type { FaultRule, Faults } from './faults';
export { validateFaults } from './faults';
export { EXECUTION_STATUSES, SCHEMA_STATUSES, type ScheduleMix } from './simulation';
export { DEFAULT_VERSION, KNOWN_VERSIONS } from './views';
export { ANOMALY_KINDS, type AnomalyKind, type AnomalyOptions, type AnomalyResult } from './anomalies';

/** Obviously fake demo credentials; they only open this local server. */
export const DEMO_API_KEY = 'pt_demo_0123456789abcdef';
export const DEMO_ORGANIZATION_ID = '5b2a7c1e-de30-4a6f-9b1d-0d3e3000cafe';
export const DEMO_DEPLOYMENT_KEY = 'dk_demo_fedcba9876543210';
/** Seed of the default demo organization. */
export const DEFAULT_SEED = 42;

export interface ApiServerOptions {
  /** default 0 (a free port) */
  port?: number;
  /** organization shape: number of syncs (default 8) */
  syncs?: number;
  /** max schemas per sync (default 30); each sync gets 3..max (fewer only if max < 3) */
  schemas?: number;
  /** default DEFAULT_SEED */
  seed?: number;
  /**
   * which schedules the syncs get. 'demo' (default): every status at once for a demo, with a
   * continuous sync, a sync every 15 min and a random mix (5-30 min, hourly, daily, weekly,
   * continuous, manual) for the rest. 'typical': what customers usually run: hourly and daily
   * syncs, exactly one every 15 min, no continuous sync (the first syncs still start running,
   * failed, with errors, deactivated).
   */
  scheduleMix?: ScheduleMix;
  /** time scale for the real clock, default 1 */
  speed?: number;
  /** manual: simulated time moves only via advance(ms); default 'real' */
  clock?: 'real' | 'manual';
  /** epoch ms the simulated clock starts at; default Date.now() */
  startTime?: number;
  apiKey?: string;
  deploymentKey?: string;
  organizationId?: string;
  faults?: Faults;
  /** one line per request to stdout (method, path, status, time; never a key or a query string) */
  logRequests?: boolean;
  /** answer CORS preflights and allow any origin (for code running in a browser page); default false */
  cors?: boolean;
  /**
   * page GET /api/bulk/syncs (50 a page, `pagination.next_page_token`) on 2024-02-08 and older too.
   * Default false: the official SDK documents that version's list as one unpaged array; the docs
   * describe pages of 50 without naming a version, so clients must cope with both.
   */
  legacySyncListPages?: boolean;
  /** gzip JSON bodies of 1 KiB or more when the request accepts gzip, as real servers do; default true */
  compress?: boolean;
  /** insights levers applied at start, each on its own idle active sync (server/anomalies.ts) */
  anomalies?: AnomalyKind[];
}

export interface RunningApiServer {
  /** 'http://127.0.0.1:<port>' */
  url: string;
  port: number;
  stop(): Promise<void>;
  /** replaces the whole fault config */
  setFaults(f: Faults): void;
  clearFaults(): void;
  /** the current fault config (counts show how many forced faults remain) */
  getFaults(): Faults;
  /** moves simulated time forward (manual clock; on the real clock it adds an offset); executions progress */
  advance(ms: number): void;
  /** simulated epoch ms */
  now(): number;
  /** /api requests received (for benchmarks/tests) */
  requestCount(): number;
  /** bytes on the wire so far, both directions, headers included (for benchmarks) */
  wireBytes(): number;
  /** every schema run that ended in [from, to): its sync, execution and final status (for benchmarks) */
  schemaEndings(from: number, to: number): Array<{ syncId: string; schema: string; executionId: string; endAt: number; status: string }>;
  /** make the sync's current (or a new) execution end 'failed' now, those schemas failed (default: all unfinished) */
  failSync(syncId: string, opts?: { schemas?: string[]; message?: string }): void;
  /** the schema's latest execution row reports `status` (any string) from now on; the sync's own status is left alone */
  setSchemaStatus(syncId: string, schema: string, status: string, message?: string): void;
  renameSync(syncId: string, name: string): void;
  /** insights lever: a volume drop, a slow run or a stalled schedule (server/anomalies.ts) */
  makeAnomaly(syncId: string, kind: AnomalyKind, options?: AnomalyOptions): AnomalyResult;
  /** in a stable order */
  syncIds(): string[];
  /** schema names of a sync, in a stable order */
  schemaNames(syncId: string): string[];
  /** the same as GET /__control/state */
  state(): Record<string, unknown>;
}

export async function startApiServer(options: ApiServerOptions = {}): Promise<RunningApiServer> {
  const syncs = options.syncs ?? 8;
  const schemas = options.schemas ?? 30;
  const speed = options.speed ?? 1;
  if (!Number.isInteger(syncs) || syncs < 0 || syncs > 100_000) throw new RangeError('syncs must be a whole number from 0 to 100000');
  if (!Number.isInteger(schemas) || schemas < 1 || schemas > 1_000) throw new RangeError('schemas must be a whole number from 1 to 1000');
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError('speed must be a positive number');
  const scheduleMix = options.scheduleMix ?? 'demo';
  if (scheduleMix !== 'demo' && scheduleMix !== 'typical') throw new RangeError("scheduleMix must be 'demo' or 'typical'");
  const app = new ApiServerApp({
    port: options.port ?? 0,
    syncs,
    schemas,
    seed: options.seed ?? DEFAULT_SEED,
    scheduleMix,
    speed,
    clock: options.clock ?? 'real',
    startTime: Math.floor(options.startTime ?? Date.now()),
    apiKey: options.apiKey ?? DEMO_API_KEY,
    deploymentKey: options.deploymentKey ?? DEMO_DEPLOYMENT_KEY,
    organizationId: options.organizationId ?? DEMO_ORGANIZATION_ID,
    faults: options.faults ?? {},
    logRequests: options.logRequests ?? false,
    cors: options.cors ?? false,
    legacySyncListPages: options.legacySyncListPages ?? false,
    compress: options.compress ?? true,
  });
  if (options.anomalies?.length) plantAnomalies(app.org, options.anomalies, app.now());
  await app.listen();
  const syncOf = (id: string) => {
    const sync = app.org.sync(id);
    if (!sync) throw new LeverError(`unknown sync ${id}`);
    return sync;
  };
  return {
    url: app.baseUrl,
    port: app.port,
    stop: () => app.stop(),
    setFaults: (f) => app.faults.set(f),
    clearFaults: () => app.faults.set({}),
    getFaults: () => app.faults.get(),
    advance: (ms) => app.advance(ms),
    now: () => app.now(),
    requestCount: () => app.requestCount(),
    wireBytes: () => app.wireBytes(),
    schemaEndings: (from, to) => {
      app.advance(0);
      const endings = [];
      for (const sync of app.org.syncs) {
        for (const exec of sync.executions) {
          for (const run of exec.runs) {
            if (run.endAt < from || run.endAt >= to) continue;
            endings.push({ syncId: sync.id, schema: run.schema, executionId: exec.id, endAt: run.endAt, status: schemaState(exec, run, run.endAt).status });
          }
        }
      }
      return endings;
    },
    failSync: (syncId, opts) => {
      const sync = syncOf(syncId);
      app.advance(0);
      app.org.failSync(sync, app.now(), opts?.schemas, opts?.message);
    },
    setSchemaStatus: (syncId, schema, status, message) => {
      const sync = syncOf(syncId);
      app.advance(0);
      app.org.setSchemaStatus(sync, schema, status, message, app.now());
    },
    renameSync: (syncId, name) => app.org.rename(syncOf(syncId), name, app.now()),
    makeAnomaly: (syncId, kind, opts) => {
      const sync = syncOf(syncId);
      app.advance(0);
      return makeAnomaly(app.org, sync, kind, app.now(), opts);
    },
    syncIds: () => app.org.syncs.map((s) => s.id),
    schemaNames: (syncId) => [...syncOf(syncId).schemas],
    state: () => app.state(),
  };
}
