/**
 * What the sync details view shows, computed from the shared snapshot and the run history: the
 * sync's recent executions (one per run, its schemas' runs joined), each schema's last run
 * against its typical one (median of its earlier successful runs, ./stats.ts), and the anomalies
 * the judgement (./judge.ts) finds. Pure: the HTML is drawn from this by
 * ../view/details/detailsHtml.ts, and the adapter (src/vscode/details/) only supplies the inputs.
 */
import type { StatusInfo, SyncSnapshot } from '../api/contract';
import { statusInfo } from '../state/statusTable';
import type { RunHistory } from './history';
import { judgeSchema } from './judge';
import { isSuccessful } from './sources';
import { medianInPlace } from './stats';
import type { Anomaly, DurationAnomaly, JudgeOptions, VolumeAnomaly } from './types';

/** How far the history of this sync has been loaded. */
export type HistoryLoad = { state: 'loading' } | { state: 'ready' } | { state: 'failed'; message: string };

/** One execution of the sync: its schemas' finished runs joined. */
export interface RunBar {
  executionId: string;
  /** the worst status of its schemas (raw server text) */
  status: string;
  info: StatusInfo;
  startedAt: number;
  durationMs: number;
  /** the records its schemas moved; undefined when the server gave no count for any of them */
  records?: number;
  /** schemas that ran in it */
  schemas: number;
}

export interface SchemaRow {
  schema: string;
  /** the latest status the tree shows (snapshot), else the last run's */
  status?: string;
  info: StatusInfo;
  /** execution of the latest run the tree shows, for its logs */
  executionId?: string;
  lastRecords?: number;
  typicalRecords?: number;
  lastDurationMs?: number;
  typicalDurationMs?: number;
  /** earlier successful runs the typical values come from */
  runsCompared: number;
  anomalies: Array<VolumeAnomaly | DurationAnomaly>;
}

export interface DetailsModel {
  syncId: string;
  name: string;
  info: StatusInfo;
  active?: boolean;
  inProgress: boolean;
  /** oldest first, at most `maxRuns` */
  runs: RunBar[];
  schemas: SchemaRow[];
  anomalies: Array<VolumeAnomaly | DurationAnomaly>;
  load: HistoryLoad;
  /** when the shared state was taken (epoch ms) */
  takenAt?: number;
}

export interface DetailsInput {
  sync: SyncSnapshot;
  history: RunHistory;
  load: HistoryLoad;
  takenAt?: number;
  maxRuns?: number;
  judge?: Partial<JudgeOptions>;
  /**
   * The anomalies already judged for this sync (the insights service's: the ones the tree marks).
   * Given, they are what the page shows; without them it judges the history itself.
   */
  anomalies?: readonly Anomaly[];
}

const DEFAULT_MAX_RUNS = 30;

export function buildDetailsModel(input: DetailsInput): DetailsModel {
  const { sync, history } = input;
  const schemas = schemaRows(sync, history, input.judge);
  const given = input.anomalies;
  if (given) for (const row of schemas) row.anomalies = given.filter((a): a is VolumeAnomaly | DurationAnomaly => a.kind !== 'stale' && a.schema === row.schema);
  return {
    syncId: sync.id,
    name: sync.name,
    info: sync.info,
    active: sync.active,
    inProgress: sync.info.category === 'inProgress' || sync.schemas.some((s) => s.info.category === 'inProgress'),
    runs: recentRuns(history, sync.id, input.maxRuns ?? DEFAULT_MAX_RUNS),
    schemas,
    anomalies: schemas.flatMap((row) => row.anomalies),
    load: input.load,
    takenAt: input.takenAt,
  };
}

/** The sync's executions, newest `max`, oldest first: each schema run kept, grouped by execution. */
export function recentRuns(history: RunHistory, syncId: string, max: number): RunBar[] {
  const byId = new Map<string, { status: string; severity: number; start: number; end: number; records?: number; schemas: number }>();
  for (const schema of history.schemas(syncId)) {
    for (const run of history.runs(syncId, schema)) {
      const severity = statusInfo(run.status).severity;
      const bar = byId.get(run.executionId);
      if (!bar) {
        byId.set(run.executionId, { status: run.status, severity, start: run.startedAt, end: run.completedAt, records: run.records, schemas: 1 });
        continue;
      }
      bar.schemas++;
      bar.start = Math.min(bar.start, run.startedAt);
      bar.end = Math.max(bar.end, run.completedAt);
      if (run.records !== undefined) bar.records = (bar.records ?? 0) + run.records;
      if (severity > bar.severity) {
        bar.severity = severity;
        bar.status = run.status;
      }
    }
  }
  const bars: RunBar[] = [...byId].map(([executionId, b]) => {
    const bar: RunBar = { executionId, status: b.status, info: statusInfo(b.status), startedAt: b.start, durationMs: b.end - b.start, schemas: b.schemas };
    if (b.records !== undefined) bar.records = b.records;
    return bar;
  });
  bars.sort((a, b) => a.startedAt - b.startedAt || (a.executionId < b.executionId ? -1 : a.executionId > b.executionId ? 1 : 0));
  return bars.slice(Math.max(0, bars.length - Math.max(1, max)));
}

/** One row per schema the tree shows, then any schema only the history knows. */
function schemaRows(sync: SyncSnapshot, history: RunHistory, judge: Partial<JudgeOptions> | undefined): SchemaRow[] {
  const rows: SchemaRow[] = [];
  const shown = new Set<string>();
  for (const schema of sync.schemas) {
    if (schema.noId) continue;
    shown.add(schema.schema);
    rows.push(schemaRow(sync.id, schema.schema, history, judge, schema.status, schema.executionId));
  }
  for (const schema of history.schemas(sync.id)) if (!shown.has(schema)) rows.push(schemaRow(sync.id, schema, history, judge, undefined, undefined));
  return rows;
}

function schemaRow(syncId: string, schema: string, history: RunHistory, judge: Partial<JudgeOptions> | undefined, status: string | undefined, executionId: string | undefined): SchemaRow {
  const runs = history.schemaRuns(syncId, schema);
  const last = runs ? runs.ids.length - 1 : -1;
  const lastStatus = status ?? (last >= 0 ? runs?.statuses[last] : undefined);
  const row: SchemaRow = { schema, info: statusInfo(lastStatus), runsCompared: 0, anomalies: [] };
  if (lastStatus !== undefined) row.status = lastStatus;
  const lastExecution = executionId ?? (last >= 0 ? runs?.ids[last] : undefined);
  if (lastExecution) row.executionId = lastExecution;
  if (!runs || last < 0) return row;
  if (runs.records[last] >= 0) row.lastRecords = runs.records[last];
  row.lastDurationMs = runs.durations[last];
  const records: number[] = [];
  const durations: number[] = [];
  for (let i = 0; i < last; i++) {
    if (!isSuccessful(runs.statuses[i])) continue;
    durations.push(runs.durations[i]);
    if (runs.records[i] >= 0) records.push(runs.records[i]);
  }
  row.runsCompared = durations.length;
  if (records.length > 0) row.typicalRecords = medianInPlace(records);
  if (durations.length > 0) row.typicalDurationMs = medianInPlace(durations);
  row.anomalies = judgeSchema(syncId, schema, runs, judge);
  return row;
}
