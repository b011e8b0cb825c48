/** Synthetic run histories for the insights tests. */
import { RunHistory } from '../../../src/core/insights/history';
import { utcWeekday } from '../../../src/core/insights/stats';
import type { HistoryLimits, RunRecord } from '../../../src/core/insights/types';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** Monday 2025-03-03 02:00 UTC: "last night's sync" */
export const MONDAY_2AM = Date.parse('2025-03-03T02:00:00Z');

export interface SeriesOptions {
  runs: number;
  start?: number;
  everyMs?: number;
  /** records of run i (0 = oldest), which starts on UTC weekday `day` (0 = Sunday) */
  records: (i: number, day: number) => number;
  durationMs?: (i: number, day: number) => number;
  status?: (i: number) => string;
  idPrefix?: string;
}

/** Runs at a fixed cadence (daily by default), oldest first. */
export function series(o: SeriesOptions): RunRecord[] {
  const runs: RunRecord[] = [];
  for (let i = 0; i < o.runs; i++) {
    const startedAt = (o.start ?? MONDAY_2AM) + i * (o.everyMs ?? DAY);
    const day = utcWeekday(startedAt);
    const duration = o.durationMs ? o.durationMs(i, day) : 10 * MINUTE;
    runs.push({ executionId: `${o.idPrefix ?? 'exec'}-${i}`, status: o.status ? o.status(i) : 'completed', startedAt, completedAt: startedAt + duration, records: o.records(i, day) });
  }
  return runs;
}

export function historyOf(runs: readonly RunRecord[], syncId = 'sync-1', schema = 'orders', limits: Partial<HistoryLimits> = {}): RunHistory {
  const history = new RunHistory(limits);
  for (const run of runs) history.add(syncId, schema, run);
  return history;
}

/** A weekday's share of the weekday volume: quiet weekends, like most business data. */
export const isWeekend = (day: number): boolean => day === 0 || day === 6;
