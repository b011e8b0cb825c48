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
 */
import {
  DESTINATIONS, GENERIC_FAILURES, INTERRUPTED_MESSAGE, REGION_SUFFIXES, SOURCES, SYNC_PAIRS,
  type DestinationKind, type SourceKind,
} from './catalog';
import { mixSeed, Random } from './prng';
import {
  continuousSchedule, dailySchedule, everyMinutesSchedule, hourlySchedule, isPeriodic, manualSchedule,
  nextTick, previousTick, weeklySchedule, type Schedule,
} from './schedule';

export const EXECUTION_STATUSES = [
  'created', 'scheduled', 'running', 'exporting', 'canceling', 'canceled', 'completed', 'failed',
  'processing', 'errors', 'interrupted',
] as const;
export const SCHEMA_STATUSES = [
  'created', 'scheduled', 'running', 'exporting', 'canceled', 'completed', 'failed', 'interrupted', 'processing',
] as const;

export type ExecutionOutcome = 'completed' | 'errors' | 'failed' | 'interrupted' | 'canceled';
type SchemaOutcome = 'completed' | 'failed' | 'canceled' | 'interrupted';
export type FetchMode = 'none' | 'incremental' | 'full';
export type ResyncMode = 'refetch' | 'resync' | 'rebuild';

/** Time a cancellation takes to reach the workers; meanwhile the execution is `canceling`. */
export const CANCEL_DELAY_MS = 3_000;
/** Executions kept per sync (older ones are forgotten, like a retention window). */
const HISTORY_LIMIT = 200;
/** Executions one sync may create in one clock step; a bigger jump skips ahead (a gap in history). */
const CATCH_UP_LIMIT = 25;

export interface SchemaRun {
  schema: string;
  outputName: string;
  /** leaves `scheduled` and starts reading */
  startAt: number;
  runEnd: number;
  exportEnd: number;
  procEnd: number;
  /** becomes terminal (<= procEnd when the plan ends early) */
  endAt: number;
  outcome: SchemaOutcome;
  message: string;
  totalRecords: number;
  totalErrors: number;
  totalWarnings: number;
  /** progress stops here (cancellation requested); the run shows that state until endAt */
  frozenAt?: number;
  /** set by the setSchemaStatus lever */
  override?: { status: string; message?: string; at: number };
  /** a per-record problem, for logs and messages */
  recordProblem?: string;
}

export interface Execution {
  id: string;
  seq: number;
  sync: Sync;
  type: 'scheduled' | 'manual';
  createdAt: number;
  queuedAt: number;
  startedAt: number;
  endAt: number;
  outcome: ExecutionOutcome;
  message: string;
  isTest: boolean;
  isResync: boolean;
  isPartial: boolean;
  fetchMode: FetchMode;
  resyncMode?: ResyncMode;
  runs: SchemaRun[];
  cancelRequestedAt?: number;
  /** last time an intervention changed the plan */
  changedAt?: number;
  /** built on first use by runFor() */
  runMap?: Map<string, SchemaRun>;
}

export interface Sync {
  index: number;
  id: string;
  name: string;
  active: boolean;
  source: SourceKind;
  destination: DestinationKind;
  sourceConnectionId: string;
  destinationConnectionId: string;
  schedule: Schedule;
  schemas: string[];
  sizes: Map<string, number>;
  /** the share of a schema's rows a normal run moves: its own, steady from run to run */
  shares: Map<string, number>;
  outputNames: Map<string, string>;
  lanes: number;
  createdAt: number;
  updatedAt: number;
  executions: Execution[];
  latestBySchema: Map<string, Execution>;
  /** periodic schedules: the next tick not yet processed */
  nextRunAt: number;
  /** continuous schedules: no run starts before this (set on activation and catch-up) */
  notBefore: number;
  execSeq: number;
  /** set by the stall lever (server/anomalies.ts): the schedule starts no more runs */
  stalled?: boolean;
}

export interface SchemaState {
  status: string;
  message: string;
  records: number;
  errors: number;
  warnings: number;
  startedAt: number | null;
  completedAt: number | null;
}

