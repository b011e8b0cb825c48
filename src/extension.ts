import * as vscode from 'vscode';
import type { Logger, SnapshotDiff, TreeNodeModel, ViewState } from './core/api/contract';
import type { InsightsService } from './core/insights/service';
import { Refresher } from './core/state/refresher';
import { isFiltered } from './core/view/viewFilter';
import { dialogAsker, type Asker } from './vscode/asker';
import type { ActionDeps } from './vscode/commands/context';
import { registerCommands } from './vscode/commands/index';
import { clearFilter } from './vscode/commands/clearFilter';
import { ViewFilterState } from './vscode/viewFilterState';
import { Configuration } from './vscode/configuration';
import { ContextKeys } from './vscode/contextKeys';
import { CredentialStore } from './vscode/credentials';
import { KeyOriginGuard } from './vscode/keyOriginGuard';
import { ProblemPrompts } from './vscode/problemPrompts';
import { RunNotifications } from './vscode/runNotifications';
import { readSettings, type Settings } from './vscode/settings';
import { StatusBar } from './vscode/statusBar';
import { SyncTreeProvider, VIEW_ID } from './vscode/syncTreeProvider';
import { ShownAlerts, type PolytomicApi, type PolytomicTestApi } from './vscode/testApi';
import { ViewRenderer } from './vscode/viewRenderer';
import { createDetailsView } from './vscode/details/detailsPanels';
import { createInsights, showAnomalies } from './vscode/insights';

export type { PolytomicApi, PolytomicTestApi } from './vscode/testApi';

/** Relative times ("3 min ago") in the tree, message and status bar are re-rendered this often. */
const RELATIVE_TIME_TICK_MS = 20_000;

export async function activate(context: vscode.ExtensionContext): Promise<PolytomicApi> {
  const log = vscode.window.createOutputChannel('Polytomic', { log: true });
  const logger: Logger = log;
  // Who answers the extension's questions: the dialogs; under tests, the suite's asker (see the end).
  let asker: Asker = dialogAsker;
  const store = new CredentialStore(context.secrets);
  const guard = new KeyOriginGuard({ workspaceState: context.workspaceState, logger, asker: () => asker, reapply: () => configuration.reapply() });
  const refresher = new Refresher({ logger, pauseWhenUnfocused: readSettings(process.env, guard.allowedOrigin()).pauseWhenUnfocused });

  // Views: one state rendered into the tree, its header, the status bar and the context keys.
  const tree = new SyncTreeProvider();
  const treeView = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const statusBar = new StatusBar();
  const viewFilter = new ViewFilterState(context.workspaceState);
  const contextKeys = new ContextKeys();
  const settings = (): Settings => configuration.settings;
  const insights = createInsights({ storageDir: context.globalStorageUri.fsPath, logger, settings, client: () => (refresher.state.auth === 'signedOut' ? undefined : configuration.client) });
  const renderer = new ViewRenderer({ tree, treeView, statusBar, viewFilter, guard, contextKeys, settings, anomalies: () => insights.anomalies(), logger });
  const render = () => renderer.render(refresher.state);
  const problems = new ProblemPrompts(logger, () => settings().scope);
  const shownAlerts = new ShownAlerts();
  const runNotifications = new RunNotifications({ logger, mode: () => settings().notifications, onShown: (text) => shownAlerts.add(text), reveal: (nodeId) => revealNode(tree, treeView, viewFilter, nodeId) });
  const anomalies = showAnomalies(insights, treeView, render, { logger, settings, state: () => refresher.state, onShown: (text) => shownAlerts.add(text), reveal: (nodeId) => revealNode(tree, treeView, viewFilter, nodeId) });
  const configuration = new Configuration({ store, guard, refresher, problems, contextKeys, logger, render });
  const stateChanged = new vscode.EventEmitter<ViewState>();
  context.subscriptions.push(
    ...[log, store, tree, treeView, statusBar, viewFilter, stateChanged, renderer, { dispose: () => refresher.dispose() }, insights],
    refresher.onDidChange(eachState([insights, renderer, problems, runNotifications, anomalies], stateChanged)),
    ...anomalies.disposables,
    ...configuration.watch(),
    viewFilter.onDidChange(render),
    ...followAttention(refresher, treeView),
    intervalTimer(() => renderer.render(refresher.state, true), RELATIVE_TIME_TICK_MS),
  );

  // Commands (./vscode/commands/): Sign In, Refresh, the filter and sort, and the sync actions.
  const actions = actionDeps(logger, refresher, configuration, () => asker, tree, treeView);
  const signIn = { store, logger, asker: () => asker, settings: () => configuration.readNow(), onSignedIn: () => configuration.apply('signIn') };
  // The sync details view (./vscode/details/): one webview per sync, rendered from the same state.
  const details = createDetailsView(context.extensionUri, { logger, state: actions.state, insights, onDidChangeState: (listener) => stateChanged.event(listener) });
  context.subscriptions.push(...details.disposables, ...registerCommands({ logger, showLog: () => log.show(), refresher, configuration, guard, signIn, actions, viewFilter, render, details: details.panels }));

  await insights.load();
  await configuration.apply('startup');
  render();
  refresher.start();

  const api = publicApi(refresher, stateChanged, tree, treeView, statusBar, shownAlerts, viewFilter);
  if (context.extensionMode !== vscode.ExtensionMode.Test) return api;
  // Only when VS Code runs the extension's tests: the suite answers the questions itself.
  const testApi: PolytomicTestApi = { ...api, setAsker: (a) => (asker = a ?? dialogAsker) };
  return testApi;
}

