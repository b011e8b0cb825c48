/**
 * Bytes per simulated 8-hour working day at real scale, counted on the wire (the local server's
 * sockets, both directions, headers included), with the real Refresher + SnapshotSource +
 * PolytomicClient on one simulated timeline with the server (SimClock), the window unfocused
 * at lunch and in a meeting as in day.ts. The organization has realistic schedules at every
 * size (scheduleMix 'typical': hourly and daily syncs, one every 15 min).
 *
 * The full-list 30 s poller is the same whole-scope request every 30 s all day: its bytes are
 * 960 x the mean wire size of the whole-scope requests the extension itself made through the day.
 * Failure notice: every schema run that ended failed / with errors / interrupted during the day
 * (the server's own record), against when the extension's state first showed it. Runs nobody
 * scheduled are injected (a quiet sync fails "elsewhere") and timed apart.
 */
import { PolytomicClient } from '../src/core/api/client';
import type { Logger, Snapshot, SnapshotDiff, ViewState } from '../src/core/api/contract';
import { Refresher } from '../src/core/state/refresher';
import { SnapshotSource, type StatusApi } from '../src/core/state/snapshotSource';
import { statusInfo } from '../src/core/state/statusTable';
import { DEMO_API_KEY, startApiServer } from '../server/index';
import { DAY_LENGTH, DAY_START, INTERVAL_MS, UNFOCUSED } from './day';
import { settled, SimClock } from '../test/support/simClock';

const HOUR = 3_600_000;
const silent: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };
/** offsets from 09:00 at which a quiet sync fails without a schedule (started elsewhere) */
const UNSCHEDULED = [1.3 * HOUR, 4.6 * HOUR, 7.1 * HOUR];

export interface ScaleDayResult {
  syncs: number;
  compressed: boolean;
  bytes: number;
  requests: number;
  fixedPollerBytes: number;
  wholeScopeRequests: number;
  /** scheduled runs' failures during the day, worst notice latency, and how many were never seen */
  failures: number;
  maxLatencyMs: number;
  missed: number;
  /** runs nobody scheduled: worst notice latency */
  unscheduled: number;
  maxUnscheduledLatencyMs: number;
}

function isFailure(status: string | undefined): boolean {
  const category = statusInfo(status).category;
  return category === 'failure' || category === 'warning';
}

export async function simulateScaleDay(syncs: number, compress: boolean): Promise<ScaleDayResult> {
  const server = await startApiServer({ clock: 'manual', startTime: DAY_START, syncs, schemas: 25, scheduleMix: 'typical', compress });
  const clock = new SimClock(DAY_START, server);
  const client = new PolytomicClient({ baseUrl: server.url, apiVersion: '2024-02-08', credentials: { kind: 'apiKey', apiKey: DEMO_API_KEY }, now: () => clock.now() });
  const wholeSizes: number[] = [];
  const api: StatusApi = {
    getStatuses: async (scope) => {
      if (scope.kind !== 'all') return client.getStatuses(scope);
      const before = server.wireBytes();
      const statuses = await client.getStatuses(scope);
      wholeSizes.push(server.wireBytes() - before);
      return statuses;
    },
    listSyncs: () => client.listSyncs(),
  };
  let seedState = 42;
  const random = () => (seedState = (seedState * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const refresher = new Refresher({ clock, logger: silent, intervalMs: INTERVAL_MS, source: new SnapshotSource({ client: api, scope: { kind: 'all' }, now: () => clock.now() }), random });
  const noticed = new Map<string, number>();
  let previous: Snapshot | undefined;
  const look = (state: ViewState, diff: SnapshotDiff | undefined) => {
    const snapshot = state.snapshot;
    if (!snapshot || !diff) return;
    // buildSnapshot hands back the same row object for a sync whose data did not change
    const unchanged = new Set(previous?.syncs);
    previous = snapshot;
    for (const sync of snapshot.syncs) {
      if (unchanged.has(sync)) continue;
      for (const schema of sync.schemas) {
        if (!isFailure(schema.status)) continue;
        const key = `${sync.id}/${schema.schema}/${schema.executionId ?? ''}`;
        if (!noticed.has(key)) noticed.set(key, clock.now());
      }
    }
  };
  refresher.onDidChange(look);
  const focusedAt = (t: number) => !UNFOCUSED.some(([from, to]) => t - DAY_START >= from && t - DAY_START < to);
  const settle = () => settled(refresher);
  const unscheduled: Array<{ syncId: string; at: number }> = [];
  try {
    const bytesBefore = server.wireBytes();
    const requestsBefore = server.requestCount();
    refresher.start();
    await settle();
    const end = DAY_START + DAY_LENGTH;
    const stops = [...UNFOCUSED.flat(), ...UNSCHEDULED].map((o) => DAY_START + o).sort((a, b) => a - b);
    while (clock.now() < end) {
      const target = Math.min(stops.find((t) => t > clock.now()) ?? end, end);
      await clock.advanceTo(target, settle);
      if (UNFOCUSED.flat().some((o) => DAY_START + o === target)) {
        refresher.setFocused(focusedAt(target));
        await settle();
      }
      if (UNSCHEDULED.some((o) => DAY_START + o === target)) unscheduled.push({ syncId: injectUnscheduled(refresher.state, clock.now(), server), at: clock.now() });
    }
    const bytes = server.wireBytes() - bytesBefore;
    const requests = server.requestCount() - requestsBefore;
    let failures = 0;
    let maxLatencyMs = 0;
    let missed = 0;
    let maxUnscheduledLatencyMs = 0;
    for (const ending of server.schemaEndings(DAY_START, end)) {
      if (!isFailure(ending.status)) continue;
      const seen = noticed.get(`${ending.syncId}/${ending.schema}/${ending.executionId}`);
      const elsewhere = unscheduled.some((u) => u.syncId === ending.syncId && u.at === ending.endAt);
      if (seen === undefined) {
        missed++;
        continue;
      }
      if (elsewhere) maxUnscheduledLatencyMs = Math.max(maxUnscheduledLatencyMs, seen - ending.endAt);
      else {
        failures++;
        maxLatencyMs = Math.max(maxLatencyMs, seen - ending.endAt);
      }
    }
    const meanWhole = wholeSizes.reduce((a, b) => a + b, 0) / wholeSizes.length;
    return {
      syncs,
      compressed: compress,
      bytes,
      requests,
      fixedPollerBytes: meanWhole * (DAY_LENGTH / INTERVAL_MS),
      wholeScopeRequests: wholeSizes.length,
      failures,
      maxLatencyMs,
      missed,
      unscheduled: unscheduled.length,
      maxUnscheduledLatencyMs,
    };
  } finally {
    refresher.dispose();
    await server.stop();
  }
}

/** A quiet sync (finished, active, next run over an hour away) fails now, as if run from elsewhere. */
function injectUnscheduled(state: ViewState, now: number, server: { failSync(id: string, o?: { message?: string }): void }): string {
  const quiet = state.snapshot!.syncs.find(
    (s) =>
      s.active !== false &&
      s.info.category === 'success' &&
      !s.schemas.some((c) => statusInfo(c.status).category === 'inProgress') &&
      s.nextExecutionTime !== undefined &&
      Date.parse(s.nextExecutionTime) > now + HOUR,
  );
  if (!quiet) throw new Error('no quiet sync to fail');
  server.failSync(quiet.id, { message: 'Started from elsewhere and failed' });
  return quiet.id;
}
