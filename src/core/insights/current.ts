/**
 * What is current, for the insights service: a run's anomaly only while the tree shows that run,
 * and staleness checked on every snapshot without re-reading every sync's history (a deadline
 * per sync, kept until its history changes).
 */
import type { Snapshot } from '../api/contract';
import type { RunHistory } from './history';
import { isSuccessful } from './sources';
import { staleAt, staleDeadline, type StaleDeadline } from './staleness';
import type { Anomaly, JudgeOptions, StaleAnomaly } from './types';

/** A run's anomaly is shown while the tree shows that run: a newer execution (running, say) replaces it. */
export function dropSuperseded(runAnomalies: Map<string, Map<string, Anomaly[]>>, snapshot: Snapshot): void {
  if (runAnomalies.size === 0) return;
  const byId = new Map(snapshot.syncs.map((s) => [s.id, s]));
  for (const [syncId, bySchema] of runAnomalies) {
    const sync = byId.get(syncId);
    if (!sync) continue;
    for (const [schema, list] of bySchema) {
      const current = sync.schemas.find((x) => x.schema === schema)?.executionId;
      if (list.some((a) => a.kind !== 'stale' && a.executionId !== current)) bySchema.delete(schema);
    }
    if (bySchema.size === 0) runAnomalies.delete(syncId);
  }
}

/** Successful runs before the latest, counted up to `enough` (the judgement needs `minRuns`). */
export function successfulBefore(statuses: readonly string[], enough: number): number {
  let n = 0;
  for (let i = statuses.length - 2; i >= 0 && n < enough; i--) if (isSuccessful(statuses[i])) n++;
  return n;
}

/** Staleness deadlines per sync (null: cannot be judged), dropped when its history or the thresholds change. */
export class StaleWatch {
  private readonly deadlines = new Map<string, StaleDeadline | null>();
  private optionsKey = '';

  forget(syncId: string): void {
    this.deadlines.delete(syncId);
  }

  /** The stale syncs at `now`: active, idle (not running, not failing) and backfilled ones only. */
  judge(history: RunHistory, snapshot: Snapshot, now: number, options: JudgeOptions): StaleAnomaly[] {
    const key = JSON.stringify(options);
    if (key !== this.optionsKey) this.deadlines.clear(); // thresholds changed in the settings
    this.optionsKey = key;
    const found: StaleAnomaly[] = [];
    for (const sync of snapshot.syncs) {
      if (sync.active !== true || history.backfilledAt(sync.id) === undefined) continue;
      const category = sync.info.category;
      if (category === 'inProgress' || category === 'failure') continue;
      let deadline = this.deadlines.get(sync.id);
      if (deadline === undefined) this.deadlines.set(sync.id, (deadline = staleDeadline(history, { syncId: sync.id, active: true }, options) ?? null));
      const stale = deadline && staleAt(deadline, now);
      if (stale) found.push(stale);
    }
    return found;
  }
}
