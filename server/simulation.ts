/**
 * The simulated organization: syncs, schemas, and executions that move through Polytomic's
 * statuses on a clock.
 *
 * An execution is planned in full when it is created (from a generator seeded by organization
 * seed, sync and execution number): when each schema starts, how long it reads, exports and
 * processes, how many records it has, and how it ends. Its state at any time t is then a pure
 * function of that plan, so a status call costs O(syncs x schemas) and never replays history.
 * Interventions (cancel, fail, deactivate) rewrite the remaining part of a plan at the moment
 * they happen. New executions appear when the clock passes a schedule tick (advanceTo).
 *
 * This module holds the Organization: the schedule driver, the queries and the interventions.
 * The data model is in model.ts, generation in organizationGeneration.ts, planning in
 * executionPlan.ts, state at time t in executionState.ts.
 */
import { planExecution, shiftExecution } from './executionPlan';
import { runFor } from './executionState';
import { CANCEL_DELAY_MS, LeverError, type Execution, type OrganizationOptions, type StartOptions, type Sync } from './model';
import { assignRoles, createSync } from './organizationGeneration';
import { mixSeed, Random } from './prng';
import { isPeriodic, nextTick } from './schedule';

// The model, planning and state-at-time live in their own modules; importers keep using this one.
export {
  CANCEL_DELAY_MS, EXECUTION_STATUSES, LeverError, SCHEMA_STATUSES,
  type Execution, type ExecutionOutcome, type FetchMode, type OrganizationOptions, type ResyncMode, type SchemaRun,
  type SchemaState, type ScheduleMix, type StartOptions, type Sync,
} from './model';
export { formatCount, shiftExecution } from './executionPlan';
export { executionState, runFor, schemaState, type ExecutionState } from './executionState';

/** Executions kept per sync (older ones are forgotten, like a retention window). */
const HISTORY_LIMIT = 200;
/** Executions one sync may create in one clock step; a bigger jump skips ahead (a gap in history). */
const CATCH_UP_LIMIT = 25;

export class Organization {
  readonly syncs: Sync[] = [];
  private readonly byId = new Map<string, Sync>();
  private readonly executionsById = new Map<string, Execution>();
  readonly seed: number;
  /** the latest time the schedules were processed up to */
  private time: number;

  constructor(options: OrganizationOptions) {
    this.seed = options.seed;
    this.time = options.startTime;
    const orgRandom = new Random(mixSeed(options.seed, 0x0a9));
    const roles = assignRoles(options.syncs, orgRandom, options.scheduleMix ?? 'demo');
    for (let i = 0; i < options.syncs; i++) {
      const sync = createSync(i, options, roles[i], (s, exec) => this.addExecution(s, exec));
      this.syncs.push(sync);
      this.byId.set(sync.id, sync);
    }
  }

  private addExecution(sync: Sync, exec: Execution): void {
    sync.executions.push(exec);
    this.executionsById.set(exec.id, exec);
    for (const run of exec.runs) sync.latestBySchema.set(run.schema, exec);
    if (sync.executions.length > HISTORY_LIMIT) {
      const dropped = sync.executions.shift();
      if (dropped && ![...dropped.runs].some((r) => sync.latestBySchema.get(r.schema) === dropped)) {
        this.executionsById.delete(dropped.id);
      }
    }
  }


  // ---------------------------------------------------------------- clock

