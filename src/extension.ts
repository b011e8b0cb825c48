import * as vscode from 'vscode';
import type { Logger, SnapshotDiff, ViewState } from './core/contract';
import { isApiError } from './core/errors';
import { Refresher } from './core/refresher';
import { PolytomicClient } from './core/client';
import { SnapshotSource } from './core/snapshotSource';
import { buildTreeModel, statusBarModel, viewMessage } from './core/treeModel';
import { describeFilter, failingCount, isFiltered } from './core/viewFilter';
import { AlertPresenter } from './vscode/alertPresenter';
import { chooseFilter, chooseSort, clearFilter, viewDescription, ViewFilterState } from './vscode/commands/viewFilter';
import { CredentialStore, credentialsFingerprint, describeCredentials } from './vscode/credentials';
import { Notifier } from './vscode/notifications';
import { originMismatch } from './core/keyOrigin';
import { dialogAsker, type Asker } from './vscode/asker';
import { KeyOriginGuard } from './vscode/keyOriginGuard';
import { describeSettings, readSettings, SECTION, type Settings } from './vscode/settings';
import { signIn, signOut } from './vscode/signIn';
import { StatusBar } from './vscode/statusBar';
import { SyncTreeProvider, VIEW_ID } from './vscode/syncTreeProvider';
import type { PolytomicApi, PolytomicTestApi } from './vscode/testApi';
import { cancelRun } from './vscode/commands/cancelRun';
import type { ActionDeps } from './vscode/commands/context';
import { copyExecutionId, copySyncId } from './vscode/commands/copyId';
import { openInPolytomic } from './vscode/commands/openInPolytomic';
import { LOG_SCHEME, LogDocuments, openLogs } from './vscode/commands/openLogs';
import { setActive } from './vscode/commands/setActive';
import { showHistory } from './vscode/commands/showHistory';
import { startRun } from './vscode/commands/startRun';

export type { PolytomicApi, PolytomicTestApi } from './vscode/testApi';

/** Relative times ("3 min ago") in the tree, message and status bar are re-rendered this often. */
const RELATIVE_TIME_TICK_MS = 20_000;

