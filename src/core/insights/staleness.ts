/**
 * Staleness: an active sync whose last successful run is much older than its schedule implies.
 * The interval comes from the sync's schedule when it says one (hourly, daily, weekly, "every N
 * minutes"), else from the history (the median gap between its runs' starts).
 */
import { formatDuration } from '../view/format';
import type { RunHistory, SchemaRuns } from './history';
import { isSuccessful } from './sources';
import { medianInPlace, medianBySelection } from './stats';
import { DEFAULT_JUDGE_OPTIONS, type JudgeOptions, type StaleAnomaly } from './types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** What a schedule says about how often a sync runs: every `ms`, never by itself, or unknown. */
export type ScheduleInterval = { ms: number } | 'unscheduled' | undefined;

/**
 * Reads a bulk sync's schedule as `GET /api/bulk/syncs` returns it (server data, untrusted):
 * `schedule` (2024-02-08) or `default_schedule` plus `additional_schedules[]` (2025-09-18), each
 * `{ frequency, minute, hour, ... }`. With several schedules the most frequent one counts.
 */
export function scheduleInterval(sync: unknown): ScheduleInterval {
  if (!isRecord(sync)) return undefined;
  const schedules = [sync.schedule ?? sync.default_schedule, ...(Array.isArray(sync.additional_schedules) ? sync.additional_schedules : [])];
  let best: ScheduleInterval;
  for (const schedule of schedules) {
    if (schedule === undefined || schedule === null) continue;
    const one = oneSchedule(schedule);
    if (one === undefined) return undefined; // one unknown schedule: how often it runs is unknown
    if (one === 'unscheduled') continue;
    if (best === undefined || best === 'unscheduled' || one.ms < best.ms) best = one;
  }
  return best ?? (schedules.some((s) => s !== undefined && s !== null) ? 'unscheduled' : undefined);
}

function oneSchedule(schedule: unknown): ScheduleInterval {
  if (!isRecord(schedule)) return undefined;
  switch (schedule.frequency) {
    case 'manual':
      return 'unscheduled';
    case 'hourly':
      return { ms: HOUR };
    case 'daily':
      return { ms: DAY };
    case 'weekly':
      return { ms: 7 * DAY };
    case 'custom': {
      // cron-like fields; only the plain "every N minutes / hours" forms are read
      const minute = everyN(schedule.minute);
      const hourAny = schedule.hour === undefined || schedule.hour === '*';
      if (minute && hourAny) return { ms: minute * MINUTE };
      const hour = everyN(schedule.hour);
      if (hour && typeof schedule.minute === 'string' && /^\d{1,2}$/.test(schedule.minute)) return { ms: hour * HOUR };
      return undefined;
    }
    default:
      return undefined; // continuous, runafter, dbtcloud, builder, multi, anything new: from history
  }
}

function everyN(field: unknown): number | undefined {
  if (typeof field !== 'string') return undefined;
  const m = /^\*\/(\d{1,4})$/.exec(field);
  const n = m ? Number(m[1]) : NaN;
  return n >= 1 ? n : undefined;
}

export interface StalenessInput {
  syncId: string;
  /** only syncs known to be active are judged */
  active?: boolean;
  /** from scheduleInterval(); undefined = infer from history */
  schedule?: ScheduleInterval;
}

/** When a sync turns stale: what does not depend on the clock, so it can be kept until its history changes. */
export interface StaleDeadline {
  syncId: string;
  lastSuccessAt: number;
  expectedIntervalMs: number;
  intervalFrom: 'schedule' | 'history';
  /** epoch ms after which the sync is stale */
  staleAfter: number;
}

/** The sync's deadline; undefined when it cannot be judged (inactive, unscheduled, never succeeded, no interval). */
export function staleDeadline(history: RunHistory, input: StalenessInput, options: Partial<JudgeOptions> = {}): StaleDeadline | undefined {
  const o = { ...DEFAULT_JUDGE_OPTIONS, ...options };
  if (input.active !== true || input.schedule === 'unscheduled') return undefined;
  let lastSuccessAt = -Infinity;
  const all: SchemaRuns[] = [];
  let kept = 0;
  for (const schema of history.schemas(input.syncId)) {
    const runs = history.schemaRuns(input.syncId, schema);
    if (runs) all.push(runs);
    if (runs) kept += runs.ids.length;
  }
  // Up to 200 schemas x 30 runs: statuses repeat (one answer per distinct text), and the median
  // duration is selected, not sorted for (bench/profileInsights.ts: the sort was most of the cost).
  const durations = new Float64Array(kept);
  let n = 0;
  let status: string | undefined;
  let successful = false;
  for (const runs of all) {
    for (let i = 0; i < runs.ids.length; i++) {
      if (runs.statuses[i] !== status) successful = isSuccessful((status = runs.statuses[i]));
      if (!successful) continue;
      lastSuccessAt = Math.max(lastSuccessAt, runs.started[i] + runs.durations[i]);
      durations[n++] = runs.durations[i];
    }
  }
  if (!Number.isFinite(lastSuccessAt)) return undefined; // never succeeded in what is kept: failures say it
  let intervalMs: number | undefined = input.schedule?.ms;
  const intervalFrom = intervalMs !== undefined ? 'schedule' : 'history';
  if (intervalMs === undefined) intervalMs = typicalGap(history, input.syncId, o.minRuns);
  if (intervalMs === undefined || intervalMs <= 0) return undefined;
  const slack = Math.max(o.staleSlackMs, n > 0 ? medianBySelection(durations.subarray(0, n)) : 0);
  return { syncId: input.syncId, lastSuccessAt, expectedIntervalMs: intervalMs, intervalFrom, staleAfter: lastSuccessAt + o.staleIntervals * intervalMs + slack };
}

/** The anomaly at `now` for a deadline, or undefined while the sync is fresh. */
export function staleAt(deadline: StaleDeadline, now: number): StaleAnomaly | undefined {
  if (now <= deadline.staleAfter) return undefined;
  const age = now - deadline.lastSuccessAt;
  const description = `no successful run for ${formatDuration(Math.floor(age / MINUTE) * MINUTE)} · expected every ${formatDuration(deadline.expectedIntervalMs)}`;
  const { syncId, lastSuccessAt, expectedIntervalMs, intervalFrom } = deadline;
  return { kind: 'stale', syncId, lastSuccessAt, expectedIntervalMs, intervalFrom, description };
}

/** Judges one sync; undefined when it is fresh or cannot be judged. */
export function judgeStaleness(history: RunHistory, input: StalenessInput, now: number, options: Partial<JudgeOptions> = {}): StaleAnomaly | undefined {
  const deadline = staleDeadline(history, input, options);
  return deadline && staleAt(deadline, now);
}

/**
 * The median gap between successive runs' starts, from the schema with the most runs kept. Undefined with fewer than `minRuns` gaps.
 */
function typicalGap(history: RunHistory, syncId: string, minRuns: number): number | undefined {
  let starts: readonly number[] = [];
  for (const schema of history.schemas(syncId)) {
    const runs = history.schemaRuns(syncId, schema);
    if (runs && runs.started.length > starts.length) starts = runs.started;
  }
  if (starts.length < minRuns + 1) return undefined;
  const gaps: number[] = [];
  for (let i = 1; i < starts.length; i++) gaps.push(starts[i] - starts[i - 1]);
  return medianInPlace(gaps);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
