/**
 * The judgement of a schema's latest run against its own earlier successful runs: far fewer
 * records than usual (0 included), or far longer than usual. Every condition is spelled out in
 * docs/insights.md; keep the two in step.
 */
import { formatCount, formatDuration, plural } from '../format';
import type { RunHistory, SchemaRuns } from './history';
import { isSuccessful } from './sources';
import { MAD_TO_SD, mad, medianInPlace, roughly, utcWeekday } from './stats';
import { DEFAULT_JUDGE_OPTIONS, type Anomaly, type Baseline, type DurationAnomaly, type JudgeOptions, type VolumeAnomaly } from './types';

/** How a value compares with the earlier runs it is judged against. */
interface Comparison {
  /** median of the comparable runs */
  typical: number;
  baseline: Baseline;
  runs: number;
  /** below every comparable run ('low') / above every one ('high') */
  beyondAll: boolean;
  /** distance from typical in robust standard deviations (1.4826 x MAD) */
  deviations: number;
  /**
   * With some earlier runs on the same weekday but fewer than minSameWeekday: their median. The
   * run must be far from it too, so a rhythm seen only once or twice raises no alarm either.
   */
  sameWeekdayTypical?: number;
}

/** The spread never counts as less than this share of typical (a run-to-run constant series has MAD 0). */
const MIN_RELATIVE_SPREAD = 0.05;

/**
 * Compares `x` (a run on weekday `xDay`) with earlier values. With at least `minSameWeekday`
 * earlier runs on the same UTC weekday, typical is their median and the spread is pooled over
 * weekdays (each run's distance from its own weekday's median), so a weekly rhythm is neither
 * taken for an anomaly nor allowed to hide one. Otherwise all earlier runs are compared.
 */
function compare(values: readonly number[], days: readonly number[], x: number, xDay: number, high: boolean, minSameWeekday: number): Comparison {
  const same: number[] = [];
  for (let i = 0; i < values.length; i++) if (days[i] === xDay) same.push(values[i]);
  let comparable: number[];
  let baseline: Baseline;
  let typical: number;
  let spread: number;
  if (same.length >= minSameWeekday) {
    comparable = same;
    baseline = 'sameWeekday';
    typical = medianInPlace(same.slice());
    spread = pooledWeekdayMad(values, days);
  } else {
    comparable = values.slice();
    baseline = 'recentRuns';
    typical = medianInPlace(comparable);
    spread = mad(comparable, typical);
  }
  const sameWeekdayTypical = baseline === 'recentRuns' && same.length > 0 ? medianInPlace(same) : undefined;
  spread = Math.max(MAD_TO_SD * spread, MIN_RELATIVE_SPREAD * Math.abs(typical), Number.MIN_VALUE);
  let beyondAll = true;
  for (const v of comparable) if (high ? x <= v : x >= v) beyondAll = false;
  const deviations = (high ? x - typical : typical - x) / spread;
  return { typical, baseline, runs: comparable.length, beyondAll, deviations, sameWeekdayTypical };
}

/** MAD of each value's distance from its own weekday's median (weekdays with one run left out). */
function pooledWeekdayMad(values: readonly number[], days: readonly number[]): number {
  const groups: number[][] = [[], [], [], [], [], [], []];
  for (let i = 0; i < values.length; i++) groups[days[i]].push(values[i]);
  const residuals: number[] = [];
  for (const group of groups) {
    if (group.length < 2) continue;
    const center = medianInPlace(group);
    for (const v of group) residuals.push(Math.abs(v - center));
  }
  if (residuals.length < 3) {
    const all = values.slice();
    return mad(all, medianInPlace(all));
  }
  return medianInPlace(residuals);
}

/** The earlier successful runs, as the two series the judgement uses. */
interface Earlier {
  records: number[];
  recordDays: number[];
  durations: number[];
  durationDays: number[];
}

