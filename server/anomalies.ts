/**
 * Levers for insights (issue 16): the cases a run judgement must catch, on demand.
 *   - 'volume': steady past runs (a baseline), then a run that just finished having moved 0
 *     records for one schema;
 *   - 'slow': the same baseline, then a run of that schema that took 10x as long;
 *   - 'stall': the sync's schedule starts no more runs (it stays active), so its last success ages.
 * Exposed as `POST /__control/syncs/{id}/anomaly` and the CLI's `--anomaly KIND` (on the first idle
 * syncs). Deterministic: the baseline's numbers depend only on the sync and schema.
 */
import { LeverError, type Execution, type Organization, type SchemaRun, type Sync } from './simulation';
import { shiftExecution } from './simulation';

export const ANOMALY_KINDS = ['volume', 'slow', 'stall'] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

export interface AnomalyOptions {
  /** the schema the anomaly hits (default: the sync's first) */
  schema?: string;
  /** steady runs before the anomalous one (default 10, 0..60) */
  baseline?: number;
}

const MINUTE = 60_000;
/** the baseline's run of the target schema reads for this long; 'slow' takes 10x */
const BASE_READ_MS = 2 * MINUTE;
const SLOW_FACTOR = 10;

/** What the lever did, for the control endpoint's answer. */
export interface AnomalyResult {
  kind: AnomalyKind;
  syncId: string;
  schema?: string;
  /** the anomalous execution ('volume', 'slow') */
  executionId?: string;
  baselineRuns: number;
}

export function makeAnomaly(org: Organization, sync: Sync, kind: AnomalyKind, t: number, options: AnomalyOptions = {}): AnomalyResult {
  if (kind === 'stall') {
    sync.stalled = true;
    return { kind, syncId: sync.id, baselineRuns: 0 };
  }
  const schema = options.schema ?? sync.schemas[0];
  if (!schema || !sync.schemas.includes(schema)) throw new LeverError(`unknown schema ${String(options.schema)} for sync ${sync.id}`);
  const last = sync.executions[sync.executions.length - 1];
  if (last && last.endAt > t) throw new LeverError(`sync ${sync.id} has a run in progress; the lever needs an idle sync`);
  const baseline = Math.max(0, Math.min(60, Math.floor(options.baseline ?? 10)));
  const typical = Math.max(500, Math.round((sync.sizes.get(schema) ?? 10_000) * 0.02));

  const anomalous = org.planNext(sync, { type: 'scheduled', forceOutcome: 'completed' });
  shape(anomalous, schema, kind === 'volume' ? 0 : typical, kind === 'slow' ? SLOW_FACTOR * BASE_READ_MS : BASE_READ_MS);
  // It has just finished; each baseline run ends a minute before the next one starts.
  let endAt = t;
  const planned: Execution[] = [];
  for (const exec of [anomalous, ...Array.from({ length: baseline }, () => org.planNext(sync, { type: 'scheduled', forceOutcome: 'completed' }))]) {
    if (exec !== anomalous) shape(exec, schema, Math.round(typical * (0.95 + 0.1 * ((planned.length * 7) % 10) / 10)), BASE_READ_MS);
    shiftExecution(exec, endAt - (exec.endAt - exec.createdAt));
    planned.push(exec);
    endAt = exec.createdAt - MINUTE;
  }
  org.insertExecutions(sync, planned);
  return { kind, syncId: sync.id, schema, executionId: anomalous.id, baselineRuns: baseline };
}

/** The target schema's run moves `records` and reads for `readMs`; the execution ends when its last run does. */
function shape(exec: Execution, schema: string, records: number, readMs: number): void {
  const run = exec.runs.find((r: SchemaRun) => r.schema === schema);
  if (!run) return;
  run.totalRecords = records;
  run.totalErrors = 0;
  run.totalWarnings = 0;
  run.recordProblem = undefined;
  run.message = `Synced ${records.toLocaleString('en-US')} records to ${run.outputName}`;
  run.runEnd = run.startAt + readMs;
  run.exportEnd = run.runEnd + 5_000;
  run.procEnd = run.exportEnd + 5_000;
  run.endAt = run.procEnd;
  exec.endAt = Math.max(exec.startedAt, ...exec.runs.map((r) => r.endAt));
}

/**
 * The CLI's `--anomaly KIND` (and `npm start`): each kind on its own sync, the first active ones
 * with no run in progress, in the organization's order. Kinds that find no such sync are skipped.
 */
export function plantAnomalies(org: Organization, kinds: readonly AnomalyKind[], t: number): AnomalyResult[] {
  const used = new Set<string>();
  const results: AnomalyResult[] = [];
  for (const kind of kinds) {
    const sync = org.syncs.find((s) => {
      const last = s.executions[s.executions.length - 1];
      return s.active && !used.has(s.id) && s.schemas.length > 0 && (!last || last.endAt <= t) && last?.outcome !== 'failed';
    });
    if (!sync) continue;
    used.add(sync.id);
    results.push(makeAnomaly(org, sync, kind, t));
  }
  return results;
}
