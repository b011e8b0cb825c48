/**
 * What an action command acts on: the checked argument (./targetArg.ts) resolved against the
 * view's state, or the sync the user picks when the palette gave none.
 */
import * as vscode from 'vscode';
import type { SyncSnapshot } from '../../core/api/contract';
import { noThemeIcons } from '../../core/view/themeIcons';
import { stripDirectionControls } from '../../core/view/bidi';
import type { ActionDeps } from './context';
import type { TargetRef } from './targetArg';

export type { TargetRef } from './targetArg';

/** A target resolved against what the view shows. */
export interface ActionTarget extends TargetRef {
  /** display name (the id when unknown) */
  name: string;
  /** the sync as the tree last showed it, when it is in scope */
  sync?: SyncSnapshot;
}

/** A TargetRef against the view's state: its name, the sync, and a schema node's last execution. */
export function resolveTarget(deps: ActionDeps, ref: TargetRef | undefined): ActionTarget | undefined {
  if (!ref) return undefined;
  const sync = deps.state().snapshot?.syncs.find((s) => s.id === ref.syncId);
  const executionId = ref.executionId ?? (ref.schema && sync ? sync.schemas.find((s) => s.schema === ref.schema)?.executionId : undefined);
  // The name is shown in notifications: server text draws no theme icons there, and no direction
  // controls (the snapshot's name has none already; a bare id may).
  const target: ActionTarget = { syncId: ref.syncId, name: noThemeIcons(sync?.name ?? stripDirectionControls(ref.syncId)), sync, fromTree: ref.fromTree };
  if (ref.schema) target.schema = ref.schema;
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
export async function targetOrPick(deps: ActionDeps, ref: TargetRef | undefined, placeHolder: string, filter?: (sync: SyncSnapshot) => boolean): Promise<ActionTarget | undefined> {
  return resolveTarget(deps, ref) ?? (await pickSync(deps, placeHolder, filter));
}