/** see ApiServerOptions.scheduleMix */
export type ScheduleMix = 'demo' | 'typical';

export interface OrganizationOptions {
  syncs: number;
  schemas: number;
  seed: number;
  startTime: number;
  /** default 'demo' */
  scheduleMix?: ScheduleMix;
}

export interface StartOptions {
  type: 'scheduled' | 'manual';
  schemas?: string[];
  isTest?: boolean;
  fetchMode?: FetchMode;
  resyncMode?: ResyncMode;
  forceOutcome?: ExecutionOutcome;
  /** with a failed outcome: the whole execution stops (global) or one schema fails (schema) */
  failureKind?: 'global' | 'schema';
  failureMessage?: string;
}

type Role = 'running' | 'failed' | 'errors' | 'completed' | 'inactive' | 'continuousRunning';

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
    const roles = this.assignRoles(options.syncs, orgRandom, options.scheduleMix ?? 'demo');
    for (let i = 0; i < options.syncs; i++) {
      const sync = this.createSync(i, options, roles[i]);
      this.syncs.push(sync);
      this.byId.set(sync.id, sync);
    }
  }

  /**
   * The first syncs always show the variety a demo needs (running, failed, completed with errors,
   * inactive, continuous); the rest are drawn at random.
   */
  private assignRoles(count: number, random: Random, mix: ScheduleMix): Role[] {
    // A typical organization has no continuous sync: that slot is an ordinary finished sync.
    const featured: Role[] = ['running', 'failed', 'errors', 'inactive', mix === 'typical' ? 'completed' : 'continuousRunning', 'completed'];
    const roles: Role[] = [];
    for (let i = 0; i < count; i++) {
      if (i < featured.length) {
        roles.push(featured[i]);
        continue;
      }
      const r = random.float();
      roles.push(r < 0.1 ? 'running' : r < 0.18 ? 'failed' : r < 0.26 ? 'errors' : r < 0.38 ? 'inactive' : 'completed');
    }
    return roles;
  }

  private createSync(index: number, options: OrganizationOptions, role: Role): Sync {
    const random = new Random(mixSeed(options.seed, index, 0x5c));
    const [sourceKey, destinationKey] = SYNC_PAIRS[index % SYNC_PAIRS.length];
    const source = SOURCES[sourceKey];
    const destination = DESTINATIONS[destinationKey];
    const round = Math.floor(index / SYNC_PAIRS.length);
    let name = `${source.name} → ${destination.name}`;
    if (round > 0) {
      const k = round - 1;
      const suffix = REGION_SUFFIXES[k % REGION_SUFFIXES.length] + (k >= REGION_SUFFIXES.length ? ` ${Math.floor(k / REGION_SUFFIXES.length) + 1}` : '');
      name += ` (${suffix})`;
    }
    const id = random.uuid();
    const maxSchemas = Math.max(1, options.schemas);
    const count = random.int(Math.min(3, maxSchemas), maxSchemas);
    const schemas: string[] = [];
    for (let k = 0; k < count; k++) {
      const base = source.tables[k % source.tables.length];
      schemas.push(k < source.tables.length ? base : `${base}_archive_${Math.floor(k / source.tables.length)}`);
    }
    const sizes = new Map<string, number>();
    const shares = new Map<string, number>();
    const outputNames = new Map<string, string>();
    // Its own stream, so the rest of the organization is what it was before shares existed.
    const shareRandom = new Random(mixSeed(options.seed, index, 0x5a7e));
    for (const schema of schemas) {
      const f = random.range(0.05, 1.3);
      sizes.set(schema, Math.round(source.rowScale * f * f) + random.int(40, 4000));
      shares.set(schema, shareRandom.range(0.001, 0.04));
      outputNames.set(schema, destination.outputName(schema, sourceKey));
    }

    let schedule: Schedule;
    if ((options.scheduleMix ?? 'demo') === 'typical') {
      // Hourly and daily (about half each among the finished ones), one sync every 15 min (the
      // featured failing one), nothing continuous. Daily hours fall anywhere in the UTC day.
      if (role === 'failed' && index === 1) schedule = everyMinutesSchedule(15);
      else if (role !== 'completed' && role !== 'inactive') schedule = hourlySchedule(random.int(0, 59));
      else schedule = index % 2 === 0 ? dailySchedule(random.int(0, 23), random.pick([0, 15, 30, 45])) : hourlySchedule(random.int(0, 59));
    } else if (role === 'continuousRunning') {
      schedule = continuousSchedule(random.int(20, 90) * 1000);
    } else if (role === 'failed') {
      schedule = everyMinutesSchedule(15);
    } else if (role === 'running' || role === 'errors') {
      schedule = hourlySchedule(random.int(0, 59));
    } else {
      const r = random.float();
      schedule =
        r < 0.35 ? hourlySchedule(random.int(0, 59))
          : r < 0.5 ? everyMinutesSchedule(random.pick([5, 10, 15, 30]))
            : r < 0.7 ? dailySchedule(random.int(0, 23), random.pick([0, 15, 30, 45]))
              : r < 0.76 ? weeklySchedule(random.int(0, 6), random.int(0, 23), 0)
                : r < 0.84 ? continuousSchedule(random.int(30, 180) * 1000)
                  : manualSchedule();
    }

    const sync: Sync = {
      index,
      id,
      name,
      active: role !== 'inactive',
      source,
      destination,
      sourceConnectionId: random.uuid(),
      destinationConnectionId: random.uuid(),
      schedule,
      schemas,
      sizes,
      shares,
      outputNames,
      lanes: random.int(2, 6),
      createdAt: 0,
      updatedAt: 0,
      executions: [],
      latestBySchema: new Map(),
      nextRunAt: 0,
      notBefore: options.startTime,
      execSeq: 0,
    };
    this.createHistory(sync, role, random, options);
    const oldest = sync.executions[0]?.createdAt ?? options.startTime;
    sync.createdAt = oldest - random.int(1, 200) * 86_400_000 - random.int(0, 86_399_999);
    sync.updatedAt = oldest - random.int(0, 86_400_000);
    if (isPeriodic(schedule)) sync.nextRunAt = nextTick(schedule, options.startTime);
    return sync;
  }

  /** Past executions, newest first in generation (seq counts down), so the newest matches the role. */
  private createHistory(sync: Sync, role: Role, random: Random, options: OrganizationOptions): void {
    const start = options.startTime;
    const count = options.syncs > 200 ? random.int(1, 3) : random.int(3, 8);
    const history: Execution[] = [];
    let laterStart = start;
    for (let seq = count; seq >= 1; seq--) {
      const newest = seq === count;
      let forceOutcome: ExecutionOutcome | undefined;
      if (newest) {
        forceOutcome = role === 'failed' ? 'failed' : role === 'errors' ? 'errors'
          : role === 'completed' || role === 'running' || role === 'continuousRunning' || role === 'inactive' ? 'completed' : undefined;
      }
      const runningNow = newest && (role === 'running' || role === 'continuousRunning');
      const type = runningNow && role === 'running' ? 'manual' : isPeriodic(sync.schedule) || sync.schedule.view.frequency === 'continuous' ? 'scheduled' : 'manual';
      const exec = this.planExecution(sync, seq, 0, { type, forceOutcome, failureKind: newest && role === 'failed' ? 'global' : undefined,
        failureMessage: newest && role === 'failed' ? sync.destination.failures[0] : undefined,
      });
      const duration = exec.endAt - exec.createdAt;
      let createdAt: number;
      if (runningNow) {
        createdAt = start - Math.round(duration * random.range(0.15, 0.45));
      } else {
        const latestEnd = laterStart - 1_000;
        if (isPeriodic(sync.schedule)) {
          createdAt = previousTick(sync.schedule, latestEnd - duration);
          if (role === 'inactive' && newest) createdAt -= random.int(2, 20) * 86_400_000;
        } else if (sync.schedule.view.frequency === 'continuous') {
          createdAt = latestEnd - duration - sync.schedule.gapMs;
        } else {
          createdAt = latestEnd - duration - random.int(10 * 60_000, 3 * 86_400_000);
        }
      }
      shiftExecution(exec, createdAt);
      history.push(exec);
      laterStart = exec.createdAt;
    }
    history.reverse();
    for (const exec of history) this.addExecution(sync, exec);
    sync.execSeq = count;
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

  /** Plans a whole execution created at `createdAt`. Deterministic in (seed, sync, seq). */
  private planExecution(sync: Sync, seq: number, createdAt: number, options: StartOptions): Execution {
    const random = new Random(mixSeed(this.seed, sync.index, seq, 0xe7ec));
    const id = random.uuid();
    const queuedAt = createdAt + random.int(800, 2_500);
    const startedAt = queuedAt + random.int(1_500, 8_000);
    const schemas = options.schemas && options.schemas.length > 0 ? options.schemas : sync.schemas;
    const isTest = options.isTest ?? false;
    // BulkFetchMode: "'none' is normal operation"; 'incremental' and 'full' apply to Salesforce
    // sources only, so elsewhere 'full' reads what a normal run reads.
    const fetchMode: FetchMode = options.fetchMode ?? 'none';
    const readsEverything = fetchMode === 'full' && sync.source.name === 'Salesforce';
    const isResync = options.resyncMode !== undefined;
    const laneFree: number[] = new Array(Math.min(sync.lanes, schemas.length)).fill(startedAt);
    const runs: SchemaRun[] = schemas.map((schema) => {
      const size = sync.sizes.get(schema) ?? 1_000;
      let total: number;
      if (isTest) total = Math.min(size, random.int(20, 500));
      else if (readsEverything || isResync) total = size;
      // Real volumes are steady: a schema moves its own share of rows, within ±25 % from run to
      // run, so the only runs insights should flag are the ones server/anomalies.ts plants.
      else total = Math.min(size, Math.round(Math.max(40, size * (sync.shares.get(schema) ?? 0.02)) * random.range(0.75, 1.25)) + random.int(0, 3));
      const rate = random.range(1_500, 2_500); // records per second: steady enough that only a lever makes a run slow
      const runDuration = Math.min(600_000, 6_000 + Math.round((total / rate) * 1000) + random.int(0, 20_000));
      const exportDuration = random.int(3_000, 20_000);
      const processDuration = random.int(2_000, 12_000);
      let lane = 0;
      for (let l = 1; l < laneFree.length; l++) if (laneFree[l] < laneFree[lane]) lane = l;
      const startAt = laneFree[lane] + random.int(0, 1_500);
      const runEnd = startAt + runDuration;
      const exportEnd = runEnd + exportDuration;
      const procEnd = exportEnd + processDuration;
      laneFree[lane] = procEnd;
      return {
        schema,
        outputName: sync.outputNames.get(schema) ?? schema,
        startAt,
        runEnd,
        exportEnd,
        procEnd,
        endAt: procEnd,
        outcome: 'completed',
        message: '',
        totalRecords: total,
        totalErrors: 0,
        totalWarnings: random.chance(0.12) ? random.int(1, Math.max(1, Math.min(40, total))) : 0,
      };
    });
    const exec: Execution = {
      id, seq, sync, type: options.type, createdAt, queuedAt, startedAt, endAt: startedAt,
      outcome: 'completed', message: '', isTest, isResync, isPartial: schemas !== sync.schemas && schemas.length < sync.schemas.length,
      fetchMode, resyncMode: options.resyncMode, runs,
    };
    const roll = random.float();
    const outcome = options.forceOutcome ?? (roll < 0.74 ? 'completed' : roll < 0.86 ? 'errors' : roll < 0.96 ? 'failed' : 'interrupted');
    this.applyOutcome(exec, outcome === 'canceled' ? 'completed' : outcome, random, options);
    return exec;
  }

  private applyOutcome(exec: Execution, outcome: Exclude<ExecutionOutcome, 'canceled'>, random: Random, options: StartOptions): void {
    const { sync, runs } = exec;
    const lastEnd = Math.max(exec.startedAt, ...runs.map((r) => r.procEnd));
    for (const run of runs) {
      run.message = `Synced ${formatCount(run.totalRecords)} records to ${run.outputName}`;
      if (run.totalWarnings > 0) {
        run.recordProblem = random.pick(sync.source.recordErrors);
        run.message += ` (${run.totalWarnings} warnings: ${run.recordProblem})`;
      }
    }
    exec.outcome = outcome;
    if (outcome === 'completed') {
      exec.message = `Completed: ${formatCount(sum(runs, (r) => r.totalRecords))} records synced across ${runs.length} schemas`;
    } else if (outcome === 'errors') {
      const affected = random.shuffle([...runs]).slice(0, random.int(1, Math.min(3, runs.length)));
      for (const run of affected) {
        run.totalErrors = random.int(1, Math.max(1, Math.min(500, Math.floor(run.totalRecords / 50))));
        run.recordProblem = random.pick([...sync.destination.recordErrors, ...sync.source.recordErrors]);
        run.message = `Completed with ${formatCount(run.totalErrors)} record errors: ${run.recordProblem}`;
      }
      exec.message = `Completed with errors: ${formatCount(sum(affected, (r) => r.totalErrors))} records rejected in ${affected.length} of ${runs.length} schemas`;
    } else if (outcome === 'failed') {
      const global = random.chance(0.5);
      if ((options.failureKind ?? (global ? 'global' : 'schema')) === 'global' || runs.length === 1) {
        // the whole execution stops, e.g. the warehouse went away
        const failAt = exec.startedAt + Math.round((lastEnd - exec.startedAt) * random.range(0.2, 0.8));
        const picked = random.pick([...sync.destination.failures, ...sync.source.failures, ...GENERIC_FAILURES]);
        const message = options.failureMessage ?? picked;
        stopUnfinishedRuns(runs, failAt, 'failed', message);
        exec.message = message;
      } else {
        const run = random.pick(runs);
        run.endAt = run.startAt + Math.round((run.runEnd - run.startAt) * random.range(0.1, 0.9));
        run.outcome = 'failed';
        const picked = random.pick(sync.source.failures);
        run.message = options.failureMessage ?? picked;
        exec.message = `${run.schema}: ${run.message}`;
      }
    } else {
      const at = exec.startedAt + Math.round((lastEnd - exec.startedAt) * random.range(0.3, 0.9));
      stopUnfinishedRuns(runs, at, 'interrupted', INTERRUPTED_MESSAGE);
      exec.message = INTERRUPTED_MESSAGE;
    }
    exec.endAt = Math.max(exec.startedAt, ...runs.map((r) => r.endAt));
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
    const exec = this.planExecution(sync, sync.execSeq, 0, options);
    shiftExecution(exec, at);
    this.addExecution(sync, exec);
    return exec;
  }

  /** For the levers in server/anomalies.ts: plans a new execution of the sync (not yet kept), created at 0. */
  planNext(sync: Sync, options: StartOptions): Execution {
    sync.execSeq++;
    return this.planExecution(sync, sync.execSeq, 0, options);
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

export class LeverError extends Error {}

export function runFor(exec: Execution, schema: string): SchemaRun | undefined {
  if (!exec.runMap) exec.runMap = new Map(exec.runs.map((r) => [r.schema, r]));
  return exec.runMap.get(schema);
}

// ------------------------------------------------------------------ state at time t

export function shiftExecution(exec: Execution, createdAt: number): void {
  const d = createdAt - exec.createdAt;
  exec.createdAt += d;
  exec.queuedAt += d;
  exec.startedAt += d;
  exec.endAt += d;
  for (const run of exec.runs) {
    run.startAt += d;
    run.runEnd += d;
    run.exportEnd += d;
    run.procEnd += d;
    run.endAt += d;
  }
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

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

function sum<T>(items: readonly T[], f: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += f(item);
  return total;
}

/** Every run still going at `at` stops there with `outcome` (a failure or interruption of the whole execution). */
function stopUnfinishedRuns(runs: SchemaRun[], at: number, outcome: SchemaOutcome, message: string): void {
  for (const run of runs) {
    if (run.procEnd > at) {
      run.endAt = at;
      run.outcome = outcome;
      run.message = message;
    }
  }
}
