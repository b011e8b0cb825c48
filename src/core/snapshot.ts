/**
 * Snapshot = one refresh's validated statuses joined with sync names, each row carrying its
 * status-table entry. The diff between two snapshots drives minimal tree updates and alerts.
 * Both run in time linear in the number of schemas (5,000 syncs x 20 schemas is the benchmark).
 */
import type {
  BulkSyncSummary,
  SchemaSnapshot,
  Snapshot,
  SnapshotDiff,
  StatusInfo,
  SyncSnapshot,
  SyncStatus,
} from './contract';
import { statusInfo } from './statusTable';

/**
 * A sync's own row reflects its own status, with two exceptions, both so that a problem is never
 * shown as healthy or blank:
 * - The sync says `completed` but a schema failed or was interrupted: the data did not all arrive,
 *   so the row shows "Completed with errors" (the `errors` entry), while `status` keeps the raw value.
 * - The sync has no status of its own but its schemas do: the row shows the worst schema status.
 * A sync that is still running keeps showing "running" even if one schema already failed: the
 * description says how many failed, and the alert fires when the sync finishes.
 */
export function syncInfo(ownStatus: string | undefined, schemas: readonly { info: StatusInfo }[]): StatusInfo {
  const own = statusInfo(ownStatus);
  if (own.category !== 'success' && own.category !== 'idle') return own;
  let worst: StatusInfo | undefined;
  for (const schema of schemas) {
    if (!worst || schema.info.severity > worst.severity) worst = schema.info;
  }
  if (!worst) return own;
  if (own.category === 'success') {
    return worst.category === 'failure' ? statusInfo('errors') : own;
  }
  // own status absent
  return worst.category === 'idle' ? own : worst;
}

export function buildSnapshot(
  statuses: readonly SyncStatus[],
  names: ReadonlyMap<string, BulkSyncSummary>,
  takenAt: number,
): Snapshot {
  const syncs: SyncSnapshot[] = new Array(statuses.length);
  for (let i = 0; i < statuses.length; i++) {
    const status = statuses[i];
    const summary = names.get(status.syncId);
    const schemas: SchemaSnapshot[] = new Array(status.schemas.length);
    for (let j = 0; j < status.schemas.length; j++) {
      const schema = status.schemas[j];
      schemas[j] = { ...schema, info: statusInfo(schema.status) };
    }
    const sync: SyncSnapshot = {
      id: status.syncId,
      name: summary?.name ?? status.syncId,
      info: syncInfo(status.status, schemas),
      schemas,
    };
    if (summary?.active !== undefined) sync.active = summary.active;
    if (status.status !== undefined) sync.status = status.status;
    if (status.nextExecutionTime !== undefined) sync.nextExecutionTime = status.nextExecutionTime;
    syncs[i] = sync;
  }
  return { takenAt, syncs };
}

const SEP = '\u0001';

const schemaKeys = new WeakMap<SchemaSnapshot, string>();
function schemaKey(schema: SchemaSnapshot): string {
  let key = schemaKeys.get(schema);
  if (key === undefined) {
    key = [
      schema.schema,
      schema.executionId,
      schema.status,
      schema.statusMessage,
      schema.startedAt,
      schema.completedAt,
      schema.recordCount,
      schema.errorCount,
      schema.warningCount,
    ].join(SEP);
    schemaKeys.set(schema, key);
  }
  return key;
}

/**
 * Everything the sync's own node shows: its fields plus the summary of its schemas that appears
 * in its description/tooltip (counts by status, totals, latest completion).
 * Relative times ("3 min ago") are not data: they change with the clock, not with the snapshot.
 */
