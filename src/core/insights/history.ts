/**
 * The bounded run history: per sync, per schema, the last `runsPerSchema` finished runs, oldest
 * first. Stored as columns (one array per field) rather than one object per run: 2,000 syncs x 25
 * schemas x 30 runs is 1.5 million runs, and an object per run would cost about twice the memory
 * (bench/insights.ts measures it). Execution ids are shared between the schemas of one execution.
 *
 * Merging is idempotent and order-independent: a run is known by (schema, execution id), and runs
 * are kept sorted by start time (then id), so the same runs give the same history however and
 * however often they arrive (backfill pages, status polls, a restored session).
 */
import { DEFAULT_HISTORY_LIMITS, type AddOutcome, type HistoryLimits, type RunRecord } from './types';

/** A schema's runs as columns, oldest first. `records[i]` is -1 when the server did not say. */
export interface SchemaRuns {
  readonly ids: readonly string[];
  readonly statuses: readonly string[];
  readonly started: readonly number[];
  readonly durations: readonly number[];
  readonly records: readonly number[];
}

interface MutableSchemaRuns {
  ids: string[];
  statuses: string[];
  started: number[];
  durations: number[];
  records: number[];
}

interface SyncEntry {
  schemas: Map<string, MutableSchemaRuns>;
  /** recent distinct execution ids of this sync, so schemas of one execution share one string */
  recentIds: string[];
  backfilledAt?: number;
}

/** Execution ids remembered per sync for sharing (a ring; a miss only costs a duplicate string). */
const RECENT_IDS = 64;
const MAX_ID_LENGTH = 200;
const MAX_STATUS_LENGTH = 100;

/** Why a run cannot be kept, or undefined when it can. The message is safe to show (no server text). */
export function checkRun(run: RunRecord): string | undefined {
  if (typeof run.executionId !== 'string' || run.executionId === '' || run.executionId.length > MAX_ID_LENGTH) return 'the execution id is missing or too long';
  if (typeof run.status !== 'string' || run.status === '' || run.status.length > MAX_STATUS_LENGTH) return 'the status is missing or too long';
  if (!Number.isFinite(run.startedAt) || !Number.isFinite(run.completedAt)) return 'the start or end time is missing';
  if (run.completedAt < run.startedAt) return 'it ends before it starts';
  if (run.records !== undefined && !(Number.isFinite(run.records) && run.records >= 0)) return 'the record count is not a count';
  return undefined;
}

function checkLimits(limits: HistoryLimits): HistoryLimits {
  for (const [key, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`history limit ${key} must be a whole number >= 1 (got ${String(value)})`);
  }
  return limits;
}

export class RunHistory {
  readonly limits: Readonly<HistoryLimits>;
  /** Map order = least recently updated first (an update moves the sync to the end). */
  private readonly syncs = new Map<string, SyncEntry>();
  /** the sync moved to the end of `syncs` last (re-inserting it again would change nothing) */
  private lastUpdated?: string;
  /** syncs and schemas dropped so far (limits, forget): a run merged before may be gone */
  private drops = 0;

  constructor(limits: Partial<HistoryLimits> = {}) {
    this.limits = Object.freeze(checkLimits({ ...DEFAULT_HISTORY_LIMITS, ...limits }));
  }

  /** Merges one finished run. Never throws; `invalid` runs are not kept (see checkRun). */
  add(syncId: string, schema: string, run: RunRecord): AddOutcome {
    if (typeof syncId !== 'string' || syncId === '' || typeof schema !== 'string' || schema === '') return 'invalid';
    if (checkRun(run)) return 'invalid';
    let sync = this.syncs.get(syncId);
    let runs = sync?.schemas.get(schema);
    if (runs && runs.ids.includes(run.executionId)) return 'duplicate';
    const position = runs ? insertionPoint(runs, run) : 0;
    if (runs && position === 0 && runs.ids.length >= this.limits.runsPerSchema) return 'tooOld';
    if (!sync) {
      sync = { schemas: new Map(), recentIds: [] };
      this.syncs.set(syncId, sync);
      if (this.syncs.size > this.limits.syncs) {
        this.syncs.delete(this.syncs.keys().next().value as string);
        this.drops++;
      }
    } else if (this.lastUpdated !== syncId) {
      this.syncs.delete(syncId);
      this.syncs.set(syncId, sync);
    }
    this.lastUpdated = syncId;
    if (!runs) {
      runs = { ids: [], statuses: [], started: [], durations: [], records: [] };
      sync.schemas.set(schema, runs);
    }
    const id = shareId(sync, run.executionId);
    if (runs.ids.length >= this.limits.runsPerSchema) {
      // Full (the usual case once a history is built): the oldest run goes and the others move
      // down in place. No new arrays, so a poll that brings thousands of runs does not feed the
      // garbage collector five arrays per run (bench/profileInsights.ts).
      shiftString(runs.ids, position, id);
      shiftString(runs.statuses, position, run.status);
      shiftNumber(runs.started, position, run.startedAt);
      shiftNumber(runs.durations, position, run.completedAt - run.startedAt);
      shiftNumber(runs.records, position, run.records ?? -1);
    } else {
      // New arrays of the exact length: arrays grown by push keep spare capacity (a third more memory).
      runs.ids = withString(runs.ids, position, id);
      runs.statuses = withString(runs.statuses, position, run.status);
      runs.started = withNumber(runs.started, position, run.startedAt);
      runs.durations = withNumber(runs.durations, position, run.completedAt - run.startedAt);
      runs.records = withNumber(runs.records, position, run.records ?? -1);
    }
    if (sync.schemas.size > this.limits.schemasPerSync) {
      this.drops++;
      if (dropStalestSchema(sync.schemas) === schema) return 'tooOld';
    }
    return 'added';
  }

