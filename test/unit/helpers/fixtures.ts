import type { BulkSyncSummary, SchemaStatus, Snapshot, SyncStatus } from '../../../src/core/api/contract';
import { buildSnapshot } from '../../../src/core/state/snapshot';

export const T0 = Date.UTC(2024, 0, 15, 9, 0, 0);
export const MIN = 60_000;

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function schema(name: string, status: string | undefined, extra: Partial<SchemaStatus> = {}): SchemaStatus {
  const s: SchemaStatus = { schema: name, ...extra };
  if (status !== undefined) s.status = status;
  return s;
}

export function sync(id: string, status: string | undefined, schemas: SchemaStatus[], extra: Partial<SyncStatus> = {}): SyncStatus {
  const s: SyncStatus = { syncId: id, schemas, ...extra };
  if (status !== undefined) s.status = status;
  return s;
}

export function snapshotOf(statuses: SyncStatus[], names: BulkSyncSummary[] = [], takenAt = T0): Snapshot {
  return buildSnapshot(statuses, new Map(names.map((n) => [n.id, n])), takenAt);
}
