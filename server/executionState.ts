/**
 * The state of a planned execution at any time t, a pure function of its plan: each schema's
 * status, message and counts (schemaState), and the execution's (executionState).
 */
import { formatCount, sum } from './executionPlan';
import type { Execution, SchemaRun, SchemaState } from './model';

export function runFor(exec: Execution, schema: string): SchemaRun | undefined {
  if (!exec.runMap) exec.runMap = new Map(exec.runs.map((r) => [r.schema, r]));
  return exec.runMap.get(schema);
}

function fractionRead(run: SchemaRun, t: number): number {
  if (t <= run.startAt) return 0;
  if (t >= run.runEnd) return 1;
  return (t - run.startAt) / (run.runEnd - run.startAt);
}

export function schemaState(exec: Execution, run: SchemaRun, t: number): SchemaState {
  let state: SchemaState;
  const frozen = run.frozenAt ?? Infinity;
  if (t >= run.endAt) {
    const f = fractionRead(run, Math.min(run.endAt, frozen));
    const started = run.startAt < Math.min(run.endAt, frozen);
    state = {
      status: run.outcome,
      message: run.message,
      records: Math.floor(run.totalRecords * f),
      errors: run.outcome === 'completed' ? run.totalErrors : Math.floor(run.totalErrors * f),
      warnings: Math.floor(run.totalWarnings * f),
      startedAt: started ? run.startAt : null,
      completedAt: run.endAt,
    };
  } else {
    const tt = Math.min(t, frozen);
    const f = fractionRead(run, tt);
    const records = Math.floor(run.totalRecords * f);
    let status: string;
    let message: string;
    const source = exec.sync.source.name;
    const destination = exec.sync.destination.name;
    if (tt < exec.queuedAt) {
      status = 'created';
      message = 'Waiting to be scheduled';
    } else if (tt < run.startAt) {
      status = 'scheduled';
      message = 'Queued: waiting for a free worker';
    } else if (tt < run.runEnd) {
      status = 'running';
      message = `Reading from ${source}: ${formatCount(records)} of ~${formatCount(run.totalRecords)} records`;
    } else if (tt < run.exportEnd) {
      status = 'exporting';
      message = `Writing ${formatCount(records)} records to ${destination}`;
    } else {
      status = 'processing';
      message = `Merging changes into ${run.outputName}`;
    }
    if (run.frozenAt !== undefined && t >= run.frozenAt) message = `Canceling: ${message}`;
    state = {
      status,
      message,
      records,
      errors: Math.floor(run.totalErrors * f),
      warnings: Math.floor(run.totalWarnings * f),
      startedAt: tt >= run.startAt ? run.startAt : null,
      completedAt: null,
    };
  }
  if (run.override && t >= run.override.at) {
    state.status = run.override.status;
    if (run.override.message !== undefined) state.message = run.override.message;
  }
  return state;
}

export interface ExecutionState {
  status: string;
  message: string;
  schemas: SchemaState[];
  records: number;
  errors: number;
  warnings: number;
}

export function executionState(exec: Execution, t: number): ExecutionState {
  const schemas = exec.runs.map((run) => schemaState(exec, run, t));
  let status: string;
  let message: string;
  if (t >= exec.endAt) {
    status = exec.outcome;
    message = exec.message;
  } else if (exec.cancelRequestedAt !== undefined && t >= exec.cancelRequestedAt) {
    status = 'canceling';
    message = 'Cancellation requested: waiting for workers to stop';
  } else if (t < exec.queuedAt) {
    status = 'created';
    message = 'Execution created';
  } else if (t < exec.startedAt) {
    status = 'scheduled';
    message = 'Waiting for an available worker';
  } else {
    let running = 0;
    let exporting = 0;
    let processing = 0;
    let done = 0;
    exec.runs.forEach((run, i) => {
      if (t >= run.endAt) done++;
      else if (schemas[i].status === 'running') running++;
      else if (schemas[i].status === 'exporting') exporting++;
      else if (schemas[i].status === 'processing') processing++;
    });
    status = running > 0 ? 'running' : exporting > 0 ? 'exporting' : processing > 0 ? 'processing' : 'running';
    message = `Syncing ${exec.runs.length} schemas: ${done} done, ${running + exporting + processing} in progress`;
  }
  return {
    status,
    message,
    schemas,
    records: sum(schemas, (s) => s.records),
    errors: sum(schemas, (s) => s.errors),
    warnings: sum(schemas, (s) => s.warnings),
  };
}