function earlierSuccessful(runs: SchemaRuns, last: number): Earlier {
  const e: Earlier = { records: [], recordDays: [], durations: [], durationDays: [] };
  for (let i = 0; i < last; i++) {
    const status = runs.statuses[i];
    if (status !== 'completed' && status !== 'errors' && !isSuccessful(status)) continue;
    const day = utcWeekday(runs.started[i]);
    e.durations.push(runs.durations[i]);
    e.durationDays.push(day);
    if (runs.records[i] >= 0) {
      e.records.push(runs.records[i]);
      e.recordDays.push(day);
    }
  }
  return e;
}

/**
 * Judges the latest run of one schema. Nothing when it did not succeed (failures are alerted
 * as failures), or when fewer than `minRuns` earlier successful runs are kept.
 */
export function judgeSchema(syncId: string, schema: string, runs: SchemaRuns, options: Partial<JudgeOptions> = {}): Array<VolumeAnomaly | DurationAnomaly> {
  const o = { ...DEFAULT_JUDGE_OPTIONS, ...options };
  const last = runs.ids.length - 1;
  if (last < o.minRuns || !isSuccessful(runs.statuses[last])) return [];
  const earlier = earlierSuccessful(runs, last);
  if (earlier.durations.length < o.minRuns) return [];
  const found: Array<VolumeAnomaly | DurationAnomaly> = [];
  const day = utcWeekday(runs.started[last]);
  const executionId = runs.ids[last];
  const completedAt = runs.started[last] + runs.durations[last];
  const records = runs.records[last];
  if (records >= 0 && earlier.records.length >= o.minRuns) {
    const c = compare(earlier.records, earlier.recordDays, records, day, false, o.minSameWeekday);
    const farBelow = (typical: number | undefined) => typical === undefined || records <= o.dropRatio * typical;
    // Nothing at all, where no comparable run moved nothing, needs no test of spread.
    const unusual = records === 0 || c.deviations >= o.minDeviations;
    if (c.typical >= o.minTypicalRecords && farBelow(c.typical) && farBelow(c.sameWeekdayTypical) && c.beyondAll && unusual) {
      const description = `${plural(records, 'record')} · usually ~${formatCount(roughly(c.typical))}`;
      found.push({ kind: 'volume', syncId, schema, executionId, completedAt, records, typicalRecords: c.typical, baseline: c.baseline, runsCompared: c.runs, description });
    }
  }
  const duration = runs.durations[last];
  const c = compare(earlier.durations, earlier.durationDays, duration, day, true, o.minSameWeekday);
  const farAbove = (typical: number | undefined) => typical === undefined || duration >= o.slowRatio * typical;
  if (farAbove(c.typical) && farAbove(c.sameWeekdayTypical) && duration - c.typical >= o.minSlowMs && c.beyondAll && c.deviations >= o.minDeviations) {
    const description = `took ${formatDuration(duration)} · usually ~${formatDuration(roundDuration(c.typical))}`;
    found.push({ kind: 'duration', syncId, schema, executionId, completedAt, durationMs: duration, typicalMs: c.typical, baseline: c.baseline, runsCompared: c.runs, description });
  }
  return found;
}

/** Every schema of every sync kept (one poll's worth when all of them changed). */
export function judgeAll(history: RunHistory, options: Partial<JudgeOptions> = {}): Anomaly[] {
  const found: Anomaly[] = [];
  for (const syncId of history.syncIds()) {
    for (const schema of history.schemas(syncId)) {
      const runs = history.schemaRuns(syncId, schema);
      if (runs) for (const a of judgeSchema(syncId, schema, runs, options)) found.push(a);
    }
  }
  return found;
}

/** Typical durations are rounded to what a person would say: seconds, minutes, 5 minutes. */
function roundDuration(ms: number): number {
  const step = ms < 60_000 ? 1000 : ms < 3_600_000 ? 60_000 : 300_000;
  return Math.max(step, Math.round(ms / step) * step);
}
