/**
 * Insights in VS Code (thin): the core's InsightsService with its history file in the extension's
 * global storage, the tree's "looked at" events that trigger a backfill, and the anomaly
 * notifications polytomic.anomalies governs. Everything shown comes from the service's one state.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger, TreeNodeModel, ViewState } from '../core/api/contract';
import type { PolytomicClient } from '../core/api/client';
import { fileHistoryStore } from '../core/insights/historyFile';
import { InsightsService } from '../core/insights/service';
import { systemClock } from '../core/state/systemClock';
import { anomalyAlert } from '../core/view/anomalyText';
import { SECTION, type Settings } from './settings';

const SHOW = 'Show';
const DONT_NOTIFY = "Don't Notify";
/** in the extension's global storage folder: bounded (core/insights/historyFile.ts), never in settings */
export const HISTORY_FILE = 'run-history.json';

export interface InsightsDeps {
  storageDir: string;
  logger: Logger;
  settings(): Settings;
  /** the current client, undefined while signed out */
  client(): PolytomicClient | undefined;
}

export function createInsights(deps: InsightsDeps): InsightsService {
  return new InsightsService({
    clock: systemClock,
    logger: deps.logger,
    store: fileHistoryStore(path.join(deps.storageDir, HISTORY_FILE)),
    mode: () => deps.settings().anomalies,
    judgeOptions: () => deps.settings().insights,
    executions: () => {
      const client = deps.client();
      return client ? (syncId, pageToken, limit) => client.listExecutions(syncId, { pageToken, limit }) : undefined;
    },
    execution: () => {
      const client = deps.client();
      return client ? (syncId, executionId) => client.getExecution(syncId, executionId) : undefined;
    },
  });
}

/**
 * A sync expanded or selected in the tree is "looked at": its earlier runs are fetched once.
 * `changed` runs when a backfill or an answer about a run changed the anomalies (re-render, notify).
 */
export function followInsights(insights: InsightsService, treeView: vscode.TreeView<TreeNodeModel>, changed: () => void): vscode.Disposable[] {
  const look = (node: TreeNodeModel | undefined) => {
    if (node) void insights.ensureBackfilled(node.syncId);
  };
  return [insights.onDidChange(changed), treeView.onDidExpandElement((e) => look(e.element)), treeView.onDidChangeSelection((e) => look(e.selection[0]))];
}

/**
 * The anomalies' own wiring in activate(): the notifications, and the tree's "looked at" events
 * and the service's changes (a backfill, an answer about a run) that re-render and notify.
 * Call `check()` after each state the views render.
 */
export function showAnomalies(
  insights: InsightsService,
  treeView: vscode.TreeView<TreeNodeModel>,
  render: () => void,
  deps: Omit<AnomalyNotificationsDeps, 'insights'>,
): { check(): void; disposables: vscode.Disposable[] } {
  const notifications = new AnomalyNotifications({ ...deps, insights });
  const check = () => notifications.check();
  return { check, disposables: followInsights(insights, treeView, () => (render(), check())) };
}

export interface AnomalyNotificationsDeps {
  insights: InsightsService;
  logger: Logger;
  settings(): Settings;
  state(): ViewState;
  onShown(text: string): void;
  reveal(nodeId: string): Promise<void>;
}

/**
 * One notification per change that brought anomalies not notified before (polytomic.anomalies
 * 'notify'); with 'mark' they are taken as seen without one, so turning notify back on does not
 * announce old ones. Call check() after every state the views render.
 */
export class AnomalyNotifications {
  constructor(private readonly deps: AnomalyNotificationsDeps) {}

  check(): void {
    const mode = this.deps.settings().anomalies;
    const snapshot = this.deps.state().snapshot;
    if (mode === 'off' || !snapshot || this.deps.state().auth !== 'signedIn') return;
    const alerts = this.deps.insights.newAlerts();
    // The usual state brings none: no map of every sync's name is built for it.
    if (alerts.length === 0) return;
    // Only syncs in the view: an anomaly of a sync out of scope has nothing to show.
    const names = new Map(snapshot.syncs.map((s) => [s.id, s.name]));
    const fresh = alerts.filter((a) => names.has(a.syncId));
    if (mode !== 'notify') return;
    const alert = anomalyAlert(fresh, names);
    if (alert) void this.show(alert.message, alert.revealNodeId);
  }

  private async show(message: string, nodeId: string): Promise<void> {
    this.deps.logger.info(`Anomaly: ${message}`);
    this.deps.onShown(message);
    let choice: string | undefined;
    try {
      choice = await vscode.window.showWarningMessage(message, SHOW, DONT_NOTIFY);
      if (choice === SHOW) await this.deps.reveal(nodeId);
      else if (choice === DONT_NOTIFY) {
        await vscode.workspace.getConfiguration(SECTION).update('anomalies', 'mark', vscode.ConfigurationTarget.Global);
        this.deps.logger.info('Anomaly notifications turned off (polytomic.anomalies = mark): anomalies are still marked');
      }
    } catch (e) {
      this.deps.logger.error(`Anomaly notification action "${String(choice)}" failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
