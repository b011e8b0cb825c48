/**
 * Planning one execution of the simulated organization: from a generator seeded by
 * (organization seed, sync, execution number), when each schema starts, how long it reads,
 * exports and processes, how many records it moves, and how the execution ends. Also moving a
 * plan in time (shiftExecution) and the number format its messages use.
 */
import { GENERIC_FAILURES, INTERRUPTED_MESSAGE } from './catalog';
import type { Execution, ExecutionOutcome, FetchMode, SchemaOutcome, SchemaRun, StartOptions, Sync } from './model';
import { mixSeed, Random } from './prng';

/** Plans a whole execution created at `createdAt`. Deterministic in (seed, sync, seq). */
export function planExecution(seed: number, sync: Sync, seq: number, createdAt: number, options: StartOptions): Execution {
  const random = new Random(mixSeed(seed, sync.index, seq, 0xe7ec));
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
  applyOutcome(exec, outcome === 'canceled' ? 'completed' : outcome, random, options);
  return exec;
}

function applyOutcome(exec: Execution, outcome: Exclude<ExecutionOutcome, 'canceled'>, random: Random, options: StartOptions): void {
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

/** Moves a whole plan in time so the execution is created at `createdAt`. */
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

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function sum<T>(items: readonly T[], f: (item: T) => number): number {
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
