/**
 * Insights, wired: the one service the refresher feeds. Each new snapshot extends the run history
 * at no extra request (mergeStatuses) and only the schemas that got a new run are judged again.
 * A sync's earlier runs are backfilled lazily from its executions endpoint (paged, at most
 * `concurrency` syncs at once): when the user first looks at it (ensureBackfilled: expanded or
 * selected in the tree, details opened), or when a run just seen needs a baseline it does not
 * have. The history is kept across sessions through a HistoryStore, written debounced.
 *
 * Read API for views (the tree, the status bar, the details panel): historyOf, anomaliesOf,
 * anomalies, ensureBackfilled, onDidChange. Notifications take newAlerts() once per anomaly.
 */
import type { Clock, Disposable, Logger, Snapshot, ViewState } from '../api/contract';
import type { ExecutionPage } from '../actions/actionsContract';
import { capText } from '../api/errors';
import { backfill } from './backfill';
import { RunHistory } from './history';
import { historyText, parseHistoryText, DEFAULT_MAX_FILE_BYTES, type HistoryStore } from './historyFile';
import { judgeSchema } from './judge';
import { TestRunCheck, type ExecutionFetcher } from './testRuns';
import { SnapshotFollower, successfulBefore } from './current';
import { StaleTracker } from './staleTracker';
import { TaskQueue } from './taskQueue';
import { DEFAULT_JUDGE_OPTIONS, type Anomaly, type HistoryLimits, type JudgeOptions } from './types';

/** polytomic.anomalies: notify (default), mark only, or off (no judgement at all). */
export type AnomalyMode = 'notify' | 'mark' | 'off';
export const ANOMALY_MODES: readonly AnomalyMode[] = ['notify', 'mark', 'off'];

/** One page of a sync's executions, newest first, from the current client (rejects with ApiError). */
export type ExecutionsFetcher = (syncId: string, pageToken: string | undefined, limit: number) => Promise<ExecutionPage>;

export interface InsightsDeps {
  clock: Clock;
  logger: Logger;
  /** the current client's listExecutions; undefined while signed out */
  executions(): ExecutionsFetcher | undefined;
  /** the current client's getExecution, to tell test runs apart (testRuns.ts); without it every run counts as real */
  execution?(): ExecutionFetcher | undefined;
  mode(): AnomalyMode;
  judgeOptions(): Partial<JudgeOptions>;
  store?: HistoryStore;
  limits?: Partial<HistoryLimits>;
  /** wait after a change before writing the store (default 10 s) */
  saveDelayMs?: number;
  maxFileBytes?: number;
  /** backfills at once (default 2) */
  concurrency?: number;
}

type Listener = () => void;

/** What an anomaly is known by: one per run (volume, duration) or per last success (staleness). */
export function anomalyKey(a: Anomaly): string {
  return a.kind === 'stale' ? `stale ${a.syncId} ${a.lastSuccessAt}` : `${a.kind} ${a.syncId} ${a.executionId} ${a.schema}`;
}

export class InsightsService implements Disposable {
  private history: RunHistory;
  /** syncId -> schema -> its run anomalies */
  private readonly runAnomalies = new Map<string, Map<string, Anomaly[]>>();
  /** staleness of the syncs shown, judged again for what changed (rows, histories, the clock) */
  private readonly staleness = new StaleTracker();
  /** false while the verdicts may be out of date (polytomic.anomalies was off) */
  private staleJudged = false;
  /** merges what each snapshot changed, and keeps run anomalies to the runs shown */
  private readonly follower = new SnapshotFollower();
  private alerted = new Set<string>();
  private readonly listeners = new Set<Listener>();
  private readonly backfills: TaskQueue;
  /** executions whose look earned a second backfill of their sync (once each) */
  private readonly refilled = new Set<string>();
  private lastSnapshot?: Snapshot;
  private readonly testRuns = new TestRunCheck();
  private saveTimer: unknown;
  private dirty = false;
  private disposed = false;

  constructor(private readonly deps: InsightsDeps) {
    this.history = new RunHistory(deps.limits);
    this.backfills = new TaskQueue(Math.max(1, deps.concurrency ?? 2));
  }

