/**
 * The sync details view's data from the insights service: the service's one history (persisted,
 * extended from every poll) and its anomalies, the same ones the tree marks (test runs, resyncs
 * and runs the tree no longer shows left out; polytomic.anomalies and the thresholds applied). What
 * this adds is how far each sync's earlier runs are loaded, which the page shows ("loading",
 * "failed: why", ready). No `vscode`: src/vscode/details/insightsDetailsSource.ts adapts it.
 */
import type { HistoryLoad } from './detailsModel';
import type { RunHistory } from './history';
import type { Anomaly } from './types';

/** What of the service this reads (InsightsService implements it). */
export interface InsightsReader {
  historyOf(): RunHistory;
  anomaliesOf(syncId: string): Anomaly[];
  /** resolves when the earlier runs are in or the load gave up (it logs why); never rejects */
  ensureBackfilled(syncId: string): Promise<void>;
}

export interface InsightsDetailsDeps {
  insights: InsightsReader;
  /** false while signed out: nothing can be loaded */
  signedIn(): boolean;
  /** called when a sync's load state changed */
  onChange(): void;
}

export const LOAD_FAILED = 'Could not load the earlier runs (the Polytomic output says why).';

export class InsightsDetails {
  private readonly failed = new Map<string, string>();
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(private readonly deps: InsightsDetailsDeps) {}

  history(): RunHistory {
    return this.deps.insights.historyOf();
  }

  anomaliesOf(syncId: string): Anomaly[] {
    return this.deps.insights.anomaliesOf(syncId);
  }

  /** Ready once the service has the sync's earlier runs (also from the saved history). */
  load(syncId: string): HistoryLoad {
    if (this.history().backfilledAt(syncId) !== undefined) return { state: 'ready' };
    const message = this.failed.get(syncId);
    return message !== undefined && !this.inFlight.has(syncId) ? { state: 'failed', message } : { state: 'loading' };
  }

  /** Loads the earlier runs once (again after a failure); never rejects. */
  ensureBackfilled(syncId: string): Promise<void> {
    if (this.history().backfilledAt(syncId) !== undefined) return Promise.resolve();
    const running = this.inFlight.get(syncId);
    if (running) return running;
    if (!this.deps.signedIn()) {
      this.failed.set(syncId, 'not signed in');
      this.deps.onChange();
      return Promise.resolve();
    }
    const promise = this.deps.insights
      .ensureBackfilled(syncId)
      .then(() => {
        if (this.history().backfilledAt(syncId) === undefined) this.failed.set(syncId, LOAD_FAILED);
        else this.failed.delete(syncId);
      })
      .finally(() => {
        this.inFlight.delete(syncId);
        this.deps.onChange();
      });
    this.inFlight.set(syncId, promise);
    this.deps.onChange();
    return promise;
  }
}
