/**
 * The run history the sync details view draws, and how far each sync's is loaded: backfilled
 * once per sync (./backfill.ts) when the view first looks at it, tried again after a failure,
 * never twice at once; extended from each status poll at no extra request (./sources.ts) for the
 * syncs already loaded. What is known stays when a later load fails. No `vscode`: the adapter
 * (src/vscode/details/detailsSource.ts) turns `onChange` into its event.
 */
import type { Logger, Snapshot } from '../api/contract';
import { isApiError } from '../api/errors';
import { backfill, type ExecutionPageFetcher } from './backfill';
import type { HistoryLoad } from './detailsModel';
import { RunHistory } from './history';
import { mergeStatuses } from './sources';

export interface DetailsHistoryDeps {
  logger: Logger;
  /** a page fetcher for the sync (the client's listExecutions); undefined while signed out */
  fetcher(syncId: string): ExecutionPageFetcher | undefined;
  /** called when a sync's load state or the history changed */
  onChange(): void;
  now(): number;
  /** requests per backfill (default 2: 200 executions) */
  maxPages?: number;
}

export class DetailsHistory {
  readonly history = new RunHistory();
  private readonly loads = new Map<string, HistoryLoad>();
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(private readonly deps: DetailsHistoryDeps) {}

  /** A sync never asked for counts as loading: the view shows no "no runs yet" before it knows. */
  load(syncId: string): HistoryLoad {
    return this.loads.get(syncId) ?? { state: 'loading' };
  }

  ensureBackfilled(syncId: string): Promise<void> {
    if (this.loads.get(syncId)?.state === 'ready') return Promise.resolve();
    const running = this.inFlight.get(syncId);
    if (running) return running;
    const promise = this.backfill(syncId).finally(() => {
      this.inFlight.delete(syncId);
      this.deps.onChange();
    });
    this.inFlight.set(syncId, promise);
    return promise;
  }

  /** Merges the finished runs a poll shows, for the syncs already loaded (or loading). */
  mergeSnapshot(snapshot: Snapshot | undefined): number {
    const syncs = (snapshot?.syncs ?? []).filter((s) => !s.noId && (this.loads.has(s.id) || this.history.has(s.id)));
    if (syncs.length === 0) return 0;
    return mergeStatuses(this.history, syncs.map((s) => ({ syncId: s.id, schemas: s.schemas }))).added;
  }

  private async backfill(syncId: string): Promise<void> {
    const fetcher = this.deps.fetcher(syncId);
    if (!fetcher) {
      this.loads.set(syncId, { state: 'failed', message: 'not signed in' });
      return;
    }
    this.loads.set(syncId, { state: 'loading' });
    this.deps.onChange();
    try {
      const result = await backfill(this.history, syncId, fetcher, { now: this.deps.now(), maxPages: this.deps.maxPages ?? 2 });
      this.loads.set(syncId, { state: 'ready' });
      this.deps.logger.info(`details: ${syncId} history loaded (${result.pages} page(s), ${result.executions} run(s))`);
    } catch (err) {
      const message = isApiError(err) ? err.message : err instanceof Error ? err.message : String(err);
      this.loads.set(syncId, { state: 'failed', message });
      this.deps.logger.warn(`details: ${syncId} history failed: ${message}`);
    }
  }
}