  /** Whether a run of that execution is kept for that schema (cheap: the newest is checked first). */
  knows(syncId: string, schema: string, executionId: string): boolean {
    const ids = this.syncs.get(syncId)?.schemas.get(schema)?.ids;
    if (!ids || ids.length === 0) return false;
    return ids[ids.length - 1] === executionId || ids.includes(executionId);
  }

  /** The schema's runs as columns, oldest first (read-only view; do not keep it across adds). */
  schemaRuns(syncId: string, schema: string): SchemaRuns | undefined {
    return this.syncs.get(syncId)?.schemas.get(schema);
  }

  /** The schema's runs as records, oldest first (a copy). */
  runs(syncId: string, schema: string): RunRecord[] {
    const runs = this.schemaRuns(syncId, schema);
    if (!runs) return [];
    return runs.ids.map((executionId, i) => {
      const run: RunRecord = { executionId, status: runs.statuses[i], startedAt: runs.started[i], completedAt: runs.started[i] + runs.durations[i] };
      if (runs.records[i] >= 0) run.records = runs.records[i];
      return run;
    });
  }

  /** least recently updated first */
  syncIds(): string[] {
    return [...this.syncs.keys()];
  }

  schemas(syncId: string): string[] {
    return [...(this.syncs.get(syncId)?.schemas.keys() ?? [])];
  }

  has(syncId: string): boolean {
    return this.syncs.has(syncId);
  }

  /** When a backfill of this sync last finished (epoch ms), so it is done once, lazily. */
  backfilledAt(syncId: string): number | undefined {
    return this.syncs.get(syncId)?.backfilledAt;
  }

  markBackfilled(syncId: string, at: number): void {
    const sync = this.syncs.get(syncId);
    if (sync) sync.backfilledAt = at;
  }

  /** Drops a sync (deleted on the server, or out of scope). */
  forget(syncId: string): void {
    if (this.syncs.delete(syncId)) this.drops++;
    if (this.lastUpdated === syncId) this.lastUpdated = undefined;
  }

  /**
   * How many syncs and schemas were dropped so far (limits, forget). While it stays the same, every
   * run merged before is still kept or was outranked by newer runs of its schema, so a poll row seen
   * before needs no merging again (the insights service skips unchanged rows).
   */
  droppedCount(): number {
    return this.drops;
  }

  /** Counts, for bounds and the bench. */
  size(): { syncs: number; schemas: number; runs: number } {
    let schemas = 0;
    let runs = 0;
    for (const sync of this.syncs.values()) {
      schemas += sync.schemas.size;
      for (const r of sync.schemas.values()) runs += r.ids.length;
    }
    return { syncs: this.syncs.size, schemas, runs };
  }

}

/** Where a run goes so that runs stay sorted by (start, id). */
function insertionPoint(runs: MutableSchemaRuns, run: RunRecord): number {
  let i = runs.ids.length;
  while (i > 0 && (runs.started[i - 1] > run.startedAt || (runs.started[i - 1] === run.startedAt && runs.ids[i - 1] > run.executionId))) i--;
  return i;
}

/** The schema whose newest run is the oldest goes; ties: the first in map order. */
function dropStalestSchema(schemas: Map<string, MutableSchemaRuns>): string | undefined {
  let stalest: string | undefined;
  let stalestAt = Infinity;
  for (const [name, runs] of schemas) {
    const newest = runs.started.length ? runs.started[runs.started.length - 1] : -Infinity;
    if (newest < stalestAt) {
      stalestAt = newest;
      stalest = name;
    }
  }
  if (stalest !== undefined) schemas.delete(stalest);
  return stalest;
}

/**
 * `column` with `value` inserted at `position`, in an exact-size array. Two copies of one function
 * on purpose: V8 remembers per `new Array` site what the arrays made there hold, and one site
 * shared with strings would box every number (+16 bytes).
 */
function withString(column: readonly string[], position: number, value: string): string[] {
  const out = new Array<string>(column.length + 1);
  let j = 0;
  for (let i = 0; i < position; i++) out[j++] = column[i];
  out[j++] = value;
  for (let i = position; i < column.length; i++) out[j++] = column[i];
  return out;
}

function withNumber(column: readonly number[], position: number, value: number): number[] {
  const out = new Array<number>(column.length + 1);
  let j = 0;
  for (let i = 0; i < position; i++) out[j++] = column[i];
  out[j++] = value;
  for (let i = position; i < column.length; i++) out[j++] = column[i];
  return out;
}

/** In a full column: the first value goes, those before `position` (>= 1) move down one, `value` goes in before the rest. Two copies, one per element kind, as above. */
function shiftString(column: string[], position: number, value: string): void {
  for (let i = 1; i < position; i++) column[i - 1] = column[i];
  column[position - 1] = value;
}

function shiftNumber(column: number[], position: number, value: number): void {
  for (let i = 1; i < position; i++) column[i - 1] = column[i];
  column[position - 1] = value;
}

function shareId(sync: SyncEntry, id: string): string {
  const recent = sync.recentIds;
  for (let i = recent.length - 1; i >= 0; i--) if (recent[i] === id) return recent[i]; // newest first
  sync.recentIds.push(id);
  if (sync.recentIds.length > RECENT_IDS) sync.recentIds.shift();
  return id;
}
