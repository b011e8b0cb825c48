import * as vscode from 'vscode';
import { COMMANDS } from './commandIds';
import { alertsFor, type Alert, type NotificationMode } from '../core/state/alerts';
import type { Logger, Snapshot, SnapshotDiff, ViewState } from '../core/api/contract';
import { noThemeIcons } from '../core/view/themeIcons';
import { SECTION } from './settings';

const SHOW = 'Show';
const OPEN_LOGS = 'Open Logs';
const DONT_SHOW_AGAIN = "Don't Show Again";

export interface RunNotificationsDeps {
  logger: Logger;
  /** polytomic.notifications, read when an alert is due */
  mode(): NotificationMode;
  /** told the text of each notification as it is shown (the API's getShownAlerts) */
  onShown(text: string): void;
  /** select (and show) a tree node by id; clears a filter that hides it */
  reveal(nodeId: string): Promise<void>;
}

/**
 * Run notifications, the ones polytomic.notifications governs: one notification per refresh that brought failures (or, in mode 'all', finished
 * runs), computed by the core's alertsFor(). Buttons: Show (reveals the node in the tree), Open
 * Logs (when the sync actions are installed and a failed schema has an execution), Don't Show
 * Again (after a confirmation, sets polytomic.notifications to "off" in the user settings; the
 * badge and the status bar keep showing failures).
 */
export class RunNotifications {
  private previous?: Snapshot;

  constructor(private readonly deps: RunNotificationsDeps) {}

  onState(state: ViewState, diff: SnapshotDiff | undefined): void {
    if (!state.snapshot) {
      // Signed out, or a new key/host/scope: what comes next is a first load again.
      this.previous = undefined;
      return;
    }
    if (!diff) return;
    const previous = this.previous;
    this.previous = state.snapshot;
    const alert = alertsFor(diff, previous, state.snapshot, this.deps.mode());
    if (alert) void this.show(alert);
  }

  private async show(alert: Alert): Promise<void> {
    this.deps.logger.info(`Alert: ${alert.title}`);
    this.deps.onShown(noThemeIcons(alert.message));
    const buttons = [SHOW];
    if (alert.logsTarget && (await commandExists(COMMANDS.openLogs))) buttons.push(OPEN_LOGS);
    buttons.push(DONT_SHOW_AGAIN);
    let choice: string | undefined;
    const message = noThemeIcons(alert.message);
    try {
      if (alert.severity === 'error') choice = await vscode.window.showErrorMessage(message, ...buttons);
      else if (alert.severity === 'warning') choice = await vscode.window.showWarningMessage(message, ...buttons);
      else choice = await vscode.window.showInformationMessage(message, ...buttons);
    } catch {
      return;
    }
    try {
      if (choice === SHOW) await this.deps.reveal(alert.revealNodeId);
      else if (choice === OPEN_LOGS && alert.logsTarget) {
        const { syncId, executionId, schema } = alert.logsTarget;
        await vscode.commands.executeCommand(COMMANDS.openLogs, { syncId, executionId, schema });
      } else if (choice === DONT_SHOW_AGAIN) await turnOffNotifications(this.deps.logger);
    } catch (e) {
      this.deps.logger.error(`Alert action "${choice}" failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

async function commandExists(id: string): Promise<boolean> {
  try {
    return (await vscode.commands.getCommands(true)).includes(id);
  } catch {
    return false;
  }
}

/** Asks first: losing failure alerts by a stray click would be worse than one more dialog. */
async function turnOffNotifications(logger: Logger): Promise<void> {
  const turnOff = 'Turn Off';
  const choice = await vscode.window.showWarningMessage(
    'Stop Polytomic run notifications?',
    {
      modal: true,
      detail:
        'Sets polytomic.notifications to "off" in your user settings. Failures still show in the view badge and the status bar; set it back to "failures" to be notified again.',
    },
    turnOff,
  );
  if (choice !== turnOff) return;
  const config = vscode.workspace.getConfiguration(SECTION);
  await config.update('notifications', 'off', vscode.ConfigurationTarget.Global);
  // A workspace value would still win over the user setting: turn that one off too.
  if (config.inspect('notifications')?.workspaceValue !== undefined) {
    await config.update('notifications', 'off', vscode.ConfigurationTarget.Workspace);
  }
  logger.info('Run notifications turned off (polytomic.notifications = off)');
}