  /** Processes schedules up to `t`: starts the executions whose time has come. */
  advanceTo(t: number): void {
    if (t <= this.time) return;
    this.time = t;
    for (const sync of this.syncs) {
      if (!sync.active || sync.stalled) continue;
      const schedule = sync.schedule;
      if (schedule.view.frequency === 'continuous') {
        let created = 0;
        for (;;) {
          const next = this.continuousNext(sync);
          if (next > t) break;
          if (created++ >= CATCH_UP_LIMIT) {
            sync.notBefore = t + schedule.gapMs;
            break;
          }
          this.createExecution(sync, next, { type: 'scheduled' });
        }
      } else if (isPeriodic(schedule)) {
        let created = 0;
        while (sync.nextRunAt <= t) {
          if (created >= CATCH_UP_LIMIT) {
            sync.nextRunAt = nextTick(schedule, t);
            break;
          }
          const tick = sync.nextRunAt;
          const last = sync.executions[sync.executions.length - 1];
          if (last && last.endAt > tick) {
            // a run still going at the tick means the tick is skipped: runs of one sync never overlap.
            // While it still runs, wait (a cancel may end it early); once over, go to the first tick after it.
            if (last.endAt > t) break;
            sync.nextRunAt = nextTick(schedule, last.endAt - 1);
            continue;
          }
          this.createExecution(sync, tick, { type: 'scheduled' });
          created++;
          sync.nextRunAt = nextTick(schedule, tick);
        }
      }
    }
  }

  private continuousNext(sync: Sync): number {
    const last = sync.executions[sync.executions.length - 1];
    return Math.max(sync.notBefore, last ? last.endAt + sync.schedule.gapMs : sync.notBefore);
  }

  private createExecution(sync: Sync, at: number, options: StartOptions): Execution {
    sync.execSeq++;
    const exec = planExecution(this.seed, sync, sync.execSeq, 0, options);
    shiftExecution(exec, at);
    this.addExecution(sync, exec);
    return exec;
  }

  /** For the levers in server/anomalies.ts: plans a new execution of the sync (not yet kept), created at 0. */
  planNext(sync: Sync, options: StartOptions): Execution {
    sync.execSeq++;
    return planExecution(this.seed, sync, sync.execSeq, 0, options);
  }

  /**
   * For the levers in server/anomalies.ts: keeps executions planned by planNext, wherever they fall
   * in time. The list is re-sorted by end time and re-numbered, so the executions endpoint
   * still pages newest first by `seq`; the oldest beyond the retention window go.
   */
  insertExecutions(sync: Sync, executions: Execution[]): void {
    for (const exec of executions) {
      sync.executions.push(exec);
      this.executionsById.set(exec.id, exec);
    }
    // By end: a run the lever made that ends when another one did (a failure at the same instant
    // of a manual clock) comes after it, so the lever's run is the sync's latest.
    const added = new Set(executions);
    sync.executions.sort((a, b) => a.endAt - b.endAt || Number(added.has(a)) - Number(added.has(b)) || a.createdAt - b.createdAt || a.seq - b.seq);
    while (sync.executions.length > HISTORY_LIMIT) {
      const dropped = sync.executions.shift();
      if (dropped) this.executionsById.delete(dropped.id);
    }
    sync.executions.forEach((exec, i) => (exec.seq = i + 1));
    sync.execSeq = Math.max(sync.execSeq, sync.executions.length);
    sync.latestBySchema.clear();
    for (const exec of sync.executions) for (const run of exec.runs) sync.latestBySchema.set(run.schema, exec);
  }

  // ---------------------------------------------------------------- queries

  sync(id: string): Sync | undefined {
    return this.byId.get(id);
  }

  execution(sync: Sync, execId: string): Execution | undefined {
    const exec = this.executionsById.get(execId);
    return exec && exec.sync === sync ? exec : undefined;
  }

  executionById(execId: string): Execution | undefined {
    return this.executionsById.get(execId);
  }

  /** The execution still in progress at t, if any (there is at most one per sync). */
  activeExecution(sync: Sync, t: number): Execution | undefined {
    const last = sync.executions[sync.executions.length - 1];
    return last && last.endAt > t && last.createdAt <= t ? last : undefined;
  }

  latestExecution(sync: Sync): Execution | undefined {
    return sync.executions[sync.executions.length - 1];
  }

  /** The last finished execution at t. */
  lastFinishedExecution(sync: Sync, t: number): Execution | undefined {
    for (let i = sync.executions.length - 1; i >= 0; i--) {
      if (sync.executions[i].endAt <= t) return sync.executions[i];
    }
    return undefined;
  }

