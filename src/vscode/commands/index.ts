/**
 * Every command the extension registers (and the log documents Open Logs shows), by id (../commandIds.ts), each calling its own module.
 * Only the target is taken from an action's arguments: nothing a caller passes answers a question.
 */
import * as vscode from 'vscode';
import type { Logger } from '../../core/contract';
import type { Refresher } from '../../core/refresher';
import { COMMANDS } from '../commandIds';
import type { Configuration } from '../configuration';
import type { KeyOriginGuard } from '../keyOriginGuard';
import { signIn, signOut, type SignInDeps } from '../signIn';
import { cancelRun } from './cancelRun';
import type { ActionDeps } from './context';
import { copyExecutionId, copySyncId } from './copyId';
import { openInPolytomic } from './openInPolytomic';
import { LOG_SCHEME, LogDocuments, openLogs } from './openLogs';
import { registerCommand } from './register';
import { setActive } from './setActive';
import { showHistory } from './showHistory';
import { startRun } from './startRun';
import { chooseFilter, chooseSort, clearFilter, type ViewFilterState } from './viewFilter';

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
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { logger, actions } = deps;
  const logDocuments = new LogDocuments(actions);
  return [
    logDocuments,
    vscode.workspace.registerTextDocumentContentProvider(LOG_SCHEME, logDocuments),
    registerCommand(COMMANDS.refresh, logger, () => refresh(deps)),
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
    registerCommand(COMMANDS.startRun, logger, (arg?: unknown) => startRun(actions, arg)),
    registerCommand(COMMANDS.cancelRun, logger, (arg?: unknown) => cancelRun(actions, arg)),
    registerCommand(COMMANDS.activate, logger, (arg?: unknown) => setActive(actions, true, arg)),
    registerCommand(COMMANDS.deactivate, logger, (arg?: unknown) => setActive(actions, false, arg)),
    registerCommand(COMMANDS.openLogs, logger, (arg?: unknown) => openLogs(actions, logDocuments, arg)),
    registerCommand(COMMANDS.showHistory, logger, (arg?: unknown, options?: unknown) => showHistory(actions, arg, options as never)),
    registerCommand(COMMANDS.openInPolytomic, logger, (arg?: unknown, options?: unknown) => openInPolytomic(actions, arg, options as never)),
    registerCommand(COMMANDS.copySyncId, logger, (arg?: unknown) => copySyncId(actions, arg)),
    registerCommand(COMMANDS.copyExecutionId, logger, (arg?: unknown) => copyExecutionId(actions, arg)),
  ];
}

/** Polytomic: Refresh. Signed out, it offers Sign In instead; a held key asks about the host again. */
async function refresh(deps: CommandDeps): Promise<void> {
  if (deps.guard.blocked) return deps.guard.askAgain();
  if (deps.refresher.state.auth === 'signedOut') {
    const choice = await vscode.window.showInformationMessage('Polytomic: sign in to see your bulk syncs.', 'Sign In');
    if (choice) await vscode.commands.executeCommand(COMMANDS.signIn);
    return;
  }
  await deps.refresher.refresh('manual');
}
