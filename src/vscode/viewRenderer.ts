/**
 * One state → every view: the tree, its header (message, description, badge), the status bar, the
 * context keys and the view's progress bar. Called on each refresher change, on the relative-time
 * tick, and when the filter or sort changes; the tree rebuilds only when what it shows changed.
 */
import * as vscode from 'vscode';
import type { Logger, TreeNodeModel, ViewState } from '../core/api/contract';
import { statusBarModel, viewMessage } from '../core/view/statusBarModel';
import { describeFilter, isFiltered } from '../core/view/viewFilter';
import { HealthTracker } from '../core/view/snapshotHealth';
import { anomalousSyncs, badgeModel, NO_ANOMALIES, withAnomalies, type AnomaliesBySync } from '../core/view/anomalyText';
import { viewDescription, type ViewFilterState } from './viewFilterState';
import type { ContextKeys } from './contextKeys';
import type { KeyOriginGuard } from './keyOriginGuard';
import type { Settings } from './settings';
import type { StatusBar } from './statusBar';
import { VIEW_ID, type SyncTreeProvider } from './syncTreeProvider';

export interface ViewRendererDeps {
  tree: SyncTreeProvider;
  treeView: vscode.TreeView<TreeNodeModel>;
  statusBar: StatusBar;
  viewFilter: ViewFilterState;
  guard: KeyOriginGuard;
  contextKeys: ContextKeys;
  settings(): Settings;
  /** the insights service's current anomalies (empty with polytomic.anomalies off) */
  anomalies(): AnomaliesBySync;
  logger: Logger;
}

export class ViewRenderer implements vscode.Disposable {
  private endViewProgress?: () => void;
  /** the status bar's and the badge's counts, kept from one state to the next */
  private readonly health = new HealthTracker();

  constructor(private readonly deps: ViewRendererDeps) {}

  /** Renders `state`; `tick`: the relative-time tick (only the time moved). */
  render(state: ViewState, tick = false): void {
    const { tree, treeView, statusBar, guard, logger } = this.deps;
    try {
      const now = Date.now();
      const filter = this.deps.viewFilter.filter;
      const settings = this.deps.settings();
      const signedIn = state.auth === 'signedIn';
      // A rejected key is shown as signed out (the welcome view explains it), not as data.
      const anomalies = signedIn ? this.deps.anomalies() : NO_ANOMALIES;
      const fired = tree.update({ snapshot: signedIn ? state.snapshot : undefined, filter, sort: settings.sort, anomalies }, now, tick);
      if (fired !== 'none') logger.trace(`view: refreshed ${fired === 'all' ? 'whole tree' : `${fired} node(s)`}`);
      const anomalous = anomalousSyncs(state.snapshot, anomalies);
      const emptyByFilter =
        tree.rows === 0 && isFiltered(filter) && (state.snapshot?.syncs.length ?? 0) > 0
          ? `No bulk syncs match the filter (${describeFilter(filter)}).`
          : undefined;
      const held = guard.view(signedIn);
      treeView.message = held.message ?? viewMessage(state, now, settings.refreshIntervalMs) ?? emptyByFilter ?? held.notice;
      treeView.description = viewDescription(filter, settings.sort);
      statusBar.render(held.statusBar ?? withAnomalies(statusBarModel(state, now, settings.refreshIntervalMs, (snapshot) => this.health.of(snapshot)), anomalous));
      // Same counts as the status bar's "N failed" (failed syncs and syncs with a failed schema) and "N anomalies".
      treeView.badge = state.snapshot && signedIn ? badgeModel(this.health.of(state.snapshot).failed.length, anomalous.length) : undefined;
      this.deps.contextKeys.showState(state, isFiltered(filter));
      this.showProgress(state.loading);
    } catch (e) {
      logger.error(`Could not render the Polytomic view: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  dispose(): void {
    this.endViewProgress?.();
  }

  /** The view's progress bar, from the first loading state to the first state that is not. */
  private showProgress(loading: boolean): void {
    if (loading && !this.endViewProgress) {
      const done = new Promise<void>((resolve) => (this.endViewProgress = resolve));
      void vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => done);
    } else if (!loading && this.endViewProgress) {
      this.endViewProgress();
      this.endViewProgress = undefined;
    }
  }
}
