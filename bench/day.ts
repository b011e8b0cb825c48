/**
 * Requests in a simulated 8-hour working day, and how late failures are noticed: the real
 * Refresher + SnapshotSource + PolytomicClient against the local server (manual clock), all on
 * one simulated timeline. An oracle reads the server's status every 10 s (not counted) to know
 * every failure that happened, even one the extension never saw.
 */
import { PolytomicClient } from '../src/core/api/client';
import type { Logger } from '../src/core/api/contract';
import { Refresher } from '../src/core/state/refresher';
import { SnapshotSource } from '../src/core/state/snapshotSource';
import { statusInfo } from '../src/core/state/statusTable';
import { DEMO_API_KEY, startApiServer, type ScheduleMix } from '../server/index';
import { statusBody, syncSchedules } from './fetchBody';
import { SimClock, untilIdle } from '../test/support/simClock';

const HOUR = 3_600_000;
const MINUTE = 60_000;
export const DAY_START = Date.parse('2025-03-10T09:00:00Z'); // a Monday
export const DAY_LENGTH = 8 * HOUR;
export const INTERVAL_MS = 30_000;
const ORACLE_STEP_MS = 10_000;

/** [from, to) offsets from 09:00 during which the window is NOT focused */
export const UNFOCUSED: Array<[number, number]> = [
  [3 * HOUR, 4 * HOUR], // lunch 12:00-13:00
  [6 * HOUR, 6 * HOUR + 45 * MINUTE], // a meeting 15:00-15:45
];

const silent: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

export interface DayResult {
  requests: number;
  fixedPollerRequests: number;
  failures: number;
  focusedFailures: number;
  maxFocusedLatencyMs: number;
  unfocusedFailures: number;
  /** of those, how many were seen before focus returned (the wake-up for scheduled runs) */
  unfocusedSeenWhileUnfocused: number;
  /** worst time from happening to being seen, over all of them, before or after focus returned */
  maxUnfocusedLatencyMs: number;
  /** the rest: seen only after focus returned, how long after */
  maxAfterRefocusMs: number;
  missed: number;
  /** failures a fixed 30 s poller (every third oracle sample) never saw, and its worst latency */
  fixedPollerMissed: number;
  fixedPollerMaxLatencyMs: number;
  /** share of the oracle's samples in which some sync or schema was running or queued */
  busyShare: number;
  syncs: number;
  /** how the syncs are scheduled: frequency -> count */
  scheduleKinds: Record<string, number>;
  /** runs that started during the day, and their median and longest duration (first start to last end) */
  runs: number;
  medianRunMs: number;
  maxRunMs: number;
}

function isFailure(status: string | undefined): boolean {
  const category = statusInfo(status).category;
  return category === 'failure' || category === 'warning';
}

function focusedAt(t: number): boolean {
  const offset = t - DAY_START;
  return !UNFOCUSED.some(([from, to]) => offset >= from && offset < to);
}

function refocusAfter(at: number): number {
  const offset = at - DAY_START;
  return DAY_START + (UNFOCUSED.find(([from, to]) => offset >= from && offset < to)?.[1] ?? 0);
}