const syncKeys = new WeakMap<SyncSnapshot, string>();
function syncNodeKey(sync: SyncSnapshot): string {
  let key = syncKeys.get(sync);
  if (key === undefined) {
    const counts = new Map<string, number>();
    let latest = '';
    let errors = 0;
    for (const schema of sync.schemas) {
      const s = schema.info.status;
      counts.set(s, (counts.get(s) ?? 0) + 1);
      if (schema.completedAt && schema.completedAt > latest) latest = schema.completedAt;
      errors += schema.errorCount ?? 0;
    }
    const countText = [...counts.entries()]
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([s, n]) => `${s}=${n}`)
      .join(',');
    key = [sync.name, sync.active, sync.status, sync.info.status, sync.nextExecutionTime, sync.schemas.length, countText, latest, errors].join(SEP);
    syncKeys.set(sync, key);
  }
  return key;
}

/** Statuses whose arrival raises an alert. */
function isAlertStatus(info: StatusInfo): boolean {
  return info.category === 'failure' || info.category === 'warning';
}

/** A schema failure is new when it was not failing before, or when it is a different execution failing. */
function isNewSchemaFailure(prev: SchemaSnapshot | undefined, next: SchemaSnapshot): boolean {
  if (!isAlertStatus(next.info)) return false;
  if (!prev) return true;
  if (prev.info.status !== next.info.status) return true;
  if (prev.executionId !== undefined && next.executionId !== undefined && prev.executionId !== next.executionId) return true;
  return prev.completedAt !== next.completedAt && next.completedAt !== undefined;
}

/**
 * What changed between two snapshots.
 * - First load (`prev` undefined): everything is `added`, and there are no `newFailures`: a
 *   failure that was already there before the user opened VS Code is not news.
 * - A sync that appears for the first time later (new sync, or a wider scope) is also not an alert.
 * - `newFailures` lists transitions INTO failed / errors / interrupted, per sync and per schema.
 */
export function diffSnapshots(prev: Snapshot | undefined, next: Snapshot): SnapshotDiff {
  const diff: SnapshotDiff = {
    added: [],
    removed: [],
    changedSyncs: [],
    changedChildren: [],
    newFailures: [],
    unchanged: true,
  };
  const prevById = new Map<string, SyncSnapshot>();
  if (prev) for (const sync of prev.syncs) prevById.set(sync.id, sync);
  const nextIds = new Set<string>();

  for (const sync of next.syncs) {
    nextIds.add(sync.id);
    const before = prevById.get(sync.id);
    if (!before) {
      diff.added.push(sync.id);
      continue;
    }
    if (syncNodeKey(before) !== syncNodeKey(sync)) diff.changedSyncs.push(sync.id);

    const beforeSchemas = new Map<string, SchemaSnapshot>();
    for (const schema of before.schemas) beforeSchemas.set(schema.schema, schema);
    let childrenChanged = before.schemas.length !== sync.schemas.length;
    const schemaFailures: SnapshotDiff['newFailures'] = [];
    for (let i = 0; i < sync.schemas.length; i++) {
      const schema = sync.schemas[i];
      const old = beforeSchemas.get(schema.schema);
      if (!childrenChanged && (!old || schemaKey(old) !== schemaKey(schema) || before.schemas[i].schema !== schema.schema)) {
        childrenChanged = true;
      }
      if (isNewSchemaFailure(old, schema)) {
        schemaFailures.push({ syncId: sync.id, schema: schema.schema, status: schema.info.status });
      }
    }
    if (childrenChanged) diff.changedChildren.push(sync.id);

    if (isAlertStatus(sync.info) && (before.info.status !== sync.info.status || schemaFailures.length > 0)) {
      diff.newFailures.push({ syncId: sync.id, status: sync.info.status });
    }
    for (const failure of schemaFailures) diff.newFailures.push(failure);
  }
  if (prev) {
    for (const sync of prev.syncs) if (!nextIds.has(sync.id)) diff.removed.push(sync.id);
  }
  diff.unchanged =
    diff.added.length === 0 && diff.removed.length === 0 && diff.changedSyncs.length === 0 && diff.changedChildren.length === 0;
  return diff;
}