export async function activate(context: vscode.ExtensionContext): Promise<PolytomicApi> {
  const log = vscode.window.createOutputChannel('Polytomic', { log: true });
  context.subscriptions.push(log);
  const logger: Logger = log;

  const store = new CredentialStore(context.secrets);
  // Who answers the extension's questions: the dialogs; under tests, the suite's asker (see below).
  let asker: Asker = dialogAsker;
  const guard = new KeyOriginGuard({ workspaceState: context.workspaceState, logger, asker: () => asker, reapply: () => reapply() });
  const tree = new SyncTreeProvider();
  const treeView = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const statusBar = new StatusBar();
  let settings: Settings = readSettings(process.env, guard.allowedOrigin());
  const notifier = new Notifier(logger, () => settings.scope);
  const alerts = new AlertPresenter({
    logger,
    mode: () => settings.notifications,
    reveal: async (nodeId) => {
      // A node the filter hides cannot be revealed: show everything first.
      if (!tree.get(nodeId) && isFiltered(viewFilter.filter)) await clearFilter(viewFilter);
      const element = tree.get(nodeId);
      if (element) await treeView.reveal(element, { select: true, focus: true, expand: true });
    },
  });
  const stateChanged = new vscode.EventEmitter<ViewState>();
  const refresher = new Refresher({ logger, pauseWhenUnfocused: settings.pauseWhenUnfocused });
  const viewFilter = new ViewFilterState(context.workspaceState);
  context.subscriptions.push(store, tree, treeView, statusBar, stateChanged, { dispose: () => refresher.dispose() });

  context.subscriptions.push(viewFilter);
  const contextKeys = new ContextKeys();
  let endViewProgress: (() => void) | undefined;

  const render = (state: ViewState, diff?: SnapshotDiff): void => {
    try {
      const now = Date.now();
      const filter = viewFilter.filter;
      const models =
        // A rejected key is shown as signed out (the welcome view explains it), not as data.
        state.snapshot && state.auth === 'signedIn' ? buildTreeModel(state.snapshot, now, { filter, sort: settings.sort }) : [];
      const fired = tree.update(models);
      if (diff && fired !== 'none') {
        logger.trace(
          `view: +${diff.added.length} -${diff.removed.length} ~${diff.changedSyncs.length + diff.changedChildren.length}, refreshed ${fired === 'all' ? 'whole tree' : `${fired} node(s)`}`,
        );
      }
      const emptyByFilter =
        models.length === 0 && isFiltered(filter) && (state.snapshot?.syncs.length ?? 0) > 0
          ? `No bulk syncs match the filter (${describeFilter(filter)}).`
          : undefined;
      const held = guard.view(state.auth === 'signedIn');
      treeView.message = held.message ?? viewMessage(state, now, settings.refreshIntervalMs) ?? emptyByFilter ?? held.notice;
      treeView.description = viewDescription(filter, settings.sort);
      statusBar.render(held.statusBar ?? statusBarModel(state, now, settings.refreshIntervalMs));

      const syncCount = state.snapshot?.syncs.length ?? 0;
      // Same count as the status bar's "N failed": failed syncs and syncs with a failed schema.
      treeView.badge = state.snapshot && state.auth === 'signedIn' ? failureBadge(failingCount(state.snapshot)) : undefined;
      contextKeys.set('polytomic.filtered', isFiltered(filter));
      contextKeys.set('polytomic.signedIn', state.auth === 'signedIn');
      contextKeys.set('polytomic.unauthorized', state.auth === 'unauthorized');
      contextKeys.set('polytomic.loaded', state.snapshot !== undefined);
      contextKeys.set('polytomic.hasSyncs', syncCount > 0);

      if (state.loading && !endViewProgress) {
        const done = new Promise<void>((resolve) => (endViewProgress = resolve));
        void vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => done);
      } else if (!state.loading && endViewProgress) {
        endViewProgress();
        endViewProgress = undefined;
      }
    } catch (e) {
      logger.error(`Could not render the Polytomic view: ${errorText(e)}`);
    }
  };

  context.subscriptions.push(
    refresher.onDidChange((state, diff) => {
      render(state, diff);
      notifier.onState(state);
      alerts.onState(state, diff);
      stateChanged.fire(state);
    }),
    { dispose: () => endViewProgress?.() },
  );

  // Settings and credentials are applied together: the source is rebuilt only when something
  // it depends on changed, so a secrets event that follows our own Sign In does not refetch.
  let appliedSourceKey: string | undefined;
  // The client behind the current source: sync actions use it, so they share its settings and key.
  let currentClient: PolytomicClient | undefined;
  let appliedIntervalMs: number | undefined;
  let hasStoredKey: boolean | undefined;
  // Serialised: Sign In applies the new key itself and the secrets event it causes asks again;
  // the second call must see the first one's result (and wait for its refresh), not race it.
  let applying: Promise<void> = Promise.resolve();
  // 'signIn' rebuilds the source even when the key is the same one: signing in again after a
  // 401 (a key restored on the server) must fetch again and leave the unauthorized state.
  const applyConfiguration = (reason: 'startup' | 'config' | 'signIn'): Promise<void> => {
    const run = applying.then(() => applyConfigurationNow(reason));
    applying = run.catch(() => undefined);
    return run;
  };
  const applyConfigurationNow = async (reason: 'startup' | 'config' | 'signIn'): Promise<void> => {
    settings = readSettings(process.env, guard.allowedOrigin());
    let resolved = await store.get();
    if (resolved && resolved.verifiedBaseUrl === undefined) {
      // A key stored by an older version: bind it to the user's own base URL (never a workspace's).
      const userBaseUrl = readSettings(process.env, undefined).baseUrl;
      await store.save(resolved.credentials, userBaseUrl);
      resolved = { ...resolved, verifiedBaseUrl: userBaseUrl };
    }
    const keyBaseUrl = resolved?.verifiedBaseUrl;
    const mismatch = keyBaseUrl !== undefined ? originMismatch(keyBaseUrl, settings.baseUrl, settings.baseUrlSource === 'workspace') : undefined;
    guard.update(settings, mismatch, keyBaseUrl);
    const stored = resolved?.source === 'secretStorage';
    if (stored !== hasStoredKey) {
      hasStoredKey = stored;
      contextKeys.set('polytomic.hasStoredKey', stored);
    }
    const sourceKey = JSON.stringify([settings.baseUrl, settings.apiVersion, settings.scope, credentialsFingerprint(resolved?.credentials), keyBaseUrl]);
    const sourceChanged = sourceKey !== appliedSourceKey || reason === 'signIn';
    if (sourceChanged) {
      appliedSourceKey = sourceKey;
      logger.info(`Configuration (${reason}): ${describeSettings(settings)}; ${describeCredentials(resolved)}`);
      notifier.reset();
      if (resolved && !mismatch) {
        currentClient = new PolytomicClient({
          baseUrl: settings.baseUrl,
          apiVersion: settings.apiVersion,
          credentials: resolved.credentials,
          credentialsOrigin: keyBaseUrl,
          logger,
        });
        refresher.setSource(new SnapshotSource({ client: currentClient, scope: settings.scope, logger }));
      } else {
        currentClient = undefined;
        refresher.setSource(undefined);
      }
    }
    if (settings.refreshIntervalMs !== appliedIntervalMs) {
      appliedIntervalMs = settings.refreshIntervalMs;
      refresher.setInterval(settings.refreshIntervalMs);
    }
    refresher.setPauseWhenUnfocused(settings.pauseWhenUnfocused);
    if (!sourceChanged) render(refresher.state); // sort or interval (stale threshold) may have changed
    if (sourceChanged && currentClient && reason !== 'startup') await refresher.refresh('config');
  };
  const reapply = () => {
    applyConfiguration('config').catch((e) => logger.error(`Could not apply the Polytomic settings: ${errorText(e)}`));
  };
  context.subscriptions.push(
    store.onDidChange(reapply),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) reapply();
    }),
  );

  const signInDeps = {
    store,
    logger,
    asker: () => asker,
    settings: () => readSettings(process.env, guard.allowedOrigin()),
    onSignedIn: () => applyConfiguration('signIn'),
  };
  context.subscriptions.push(
    registerCommand('polytomic.refresh', logger, async () => {
      if (guard.blocked) return guard.askAgain();
      if (refresher.state.auth === 'signedOut') {
        const choice = await vscode.window.showInformationMessage('Polytomic: sign in to see your bulk syncs.', 'Sign In');
        if (choice) await vscode.commands.executeCommand('polytomic.signIn');
        return;
      }
      await refresher.refresh('manual');
    }),
    registerCommand('polytomic.signIn', logger, (arg?: unknown) => signIn(signInDeps, arg), false),
    registerCommand('polytomic.signOut', logger, () => signOut(signInDeps)),
    registerCommand('polytomic.showLog', logger, () => log.show()),
    registerCommand('polytomic.allowWorkspaceHost', logger, () => guard.allowWorkspaceHost()),
    registerCommand('polytomic.forgetWorkspaceHost', logger, () => guard.forgetWorkspaceHost()),
  );

  // Sync actions (start, cancel, activate, logs, history, open, copy id): see src/vscode/commands/.
  const actionDeps: ActionDeps = {
    logger,
    client: () => (refresher.state.auth === 'signedOut' ? undefined : currentClient),
    state: () => refresher.state,
    settings: () => settings,
    refresh: () => refresher.refresh('manual'),
    asker: () => asker,
    reveal: async (syncId) => {
      const element = tree.get(`sync:${syncId}`);
      if (element && treeView.visible) await treeView.reveal(element, { select: true, focus: false });
    },
  };
  const logDocuments = new LogDocuments(actionDeps);
  context.subscriptions.push(
    logDocuments,
    vscode.workspace.registerTextDocumentContentProvider(LOG_SCHEME, logDocuments),
    // Only the target is taken from the arguments: nothing a caller passes answers a question.
    registerCommand('polytomic.startRun', logger, (arg?: unknown) => startRun(actionDeps, arg)),
    registerCommand('polytomic.cancelRun', logger, (arg?: unknown) => cancelRun(actionDeps, arg)),
    registerCommand('polytomic.activate', logger, (arg?: unknown) => setActive(actionDeps, true, arg)),
    registerCommand('polytomic.deactivate', logger, (arg?: unknown) => setActive(actionDeps, false, arg)),
    registerCommand('polytomic.openLogs', logger, (arg?: unknown) => openLogs(actionDeps, logDocuments, arg)),
    registerCommand('polytomic.showHistory', logger, (arg?: unknown, options?: never) => showHistory(actionDeps, arg, options)),
    registerCommand('polytomic.openInPolytomic', logger, (arg?: unknown, options?: never) => openInPolytomic(actionDeps, arg, options)),
    registerCommand('polytomic.copySyncId', logger, (arg?: unknown) => copySyncId(actionDeps, arg)),
    registerCommand('polytomic.copyExecutionId', logger, (arg?: unknown) => copyExecutionId(actionDeps, arg)),
  );

  // Adaptive polling: no requests while nobody looks and nothing runs; fresh data when they look again.
  refresher.setFocused(vscode.window.state.focused);
  refresher.setViewVisible(treeView.visible);
  context.subscriptions.push(
    vscode.window.onDidChangeWindowState((e) => refresher.setFocused(e.focused)),
    treeView.onDidChangeVisibility((e) => refresher.setViewVisible(e.visible)),
    viewFilter.onDidChange(() => render(refresher.state)),
    registerCommand('polytomic.filter', logger, (arg?: unknown) => chooseFilter(viewFilter, arg)),
    registerCommand('polytomic.clearFilter', logger, () => clearFilter(viewFilter)),
    registerCommand('polytomic.sortBy', logger, async (arg?: unknown) => {
      const sort = await chooseSort(settings.sort, arg);
      // Apply at once rather than on the configuration event, so the caller sees the new order.
      settings = { ...settings, sort };
      render(refresher.state);
      return sort;
    }),
  );

  const tick = setInterval(() => render(refresher.state), RELATIVE_TIME_TICK_MS);
  context.subscriptions.push({ dispose: () => clearInterval(tick) });

  await applyConfiguration('startup');
  render(refresher.state);
  refresher.start();

  const api: PolytomicApi = {
    getState: () => refresher.state,
    onDidChangeState: (listener) => stateChanged.event(listener),
    getChildren: (element) => tree.getChildren(element),
    getTreeItem: (model) => tree.resolvedTreeItem(model),
    getStatusBarItem: () => statusBar.snapshot(),
    refreshNow: () => refresher.refresh('manual'),
    getShownAlerts: () => [...alerts.shown],
    getBadge: () => (treeView.badge ? { value: treeView.badge.value, tooltip: treeView.badge.tooltip } : undefined),
    getFilter: () => viewFilter.filter,
    getViewHeader: () => ({ description: treeView.description, message: treeView.message }),
  };
  if (context.extensionMode !== vscode.ExtensionMode.Test) return api;
  // Only when VS Code runs the extension's tests: the suite answers the questions itself.
  const testApi: PolytomicTestApi = { ...api, setAsker: (a) => (asker = a ?? dialogAsker) };
  return testApi;
}

export function deactivate(): void {
  // Everything is in context.subscriptions, which VS Code disposes.
}

function failureBadge(failing: number): vscode.ViewBadge | undefined {
  return failing > 0 ? { value: failing, tooltip: `${failing} bulk sync${failing === 1 ? '' : 's'} failing` } : undefined;
}

/** Caches context keys so a poll that changes nothing sends no setContext calls. */
class ContextKeys {
  private readonly values = new Map<string, boolean>();
  set(key: string, value: boolean): void {
    if (this.values.get(key) === value) return;
    this.values.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  }
}

/**
 * Every command goes through here: a failure becomes one friendly message and one log line,
 * never an unhandled rejection in the extension host.
 */
function registerCommand<T>(
  id: string,
  logger: Logger,
  handler: (...args: never[]) => T | Promise<T>,
  onError?: T,
): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: never[]) => {
    try {
      return await handler(...args);
    } catch (e) {
      logger.error(`${id} failed: ${errorText(e)}`);
      void vscode.window.showErrorMessage(`Polytomic: ${errorText(e)}`);
      return onError;
    }
  });
}

function errorText(e: unknown): string {
  if (isApiError(e)) return e.message;
  return e instanceof Error ? e.message : String(e);
}