export async function simulateDay(options: { seed?: number; scheduleMix?: ScheduleMix } = {}): Promise<DayResult> {
  const seed = options.seed ?? 42;
  const server = await startApiServer({ clock: 'manual', startTime: DAY_START, seed, scheduleMix: options.scheduleMix ?? 'demo' });
  const clock = new SimClock(DAY_START, server);
  const client = new PolytomicClient({ baseUrl: server.url, apiVersion: '2024-02-08', credentials: { kind: 'apiKey', apiKey: DEMO_API_KEY }, now: () => clock.now() });
  const source = new SnapshotSource({ client, scope: { kind: 'all' }, now: () => clock.now() });
  let seedState = seed;
  const random = () => ((seedState = (seedState * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const refresher = new Refresher({ clock, logger: silent, intervalMs: INTERVAL_MS, source, random });

  /** failure key -> when it happened (completed_at) and when the oracle first saw it */
  const happened = new Map<string, { at: number }>();
  const noticed = new Map<string, number>();
  refresher.onDidChange((state) => {
    for (const sync of state.snapshot?.syncs ?? []) {
      for (const schema of sync.schemas) {
        if (!isFailure(schema.status)) continue;
        const key = `${sync.id}/${schema.schema}/${schema.executionId ?? ''}`;
        if (!noticed.has(key)) noticed.set(key, clock.now());
      }
    }
  });
  let oracleCalls = 0;
  let busySamples = 0;
  const fixedNoticed = new Map<string, number>();
  /** sync/execution -> first and last time the oracle saw one of its schemas in progress */
  const runSpans = new Map<string, { first: number; last: number }>();
  const oracle = async () => {
    oracleCalls++;
    const body = JSON.parse(await statusBody(server)) as { data: Array<{ sync_id: string; status?: string; schemas?: Array<{ schema: string; execution_id?: string; status?: string; completed_at?: string | null }> }> };
    const fixedPollerLooks = (clock.now() - DAY_START) % INTERVAL_MS === 0;
    let busy = false;
    for (const sync of body.data) {
      if (statusInfo(sync.status).category === 'inProgress') busy = true;
      for (const schema of sync.schemas ?? []) {
        if (statusInfo(schema.status).category === 'inProgress') {
          busy = true;
          const run = `${sync.sync_id}/${schema.execution_id ?? ''}`;
          const span = runSpans.get(run);
          if (span) span.last = clock.now();
          else runSpans.set(run, { first: clock.now(), last: clock.now() });
        }
        if (!isFailure(schema.status)) continue;
        const key = `${sync.sync_id}/${schema.schema}/${schema.execution_id ?? ''}`;
        if (fixedPollerLooks && !fixedNoticed.has(key)) fixedNoticed.set(key, clock.now());
        if (happened.has(key)) continue;
        const completed = schema.completed_at ? Date.parse(schema.completed_at) : NaN;
        happened.set(key, { at: Number.isNaN(completed) ? clock.now() : completed });
      }
    }
    if (busy) busySamples++;
  };

  try {
    const scheduleKinds: Record<string, number> = {};
    for (const kind of await syncSchedules(server)) scheduleKinds[kind] = (scheduleKinds[kind] ?? 0) + 1;
    await oracle(); // failures already there at 09:00 are not news: ignore them
    const preexisting = new Set(happened.keys());
    const runningAtStart = new Set(runSpans.keys());
    const requestsBefore = server.requestCount() - oracleCalls;
    refresher.start();
    await untilIdle(() => refresher.state.loading);
    const settle = () => untilIdle(() => refresher.state.loading);
    const end = DAY_START + DAY_LENGTH;
    const focusChanges = UNFOCUSED.flat().map((o) => DAY_START + o);
    let nextOracle = DAY_START + ORACLE_STEP_MS;
    while (clock.now() < end) {
      const nextFocus = focusChanges.find((t) => t > clock.now()) ?? Infinity;
      const target = Math.min(nextOracle, nextFocus, end);
      await clock.advanceTo(target, settle);
      if (target === nextFocus) {
        refresher.setFocused(focusedAt(target));
        await settle();
      }
      if (target === nextOracle) {
        await oracle();
        nextOracle += ORACLE_STEP_MS;
      }
    }
    const requests = server.requestCount() - oracleCalls - requestsBefore + 1; // + the startup refresh's status call
    let focusedFailures = 0;
    let maxFocusedLatencyMs = 0;
    let unfocusedFailures = 0;
    let unfocusedSeenWhileUnfocused = 0;
    let maxUnfocusedLatencyMs = 0;
    let maxAfterRefocusMs = 0;
    let missed = 0;
    let fixedPollerMissed = 0;
    let fixedPollerMaxLatencyMs = 0;
    for (const [key, { at }] of happened) {
      if (preexisting.has(key)) continue;
      const fixedSeen = fixedNoticed.get(key);
      if (fixedSeen === undefined) fixedPollerMissed++;
      else fixedPollerMaxLatencyMs = Math.max(fixedPollerMaxLatencyMs, fixedSeen - at);
      const seen = noticed.get(key);
      if (seen === undefined) {
        missed++;
        continue;
      }
      if (focusedAt(at)) {
        focusedFailures++;
        maxFocusedLatencyMs = Math.max(maxFocusedLatencyMs, seen - at);
      } else {
        unfocusedFailures++;
        const refocus = refocusAfter(at);
        maxUnfocusedLatencyMs = Math.max(maxUnfocusedLatencyMs, seen - at);
        if (seen < refocus) {
          unfocusedSeenWhileUnfocused++;
        } else {
          maxAfterRefocusMs = Math.max(maxAfterRefocusMs, seen - Math.max(refocus, at));
        }
      }
    }
    const durations = [...runSpans].filter(([run]) => !runningAtStart.has(run)).map(([, s]) => s.last - s.first).sort((a, b) => a - b);
    return {
      requests,
      fixedPollerRequests: DAY_LENGTH / INTERVAL_MS,
      failures: focusedFailures + unfocusedFailures + missed,
      focusedFailures,
      maxFocusedLatencyMs,
      unfocusedFailures,
      unfocusedSeenWhileUnfocused,
      maxUnfocusedLatencyMs,
      maxAfterRefocusMs,
      missed,
      fixedPollerMissed,
      fixedPollerMaxLatencyMs,
      busyShare: busySamples / oracleCalls,
      syncs: server.syncIds().length,
      scheduleKinds,
      runs: durations.length,
      medianRunMs: durations.length ? durations[Math.floor(durations.length / 2)] : 0,
      maxRunMs: durations.length ? durations[durations.length - 1] : 0,
    };
  } finally {
    refresher.dispose();
    await server.stop();
  }
}
