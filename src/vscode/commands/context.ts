/**
 * What every sync action needs from the extension, and the small pieces they share: modal
 * confirmations, the signed-out answer, reporting failures, the refresh after an action.
 *
 * Every action command takes its target as its first argument (checked by ./targetArg.ts) and
 * resolves an ActionResult describing what happened. No argument answers a prompt: questions go
 * through `deps.asker()`, which the in-host suite replaces through the test API (see ../asker.ts).
 */
import * as vscode from 'vscode';
import { describeActionError, type ActionKind } from '../../core/actions/actions';
import type { PolytomicClient } from '../../core/api/client';
import type { Logger, ViewState } from '../../core/api/contract';
import { isApiError } from '../../core/api/errors';
import { noThemeIcons } from '../../core/view/themeIcons';
import type { Asker } from '../asker';
import { COMMANDS } from '../commandIds';
import type { Settings } from '../settings';
import type { ActionTarget } from './target';

export interface ActionDeps {
  logger: Logger;
  /**
   * The client for the current settings and credentials (the same one the refresher uses);
   * undefined while signed out. Actions never build their own auth.
   */
  client(): PolytomicClient | undefined;
  state(): ViewState;
  settings(): Settings;
  /** a refresh now; resolves when the views show its result */
  refresh(): Promise<void>;
  /** select (and show) a sync's node in the tree */
  reveal(syncId: string): Promise<void>;
  /** who answers questions: the dialogs, or the in-host suite's asker */
  asker(): Asker;
}

export interface ActionResult {
  ok: boolean;
  /** the user declined a confirmation or dismissed a prompt: nothing was sent */
  declined?: boolean;
  /** what the user was told (on failure: the error message shown) */
  message?: string;
  executionId?: string;
}

/** A modal confirmation (named by `id` for the in-host suite's asker); true when confirmed. */
export function confirm(deps: ActionDeps, id: string, message: string, button: string): Promise<boolean> {
  return deps.asker().confirm(id, noThemeIcons(message), button);
}

/** The client, or a plain message (and undefined) when signed out. */
export function clientOrExplain(deps: ActionDeps): PolytomicClient | undefined {
  const client = deps.client();
  if (!client) {
    void vscode.window.showInformationMessage('Polytomic: sign in first.', 'Sign In').then((choice) => {
      if (choice) void vscode.commands.executeCommand(COMMANDS.signIn);
    });
  }
  return client;
}

/**
 * One failure → one plain sentence for the user and the raw error in the log. Never throws.
 * `buttons` are offered on the message; `onButton` runs with the one chosen (not awaited, so a
 * test's command result does not wait for a click).
 */
export function reportFailure(
  deps: ActionDeps,
  action: ActionKind,
  err: unknown,
  target: Pick<ActionTarget, 'name' | 'syncId'>,
  buttons: string[] = [],
  onButton?: (button: string) => void,
): ActionResult {
  const message = describeActionError(action, err, target.name);
  const raw = isApiError(err) ? `${err.kind}: ${err.message}` : err instanceof Error ? err.message : String(err);
  deps.logger.warn(`${action} ${target.syncId} failed: ${raw}`);
  void vscode.window.showErrorMessage(noThemeIcons(`Polytomic: ${message}`), ...buttons).then((choice) => {
    if (choice && onButton) onButton(choice);
  });
  return { ok: false, message };
}

/** A refresh after an action: the tree shows the change at once. Failures are the refresher's to show. */
export async function refreshAfter(deps: ActionDeps, syncId: string): Promise<void> {
  await deps.refresh();
  await deps.reveal(syncId).catch(() => undefined);
}
