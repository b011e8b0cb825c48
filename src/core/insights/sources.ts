/**
 * Where runs come from: executions (a backfill page, one execution fetched) and the status poll,
 * which says what each schema's latest execution did. The poll costs no extra request: every
 * finished schema run it shows is merged, and merging a run already kept changes nothing.
 */
import type { Execution } from '../actions/actionsContract';
import type { SchemaStatus, SyncStatus } from '../api/contract';
import { statusInfo } from '../state/statusTable';
import type { RunHistory } from './history';
import type { RunRecord } from './types';

/** Finished and counted as a run the data moved in: completed, or completed with errors. */
export function isSuccessful(status: string): boolean {
  const category = statusInfo(status).category;
  return category === 'success' || category === 'warning';
}

/** A finished schema run, or undefined while it runs / when its times are missing. */
export function runOfSchema(executionId: string | undefined, schema: SchemaStatus): RunRecord | undefined {
  const id = schema.executionId ?? executionId;
  if (!id || !schema.status || !schema.startedAt || !schema.completedAt) return undefined;
  const info = statusInfo(schema.status);
  if (!info.terminal || info.category === 'idle' || info.category === 'unknown') return undefined;
  const startedAt = Date.parse(schema.startedAt);
  const completedAt = Date.parse(schema.completedAt);
  if (!Number.isFinite(startedAt) || !Number.isFinite(completedAt) || completedAt < startedAt) return undefined;
  const run: RunRecord = { executionId: id, status: schema.status, startedAt, completedAt };
  if (schema.recordCount !== undefined) run.records = schema.recordCount;
  return run;
}

export interface MergeCount {
  added: number;
  /** (syncId, schema) pairs that got a new run: only these need judging again */
  changed: Array<{ syncId: string; schema: string }>;
}

/**
 * Merges the finished schema runs of one execution. Test executions are skipped: they do not
 * move data, so they say nothing about what a real run should move.
 */
export function mergeExecution(history: RunHistory, syncId: string, exec: Execution, into: MergeCount = { added: 0, changed: [] }): MergeCount {
  if (exec.isTest) return into;
  for (const schema of exec.schemas) {
    const run = runOfSchema(exec.id, schema);
    if (run && history.add(syncId, schema.schema, run) === 'added') {
      into.added++;
      into.changed.push({ syncId, schema: schema.schema });
    }
  }
  return into;
}

/**
 * Merges what one status poll shows. The status endpoint does not say whether an execution was a
 * test; a finished test run seen here is kept like any other (the backfill skips them).
 */
export function mergeStatuses(history: RunHistory, statuses: readonly SyncStatus[]): MergeCount {
  const into: MergeCount = { added: 0, changed: [] };
  for (const sync of statuses) {
    for (const schema of sync.schemas) {
      // Most polls show runs already kept: skip them before parsing any date.
      if (schema.executionId && history.knows(sync.syncId, schema.schema, schema.executionId)) continue;
      const run = runOfSchema(undefined, schema);
      if (run && history.add(sync.syncId, schema.schema, run) === 'added') {
        into.added++;
        into.changed.push({ syncId: sync.syncId, schema: schema.schema });
      }
    }
  }
  return into;
}
