/**
 * What every sync action needs from the extension, and the small pieces they share: resolving a
 * command's target, the sync picker for the palette, modal confirmations, reporting failures.
 *
 * Every action command takes the target as its first argument, either the TreeNodeModel VS Code
 * passes from the tree or `{ syncId, executionId?, schema? }`, and resolves an ActionResult
 * describing what happened. No argument answers a prompt: questions go through `deps.asker()`,
 * which the in-host suite replaces through the test API (see ../asker.ts).
 */
import * as vscode from 'vscode';
import { describeActionError, type ActionKind } from '../../core/actions';
import type { PolytomicClient } from '../../core/client';
import type { Logger, SyncSnapshot, TreeNodeModel, ViewState } from '../../core/contract';
import { isApiError } from '../../core/errors';
import { noThemeIcons } from '../../core/themeIcons';
import type { Asker } from '../asker';
import type { Settings } from '../settings';
import { stripDirectionControls } from '../../core/bidi';

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

export interface ActionTarget {
  syncId: string;
  /** display name (the id when unknown) */
  name: string;
  schema?: string;
  executionId?: string;
  /** the sync as the tree last showed it, when it is in scope */
  sync?: SyncSnapshot;
  /** from the tree (context menu / inline) rather than the palette or a test */
  fromTree: boolean;
}

function isNode(value: unknown): value is TreeNodeModel {
  return typeof value === 'object' && value !== null && 'kind' in value && 'contextValue' in value && 'syncId' in value;
}

/**
 * The command's first argument → a target, or undefined when it is none (the palette passes
 * nothing). A schema node's execution is the one the status endpoint last reported for it.
 */
export function resolveTarget(deps: ActionDeps, arg: unknown): ActionTarget | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const record = arg as Record<string, unknown>;
  if (typeof record.syncId !== 'string' || record.syncId.trim() === '') return undefined;
  const syncId = record.syncId;
  const sync = deps.state().snapshot?.syncs.find((s) => s.id === syncId);
  const schema = typeof record.schema === 'string' ? record.schema : undefined;
  let executionId = typeof record.executionId === 'string' && record.executionId ? record.executionId : undefined;
  if (!executionId && schema && sync) executionId = sync.schemas.find((s) => s.schema === schema)?.executionId;
  // The name is shown in notifications: server text draws no theme icons there, and no direction
  // controls (the snapshot's name has none already; a bare id may).
  const target: ActionTarget = { syncId, name: noThemeIcons(sync?.name ?? stripDirectionControls(syncId)), sync, fromTree: isNode(arg) };
  if (schema) target.schema = schema;
  if (executionId) target.executionId = executionId;
  return target;
}

/** The palette's way to choose a sync: the syncs the view shows, optionally filtered. */
export async function pickSync(deps: ActionDeps, placeHolder: string, filter: (sync: SyncSnapshot) => boolean = () => true): Promise<ActionTarget | undefined> {
  // An entry the server sent without a sync id cannot be acted on.
  const syncs = (deps.state().snapshot?.syncs ?? []).filter((sync) => !sync.noId && filter(sync));
  if (syncs.length === 0) {
    void vscode.window.showInformationMessage(
      deps.state().snapshot ? 'Polytomic: no bulk sync in the view fits this action.' : 'Polytomic: the bulk syncs are not loaded yet. Sign in or refresh first.',
    );
    return undefined;
  }
  const items = syncs
    .slice()
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((sync) => ({ label: noThemeIcons(sync.name), description: noThemeIcons(sync.info.label), detail: noThemeIcons(stripDirectionControls(sync.id)), sync }));
  const chosen = await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true, matchOnDetail: true });
  return chosen ? { syncId: chosen.sync.id, name: noThemeIcons(chosen.sync.name), sync: chosen.sync, fromTree: false } : undefined;
}

/** The target from the argument, or from the palette's picker. */
export async function targetOrPick(deps: ActionDeps, arg: unknown, placeHolder: string, filter?: (sync: SyncSnapshot) => boolean): Promise<ActionTarget | undefined> {
  return resolveTarget(deps, arg) ?? (await pickSync(deps, placeHolder, filter));
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
      if (choice) void vscode.commands.executeCommand('polytomic.signIn');
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