  nextExecutionTime(sync: Sync, t: number): number | undefined {
    if (!sync.active) return undefined;
    if (sync.schedule.view.frequency === 'continuous') return Math.max(this.continuousNext(sync), t);
    if (isPeriodic(sync.schedule)) return sync.nextRunAt > t ? sync.nextRunAt : nextTick(sync.schedule, t);
    return undefined;
  }

  // ---------------------------------------------------------------- actions

  startExecution(sync: Sync, t: number, options: StartOptions): Execution | 'conflict' {
    if (this.activeExecution(sync, t)) return 'conflict';
    return this.createExecution(sync, t, options);
  }

  /** Requests cancellation; the execution is `canceling` for CANCEL_DELAY_MS, then `canceled`. */
  cancelExecution(exec: Execution, t: number, reason: string): 'requested' | 'alreadyCanceling' | 'finished' {
    if (exec.endAt <= t) return 'finished';
    if (exec.cancelRequestedAt !== undefined) return 'alreadyCanceling';
    const endAt = t + CANCEL_DELAY_MS;
    exec.cancelRequestedAt = t;
    exec.changedAt = t;
    for (const run of exec.runs) {
      if (run.endAt > t) {
        run.frozenAt = t;
        run.endAt = endAt;
        run.outcome = 'canceled';
        run.message = reason;
      }
    }
    exec.endAt = endAt;
    exec.outcome = 'canceled';
    exec.message = reason;
    return 'requested';
  }

  setActive(sync: Sync, active: boolean, t: number): void {
    if (sync.active === active) return;
    sync.active = active;
    sync.updatedAt = t;
    if (active) {
      if (isPeriodic(sync.schedule)) sync.nextRunAt = nextTick(sync.schedule, t);
      sync.notBefore = t + sync.schedule.gapMs;
    } else {
      const exec = this.activeExecution(sync, t);
      if (exec) this.cancelExecution(exec, t, 'Canceled: the sync was deactivated');
    }
  }

  /** Test lever: the current (or a new) execution ends `failed` now; the named schemas fail. */
  failSync(sync: Sync, t: number, schemas: string[] | undefined, message: string | undefined): Execution {
    const unknown = (schemas ?? []).filter((s) => !sync.schemas.includes(s));
    if (unknown.length > 0) throw new LeverError(`unknown schema(s) for sync ${sync.id}: ${unknown.join(', ')}`);
    const text = message ?? sync.destination.failures[0];
    let exec = this.activeExecution(sync, t);
    if (!exec) {
      exec = this.createExecution(sync, t, { type: 'manual' });
      exec.queuedAt = t;
      exec.startedAt = t;
    }
    const targets = new Set(schemas && schemas.length > 0 ? schemas : exec.runs.filter((r) => r.endAt > t).map((r) => r.schema));
    if (targets.size === 0) for (const r of exec.runs) targets.add(r.schema);
    for (const run of exec.runs) {
      if (!targets.has(run.schema) && run.endAt <= t) continue;
      run.frozenAt = Math.min(run.frozenAt ?? t, t);
      run.endAt = t;
      if (targets.has(run.schema)) {
        run.outcome = 'failed';
        run.message = text;
      } else {
        run.outcome = 'canceled';
        run.message = 'Canceled: another schema failed and the execution stopped';
      }
    }
    // schemas named but not part of this execution (a partial run) get no row: nothing to mark
    exec.endAt = t;
    exec.outcome = 'failed';
    exec.message = text;
    exec.changedAt = t;
    return exec;
  }

  /** Test lever: the schema's latest execution row shows `status` from now on (the sync status is left alone). */
  setSchemaStatus(sync: Sync, schema: string, status: string, message: string | undefined, t: number): void {
    if (!sync.schemas.includes(schema)) throw new LeverError(`unknown schema ${schema} for sync ${sync.id}`);
    let exec = sync.latestBySchema.get(schema);
    if (!exec) exec = this.createExecution(sync, t, { type: 'manual', schemas: [schema] });
    const run = runFor(exec, schema);
    if (run) run.override = { status, message, at: t };
    exec.changedAt = t;
  }

  rename(sync: Sync, name: string, t: number): void {
    sync.name = name;
    sync.updatedAt = t;
  }
}
