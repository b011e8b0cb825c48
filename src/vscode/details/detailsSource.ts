/**
 * Where the sync details view gets its data: the shared state the tree renders (the refresher's
 * ViewState) and the insights service's one run history and anomalies (persisted, extended from
 * every poll, backfilled from `GET /api/bulk/syncs/{id}/executions` through the core), so the
 * panel and the tree never disagree. The view never calls the API itself.
 */
import * as vscode from 'vscode';
import type { Logger, SyncSnapshot, ViewState } from '../../core/api/contract';
import { InsightsDetails, type InsightsReader } from '../../core/insights/insightsDetails';
import type { HistoryLoad } from '../../core/insights/detailsModel';
import type { RunHistory } from '../../core/insights/history';
import type { Anomaly } from '../../core/insights/types';

export interface DetailsSource {
  /** the sync as the tree shows it now; undefined when it is not in the view */
  snapshotOf(syncId: string): SyncSnapshot | undefined;
  /** the history the view draws, and how far this sync's has been loaded */
  historyOf(syncId: string): { history: RunHistory; load: HistoryLoad; anomalies?: readonly Anomaly[] };
  /** loads the sync's earlier runs once (again after a failure); never rejects */
  ensureBackfilled(syncId: string): Promise<void>;
  /** fires when the shared state or a sync's history changed */
  readonly onDidChange: vscode.Event<void>;
}

export interface InsightsDetailsSourceDeps {
  logger: Logger;
  state(): ViewState;
  /** the extension's one insights service (its history, anomalies and backfills) */
  insights: InsightsReader & { onDidChange(listener: () => void): { dispose(): void } };
  /** the shared state's change event (the one the tree renders from) */
  onDidChangeState(listener: (state: ViewState) => void): vscode.Disposable;
}

export class InsightsDetailsSource implements DetailsSource, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly details: InsightsDetails;
  private readonly subscriptions: Array<{ dispose(): void }>;
  readonly onDidChange = this.changed.event;

  constructor(private readonly deps: InsightsDetailsSourceDeps) {
    this.details = new InsightsDetails({ insights: deps.insights, signedIn: () => deps.state().auth === 'signedIn', onChange: () => this.changed.fire() });
    this.subscriptions = [deps.onDidChangeState(() => this.changed.fire()), deps.insights.onDidChange(() => this.changed.fire())];
  }

  snapshotOf(syncId: string): SyncSnapshot | undefined {
    return this.deps.state().snapshot?.syncs.find((s) => s.id === syncId && !s.noId);
  }

  historyOf(syncId: string): { history: RunHistory; load: HistoryLoad; anomalies: readonly Anomaly[] } {
    return { history: this.details.history(), load: this.details.load(syncId), anomalies: this.details.anomaliesOf(syncId) };
  }

  ensureBackfilled(syncId: string): Promise<void> {
    return this.details.ensureBackfilled(syncId);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
