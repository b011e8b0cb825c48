/**
 * Snapshot = one refresh's validated statuses joined with sync names, each row carrying its
 * status-table entry. The diff between two snapshots says which failures are new (alerts); the tree
 * finds what to redraw itself (treeReconciler.ts). Both run in time linear in the number of schemas (5,000 syncs x 20 schemas is the benchmark).
 */
import type {
  BulkSyncSummary,
  SchemaSnapshot,
  Snapshot,
  SnapshotDiff,
  StatusInfo,
  SchemaStatus,
  SyncSnapshot,
  SyncStatus,
} from '../api/contract';
import { statusInfo, UNREADABLE } from './statusTable';
import { isBlankText } from '../view/markdown';
import { stripDirectionControls } from '../view/bidi';
import { compareAll, type EveryField } from './compareFields';

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
    // An unreadable schema says nothing about the sync's state (its row says what it is).
    if (schema.info === UNREADABLE) continue;
    if (!worst || schema.info.severity > worst.severity) worst = schema.info;
  }
  if (!worst) return own;
  if (own.category === 'success') {
    return worst.category === 'failure' ? statusInfo('errors') : own;
  }
  // own status absent
  return worst.category === 'idle' ? own : worst;
}

// Every field is present (undefined when absent): one object shape, so the diff and the tree,
// which read these fields 100,000 times per refresh, get fast monomorphic property access.
function schemaSnapshot(schema: SchemaStatus): SchemaSnapshot {
  return {
    schema: schema.schema,
    executionId: schema.executionId,
    status: schema.status,
    statusMessage: schema.statusMessage,
    startedAt: schema.startedAt,
    completedAt: schema.completedAt,
    recordCount: schema.recordCount,
    errorCount: schema.errorCount,
    warningCount: schema.warningCount,
    info: schema.unreadable === undefined ? statusInfo(schema.status) : UNREADABLE,
    unreadable: schema.unreadable,
    noId: schema.noId,
  } satisfies EveryField<SchemaSnapshot>;
}

/**
 * Every validated schema field: a row is reused only when all of them are equal, so the tree can
 * tell an unchanged row by reference. Typed over SchemaStatus's keys (a new field must be listed).
 */
const sameSchema = compareAll<SchemaStatus>({
  schema: (a, b) => a.schema === b.schema,
  executionId: (a, b) => a.executionId === b.executionId,
  status: (a, b) => a.status === b.status,
  statusMessage: (a, b) => a.statusMessage === b.statusMessage,
  startedAt: (a, b) => a.startedAt === b.startedAt,
  completedAt: (a, b) => a.completedAt === b.completedAt,
  recordCount: (a, b) => a.recordCount === b.recordCount,
  errorCount: (a, b) => a.errorCount === b.errorCount,
  warningCount: (a, b) => a.warningCount === b.warningCount,
  unreadable: (a, b) => a.unreadable === b.unreadable,
  noId: (a, b) => a.noId === b.noId,
});

/**
 * The statuses a snapshot's rows were built from: `syncs[i]` (a row of a snapshot buildSnapshot
 * returned, reused or built) holds exactly `statuses[i]` (what buildSnapshot was given).
 */
export interface SnapshotOrigin {
  readonly syncs: readonly SyncSnapshot[];
  readonly statuses: readonly SyncStatus[];
}

/**
 * `previous`: the last snapshot built from the same source. A sync whose data (its own fields,
 * name, active flag and every schema row) is unchanged is not rebuilt: the previous sync object
 * is reused, so the diff and the tree models (which memoize per sync object) skip it with one
 * reference comparison. Snapshots are never mutated, so sharing rows between them is safe.
 * `origin`: where an earlier snapshot's rows came from; a row of `previous` at the same index that is
 * still that snapshot's row, built from the very status object given now (the client reuses the
 * validated statuses of entries whose bytes did not change: statusReuse.ts), is reused without
 * comparing its schemas.
 */
export function buildSnapshot(
  statuses: readonly SyncStatus[],
  names: ReadonlyMap<string, BulkSyncSummary>,
  takenAt: number,
  previous?: Snapshot,
  origin?: SnapshotOrigin,
): Snapshot {
  const before = previous?.syncs;
  let beforeById: Map<string, SyncSnapshot> | undefined;
  const syncs: SyncSnapshot[] = new Array(statuses.length);
  for (let i = 0; i < statuses.length; i++) {
    const status = statuses[i];
    const summary = names.get(status.syncId);
    // A name nobody could see (empty, spaces, zero-width characters) would make a blank row and
    // an empty bold run (`****`, a rule) in tooltips: show the id instead, as for a missing name.
    // Direction controls go: they would reorder our own text around the name (bidi.ts).
    const name = stripDirectionControls(isBlankText(summary?.name) ? status.syncId : summary!.name!);
    const active = summary?.active;
    let old: SyncSnapshot | undefined;
    if (before) {
      // Syncs usually come back in the same order: by position first, else by id.
      old = before[i];
      if (!old || old.id !== status.syncId) {
        if (!beforeById) beforeById = new Map(before.map((s) => [s.id, s]));
        old = beforeById.get(status.syncId);
      }
      // Compared before building anything: most syncs are unchanged between two polls.
      if (old && old.name === name && old.active === active && ((origin?.statuses[i] === status && origin.syncs[i] === old) || sameStatus(old, status))) {
        syncs[i] = old;
        continue;
      }
    }
    // A changed sync usually has most schema rows unchanged: those are reused too, so the tree can
    // tell an unchanged row by reference (its tooltip then differs at most in relative times).
    const schemas: SchemaSnapshot[] = new Array(status.schemas.length);
    const oldRows = old?.schemas;
    for (let j = 0; j < status.schemas.length; j++) {
      const raw = status.schemas[j];
      const oldRow = oldRows?.[j];
      schemas[j] = oldRow !== undefined && sameSchema(oldRow, raw) ? oldRow : schemaSnapshot(raw);
    }
    syncs[i] = {
      id: status.syncId,
      name,
      active,
      status: status.status,
      info: status.unreadable === undefined ? syncInfo(status.status, schemas) : UNREADABLE,
      nextExecutionTime: status.nextExecutionTime,
      nextExecutionMs: status.nextExecutionTime === undefined ? undefined : Date.parse(status.nextExecutionTime),
      schemas,
      unreadable: status.unreadable,
      noId: status.noId,
    } satisfies EveryField<SyncSnapshot>;
  }
  return { takenAt, syncs };
}

