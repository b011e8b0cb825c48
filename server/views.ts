/** JSON shapes of the Polytomic API (see docs/polytomic-api.md), built from simulation state at time t. */
import { executionState, runFor, schemaState, type Execution, type Organization, type Sync } from './simulation';

export const KNOWN_VERSIONS = ['2025-09-18', '2024-02-08', '2023-04-25', '2022-12-12', '2021-05-23'] as const;
export type ApiVersion = (typeof KNOWN_VERSIONS)[number];
/**
 * Used when a request has no X-Polytomic-Version header. Polytomic's docs disagree on which
 * version that is; 2024-02-08 is what the Terraform provider and Dagster pin, so clients that
 * forget the header still get the shapes they most likely expect.
 */
export const DEFAULT_VERSION: ApiVersion = '2024-02-08';

/** RFC 3339 like Go's encoder writes it: milliseconds only when there are some. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

const isoOrNull = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : isoTime(ms));

export function syncView(sync: Sync, organizationId: string, version: ApiVersion): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: sync.id,
    name: sync.name,
    active: sync.active,
    organization_id: organizationId,
    source_connection_id: sync.sourceConnectionId,
    destination_connection_id: sync.destinationConnectionId,
    mode: 'replicate',
    discover: false,
    automatically_add_new_objects: 'none', // BulkDiscover: all | onlyIncremental | onlyNonIncremental | none
    source_configuration: {},
    destination_configuration: { schema: sync.source.name.replace(/[^A-Za-z0-9]+/g, '_').toLowerCase() },
  };
  if (version === '2025-09-18') {
    view.default_schedule = { ...sync.schedule.view };
    view.additional_schedules = [];
  } else {
    view.schedule = { ...sync.schedule.view };
  }
  view.created_at = isoTime(sync.createdAt);
  view.updated_at = isoTime(sync.updatedAt);
  return view;
}

export function executionView(exec: Execution, t: number): Record<string, unknown> {
  const state = executionState(exec, t);
  const finished = t >= exec.endAt;
  const changes = [exec.createdAt, exec.queuedAt, exec.startedAt, exec.changedAt ?? 0].filter((x) => x <= t);
  return {
    id: exec.id,
    status: state.status,
    status_message: state.message,
    type: exec.type,
    created_at: isoTime(exec.createdAt),
    started_at: t >= exec.startedAt ? isoTime(exec.startedAt) : null,
    completed_at: finished ? isoTime(exec.endAt) : null,
    updated_at: isoTime(finished ? Math.max(exec.endAt, exec.changedAt ?? 0) : Math.max(...changes, Math.floor(t / 1000) * 1000)),
    record_count: state.records,
    error_count: state.errors,
    warning_count: state.warnings,
    is_test: exec.isTest,
    is_resync: exec.isResync,
    is_partial: exec.isPartial,
    fetch_mode: exec.fetchMode,
    schemas: exec.runs.map((run, i) => {
      const s = state.schemas[i];
      return {
        schema: run.schema,
        output_name: run.outputName,
        status: s.status,
        status_message: s.message,
        record_count: s.records,
        error_count: s.errors,
        warning_count: s.warnings,
        started_at: isoOrNull(s.startedAt),
        completed_at: isoOrNull(s.completedAt),
      };
    }),
  };
}

/** One entry of GET /api/bulk/syncs/status: the sync, and per schema its most recent execution. */
export function syncStatusEntry(org: Organization, sync: Sync, t: number): Record<string, unknown> {
  const latest = org.latestExecution(sync);
  const entry: Record<string, unknown> = { sync_id: sync.id };
  if (latest) entry.status = executionState(latest, t).status;
  const next = org.nextExecutionTime(sync, t);
  if (next !== undefined) entry.nextExecutionTime = isoTime(next);
  entry.schemas = sync.schemas.map((schema) => {
    const exec = sync.latestBySchema.get(schema);
    const run = exec && runFor(exec, schema);
    if (!exec || !run) return { schema };
    const s = schemaState(exec, run, t);
    return {
      schema,
      execution_id: exec.id,
      status: s.status,
      status_message: s.message,
      started_at: isoOrNull(s.startedAt),
      completed_at: isoOrNull(s.completedAt),
      record_count: s.records,
      error_count: s.errors,
      warning_count: s.warnings,
    };
  });
  return entry;
}

/** GET /api/bulk/syncs/{id}/status */
export function syncExecutionStatus(org: Organization, sync: Sync, t: number): Record<string, unknown> {
  const current = org.activeExecution(sync, t);
  const last = org.lastFinishedExecution(sync, t);
  const next = org.nextExecutionTime(sync, t);
  // `ingestion_status` is listed in the API reference without a documented shape, so it is left out.
  return {
    current_execution: current ? executionView(current, t) : null,
    last_execution: last ? executionView(last, t) : null,
    next_execution_time: next === undefined ? null : isoTime(next),
  };
}
