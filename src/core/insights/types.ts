/**
 * Insights (issue 16): per sync and schema run history, and the judgement "did this run move the
 * data it usually moves, in the time it usually takes, as often as its schedule says?".
 * Core only: no `vscode`. How the judgement works, in words: docs/insights.md.
 */

/** One finished run of one schema (a schema's part of one execution). */
export interface RunRecord {
  executionId: string;
  /** raw terminal status, e.g. 'completed', 'errors', 'failed' (server text: escape when shown) */
  status: string;
  /** epoch ms */
  startedAt: number;
  /** epoch ms, >= startedAt */
  completedAt: number;
  /** records the run moved; undefined when the server did not say */
  records?: number;
}

/** How much history is kept. Oldest runs go first; the least recently updated sync goes first. */
export interface HistoryLimits {
  /** finished runs kept per schema (newest kept) */
  runsPerSchema: number;
  /** schemas kept per sync (those with the most recent runs kept) */
  schemasPerSync: number;
  /** syncs kept (those updated most recently kept) */
  syncs: number;
}

export const DEFAULT_HISTORY_LIMITS: Readonly<HistoryLimits> = Object.freeze({ runsPerSchema: 30, schemasPerSync: 200, syncs: 2000 });

/** What `RunHistory.add` did with a run. */
export type AddOutcome =
  | 'added'
  /** a run of that execution is already kept for that schema */
  | 'duplicate'
  /** the schema already keeps `runsPerSchema` newer runs */
  | 'tooOld'
  /** not a finished run (see checkRun) */
  | 'invalid';

/** Thresholds of the judgement; every one can be overridden (see docs/insights.md). */
export interface JudgeOptions {
  /** fewer earlier successful runs than this: no judgement at all */
  minRuns: number;
  /** earlier successful runs on the same UTC weekday needed to compare with those only */
  minSameWeekday: number;
  /** volume: flagged only when records <= this share of typical (0.4 = a drop of 60 % or more) */
  dropRatio: number;
  /** volume: a schema that typically moves fewer records than this is not judged on volume */
  minTypicalRecords: number;
  /** duration: flagged only when the run took at least this many times typical */
  slowRatio: number;
  /** duration: and at least this much longer than typical (ms) */
  minSlowMs: number;
  /** both: and at least this many robust deviations (1.4826 x MAD) away from typical */
  minDeviations: number;
  /** staleness: flagged when the last success is older than this many schedule intervals ... */
  staleIntervals: number;
  /** ... plus this slack (ms), or the typical run duration when that is longer */
  staleSlackMs: number;
}

export const DEFAULT_JUDGE_OPTIONS: Readonly<JudgeOptions> = Object.freeze({
  minRuns: 5,
  minSameWeekday: 3,
  dropRatio: 0.4,
  minTypicalRecords: 10,
  slowRatio: 3,
  minSlowMs: 5 * 60_000,
  minDeviations: 3.5,
  staleIntervals: 2,
  staleSlackMs: 15 * 60_000,
});

/** Which earlier runs "typical" was taken from. */
export type Baseline = 'sameWeekday' | 'recentRuns';

/** The schema's latest run moved far fewer records than it usually does (0 included). */
export interface VolumeAnomaly {
  kind: 'volume';
  syncId: string;
  schema: string;
  executionId: string;
  completedAt: number;
  records: number;
  /** median of the comparable runs */
  typicalRecords: number;
  baseline: Baseline;
  /** earlier runs the judgement looked at */
  runsCompared: number;
  /** e.g. `0 records · usually ~12,400` (no server text) */
  description: string;
}

/** The schema's latest run took far longer than it usually does. */
export interface DurationAnomaly {
  kind: 'duration';
  syncId: string;
  schema: string;
  executionId: string;
  completedAt: number;
  durationMs: number;
  typicalMs: number;
  baseline: Baseline;
  runsCompared: number;
  /** e.g. `took 1 h 40 min · usually ~10 min` */
  description: string;
}

/** An active sync whose last successful run is much older than its schedule implies. */
export interface StaleAnomaly {
  kind: 'stale';
  syncId: string;
  lastSuccessAt: number;
  expectedIntervalMs: number;
  /** where the interval came from */
  intervalFrom: 'schedule' | 'history';
  /** e.g. `no successful run for 3 d 4 h · expected every 1 h` */
  description: string;
}

export type Anomaly = VolumeAnomaly | DurationAnomaly | StaleAnomaly;
