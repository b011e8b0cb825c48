/**
 * Every command the extension registers (and the log documents Open Logs shows), by id
 * (../commandIds.ts), each calling its own module. An action's first argument is checked by
 * ./targetArg.ts before the action runs; only the target is taken from it: nothing a caller passes
 * answers a question.
 */
import * as vscode from 'vscode';
import type { Logger } from '../../core/api/contract';
import type { Refresher } from '../../core/state/refresher';
import { COMMANDS, type CommandId } from '../commandIds';
import type { Configuration } from '../configuration';
import type { KeyOriginGuard } from '../keyOriginGuard';
import { signIn, signOut, type SignInDeps } from '../signIn';
import type { DetailsPanels } from '../details/detailsPanels';
import type { ViewFilterState } from '../viewFilterState';
import { cancelRun } from './cancelRun';
import { clearFilter } from './clearFilter';
import type { ActionDeps } from './context';
import { copyExecutionId } from './copyExecutionId';
import { copySyncId } from './copySyncId';
import { chooseFilter } from './filter';
import { openInPolytomic, openInPolytomicOptions } from './openInPolytomic';
import { LOG_SCHEME, LogDocuments, openLogs } from './openLogs';
import { refresh } from './refresh';
import { registerCommand } from './register';
import { setActive } from './setActive';
import { showHistory, showHistoryOptions } from './showHistory';
import { showSyncDetails } from './showSyncDetails';
import { chooseSort } from './sortBy';
import { startRun } from './startRun';
import { parseTarget, type TargetRef } from './targetArg';

export interface CommandDeps {
  logger: Logger;
  /** the Polytomic output channel (Show Log) */
  showLog(): void;
  refresher: Refresher;
  configuration: Configuration;
  guard: KeyOriginGuard;
  signIn: SignInDeps;
  actions: ActionDeps;
  viewFilter: ViewFilterState;
  /** re-renders the current state (after a sort change) */
  render(): void;
  /** the sync details panels (Show Sync Details) */
  details: DetailsPanels;
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { logger, actions } = deps;
  const logDocuments = new LogDocuments(actions);
  // An action: its target checked (refused with a message when it is not one), its options given to it.
  const action = <T>(id: CommandId, run: (ref: TargetRef | undefined, options: unknown) => Promise<T>) =>
    registerCommand(id, logger, (arg?: unknown, options?: unknown) => run(parseTarget(id, arg), options));
  return [
    logDocuments,
    vscode.workspace.registerTextDocumentContentProvider(LOG_SCHEME, logDocuments),
    registerCommand(COMMANDS.refresh, logger, () => refresh(deps.refresher, deps.guard)),
    registerCommand(COMMANDS.signIn, logger, (arg?: unknown) => signIn(deps.signIn, arg), false),
    registerCommand(COMMANDS.signOut, logger, () => signOut(deps.signIn)),
    registerCommand(COMMANDS.showLog, logger, () => deps.showLog()),
    registerCommand(COMMANDS.allowWorkspaceHost, logger, () => deps.guard.allowWorkspaceHost()),
    registerCommand(COMMANDS.forgetWorkspaceHost, logger, () => deps.guard.forgetWorkspaceHost()),
    registerCommand(COMMANDS.filter, logger, (arg?: unknown) => chooseFilter(deps.viewFilter, arg)),
    registerCommand(COMMANDS.clearFilter, logger, () => clearFilter(deps.viewFilter)),
    registerCommand(COMMANDS.sortBy, logger, async (arg?: unknown) => {
      const sort = await chooseSort(deps.configuration.settings.sort, arg);
      // Apply at once rather than on the configuration event, so the caller sees the new order.
      deps.configuration.setSort(sort);
      deps.render();
      return sort;
    }),
    action(COMMANDS.startRun, (ref) => startRun(actions, ref)),
    action(COMMANDS.cancelRun, (ref) => cancelRun(actions, ref)),
    action(COMMANDS.activate, (ref) => setActive(actions, true, ref)),
    action(COMMANDS.deactivate, (ref) => setActive(actions, false, ref)),
    action(COMMANDS.openLogs, (ref) => openLogs(actions, logDocuments, ref)),
    action(COMMANDS.showHistory, (ref, options) => showHistory(actions, ref, showHistoryOptions(options))),
    action(COMMANDS.openInPolytomic, (ref, options) => openInPolytomic(actions, ref, openInPolytomicOptions(options))),
    action(COMMANDS.copySyncId, (ref) => copySyncId(actions, ref)),
    action(COMMANDS.copyExecutionId, (ref) => copyExecutionId(actions, ref)),
    action(COMMANDS.showSyncDetails, (ref) => showSyncDetails(actions, deps.details, ref)),
  ];
}