  /** Reads the saved history (before the first snapshot arrives). Never throws. */
  async load(): Promise<void> {
    if (!this.deps.store) return;
    let text: string | undefined;
    try {
      text = await this.deps.store.read();
    } catch (e) {
      this.deps.logger.warn(`Insights: could not read the saved run history (${capText(e instanceof Error ? e.message : String(e))}); starting with an empty one`);
      return;
    }
    const saved = parseHistoryText(text, this.deps.limits);
    for (const problem of saved.problems) this.deps.logger.warn(`Insights: ${problem}`);
    // Runs merged from polls while the file was read are kept too.
    for (const syncId of this.history.syncIds()) for (const schema of this.history.schemas(syncId)) for (const run of this.history.runs(syncId, schema)) saved.history.add(syncId, schema, run);
    this.history = saved.history;
    this.staleness.clear();
    this.follower.historyReplaced();
    for (const key of saved.alerted) this.alerted.add(key);
    const size = this.history.size();
    this.deps.logger.info(`Insights: restored ${size.runs} runs of ${size.schemas} schemas in ${size.syncs} syncs`);
  }

  /**
   * The refresher's state: merges a new snapshot's finished runs and judges what changed. Only the
   * rows that are not the very rows of the last snapshot are merged and looked at again (a
   * followed-syncs poll changes a few of 2,000); the same snapshot again costs nothing.
   */
  onState(state: ViewState): void {
    const snapshot = state.snapshot;
    if (this.disposed || !snapshot || snapshot === this.lastSnapshot) return;
    const firstLoad = this.lastSnapshot === undefined;
    this.lastSnapshot = snapshot;
    const { merged, changed } = this.follower.follow(this.history, snapshot, this.runAnomalies);
    for (const { syncId } of merged.changed) this.staleness.forget(syncId);
    if (merged.added > 0) this.scheduleSave();
    if (this.deps.mode() === 'off') {
      this.staleJudged = false;
      return;
    }
    const options = this.judgeOptions();
    // The first snapshot of a session also judges what was restored: last night's anomaly still shows.
    const toJudge = firstLoad ? snapshot.syncs.flatMap((s) => this.history.schemas(s.id).map((schema) => ({ syncId: s.id, schema }))) : merged.changed;
    for (const { syncId, schema } of toJudge) {
      const runs = this.history.schemaRuns(syncId, schema);
      if (!runs) continue;
      this.setRunAnomalies(syncId, schema, judgeSchema(syncId, schema, runs, options));
      if (successfulBefore(runs.statuses, options.minRuns) >= options.minRuns) continue;
      // A run just seen with too little history to judge: fetch the sync's earlier runs once, and
      // again for a run that looks wrong (0 records, or long) when an earlier backfill found too
      // few: the runs made while the editor was closed are on the server, not here.
      const last = runs.ids.length - 1;
      const suspicious = runs.records[last] === 0 || runs.durations[last] >= options.minSlowMs;
      if (this.history.backfilledAt(syncId) === undefined) {
        if (!firstLoad || suspicious) void this.ensureBackfilled(syncId);
      } else if (suspicious && !this.refilled.has(runs.ids[last])) {
        this.refilled.add(runs.ids[last]);
        void this.startBackfill(syncId);
      }
    }
    this.judgeStaleness(changed);
  }

  /** Fetches the sync's earlier runs once (per history), unless already done or under way. */
  ensureBackfilled(syncId: string): Promise<void> {
    if (this.history.backfilledAt(syncId) !== undefined) return Promise.resolve();
    return this.startBackfill(syncId);
  }

  private startBackfill(syncId: string): Promise<void> {
    return this.backfills.run(syncId, () => this.runBackfill(syncId));
  }

  /** The kept history (read it; do not keep a SchemaRuns across changes). */
  historyOf(): RunHistory {
    return this.history;
  }

  /** The sync's current anomalies (empty with polytomic.anomalies off). */
  anomaliesOf(syncId: string): Anomaly[] {
    if (this.deps.mode() === 'off') return [];
    const found: Anomaly[] = [];
    const stale = this.staleness.staleOf(syncId);
    if (stale) found.push(stale);
    for (const list of this.runAnomalies.get(syncId)?.values() ?? []) found.push(...list);
    return found;
  }

  /** Every current anomaly, by sync. */
  anomalies(): Map<string, Anomaly[]> {
    const all = new Map<string, Anomaly[]>();
    if (this.deps.mode() === 'off') return all;
    for (const syncId of new Set([...this.staleness.staleIds(), ...this.runAnomalies.keys()])) {
      const list = this.anomaliesOf(syncId);
      if (list.length) all.set(syncId, list);
    }
    return all;
  }

  /** Current anomalies not handed out before (each once, across sessions); none with mode off. */
  newAlerts(): Anomaly[] {
    const fresh: Anomaly[] = [];
    for (const list of this.anomalies().values()) {
      for (const a of list) {
        const key = anomalyKey(a);
        if (this.alerted.has(key)) continue;
        this.alerted.add(key);
        fresh.push(a);
      }
    }
    if (fresh.length) this.scheduleSave();
    return fresh;
  }

