/**
 * The history as JSON, to keep it across sessions (the adapter stores it in globalState). Arrays,
 * not objects keyed by server ids: a sync or schema called `__proto__` stays an ordinary value.
 * Restoring never throws: what is malformed is skipped and said, the rest is kept.
 */
import { RunHistory } from './history';
import type { HistoryLimits, RunRecord } from './types';

export const HISTORY_FORMAT = 1;

/** [executionId, status, startedAt, durationMs, records (-1 = unknown)] */
export type RunTuple = [string, string, number, number, number];

export interface HistoryJson {
  format: typeof HISTORY_FORMAT;
  /** least recently updated first, so restoring keeps the same eviction order */
  syncs: Array<{ id: string; backfilledAt?: number; schemas: Array<{ name: string; runs: RunTuple[] }> }>;
}

export function serializeHistory(history: RunHistory): HistoryJson {
  const syncs: HistoryJson['syncs'] = [];
  for (const id of history.syncIds()) {
    const schemas: HistoryJson['syncs'][number]['schemas'] = [];
    for (const name of history.schemas(id)) {
      const r = history.schemaRuns(id, name);
      if (!r) continue;
      schemas.push({ name, runs: r.ids.map((execId, i): RunTuple => [execId, r.statuses[i], r.started[i], r.durations[i], r.records[i]]) });
    }
    const backfilledAt = history.backfilledAt(id);
    syncs.push(backfilledAt === undefined ? { id, schemas } : { id, backfilledAt, schemas });
  }
  return { format: HISTORY_FORMAT, syncs };
}

export interface Restored {
  history: RunHistory;
  /** what was skipped, for the log (no server text: positions, not names) */
  problems: string[];
}

const MAX_PROBLEMS = 20;

/**
 * Rebuilds a history from what serializeHistory wrote (possibly by an older session, possibly
 * damaged). `limits` apply: a history saved with larger limits is trimmed to the current ones.
 */
export function restoreHistory(value: unknown, limits: Partial<HistoryLimits> = {}): Restored {
  const history = new RunHistory(limits);
  const problems: string[] = [];
  const problem = (text: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(text);
    else if (problems.length === MAX_PROBLEMS) problems.push('more problems not listed');
  };
  if (value === undefined || value === null) return { history, problems };
  if (!isRecord(value) || !Array.isArray(value.syncs)) {
    problem('saved run history is not an object with a list of syncs; starting with an empty history');
    return { history, problems };
  }
  if (value.format !== HISTORY_FORMAT) {
    problem(`saved run history has format ${JSON.stringify(value.format)}, expected ${HISTORY_FORMAT}; starting with an empty history`);
    return { history, problems };
  }
  value.syncs.forEach((sync: unknown, s: number) => {
    if (!isRecord(sync) || typeof sync.id !== 'string' || sync.id === '' || !Array.isArray(sync.schemas)) {
      problem(`syncs[${s}] skipped: not a sync with an id and schemas`);
      return;
    }
    const syncId = sync.id;
    sync.schemas.forEach((schema: unknown, k: number) => {
      if (!isRecord(schema) || typeof schema.name !== 'string' || schema.name === '' || !Array.isArray(schema.runs)) {
        problem(`syncs[${s}].schemas[${k}] skipped: not a schema with a name and runs`);
        return;
      }
      const name = schema.name;
      schema.runs.forEach((tuple: unknown, r: number) => {
        const run = runOfTuple(tuple);
        if (!run || history.add(syncId, name, run) === 'invalid') problem(`syncs[${s}].schemas[${k}].runs[${r}] skipped: not a finished run`);
      });
    });
    if (typeof sync.backfilledAt === 'number' && Number.isFinite(sync.backfilledAt)) history.markBackfilled(syncId, sync.backfilledAt);
  });
  return { history, problems };
}

function runOfTuple(tuple: unknown): RunRecord | undefined {
  if (!Array.isArray(tuple) || tuple.length !== 5) return undefined;
  const [executionId, status, startedAt, duration, records] = tuple as unknown[];
  if (typeof executionId !== 'string' || typeof status !== 'string') return undefined;
  if (typeof startedAt !== 'number' || typeof duration !== 'number' || typeof records !== 'number') return undefined;
  const run: RunRecord = { executionId, status, startedAt, completedAt: startedAt + duration };
  if (records !== -1) run.records = records;
  return run;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
