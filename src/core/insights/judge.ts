/**
 * The judgement of a schema's latest run against its own earlier successful runs: far fewer
 * records than usual (0 included), or far longer than usual. Every condition is spelled out in
 * docs/insights.md; keep the two in step.
 */
import { formatCount, formatDuration, plural } from '../view/format';
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
  /** distance from typical in robust standard deviations */
  deviations: number;
  /**
   * Every median the run must be far from: of the comparable runs, of all recent runs, and of the
   * same weekday's runs however few. So a run is flagged only when it is far out both against its
   * weekday and against all recent runs, and a rhythm seen once or twice raises no alarm either.
   */
  typicals: number[];
}

/** The spread never counts as less than this share of typical (a run-to-run constant series has MAD 0). */
const MIN_RELATIVE_SPREAD = 0.05;

/**
 * Compares `x` (a run on weekday `xDay`) with earlier values. With at least `minSameWeekday`
 * earlier runs on the same UTC weekday, typical is their median and the spread is measured week
 * over week, so a weekly rhythm is neither taken for an anomaly nor allowed to hide one.
 * Otherwise all earlier runs are compared (spread: 1.4826 x MAD).
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
    spread = weekOverWeekSd(values, days) ?? MAD_TO_SD * mad(values, medianInPlace(values.slice()));
  } else {
    comparable = values.slice();
    baseline = 'recentRuns';
    typical = medianInPlace(comparable);
    spread = MAD_TO_SD * mad(comparable, typical);
  }
  const typicals = [typical];
  if (baseline === 'sameWeekday') typicals.push(medianInPlace(values.slice()));
  else if (same.length > 0) typicals.push(medianInPlace(same));
  spread = Math.max(spread, MIN_RELATIVE_SPREAD * Math.abs(typical), Number.MIN_VALUE);
  let beyondAll = true;
  for (const v of comparable) if (high ? x <= v : x >= v) beyondAll = false;
  const deviations = (high ? x - typical : typical - x) / spread;
  return { typical, baseline, runs: comparable.length, beyondAll, deviations, typicals };
}

/**
 * The run-to-run noise with the weekly rhythm taken out: each run against the previous run on the
 * same weekday (week over week), as a standard deviation. Such a difference of two runs has twice
 * the variance of one run, and the median of |N(0, 2s^2)| is 0.954 s. Undefined with under 3 pairs.
 */
function weekOverWeekSd(values: readonly number[], days: readonly number[]): number | undefined {
  const previous: Array<number | undefined> = [undefined, undefined, undefined, undefined, undefined, undefined, undefined];
  const diffs: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const before = previous[days[i]];
    if (before !== undefined) diffs.push(Math.abs(values[i] - before));
    previous[days[i]] = values[i];
  }
  return diffs.length < 3 ? undefined : medianInPlace(diffs) / 0.954;
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
  const records = runs.records[last];
  const duration = runs.durations[last];
  // A cheap look first (most runs are ordinary): typical lies between the earlier runs' min and max.
  let count = 0;
  let maxRecords = -1;
  let minDuration = Infinity;
  for (let i = 0; i < last; i++) {
    if (!isSuccessful(runs.statuses[i])) continue;
    count++;
    if (runs.records[i] > maxRecords) maxRecords = runs.records[i];
    if (runs.durations[i] < minDuration) minDuration = runs.durations[i];
  }
  if (count < o.minRuns) return [];
  const volumePossible = records >= 0 && records <= o.dropRatio * maxRecords;
  const durationPossible = duration >= o.slowRatio * minDuration && duration - minDuration >= o.minSlowMs;
  if (!volumePossible && !durationPossible) return [];
  const earlier = earlierSuccessful(runs, last);
  const found: Array<VolumeAnomaly | DurationAnomaly> = [];
  const day = utcWeekday(runs.started[last]);
  const executionId = runs.ids[last];
  const completedAt = runs.started[last] + duration;
  if (volumePossible && earlier.records.length >= o.minRuns) {
    const c = compare(earlier.records, earlier.recordDays, records, day, false, o.minSameWeekday);
    const farBelow = c.typicals.every((typical) => records <= o.dropRatio * typical);
    // Nothing at all, where no comparable run moved nothing, needs no test of spread.
    const unusual = records === 0 || c.deviations >= o.minDeviations;
    if (c.typical >= o.minTypicalRecords && farBelow && c.beyondAll && unusual) {
      const description = `${plural(records, 'record')} · usually ~${formatCount(roughly(c.typical))}`;
      found.push({ kind: 'volume', syncId, schema, executionId, completedAt, records, typicalRecords: c.typical, baseline: c.baseline, runsCompared: c.runs, description });
    }
  }
  if (!durationPossible) return found;
  const c = compare(earlier.durations, earlier.durationDays, duration, day, true, o.minSameWeekday);
  const farAbove = c.typicals.every((typical) => duration >= o.slowRatio * typical);
  if (farAbove && duration - c.typical >= o.minSlowMs && c.beyondAll && c.deviations >= o.minDeviations) {
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