export function deactivate(): void {
  // Everything is in context.subscriptions, which VS Code disposes (the run history is written as it changes).
}

/**
 * Each new state, in order: insights first (the tree marks the anomalies they judged), then the
 * views and prompts, then the notifications (run, then anomaly), then the API's listeners.
 */
function eachState(
  [insights, renderer, problems, runNotifications, anomalies]: [InsightsService, ViewRenderer, ProblemPrompts, RunNotifications, { check(): void }],
  stateChanged: vscode.EventEmitter<ViewState>,
): (state: ViewState, diff: SnapshotDiff | undefined) => void {
  return (state, diff) => {
    insights.onState(state);
    renderer.render(state);
    problems.onState(state);
    runNotifications.onState(state, diff);
    anomalies.check();
    stateChanged.fire(state);
  };
}

/** A run notification's Show: a node the filter hides cannot be revealed, so show everything first. */
async function revealNode(tree: SyncTreeProvider, treeView: vscode.TreeView<TreeNodeModel>, viewFilter: ViewFilterState, nodeId: string): Promise<void> {
  if (!tree.get(nodeId) && isFiltered(viewFilter.filter)) await clearFilter(viewFilter);
  const element = tree.get(nodeId);
  if (element) await treeView.reveal(element, { select: true, focus: true, expand: true });
}

/** What every sync action needs: the current client, state and settings, a refresh, the asker. */
function actionDeps(
  logger: Logger,
  refresher: Refresher,
  configuration: Configuration,
  asker: () => Asker,
  tree: SyncTreeProvider,
  treeView: vscode.TreeView<TreeNodeModel>,
): ActionDeps {
  return {
    logger,
    client: () => (refresher.state.auth === 'signedOut' ? undefined : configuration.client),
    state: () => refresher.state,
    settings: () => configuration.settings,
    refresh: () => refresher.refresh('manual'),
    asker,
    reveal: async (syncId) => {
      const element = tree.get(`sync:${syncId}`);
      if (element && treeView.visible) await treeView.reveal(element, { select: true, focus: false });
    },
  };
}

function publicApi(
  refresher: Refresher,
  stateChanged: vscode.EventEmitter<ViewState>,
  tree: SyncTreeProvider,
  treeView: vscode.TreeView<TreeNodeModel>,
  statusBar: StatusBar,
  shownAlerts: ShownAlerts,
  viewFilter: ViewFilterState,
): PolytomicApi {
  return {
    getState: () => refresher.state,
    onDidChangeState: (listener) => stateChanged.event(listener),
    getChildren: (element) => tree.getChildren(element),
    getTreeItem: (model) => tree.resolvedTreeItem(model),
    getStatusBarItem: () => statusBar.snapshot(),
    refreshNow: () => refresher.refresh('manual'),
    getShownAlerts: () => shownAlerts.list(),
    getBadge: () => (treeView.badge ? { value: treeView.badge.value, tooltip: treeView.badge.tooltip } : undefined),
    getFilter: () => viewFilter.filter,
    getViewHeader: () => ({ description: treeView.description, message: treeView.message }),
  };
}

/** Adaptive polling: no requests while nobody looks and nothing runs; fresh data when they look again. */
function followAttention(refresher: Refresher, treeView: vscode.TreeView<TreeNodeModel>): vscode.Disposable[] {
  refresher.setFocused(vscode.window.state.focused);
  refresher.setViewVisible(treeView.visible);
  return [
    vscode.window.onDidChangeWindowState((e) => refresher.setFocused(e.focused)),
    treeView.onDidChangeVisibility((e) => refresher.setViewVisible(e.visible)),
  ];
}

function intervalTimer(tick: () => void, ms: number): vscode.Disposable {
  const timer = setInterval(tick, ms);
  return { dispose: () => clearInterval(timer) };
}
