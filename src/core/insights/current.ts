/**
 * What is current, for the insights service: which rows of a new snapshot differ from the last
 * one's (only those are merged and judged again: issue 15, a followed-syncs poll at 2,000 syncs
 * changes about 100), and a run's anomaly only while the tree shows that run.
 */
import type { Snapshot, SyncSnapshot } from '../api/contract';
import type { RunHistory } from './history';
import type { Anomaly } from './types';
import { isSuccessful, mergeStatuses, type MergeCount } from './sources';
import { sameIdsInOrder } from '../state/snapshot';

/** What changed between two snapshots, row by row. */
export interface RowChanges {
  /** rows of the new snapshot that are not the very row the last one had for that sync (new syncs included) */
  changed: SyncSnapshot[];
  /** syncs the last snapshot had and the new one lacks */
  gone: string[];
}

/**
 * The last snapshot's rows by sync id. Snapshots are never mutated and reuse unchanged rows by
 * reference (buildSnapshot; a followed-syncs poll also keeps them at the same index), so one
 * reference comparison per row finds what changed.
 */
export class SnapshotRows {
  private last?: Snapshot;
  private byId = new Map<string, SyncSnapshot>();

  /** Every row of the last snapshot, by sync id (ids are unique: validate.ts keeps the first of a repeated one). */
  rows(): ReadonlyMap<string, SyncSnapshot> {
    return this.byId;
  }

  get(syncId: string): SyncSnapshot | undefined {
    return this.byId.get(syncId);
  }

  /** Moves to `next`: the rows that changed since the last snapshot (all of them for the first). */
  follow(next: Snapshot): RowChanges {
    const previous = this.last;
    this.last = next;
    const after = next.syncs;
    const changed: SyncSnapshot[] = [];
    if (previous && sameIdsInOrder(previous.syncs, after)) {
      const before = previous.syncs;
      for (let i = 0; i < after.length; i++) {
        if (after[i] === before[i]) continue;
        changed.push(after[i]);
        this.byId.set(after[i].id, after[i]);
      }
      return { changed, gone: [] };
    }
    const old = this.byId;
    this.byId = byIdOf(after);
    for (const row of after) if (old.get(row.id) !== row) changed.push(row);
    const gone: string[] = [];
    for (const syncId of old.keys()) if (!this.byId.has(syncId)) gone.push(syncId);
    return { changed, gone };
  }
}

/** What one snapshot brought: the runs merged, and the syncs to judge staleness for again. */
export interface Followed {
  merged: MergeCount;
  /** syncs whose row changed or went (undefined: every row was merged again, judge every one) */
  changed: string[] | undefined;
}

/**
 * Keeps the history and the run anomalies current with the snapshots, looking only at the rows that
 * changed (every row for the first snapshot and after the history was replaced). Equal to merging
 * every row and checking every anomaly each time (insightsIncremental.test.ts) while the history keeps
 * every sync. Past its limits (RunHistory.droppedCount moved) it keeps the syncs updated last: an
 * unchanged row is not merged again, since that would bring back a sync just dropped and drop another,
 * on every poll (at 5,000 syncs against 2,000 kept, about 290 ms a poll, `npm run bench`); staleness is
 * then judged again for every sync, as a dropped history can change it.
 */
export class SnapshotFollower {
  private readonly rows = new SnapshotRows();
  /** syncs whose run anomalies were set since the last snapshot: checked against the next one */
  private readonly recheck = new Set<string>();
  private dropsSeen = 0;
  private mergeAll = true;

  /** The current snapshot's rows, by sync id. */
  current(): ReadonlyMap<string, SyncSnapshot> {
    return this.rows.rows();
  }

  /** The history was replaced (a saved one loaded): the next snapshot merges every row. */
  historyReplaced(): void {
    this.mergeAll = true;
  }

  /** The sync's run anomalies were set: the next snapshot checks them (dropSuperseded). */
  anomaliesSet(syncId: string): void {
    this.recheck.add(syncId);
  }

  /** Merges the new snapshot's changed rows, and drops the run anomalies it no longer shows. */
  follow(history: RunHistory, snapshot: Snapshot, runAnomalies: Map<string, Map<string, Anomaly[]>>): Followed {
    const moved = this.rows.follow(snapshot);
    const all = this.mergeAll;
    const rows = all ? snapshot.syncs : moved.changed;
    const merged = mergeStatuses(history, rows.map((s) => ({ syncId: s.id, schemas: s.schemas })));
    this.mergeAll = false;
    // drops since the last snapshot (this merge's, or a backfill's in between)
    const dropped = history.droppedCount() !== this.dropsSeen;
    this.dropsSeen = history.droppedCount();
    for (const row of rows) dropSuperseded(runAnomalies, row);
    for (const syncId of this.recheck) {
      const row = this.rows.get(syncId);
      if (row) dropSuperseded(runAnomalies, row);
    }
    this.recheck.clear();
    return { merged, changed: all || dropped ? undefined : [...moved.changed.map((s) => s.id), ...moved.gone] };
  }
}

function byIdOf(rows: readonly SyncSnapshot[]): Map<string, SyncSnapshot> {
  const byId = new Map<string, SyncSnapshot>();
  for (const row of rows) byId.set(row.id, row);
  return byId;
}

/** A run's anomaly is shown while the tree shows that run: a newer execution (running, say) replaces it. */
export function dropSuperseded(runAnomalies: Map<string, Map<string, Anomaly[]>>, sync: SyncSnapshot): void {
  const bySchema = runAnomalies.get(sync.id);
  if (!bySchema) return;
  for (const [schema, list] of bySchema) {
    const current = sync.schemas.find((x) => x.schema === schema)?.executionId;
    if (list.some((a) => a.kind !== 'stale' && a.executionId !== current)) bySchema.delete(schema);
  }
  if (bySchema.size === 0) runAnomalies.delete(sync.id);
}

/** Successful runs before the latest, counted up to `enough` (the judgement needs `minRuns`). */
export function successfulBefore(statuses: readonly string[], enough: number): number {
  let n = 0;
  for (let i = statuses.length - 2; i >= 0 && n < enough; i--) if (isSuccessful(statuses[i])) n++;
  return n;
}