/** Whether a sync row holds exactly this validated status (its info follows from the statuses). */
function sameStatus(row: SyncSnapshot, status: SyncStatus): boolean {
  if (row.id !== status.syncId || row.status !== status.status || row.nextExecutionTime !== status.nextExecutionTime || row.unreadable !== status.unreadable) return false;
  const rows = row.schemas;
  const raws = status.schemas;
  if (rows.length !== raws.length) return false;
  for (let i = 0; i < rows.length; i++) if (!sameSchema(rows[i], raws[i])) return false;
  return true;
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

/** Whether two snapshots list the same syncs in the same order. */
export function sameIdsInOrder(a: readonly SyncSnapshot[], b: readonly SyncSnapshot[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && a[i].id !== b[i].id) return false;
  return true;
}

/**
 * The indices of the rows of `next` that are not the very objects `previous` had at the same index,
 * or undefined when the two differ in length or in more than `maxShare` of their rows (then the
 * caller is better off recomputing from scratch). A followed-syncs poll keeps rows in place
 * (mergeFollowed), so what is kept from poll to poll (MotionTracker, HealthTracker) is updated
 * from these rows alone.
 */
export function rowsChangedInPlace(previous: Snapshot, next: Snapshot, maxShare = 1 / 8): number[] | undefined {
  const before = previous.syncs;
  const after = next.syncs;
  if (before.length !== after.length) return undefined;
  const changed: number[] = [];
  for (let i = 0; i < after.length; i++) if (after[i] !== before[i]) changed.push(i);
  return changed.length > after.length * maxShare ? undefined : changed;
}

/**
 * The rows of `next` that are not the very objects `prev` had for their sync, each with the one it
 * replaced, in `next`'s order; a sync new to `next` is not here. When every row's id is where it
 * was (a followed-syncs poll keeps rows in place: followedSyncs.ts) rows pair up by position, and
 * the map of every id, the bulk of the work at 2,000 syncs, is not built.
 */
export function changedRows(prev: Snapshot, next: Snapshot): Array<[SyncSnapshot, SyncSnapshot]> {
  const before = prev.syncs;
  const after = next.syncs;
  const pairs: Array<[SyncSnapshot, SyncSnapshot]> = [];
  if (sameIdsInOrder(before, after)) {
    for (let i = 0; i < after.length; i++) if (after[i] !== before[i]) pairs.push([before[i], after[i]]);
    return pairs;
  }
  const prevById = new Map<string, SyncSnapshot>();
  for (const sync of before) prevById.set(sync.id, sync);
  for (const sync of after) {
    const old = prevById.get(sync.id);
    if (old !== undefined && old !== sync) pairs.push([old, sync]);
  }
  return pairs;
}

/**
 * Which failures are new between two snapshots (for alerts).
 * - First load (`prev` undefined): no `newFailures`: a failure that was already there before the
 *   user opened VS Code is not news.
 * - A sync that appears for the first time later (new sync, or a wider scope) is also not an alert.
 * - `newFailures` lists transitions INTO failed / errors / interrupted, per sync and per schema.
 */
export function diffSnapshots(prev: Snapshot | undefined, next: Snapshot): SnapshotDiff {
  const diff: SnapshotDiff = { newFailures: [] };
  if (!prev) return diff;
  // Only rows that changed: a sync new to us is not an alert, and a row buildSnapshot reused cannot have failed.
  for (const [before, sync] of changedRows(prev, next)) {
    // Schemas usually come back in the same order: compare by position, fall back to a map.
    let beforeByName: Map<string, SchemaSnapshot> | undefined;
    const schemaFailures: SnapshotDiff['newFailures'] = [];
    for (let i = 0; i < sync.schemas.length; i++) {
      const schema = sync.schemas[i];
      let old: SchemaSnapshot | undefined = before.schemas[i];
      if (old === schema) continue;
      if (!old || old.schema !== schema.schema) {
        if (!beforeByName) {
          beforeByName = new Map();
          for (const s of before.schemas) beforeByName.set(s.schema, s);
        }
        old = beforeByName.get(schema.schema);
      }
      if (isNewSchemaFailure(old, schema)) {
        schemaFailures.push({ syncId: sync.id, schema: schema.schema, status: schema.info.status });
      }
    }
    if (isAlertStatus(sync.info) && (before.info.status !== sync.info.status || schemaFailures.length > 0)) {
      diff.newFailures.push({ syncId: sync.id, status: sync.info.status });
    }
    for (const failure of schemaFailures) diff.newFailures.push(failure);
  }
  return diff;
}