  /** Called when anomalies or the history changed (after a backfill); not for every poll. */
  onDidChange(listener: Listener): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Writes the store now if anything changed (deactivation). */
  async flush(): Promise<void> {
    if (this.saveTimer !== undefined) this.deps.clock.clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.dirty || !this.deps.store) return;
    this.dirty = false;
    try {
      await this.deps.store.write(historyText(this.history, this.alerted, this.deps.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES));
    } catch (e) {
      this.deps.logger.warn(`Insights: could not save the run history: ${capText(e instanceof Error ? e.message : String(e))}`);
    }
  }

  /** Stops; what changed since the last write is written now (atomically, so a cut-off write loses nothing). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    void this.flush();
    this.listeners.clear();
    this.backfills.clear();
  }

  // ------------------------------------------------------------------------------------------

  private judgeOptions(): JudgeOptions {
    return { ...DEFAULT_JUDGE_OPTIONS, ...this.deps.judgeOptions() };
  }

  /**
   * A schema's judgement. Anomalies of runs not yet known to be real wait for the answer
   * (TestRunCheck); a test run's are dropped.
   */
  private setRunAnomalies(syncId: string, schema: string, judged: Anomaly[]): void {
    const found = judged.filter((a) => a.kind === 'stale' || this.testRuns.isTest(a.executionId) === false);
    for (const a of judged) {
      if (a.kind === 'stale' || this.testRuns.isTest(a.executionId) !== undefined || !this.deps.execution) continue;
      void this.testRuns.ask(syncId, a.executionId, this.deps.execution()).then((test) => {
        if (this.disposed || test) return;
        const runs = this.history.schemaRuns(syncId, schema);
        if (runs?.ids[runs.ids.length - 1] !== a.executionId) return; // a newer run came meanwhile
        this.setRunAnomalies(syncId, schema, judged);
        for (const listener of [...this.listeners]) listener();
      });
    }
    if (!this.deps.execution) found.push(...judged.filter((a) => !found.includes(a)));
    let bySchema = this.runAnomalies.get(syncId);
    if (found.length === 0) {
      if (bySchema?.delete(schema) && bySchema.size === 0) this.runAnomalies.delete(syncId);
      return;
    }
    if (!bySchema) this.runAnomalies.set(syncId, (bySchema = new Map()));
    bySchema.set(schema, found);
    this.follower.anomaliesSet(syncId);
  }

  /**
   * Staleness moves with the clock: the syncs whose row or history changed (`changed`; undefined:
   * every sync shown) are judged again, and the others turn stale when the clock passes their deadline.
   */
  private judgeStaleness(changed: Iterable<string> | undefined): void {
    this.staleness.judge(this.history, this.follower.current(), this.staleJudged ? changed : undefined, this.deps.clock.now(), this.judgeOptions());
    this.staleJudged = true;
  }

  private async runBackfill(syncId: string): Promise<void> {
    try {
      const fetch = this.deps.executions();
      if (!fetch || this.disposed) return;
      const result = await backfill(this.history, syncId, (token, limit) => fetch(syncId, token, limit), { now: this.deps.clock.now() });
      if (this.disposed) return;
      this.staleness.forget(syncId);
      this.deps.logger.debug(`Insights: backfilled ${result.added} runs of sync ${syncId} from ${result.pages} page(s) (${result.stoppedBecause})`);
      if (this.deps.mode() !== 'off') {
        const options = this.judgeOptions();
        for (const schema of this.history.schemas(syncId)) {
          const runs = this.history.schemaRuns(syncId, schema);
          if (runs) this.setRunAnomalies(syncId, schema, judgeSchema(syncId, schema, runs, options));
        }
        if (this.lastSnapshot) this.judgeStaleness([syncId]);
      }
      this.scheduleSave();
      for (const listener of [...this.listeners]) listener();
    } catch (e) {
      this.deps.logger.warn(`Insights: could not fetch the earlier runs of sync ${syncId}: ${capText(e instanceof Error ? e.message : String(e))}`);
    }
  }

  private scheduleSave(): void {
    this.dirty = true;
    if (!this.deps.store || this.saveTimer !== undefined || this.disposed) return;
    this.saveTimer = this.deps.clock.setTimeout(() => {
      this.saveTimer = undefined;
      void this.flush();
    }, this.deps.saveDelayMs ?? 10_000);
  }
}

