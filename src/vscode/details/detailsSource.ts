/**
 * Where the sync details view gets its data: the shared state the tree renders (the refresher's
 * ViewState) and a run history backfilled from `GET /api/bulk/syncs/{id}/executions` through the
 * core (src/core/insights/detailsHistory.ts over the client's listExecutions). The view never
 * calls the API itself.
 *
 * `DetailsSource` is the seam with the insights service (issue 16): that service, fed by the
 * refresher, keeps the one history of the extension; once it exists it implements this interface
 * and replaces `RefresherDetailsSource` (see docs/architecture.md).
 */
import * as vscode from 'vscode';
import type { PolytomicClient } from '../../core/api/client';
import type { Logger, SyncSnapshot, ViewState } from '../../core/api/contract';
import { DetailsHistory } from '../../core/insights/detailsHistory';
import type { HistoryLoad } from '../../core/insights/detailsModel';
import type { RunHistory } from '../../core/insights/history';

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

export class RefresherDetailsSource implements DetailsSource, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly loaded: DetailsHistory;
  private readonly subscription: vscode.Disposable;
  readonly onDidChange = this.changed.event;

  constructor(private readonly deps: RefresherDetailsSourceDeps) {
    this.loaded = new DetailsHistory({
      logger: deps.logger,
      now: () => Date.now(),
      onChange: () => this.changed.fire(),
      fetcher: (syncId) => {
        const client = deps.client();
        return client && ((pageToken, limit) => client.listExecutions(syncId, { pageToken, limit }));
      },
    });
    this.subscription = deps.onDidChangeState((state) => {
      this.loaded.mergeSnapshot(state.snapshot);
      this.changed.fire();
    });
  }

  snapshotOf(syncId: string): SyncSnapshot | undefined {
    return this.deps.state().snapshot?.syncs.find((s) => s.id === syncId && !s.noId);
  }

  historyOf(syncId: string): { history: RunHistory; load: HistoryLoad } {
    return { history: this.loaded.history, load: this.loaded.load(syncId) };
  }

  ensureBackfilled(syncId: string): Promise<void> {
    return this.loaded.ensureBackfilled(syncId);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
