/**
 * Where the sync details view gets its data: the shared state the tree renders (the refresher's
 * ViewState) and a run history backfilled from `GET /api/bulk/syncs/{id}/executions` through the
 * core's client and backfill (src/core/insights/backfill.ts). The view never calls the API itself.
 *
 * `DetailsSource` is the seam with the insights service (issue 16): that service, fed by the
 * refresher, keeps the one history of the extension; once it exists it implements this interface
 * and replaces `RefresherDetailsSource` (see docs/architecture.md).
 */
import * as vscode from 'vscode';
import type { PolytomicClient } from '../../core/api/client';
import type { Logger, SyncSnapshot, ViewState } from '../../core/api/contract';
import { isApiError } from '../../core/api/errors';
import { backfill } from '../../core/insights/backfill';
import type { HistoryLoad } from '../../core/insights/detailsModel';
import { RunHistory } from '../../core/insights/history';
import { mergeStatuses } from '../../core/insights/sources';

export interface DetailsSource {
  /** the sync as the tree shows it now; undefined when it is not in the view */
  snapshotOf(syncId: string): SyncSnapshot | undefined;
  /** the history the view draws, and how far this sync's has been loaded */
  historyOf(syncId: string): { history: RunHistory; load: HistoryLoad };
  /** loads the sync's earlier runs once (again after a failure); never rejects */
  ensureBackfilled(syncId: string): Promise<void>;
  /** fires when the shared state or a sync's history changed */
  readonly onDidChange: vscode.Event<void>;
}

export interface RefresherDetailsSourceDeps {
  logger: Logger;
  state(): ViewState;
  /** the client the refresher uses; undefined while signed out */
  client(): PolytomicClient | undefined;
  /** the shared state's change event (the one the tree renders from) */
  onDidChangeState(listener: (state: ViewState) => void): vscode.Disposable;
}

/** Pages read per backfill: 2 x 100 executions is enough for a 30-run baseline of any schema that runs with most. */
const MAX_PAGES = 2;

export class RefresherDetailsSource implements DetailsSource, vscode.Disposable {
  private readonly history = new RunHistory();
  private readonly loads = new Map<string, HistoryLoad>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChange = this.changed.event;

  constructor(private readonly deps: RefresherDetailsSourceDeps) {
    this.subscription = deps.onDidChangeState((state) => this.onState(state));
  }

  snapshotOf(syncId: string): SyncSnapshot | undefined {
    return this.deps.state().snapshot?.syncs.find((s) => s.id === syncId && !s.noId);
  }

  historyOf(syncId: string): { history: RunHistory; load: HistoryLoad } {
    return { history: this.history, load: this.loads.get(syncId) ?? { state: 'loading' } };
  }

  ensureBackfilled(syncId: string): Promise<void> {
    const load = this.loads.get(syncId);
    if (load?.state === 'ready') return Promise.resolve();
    const running = this.inFlight.get(syncId);
    if (running) return running;
    const promise = this.backfill(syncId).finally(() => {
      this.inFlight.delete(syncId);
      this.changed.fire();
    });
    this.inFlight.set(syncId, promise);
    return promise;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private async backfill(syncId: string): Promise<void> {
    const client = this.deps.client();
    if (!client) {
      this.loads.set(syncId, { state: 'failed', message: 'not signed in' });
      return;
    }
    this.loads.set(syncId, { state: 'loading' });
    this.changed.fire();
    try {
      const result = await backfill(this.history, syncId, (pageToken, limit) => client.listExecutions(syncId, { pageToken, limit }), { now: Date.now(), maxPages: MAX_PAGES });
      this.loads.set(syncId, { state: 'ready' });
      this.deps.logger.info(`details: ${syncId} history loaded (${result.pages} page(s), ${result.executions} run(s))`);
    } catch (err) {
      const message = isApiError(err) ? err.message : err instanceof Error ? err.message : String(err);
      this.loads.set(syncId, { state: 'failed', message });
      this.deps.logger.warn(`details: ${syncId} history failed: ${message}`);
    }
  }

  /** A finished run the poll shows is added at no extra request (only for syncs already looked at). */
  private onState(state: ViewState): void {
    const syncs = state.snapshot?.syncs ?? [];
    const known = syncs.filter((s) => !s.noId && (this.loads.has(s.id) || this.history.has(s.id))).map((s) => ({ syncId: s.id, schemas: s.schemas }));
    if (known.length > 0) mergeStatuses(this.history, known);
    this.changed.fire();
  }
}
